"""Streaming readers for the tables brokers send: CSV, XLSX and JSON, as header + numbered rows.

`open_tables(path)` yields one `Sheet` per table in the file; every problem with the file itself
is an `ImportFileError` with a complete sentence in Dutch and English (RELIABILITY §4). Values are not
interpreted here: CSV cells stay text (the caller parses Dutch numbers and dates), XLSX cells are
what python-calamine gives (formulas as their saved results; a formula without one, and a date
cell out of range, are refused by `intake.xlsx`), JSON values are what `json` gives.

Row numbers are what the user sees:

- CSV: the record number as LibreOffice/Excel show it when opening the file (header record = 1
  when it is the first line). Blank lines count as records; a quoted cell spanning several
  physical lines is one record, so the rows after it keep the number the spreadsheet shows.
- XLSX: the Excel row number, also when the data does not start at row 1. Cell positions match
  Excel's columns too: columns left of the sheet's first used column are filled with None.
- JSON: the record's 1-based position in its list; `header_row` is 0 (there is no header line).

Fully empty rows (every cell blank) are skipped; the numbering keeps counting them.

Over 500 lines because the three formats answer to one contract (a `Sheet`, the row numbers the
user sees, one kind of refusal): most of it is CSV's encoding and separator detection, which
reads best next to the rows it numbers.

CSV encodings: a BOM decides (UTF-8 → 'utf-8-sig', UTF-16 LE/BE → 'utf-16'); UTF-16 without BOM
is recognised by its NUL bytes. Otherwise the whole file is checked as strict UTF-8 in a streaming
pre-pass and, only if that fails, as Windows-1252 (cp1252). A file that is neither, a file that
mixes UTF-8 with other bytes, and a NUL byte in an 8-bit file are refused with the byte offset.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NoReturn, TypeAlias

from python_calamine import CalamineWorkbook

from makelaar.intake.xlsx import Cell, WorkbookCheck, open_workbook, sheet_rows
from makelaar.models.errors import ImportFileError
from makelaar.models.taal import in_taal

__all__ = ["Sheet", "Value", "open_tables"]

#: a cell as handed to the caller: a calamine cell, or (JSON only) a list of texts
Value: TypeAlias = Cell | list[str]

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
JSON_SUFFIXES = frozenset({".json"})
ACCEPTED = "verwacht .xlsx, .csv of .json"
ACCEPTED_EN = "expected .xlsx, .csv or .json"
SAVE_AS_UTF8 = (
    "sla het bestand op als CSV UTF-8 (in Excel: Opslaan als > "
    "'CSV UTF-8 (door lijstscheidingsteken gescheiden)')"
)
SAVE_AS_UTF8_EN = "save the file as CSV UTF-8 (in Excel: Save As > 'CSV UTF-8 (Comma delimited)')"
#: candidate separators, in the order they are named in messages
DELIMITERS: tuple[str, ...] = (";", ",", "\t")
#: records after the header that the separator is checked against
SNIFF_RECORDS = 50
MAX_JSON_BYTES = 250 * 1024**2
CHUNK_BYTES = 1024**2
UTF8_BOM = codecs.BOM_UTF8
#: bytes to look at for the NUL pattern of UTF-16 without a BOM
UTF16_SAMPLE = 4096


@dataclass
class Sheet:
    """One table: its header and its non-empty rows, read lazily while `open_tables` is open."""

    file: str  # file name for messages (path.name)
    name: str | None  # sheet name for xlsx and for JSON's {"naam": [...]} form; None otherwise
    header: list[str]  # header cells as text, stripped, in file order ('' for an empty cell)
    header_row: int  # 1-based row of the header line in the file/sheet (0 for JSON)
    rows: Iterator[tuple[int, list[Value]]]  # (row number as the user sees it, cells)
    encoding: str | None = None  # CSV: 'utf-8', 'utf-8-sig', 'cp1252' or 'utf-16'; else None
    delimiter: str | None = None  # CSV: ';', ',' or '\t'


@contextmanager
def open_tables(path: Path) -> Iterator[list[Sheet]]:
    """The tables in `path` (by suffix: CSV, XLSX or JSON); rows can be read while this is open."""
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES | JSON_SUFFIXES:
        _refuse_suffix(path)
    if suffix not in XLSX_SUFFIXES and not path.is_file():  # check_xlsx says this for xlsx
        raise ImportFileError(
            f"het bestand bestaat niet; {ACCEPTED}.",
            f"the file does not exist; {ACCEPTED_EN}.",
            file=str(path),
        )
    with ExitStack() as stack:
        if suffix in CSV_SUFFIXES:
            yield [_open_csv(path, stack)]
        elif suffix in XLSX_SUFFIXES:
            workbook = stack.enter_context(open_workbook(path))
            yield _xlsx_sheets(workbook, path)
        else:
            yield _json_sheets(path)


def _refuse_suffix(path: Path) -> NoReturn:
    suffix = path.suffix.lower()
    hints = {
        ".xls": " Sla het bestand in Excel op als 'Excel-werkmap (.xlsx)'.",
        ".ods": " Sla het bestand in LibreOffice op als 'Excel 2007-365 (.xlsx)'.",
    }
    hints_en = {
        ".xls": " Save the file in Excel as 'Excel Workbook (.xlsx)'.",
        ".ods": " Save the file in LibreOffice as 'Excel 2007-365 (.xlsx)'.",
    }
    shown = repr(suffix) if suffix else "geen extensie"
    shown_en = f"type {suffix!r} is" if suffix else "without an extension is"
    raise ImportFileError(
        f"bestandstype {shown} wordt niet ondersteund; {ACCEPTED}.{hints.get(suffix, '')}",
        f"a file {shown_en} not supported; {ACCEPTED_EN}.{hints_en.get(suffix, '')}",
        file=path.name,
        value=suffix,
    )


def _column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the spreadsheet name of a column position."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _check_duplicates(header: Sequence[str], *, file: str, sheet: str | None, row: int) -> None:
    """Refuse a header in which a (non-empty) name occurs twice, ignoring case and spaces."""
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().casefold()
        if not key:
            continue
        if key in seen:
            first = seen[key]
            raise ImportFileError(
                f"de kolomnaam {name!r} komt twee keer voor in de kopregel (kolom "
                f"{_column_letter(first)} en kolom {_column_letter(index)}); verwacht elke "
                "kolomnaam één keer. Hernoem of verwijder een van beide kolommen.",
                f"the column name {name!r} appears twice in the header row (column "
                f"{_column_letter(first)} and column {_column_letter(index)}); expected each "
                "column name once. Rename or delete one of the two columns.",
                file=file,
                sheet=sheet,
                row=row,
                column=name,
                value=name,
            )
        seen[key] = index


# --- CSV -----------------------------------------------------------------------------------------


@dataclass
class _DecodeFailure:
    offset: int  # byte offset in the file
    line: int  # 1-based physical line
    byte: int | None  # the offending byte (None: a sequence cut off at the end of the file)
    nul: bool = False  # the file decoded but holds a NUL character
    mixed: bool = False  # UTF-8 text before the failure: the file mixes encodings


def _encoding_label(codec: str, taal: str = "nl") -> str:
    return {
        "utf-8": "UTF-8",
        "utf-8-sig": in_taal(taal, "UTF-8 (met BOM)", "UTF-8 (with BOM)"),
        "cp1252": "Windows-1252 (cp1252)",
        "utf-16": "UTF-16",
        "utf-16-le": in_taal(
            taal, "UTF-16 (little-endian, zonder BOM)", "UTF-16 (little-endian, without BOM)"
        ),
        "utf-16-be": in_taal(
            taal, "UTF-16 (big-endian, zonder BOM)", "UTF-16 (big-endian, without BOM)"
        ),
    }[codec]


def _validate(path: Path, codec: str) -> _DecodeFailure | None:
    """Decode the whole file in chunks (nothing kept); the first problem, or None if it is clean."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    eight_bit = not codec.startswith("utf-16")
    non_ascii = False
    newlines = 0  # physical lines before the current chunk
    start = 0  # file offset of the current chunk

    def failure(pending: bytes, chunk: bytes, exc: UnicodeDecodeError | None) -> _DecodeFailure:
        data = pending + chunk
        at = exc.start if exc is not None else len(data)
        before = data[:at]
        if eight_bit:
            line = newlines + before.count(b"\n") + 1
        else:
            line = newlines + before.decode(codec, errors="ignore").count("\n") + 1
        byte = data[at] if exc is not None and at < len(data) else None
        mixed = codec == "utf-8" and (non_ascii or not before.isascii())
        return _DecodeFailure(start - len(pending) + at, line, byte, mixed=mixed)

    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            pending: bytes = decoder.getstate()[0]
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return failure(pending, chunk, exc)
            if eight_bit and (nul := chunk.find(b"\x00")) >= 0:
                line = newlines + chunk[:nul].count(b"\n") + 1
                return _DecodeFailure(start + nul, line, 0, nul=True)
            if not eight_bit and (nul := text.find("\x00")) >= 0:  # position approximate
                line = newlines + text[:nul].count("\n") + 1
                return _DecodeFailure(start - len(pending) + 2 * nul, line, 0, nul=True)
            non_ascii = non_ascii or not text.isascii()
            newlines += text.count("\n")
            start += len(chunk)
        pending = decoder.getstate()[0]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return failure(pending, b"", exc)
    return None


