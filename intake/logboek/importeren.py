"""Importing logbook files: each file read, checked and stored in one transaction, or not at all.

Atomic by default: one bad row and nothing of that file is stored; every error is reported with
its file, sheet, row, column and value. With `sla_ongeldig_over` the valid rows are stored and the
invalid ones go to a rejects file with the reason per row. Importing the same rows again adds
nothing (natural keys); a corrected row updates its record; a blank cell keeps the stored value.
Residents and households enter the store only as keyed pseudonyms; a broker is one of the
register (by code or registered name, within their registered dates), never guessed; a cell that
names nobody ('-', 'n.v.t.') is empty. Free text is screened and its hits masked.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.logboek.kolommen import CASUSSEN, INITIATIEVEN, Recordsoort, Soort
from intake.logboek.opslaan import Batchschrijver
from intake.logboek.rapport import (
    Aanvoer,
    Bestandsrapport,
    Fout,
    Importrapport,
    Status,
    vertaal,
)
from intake.logboek.rijen import PROEFRIJEN, Bladfout, Rij, Rijlezer, herken
from intake.logboek.verwijzingen import Broker, Verwijzingen
from intake.logboek.waarden import CellValueError, tekst
from intake.tabular import Sheet, open_tables
from models.domain import InitiatiefStatus
from models.errors import ImportFileError
from models.privacy import Pseudonymiser, Screener, load_key, means_nobody
from models.settings import Settings
from models.store import Store
from models.tables import (
    BekendeNaam,
    Bewonersinitiatief,
    Casus,
    InitiatiefStatusWijziging,
    LogboekImport,
    MakelaarWijk,
    Signaal,
    SocialeActie,
)
from models.upsert import insert_missing

#: SQLite page cache while importing (KiB): room for the natural-key index of a million rows
SQLITE_CACHE_KB = 131_072

#: above this size only sheets with person columns are read ahead for names (_namen_vooraf)
VOORAF_MAX_BYTES = 20 * 1024**2

#: what a folder given to the importer is searched for
SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".json")

ACTIE_VELDEN = (
    "sleutel",
    "datum",
    "makelaar_id",
    "wijk_code",
    "buurt_code",
    "actietype",
    "actietype_anders",
    "partners",
    "partner_organisaties",
    "bereikt",
    "bewoners_organisator",
    "bewoners_deelnemer",
    "doelgroepen",
    "resultaat",
    "uren",
    "notitie",
    "bron",
)
SIGNAAL_VELDEN = (
    "sleutel",
    "datum",
    "makelaar_id",
    "wijk_code",
    "buurt_code",
    "soort",
    "categorie",
    "omschrijving",
    "opvolging",
    "status",
    "melder",
    "bron",
)
CASUS_VELDEN = (
    "sleutel",
    "huishouden",
    "makelaar_id",
    "wijk_code",
    "aangemeld_op",
    "eerste_contact",
    "aanbieders_start",
    "aanbieders_afsluiting",
    "treden",
    "afgesloten_op",
    "afsluiting",
    "tevredenheid",
    "notitie",
    "bron",
)
STANDAARD: dict[str, dict[str, Any]] = {
    "acties": {
        "partners": list,
        "partner_organisaties": list,
        "bereikt": 0,
        "bewoners_organisator": 0,
        "bewoners_deelnemer": 0,
        "doelgroepen": list,
        "uren": 0.0,
    },
    "signalen": {},
    "casussen": {"treden": list},
}

#: an initiative's steps: a later report may not go back (idee → ondersteund → gerealiseerd)
STAP = {
    InitiatiefStatus.IDEE: 0,
    InitiatiefStatus.ONDERSTEUND: 1,
    InitiatiefStatus.NIET_ONDERSTEUND: 1,
    InitiatiefStatus.GEREALISEERD: 2,
    InitiatiefStatus.GESTRAND: 2,
}
EINDE = {
    InitiatiefStatus.GEREALISEERD,
    InitiatiefStatus.NIET_ONDERSTEUND,
    InitiatiefStatus.GESTRAND,
}


class _Bouwer(Protocol):
    def __call__(self, waarden: dict[str, Any], nummer: int) -> None: ...
    def klaar(self) -> None: ...


def _controleer_verwijzingen(refs: Verwijzingen, waarden: dict[str, Any]) -> list[CellValueError]:
    """The wijk, buurt and broker errors of a row that is refused anyway (nothing registered)."""
    found: list[CellValueError] = []
    wijk = None
    if waarden.get("wijk"):
        try:
            wijk = _ref("wijk", refs.wijk, waarden["wijk"])
        except CellValueError as exc:
            found.append(exc)
    if wijk is not None and waarden.get("buurt"):
        try:
            _ref("buurt", refs.buurt, waarden["buurt"], wijk)
        except CellValueError as exc:
            found.append(exc)
    if waarden.get("makelaar"):
        try:
            _ref("makelaar", refs.bekende_makelaar, waarden["makelaar"])
        except CellValueError as exc:
            found.append(exc)
    return found


def _ref(veld: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call a reference lookup; its error is about column `veld`."""
    try:
        return fn(*args)
    except CellValueError as exc:
        exc.veld = veld
        raise


