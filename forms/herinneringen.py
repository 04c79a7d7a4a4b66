"""Reminders to those who have not answered: at most N per person, with a minimum gap, while open.

In an identified round only invitations with status open or bezig get one (never beantwoord or
ingetrokken). In an anonymous round nobody's invitation records an answer (forms.geheim), and
every invitation that is not withdrawn is reminded alike, with thanks to whoever already took
part: reminding only some would write down who had answered. A reminder goes out only when
the last contact is at least `herinnering_na_uren` ago and fewer than `max_herinneringen`
reminders went out, and only while the survey round's window is open. Each reminder carries a
new token (the earlier links keep working). An invitation is claimed with a guarded UPDATE
before its reminder goes out, so two runs at once never remind one person twice; a mail that
fails gives the claim back (and revokes its unsent token), so the next run tries again.

Letters need the address, which is never stored: pass the contact list again (`contacten`); its
rows are matched to invitations by their keyed pseudonym.

A reminder says what its round's gemeente's settings say (language, sender, links, contact:
models.gemeente_instellingen); the SMTP server and the folders are global.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from makelaar.forms.contacten import Contact, lees_contacten
from makelaar.forms.mail import Mailer, smtp_password
from makelaar.forms.opruimen import ruim_op
from makelaar.forms.rondes import Staat, get_enquete_ronde, lijst_enquetes
from makelaar.forms.tokens import add_token, hash_token
from makelaar.forms.uitnodigingen import (
    SOORT_HERINNERING,
    Levering,
    Mislukt,
    aanschrijving_voor,
    begin_verzending,
    code_voor,
    invulduur,
    leg_vast,
    lever_brieven,
    lever_lijst,
    lever_mails,
    link,
    standaard_map,
    wijknamen,
)
from makelaar.models.domain import Kanaal, UitnodigingStatus
from makelaar.models.errors import ConfigurationError
from makelaar.models.gemeente_instellingen import instellingen_voor_enquete
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.taal import Catalogus, catalogus, vertaal
from makelaar.models.tables import Uitnodiging, UitnodigingToken, Verzending, utcnow

REDENEN: Catalogus = catalogus(
    "herinnering_redenen",
    {
        "beantwoord": {"nl": "heeft al geantwoord", "en": "has answered"},
        "ingetrokken": {"nl": "uitnodiging ingetrokken", "en": "invitation withdrawn"},
        "maximum": {
            "nl": "maximum aantal herinneringen bereikt",
            "en": "maximum number of reminders reached",
        },
        "te_kort_geleden": {
            "nl": "laatste contact te kort geleden",
            "en": "last contact too recent",
        },
        "nooit_bereikt": {
            "nl": "uitnodiging kwam nooit aan (stuur die opnieuw met 'enquete uitnodigen')",
            "en": "invitation never arrived (send it again with 'enquete uitnodigen')",
        },
        "geen_adres": {
            "nl": "adres nodig: geef de contactenlijst mee (--contacten)",
            "en": "address needed: pass the contact list (--contacten)",
        },
        "geen_email": {"nl": "geen e-mailadres bewaard", "en": "no e-mail address stored"},
        "geen_smtp": {
            "nl": "geen SMTP-server ingesteld (MAKELAAR_SMTP_HOST)",
            "en": "no SMTP server configured (MAKELAAR_SMTP_HOST)",
        },
    },
)
"""Why an invitation got no reminder: the report's keys."""


class Rondeherinnering(BaseModel):
    """What one survey round's reminder run did."""

    enquete_ronde_id: int
    titel: str
    publiek: str
    staat: Staat
    verstuurd: dict[str, int] = Field(default_factory=dict)  # channel → reminders handed out
    overgeslagen: dict[str, int] = Field(default_factory=dict)  # reason (REDENEN) → count
    mislukt: list[Mislukt] = Field(default_factory=list)
    bestanden: list[str] = Field(default_factory=list)  # reminder letters PDF, reminder CSV


class Herinneringsrapport(BaseModel):
    """What one reminder run did, per survey round."""

    moment: dt.datetime
    rondes: list[Rondeherinnering] = Field(default_factory=list)

    @property
    def verstuurd(self) -> int:
        return sum(sum(r.verstuurd.values()) for r in self.rondes)

    @property
    def mislukt(self) -> int:
        return sum(len(r.mislukt) for r in self.rondes)

    @property
    def zonder_smtp(self) -> int:
        """E-mail reminders that were due but could not go out: no SMTP server configured."""
        return sum(r.overgeslagen.get("geen_smtp", 0) for r in self.rondes)


