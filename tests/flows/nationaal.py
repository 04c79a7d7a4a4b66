"""A national programme on a real stack, for tests/flows/test_nationaal.py and bench/national.py:
generated gemeenten with a casusregie demo pilot each in makelaar's database on PostgreSQL, a
programme file naming them (decisions and surveys 'demo', so rounds run to the end without
people), deployed with `makelaar programma deploy`, the first round the server scheduled for each
gemeente moved to now, and waiting until the workers ran them."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import psycopg
import yaml
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterName,
    FlowRunFilter,
    FlowRunFilterId,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.states import Scheduled
from psycopg import sql
from sqlalchemy.engine import make_url

from makelaar.cycles.casusregie.demo import generate_demo
from makelaar.flows.stack import Stack
from makelaar.models.settings import Settings
from makelaar.models.store import Store

MAKELAAR = Path(sys.executable).parent / "makelaar"
DEPLOYMENT = "ronde-casusregie"
#: generated codes start here: far from real CBS codes (GM0014 .. GM1980), so none is mistaken
EERSTE_CODE = 9001
DEPLOY_TIMEOUT_S = 300
SCHEDULE_TIMEOUT_S = 120


@dataclass(frozen=True)
class Gemeente:
    code: str
    naam: str


def gemeenten(aantal: int, vanaf: int = EERSTE_CODE) -> list[Gemeente]:
    """`aantal` generated gemeenten: GM9001 'Proefgemeente 9001', ..."""
    return [Gemeente(f"GM{n:04d}", f"Proefgemeente {n}") for n in range(vanaf, vanaf + aantal)]


def beheer_url(postgres: str) -> str:
    """A PostgreSQL URL in libpq's form (psycopg.connect), at its own database."""
    return make_url(postgres).set(drivername="postgresql").render_as_string(hide_password=False)


def postgres_antwoordt(postgres: str) -> str | None:
    """None when PostgreSQL at `postgres` answers, else why not."""
    try:
        psycopg.connect(beheer_url(postgres), connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        return str(exc).strip() or type(exc).__name__
    return None


def drop_databases(postgres: str, prefix: str) -> None:
    """The stack's two databases (<prefix> and <prefix>_prefect), gone."""
    with psycopg.connect(beheer_url(postgres), autocommit=True) as conn:
        for db in (prefix, f"{prefix}_prefect"):
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db))
            )


@contextmanager
def started(stack: Stack) -> Iterator[Stack]:
    """The stack running for the body, stopped afterwards whatever happened."""
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def project_settings(stack: Stack) -> Settings:
    """The settings the stack's workers run with, for this process's own work on the project."""
    return Settings(
        data_dir=stack.data_dir,
        output_dir=stack.output_dir,
        database_url=stack.makelaar_url,
        locale="nl",
    )


def demo_pilots(settings: Settings, wie: Iterable[Gemeente], jaar: int) -> None:
    """A casusregie demo pilot (and its settings file) for each gemeente."""
    store = Store.from_settings(settings)
    try:
        for g in wie:
            generate_demo(store, g.code, jaar, gemeente_naam=g.naam, settings=settings)
    finally:
        store.dispose()


def schrijf_programma(pad: Path, wie: Sequence[Gemeente], naam: str) -> Path:
    """A programme file: every gemeente in casusregie, decisions and surveys as the demo's."""
    programma = {
        "naam": naam,
        "venster": {"van": "06:00", "tot": "09:00"},
        "gemeenten": [
            {
                "gemeente": g.code,
                "naam": g.naam,
                "cyclus": "casusregie",
                "leerbijeenkomst": "demo",
                "enquetes": "demo",
            }
            for g in wie
        ],
    }
    pad.write_text(yaml.safe_dump(programma, allow_unicode=True, sort_keys=False), "utf-8")
    return pad


def deploy(stack: Stack, programma: Path) -> subprocess.CompletedProcess[str]:
    """`makelaar programma deploy FILE` against the stack, as a researcher runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "MAKELAAR_"))}
    env |= {
        "PREFECT_API_URL": stack.api_url,
        "PREFECT_HOME": str(stack.map / "prefect-deploy"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "MAKELAAR_DATA_DIR": str(stack.data_dir),
        "MAKELAAR_OUTPUT_DIR": str(stack.output_dir),
        "MAKELAAR_DATABASE_URL": stack.makelaar_url,
    }
    return subprocess.run(
        [str(MAKELAAR), "programma", "deploy", str(programma)],
        env=env,
        capture_output=True,
        text=True,
        timeout=DEPLOY_TIMEOUT_S,
    )


@contextmanager
def client_of(stack: Stack) -> Iterator[SyncPrefectClient]:
    with temporary_settings({PREFECT_API_URL: stack.api_url}), get_client(sync_client=True) as c:
        yield c


def first_scheduled(client: SyncPrefectClient, codes: set[str]) -> dict[str, FlowRun]:
    """gemeente -> the first round the server scheduled for it, once it scheduled one for each
    of `codes` (the scheduler service plans a deployment's runs a little after it is made)."""
    deadline = time.monotonic() + SCHEDULE_TIMEOUT_S
    while True:
        runs = client.read_flow_runs(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[DEPLOYMENT])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
            ),
        )
        first: dict[str, FlowRun] = {}
        for run in sorted(runs, key=lambda r: r.expected_start_time or dt.datetime.max):
            if run.parameters.get("gemeente") in codes:
                first.setdefault(run.parameters["gemeente"], run)
        if set(first) == codes or time.monotonic() > deadline:
            return first
        time.sleep(1.0)


def start_now(client: SyncPrefectClient, runs: Iterable[FlowRun]) -> None:
    """What the scheduler does on the day, done now: the runs' time has come."""
    for run in runs:
        client.set_flow_run_state(
            run.id, Scheduled(scheduled_time=dt.datetime.now(dt.UTC)), force=True
        )


def until_final(
    client: SyncPrefectClient, ids: Sequence[UUID], timeout_s: float, elk_s: float = 1.0
) -> dict[UUID, FlowRun]:
    """The flow runs once all of them reached a final state (or `timeout_s` passed)."""
    deadline = time.monotonic() + timeout_s
    while True:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=list(ids))), limit=len(ids)
        )
        done = {r.id: r for r in runs}
        final = all(r.state is not None and r.state.is_final() for r in runs)
        if (final and len(done) == len(ids)) or time.monotonic() > deadline:
            return done
        time.sleep(elk_s)


_SUBMITTING = re.compile(r"Worker '([^']+)' submitting flow run '([0-9a-f-]{36})'")
#: two workers may both try a run; the server lets one have it and tells the other to stop
_ABORTED = re.compile(r"Aborted submission of flow run '([0-9a-f-]{36})'")


def submitted_by(stack: Stack) -> dict[UUID, str]:
    """flow run -> the worker that started it, from the workers' own logs."""
    door: dict[UUID, str] = {}
    for proces in stack.processen:
        if proces.naam == "werker":
            tekst = proces.log.read_text(encoding="utf-8", errors="replace")
            afgebroken = set(_ABORTED.findall(tekst))
            for worker, run_id in _SUBMITTING.findall(tekst):
                if run_id not in afgebroken:
                    door[UUID(run_id)] = worker
    return door
