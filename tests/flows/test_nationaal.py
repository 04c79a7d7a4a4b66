"""A national programme as it runs: a Prefect server on PostgreSQL and two process workers
(flows.stack, real processes), a programme of 20 gemeenten in casusregie deployed with
`makelaar programma deploy`, their scheduled rounds moved to now and run to the end by the two
workers: every round completed with exactly one pilot report and its PDF, no report number or
file twice. Then two rounds of one gemeente started together (the test holds the gemeente's
Prefect limit until both wait for it, as a running round would): one runs its phases, the other
waits for it and runs after; each has its own report, numbered in the order the rounds were made.

makelaar's own database is on the same PostgreSQL server; both databases are the test's own
(a unique prefix) and dropped afterwards."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import socket
import time
from collections.abc import Iterator
from uuid import UUID

import pytest
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.client.schemas.objects import FlowRun

from makelaar.cycles.rounds import list_rounds, stored_result
from makelaar.flows.concurrency import ensure_limits, gemeente_limit
from makelaar.flows.stack import Stack
from makelaar.models.domain import Fase
from makelaar.models.schemas import ApplyResult, RoundRef
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.conftest import POSTGRES_URL, skip_or_fail
from tests.flows.flow_testing import task_runs_of
from tests.flows.nationaal import (
    DEPLOYMENT,
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
    submitted_by,
    until_final,
)

pytestmark = pytest.mark.postgres

AANTAL = 20
ROUNDS_TIMEOUT_S = 600
JAAR = dt.date.today().year


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The stack with two workers, each running one flow run at a time (two cores, two rounds
    at once) and looking for work every second; its databases dropped afterwards."""
    waarom = postgres_antwoordt(POSTGRES_URL)
    if waarom is not None:
        skip_or_fail(f"PostgreSQL at {POSTGRES_URL} is not reachable: {waarom}")
    root = tmp_path_factory.mktemp("nationaal")
    prefix = f"nationaal_{secrets.token_hex(4)}"
    stack = Stack(
        postgres=POSTGRES_URL,
        prefix=prefix,
        prefect_poort=vrije_poort(),
        forms_poort=vrije_poort(),
        map=root / "stack",
        data_dir=root / "data",
        output_dir=root / "out",
        werkers=2,
        werker_limiet=1,
        werker_interval=1.0,
        zeg=lambda tekst: None,
    )
    try:
        with started(stack):
            yield stack
    finally:
        drop_databases(POSTGRES_URL, prefix)


@pytest.fixture(scope="module")
def programma(stack: Stack) -> list[Gemeente]:
    """20 gemeenten with a casusregie demo pilot each, deployed as one programme."""
    wie = gemeenten(AANTAL)
    demo_pilots(project_settings(stack), wie, JAAR)
    pad = schrijf_programma(stack.map / "programma.yaml", wie, "Proef landelijk programma")
    result = deploy(stack, pad)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{AANTAL} gemeenten, {AANTAL} roosters in ronde-casusregie" in result.stdout
    return wie


def reports(settings: Settings) -> dict[int, tuple[RoundRef, ApplyResult]]:
    """round id -> the round and the pilot report its apply phase wrote (a casusregie report is
    numbered by the gemeente's casusregie rounds up to and including its own)."""
    store = Store.from_settings(settings)
    try:
        found: dict[int, tuple[RoundRef, ApplyResult]] = {}
        for ronde in list_rounds(store):
            report = stored_result(store, ronde.id, Fase.APPLY)
            assert isinstance(report, ApplyResult), ronde
            found[ronde.id] = (ronde, report)
        return found
    finally:
        store.dispose()


def assert_intact(found: dict[int, tuple[RoundRef, ApplyResult]], settings: Settings) -> None:
    """No report number twice in a gemeente, no file twice, each PDF the bytes its round says."""
    numbers = [(ronde.gemeente_code, report.editie) for ronde, report in found.values()]
    assert len(set(numbers)) == len(numbers), sorted(numbers)
    pdfs = [report.pdf for _, report in found.values()]
    assert len(set(pdfs)) == len(pdfs)
    for _, report in found.values():
        assert report.pdf is not None and report.pdf.is_relative_to(settings.output_dir)
        pdf = report.pdf.read_bytes()
        assert pdf.startswith(b"%PDF")
        assert hashlib.sha256(pdf).hexdigest() == report.pdf_sha256


