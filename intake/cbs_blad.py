"""The layout of a CBS *Kerncijfers wijken en buurten* file: its sheet, columns, rows and year.

CBS publishes one national file a year, kwb-YYYY.xlsx: one sheet named after the edition
('KWB2024') with the header on row 1 (gwb_code_10, gwb_code_8, regio, gm_naam, recs, gwb_code,
ind_wbi, a_inw, … ste_oad: 121 columns in 2024), the national total on row 2 (gwb_code_10 'NL00',
recs 'Land', skipped here), then every gemeente in code order: its Gemeente row and per wijk its
Wijk row followed by its buurten (about 340 gemeenten, 3,300 wijken and 14,500 buurten). Figures
are numbers, '.' where CBS suppressed a value or has none. Cuts of that file (makelaar ships
Utrecht's) keep the columns; their sheet may have another name and a title above the header.

The year of the figures comes from the file name (kwb-2024.xlsx, kwb-2024-utrecht.xlsx), else
from the sheet name (KWB2024), else from a title above the header ("Kerncijfers wijken en
buurten 2024"), else the caller gives it (`--jaar`); sources that disagree are refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from makelaar.intake.xlsx import Cell, header_columns
from makelaar.intake.xlsx_cel import show
from makelaar.models.domain import Niveau
from makelaar.models.errors import ImportFileError

#: CBS column -> Kerncijfers field, for counts of persons or households (whole numbers, >= 0)
COUNT_COLUMNS: dict[str, str] = {
    "a_inw": "inwoners",
    "a_00_14": "leeftijd_0_14",
    "a_15_24": "leeftijd_15_24",
    "a_25_44": "leeftijd_25_44",
    "a_45_64": "leeftijd_45_64",
    "a_65_oo": "leeftijd_65_plus",
    "a_neu_al": "herkomst_buiten_europa",  # persons with a migration background outside Europe
    "a_geb_ne": "geboren_buiten_europa",  # persons born outside Europe
    "a_hh": "huishoudens",
    "a_1p_hh": "eenpersoonshuishoudens",
    "a_wmo_t": "wmo_clienten",
}
#: CBS column -> Kerncijfers field, for percentages (0 to 100)
PERCENT_COLUMNS: dict[str, str] = {"p_hh_li": "pct_huishoudens_laag_inkomen"}
REQUIRED_COLUMNS: tuple[str, ...] = (
    "gwb_code_10",
    "regio",
    "gm_naam",
    "recs",
    *COUNT_COLUMNS,
    *PERCENT_COLUMNS,
)
FIGURE_FIELDS: tuple[str, ...] = (*COUNT_COLUMNS.values(), *PERCENT_COLUMNS.values())

LEVELS: dict[str, Niveau] = {
    "gemeente": Niveau.GEMEENTE,
    "wijk": Niveau.WIJK,
    "buurt": Niveau.BUURT,
}
#: `recs` values CBS uses for rows we do not store (the national total)
SKIPPED_LEVELS = frozenset({"land"})
#: a level's region code: its pattern, and its shape as the Dutch and the English refusal say it
CODE_PATTERNS: dict[Niveau, tuple[re.Pattern[str], str, str]] = {
    Niveau.GEMEENTE: (
        re.compile(r"GM\d{4}"),
        "GM met 4 cijfers, zoals GM0344",
        "GM and 4 digits, such as GM0344",
    ),
    Niveau.WIJK: (
        re.compile(r"WK\d{6}"),
        "WK met 6 cijfers, zoals WK034401",
        "WK and 6 digits, such as WK034401",
    ),
    Niveau.BUURT: (
        re.compile(r"BU\d{8}"),
        "BU met 8 cijfers, zoals BU03440111",
        "BU and 8 digits, such as BU03440111",
    ),
}
SUPPRESSED = "."
HEADER_SEARCH_ROWS = 10

#: the year in a file or sheet name: kwb-2024.xlsx, kwb_2023-utrecht.xlsx, sheet KWB2024
_YEAR_IN_NAME = re.compile(r"kwb[-_ ]?(\d{4})", re.IGNORECASE)
#: the year in a title above the header, as CBS's tables and publications name the edition
_YEAR_IN_TITLE = re.compile(r"kerncijfers\s+wijken\s+en\s+buurten\D{0,3}(\d{4})", re.IGNORECASE)
FIRST_YEAR, LAST_YEAR = 1990, 2100
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


@dataclass(frozen=True)
class Region:
    row: int
    code: str
    niveau: Niveau
    naam: str
    cijfers: dict[str, int | float | None]
    blank: frozenset[str]  # figure fields whose cell was empty: a re-import keeps what is stored

    @property
    def parent(self) -> str | None:
        if self.niveau is Niveau.WIJK:
            return f"GM{self.code[2:6]}"
        if self.niveau is Niveau.BUURT:
            return f"WK{self.code[2:8]}"
        return None


@dataclass(frozen=True)
class Sheet:
    file: str
    name: str
    columns: dict[str, int]  # required column -> index in the row
    header_row: int = 1
    title_year: tuple[int, int] | None = None  # (row, year) of a title above the header

    def error(
        self, nl: str, en: str, *, row: int, column: str | None = None, value: Cell = None
    ) -> ImportFileError:
        return ImportFileError(
            nl, en, file=self.file, sheet=self.name, row=row, column=column, value=value
        )

    def cell(self, cells: Sequence[Cell], column: str) -> Cell:
        index = self.columns[column]
        return cells[index] if index < len(cells) else ""

    def text(
        self, cells: Sequence[Cell], column: str, row: int, expected: str, expected_en: str
    ) -> str:
        value = self.cell(cells, column)
        if isinstance(value, str) and value.strip():
            return value.strip()
        empty = value in ("", None)
        shown = "een lege cel" if empty else f"waarde {show(value)}"
        shown_en = "an empty cell" if empty else f"value {show(value)}"
        raise self.error(
            f"{shown}; verwacht {expected}.",
            f"{shown_en}; expected {expected_en}.",
            row=row,
            column=column,
            value=value,
        )

    def figure(self, cells: Sequence[Cell], column: str, row: int) -> int | float | None:
        """A count or percentage; None for CBS's '.' (suppressed) and for an empty cell."""
        value = self.cell(cells, column)
        is_count = column in COUNT_COLUMNS
        expected = (
            "een aantal (geheel getal, 0 of meer) of '.' voor een onderdrukte waarde"
            if is_count
            else "een percentage (0 tot en met 100) of '.' voor een onderdrukte waarde"
        )
        expected_en = (
            "a count (a whole number, 0 or more) or '.' for a suppressed value"
            if is_count
            else "a percentage (0 to 100) or '.' for a suppressed value"
        )

        def refuse(problem: str, problem_en: str) -> ImportFileError:
            return self.error(
                f"{problem}; verwacht {expected}.",
                f"{problem_en}; expected {expected_en}.",
                row=row,
                column=column,
                value=value,
            )

        if value is None or (isinstance(value, str) and value.strip() in ("", SUPPRESSED)):
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float | str)
            or (isinstance(value, str) and not _NUMBER.fullmatch(value.strip()))
        ):
            raise refuse(
                f"waarde {show(value)} is geen getal", f"value {show(value)} is not a number"
            )
        number = float(value)
        if not math.isfinite(number):
            raise refuse(
                f"waarde {show(value)} is geen eindig getal",
                f"value {show(value)} is not a finite number",
            )
        if number < 0:
            raise refuse(f"negatieve waarde {show(value)}", f"negative value {show(value)}")
        if is_count:
            if not number.is_integer():
                raise refuse(
                    f"waarde {show(value)} is geen geheel aantal",
                    f"value {show(value)} is not a whole count",
                )
            return int(number)
        if number > 100:
            raise refuse(
                f"percentage {show(value)} is groter dan 100",
                f"percentage {show(value)} is greater than 100",
            )
        return number

    def region(self, cells: Sequence[Cell], row: int) -> Region | None:
        """The row as a region, or None for a level makelaar does not store (the national total)."""
        recs = self.text(cells, "recs", row, "Gemeente, Wijk of Buurt", "Gemeente, Wijk or Buurt")
        if recs.lower() in SKIPPED_LEVELS:
            return None
        niveau = LEVELS.get(recs.lower())
        if niveau is None:
            raise self.error(
                f"onbekend niveau {recs!r}; verwacht Gemeente, Wijk of Buurt "
                "(of Land voor het landtotaal, dat wordt overgeslagen).",
                f"unknown level {recs!r}; expected Gemeente, Wijk or Buurt "
                "(or Land for the national total, which is skipped).",
                row=row,
                column="recs",
                value=recs,
            )
        code = self.text(cells, "gwb_code_10", row, "een CBS-regiocode", "a CBS region code")
        pattern, shape, shape_en = CODE_PATTERNS[niveau]
        if not pattern.fullmatch(code):
            raise self.error(
                f"regiocode {code!r} past niet bij niveau {recs}; verwacht {shape}.",
                f"region code {code!r} does not fit level {recs}; expected {shape_en}.",
                row=row,
                column="gwb_code_10",
                value=code,
            )
        naam = self.text(cells, "regio", row, "de naam van de regio", "the region's name")
        if len(naam) > 100:
            raise self.error(
                f"naam van {len(naam)} tekens; verwacht hoogstens 100 tekens.",
                f"a name of {len(naam)} characters; expected at most 100 characters.",
                row=row,
                column="regio",
                value=naam,
            )
        cijfers: dict[str, int | float | None] = {}
        blank: set[str] = set()
        for column, field_name in (*COUNT_COLUMNS.items(), *PERCENT_COLUMNS.items()):
            cijfers[field_name] = self.figure(cells, column, row)
            if self.cell(cells, column) in ("", None):
                blank.add(field_name)
        return Region(row, code, niveau, naam, cijfers, frozenset(blank))


