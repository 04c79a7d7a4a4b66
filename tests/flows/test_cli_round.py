"""`makelaar round run`, `status` and `besluit` as the user reads them: what a waiting round waits
for, times in Dutch time, decisions that fit the round's state and keep their history."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner, Result

import makelaar.flows.round
from makelaar.cycles.demo.enquetes import answer_as_demo
from makelaar.cycles.leerbijeenkomst import Besluitvorming, history
from makelaar.cycles.rounds import (
    RoundOutcome,
    check_period_begun,
    run_round,
    start_round,
    today_in_nl,
)
from makelaar.cycles.spec import Cycle, RoundContext
from makelaar.flows.cli import app
from makelaar.flows.cli_app import tijd
from makelaar.flows.round import EnqueteAfhandeling, current_period
from makelaar.forms.tijden import AMSTERDAM
from makelaar.models.domain import Besluit, Fase, FaseStatus
from makelaar.models.errors import MakelaarError
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.tables import BesluitHistorie, Evaluatieronde, FaseRun, Indicatorwaarde
from tests.flows.flow_testing import RecordingCycle, SurveyingCycle, count_rows, store_survey_form


@pytest.fixture
def cycles_without_prefect(
    utrecht_store: Store, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, Cycle]]:
    """`round run` runs the test cycles as plain calls (cycles.rounds.run_round), no Prefect."""
    known: dict[str, Cycle] = {"testcyclus": RecordingCycle(), "enquetecyclus": SurveyingCycle()}

    def direct(
        settings: Settings,
        *,
        gemeente: str = "GM0344",
        cyclus: str = "buurtmeter",
        periode: str | None = None,
        cbs_bestand: str | None = None,
        leerbijeenkomst: Besluitvorming = "handmatig",
        enquetes: EnqueteAfhandeling = "wachten",
        vooruit: bool = False,
        bestanden: dict[str, str] | None = None,
    ) -> RoundOutcome:
        assert periode is not None
        ronde = start_round(
            utrecht_store, gemeente_code=gemeente, cyclus=cyclus, periode=periode, vooruit=vooruit
        )
        ctx = RoundContext(ronde=ronde, store=utrecht_store, settings=get_settings())
        filler = answer_as_demo if enquetes == "demo" else None
        return run_round(ctx, known[cyclus], leerbijeenkomst=leerbijeenkomst, survey_filler=filler)

    monkeypatch.setattr(makelaar.flows.round, "run_evaluation_round", direct)
    store_survey_form(utrecht_store)
    yield known


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("MAKELAAR_LOCALE", "en")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def step_line(result: Result) -> str:
    return next(line for line in result.output.splitlines() if line.startswith("→"))


def test_a_run_waiting_for_decisions_says_so_on_its_step_line(
    cycles_without_prefect: dict[str, Cycle],
) -> None:
    result = invoke("round", "run", "--cycle", "testcyclus", "--period", "2026")

    line = step_line(result)
    assert " ... wacht op besluiten over 2 voorstellen (" in line
    assert "klaar" not in line
    assert "Ronde 1 wacht op de leerbijeenkomst: 2 voorstel(len) zonder besluit" in result.output


def test_a_run_waiting_for_surveys_says_until_when_in_dutch_time(
    cycles_without_prefect: dict[str, Cycle],
) -> None:
    before = dt.datetime.now(dt.UTC)
    result = invoke("round", "run", "--cycle", "enquetecyclus", "--period", "2026")

    line = step_line(result)
    assert " ... wacht op enquêtes tot " in line and "klaar" not in line
    shown = line.split(" ... wacht op enquêtes tot ")[1].split(" (")[0]
    moment, zone = shown.rsplit(" ", 1)
    closes = dt.datetime.strptime(moment, "%d-%m-%Y %H:%M")
    amsterdam = (before + dt.timedelta(days=7)).astimezone(AMSTERDAM)
    assert zone == amsterdam.tzname() and zone in ("CET", "CEST")
    assert abs(closes - amsterdam.replace(tzinfo=None)) < dt.timedelta(minutes=2)


def test_the_step_line_is_english_with_the_locale(
    cycles_without_prefect: dict[str, Cycle], english: None
) -> None:
    result = invoke("round", "run", "--cycle", "testcyclus", "--period", "2026")

    assert " ... waiting for decisions on 2 proposals (" in step_line(result)


def test_round_status_shows_every_time_in_dutch_time_with_its_zone(
    cycles_without_prefect: dict[str, Cycle], utrecht_store: Store
) -> None:
    invoke("round", "run", "--cycle", "enquetecyclus", "--period", "2026")
    with utrecht_store.session() as session:
        observed = session.scalars(select(FaseRun).where(FaseRun.fase == Fase.OBSERVE)).one()
        assert observed.afgerond_op is not None
        completed = observed.afgerond_op.astimezone(AMSTERDAM)
        session.add(
            FaseRun(
                ronde_id=observed.ronde_id,
                fase=Fase.REFLECT,
                status=FaseStatus.RUNNING,
                gestart_op=dt.datetime(2026, 7, 1, 8, 30, tzinfo=dt.UTC),
                pogingen=1,
            )
        )

    lines = invoke("round", "status", "1").output.splitlines()

    assert f"  waarnemen    afgerond op {completed:%d-%m-%Y %H:%M %Z}" in lines
    assert "  reflecteren  bezig sinds 01-07-2026 10:30 CEST (poging 1)" in lines
    survey = next(line for line in lines if "flowformulier" in line)
    assert re.search(r"open tot \d\d-\d\d-\d{4} \d\d:\d\d CES?T;", survey), survey
    assert "UTC" not in "\n".join(lines) and "+00:00" not in "\n".join(lines)


def refused(*args: str) -> str:
    """The one line a refused command shows (a MakelaarError, as main() prints it)."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, MakelaarError), result.exception
    return str(result.exception)


