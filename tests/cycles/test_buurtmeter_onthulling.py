"""The buurtmeter's figures through disclosure control: a share's numerator, a dominated sum, the
kinds of action against the gemeente's total, and the values that reveal a hidden count."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence

from makelaar.cycles.buurtmeter import BuurtmeterCycle
from makelaar.cycles.buurtmeter.onthulling import logbook_tables, publish_logbook
from makelaar.cycles.demo import generate_demo
from makelaar.cycles.demo.enquetes import answer_as_demo
from makelaar.cycles.indicators import compute
from makelaar.cycles.rounds import run_round, start_round, stored_indicators, stored_result
from makelaar.cycles.spec import RoundContext
from makelaar.intake.cbs import cbs_file, import_kerncijfers
from makelaar.intake.disclosure import (
    DOMINANTIE_NK,
    DREMPEL_TELLER,
    SECUNDAIR,
    Cel,
    cel,
    recoverable,
    tables,
)
from makelaar.models.domain import (
    ActieType,
    Fase,
    InitiatiefStatus,
    Resultaat,
    SignaalCategorie,
    SignaalStatus,
)
from makelaar.models.schemas import ApplyResult
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.cycles.logboek_testing import (
    ActieRecord,
    InitiatiefRecord,
    SignaalRecord,
    tellingen,
)

GM = "GM9999"
WIJKEN = ["WK01", "WK02", "WK03"]


def _actie(
    wijk: str,
    *,
    uren: float = 2.0,
    doelgroepen: frozenset[str] = frozenset(),
    soort: int = 0,
    partners: int = 2,
) -> ActieRecord:
    return ActieRecord(
        wijk_code=wijk,
        actietype=(ActieType.BUURTONDERZOEK, ActieType.EVENEMENT, ActieType.HUISBEZOEK)[soort],
        partners=partners,
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


def _published(
    acties: list[ActieRecord] | None = None,
    initiatieven: Sequence[InitiatiefRecord] = (),
    signalen: Sequence[SignaalRecord] = (),
) -> dict[tuple[str, str], str | None]:
    acties = _round() if acties is None else acties
    counted = tellingen(WIJKEN, acties, initiatieven, signalen)
    raw = compute(
        gemeente_code=GM,
        wijken=WIJKEN,
        inwoners={GM: 30000, "WK01": 10000, "WK02": 8000, "WK03": 12000},
        tellingen=counted,
    )
    published = publish_logbook(raw, tellingen=counted, gemeente_code=GM, wijken=WIJKEN, min_n=10)
    hidden = {cel(v) for v in published if v.onderdrukt}
    leaks: list[Cel] = [
        c
        for t in [
            *tables(published, {v.indicator for v in published}),
            *logbook_tables(GM, WIJKEN),
        ]
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


def test_a_mean_dominated_by_one_action_is_hidden_as_acro_checks_means() -> None:
    acties = [_actie("WK01", partners=300 if i == 0 else 1) for i in range(20)]
    acties += [_actie(w) for w in ("WK02", "WK03") for _ in range(20)]
    raw = compute(
        gemeente_code=GM,
        wijken=WIJKEN,
        inwoners={},
        tellingen=tellingen(WIJKEN, acties, [], []),
    )
    published = publish_logbook(
        raw, tellingen=tellingen(WIJKEN, acties), gemeente_code=GM, wijken=WIJKEN, min_n=10
    )
    reden = {(v.indicator, v.sleutel): v.reden for v in published}
    assert reden["gem_partners_per_actie", "WK01"] == DOMINANTIE_NK  # 301 of 319 partners
    assert reden["gem_partners_per_actie", "WK02"] == SECUNDAIR


def test_a_small_kind_of_action_is_protected_against_the_gemeente_total() -> None:
    hidden = _published()
    assert hidden["acties_per_type", "huisbezoek"] == DREMPEL_TELLER  # 3 home visits
    # kinds nobody recorded are hidden too (a 0 is a cell of fewer than 10, as ACRO has it), so
    # the gemeente's 120 actions minus the published kinds gives the hidden kinds together: 3
    assert hidden["acties_per_type", "bemiddeling_bewoners"] == DREMPEL_TELLER
    assert ("acties_per_type", "evenement") not in hidden
    assert ("acties", GM) not in hidden


def _signalen(wijk: str, categorie: SignaalCategorie, n: int, opgepakt: int) -> list[SignaalRecord]:
    return [
        SignaalRecord(
            wijk, SignaalStatus.OPGEPAKT if i < opgepakt else SignaalStatus.NIEUW, categorie
        )
        for i in range(n)
    ]


def test_a_small_signal_category_is_hidden_in_the_gemeente_and_the_wijk_and_its_share() -> None:
    """Each wijk has a few signals in a small category besides its large ones (as a real wijk
    does): a row whose only hidden cells are 0 would tell them, and hide a large cell too."""
    schulden, eenzaamheid = SignaalCategorie.SCHULDEN, SignaalCategorie.EENZAAMHEID
    gezondheid = SignaalCategorie.GEZONDHEID
    signalen = [
        *_signalen("WK01", schulden, 30, 20),
        *_signalen("WK01", eenzaamheid, 15, 9),
        *_signalen("WK01", gezondheid, 2, 2),
        *_signalen("WK02", schulden, 12, 6),
        *_signalen("WK02", eenzaamheid, 25, 15),
        *_signalen("WK02", gezondheid, 1, 1),
        *_signalen("WK03", schulden, 20, 12),
        *_signalen("WK03", eenzaamheid, 11, 5),
        *_signalen("WK03", SignaalCategorie.OVERLAST, 3, 0),  # 3 signals on nuisance
    ]
    hidden = _published(signalen=signalen)
    per_categorie, pct = "signalen_per_categorie", "pct_signalen_opgepakt_per_categorie"
    assert hidden[per_categorie, "overlast"] == DREMPEL_TELLER
    assert hidden[per_categorie, "WK03|overlast"] == DREMPEL_TELLER
    assert hidden[pct, "overlast"] == DREMPEL_TELLER  # 0 of 3 followed up
    assert hidden[per_categorie, "gezondheid"] == DREMPEL_TELLER
    # the large categories stay, in the gemeente and in each wijk, and so do the totals
    for sleutel in ("schulden", "eenzaamheid"):
        assert (per_categorie, sleutel) not in hidden
        assert (pct, sleutel) not in hidden  # 38 of 62, 29 of 51
        for wijk in WIJKEN:
            assert (per_categorie, f"{wijk}|{sleutel}") not in hidden
    assert ("signalen", GM) not in hidden and ("signalen", "WK03") not in hidden


def test_a_small_kind_of_mediation_is_protected_against_the_mediations() -> None:
    bewoners, instelling = ActieType.BEMIDDELING_BEWONERS, ActieType.BEMIDDELING_BEWONER_INSTELLING
    acties = [
        ActieRecord("WK01", bewoners, resultaat=Resultaat.VERBINDING if i < 15 else Resultaat.GEEN)
        for i in range(25)
    ]
    acties += [ActieRecord("WK02", bewoners, resultaat=Resultaat.VERBINDING) for _ in range(12)]
    acties += [ActieRecord("WK03", instelling, resultaat=Resultaat.GEEN) for _ in range(4)]
    acties += [ActieRecord(w, ActieType.EVENEMENT) for w in WIJKEN for _ in range(12)]
    hidden = _published(acties)
    # WK03's 4 mediations, and their share with a result, are hidden
    assert hidden["bemiddelingen", "WK03"] == DREMPEL_TELLER
    assert hidden["pct_bemiddelingen_met_resultaat", "WK03"] == DREMPEL_TELLER  # 0 of 4
    # the 4 with an organisation are hidden among the kinds of action; the gemeente's 41
    # mediations minus the 37 between residents would give them back, so one of those is hidden
    assert hidden["acties_per_type", instelling.value] == DREMPEL_TELLER
    assert hidden["bemiddelingen", GM] == SECUNDAIR
    assert ("acties_per_type", bewoners.value) not in hidden
    # 15 of 25 with a result in WK01 (10 without): published
    assert ("pct_bemiddelingen_met_resultaat", "WK01") not in hidden


def test_initiatives_by_outcome_hide_a_small_outcome_and_what_gives_it_back() -> None:
    initiatieven = [
        *(InitiatiefRecord(WIJKEN[i % 3], InitiatiefStatus.IDEE) for i in range(20)),
        *(InitiatiefRecord(WIJKEN[i % 3], InitiatiefStatus.GEREALISEERD) for i in range(15)),
        *(InitiatiefRecord(WIJKEN[i % 3], InitiatiefStatus.GESTRAND) for i in range(12)),
        *(InitiatiefRecord("WK01", InitiatiefStatus.NIET_ONDERSTEUND) for _ in range(2)),
    ]
    hidden = _published(initiatieven=initiatieven)
    uitkomst = "initiatieven_per_uitkomst"
    assert hidden[uitkomst, "niet_ondersteund"] == DREMPEL_TELLER  # 2
    # 14 without go-ahead minus the 12 stranded would give the 2 back: one of them is hidden
    assert hidden[uitkomst, "gestrand"] == SECUNDAIR
    assert ("initiatieven_zonder_doorgang", GM) not in hidden
    # the 49 initiatives minus the 20 ideas, the 15 realised and the 14 without go-ahead would
    # give the hidden 0 supported: the realised are hidden too, and so is the share realised,
    # whose numerator they are
    assert hidden[uitkomst, "gerealiseerd"] == SECUNDAIR
    assert hidden["pct_initiatieven_gerealiseerd", GM] == SECUNDAIR
    assert (uitkomst, "idee") not in hidden


def test_the_demo_edition_ships_a_disclosure_report_of_every_figure(
    sqlite_store: Store, settings: Settings
) -> None:
    """The demo year as a new user runs it: the edition's report lists every stored figure, each
    suppressed one with its rule, and no published share rests on fewer than 10 actions, persons
    or signals with or without the property (the issue's "Vluchtelingen 2,2%" of 325 is gone)."""
    import_kerncijfers(sqlite_store, cbs_file())
    generate_demo(sqlite_store)
    ronde = start_round(sqlite_store, gemeente_code="GM0344", cyclus="buurtmeter", periode="2026")
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    ctx = RoundContext(ronde=ronde, store=sqlite_store, settings=settings, nu=lambda: now)

    run_round(ctx, BuurtmeterCycle(), leerbijeenkomst="demo", survey_filler=answer_as_demo)

    applied = stored_result(sqlite_store, ronde.id, Fase.APPLY, ApplyResult)
    assert isinstance(applied, ApplyResult) and applied.pdf is not None
    assert applied.onthullingsrapport is not None
    assert applied.onthullingsrapport.parent == applied.pdf.parent
    with applied.onthullingsrapport.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    stored = stored_indicators(sqlite_store, ronde.id)
    # one row per stored figure, grouped by table (indicator)
    assert sorted((r["indicator"], r["uitsplitsing"], r["sleutel"]) for r in rows) == sorted(
        (v.indicator, v.dimensie, v.sleutel) for v in stored
    )
    by_cell = {(r["indicator"], r["sleutel"]): r for r in rows}
    for value in stored:
        row = by_cell[value.indicator, value.sleutel]
        assert row["gepubliceerd"] == ("nee" if value.onderdrukt else "ja")
        assert row["regel"] == (value.reden or "")
        if value.onderdrukt:
            assert value.reden and row["toelichting"] and row["waarde"] == ""
        elif value.indicator.startswith("pct_") and value.teller is not None:
            assert value.noemer is not None
            assert min(value.teller, value.noemer - value.teller) >= 10, value
    refugees = [v for v in stored if v.indicator == "pct_acties_doelgroep_vluchtelingen"]
    assert any(v.reden == DREMPEL_TELLER for v in refugees)
    assert {r["tabel"] for r in rows if r["indicator"] == "uren"} == {
        "uren: de wijken tellen op tot de gemeente"
    }
