"""The GROUP BY counts (cycles.tellingen) equal the same counts worked out record by record in
Python, on SQLite and PostgreSQL, for random logbooks (mediations with and without a result,
signals of every category and status); a wijk without records counts zero."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from makelaar.cycles.tellingen import (
    BEMIDDELING,
    MATEN,
    Telling,
    optellen,
    redenen_zonder_doorgang,
    tel,
)
from makelaar.intake.disclosure import dominance_rules
from makelaar.models.domain import (
    ActieType,
    Doelgroep,
    InitiatiefStatus,
    Resultaat,
    SignaalCategorie,
    SignaalStatus,
)
from makelaar.models.store import Store
from tests.cycles.logboek_testing import ActieRecord, InitiatiefRecord, SignaalRecord, tellingen
from tests.factories import (
    make_actie,
    make_gemeente_with_wijken,
    make_initiatief,
    make_makelaar,
    make_signaal,
)

BEGIN, EINDE = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
PARTNERS = ["gemeente", "welzijn", "woningcorporatie", "zorg", "onderwijs"]


def _random_logbook(store: Store, seed: int) -> tuple[list[str], dict[str, Telling], list[str]]:
    """Records in and out of the period, and what those in it count, worked out by hand."""
    rng = random.Random(seed)
    reasons: list[str] = []
    with store.session() as session:
        gemeente = make_gemeente_with_wijken(session, 4)
        codes = sorted(w.code for w in gemeente.wijken)
        makelaar = make_makelaar(session, gemeente.code, codes)
        acties: list[ActieRecord] = []
        initiatieven: list[InitiatiefRecord] = []
        signalen: list[SignaalRecord] = []
        leeg = codes[-1]  # a wijk without records in the period
        for _ in range(rng.randint(40, 80)):
            wijk = rng.choice(codes[:-1])
            datum = BEGIN + dt.timedelta(days=rng.randint(-40, 220))
            partners = sorted(rng.sample(PARTNERS, rng.randint(0, 3)))
            groepen = sorted(g.value for g in rng.sample(list(Doelgroep), rng.randint(0, 3)))
            actietype = rng.choice([*ActieType, *BEMIDDELING])  # mediations more often
            org, deeln, bereikt = rng.randint(0, 3), rng.randint(0, 20), rng.randint(0, 40)
            uren = rng.choice([0.25, 0.5, 1.0, 2.5])
            resultaat = rng.choice([*Resultaat, Resultaat.GEEN, Resultaat.GEEN])
            make_actie(
                session,
                makelaar,
                wijk,
                datum=datum,
                partners=partners,
                doelgroepen=groepen,
                actietype=actietype,
                bewoners_organisator=org,
                bewoners_deelnemer=deeln,
                bereikt=bereikt,
                uren=uren,
                resultaat=resultaat,
            )
            if BEGIN <= datum <= EINDE:
                acties.append(
                    ActieRecord(
                        wijk,
                        actietype,
                        len(partners),
                        bereikt,
                        org,
                        deeln,
                        frozenset(groepen),
                        uren,
                        resultaat,
                    )
                )
        for _ in range(rng.randint(10, 30)):
            wijk = rng.choice(codes[:-1])
            datum = BEGIN + dt.timedelta(days=rng.randint(-40, 220))
            signaalstatus = rng.choice(list(SignaalStatus))
            categorie = rng.choice(list(SignaalCategorie))
            make_signaal(
                session, makelaar, wijk, datum=datum, status=signaalstatus, categorie=categorie
            )
            if BEGIN <= datum <= EINDE:
                signalen.append(SignaalRecord(wijk, signaalstatus, categorie))
        for _ in range(rng.randint(10, 30)):
            wijk = rng.choice(codes[:-1])
            gestart = BEGIN + dt.timedelta(days=rng.randint(-200, 200))
            bijgewerkt = gestart + dt.timedelta(days=rng.randint(0, 100))
            status = rng.choice(list(InitiatiefStatus))
            reden = rng.choice(["", "geen ruimte", " geen ruimte\n", "geen geld"])
            make_initiatief(
                session, wijk, status=status, gestart_op=gestart, bijgewerkt_op=bijgewerkt,
                reden=reden,
            )  # fmt: skip
            if gestart <= EINDE and bijgewerkt >= BEGIN:
                initiatieven.append(InitiatiefRecord(wijk, status))
                if status in (InitiatiefStatus.NIET_ONDERSTEUND, InitiatiefStatus.GESTRAND):
                    reasons.append((reden or "").strip())
        assert leeg not in {a.wijk_code for a in acties}
    return codes, tellingen(codes, acties, initiatieven, signalen), reasons


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_counts_equal_a_count_by_hand(store: Store, seed: int) -> None:
    codes, expected, reasons = _random_logbook(store, seed)
    with store.session() as session:
        counted = tel(session, codes, BEGIN, EINDE)
        redenen = redenen_zonder_doorgang(session, codes, BEGIN, EINDE)
    assert counted == expected
    gemeente = optellen(expected.values())  # the fixture exercises what is counted
    mediations = sum(gemeente.per_actietype[s.value] for s in BEMIDDELING)
    assert 0 < gemeente.bemiddelingen_met_resultaat < mediations
    assert len({c for c, _ in gemeente.signalen_per_categorie}) > 1
    for telling in counted.values():  # what the dominance rules read
        for maat in MATEN:
            assert telling.bijdragen(maat).aantal == telling.acties
    assert counted[codes[-1]] == Telling()
    assert optellen(counted.values()) == optellen(expected.values())
    by_hand = Counter(r for r in reasons if r)
    assert redenen == sorted(by_hand.items(), key=lambda item: (-item[1], item[0]))


def test_no_wijken_no_query(store: Store) -> None:
    with store.session() as session:
        assert tel(session, [], BEGIN, EINDE) == {}


@pytest.mark.parametrize("seed", range(200))
def test_the_dominance_verdicts_from_the_counts_equal_those_from_every_contribution(
    seed: int,
) -> None:
    """Each wijk keeps its largest contribution and, where it can matter, its second; the
    gemeente merges them. The NK and p-ratio verdicts on what is kept equal ACRO's rules on the
    whole list of contributions, for every wijk and for the gemeente."""
    rng = random.Random(seed)
    wijken = ["W1", "W2", "W3"]
    acties = [
        ActieRecord(
            rng.choice(wijken),
            uren=rng.choice([0.5, 1.0, 2.0]) if rng.random() < 0.9 else rng.uniform(5, 400),
            bereikt=rng.randint(0, 3) if rng.random() < 0.8 else rng.randint(50, 900),
        )
        for _ in range(rng.randint(1, 30))
    ]
    counted = tellingen(wijken, acties)
    scopes = {w: [a for a in acties if a.wijk_code == w] for w in wijken}
    scopes["gemeente"] = acties
    counted["gemeente"] = optellen(counted[w] for w in wijken)
    for scope, records in scopes.items():
        for maat, measure in (("uren", "uren"), ("bereikt", "bereikt")):
            every = [float(getattr(a, measure)) for a in records]
            assert dominance_rules(counted[scope].bijdragen(maat)) == dominance_rules(every), (
                scope,
                maat,
            )