def test_a_decision_before_the_round_has_proposals_says_how_far_the_round_is(
    cycles_without_prefect: dict[str, Cycle], utrecht_store: Store
) -> None:
    start_round(utrecht_store, gemeente_code="GM0344", cyclus="testcyclus", periode="2026")

    message = refused("round", "besluit", "1", "T-1", "aangenomen", "--reden", "goed idee")

    assert message == (
        "Ronde 1 heeft nog geen voorstellen om over te besluiten: ze is nog niet verder dan "
        "waarnemen. Voer de ronde eerst uit met 'makelaar round run --cycle testcyclus --period "
        "2026 --gemeente GM0344'; daarna staan de voorstellen klaar voor de leerbijeenkomst."
    )


def test_decisions_say_what_they_changed_and_keep_their_history(
    cycles_without_prefect: dict[str, Cycle], utrecht_store: Store
) -> None:
    invoke("round", "run", "--cycle", "testcyclus", "--period", "2026")

    first = invoke("round", "besluit", "1", "T-1", "aangenomen", "--reden", "past bij de wijk")
    assert first.output.splitlines() == [
        "Besluit vastgelegd: T-1 aangenomen (past bij de wijk).",
        "Nog 1 voorstel zonder besluit: T-2.",
    ]
    [adopted] = history(utrecht_store, 1)["T-1"]
    adopted_at = tijd(adopted.besloten_op)

    again = invoke("round", "besluit", "1", "T-1", "aangenomen", "--reden", "past bij de wijk")
    assert again.output.splitlines()[0] == (
        f"T-1 was al aangenomen op {adopted_at}, met dezelfde reden; er is niets veranderd."
    )
    assert count_rows(utrecht_store, BesluitHistorie) == 1

    changed = invoke("round", "besluit", "1", "T-1", "verworpen", "--reden", "te duur")
    assert changed.output.splitlines()[0] == (
        f"Besluit gewijzigd: T-1 was eerder aangenomen op {adopted_at} (past bij de wijk), nu "
        "verworpen (te duur). Het eerdere besluit blijft bewaard: 'makelaar round besluiten 1' "
        "toont de geschiedenis."
    )

    last = invoke("round", "besluit", "1", "T-2", "aangenomen", "--reden", "werkt al")
    assert last.output.splitlines()[1] == (
        "Alle voorstellen van ronde 1 hebben nu een besluit. De ronde kan verder: 'makelaar round "
        "run --cycle testcyclus --period 2026 --gemeente GM0344' maakt de nieuwe editie van de "
        "handreiking."
    )

    entries = history(utrecht_store, 1)
    assert [(e.volgnummer, e.besluit, e.reden) for e in entries["T-1"]] == [
        (1, Besluit.AANGENOMEN, "past bij de wijk"),
        (2, Besluit.VERWORPEN, "te duur"),
    ]
    rejected_at = tijd(entries["T-1"][1].besloten_op)
    shown = invoke("round", "besluiten", "1").output.splitlines()
    assert shown == [
        "Ronde 1 (testcyclus, Utrecht, 2026): besluiten van de leerbijeenkomst",
        "  T-1  Voorstel 1",
        f"      1. aangenomen op {adopted_at}: past bij de wijk",
        f"      2. verworpen op {rejected_at}: te duur  (geldt)",
        "  T-2  Voorstel 2",
        f"      1. aangenomen op {tijd(entries['T-2'][0].besloten_op)}: werkt al  (geldt)",
    ]
    status = invoke("round", "status", "1").output.splitlines()
    assert (
        "  besluiten: 1 aangenomen, 1 verworpen, 0 open; 1 gewijzigd (geschiedenis: "
        "'makelaar round besluiten 1')"
    ) in status


