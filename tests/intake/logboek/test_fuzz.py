"""Mutated logbook files (RELIABILITY §4): every file ends in an import or a refusal that names it.

A seeded mutator (deterministic: the same mutants every run) makes some hundreds of variants of a
good CSV and a good XLSX: cut off, bytes flipped, re-encoded, other separators, quotes, formulas,
huge numbers and impossible dates in cells, headers removed or doubled, zero-width characters,
required cells emptied, and for the XLSX cells changed through openpyxl as well as bytes and XML
changed inside the zip. Each is imported into one store; the outcome must be a report, never an
exception: imported, or refused with messages that name the file, and a refused file must have
stored nothing (every logbook table counted before and after).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from makelaar.intake.logboek import Status
from tests.intake.logboek.conftest import (
    MAKELAAR,
    WIJKNAMEN,
    Omgeving,
    csv_tekst,
    nieuwe_omgeving,
)

SEED = 20261204
CSV_MUTANTS = 200
XLSX_MUTANTS = 150

ACTIES_KOP = [
    "Datum",
    "Makelaar",
    "Wijk",
    "Buurt",
    "Soort actie",
    "Partners",
    "Aantal bereikt",
    "Bewoners als organisator",
    "Doelgroepen",
    "Resultaat",
    "Uren",
    "Notitie",
]
ACTIES: list[list[Any]] = [
    [
        "02-02-2026",
        MAKELAAR,
        WIJKNAMEN[0],
        "",
        "Huisbezoek",
        "",
        "3",
        "0",
        "",
        "Informatie gedeeld",
        "1,5",
        "",
    ],
    [
        "03-02-2026",
        MAKELAAR,
        WIJKNAMEN[0],
        "Buurt 1.1",
        "Evenement",
        "GGD",
        "12",
        "2",
        "ouderen",
        "Verbinding gelegd",
        "3,25",
        "Koffie in het buurthuis",
    ],
    [
        "04-02-2026",
        MAKELAAR,
        WIJKNAMEN[0],
        "",
        "Overleg tussen instanties",
        "Mitros (woningcorporatie)",
        "4",
        "",
        "",
        "Informatie gedeeld",
        "2",
        "Overleg over de flat",
    ],
    [
        "05-02-2026",
        MAKELAAR,
        WIJKNAMEN[0],
        "Buurt 1.2",
        "Doorverwijzing",
        "",
        "1",
        "",
        "jongeren; migranten",
        "Doorverwezen naar passende hulp",
        "0,5",
        "",
    ],
    [
        "06-02-2026",
        MAKELAAR,
        WIJKNAMEN[0],
        "",
        "Huisbezoek",
        "welzijn",
        "2",
        "1",
        "",
        "Geen",
        "1",
        "Zoë vertelde over de buurtpot van € 250",
    ],
]
CASUSSEN_KOP = [
    "Huishouden",
    "Makelaar",
    "Wijk",
    "Datum aanmelding",
    "Datum afsluiting",
    "Afsluiting",
]
CASUSSEN: list[list[Any]] = [
    ["Dossier 2026-001", MAKELAAR, WIJKNAMEN[0], dt.date(2026, 1, 10), None, None],
    ["Fam. Yilmaz", MAKELAAR, WIJKNAMEN[0], dt.date(2026, 1, 12), None, None],
]

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00a0"]
ODD_TEXT = [
    '"',
    '""',
    '"x',
    "=SUM(A1:A9)",
    "=1+2",
    "+31 6 1234",
    "@cmd",
    "-",
    "n.v.t.",
    "   ",
    "\t",
    ";",
    ",",
    "\r\n",
    "\x00",
    "x" * 5000,
    "💥",
    "Zoë\u0301",
]
ODD_NUMBERS = [
    "1e308",
    "-1e18",
    "99999999999999999999999",
    "NaN",
    "inf",
    "-0",
    "1.234.567,89",
    "1,234.5",
    "3,5,6",
    "0x1F",
    "½",
    "٣",
]
ODD_DATES = [
    "31-02-2026",
    "29-02-2025",
    "00-00-0000",
    "01-01-1899",
    "31-12-9999",
    "01-01-10000",
    "2026-13-01",
    "1-1-26",
    "45000",
    "-1e18",
    "2026-02-02T25:00",
    "02/03/2026",
    "3 februari 2026",
    "3 frebruari 2026",
]


@dataclass
class Mutant:
    name: str
    what: str  # the mutations, for the failure message
    path: Path


# --- CSV mutations (on rows, on text, on bytes) ---------------------------------------------


def _table(kop: list[str], rows: list[list[Any]]) -> list[list[str]]:
    return [list(kop), *(["" if c is None else str(c) for c in row] for row in rows)]


def _cell_mutation(rng: random.Random, table: list[list[str]]) -> str:
    row = rng.randrange(len(table))
    col = rng.randrange(len(table[0]))
    if row >= 1 and col >= len(table[row]):
        return "none"
    kop = table[0][col]
    choice = rng.randrange(7)
    if choice == 0:
        value = rng.choice(ODD_TEXT)
    elif choice == 1:
        value = rng.choice(ODD_NUMBERS)
    elif choice == 2:
        value = rng.choice(ODD_DATES)
    elif choice == 3:
        spot = rng.randrange(len(table[row][col]) + 1)
        cell = table[row][col]
        value = cell[:spot] + rng.choice(ZERO_WIDTH) + cell[spot:]
    elif choice == 4 and row >= 1:
        value = ""  # a required cell emptied, or any other
    elif choice == 5:
        value = rng.choice(ZERO_WIDTH) * rng.randint(1, 3)  # nothing but invisible characters
    else:
        value = table[row][col] * rng.randint(2, 40)
    table[row][col] = value
    return f"cell r{row + 1} {kop!r}={value[:30]!r}"


def _row_mutation(rng: random.Random, table: list[list[str]]) -> str:
    choice = rng.randrange(6)
    col = rng.randrange(len(table[0]))
    if choice == 0:
        for row in table:
            del row[col]
        return f"column {col} removed"
    if choice == 1:
        table[0][col] = ""
        return f"header {col} emptied"
    if choice == 2:
        other = rng.randrange(len(table[0]))
        table[0][other] = table[0][col]
        return f"header {col} doubled into {other}"
    if choice == 3:
        extra = rng.randrange(1, len(table))
        table.insert(extra, list(table[extra]))
        return f"row {extra} doubled"
    if choice == 4 and len(table) > 2:
        del table[rng.randrange(1, len(table))]
        return "row removed"
    table[0] = [c.upper() if rng.random() < 0.5 else f" {c} " for c in table[0]]
    return "header case and spaces"


def _text_mutation(rng: random.Random, text: str) -> tuple[str, str]:
    choice = rng.randrange(6)
    if choice == 0:
        at = rng.randrange(len(text))
        return text[:at] + '"' + text[at:], f"quote at {at}"
    if choice == 1:
        return text.replace(";", rng.choice([",", "\t", "|"])), "separator replaced"
    if choice == 2:
        return text.replace("\r\n", rng.choice(["\n", "\r", "\n\n"])), "line breaks"
    if choice == 3:
        return f"sep={rng.choice([';', ','])}\r\n" + text, "sep= line"
    if choice == 4:
        lines = text.split("\r\n")
        lines.insert(rng.randrange(len(lines)), rng.choice(["", ";;;", " ", "#"]))
        return "\r\n".join(lines), "line inserted"
    return text.rstrip("\r\n"), "no line break at the end"


def _encode(rng: random.Random, text: str) -> tuple[bytes, str]:
    encoding = rng.choice(
        ["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "latin-1"]
    )
    return text.encode(encoding, errors="replace"), encoding


def _byte_mutation(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    choice = rng.randrange(4)
    if choice == 0 or len(data) < 4:
        at = rng.randrange(1, max(2, len(data)))
        return data[:at], f"cut at byte {at}"
    if choice == 1:
        mutable = bytearray(data)
        spots = [rng.randrange(len(data)) for _ in range(rng.randint(1, 4))]
        for spot in spots:
            mutable[spot] = rng.randrange(256)
        return bytes(mutable), f"bytes flipped at {spots}"
    if choice == 2:
        at = rng.randrange(len(data))
        junk = rng.choice([b"\x00", b"\xff\xfe", b"\xe2\x80", b"\x81", b"\xc3"])
        return data[:at] + junk + data[at:], f"{junk!r} inserted at {at}"
    at = rng.randrange(len(data))
    return data[:at] + data[at + 1 :], f"byte {at} deleted"


def csv_mutants(folder: Path, count: int) -> Iterator[Mutant]:
    for index in range(count):
        rng = random.Random(SEED + index)
        table = _table(ACTIES_KOP, ACTIES)
        what: list[str] = []
        for _ in range(rng.randint(1, 3)):
            kind = rng.randrange(10)
            if kind < 5:
                what.append(_cell_mutation(rng, table))
            elif kind < 7:
                what.append(_row_mutation(rng, table))
        text = csv_tekst(table)
        if rng.random() < 0.4:
            text, done = _text_mutation(rng, text)
            what.append(done)
        data, encoding = _encode(rng, text)
        what.append(encoding)
        if rng.random() < 0.4:
            data, done = _byte_mutation(rng, data)
            what.append(done)
        path = folder / f"m{index:03d}.csv"
        path.write_bytes(data)
        yield Mutant(path.name, "; ".join(what), path)


# --- XLSX mutations (cells through openpyxl, bytes and XML inside the zip) -------------------


def _xlsx_value(rng: random.Random, current: Any) -> tuple[Any, str | None]:
    """A replacement value and, for numbers meant as dates, the number format to give the cell."""
    choice = rng.randrange(9)
    if choice == 0:
        return rng.choice(ODD_TEXT).replace("\x00", ""), None
    if choice == 1:
        return rng.choice([1e308, -1e18, 1e18, -5e11, 2958466, -1, 0.5, 10**20]), rng.choice(
            ["dd-mm-yyyy", "hh:mm", "[h]:mm:ss", "General", None]
        )
    if choice == 2:
        return rng.choice(ODD_DATES), None
    if choice == 3:
        return rng.choice(["=1+2", "=SUM(A1:A3)", '=IF(1=1,"x","")', "=A2", "=1/0"]), None
    if choice == 4:
        return rng.choice([True, False, dt.time(12, 30), dt.datetime(2026, 2, 2, 14, 0)]), None
    if choice == 5:
        return None, None
    if choice == 6:
        text = "" if current is None else str(current)
        return text + rng.choice(ZERO_WIDTH), None
    if choice == 7:
        return rng.choice([dt.date(1899, 12, 30), dt.date(9999, 12, 31), dt.date(2030, 1, 1)]), None
    return rng.choice(ZERO_WIDTH) * 2, None


def _good_workbook() -> Workbook:
    workbook = Workbook()
    acties = workbook.active
    assert acties is not None
    acties.title = "Sociale acties"
    acties.append(ACTIES_KOP)
    for row in ACTIES:
        values: list[Any] = list(row)
        values[0] = dt.datetime.strptime(row[0], "%d-%m-%Y").date()
        values[6] = int(row[6])
        values[10] = float(row[10].replace(",", "."))
        acties.append([None if v == "" else v for v in values])
    casussen = workbook.create_sheet("Casussen")
    casussen.append(CASUSSEN_KOP)
    for row in CASUSSEN:
        casussen.append(row)
    return workbook


def _recalculated(data: bytes) -> bytes:
    """The workbook without openpyxl's 'recalculate on load', as Excel or LibreOffice save it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info)
            if info.filename == "xl/workbook.xml":
                member = member.replace(b' fullCalcOnLoad="1"', b"")
            target.writestr(info.filename, member)
    return out.getvalue()


