"""Benchmark: a national programme's rounds through one and through two process workers.

One stack (flows.stack: a Prefect server on PostgreSQL, the `makelaar` process work pool, its
workers, the answering pages; makelaar's database on the same PostgreSQL server, all real
processes) is started first and not timed. Then, twice:

1. with one worker: a programme of N generated gemeenten (casusregie, a demo pilot each,
   decisions and surveys 'demo': rounds run to the end without people) is deployed with
   `makelaar programma deploy`; the first round the server scheduled for each gemeente is moved
   to now, as the day comes, and the worker runs them;
2. a second worker is started and N other gemeenten go the same way (the programme file then
   names all 2N; only the new gemeenten' rounds are moved to now).

Timed is from moving the rounds to now until the last of them reached a final state: rounds
per minute through one worker and through two, and their ratio (target >= 1.6 on 2 cores). Each
worker runs one flow run at a time (`--werker-limiet`, default 1): a worker stands for one
core's worth of rounds, so two workers on two cores are what a second machine would add. Workers
look for work every `--interval` seconds (Prefect's default is 10: a worker with a limit of one
waits up to that long between rounds).

Each flow-run process (a child of a worker) is sampled every 0.2 s from /proc: its own peak
RSS (VmHWM) and the RSS of it with its children (the WeasyPrint process), so the figures are
the memory a worker needs per flow run at once. The Prefect server's CPU seconds per round are
read from /proc too. From these the run extrapolates to 340 gemeenten, with its assumptions
printed. Nothing is asserted; the figures are from one run, on whatever else the machine does
(the load average is printed before and after).

The databases are the bench's own (a unique prefix) and dropped at the end.
Run: .venv/bin/python bench/national.py [--gemeenten 40]

First run (2026-12-06, 2 cores shared with other sessions' test suites and benches, load average
7.47 at the start and 3.62 at the end, so the two-worker half ran on a quieter machine than the
one-worker half; 39.7 min in all, the stack's start included):

- 1 worker: 40 rounds in 1436.6 s, 1.67 rounds/min; a flow run 9.5 s from Running to its end
  (median; max 32.3 s), so most of a round's 36 s through the worker is starting the flow-run
  process (Prefect's supervisor, which execs prefect.engine, imports Prefect and makelaar) and
  waiting for the machine; CPU per round 10.5 s in the worker and its flow runs, 7.9 s in the
  Prefect server; 0.51 cores used on average.
- 2 workers: 40 rounds in 779.8 s, 3.08 rounds/min; flow run 8.0 s (median); CPU per round
  11.6 s + 9.0 s; 1.06 cores used.
- ratio 2 / 1: 1.84x (target >= 1.6), flattered by the falling load.
- peak RSS of a flow-run process 318 MiB (median and max alike); with its children at most
  481 MiB (the WeasyPrint process, when a sample caught it).
- 340 gemeenten: 204 min through one worker, 110 min through two; 2 one-core workers finish
  within the 180-minute window at this rate (0.9 GiB for their flow runs); by CPU 18.4 s per
  round, 104 core-minutes, of which the Prefect server's share is about 51 min.

The server's CPU per round includes what the workers' polls cost it (every second here, for
the whole of each run, so it grows with the wall time): a worker polling every 10 s, as
Prefect's default, costs the server less and leaves up to 10 s between one worker's rounds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import secrets
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from makelaar.flows.stack import Stack  # noqa: E402
from tests.flows.nationaal import (  # noqa: E402
    EERSTE_CODE,
    Gemeente,
    client_of,
    demo_pilots,
    deploy,
    drop_databases,
    first_scheduled,
    gemeenten,
    postgres_antwoordt,
    project_settings,
    schrijf_programma,
    start_now,
    started,
    until_final,
)

POSTGRES = os.environ.get(
    "MAKELAAR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
RATIO_TARGET = 1.6
NATIONAAL = 340
#: the half-yearly rounds start on one morning, spread over 06:00-09:00 (flows.programma)
VENSTER_MIN = 180
TIMEOUT_S = 3600.0
SAMPLE_S = 0.2
MIB = 1024 * 1024


def _status_kib(pid: int, key: str) -> int:
    """A field of /proc/PID/status in KiB (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        tekst = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in tekst.split()]


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(_children(p))
    return found


