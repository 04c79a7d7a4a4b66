"""What bench/cycles.py times: one cycle's demo as `makelaar demo --cycle X` runs it, as a task.

A module of its own (not bench/cycles.py, which runs as `__main__`) so that the processes of
Prefect's ProcessPoolTaskRunner import the task by name instead of unpickling a copy of the script.

The pool's processes are forked from a forkserver that has imported this module and loaded the
cycles once (bench.cycles_warm, started by `warm_workers` before anything is timed), not spawned
(Prefect's choice): a spawned process imports makelaar and Prefect and loads the cycles afresh,
about 7 s of CPU that the second of two processes adds to what two cores must do. The forkserver
is a fresh single-threaded process, so forking from it is safe although this one runs threads.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast
from unittest import mock

from prefect import flow, task, task_runners
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner

from makelaar.cycles.demo import generate_demo
from makelaar.cycles.registry import load_cycles, migration_folders
from makelaar.cycles.rounds import RoundOutcome
from makelaar.cycles.spec import DEMO_ATTRIBUTE, DemoPlan
from makelaar.flows.round import evaluation_round
from makelaar.intake.cbs import cbs_file, import_kerncijfers
from makelaar.models.domain import Fase
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store

CYCLI = ("buurtmeter", "casusregie", "actieonderzoek")
#: `makelaar demo`'s defaults (period, seed) and buurtmeter's gemeente (Utrecht)
PERIODE, SEED, BUURTMETER_GEMEENTE = "2026", 20261122, "GM0344"


@dataclass(frozen=True)
class CycleTiming:
    """One cycle's demo: its setup (store, CBS figures, demo data), its rounds, and where it ran."""

    cyclus: str
    setup_s: float
    rondes: int
    rondes_s: float
    pid: int
    #: time.time() when the task began and ended in its process (to compare with the flow's call)
    begon: float
    eindigde: float
    #: CPU seconds (user + system) of the task's process and the children it waited for
    cpu_s: float

    @property
    def totaal_s(self) -> float:
        return self.setup_s + self.rondes_s


@contextmanager
def project_environment(root: Path) -> Iterator[Settings]:
    """The MAKELAAR_* environment of a project in root (the round flow reads it, as under a worker)."""
    values = {
        "MAKELAAR_DATA_DIR": str(root / "data"),
        "MAKELAAR_OUTPUT_DIR": str(root / "out"),
    }
    previous = {key: os.environ.get(key) for key in (*values, "MAKELAAR_DATABASE_URL")}
    os.environ.pop(
        "MAKELAAR_DATABASE_URL", None
    )  # the project's own SQLite file, never a shared one
    os.environ.update(values)
    get_settings.cache_clear()
    try:
        yield get_settings()
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


def set_up(cyclus: str, settings: Settings) -> DemoPlan:
    """What `makelaar demo --cycle X` does before its rounds: store, CBS figures, demo data."""
    registry = load_cycles()
    maak_demo = getattr(registry.get(cyclus), DEMO_ATTRIBUTE, None)
    store = Store.from_settings(settings)
    try:
        store.upgrade(migration_folders(registry))
        import_kerncijfers(store, cbs_file())
        if maak_demo is not None and cyclus != "buurtmeter":
            plan: DemoPlan = maak_demo(store, settings, int(PERIODE[:4]), SEED)
            return plan
        generate_demo(store, gemeente_code=BUURTMETER_GEMEENTE, jaar=int(PERIODE[:4]), seed=SEED)
        return DemoPlan(gemeente_code=BUURTMETER_GEMEENTE, perioden=(PERIODE,), verslag="")
    finally:
        store.dispose()


def run_round(cyclus: str, gemeente: str, periode: str) -> None:
    """One demo round through the `evaluatieronde` flow, checked to have run to its document."""
    outcome = evaluation_round(
        gemeente=gemeente,
        cyclus=cyclus,
        periode=periode,
        leerbijeenkomst="demo",
        enquetes="demo",
    )
    assert isinstance(outcome, RoundOutcome), f"{cyclus} {periode}: the demo round waited"
    ran = {phase.fase for phase in outcome.fasen if not phase.hervat}
    assert ran == set(Fase) and not outcome.wacht_op_besluiten, (cyclus, periode, outcome)


