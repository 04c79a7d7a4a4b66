"""Importing the brokers' register from a file (the register itself: intake.makelaarsregister).

`importeer_makelaars` reads a CSV or XLSX file with the shared readers (intake/tabular.py:
Dutch separators and encodings; day-first dates as the logbook reads them) and stores the whole
file in one transaction, or nothing when any row is wrong; every error names file, row, column,
the value and what would be valid. A blank cell keeps what the register holds. The steps are the
shared importer skeleton's (intake.importeur); the register file plugs in its columns (KOLOMMEN),
its row reader and `registreer`'s write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.intake.importeur import Bestandsimport, Fout, Rapport, Weigering
from makelaar.intake.kolomnamen import Cellen, Kolomnamen
from makelaar.intake.logboek.verwijzingen import Verwijzingen
from makelaar.intake.logboek.waarden import CellValueError, dag, splits, tekst
from makelaar.intake.makelaarsregister import (
    CODE_VORM,
    Inschrijving,
    RegisterRegel,
    Registratie,
    Registratiefout,
    controleer,
    register,
    registreer,
    schrijf,
)
from makelaar.intake.tabular import Sheet, Value, open_tables
from makelaar.models.errors import ImportFileError
from makelaar.models.store import Store
from makelaar.models.taal import in_taal
from makelaar.models.tables import Makelaar

__all__ = [
    "KOLOMMEN",
    "Inschrijving",
    "Makelaarsimport",
    "RegisterRegel",
    "Registratie",
    "Registratiefout",
    "controleer",
    "importeer_makelaars",
    "register",
    "registreer",
]

#: the register file's columns: field → recognised headers (the first is the documented one)
KOLOMMEN: dict[str, tuple[str, ...]] = {
    "code": ("code", "makelaarcode", "makelaar code", "broker code", "broker"),
    "naam": ("naam", "name", "naam makelaar", "makelaar", "volledige naam", "full name"),
    "wijken": ("wijken", "wijk", "wijkcodes", "wijkcode", "werkgebied", "districts", "district"),
    "startdatum": ("startdatum", "start", "begindatum", "in dienst", "vanaf", "start date"),
    "einddatum": ("einddatum", "einde", "eind", "uit dienst", "tot en met", "end date", "end"),
}
#: columns the header must have (einddatum is optional)
VERPLICHT = ("code", "naam", "wijken", "startdatum")
_KOLOMNAMEN = Kolomnamen(KOLOMMEN)


# --- importing a register file -----------------------------------------------------------------


class Makelaarsimport(Rapport):
    """What importing one register file did, or why nothing of it was stored."""

    gemeente: str | None = None
    registratie: Registratie | None = None  # None when the file was refused

    @property
    def geslaagd(self) -> bool:
        return self.registratie is not None

    def niets_opgeslagen(self) -> None:
        super().niets_opgeslagen()
        self.registratie = None


@dataclass
class _Rij:
    nummer: int
    code: str
    naam: str | None
    wijken: tuple[str, ...] | None
    startdatum: dt.date | None
    einddatum: dt.date | None


def importeer_makelaars(
    store: Store, pad: Path, *, gemeente: str | None = None, locale: str = "nl"
) -> Makelaarsimport:
    """Register the brokers in `pad` (CSV or XLSX), all in one transaction or none of them.

    The gemeente is `gemeente`, or else the one gemeente all wijken in the file lie in.
    Raises MakelaarError only for what is not about the file (no wijken known, unknown gemeente).
    """
    return _Registerimport(store=store, pad=pad, gemeente=gemeente, locale=locale).run()


@dataclass
class _Registerimport(Bestandsimport[Makelaarsimport]):
    """One register file: the skeleton's steps, with the register's rows and `registreer`'s
    write; all or nothing (no skipping of invalid rows)."""

    store: Store
    pad: Path
    gemeente: str | None
    locale: str
    sla_ongeldig_over: bool = False
    rapport: Makelaarsimport = field(init=False)
    _inschrijvingen: list[Inschrijving] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rapport = Makelaarsimport(bestand=self.pad.name)

    def lees(self, session: Session) -> None:
        pad, rapport, locale = self.pad, self.rapport, self.locale
        refs = Verwijzingen.laad(session, None, self.gemeente)
        rijen, blad, koppen = _lees(pad, refs, rapport, locale)
        opgeslagen: dict[str, set[str]] = {}  # casefolded code → the gemeenten that have it
        for code, gm in session.execute(select(Makelaar.code, Makelaar.gemeente_code)):
            opgeslagen.setdefault(code.casefold(), set()).add(gm)
        rapport.gemeente = self.gemeente or _gemeente(
            pad.name, rijen, refs, opgeslagen, rapport, locale
        )
        if rapport.gemeente is None:
            self._weiger()
        inschrijvingen = [
            Inschrijving(
                code=r.code,
                gemeente_code=rapport.gemeente,
                naam=r.naam,
                wijken=r.wijken,
                startdatum=r.startdatum,
                einddatum=r.einddatum,
                rij=r.nummer,
            )
            for r in rijen
        ]
        fouten = controleer(session, inschrijvingen)
        fout_in = {f.inschrijving.rij for f in fouten}  # one error per row is enough
        fouten += [
            f
            for f in _zonder_start(
                {c for c, gm in opgeslagen.items() if rapport.gemeente in gm}, inschrijvingen
            )
            if f.inschrijving.rij not in fout_in
        ]
        for exc in fouten:
            rapport.voeg_fout_toe(
                Fout(
                    bestand=pad.name,
                    blad=blad,
                    rij=exc.inschrijving.rij,
                    kolom=koppen.get(exc.veld, exc.veld),
                    waarde=exc.waarde,
                    melding=exc.melding(locale),
                )
            )
        if rapport.aantal_fouten:
            self._weiger()
        self._inschrijvingen = inschrijvingen

    def _weiger(self) -> NoReturn:
        """Refuse the file, its errors in the order of the rows (the file's own ones first)."""
        self.rapport.fouten.sort(key=lambda f: f.rij or 0)
        raise Weigering

    def rond_af(self, session: Session) -> None:
        registratie = schrijf(session, self._inschrijvingen)  # checked in `lees`
        self.rapport.registratie = registratie
        self.rapport.nieuw = registratie.nieuw


def _lees(
    pad: Path, refs: Verwijzingen, rapport: Makelaarsimport, locale: str
) -> tuple[list[_Rij], str | None, dict[str, str]]:
    """The file's rows, each read and checked on its own (errors go to the report), the sheet's
    name and the headers as written per field."""
    rijen: list[_Rij] = []
    with open_tables(pad) as sheets:
        if not sheets:
            raise ImportFileError(
                "het bestand bevat geen tabel; verwacht een kopregel met "
                f"{', '.join(VERPLICHT)} (en eventueel einddatum) en daaronder een rij per "
                "makelaar.",
                "the file holds no table; expected a header row with "
                f"{', '.join(VERPLICHT)} (and optionally einddatum) and below it a row per "
                "broker.",
                file=pad.name,
            )
        sheet = sheets[0]  # the register is the first sheet that holds anything
        plaatsen = _plaatsen(sheet)
        for nummer, cellen in sheet.rows:
            rapport.gelezen += 1
            rij = _lees_rij(sheet, plaatsen, nummer, cellen, refs, rapport, locale)
            if rij is not None:
                rijen.append(rij)
    if not rijen and not rapport.fouten:
        raise ImportFileError(
            "het bestand heeft een kopregel maar geen rijen; verwacht een rij per makelaar.",
            "the file has a header row but no rows; expected a row per broker.",
            file=pad.name,
            sheet=sheet.name,
        )
    return rijen, sheet.name, {veld: sheet.header[i] for veld, i in plaatsen.items()}


def _plaatsen(sheet: Sheet) -> dict[str, int]:
    plaatsen = _KOLOMNAMEN.plaatsen(sheet.header)
    missend = [v for v in VERPLICHT if v not in plaatsen]
    if missend:
        gevonden = ", ".join(repr(h) for h in sheet.header if h)
        raise ImportFileError(
            f"kolom(men) {', '.join(repr(v) for v in missend)} ontbreken; gevonden kolommen: "
            f"{gevonden or '(geen)'}. Verwacht de kolommen code, naam, wijken, startdatum en "
            "eventueel einddatum (wijken: wijkcodes of -namen gescheiden door ',' of ';').",
            f"missing column(s): {', '.join(repr(v) for v in missend)}; columns found: "
            f"{gevonden or '(none)'}. Expected the columns code, naam, wijken, startdatum and "
            "optionally einddatum (wijken: district codes or names, separated by ',' or ';').",
            file=sheet.file,
            sheet=sheet.name,
            row=sheet.header_row,
        )
    return plaatsen


def _lees_rij(
    sheet: Sheet,
    plaatsen: dict[str, int],
    nummer: int,
    cellen: list[Value],
    refs: Verwijzingen,
    rapport: Makelaarsimport,
    locale: str,
) -> _Rij | None:
    cellen_ = Cellen(cellen, plaatsen)

    def cel(veld: str) -> str:
        return cellen_(veld).strip()

    def fout(veld: str, waarde: str, nl: str, en: str) -> None:
        rapport.voeg_fout_toe(
            Fout(
                bestand=sheet.file,
                blad=sheet.name,
                rij=nummer,
                kolom=sheet.header[plaatsen[veld]],
                waarde=waarde,
                melding=in_taal(locale, nl, en),
            )
        )

    fouten = rapport.aantal_fouten
    code = cel("code")
    if not code:
        fout(
            "code",
            "",
            f"de code ontbreekt; elke makelaar heeft een eigen code ({CODE_VORM[0]}).",
            f"the code is missing; every broker has a code of their own ({CODE_VORM[1]}).",
        )
    naam = cel("naam") or None
    wijken: tuple[str, ...] | None = None
    if cel("wijken"):
        try:
            wijken = _wijken(cel("wijken"), refs)
        except CellValueError as exc:
            fout("wijken", cel("wijken"), exc.nl, exc.en)
    datums: dict[str, dt.date | None] = {}
    for veld in ("startdatum", "einddatum"):
        datums[veld] = None
        if cel(veld):
            raw = cellen[plaatsen[veld]]
            try:
                datums[veld] = dag(tekst(raw) if isinstance(raw, list) else raw)
            except CellValueError as exc:
                fout(veld, cel(veld), exc.nl, exc.en)
    if rapport.aantal_fouten > fouten:
        return None
    return _Rij(nummer, code, naam, wijken, datums["startdatum"], datums["einddatum"])


def _wijken(text: str, refs: Verwijzingen) -> tuple[str, ...]:
    """Wijk codes or names separated by ',' or ';' (a name with a comma in it is read whole)."""
    try:
        return (refs.wijk(text),)
    except CellValueError:
        delen = splits(text)
        if len(delen) < 2:
            raise
    return tuple(dict.fromkeys(refs.wijk(deel) for deel in delen))


def _gemeente(
    bestand: str,
    rijen: Sequence[_Rij],
    refs: Verwijzingen,
    opgeslagen: dict[str, set[str]],
    rapport: Makelaarsimport,
    locale: str,
) -> str | None:
    """The one gemeente the file's wijken lie in, or, in a file without wijken, the one its
    registered brokers belong to (a code is unique per gemeente, so only a code registered in a
    single gemeente tells); None with a refusal in the report otherwise (none at all: only when
    the rows themselves were read)."""
    eerste: dict[str, int] = {}  # gemeente → first row with a wijk in it
    for rij in rijen:
        for wijk in rij.wijken or ():
            eerste.setdefault(refs.wijk_gemeente[wijk], rij.nummer)
    if not eerste:
        for rij in rijen:
            gemeenten = opgeslagen.get(rij.code.casefold(), set())
            if len(gemeenten) == 1:
                eerste.setdefault(next(iter(gemeenten)), rij.nummer)
    if len(eerste) == 1:
        return next(iter(eerste))
    if not eerste and rapport.fouten:
        return None  # the rows that failed may well name the wijken
    if not eerste:
        nl = (
            "het bestand noemt geen wijken, dus de gemeente is niet af te leiden; geef de "
            "gemeente met --gemeente (bijvoorbeeld --gemeente GM0344)."
        )
        en = (
            "the file names no districts, so the municipality cannot be derived; give it with "
            "--gemeente (e.g. --gemeente GM0344)."
        )
    else:
        waar = ", ".join(f"{g} (rij {r})" for g, r in sorted(eerste.items(), key=lambda i: i[1]))
        where = ", ".join(f"{g} (row {r})" for g, r in sorted(eerste.items(), key=lambda i: i[1]))
        nl = (
            f"de wijken en makelaars liggen in meer dan één gemeente: {waar}; een registerbestand "
            "is voor één gemeente. Splits het bestand per gemeente, of kies er een met --gemeente."
        )
        en = (
            f"the districts and brokers lie in more than one municipality: {where}; a register "
            "file is for one municipality. Split the file, or choose one with --gemeente."
        )
    rapport.voeg_fout_toe(Fout(bestand=bestand, melding=in_taal(locale, nl, en)))
    return None


def _zonder_start(
    bekend: Container[str], inschrijvingen: Sequence[Inschrijving]
) -> list[Registratiefout]:
    """A register file says from when a new broker's logbook rows count (the demo need not).

    `bekend` holds the registered codes, casefolded."""
    return [
        Registratiefout(
            ins,
            "startdatum",
            "",
            f"makelaar {ins.code} is nieuw en heeft een startdatum nodig (de dag vanaf wanneer "
            "zijn of haar logboekrijen tellen), bijvoorbeeld 01-09-2026.",
            f"broker {ins.code} is new and needs a start date (the day from which their "
            "logbook rows count), e.g. 01-09-2026.",
        )
        for ins in inschrijvingen
        if ins.startdatum is None and ins.code.casefold() not in bekend
    ]