def _where(failure: _DecodeFailure) -> str:
    what = "het einde van het bestand" if failure.byte is None else f"byte 0x{failure.byte:02X}"
    return f"{what} op bytepositie {failure.offset} (regel {failure.line})"


def _where_en(failure: _DecodeFailure) -> str:
    what = "the end of the file" if failure.byte is None else f"byte 0x{failure.byte:02X}"
    return f"{what} at byte offset {failure.offset} (line {failure.line})"


def _refuse_encoding(path: Path, codec: str, failure: _DecodeFailure) -> NoReturn:
    if failure.nul:
        raise ImportFileError(
            f"het bestand bevat een NUL-teken op bytepositie {failure.offset} "
            f"(regel {failure.line}); "
            f"dat hoort niet in een tekstbestand in {_encoding_label(codec)}. Misschien is het "
            f"geen CSV-bestand of UTF-16 zonder BOM; {SAVE_AS_UTF8}.",
            f"the file contains a NUL character at byte offset {failure.offset} "
            f"(line {failure.line}); "
            f"that does not belong in a text file in {_encoding_label(codec, 'en')}. Perhaps it "
            f"is not a CSV file, or UTF-16 without a BOM; {SAVE_AS_UTF8_EN}.",
            file=path.name,
            value=failure.offset,
        )
    raise ImportFileError(
        f"het bestand is gemarkeerd als {_encoding_label(codec)} maar is dat niet: "
        f"{_where(failure)} is daarin ongeldig; {SAVE_AS_UTF8}.",
        f"the file is marked as {_encoding_label(codec, 'en')} but is not: "
        f"{_where_en(failure)} is not valid in it; {SAVE_AS_UTF8_EN}.",
        file=path.name,
        value=failure.byte,
    )