def open_sheet(
    workbook: CalamineWorkbook, path: Path
) -> tuple[Sheet, Iterator[tuple[int, Sequence[Cell]]]]:
    """The first sheet with the Kerncijfers columns, and its rows after the header (Excel numbers)."""
    best: tuple[str, list[str]] | None = None
    for name in workbook.sheet_names:
        # iter_rows starts at the sheet's first row, also when that is empty (tests pin this)
        rows = enumerate(workbook.get_sheet_by_name(name).iter_rows(), start=1)
        header: dict[str, list[int]] = {}
        title_year: tuple[int, int] | None = None
        row = 1
        for row, cells in rows:
            found = header_columns(cells)
            if "gwb_code_10" in found:
                header = found
                break
            header = header or found  # report against the first non-empty row
            if title_year is None:
                title_year = _title_year(row, cells)
            if row >= HEADER_SEARCH_ROWS:
                break
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if not missing:
            doubled = [column for column in REQUIRED_COLUMNS if len(header[column]) > 1]
            if doubled:
                raise ImportFileError(
                    f"kolom {', '.join(doubled)} komt meer dan eens voor in de kopregel; "
                    "verwacht elke kolom één keer.",
                    f"column {', '.join(doubled)} appears more than once in the header row; "
                    "expected each column once.",
                    file=path.name,
                    sheet=name,
                    row=row,
                    column=doubled[0],
                )
            columns = {column: header[column][0] for column in REQUIRED_COLUMNS}
            return Sheet(path.name, name, columns, row, title_year), rows
        if best is None or len(missing) < len(best[1]):
            best = (name, missing)
    sheet_name, missing = best if best is not None else ("(geen)", list(REQUIRED_COLUMNS))
    raise ImportFileError(
        f"ontbrekende kolommen: {', '.join(missing)}. Verwacht de indeling van CBS Kerncijfers "
        f"wijken en buurten, met een kopregel met de kolommen {', '.join(REQUIRED_COLUMNS)}.",
        f"missing columns: {', '.join(missing)}. Expected the layout of CBS Kerncijfers wijken "
        "en buurten (key figures of districts and neighbourhoods), with a header row holding "
        f"the columns {', '.join(REQUIRED_COLUMNS)}.",
        file=path.name,
        sheet=sheet_name,
    )


