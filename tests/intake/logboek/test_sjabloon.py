"""The logbook template: sheets, headers, dropdowns and checks, lists from the store, safe writing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.writer.excel import ExcelWriter
from python_calamine import CalamineWorkbook

from makelaar.intake.logboek.keuzelijsten import KEUZELIJSTEN
from makelaar.intake.logboek.kolommen import (
    HULPBLADEN,
    RECORDSOORTEN,
    Kolom,
    Recordsoort,
    Soort,
)
from makelaar.intake.logboek.sjabloon import (
    DATUMNOTATIE,
    DECIMAALNOTATIE,
    MAX_MELDING,
    MAX_TITEL,
    SJABLOON_RIJEN,
    Lijsten,
    lijsten_uit_store,
    schrijf_sjabloon,
)
from makelaar.models.domain import PartnerSoort
from makelaar.models.errors import StoreError
from makelaar.models.store import Store
from tests.factories import make_gemeente_with_wijken, make_makelaar

LIJSTEN = Lijsten(
    gemeente="Teststad",
    wijken=(("WK999902", "Noord"), ("WK999901", "Oost, Centrum")),
    buurten=(
        ("BU99990201", "Bloemenbuurt", "WK999902"),
        ("BU99990101", "Haven", "WK999901"),
        ("BU99990102", "Oude Stad", "WK999901"),
    ),
    makelaars=("TS-01", "TS-02"),
)
LEEG = Lijsten(gemeente=None, wijken=(), buurten=(), makelaars=())


def _letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _blad(soort: Recordsoort, locale: str) -> str:
    return soort.blad_en if locale == "en" else soort.blad


def _controles(werkmap: Any, soort: Recordsoort, locale: str = "nl") -> dict[str, Any]:
    """Column header → the one data validation on its data cells."""
    blad = werkmap[_blad(soort, locale)]
    per_bereik = {str(dv.sqref): dv for dv in blad.data_validations.dataValidation}
    assert len(per_bereik) == len(blad.data_validations.dataValidation)
    result = {}
    for index, kolom in enumerate(soort.kolommen):
        letter = _letter(index)
        kop = kolom.kop_en if locale == "en" else kolom.kop
        result[kop] = per_bereik.pop(f"{letter}2:{letter}{SJABLOON_RIJEN}")
    assert per_bereik == {}, "validations on cells that are no data column"
    return result


def _lijst(werkmap: Any, formule: str) -> list[str]:
    """The values of a range such as 'Lijsten'!$A$2:$A$12."""
    blad, bereik = formule.split("!")
    cellen = werkmap[blad.strip("'")][bereik.replace("$", "")]
    return [rij[0].value for rij in cellen]


def _kolommen(soort_: Soort) -> list[tuple[Recordsoort, Kolom]]:
    return [(s, k) for s in RECORDSOORTEN for k in s.kolommen if k.soort is soort_]


@pytest.fixture
def sjabloon(tmp_path: Path) -> Path:
    return schrijf_sjabloon(tmp_path / "logboek.xlsx", LIJSTEN)


# --- sheets and headers --------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_sheets_in_order_with_the_headers_the_importer_reads(tmp_path: Path, locale: str) -> None:
    pad = schrijf_sjabloon(tmp_path / "logboek.xlsx", LIJSTEN, locale=locale)
    werkmap = load_workbook(pad)

    eerste, laatste = ("Instructions", "Lists") if locale == "en" else ("Instructies", "Lijsten")
    assert werkmap.sheetnames == [eerste, *(_blad(s, locale) for s in RECORDSOORTEN), laatste]
    assert {eerste, laatste} <= set(HULPBLADEN)
    assert werkmap.active.title == eerste
    for soort in RECORDSOORTEN:
        blad = werkmap[_blad(soort, locale)]
        koppen = [cel.value for cel in blad[1]]
        assert koppen == [k.kop_en if locale == "en" else k.kop for k in soort.kolommen]
        assert blad.max_row == 1
        assert blad.freeze_panes == "A2"
        assert blad.auto_filter.ref == f"A1:{_letter(len(koppen) - 1)}{SJABLOON_RIJEN}"


def test_required_headers_are_coloured_and_starred_outside_the_header_text(sjabloon: Path) -> None:
    werkmap = load_workbook(sjabloon)
    kleuren: dict[bool, set[str]] = {True: set(), False: set()}
    for soort in RECORDSOORTEN:
        controles = _controles(werkmap, soort)
        for cel, kolom in zip(werkmap[soort.blad][1], soort.kolommen, strict=True):
            assert "*" not in cel.value
            assert cel.font.b
            kleuren[kolom.verplicht].add(cel.fill.fgColor.rgb)
            assert cel.comment.text.startswith("* Verplicht.") is kolom.verplicht
            assert controles[kolom.kop].promptTitle.endswith(" *") is kolom.verplicht
            assert controles[kolom.kop].prompt.startswith("* Verplicht.") is kolom.verplicht
    assert len(kleuren[True]) == len(kleuren[False]) == 1
    assert kleuren[True] != kleuren[False]


def test_workbook_properties(sjabloon: Path, tmp_path: Path) -> None:
    werkmap = load_workbook(sjabloon)
    assert werkmap.properties.title == "Logboek sociaal makelaar — Teststad"
    assert werkmap.properties.creator == "makelaar"
    assert werkmap.properties.language == "nl-NL"
    engels = schrijf_sjabloon(tmp_path / "en.xlsx", LEEG, locale="en")
    assert load_workbook(engels).properties.language == "en-GB"
    assert load_workbook(engels).properties.title == "Social broker logbook"


# --- instructions --------------------------------------------------------------------------------


def _tekst(werkmap: Any, blad: str) -> str:
    return "\n".join(
        str(waarde)
        for rij in werkmap[blad].iter_rows(values_only=True)
        for waarde in rij
        if waarde is not None
    )


def test_instructions_name_every_sheet_and_column(sjabloon: Path) -> None:
    werkmap = load_workbook(sjabloon)
    tekst = _tekst(werkmap, "Instructies")
    assert werkmap["Instructies"]["A1"].value == "Logboek sociaal makelaar — Teststad"
    for soort in RECORDSOORTEN:
        assert soort.blad in tekst
        assert soort.uitleg in tekst
        for kolom in soort.kolommen:
            assert kolom.uitleg in tekst
            if kolom.keuzes is not None:
                assert ", ".join(k.label for k in KEUZELIJSTEN[kolom.keuzes]) in tekst
    for woord in ("makelaar logboek import", "dag-maand-jaar", "';'", ".xlsx", "pseudoniem"):
        assert woord in tekst
    assert "geen namen, adressen of telefoonnummers" in tekst
    assert "geen wijken" not in tekst  # the store had wijken


def test_english_instructions(tmp_path: Path) -> None:
    werkmap = load_workbook(schrijf_sjabloon(tmp_path / "en.xlsx", LIJSTEN, locale="en"))
    tekst = _tekst(werkmap, "Instructions")
    assert werkmap["Instructions"]["A1"].value == "Social broker logbook — Teststad"
    for soort in RECORDSOORTEN:
        assert soort.blad_en in tekst
        for kolom in soort.kolommen:
            assert kolom.uitleg_en in tekst
    assert "makelaar logboek import" in tekst
    assert "Elke rij" not in tekst


def test_without_wijken_or_brokers_the_instructions_say_what_to_type(tmp_path: Path) -> None:
    werkmap = load_workbook(schrijf_sjabloon(tmp_path / "leeg.xlsx", LEEG))
    tekst = _tekst(werkmap, "Instructies")
    assert werkmap["Instructies"]["A1"].value == "Logboek sociaal makelaar"
    assert "nog geen wijken in de database" in tekst
    assert "nog geen makelaars in het register" in tekst
    assert "makelaar makelaars import" in tekst
    for soort in RECORDSOORTEN:
        for kop, controle in _controles(werkmap, soort).items():
            kolom = next(k for k in soort.kolommen if k.kop == kop)
            if kolom.soort in (Soort.WIJK, Soort.BUURT, Soort.MAKELAAR):
                assert controle.type is None  # no dropdown to an empty list
                assert controle.showInputMessage
                assert not controle.showErrorMessage


# --- dropdowns and checks ------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_choice_columns_drop_down_exactly_their_labels(tmp_path: Path, locale: str) -> None:
    werkmap = load_workbook(schrijf_sjabloon(tmp_path / "l.xlsx", LIJSTEN, locale=locale))
    lijstblad = "Lists" if locale == "en" else "Lijsten"
    gezien = 0
    for soort in RECORDSOORTEN:
        controles = _controles(werkmap, soort, locale)
        for kolom in soort.kolommen:
            enum = PartnerSoort if kolom.soort is Soort.PARTNERS else kolom.keuzes
            if enum is None:
                continue
            gezien += 1
            controle = controles[kolom.kop_en if locale == "en" else kolom.kop]
            labels = [k.label_en if locale == "en" else k.label for k in KEUZELIJSTEN[enum]]
            assert controle.type == "list"
            assert controle.formula1.strip("'").startswith(lijstblad)
            assert not controle.formula1.startswith('"')  # a range, never an inline list
            assert _lijst(werkmap, controle.formula1) == labels
            # one value from the list; combinations separated by ';' stay possible
            assert controle.showErrorMessage is (kolom.soort is Soort.KEUZE)
            assert controle.allow_blank
    assert gezien == sum(
        1
        for s in RECORDSOORTEN
        for k in s.kolommen
        if k.soort in (Soort.KEUZE, Soort.KEUZES, Soort.PARTNERS)
    )


def test_wijk_buurt_and_broker_dropdowns_come_from_the_store(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        gemeente = make_gemeente_with_wijken(session, 3, naam="Dropstad", buurten_per_wijk=2)
        wijk_codes = [w.code for w in gemeente.wijken]
        makelaar = make_makelaar(
            session, gemeente.code, wijk_codes[:2], code="DS-01", naam="Dirk Smit"
        )
    with store.session() as session:
        lijsten = lijsten_uit_store(session)

    werkmap = load_workbook(schrijf_sjabloon(tmp_path / "logboek.xlsx", lijsten))
    wijknamen = ["Wijk 01 Deel 1", "Wijk 02 Deel 2", "Wijk 03 Deel 3"]
    buurtnamen = [f"Buurt {i}.{j}" for i in (1, 2, 3) for j in (1, 2)]
    for soort in RECORDSOORTEN:
        controles = _controles(werkmap, soort)
        for kolom in soort.kolommen:
            controle = controles[kolom.kop]
            if kolom.soort is Soort.WIJK:
                assert controle.type == "list"
                assert _lijst(werkmap, controle.formula1) == wijknamen
                assert controle.errorStyle == "warning"  # a typed CBS code is fine too
            elif kolom.soort is Soort.BUURT:
                assert _lijst(werkmap, controle.formula1) == buurtnamen
            elif kolom.soort is Soort.MAKELAAR:
                assert _lijst(werkmap, controle.formula1) == [makelaar.code]
                # only the register's codes: anything else is stopped in Excel already
                assert controle.showErrorMessage and controle.errorStyle == "stop"
                assert "makelaarsregister" in controle.error
                assert "makelaarsregister" in controle.prompt

    lijstblad = werkmap["Lijsten"]
    koppen = [cel.value for cel in lijstblad[1]]
    assert koppen[-7:] == [
        "Wijken",
        "Wijkcode",
        "Buurten",
        "Buurtcode",
        "Wijk (van de buurt)",
        "Makelaars",
        "Naam makelaar",
    ]
    makelaars = lijstblad.iter_rows(min_row=2, min_col=len(koppen) - 1, values_only=True)
    assert [r for r in makelaars if any(r)] == [("DS-01", "Dirk Smit")]
    buurt_kolom = koppen.index("Buurten")
    rijen = list(lijstblad.iter_rows(min_row=2, values_only=True))
    assert [(r[buurt_kolom], r[buurt_kolom + 2]) for r in rijen if r[buurt_kolom]][:2] == [
        ("Buurt 1.1", "Wijk 01 Deel 1"),
        ("Buurt 1.2", "Wijk 01 Deel 1"),
    ]
    assert lijstblad.freeze_panes == "A2"
    assert lijstblad.sheet_state == "visible"
    assert werkmap.sheetnames[-1] == "Lijsten"


def test_dates_numbers_and_text_lengths_are_checked(sjabloon: Path) -> None:
    werkmap = load_workbook(sjabloon)
    eerste_dag = (dt.date(2000, 1, 1) - dt.date(1899, 12, 30)).days
    for soort in RECORDSOORTEN:
        blad = werkmap[soort.blad]
        controles = _controles(werkmap, soort)
        for index, kolom in enumerate(soort.kolommen):
            controle = controles[kolom.kop]
            notatie = blad.column_dimensions[_letter(index)].number_format
            if kolom.soort is Soort.DATUM:
                assert (controle.type, controle.operator) == ("date", "greaterThan")
                assert controle.formula1 == str(eerste_dag)
                assert notatie == DATUMNOTATIE
            elif kolom.soort is Soort.GEHEEL:
                assert (controle.type, controle.operator) == ("whole", "between")
                assert float(controle.formula1) == kolom.minimum
                assert float(controle.formula2) == kolom.maximum
            elif kolom.soort is Soort.DECIMAAL:
                assert (controle.type, controle.operator) == ("decimal", "between")
                assert (float(controle.formula1), float(controle.formula2)) == (
                    kolom.minimum,
                    kolom.maximum,
                )
                assert notatie == DECIMAALNOTATIE
            elif kolom.soort in (Soort.ID, Soort.TEKST, Soort.VRIJE_TEKST, Soort.PERSOON):
                assert kolom.max_lengte is not None
                assert (controle.type, controle.operator) == ("textLength", "lessThanOrEqual")
                assert controle.formula1 == str(kolom.max_lengte)
            if controle.type is not None:
                assert controle.showInputMessage
                assert controle.allow_blank
    tevredenheid = _controles(werkmap, RECORDSOORTEN[-1])["Tevredenheid (1-10)"]
    assert (tevredenheid.formula1, tevredenheid.formula2) == ("1", "10")
    assert "van 1 tot en met 10" in tevredenheid.error


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_every_data_column_has_an_input_message_within_excels_limits(
    tmp_path: Path, locale: str
) -> None:
    werkmap = load_workbook(schrijf_sjabloon(tmp_path / "l.xlsx", LIJSTEN, locale=locale))
    for soort in RECORDSOORTEN:
        controles = _controles(werkmap, soort, locale)
        for kolom in soort.kolommen:
            controle = controles[kolom.kop_en if locale == "en" else kolom.kop]
            uitleg = kolom.uitleg_en if locale == "en" else kolom.uitleg
            assert controle.showInputMessage
            assert 0 < len(controle.prompt) <= MAX_MELDING
            assert len(controle.promptTitle) <= MAX_TITEL
            assert len(controle.errorTitle or "") <= MAX_TITEL
            assert len(controle.error or "") <= MAX_MELDING
            assert uitleg[:40] in controle.prompt
            if controle.showErrorMessage:
                assert controle.error
    meer = _controles(werkmap, RECORDSOORTEN[0], locale)[
        "Target groups" if locale == "en" else "Doelgroepen"
    ]
    assert "';'" in meer.prompt


def test_an_overlong_explanation_is_trimmed_to_255_characters(tmp_path: Path) -> None:
    import makelaar.intake.logboek.sjabloon as sjabloon

    lang = "Heel lange uitleg. " * 30
    kolom = RECORDSOORTEN[0].kolommen[0]
    controle = sjabloon._controle(kolom, kolom.kop, lang, {}, "nl", sjabloon._teksten("nl"))
    assert len(controle.prompt) == MAX_MELDING
    assert controle.prompt.endswith("…")


# --- what the importer's reader sees -------------------------------------------------------------


def test_calamine_reads_just_the_headers(sjabloon: Path) -> None:
    with CalamineWorkbook.from_path(str(sjabloon)) as werkmap:
        assert werkmap.sheet_names == ["Instructies", *(s.blad for s in RECORDSOORTEN), "Lijsten"]
        for soort in RECORDSOORTEN:
            rijen = werkmap.get_sheet_by_name(soort.blad).to_python()
            assert rijen == [[k.kop for k in soort.kolommen]]
        lijsten = werkmap.get_sheet_by_name("Lijsten").to_python()
        assert lijsten[0][0] == "Soort actie"


# --- the store's lists ---------------------------------------------------------------------------


def test_lists_from_the_store(store: Store) -> None:
    with store.session() as session:
        assert lijsten_uit_store(session) == LEEG
        b = make_gemeente_with_wijken(session, 2, naam="Bstad", buurten_per_wijk=1)
        a = make_gemeente_with_wijken(session, 1, naam="Astad", buurten_per_wijk=2)
        b_wijken = [w.code for w in b.wijken]
        make_makelaar(session, b.code, b_wijken, code="B-02")
        make_makelaar(session, b.code, b_wijken, code="B-01")
        make_makelaar(session, a.code, [a.wijken[0].code], code="A-01")
        a_code, b_code = a.code, b.code

    with store.session() as session:
        alleen_b = lijsten_uit_store(session, b_code)
        alles = lijsten_uit_store(session)
        with pytest.raises(StoreError, match="GM0000 staat niet in de database"):
            lijsten_uit_store(session, "GM0000")

    assert alleen_b.gemeente == "Bstad"
    assert [naam for _, naam in alleen_b.wijken] == ["Wijk 01 Deel 1", "Wijk 02 Deel 2"]
    assert [code for code, _ in alleen_b.wijken] == b_wijken
    assert [(naam, wijk) for _, naam, wijk in alleen_b.buurten] == [
        ("Buurt 1.1", b_wijken[0]),
        ("Buurt 2.1", b_wijken[1]),
    ]
    assert alleen_b.makelaars == ("B-01", "B-02")

    # several gemeenten and none chosen: all of them, by gemeente name, no single title
    assert alles.gemeente is None
    assert [code for code, _ in alles.wijken] == [f"WK{a_code[2:]}01", *b_wijken]
    assert [code for code, _, _ in alles.buurten][:2] == [
        f"BU{a_code[2:]}0101",
        f"BU{a_code[2:]}0102",
    ]
    assert alles.makelaars == ("A-01", "B-01", "B-02")


def test_the_only_gemeente_is_used_without_a_code(sqlite_store: Store) -> None:
    with sqlite_store.session() as session:
        make_gemeente_with_wijken(session, 2, naam="Enigstad")
    with sqlite_store.session() as session:
        lijsten = lijsten_uit_store(session)
    assert lijsten.gemeente == "Enigstad"
    assert len(lijsten.wijken) == 2
    assert len(lijsten.buurten) == 4
    assert lijsten.makelaars == ()


# --- writing safely ------------------------------------------------------------------------------


def test_an_existing_file_is_kept_unless_overwriting_is_asked(tmp_path: Path) -> None:
    pad = tmp_path / "logboek.xlsx"
    pad.write_bytes(b"ingevuld logboek")
    with pytest.raises(FileExistsError) as info:
        schrijf_sjabloon(pad, LIJSTEN)
    assert info.value.filename == str(pad)
    assert pad.read_bytes() == b"ingevuld logboek"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logboek.xlsx"]

    assert schrijf_sjabloon(pad, LIJSTEN, overschrijven=True) == pad
    assert load_workbook(pad).sheetnames[0] == "Instructies"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logboek.xlsx"]
    assert pad.stat().st_mode & 0o777 == 0o644


def test_a_folder_that_does_not_exist_yet_is_made(tmp_path: Path) -> None:
    pad = schrijf_sjabloon(tmp_path / "nieuw" / "logboek.xlsx", LEEG)
    assert pad.is_file()


def test_a_failing_save_leaves_no_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stuk(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    bestaand = tmp_path / "bestaand.xlsx"
    bestaand.write_bytes(b"vorige versie")
    with monkeypatch.context() as patch:
        patch.setattr(ExcelWriter, "_write_worksheets", stuk)  # openpyxl fails half-way
        with pytest.raises(OSError, match="No space"):
            schrijf_sjabloon(tmp_path / "nieuw.xlsx", LIJSTEN)
        with pytest.raises(OSError, match="No space"):
            schrijf_sjabloon(bestaand, LIJSTEN, overschrijven=True)
    assert list(tmp_path.iterdir()) == [bestaand]

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", stuk)  # the temporary file is written, then the disk fails
        with pytest.raises(OSError, match="No space"):
            schrijf_sjabloon(tmp_path / "nieuw.xlsx", LIJSTEN)
    assert list(tmp_path.iterdir()) == [bestaand]

    with monkeypatch.context() as patch:
        patch.setattr(os, "link", stuk)  # no hard links here, and the rename fails too
        patch.setattr(os, "replace", stuk)
        with pytest.raises(OSError, match="No space"):
            schrijf_sjabloon(tmp_path / "nieuw.xlsx", LIJSTEN)
        with pytest.raises(OSError, match="No space"):
            schrijf_sjabloon(bestaand, LIJSTEN, overschrijven=True)
    assert list(tmp_path.iterdir()) == [bestaand]
    assert bestaand.read_bytes() == b"vorige versie"


def test_without_hard_links_a_new_file_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def geen_links(*args: Any) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", geen_links)
    pad = schrijf_sjabloon(tmp_path / "logboek.xlsx", LEEG)
    assert load_workbook(pad).sheetnames[0] == "Instructies"
    assert list(tmp_path.iterdir()) == [pad]
    with pytest.raises(FileExistsError):
        schrijf_sjabloon(pad, LEEG)


def test_a_file_that_appears_while_writing_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad = tmp_path / "logboek.xlsx"
    origineel = ExcelWriter._write_worksheets

    def ander_proces(self: Any) -> None:
        pad.write_bytes(b"van iemand anders")
        origineel(self)

    monkeypatch.setattr(ExcelWriter, "_write_worksheets", ander_proces)
    with pytest.raises(FileExistsError):
        schrijf_sjabloon(pad, LIJSTEN)
    assert pad.read_bytes() == b"van iemand anders"
    assert list(tmp_path.iterdir()) == [pad]


def test_names_from_the_store_are_written_as_text(tmp_path: Path) -> None:
    lijsten = Lijsten("X", (("WK1", '=HYPERLINK("http://x")'),), (), ("+31",))
    pad = schrijf_sjabloon(tmp_path / "l.xlsx", lijsten)
    with CalamineWorkbook.from_path(str(pad)) as werkmap:
        rijen = werkmap.get_sheet_by_name("Lijsten").to_python()
    koppen = rijen[0]
    assert rijen[1][koppen.index("Wijken")] == '=HYPERLINK("http://x")'
    assert rijen[1][koppen.index("Makelaars")] == "+31"


def test_refuses_other_names_and_locales(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.xlsx"):
        schrijf_sjabloon(tmp_path / "logboek.xls", LIJSTEN)
    with pytest.raises(ValueError, match="locale"):
        schrijf_sjabloon(tmp_path / "logboek.xlsx", LIJSTEN, locale="de")
    assert list(tmp_path.iterdir()) == []
