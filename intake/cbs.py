"""Import of the CBS *Kerncijfers wijken en buurten* xlsx: gemeenten, wijken, buurten and key figures."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from makelaar.intake.xlsx import Cell, header_columns, open_workbook, show
from makelaar.models.domain import Niveau
from makelaar.models.errors import ImportFileError
from makelaar.models.schemas import Schema, SourceReport
from makelaar.models.store import Store
from makelaar.models.tables import Base, utcnow
from makelaar.models.upsert import BATCH_SIZE, UpsertCount, upsert

__all__ = [
    "CbsImportReport",
    "Telling",
    "cbs_file",
    "display_name",
    "import_kerncijfers",
    "year_from_file_name",
]

SHIPPED_FILE = "kwb-2024-utrecht.xlsx"

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
CODE_PATTERNS: dict[Niveau, tuple[re.Pattern[str], str]] = {
    Niveau.GEMEENTE: (re.compile(r"GM\d{4}"), "GM met 4 cijfers, zoals GM0344"),
    Niveau.WIJK: (re.compile(r"WK\d{6}"), "WK met 6 cijfers, zoals WK034401"),
    Niveau.BUURT: (re.compile(r"BU\d{8}"), "BU met 8 cijfers, zoals BU03440111"),
}
SUPPRESSED = "."
HEADER_SEARCH_ROWS = 10

_YEAR_IN_NAME = re.compile(r"kwb[-_ ]?(\d{4})", re.IGNORECASE)
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_CBS_WIJK_PREFIX = re.compile(r"^Wijk\s+\d+\s+")


class Telling(Schema):
    """Rows of one table: inserted, changed, or already as in the file."""

    nieuw: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0

    @property
    def totaal(self) -> int:
        return self.nieuw + self.bijgewerkt + self.ongewijzigd


class CbsImportReport(Schema):
    """What one import of a Kerncijfers file wrote."""

    bestand: str
    blad: str
    jaar: int
    rijen_gelezen: int
    overgeslagen: int  # rows for a level makelaar does not store, such as the national total
    gemeenten: Telling
    wijken: Telling
    buurten: Telling
    kerncijfers: Telling

    def as_source_report(self) -> SourceReport:
        """The import as one line of a round's observe result."""
        return SourceReport(
            bron=f"CBS {self.bestand}",
            gelezen=self.rijen_gelezen,
            nieuw=self.kerncijfers.nieuw,
            bijgewerkt=self.kerncijfers.bijgewerkt,
            opmerking=(
                f"Kerncijfers {self.jaar}: {self.wijken.totaal} wijken, "
                f"{self.buurten.totaal} buurten"
            ),
        )


def cbs_file() -> Path:
    """The CBS Kerncijfers wijken en buurten 2024 file for gemeente Utrecht shipped with makelaar."""
    return Path(__file__).resolve().parent / "data" / SHIPPED_FILE


def display_name(cbs_name: str) -> str:
    """The wijk name as people say it: CBS's "Wijk 01 West" becomes "West"; others stay as given."""
    return _CBS_WIJK_PREFIX.sub("", cbs_name).strip() or cbs_name


def year_from_file_name(path: Path) -> int | None:
    """The year in a CBS file name such as kwb-2024-utrecht.xlsx, or None."""
    found = _YEAR_IN_NAME.search(path.name)
    return int(found.group(1)) if found else None


def _resolve_year(path: Path, jaar: int | None) -> int:
    from_name = year_from_file_name(path)
    if jaar is None and from_name is None:
        raise ImportFileError(
            "het jaar van de kerncijfers staat niet in de bestandsnaam (zoals kwb-2024-....xlsx); "
            "geef het jaar op (jaar=2024) of hernoem het bestand.",
            file=path.name,
        )
    if jaar is not None and from_name is not None and jaar != from_name:
        raise ImportFileError(
            f"de bestandsnaam noemt jaar {from_name}, maar jaar {jaar} is opgegeven; "
            "laat het jaar weg of hernoem het bestand zodat ze overeenkomen.",
            file=path.name,
            value=jaar,
        )
    year = jaar if jaar is not None else from_name
    assert year is not None  # both None was refused above
    if not 1990 <= year <= 2100:
        raise ImportFileError(
            f"jaar {year} is geen jaar van de CBS Kerncijfers; verwacht een jaar tussen 1990 en 2100.",
            file=path.name,
            value=year,
        )
    return year


