"""Import of the CBS *Kerncijfers wijken en buurten* xlsx: gemeenten, wijken, buurten and key figures.

The national file (kwb-2024.xlsx, every gemeente) or a cut of it, such as the Utrecht file makelaar
ships; the file's layout and year are read by intake/cbs_blad.py. From a national file
`gemeenten=` imports only the chosen gemeenten with their wijken and buurten.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from makelaar.intake.cbs_blad import (
    CODE_PATTERNS,
    FIGURE_FIELDS,
    Region,
    Sheet,
    open_sheet,
    year_from_file_name,
    year_of,
)
from makelaar.intake.xlsx import Cell, open_workbook
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
_CBS_WIJK_PREFIX = re.compile(r"^Wijk\s+\d+\s+")
#: the gemeente a region code belongs to: GM0344, WK034401 and BU03440111 all to GM0344
_GEMEENTE_DIGITS = re.compile(r"(?:GM|WK|BU)(\d{4})")
#: gemeenten named in the error for a chosen gemeente the file does not have
SHOWN_GEMEENTEN = 5
#: a level as an English refusal names it (the glossary's words)
_NIVEAU_EN: dict[Niveau, str] = {
    Niveau.GEMEENTE: "municipality",
    Niveau.WIJK: "district",
    Niveau.BUURT: "neighbourhood",
}


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
    niet_gekozen: int = 0  # rows of gemeenten not chosen (gemeenten=...), left alone
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
    sheet: Sheet
    jaar: int
    bron: str
    pending: dict[Niveau, list[Region]] = field(default_factory=lambda: {n: [] for n in Niveau})
    figures: list[Region] = field(default_factory=list)
    deferred: list[Region] = field(default_factory=list)
    placed: set[str] = field(default_factory=set)
    first_row: dict[str, int] = field(default_factory=dict)
    counts: dict[str, UpsertCount] = field(
        default_factory=lambda: {name: UpsertCount() for name in (*Niveau, "kerncijfers")}
    )

    def add(self, region: Region) -> None:
        earlier = self.first_row.get(region.code)
        if earlier is not None:
            raise self.sheet.error(
                f"regiocode {region.code} komt twee keer voor (ook in rij {earlier}); "
                "verwacht elke regio één keer per bestand.",
                f"region code {region.code} appears twice (also in row {earlier}); "
                "expected each region once per file.",
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

    def _place(self, region: Region) -> None:
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
        by_blanks: dict[frozenset[str], list[Region]] = {}
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
                    f"{_NIVEAU_EN[region.niveau]} {region.code} belongs to {region.parent}, but "
                    "that is neither in the file nor in the database; expected a row for "
                    f"{region.parent} in the file.",
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


def _chosen(gemeenten: Collection[str] | None, path: Path) -> frozenset[str] | None:
    """The chosen gemeenten's codes (upper case); None for every gemeente in the file."""
    if not gemeenten:
        return None
    pattern, shape, shape_en = CODE_PATTERNS[Niveau.GEMEENTE]
    for given in gemeenten:
        if not pattern.fullmatch(given.strip().upper()):
            raise ImportFileError(
                f"gekozen gemeente {given!r} is geen CBS-gemeentecode; verwacht {shape} "
                "(--gemeente GM0344, herhaal de optie voor meer gemeenten).",
                f"the chosen municipality {given!r} is not a CBS municipality code; expected "
                f"{shape_en} (--gemeente GM0344; repeat the option for more municipalities).",
                file=path.name,
                value=given,
            )
    return frozenset(given.strip().upper() for given in gemeenten)


