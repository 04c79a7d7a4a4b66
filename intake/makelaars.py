"""The brokers' register: who logs work, in which wijken, from when until when.

`registreer` writes brokers in the caller's transaction, as an upsert on the code; the demo goes
through it, and `importeer_makelaars` writes the same way once `controleer` passed the whole file.
`importeer_makelaars` reads a CSV or XLSX file with the shared readers (intake/tabular.py:
Dutch separators and encodings; day-first dates as the logbook reads them) and stores the whole
file in one transaction, or nothing when any row is wrong; every error names file, row, column,
the value and what would be valid. A blank cell keeps what the register holds. The logbook
importer accepts only brokers of this register.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from intake.cbs import display_name
from intake.logboek.kolommen import normalise_header
from intake.logboek.rapport import Fout, vertaal
from intake.logboek.verwijzingen import Verwijzingen
from intake.logboek.waarden import CellValueError, dag, splits, tekst
from intake.tabular import Sheet, Value, open_tables
from models.errors import ImportFileError, MakelaarError
from models.privacy import means_nobody
from models.store import Store
from models.tables import Gemeente, Makelaar, MakelaarWijk, Wijk

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
_INDEX = {normalise_header(n): veld for veld, namen in KOLOMMEN.items() for n in namen}
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MAX_CODE = 40
MAX_NAAM = 100
CODE_VORM = (
    "een code bestaat uit letters, cijfers, '-', '_' of '.', begint met een letter of cijfer en "
    f"is hoogstens {MAX_CODE} tekens lang, zoals UT-MK-01",
    "a code consists of letters, digits, '-', '_' or '.', starts with a letter or digit and is "
    f"at most {MAX_CODE} characters long, like UT-MK-01",
)


# --- registering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inschrijving:
    """One broker to register; None keeps what the register holds (a new broker needs a name)."""

    code: str
    gemeente_code: str
    naam: str | None = None
    wijken: tuple[str, ...] | None = None  # CBS wijk codes: the broker's wijken, replacing any
    startdatum: dt.date | None = None
    einddatum: dt.date | None = None
    rij: int | None = None  # the row of the file it came from, for messages


class Registratiefout(MakelaarError):
    """An Inschrijving the register refuses: which one, which field, why (Dutch and English)."""

    def __init__(self, inschrijving: Inschrijving, veld: str, waarde: str, nl: str, en: str):
        wie = f"rij {inschrijving.rij}: " if inschrijving.rij is not None else ""
        super().__init__(f"Makelaarsregister, {wie}{veld} {waarde!r}: {nl}")
        self.inschrijving, self.veld, self.waarde, self.nl, self.en = (
            inschrijving,
            veld,
            waarde,
            nl,
            en,
        )

    def melding(self, locale: str) -> str:
        return vertaal(locale, self.nl, self.en)


@dataclass
class Registratie:
    """What `registreer` did: brokers new, changed or as they were; wijk links added or removed."""

    nieuw: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0
    koppelingen_nieuw: int = 0
    koppelingen_weg: int = 0
    ids: dict[str, int] = field(default_factory=dict)  # code as registered → makelaar.id


def _dag(value: dt.date | None) -> str:
    return "" if value is None else f"{value:%d-%m-%Y}"


def controleer(session: Session, inschrijvingen: Sequence[Inschrijving]) -> list[Registratiefout]:
    """What the register would refuse: the first problem of each Inschrijving that has one."""
    bestaand = {m.code.casefold(): m for m in session.scalars(select(Makelaar))}
    gemeenten = set(session.scalars(select(Gemeente.code)))
    wijk_gemeente: dict[str, str] = dict(
        session.execute(select(Wijk.code, Wijk.gemeente_code)).tuples().all()
    )
    gezien: dict[str, Inschrijving] = {}
    fouten: list[Registratiefout] = []
    for ins in inschrijvingen:
        try:
            _controleer(ins, bestaand.get(ins.code.casefold()), gezien, gemeenten, wijk_gemeente)
        except Registratiefout as exc:
            fouten.append(exc)
        gezien.setdefault(ins.code.casefold(), ins)
    return fouten


def registreer(session: Session, inschrijvingen: Sequence[Inschrijving]) -> Registratie:
    """Register the brokers (upsert on the code, compared case-insensitively) in `session`.

    Everything is checked before anything is written; the first problem raises Registratiefout.
    A broker keeps its gemeente; `wijken`, when given, become exactly the broker's wijken.
    """
    fouten = controleer(session, inschrijvingen)
    if fouten:
        raise fouten[0]
    return _schrijf(session, inschrijvingen)


def _schrijf(session: Session, inschrijvingen: Sequence[Inschrijving]) -> Registratie:
    """Write inschrijvingen that `controleer` found nothing wrong with."""
    bestaand = {m.code.casefold(): m for m in session.scalars(select(Makelaar))}
    ids = {m.id for m in bestaand.values()}
    links: dict[int, set[str]] = {}
    if ids:
        for makelaar_id, wijk in session.execute(
            select(MakelaarWijk.makelaar_id, MakelaarWijk.wijk_code)
        ):
            links.setdefault(makelaar_id, set()).add(wijk)
    result = Registratie()
    for ins in inschrijvingen:
        makelaar = bestaand.get(ins.code.casefold())
        if makelaar is None:
            assert ins.naam is not None  # checked above
            makelaar = Makelaar(
                code=ins.code,
                naam=ins.naam,
                gemeente_code=ins.gemeente_code,
                startdatum=ins.startdatum,
                einddatum=ins.einddatum,
            )
            session.add(makelaar)
            session.flush()
            bestaand[ins.code.casefold()] = makelaar
            result.nieuw += 1
            veranderd = True
        else:
            voor = (makelaar.naam, makelaar.startdatum, makelaar.einddatum)
            makelaar.naam = ins.naam or makelaar.naam
            makelaar.startdatum = ins.startdatum or makelaar.startdatum
            makelaar.einddatum = ins.einddatum or makelaar.einddatum
            veranderd = voor != (makelaar.naam, makelaar.startdatum, makelaar.einddatum)
        result.ids[makelaar.code] = makelaar.id
        if ins.wijken is not None:
            nu = links.get(makelaar.id, set())
            nieuw, weg = set(ins.wijken) - nu, nu - set(ins.wijken)
            if weg:
                session.execute(
                    delete(MakelaarWijk).where(
                        MakelaarWijk.makelaar_id == makelaar.id, MakelaarWijk.wijk_code.in_(weg)
                    )
                )
            session.add_all(
                MakelaarWijk(makelaar_id=makelaar.id, wijk_code=w) for w in sorted(nieuw)
            )
            links[makelaar.id] = set(ins.wijken)
            result.koppelingen_nieuw += len(nieuw)
            result.koppelingen_weg += len(weg)
            veranderd = veranderd or bool(nieuw or weg)
        if makelaar.id in ids:
            if veranderd:
                result.bijgewerkt += 1
            else:
                result.ongewijzigd += 1
    session.flush()
    return result


def _controleer(
    ins: Inschrijving,
    opgeslagen: Makelaar | None,
    gezien: dict[str, Inschrijving],
    gemeenten: set[str],
    wijk_gemeente: dict[str, str],
) -> None:
    """Raise Registratiefout for the first thing wrong with `ins`."""

    def fout(veld: str, waarde: str, nl: str, en: str) -> Registratiefout:
        return Registratiefout(ins, veld, waarde, nl, en)

    if len(ins.code) > MAX_CODE or not _CODE.fullmatch(ins.code) or means_nobody(ins.code):
        raise fout("code", ins.code, f"is geen geldige code; {CODE_VORM[0]}.", f"{CODE_VORM[1]}.")
    eerder = gezien.get(ins.code.casefold())
    if eerder is not None:
        waar_nl = f"rij {eerder.rij}" if eerder.rij is not None else "eerder in de lijst"
        waar_en = f"row {eerder.rij}" if eerder.rij is not None else "earlier in the list"
        raise fout(
            "code",
            ins.code,
            f"deze code staat al in {waar_nl}; één rij per makelaar.",
            f"this code already occurs in {waar_en}; one row per broker.",
        )
    if ins.gemeente_code not in gemeenten:
        raise fout(
            "gemeente",
            ins.gemeente_code,
            "deze gemeente staat niet in de database; lees eerst de CBS-kerncijfers in met "
            "'makelaar wijken import BESTAND'.",
            "this municipality is not in the database; import the CBS key figures first with "
            "'makelaar wijken import FILE'.",
        )
    if opgeslagen is not None and opgeslagen.gemeente_code != ins.gemeente_code:
        raise fout(
            "code",
            ins.code,
            f"makelaar {opgeslagen.code} staat al in het register bij gemeente "
            f"{opgeslagen.gemeente_code}, niet bij {ins.gemeente_code}; kies een andere code.",
            f"broker {opgeslagen.code} is already registered with municipality "
            f"{opgeslagen.gemeente_code}, not {ins.gemeente_code}; choose another code.",
        )
    if ins.naam is not None and (means_nobody(ins.naam) or len(ins.naam) > MAX_NAAM):
        raise fout(
            "naam",
            ins.naam,
            f"verwacht de naam van de makelaar (hoogstens {MAX_NAAM} tekens).",
            f"expected the broker's name (at most {MAX_NAAM} characters).",
        )
    if opgeslagen is None and ins.naam is None:
        raise fout(
            "naam",
            "",
            f"makelaar {ins.code} is nieuw en heeft een naam nodig.",
            f"broker {ins.code} is new and needs a name.",
        )
    for wijk in ins.wijken or ():
        if wijk_gemeente.get(wijk) != ins.gemeente_code:
            binnen = sorted(w for w, g in wijk_gemeente.items() if g == ins.gemeente_code)
            raise fout(
                "wijken",
                wijk,
                f"wijk {wijk} ligt niet in gemeente {ins.gemeente_code}; wijken daar: "
                f"{', '.join(binnen[:20]) or '(geen)'}.",
                f"district {wijk} is not in municipality {ins.gemeente_code}; districts there: "
                f"{', '.join(binnen[:20]) or '(none)'}.",
            )
    start = ins.startdatum or (opgeslagen.startdatum if opgeslagen else None)
    einde = ins.einddatum or (opgeslagen.einddatum if opgeslagen else None)
    if start is not None and einde is not None and einde < start:
        veld = "einddatum" if ins.einddatum is not None else "startdatum"
        raise fout(
            veld,
            _dag(ins.einddatum or ins.startdatum),
            f"de einddatum ({_dag(einde)}) ligt voor de startdatum ({_dag(start)}); verwacht "
            "een einddatum op of na de startdatum.",
            f"the end date ({_dag(einde)}) is before the start date ({_dag(start)}); expected "
            "an end date on or after the start date.",
        )


# --- the register as a table -------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRegel:
    """One broker as `makelaar makelaars lijst` shows it."""

    code: str
    naam: str
    gemeente_code: str
    wijken: tuple[str, ...]  # wijk names (CBS codes where a name is unknown), sorted
    startdatum: dt.date | None
    einddatum: dt.date | None


def register(session: Session, gemeente_code: str | None = None) -> list[RegisterRegel]:
    """The registered brokers (of one gemeente, or all), by gemeente and code."""
    query = select(Makelaar).order_by(Makelaar.gemeente_code, Makelaar.code)
    if gemeente_code is not None:
        query = query.where(Makelaar.gemeente_code == gemeente_code)
    namen = {c: display_name(n) for c, n in session.execute(select(Wijk.code, Wijk.naam))}
    wijken: dict[int, list[str]] = {}
    for makelaar_id, wijk in session.execute(
        select(MakelaarWijk.makelaar_id, MakelaarWijk.wijk_code)
    ):
        wijken.setdefault(makelaar_id, []).append(namen.get(wijk, wijk))
    return [
        RegisterRegel(
            code=m.code,
            naam=m.naam,
            gemeente_code=m.gemeente_code,
            wijken=tuple(sorted(wijken.get(m.id, []), key=str.casefold)),
            startdatum=m.startdatum,
            einddatum=m.einddatum,
        )
        for m in session.scalars(query)
    ]


# --- importing a register file -----------------------------------------------------------------


@dataclass
class Makelaarsimport:
    """What importing one register file did, or why nothing of it was stored."""

    bestand: str
    gemeente: str | None = None
    registratie: Registratie | None = None  # None when the file was refused
    fouten: list[Fout] = field(default_factory=list)

    @property
    def geslaagd(self) -> bool:
        return self.registratie is not None


@dataclass
class _Rij:
    nummer: int
    code: str
    naam: str | None
    wijken: tuple[str, ...] | None
    startdatum: dt.date | None
    einddatum: dt.date | None


class _Weigering(Exception):
    """Rolls the file's transaction back."""


