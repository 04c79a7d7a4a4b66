"""The buurtmeter's figures through disclosure control: a share's numerator, a dominated sum, the
kinds of action against the gemeente's total, and the values that reveal a hidden count."""

from __future__ import annotations

from makelaar.cycles.buurtmeter.onthulling import logbook_tables, publish_logbook
from makelaar.cycles.indicators import ActieRecord, compute
from makelaar.intake.disclosure import (
    DOMINANTIE_NK,
    DREMPEL_TELLER,
    SECUNDAIR,
    Cel,
    cel,
    recoverable,
    tables,
)
from makelaar.models.domain import ActieType

GM = "GM9999"
WIJKEN = ["WK01", "WK02", "WK03"]


def _actie(
    wijk: str, *, uren: float = 2.0, doelgroepen: frozenset[str] = frozenset(), soort: int = 0
) -> ActieRecord:
    return ActieRecord(
        wijk_code=wijk,
        actietype=(ActieType.BUURTONDERZOEK, ActieType.EVENEMENT, ActieType.HUISBEZOEK)[soort],
        partners=2,
        bereikt=12,
        organisatoren=1,
        deelnemers=11,
        doelgroepen=doelgroepen,
        uren=uren,
    )


def _round() -> list[ActieRecord]:
    acties = []
    for i in range(40):  # WK01: 40 actions, 4 reaching refugees, one of 1000 hours
        acties.append(
            _actie(
                "WK01",
                uren=1000.0 if i == 0 else 2.0,
                doelgroepen=frozenset({"vluchtelingen"}) if i < 4 else frozenset(),
                soort=i % 2,
            )
        )
    for i in range(30):  # WK02: 30 actions, 12 reaching refugees
        acties.append(
            _actie("WK02", doelgroepen=frozenset({"vluchtelingen"}) if i < 12 else frozenset())
        )
    for i in range(50):  # WK03: 50 actions, 20 reaching refugees; 3 home visits in the gemeente
        acties.append(
            _actie(
                "WK03",
                doelgroepen=frozenset({"vluchtelingen"}) if i < 20 else frozenset(),
                soort=2 if i < 3 else 0,
            )
        )
    return acties


def _published() -> dict[tuple[str, str], str | None]:
    acties = _round()
    raw = compute(
        gemeente_code=GM,
        wijken=WIJKEN,
        inwoners={GM: 30000, "WK01": 10000, "WK02": 8000, "WK03": 12000},
        acties=acties,
        initiatieven=[],
        signalen=[],
    )
    published = publish_logbook(raw, acties=acties, gemeente_code=GM, wijken=WIJKEN, min_n=10)
    hidden = {cel(v) for v in published if v.onderdrukt}
    leaks: list[Cel] = [
        c
        for t in [*tables(published, {v.indicator for v in published}), *logbook_tables(GM)]
        for c in recoverable(t, hidden)
    ]
    assert leaks == []
    return {(v.indicator, v.sleutel): v.reden for v in published if v.onderdrukt or v.reden}


def test_a_small_target_group_share_is_hidden_and_the_next_smallest_wijk_with_it() -> None:
    hidden = _published()
    pct = "pct_acties_doelgroep_vluchtelingen"
    assert hidden[pct, "WK01"] == DREMPEL_TELLER  # 4 of 40 actions
    # the gemeente's 36 of 120 minus WK02 and WK03 would give WK01's 4 back
    assert hidden[pct, "WK02"] == SECUNDAIR
    assert (pct, "WK03") not in hidden and (pct, GM) not in hidden


def test_hours_dominated_by_one_action_are_hidden_and_protected() -> None:
    hidden = _published()
    assert hidden["uren", "WK01"] == DOMINANTIE_NK  # 1002 of 1078 hours in the largest two
    assert ("uren", GM) not in hidden  # 1002 of 1238: 81%
    assert hidden["uren", "WK02"] == SECUNDAIR  # the smallest other wijk (30 actions)
    assert ("uren", "WK03") not in hidden


def test_a_small_kind_of_action_is_protected_against_the_gemeente_total() -> None:
    hidden = _published()
    assert hidden["acties_per_type", "huisbezoek"] == DREMPEL_TELLER  # 3 home visits
    # kinds nobody recorded are hidden too (a 0 is a cell of fewer than 10, as ACRO has it), so
    # the gemeente's 120 actions minus the published kinds gives the hidden kinds together: 3
    assert hidden["acties_per_type", "bemiddeling_bewoners"] == DREMPEL_TELLER
    assert ("acties_per_type", "evenement") not in hidden
    assert ("acties", GM) not in hidden
