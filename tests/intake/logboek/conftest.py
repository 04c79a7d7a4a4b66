"""Fixtures for the logbook importer: a store with a gemeente, three wijken with buurten and a
registered broker 'UT-MK-01', and a writer for CSV files as Dutch spreadsheets save them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from makelaar.intake.logboek import Importrapport, importeer
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import (
    BekendeNaam,
    Bewonersinitiatief,
    Casus,
    InitiatiefStatusWijziging,
    LogboekImport,
    Makelaar,
    MakelaarWijk,
    Signaal,
    SocialeActie,
)
from tests.factories import make_gemeente_with_wijken, make_makelaar

#: "today" for every import in these tests, so date checks are stable
VANDAAG = dt.date(2026, 3, 1)
GEMEENTE = "GM9999"
WIJKEN = ("WK999901", "WK999902", "WK999903")
#: wijk names as make_gemeente_with_wijken writes them
WIJKNAMEN = ("Wijk 01 Deel 1", "Wijk 02 Deel 2", "Wijk 03 Deel 3")
#: buurten: two per wijk, 'Buurt 1.1' = BU99990101 lies in WK999901
BUURTEN = ("BU99990101", "BU99990102", "BU99990201", "BU99990202", "BU99990301", "BU99990302")
MAKELAAR = "UT-MK-01"
#: a fixed pseudonym key, so two stores (two data dirs) make the same pseudonyms
SLEUTEL = "ab" * 32

#: every table the logbook import writes records to
LOGBOEKTABELLEN: tuple[Any, ...] = (
    SocialeActie,
    Signaal,
    Bewonersinitiatief,
    InitiatiefStatusWijziging,
    Casus,
    BekendeNaam,
    LogboekImport,
)

Rows = Sequence[Sequence[object]]


@dataclass
class Omgeving:
    """A migrated store with one gemeente, three wijken, six buurten and broker UT-MK-01."""

    store: Store
    settings: Settings
    map: Path  # where tests write the files they import

    def importeer(
        self,
        *paden: Path,
        sla_ongeldig_over: bool = False,
        settings: Settings | None = None,
        weigeringen_map: Path | None = None,
    ) -> Importrapport:
        return importeer(
            self.store,
            settings or self.settings,
            list(paden),
            sla_ongeldig_over=sla_ongeldig_over,
            weigeringen_map=weigeringen_map,
            vandaag=VANDAAG,
        )

    def tel(self) -> dict[str, int]:
        """Rows per logbook table (and the pseudonymous brokers registered by imports)."""
        with self.store.session() as session:
            counts = {
                tabel.__tablename__: session.scalar(select(func.count()).select_from(tabel)) or 0
                for tabel in LOGBOEKTABELLEN
            }
            counts["makelaar"] = session.scalar(select(func.count()).select_from(Makelaar)) or 0
            counts["makelaar_wijk"] = (
                session.scalar(select(func.count()).select_from(MakelaarWijk)) or 0
            )
        return counts

    def rijen(self, tabel: Any, *, zonder: Sequence[str] = ("id", "bron")) -> list[dict[str, Any]]:
        """Every row of `tabel` as a dict (columns in `zonder` left out), makelaar as its code."""
        with self.store.session() as session:
            codes = dict(session.execute(select(Makelaar.id, Makelaar.code)).tuples().all())
            result = []
            for row in session.execute(select(tabel.__table__)).mappings():
                record = {k: v for k, v in row.items() if k not in zonder}
                if "makelaar_id" in record:
                    record["makelaar"] = codes.get(record.pop("makelaar_id"))
                result.append(record)
        return sorted(result, key=repr)


def vul(store: Store) -> None:
    with store.session() as session:
        make_gemeente_with_wijken(session, 3, code=GEMEENTE)
        make_makelaar(session, GEMEENTE, [WIJKEN[0]], code=MAKELAAR, naam="Team Noord")


def instellingen(tmp_path: Path, naam: str = "data", **extra: Any) -> Settings:
    return Settings(
        data_dir=tmp_path / naam,
        output_dir=tmp_path / f"{naam}-out",
        pseudonym_key=SLEUTEL,
        **extra,
    )


@pytest.fixture
def omgeving(store: Store, tmp_path: Path) -> Omgeving:
    """The logbook store on SQLite and on PostgreSQL."""
    vul(store)
    bestanden = tmp_path / "bestanden"
    bestanden.mkdir()
    return Omgeving(store, instellingen(tmp_path), bestanden)


@pytest.fixture
def sqlite_omgeving(tmp_path: Path) -> Iterator[Omgeving]:
    """The logbook store on SQLite only (for the slow or file-heavy tests)."""
    made = nieuwe_omgeving(tmp_path, "data")
    yield made
    made.store.dispose()


def nieuwe_omgeving(tmp_path: Path, naam: str) -> Omgeving:
    """A fresh SQLite store of its own under tmp_path/naam, filled like the fixtures'."""
    settings = instellingen(tmp_path, naam)
    store = Store.from_settings(settings)
    store.upgrade()
    vul(store)
    bestanden = tmp_path / f"{naam}-bestanden"
    bestanden.mkdir()
    return Omgeving(store, settings, bestanden)


@pytest.fixture
def verse_omgeving(tmp_path: Path) -> Iterator[Callable[[str], Omgeving]]:
    """Makes fresh SQLite stores (each its own data dir); disposed at the end of the test."""
    made: list[Omgeving] = []

    def make(naam: str) -> Omgeving:
        made.append(nieuwe_omgeving(tmp_path, naam))
        return made[-1]

    yield make
    for omgeving in made:
        omgeving.store.dispose()


def csv_tekst(rows: Rows, *, delimiter: str = ";", sep_regel: bool = False) -> str:
    buffer = io.StringIO()
    if sep_regel:
        buffer.write(f"sep={delimiter}\r\n")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else str(cell) for cell in row])
    return buffer.getvalue()


def schrijf_csv(
    pad: Path,
    rows: Rows,
    *,
    encoding: str = "utf-8",
    delimiter: str = ";",
    sep_regel: bool = False,
) -> Path:
    """Write `rows` as a CSV file the way a spreadsheet saves it ('utf-8-sig' writes a BOM,
    'utf-16' a BOM and UTF-16 LE)."""
    pad.write_bytes(csv_tekst(rows, delimiter=delimiter, sep_regel=sep_regel).encode(encoding))
    return pad
