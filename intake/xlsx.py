"""Safe reading of .xlsx files to import: refuse what is not a plain workbook before parsing it.

Around python-calamine: a value it cannot convert (a date cell holding -1e18 makes it panic, a
huge duration overflows) is refused naming its cell, which openpyxl finds; a formula whose result
was never saved (a file written by a program that does not calculate) is refused naming its cell;
a sheet whose last cell lies so far out that calamine's rectangle of cells could not be allocated
(which aborts the process) is refused. All three are found by one byte scan of each sheet's XML
before calamine loads it, remembered for the importer's second pass over the file.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

# Cell is where the importers have always found it, here
from makelaar.intake.xlsx_cel import Cell as Cell
from makelaar.intake.xlsx_cel import (
    bad_date_cell,
    column_index,
    date_out_of_range,
    unconvertible_cell,
)
from makelaar.models.errors import ImportFileError

MAX_FILE_BYTES = 250 * 1024**2
MAX_UNPACKED_BYTES = 2 * 1024**3
#: a member this much smaller zipped than unzipped (and over 1 MB) is taken for a zip bomb
MAX_COMPRESSION_RATIO = 200


def check_xlsx(path: Path) -> None:
    """Raise ImportFileError unless `path` is a plain, reasonably sized xlsx (RELIABILITY §4)."""
    if not path.is_file():
        raise ImportFileError(
            "het bestand bestaat niet; verwacht een .xlsx-bestand.",
            "the file does not exist; expected an .xlsx file.",
            file=str(path),
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"het bestand is {size // 1024**2} MB; verwacht hoogstens {MAX_FILE_BYTES // 1024**2} MB.",
            f"the file is {size // 1024**2} MB; expected at most {MAX_FILE_BYTES // 1024**2} MB.",
            file=path.name,
        )
    if not zipfile.is_zipfile(path):
        raise ImportFileError(
            "dit is geen xlsx-bestand (Excel-werkmap); het is onleesbaar, met een wachtwoord "
            "beveiligd of in een andere indeling (zoals .xls, .csv of .ods). "
            "Sla het in Excel op als 'Excel-werkmap (.xlsx)'.",
            "this is not an .xlsx file (Excel workbook); it is unreadable, password-protected or "
            "in another format (such as .xls, .csv or .ods). Save it in Excel as "
            "'Excel Workbook (.xlsx)'.",
            file=path.name,
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ImportFileError(
            f"het xlsx-bestand is beschadigd ({exc}).",
            f"the .xlsx file is damaged ({exc}).",
            file=path.name,
        ) from exc
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise ImportFileError(
            "dit is een zip-bestand maar geen Excel-werkmap (xl/workbook.xml ontbreekt); "
            "verwacht een .xlsx-bestand.",
            "this is a zip file but not an Excel workbook (xl/workbook.xml is missing); "
            "expected an .xlsx file.",
            file=path.name,
        )
    unpacked = sum(member.file_size for member in members)
    bomb = any(
        member.file_size > 1024**2
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if unpacked > MAX_UNPACKED_BYTES or bomb:
        raise ImportFileError(
            f"het bestand pakt uit tot {unpacked // 1024**2} MB of is ongewoon sterk gecomprimeerd "
            "(zoals een zip-bom); zo'n bestand wordt niet gelezen.",
            f"the file unpacks to {unpacked // 1024**2} MB or is unusually highly compressed "
            "(like a zip bomb); such a file is not read.",
            file=path.name,
        )
    if any(name.startswith("xl/externalLinks/") for name in names):
        raise ImportFileError(
            "de werkmap bevat koppelingen naar andere bestanden; verbreek de koppelingen "
            "(Gegevens > Koppelingen bewerken) en sla het bestand opnieuw op.",
            "the workbook contains links to other files; break the links (Data > Edit Links) "
            "and save the file again.",
            file=path.name,
        )


def is_panic(exc: BaseException) -> bool:
    """A Rust panic inside python-calamine (pyo3's PanicException, a BaseException subclass)."""
    return type(exc).__name__ == "PanicException"


def _unreadable(path: Path, detail: object) -> ImportFileError:
    return ImportFileError(
        f"het bestand kan niet gelezen worden als Excel-werkmap ({detail}); het is beschadigd of "
        "in een indeling die makelaar niet kent. Open het in Excel of LibreOffice en sla het op "
        "als 'Excel-werkmap (.xlsx)'.",
        f"the file cannot be read as an Excel workbook ({detail}); it is damaged or in a format "
        "makelaar does not know. Open it in Excel or LibreOffice and save it as "
        "'Excel Workbook (.xlsx)'.",
        file=path.name,
    )


@contextmanager
def open_workbook(path: Path) -> Iterator[CalamineWorkbook]:
    """The checked workbook, open while the block runs; read errors become ImportFileError."""
    check_xlsx(path)
    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            yield workbook
    except CalamineError as exc:
        raise ImportFileError(
            f"het bestand kan niet gelezen worden als Excel-werkmap ({exc}); "
            "verwacht een .xlsx-bestand.",
            f"the file cannot be read as an Excel workbook ({exc}); expected an .xlsx file.",
            file=path.name,
        ) from exc
    except BaseException as exc:  # a panic while opening or reading a sheet: no cell to name
        if not is_panic(exc):
            raise
        raise _unreadable(path, exc) from None


def sheet_rows(
    path: Path, sheet: str, rows: Iterator[list[Any]]
) -> Iterator[tuple[int, list[Any]]]:
    """python-calamine's rows numbered from 1; a cell it cannot convert is an ImportFileError."""
    number = 0
    try:
        for number, row in enumerate(rows, start=1):
            yield number, row
    except (OverflowError, ValueError) as exc:  # a duration or date Python cannot hold
        raise unconvertible_cell(path, sheet, number + 1, exc) from None
    except BaseException as exc:
        if not is_panic(exc):
            raise
        raise unconvertible_cell(path, sheet, number + 1, exc) from None


def header_columns(cells: Sequence[Cell]) -> dict[str, list[int]]:
    """Lower-cased header names and the indexes they occur at (more than one if repeated)."""
    found: dict[str, list[int]] = {}
    for index, value in enumerate(cells):
        if isinstance(value, str) and value.strip():
            found.setdefault(value.strip().lower(), []).append(index)
    return found


# --- a sheet's XML scanned before python-calamine reads it -------------------------------------

#: bytes of a sheet's XML decompressed at a time
SCAN_BYTES = 1024**2
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>]")
_ATTRIBUTE = re.compile(rb'\s([\w:]+)\s*=\s*"([^"]*)"')
#: rows x columns python-calamine may be asked to hold (it allocates the whole rectangle, about
#: 32 bytes a cell; far more aborts the process, as a stray cell in XFD1048576 would)
MAX_CELLS = 50_000_000
#: a cell past column Z or at row 1,000,000 or more (one search; the two below only then)
_FAR = re.compile(rb' r="[A-Z](?:[A-Z]|[0-9]{7})')
_WIDE_LETTERS = re.compile(rb' r="([A-Z]{2,})')
_TALL_ROWS = re.compile(rb' r="[A-Z]+([0-9]{7,})')
_DIGITS = re.compile(rb"\d+")
#: scans remembered (an import opens a file twice: names first, then the records)
_SCANS: dict[tuple[str, int, int, str, bool], SheetScan] = {}


