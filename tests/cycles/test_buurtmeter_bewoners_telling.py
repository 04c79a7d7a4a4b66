"""The residents' survey figures counted in the database (one GROUP BY per round and wijk) equal a
count by hand over the same responses, on SQLite and on PostgreSQL: shares, the De Jong Gierveld
mean with its standard deviation and the contributions its dominance rules need, the gemeente
with its respondents without a wijk, answers stored as JSON numbers, and responses stored
without scores scored from their answers."""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from collections.abc import Mapping
from typing import Any

import pytest

from makelaar.cycles.buurtmeter.bewoners import (
    CONTACT_WEKELIJKS,
    EENZAAM,
    bewoners_tellingen,
    survey_contributions,
)
from makelaar.cycles.buurtmeter.enquetes import (
    ENQUETE_INDICATOREN,
    gemeenten_bewoners,
    survey_indicators,
)
from makelaar.cycles.buurtmeter.onthulling import publish_survey
from makelaar.cycles.onzekerheid import gemiddelde, wilson
from makelaar.forms.definitie import Formulier
from makelaar.forms.scoring import scores_json
from makelaar.intake.disclosure import Bijdragen, dominance_rules
from makelaar.models.domain import EnqueteModus, Publiek, ResponsBron
from makelaar.models.store import Store
from makelaar.models.tables import (
    Enquete,
    EnqueteRonde,
    Evaluatieronde,
    Gemeente,
    Respons,
    Wijk,
)

T0 = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
WIJKEN = ("WK999901", "WK999902", "WK999903")
DJG = (
    "djg_leegte",
    "djg_narigheid",
    "djg_vertrouwen",
    "djg_mis_mensen",
    "djg_verbonden",
    "djg_in_de_steek",
)


def _enquete(session: Any, form_id: str) -> int:
    formulier = Formulier(
        form_id=form_id, versie="1", titel={"nl": form_id}, talen=["nl"], standaardtaal="nl",
        children=[],
    )  # fmt: skip
    enquete = Enquete(
        form_id=form_id, versie="1", titel=form_id, bron="test", sha256="0" * 64,
        definitie=formulier.model_dump(mode="json"),
    )  # fmt: skip
    session.add(enquete)
    session.flush()
    return enquete.id


def _ronde(session: Any, ronde_id: int, enquete_id: int, publiek: Publiek) -> int:
    ronde = EnqueteRonde(
        ronde_id=ronde_id, enquete_id=enquete_id, publiek=publiek, modus=EnqueteModus.ANONIEM,
        opent_op=T0, sluit_op=T0 + dt.timedelta(days=14),
    )  # fmt: skip
    session.add(ronde)
    session.flush()
    return ronde.id


