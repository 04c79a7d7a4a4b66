"""The round flow while surveys are open: a Completed run named 'Wacht op enquêtes', the response in
its artifact, continuing once the windows closed, and the continuation a deployment schedules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import cast

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.objects import State
from sqlalchemy import update
from typer.testing import CliRunner

import makelaar.flows.round
from makelaar.cycles.enquetes import EnqueteStand
from makelaar.cycles.rounds import RoundOutcome, run_round, start_round
from makelaar.cycles.spec import Cycle, RoundContext
from makelaar.flows.cli import app
from makelaar.flows.cli_app import tijd
from makelaar.flows.cli_ronde import survey_waiting
from makelaar.flows.round import (
    CONTINUATION_DELAY,
    WAITING_STATE_NAME,
    continuation_key,
    evaluation_round,
    schedule_continuation,
)
from makelaar.models.domain import EnqueteModus, Fase, Kanaal, Publiek, UitnodigingStatus
from makelaar.models.schemas import RoundRef
from makelaar.models.settings import get_settings
from makelaar.models.store import Store
from makelaar.models.tables import EnqueteRonde, Uitnodiging
from tests.flows.flow_testing import SurveyingCycle, artifact, store_survey_form


@pytest.fixture
def surveying_cycle(
    utrecht_store: Store, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SurveyingCycle]:
    cycle = SurveyingCycle()
    real_lookup = makelaar.flows.round.find_cycle

    def lookup(name: str) -> Cycle:
        return cycle if name == cycle.name else real_lookup(name)

    monkeypatch.setattr(makelaar.flows.round, "find_cycle", lookup)
    store_survey_form(utrecht_store)
    yield cycle


def run(periode: str) -> State[RoundOutcome]:
    state = cast(
        "State[RoundOutcome]",
        evaluation_round(
            cyclus="enquetecyclus", periode=periode, leerbijeenkomst="demo", return_state=True
        ),
    )
    return state


@pytest.mark.prefect
def test_the_flow_ends_waiting_for_surveys_and_continues_after_they_closed(
    utrecht_store: Store, surveying_cycle: SurveyingCycle, prefect_client: SyncPrefectClient
) -> None:
    waiting = run("2026-H2")

    assert waiting.is_completed()
    assert waiting.name == WAITING_STATE_NAME
    assert waiting.message is not None
    assert (
        "wacht op de enquêtes die nog open staan: sociaal makelaars (flowformulier, enquêteronde 1)"
        in (waiting.message)
    )
    assert "makelaar round run --cycle enquetecyclus --period 2026-H2" in waiting.message
    outcome = waiting.result()
    assert isinstance(outcome, RoundOutcome)
    assert [p.fase for p in outcome.fasen] == [Fase.OBSERVE]
    assert [s.form_id for s in outcome.wacht_op_enquetes] == ["flowformulier"]
    assert surveying_cycle.calls == {"observe": 1}
    flow_run_id = waiting.state_details.flow_run_id
    assert flow_run_id is not None
    stored = prefect_client.read_flow_run(flow_run_id)
    assert stored.state is not None and stored.state.name == WAITING_STATE_NAME
    summary = str(artifact(prefect_client, flow_run_id, "ronde-gm0344-enquetecyclus-2026-h2").data)
    assert "| reflecteren | niet uitgevoerd: wacht op enquêtes | – |" in summary
    # the form's title is data: literal Markdown (its brackets escaped), shown as typed
    assert "| Sociaal makelaars | Reflectie \\(test\\) (flowformulier) |" in summary
    assert "| open | 0 | 0 | 0 | – |" in summary
    assert f"> **{WAITING_STATE_NAME}.**" in summary

    enquete_ronde_id = outcome.wacht_op_enquetes[0].enquete_ronde_id
    with utrecht_store.session() as session:
        session.add_all(
            Uitnodiging(
                enquete_ronde_id=enquete_ronde_id,
                contact=f"c{number}",
                kanaal=Kanaal.LIJST,
                status=status,
            )
            for number, status in enumerate((UitnodigingStatus.BEANTWOORD, UitnodigingStatus.OPEN))
        )
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)  # the window's time has passed
        session.execute(
            update(EnqueteRonde)
            .where(EnqueteRonde.id == enquete_ronde_id)
            .values(opent_op=past - dt.timedelta(days=7), sluit_op=past)
        )

    done = run("2026-H2")

    assert done.is_completed() and done.name == "Completed"
    finished = done.result()
    assert isinstance(finished, RoundOutcome)
    assert finished.wacht_op_enquetes == []
    assert [(p.fase, p.hervat) for p in finished.fasen] == [
        (Fase.OBSERVE, True),
        (Fase.REFLECT, False),
        (Fase.IMPROVE, False),
        (Fase.APPLY, False),
    ]
    assert surveying_cycle.calls == {"observe": 1, "reflect": 1, "improve": 1, "apply": 1}
    assert done.state_details.flow_run_id is not None
    summary = str(
        artifact(
            prefect_client, done.state_details.flow_run_id, "ronde-gm0344-enquetecyclus-2026-h2"
        ).data
    )
    assert "| 2 | 0 | 1 | 50% |" in summary
    assert "gesloten op" in summary


@pytest.mark.prefect
def test_a_deployed_round_schedules_its_continuation_once(
    prefect_client: SyncPrefectClient,
) -> None:
    flow_id = prefect_client.create_flow_from_name("evaluatieronde")
    deployment_id = prefect_client.create_deployment(
        flow_id=flow_id, name="vervolg-test", entrypoint="flows/round.py:evaluation_round"
    )
    closes = dt.datetime(2027, 1, 12, 17, 0, tzinfo=dt.UTC)
    ronde = RoundRef(
        id=7,
        gemeente_code="GM0344",
        gemeente_naam="Utrecht",
        cyclus="buurtmeter",
        periode="2026-H2",
        begin=dt.date(2026, 7, 1),
        einde=dt.date(2026, 12, 31),
    )
    stand = EnqueteStand(
        enquete_ronde_id=3,
        form_id="buurtmeter",
        titel="Buurtmeter",
        publiek=Publiek.BEWONERS,
        modus=EnqueteModus.ANONIEM,
        opent_op=closes - dt.timedelta(days=28),
        sluit_op=closes,
        gesloten_op=None,
        uitgenodigd=0,
        bezig=0,
        beantwoord=0,
    )
    outcome = RoundOutcome(ronde=ronde, fasen=[], wacht_op_besluiten=[], wacht_op_enquetes=[stand])
    parameters = {"gemeente": "GM0344", "cyclus": "buurtmeter", "periode": None}

    first = schedule_continuation(outcome, deployment_id=str(deployment_id), parameters=parameters)
    second = schedule_continuation(outcome, deployment_id=str(deployment_id), parameters=parameters)

    assert first is not None and second is not None
    assert first.id == second.id
    assert (
        first.idempotency_key
        == continuation_key(outcome)
        == ("evaluatieronde-vervolg-7-20270112T170000Z")
    )
    scheduled = prefect_client.read_flow_run(first.id)
    assert scheduled.deployment_id == deployment_id
    assert scheduled.parameters == {
        "gemeente": "GM0344",
        "cyclus": "buurtmeter",
        "periode": "2026-H2",
    }
    assert scheduled.state is not None and scheduled.state.is_scheduled()
    assert scheduled.state.state_details.scheduled_time == closes + CONTINUATION_DELAY
    assert schedule_continuation(outcome, deployment_id=None, parameters=parameters) is None


def test_round_status_and_run_show_open_surveys_and_their_response(
    utrecht_store: Store, surveying_cycle: SurveyingCycle
) -> None:
    ronde = start_round(
        utrecht_store, gemeente_code="GM0344", cyclus="enquetecyclus", periode="2026"
    )
    opened = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)  # status uses the real clock
    closes = tijd(opened + dt.timedelta(days=7))  # Dutch time with its zone, e.g. CET
    ctx = RoundContext(ronde=ronde, store=utrecht_store, settings=get_settings(), nu=lambda: opened)
    outcome = run_round(ctx, surveying_cycle)
    with utrecht_store.session() as session:
        session.add_all(
            Uitnodiging(
                enquete_ronde_id=outcome.wacht_op_enquetes[0].enquete_ronde_id,
                contact=f"c{number}",
                kanaal=Kanaal.LIJST,
                status=status,
            )
            for number, status in enumerate(
                [UitnodigingStatus.BEANTWOORD] * 3
                + [UitnodigingStatus.BEZIG, UitnodigingStatus.OPEN]
            )
        )
    outcome = run_round(ctx, surveying_cycle)

    paragraph = survey_waiting(outcome)
    assert paragraph.startswith(
        f"Ronde 1 wacht op 1 enquête(s) die nog open staan: Sociaal makelaars (enquêteronde 1) "
        f"tot {closes} "
        "(3 van 5 beantwoord (60%), 1 bezig)."
    )
    assert (
        f"Voer de ronde na {closes} opnieuw uit met 'makelaar round run --cycle "
        "enquetecyclus --period 2026 --gemeente GM0344'"
    ) in paragraph

    status = CliRunner().invoke(app, ["round", "status", "1"])

    assert status.exit_code == 0, status.output
    lines = status.output.splitlines()
    assert "  enquêtes:" in lines
    survey = next(line for line in lines if "flowformulier" in line)
    assert survey.split() == [
        "1", "Sociaal", "makelaars", "flowformulier", "open", "tot", *f"{closes};".split(),
        "3", "van", "5", "beantwoord", "(60%),", "1", "bezig",
    ]  # fmt: skip
    assert lines[-1] == f"  wacht op enquêtes tot {closes}; voer de ronde daarna opnieuw uit"