@dataclass(frozen=True)
class Formula:
    """A formula cell whose result the file does not hold."""

    coordinate: str  # 'B7'; '' when the cell does not say
    row: int | None
    formula: str  # as written, without '='; '' for a cell that shares another's formula


@dataclass
class SheetScan:
    """What a sheet's XML holds that python-calamine would read wrongly or not at all."""

    formula: Formula | None = None  # the first formula without a saved result
    formulas: int = 0  # how many there are
    huge_negative: tuple[str, int | None] | None = None  # first number below -1e11: (cell, row)
    rows: int = 0  # the highest row number
    columns: int = 26  # the highest column (at least Z: only columns past it are looked for)
    last_column: str = ""  # that column's letters, when past Z


def sheet_members(path: Path) -> dict[str, str]:
    """Sheet name → the zip member holding its XML, from the workbook and its relationships."""
    with zipfile.ZipFile(path) as archive:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        try:
            rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        except KeyError:
            return {}
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels if rel.tag.endswith("Relationship")
    }
    members: dict[str, str] = {}
    for element in workbook.iter():
        if not element.tag.endswith("}sheet"):
            continue
        rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rel_id)
        name = element.get("name")
        if target and name is not None:
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            members[name] = str(PurePosixPath(member))
    return members


def recalculate_on_load(path: Path) -> bool:
    """True when the workbook asks to be recalculated when opened (its saved results are stale)."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml")
    calc = re.search(rb"<(?:[\w.-]+:)?calcPr\b[^>]*\bfullCalcOnLoad=\"(?:1|true)\"", workbook)
    return calc is not None


def scan_sheet(path: Path, member: str, *, stale: bool = False) -> SheetScan:
    """Formulas without a saved result (`stale`: every formula), huge negative numbers, extent.

    The sheet's XML is decompressed a chunk at a time and searched for those patterns; only the
    rows around a hit are looked at more closely, so an ordinary sheet costs one pass.
    """
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, member, stale)
    if (found := _SCANS.get(key)) is not None:
        return found
    scan = SheetScan()
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        chunk = stream.read(SCAN_BYTES)
        root = _ROOT.search(chunk)
        tags = _Tags(root.group(1) + b":" if root and root.group(1) else b"")
        carry = b""
        letters: set[bytes] = set()
        while chunk:
            data = carry + chunk
            if (last := data.rfind(tags.row_number)) >= 0:  # rows come in order
                number = _DIGITS.match(data, last + len(tags.row_number))
                scan.rows = max(scan.rows, int(number.group()) if number else 0)
            if _FAR.search(data) is not None:  # also a cell whose row is not its row element's
                letters.update(_WIDE_LETTERS.findall(data))
                scan.rows = max(scan.rows, 0, *(int(n) for n in _TALL_ROWS.findall(data)))
            if tags.formula.search(data) is None and tags.negative.search(data) is None:
                carry = data[-64:]  # a tag cut at the end is found with the next chunk
            else:
                cut = data.rfind(tags.row_start)
                if cut <= 0:  # no complete row yet: read on
                    carry = data
                    chunk = stream.read(SCAN_BYTES)
                    continue
                tags.scan(data[:cut], stale, scan)
                carry = data[cut:]
            chunk = stream.read(SCAN_BYTES)
        tags.scan(carry, stale, scan)
    if letters:
        widest = max(letters, key=lambda x: (len(x), x)).decode("ascii")
        scan.columns, scan.last_column = max(26, column_index(widest) + 1), widest
    if len(_SCANS) >= 16:
        _SCANS.clear()
    _SCANS[key] = scan
    return scan


class _Tags:
    """The byte patterns of a sheet's elements with the prefix its XML uses (usually none)."""

    def __init__(self, prefix: bytes) -> None:
        p = re.escape(prefix)
        self.formula = re.compile(rb"<" + p + rb"f[\s>/]")
        # below -1e11 a date cell makes python-calamine panic; found here, named by openpyxl
        self.negative = re.compile(
            rb"<" + p + rb"v>\s*-(?:\d{12}|\d*\.?\d+(?:\.\d*)?[eE]\+?(?:1[1-9]|[2-9]\d|\d{3}))"
        )
        self.row_start = b"<" + prefix + b"row"
        self.row_number = b"<" + prefix + b'row r="'
        self.cell_start = re.compile(rb"<" + p + rb"c[\s>]")
        self.cell_end = re.compile(rb"</" + p + rb"c>|<" + p + rb"c[\s>]|</" + p + rb"row>")
        self.value = re.compile(rb"<" + p + rb"v(?:\s[^>]*)?(?:/>|>(.*?)</" + p + rb"v>)", re.S)
        self.text = re.compile(rb"<" + p + rb"f(?:\s[^>]*)?(?:/>|>(.*?)</" + p + rb"f>)", re.S)

    def _cell(self, data: bytes, at: int) -> tuple[bytes, dict[bytes, bytes]] | None:
        """The XML of the cell around position `at` and its attributes."""
        window = max(0, at - 4096)
        start = max((m.start() for m in self.cell_start.finditer(data, window, at)), default=-1)
        if start < 0:
            return None
        end = self.cell_end.search(data, at)
        cell = data[start : end.start() if end else len(data)]
        return cell, dict(_ATTRIBUTE.findall(cell[: cell.find(b">")]))

    @staticmethod
    def _where(attributes: dict[bytes, bytes]) -> tuple[str, int | None]:
        coordinate = attributes.get(b"r", b"").decode("ascii", "replace")
        digits = coordinate.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return coordinate, int(digits) if digits.isdigit() else None

    def scan(self, data: bytes, stale: bool, scan: SheetScan) -> None:
        if scan.huge_negative is None and (hit := self.negative.search(data)) is not None:
            found = self._cell(data, hit.start())
            if found is not None:
                scan.huge_negative = self._where(found[1])
        for match in self.formula.finditer(data):
            found = self._cell(data, match.start())
            if found is None:
                continue
            cell, attributes = found
            value = self.value.search(cell)
            cached = value is not None and (
                bool(value.group(1)) or attributes.get(b"t") in (b"str", b"inlineStr")
            )
            if cached and not stale:
                continue
            scan.formulas += 1
            if scan.formula is None:
                coordinate, row = self._where(attributes)
                text = self.text.search(cell)
                written = (text.group(1) if text else None) or b""
                formula = html.unescape(written.decode("utf-8", "replace"))
                scan.formula = Formula(coordinate, row, formula)


