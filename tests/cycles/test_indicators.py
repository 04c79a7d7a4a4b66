"""Buurtmeter indicators, checked against figures worked out by hand."""

from __future__ import annotations

from makelaar.cycles.indicators import (
    ActieRecord,
    InitiatiefRecord,
    SignaalRecord,
    compute,
    lookup,
    reasons_without_go_ahead,
)
from makelaar.models.domain import ActieType, InitiatiefStatus, SignaalStatus


def _actie(wijk: str, **kw: object) -> ActieRecord:
    defaults: dict[str, object] = {
        "wijk_code": wijk,
        "actietype": ActieType.HUISBEZOEK,
        "partners": 1,
        "bereikt": 2,
        "organisatoren": 0,
        "deelnemers": 0,
        "doelgroepen": frozenset(),
        "uren": 1.0,
    }
    defaults.update(kw)
    return ActieRecord(**defaults)  # type: ignore[arg-type]  # test data built from a dict


def test_figures_per_wijk_and_for_the_gemeente() -> None:
    acties = [
        _actie(
            "W1",
            organisatoren=2,
            deelnemers=10,
            doelgroepen=frozenset({"ouderen"}),
            partners=3,
            uren=2.5,
        ),
        _actie("W1", doelgroepen=frozenset({"ouderen", "jongeren"})),
        _actie("W1", actietype=ActieType.EVENEMENT, bereikt=40),
        _actie("W2", bereikt=5),
    ]
    initiatieven = [
        InitiatiefRecord("W1", InitiatiefStatus.GEREALISEERD, None),
        InitiatiefRecord("W1", InitiatiefStatus.GESTRAND, "initiatiefnemer verhuisd"),
        InitiatiefRecord("W1", InitiatiefStatus.IDEE, None),
        InitiatiefRecord("W2", InitiatiefStatus.NIET_ONDERSTEUND, "subsidie afgewezen"),
    ]
    signalen = [
        SignaalRecord("W1", SignaalStatus.NIEUW),
        SignaalRecord("W1", SignaalStatus.OPGEPAKT),
    ]
    values = lookup(
        compute(
            gemeente_code="GM",
            wijken=["W1", "W2"],
            inwoners={"GM": 4000, "W1": 3000, "W2": 1000},
            acties=acties,
            initiatieven=initiatieven,
            signalen=signalen,
        )
    )
    assert values[("acties", "W1")].waarde == 3
    assert values[("acties", "GM")].waarde == 4
    assert values[("acties_per_1000_inwoners", "W1")].waarde == 1.0
    assert values[("bereikte_bewoners", "W1")].waarde == 44
    assert values[("bereikte_bewoners", "W1")].basis == 44
    assert values[("pct_acties_bewoner_organisator", "W1")].waarde == 33.3
    assert values[("pct_acties_doelgroep_ouderen", "W1")].waarde == 66.7
    assert values[("pct_acties_doelgroep_jongeren", "GM")].waarde == 25.0
    assert values[("gem_partners_per_actie", "W1")].waarde == 1.67
    assert values[("uren", "W1")].waarde == 4.5
    # 2 of W1's initiatives are closed (gerealiseerd, gestrand); the idee is still open
    assert values[("pct_initiatieven_gerealiseerd", "W1")].waarde == 50.0
    assert values[("pct_initiatieven_gerealiseerd", "W1")].basis == 2
    assert values[("initiatieven_zonder_doorgang", "GM")].waarde == 2
    assert values[("pct_signalen_opgepakt", "W1")].waarde == 50.0
    assert values[("acties_per_type", "evenement")].waarde == 1
    assert values[("acties_per_type", "huisbezoek")].waarde == 3


def test_a_wijk_without_records_has_no_percentages_rather_than_zero() -> None:
    values = lookup(
        compute(
            gemeente_code="GM",
            wijken=["W1"],
            inwoners={"W1": None},
            acties=[],
            initiatieven=[],
            signalen=[],
        )
    )
    assert values[("acties", "W1")].waarde == 0
    assert values[("pct_acties_bewoner_organisator", "W1")].waarde is None
    assert values[("acties_per_1000_inwoners", "W1")].waarde is None


def test_reasons_are_counted_most_frequent_first_and_blank_reasons_ignored() -> None:
    records = [
        InitiatiefRecord("W", InitiatiefStatus.GESTRAND, "geen vrijwilligers"),
        InitiatiefRecord("W", InitiatiefStatus.NIET_ONDERSTEUND, "geen vrijwilligers "),
        InitiatiefRecord("W", InitiatiefStatus.GESTRAND, "locatie niet beschikbaar"),
        InitiatiefRecord("W", InitiatiefStatus.GEREALISEERD, "n.v.t."),
        InitiatiefRecord("W", InitiatiefStatus.GESTRAND, "  "),
    ]
    assert reasons_without_go_ahead(records) == [
        ("geen vrijwilligers", 2),
        ("locatie niet beschikbaar", 1),
    ]
