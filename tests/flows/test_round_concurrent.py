"""Two flow runs of one round at once: the second says it waits, then resumes what the first did.

It waits for the gemeente's Prefect slot (flows.concurrency); where that limit does not hold (it
is switched off, or the runs report to two Prefect servers) the round lock still makes it wait."""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Iterator
from typing import cast

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.actions import GlobalConcurrencyLimitUpdate
from prefect.client.schemas.objects import State

import makelaar.cycles.roundlock
from makelaar.cycles.roundlock import round_lock
from makelaar.cycles.rounds import RoundOutcome, round_states, start_round
from makelaar.cycles.spec import RoundContext
from makelaar.flows.concurrency import ensure_limits, gemeente_limit
from makelaar.flows.round import evaluation_round, run_evaluation_round
from makelaar.models.domain import FaseStatus
from makelaar.models.errors import MakelaarError
from makelaar.models.schemas import ObserveResult
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Editie, FaseRun, Indicatorwaarde, Voorstel
from tests.flows.flow_testing import RecordingCycle, count_rows

pytestmark = pytest.mark.prefect

WAIT_TIMEOUT_S = 60.0


WAITS_FOR = {
    "gemeente_slot": (
        "Er loopt al een ronde van GM0344; ronde 1 (testcyclus, 2026-H1) wacht tot die klaar is "
        "(Prefect-limiet makelaar-gemeente-GM0344)."
    ),
    "round_lock": "Een andere run van deze ronde (ronde 1) is bezig, wachten… (hooguit 10 min)",
}


@pytest.fixture(params=sorted(WAITS_FOR))
def waits_for(request: pytest.FixtureRequest, prefect_client: SyncPrefectClient) -> Iterator[str]:
    """What the second run waits for: the gemeente's slot, or (that limit switched off in
    Prefect, as a second Prefect server would not know it) the round lock."""
    name = gemeente_limit("GM0344")
    ensure_limits("GM0344", 4)
    active = request.param == "gemeente_slot"
    prefect_client.update_global_concurrency_limit(
        name, GlobalConcurrencyLimitUpdate(active=active)
    )
    try:
        yield str(request.param)
    finally:
        prefect_client.update_global_concurrency_limit(
            name, GlobalConcurrencyLimitUpdate(active=True)
        )


def test_a_second_run_of_the_round_waits_and_undoes_nothing(
    waits_for: str,
    utrecht_store: Store,
    recording_cycle: RecordingCycle,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    in_observe, gate = threading.Event(), threading.Event()
    observe = recording_cycle.observe

    def gated_observe(ctx: RoundContext) -> ObserveResult:
        in_observe.set()
        assert gate.wait(WAIT_TIMEOUT_S), "the test never opened the gate"
        return observe(ctx)

    monkeypatch.setattr(recording_cycle, "observe", gated_observe)
    states: dict[str, State[RoundOutcome]] = {}

    def run(name: str) -> None:
        states[name] = cast(
            "State[RoundOutcome]",
            evaluation_round(
                cyclus="testcyclus", periode="2026-H1", leerbijeenkomst="demo", return_state=True
            ),
        )

    caplog.set_level(logging.WARNING, logger="makelaar.flows")
    # each thread in a copy of this context: Prefect's settings (the session's API) live in it
    first = threading.Thread(target=contextvars.copy_context().run, args=(run, "first"))
    first.start()
    assert in_observe.wait(WAIT_TIMEOUT_S)
    second = threading.Thread(target=contextvars.copy_context().run, args=(run, "second"))
    second.start()
    waiting = WAITS_FOR[waits_for]
    for _ in range(int(WAIT_TIMEOUT_S * 10)):
        if waiting in caplog.messages or not second.is_alive():
            break
        second.join(0.1)
    assert waiting in caplog.messages
    assert [m for m in WAITS_FOR.values() if m in caplog.messages] == [waiting]
    gate.set()
    first.join(WAIT_TIMEOUT_S)
    second.join(WAIT_TIMEOUT_S)

    first_outcome, second_outcome = (states[name].result() for name in ("first", "second"))
    assert isinstance(first_outcome, RoundOutcome) and isinstance(second_outcome, RoundOutcome)
    assert [p.hervat for p in first_outcome.fasen] == [False] * 4
    assert [p.hervat for p in second_outcome.fasen] == [True] * 4
    assert recording_cycle.calls == {"observe": 1, "reflect": 1, "improve": 1, "apply": 1}
    phases = round_states(utrecht_store, first_outcome.ronde.id)
    assert [(p.status, p.pogingen) for p in phases] == [(FaseStatus.COMPLETED, 1)] * 4
    assert count_rows(utrecht_store, FaseRun) == 4
    assert count_rows(utrecht_store, Indicatorwaarde) == 3  # observe's one and reflect's two
    assert count_rows(utrecht_store, Voorstel) == 2
    assert count_rows(utrecht_store, Editie) == 1


def test_a_run_that_gives_up_waiting_says_so_in_the_users_language(
    utrecht_store: Store,
    recording_cycle: RecordingCycle,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(makelaar.cycles.roundlock, "ROUND_LOCK_WAIT_S", 0.3)
    ronde = start_round(
        utrecht_store, gemeente_code="GM0344", cyclus="testcyclus", periode="2026-H1"
    )
    other_run = Store(utrecht_store.url)
    try:
        with round_lock(other_run, ronde), pytest.raises(MakelaarError) as busy:
            run_evaluation_round(
                settings.model_copy(update={"locale": "en"}), cyclus="testcyclus", periode="2026-H1"
            )
    finally:
        other_run.dispose()
    assert str(busy.value) == (
        f"Another run of round {ronde.id} (GM0344, testcyclus, 2026-H1) is still busy after "
        "waiting 0.3 s; this run changed nothing. Run the round again once it is done "
        "('makelaar round status' shows how far it got)."
    )
    assert recording_cycle.calls == {}
    assert count_rows(utrecht_store, FaseRun) == 0