def _detect_encoding(path: Path) -> tuple[str, str]:
    """(encoding to report, codec to open with) for a CSV file; ImportFileError if none fits."""
    with path.open("rb") as stream:
        head = stream.read(UTF16_SAMPLE)
    if not head:
        raise ImportFileError(
            "het bestand is leeg; verwacht een kopregel met kolomnamen en daaronder de rijen.",
            "the file is empty; expected a header row with column names and the rows below it.",
            file=path.name,
        )
    if head.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            "dit is geen CSV-bestand maar een Excel-werkmap of ander zip-bestand; "
            "geef het de extensie .xlsx of sla het in Excel op als 'CSV UTF-8'.",
            "this is not a CSV file but an Excel workbook or another zip file; give it the "
            "extension .xlsx or save it in Excel as 'CSV UTF-8'.",
            file=path.name,
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "dit is geen CSV-bestand maar een oud Excel-bestand (.xls); sla het in Excel op als "
            "'Excel-werkmap (.xlsx)' of als 'CSV UTF-8'.",
            "this is not a CSV file but an old Excel file (.xls); save it in Excel as "
            "'Excel Workbook (.xlsx)' or as 'CSV UTF-8'.",
            file=path.name,
        )
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ImportFileError(
            f"het bestand is in UTF-32; verwacht UTF-8, UTF-16 of Windows-1252; {SAVE_AS_UTF8}.",
            f"the file is in UTF-32; expected UTF-8, UTF-16 or Windows-1252; {SAVE_AS_UTF8_EN}.",
            file=path.name,
        )
    if head.startswith(UTF8_BOM):
        report, codec = "utf-8-sig", "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        report, codec = "utf-16", "utf-16"
    elif (guess := _utf16_without_bom(head)) is not None:
        report, codec = "utf-16", guess
    else:
        utf8 = _validate(path, "utf-8")
        if utf8 is None:
            return "utf-8", "utf-8"
        if utf8.nul:
            _refuse_encoding(path, "utf-8", utf8)
        if utf8.mixed:
            raise ImportFileError(
                f"het bestand is deels UTF-8 en deels iets anders: {_where(utf8)} is geen UTF-8, "
                "terwijl eerder in het bestand wel UTF-8-tekens (zoals ë of €) staan; "
                f"{SAVE_AS_UTF8}.",
                f"the file is partly UTF-8 and partly something else: {_where_en(utf8)} is not "
                "UTF-8, while earlier in the file there are UTF-8 characters (such as ë or €); "
                f"{SAVE_AS_UTF8_EN}.",
                file=path.name,
                value=utf8.byte,
            )
        cp1252 = _validate(path, "cp1252")
        if cp1252 is None:
            return "cp1252", "cp1252"
        if cp1252.nul:
            _refuse_encoding(path, "cp1252", cp1252)
        raise ImportFileError(
            "de tekenset van het bestand wordt niet herkend: geprobeerd zijn UTF-8 "
            f"({_where(utf8)} is daarin ongeldig) en Windows-1252 (cp1252) "
            f"({_where(cp1252)} bestaat daarin niet); {SAVE_AS_UTF8}.",
            "the file's character encoding is not recognised: tried were UTF-8 "
            f"({_where_en(utf8)} is not valid in it) and Windows-1252 (cp1252) "
            f"({_where_en(cp1252)} does not exist in it); {SAVE_AS_UTF8_EN}.",
            file=path.name,
            value=cp1252.byte,
        )
    failure = _validate(path, codec)
    if failure is not None:
        _refuse_encoding(path, codec, failure)
    return report, codec


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' if the sample has UTF-16's NUL pattern (mostly-ASCII text)."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    nul_even = head[0 : pairs * 2 : 2].count(0)
    nul_odd = head[1 : pairs * 2 : 2].count(0)
    if nul_odd >= pairs * 0.3 and nul_even <= pairs * 0.02:
        return "utf-16-le"
    if nul_even >= pairs * 0.3 and nul_odd <= pairs * 0.02:
        return "utf-16-be"
    return None


