"""The evaluation-round flow: phases as tasks, resume after a failure, the learning-session stop."""

from __future__ import annotations

import datetime as dt
import json
from typing import cast

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.objects import State, StateType

from makelaar.cycles.leerbijeenkomst import Besluitvorming, decide
from makelaar.cycles.rounds import RoundOutcome, round_states
from makelaar.flows.round import artifact_key, current_period, evaluation_round
from makelaar.models.domain import Besluit, Fase, FaseStatus
from makelaar.models.schemas import RoundRef
from makelaar.models.settings import get_settings
from makelaar.models.store import Store
from makelaar.models.tables import Editie, FaseRun, Indicatorwaarde, Voorstel
from tests.flows.flow_testing import RecordingCycle, artifact, count_rows, task_runs_of

pytestmark = pytest.mark.prefect

PHASE_TASK_NAMES = ["waarnemen", "reflecteren", "verbeteren", "toepassen"]


def run(periode: str, leerbijeenkomst: Besluitvorming = "demo") -> State[RoundOutcome]:
    state = cast(
        "State[RoundOutcome]",
        evaluation_round(
            cyclus="testcyclus",
            periode=periode,
            leerbijeenkomst=leerbijeenkomst,
            return_state=True,
        ),
    )
    return state


def outcome_of(state: State[RoundOutcome]) -> RoundOutcome:
    result = state.result()
    assert isinstance(result, RoundOutcome)
    return result


def statuses(store: Store, ronde_id: int) -> dict[Fase, FaseStatus | None]:
    return {state.fase: state.status for state in round_states(store, ronde_id)}


def test_current_period_is_the_half_year() -> None:
    assert current_period(dt.date(2026, 6, 30)) == "2026-H1"
    assert current_period(dt.date(2026, 7, 1)) == "2026-H2"


def test_artifact_keys_are_valid_for_prefect() -> None:
    ronde = RoundRef(
        id=1,
        gemeente_code="GM0344",
        gemeente_naam="Utrecht",
        cyclus="Buurt_meter",
        periode="2026-Q3",
        begin=dt.date(2026, 7, 1),
        einde=dt.date(2026, 9, 30),
    )
    assert artifact_key("ronde", ronde) == "ronde-gm0344-buurt-meter-2026-q3"


def test_round_runs_all_phases_as_tasks_with_artifacts(
    utrecht_store: Store, recording_cycle: RecordingCycle, prefect_client: SyncPrefectClient
) -> None:
    state = run("2026-H1")

    assert state.is_completed()
    outcome = outcome_of(state)
    assert [(p.fase, p.hervat) for p in outcome.fasen] == [(fase, False) for fase in Fase]
    assert outcome.wacht_op_besluiten == []
    assert set(statuses(utrecht_store, outcome.ronde.id).values()) == {FaseStatus.COMPLETED}
    assert recording_cycle.calls == {"observe": 1, "reflect": 1, "improve": 1, "apply": 1}

    flow_run_id = state.state_details.flow_run_id
    assert flow_run_id is not None
    flow_run = prefect_client.read_flow_run(flow_run_id)
    assert flow_run.name == "GM0344-testcyclus-2026-H1"
    assert flow_run.state is not None and flow_run.state.type is StateType.COMPLETED
    task_runs = task_runs_of(prefect_client, flow_run_id, expected=4)
    assert sorted(r.name.rsplit("-", 1)[0] for r in task_runs) == sorted(PHASE_TASK_NAMES)
    assert all(r.state is not None and r.state.is_completed() for r in task_runs)

    summary = artifact(prefect_client, flow_run_id, "ronde-gm0344-testcyclus-2026-h1")
    assert summary.type == "markdown"
    text = str(summary.data)
    assert "# Evaluatieronde Utrecht (GM0344)" in text
    assert "| waarnemen | uitgevoerd |" in text
    assert "| testlogboek | 12 | 12 | 0 |" in text
    assert "- Indicatoren: 2 (1 onderdrukt)\n- Bevindingen: 1\n" in text
    assert "- Voorstellen: 2 — 2 aangenomen, 0 verworpen, 0 uitgesteld, 0 open\n" in text
    assert "## Editie 1" in text and "editie-1.pdf" in text
    link = artifact(prefect_client, flow_run_id, "document-gm0344-testcyclus-2026-h1")
    pdf = get_settings().output_dir / "GM0344" / "editie-1.pdf"  # the test cycle's edition
    assert str(link.data) == f"[Editie 1 (PDF)]({pdf.resolve().as_uri()})"

    table = artifact(prefect_client, flow_run_id, "indicatoren-gm0344-testcyclus-2026-h1")
    assert table.type == "table"
    # the round's stored values (the store holds the test cycle's 'waarnemingen' marker too)
    rows = [row for row in json.loads(str(table.data)) if row["indicator"] == "acties"]
    assert rows[0] == {
        "indicator": "acties",
        "naam": "acties",  # the test cycle declares no names
        "dimensie": "gemeente",
        "sleutel": "",
        "waarde": 12.0,
        "ondergrens": None,
        "bovengrens": None,
        "basis": 12,
        "vorige": None,
        "verandering": None,
        "lezing": "",
        "onderdrukt": "nee",
        "reden": "",
    }
    assert rows[1] | {"reden": "?"} == {
        "indicator": "acties",
        "naam": "acties",
        "dimensie": "wijk",
        "sleutel": "WK034401",
        "waarde": "onderdrukt",
        "ondergrens": None,
        "bovengrens": None,
        "basis": "onderdrukt",
        "vorige": None,
        "verandering": None,
        "lezing": "",
        "onderdrukt": "ja",
        "reden": "?",
    }
    assert rows[1]["reden"]  # the rule, or that none was recorded: never blank


