"""Invitations: a contact list in, one invitation and personal link per person, sent per channel.

The contact list is read by forms/contacten.py. Each person's natural key is a keyed pseudonym
of their e-mail address (or, without one, their address), so running the same list again
invites nobody twice. A link's token exists only in what is handed out (the
mail, the letter, the mail-merge list); the store keeps its hash. Addresses are read to print
letters and are never stored.

Channels: `email` sends each person a message over SMTP (each send recorded in `verzending`; a
failure is recorded and reported, the others go on, and running again retries only the failed);
`brief` writes one PDF with a letter per person; `lijst` writes a mail-merge CSV.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from makelaar.forms.brieven import Aanschrijving, Brief, schrijf_brieven
from makelaar.forms.contacten import Contact, lees_contacten, respondent_code
from makelaar.forms.definitie import Formulier
from makelaar.forms.export import write_csv
from makelaar.forms.invulduur import invulduur_minuten
from makelaar.forms.mail import Mailer, maak_bericht
from makelaar.forms.rondes import EnqueteRondeInfo, Staat, get_enquete_ronde
from makelaar.forms.tijden import lokaal_einde
from makelaar.forms.tokens import add_code, add_token
from makelaar.intake.cbs import display_name
from makelaar.models.domain import EnqueteModus, Kanaal
from makelaar.models.errors import MakelaarError
from makelaar.models.gemeente_instellingen import instellingen_voor_enquete
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.taal import Catalogus, catalogus, in_taal, vertaal
from makelaar.models.tables import (
    Enquete,
    Uitnodiging,
    Verzending,
    Wijk,
    utcnow,
)

#: the rule for who answers in an identified round (forms/importeren.py imports it by this name)
_respondent = respondent_code
#: a send recorded as under way for longer than this was cut off and may be tried again
ONDERWEG_MAX = dt.timedelta(minutes=15)
#: letters per PDF file (WeasyPrint lays out a whole document in memory: ~40 ms per letter)
BRIEVEN_PER_PDF = 500
SOORT_UITNODIGING = "uitnodiging"
SOORT_HERINNERING = "herinnering"


@dataclass(frozen=True)
class Levering:
    """One link to hand out: the invitation, the raw token's link and who gets it."""

    uitnodiging_id: int
    verzending_id: int  # the send recorded as under way before it is tried
    link: str
    email: str | None
    wijk: str
    naam: str | None
    adresregels: tuple[str, ...]
    code: str | None = None  # a letter's short code (forms.tokens), normalised


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
    uitvoer: str | None = None  # the PDF or CSV written (the first, if the letters needed more)
    bestanden: list[str] = Field(default_factory=list)  # every file written


def link(settings: Settings, token: str) -> str:
    """The personal link of a token."""
    return f"{settings.public_url.rstrip('/')}/t/{token}"


def codepagina(settings: Settings) -> str:
    """Where a letter's short code is typed (forms.web.openen): the public address + /code."""
    return f"{settings.public_url.rstrip('/')}/code"


def code_voor(session: Session, kanaal: Kanaal, uitnodiging_id: int, token: str) -> str | None:
    """A letter's short code for its token (letters only: a mail's link is a click away)."""
    return add_code(session, uitnodiging_id, token) if kanaal is Kanaal.BRIEF else None