class GeenSmtpServer(ConfigurationError):
    """E-mail reminders were due and no SMTP server is configured: the run failed.

    Raised after everything else was done (letters and lists written), so `rapport` tells what
    did happen; the scheduled flow ends failed instead of succeeding with nothing sent.
    """

    def __init__(self, rapport: Herinneringsrapport) -> None:
        aantal = rapport.zonder_smtp
        super().__init__(
            f"{aantal} herinnering(en) per e-mail konden niet worden verstuurd: er is geen "
            "SMTP-server ingesteld. Zet MAKELAAR_SMTP_HOST (en zo nodig MAKELAAR_SMTP_PORT, "
            "MAKELAAR_SMTP_TLS, MAKELAAR_SMTP_USER en MAKELAAR_SMTP_PASSWORD) en voer "
            "'makelaar enquete herinneren' opnieuw uit; die herinneringen gaan dan alsnog uit.",
            en=f"{aantal} reminder(s) by e-mail could not be sent: no SMTP server is set. Set "
            "MAKELAAR_SMTP_HOST (and where needed MAKELAAR_SMTP_PORT, MAKELAAR_SMTP_TLS, "
            "MAKELAAR_SMTP_USER and MAKELAAR_SMTP_PASSWORD) and run 'makelaar enquete herinneren' "
            "again; those reminders are then sent after all.",
        )
        self.rapport = rapport

    def __reduce__(self) -> tuple[type[GeenSmtpServer], tuple[Herinneringsrapport]]:
        return (type(self), (self.rapport,))  # pickled by Prefect with the failed state


def reden(code: str, locale: str = "nl") -> str:
    """The sentence for a reason code."""
    return vertaal(REDENEN, code, locale)


def herinner(
    store: Store,
    settings: Settings,
    enquete_ronde_id: int | None = None,
    *,
    contacten: Path | None = None,
    uit_map: Path | None = None,
    now: dt.datetime | None = None,
    taal: str | None = None,
) -> Herinneringsrapport:
    """Remind the non-responders of one survey round, or of every round whose window is open."""
    moment = now or utcnow()
    rapport = Herinneringsrapport(moment=moment)
    if settings.smtp_host and settings.smtp_user:
        smtp_password(settings)  # a password block that is missing stops here, nothing claimed
    ruim_op(store, now=moment)  # windows that closed since: their addresses and marks go first
    if enquete_ronde_id is not None:
        with store.session() as session:
            rondes = [get_enquete_ronde(session, enquete_ronde_id, moment)]
    else:
        rondes = [r for r in lijst_enquetes(store, now=moment) if r.staat is Staat.OPEN]
    for ronde in rondes:
        # what people get follows the round's gemeente (models.gemeente_instellingen)
        voor_gemeente = instellingen_voor_enquete(store, settings, ronde.id)
        deel = Rondeherinnering(
            enquete_ronde_id=ronde.id, titel=ronde.titel, publiek=ronde.publiek.value,
            staat=ronde.staat,
        )  # fmt: skip
        rapport.rondes.append(deel)
        if ronde.staat is not Staat.OPEN:
            continue
        adressen: dict[str, Contact] = {}
        if contacten is not None:
            with store.session() as session:
                gelezen = lees_contacten(session, settings, contacten, ronde, Kanaal.LIJST)
            adressen = {c.contact: c for c in gelezen}
        with store.session() as session:
            per_kanaal = _claim(
                session, voor_gemeente, ronde.id, moment, adressen, deel.overgeslagen
            )
            minuten = invulduur(session, ronde.enquete_id)
        aanschrijving = aanschrijving_voor(
            ronde, voor_gemeente, taal=taal, herinnering=True, minuten=minuten
        )
        naam = f"herinneringen-enquete-{ronde.id}-{moment:%Y%m%d-%H%M%S}"
        map_ = uit_map or standaard_map(settings)
        for kanaal, leveringen in per_kanaal.items():
            if not leveringen:
                continue
            if kanaal is Kanaal.EMAIL:
                with Mailer(settings) as mailer:
                    gefaald = lever_mails(
                        store,
                        voor_gemeente,
                        mailer,
                        aanschrijving,
                        leveringen,
                        moment,
                        deel.mislukt,
                    )
                with store.session() as session:
                    _geef_terug(session, gefaald)
                geleverd = len(leveringen) - len(gefaald)
            else:
                if kanaal is Kanaal.BRIEF:
                    paden = lever_brieven(aanschrijving, leveringen, map_, naam)
                else:
                    paden = [lever_lijst(aanschrijving, leveringen, map_ / f"{naam}.csv")]
                leg_vast(store, leveringen, moment)
                deel.bestanden += [str(p) for p in paden]
                geleverd = len(leveringen)
            if geleverd:
                deel.verstuurd[kanaal.value] = geleverd
    return rapport