@dataclass
class _Choice:
    """Which rows belong to the chosen gemeenten; what the file has of the others."""

    chosen: frozenset[str] | None  # None: every gemeente
    names: dict[str, str] = field(default_factory=dict)  # every gemeente in the file -> its name
    left: int = 0  # rows of gemeenten not chosen

    def takes(self, sheet: Sheet, cells: Sequence[Cell]) -> bool:
        """Whether to import the row: the chosen gemeenten's rows, and rows without a region code
        (the national total, or a row the import refuses with its reason)."""
        if self.chosen is None:
            return True
        code = sheet.cell(cells, "gwb_code_10")
        found = _GEMEENTE_DIGITS.match(code.strip()) if isinstance(code, str) else None
        if found is None:
            return True
        gemeente = f"GM{found.group(1)}"
        recs, naam = sheet.cell(cells, "recs"), sheet.cell(cells, "regio")
        if isinstance(recs, str) and recs.strip().lower() == "gemeente" and isinstance(naam, str):
            self.names[gemeente] = naam.strip()
        else:
            self.names.setdefault(gemeente, "")
        if gemeente in self.chosen:
            return True
        self.left += 1
        return False

    def check(self, sheet: Sheet) -> None:
        """Refuse a chosen gemeente the file has no row of, naming gemeenten it does have."""
        missing = sorted((self.chosen or frozenset()) - self.names.keys())
        if not missing:
            return
        present = sorted(self.names)
        shown = ", ".join(
            f"{code} ({self.names[code]})" if self.names[code] else code
            for code in present[:SHOWN_GEMEENTEN]
        )
        has = (
            "geen enkele gemeente"
            if not present
            else f"{len(present)} gemeente: {shown}"
            if len(present) == 1
            else f"{len(present)} gemeenten, zoals {shown}"
        )
        has_en = (
            "no municipality at all"
            if not present
            else f"1 municipality: {shown}"
            if len(present) == 1
            else f"{len(present)} municipalities, such as {shown}"
        )
        chosen_en = (
            f"the chosen municipality {missing[0]} is"
            if len(missing) == 1
            else f"the chosen municipalities {', '.join(missing)} are"
        )
        raise ImportFileError(
            f"gekozen gemeente {', '.join(missing)} {'staat' if len(missing) == 1 else 'staan'} "
            f"niet in het bestand; het bestand heeft {has}. Kies gemeenten uit het bestand, of "
            "importeer het landelijke bestand (kwb-2024.xlsx) voor elke gemeente.",
            f"{chosen_en} not in the file; the file has {has_en}. Choose municipalities from "
            "the file, or import the national file (kwb-2024.xlsx) for every municipality.",
            file=sheet.file,
            sheet=sheet.name,
            value=missing[0],
        )


def import_kerncijfers(
    store: Store,
    path: Path,
    *,
    jaar: int | None = None,
    gemeenten: Collection[str] | None = None,
) -> CbsImportReport:
    """Import a CBS Kerncijfers wijken en buurten xlsx in one transaction: all rows or none.

    Regions are upserted on their code and key figures on (regiocode, jaar), so a re-import
    updates and never duplicates. '.' (suppressed) and empty cells are stored as None; on a
    re-import an empty cell keeps the stored value, '.' clears it. The year is `jaar`, else the
    one the file's name, sheet name or title gives (cbs_blad.year_of). With `gemeenten` (CBS
    codes such as GM0344) only those gemeenten and their wijken and buurten are imported; the
    other gemeenten's rows are counted (niet_gekozen) and left, and a chosen gemeente the file
    does not have is refused.
    """
    path = Path(path)
    read = skipped = 0
    choice = _Choice(_chosen(gemeenten, path))
    with open_workbook(path) as workbook:
        sheet, rows = open_sheet(workbook, path)
        year = year_of(sheet, path, jaar)
        with store.session() as session:
            writer = _Writer(session, sheet, year, bron=path.name)
            for row, cells in rows:
                if all(value in ("", None) for value in cells):
                    continue
                read += 1
                if not choice.takes(sheet, cells):
                    continue
                region = sheet.region(cells, row)
                if region is None:
                    skipped += 1
                else:
                    writer.add(region)
            choice.check(sheet)
            writer.finish()
    return CbsImportReport(
        bestand=path.name,
        blad=sheet.name,
        jaar=year,
        rijen_gelezen=read,
        overgeslagen=skipped,
        niet_gekozen=choice.left,
        gemeenten=writer.telling(Niveau.GEMEENTE),
        wijken=writer.telling(Niveau.WIJK),
        buurten=writer.telling(Niveau.BUURT),
        kerncijfers=writer.telling("kerncijfers"),
    )
