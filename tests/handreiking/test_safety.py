"""RELIABILITY.md §5: hostile text stays text, nothing is read from outside static/, and a failed or
timed-out render leaves the previous edition as it was."""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from pathlib import Path
from typing import BinaryIO, NoReturn

import pikepdf
import pytest
import weasyprint

import makelaar.handreiking.render as render_module
from makelaar.handreiking.fetcher import STATIC_DIR
from makelaar.handreiking.render import edition_paths, render_edition
from makelaar.models.errors import RenderError
from makelaar.models.schemas import Chart, EditionInput
from tests.handreiking.factories import PAYLOAD, edition_input
from tests.handreiking.helpers import IoRecorder, page_texts

PACKAGE_DIR = STATIC_DIR.parent
PREVIOUS_PDF = b"%PDF-1.7\n% editie 3 zoals die vorige week is vastgesteld\n"
PREVIOUS_HTML = "<!DOCTYPE html><title>editie 3, vorige week</title>\n"


def _hostile(text: str) -> str:
    return f"{text} {PAYLOAD}"


@pytest.fixture(scope="module")
def data() -> EditionInput:
    return edition_input()


@pytest.fixture(scope="module")
def hostile_data() -> EditionInput:
    return edition_input(text=_hostile)


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """An output folder that already holds edition 3."""
    pdf, html = edition_paths(tmp_path, 3)
    pdf.write_bytes(PREVIOUS_PDF)
    html.write_text(PREVIOUS_HTML, encoding="utf-8")
    return tmp_path


def _assert_previous_intact(out_dir: Path) -> None:
    pdf, html = edition_paths(out_dir, 3)
    assert pdf.read_bytes() == PREVIOUS_PDF
    assert html.read_text(encoding="utf-8") == PREVIOUS_HTML
    assert sorted(p.name for p in out_dir.iterdir()) == [html.name, pdf.name]  # no temp files


