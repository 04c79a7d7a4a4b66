"""One skeleton for every import that refuses and reports: the logbook, Kobo/ODK responses, the
brokers' register, and contact lists (refused with every error, in the caller's transaction).

The steps are the same for each of them, and live here once (`Bestandsimport.run`):

1. the file must exist (else the report says so and nothing is read);
2. its sha256 goes in the report;
3. in one transaction the importer's own `lees` opens the file's tables (intake/tabular.py), maps
   the headers to its columns (intake.kolomnamen for a plain alias table), reads each row into values
   or errors and stores the good ones;
4. errors refuse the whole file: the transaction is rolled back and nothing is half-written. Only
   when the importer skips invalid rows (`sla_ongeldig_over`) are the valid ones kept, and even
   then a file of which nothing could be stored is refused;
5. the report: counts (new, already there, refused) and every error as a `Fout` with its file,
   sheet, row, column, the value as typed and what would be valid, at most MAX_FOUTEN of them.

An importer plugs in its column spec and row reader (`lees`), its store step (`rond_af`), its
rejects file (`schrijf_weigeringen`, `gooi_weg`) and its report, a subclass of `Rapport`.
"""

from __future__ import annotations

import hashlib
import itertools
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from makelaar.models.errors import ImportFileError, bestandsplaats
from makelaar.models.store import Store
from makelaar.models.taal import Catalogus, catalogus, in_taal, vertaal

__all__ = [
    "MAX_FOUTEN",
    "TOON_FOUTEN",
    "BestandGeweigerd",
    "Bestandsimport",
    "Fout",
    "Rapport",
    "Status",
    "Weigering",
    "fout_uit",
    "sha256",
    "vrij",
    "weigeringspad",
]


#: at most this many errors are kept per file; the count says how many there were in all
MAX_FOUTEN = 1000


class Fout(BaseModel):
    """One thing wrong in a file: where, the value as typed, and what would be valid."""

    bestand: str
    blad: str | None = None
    rij: int | None = None
    kolom: str | None = None
    waarde: str | None = None
    melding: str  # what is wrong and what would be valid, in the user's language

    def plaats(self, locale: str = "nl") -> str:
        return bestandsplaats(locale, self.bestand, self.blad, self.rij, self.kolom)

    def tekst(self, locale: str = "nl") -> str:
        return f"{self.plaats(locale)}: {self.melding}"


class Status(StrEnum):
    INGELEZEN = "ingelezen"  # every row stored (or already there)
    DEELS = "deels"  # --sla-ongeldig-over: valid rows stored, invalid ones in the rejects file
    GEWEIGERD = "geweigerd"  # nothing stored


def fout_uit(exc: ImportFileError, bestand: str, locale: str = "nl") -> Fout:
    """A file-level refusal (no such sheet, no header, ...) as the report's error, in `locale`."""
    return Fout(
        bestand=bestand,
        blad=exc.sheet,
        rij=exc.row,
        kolom=exc.column,
        waarde=None if exc.value is None else str(exc.value)[:200],
        melding=exc.melding(locale),
    )


class Rapport(BaseModel):
    """What importing one file did: the counts every importer keeps, and its errors.

    An importer's report adds its own counts (updated, already present, conflicts, ...) and says
    which of them are rows stored or already there (`opgeslagen`).
    """

    bestand: str
    sha256: str | None = None
    status: Status = Status.INGELEZEN
    gelezen: int = 0  # data rows read
    nieuw: int = 0
    geweigerd: int = 0  # rows refused (skipping invalid rows) or, when refused, all rows read
    aantal_fouten: int = 0
    fouten: list[Fout] = Field(default_factory=list)  # the first MAX_FOUTEN
    waarschuwingen: list[str] = Field(default_factory=list)
    weigeringen: str | None = None  # path of the rejects file, when one was written
    encoding: str | None = None
    scheidingsteken: str | None = None

    def voeg_fout_toe(self, fout: Fout) -> None:
        self.aantal_fouten += 1
        if len(self.fouten) < MAX_FOUTEN:
            self.fouten.append(fout)

    @property
    def opgeslagen(self) -> int:
        """Rows stored or found already stored."""
        return self.nieuw

    def niets_opgeslagen(self) -> None:
        """A refused file: every row read counts as refused, nothing as stored."""
        self.status = Status.GEWEIGERD
        self.geweigerd = self.gelezen
        self.nieuw = 0
        self.weigeringen = None


#: a refused file's error names its first error; this many more follow it, one per line
TOON_FOUTEN = 20

MEER: Catalogus = catalogus(
    "importfouten",
    {
        "meer": {
            "nl": "{aantal} fouten in het bestand; er is niets opgeslagen. Ook:",
            "en": "{aantal} errors in the file; nothing was stored. Also:",
        },
        "rest": {"nl": "... en nog {aantal}", "en": "... and {aantal} more"},
    },
)


