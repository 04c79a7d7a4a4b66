"""Printable letters with a personal link and its QR code: one PDF/UA file, one page per person.

The texts (shared with the e-mails) are the catalogue BRIEVEN below, put together by the macros of
forms/templates/_tekst.j2; Jinja2 escapes every value.
The QR code is segno's inline SVG, so WeasyPrint needs to read nothing: its URL fetcher serves
only forms/templates/ and refuses everything else (as the handreiking renderer does). The file is
written under a temporary name and renamed into place when complete.

The address lines are used only to print the letter: they are never stored or logged.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import segno
from babel.dates import format_date, format_datetime
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import HTML

from makelaar.forms.tokens import toon_code
from makelaar.handreiking.fetcher import StaticFetcher
from makelaar.models.domain import Publiek
from makelaar.models.errors import MakelaarError
from makelaar.models.files import sync_directory
from makelaar.models.taal import Catalogus, babel_locale, catalogus, vertaal

TEMPLATES = Path(__file__).resolve().parent / "templates"
PDF_VARIANT = "pdf/ua-1"
AMSTERDAM = "Europe/Amsterdam"

BRIEVEN: Catalogus = catalogus(
    "brieven",
    {
        "onderwerp_uitnodiging": {"nl": "Uitnodiging: {titel}", "en": "Invitation: {titel}"},
        "onderwerp_herinnering": {"nl": "Herinnering: {titel}", "en": "Reminder: {titel}"},
        "documenttitel_uitnodigingen": {
            "nl": "Uitnodigingen: {titel}",
            "en": "Invitations: {titel}",
        },
        "documenttitel_herinneringen": {"nl": "Herinneringen: {titel}", "en": "Reminders: {titel}"},
        "moment_patroon": {"nl": "d MMMM y 'om' HH:mm", "en": "d MMMM y 'at' HH:mm"},
        "qr_label": {"nl": "QR-code met de link hierboven", "en": "QR code with the link above"},
        "aanhef": {"nl": "Beste {naam},", "en": "Dear {naam},"},
        "aanhef_bewoners": {"nl": "bewoner(s)", "en": "resident(s)"},
        "aanhef_sociaal_werkers": {"nl": "sociaal werker", "en": "social worker"},
        "aanhef_deelnemer": {"nl": "deelnemer", "en": "participant"},
        "inleiding_herinnering_anoniem": {
            "nl": (
                'Kort geleden vroegen we u mee te doen aan "{titel}". Heeft u al meegedaan? '
                "Hartelijk dank; u hoeft niets meer te doen. Uw antwoorden zijn anoniem: we weten "
                "niet wie al meedeed, en daarom krijgt iedereen die we uitnodigden deze "
                "herinnering. Heeft u nog niet meegedaan? Uw mening telt, daarom vragen we het u "
                "nog eens.{duur}"
            ),
            "en": (
                'A little while ago we asked you to take part in "{titel}". Have you already '
                "taken part? Thank you very much; there is nothing more to do. Your answers are "
                "anonymous, so we do not know who has taken part and send this reminder to "
                "everyone we invited. If you have not yet, your opinion matters, so we are asking "
                "you again.{duur}"
            ),
        },
        "inleiding_herinnering": {
            "nl": (
                'Kort geleden vroegen we u mee te doen aan "{titel}". We hebben uw antwoorden '
                "nog niet ontvangen. Uw mening telt, daarom vragen we het u nog eens.{duur}"
            ),
            "en": (
                'A little while ago we asked you to take part in "{titel}". We have not yet '
                "received your answers. Your opinion matters, so we are asking you again.{duur}"
            ),
        },
        "inleiding_uitnodiging": {
            "nl": (
                'We horen graag wat u ervan vindt. Doet u mee aan "{titel}"?{duur} U kunt '
                "stoppen en later verdergaan, ook op een ander apparaat."
            ),
            "en": (
                'We would like to know what you think. Will you take part in "{titel}"?{duur} '
                "You can stop and continue later, also on another device."
            ),
        },
        "duur": {
            "nl": "Het invullen duurt ongeveer {minuten} minuten.",
            "en": "It takes about {minuten} minutes.",
        },
        "opnieuw_brief": {
            "nl": (
                "Bent u al begonnen? Ga dan verder met de link of code uit de eerdere brief; met "
                "de link en code hieronder begint u opnieuw."
            ),
            "en": (
                "Have you already started? Then continue with the link or code from the earlier "
                "letter; the link and code below start afresh."
            ),
        },
        "opnieuw_mail": {
            "nl": (
                "Bent u al begonnen? Ga dan verder met de link uit de eerdere brief of e-mail; met "
                "de link hieronder begint u opnieuw."
            ),
            "en": (
                "Have you already started? Then continue with the link from the earlier letter or "
                "e-mail; the link below starts afresh."
            ),
        },
        "contact": {
            "nl": "Vragen? Neem contact op met {contact}.",
            "en": "Questions? Please contact {contact}.",
        },
        "privacy_anoniem": {
            "nl": (
                "Uw antwoorden zijn anoniem: ze worden bewaard zonder uw naam, adres, e-mailadres "
                "of link, en niemand kan ze naar u herleiden."
            ),
            "en": (
                "Your answers are anonymous: they are stored without your name, address, e-mail "
                "address or link, and nobody can trace them back to you."
            ),
        },
        "privacy_pseudoniem": {
            "nl": (
                "Uw antwoorden worden bewaard onder een code in plaats van uw naam, zodat we "
                "rondes kunnen vergelijken. Alleen de onderzoekers zien ze; verslagen tonen nooit "
                "cijfers over minder dan {min_n} mensen."
            ),
            "en": (
                "Your answers are stored under a code instead of your name, so that we can compare "
                "rounds. Only the researchers see them; reports never show figures about fewer "
                "than {min_n} people."
            ),
        },
        "venster": {"nl": "U kunt antwoorden tot {sluit}.", "en": "You can answer until {sluit}."},
        "venster_vanaf": {
            "nl": "U kunt antwoorden van {vanaf} tot {sluit}.",
            "en": "You can answer from {vanaf} until {sluit}.",
        },
        "persoonlijk_brief": {
            "nl": "De link en de code zijn persoonlijk: geef ze niet door aan anderen.",
            "en": "The link and the code are personal: please do not pass them on.",
        },
        "persoonlijk_link": {
            "nl": "De link is persoonlijk: geef hem niet door aan anderen.",
            "en": "The link is personal: please do not pass it on.",
        },
        "groet": {"nl": "Hartelijk dank,", "en": "Thank you very much,"},
        "afzender": {"nl": "Het onderzoeksteam", "en": "The research team"},
        "mail_link": {
            "nl": "Open de vragenlijst met deze link:",
            "en": "Open the questionnaire with this link:",
        },
        "mail_knop": {"nl": "Open de vragenlijst", "en": "Open the questionnaire"},
        "mail_kopieer": {
            "nl": "Of kopieer dit adres in uw browser:",
            "en": "Or copy this address into your browser:",
        },
        "brief_adres": {
            "nl": "Typ dit adres in de browser van uw telefoon, tablet of computer:",
            "en": "Type this address into the browser of your phone, tablet or computer:",
        },
        "brief_qr": {
            "nl": "Of scan deze QR-code met de camera van uw telefoon.",
            "en": "Or scan this QR code with the camera of your phone.",
        },
        "brief_code": {
            "nl": "Of ga naar <strong>{codepagina}</strong> en typ deze code:",
            "en": "Or go to <strong>{codepagina}</strong> and type this code:",
        },
    },
)
"""What invitations and reminders say, by letter and by mail; the texts may hold markup (trusted)
and every {value} filled in is escaped in HTML (see `omgeving`)."""


def _vertaler(*, html: bool) -> Callable[..., str]:
    """The templates' `vertaal(key, taal, **waarden)`: a BRIEVEN text, its values escaped in HTML."""

    def tekst(key: str, taal: str, **waarden: object) -> str:
        if html:  # the catalogue's text is trusted markup; Markup.format escapes every value
            return Markup(vertaal(BRIEVEN, key, taal)).format(**waarden)
        return vertaal(BRIEVEN, key, taal, **waarden)

    return tekst