def test_failed_phase_fails_the_run_and_the_next_run_resumes(
    utrecht_store: Store, recording_cycle: RecordingCycle, prefect_client: SyncPrefectClient
) -> None:
    recording_cycle.reflect_failures = 1

    failed = run("2026-H2")

    assert failed.is_failed()
    assert failed.state_details.flow_run_id is not None
    stored = prefect_client.read_flow_run(failed.state_details.flow_run_id)
    assert stored.state is not None and stored.state.type is StateType.FAILED
    ronde_id = 1
    assert statuses(utrecht_store, ronde_id) == {
        Fase.OBSERVE: FaseStatus.COMPLETED,
        Fase.REFLECT: FaseStatus.FAILED,
        Fase.IMPROVE: None,
        Fase.APPLY: None,
    }
    fout = {s.fase: s.fout for s in round_states(utrecht_store, ronde_id)}[Fase.REFLECT]
    assert fout == "RuntimeError: reflectie mislukt (opzettelijk, test)"

    resumed = run("2026-H2")

    assert resumed.is_completed()
    outcome = outcome_of(resumed)
    assert [(p.fase, p.hervat) for p in outcome.fasen] == [
        (Fase.OBSERVE, True),
        (Fase.REFLECT, False),
        (Fase.IMPROVE, False),
        (Fase.APPLY, False),
    ]
    assert recording_cycle.calls == {"observe": 1, "reflect": 2, "improve": 1, "apply": 1}
    assert {s.fase: s.pogingen for s in round_states(utrecht_store, ronde_id)}[Fase.REFLECT] == 2
    assert count_rows(utrecht_store, Indicatorwaarde, ronde_id=ronde_id) == 3
    assert count_rows(utrecht_store, FaseRun, ronde_id=ronde_id) == 4
    assert count_rows(utrecht_store, Voorstel, ronde_id=ronde_id) == 2
    assert count_rows(utrecht_store, Editie) == 1


def test_round_waits_for_the_learning_session_then_applies(
    utrecht_store: Store, recording_cycle: RecordingCycle, prefect_client: SyncPrefectClient
) -> None:
    waiting = run("2026-Q3", leerbijeenkomst="handmatig")

    assert waiting.is_completed()
    outcome = outcome_of(waiting)
    assert outcome.wacht_op_besluiten == ["T-1", "T-2"]
    assert [p.fase for p in outcome.fasen] == [Fase.OBSERVE, Fase.REFLECT, Fase.IMPROVE]
    assert statuses(utrecht_store, outcome.ronde.id)[Fase.APPLY] is None
    assert recording_cycle.calls["apply"] == 0
    assert waiting.state_details.flow_run_id is not None
    summary = str(
        artifact(
            prefect_client, waiting.state_details.flow_run_id, "ronde-gm0344-testcyclus-2026-q3"
        ).data
    )
    assert "| toepassen | niet uitgevoerd: wacht op besluiten | – |" in summary
    assert "- Voorstellen: 2 — 0 aangenomen, 0 verworpen, 0 uitgesteld, 2 open\n" in summary
    assert "wacht op de besluiten van de leerbijeenkomst over T-1, T-2" in summary
    assert f"makelaar round besluit {outcome.ronde.id} CODE aangenomen|verworpen" in summary

    decide(utrecht_store, outcome.ronde.id, "T-1", Besluit.AANGENOMEN, "Past bij de praktijk.")
    decide(utrecht_store, outcome.ronde.id, "T-2", Besluit.VERWORPEN, "Eerst meer ervaring.")
    applied = run("2026-Q3", leerbijeenkomst="handmatig")

    outcome = outcome_of(applied)
    assert outcome.wacht_op_besluiten == []
    assert [(p.fase, p.hervat) for p in outcome.fasen] == [
        (Fase.OBSERVE, True),
        (Fase.REFLECT, True),
        (Fase.IMPROVE, True),
        (Fase.APPLY, False),
    ]
    assert recording_cycle.calls == {"observe": 1, "reflect": 1, "improve": 1, "apply": 1}
    assert statuses(utrecht_store, outcome.ronde.id)[Fase.APPLY] is FaseStatus.COMPLETED
    assert count_rows(utrecht_store, Voorstel, ronde_id=outcome.ronde.id) == 2
