"""A cell of an .xlsx file that python-calamine could not convert, named for the user; and how a
cell's value is shown in messages.

python-calamine refuses a whole row when one cell does not convert (a date or time outside
1-1-1900 to 31-12-9999); openpyxl, which reads the file more slowly but cell by cell, finds which
cell it is and the number in it, so that the refusal names the cell and its column's header.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from makelaar.models.errors import ImportFileError

#: what python-calamine hands back for one cell; '' for an empty cell
Cell = int | float | str | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None
_DATE_LIMIT = re.compile(r"Cell (\S+) is marked as a date but the serial value (\S+) is outside")


@dataclass(frozen=True)
class _BadDate:
    coordinate: str  # 'A3'
    raw: str | None  # the number as openpyxl's warning shows it
    header: str | None  # the column's header, when a row above holds one


def bad_date_cell(path: Path, sheet: str, row: int) -> _BadDate | None:
    """The date or time cell out of range in `row`, if openpyxl finds one there.

    openpyxl reads such a cell as an error and warns with the number; its own failures mean
    there is no cell to name. The header is the first non-empty row above.
    """
    from openpyxl import load_workbook
    from openpyxl.styles.numbers import is_date_format

    header: list[Any] | None = None
    coordinate = None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            workbook = load_workbook(path, read_only=True, data_only=True)
            try:
                for number, cells in enumerate(workbook[sheet].iter_rows(max_row=row), start=1):
                    if number < row:
                        if header is None and any(c.value is not None for c in cells):
                            header = [c.value for c in cells]
                        continue
                    for cell in cells:
                        if cell.data_type == "e" and is_date_format(cell.number_format):
                            coordinate = cell.coordinate
                            break
            finally:
                workbook.close()
    except Exception:  # openpyxl cannot read it either
        return None
    if coordinate is None:
        return None
    raw = next(
        (
            m.group(2)
            for w in caught
            if (m := _DATE_LIMIT.search(str(w.message))) and m.group(1) == coordinate
        ),
        None,
    )
    column = column_index(coordinate.rstrip("0123456789"))
    named = header[column] if header is not None and column < len(header) else None
    return _BadDate(coordinate, raw, str(named).strip() if named is not None else None)


def date_out_of_range(path: Path, sheet: str, row: int, cell: _BadDate) -> ImportFileError:
    shown = f" ({_shown_number(cell.raw)})" if cell.raw else ""
    return ImportFileError(
        f"cel {cell.coordinate} is opgemaakt als datum of tijd, maar het getal erin{shown} valt "
        "buiten het bereik van datums (1-1-1900 tot 31-12-9999). Typ een datum zoals 31-01-2026 "
        "of maak de cel leeg.",
        f"cell {cell.coordinate} is formatted as a date or time, but the number in it{shown} lies "
        "outside the range of dates (1-1-1900 to 31-12-9999). Type a date such as 31-01-2026 "
        "or empty the cell.",
        file=path.name,
        sheet=sheet,
        row=row,
        column=cell.header or cell.coordinate.rstrip("0123456789"),
        value=cell.raw,
    )


def unconvertible_cell(path: Path, sheet: str, row: int, exc: BaseException) -> ImportFileError:
    """The refusal of row `row` that python-calamine could not convert, naming its cell."""
    cell = bad_date_cell(path, sheet, row)
    if cell is not None:
        return date_out_of_range(path, sheet, row, cell)
    return ImportFileError(
        f"een cel in deze rij kan niet gelezen worden ({exc}); meestal is dat een datum of tijd "
        "buiten het bereik van Excel (1-1-1900 tot 31-12-9999). Controleer de datums en tijden "
        "in deze rij, of open het bestand in Excel of LibreOffice en sla het opnieuw op.",
        f"a cell in this row cannot be read ({exc}); usually that is a date or time outside "
        "Excel's range (1-1-1900 to 31-12-9999). Check the dates and times in this row, or open "
        "the file in Excel or LibreOffice and save it again.",
        file=path.name,
        sheet=sheet,
        row=row,
    )


def _shown_number(raw: str) -> str:
    try:
        return show(float(raw))
    except ValueError:
        return raw


def show(value: Cell) -> str:
    """A cell value as the user typed it, for messages: Excel's 5.0 is shown as 5."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def column_index(letters: str) -> int:
    """'A' -> 0, 'Z' -> 25, 'AA' -> 26: the position of a spreadsheet column."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1