def test_a_decision_after_the_edition_is_made_is_refused_naming_the_edition(
    cycles_without_prefect: dict[str, Cycle], utrecht_store: Store
) -> None:
    invoke("round", "run", "--cycle", "testcyclus", "--period", "2026")
    invoke("round", "besluit", "1", "T-1", "aangenomen", "--reden", "past bij de wijk")
    invoke("round", "besluit", "1", "T-2", "verworpen", "--reden", "te duur")
    invoke("round", "run", "--cycle", "testcyclus", "--period", "2026")

    message = refused("round", "besluit", "1", "T-2", "aangenomen", "--reden", "toch wel")

    assert message.startswith("Ronde 1 is al toegepast: editie 1 van de handreiking is op ")
    assert message.endswith(
        "gemaakt met de besluiten van toen. Daarin staat T-2 als verworpen. Een besluit over T-2 "
        "verandert die editie niet meer; breng het in bij de leerbijeenkomst van de volgende ronde."
    )
    assert [e.besluit for e in history(utrecht_store, 1)["T-2"]] == [Besluit.VERWORPEN]


def test_an_unknown_proposal_or_an_empty_reason_is_refused_with_what_is_valid(
    cycles_without_prefect: dict[str, Cycle],
) -> None:
    invoke("round", "run", "--cycle", "testcyclus", "--period", "2026")

    assert refused("round", "besluit", "1", "T-9", "aangenomen", "--reden", "x") == (
        "Ronde 1 heeft geen voorstel 'T-9'. Voorstellen van deze ronde: T-1, T-2."
    )
    assert refused("round", "besluit", "1", "T-1", "aangenomen", "--reden", " ") == (
        'Voorstel T-1: geef de reden van het besluit met --reden "...".'
    )