def omgeving(*, html: bool = True) -> Environment:
    """The Jinja2 environment of the templates: escaping every value for HTML, or (text mail) not.

    Two environments rather than one with per-name escaping, because the shared text macros in
    _tekst.j2 must escape inside the letter and the HTML mail and must not in the text mail.
    """
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.globals["vertaal"] = _vertaler(html=html)
    return environment


@dataclass(frozen=True)
class Aanschrijving:
    """What an invitation or reminder says, apart from the person and the link."""

    titel: str  # the form's title
    publiek: Publiek
    anoniem: bool
    sluit_op: dt.datetime
    taal: str = "nl"
    herinnering: bool = False
    min_n: int = 10  # the smallest group a report shows figures about
    opent_op: dt.datetime | None = None  # named in the text when the window opens later
    minuten: int | None = None  # how long answering takes (forms.invulduur); None: not said
    contact: str | None = None  # who answers questions (Settings.contactregel); None: not said
    codepagina: str = ""  # where a letter's short code is typed: <public_url>/code

    @property
    def onderwerp(self) -> str:
        """The subject of the mail and the heading of the letter."""
        key = "onderwerp_herinnering" if self.herinnering else "onderwerp_uitnodiging"
        return vertaal(BRIEVEN, key, self.taal, titel=self.titel)

    def sluit(self) -> str:
        """The closing moment as the reader reads it: '15 december 2026 om 23:59'."""
        return self._moment(self.sluit_op, einde=True)

    def vanaf(self) -> str:
        """The opening moment when the window opens later than now, else ''."""
        if self.opent_op is None or self.opent_op <= dt.datetime.now(dt.UTC):
            return ""
        return self._moment(self.opent_op, einde=False)

    def _moment(self, moment: dt.datetime, *, einde: bool) -> str:
        local = moment.astimezone(_zone())
        if einde and local.time() == dt.time():  # a window ending at midnight: show 23:59
            local -= dt.timedelta(minutes=1)
        pattern = vertaal(BRIEVEN, "moment_patroon", self.taal)
        return format_datetime(local, pattern, locale=babel_locale(self.taal))

    def context(self, naam: str | None, *, brief: bool = False) -> dict[str, Any]:
        """The mapping the text macros of _tekst.j2 take (`brief`: a letter with a short code)."""
        return {
            "taal": self.taal,
            "herinnering": self.herinnering,
            "naam": naam or "",
            "titel": self.titel,
            "anoniem": self.anoniem,
            "sluit": self.sluit(),
            "vanaf": self.vanaf(),
            "publiek": self.publiek.value,
            "min_n": self.min_n,
            "minuten": self.minuten,
            "contact": self.contact or "",
            "brief": brief,
        }


