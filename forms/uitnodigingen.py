"""Invitations: a contact list in, one invitation and personal link per person, sent per channel.

The contact list is a CSV (Dutch spreadsheet habits: `;`, cp1252, BOM; cycles/sources/tabular.py
reads it) or XLSX with columns such as e-mail, wijk, code (identified rounds: the broker's code,
or the partner's organisation/contact code), naam, adres, postcode, plaats. Each person's natural
key is a keyed pseudonym of their e-mail address (or, without one, their address), so running the
same list again invites nobody twice. A link's token exists only in what is handed out (the
mail, the letter, the mail-merge list); the store keeps its hash. Addresses are read to print
letters and are never stored.

Channels: `email` sends each person a message over SMTP (each send recorded in `verzending`; a
failure is recorded and reported, the others go on, and running again retries only the failed);
`brief` writes one PDF with a letter per person; `lijst` writes a mail-merge CSV.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from cycles.sources.cbs import display_name
from cycles.sources.logboek.kolommen import normalise_header
from cycles.sources.logboek.verwijzingen import Verwijzingen
from cycles.sources.logboek.waarden import Waardefout, tekst
from cycles.sources.tabular import Value, open_tables
from forms.brieven import Aanschrijving, Brief, schrijf_brieven
from forms.export import write_csv
from forms.mail import Mailer, maak_bericht
from forms.rondes import EnqueteRondeInfo, Staat, get_enquete_ronde, lokaal
from forms.tokens import add_token
from models.domain import EnqueteModus, Kanaal, Publiek
from models.errors import ImportFileError, MakelaarError
from models.privacy import Pseudonymiser, load_key
from models.settings import Settings
from models.store import Store
from models.tables import (
    Evaluatieronde,
    Makelaar,
    Uitnodiging,
    Verzending,
    Wijk,
    utcnow,
)

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
_INDEX = {normalise_header(name): veld for veld, names in KOLOMMEN.items() for name in names}
_EMAIL = re.compile(r"[^@\s;,<>\"]+@[^@\s;,<>\"]+\.[^@\s;,<>\".]{2,}")
SOORT_UITNODIGING = "uitnodiging"
SOORT_HERINNERING = "herinnering"


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


@dataclass(frozen=True)
class Levering:
    """One link to hand out: the invitation, the raw token's link and who gets it."""

    uitnodiging_id: int
    link: str
    email: str | None
    wijk: str
    naam: str | None
    adresregels: tuple[str, ...]


class Mislukt(BaseModel):
    """A message that could not be sent."""

    uitnodiging_id: int
    rij: int | None = None  # the contact list's row, where there was one
    fout: str


class Uitnodigingsrapport(BaseModel):
    """What one run of `uitnodigen` did."""

    enquete_ronde_id: int
    kanaal: Kanaal
    bestand: str  # the contact list
    gelezen: int = 0  # contacts read from the list
    nieuw: int = 0  # invitations created now
    opnieuw: int = 0  # invited before, but nothing reached them: tried again
    al_uitgenodigd: int = 0  # invited before: left alone
    dubbel: int = 0  # the same person more than once in the list
    verstuurd: int = 0  # messages sent, letters printed or rows listed
    mislukt: list[Mislukt] = Field(default_factory=list)
    uitvoer: str | None = None  # the PDF or CSV written


def link(settings: Settings, token: str) -> str:
    """The personal link of a token."""
    return f"{settings.public_url.rstrip('/')}/t/{token}"


def pseudonymiser(settings: Settings) -> Pseudonymiser:
    key, _, _ = load_key(settings)
    return Pseudonymiser(key)


def contact_sleutel(pseudo: Pseudonymiser, email: str | None, adres: Sequence[str]) -> str:
    """The natural key of a person: their e-mail address, else their address, pseudonymised."""
    if email:
        # hex so that '.', '+' and '_' (which normalise_name would blank) still tell apart
        return pseudo.pseudonym("contact-email", email.strip().casefold().encode().hex())
    return pseudo.pseudonym("contact-adres", " ".join(adres))


# --- reading the list ----------------------------------------------------------------------------


def lees_contacten(
    session: Session,
    settings: Settings,
    pad: Path,
    ronde: EnqueteRondeInfo,
    kanaal: Kanaal,
) -> list[Contact]:
    """The contacts in `pad`, checked for what this round and channel need (all rows or none)."""
    gemeente = _gemeente(session, ronde.ronde_id)
    refs = Verwijzingen.laad(session, pseudonymiser(settings), gemeente)
    pseudo = refs.pseudonymiser
    makelaars = {code.casefold(): code for code in session.scalars(select(Makelaar.code))}
    contacten: list[Contact] = []
    with open_tables(pad) as sheets:
        sheet = sheets[0]
        plaatsen: dict[str, int] = {}
        for index, kop in enumerate(sheet.header):
            veld = _INDEX.get(normalise_header(kop))
            if veld is not None and veld not in plaatsen:
                plaatsen[veld] = index
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
                except Waardefout as exc:
                    raise fout("wijk", exc.melding(settings.locale), cel("wijk")) from exc
            respondent = None
            if ronde.modus is EnqueteModus.IDENTIFICEERBAAR:
                respondent = _respondent(pseudo, makelaars, ronde.publiek, cel("code"), email)
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
class _Cellen:
    """One row's cells, by field name; every value as text the way the user sees it."""

    cellen: Sequence[Value]
    plaatsen: dict[str, int]

    def __call__(self, veld: str) -> str:
        index = self.plaatsen.get(veld)
        if index is None or index >= len(self.cellen):
            return ""
        return tekst(self.cellen[index])

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


