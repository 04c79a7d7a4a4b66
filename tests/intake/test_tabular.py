"""Streaming readers for CSV, XLSX and JSON (RELIABILITY §4): encodings, separators, row numbers."""

from __future__ import annotations

import codecs
import importlib
import json
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from makelaar.intake.tabular import Sheet, Value, open_tables
from makelaar.models.errors import ImportFileError
from tests.factories import write_xlsx

Rows = list[tuple[int, list[Value]]]
#: openpyxl ships no type stubs; it is only used here to write a realistic workbook
openpyxl: Any = importlib.import_module("openpyxl")

DUTCH_TABLE = 'naam;bedrag;wijk\r\nZoë;"3,5";Overvecht\r\nRené;€ 1.234,50;Noordoost\r\n'
DUTCH_HEADER = ["naam", "bedrag", "wijk"]
DUTCH_ROWS: Rows = [(2, ["Zoë", "3,5", "Overvecht"]), (3, ["René", "€ 1.234,50", "Noordoost"])]


def read(path: Path) -> list[tuple[Sheet, Rows]]:
    """Every sheet with all its rows, read inside the context."""
    with open_tables(path) as sheets:
        return [(sheet, list(sheet.rows)) for sheet in sheets]


def read_one(path: Path) -> tuple[Sheet, Rows]:
    sheets = read(path)
    assert len(sheets) == 1
    return sheets[0]


def write_csv(tmp_path: Path, text: str, *, name: str = "logboek.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def refused(path: Path) -> str:
    with pytest.raises(ImportFileError) as caught:
        read(path)
    return str(caught.value)


# --- CSV encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (DUTCH_TABLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + DUTCH_TABLE.encode("utf-8"), "utf-8-sig"),
        (DUTCH_TABLE.encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF16_LE + DUTCH_TABLE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + DUTCH_TABLE.encode("utf-16-be"), "utf-16"),
        (DUTCH_TABLE.encode("utf-16-le"), "utf-16"),
        (DUTCH_TABLE.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"],
)
def test_every_encoding_reads_the_same_table(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "acties.csv"
    path.write_bytes(data)
    sheet, rows = read_one(path)
    assert sheet.header == DUTCH_HEADER
    assert rows == DUTCH_ROWS
    assert sheet.encoding == encoding
    assert sheet.delimiter == ";"
    assert (sheet.file, sheet.name, sheet.header_row) == ("acties.csv", None, 1)


def test_a_byte_invalid_in_utf8_and_cp1252_is_refused_naming_both(tmp_path: Path) -> None:
    path = tmp_path / "acties.csv"
    path.write_bytes(b"naam;wijk\nPiet;Oost\nab\x81c;Noord\n")
    message = refused(path)
    assert "UTF-8" in message
    assert "cp1252" in message
    assert "0x81" in message
    assert "bytepositie 22 (regel 3)" in message
    assert "CSV UTF-8" in message


def test_utf8_mixed_with_cp1252_is_refused_not_garbled(tmp_path: Path) -> None:
    path = tmp_path / "acties.csv"
    path.write_bytes("naam;wijk\nZoë;Oost\n".encode() + "René;Noord\n".encode("cp1252"))
    message = refused(path)
    assert "deels UTF-8" in message
    assert "0xE9" in message
    assert "regel 3" in message


def test_a_nul_byte_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "acties.csv"
    path.write_bytes(b"naam;wijk\nPiet;Oo\x00st\n")
    message = refused(path)
    assert "NUL" in message
    assert "regel 2" in message


def test_an_xlsx_named_csv_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "acties.xlsx", {"Blad1": [["a", "b"]]})
    message = refused(path.rename(tmp_path / "acties.csv"))
    assert "Excel-werkmap" in message


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    assert "leeg" in refused(write_csv(tmp_path, ""))
    assert "lege regels" in refused(write_csv(tmp_path, "\n \n;;\n"))


# --- CSV separators --------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_separator_is_detected(tmp_path: Path, delimiter: str) -> None:
    lines = [["datum", "uren", "wijk"], ["02-03-2026", "1.5", "Oost"], ["03-03-2026", "2", "Zuid"]]
    path = write_csv(tmp_path, "".join(delimiter.join(line) + "\n" for line in lines))
    sheet, rows = read_one(path)
    assert sheet.delimiter == delimiter
    assert sheet.header == lines[0]
    assert rows == [(2, lines[1]), (3, lines[2])]


def test_a_quoted_decimal_comma_stays_one_cell_in_a_comma_file(tmp_path: Path) -> None:
    sheet, rows = read_one(write_csv(tmp_path, 'naam,uren\nPiet,"3,5"\n'))
    assert sheet.delimiter == ","
    assert rows == [(2, ["Piet", "3,5"])]


def test_an_ambiguous_separator_is_refused(tmp_path: Path) -> None:
    message = refused(write_csv(tmp_path, "a;b,c;d,e\n1;2,3;4,5\n6;7,8;9,0\n"))
    assert "niet eenduidig" in message
    assert "zowel ';' als ','" in message


def test_a_single_column_is_refused(tmp_path: Path) -> None:
    message = refused(write_csv(tmp_path, "naam\nPiet\nKees\n"))
    assert "geen scheidingsteken" in message
    assert "';'" in message and "','" in message and "tab" in message


def test_a_row_with_more_cells_than_the_header_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "naam,uren\nKees,2\nPiet,3,5\n")
    with pytest.raises(ImportFileError) as caught:
        read(path)
    assert caught.value.row == 3
    assert "3 cellen, de kopregel maar 2" in str(caught.value)
    assert "rij 3" in str(caught.value)


