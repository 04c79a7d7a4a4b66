"""Buurtmeter indicators, checked against figures worked out by hand."""

from __future__ import annotations

from makelaar.cycles.indicators import compute, lookup
from makelaar.models.domain import ActieType, InitiatiefStatus, SignaalStatus
from tests.cycles.logboek_testing import ActieRecord, InitiatiefRecord, SignaalRecord, tellingen


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
            tellingen=tellingen(["W1", "W2"], acties, initiatieven, signalen),
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
            tellingen=tellingen(["W1"], [], [], []),
        )
    )
    assert values[("acties", "W1")].waarde == 0
    assert values[("pct_acties_bewoner_organisator", "W1")].waarde is None
    assert values[("acties_per_1000_inwoners", "W1")].waarde is None


def test_every_value_carries_its_counts_and_95_percent_interval() -> None:
    acties = [
        _actie("W1", organisatoren=2, partners=3),
        _actie("W1", partners=1),
        _actie("W1", partners=1),
        _actie("W2"),
    ]
    signalen = [
        SignaalRecord("W1", SignaalStatus.NIEUW),
        SignaalRecord("W1", SignaalStatus.AFGEROND),
    ]
    values = lookup(
        compute(
            gemeente_code="GM",
            wijken=["W1", "W2"],
            inwoners={"GM": 4000, "W1": 3000, "W2": 1000},
            tellingen=tellingen(["W1", "W2"], acties, [], signalen),
        )
    )

    def counts(indicator: str, key: str) -> tuple[float | None, ...]:
        v = values[(indicator, key)]
        return (v.teller, v.noemer, v.ondergrens, v.bovengrens)

    # 1 of 3 actions with a resident organiser: Wilson, worked by hand, 6.15-79.23%
    assert counts("pct_acties_bewoner_organisator", "W1") == (1, 3, 6.15, 79.23)
    # 3 actions on 3,000 inhabitants: Garwood 0.6187-8.7673 events, per 1,000: 0.21-2.92
    assert counts("acties_per_1000_inwoners", "W1") == (3, 3000, 0.21, 2.92)
    # partners 3, 1, 1: mean 1.67, sd 1.1547, t(0.975; 2) = 4.3027: 1.67 ± 2.87
    partners = values[("gem_partners_per_actie", "W1")]
    assert (partners.teller, partners.noemer) == (5, 3)
    assert partners.spreiding is not None and round(partners.spreiding, 4) == 1.1547
    assert (partners.ondergrens, partners.bovengrens) == (-1.2, 4.54)
    # 1 of 2 signals followed up: 9.45-90.55%
    assert counts("pct_signalen_opgepakt", "W1") == (1, 2, 9.45, 90.55)
    # a count: 4 actions, Garwood 1.0899-10.2416
    assert counts("acties", "GM") == (4, None, 1.09, 10.24)
    # a sum has its counts but no interval (neither a Poisson count nor a mean)
    assert counts("uren", "W1") == (3.0, 3, None, None)
    # a share with nothing to rest on has neither value nor interval
    assert counts("pct_initiatieven_gerealiseerd", "W1") == (0, 0, None, None)
