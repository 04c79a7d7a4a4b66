"""XLSX cells python-calamine cannot read right: dates out of range (a panic in Rust) and formulas
whose result the file does not hold, each refused naming file, sheet, row and column."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from makelaar.intake import xlsx
from makelaar.intake.tabular import open_tables
from makelaar.intake.xlsx import scan_sheet, sheet_rows
from makelaar.models.errors import ImportFileError

HEADER = ["Datum", "Makelaar", "Aantal bereikt"]


def _workbook(path: Path, *rows: list[Any], formats: dict[str, str] | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sociale acties"
    sheet.append(HEADER)
    sheet.append([dt.date(2026, 2, 2), "UT-MK-01", 3])
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    workbook.save(path)
    return path


def _rewrite(path: Path, member: str, old: bytes, new: bytes) -> Path:
    """`path` with `old` replaced by `new` in one zip member (as another program would save it)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    assert old in parts[member], parts[member][-400:]
    parts[member] = parts[member].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _not_stale(path: Path) -> Path:
    """openpyxl asks for a recalculation on load; Excel and LibreOffice do not."""
    return _rewrite(path, "xl/workbook.xml", b' fullCalcOnLoad="1"', b"")


def _read(path: Path) -> list[tuple[int, list[Any]]]:
    with open_tables(path) as sheets:
        return [row for sheet in sheets for row in sheet.rows]


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (-1e18, "dd-mm-yyyy", "-1000000000000000000"),  # python-calamine panics (Rust)
        (-5e11, "hh:mm", "-500000000000"),
        (1e18, "[h]:mm:ss", "1000000000000000000"),  # a duration Python cannot hold
    ],
)
def test_a_date_cell_out_of_range_is_refused_naming_the_cell(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], value: float, number_format: str, shown: str
) -> None:
    path = _workbook(
        tmp_path / "logboek.xlsx", [value, "UT-MK-01", 1], formats={"A3": number_format}
    )
    with pytest.raises(ImportFileError) as caught:
        _read(path)
    error = caught.value
    assert (error.file, error.sheet, error.row, error.column) == (
        "logboek.xlsx",
        "Sociale acties",
        3,
        "Datum",
    )
    assert str(error) == (
        f"bestand logboek.xlsx, blad 'Sociale acties', rij 3, kolom 'Datum': cel A3 is opgemaakt "
        f"als datum of tijd, maar het getal erin ({shown}) valt buiten het bereik van datums "
        "(1-1-1900 tot 31-12-9999). Typ een datum zoals 31-01-2026 of maak de cel leeg."
    )
    assert "panicked" not in capfd.readouterr().err  # found before python-calamine reads it


def test_a_huge_negative_number_that_is_no_date_is_read(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "logboek.xlsx", [dt.date(2026, 2, 3), "UT-MK-01", -1e18])
    assert [row[1][2] for row in _read(path)] == [3, -1e18]


class PanicException(BaseException):
    """Named like pyo3's, which python-calamine raises when its Rust code panics."""


def test_a_panic_while_reading_is_refused_naming_the_row_and_cell(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "l.xlsx", [-1e18, "UT-MK-01", 1], formats={"A3": "dd-mm-yyyy"})

    def rows() -> Iterator[list[Any]]:
        yield list(HEADER)
        yield [dt.date(2026, 2, 2), "UT-MK-01", 3.0]
        raise PanicException("TimeDelta::milliseconds out of bounds")

    with pytest.raises(ImportFileError) as caught:
        list(sheet_rows(path, "Sociale acties", rows()))
    assert (caught.value.row, caught.value.column) == (3, "Datum")
    assert "cel A3 is opgemaakt als datum of tijd" in str(caught.value)


def test_a_panic_in_a_row_openpyxl_reads_fine_names_the_row(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "l.xlsx", [dt.date(2026, 2, 3), "UT-MK-01", 1])

    def rows() -> Iterator[list[Any]]:
        yield list(HEADER)
        raise PanicException("index out of bounds")

    with pytest.raises(ImportFileError) as caught:
        list(sheet_rows(path, "Sociale acties", rows()))
    assert str(caught.value) == (
        "bestand l.xlsx, blad 'Sociale acties', rij 2: een cel in deze rij kan niet gelezen "
        "worden (index out of bounds); meestal is dat een datum of tijd buiten het bereik van "
        "Excel (1-1-1900 tot 31-12-9999). Controleer de datums en tijden in deze rij, of open "
        "het bestand in Excel of LibreOffice en sla het opnieuw op."
    )


def test_other_base_exceptions_pass_through(tmp_path: Path) -> None:
    def rows() -> Iterator[list[Any]]:
        raise KeyboardInterrupt
        yield []

    with pytest.raises(KeyboardInterrupt):
        list(sheet_rows(tmp_path / "l.xlsx", "Sociale acties", rows()))


def test_a_formula_without_a_saved_result_is_refused(tmp_path: Path) -> None:
    # openpyxl writes formulas without a result, like any program that does not calculate
    path = _not_stale(
        _workbook(
            tmp_path / "logboek.xlsx",
            [dt.date(2026, 2, 3), "UT-MK-01", "=1+2"],
            [dt.date(2026, 2, 4), "UT-MK-01", "=SUM(C2:C3)"],
        )
    )
    with pytest.raises(ImportFileError) as caught:
        _read(path)
    assert str(caught.value) == (
        "bestand logboek.xlsx, blad 'Sociale acties', rij 3, kolom 'Aantal bereikt': cel C3 "
        "bevat een formule (=1+2); de uitkomst ervan is niet in het bestand opgeslagen. Het "
        "bestand is gemaakt of bewerkt door een programma dat niet rekent: open het in Excel of "
        "LibreOffice en sla het op, dan staan de uitkomsten erin. Zo zijn er 2 cellen in dit blad."
    )
    assert caught.value.value == "=1+2"