def _zone() -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(AMSTERDAM)


@dataclass(frozen=True)
class Brief:
    """One letter: the person's personal link, and their name and address for the envelope."""

    link: str
    naam: str | None = None
    adresregels: tuple[str, ...] = field(default_factory=tuple)
    code: str | None = None  # the short code to type (forms.tokens), normalised


def qr_svg(link: str, label: str) -> Markup:
    """The link as a QR code, an inline SVG element (error correction M: survives a crease)."""
    code = segno.make(link, error="m", micro=False)
    return Markup(code.svg_inline(scale=4, border=2, title=label))


def brieven_html(
    aanschrijving: Aanschrijving, brieven: Sequence[Brief], vandaag: dt.date | None = None
) -> str:
    """The letters as one HTML document, one <section> (and printed page) per letter."""
    taal = aanschrijving.taal
    dag = vandaag or dt.datetime.now(_zone()).date()
    label = vertaal(BRIEVEN, "qr_label", taal)
    documenttitel = vertaal(
        BRIEVEN,
        "documenttitel_herinneringen"
        if aanschrijving.herinnering
        else "documenttitel_uitnodigingen",
        taal,
        titel=aanschrijving.titel,
    )
    items = [
        {
            "link": brief.link,
            "naam": brief.naam or "",
            "adresregels": list(brief.adresregels),
            "qr": qr_svg(brief.link, label),
            "code": toon_code(brief.code) if brief.code else "",
            "m": aanschrijving.context(brief.naam, brief=brief.code is not None),
        }
        for brief in brieven
    ]
    return (
        omgeving()
        .get_template("brieven.html.j2")
        .render(
            taal=taal,
            documenttitel=documenttitel,
            onderwerp=aanschrijving.onderwerp,
            datum=format_date(dag, "d MMMM y", locale=babel_locale(taal)),
            qr_label=label,
            codepagina=aanschrijving.codepagina,
            brieven=items,
        )
    )


def schrijf_brieven(
    aanschrijving: Aanschrijving,
    brieven: Sequence[Brief],
    doel: Path,
    vandaag: dt.date | None = None,
) -> Path:
    """Write the letters as one PDF/UA file at `doel` (replaced only when complete)."""
    if not brieven:
        raise MakelaarError(
            f"Er zijn geen brieven om te maken voor {doel.name}.",
            en=f"There are no letters to make for {doel.name}.",
        )
    html = brieven_html(aanschrijving, brieven, vandaag)
    doel.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{doel.name}.", suffix=".tmp", dir=doel.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        document = HTML(
            string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=StaticFetcher(TEMPLATES)
        )
        with temporary.open("wb") as stream:
            document.write_pdf(stream, pdf_variant=PDF_VARIANT, pdf_identifier=True)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, doel)
        sync_directory(doel.parent)
    except OSError as exc:
        raise MakelaarError(
            f"De brieven konden niet worden weggeschreven naar {doel} ({exc}); controleer de map "
            "en de vrije schijfruimte.",
            en=f"The letters could not be written to {doel} ({exc}); check the folder and the "
            "free disk space.",
        ) from exc
    finally:
        temporary.unlink(missing_ok=True)
    return doel