_XML_EDITS: list[tuple[str, Callable[[bytes, random.Random], bytes]]] = [
    ("value made -1e18", lambda xml, rng: re.sub(rb"<v>[^<]*</v>", b"<v>-1e18</v>", xml, count=1)),
    ("formula without result", lambda xml, rng: xml.replace(b"<v>3</v>", b"<f>1+2</f>", 1)),
    ("closing tag removed", lambda xml, rng: xml.replace(b"</row>", b"", 1)),
    ("error cell", lambda xml, rng: xml.replace(b'<c r="G2"', b'<c r="G2" t="e"', 1)),
    ("cell reference broken", lambda xml, rng: xml.replace(b'r="B3"', b'r="ZZZZ999999999"', 1)),
    ("text in a number cell", lambda xml, rng: xml.replace(b"<v>12</v>", b"<v>twaalf</v>", 1)),
    ("row number huge", lambda xml, rng: xml.replace(b'r="B3"', b'r="B999999999"', 1)),
    (
        "a cell in XFD1048576",
        lambda xml, rng: xml.replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>', 1
        ),
    ),
    ("truncated xml", lambda xml, rng: xml[: rng.randrange(len(xml))]),
]


def _zip_mutation(rng: random.Random, data: bytes, edit: int | None) -> tuple[bytes, str]:
    """Bytes of the zip cut or flipped, a member's XML edited or a member left out; `edit`
    picks one XML edit of the sheet (so that each is made at least once)."""
    choice = rng.randrange(4) if edit is None else 2
    if choice == 0:
        at = rng.randrange(1, len(data))
        return data[:at], f"zip cut at byte {at}"
    if choice == 1:
        mutable = bytearray(data)
        spots = [rng.randrange(len(data)) for _ in range(rng.randint(1, 6))]
        for spot in spots:
            mutable[spot] = rng.randrange(256)
        return bytes(mutable), f"zip bytes flipped at {spots}"
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    if choice == 2:
        label, change = _XML_EDITS[edit] if edit is not None else rng.choice(_XML_EDITS)
        member = "xl/worksheets/sheet1.xml"
        if edit is None and rng.random() < 0.3:
            member = "xl/styles.xml"
    else:
        label, member = (
            "member dropped",
            rng.choice(
                [
                    "xl/styles.xml",
                    "xl/_rels/workbook.xml.rels",
                    "[Content_Types].xml",
                    "xl/worksheets/sheet2.xml",
                ]
            ),
        )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == member:
                if choice == 3:
                    continue
                part = change(part, rng)
            target.writestr(info.filename, part)
    return out.getvalue(), f"{label} in {member}"


