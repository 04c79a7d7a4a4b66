"""Buurtmeter indicators, checked against figures worked out by hand."""

from __future__ import annotations

from makelaar.cycles.indicators import compute, lookup
from makelaar.cycles.observations import Profiel
from makelaar.models.domain import (
    ActieType,
    InitiatiefStatus,
    Resultaat,
    SignaalCategorie,
    SignaalStatus,
)
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


def _profiel(code: str, inwoners: int, ouderen: int, migranten: int | None) -> Profiel:
    return Profiel(
        regiocode=code,
        jaar=2025,
        inwoners=inwoners,
        leeftijd_65_plus=ouderen,
        huishoudens=None,
        eenpersoonshuishoudens=None,
        pct_huishoudens_laag_inkomen=None,
        wmo_clienten=None,
        herkomst_buiten_europa=migranten,
        leeftijd_15_24=None,  # CBS suppressed it: no population share for jongeren
    )


def test_signals_by_category_mediations_outcomes_and_reach_against_the_population() -> None:
    bewoners, instelling = ActieType.BEMIDDELING_BEWONERS, ActieType.BEMIDDELING_BEWONER_INSTELLING
    ouderen = frozenset({"ouderen"})
    acties = [
        _actie("W1", actietype=bewoners, resultaat=Resultaat.VERBINDING, doelgroepen=ouderen),
        _actie("W1", actietype=bewoners, resultaat=Resultaat.GEEN, doelgroepen=ouderen),
        _actie("W1", actietype=bewoners, resultaat=Resultaat.SIGNAAL),
        _actie("W1", actietype=instelling, resultaat=Resultaat.GEEN),
        # not a mediation: its result does not count
        _actie("W2", actietype=ActieType.HUISBEZOEK, resultaat=Resultaat.VERBINDING),
        _actie("W2", actietype=bewoners, resultaat=Resultaat.DOORVERWIJZING),
    ]
    schulden, eenzaamheid = SignaalCategorie.SCHULDEN, SignaalCategorie.EENZAAMHEID
    signalen = [
        SignaalRecord("W1", SignaalStatus.NIEUW, schulden),
        SignaalRecord("W1", SignaalStatus.OPGEPAKT, schulden),
        SignaalRecord("W1", SignaalStatus.AFGEROND, eenzaamheid),
        SignaalRecord("W2", SignaalStatus.DOORGEZET, schulden),
    ]
    initiatieven = [
        InitiatiefRecord("W1", InitiatiefStatus.GEREALISEERD),
        InitiatiefRecord("W1", InitiatiefStatus.GESTRAND, "initiatiefnemer verhuisd"),
        InitiatiefRecord("W2", InitiatiefStatus.GESTRAND, "geen ruimte"),
        InitiatiefRecord("W2", InitiatiefStatus.IDEE),
    ]
    values = lookup(
        compute(
            gemeente_code="GM",
            wijken=["W1", "W2"],
            inwoners={"GM": 4000, "W1": 3000, "W2": 1000},
            tellingen=tellingen(["W1", "W2"], acties, initiatieven, signalen),
            profielen={
                "GM": _profiel("GM", 4000, 1000, 300),
                "W1": _profiel("W1", 3000, 600, 300),
                "W2": _profiel("W2", 1000, 400, None),
            },
        )
    )

    def counts(indicator: str, key: str) -> tuple[float | None, ...]:
        v = values[(indicator, key)]
        return (v.waarde, v.teller, v.noemer, v.ondergrens, v.bovengrens)

    # signals per category: the gemeente's 3 on debts (Garwood 0.6187-8.7673), each wijk's in
    # the cross table, a category nobody recorded counts 0
    assert counts("signalen_per_categorie", "schulden") == (3, 3, None, 0.62, 8.77)
    assert values[("signalen_per_categorie", "schulden")].dimensie == "categorie"
    assert values[("signalen_per_categorie", "eenzaamheid")].waarde == 1
    assert values[("signalen_per_categorie", "overlast")].waarde == 0
    assert values[("signalen_per_categorie", "W1|schulden")].waarde == 2
    assert values[("signalen_per_categorie", "W1|schulden")].dimensie == "wijk×categorie"
    assert values[("signalen_per_categorie", "W2|schulden")].waarde == 1
    assert values[("signalen_per_categorie", "W2|eenzaamheid")].waarde == 0
    # followed up per category: 2 of 3 debt signals (all but the new one): Wilson 20.77-93.85%
    pct = "pct_signalen_opgepakt_per_categorie"
    assert counts(pct, "schulden") == (66.7, 2, 3, 20.77, 93.85)
    assert values[(pct, "eenzaamheid")].waarde == 100.0
    assert counts(pct, "overlast") == (None, 0, 0, None, None)
    # mediations: W1 2 of 4 with a result (15.0-85.0%), W2 1 of 1, the gemeente 3 of 5
    # (23.07-88.24%); the home visit's result is not a mediation's
    assert counts("bemiddelingen", "W1") == (4, 4, None, 1.09, 10.24)
    assert counts("pct_bemiddelingen_met_resultaat", "W1") == (50.0, 2, 4, 15.0, 85.0)
    assert values[("pct_bemiddelingen_met_resultaat", "W2")].waarde == 100.0
    assert counts("pct_bemiddelingen_met_resultaat", "GM") == (60.0, 3, 5, 23.07, 88.24)
    # initiatives by outcome, for the gemeente
    uitkomst = "initiatieven_per_uitkomst"
    assert values[(uitkomst, "gestrand")].waarde == 2
    assert values[(uitkomst, "gerealiseerd")].waarde == 1
    assert values[(uitkomst, "idee")].waarde == 1
    assert values[(uitkomst, "ondersteund")].waarde == 0
    assert values[(uitkomst, "gestrand")].dimensie == "status"
    # reach against the population: W1's actions reach older people in 2 of 4 (50%) where 600
    # of 3,000 inhabitants (20%) are 65+: 2.5; Wilson 15.0-85.0% / 20% = 0.75-4.25
    assert counts("bereik_tov_bevolking_ouderen", "W1") == (2.5, 2, 4, 0.75, 4.25)
    # the gemeente: 2 of 6 actions (33.3%) against 1,000 of 4,000 (25%): 1.33
    assert values[("bereik_tov_bevolking_ouderen", "GM")].waarde == 1.33
    # W2: none of 2 actions against 40%: 0; its migranten figure CBS did not publish
    assert values[("bereik_tov_bevolking_ouderen", "W2")].waarde == 0.0
    assert counts("bereik_tov_bevolking_migranten", "W2") == (None, 0, 2, None, None)
    # W1 migranten: 0 of 4 against 300 of 3,000 (10%): 0, up to 48.99% / 10% = 4.90
    assert counts("bereik_tov_bevolking_migranten", "W1") == (0.0, 0, 4, 0.0, 4.9)
    # jongeren: CBS's 15-24 band suppressed here, so no ratio (and no made-up interval)
    assert counts("bereik_tov_bevolking_jongeren", "W1") == (None, 0, 4, None, None)
