"""Importing logbook files: each file read, checked and stored in one transaction, or not at all.

Atomic by default: one bad row and nothing of that file is stored; every error is reported with
its file, sheet, row, column and value. With `sla_ongeldig_over` the valid rows are stored and the
invalid ones go to a rejects file with the reason per row. Importing the same rows again adds
nothing (natural keys); a corrected row updates its record; a blank cell keeps the stored value.
Residents and households enter the store only as keyed pseudonyms; a broker is one of the
register (by code or registered name, within their registered dates), never guessed; a cell that
names nobody ('-', 'n.v.t.') is empty. Free text is screened and its hits masked.

The steps (file checked, one transaction, refused as a whole or stored, the report) are the
shared skeleton's (intake.importeur.Bestandsimport); the logbook plugs in its column spec and row
reader (kolommen, rijen), its store step (bouwers, opslaan) and its rejects file.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.intake.importeur import Bestandsimport, Fout, Status, Weigering, weigeringspad
from makelaar.intake.logboek.bouwers import (
    Bouwer,
    Initiatiefbouwer,
    Recordbouwer,
    Rijfout,
    Volgsleutels,
    controleer_verwijzingen,
    naamdelen,
)
from makelaar.intake.logboek.kolommen import INITIATIEVEN, Recordsoort, Soort
from makelaar.intake.logboek.rapport import Aanvoer, Bestandsrapport, Importrapport
from makelaar.intake.logboek.rijen import PROEFRIJEN, Bladfout, Rij, Rijlezer, herken
from makelaar.intake.logboek.verwijzingen import Broker, Verwijzingen
from makelaar.intake.logboek.waarden import CellValueError, tekst
from makelaar.intake.tabular import Sheet, open_tables
from makelaar.models.privacy import Pseudonymiser, Screener, load_key, means_nobody
from makelaar.models.settings import Settings
from makelaar.models.sleutelcontrole import controleer_sleutel
from makelaar.models.store import Store
from makelaar.models.taal import in_taal
from makelaar.models.tables import BekendeNaam, LogboekImport, MakelaarWijk
from makelaar.models.upsert import insert_missing

__all__ = ["bestanden", "importeer"]

#: SQLite page cache while importing (KiB): room for the natural-key index of a million rows
SQLITE_CACHE_KB = 131_072

#: above this size only sheets with person columns are read ahead for names (_namen_vooraf)
VOORAF_MAX_BYTES = 20 * 1024**2

#: what a folder given to the importer is searched for
SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".json")


@contextmanager
def _grote_cache(session: Session) -> Iterator[None]:
    """On SQLite, a page cache large enough for the natural-key index while the file imports.

    A large file inserts keys in random order into the unique index on `sleutel`; with SQLite's
    default page cache (2 MB) that becomes disk-bound. The pooled connection gets the default back.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    raw = session.connection().connection
    cursor = raw.cursor()
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KB}")
    try:
        yield
    finally:
        cursor.execute("PRAGMA cache_size=-2000")
        cursor.close()


def bestanden(paden: Iterable[Path]) -> list[Path]:
    """The files to import: files as given, folders' importable files (sorted, no temp files)."""
    result: list[Path] = []
    for pad in paden:
        if pad.is_dir():
            result.extend(
                sorted(
                    p
                    for p in pad.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in SUFFIXES
                    and not p.name.startswith(("~$", ".", ".~lock"))
                )
            )
        else:
            result.append(pad)
    return result


