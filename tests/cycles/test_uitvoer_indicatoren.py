"""A round's indicators shown and exported: the change with its interval, suppressed cells as
missing with their reason, CSV/XLSX/.sav as a researcher opens them, and SPSS-valid names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
from pathlib import Path
from typing import Any

import pyreadstat
import pytest
from openpyxl import load_workbook

from makelaar.cycles.indicatorweergave import (
    declaraties,
    getal,
    ronde_indicatoren,
    verschil,
    waargenomen_dagen,
)
from makelaar.cycles.onzekerheid import (
    verhouding_rates,
    verschil_gemiddelden,
    verschil_proporties,
)
from makelaar.cycles.uitvoer_indicatoren import KOLOMMEN, exporteer_indicatoren
from makelaar.models.errors import MakelaarError
from makelaar.models.schemas import IndicatorValue
from makelaar.models.spss import MAX_BYTES, RESERVED, is_spss_naam, spss_namen, write_sav
from makelaar.models.store import Store
from tests.cycles.indicator_rondes import NOORD, REDEN, WEST, twee_rondes


def _regel(store: Store, indicator: str, sleutel: str):  # type: ignore[no-untyped-def]
    weergave = ronde_indicatoren(store)
    return next(
        r for r in weergave.regels if (r.waarde.indicator, r.waarde.sleutel) == (indicator, sleutel)
    )


def test_the_latest_round_is_shown_with_the_previous_rounds_values_and_change(store: Store) -> None:
    rondes = twee_rondes(store)
    weergave = ronde_indicatoren(store)
    assert weergave.ronde.id == rondes.huidige.id
    assert weergave.vorige_ronde is not None and weergave.vorige_ronde.id == rondes.vorige.id
    assert weergave.sleutels("wijk") == {WEST: "Wijk 01 Deel 1", NOORD: "Wijk 02 Deel 2"}

    signalen = _regel(store, "pct_signalen_opgepakt", WEST)
    assert signalen.naam == "Signalen opgepakt of doorgezet" and signalen.eenheid == "%"
    assert signalen.verandering() == pytest.approx(40.0)
    expected = verschil_proporties(40, 50, 20, 50).interval.maal(100)
    assert signalen.verschil is not None
    assert signalen.verschil.interval == pytest.approx(expected)
    assert signalen.lezing("nl") == "hoger dan vorige ronde"

    partners = _regel(store, "gem_partners_per_actie", WEST)
    welch = verschil_gemiddelden(90, 1.6, 0.6, 60, 1.5, 0.5).interval
    assert partners.verschil is not None and partners.verschil.interval == pytest.approx(welch)
    assert partners.lezing("en") == (
        "the difference with the previous round is within the uncertainty"
    )

    # a count: the ratio of the two counts per day observed (2026 has not ended: fewer days)
    acties = _regel(store, "acties", WEST)
    dagen = (waargenomen_dagen(rondes.huidige), waargenomen_dagen(rondes.vorige))
    assert dagen[1] == 365 and acties.verandering() == 30
    assert acties.verschil == verhouding_rates(90, dagen[0], 60, dagen[1])
    assert acties.verschil.soort == "verhouding" and acties.lezing("nl") == "hoger dan vorige ronde"
    uren = _regel(store, "uren", WEST)  # a sum of hours: a change, no interval of it
    assert uren.verandering() == 30.5 and uren.verschil is None and uren.lezing("nl") == ""
    onderdrukt = _regel(store, "acties", NOORD)
    assert onderdrukt.verandering() is None and onderdrukt.verschil is None


def test_a_round_that_does_not_exist_names_the_rounds_that_do(store: Store) -> None:
    twee_rondes(store)
    with pytest.raises(MakelaarError, match=r"Ronde 99 bestaat niet; bestaande rondes: 1, 2\."):
        ronde_indicatoren(store, 99)
    with pytest.raises(MakelaarError, match=r"Round 99 does not exist; existing rounds: 1, 2\."):
        ronde_indicatoren(store, 99, "en")


def test_no_round_with_values_says_what_to_run(store: Store) -> None:
    with pytest.raises(MakelaarError, match="Voer eerst een ronde uit: 'makelaar demo'"):
        ronde_indicatoren(store)


def _lees_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Dutch Excel opens it right
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_has_one_row_per_value_with_semicolons_and_the_suppressed_cell_missing(
    store: Store, tmp_path: Path
) -> None:
    twee_rondes(store)
    uitvoer = exporteer_indicatoren(ronde_indicatoren(store), tmp_path / "ind.csv")
    assert (uitvoer.formaat, uitvoer.waarden, uitvoer.onderdrukt) == ("csv", 9, 1)
    header, *rows = _lees_csv(tmp_path / "ind.csv")
    assert header == [k.naam for k in KOLOMMEN]
    per = {
        (r[header.index("indicator")], r[header.index("sleutel")]): dict(
            zip(header, r, strict=True)
        )
        for r in rows
    }
    west = per["pct_signalen_opgepakt", WEST]
    assert (west["waarde"], west["ondergrens"], west["bovengrens"]) == ("80", "67", "88,8")
    assert (west["teller"], west["noemer"], west["onderdrukt"], west["reden"]) == (
        "40",
        "50",
        "0",
        "",
    )
    assert west["sleutel_naam"] == "Wijk 01 Deel 1" and west["gemeente_naam"] == "Utrecht"
    noord = per["acties", NOORD]
    # suppressed: missing, and so is the basis (6) the suppression hides; the reason is kept
    assert [noord[k] for k in ("waarde", "basis", "teller", "noemer")] == ["", "", "", ""]
    assert (noord["onderdrukt"], noord["reden"]) == ("1", REDEN)
    assert per["acties_per_type", "'=HYPERLINK(1)"]["waarde"] == "12"  # formula neutralised

    codeboek = _lees_csv(tmp_path / "ind.codeboek.csv")
    assert codeboek[0] == ["onderdeel", "naam", "label", "waarden"]
    assert [
        "onderdrukt",
        f"acties/wijk/{NOORD}",
        "Sociale acties, wijk Wijk 02 Deel 2",
        REDEN,
    ] in codeboek
    variabelen = {r[1]: r for r in codeboek if r[0] == "variabele"}
    assert list(variabelen) == [k.naam for k in KOLOMMEN]
    assert variabelen["onderdrukt"][3] == "0 = gepubliceerd; 1 = onderdrukt"


def test_xlsx_is_formula_safe_typed_and_has_a_codebook_sheet_in_english(
    store: Store, tmp_path: Path
) -> None:
    twee_rondes(store)
    path = tmp_path / "ind.xlsx"
    uitvoer = exporteer_indicatoren(ronde_indicatoren(store, taal="en"), path, taal="en")
    assert uitvoer.codeboek is None
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["indicators", "codebook"]
    sheet = workbook["indicators"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    west = next(
        dict(zip(header, r, strict=True))
        for r in rows
        if r[header.index("indicator")] == "pct_signalen_opgepakt"
    )
    assert west["waarde"] == 80.0 and west["indicator_naam"] == "Signals taken up or passed on"
    assert "'=HYPERLINK(1)" in [r[header.index("sleutel")] for r in rows]
    codebook = [list(r) for r in workbook["codebook"].iter_rows(values_only=True)]
    assert codebook[0] == ["part", "name", "label", "values"]
    assert [
        "suppressed",
        f"acties/wijk/{NOORD}",
        "Social actions, district Wijk 02 Deel 2",
        REDEN,
    ] in codebook


def test_sav_reads_back_with_its_variable_and_value_labels(store: Store, tmp_path: Path) -> None:
    twee_rondes(store)
    path = tmp_path / "ind.sav"
    uitvoer = exporteer_indicatoren(ronde_indicatoren(store), path, formaat="sav", drempel=10)
    assert uitvoer.codeboek == str(tmp_path / "ind.codeboek.csv")
    assert path.stat().st_mode & 0o777 == 0o600
    frame, meta = pyreadstat.read_sav(str(path))
    assert list(frame.columns) == [k.naam for k in KOLOMMEN]
    assert meta.column_names_to_labels["ondergrens"] == "Ondergrens van het 95%-interval"
    labels: dict[str, dict[Any, str]] = meta.variable_value_labels
    assert labels["indicator"]["acties"] == "Sociale acties"
    assert labels["sleutel"][WEST] == "Wijk 01 Deel 1"
    # the rule explained as the edition's disclosure report explains it, with the threshold
    assert labels["reden"] == {REDEN: "minder dan 10 personen of registraties in de teller"}
    assert meta.variable_value_labels["onderdrukt"] == {0.0: "gepubliceerd", 1.0: "onderdrukt"}
    assert meta.readstat_variable_types["waarde"] == "double"
    noord = frame[(frame.indicator == "acties") & (frame.sleutel == NOORD)].iloc[0]
    assert math.isnan(noord.waarde) and math.isnan(noord.basis)  # system-missing
    assert (noord.onderdrukt, noord.reden) == (1.0, REDEN)
    west = frame[frame.indicator == "pct_signalen_opgepakt"].iloc[0]
    assert (west.waarde, west.ondergrens, west.bovengrens) == (80.0, 67.0, 88.8)
    codeboek = _lees_csv(tmp_path / "ind.codeboek.csv")
    uitleg = next(r[3] for r in codeboek if r[1] == f"acties/wijk/{NOORD}")
    assert uitleg == f"{REDEN}: minder dan 10 personen of registraties in de teller"


def test_an_unknown_format_is_refused_naming_the_valid_ones(store: Store, tmp_path: Path) -> None:
    twee_rondes(store)
    with pytest.raises(MakelaarError, match="'dta' wordt niet ondersteund; kies csv, xlsx of sav"):
        exporteer_indicatoren(ronde_indicatoren(store), tmp_path / "x.dta")


@pytest.mark.parametrize(
    ("kolom", "naam"),
    [
        ("signalen/eenzaam", "signalen_eenzaam"),
        ("groep/vraag/keuze", "groep_vraag_keuze"),
        ("Tevredenheid (0-10)", "Tevredenheid_0_10"),
        ("tevreden.", "tevreden"),
        ("2026", "v_2026"),
        ("_uuid", "uuid"),
        ("to", "v_to"),
        ("WITH", "v_WITH"),
        ("één", "een"),
        ("", "v"),
        ("x" * 80, "x" * 64),
    ],
)
def test_names_become_valid_spss_names(kolom: str, naam: str) -> None:
    assert spss_namen([kolom]) == [naam]


def test_repeated_names_are_made_unique_regardless_of_case() -> None:
    assert spss_namen(["a/b", "a_b", "A_B", "x" * 70, "x" * 64]) == [
        "a_b",
        "a_b_2",
        "A_B_3",
        "x" * 64,
        "x" * 62 + "_2",
    ]


def _lastige_namen(rng: random.Random) -> list[str]:
    """Names as forms and cycles make them, and worse: paths, accents, digits, reserved words,
    case variants, very long ones, and repeats."""
    tekens = "aZ_/.-0 9éß@#$()=+ÿ\u4e2d"
    namen = [
        "".join(rng.choice(tekens) for _ in range(rng.randint(0, 90)))
        for _ in range(rng.randint(0, 30))
    ]
    namen += [*rng.sample(sorted(RESERVED), 3), "Wijk", "wijk", "WIJK"]
    namen += [namen[0]] * 2 if namen else []
    rng.shuffle(namen)
    return namen


@pytest.mark.parametrize("seed", range(200))
def test_any_names_become_valid_and_unique(seed: int) -> None:
    kolommen = _lastige_namen(random.Random(seed))
    namen = spss_namen(kolommen)
    assert len(namen) == len(kolommen)
    assert all(is_spss_naam(n) for n in namen)
    assert all(len(n.encode()) <= MAX_BYTES and n.upper() not in RESERVED for n in namen)
    assert len({n.upper() for n in namen}) == len(namen)
    assert spss_namen(kolommen) == namen  # deterministic


def test_write_sav_refuses_names_spss_refuses(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not valid, unique SPSS names"):
        write_sav(tmp_path / "x.sav", ["a/b"], [[1]], labels={})
    assert not (tmp_path / "x.sav").exists()


def test_the_days_observed_stop_today_or_at_the_periods_end(store: Store) -> None:
    rondes = twee_rondes(store)
    assert waargenomen_dagen(rondes.vorige, dt.date(2027, 3, 1)) == 365
    assert waargenomen_dagen(rondes.huidige, dt.date(2026, 2, 1)) == 32
    assert waargenomen_dagen(rondes.huidige, dt.date(2025, 6, 1)) == 1  # never none


def test_figures_are_written_as_the_reader_writes_them() -> None:
    assert getal(1234.5, "nl") == "1.234,5" and getal(1234.5, "en") == "1,234.5"
    assert getal(40.0, "nl", teken=True) == "+40" and getal(13.0, "nl", decimalen=1) == "13,0"
    assert getal(-0.25, "en", teken=True, decimalen=2) == "-0.25" and getal(None, "nl") == "–"


def test_rates_and_counts_compare_per_day_observed() -> None:
    gedeclareerd = declaraties("buurtmeter")
    per_1000, acties = gedeclareerd["acties_per_1000_inwoners"], gedeclareerd["acties"]

    def rate(teller: int, inwoners: int) -> IndicatorValue:
        return IndicatorValue(
            indicator=per_1000.id,
            dimensie="wijk",
            sleutel=WEST,
            waarde=round(1000 * teller / inwoners, 1),
            teller=teller,
            noemer=inwoners,
        )

    # a whole year against a whole year: the plain ratio of the two rates
    gelijk = verschil(per_1000, rate(90, 12_000), rate(60, 12_000), (365, 365))
    assert gelijk == verhouding_rates(90, 12_000 * 365, 60, 12_000 * 365)
    # 60 actions in half a year are as many per day as 120 in a year: no change to report
    half = verschil(per_1000, rate(60, 12_000), rate(120, 12_000), (182, 365))
    assert half is not None and half.richting == 0
    assert half.interval.waarde == pytest.approx((60 / 182) / (120 / 365))
    teller = IndicatorValue(indicator="acties", dimensie="wijk", sleutel=WEST, waarde=60, teller=60)
    vorig = teller.model_copy(update={"waarde": 120, "teller": 120})
    count = verschil(acties, teller, vorig, (182, 365))
    assert count == verhouding_rates(60, 182, 120, 365) and count.richting == 0
    assert verschil(acties, teller, vorig.model_copy(update={"onderdrukt": True}), (1, 1)) is None