def invulduur(session: Session, enquete_id: int) -> int:
    """How many minutes answering the round's form takes (forms.invulduur)."""
    definitie = session.execute(
        select(Enquete.definitie).where(Enquete.id == enquete_id)
    ).scalar_one()
    return invulduur_minuten(Formulier.model_validate(definitie))


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
    """Invite everyone on the list who is not invited yet, and hand out their links.

    What people get (language, sender, links, contact line, minimum group size) follows the
    settings of the survey round's gemeente (models.gemeente_instellingen); what the user is
    told about the contact list, the global settings.
    """
    moment = now or utcnow()
    voor_gemeente = instellingen_voor_enquete(store, settings, enquete_ronde_id)
    mailer = Mailer(settings) if kanaal is Kanaal.EMAIL else None  # a missing setting: stop now
    rapport = Uitnodigingsrapport(
        enquete_ronde_id=enquete_ronde_id, kanaal=kanaal, bestand=contacten.name
    )
    try:
        with store.session() as session:
            ronde = get_enquete_ronde(session, enquete_ronde_id, moment)
            if ronde.staat is Staat.GESLOTEN:
                raise MakelaarError(
                    in_taal(
                        settings.locale,
                        f"Enquêteronde {ronde.id} ({ronde.form_id}, {ronde.publiek.value}) is "
                        "gesloten; uitnodigen kan alleen zolang het venster niet voorbij is.",
                        f"Survey round {ronde.id} ({ronde.form_id}, {ronde.publiek.value}) is "
                        "closed; inviting is possible only while the window has not passed.",
                    )
                )
            gelezen = lees_contacten(session, settings, contacten, ronde, kanaal)
            rapport.gelezen = len(gelezen)
            leveringen, rijen = _maak_uitnodigingen(
                session, voor_gemeente, ronde, gelezen, kanaal, rapport, moment
            )
            minuten = invulduur(session, ronde.enquete_id)
    except IntegrityError as exc:  # another run invited some of the same people just now
        raise MakelaarError(
            in_taal(
                settings.locale,
                f"Tegelijk met deze run nodigde een andere run mensen uit voor enquêteronde "
                f"{enquete_ronde_id}; er is niets opgeslagen. Voer het commando opnieuw uit: wie "
                "al uitgenodigd is, wordt overgeslagen.",
                f"At the same time as this run, another run invited people to survey round "
                f"{enquete_ronde_id}; nothing was saved. Run the command again: whoever is already "
                "invited is skipped.",
            )
        ) from exc
    aanschrijving = aanschrijving_voor(
        ronde, voor_gemeente, taal=taal, herinnering=False, minuten=minuten
    )
    map_ = uit_map or standaard_map(settings)
    if not leveringen:
        return rapport
    if mailer is not None:
        with mailer:
            lever_mails(
                store,
                voor_gemeente,
                mailer,
                aanschrijving,
                leveringen,
                moment,
                rapport.mislukt,
                rijen,
            )
        rapport.verstuurd = len(leveringen) - len(rapport.mislukt)
        return rapport
    naam = f"uitnodigingen-enquete-{ronde.id}-{moment:%Y%m%d-%H%M%S}"
    if kanaal is Kanaal.BRIEF:
        paden = lever_brieven(aanschrijving, leveringen, map_, naam)
    else:
        paden = [lever_lijst(aanschrijving, leveringen, map_ / f"{naam}.csv")]
    leg_vast(store, leveringen, moment)
    rapport.verstuurd = len(leveringen)
    rapport.bestanden = [str(p) for p in paden]
    rapport.uitvoer = rapport.bestanden[0]
    return rapport


def begin_verzending(
    session: Session, uitnodiging_id: int, soort: str, kanaal: Kanaal, moment: dt.datetime
) -> int:
    """Record a send as under way (not yet succeeded, no error) before it is tried; its id."""
    verzending = Verzending(
        uitnodiging_id=uitnodiging_id,
        soort=soort,
        kanaal=kanaal,
        verstuurd_op=moment,
        gelukt=False,
        fout=None,
    )
    session.add(verzending)
    session.flush()
    return verzending.id


def pogingen(
    session: Session, enquete_ronde_id: int, moment: dt.datetime
) -> tuple[set[int], set[int]]:
    """Invitations of a round that were delivered, and those another run is delivering now.

    A send under way for longer than ONDERWEG_MAX was cut off (a crash): it may be tried again.
    """
    bereikt: set[int] = set()
    onderweg: set[int] = set()
    rows = session.execute(
        select(
            Verzending.uitnodiging_id, Verzending.gelukt, Verzending.fout, Verzending.verstuurd_op
        )
        .join(Uitnodiging, Uitnodiging.id == Verzending.uitnodiging_id)
        .where(Uitnodiging.enquete_ronde_id == enquete_ronde_id)
    ).tuples()
    for uitnodiging_id, gelukt, fout, op in rows:
        if gelukt:
            bereikt.add(uitnodiging_id)
        elif fout is None and moment - op < ONDERWEG_MAX:
            onderweg.add(uitnodiging_id)
    return bereikt, onderweg


def wijknamen(session: Session) -> dict[str, str]:
    """Wijk code → the name people use ('Overvecht' for 'Wijk 03 Overvecht')."""
    return {c: display_name(n) for c, n in session.execute(select(Wijk.code, Wijk.naam)).tuples()}


def standaard_map(settings: Settings) -> Path:
    """Where letters and lists go when no folder is given: enquetes/ in the output folder."""
    return settings.output_dir / "enquetes"


def aanschrijving_voor(
    ronde: EnqueteRondeInfo,
    settings: Settings,
    *,
    taal: str | None,
    herinnering: bool,
    minuten: int | None,
) -> Aanschrijving:
    """What the round's invitations or reminders say; `minuten` from `invulduur`."""
    taal = taal or settings.locale
    return Aanschrijving(
        titel=ronde.titel,
        publiek=ronde.publiek,
        anoniem=ronde.modus is EnqueteModus.ANONIEM,
        sluit_op=ronde.sluit_op,
        opent_op=ronde.opent_op,
        taal=taal,
        herinnering=herinnering,
        min_n=settings.min_cell_size,
        minuten=minuten,
        contact=settings.contactregel(taal),
        codepagina=codepagina(settings),
    )


