"""Contact lists: who to invite, read from CSV or XLSX the way Dutch spreadsheets write them.

Columns such as e-mail, wijk, code (identified rounds: the broker's code, or the partner's
organisation/contact code), naam, adres, postcode, plaats are recognised by name, whatever their
case, spacing or order (intake/tabular.py reads the file: `;`, cp1252, a BOM); wijken are
matched by CBS code or name as the logbook importer does. A person's natural key is a keyed
pseudonym of their e-mail address or, without one, their address. The whole list is checked
before anything is stored: a bad row refuses the list, naming file, row, column and value.

The columns are a plain spec of the importer skeleton (intake.kolomnamen). The list has no
transaction of its own: its callers (invitations, reminders) store the contacts in theirs, so
the first bad row refuses the list as an ImportFileError, which they report as the file's error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.forms.rondes import EnqueteRondeInfo
from makelaar.intake.kolomnamen import Cellen, Kolomnamen
from makelaar.intake.logboek.verwijzingen import Verwijzingen
from makelaar.intake.logboek.waarden import CellValueError
from makelaar.intake.tabular import open_tables
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek
from makelaar.models.errors import ImportFileError
from makelaar.models.privacy import Pseudonymiser, load_key
from makelaar.models.settings import Settings
from makelaar.models.tables import Evaluatieronde, Makelaar

#: the contact list's columns (normalised header → field); the first names are what we document
KOLOMMEN: dict[str, tuple[str, ...]] = {
    "email": ("e-mail", "email", "e-mailadres", "emailadres", "mail", "e-mail adres"),
    "wijk": ("wijk", "wijkcode", "wijk code", "wijknaam", "district"),
    "code": (
        "code",
        "makelaar",
        "makelaarcode",
        "makelaar code",
        "respondent",
        "respondentcode",
        "organisatie",
        "partner",
    ),
    "naam": ("naam", "name", "aanhef"),
    "adres": ("adres", "straat", "straat en huisnummer", "adresregel", "address"),
    "postcode": ("postcode", "post code", "zip"),
    "plaats": ("plaats", "woonplaats", "city"),
}
_KOLOMNAMEN = Kolomnamen(KOLOMMEN)
_EMAIL = re.compile(r"[^@\s;,<>\"]+@[^@\s;,<>\"]+\.[^@\s;,<>\".]{2,}")


@dataclass(frozen=True)
class Contact:
    """One row of a contact list, read and checked (the address only to print a letter)."""

    rij: int
    contact: str  # keyed pseudonym: the natural key of the invitation
    email: str | None
    wijk_code: str | None
    respondent: str | None  # identified rounds only
    naam: str | None
    adresregels: tuple[str, ...]


def pseudonymiser(settings: Settings) -> Pseudonymiser:
    key, _, _ = load_key(settings)
    return Pseudonymiser(key)


def contact_sleutel(pseudo: Pseudonymiser, email: str | None, adres: Sequence[str]) -> str:
    """The natural key of a person: their e-mail address, else their address, pseudonymised."""
    if email:
        # hex so that '.', '+' and '_' (which normalise_name would blank) still tell apart
        return pseudo.pseudonym("contact-email", email.strip().casefold().encode().hex())
    return pseudo.pseudonym("contact-adres", " ".join(adres))


def lees_contacten(
    session: Session,
    settings: Settings,
    pad: Path,
    ronde: EnqueteRondeInfo,
    kanaal: Kanaal,
) -> list[Contact]:
    """The contacts in `pad`, checked for what this round and channel need (all rows or none)."""
    gemeente = _gemeente(session, ronde.ronde_id)
    pseudo = pseudonymiser(settings)
    refs = Verwijzingen.laad(session, pseudo, gemeente)
    makelaars = {code.casefold(): code for code in session.scalars(select(Makelaar.code))}
    contacten: list[Contact] = []
    with open_tables(pad) as sheets:
        sheet = sheets[0]
        plaatsen = _KOLOMNAMEN.plaatsen(sheet.header)
        _controleer_kolommen(plaatsen, sheet.header, pad.name, sheet.name, ronde, kanaal)
        for rij, cellen in sheet.rows:
            cel = _Cellen(cellen, plaatsen)

            def fout(veld: str, melding: str, waarde: str, rij: int = rij) -> ImportFileError:
                kolom = sheet.header[plaatsen[veld]] if veld in plaatsen else veld
                return ImportFileError(
                    melding, file=pad.name, sheet=sheet.name, row=rij, column=kolom, value=waarde
                )

            email = cel("email") or None
            if email is not None and not _EMAIL.fullmatch(email):
                raise fout(
                    "email",
                    f"'{email}' is geen e-mailadres; verwacht iets als naam@voorbeeld.nl, of "
                    "laat de cel leeg.",
                    email,
                )
            adres = tuple(p for p in (cel("adres"), cel.postcode_plaats()) if p)
            if kanaal is Kanaal.EMAIL and email is None:
                raise fout(
                    "email",
                    "het e-mailadres ontbreekt; elke rij heeft er een nodig "
                    "voor --kanaal email (of kies --kanaal brief of lijst).",
                    "",
                )
            if kanaal is Kanaal.BRIEF and not (cel("adres") and cel("postcode") and cel("plaats")):
                ontbreekt = next(v for v in ("adres", "postcode", "plaats") if not cel(v))
                raise fout(
                    ontbreekt,
                    f"de {ontbreekt} ontbreekt; een brief heeft adres, postcode en plaats nodig.",
                    "",
                )
            if email is None and not adres:
                raise fout(
                    "email",
                    "deze rij heeft geen e-mailadres en geen adres; vul een van "
                    "beide in of verwijder de rij.",
                    "",
                )
            wijk_code: str | None = None
            if cel("wijk"):
                try:
                    wijk_code = refs.wijk(cel("wijk"))
                except CellValueError as exc:
                    raise fout("wijk", exc.melding(settings.locale), cel("wijk")) from exc
            respondent = None
            if ronde.modus is EnqueteModus.IDENTIFICEERBAAR:
                respondent = respondent_code(pseudo, makelaars, ronde.publiek, cel("code"), email)
                if respondent is None:
                    raise fout(
                        "code", _code_uitleg(ronde.publiek, cel("code"), makelaars), cel("code")
                    )
            contacten.append(
                Contact(
                    rij=rij,
                    contact=contact_sleutel(pseudo, email, adres),
                    email=email,
                    wijk_code=wijk_code,
                    respondent=respondent,
                    naam=cel("naam") or None,
                    adresregels=adres,
                )
            )
    return contacten


@dataclass(frozen=True)
class _Cellen(Cellen):
    """One row's cells, by field name, and the address's last line."""

    def postcode_plaats(self) -> str:
        return " ".join(p for p in (self("postcode").upper(), self("plaats")) if p)


def _gemeente(session: Session, ronde_id: int) -> str:
    ronde = session.get(Evaluatieronde, ronde_id)
    assert ronde is not None  # a survey round's foreign key
    return ronde.gemeente_code


def _controleer_kolommen(
    plaatsen: dict[str, int],
    header: Sequence[str],
    file: str,
    sheet: str | None,
    ronde: EnqueteRondeInfo,
    kanaal: Kanaal,
) -> None:
    nodig = {"email"} if kanaal is Kanaal.EMAIL else set()
    if kanaal is Kanaal.BRIEF:
        nodig |= {"adres", "postcode", "plaats"}
    if ronde.modus is EnqueteModus.IDENTIFICEERBAAR and ronde.publiek is Publiek.MAKELAARS:
        nodig.add("code")
    if kanaal is Kanaal.LIJST and not ({"email", "adres"} & plaatsen.keys()):
        nodig.add("email")
    missend = sorted(nodig - plaatsen.keys())
    if missend:
        namen = ", ".join(f"'{KOLOMMEN[v][0]}'" for v in missend)
        gevonden = ", ".join(repr(h) for h in header if h) or "(geen)"
        raise ImportFileError(
            f"kolom(men) {namen} ontbreken voor een {ronde.modus.value}e ronde voor "
            f"{ronde.publiek.value} via {kanaal.value}; gevonden kolommen: {gevonden}. "
            f"Bruikbare kolommen: {', '.join(names[0] for names in KOLOMMEN.values())}.",
            file=file,
            sheet=sheet,
            row=1,
        )


def respondent_code(
    pseudo: Pseudonymiser,
    makelaars: dict[str, str],
    publiek: Publiek,
    code: str,
    email: str | None,
) -> str | None:
    """Who answers in an identified round: a broker's code, or a partner's pseudonym."""
    if publiek is Publiek.MAKELAARS:
        return makelaars.get(code.strip().casefold())
    waarde = code.strip() or (email or "")
    if not waarde:
        return None
    return "PA-" + pseudo.pseudonym("partner", waarde.casefold().encode().hex())


def _code_uitleg(publiek: Publiek, code: str, makelaars: dict[str, str]) -> str:
    if publiek is Publiek.MAKELAARS:
        bekend = ", ".join(sorted(makelaars.values())[:10]) or "(nog geen)"
        wat = f"makelaarcode '{code}' is onbekend" if code else "de makelaarcode ontbreekt"
        return (
            f"{wat}; een identificeerbare ronde voor makelaars heeft per rij de code van een "
            f"geregistreerde makelaar nodig, bekend zijn: {bekend}."
        )
    return (
        "de code van de partner (organisatie of contactpersoon) en het e-mailadres ontbreken; "
        "een identificeerbare ronde heeft een van beide nodig."
    )