def test_hostile_text_in_every_field_stays_text_and_reads_nothing_outside_static(
    hostile_data: EditionInput,
    tmp_path: Path,
    io_recorder: IoRecorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = hostile_data
    out_dir = tmp_path / "uit"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        result = render_edition(data, out_dir)
    assert [r for r in caplog.records if r.name.startswith("weasyprint")] == []
    assert result.refused == ()
    assert result.assets == ((STATIC_DIR / "print.css").resolve(),)

    text = "\n".join(page_texts(result.pdf))
    assert text.count("<b>x</b>") > 100
    assert text.count("{{7*7}}") > 100
    assert '<img src="file:///etc/passwd">' in text
    assert "@import url(http://169.254.169.254/);" in text
    assert "root:x:0:0" not in text

    with pikepdf.open(result.pdf) as pdf:
        assert len(pdf.attachments) == 0
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                assert annotation.Subtype == "/Link"
                assert "etc/passwd" not in repr(annotation.get("/A", ""))

    html = result.html.read_text(encoding="utf-8")
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<img" not in html
    assert "<link" not in html
    assert "{{7*7}}" in html

    events = io_recorder.events()
    child = [event for event in events if event.pid != os.getpid()]
    assert not [event for event in events if event.kind == "connect"]
    child_reads = {Path(e.target) for e in child if e.kind == "open" and "r" in e.mode}
    assert (STATIC_DIR / "print.css").resolve() in child_reads  # the recorder sees the child
    # multiprocessing reopens the child's stdin on /dev/null; nothing else may be read
    assert child_reads - {Path(os.devnull)} == {(STATIC_DIR / "print.css").resolve()}
    child_writes = {Path(e.target) for e in child if e.kind == "open" and "r" not in e.mode}
    assert all(
        p.parent == out_dir and p.name.startswith(".handreiking-editie-3.pdf.")
        for p in child_writes
    )
    parent_reads = {Path(e.target) for e in events if e.pid == os.getpid() and "r" in e.mode}
    assert all(p.resolve().is_relative_to(PACKAGE_DIR) or p.parent == out_dir for p in parent_reads)


def test_a_chart_that_reaches_out_is_refused_before_anything_is_written(
    data: EditionInput, tmp_path: Path
) -> None:
    wijk = data.wijken[2]
    bad = Chart(
        svg=(
            '<svg xmlns="http://www.w3.org/2000/svg"><title>Grafiek</title>'
            '<image href="file:///etc/passwd" width="10" height="10"/></svg>'
        ),
        alt="Grafiek",
        bijschrift="Bijschrift",
    )
    wijken = [*data.wijken[:2], wijk.model_copy(update={"grafiek": bad}), *data.wijken[3:]]
    with pytest.raises(RenderError, match=r"wijk WK034403 \(Overvecht\).*<image>") as error:
        render_edition(data.model_copy(update={"wijken": wijken}), tmp_path / "uit")
    assert "bar_chart" in str(error.value)
    assert not (tmp_path / "uit").exists()


def test_a_render_that_fails_midway_leaves_the_previous_edition(
    data: EditionInput, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_written(self: weasyprint.HTML, target: BinaryIO, **options: object) -> NoReturn:
        target.write(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", half_written)
    with pytest.raises(RenderError) as error:
        render_edition(data, previous)
    message = str(error.value)
    assert "De PDF van editie 3 kon niet worden gemaakt" in message
    assert "RuntimeError: schijf vol" in message
    assert "de vorige editie blijft staan" in message
    _assert_previous_intact(previous)


def test_a_render_that_crashes_the_process_leaves_the_previous_edition(
    data: EditionInput, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(html: str, target: Path) -> NoReturn:
        target.write_bytes(b"%PDF-1.7 half")
        os._exit(3)

    monkeypatch.setattr(render_module, "write_pdf", crash)
    with pytest.raises(RenderError, match=r"stopte onverwacht \(exitcode 3\)"):
        render_edition(data, previous)
    _assert_previous_intact(previous)


def test_a_render_past_its_time_limit_is_stopped(
    data: EditionInput, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def endless(html: str, target: Path) -> NoReturn:
        target.write_bytes(b"%PDF-1.7 begonnen")
        time.sleep(600)
        raise AssertionError("the render process should have been killed")

    monkeypatch.setattr(render_module, "write_pdf", endless)
    started = time.monotonic()
    with pytest.raises(RenderError, match=r"langer dan 0\.5 s en is gestopt") as error:
        render_edition(data, previous, timeout_s=0.5)
    assert time.monotonic() - started < 10
    assert "MAKELAAR_RENDER_TIMEOUT_S" in str(error.value)
    assert multiprocessing.active_children() == []
    _assert_previous_intact(previous)


def test_a_real_render_with_a_tiny_time_limit_is_stopped(
    data: EditionInput, previous: Path
) -> None:
    with pytest.raises(RenderError, match="is gestopt"):
        render_edition(data, previous, timeout_s=0.05)
    assert multiprocessing.active_children() == []
    _assert_previous_intact(previous)


def test_the_time_limit_must_be_positive(data: EditionInput, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="positief"):
        render_edition(data, tmp_path, timeout_s=0)


def test_markup_that_slips_past_the_templates_still_reads_nothing(
    data: EditionInput,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    io_recorder: IoRecorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Defence in depth: even raw markup in the document only reaches the static-only fetcher."""
    smuggled = (
        '<!DOCTYPE html><html lang="nl"><head><title>t</title>'
        '<link rel="stylesheet" href="print.css">'
        '<link rel="attachment" href="file:///etc/passwd">'
        "<style>@import url(http://169.254.169.254/latest/);</style></head>"
        '<body><img src="file:///etc/passwd" alt="wachtwoorden">'
        '<img src="../render.py" alt="broncode"><p>tekst</p></body></html>'
    )
    monkeypatch.setattr(render_module, "build_html", lambda data, standalone: smuggled)
    with caplog.at_level(logging.WARNING):
        result = render_edition(data, tmp_path)
    assert set(result.refused) == {
        "file:///etc/passwd",
        "http://169.254.169.254/latest/",
        (PACKAGE_DIR / "render.py").as_uri(),  # WeasyPrint resolves the ../ before asking
    }
    refusals = [r for r in caplog.records if r.name == "makelaar.handreiking"]
    assert len(refusals) == len(result.refused) == 4  # the attachment and the image both ask
    assert all("geweigerd" in r.getMessage() for r in refusals)
    failures = [r for r in caplog.records if r.name == "weasyprint"]  # replayed from the child
    assert {r.levelname for r in failures} == {"ERROR"}
    assert len(failures) == 4
    with pikepdf.open(result.pdf) as pdf:
        assert len(pdf.attachments) == 0
    events = io_recorder.events()
    assert not [e for e in events if e.kind == "connect"]
    assert not [e for e in events if "passwd" in e.target or e.target.endswith("render.py")]


def test_an_output_folder_that_cannot_be_written_is_a_render_error(
    data: EditionInput, tmp_path: Path
) -> None:
    blocked = tmp_path / "geen-map"
    blocked.write_text("een bestand, geen map")
    with pytest.raises(RenderError, match="kon niet worden weggeschreven in") as error:
        render_edition(data, blocked)
    assert "de vorige editie blijft staan" in str(error.value)
    assert blocked.read_text() == "een bestand, geen map"