def xlsx_mutants(folder: Path, count: int) -> Iterator[Mutant]:
    for index in range(count):
        rng = random.Random(SEED * 7 + index)
        workbook = _good_workbook()
        what: list[str] = []
        for _ in range(rng.randint(1, 3)):
            sheet = workbook.worksheets[0 if rng.random() < 0.75 else 1]
            kind = rng.randrange(10)
            if kind < 7:
                row = rng.randint(1, sheet.max_row)
                col = rng.randint(1, sheet.max_column)
                cell = sheet.cell(row=row, column=col)
                value, number_format = _xlsx_value(rng, cell.value)
                cell.value = value
                if number_format is not None:
                    cell.number_format = number_format
                what.append(f"{sheet.title}!{cell.coordinate}={value!r:.30}")
            elif kind == 7:
                col = rng.randint(1, sheet.max_column)
                sheet.delete_cols(col)
                what.append(f"{sheet.title}: column {col} deleted")
            elif kind == 8:
                col = rng.randint(1, sheet.max_column)
                sheet.cell(row=1, column=col).value = sheet.cell(row=1, column=1).value
                what.append(f"{sheet.title}: header {col} doubled")
            else:
                sheet.title = rng.choice(["Blad1", "acties", "Lijsten", "Sheet 2"])
                what.append(f"sheet renamed {sheet.title!r}")
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
        if rng.random() < 0.5:
            data = _recalculated(data)
            what.append("saved results trusted")
        if index < len(_XML_EDITS) or rng.random() < 0.35:
            data, done = _zip_mutation(rng, data, index if index < len(_XML_EDITS) else None)
            what.append(done)
        path = folder / f"m{index:03d}.xlsx"
        path.write_bytes(data)
        yield Mutant(path.name, "; ".join(what), path)