def importeer_makelaars(
    store: Store, pad: Path, *, gemeente: str | None = None, locale: str = "nl"
) -> Makelaarsimport:
    """Register the brokers in `pad` (CSV or XLSX), all in one transaction or none of them.

    The gemeente is `gemeente`, or else the one gemeente all wijken in the file lie in.
    Raises MakelaarError only for what is not about the file (no wijken known, unknown gemeente).
    """
    rapport = Makelaarsimport(bestand=pad.name)
    try:
        with store.session() as session:
            refs = Verwijzingen.laad(session, None, gemeente)
            rijen, blad, koppen = _lees(pad, refs, rapport, locale)
            opgeslagen: dict[str, str] = {
                code.casefold(): gm
                for code, gm in session.execute(select(Makelaar.code, Makelaar.gemeente_code))
            }
            rapport.gemeente = gemeente or _gemeente(
                pad.name, rijen, refs, opgeslagen, rapport, locale
            )
            if rapport.gemeente is None:
                raise _Weigering
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
                for f in _zonder_start(opgeslagen, inschrijvingen)
                if f.inschrijving.rij not in fout_in
            ]
            for exc in fouten:
                rapport.fouten.append(
                    Fout(
                        bestand=pad.name,
                        blad=blad,
                        rij=exc.inschrijving.rij,
                        kolom=koppen.get(exc.veld, exc.veld),
                        waarde=exc.waarde,
                        melding=exc.melding(locale),
                    )
                )
            if rapport.fouten:
                raise _Weigering
            rapport.registratie = _schrijf(session, inschrijvingen)  # checked above
    except _Weigering:
        rapport.registratie = None
        rapport.fouten.sort(key=lambda f: f.rij or 0)
    except ImportFileError as exc:
        rapport.registratie = None
        rapport.fouten.append(
            Fout(
                bestand=pad.name,
                blad=exc.sheet,
                rij=exc.row,
                kolom=exc.column,
                waarde=None if exc.value is None else str(exc.value)[:200],
                melding=str(exc).split(": ", 1)[-1],
            )
        )
    return rapport


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
                file=pad.name,
            )
        sheet = sheets[0]  # the register is the first sheet that holds anything
        plaatsen = _plaatsen(sheet)
        for nummer, cellen in sheet.rows:
            rij = _lees_rij(sheet, plaatsen, nummer, cellen, refs, rapport, locale)
            if rij is not None:
                rijen.append(rij)
    if not rijen and not rapport.fouten:
        raise ImportFileError(
            "het bestand heeft een kopregel maar geen rijen; verwacht een rij per makelaar.",
            file=pad.name,
            sheet=sheet.name,
        )
    return rijen, sheet.name, {veld: sheet.header[i] for veld, i in plaatsen.items()}


