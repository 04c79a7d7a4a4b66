"""Contact lists: who to invite, read from CSV or XLSX the way Dutch spreadsheets write them.

Columns such as e-mail, wijk, code (identified rounds: the broker's code, or the partner's
organisation/contact code), naam, adres, postcode, plaats are recognised by name, whatever their
case, spacing or order (intake/tabular.py reads the file: `;`, cp1252, a BOM); wijken are
matched by CBS code or name as the logbook importer does. A person's natural key is a keyed
pseudonym of their e-mail address or, without one, their address. The whole list is checked
before anything is stored: bad rows refuse the list, each named by file, row, column and value.

The columns are a plain spec of the importer skeleton (intake.kolomnamen), and the errors its
report (intake.importeur: `Rapport`, `Fout`). The list has no transaction of its own: its callers
(invitations, reminders) store the contacts in theirs, so a list with errors is refused by
raising `BestandGeweigerd` with all of them, which rolls their transaction back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.forms.rondes import EnqueteRondeInfo
from makelaar.intake.importeur import BestandGeweigerd, Fout, Rapport
from makelaar.intake.kolomnamen import Cellen, Kolomnamen
from makelaar.intake.logboek.verwijzingen import Verwijzingen
from makelaar.intake.logboek.waarden import CellValueError
from makelaar.intake.tabular import open_tables
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek, modus_label, publiek_label
from makelaar.models.errors import ImportFileError
from makelaar.models.privacy import Pseudonymiser, load_key
from makelaar.models.settings import Settings
from makelaar.models.taal import Catalogus, catalogus, vertaal
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

MELDINGEN: Catalogus = catalogus(
    "contactlijst",
    {
        "geen_email": {
            "nl": "'{email}' is geen e-mailadres; verwacht iets als naam@voorbeeld.nl, of laat de "
            "cel leeg.",
            "en": "'{email}' is not an e-mail address; expected something like name@example.nl, "
            "or leave the cell empty.",
        },
        "email_ontbreekt": {
            "nl": "het e-mailadres ontbreekt; elke rij heeft er een nodig voor --kanaal email (of "
            "kies --kanaal brief of lijst).",
            "en": "the e-mail address is missing; every row needs one for --kanaal email (or "
            "choose --kanaal brief or lijst).",
        },
        "adres_ontbreekt": {
            "nl": "het adres ontbreekt; een brief heeft adres, postcode en plaats nodig.",
            "en": "the address is missing; a letter needs address, postcode and place.",
        },
        "postcode_ontbreekt": {
            "nl": "de postcode ontbreekt; een brief heeft adres, postcode en plaats nodig.",
            "en": "the postcode is missing; a letter needs address, postcode and place.",
        },
        "plaats_ontbreekt": {
            "nl": "de plaats ontbreekt; een brief heeft adres, postcode en plaats nodig.",
            "en": "the place is missing; a letter needs address, postcode and place.",
        },
        "niets": {
            "nl": "deze rij heeft geen e-mailadres en geen adres; vul een van beide in of "
            "verwijder de rij.",
            "en": "this row has neither an e-mail address nor an address; fill in one of them "
            "or remove the row.",
        },
        "code_onbekend": {
            "nl": "makelaarcode '{code}' is onbekend; een identificeerbare ronde voor makelaars "
            "heeft per rij de code van een geregistreerde makelaar nodig, bekend zijn: {bekend}.",
            "en": "broker code '{code}' is unknown; an identified round for brokers needs the "
            "code of a registered broker on every row, known are: {bekend}.",
        },
        "code_ontbreekt": {
            "nl": "de makelaarcode ontbreekt; een identificeerbare ronde voor makelaars heeft per "
            "rij de code van een geregistreerde makelaar nodig, bekend zijn: {bekend}.",
            "en": "the broker code is missing; an identified round for brokers needs the code of "
            "a registered broker on every row, known are: {bekend}.",
        },
        "partner": {
            "nl": "de code van de partner (organisatie of contactpersoon) en het e-mailadres "
            "ontbreken; een identificeerbare ronde heeft een van beide nodig.",
            "en": "the partner's code (organisation or contact) and the e-mail address are "
            "missing; an identified round needs one of them.",
        },
        "sociaal_werker": {
            "nl": "de code van de sociaal werker en het e-mailadres ontbreken; een "
            "identificeerbare ronde heeft een van beide nodig.",
            "en": "the social worker's code and the e-mail address are missing; an identified "
            "round needs one of them.",
        },
        "geen": {"nl": "(nog geen)", "en": "(none yet)"},
    },
)
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
    """The contacts in `pad`, checked for what this round and channel need (all rows or none).

    Every row is checked; a list with errors is refused with all of them (BestandGeweigerd, the
    importer skeleton's report), so whoever fixes the spreadsheet fixes it once.
    """
    gemeente = _gemeente(session, ronde.ronde_id)
    pseudo = pseudonymiser(settings)
    refs = Verwijzingen.laad(session, pseudo, gemeente)
    makelaars = {  # a code is unique within a gemeente: the round's gemeente's brokers
        code.casefold(): code
        for code in session.scalars(select(Makelaar.code).where(Makelaar.gemeente_code == gemeente))
    }
    locale = settings.locale
    rapport = Rapport(bestand=pad.name)
    contacten: list[Contact] = []
    with open_tables(pad) as sheets:
        sheet = sheets[0]
        plaatsen = _KOLOMNAMEN.plaatsen(sheet.header)
        _controleer_kolommen(plaatsen, sheet.header, pad.name, sheet.name, ronde, kanaal)
        for rij, cellen in sheet.rows:
            rapport.gelezen += 1
            cel = _Cellen(cellen, plaatsen)

            def fout(veld: str, melding: str, waarde: str, rij: int = rij) -> None:
                rapport.voeg_fout_toe(
                    Fout(
                        bestand=pad.name,
                        blad=sheet.name,
                        rij=rij,
                        kolom=sheet.header[plaatsen[veld]] if veld in plaatsen else veld,
                        waarde=waarde,
                        melding=melding,
                    )
                )

            email = cel("email") or None
            if email is not None and not _EMAIL.fullmatch(email):
                fout("email", vertaal(MELDINGEN, "geen_email", locale, email=email), email)
                continue
            adres = tuple(p for p in (cel("adres"), cel.postcode_plaats()) if p)
            if kanaal is Kanaal.EMAIL and email is None:
                fout("email", vertaal(MELDINGEN, "email_ontbreekt", locale), "")
                continue
            if kanaal is Kanaal.BRIEF and not (cel("adres") and cel("postcode") and cel("plaats")):
                ontbreekt = next(v for v in ("adres", "postcode", "plaats") if not cel(v))
                fout(ontbreekt, vertaal(MELDINGEN, f"{ontbreekt}_ontbreekt", locale), "")
                continue
            if email is None and not adres:
                fout("email", vertaal(MELDINGEN, "niets", locale), "")
                continue
            wijk_code: str | None = None
            if cel("wijk"):
                try:
                    wijk_code = refs.wijk(cel("wijk"))
                except CellValueError as exc:
                    fout("wijk", exc.melding(locale), cel("wijk"))
                    continue
            respondent = None
            if ronde.modus is EnqueteModus.IDENTIFICEERBAAR:
                respondent = respondent_code(pseudo, makelaars, ronde.publiek, cel("code"), email)
                if respondent is None:
                    fout(
                        "code",
                        _code_uitleg(ronde.publiek, cel("code"), makelaars, locale),
                        cel("code"),
                    )
                    continue
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
    if rapport.aantal_fouten:
        raise BestandGeweigerd(rapport, locale)
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
        gevonden = ", ".join(repr(h) for h in header if h)
        bruikbaar = ", ".join(names[0] for names in KOLOMMEN.values())
        per = {Kanaal.EMAIL: "email", Kanaal.BRIEF: "letter", Kanaal.LIJST: "mail-merge list"}
        raise ImportFileError(
            f"kolom(men) {namen} ontbreken voor een {ronde.modus.value}e ronde voor "
            f"{ronde.publiek.value} via {kanaal.value}; gevonden kolommen: {gevonden or '(geen)'}. "
            f"Bruikbare kolommen: {bruikbaar}.",
            f"column(s) {namen} are missing for an {modus_label(ronde.modus, 'en')} round for "
            f"{publiek_label(ronde.publiek, 'en').lower()} by {per[kanaal]}; columns found: "
            f"{gevonden or '(none)'}. Usable columns: {bruikbaar}.",
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
    """Who answers in an identified round: a broker's code, or the pseudonym of a partner (or
    a social worker, should a researcher ask them identified)."""
    if publiek is Publiek.MAKELAARS:
        return makelaars.get(code.strip().casefold())
    waarde = code.strip() or (email or "")
    if not waarde:
        return None
    return "PA-" + pseudo.pseudonym("partner", waarde.casefold().encode().hex())


def _code_uitleg(publiek: Publiek, code: str, makelaars: dict[str, str], locale: str) -> str:
    if publiek is Publiek.MAKELAARS:
        bekend = ", ".join(sorted(makelaars.values())[:10]) or vertaal(MELDINGEN, "geen", locale)
        sleutel = "code_onbekend" if code else "code_ontbreekt"
        return vertaal(MELDINGEN, sleutel, locale, code=code, bekend=bekend)
    if publiek is Publiek.SOCIAAL_WERKERS:
        return vertaal(MELDINGEN, "sociaal_werker", locale)
    return vertaal(MELDINGEN, "partner", locale)