def own_cpu_s() -> tuple[float, float]:
    """CPU seconds (user + system) so far of this process (all its threads) and of the children
    it waited for."""
    me, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def demo_cycle_plain(cyclus: str, root: Path) -> CycleTiming:
    """One cycle's demo in a project of its own under root/cyclus, timed in two parts."""
    begon = time.time()
    started, cpu = time.perf_counter(), sum(own_cpu_s())
    with project_environment(root / cyclus) as settings:
        plan = set_up(cyclus, settings)
        set_up_at = time.perf_counter()
        for periode in plan.perioden:
            run_round(cyclus, plan.gemeente_code, periode)
    ended = time.perf_counter()
    return CycleTiming(
        cyclus=cyclus,
        setup_s=set_up_at - started,
        rondes=len(plan.perioden),
        rondes_s=ended - set_up_at,
        pid=os.getpid(),
        begon=begon,
        eindigde=time.time(),
        cpu_s=sum(own_cpu_s()) - cpu,
    )


@task(name="democyclus", cache_policy=NO_CACHE, persist_result=False, retries=0)
def demo_cycle(cyclus: str, root: str) -> CycleTiming:
    return demo_cycle_plain(cyclus, Path(root))


@flow(name="democycli", persist_result=False)
def demo_cycles(cycli: Sequence[str], root: str) -> list[CycleTiming]:
    """Every cycle's demo as a task of this flow; the task runner decides how many at once."""
    futures = [demo_cycle.submit(cyclus, root) for cyclus in cycli]
    return [future.result() for future in futures]


def spin_s(loops: int) -> float:
    """Wall seconds of a fixed piece of pure Python work (arithmetic, a dict of strings)."""
    started = time.perf_counter()
    total, table = 0, {}
    for i in range(loops):
        total += i * i % 7
        if i % 10 == 0:
            table[i] = str(total)
    return time.perf_counter() - started


def spin_into(queue: Any, loops: int) -> None:
    """spin_s in a process of its own, its time put on queue (bench.cycles.machine_scaling)."""
    queue.put(spin_s(loops))


#: the module the forkserver imports before it forks any worker
WARM_MODULE = "bench.cycles_warm"


def warm_workers() -> None:
    """Start the forkserver the pool's processes fork from, and wait until it has warmed up."""
    multiprocessing.set_forkserver_preload([WARM_MODULE])
    probe = multiprocessing.get_context("forkserver").Process(target=os.getpid)
    probe.start()  # forked once the forkserver has imported WARM_MODULE
    probe.join()


class ForkedProcessPoolTaskRunner(ProcessPoolTaskRunner):
    """Prefect's ProcessPoolTaskRunner with its processes forked from the forkserver."""

    def __enter__(self) -> ForkedProcessPoolTaskRunner:
        # __enter__ asks multiprocessing for the "spawn" context, its queue and its executor
        forkserver = multiprocessing.get_context("forkserver")
        instead = SimpleNamespace(get_context=lambda _method: forkserver)
        with mock.patch.object(task_runners, "multiprocessing", instead):
            super().__enter__()
        return self


def run_demo_cycles(cycli: Sequence[str], root: Path, *, processes: int) -> list[CycleTiming]:
    """The demo cycles through Prefect, on `processes` worker processes (1: one after another)."""
    # with_options is typed for TaskRunner[PrefectFuture], which the generic's invariance keeps
    # this runner (of PrefectConcurrentFuture, a PrefectFuture) out of
    runner = cast(
        "TaskRunner[PrefectFuture[Any]]", ForkedProcessPoolTaskRunner(max_workers=processes)
    )
    result = demo_cycles.with_options(task_runner=runner)(cycli, str(root))
    assert isinstance(result, list)
    return result
