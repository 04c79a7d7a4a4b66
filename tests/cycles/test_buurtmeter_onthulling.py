"""The buurtmeter's figures through disclosure control: a share's numerator, a dominated sum, the
kinds of action against the gemeente's total, and the values that reveal a hidden count."""

from __future__ import annotations

import csv
import datetime as dt

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
from makelaar.models.domain import ActieType, Fase
from makelaar.models.schemas import ApplyResult
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.cycles.logboek_testing import ActieRecord, tellingen

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


def _published() -> dict[tuple[str, str], str | None]:
    acties = _round()
    raw = compute(
        gemeente_code=GM,
        wijken=WIJKEN,
        inwoners={GM: 30000, "WK01": 10000, "WK02": 8000, "WK03": 12000},
        tellingen=tellingen(WIJKEN, acties, [], []),
    )
    published = publish_logbook(
        raw, tellingen=tellingen(WIJKEN, acties), gemeente_code=GM, wijken=WIJKEN, min_n=10
    )
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