class _Weigering(Exception):
    """Raised inside a file's transaction to roll it back."""


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
                            melding=vertaal(
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


def _sha256(pad: Path) -> str:
    digest = hashlib.sha256()
    with pad.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _sleutel(*parts: object) -> tuple[str, int]:
    """The stored natural key (128 bits as 32 hex) and a 64-bit fingerprint for in-memory checks.

    A short key keeps the unique index small, which is what a million-row import waits on.
    """
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).digest()
    return digest.hex(), int.from_bytes(digest[:8], "big")


class Volgsleutels:
    """Keys for rows without an ID: the n-th identical row of a file gets ordinal n.

    A key is blake2b(base, ordinal); the ordinal is the lowest one whose fingerprint is not in
    `gezien` yet (so a re-import gives every row the key it had). The last ordinal given per base
    is remembered, so n identical rows cost n digests, not n²/2.
    """

    def __init__(self, gezien: set[int]) -> None:
        self.gezien = gezien
        self.digests = 0  # digests computed, for the test that this stays linear
        self._laatste: dict[int, int] = {}  # fingerprint of ordinal 1 → last ordinal given

    def _digest(self, base: str, ordinal: int) -> tuple[str, int]:
        self.digests += 1
        digest = hashlib.blake2b(f"{base}\x1f{ordinal}".encode(), digest_size=16).digest()
        return digest.hex(), int.from_bytes(digest[:8], "big")

    def sleutel(self, base: str) -> str:
        key, first = self._digest(base, 1)
        if first not in self.gezien:
            self.gezien.add(first)
            return key
        # every ordinal up to the last one given is taken (`gezien` only grows)
        ordinal = self._laatste.get(first, 1)
        while True:
            ordinal += 1
            key, fingerprint = self._digest(base, ordinal)
            if fingerprint not in self.gezien:
                self.gezien.add(fingerprint)
                self._laatste[first] = ordinal
                return key


