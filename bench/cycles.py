"""Benchmark: the three demo cycles one after another and at once, through Prefect.

One local Prefect server is started first (not timed: `makelaar demo` starts one per round, the
bench shares one, as a team with a server does) and every run below reports to it. Each cycle's
demo runs in a project of its own (its own SQLite store and output folder, in a temporary
directory), as `makelaar demo --cycle X` runs it after its server answers: timed are the store
migrated, the CBS figures imported and the cycle's demo data made (its "setup"), then each of its
rounds as the `evaluatieronde` flow, decisions and surveys 'demo', up to its document (the PDF).
buurtmeter and casusregie run one round, actieonderzoek six (its interim studies).

The three cycles are tasks of one flow (`democycli`) on Prefect's ProcessPoolTaskRunner:

- one after another: one worker process runs the three tasks in turn;
- at once: one worker process per core (at most one per cycle): on 2 cores buurtmeter runs in
  one, casusregie and then actieonderzoek in the other (the order they are submitted in). A
  third process on 2 cores gained nothing in our runs: each new process imports makelaar and
  Prefect and warms up (~7 s of CPU, below), and a third only adds to what the two cores must do.

Both wall times count from the flow's call to its return, so both include starting the worker
processes (a fresh Python importing makelaar) and each run's reports to the server; both runs use
new projects. The sequential run goes first: once (in five runs, not seen again) the concurrent
run, as the first on a fresh server, held every process for about a minute after one round. The
caches the first run warms (the imports on disk, the server's records of the flows) favour the
concurrent run a little; the rows "before the first cycle began" and "after the last cycle
ended" show how much of each wall time lies outside the cycles.

It prints each cycle's setup and rounds time in both runs, the two totals, the ratio sequential /
concurrent and its target (>= 1.6 on 2 cores), and the machine's load average before and after;
the exit code is 1 when the target is missed. `--cycli` runs fewer cycles (to try one quickly).
Each run's CPU seconds (user + system) are printed too, by process: this one (the flow, the task
runner's threads forwarding logs and events), the workers with what they start (the WeasyPrint
child), the server; and CPU / wall, the cores used on average. On a shared machine the wall times
say little without these: what other processes took shows as cores not used.

What the CPU says (December 2026, 2 cores, Prefect 3.8.8):

- One after another uses 20-21 s of CPU: the worker 13-14 s (its import and every cycle), the
  buurtmeter's WeasyPrint child 3.5 s (forked, so no import of its own: that is the rendering),
  the server 3.0-3.2 s, this process 0.5 s. On a machine at load 2.8 that was 0.84 cores over
  25 s, so the one-after-another run does not already fill both cores.
- At once uses about 7 s more (27.6 against 20.3 s in one pair of runs): the second worker
  imports makelaar and Prefect (2 s of CPU: `python -X importtime -c "import bench.cycles_demo"`),
  loads the cycles (`load_cycles` imports WeasyPrint 1.0 s, scipy.stats 0.8 s, matplotlib 0.8 s)
  and warms up a second time (migrations, its first round, its first render): the casusregie's
  setup is 0.3 s after the buurtmeter in one process and 4-9 s as the first cycle of the second.
  Both processes together must do 27.6 s, so even with two idle cores and the cycles shared out
  evenly, at once takes at least 13.8 s against 20.3: at most about 1.47x, short of 1.6. Our
  split is not even either (buurtmeter alone, about 11 s, against casusregie and actieonderzoek,
  9 s), and the start (spawning and importing, 3-5 s) and the end (the pool's processes exiting,
  1-2.6 s) are not shared out at all.
- The server is not the bottleneck: idle it takes 0.32 s of CPU in 20 s (its services), busy
  about 0.3 s per round (a round is one flow run with five task runs, every task already without
  cache or persisted result; the actieonderzoek's six rounds keep it at 0.15-0.3 of a core). Fewer
  tasks, logs or events could save part of those 3 s, a tenth of the CPU, not the 7 s above.
- At once the cycles ran 1.3-4x slower than one after another because the machine was busy: at
  load 3.5-4.6 both processes together got 0.88 of a core, at load 8.7 0.40 (others' tests). A
  ratio means something only with the load average and the cores used beside it.
- Two process workers instead of the pool would start a fresh Python per flow run, importing and
  warming up per round instead of per cycle (not measured: more of the cost above, not less).
  What could reach 1.6 is not paying the second warm-up: workers forked from a parent that has
  imported and warmed up (Prefect's ProcessPoolTaskRunner always spawns), or fewer heavy imports
  on the way to a cycle (scipy.stats, WeasyPrint and matplotlib are loaded with every cycle's
  registration, before any of them is needed).
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from prefect.context import refresh_global_settings_context
from prefect.logging.configuration import setup_logging
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

from bench.cycles_demo import CYCLI, CycleTiming, run_demo_cycles
from makelaar.flows.server import prefect_api
from makelaar.models.settings import Settings

RATIO_TARGET = 1.6
SEQUENTIAL, CONCURRENT = "one after another", "at once"


def quiet_prefect_console() -> None:
    """Keep Prefect's run logs out of the table (they still go to the API, as in real runs)."""
    setup_logging()
    # the task runner's processes set up their logging afresh, from the environment it hands them
    os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "WARNING"
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.WARNING)


@contextmanager
def api_in_every_thread(url: str) -> Iterator[None]:
    """Make the server the process-wide default, not only this thread's (temporary_settings).

    The task runner forwards its processes' logs and events from a thread of its own, which
    does not inherit this thread's settings: without this it starts a temporary server of its
    own (in ~/.prefect) and sends them there.
    """
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    refresh_global_settings_context()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
        refresh_global_settings_context()


