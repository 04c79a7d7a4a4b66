"""The brokers' register: who logs work, in which wijken, from when until when.

`registreer` writes brokers in the caller's transaction, as an upsert on the gemeente and code (a
code is unique within its gemeente, compared case-insensitively: two gemeenten may both have a
UT-MK-01, as each numbers its own brokers); the demo goes through it, and the register file
import (intake.makelaars) writes the same way once `controleer` passed the whole file. The
logbook importer accepts only brokers of this register.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from makelaar.intake.cbs import display_name
from makelaar.models.errors import MakelaarError
from makelaar.models.privacy import means_nobody
from makelaar.models.taal import in_taal
from makelaar.models.tables import Gemeente, Makelaar, MakelaarWijk, Wijk

__all__ = [
    "CODE_VORM",
    "Inschrijving",
    "RegisterRegel",
    "Registratie",
    "Registratiefout",
    "controleer",
    "register",
    "registreer",
    "schrijf",
]

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
        who = f"row {inschrijving.rij}: " if inschrijving.rij is not None else ""
        super().__init__(
            f"Makelaarsregister, {wie}{veld} {waarde!r}: {nl}",
            en=f"Broker register, {who}{veld} {waarde!r}: {en}",
        )
        self.inschrijving, self.veld, self.waarde, self.nl, self.en = (
            inschrijving,
            veld,
            waarde,
            nl,
            en,
        )

    def melding(self, locale: str) -> str:
        return in_taal(locale, self.nl, self.en)


@dataclass
class Registratie:
    """What `registreer` did: brokers new, changed or as they were; wijk links added or removed."""

    nieuw: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0
    koppelingen_nieuw: int = 0
    koppelingen_weg: int = 0
    #: code as registered → makelaar.id (the demo registers one gemeente's brokers per call)
    ids: dict[str, int] = field(default_factory=dict)


def _dag(value: dt.date | None) -> str:
    return "" if value is None else f"{value:%d-%m-%Y}"


def controleer(session: Session, inschrijvingen: Sequence[Inschrijving]) -> list[Registratiefout]:
    """What the register would refuse: the first problem of each Inschrijving that has one."""
    bestaand = {_sleutel(m.gemeente_code, m.code): m for m in session.scalars(select(Makelaar))}
    gemeenten = set(session.scalars(select(Gemeente.code)))
    wijk_gemeente: dict[str, str] = dict(
        session.execute(select(Wijk.code, Wijk.gemeente_code)).tuples().all()
    )
    gezien: dict[tuple[str, str], Inschrijving] = {}
    fouten: list[Registratiefout] = []
    for ins in inschrijvingen:
        sleutel = _sleutel(ins.gemeente_code, ins.code)
        try:
            _controleer(ins, bestaand.get(sleutel), gezien.get(sleutel), gemeenten, wijk_gemeente)
        except Registratiefout as exc:
            fouten.append(exc)
        gezien.setdefault(sleutel, ins)
    return fouten


def _sleutel(gemeente_code: str, code: str) -> tuple[str, str]:
    """What makes a broker one: the gemeente and the code, case-insensitively."""
    return gemeente_code, code.casefold()


def registreer(session: Session, inschrijvingen: Sequence[Inschrijving]) -> Registratie:
    """Register the brokers (upsert on gemeente and code, the code compared case-insensitively)
    in `session`.

    Everything is checked before anything is written; the first problem raises Registratiefout.
    A broker keeps its gemeente; `wijken`, when given, become exactly the broker's wijken.
    """
    fouten = controleer(session, inschrijvingen)
    if fouten:
        raise fouten[0]
    return schrijf(session, inschrijvingen)


def schrijf(session: Session, inschrijvingen: Sequence[Inschrijving]) -> Registratie:
    """Write inschrijvingen that `controleer` found nothing wrong with."""
    bestaand = {_sleutel(m.gemeente_code, m.code): m for m in session.scalars(select(Makelaar))}
    ids = {m.id for m in bestaand.values()}
    links: dict[int, set[str]] = {}
    if ids:
        for makelaar_id, wijk in session.execute(
            select(MakelaarWijk.makelaar_id, MakelaarWijk.wijk_code)
        ):
            links.setdefault(makelaar_id, set()).add(wijk)
    result = Registratie()
    for ins in inschrijvingen:
        makelaar = bestaand.get(_sleutel(ins.gemeente_code, ins.code))
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
            bestaand[_sleutel(ins.gemeente_code, ins.code)] = makelaar
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
    eerder: Inschrijving | None,
    gemeenten: set[str],
    wijk_gemeente: dict[str, str],
) -> None:
    """Raise Registratiefout for the first thing wrong with `ins`."""

    def fout(veld: str, waarde: str, nl: str, en: str) -> Registratiefout:
        return Registratiefout(ins, veld, waarde, nl, en)

    if len(ins.code) > MAX_CODE or not _CODE.fullmatch(ins.code) or means_nobody(ins.code):
        raise fout("code", ins.code, f"is geen geldige code; {CODE_VORM[0]}.", f"{CODE_VORM[1]}.")
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