class _Weigeringen:
    """The rejects file: the refused rows as they were, with the reason, written atomically."""

    def __init__(self, pad: Path, map_: Path | None) -> None:
        self.doel = _vrij((map_ or pad.parent) / f"{pad.stem}.geweigerd.csv")
        self._handle: Any = None
        self._writer: Any = None
        self._tmp: str | None = None

    def schrijf(self, sheet: Sheet, rij: Rij, locale: str) -> None:
        if self._writer is None:
            self.doel.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(dir=self.doel.parent, prefix=".geweigerd-")
            self._handle = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._handle, delimiter=";")
            en = locale == "en"
            self._writer.writerow(
                ["Sheet", "Row", "Column", "Value", "Reason"]
                if en
                else ["Blad", "Rij", "Kolom", "Waarde", "Reden"]
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


def _vrij(pad: Path) -> Path:
    """`pad`, or `stem-2.suffix`, ... whichever does not exist yet."""
    candidate = pad
    for n in itertools.count(2):
        if not candidate.exists():
            return candidate
        candidate = pad.with_name(f"{pad.stem}-{n}{pad.suffix}")
    raise AssertionError("unreachable")


@dataclass
class _Bestandsimport:
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

    def __post_init__(self) -> None:
        self.rapport = Bestandsrapport(bestand=self.pad.name, status=Status.INGELEZEN)
        self.volgsleutels = Volgsleutels(self._gezien)

    def run(self) -> Bestandsrapport:
        if not self.pad.is_file():
            return self._geweigerd(
                Fout(
                    bestand=self.pad.name,
                    melding=self._t(
                        f"het bestand bestaat niet ({self.pad}); geef een .xlsx-, .csv- of "
                        ".json-bestand of een map.",
                        f"the file does not exist ({self.pad}); give an .xlsx, .csv or .json "
                        "file or a folder.",
                    ),
                )
            )
        self.rapport.sha256 = _sha256(self.pad)
        weigeringen = _Weigeringen(self.pad, self.weigeringen_map)
        try:
            with self.store.session() as session, _grote_cache(session):
                self._lees(session, weigeringen)
                if self.rapport.aantal_fouten and not self.sla_ongeldig_over:
                    raise _Weigering
                if (
                    self.sla_ongeldig_over
                    and self.rapport.geweigerd
                    and not (
                        self.rapport.nieuw + self.rapport.bijgewerkt + self.rapport.ongewijzigd
                    )
                ):
                    raise _Weigering
                self._afronden(session)
        except _Weigering:
            weigeringen.gooi_weg()
            return self._niets_opgeslagen()
        except ImportFileError as exc:
            weigeringen.gooi_weg()
            self.rapport.voeg_fout_toe(
                Fout(
                    bestand=self.pad.name,
                    blad=exc.sheet,
                    rij=exc.row,
                    kolom=exc.column,
                    waarde=None if exc.value is None else str(exc.value)[:200],
                    melding=str(exc).split(": ", 1)[-1],
                )
            )
            return self._niets_opgeslagen()
        except BaseException:
            weigeringen.gooi_weg()
            raise
        written = weigeringen.sluit()
        if written is not None:
            self.rapport.weigeringen = str(written)
            self.rapport.status = Status.DEELS
        return self.rapport

    def _niets_opgeslagen(self) -> Bestandsrapport:
        """The report of a refused file: every row read counts as refused, nothing as stored."""
        self.rapport.status = Status.GEWEIGERD
        self.rapport.geweigerd = self.rapport.gelezen
        self.rapport.nieuw = self.rapport.bijgewerkt = self.rapport.ongewijzigd = 0
        self.rapport.aanvoer = []
        self.rapport.weigeringen = None
        return self.rapport

    def _geweigerd(self, fout: Fout) -> Bestandsrapport:
        self.rapport.voeg_fout_toe(fout)
        self.rapport.status = Status.GEWEIGERD
        return self.rapport

    def _t(self, nl: str, en: str) -> str:
        return vertaal(self.locale, nl, en)

    # --- reading ----------------------------------------------------------------------------

    def _lees(self, session: Session, weigeringen: _Weigeringen) -> None:
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
                self._lees_blad(session, sheet, soort, lezer, refs, screener, weigeringen)
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
                raise _Weigering
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
            raise _Weigering from exc
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
                            names.update(_naamdelen(c))
        return names

    def _lees_blad(
        self,
        session: Session,
        sheet: Sheet,
        soort: Recordsoort,
        lezer: Rijlezer,
        refs: Verwijzingen,
        screener: Screener,
        weigeringen: _Weigeringen,
    ) -> None:
        rows: Iterator[tuple[int, list[Any]]] = sheet.rows
        proef = list(itertools.islice(rows, PROEFRIJEN))
        if (fout := lezer.bepaal_stijl(proef)) is not None:
            self.rapport.voeg_fout_toe(fout)
            raise _Weigering
        bouw = self._bouwer(session, soort, refs, screener)
        gelezen = geweigerd = 0
        try:
            for nummer, cells in itertools.chain(proef, rows):
                gelezen += 1
                geweigerd += self._rij(
                    lezer, lezer.lees(nummer, cells), bouw, refs, sheet, weigeringen
                )
        finally:
            self.rapport.gelezen += gelezen
            self.rapport.geweigerd += geweigerd
        bouw.klaar()

    def _rij(
        self,
        lezer: Rijlezer,
        rij: Rij,
        bouw: _Bouwer,
        refs: Verwijzingen,
        sheet: Sheet,
        weigeringen: _Weigeringen,
    ) -> int:
        """Store one row read, or report it; 1 when it was refused."""
        nummer = rij.nummer
        if rij.waarden is not None:
            try:
                bouw(rij.waarden, nummer)
            except CellValueError as exc:
                rij.fouten.append(self._fout_bij(lezer, rij, exc))
            except _Rijfout as exc:
                rij.fouten.append(
                    lezer._fout(nummer, lezer.kop(exc.veld), exc.waarde, self._t(exc.nl, exc.en))
                )
        elif rij.deels:
            rij.fouten += [
                self._fout_bij(lezer, rij, exc) for exc in _controleer_verwijzingen(refs, rij.deels)
            ]
        if not rij.fouten:
            return 0
        for fout in rij.fouten:
            self.rapport.voeg_fout_toe(fout)
        if self.sla_ongeldig_over:
            weigeringen.schrijf(sheet, rij, self.locale)
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
    ) -> _Bouwer:
        if soort is INITIATIEVEN:
            return _Initiatiefbouwer(self, session, refs, screener)
        return _Recordbouwer(self, session, soort, refs, screener)

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
        for naam in _naamdelen(value):
            self._naamhashes |= self.pseudonymiser.name_token_hashes(naam)
        return self.pseudonymiser.pseudonym(soort, value)

    def _afronden(self, session: Session) -> None:
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