class WorkbookCheck:
    """Checks each sheet's XML before python-calamine reads it; the workbook's parts read once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._members: dict[str, str] | None = None
        self._stale = False

    def scan(self, sheet: str) -> SheetScan:
        """The sheet's scan; a date out of range (which would make calamine panic) is refused."""
        try:
            if self._members is None:
                self._members = sheet_members(self.path)
                self._stale = recalculate_on_load(self.path)
            member = self._members.get(sheet)
            if member is None:
                return SheetScan()
            scan = scan_sheet(self.path, member, stale=self._stale)
        except (ET.ParseError, KeyError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise _unreadable(self.path, exc) from None
        if scan.rows * scan.columns > MAX_CELLS:
            column = scan.last_column
            extent = f" en kolom {column} (cel {column}{scan.rows})" if column else ""
            extent_en = f" and column {column} (cell {column}{scan.rows})" if column else ""
            raise ImportFileError(
                f"het blad loopt tot rij {scan.rows}{extent}: "
                f"{_thousands(scan.rows * scan.columns)} cellen, meer dan de "
                f"{_thousands(MAX_CELLS)} die makelaar in één blad leest. Meestal staat er iets "
                "in een cel ver onder of rechts van de gegevens: verwijder de rijen en kolommen "
                "buiten de tabel en sla het bestand opnieuw op.",
                f"the sheet reaches row {scan.rows}{extent_en}: "
                f"{scan.rows * scan.columns:,} cells, more than the {MAX_CELLS:,} makelaar reads "
                "in one sheet. Usually something was typed in a cell far below or to the right "
                "of the data: delete the rows and columns outside the table and save the file "
                "again.",
                file=self.path.name,
                sheet=sheet,
            )
        if scan.huge_negative is not None:
            _, row = scan.huge_negative
            cell = bad_date_cell(self.path, sheet, row) if row is not None else None
            if cell is not None and row is not None:
                raise date_out_of_range(self.path, sheet, row, cell)
        return scan

    def formulas(self, sheet: str, scan: SheetScan, header: Sequence[str]) -> None:
        """Raise ImportFileError naming the sheet's first formula without a result, if any."""
        first = scan.formula
        if first is None:
            return
        letters = first.coordinate.rstrip("0123456789")
        index = column_index(letters) if letters else None
        named = header[index] if index is not None and index < len(header) else ""
        shown = f" (={first.formula})" if first.formula else ""
        why = (
            "de werkmap vraagt om herberekening bij het openen, dus de uitkomst die erin staat "
            "is niet betrouwbaar"
            if self._stale
            else "de uitkomst ervan is niet in het bestand opgeslagen"
        )
        why_en = (
            "the workbook asks to be recalculated when it is opened, so the result saved in it "
            "cannot be trusted"
            if self._stale
            else "its result was not saved in the file"
        )
        more = f" Zo zijn er {scan.formulas} cellen in dit blad." if scan.formulas > 1 else ""
        more_en = f" This sheet has {scan.formulas} such cells." if scan.formulas > 1 else ""
        raise ImportFileError(
            f"cel {first.coordinate or '?'} bevat een formule{shown}; {why}. Het bestand is "
            "gemaakt of bewerkt door een programma dat niet rekent: open het in Excel of "
            f"LibreOffice en sla het op, dan staan de uitkomsten erin.{more}",
            f"cell {first.coordinate or '?'} contains a formula{shown}; {why_en}. The file was "
            "made or edited by a program that does not calculate: open it in Excel or "
            f"LibreOffice and save it, and the results will be saved with it.{more_en}",
            file=self.path.name,
            sheet=sheet,
            row=first.row,
            column=named or letters or None,
            value=f"={first.formula}" if first.formula else None,
        )


def _thousands(number: int) -> str:
    """12345678 -> '12.345.678', as Dutch readers write it."""
    return f"{number:,}".replace(",", ".")