def test_a_workbook_that_asks_to_be_recalculated_has_no_results_to_trust(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "l.xlsx", [dt.date(2026, 2, 3), "UT-MK-01", "=1+2"])
    # a writer such as XlsxWriter saves 0 as the result and asks for a recalculation on load
    _rewrite(path, "xl/worksheets/sheet1.xml", b"<f>1+2</f><v></v>", b"<f>1+2</f><v>0</v>")
    with pytest.raises(ImportFileError) as caught:
        _read(path)
    assert (caught.value.row, caught.value.column) == (3, "Aantal bereikt")
    assert (
        "cel C3 bevat een formule (=1+2); de werkmap vraagt om herberekening bij het openen, dus "
        "de uitkomst die erin staat is niet betrouwbaar."
    ) in str(caught.value)


def test_a_formula_with_its_saved_result_is_read_as_that_result(tmp_path: Path) -> None:
    path = _not_stale(
        _workbook(
            tmp_path / "l.xlsx",
            [dt.date(2026, 2, 3), "UT-MK-01", "=1+2"],
            [dt.date(2026, 2, 4), '=IF(1=2,"x","")', 4],
        )
    )
    _rewrite(path, "xl/worksheets/sheet1.xml", b"<f>1+2</f><v></v>", b"<f>1+2</f><v>3</v>")
    # a text formula whose result is empty text has an empty saved result
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        b'<c r="B4"><f>IF(1=2,"x","")</f><v></v>',
        b'<c r="B4" t="str"><f>IF(1=2,"x","")</f><v></v>',
    )
    rows = _read(path)
    assert [cells[2] for _, cells in rows] == [3, 3, 4]


def test_formulas_are_found_with_a_namespace_prefix(tmp_path: Path) -> None:
    path = _not_stale(_workbook(tmp_path / "l.xlsx", [dt.date(2026, 2, 3), "UT-MK-01", "=1+2"]))
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    # what the .NET Open XML SDK writes: the main namespace under a prefix 'x'
    prefixed = re.sub(rb"<(/?)(worksheet|sheetData|row|c|f|v|is|t|dimension)\b", rb"<\1x:\2", xml)
    prefixed = prefixed.replace(b'<x:worksheet xmlns="', b'<x:worksheet xmlns:x="')
    _rewrite(path, "xl/worksheets/sheet1.xml", xml, prefixed)
    scan = scan_sheet(path, "xl/worksheets/sheet1.xml")
    assert scan.formula is not None
    assert (scan.formula.coordinate, scan.formula.row, scan.formula.formula) == ("C3", 3, "1+2")


def test_every_formula_is_found_when_the_sheet_is_read_in_small_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [[dt.date(2026, 2, 3), f"Makelaar met een lange naam {i}", i] for i in range(400)]
    rows[150][2] = "=1+2"
    rows[399][2] = "=2+3"
    rows[200][2] = -2e11
    path = _not_stale(_workbook(tmp_path / "l.xlsx", *rows))
    monkeypatch.setattr(xlsx, "SCAN_BYTES", 1000)  # rows and tags cut at chunk ends
    scan = scan_sheet(path, "xl/worksheets/sheet1.xml")
    assert scan.formula is not None
    assert (scan.formula.coordinate, scan.formulas) == ("C153", 2)
    assert scan.huge_negative == ("C203", 203)


def test_a_stray_cell_far_below_and_right_is_refused_before_calamine_would_abort(
    tmp_path: Path,
) -> None:
    # python-calamine holds the whole rectangle up to the last cell: 17 billion cells here, an
    # allocation that aborts the process instead of raising
    path = _workbook(tmp_path / "logboek.xlsx")
    workbook = load_workbook(path)
    workbook.active["XFD1048576"] = "x"
    workbook.save(path)
    with pytest.raises(ImportFileError) as caught:
        _read(path)
    assert str(caught.value) == (
        "bestand logboek.xlsx, blad 'Sociale acties': het blad loopt tot rij 1048576 en kolom "
        "XFD (cel XFD1048576): 17.179.869.184 cellen, meer dan de 50.000.000 die makelaar in "
        "één blad leest. Meestal staat er iets in een cel ver onder of rechts van de gegevens: "
        "verwijder de rijen en kolommen buiten de tabel en sla het bestand opnieuw op."
    )


@pytest.mark.parametrize("corner", ["A1048576", "XFD3"])
def test_a_long_or_a_wide_sheet_within_the_limit_is_read(tmp_path: Path, corner: str) -> None:
    path = _workbook(tmp_path / "logboek.xlsx")
    workbook = load_workbook(path)
    workbook.active[corner] = "x"
    workbook.save(path)
    rows = _read(path)
    assert [number for number, _ in rows] == [2, int(corner.lstrip("AXFD"))]


def test_a_cell_whose_row_number_is_past_its_row_is_counted(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "l.xlsx", [dt.date(2026, 2, 3), "UT-MK-01", 1])
    _rewrite(path, "xl/worksheets/sheet1.xml", b'r="B3"', b'r="B999999999"')
    with pytest.raises(ImportFileError) as caught:
        _read(path)
    assert "het blad loopt tot rij 999999999: 25.999.999.974 cellen, meer dan" in str(caught.value)