_DELEN = re.compile(r"[,;/\n]")


def _naamdelen(value: str) -> list[str]:
    """The parts of a person cell that look like names: 'Fam. Yilmaz, Kanaalstraat 12' → the
    family name, not the address or a file number (parts with digits or '@' are no names)."""
    return [
        part.strip()
        for part in _DELEN.split(value)
        if part.strip() and not any(c.isdigit() for c in part) and "@" not in part
    ]


class _Rijfout(Exception):
    def __init__(self, veld: str, waarde: str | None, nl: str, en: str) -> None:
        super().__init__(nl)
        self.veld, self.waarde, self.nl, self.en = veld, waarde, nl, en


class _Recordbouwer:
    """Sociale acties, signalen and casussen: a stored row per logbook row, written in batches."""

    def __init__(
        self,
        imp: _Bestandsimport,
        session: Session,
        soort: Recordsoort,
        refs: Verwijzingen,
        screener: Screener,
    ) -> None:
        self.imp, self.soort, self.refs, self.screener = imp, soort, refs, screener
        table, velden = {
            "acties": (SocialeActie.__table__, ACTIE_VELDEN),
            "signalen": (Signaal.__table__, SIGNAAL_VELDEN),
            "casussen": (Casus.__table__, CASUS_VELDEN),
        }[soort.naam]
        self.schrijver = Batchschrijver(session, table, velden, STANDAARD[soort.naam])  # type: ignore[arg-type]
        self.velden = velden
        self.vrij = [k.veld for k in soort.kolommen if k.soort is Soort.VRIJE_TEKST]
        self.bron = imp.pad.name[:200]
        self._gekoppeld: set[tuple[str, str]] = set()  # (broker cell, wijk) of good rows
        # a row's date must lie in its broker's registered period (a case spans a longer time)
        self._datumveld = None if soort is CASUSSEN else "datum"
        self._delen = [v for v in soort.sleutelvelden if v != "wijk"]

    def __call__(self, waarden: dict[str, Any], nummer: int) -> None:
        imp, refs = self.imp, self.refs
        wijk = refs._cache_wijk.get(waarden["wijk"]) or _ref("wijk", refs.wijk, waarden["wijk"])
        record = dict(waarden)
        if "buurt" in record:
            buurt = record.pop("buurt")
            record["buurt_code"] = _ref("buurt", refs.buurt, buurt, wijk) if buurt else None
        broker = _ref("makelaar", refs.bekende_makelaar, waarden["makelaar"])
        if self._datumveld is not None:
            _ref(self._datumveld, refs.in_dienst, broker, waarden[self._datumveld])
        record["wijk_code"] = wijk
        record["sleutel"] = self._sleutel(record, broker.code, nummer)
        # A broker is linked to the wijk (and a typed name learnt) once the row is known good.
        if (waarden["makelaar"], wijk) not in self._gekoppeld:
            imp._koppel(refs, self.screener, waarden["makelaar"], wijk)
            self._gekoppeld.add((waarden["makelaar"], wijk))
        record["makelaar_id"] = broker.id
        for veld in self.vrij:
            record[veld] = imp._scherm(self.screener, record[veld])
        if record.get("actietype_anders"):
            record["actietype_anders"] = imp._scherm(self.screener, record["actietype_anders"])
        if self.soort is CASUSSEN:
            record["huishouden"] = imp._persoon("huishouden", record["huishouden"])
        record["bron"] = self.bron
        self.schrijver.voeg_toe(record)  # extra keys (id, wijk, makelaar) are not written
        imp._aanvoer[(self.soort.naam, broker.code, wijk)] += 1

    def _sleutel(self, record: dict[str, Any], makelaar: str, nummer: int) -> str:
        naam = self.soort.naam
        if record.get("id"):
            key, fingerprint = _sleutel(naam, "id", makelaar, record["id"])
            if fingerprint in self.imp._gezien:
                raise _Rijfout(
                    "id",
                    record["id"],
                    f"ID {record['id']} van makelaar {makelaar} staat al eerder in dit bestand.",
                    f"ID {record['id']} of broker {makelaar} already occurs earlier in this file.",
                )
            self.imp._gezien.add(fingerprint)
            return key
        if self.soort is CASUSSEN:
            household = self.imp.pseudonymiser.pseudonym("huishouden", record["huishouden"])
            key, fingerprint = _sleutel(naam, household, record["aangemeld_op"])
            if fingerprint in self.imp._gezien:
                raise _Rijfout(
                    "huishouden",
                    None,
                    "dit huishouden staat met dezelfde datum aanmelding al eerder in dit bestand; "
                    "één rij per casus.",
                    "this household with the same date of request already occurs earlier in "
                    "this file; one row per case.",
                )
            self.imp._gezien.add(fingerprint)
            return key
        base = "\x1f".join(
            [naam, makelaar, record["wijk_code"], *(str(record[v]) for v in self._delen)]
        )
        return self.imp.volgsleutels.sleutel(base)

    def klaar(self) -> None:
        self.schrijver.schrijf()
        telling = self.schrijver.telling
        self.imp.rapport.nieuw += telling.nieuw
        self.imp.rapport.bijgewerkt += telling.bijgewerkt
        self.imp.rapport.ongewijzigd += telling.ongewijzigd