def importeer(
    store: Store,
    settings: Settings,
    paden: Sequence[Path],
    *,
    sla_ongeldig_over: bool = False,
    gemeente: str | None = None,
    weigeringen_map: Path | None = None,
    vandaag: dt.date | None = None,
) -> Importrapport:
    """Import each file in its own transaction; a refused file is in the report, never raised.

    Raises MakelaarError only for what is not about one file (no wijken known, bad key setting).
    """
    key, _, _ = load_key(settings)
    controleer_sleutel(store, key, settings.locale)  # one key per database
    pseudonymiser = Pseudonymiser(key)
    rapport = Importrapport(modus="sla_ongeldig_over" if sla_ongeldig_over else "atomair")
    for pad in paden:
        if pad.is_dir() and not bestanden([pad]):
            rapport.bestanden.append(
                Bestandsrapport(
                    bestand=pad.name,
                    status=Status.GEWEIGERD,
                    aantal_fouten=1,
                    fouten=[
                        Fout(
                            bestand=pad.name,
                            melding=in_taal(
                                settings.locale,
                                "de map bevat geen bestanden om in te lezen; verwacht .xlsx-, "
                                ".csv- of .json-bestanden (een .xls- of .ods-bestand: sla het op "
                                "als .xlsx).",
                                "the folder holds no files to import; expected .xlsx, .csv or "
                                ".json files (save .xls or .ods files as .xlsx).",
                            ),
                        )
                    ],
                )
            )
    for pad in bestanden(paden):
        importer = _Bestandsimport(
            store=store,
            pad=pad,
            pseudonymiser=pseudonymiser,
            locale=settings.locale,
            sla_ongeldig_over=sla_ongeldig_over,
            gemeente=gemeente,
            weigeringen_map=weigeringen_map,
            vandaag=vandaag or dt.date.today(),
        )
        rapport.bestanden.append(importer.run())
    return rapport


class _Weigeringen:
    """The rejects file: the refused rows as they were, with the reason, written atomically."""

    def __init__(self, pad: Path, map_: Path | None) -> None:
        self.doel = weigeringspad(pad, map_)
        self._handle: Any = None
        self._writer: Any = None
        self._tmp: str | None = None

    def schrijf(self, sheet: Sheet, rij: Rij, locale: str) -> None:
        if self._writer is None:
            self.doel.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(dir=self.doel.parent, prefix=".geweigerd-")
            self._handle = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._handle, delimiter=";")
            self._writer.writerow(
                in_taal(
                    locale,
                    ["Blad", "Rij", "Kolom", "Waarde", "Reden"],
                    ["Sheet", "Row", "Column", "Value", "Reason"],
                )
            )
        for fout in rij.fouten:
            self._writer.writerow(
                [
                    sheet.name or "",
                    rij.nummer,
                    fout.kolom or "",
                    fout.waarde or "",
                    fout.melding,
                    *(f"{h}={tekst(c)}" for h, c in zip(sheet.header, rij.cellen, strict=False)),
                ]
            )

    def sluit(self) -> Path | None:
        if self._handle is None or self._tmp is None:
            return None
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self._tmp, self.doel)
        return self.doel

    def gooi_weg(self) -> None:
        if self._handle is not None and self._tmp is not None:
            self._handle.close()
            Path(self._tmp).unlink(missing_ok=True)


