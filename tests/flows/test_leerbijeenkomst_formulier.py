"""`--leerbijeenkomst formulier`: the round's run pauses in Prefect with a form listing each open
proposal; resuming it with the session's answers (as Prefect's UI does) records them through
`decide`, with who decided and the history, and the round goes on to apply when none is open.
Against the tests' local Prefect server."""

from __future__ import annotations

import contextvars
import threading
import time
from typing import Any, cast

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName
from prefect.client.schemas.objects import State, StateType
from prefect.flow_runs import resume_flow_run

import makelaar.flows.leerbijeenkomst_formulier
from makelaar.cycles.leerbijeenkomst import decisions, history
from makelaar.cycles.rounds import RoundOutcome
from makelaar.cycles.voorstellen import VoorstelWeergave
from makelaar.flows.leerbijeenkomst_formulier import field_name, form_for
from makelaar.flows.round import evaluation_round
from makelaar.models.domain import Besluit
from makelaar.models.store import Store
from tests.flows.flow_testing import RecordingCycle, artifact

pytestmark = pytest.mark.prefect


@pytest.fixture(autouse=True)
def _short_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run nobody resumes gives up after 45 s here, not an hour."""
    monkeypatch.setattr(makelaar.flows.leerbijeenkomst_formulier, "FORM_TIMEOUT_S", 45)


PAUSE_WAIT_S = 60.0


def resume_when_paused(
    client: SyncPrefectClient, name: str, answers: dict[str, Any], seen: dict[str, Any]
) -> threading.Thread:
    """A thread that waits until the run called `name` is paused, then resumes it with `answers`."""

    def work() -> None:
        deadline = time.monotonic() + PAUSE_WAIT_S
        while time.monotonic() < deadline:
            runs = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[name]))
            )
            paused = [r for r in runs if r.state is not None and r.state.type is StateType.PAUSED]
            if paused:
                seen["paused"] = paused[0]
                resume_flow_run(paused[0].id, run_input=answers)
                return
            time.sleep(0.5)
        seen["timeout"] = True

    def guarded() -> None:
        try:
            work()
        except Exception as exc:  # the test fails on it, not the thread alone
            seen["error"] = exc

    # Prefect's settings (the test server's URL) live in context variables: the thread gets a copy
    thread = threading.Thread(target=contextvars.copy_context().run, args=(guarded,), daemon=True)
    thread.start()
    return thread


def run_with_form() -> State[RoundOutcome]:
    return cast(
        "State[RoundOutcome]",
        evaluation_round(
            cyclus="testcyclus", periode="2026-H1", leerbijeenkomst="formulier", return_state=True
        ),
    )


def test_the_session_decides_in_the_paused_runs_form(
    utrecht_store: Store, recording_cycle: RecordingCycle, prefect_client: SyncPrefectClient
) -> None:
    seen: dict[str, Any] = {}
    answers = {
        "v_t_1": {"besluit": "aangenomen", "reden": "Past bij wat we zien."},
        "v_t_2": {"besluit": "uitgesteld", "reden": "Eerst de volgende ronde."},
        "besloten_door": "leerbijeenkomst 12 januari",
    }
    helper = resume_when_paused(prefect_client, "GM0344-testcyclus-2026-H1", answers, seen)

    state = run_with_form()
    helper.join(PAUSE_WAIT_S)

    assert "error" not in seen, seen
    assert "timeout" not in seen and seen["paused"].state.type is StateType.PAUSED
    assert state.is_completed()
    outcome = state.result()
    assert isinstance(outcome, RoundOutcome)
    assert outcome.wacht_op_besluiten == []
    assert recording_cycle.calls["apply"] == 1  # the round went on to apply in the same run
    taken = {
        d.code: (d.besluit, d.besluit_reden, d.besloten_door)
        for d in decisions(utrecht_store, outcome.ronde.id)
    }
    assert taken == {
        "T-1": (Besluit.AANGENOMEN, "Past bij wat we zien.", "leerbijeenkomst 12 januari"),
        "T-2": (Besluit.UITGESTELD, "Eerst de volgende ronde.", "leerbijeenkomst 12 januari"),
    }
    entries = history(utrecht_store, outcome.ronde.id)
    assert [(e.volgnummer, e.besluit) for e in entries["T-1"]] == [(1, Besluit.AANGENOMEN)]
    # the proposals in full beside the form: the run's Markdown artifact
    flow_run_id = state.state_details.flow_run_id
    assert flow_run_id is not None
    shown = artifact(prefect_client, flow_run_id, f"leerbijeenkomst-ronde-{outcome.ronde.id}")
    assert isinstance(shown.data, str)
    assert "## Voorstel 1 (T\\-1)" in shown.data
    assert "> Tekst van voorstel 1\\." in shown.data
    assert "- Veel acties: De makelaars waren actief\\." in shown.data


def test_an_answer_without_reason_leaves_its_proposal_open(
    utrecht_store: Store, recording_cycle: RecordingCycle, prefect_client: SyncPrefectClient
) -> None:
    seen: dict[str, Any] = {}
    answers = {
        "v_t_1": {"besluit": "verworpen", "reden": "Past niet."},
        "v_t_2": {"besluit": "aangenomen", "reden": "  "},
        "besloten_door": "Team Wijken",
    }
    helper = resume_when_paused(prefect_client, "GM0344-testcyclus-2026-H1", answers, seen)

    state = run_with_form()
    helper.join(PAUSE_WAIT_S)

    outcome = state.result()
    assert isinstance(outcome, RoundOutcome)
    assert outcome.wacht_op_besluiten == ["T-2"]
    assert recording_cycle.calls["apply"] == 0
    taken = {d.code: d.besluit for d in decisions(utrecht_store, outcome.ronde.id)}
    assert taken == {"T-1": Besluit.VERWORPEN, "T-2": Besluit.OPEN}


def test_the_form_has_one_choice_per_open_proposal_and_who_decided(utrecht_store: Store) -> None:
    from makelaar.cycles.leerbijeenkomst import record_proposals
    from makelaar.cycles.rounds import start_round
    from makelaar.models.schemas import Proposal

    ronde = start_round(utrecht_store, gemeente_code="GM0344", cyclus="testcyclus", periode="2026")
    record_proposals(
        utrecht_store,
        ronde.id,
        [Proposal(code="a-b", sectie_id="werkwijze", titel="A <b>", tekst="t", onderbouwing="o")],
    )
    (view,) = [
        VoorstelWeergave(voorstel=d, secties=("Werkwijze",), bevindingen=(), geschiedenis=())
        for d in decisions(utrecht_store, ronde.id)
    ]
    formulier = form_for(ronde, [view], "en")
    schema = formulier.model.model_json_schema()
    assert formulier.codes == {"v_a_b": "a-b"}
    assert schema["properties"]["v_a_b"]["title"] == "A <b>"
    assert schema["properties"]["besloten_door"]["title"] == "Decided by"
    assert schema["required"] == ["besloten_door"]
    assert field_name("a-b", {"v_a_b"}) == "v_a_b_2"