# --- the property -----------------------------------------------------------------------------


def _outcome(omgeving: Omgeving, mutant: Mutant) -> tuple[Status | None, str | None]:
    """The status of importing `mutant`, and what is wrong with the outcome (None: as promised)."""
    before = omgeving.tel()
    try:
        rapport = omgeving.importeer(mutant.path)
    except Exception as exc:  # the promise is a report, never an exception
        return None, f"raised {type(exc).__name__}: {exc}"
    if len(rapport.bestanden) != 1:
        return None, f"{len(rapport.bestanden)} file reports"
    bestand = rapport.bestanden[0]
    if bestand.bestand != mutant.name:
        return bestand.status, f"report names {bestand.bestand!r}"
    if bestand.status is Status.INGELEZEN:
        problem = None if bestand.aantal_fouten == 0 else f"imported with errors {bestand.fouten}"
        return bestand.status, problem
    if bestand.status is not Status.GEWEIGERD:
        return bestand.status, "partly imported in atomic mode"
    if not bestand.fouten:
        return bestand.status, "refused without a reason"
    for fout in bestand.fouten:
        text = fout.tekst()
        if fout.bestand != mutant.name or not text.startswith(f"bestand {mutant.name}"):
            return bestand.status, f"a refusal that does not name the file: {text}"
        if not fout.melding.strip() or "Traceback" in text or "Onverwachte fout" in text:
            return bestand.status, f"not a message for a user: {text}"
    after = omgeving.tel()
    if after != before:
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        return bestand.status, f"refused but stored {changed}"
    return bestand.status, None