def _answers(rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in DJG:
        if rng.random() < 0.9:
            answers[item] = rng.choice(("ja", "min_of_meer", "nee"))
    if rng.random() < 0.95:
        answers["contact_buren"] = rng.choice(("dagelijks", "wekelijks", "maandelijks", "nooit"))
    if rng.random() < 0.8:
        answers["weet_waar_vraag"] = rng.choice(("ja", "deels", "nee"))
    if rng.random() < 0.85:
        # a choice name as text, or as a JSON number (a CSV import may have kept it so)
        value = rng.choice(("1", "2", "3", "4", "5"))
        answers["tevreden_buurt"] = int(value) if rng.random() < 0.3 else value
    return answers


@pytest.fixture
def residents(store: Store) -> tuple[Store, list[tuple[int, str | None, dict[str, Any]]]]:
    """Two gemeenten's rounds; residents in three wijken, without a wijk and in a wijk not in the
    gemeente's list; a tenth stored without scores; broker forms whose answers must not count."""
    rng = random.Random(13)
    stored: list[tuple[int, str | None, dict[str, Any]]] = []
    with store.session() as session:
        session.add_all(
            [Gemeente(code="GM9999", naam="Proefdorp"), Gemeente(code="GM9998", naam="B")]
        )
        session.flush()
        session.add_all(Wijk(code=c, gemeente_code="GM9999", naam=c) for c in WIJKEN)
        session.add(Wijk(code="WK999801", gemeente_code="GM9998", naam="B1"))
        session.add(Evaluatieronde(gemeente_code="GM9999", cyclus="buurtmeter", periode="2026"))
        session.add(Evaluatieronde(gemeente_code="GM9998", cyclus="buurtmeter", periode="2026"))
        session.flush()
        buurtmeter = _enquete(session, "buurtmeter")
        reflectie = _enquete(session, "reflectieformulier")
        rondes = {1: _ronde(session, 1, buurtmeter, Publiek.BEWONERS),
                  2: _ronde(session, 2, buurtmeter, Publiek.BEWONERS)}  # fmt: skip
        makelaars = _ronde(session, 1, reflectie, Publiek.MAKELAARS)
        wijken: dict[int, tuple[str | None, ...]] = {
            1: (*WIJKEN, None),
            2: ("WK999801", None),
        }
        for number in range(240):
            ronde = 1 if number < 180 else 2
            wijk = rng.choice(wijken[ronde])
            answers = _answers(rng)
            scores = {} if number % 10 == 3 else scores_json("buurtmeter", answers)
            session.add(
                Respons(
                    id=secrets.token_hex(16), enquete_ronde_id=rondes[ronde],
                    instance_id=secrets.token_hex(16), wijk_code=wijk, taal="nl",
                    antwoorden=answers, scores=scores, inhoud_sha256="0" * 64,
                    bron=ResponsBron.DEMO,
                )
            )  # fmt: skip
            stored.append((ronde, wijk, answers))
        for number in range(5):
            session.add(
                Respons(
                    id=secrets.token_hex(16), enquete_ronde_id=makelaars,
                    instance_id=secrets.token_hex(16), wijk_code=WIJKEN[0], taal="nl",
                    antwoorden={"contact_buren": "dagelijks", "signalen_opgevangen": ["schulden"]},
                    respondent=f"MK-{number}", inhoud_sha256="0" * 64, bron=ResponsBron.DEMO,
                )
            )  # fmt: skip
    return store, stored


def _by_hand(answers: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """indicator -> (with the property, with a value); for the mean (sum, n) and the sd apart."""
    lonely = [scores_json("buurtmeter", a)["djg6"] for a in answers]
    scored = [s for s in lonely if s["scorable"]]
    contact = [a["contact_buren"] for a in answers if "contact_buren" in a]
    weet = [a["weet_waar_vraag"] for a in answers if "weet_waar_vraag" in a]
    tevreden = [str(a["tevreden_buurt"]) for a in answers if "tevreden_buurt" in a]
    return {
        "pct_bewoners_eenzaam": (sum(s["category"] in EENZAAM for s in scored), len(scored)),
        "gem_bewoners_eenzaamheidsscore": (sum(s["total"] for s in scored), len(scored)),
        "pct_bewoners_contact_buren": (sum(c in CONTACT_WEKELIJKS for c in contact), len(contact)),
        "pct_bewoners_weet_waar": (weet.count("ja"), len(weet)),
        "pct_bewoners_tevreden": (sum(t in ("4", "5") for t in tevreden), len(tevreden)),
    }


def _sd(answers: list[dict[str, Any]]) -> float:
    totals = [
        s["total"] for a in answers if (s := scores_json("buurtmeter", a)["djg6"])["scorable"]
    ]
    mean = sum(totals) / len(totals)
    return math.sqrt(sum((t - mean) ** 2 for t in totals) / (len(totals) - 1))


def test_the_databases_counts_equal_a_count_by_hand(
    residents: tuple[Store, list[tuple[int, str | None, dict[str, Any]]]],
) -> None:
    store, stored = residents
    with store.session() as session:
        values = survey_indicators(
            session, ronde_id=1, gemeente_code="GM9999", wijken=WIJKEN, standen=[]
        )
    got = {(v.indicator, v.sleutel): v for v in values}
    groups: Mapping[str, list[dict[str, Any]]] = {
        "GM9999": [a for r, _, a in stored if r == 1],  # the wijken and those without a wijk
        **{w: [a for r, wijk, a in stored if r == 1 and wijk == w] for w in WIJKEN},
    }
    assert all(len(answers) > 20 for answers in groups.values())
    assert any(w is None for r, w, _ in stored if r == 1)
    for sleutel, answers in groups.items():
        for indicator, (teller, noemer) in _by_hand(answers).items():
            value = got[indicator, sleutel]
            assert (value.teller, value.noemer, value.basis) == (teller, noemer, noemer), (
                indicator,
                sleutel,
            )
            if indicator.startswith("gem_"):
                assert value.waarde == round(teller / noemer, 2)
                assert value.spreiding == pytest.approx(_sd(answers))
                interval = gemiddelde(int(noemer), teller / noemer, _sd(answers))
            else:
                assert value.waarde == pytest.approx(100 * teller / noemer)
                interval = wilson(teller, noemer).maal(100.0)
            assert (value.ondergrens, value.bovengrens) == (
                round(interval.onder, 2),
                round(interval.boven, 2),
            )
    # the broker forms' answers are not residents'; what they named is counted apart
    assert got["reflectie_signaal_genoemd", "schulden"].teller == 5
    assert {v.sleutel for v in values} == {"GM9999", *WIJKEN, "schulden"}


def test_all_rounds_in_one_query_and_responses_without_scores_are_scored(
    residents: tuple[Store, list[tuple[int, str | None, dict[str, Any]]]],
) -> None:
    store, stored = residents
    with store.session() as session:
        both = bewoners_tellingen(session, [1, 2])
        one = bewoners_tellingen(session, [2])
    assert both[2] == one[2]
    assert set(both[2]) == {"WK999801", None}
    # a tenth of the responses was stored without scores: scored from the answers, not dropped
    zonder = sum(t["zonder_score"] for t in both[1].values())
    assert zonder == sum(1 for n, (r, _, _) in enumerate(stored) if r == 1 and n % 10 == 3)
    scored = [
        s
        for r, _, a in stored
        if r == 1 and (s := scores_json("buurtmeter", a)["djg6"])["scorable"]
    ]
    assert sum(t["eenzaam_n"] for t in both[1].values()) == len(scored)
    assert sum(t["djg_kwadraten"] for t in both[1].values()) == sum(s["total"] ** 2 for s in scored)


def test_the_mean_score_passes_disclosure_control_on_the_residents_scores(
    residents: tuple[Store, list[tuple[int, str | None, dict[str, Any]]]],
) -> None:
    store, stored = residents
    with store.session() as session:
        raw = survey_indicators(
            session, ronde_id=1, gemeente_code="GM9999", wijken=WIJKEN, standen=[]
        )
        bijdragen = survey_contributions(session, ronde_id=1, gemeente_code="GM9999", wijken=WIJKEN)
    for sleutel in ("GM9999", *WIJKEN):
        scores = [
            float(s["total"])
            for r, w, a in stored
            if r == 1
            and (sleutel == "GM9999" or w == sleutel)
            and (s := scores_json("buurtmeter", a)["djg6"])["scorable"]
        ]
        by_hand = Bijdragen.uit(scores)
        got = bijdragen[
            "gem_bewoners_eenzaamheidsscore", "wijk" if sleutel != "GM9999" else "gemeente", sleutel
        ]
        assert (got.aantal, got.totaal) == (by_hand.aantal, by_hand.totaal)
        assert got.grootste == by_hand.grootste[:5]
        assert dominance_rules(got) == dominance_rules(by_hand)

    # a wijk where two residents carry the whole sum: its mean would reveal their scores
    dominated = Bijdragen.uit([6.0, 6.0] + [0.0] * 10)
    assert dominance_rules(dominated)
    cel = ("gem_bewoners_eenzaamheidsscore", "wijk", WIJKEN[0])
    published = publish_survey(
        raw, ENQUETE_INDICATOREN.values(), min_n=10, bijdragen={**bijdragen, cel: dominated}
    )
    values = {(v.indicator, v.sleutel): v for v in published}
    hidden = values["gem_bewoners_eenzaamheidsscore", WIJKEN[0]]
    assert hidden.onderdrukt and hidden.waarde is None
    assert hidden.reden in dominance_rules(dominated)
    assert not values["gem_bewoners_eenzaamheidsscore", "GM9999"].onderdrukt
    # the same figures without the dominated cell publish the wijk's mean (≥ 10 residents each)
    plain = {
        (v.indicator, v.sleutel): v
        for v in publish_survey(raw, ENQUETE_INDICATOREN.values(), min_n=10, bijdragen=bijdragen)
    }
    assert not any(
        plain["gem_bewoners_eenzaamheidsscore", s].onderdrukt for s in ("GM9999", *WIJKEN)
    )


def test_every_rounds_published_figures_in_one_query_equal_each_rounds_own(
    residents: tuple[Store, list[tuple[int, str | None, dict[str, Any]]]],
) -> None:
    store, _ = residents
    rondes = {1: ("GM9999", WIJKEN), 2: ("GM9998", ("WK999801",))}
    with store.session() as session:
        together = gemeenten_bewoners(session, rondes, min_n=10)
        for ronde_id, (gemeente, wijken) in rondes.items():
            raw = survey_indicators(
                session, ronde_id=ronde_id, gemeente_code=gemeente, wijken=wijken, standen=[]
            )
            alone = publish_survey(
                [v for v in raw if v.indicator != "reflectie_signaal_genoemd"],
                ENQUETE_INDICATOREN.values(),
                min_n=10,
                bijdragen=survey_contributions(
                    session, ronde_id=ronde_id, gemeente_code=gemeente, wijken=wijken
                ),
            )
            assert together[ronde_id] == alone
    assert {v.sleutel for v in together[2]} == {"GM9998", "WK999801"}