@dataclass(frozen=True)
class Cpu:
    """CPU seconds (user + system) a run used, by process; wall time is noisy on a shared machine."""

    #: this process: the flow run, the task runner's threads forwarding logs and events
    bench_s: float
    #: the worker processes and what they started (the WeasyPrint child), reaped at the pool's end
    workers_s: float
    #: the local Prefect server (API, services, its database)
    server_s: float

    @property
    def total_s(self) -> float:
        return self.bench_s + self.workers_s + self.server_s


@dataclass(frozen=True)
class Run:
    """One run of the flow: its wall time, its cycles, and the time outside them at either end."""

    wall_s: float
    timings: list[CycleTiming]
    #: from the flow's call until the first task began (the flow run, the worker processes)
    start_s: float
    #: from the last task's end until the flow returned (the flow run ending, the pool stopping)
    end_s: float
    cpu: Cpu


def server_pid() -> int | None:
    """The local server this process started (flows.server_process), from /proc (Linux only)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:  # ended while we looked
            continue
        if int(fields[1]) == os.getpid() and b"makelaar.flows.server_process" in command:
            return int(stat.parent.name)
    return None


def process_cpu_s(pid: int | None) -> float:
    """A process's CPU seconds so far, its reaped children's included (0 when unknown)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # fields after the command: utime, stime, cutime, cstime are the 12th to 15th (proc(5))
    return sum(int(field) for field in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _own_cpu_s() -> tuple[float, float]:
    me, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def timed_run(cycli: Sequence[str], root: Path, processes: int, server: int | None) -> Run:
    (me, children), on_server = _own_cpu_s(), process_cpu_s(server)
    called, started = time.time(), time.perf_counter()
    timings = run_demo_cycles(cycli, root, processes=processes)
    wall = time.perf_counter() - started
    (me_after, children_after), on_server_after = _own_cpu_s(), process_cpu_s(server)
    cpu = Cpu(me_after - me, children_after - children, on_server_after - on_server)
    first = min(t.begon for t in timings)
    last = max(t.eindigde for t in timings)
    return Run(wall, timings, start_s=first - called, end_s=called + wall - last, cpu=cpu)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def report(runs: dict[str, Run], cores: int, loads: list[str]) -> bool:
    ratio = runs[SEQUENTIAL].wall_s / runs[CONCURRENT].wall_s
    ok = ratio >= RATIO_TARGET
    print()
    print(
        f"makelaar bench — the demo cycles through Prefect ({cores} cores, ProcessPoolTaskRunner)"
    )
    print(f"load average (1 5 15 min): {loads[0]} before, {loads[1]} after")
    print()
    header = f"{'cycle':<16} {'rounds':>6}"
    for mode in (SEQUENTIAL, CONCURRENT):
        header += f"   {mode + ': setup + rounds = total':<38}"
    print(header.rstrip())
    print("-" * len(header.rstrip()))
    by_cycle = {mode: {t.cyclus: t for t in run.timings} for mode, run in runs.items()}
    for cyclus in by_cycle[SEQUENTIAL]:
        line = f"{cyclus:<16} {by_cycle[SEQUENTIAL][cyclus].rondes:>6}"
        for mode in (SEQUENTIAL, CONCURRENT):
            t = by_cycle[mode][cyclus]
            cell = f"{t.setup_s:5.1f} + {t.rondes_s:5.1f} = {t.totaal_s:5.1f} s"
            line += f"   {cell:<38}"
        print(line.rstrip())
    print()
    for mode in (SEQUENTIAL, CONCURRENT):
        run = runs[mode]
        count = len({t.pid for t in run.timings})
        label = f"wall time {mode} ({count} process{'es' if count > 1 else ''})"
        print(f"{label:<46} {run.wall_s:7.2f} s")
        print(f"{'    before the first cycle began':<46} {run.start_s:7.2f} s")
        print(f"{'    after the last cycle ended':<46} {run.end_s:7.2f} s")
        cpu = run.cpu
        print(
            f"{'    CPU: this process + workers + server':<46} {cpu.bench_s:5.1f} + "
            f"{cpu.workers_s:5.1f} + {cpu.server_s:4.1f} = {cpu.total_s:5.1f} s, "
            f"{cpu.total_s / run.wall_s:4.2f} cores on average"
        )
    target = f">= {RATIO_TARGET} on 2 cores  {'ok' if ok else 'MISSED'}"
    print(f"{'ratio one after another / at once':<46} {ratio:7.2f}x   {target}")
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cycli", nargs="+", choices=CYCLI, default=list(CYCLI))
    args = parser.parse_args(argv)
    cycli: list[str] = args.cycli
    quiet_prefect_console()
    loads = [load()]
    runs: dict[str, Run] = {}
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="makelaar-bench-cycli-") as tmp:
        root = Path(tmp)
        # as `makelaar demo`: a server started for the runs, so nothing watches a heartbeat
        with (
            prefect_api(Settings(data_dir=root / "prefect")) as url,
            api_in_every_thread(url),
            temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
        ):
            server = server_pid()
            for mode, processes in ((SEQUENTIAL, 1), (CONCURRENT, min(len(cycli), cores))):
                runs[mode] = timed_run(cycli, root / mode.replace(" ", "-"), processes, server)
                print(f"  {mode:<18} {runs[mode].wall_s:6.2f} s", flush=True)
    loads.append(load())
    ok = report(runs, cores, loads)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