def _blank(record: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in record)


def _blank_for_any_separator(record: Sequence[str]) -> bool:
    """Blank whichever separator is right (a line like ';;' read with ',' as separator)."""
    return not any(cell.strip(" \t\r\n;,") for cell in record)


def _show_delimiter(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else repr(delimiter)


def _reader(stream: IO[str], delimiter: str) -> Iterator[list[str]]:
    # strict: a quote that is never closed is an error instead of swallowing the rest of the file
    return csv.reader(stream, delimiter=delimiter, strict=True)


@dataclass
class _Candidate:
    delimiter: str
    header_fields: int
    consistent: bool


def _try_delimiter(path: Path, codec: str, delimiter: str, skip: int) -> _Candidate:
    """How the header and the next records split with `delimiter`."""
    header_fields = 0
    with path.open(encoding=codec, newline="") as stream:
        records = _reader(stream, delimiter)
        try:
            for _ in range(skip):
                next(records, None)
            header = next((r for r in records if not _blank_for_any_separator(r)), [])
            header_fields = len(header)
            checked = 0
            for record in records:
                if _blank_for_any_separator(record):
                    continue
                if len(record) != header_fields:
                    return _Candidate(delimiter, header_fields, consistent=False)
                checked += 1
                if checked >= SNIFF_RECORDS:
                    break
        except csv.Error:
            return _Candidate(delimiter, header_fields, consistent=False)
    return _Candidate(delimiter, header_fields, consistent=header_fields >= 2)


def _sep_line(path: Path, codec: str) -> str | None:
    """The separator Excel's optional first line `sep=;` names, if the file starts with one."""
    with path.open(encoding=codec, newline="") as stream:
        first = stream.readline(100).rstrip("\r\n")
    if first.lower().startswith("sep=") and len(first) == 5 and first[4] in DELIMITERS:
        return first[4]
    return None


def _sniff(path: Path, codec: str) -> tuple[str, int]:
    """(separator, records to skip before the header search) for a CSV file; never a guess."""
    declared = _sep_line(path, codec)
    if declared is not None:
        return declared, 1
    candidates = [_try_delimiter(path, codec, d, 0) for d in DELIMITERS]
    consistent = [c for c in candidates if c.consistent]
    splitting = [c for c in candidates if c.header_fields >= 2]
    # a separator that splits the header and every sampled row alike; failing that, the only
    # one that splits the header at all (the rows are then checked one by one while reading)
    chosen = consistent if consistent else splitting
    if len(chosen) > 1:
        # Both split every line alike: the one that gives clearly more columns is the separator
        # (a header 'Anders, namelijk' and a decimal comma per row also split alike on ',').
        widest = max(c.header_fields for c in chosen)
        if sum(c.header_fields == widest for c in chosen) == 1 and all(
            c.header_fields * 2 <= widest for c in chosen if c.header_fields != widest
        ):
            chosen = [c for c in chosen if c.header_fields == widest]
    if len(chosen) == 1:
        return chosen[0].delimiter, 0
    if all(c.header_fields == 0 for c in candidates):
        raise ImportFileError(
            "het bestand bevat alleen lege regels; verwacht een kopregel met kolomnamen en "
            "daaronder de rijen.",
            "the file contains only empty lines; expected a header row with column names and "
            "the rows below it.",
            file=path.name,
        )
    if len(chosen) > 1:
        both = " als ".join(_show_delimiter(c.delimiter) for c in chosen)
        both_en = " and ".join(_show_delimiter(c.delimiter) for c in chosen)
        raise ImportFileError(
            f"het scheidingsteken is niet eenduidig (zowel {both} passen); sla het bestand op "
            "met ';' als scheidingsteken.",
            f"the separator is ambiguous (both {both_en} fit); save the file with ';' as the "
            "separator.",
            file=path.name,
        )
    raise ImportFileError(
        "er is geen scheidingsteken gevonden: de kopregel heeft met ';', ',' en tab maar één "
        "kolom. Verwacht een CSV-bestand met ';' (puntkomma), ',' (komma) of tab tussen de "
        "kolommen en minstens twee kolommen.",
        "no separator was found: with ';', ',' and tab alike the header row has only one "
        "column. Expected a CSV file with ';' (semicolon), ',' (comma) or tab between the "
        "columns, and at least two columns.",
        file=path.name,
    )


def _open_csv(path: Path, stack: ExitStack) -> Sheet:
    report, codec = _detect_encoding(path)
    delimiter, skip = _sniff(path, codec)
    stream = stack.enter_context(path.open(encoding=codec, newline=""))
    numbered = enumerate(_reader(stream, delimiter), start=1)
    header_row = 0
    header: list[str] | None = None
    try:
        for header_row, record in numbered:
            if header_row > skip and not _blank(record):
                header = [cell.strip() for cell in record]
                break
    except csv.Error as exc:
        raise _csv_error(path.name, header_row + 1, exc) from exc
    if header is None:
        raise ImportFileError(
            "het bestand bevat alleen lege regels; verwacht een kopregel met kolomnamen en "
            "daaronder de rijen.",
            "the file contains only empty lines; expected a header row with column names and "
            "the rows below it.",
            file=path.name,
        )
    _check_duplicates(header, file=path.name, sheet=None, row=header_row)
    open_end = not _ends_with_line_break(path, codec)
    rows = _csv_rows(numbered, path.name, header_row, len(header), delimiter, open_end)
    return Sheet(path.name, None, header, header_row, rows, report, delimiter)


def _ends_with_line_break(path: Path, codec: str) -> bool:
    """False when the file stops in the middle of a line (as a file cut off does, or not)."""
    with path.open("rb") as stream:
        bom = stream.read(2)
        stream.seek(max(0, path.stat().st_size - 2))
        tail = stream.read()
    if codec.startswith("utf-16"):
        big = codec == "utf-16-be" or (codec == "utf-16" and bom == codecs.BOM_UTF16_BE)
        unit = "utf-16-be" if big else "utf-16-le"
        return tail.endswith(("\n".encode(unit), "\r".encode(unit)))
    return tail.endswith((b"\n", b"\r"))


def _csv_error(file: str, row: int, exc: csv.Error) -> ImportFileError:
    if "unexpected end of data" in str(exc):  # a quoted cell still open when the file ends
        return ImportFileError(
            'in deze rij begint een cel met een aanhalingsteken (") dat tot het einde van het '
            "bestand niet gesloten wordt: het bestand lijkt afgebroken midden in die cel (niet "
            "helemaal opgeslagen of gekopieerd), of het sluitende aanhalingsteken ontbreekt. "
            'Lever het volledige bestand opnieuw aan, of sluit de cel af met ".',
            'a cell in this row starts with a quotation mark (") that is not closed before the '
            "end of the file: the file seems cut off in the middle of that cell (not saved or "
            "copied completely), or the closing quotation mark is missing. Supply the complete "
            'file again, or close the cell with ".',
            file=file,
            row=row,
        )
    return ImportFileError(
        f"de regel kan niet gelezen worden ({exc}); waarschijnlijk staat er een aanhalingsteken "
        '(") dat niet gesloten wordt of waar na het sluitende aanhalingsteken nog tekst volgt. '
        'Verwacht een cel als "tekst" of "3,5", of een cel zonder aanhalingstekens.',
        f'the line cannot be read ({exc}); probably a quotation mark (") is not closed, or '
        'text follows the closing quotation mark. Expected a cell such as "text" or "3,5", '
        "or a cell without quotation marks.",
        file=file,
        row=row,
    )


def _csv_rows(
    numbered: Iterator[tuple[int, list[str]]],
    file: str,
    header_row: int,
    width: int,
    sep: str,
    open_end: bool,
) -> Iterator[tuple[int, list[Value]]]:
    """The data records; with `open_end` (no line break at the end) each is handed on one record
    late, so the last one can be refused when it has fewer cells than the header while the row
    before it has them all: cut off."""
    number = header_row
    pending: tuple[int, list[Value], list[str]] | None = None
    shorter = False  # the row before the last has fewer cells than the header too
    try:
        for number, record in numbered:
            cells: list[Value] = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if len(record) > width:
                raise ImportFileError(
                    f"deze rij heeft {len(record)} cellen, de kopregel maar {width}; het "
                    f"scheidingsteken {_show_delimiter(sep)} komt dus vaker voor dan in de "
                    "kopregel, bijvoorbeeld door een decimale komma (3,5) in een bestand met ',' "
                    'als scheidingsteken. Zet zulke waarden tussen aanhalingstekens ("3,5") '
                    "of sla het bestand op met ';' als scheidingsteken.",
                    f"this row has {len(record)} cells, the header row only {width}; so the "
                    f"separator {_show_delimiter(sep)} occurs more often than in the header row, "
                    "for instance through a decimal comma (3,5) in a file with ',' as the "
                    'separator. Put such values in quotation marks ("3,5") or save the file '
                    "with ';' as the separator.",
                    file=file,
                    row=number,
                    value=sep.join(record),
                )
            if open_end:
                if pending is not None:
                    shorter = len(pending[2]) < width
                    yield pending[0], pending[1]
                pending = (number, cells, record)
            else:
                yield number, cells
    except csv.Error as exc:
        raise _csv_error(file, number + 1, exc) from exc
    if pending is not None:
        last, cells, record = pending
        if len(record) < width and not shorter:
            raise ImportFileError(
                f"deze laatste rij heeft {len(record)} van de {width} cellen en het bestand "
                "houdt midden in de regel op (er volgt geen regeleinde): het bestand lijkt "
                "afgebroken, bijvoorbeeld doordat het niet helemaal is opgeslagen of gekopieerd. "
                "Lever het volledige bestand opnieuw aan.",
                f"this last row has {len(record)} of the {width} cells and the file stops in the "
                "middle of the line (no line break follows): the file seems cut off, for "
                "instance because it was not saved or copied completely. Supply the complete "
                "file again.",
                file=file,
                row=last,
                value=sep.join(record),
            )
        yield last, cells


# --- XLSX ----------------------------------------------------------------------------------------


def _xlsx_cell(value: Any) -> Cell:
    """A calamine value with strings stripped and blank strings as None."""
    if isinstance(value, str):
        return value.strip() or None
    cell: Cell = value
    return cell


def _header_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _xlsx_sheets(workbook: CalamineWorkbook, path: Path) -> list[Sheet]:
    file = path.name
    check = WorkbookCheck(path)
    sheets: list[Sheet] = []
    for name in workbook.sheet_names:
        scan = check.scan(name)  # before calamine loads the sheet: it may abort on what this finds
        sheet = workbook.get_sheet_by_name(name)
        if sheet.start is None:  # nothing in it
            continue
        # iter_rows() starts at row 1 (leading empty rows come as empty rows) but at the first
        # used column: put the columns left of it back so positions match Excel's letters
        pad: list[Cell] = [None] * sheet.start[1]
        rows: Iterator[tuple[int, list[Cell]]] = (
            (number, [*pad, *(_xlsx_cell(v) for v in raw)])
            for number, raw in sheet_rows(path, name, sheet.iter_rows())
        )
        found = next(((n, cells) for n, cells in rows if any(c is not None for c in cells)), None)
        if found is None:
            continue
        header_row, cells = found
        header = [_header_text(cell) for cell in cells]
        _check_duplicates(header, file=file, sheet=name, row=header_row)
        check.formulas(name, scan, header)
        sheets.append(Sheet(file, name, header, header_row, _xlsx_rows(rows)))
    return sheets


def _xlsx_rows(rows: Iterable[tuple[int, list[Cell]]]) -> Iterator[tuple[int, list[Value]]]:
    for number, cells in rows:
        if any(cell is not None for cell in cells):
            values: list[Value] = list(cells)
            yield number, values


# --- JSON ----------------------------------------------------------------------------------------

JSON_SHAPE = (
    'verwacht een lijst met records ([{"kolom": waarde, ...}, ...]) of een object met per soort '
    'een lijst met records ({"acties": [...], "signalen": [...]})'
)
JSON_SHAPE_EN = (
    'expected a list of records ([{"column": value, ...}, ...]) or an object with a list of '
    'records per kind ({"acties": [...], "signalen": [...]})'
)


def _json_kind(value: object, taal: str = "nl") -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return in_taal(taal, "een getal", "a number")
    if isinstance(value, str):
        return in_taal(taal, "tekst", "text")
    if isinstance(value, list):
        return in_taal(taal, "een lijst", "a list")
    if isinstance(value, dict):
        return in_taal(taal, "een object", "an object")
    return type(value).__name__


def _json_sheets(path: Path) -> list[Sheet]:
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise ImportFileError(
            f"het JSON-bestand is {size // 1024**2} MB; verwacht hoogstens "
            f"{MAX_JSON_BYTES // 1024**2} MB. Splits het bestand of lever een CSV-bestand.",
            f"the JSON file is {size // 1024**2} MB; expected at most "
            f"{MAX_JSON_BYTES // 1024**2} MB. Split the file or supply a CSV file.",
            file=path.name,
        )
    data = path.read_bytes()
    data = data.removeprefix(UTF8_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"het JSON-bestand is geen UTF-8: byte 0x{data[exc.start]:02X} op positie "
            f"{exc.start} (regel {line}) is daarin ongeldig; sla het bestand op als UTF-8.",
            f"the JSON file is not UTF-8: byte 0x{data[exc.start]:02X} at offset "
            f"{exc.start} (line {line}) is not valid in it; save the file as UTF-8.",
            file=path.name,
            value=data[exc.start],
        ) from exc
    document = _parse_json(text, path.name)
    if isinstance(document, list):
        tables: list[tuple[str | None, list[Any]]] = [(None, document)]
    elif isinstance(document, dict) and document:
        tables = []
        for key, value in document.items():
            if not isinstance(value, list):
                raise ImportFileError(
                    f"onder de sleutel {key!r} staat {_json_kind(value)}; {JSON_SHAPE}.",
                    f"under the key {key!r} there is {_json_kind(value, 'en')}; {JSON_SHAPE_EN}.",
                    file=path.name,
                    value=key,
                )
            tables.append((key, value))
    else:
        raise ImportFileError(
            f"het bestand bevat {_json_kind(document)}"
            f"{' zonder sleutels' if isinstance(document, dict) else ''}; {JSON_SHAPE}.",
            f"the file contains {_json_kind(document, 'en')}"
            f"{' without keys' if isinstance(document, dict) else ''}; {JSON_SHAPE_EN}.",
            file=path.name,
        )
    return [_json_sheet(path.name, name, records) for name, records in tables if records]


def _parse_json(text: str, file: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise ImportFileError(
                    f"een object bevat de sleutel {key!r} twee keer; verwacht elke sleutel één "
                    "keer per object.",
                    f"an object contains the key {key!r} twice; expected each key once per object.",
                    file=file,
                    value=key,
                )
            result[key] = value
        return result

    def constant(name: str) -> NoReturn:
        raise ImportFileError(
            f"het bestand bevat de waarde {name}, die geen geldige JSON is; verwacht een getal "
            "of null.",
            f"the file contains the value {name}, which is not valid JSON; expected a number "
            "or null.",
            file=file,
            value=name,
        )

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"het bestand is geen geldige JSON: op regel {exc.lineno}, kolom {exc.colno} "
            f"gaat het mis ({exc.msg}); {JSON_SHAPE}.",
            f"the file is not valid JSON: it goes wrong at line {exc.lineno}, column "
            f"{exc.colno} ({exc.msg}); {JSON_SHAPE_EN}.",
            file=file,
        ) from exc


def _json_sheet(file: str, name: str | None, records: list[Any]) -> Sheet:
    header: list[str] = []
    index_of: dict[str, int] = {}  # key as written -> column position
    folded_keys: dict[str, str] = {}  # stripped, case-folded key -> key as first written
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise ImportFileError(
                f"record {number} is {_json_kind(record)}; verwacht een object "
                '({"kolom": waarde, ...}).',
                f"record {number} is {_json_kind(record, 'en')}; expected an object "
                '({"column": value, ...}).',
                file=file,
                sheet=name,
                row=number,
                value=record,
            )
        for key in record:
            if key in index_of:
                continue
            folded = key.strip().casefold()
            if folded and folded in folded_keys:
                raise ImportFileError(
                    f"de sleutels {folded_keys[folded]!r} en {key!r} zijn dezelfde kolom "
                    "(hoofdletters en spaties tellen niet mee); verwacht elke kolomnaam één keer.",
                    f"the keys {folded_keys[folded]!r} and {key!r} are the same column (case and "
                    "spaces do not count); expected each column name once.",
                    file=file,
                    sheet=name,
                    row=number,
                    column=key,
                    value=key,
                )
            folded_keys[folded] = key
            index_of[key] = len(header)
            header.append(key.strip())
    return Sheet(file, name, header, 0, _json_rows(file, name, records, index_of))


def _json_rows(
    file: str, sheet: str | None, records: list[dict[str, Any]], index_of: dict[str, int]
) -> Iterator[tuple[int, list[Value]]]:
    width = len(index_of)
    for number, record in enumerate(records, start=1):
        cells: list[Value] = [None] * width
        for key, raw in record.items():
            cells[index_of[key]] = _json_value(raw, file, sheet, number, key)
        if any(cell is not None and cell != [] for cell in cells):
            yield number, cells


def _json_value(raw: Any, file: str, sheet: str | None, number: int, key: str) -> Value:
    if raw is None or isinstance(raw, bool | int | float):
        value: Value = raw
        return value
    if isinstance(raw, str):
        return raw.strip() or None
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return [item.strip() for item in raw]
    raise ImportFileError(
        f"record {number} heeft bij {key!r} {_json_kind(raw)} als waarde; verwacht tekst, een "
        "getal, true/false, null of een lijst met teksten.",
        f"record {number} has {_json_kind(raw, 'en')} as the value of {key!r}; expected text, a "
        "number, true/false, null or a list of texts.",
        file=file,
        sheet=sheet,
        row=number,
        column=key,
        value=raw,
    )
