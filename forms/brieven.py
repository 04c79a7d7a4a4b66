"""Printable letters with a personal link and its QR code: one PDF/UA file, one page per person.

The texts (shared with the e-mails) live in forms/templates/_tekst.j2; Jinja2 escapes every value.
The QR code is segno's inline SVG, so WeasyPrint needs to read nothing: its URL fetcher serves
only forms/templates/ and refuses everything else (as the handreiking renderer does). The file is
written under a temporary name and renamed into place when complete.

The address lines are used only to print the letter: they are never stored or logged.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import segno
from babel.dates import format_date, format_datetime
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import HTML

from forms.tokens import toon_code
from handreiking.fetcher import StaticFetcher
from models.domain import Publiek
from models.errors import MakelaarError
from models.files import sync_directory

TEMPLATES = Path(__file__).resolve().parent / "templates"
PDF_VARIANT = "pdf/ua-1"
AMSTERDAM = "Europe/Amsterdam"


def omgeving(*, html: bool = True) -> Environment:
    """The Jinja2 environment of the templates: escaping every value for HTML, or (text mail) not.

    Two environments rather than one with per-name escaping, because the shared text macros in
    _tekst.j2 must escape inside the letter and the HTML mail and must not in the text mail.
    """
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


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
        if self.taal == "en":
            return f"{'Reminder' if self.herinnering else 'Invitation'}: {self.titel}"
        return f"{'Herinnering' if self.herinnering else 'Uitnodiging'}: {self.titel}"

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
        locale = "en_GB" if self.taal == "en" else "nl_NL"
        pattern = "d MMMM y 'at' HH:mm" if self.taal == "en" else "d MMMM y 'om' HH:mm"
        return format_datetime(local, pattern, locale=locale)

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
    label = "QR code with the link above" if taal == "en" else "QR-code met de link hierboven"
    documenttitel = (
        f"{'Reminders' if aanschrijving.herinnering else 'Invitations'}: {aanschrijving.titel}"
        if taal == "en"
        else f"{'Herinneringen' if aanschrijving.herinnering else 'Uitnodigingen'}: "
        f"{aanschrijving.titel}"
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
            datum=format_date(dag, "d MMMM y", locale="en_GB" if taal == "en" else "nl_NL"),
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
        raise MakelaarError(f"Er zijn geen brieven om te maken voor {doel.name}.")
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
            "en de vrije schijfruimte."
        ) from exc
    finally:
        temporary.unlink(missing_ok=True)
    return doel
