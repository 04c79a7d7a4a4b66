"""Benchmark: local Prefect server start, and the demo round as Prefect flow versus plain functions."""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from prefect.logging.configuration import setup_logging
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

from makelaar.cycles.demo import generate_demo
from makelaar.cycles.demo.enquetes import answer_as_demo
from makelaar.cycles.registry import load_cycles
from makelaar.cycles.rounds import RoundOutcome, run_round, start_round
from makelaar.cycles.spec import RoundContext
from makelaar.flows.round import evaluation_round
from makelaar.flows.server import prefect_api
from makelaar.intake.cbs import cbs_file, import_kerncijfers
from makelaar.models.domain import FASE_LABELS, Fase
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store

REPEATS = 3
GEMEENTE, CYCLUS, PERIODE = "GM0344", "buurtmeter", "2026"
ROUND_TARGET_S = 30.0
RATIO_TARGET = 1.5

FLOW = "flow"
PLAIN = "plain"
FLOW_HEARTBEAT = "flow+heartbeat"


def fresh_store(root: Path, name: str) -> Settings:
    """A migrated SQLite store under root/name with the CBS figures and the demo logbook loaded."""
    settings = Settings(data_dir=root / name / "data", output_dir=root / name / "out")
    store = Store.from_settings(settings)
    try:
        store.upgrade()
        import_kerncijfers(store, cbs_file())
        generate_demo(store, gemeente_code=GEMEENTE)
    finally:
        store.dispose()
    return settings


@contextmanager
def project_environment(settings: Settings) -> Iterator[None]:
    """The flow reads its settings from the environment, as under a worker."""
    values = {
        "MAKELAAR_DATA_DIR": str(settings.data_dir),
        "MAKELAAR_OUTPUT_DIR": str(settings.output_dir),
        "MAKELAAR_DATABASE_URL": settings.resolved_database_url,
    }
    previous = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    get_settings.cache_clear()
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


def round_as_flow(settings: Settings) -> RoundOutcome:
    with project_environment(settings):
        result = evaluation_round(
            gemeente=GEMEENTE,
            cyclus=CYCLUS,
            periode=PERIODE,
            leerbijeenkomst="demo",
            enquetes="demo",
        )
    assert isinstance(result, RoundOutcome), "the demo's surveys close at once: it never waits"
    return result


def round_as_plain_functions(settings: Settings) -> RoundOutcome:
    """What the flow does, minus Prefect: store, cycle lookup, start, run_round."""
    store = Store.from_settings(settings)
    try:
        store.require_current()
        cycle = load_cycles().get(CYCLUS)
        ronde = start_round(store, gemeente_code=GEMEENTE, cyclus=CYCLUS, periode=PERIODE)
        ctx = RoundContext(ronde=ronde, store=store, settings=settings)
        return run_round(ctx, cycle, leerbijeenkomst="demo", survey_filler=answer_as_demo)
    finally:
        store.dispose()


def timed(run: Callable[[], RoundOutcome]) -> tuple[float, RoundOutcome]:
    started = time.perf_counter()
    outcome = run()
    elapsed = time.perf_counter() - started
    ran = [p for p in outcome.fasen if not p.hervat]
    assert len(ran) == len(Fase) and not outcome.wacht_op_besluiten, outcome
    return elapsed, outcome


def server_start(settings: Settings) -> float:
    """Seconds until the local server answers (its stop is not counted)."""
    started = time.perf_counter()
    with prefect_api(settings):
        return time.perf_counter() - started


def quiet_prefect_console() -> None:
    """Keep Prefect's run logs out of the table (they still go to the API, as in real runs)."""
    setup_logging()
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.WARNING)


def seconds(values: list[float]) -> str:
    return " ".join(f"{value:5.2f}" for value in values)


def main() -> int:
    quiet_prefect_console()
    with tempfile.TemporaryDirectory(prefix="makelaar-bench-") as tmp:
        root = Path(tmp)
        prefect_settings = Settings(data_dir=root / "prefect-demo")
        cold = server_start(prefect_settings)
        warm_started = time.perf_counter()
        wall: dict[str, list[float]] = {FLOW: [], PLAIN: [], FLOW_HEARTBEAT: []}
        phases: dict[str, dict[Fase, list[float]]] = {
            mode: {fase: [] for fase in Fase} for mode in wall
        }
        with prefect_api(prefect_settings):
            warm = time.perf_counter() - warm_started
            for repeat in range(REPEATS):
                for mode in (FLOW, PLAIN, FLOW_HEARTBEAT):
                    settings = fresh_store(root, f"{mode}-{repeat}")
                    if mode == PLAIN:
                        elapsed, outcome = timed(partial(round_as_plain_functions, settings))
                    elif mode == FLOW:
                        with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
                            elapsed, outcome = timed(partial(round_as_flow, settings))
                    else:
                        elapsed, outcome = timed(partial(round_as_flow, settings))
                    wall[mode].append(elapsed)
                    for phase in outcome.fasen:
                        phases[mode][phase.fase].append(phase.duur_s)
                    print(f"  run {repeat + 1}/{REPEATS} {mode:<15} {elapsed:6.2f} s", flush=True)

    median = {mode: statistics.median(values) for mode, values in wall.items()}
    ratio = median[FLOW] / median[PLAIN]
    round_ok = median[FLOW] < ROUND_TARGET_S
    ratio_ok = ratio < RATIO_TARGET
    print()
    print(f"makelaar bench — demo round ({CYCLUS}, {GEMEENTE}, {PERIODE}, leerbijeenkomst demo)")
    print(f"{REPEATS} runs per variant, alternating, each on a fresh SQLite store with CBS + demo")
    print()
    print(f"{'measurement':<46} {'median':>8}   {'runs (s)':<20} target")
    print("-" * 90)
    print(f"{'local Prefect server start, fresh home':<46} {cold:7.2f}s   {'(once)':<20}")
    print(f"{'local Prefect server start, existing home':<46} {warm:7.2f}s   {'(once)':<20}")
    rows = [
        (FLOW, "round as Prefect flow, heartbeat off (*)"),
        (PLAIN, "round as plain functions (run_round)"),
        (FLOW_HEARTBEAT, "round as Prefect flow, heartbeat on"),
    ]
    for mode, label in rows:
        target = (
            f"< {ROUND_TARGET_S:.0f} s  {'ok' if round_ok else 'MISSED'}" if mode == FLOW else ""
        )
        print(f"{label:<46} {median[mode]:7.2f}s   {seconds(wall[mode]):<20} {target}")
        for fase in Fase:
            phase_median = statistics.median(phases[mode][fase])
            print(f"{'    ' + FASE_LABELS[fase]:<46} {phase_median:7.2f}s")
    ratio_label = "orchestration overhead flow / plain (*)"
    ratio_target = f"< {RATIO_TARGET}    {'ok' if ratio_ok else 'MISSED'}"
    print(f"{ratio_label:<46} {ratio:7.2f}x   {'':<20} {ratio_target}")
    print()
    print(
        "(*) measured with PREFECT_FLOWS_HEARTBEAT_FREQUENCY=None: the heartbeat thread costs\n"
        "    about 1 s at the end of every flow run. Deployments (and `makelaar round run` against a\n"
        "    configured PREFECT_API_URL) keep it on: see the 'heartbeat on' row. A server makelaar\n"
        "    starts for one run switches it off, as nothing watches the run after it."
    )
    return 0 if round_ok and ratio_ok else 1


if __name__ == "__main__":
    sys.exit(main())