def test_two_workers_run_the_scheduled_rounds_of_a_programme_of_20_gemeenten(
    stack: Stack, programma: list[Gemeente]
) -> None:
    settings = project_settings(stack)
    codes = {g.code for g in programma}
    with client_of(stack) as client:
        scheduled = first_scheduled(client, codes)
        assert set(scheduled) == codes
        for code, run in scheduled.items():
            assert run.parameters == {
                "cyclus": "casusregie",
                "leerbijeenkomst": "demo",
                "gemeente": code,
                "enquetes": "demo",
            }
        start_now(client, scheduled.values())
        ids = [run.id for run in scheduled.values()]
        ran = until_final(client, ids, ROUNDS_TIMEOUT_S)

    niet_af = {
        run.parameters["gemeente"]: run.state.name if run.state else None
        for run in ran.values()
        if run.state is None or not run.state.is_completed()
    }
    assert len(ran) == AANTAL and not niet_af, niet_af
    door = submitted_by(stack)
    assert set(ids) <= set(door)  # every round was started by one of the two workers ...
    assert {door[i] for i in ids} == {"makelaar-stack", "makelaar-stack-2"}  # ... by both

    found = reports(settings)
    # one round per gemeente, each with its first pilot report
    assert sorted(ronde.gemeente_code for ronde, _ in found.values()) == sorted(codes)
    assert {report.editie for _, report in found.values()} == {1}
    assert_intact(found, settings)


def logs_of(stack: Stack, run: FlowRun) -> str:
    with client_of(stack) as client:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])), limit=200
        )
    return "\n".join(log.message for log in logs)


def test_two_rounds_of_one_gemeente_started_together_run_one_after_the_other(
    stack: Stack, programma: list[Gemeente]
) -> None:
    settings = project_settings(stack)
    gemeente = programma[0]
    voor = {
        i for i, (ronde, _) in reports(settings).items() if ronde.gemeente_code == gemeente.code
    }
    parameters = {
        "cyclus": "casusregie",
        "gemeente": gemeente.code,
        "leerbijeenkomst": "demo",
        "enquetes": "demo",
    }
    wacht = f"Er loopt al een ronde van {gemeente.code}"
    with client_of(stack) as client:
        # the gemeente busy (as a running round holds its slot) while both runs start, so both
        # are there before either may begin, however long a worker takes to start one
        ensure_limits(gemeente.code, Settings().max_rondes)
        bezet = client.increment_concurrency_slots_with_lease(
            names=[gemeente_limit(gemeente.code)], slots=1, mode="concurrency", lease_duration=300
        ).json()["lease_id"]
        try:
            deployment = client.read_deployment_by_name(f"evaluatieronde/{DEPLOYMENT}")
            runs = [
                client.create_flow_run_from_deployment(
                    deployment.id, parameters=parameters | {"periode": periode}
                )
                for periode in (f"{JAAR}-H1", f"{JAAR}-Q3")
            ]
            deadline = time.monotonic() + ROUNDS_TIMEOUT_S
            while not all(wacht in logs_of(stack, run) for run in runs):
                assert time.monotonic() < deadline, {r.id: logs_of(stack, r) for r in runs}
                time.sleep(1.0)
        finally:
            client.release_concurrency_slots_with_lease(UUID(bezet))
        ran = until_final(client, [r.id for r in runs], ROUNDS_TIMEOUT_S)
        fasen = {r.id: task_runs_of(client, r.id, 4) for r in runs}
    for run in ran.values():
        assert run.state is not None and run.state.is_completed(), run.state
    door = submitted_by(stack)
    assert {door[r.id] for r in runs} == {"makelaar-stack", "makelaar-stack-2"}  # together
    for run in runs:
        assert gemeente_limit(gemeente.code) in logs_of(stack, run)

    # once the gemeente was free, one round ran its phases; the other waited until it was done
    def venster(run_id: UUID) -> tuple[float, float]:
        tijden = [t for t in fasen[run_id] if t.start_time and t.end_time]
        assert len(tijden) >= 4, fasen[run_id]
        return (
            min(t.start_time.timestamp() for t in tijden if t.start_time),
            max(t.end_time.timestamp() for t in tijden if t.end_time),
        )

    first, second = sorted((ran[r.id] for r in runs), key=lambda r: venster(r.id))
    assert venster(first.id)[1] <= venster(second.id)[0]
    assert first.end_time is not None and second.end_time is not None
    assert second.end_time > first.end_time

    found = reports(settings)
    nieuw = sorted(
        (ronde.id, ronde.periode, report.editie)
        for ronde, report in found.values()
        if ronde.gemeente_code == gemeente.code and ronde.id not in voor
    )
    # a round each, and a report each: numbered after the gemeente's earlier rounds, in the
    # order the rounds were made (their ids), whichever of them waited
    assert [nummer for _, _, nummer in nieuw] == [len(voor) + 1, len(voor) + 2]
    assert {periode for _, periode, _ in nieuw} == {
        first.parameters["periode"],
        second.parameters["periode"],
    }
    assert_intact(found, settings)