def _plaatsen(sheet: Sheet) -> dict[str, int]:
    plaatsen: dict[str, int] = {}
    for index, kop in enumerate(sheet.header):
        veld = _INDEX.get(normalise_header(kop))
        if veld is not None and veld not in plaatsen:
            plaatsen[veld] = index
    missend = [v for v in VERPLICHT if v not in plaatsen]
    if missend:
        gevonden = ", ".join(repr(h) for h in sheet.header if h) or "(geen)"
        raise ImportFileError(
            f"kolom(men) {', '.join(repr(v) for v in missend)} ontbreken; gevonden kolommen: "
            f"{gevonden}. Verwacht de kolommen code, naam, wijken, startdatum en eventueel "
            "einddatum (wijken: wijkcodes of -namen gescheiden door ',' of ';').",
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
    def cel(veld: str) -> str:
        index = plaatsen.get(veld)
        if index is None or index >= len(cellen):
            return ""
        return tekst(cellen[index]).strip()

    def fout(veld: str, waarde: str, nl: str, en: str) -> None:
        rapport.fouten.append(
            Fout(
                bestand=sheet.file,
                blad=sheet.name,
                rij=nummer,
                kolom=sheet.header[plaatsen[veld]],
                waarde=waarde,
                melding=vertaal(locale, nl, en),
            )
        )

    fouten = len(rapport.fouten)
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
    if len(rapport.fouten) > fouten:
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
    opgeslagen: dict[str, str],
    rapport: Makelaarsimport,
    locale: str,
) -> str | None:
    """The one gemeente the file's wijken (and brokers already registered) lie in; None with a
    refusal in the report otherwise (none at all: only when the rows themselves were read)."""
    eerste: dict[str, int] = {}  # gemeente → first row with a wijk or registered broker in it
    for rij in rijen:
        for wijk in rij.wijken or ():
            eerste.setdefault(refs.wijk_gemeente[wijk], rij.nummer)
        if rij.code.casefold() in opgeslagen:
            eerste.setdefault(opgeslagen[rij.code.casefold()], rij.nummer)
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
    rapport.fouten.append(Fout(bestand=bestand, melding=vertaal(locale, nl, en)))
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