def cpu_s(pid: int) -> float:
    """A process's CPU seconds so far, its reaped children's included (proc(5) fields 14-17)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


@dataclass
class Geheugen:
    """Peak memory of each flow-run process the workers started, sampled from /proc."""

    werkers: list[int]
    eigen_kib: dict[int, int] = field(default_factory=dict)  # pid -> peak VmHWM
    boom_kib: dict[int, int] = field(default_factory=dict)  # pid -> peak RSS with its children
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.wait(SAMPLE_S):
            for werker in self.werkers:
                for pid in _children(werker):
                    eigen = _status_kib(pid, "VmHWM")
                    boom = sum(_status_kib(p, "VmRSS") for p in _tree(pid))
                    self.eigen_kib[pid] = max(self.eigen_kib.get(pid, 0), eigen)
                    self.boom_kib[pid] = max(self.boom_kib.get(pid, 0), boom)


@dataclass
class Meting:
    werkers: int
    rondes: int
    wall_s: float
    duur_s: list[float]  # each flow run, start to end (Prefect's times)
    wacht_s: list[float]  # each flow run, moved to now until it started
    server_cpu_s: float
    werker_cpu_s: float  # the workers with the flow runs they started and reaped
    eigen_mib: list[float]
    boom_mib: list[float]
    mislukt: list[str]

    @property
    def per_minuut(self) -> float:
        return self.rondes / self.wall_s * 60


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def meet(stack: Stack, alle: list[Gemeente], nieuw: list[Gemeente]) -> Meting:
    """Deploy the programme of `alle`, move the rounds of `nieuw` to now and time them."""
    settings = project_settings(stack)
    demo_pilots(settings, nieuw, dt.date.today().year)
    pad = schrijf_programma(stack.map / "programma.yaml", alle, "Bench landelijk programma")
    result = deploy(stack, pad)
    if result.returncode != 0:
        raise SystemExit(f"programma deploy failed:\n{result.stdout}{result.stderr}")
    werkers = [p.process.pid for p in stack.processen if p.naam == "werker"]
    [server] = [p.process.pid for p in stack.processen if p.naam == "server"]
    with client_of(stack) as client:
        scheduled = first_scheduled(client, {g.code for g in nieuw})
        if len(scheduled) != len(nieuw):
            raise SystemExit(f"the server scheduled {len(scheduled)} of {len(nieuw)} rounds")
        geheugen = Geheugen(werkers)
        sampler = threading.Thread(target=geheugen.run, daemon=True)
        sampler.start()
        server_cpu = cpu_s(server)
        werker_cpu = sum(cpu_s(w) for w in werkers)
        begin = time.perf_counter()
        moved = time.time()
        start_now(client, scheduled.values())
        ran = until_final(client, [r.id for r in scheduled.values()], TIMEOUT_S, elk_s=0.25)
        wall = time.perf_counter() - begin
        time.sleep(1.0)  # the workers reap their last flow runs (and count their CPU)
        server_cpu = cpu_s(server) - server_cpu
        werker_cpu = sum(cpu_s(w) for w in werkers) - werker_cpu
        geheugen.stop.set()
        sampler.join()
    mislukt = [
        f"{r.parameters['gemeente']}: {r.state.name if r.state else '?'}"
        for r in ran.values()
        if r.state is None or not r.state.is_completed()
    ]
    duur = [
        r.end_time.timestamp() - r.start_time.timestamp()
        for r in ran.values()
        if r.start_time and r.end_time
    ]
    wacht = [r.start_time.timestamp() - moved for r in ran.values() if r.start_time]
    return Meting(
        werkers=len(werkers),
        rondes=len(ran),
        wall_s=wall,
        duur_s=duur,
        wacht_s=wacht,
        server_cpu_s=server_cpu,
        werker_cpu_s=werker_cpu,
        eigen_mib=[k / 1024 for k in geheugen.eigen_kib.values()],
        boom_mib=[k / 1024 for k in geheugen.boom_kib.values()],
        mislukt=mislukt,
    )


def _verdeling(waarden: list[float], eenheid: str) -> str:
    if not waarden:
        return "-"
    return (
        f"median {statistics.median(waarden):6.1f} {eenheid}, "
        f"max {max(waarden):6.1f} {eenheid} (n={len(waarden)})"
    )


def report(metingen: list[Meting], limiet: int, interval: float, loads: list[str]) -> None:
    een, twee = metingen
    cores = os.cpu_count() or 1
    print()
    print(f"makelaar bench — a national programme through process workers ({cores} cores)")
    print(f"load average (1 5 15 min): {loads[0]} before, {loads[1]} after")
    print(
        f"casusregie demo rounds; each worker runs {limiet} flow run(s) at once and looks for "
        f"work every {interval:g} s; Prefect server and PostgreSQL on this machine"
    )
    print()
    for m in metingen:
        print(f"{m.werkers} worker{'s' if m.werkers > 1 else ''}: {m.rondes} rounds")
        print(f"    {'wall time, moved to now .. last final':<44} {m.wall_s:8.1f} s")
        print(f"    {'rounds per minute':<44} {m.per_minuut:8.2f}")
        print(f"    {'flow run, start .. end':<44} {_verdeling(m.duur_s, 's')}")
        print(f"    {'flow run, moved to now .. start':<44} {_verdeling(m.wacht_s, 's')}")
        print(
            f"    {'CPU per round: workers and flow runs':<44} {m.werker_cpu_s / m.rondes:8.2f} s"
        )
        print(f"    {'CPU per round: Prefect server':<44} {m.server_cpu_s / m.rondes:8.2f} s")
        gebruikt = (m.werker_cpu_s + m.server_cpu_s) / m.wall_s
        print(f"    {'cores used on average (workers + server)':<44} {gebruikt:8.2f}")
        print(f"    {'peak RSS per flow-run process':<44} {_verdeling(m.eigen_mib, 'MiB')}")
        print(f"    {'  with its children (WeasyPrint)':<44} {_verdeling(m.boom_mib, 'MiB')}")
        if m.mislukt:
            print(f"    NOT COMPLETED: {', '.join(m.mislukt)}")
    ratio = twee.per_minuut / een.per_minuut
    print()
    print(f"{'ratio rounds/min 2 workers / 1 worker':<48} {ratio:6.2f}x   target >= {RATIO_TARGET}")
    print()
    per_werker = een.per_minuut
    piek = max(een.boom_mib + twee.boom_mib, default=0.0)
    nodig = math.ceil(NATIONAAL / (per_werker * VENSTER_MIN))
    print(f"extrapolation to {NATIONAAL} gemeenten:")
    print(
        f"    one worker alone: {NATIONAAL / per_werker:6.0f} min; two workers as measured: "
        f"{NATIONAAL / twee.per_minuut:6.0f} min"
    )
    print(
        f"    to finish within the {VENSTER_MIN}-minute start window (06:00-09:00): "
        f"{nodig} worker(s) of one core each, {nodig * piek / 1024:.1f} GiB for their flow runs"
    )
    cpu_ronde = (een.werker_cpu_s + een.server_cpu_s) / een.rondes
    print(
        f"    by CPU: {cpu_ronde:.1f} s per round (workers, flow runs, server), so one idle core "
        f"does {60 / cpu_ronde:.2f} rounds/min and {NATIONAAL} rounds take "
        f"{NATIONAAL * cpu_ronde / 60:.0f} core-minutes"
    )
    print(
        f"    Prefect server CPU for {NATIONAAL} rounds: "
        f"{NATIONAAL * twee.server_cpu_s / twee.rondes / 60:.1f} min"
    )
    print("  assumptions: every round costs what a casusregie demo round (12 households) costs")
    print("  here; buurtmeter rounds are heavier (bench/round.py); a worker per core scales as")
    print("  one to two did (beyond two cores not measured); one PostgreSQL and one Prefect")
    print("  server serve them all; the peak RSS with children is the memory per flow run.")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--gemeenten", type=int, default=40)
    parser.add_argument("--postgres", default=POSTGRES)
    parser.add_argument("--werker-limiet", type=int, default=1)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args(argv)
    if args.gemeenten < 1:
        parser.error("--gemeenten must be at least 1")
    waarom = postgres_antwoordt(args.postgres)
    if waarom is not None:
        print(f"PostgreSQL at {args.postgres} does not answer: {waarom}", file=sys.stderr)
        return 2
    loads = [load()]
    prefix = f"bench_nationaal_{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory(prefix="makelaar-bench-national-") as tmp:
        root = Path(tmp)
        stack = Stack(
            postgres=args.postgres,
            prefix=prefix,
            prefect_poort=vrije_poort(),
            forms_poort=vrije_poort(),
            map=root / "stack",
            data_dir=root / "data",
            output_dir=root / "out",
            werkers=1,
            werker_limiet=args.werker_limiet,
            werker_interval=args.interval,
            zeg=lambda tekst: print(f"  {tekst.splitlines()[0]}", flush=True),
        )
        eerste = gemeenten(args.gemeenten)
        tweede = gemeenten(args.gemeenten, vanaf=EERSTE_CODE + args.gemeenten)
        try:
            with started(stack):
                metingen = [meet(stack, eerste, eerste)]
                print(f"  1 worker: {metingen[0].per_minuut:.2f} rounds/min", flush=True)
                stack.start_werker(2)
                metingen.append(meet(stack, eerste + tweede, tweede))
                print(f"  2 workers: {metingen[1].per_minuut:.2f} rounds/min", flush=True)
        finally:
            drop_databases(args.postgres, prefix)
    loads.append(load())
    report(metingen, args.werker_limiet, args.interval, loads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
