"""The demo's survey responses: valid, relevant answers to the shipped instruments, invitations and
responses per audience with response rates per wijk, anonymity kept, nothing written twice."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from sqlalchemy import func, select

from makelaar.cycles.buurtmeter import BuurtmeterCycle
from makelaar.cycles.demo import generate_demo
from makelaar.cycles.demo.antwoorden import Respondent, genereer_antwoorden
from makelaar.cycles.demo.enquetes import BEWONERS_PER_WIJK, PARTNERS_PER_WIJK, answer_as_demo
from makelaar.cycles.enquetes import instrument_path, survey_status, waiting_surveys
from makelaar.cycles.rounds import run_round, start_round
from makelaar.cycles.spec import RoundContext
from makelaar.forms.engine import controleer_alles, schoon
from makelaar.forms.xlsform import lees_formulier
from makelaar.intake.cbs import cbs_file, import_kerncijfers
from makelaar.models.domain import Fase, Publiek, ResponsBron, UitnodigingStatus
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Antwoordmerk, Makelaar, Respons, Uitnodiging

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
INSTRUMENTS = ("reflectieformulier", "partnerenquete", "buurtmeter")


@pytest.mark.parametrize("form_id", INSTRUMENTS)
def test_generated_answers_are_valid_and_only_for_relevant_questions(form_id: str) -> None:
    formulier = lees_formulier(instrument_path(form_id))
    answered: Counter[str] = Counter()
    for number in range(60):
        rng = random.Random(number)
        who = Respondent(
            welzijn=rng.random(),
            schaal_kans=rng.random(),
            begin=dt.date(2026, 1, 1),
            einde=dt.date(2026, 12, 31),
            wijknamen=("Overvecht",),
        )
        antwoorden = genereer_antwoorden(formulier, rng, who)

        assert controleer_alles(formulier, antwoorden, "nl") == {}
        assert schoon(formulier, antwoorden) == antwoorden
        answered.update(antwoorden.keys())
    asked = {v.name for v in formulier.vragen() if v.type.value not in ("note", "calculate")}
    assert set(answered) <= asked
    assert len(answered) >= 0.8 * len(asked)  # the skip logic leaves a few out, not most


def test_the_same_seed_gives_the_same_answers() -> None:
    formulier = lees_formulier(instrument_path("buurtmeter"))
    who = Respondent(
        welzijn=0.4, schaal_kans=0.5, begin=dt.date(2026, 1, 1), einde=dt.date(2026, 6, 30)
    )
    first = genereer_antwoorden(formulier, random.Random("x"), who)
    assert genereer_antwoorden(formulier, random.Random("x"), who) == first
    assert genereer_antwoorden(formulier, random.Random("y"), who) != first


@pytest.fixture
def demo_round(sqlite_store: Store, settings: Settings) -> RoundContext:
    import_kerncijfers(sqlite_store, cbs_file())
    generate_demo(sqlite_store)
    ronde = start_round(sqlite_store, gemeente_code="GM0344", cyclus="buurtmeter", periode="2026")
    return RoundContext(ronde=ronde, store=sqlite_store, settings=settings, nu=lambda: NOW)


def test_the_demo_invites_answers_per_wijk_keeps_residents_anonymous_and_writes_once(
    sqlite_store: Store, demo_round: RoundContext
) -> None:
    waiting = run_round(demo_round, BuurtmeterCycle(), leerbijeenkomst="demo")
    assert [s.publiek for s in waiting.wacht_op_enquetes] == [
        Publiek.MAKELAARS,
        Publiek.PARTNERS,
        Publiek.BEWONERS,
    ]

    report = answer_as_demo(demo_round, waiting.wacht_op_enquetes)

    with sqlite_store.session() as session:
        brokers = set(session.scalars(select(Makelaar.code)))
        by_round = {r.publiek: r for r in report}
        assert by_round[Publiek.MAKELAARS].uitgenodigd == len(brokers) == 25
        assert by_round[Publiek.PARTNERS].uitgenodigd == 10 * PARTNERS_PER_WIJK
        assert by_round[Publiek.BEWONERS].uitgenodigd == 10 * BEWONERS_PER_WIJK
        responses = session.scalars(select(Respons)).all()
        assert len(responses) == sum(r.responsen_nieuw for r in report)
        assert {r.bron for r in responses} == {ResponsBron.DEMO}
        residents_round = by_round[Publiek.BEWONERS].enquete_ronde_id
        residents = [r for r in responses if r.enquete_ronde_id == residents_round]
        assert all(r.respondent is None and r.ontvangen_op is None for r in residents)
        assert all("djg6" in r.scores for r in residents)
        broker_round = by_round[Publiek.MAKELAARS].enquete_ronde_id
        assert {r.respondent for r in responses if r.enquete_ronde_id == broker_round} <= brokers
        per_wijk = Counter(r.wijk_code for r in residents)
        assert len(per_wijk) == 10
        rates = [n / BEWONERS_PER_WIJK for n in per_wijk.values()]
        assert 0.15 <= min(rates) < max(rates) <= 0.65  # rates differ per wijk
        answered = session.scalar(
            select(func.count())
            .select_from(Uitnodiging)
            .where(Uitnodiging.status == UitnodigingStatus.BEANTWOORD)
        )
        # residents answered anonymously: a keyed mark each, their invitations unchanged
        assert answered == len(responses) - len(residents)
        marks = session.scalar(
            select(func.count())
            .select_from(Antwoordmerk)
            .where(Antwoordmerk.enquete_ronde_id == residents_round)
        )
        assert marks == len(residents)
        invited_residents = session.scalars(
            select(Uitnodiging).where(Uitnodiging.enquete_ronde_id == residents_round)
        ).all()
        assert all(u.respondent is None for u in invited_residents)

    again = answer_as_demo(demo_round, waiting.wacht_op_enquetes)

    assert [r.responsen_nieuw for r in again] == [0, 0, 0]
    assert [r.responsen_bestaand for r in again] == [r.responsen_nieuw for r in report]
    with sqlite_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Respons)) == len(responses)
    status = {s.publiek: s for s in survey_status(sqlite_store, demo_round.ronde.id, NOW)}
    assert status[Publiek.BEWONERS].beantwoord == len(residents)


def test_in_demo_mode_the_round_fills_and_closes_its_windows_and_goes_on(
    sqlite_store: Store, demo_round: RoundContext
) -> None:
    outcome = run_round(
        demo_round, BuurtmeterCycle(), leerbijeenkomst="demo", survey_filler=answer_as_demo
    )

    assert outcome.wacht_op_enquetes == []
    assert [p.fase for p in outcome.fasen] == list(Fase)
    assert waiting_surveys(sqlite_store, demo_round.ronde.id, NOW) == []
    assert {s.gesloten_op for s in survey_status(sqlite_store, demo_round.ronde.id, NOW)} == {NOW}