def test_a_changed_decision_in_english(
    cycles_without_prefect: dict[str, Cycle], english: None
) -> None:
    invoke("round", "run", "--cycle", "testcyclus", "--period", "2026")
    invoke("round", "besluit", "1", "T-1", "aangenomen", "--reden", "fits")

    changed = invoke("round", "besluit", "1", "T-1", "verworpen", "--reden", "too costly")

    first, then = changed.output.splitlines()
    assert first.startswith("Decision changed: T-1 was adopted earlier, on ")
    assert first.endswith(
        "(fits), now rejected (too costly). The earlier decision is kept: "
        "'makelaar round besluiten 1' shows the history."
    )
    assert then == "1 proposal still without a decision: T-2."


def test_a_round_for_a_period_that_has_not_begun_is_refused_unless_vooruit(
    cycles_without_prefect: dict[str, Cycle], utrecht_store: Store
) -> None:
    today = f"{today_in_nl():%d-%m-%Y}"
    half_year = f"{today_in_nl().year}-H{1 if today_in_nl().month <= 6 else 2}"
    expected = (
        f"Periode 2099-H2 is nog niet begonnen: ze begint op 01-07-2099 en vandaag is het {today}, "
        f"dus er is nog niets om waar te nemen. Kies een periode die al begonnen is, zoals "
        f"{half_year}, of leg de ronde toch vast met --vooruit (bijvoorbeeld om haar vooraf klaar "
        "te zetten)."
    )

    assert refused("round", "run", "--cycle", "testcyclus", "--period", "2099-H2") == expected
    assert refused("round", "start", "--cycle", "buurtmeter", "--period", "2099-H2") == expected
    assert count_rows(utrecht_store, Evaluatieronde) == 0

    ran = invoke("round", "run", "--cycle", "testcyclus", "--period", "2099-H2", "--vooruit")
    assert "wacht op besluiten over 2 voorstellen" in step_line(ran)
    started = invoke("round", "start", "--cycle", "buurtmeter", "--period", "2099", "--vooruit")
    assert "Ronde 2 (buurtmeter, Utrecht, 2099) staat klaar." in started.output
    # a round that exists goes on without the flag
    again = invoke("round", "run", "--cycle", "testcyclus", "--period", "2099-H2")
    assert "wacht op besluiten over 2 voorstellen" in step_line(again)


def test_the_refusal_is_english_with_the_locale(
    cycles_without_prefect: dict[str, Cycle], english: None
) -> None:
    message = refused("round", "run", "--cycle", "testcyclus", "--period", "2099")

    assert message.startswith("Period 2099 has not begun: it begins on 01-01-2099 and today is ")
    assert message.endswith(
        "or record the round anyway with --vooruit (for instance to prepare it in advance)."
    )


def test_the_demo_refuses_a_period_that_has_not_begun_before_writing_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        message = refused("demo", "--period", "2099")
    finally:
        get_settings.cache_clear()

    assert message.startswith(
        "De demo kan periode 2099 niet laten zien: die begint pas op 01-01-2099 en vandaag is het "
    )
    assert message.endswith(
        f"Kies een periode die al begonnen is, zoals --period {today_in_nl().year}."
    )
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("day", [dt.date(2026, 6, 15), dt.date(2026, 12, 15)])
def test_the_scheduled_deployment_runs_a_half_year_that_has_begun(day: dt.date) -> None:
    """prefect.yaml starts the round on 15 June and 15 December for the half-year that closes."""
    check_period_begun(current_period(day), day)


def test_round_status_says_when_no_figure_of_the_round_can_be_published(
    cycles_without_prefect: dict[str, Cycle], utrecht_store: Store
) -> None:
    invoke("round", "run", "--cycle", "testcyclus", "--period", "2026")
    assert "cijfers:" not in invoke("round", "status", "1").output  # 'acties' (12) is published

    with utrecht_store.session() as session:
        session.execute(update(Indicatorwaarde).values(waarde=None, onderdrukt=True))
    lines = invoke("round", "status", "1").output.splitlines()

    assert (
        "  cijfers: alle 3 cijfers van deze ronde rusten op minder dan 10 personen of "
        "registraties en worden niet gepubliceerd; de editie zegt dat in plaats van ze te tonen"
    ) in lines