def _maak_uitnodigingen(
    session: Session,
    settings: Settings,
    ronde: EnqueteRondeInfo,
    contacten: Sequence[Contact],
    kanaal: Kanaal,
    rapport: Uitnodigingsrapport,
    moment: dt.datetime,
) -> tuple[list[Levering], dict[int, int]]:
    """Create the new invitations and a token for each one to hand out (one transaction)."""
    bestaand = {
        u.contact: u
        for u in session.scalars(
            select(Uitnodiging).where(Uitnodiging.enquete_ronde_id == ronde.id)
        )
    }
    respondenten = {u.respondent for u in bestaand.values() if u.respondent}
    bereikt, onderweg = pogingen(session, ronde.id, moment)
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
            if uitnodiging.id in bereikt | onderweg or uitnodiging.kanaal is not kanaal:
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
                verzending_id=begin_verzending(
                    session, uitnodiging.id, SOORT_UITNODIGING, kanaal, moment
                ),
                link=link(settings, token),
                email=contact.email,
                wijk=namen.get(contact.wijk_code or "", ""),
                naam=contact.naam,
                adresregels=contact.adresregels,
                code=code_voor(session, kanaal, uitnodiging.id, token),
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
    moment: dt.datetime,
    mislukt: list[Mislukt],
    rijen: dict[int, int] | None = None,
) -> list[Levering]:
    """Send one mail per link and record how each send went; returns the ones that failed."""
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
            verzending = session.get(Verzending, levering.verzending_id)
            assert verzending is not None
            verzending.gelukt, verzending.fout = fout is None, fout
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


def lever_brieven(
    aanschrijving: Aanschrijving, leveringen: Sequence[Levering], map_: Path, naam: str
) -> list[Path]:
    """PDFs with a letter per link: `naam`.pdf, or `naam`-1.pdf, -2, ... of BRIEVEN_PER_PDF each.

    One renderer holds a whole document in memory; batches keep a city's letters printable.
    """
    brieven = [
        Brief(link=x.link, naam=x.naam, adresregels=x.adresregels, code=x.code) for x in leveringen
    ]
    delen = [brieven[i : i + BRIEVEN_PER_PDF] for i in range(0, len(brieven), BRIEVEN_PER_PDF)]
    if len(delen) == 1:
        return [schrijf_brieven(aanschrijving, delen[0], map_ / f"{naam}.pdf")]
    return [
        schrijf_brieven(aanschrijving, deel, map_ / f"{naam}-{nummer}.pdf")
        for nummer, deel in enumerate(delen, start=1)
    ]


LIJST_KOLOMMEN: Catalogus = catalogus(
    "lijst_kolommen",
    {
        "email": {"nl": "e-mail", "en": "e-mail"},
        "naam": {"nl": "naam", "en": "name"},
        "wijk": {"nl": "wijk", "en": "district"},
        "link": {"nl": "link", "en": "link"},
        "onderwerp": {"nl": "onderwerp", "en": "subject"},
        "sluit": {"nl": "sluit op", "en": "closes at"},
    },
)
"""The mail-merge list's column headings, in the order of its columns."""


def lever_lijst(aanschrijving: Aanschrijving, leveringen: Sequence[Levering], pad: Path) -> Path:
    """A mail-merge CSV with a row per link (spreadsheet-safe, see forms/export.py)."""
    sluit = lokaal_einde(aanschrijving.sluit_op)
    rows = [
        (x.email or "", x.naam or "", x.wijk, x.link, aanschrijving.onderwerp, sluit)
        for x in leveringen
    ]
    kop = tuple(vertaal(LIJST_KOLOMMEN, key, aanschrijving.taal) for key in LIJST_KOLOMMEN)
    return write_csv(pad, kop, rows)


def leg_vast(store: Store, leveringen: Sequence[Levering], moment: dt.datetime) -> None:
    """Record that a letter or list row was made for each link."""
    with store.session() as session:
        for levering in leveringen:
            verzending = session.get(Verzending, levering.verzending_id)
            assert verzending is not None
            verzending.gelukt = True
            uitnodiging = session.get(Uitnodiging, levering.uitnodiging_id)
            assert uitnodiging is not None
            uitnodiging.laatst_benaderd_op = moment