@dataclass
class _Bestandsimport(Bestandsimport[Bestandsrapport]):
    """One logbook file: the skeleton's steps with the logbook's reader, builders and rejects."""

    store: Store
    pad: Path
    pseudonymiser: Pseudonymiser
    locale: str
    sla_ongeldig_over: bool
    gemeente: str | None
    weigeringen_map: Path | None
    vandaag: dt.date
    rapport: Bestandsrapport = field(init=False)
    volgsleutels: Volgsleutels = field(init=False)
    _aanvoer: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    _gemaskeerd: Counter[str] = field(default_factory=Counter)
    _naamhashes: set[str] = field(default_factory=set)
    _gezien: set[int] = field(default_factory=set)
    _pseudoniemen: int = 0
    _wijknamen: dict[str, str] = field(default_factory=dict)
    _weigeringen: _Weigeringen = field(init=False)

    def __post_init__(self) -> None:
        self.rapport = Bestandsrapport(bestand=self.pad.name, status=Status.INGELEZEN)
        self.volgsleutels = Volgsleutels(self._gezien)
        self._weigeringen = _Weigeringen(self.pad, self.weigeringen_map)

    def ontbreekt(self) -> str | None:
        if self.pad.is_file():
            return None
        return self._t(
            f"het bestand bestaat niet ({self.pad}); geef een .xlsx-, .csv- of .json-bestand of "
            "een map.",
            f"the file does not exist ({self.pad}); give an .xlsx, .csv or .json file or a folder.",
        )

    def omgeving(self, session: Session) -> AbstractContextManager[None]:
        return _grote_cache(session)

    def schrijf_weigeringen(self) -> Path | None:
        return self._weigeringen.sluit()

    def gooi_weg(self) -> None:
        self._weigeringen.gooi_weg()

    # --- reading ----------------------------------------------------------------------------

    def lees(self, session: Session) -> None:
        refs = Verwijzingen.laad(session, self.pseudonymiser, self.gemeente)
        screener = Screener(
            self.pseudonymiser, known_name_hashes=session.scalars(select(BekendeNaam.hash)).all()
        )
        screener.add_names(self._namen_vooraf(refs))
        with open_tables(self.pad) as sheets:
            if sheets and sheets[0].encoding:
                self.rapport.encoding = sheets[0].encoding
                self.rapport.scheidingsteken = sheets[0].delimiter
            read_any = False
            for sheet in sheets:
                soort_en_lezer = self._herken(sheet)
                if soort_en_lezer is None:
                    continue
                soort, lezer = soort_en_lezer
                read_any = True
                self.rapport.bladen[sheet.name or ""] = soort.naam
                self._lees_blad(session, sheet, soort, lezer, refs, screener)
            if not read_any:
                self.rapport.voeg_fout_toe(
                    Fout(
                        bestand=self.pad.name,
                        melding=self._t(
                            "het bestand bevat geen logboekgegevens (geen blad met sociale "
                            "acties, signalen, bewonersinitiatieven of casussen).",
                            "the file holds no logbook records (no sheet of social actions, "
                            "signals, resident initiatives or cases).",
                        ),
                    )
                )
                raise Weigering
        insert_missing(
            session,
            MakelaarWijk.__table__,  # type: ignore[arg-type]  # a Table at runtime
            [{"makelaar_id": m, "wijk_code": w} for m, w in sorted(refs.koppelingen)],
            key=("makelaar_id", "wijk_code"),
        )
        self._wijknamen = refs.wijk_naam

    def _herken(self, sheet: Sheet, *, stil: bool = False) -> tuple[Recordsoort, Rijlezer] | None:
        try:
            soort = herken(sheet, self.locale)
            if soort is None:
                return None
            waarschuwingen = self.rapport.waarschuwingen
            lezer = Rijlezer(
                sheet,
                soort,
                locale=self.locale,
                vandaag=self.vandaag,
                waarschuw=(lambda _: None) if stil else waarschuwingen.append,
            )
        except Bladfout as exc:
            self.rapport.voeg_fout_toe(exc.fout)
            raise Weigering from exc
        return soort, lezer

    def _namen_vooraf(self, refs: Verwijzingen) -> set[str]:
        """Names in the file's person and broker columns, so notes above them are masked too.

        A first, reading-only pass. In a large file (over VOORAF_MAX_BYTES for CSV, a tenth of
        that for compressed XLSX) only sheets with person columns are read ahead; brokers' names
        there are learnt row by row instead (a name is masked from its first row on).
        """
        limit = (
            VOORAF_MAX_BYTES
            if self.pad.suffix.lower() in (".csv", ".tsv")
            else (VOORAF_MAX_BYTES // 10)
        )
        groot = self.pad.stat().st_size > limit
        names: set[str] = set()
        with open_tables(self.pad) as sheets:
            for sheet in sheets:
                found = self._herken(sheet, stil=True)
                if found is None:
                    continue
                soort, lezer = found
                if groot and not any(k.soort is Soort.PERSOON for k in soort.kolommen):
                    continue
                columns = [
                    p.index
                    for p in lezer.plaatsen.values()
                    if p.kolom.soort in (Soort.PERSOON, Soort.MAKELAAR)
                ]
                for _, cells in sheet.rows:
                    for i in columns:
                        if (
                            i < len(cells)
                            and isinstance(c := cells[i], str)
                            and not means_nobody(c)
                            and not refs.is_makelaarcode(c)
                        ):
                            names.update(naamdelen(c))
        return names

    def _lees_blad(
        self,
        session: Session,
        sheet: Sheet,
        soort: Recordsoort,
        lezer: Rijlezer,
        refs: Verwijzingen,
        screener: Screener,
    ) -> None:
        rows: Iterator[tuple[int, list[Any]]] = sheet.rows
        proef = list(itertools.islice(rows, PROEFRIJEN))
        if (fout := lezer.bepaal_stijl(proef)) is not None:
            self.rapport.voeg_fout_toe(fout)
            raise Weigering
        bouw = self._bouwer(session, soort, refs, screener)
        gelezen = geweigerd = 0
        try:
            for nummer, cells in itertools.chain(proef, rows):
                gelezen += 1
                geweigerd += self._rij(lezer, lezer.lees(nummer, cells), bouw, refs, sheet)
        finally:
            self.rapport.gelezen += gelezen
            self.rapport.geweigerd += geweigerd
        bouw.klaar()

    def _rij(
        self,
        lezer: Rijlezer,
        rij: Rij,
        bouw: Bouwer,
        refs: Verwijzingen,
        sheet: Sheet,
    ) -> int:
        """Store one row read, or report it; 1 when it was refused."""
        nummer = rij.nummer
        if rij.waarden is not None:
            try:
                bouw(rij.waarden, nummer)
            except CellValueError as exc:
                rij.fouten.append(self._fout_bij(lezer, rij, exc))
            except Rijfout as exc:
                rij.fouten.append(
                    lezer._fout(nummer, lezer.kop(exc.veld), exc.waarde, self._t(exc.nl, exc.en))
                )
        elif rij.deels:
            rij.fouten += [
                self._fout_bij(lezer, rij, exc) for exc in controleer_verwijzingen(refs, rij.deels)
            ]
        if not rij.fouten:
            return 0
        for fout in rij.fouten:
            self.rapport.voeg_fout_toe(fout)
        if self.sla_ongeldig_over:
            self._weigeringen.schrijf(sheet, rij, self.locale)
        return 1

    def _fout_bij(self, lezer: Rijlezer, rij: Rij, exc: CellValueError) -> Fout:
        veld = exc.veld or "wijk"  # reference lookups always name their field
        plaats = lezer.plaatsen.get(veld)
        waarde = (
            tekst(rij.cellen[plaats.index]) if plaats and plaats.index < len(rij.cellen) else None
        )
        return lezer._fout(rij.nummer, lezer.kop(veld), waarde, exc.melding(self.locale))

    # --- building records ---------------------------------------------------------------------

    def _bouwer(
        self, session: Session, soort: Recordsoort, refs: Verwijzingen, screener: Screener
    ) -> Bouwer:
        if soort is INITIATIEVEN:
            return Initiatiefbouwer(self, session, refs, screener)
        return Recordbouwer(self, session, soort, refs, screener)

    def _koppel(self, refs: Verwijzingen, screener: Screener, value: str, wijk: str) -> Broker:
        """The broker of a good row, linked to its wijk; a name typed for the code is screened."""
        broker, name = refs.makelaar(value, wijk)
        if name is not None:
            screener.add_names([name])
            self._naamhashes |= self.pseudonymiser.name_token_hashes(name)
        return broker

    def _scherm(self, screener: Screener, text: str | None) -> str | None:
        if not text:
            return text
        screened = screener.screen(text)
        if screened.hits:
            self._gemaskeerd.update(screened.hits)
        return screened.text

    def _persoon(self, soort: str, value: str | None) -> str | None:
        if value is None:
            return None
        self._pseudoniemen += 1
        for naam in naamdelen(value):
            self._naamhashes |= self.pseudonymiser.name_token_hashes(naam)
        return self.pseudonymiser.pseudonym(soort, value)

    def rond_af(self, session: Session) -> None:
        if self._naamhashes:
            insert_missing(
                session,
                BekendeNaam.__table__,  # type: ignore[arg-type]  # a Table at runtime
                [{"hash": h} for h in sorted(self._naamhashes)],
                key=("hash",),
            )
        self.rapport.gemaskeerd = dict(self._gemaskeerd)
        self.rapport.pseudoniemen = self._pseudoniemen
        self.rapport.aanvoer = [
            Aanvoer(soort=s, makelaar=m, wijk=self._wijknamen.get(w, w), aantal=n)
            for (s, m, w), n in sorted(self._aanvoer.items())
        ]
        session.add(
            LogboekImport(
                bestand=self.pad.name[:300],
                sha256=self.rapport.sha256 or "",
                modus="sla_ongeldig_over" if self.sla_ongeldig_over else "atomair",
                gelezen=self.rapport.gelezen,
                nieuw=self.rapport.nieuw,
                bijgewerkt=self.rapport.bijgewerkt,
                ongewijzigd=self.rapport.ongewijzigd,
                geweigerd=self.rapport.geweigerd,
                rapport=self.rapport.model_dump(mode="json", exclude={"fouten", "aanvoer"}),
            )
        )