def test_excels_sep_line_names_the_separator(tmp_path: Path) -> None:
    sheet, rows = read_one(write_csv(tmp_path, "sep=,\nnaam,wijk\nPiet,Oost\n"))
    assert (sheet.delimiter, sheet.header, sheet.header_row) == (",", ["naam", "wijk"], 2)
    assert rows == [(3, ["Piet", "Oost"])]


# --- CSV header and rows ---------------------------------------------------------------------


def test_a_duplicate_header_is_refused_with_column_letters(tmp_path: Path) -> None:
    message = refused(write_csv(tmp_path, "naam;Wijk;uren;wijk \nPiet;Oost;1;Oost\n"))
    assert "kolom B en kolom D" in message
    assert "'wijk'" in message
    header = ";".join(f"k{i}" for i in range(26)) + ";K0"
    assert "kolom A en kolom AA" in refused(write_csv(tmp_path, header + "\n"))


def test_empty_rows_are_skipped_and_numbers_kept(tmp_path: Path) -> None:
    text = "\n naam ; wijk \nPiet;  Oost \n;\n   ;  \n\nKees;\n"
    sheet, rows = read_one(write_csv(tmp_path, text))
    assert (sheet.header, sheet.header_row) == (["naam", "wijk"], 2)
    assert rows == [(3, ["Piet", "Oost"]), (7, ["Kees", ""])]


def test_crlf_line_endings(tmp_path: Path) -> None:
    sheet, rows = read_one(write_csv(tmp_path, "naam;wijk\r\nPiet;Oost\r\n\r\nKees;Zuid\r\n"))
    assert sheet.header == ["naam", "wijk"]
    assert rows == [(2, ["Piet", "Oost"]), (4, ["Kees", "Zuid"])]


def test_a_quoted_newline_keeps_the_next_rows_number(tmp_path: Path) -> None:
    """Row numbers are records, as LibreOffice shows them, not physical lines."""
    text = 'naam;notitie\nPiet;"regel een\r\nregel twee"\nKees;kort\n'
    _, rows = read_one(write_csv(tmp_path, text))
    assert rows == [(2, ["Piet", "regel een\r\nregel twee"]), (3, ["Kees", "kort"])]