class _Initiatiefbouwer:
    """Bewonersinitiatieven: each row a step in an initiative's life cycle, applied in order."""

    def __init__(
        self, imp: _Bestandsimport, session: Session, refs: Verwijzingen, screener: Screener
    ) -> None:
        self.imp, self.session, self.refs, self.screener = imp, session, refs, screener
        self.bron = imp.pad.name[:200]
        self.nieuw: set[int] = set()
        self._voor: dict[int, tuple[Any, ...]] = {}

    def __call__(self, waarden: dict[str, Any], nummer: int) -> None:
        imp, refs = self.imp, self.refs
        wijk = _ref("wijk", refs.wijk, waarden["wijk"])
        if waarden["makelaar"] is not None:
            geregistreerd = _ref("makelaar", refs.bekende_makelaar, waarden["makelaar"])
            _ref("datum", refs.in_dienst, geregistreerd, waarden["datum"])
        buurt = _ref("buurt", refs.buurt, waarden["buurt"], wijk) if waarden["buurt"] else None
        status: InitiatiefStatus = waarden["status"]
        datum: dt.date = waarden["datum"]
        if waarden["id"]:
            sleutel, _ = _sleutel("initiatieven", "id", wijk, waarden["id"])
        else:
            titel_sleutel = " ".join(waarden["titel"].casefold().split())
            sleutel, _ = _sleutel("initiatieven", wijk, titel_sleutel)
        reden = imp._scherm(self.screener, waarden["reden"])
        titel = imp._scherm(self.screener, waarden["titel"]) or waarden["titel"]
        record = self.session.scalars(
            select(Bewonersinitiatief).where(Bewonersinitiatief.sleutel == sleutel)
        ).one_or_none()
        if record is not None and datum >= record.bijgewerkt_op:
            self._controleer_stap(record.status, record.bijgewerkt_op, status, datum)
        broker = None
        if waarden["makelaar"] is not None:
            broker = imp._koppel(refs, self.screener, waarden["makelaar"], wijk)
        if record is None:
            record = Bewonersinitiatief(
                sleutel=sleutel,
                titel=titel,
                wijk_code=wijk,
                status=status,
                reden=reden,
                bewoners_betrokken=waarden["bewoners_betrokken"] or 0,
                gestart_op=waarden["gestart_op"] or datum,
                bijgewerkt_op=datum,
                bron=self.bron,
            )
            self.session.add(record)
            self.session.flush()
            self.nieuw.add(record.id)
        else:
            if record.id not in self._voor:
                self._voor[record.id] = self._stand(record)
            if datum >= record.bijgewerkt_op:
                record.status, record.bijgewerkt_op = status, datum
                if reden:
                    record.reden = reden
            elif reden and record.status == status:
                record.reden = record.reden or reden
            started = waarden["gestart_op"] or datum
            if started < record.gestart_op:
                record.gestart_op = started
        record.titel = titel
        record.wijk_code = wijk
        if buurt is not None:
            record.buurt_code = buurt
        if broker is not None:
            record.makelaar_id = broker.id
        if waarden["ondersteuning"]:
            record.ondersteuning = imp._scherm(self.screener, waarden["ondersteuning"])
        if waarden["bewoners_betrokken"] is not None:
            record.bewoners_betrokken = waarden["bewoners_betrokken"]
        if waarden["contactpersoon"] is not None:
            record.contactpersoon = imp._persoon("persoon", waarden["contactpersoon"])
        self.session.flush()
        insert_missing(
            self.session,
            InitiatiefStatusWijziging.__table__,  # type: ignore[arg-type]  # a Table at runtime
            [
                {
                    "initiatief_id": record.id,
                    "status": status,
                    "datum": datum,
                    "reden": reden,
                    "bron": self.bron,
                }
            ],
            key=("initiatief_id", "status"),
        )
        imp._aanvoer[("initiatieven", broker.code if broker else "-", wijk)] += 1

    def _controleer_stap(
        self, oud: InitiatiefStatus, oud_datum: dt.date, nieuw: InitiatiefStatus, datum: dt.date
    ) -> None:
        if oud == nieuw:
            return
        if oud in EINDE or STAP[nieuw] < STAP[oud]:
            raise _Rijfout(
                "status",
                nieuw.value,
                f"het initiatief stond op {oud_datum:%d-%m-%Y} al op '{oud.value}'; daarna kan "
                f"het niet '{nieuw.value}' worden (de levensloop is idee → ondersteund → "
                "gerealiseerd, of niet ondersteund / gestrand). Klopt de datum?",
                f"the initiative was already '{oud.value}' on {oud_datum:%d-%m-%Y}; it cannot "
                f"become '{nieuw.value}' after that (idea → supported → realised, or not "
                "supported / stranded). Is the date right?",
            )

    @staticmethod
    def _stand(record: Bewonersinitiatief) -> tuple[Any, ...]:
        return (
            record.titel,
            record.wijk_code,
            record.buurt_code,
            record.makelaar_id,
            record.status,
            record.reden,
            record.ondersteuning,
            record.bewoners_betrokken,
            record.contactpersoon,
            record.gestart_op,
            record.bijgewerkt_op,
        )

    def klaar(self) -> None:
        self.session.flush()
        rapport = self.imp.rapport
        rapport.nieuw += len(self.nieuw)
        for initiatief_id, voor in self._voor.items():
            if initiatief_id in self.nieuw:
                continue
            record = self.session.get(Bewonersinitiatief, initiatief_id)
            assert record is not None
            if self._stand(record) != voor:
                rapport.bijgewerkt += 1
            else:
                rapport.ongewijzigd += 1
