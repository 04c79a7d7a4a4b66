"""Benchmark: rendering a full Utrecht demo edition, and our render against WeasyPrint alone.

Setup (not timed): a fresh SQLite store with the CBS figures and the demo logbook, and the demo
round run as plain functions up to its edition. Then, REPEATS times each:

- the whole render: the cycle's `apply` as `makelaar handreiking render` runs it (the edition's
  figures, charts and pages, the HTML for print and screen, WeasyPrint in its child process, the
  files written, the row stored, the disclosure report), with the edition's HTML removed first
  so that it renders in full (an unchanged edition is not rendered again);
- WeasyPrint alone on the final print HTML that render made (captured from it), in this process,
  through the same fetcher and PDF variant (`handreiking.render.write_pdf`).

It prints the medians, the PDF's pages, the ratio whole / WeasyPrint, and each against its target
(< 4 s for a full edition, ratio <= 1.3); the exit code is 1 when a target is missed.
`--profile` also prints where the time goes (cProfile): our side of the render in this process,
and WeasyPrint's on the final HTML.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pypdf import PdfReader

import makelaar.handreiking.render as render_module
from makelaar.cycles.demo import generate_demo
from makelaar.cycles.demo.enquetes import answer_as_demo
from makelaar.cycles.registry import load_cycles
from makelaar.cycles.rounds import run_round, start_round, stored_result
from makelaar.cycles.spec import RoundContext
from makelaar.handreiking.document import build_html
from makelaar.intake.cbs import cbs_file, import_kerncijfers
from makelaar.models.domain import Fase
from makelaar.models.schemas import ApplyResult, EditionInput, ImproveResult
from makelaar.models.settings import Settings
from makelaar.models.store import Store

REPEATS = 3
GEMEENTE, CYCLUS, PERIODE = "GM0344", "buurtmeter", "2026"
RENDER_TARGET_S = 4.0
RATIO_TARGET = 1.3
PROFILE_LINES = 25


class PrintHtml:
    """Keeps the print HTML that render_edition builds (the one WeasyPrint renders)."""

    def __init__(self) -> None:
        self.html = ""

    def __call__(self, data: EditionInput, *, standalone: bool) -> str:
        html = build_html(data, standalone=standalone)
        if not standalone:
            self.html = html
        return html


def demo_round(root: Path) -> tuple[Store, RoundContext, ImproveResult]:
    """A fresh store with the demo round run to its edition; the context to render it again."""
    settings = Settings(data_dir=root / "data", output_dir=root / "out")
    store = Store.from_settings(settings)
    store.upgrade()
    import_kerncijfers(store, cbs_file())
    generate_demo(store, gemeente_code=GEMEENTE)
    cycle = load_cycles().get(CYCLUS)
    ronde = start_round(store, gemeente_code=GEMEENTE, cyclus=CYCLUS, periode=PERIODE)
    ctx = RoundContext(ronde=ronde, store=store, settings=settings)
    run_round(ctx, cycle, leerbijeenkomst="demo", survey_filler=answer_as_demo)
    improved = stored_result(store, ronde.id, Fase.IMPROVE)
    assert isinstance(improved, ImproveResult), "the demo round decides its proposals at once"
    return store, ctx, improved


def forget_the_rendered_edition(ctx: RoundContext) -> None:
    """Remove the edition's HTML, so that `apply` renders it in full again.

    An edition whose files are in place and unchanged is not rendered again (it would time
    nothing); one whose HTML is missing is, as after a damaged edition.
    """
    folder = ctx.settings.output_dir
    for html in folder.rglob("handreiking-editie-*.html"):
        html.unlink()


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def profile(run: Callable[[], object], title: str) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats("cumulative")
    stats.print_stats(PROFILE_LINES)
    print(f"\n--- cProfile: {title} (cumulative, top {PROFILE_LINES}) ---")
    print("\n".join(line for line in stream.getvalue().splitlines() if line.strip()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args(argv)
    cycle = load_cycles().get(CYCLUS)
    capture = PrintHtml()
    vars(render_module)["build_html"] = capture  # the renderer's own call, its HTML recorded
    with tempfile.TemporaryDirectory(prefix="makelaar-bench-render-") as folder:
        root = Path(folder)
        print(
            "Setup: CBS figures, demo logbook and the demo round up to its edition ...", flush=True
        )
        setup = time.perf_counter()
        store, ctx, improved = demo_round(root)
        print(f"Setup done in {time.perf_counter() - setup:.1f} s", flush=True)
        try:
            result: list[ApplyResult] = []

            def whole() -> None:
                applied = cycle.apply(ctx, improved)
                assert isinstance(applied, ApplyResult) and applied.pdf is not None
                result.append(applied)

            alone_pdf = root / "weasyprint-alone.pdf"
            whole_s, alone_s = [], []
            for repeat in range(args.repeats):
                forget_the_rendered_edition(ctx)
                whole_s.append(timed(whole))
                html = capture.html
                alone_s.append(timed(partial(render_module.write_pdf, html, alone_pdf)))
                print(
                    f"  run {repeat + 1}/{args.repeats}: whole render {whole_s[-1]:.2f} s, "
                    f"WeasyPrint alone {alone_s[-1]:.2f} s",
                    flush=True,
                )
            pdf = result[-1].pdf
            assert pdf is not None
            pages = len(PdfReader(pdf).pages)
            charts = capture.html.count("<figure")  # a chart each (an image of its SVG)
            whole_median, alone_median = statistics.median(whole_s), statistics.median(alone_s)
            ratio = whole_median / alone_median
            render_ok, ratio_ok = whole_median < RENDER_TARGET_S, ratio <= RATIO_TARGET
            print()
            print(f"makelaar bench — rendering the Utrecht demo edition ({CYCLUS}, {PERIODE})")
            print(f"edition: {pages} pages, {charts} charts, {len(capture.html):,} bytes of HTML")
            print(f"{'measurement':<44} {'median':>8}   target")
            print("-" * 72)
            print(
                f"{'whole render (apply: data, charts, HTML, PDF)':<44} {whole_median:7.2f}s   "
                f"< {RENDER_TARGET_S:.0f} s  {'ok' if render_ok else 'MISSED'}"
            )
            print(f"{'WeasyPrint alone on the final HTML':<44} {alone_median:7.2f}s")
            print(
                f"{'ratio whole / WeasyPrint alone':<44} {ratio:7.2f}x   "
                f"<= {RATIO_TARGET}  {'ok' if ratio_ok else 'MISSED'}"
            )
            if args.profile:
                vars(render_module)["build_html"] = build_html
                forget_the_rendered_edition(ctx)
                profile(whole, "whole render in this process (WeasyPrint runs in a child)")
                html = capture.html or ""
                profile(partial(render_module.write_pdf, html, alone_pdf), "WeasyPrint alone")
        finally:
            store.dispose()
    return 0 if render_ok and ratio_ok else 1


if __name__ == "__main__":
    sys.exit(main())