def test_an_unclosed_quote_is_refused_with_its_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path, 'naam;notitie\nPiet;kort\nKees;"nooit gesloten\nJan;x\n')
    with pytest.raises(ImportFileError) as caught:
        read(path)
    assert caught.value.row == 3
    assert "aanhalingsteken" in str(caught.value)


def test_a_file_cut_off_inside_a_quoted_cell_says_so(tmp_path: Path) -> None:
    path = write_csv(tmp_path, 'naam;notitie\r\nPiet;kort\r\nKees;"Koffie in het buurt')
    with pytest.raises(ImportFileError) as caught:
        read(path)
    assert caught.value.row == 3
    assert str(caught.value) == (
        'bestand logboek.csv, rij 3: in deze rij begint een cel met een aanhalingsteken (") dat '
        "tot het einde van het bestand niet gesloten wordt: het bestand lijkt afgebroken midden "
        "in die cel (niet helemaal opgeslagen of gekopieerd), of het sluitende aanhalingsteken "
        'ontbreekt. Lever het volledige bestand opnieuw aan, of sluit de cel af met ".'
    )


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_a_last_line_cut_short_is_refused_as_cut_off(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "logboek.csv"
    path.write_bytes("naam;uren;notitie\r\nZoë;1;kort\r\nKees;1".encode(codec))
    with pytest.raises(ImportFileError) as caught:
        read(path)
    assert (caught.value.row, caught.value.value) == (3, "Kees;1")
    assert str(caught.value) == (
        "bestand logboek.csv, rij 3: deze laatste rij heeft 2 van de 3 cellen en het bestand "
        "houdt midden in de regel op (er volgt geen regeleinde): het bestand lijkt afgebroken, "
        "bijvoorbeeld doordat het niet helemaal is opgeslagen of gekopieerd. Lever het volledige "
        "bestand opnieuw aan."
    )


@pytest.mark.parametrize(
    "text",
    [
        "naam;uren;notitie\r\nZoë;1;kort\r\nKees;1\r\n",  # ends with a line break
        "naam;uren;notitie\r\nZoë;1;kort\r\nKees;1;lang",  # every cell there
        "naam;uren;notitie\r\nZoë;1\r\nKees;1",  # the rows leave the last cell out anyway
    ],
)
def test_a_last_line_that_is_not_cut_off_is_read(tmp_path: Path, text: str) -> None:
    _, rows = read_one(write_csv(tmp_path, text))
    assert [number for number, _ in rows] == [2, 3]
    assert rows[-1][1][:2] == ["Kees", "1"]


def test_rows_are_streamed(tmp_path: Path) -> None:
    path = tmp_path / "groot.csv"
    line = "{0};2026-03-{1:02d};Wijk {2} Overvecht-Noord;{3},5;huisbezoek aan bewoner {0} ë\n"
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write("nummer;datum;wijk;uren;omschrijving\n")
        for start in range(0, 200_000, 10_000):
            stream.write(
                "".join(
                    line.format(i, i % 28 + 1, i % 10, i % 7) for i in range(start, start + 10_000)
                )
            )
    assert path.stat().st_size > 10 * 1024**2
    tracemalloc.start()
    try:
        with open_tables(path) as sheets:
            count, last = 0, 0
            for number, cells in sheets[0].rows:
                count, last = count + 1, number
                assert len(cells) == 5
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (count, last) == (200_000, 200_001)
    assert sheets[0].encoding == "utf-8"
    assert peak < 20 * 1024**2


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_keeps_excel_row_numbers_and_columns(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Acties"
    sheet["C3"], sheet["D3"] = " naam ", "uren"
    sheet["C4"], sheet["D4"] = "Piet  ", 1.5
    sheet["C5"], sheet["D5"] = "   ", None  # blank: skipped
    sheet["C6"], sheet["D6"] = "Kees", 2
    workbook.create_sheet("Leeg")
    path = tmp_path / "acties.xlsx"
    workbook.save(path)
    sheets = read(path)
    assert len(sheets) == 1
    found, rows = sheets[0]
    assert (found.name, found.header, found.header_row) == ("Acties", ["", "", "naam", "uren"], 3)
    assert (found.encoding, found.delimiter) == (None, None)
    assert rows == [(4, [None, None, "Piet", 1.5]), (6, [None, None, "Kees", 2])]


def test_xlsx_formulas_come_back_as_their_cached_value(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "acties.xlsx", {"Blad1": [["getal", "dubbel"], [5, "FORMULE"]]})
    placeholder = '<c r="B2" t="inlineStr"><is><t xml:space="preserve">FORMULE</t></is></c>'
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet_xml = members["xl/worksheets/sheet1.xml"].decode()
    assert placeholder in sheet_xml
    formula = '<c r="B2"><f>A2*2</f><v>10</v></c>'
    members["xl/worksheets/sheet1.xml"] = sheet_xml.replace(placeholder, formula).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    _, rows = read_one(path)
    assert rows == [(2, [5, 10])]


def test_xlsx_sheets_each_and_duplicate_headers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "logboek.xlsx",
        {"Acties": [["datum", "uren"], ["x", 1]], "Leeg": [], "Signalen": [[], ["soort"], ["a"]]},
    )
    sheets = read(path)
    assert [(s.name, s.header, s.header_row, rows) for s, rows in sheets] == [
        ("Acties", ["datum", "uren"], 1, [(2, ["x", 1])]),
        ("Signalen", ["soort"], 2, [(3, ["a"])]),
    ]
    doubled = write_xlsx(tmp_path / "dubbel.xlsx", {"Acties": [["datum", "uren", "Datum"]]})
    message = refused(doubled)
    assert "blad 'Acties'" in message
    assert "kolom A en kolom C" in message


def test_xlsx_with_external_links_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "gekoppeld.xlsx", {"Blad1": [["a", "b"], [1, 2]]})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    assert "koppelingen" in refused(path)


