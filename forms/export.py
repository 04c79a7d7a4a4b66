"""CSV for spreadsheets: formula injection neutralised (RELIABILITY.md §3), Dutch Excel's dialect.

Every file makelaar hands to a spreadsheet program goes through `write_csv`: `;` as separator and
UTF-8 with a BOM, which is what Dutch Excel expects when a file is opened by double-click (with a
comma and no BOM it shows one column and garbles 'ë'). Quoting is the csv module's own (a cell
with `;`, a quote or a newline is quoted, quotes doubled), so such cells round-trip unchanged.

The neutralising rule follows onadata's `sanitize_for_export` (onadata/libs/utils/common_tools.py):
a cell starting with `=`, `+`, `-`, `@`, `%`, a tab, CR or LF gets a leading `'`, so Excel and
LibreOffice show it as text instead of evaluating it; a cell that is only signed numbers (each
space-separated part a number: `-3,5`, `+31 6 12345678`, `-1.25`) is left as it is. onadata also
escapes `|` inside cells; we do not, because that changes the data, and the leading `'` already
keeps a DDE payload from being a formula.

`write_workbook` (and `write_xlsx` for one sheet) writes the same rows as a workbook: text cells
neutralised the same way and stored as text (openpyxl would otherwise store a value starting with
`=` as a formula), numbers and dates typed. Both writers replace the file only when it is
complete and leave it readable by its owner only.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from makelaar.models.files import sync_directory

__all__ = [
    "DELIMITER",
    "ENCODING",
    "Sheet",
    "neutralise",
    "write_csv",
    "write_workbook",
    "write_xlsx",
    "xlsx_cell",
]

DELIMITER = ";"
ENCODING = "utf-8-sig"  # UTF-8 with a BOM
#: first characters a spreadsheet may read as the start of a formula (onadata's list)
FORMULA_STARTS = ("=", "+", "-", "@", "%", "\t", "\r", "\n")
#: a number as Dutch or English spreadsheets write it: -3,5  +31  -1.234,5  -.5
#: one sheet of a workbook: its header and its rows
Sheet = tuple[Sequence[str], Iterable[Sequence[object]]]
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*(?:[.,]\d*)?|[.,]\d+)")


def neutralise(value: object) -> str:
    """`value` as a cell's text that no spreadsheet evaluates as a formula."""
    text = "" if value is None else str(value)
    if not text or not text.startswith(FORMULA_STARTS):
        return text
    if text[0] in "+-" and _signed_numbers(text):
        return text
    return "'" + text


def _signed_numbers(text: str) -> bool:
    parts = text.split(" ")
    return all(_NUMBER.fullmatch(part) for part in parts)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a spreadsheet-safe CSV at `path` (replaced only when complete); returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding=ENCODING, newline="") as stream:
            writer = csv.writer(stream, delimiter=DELIMITER, lineterminator="\r\n")
            writer.writerow([neutralise(cell) for cell in header])
            for row in rows:
                writer.writerow([neutralise(cell) for cell in row])
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)  # the lists hold e-mail addresses and personal links
        os.replace(temporary, path)
        sync_directory(path.parent)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def write_xlsx(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, sheet: str = "Blad1"
) -> Path:
    """Write a spreadsheet-safe one-sheet .xlsx at `path` (replaced only when complete)."""
    return write_workbook(path, {sheet: (header, rows)})


def write_workbook(path: Path, sheets: Mapping[str, Sheet]) -> Path:
    """Write a spreadsheet-safe .xlsx with one sheet per entry of `sheets`, in their order.

    The file is written beside `path`, readable by its owner only, and renamed into place when
    complete; returns `path`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        workbook = Workbook(write_only=True)
        for title, (header, rows) in sheets.items():
            worksheet = workbook.create_sheet(title)
            worksheet.append([xlsx_cell(worksheet, cell) for cell in header])
            for row in rows:
                worksheet.append([xlsx_cell(worksheet, cell) for cell in row])
        workbook.save(temporary)
        os.chmod(temporary, 0o600)  # exports hold answers, e-mail addresses and personal links
        os.replace(temporary, path)
        sync_directory(path.parent)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def xlsx_cell(worksheet: Any, value: object) -> WriteOnlyCell:
    """`value` as a write-only cell: numbers and dates typed, blank as blank, the rest as text.

    Text is neutralised, cleared of the control characters XLSX cannot hold (openpyxl refuses
    them) and stored as text whatever it looks like, so it is never a formula. Excel has no time
    zones: an aware datetime is stored as naive UTC.
    """
    if value is None:
        return WriteOnlyCell(worksheet, value=None)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return WriteOnlyCell(worksheet, value=value)
    if isinstance(value, dt.date) or (
        isinstance(value, int | float) and not isinstance(value, bool)
    ):
        return WriteOnlyCell(worksheet, value=value)
    cell = WriteOnlyCell(
        worksheet, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value)))
    )
    cell.data_type = "s"  # text, whatever it looks like: never a formula
    return cell