def _respondent(
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


# --- inviting ------------------------------------------------------------------------------------


def uitnodigen(
    store: Store,
    settings: Settings,
    enquete_ronde_id: int,
    contacten: Path,
    kanaal: Kanaal,
    uit_map: Path | None = None,
    *,
    now: dt.datetime | None = None,
    taal: str | None = None,
) -> Uitnodigingsrapport:
    """Invite everyone on the list who is not invited yet, and hand out their links."""
    moment = now or utcnow()
    mailer = Mailer(settings) if kanaal is Kanaal.EMAIL else None  # a missing setting: stop now
    rapport = Uitnodigingsrapport(
        enquete_ronde_id=enquete_ronde_id, kanaal=kanaal, bestand=contacten.name
    )
    with store.session() as session:
        ronde = get_enquete_ronde(session, enquete_ronde_id, moment)
        if ronde.staat is Staat.GESLOTEN:
            raise MakelaarError(
                f"Enquêteronde {ronde.id} ({ronde.form_id}, {ronde.publiek.value}) is gesloten; "
                "uitnodigen kan alleen zolang het venster niet voorbij is."
            )
        gelezen = lees_contacten(session, settings, contacten, ronde, kanaal)
        rapport.gelezen = len(gelezen)
        leveringen, rijen = _maak_uitnodigingen(session, settings, ronde, gelezen, kanaal, rapport)
    aanschrijving = aanschrijving_voor(ronde, settings, taal=taal, herinnering=False)
    map_ = uit_map or standaard_map(settings)
    if not leveringen:
        return rapport
    if mailer is not None:
        with mailer:
            lever_mails(
                store,
                settings,
                mailer,
                aanschrijving,
                leveringen,
                SOORT_UITNODIGING,
                moment,
                rapport.mislukt,
                rijen,
            )
        rapport.verstuurd = len(leveringen) - len(rapport.mislukt)
        return rapport
    naam = f"uitnodigingen-enquete-{ronde.id}-{moment:%Y%m%d-%H%M%S}"
    if kanaal is Kanaal.BRIEF:
        pad = lever_brieven(aanschrijving, leveringen, map_ / f"{naam}.pdf")
    else:
        pad = lever_lijst(aanschrijving, leveringen, map_ / f"{naam}.csv")
    leg_vast(store, leveringen, kanaal, SOORT_UITNODIGING, moment)
    rapport.verstuurd = len(leveringen)
    rapport.uitvoer = str(pad)
    return rapport


def wijknamen(session: Session) -> dict[str, str]:
    """Wijk code → the name people use ('Overvecht' for 'Wijk 03 Overvecht')."""
    return {c: display_name(n) for c, n in session.execute(select(Wijk.code, Wijk.naam)).tuples()}


def standaard_map(settings: Settings) -> Path:
    """Where letters and lists go when no folder is given: enquetes/ in the output folder."""
    return settings.output_dir / "enquetes"


def aanschrijving_voor(
    ronde: EnqueteRondeInfo, settings: Settings, *, taal: str | None, herinnering: bool
) -> Aanschrijving:
    return Aanschrijving(
        titel=ronde.titel,
        publiek=ronde.publiek,
        anoniem=ronde.modus is EnqueteModus.ANONIEM,
        sluit_op=ronde.sluit_op,
        taal=taal or settings.locale,
        herinnering=herinnering,
        min_n=settings.min_cell_size,
    )


def _maak_uitnodigingen(
    session: Session,
    settings: Settings,
    ronde: EnqueteRondeInfo,
    contacten: Sequence[Contact],
    kanaal: Kanaal,
    rapport: Uitnodigingsrapport,
) -> tuple[list[Levering], dict[int, int]]:
    """Create the new invitations and a token for each one to hand out (one transaction)."""
    bestaand = {
        u.contact: u
        for u in session.scalars(
            select(Uitnodiging).where(Uitnodiging.enquete_ronde_id == ronde.id)
        )
    }
    respondenten = {u.respondent for u in bestaand.values() if u.respondent}
    bereikt = set(
        session.scalars(
            select(Verzending.uitnodiging_id)
            .join(Uitnodiging, Uitnodiging.id == Verzending.uitnodiging_id)
            .where(Uitnodiging.enquete_ronde_id == ronde.id, Verzending.gelukt.is_(True))
        )
    )
    namen = wijknamen(session)
    gezien: set[str] = set()
    leveringen: list[Levering] = []
    rijen: dict[int, int] = {}
    for contact in contacten:
        if contact.contact in gezien or (
            contact.respondent is not None
            and contact.respondent in respondenten
            and contact.contact not in bestaand
        ):
            if contact.contact in gezien:
                rapport.dubbel += 1
            else:
                rapport.al_uitgenodigd += 1
            continue
        gezien.add(contact.contact)
        uitnodiging = bestaand.get(contact.contact)
        if uitnodiging is not None:
            if uitnodiging.id in bereikt or uitnodiging.kanaal is not kanaal:
                rapport.al_uitgenodigd += 1
                continue
            rapport.opnieuw += 1
        else:
            uitnodiging = Uitnodiging(
                enquete_ronde_id=ronde.id,
                contact=contact.contact,
                respondent=contact.respondent,
                wijk_code=contact.wijk_code,
                kanaal=kanaal,
                email=contact.email if kanaal is not Kanaal.BRIEF else None,
            )
            session.add(uitnodiging)
            session.flush()
            if contact.respondent:
                respondenten.add(contact.respondent)
            rapport.nieuw += 1
        token = add_token(session, uitnodiging.id)
        rijen[uitnodiging.id] = contact.rij
        leveringen.append(
            Levering(
                uitnodiging_id=uitnodiging.id,
                link=link(settings, token),
                email=contact.email,
                wijk=namen.get(contact.wijk_code or "", ""),
                naam=contact.naam,
                adresregels=contact.adresregels,
            )
        )
    return leveringen, rijen


# --- handing out links (shared with the reminders) -----------------------------------------------


def lever_mails(
    store: Store,
    settings: Settings,
    mailer: Mailer,
    aanschrijving: Aanschrijving,
    leveringen: Sequence[Levering],
    soort: str,
    moment: dt.datetime,
    mislukt: list[Mislukt],
    rijen: dict[int, int] | None = None,
) -> list[Levering]:
    """Send one mail per link and record each send; returns the ones that failed."""
    gefaald: list[Levering] = []
    for levering in leveringen:
        assert levering.email is not None
        bericht = maak_bericht(
            settings, aanschrijving, naar=levering.email, link=levering.link, naam=levering.naam
        )
        fout = mailer.verstuur(bericht)
        if fout is not None:
            fout = fout.replace(levering.link, "[link]")
        with store.session() as session:
            session.add(
                Verzending(
                    uitnodiging_id=levering.uitnodiging_id,
                    soort=soort,
                    kanaal=Kanaal.EMAIL,
                    verstuurd_op=moment,
                    gelukt=fout is None,
                    fout=fout,
                )
            )
            if fout is None:
                uitnodiging = session.get(Uitnodiging, levering.uitnodiging_id)
                assert uitnodiging is not None
                uitnodiging.laatst_benaderd_op = moment
        if fout is not None:
            gefaald.append(levering)
            mislukt.append(
                Mislukt(
                    uitnodiging_id=levering.uitnodiging_id,
                    rij=(rijen or {}).get(levering.uitnodiging_id),
                    fout=fout,
                )
            )
    return gefaald


def lever_brieven(aanschrijving: Aanschrijving, leveringen: Sequence[Levering], pad: Path) -> Path:
    """One PDF with a letter per link."""
    brieven = [Brief(link=x.link, naam=x.naam, adresregels=x.adresregels) for x in leveringen]
    return schrijf_brieven(aanschrijving, brieven, pad)


LIJST_KOLOMMEN: dict[str, tuple[str, ...]] = {
    "nl": ("e-mail", "naam", "wijk", "link", "onderwerp", "sluit op"),
    "en": ("e-mail", "name", "district", "link", "subject", "closes at"),
}


def lever_lijst(aanschrijving: Aanschrijving, leveringen: Sequence[Levering], pad: Path) -> Path:
    """A mail-merge CSV with a row per link (spreadsheet-safe, see forms/export.py)."""
    sluit = lokaal(aanschrijving.sluit_op)
    rows = [
        (x.email or "", x.naam or "", x.wijk, x.link, aanschrijving.onderwerp, sluit)
        for x in leveringen
    ]
    kop = LIJST_KOLOMMEN["en" if aanschrijving.taal == "en" else "nl"]
    return write_csv(pad, kop, rows)


def leg_vast(
    store: Store,
    leveringen: Sequence[Levering],
    kanaal: Kanaal,
    soort: str,
    moment: dt.datetime,
) -> None:
    """Record that a letter or list row was made for each link."""
    with store.session() as session:
        for levering in leveringen:
            session.add(
                Verzending(
                    uitnodiging_id=levering.uitnodiging_id,
                    soort=soort,
                    kanaal=kanaal,
                    verstuurd_op=moment,
                )
            )
            uitnodiging = session.get(Uitnodiging, levering.uitnodiging_id)
            assert uitnodiging is not None
            uitnodiging.laatst_benaderd_op = moment