# --- JSON ------------------------------------------------------------------------------------


def write_json(tmp_path: Path, document: Any, *, bom: bool = False) -> Path:
    path = tmp_path / "export.json"
    data = json.dumps(document, ensure_ascii=False).encode()
    path.write_bytes(codecs.BOM_UTF8 + data if bom else data)
    return path


def test_json_list_of_records(tmp_path: Path) -> None:
    records = [
        {"datum": "2026-03-02", "uren": 1.5, "partners": ["GGD", " Buurtteam "]},
        {},
        {"uren": 2, "wijk": " Oost ", "datum": None},
    ]
    sheet, rows = read_one(write_json(tmp_path, records, bom=True))
    assert (sheet.name, sheet.header, sheet.header_row) == (
        None,
        ["datum", "uren", "partners", "wijk"],
        0,
    )
    assert rows == [
        (1, ["2026-03-02", 1.5, ["GGD", "Buurtteam"], None]),
        (3, [None, 2, None, "Oost"]),
    ]


def test_json_object_of_lists_gives_a_sheet_per_key(tmp_path: Path) -> None:
    document = {"acties": [{"a": 1}], "leeg": [], "signalen": [{"b": True}, {"b": False}]}
    sheets = read(write_json(tmp_path, document))
    assert [(s.name, s.header, rows) for s, rows in sheets] == [
        ("acties", ["a"], [(1, [1])]),
        ("signalen", ["b"], [(1, [True]), (2, [False])]),
    ]


def test_json_nested_values_are_refused(tmp_path: Path) -> None:
    path = write_json(tmp_path, {"acties": [{"a": 1}, {"a": {"b": 2}}]})
    with pytest.raises(ImportFileError) as caught:
        read(path)
    assert (caught.value.sheet, caught.value.row, caught.value.column) == ("acties", 2, "a")
    assert "een object" in str(caught.value)
    assert "lijst met teksten" in str(caught.value)
    assert "een lijst" in refused(write_json(tmp_path, [{"a": [1, 2]}]))
    assert "record 2 is tekst" in refused(write_json(tmp_path, [{"a": 1}, "los"]))
    assert "verwacht een lijst met records" in refused(write_json(tmp_path, {"a": 1}))