def _claim(
    session: Session,
    settings: Settings,
    enquete_ronde_id: int,
    moment: dt.datetime,
    adressen: dict[str, Contact],
    overgeslagen: dict[str, int],
) -> dict[Kanaal, list[Levering]]:
    """Claim every invitation that is due for a reminder and give it a new token."""
    ronde = get_enquete_ronde(session, enquete_ronde_id, moment)
    gap = dt.timedelta(hours=ronde.herinnering_na_uren)
    namen = wijknamen(session)
    redenen: Counter[str] = Counter()
    per_kanaal: dict[Kanaal, list[Levering]] = {k: [] for k in Kanaal}
    uitnodigingen = session.scalars(
        select(Uitnodiging)
        .where(Uitnodiging.enquete_ronde_id == enquete_ronde_id)
        .order_by(Uitnodiging.id)
    ).all()
    # In an anonymous round every invitation is reminded alike, answered or not: whom a run
    # skipped would be written down (the mail log, the reminder count, the new link) as having
    # answered, and a copy of the database could then tie responses to them. The reminder thanks
    # whoever already took part (forms/templates/_tekst.j2).
    for u in uitnodigingen:
        code = _waarom_niet(u, ronde.max_herinneringen, gap, moment, adressen)
        if code is None and u.kanaal is Kanaal.EMAIL and not settings.smtp_host:
            code = "geen_smtp"
        if code is not None:
            redenen[code] += 1
            continue
        claimed = session.execute(
            update(Uitnodiging)
            .where(
                Uitnodiging.id == u.id,
                Uitnodiging.herinneringen == u.herinneringen,
                Uitnodiging.status.in_([UitnodigingStatus.OPEN, UitnodigingStatus.BEZIG]),
            )
            .values(herinneringen=Uitnodiging.herinneringen + 1, laatst_benaderd_op=moment)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
            redenen["te_kort_geleden"] += 1  # another run just reminded this person
            continue
        contact = adressen.get(u.contact)
        token = add_token(session, u.id)
        per_kanaal[u.kanaal].append(
            Levering(
                uitnodiging_id=u.id,
                verzending_id=begin_verzending(session, u.id, SOORT_HERINNERING, u.kanaal, moment),
                link=link(settings, token),
                email=u.email,
                wijk=namen.get(u.wijk_code or "", ""),
                naam=contact.naam if contact else None,
                adresregels=contact.adresregels if contact else (),
                code=code_voor(session, u.kanaal, u.id, token),
            )
        )
    overgeslagen.update(redenen)
    return per_kanaal


def _waarom_niet(
    u: Uitnodiging,
    maximum: int,
    gap: dt.timedelta,
    moment: dt.datetime,
    adressen: dict[str, Contact],
) -> str | None:
    """Why this invitation gets no reminder now, or None when it is due."""
    if u.status is UitnodigingStatus.BEANTWOORD:
        return "beantwoord"
    if u.status is UitnodigingStatus.INGETROKKEN:
        return "ingetrokken"
    if u.herinneringen >= maximum:
        return "maximum"
    if u.laatst_benaderd_op is None:
        return "nooit_bereikt"
    if moment - u.laatst_benaderd_op < gap:
        return "te_kort_geleden"
    if u.kanaal is Kanaal.BRIEF and u.contact not in adressen:
        return "geen_adres"
    if u.kanaal is Kanaal.EMAIL and not u.email:
        return "geen_email"
    return None


def _geef_terug(session: Session, gefaald: list[Levering]) -> None:
    """Undo the claim of reminders that did not go out, and revoke their unsent tokens."""
    for levering in gefaald:
        u = session.get(Uitnodiging, levering.uitnodiging_id)
        assert u is not None
        u.herinneringen = max(0, u.herinneringen - 1)
        u.laatst_benaderd_op = session.scalar(
            select(func.max(Verzending.verstuurd_op)).where(
                Verzending.uitnodiging_id == u.id, Verzending.gelukt.is_(True)
            )
        )
        token = levering.link.rsplit("/", 1)[-1]
        hashes = [hash_token(token)]
        if levering.code is not None:  # a letter's short code goes with its link
            hashes.append(hash_token(levering.code))
        for digest in hashes:
            row = session.get(UitnodigingToken, digest)
            if row is not None:
                row.ingetrokken = True