@dataclass(frozen=True)
class _Region:
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
class _Sheet:
    file: str
    name: str
    columns: dict[str, int]  # required column -> index in the row

    def error(
        self, message: str, *, row: int, column: str | None = None, value: Cell = None
    ) -> ImportFileError:
        return ImportFileError(
            message, file=self.file, sheet=self.name, row=row, column=column, value=value
        )

    def cell(self, cells: Sequence[Cell], column: str) -> Cell:
        index = self.columns[column]
        return cells[index] if index < len(cells) else ""

    def text(self, cells: Sequence[Cell], column: str, row: int, expected: str) -> str:
        value = self.cell(cells, column)
        if isinstance(value, str) and value.strip():
            return value.strip()
        shown = "een lege cel" if value in ("", None) else f"waarde {show(value)}"
        raise self.error(f"{shown}; verwacht {expected}.", row=row, column=column, value=value)

    def figure(self, cells: Sequence[Cell], column: str, row: int) -> int | float | None:
        """A count or percentage; None for CBS's '.' (suppressed) and for an empty cell."""
        value = self.cell(cells, column)
        is_count = column in COUNT_COLUMNS
        expected = (
            "een aantal (geheel getal, 0 of meer) of '.' voor een onderdrukte waarde"
            if is_count
            else "een percentage (0 tot en met 100) of '.' voor een onderdrukte waarde"
        )

        def refuse(problem: str) -> ImportFileError:
            return self.error(
                f"{problem}; verwacht {expected}.", row=row, column=column, value=value
            )

        if value is None or (isinstance(value, str) and value.strip() in ("", SUPPRESSED)):
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float | str)
            or (isinstance(value, str) and not _NUMBER.fullmatch(value.strip()))
        ):
            raise refuse(f"waarde {show(value)} is geen getal")
        number = float(value)
        if not math.isfinite(number):
            raise refuse(f"waarde {show(value)} is geen eindig getal")
        if number < 0:
            raise refuse(f"negatieve waarde {show(value)}")
        if is_count:
            if not number.is_integer():
                raise refuse(f"waarde {show(value)} is geen geheel aantal")
            return int(number)
        if number > 100:
            raise refuse(f"percentage {show(value)} is groter dan 100")
        return number

    def region(self, cells: Sequence[Cell], row: int) -> _Region | None:
        """The row as a region, or None for a level makelaar does not store (the national total)."""
        recs = self.text(cells, "recs", row, "Gemeente, Wijk of Buurt")
        if recs.lower() in SKIPPED_LEVELS:
            return None
        niveau = LEVELS.get(recs.lower())
        if niveau is None:
            raise self.error(
                f"onbekend niveau {recs!r}; verwacht Gemeente, Wijk of Buurt "
                "(of Land voor het landtotaal, dat wordt overgeslagen).",
                row=row,
                column="recs",
                value=recs,
            )
        code = self.text(cells, "gwb_code_10", row, "een CBS-regiocode")
        pattern, shape = CODE_PATTERNS[niveau]
        if not pattern.fullmatch(code):
            raise self.error(
                f"regiocode {code!r} past niet bij niveau {recs}; verwacht {shape}.",
                row=row,
                column="gwb_code_10",
                value=code,
            )
        naam = self.text(cells, "regio", row, "de naam van de regio")
        if len(naam) > 100:
            raise self.error(
                f"naam van {len(naam)} tekens; verwacht hoogstens 100 tekens.",
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
        return _Region(row, code, niveau, naam, cijfers, frozenset(blank))


def _open_sheet(
    workbook: CalamineWorkbook, path: Path
) -> tuple[_Sheet, Iterator[tuple[int, Sequence[Cell]]]]:
    """The first sheet with the Kerncijfers columns, and its rows after the header (Excel numbers)."""
    best: tuple[str, list[str]] | None = None
    for name in workbook.sheet_names:
        # iter_rows starts at the sheet's first row, also when that is empty (tests pin this)
        rows = enumerate(workbook.get_sheet_by_name(name).iter_rows(), start=1)
        header: dict[str, list[int]] = {}
        row = 1
        for row, cells in rows:
            found = header_columns(cells)
            if "gwb_code_10" in found:
                header = found
                break
            header = header or found  # report against the first non-empty row
            if row >= HEADER_SEARCH_ROWS:
                break
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if not missing:
            doubled = [column for column in REQUIRED_COLUMNS if len(header[column]) > 1]
            if doubled:
                raise ImportFileError(
                    f"kolom {', '.join(doubled)} komt meer dan eens voor in de kopregel; "
                    "verwacht elke kolom één keer.",
                    file=path.name,
                    sheet=name,
                    row=row,
                    column=doubled[0],
                )
            columns = {column: header[column][0] for column in REQUIRED_COLUMNS}
            return _Sheet(path.name, name, columns), rows
        if best is None or len(missing) < len(best[1]):
            best = (name, missing)
    sheet_name, missing = best if best is not None else ("(geen)", list(REQUIRED_COLUMNS))
    raise ImportFileError(
        f"ontbrekende kolommen: {', '.join(missing)}. Verwacht de indeling van CBS Kerncijfers "
        f"wijken en buurten, met een kopregel met de kolommen {', '.join(REQUIRED_COLUMNS)}.",
        file=path.name,
        sheet=sheet_name,
    )


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


_REGION_TABLES: dict[Niveau, tuple[str, str | None]] = {
    Niveau.GEMEENTE: ("gemeente", None),
    Niveau.WIJK: ("wijk", "gemeente_code"),
    Niveau.BUURT: ("buurt", "wijk_code"),
}


@dataclass
class _Writer:
    """Buffers parsed rows and writes them in batches, parents before children."""

    session: Session
    sheet: _Sheet
    jaar: int
    bron: str
    pending: dict[Niveau, list[_Region]] = field(default_factory=lambda: {n: [] for n in Niveau})
    figures: list[_Region] = field(default_factory=list)
    deferred: list[_Region] = field(default_factory=list)
    placed: set[str] = field(default_factory=set)
    first_row: dict[str, int] = field(default_factory=dict)
    counts: dict[str, UpsertCount] = field(
        default_factory=lambda: {name: UpsertCount() for name in (*Niveau, "kerncijfers")}
    )

    def add(self, region: _Region) -> None:
        earlier = self.first_row.get(region.code)
        if earlier is not None:
            raise self.sheet.error(
                f"regiocode {region.code} komt twee keer voor (ook in rij {earlier}); "
                "verwacht elke regio één keer per bestand.",
                row=region.row,
                column="gwb_code_10",
                value=region.code,
            )
        self.first_row[region.code] = region.row
        if region.parent is None or region.parent in self.placed:
            self._place(region)
        else:
            self.deferred.append(region)  # its parent comes later in the file, or is stored
        self.figures.append(region)
        if len(self.figures) >= BATCH_SIZE:
            self.flush()

    def _place(self, region: _Region) -> None:
        self.pending[region.niveau].append(region)
        self.placed.add(region.code)

    def flush(self) -> None:
        for niveau, (table, parent_column) in _REGION_TABLES.items():
            regions, self.pending[niveau] = self.pending[niveau], []
            rows: list[dict[str, Any]] = [
                {"code": r.code, "naam": r.naam}
                | ({parent_column: r.parent} if parent_column else {})
                for r in regions
            ]
            update = ["naam", parent_column] if parent_column else ["naam"]
            self.counts[niveau].add(
                upsert(self.session, _table(table), rows, key=["code"], update=update)
            )
        by_blanks: dict[frozenset[str], list[_Region]] = {}
        for region in self.figures:
            by_blanks.setdefault(region.blank, []).append(region)
        self.figures = []
        for blank, regions in by_blanks.items():
            figure_rows: list[dict[str, Any]] = [
                {"regiocode": r.code, "niveau": r.niveau, "jaar": self.jaar, "bron": self.bron}
                | r.cijfers
                for r in regions
            ]
            update = ["niveau", "bron", *(f for f in FIGURE_FIELDS if f not in blank)]
            self.counts["kerncijfers"].add(
                upsert(
                    self.session,
                    _table("kerncijfers"),
                    figure_rows,
                    key=["regiocode", "jaar"],
                    update=update,
                    touch={"bijgewerkt_op": utcnow},
                )
            )

    def finish(self) -> None:
        """Write what is left; regions whose parent came later or is stored go last."""
        self.flush()
        order = list(Niveau)
        self.deferred.sort(key=lambda r: (order.index(r.niveau), r.row))
        stored = self._stored_parents({r.parent for r in self.deferred if r.parent} - self.placed)
        for region in self.deferred:
            assert region.parent is not None  # only wijken and buurten are deferred
            if region.parent not in self.placed and region.parent not in stored:
                raise self.sheet.error(
                    f"{region.niveau.value} {region.code} hoort bij {region.parent}, maar die staat "
                    "niet in het bestand en ook niet in de database; verwacht een rij voor "
                    f"{region.parent} in het bestand.",
                    row=region.row,
                    column="gwb_code_10",
                    value=region.code,
                )
            self._place(region)
        self.deferred = []
        self.flush()

    def _stored_parents(self, codes: set[str]) -> set[str]:
        found: set[str] = set()
        for table in ("gemeente", "wijk"):
            column = _table(table).c.code
            found.update(self.session.scalars(select(column).where(column.in_(codes))))
        return found

    def telling(self, name: str) -> Telling:
        count = self.counts[name]
        return Telling(
            nieuw=count.nieuw, bijgewerkt=count.bijgewerkt, ongewijzigd=count.ongewijzigd
        )


def import_kerncijfers(store: Store, path: Path, *, jaar: int | None = None) -> CbsImportReport:
    """Import a CBS Kerncijfers wijken en buurten xlsx in one transaction: all rows or none.

    Regions are upserted on their code and key figures on (regiocode, jaar), so a re-import
    updates and never duplicates. '.' (suppressed) and empty cells are stored as None; on a
    re-import an empty cell keeps the stored value, '.' clears it.
    """
    path = Path(path)
    read = skipped = 0
    with open_workbook(path) as workbook:
        year = _resolve_year(path, jaar)
        sheet, rows = _open_sheet(workbook, path)
        with store.session() as session:
            writer = _Writer(session, sheet, year, bron=path.name)
            for row, cells in rows:
                if all(value in ("", None) for value in cells):
                    continue
                read += 1
                region = sheet.region(cells, row)
                if region is None:
                    skipped += 1
                else:
                    writer.add(region)
            writer.finish()
    return CbsImportReport(
        bestand=path.name,
        blad=sheet.name,
        jaar=year,
        rijen_gelezen=read,
        overgeslagen=skipped,
        gemeenten=writer.telling(Niveau.GEMEENTE),
        wijken=writer.telling(Niveau.WIJK),
        buurten=writer.telling(Niveau.BUURT),
        kerncijfers=writer.telling("kerncijfers"),
    )