def test_invalid_json_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text('[\n  {"a": 1},\n  {"a": 2,}\n]\n', encoding="utf-8")
    assert "regel 3" in refused(path)
    path.write_text('[{"a": NaN}]', encoding="utf-8")
    assert "NaN" in refused(path)
    path.write_text('[{"a": 1, "a": 2}]', encoding="utf-8")
    assert "twee keer" in refused(path)
    path.write_text('[{"Wijk": 1}, {"wijk": 2}]', encoding="utf-8")
    assert "'Wijk' en 'wijk'" in refused(path)
    path.write_bytes('[{"a": "René"}]'.encode("cp1252"))
    assert "geen UTF-8" in refused(path)


# --- file types ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["oud.xls", "calc.ods", "brief.docx", "zonder"])
def test_unsupported_file_types_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"naam;wijk\n")
    message = refused(path)
    assert "verwacht .xlsx, .csv of .json" in message
    assert name in message


def test_the_suffix_is_case_insensitive_and_a_missing_file_is_refused(tmp_path: Path) -> None:
    sheet, _ = read_one(write_csv(tmp_path, "a;b\n", name="LOGBOEK.CSV"))
    assert sheet.header == ["a", "b"]
    assert "bestaat niet" in refused(tmp_path / "weg.csv")
    assert "bestaat niet" in refused(tmp_path / "weg.json")
    assert "bestaat niet" in refused(tmp_path / "weg.xlsx")


def refused_in_english(path: Path) -> str:
    with pytest.raises(ImportFileError) as caught:
        read(path)
    return caught.value.tekst("en")


def test_a_refused_file_is_said_in_english_too(tmp_path: Path) -> None:
    doubled = write_csv(tmp_path, "wijk;Wijk\nWest;Oost\n", name="dubbel.csv")
    assert refused_in_english(doubled) == (
        "file dubbel.csv, row 1, column 'Wijk': the column name 'Wijk' appears twice in the "
        "header row (column A and column B); expected each column name once. Rename or delete "
        "one of the two columns."
    )
    assert refused(doubled).startswith(
        "bestand dubbel.csv, rij 1, kolom 'Wijk': de kolomnaam 'Wijk' komt twee keer voor"
    )
    mixed = tmp_path / "gemengd.csv"
    mixed.write_bytes("wijk;naam\nWest;Zoë\nOost;".encode() + "Zoë\n".encode("cp1252"))
    assert refused_in_english(mixed) == (
        "file gemengd.csv: the file is partly UTF-8 and partly something else: byte 0xEB at "
        "byte offset 27 (line 3) is not UTF-8, while earlier in the file there are UTF-8 "
        "characters (such as ë or €); save the file as CSV UTF-8 (in Excel: Save As > "
        "'CSV UTF-8 (Comma delimited)')."
    )
    assert refused_in_english(tmp_path / "register.ods") == (
        "file register.ods: a file type '.ods' is not supported; expected .xlsx, .csv or .json. "
        "Save the file in LibreOffice as 'Excel 2007-365 (.xlsx)'."
    )
    (not_xlsx := tmp_path / "werkmap.xlsx").write_text("geen zip", encoding="utf-8")
    assert refused_in_english(not_xlsx) == (
        "file werkmap.xlsx: this is not an .xlsx file (Excel workbook); it is unreadable, "
        "password-protected or in another format (such as .xls, .csv or .ods). Save it in "
        "Excel as 'Excel Workbook (.xlsx)'."
    )
    (json_file := tmp_path / "records.json").write_text('[{"wijk": {"a": 1}}]', encoding="utf-8")
    assert refused_in_english(json_file) == (
        "file records.json, row 1, column 'wijk': record 1 has an object as the value of 'wijk'; "
        "expected text, a number, true/false, null or a list of texts."
    )