class BestandGeweigerd(ImportFileError):
    """A file refused with every error in it, raised where the caller owns the transaction.

    A contact list is read inside the transaction that stores the invitations, so refusing it
    means raising (the caller's transaction rolls back). The error still reports like the
    skeleton: where the first error is, and the others after it (at most TOON_FOUTEN lines).
    The errors' own messages are in `locale`, the language they were found in, and so is
    str(error); what is put around them (the places, the count) is in both languages, as for
    any ImportFileError (`tekst(taal)`).
    """

    def __init__(self, rapport: Rapport, locale: str = "nl") -> None:
        eerste = rapport.fouten[0]

        def tekst(taal: str) -> str:
            regels = [eerste.melding]
            if rapport.aantal_fouten > 1:
                regels.append(vertaal(MEER, "meer", taal, aantal=rapport.aantal_fouten))
                getoond = rapport.fouten[1 : 1 + TOON_FOUTEN]
                regels += [f"  - {fout.plaats(taal)}: {fout.melding}" for fout in getoond]
                if (rest := rapport.aantal_fouten - 1 - len(getoond)) > 0:
                    regels.append("  " + vertaal(MEER, "rest", taal, aantal=rest))
            return "\n".join(regels)

        super().__init__(
            tekst("nl"),
            tekst("en"),
            file=eerste.bestand,
            sheet=eerste.blad,
            row=eerste.rij,
            column=eerste.kolom,
            value=eerste.waarde,
        )
        self.args = (self.tekst(locale),)
        self.rapport = rapport


class Weigering(Exception):
    """Raised inside a file's transaction to roll it back; the reason is in the report."""


R = TypeVar("R", bound=Rapport)


class Bestandsimport(ABC, Generic[R]):
    """One file's import: the steps of the module docstring, with the importer's own parts.

    A subclass sets `store`, `pad`, `locale`, `sla_ongeldig_over` and `rapport` (a dataclass
    does) and implements `lees`; the other steps have defaults.
    """

    store: Store
    pad: Path
    locale: str
    sla_ongeldig_over: bool
    rapport: R

    def run(self) -> R:
        """Import the file; a refused file is in the report, never raised."""
        if (melding := self.ontbreekt()) is not None:
            self.rapport.voeg_fout_toe(Fout(bestand=self.pad.name, melding=melding))
            self.rapport.niets_opgeslagen()
            return self.rapport
        if self.pad.is_file():
            self.rapport.sha256 = sha256(self.pad)
        try:
            with self.store.session() as session, self.omgeving(session):
                self.lees(session)
                rapport = self.rapport
                if rapport.aantal_fouten and not self.sla_ongeldig_over:
                    raise Weigering
                if self.sla_ongeldig_over and rapport.geweigerd and not rapport.opgeslagen:
                    raise Weigering
                self.rond_af(session)
        except Weigering:
            self.gooi_weg()
            self.rapport.niets_opgeslagen()
            return self.rapport
        except ImportFileError as exc:
            self.gooi_weg()
            self.rapport.voeg_fout_toe(fout_uit(exc, self.pad.name, self.locale))
            self.rapport.niets_opgeslagen()
            return self.rapport
        except BaseException:
            self.gooi_weg()
            raise
        written = self.schrijf_weigeringen()
        if written is not None:
            self.rapport.weigeringen = str(written)
            self.rapport.status = Status.DEELS
        return self.rapport

    def _t(self, nl: str, en: str) -> str:
        return in_taal(self.locale, nl, en)

    def ontbreekt(self) -> str | None:
        """The message for a file that is not there, or None to let the reader say it."""
        return None

    def omgeving(self, session: Session) -> AbstractContextManager[object]:
        """What the transaction runs in besides the session (a larger cache, ...)."""
        return nullcontext()

    @abstractmethod
    def lees(self, session: Session) -> None:
        """Open the tables, map the headers, read every row; store the good ones, report the rest.

        Raise Weigering (with the reason in the report) or ImportFileError to refuse the file.
        """

    def rond_af(self, session: Session) -> None:
        """The last writes of a file that is not refused, in its transaction."""

    def schrijf_weigeringen(self) -> Path | None:
        """After the commit: the rejects file of the rows refused, or None when there were none."""
        return None

    def gooi_weg(self) -> None:
        """The file is refused (or the import failed): drop a half-written rejects file."""


def sha256(pad: Path) -> str:
    digest = hashlib.sha256()
    with pad.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def vrij(pad: Path) -> Path:
    """`pad`, or `stem-2.suffix`, ... whichever does not exist yet."""
    candidate = pad
    for n in itertools.count(2):
        if not candidate.exists():
            return candidate
        candidate = pad.with_name(f"{pad.stem}-{n}{pad.suffix}")
    raise AssertionError("unreachable")


def weigeringspad(pad: Path, map_: Path | None) -> Path:
    """Where the refused rows of `pad` go: `<stem>.geweigerd.csv` next to it or in `map_`."""
    return vrij((map_ or pad.parent) / f"{pad.stem}.geweigerd.csv")