def _run(omgeving: Omgeving, mutants: Iterator[Mutant]) -> tuple[list[str], dict[Status, int]]:
    """Import every mutant: the broken promises, and how many files ended in each status."""
    failures: list[str] = []
    outcomes: dict[Status, int] = dict.fromkeys(Status, 0)
    for mutant in mutants:
        status, problem = _outcome(omgeving, mutant)
        if problem is not None:
            failures.append(f"{mutant.name} ({mutant.what}): {problem}")
        if status is not None:
            outcomes[status] += 1
    return failures, outcomes


@pytest.fixture
def fuzz_omgeving(tmp_path: Path) -> Iterator[Omgeving]:
    made = nieuwe_omgeving(tmp_path, "fuzz")
    yield made
    made.store.dispose()


def test_every_mutant_of_a_good_csv_and_xlsx_is_imported_or_refused_naming_it(
    fuzz_omgeving: Omgeving,
) -> None:
    good_csv = fuzz_omgeving.map / "goed.csv"
    good_csv.write_text(csv_tekst(_table(ACTIES_KOP, ACTIES)), encoding="utf-8")
    good_xlsx = fuzz_omgeving.map / "goed.xlsx"
    _good_workbook().save(good_xlsx)
    for good in (good_csv, good_xlsx):  # the files the mutants come from are good
        [bestand] = fuzz_omgeving.importeer(good).bestanden
        assert bestand.status is Status.INGELEZEN, [f.tekst() for f in bestand.fouten]

    csv_failures, csv_outcomes = _run(fuzz_omgeving, csv_mutants(fuzz_omgeving.map, CSV_MUTANTS))
    xlsx_failures, xlsx_outcomes = _run(
        fuzz_omgeving, xlsx_mutants(fuzz_omgeving.map, XLSX_MUTANTS)
    )

    failures = csv_failures + xlsx_failures
    assert not failures, f"{len(failures)} mutants broke the promise:\n" + "\n".join(failures[:25])
    # both outcomes occur for both kinds of file: the mutants are neither all harmless nor all fatal
    for outcomes in (csv_outcomes, xlsx_outcomes):
        assert outcomes[Status.INGELEZEN] >= 10 and outcomes[Status.GEWEIGERD] >= 50, outcomes
    assert sum(csv_outcomes.values()) + sum(xlsx_outcomes.values()) == CSV_MUTANTS + XLSX_MUTANTS