def _title_year(row: int, cells: Sequence[Cell]) -> tuple[int, int] | None:
    for value in cells:
        if isinstance(value, str) and (found := _YEAR_IN_TITLE.search(value)):
            return row, int(found.group(1))
    return None


def year_from_file_name(path: Path) -> int | None:
    """The year in a CBS file name such as kwb-2024.xlsx or kwb-2024-utrecht.xlsx, or None."""
    found = _YEAR_IN_NAME.search(path.name)
    return int(found.group(1)) if found else None


def year_of(sheet: Sheet, path: Path, jaar: int | None) -> int:
    """The year of the figures: `jaar` if given, else what the file says; refused when they differ.

    The file says it in its name (kwb-2024.xlsx), its sheet's name (KWB2024) or a title above the
    header ("Kerncijfers wijken en buurten 2024"); every one present must agree.
    """
    named: list[tuple[str, str, int, int | None]] = []  # (where, where in English, year, row)
    if (from_name := year_from_file_name(path)) is not None:
        named.append(("de bestandsnaam", "the file name", from_name, None))
    if found := _YEAR_IN_NAME.search(sheet.name):
        named.append(
            (
                f"de bladnaam {sheet.name!r}",
                f"the sheet name {sheet.name!r}",
                int(found.group(1)),
                None,
            )
        )
    if sheet.title_year is not None:
        title_row, title_year = sheet.title_year
        named.append(
            (f"de titel in rij {title_row}", f"the title in row {title_row}", title_year, title_row)
        )
    if jaar is not None:
        for where, where_en, year, row in named:
            if year != jaar:
                raise ImportFileError(
                    f"{where} noemt jaar {year}, maar jaar {jaar} is opgegeven; laat het jaar "
                    "(--jaar) weg of hernoem het bestand zodat ze overeenkomen.",
                    f"{where_en} says the year is {year}, but {jaar} was given; leave out the "
                    "year (--jaar) or rename the file so that they agree.",
                    file=path.name,
                    sheet=sheet.name,
                    row=row,
                    value=jaar,
                )
    elif not named:
        raise ImportFileError(
            "het jaar van de kerncijfers staat niet in de bestandsnaam (zoals kwb-2024.xlsx), "
            "niet in de bladnaam (zoals KWB2024) en niet in een titel boven de kopregel "
            f"(rij {sheet.header_row}); geef het jaar op met --jaar 2024 (in Python: jaar=2024) "
            "of hernoem het bestand naar kwb-2024.xlsx.",
            "the year of the key figures is not in the file name (such as kwb-2024.xlsx), not "
            "in the sheet name (such as KWB2024) and not in a title above the header row "
            f"(row {sheet.header_row}); give the year with --jaar 2024 (in Python: jaar=2024) "
            "or rename the file to kwb-2024.xlsx.",
            file=path.name,
            sheet=sheet.name,
        )
    else:
        (first, first_en, year, _), *others = named
        for where, where_en, other, row in others:
            if other != year:
                raise ImportFileError(
                    f"{first} noemt jaar {year}, maar {where} noemt jaar {other}; geef het juiste "
                    f"jaar op met --jaar of hernoem het bestand of blad zodat ze overeenkomen.",
                    f"{first_en} says the year is {year}, but {where_en} says {other}; "
                    "give the right year with --jaar, or rename the file or sheet so that they "
                    "agree.",
                    file=path.name,
                    sheet=sheet.name,
                    row=row,
                    value=other,
                )
        jaar = year
    if not FIRST_YEAR <= jaar <= LAST_YEAR:
        raise ImportFileError(
            f"jaar {jaar} is geen jaar van de CBS Kerncijfers; verwacht een jaar tussen "
            f"{FIRST_YEAR} en {LAST_YEAR}.",
            f"{jaar} is not a year the CBS key figures cover; expected a year between "
            f"{FIRST_YEAR} and {LAST_YEAR}.",
            file=path.name,
            sheet=sheet.name,
            value=jaar,
        )
    return jaar
