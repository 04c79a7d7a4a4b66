"""`makelaar gemeente instellen CODE` and `gemeente toon CODE`: how a gemeente publishes its guide,
and its own settings over the global MAKELAAR_* ones.

A municipality puts its own name, logo and contact on the cover and in the colophon of the
handreiking it publishes. In a national programme it may also have its own language, minimum
cell size (only stricter than the global one), sender, public address and survey contact
(flows/cli_gemeente_instellingen.py, models/gemeente_instellingen.py). Everything is checked
before anything is stored: an unknown gemeente, a text over more lines or too long, a website
that is no http(s) address, a logo that is no PNG or safe SVG, a setting the environment would
not accept either each get one line naming what is wrong and what would be valid. The logo is
copied into the project database (models/uitgave.py); nothing is fetched from the network.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from sqlalchemy import select

from makelaar.flows.cli_app import app, current_settings, current_taal, migrated_store, out, shown
from makelaar.flows.cli_gemeente_instellingen import gecontroleerd, gegeven, regels
from makelaar.models.errors import MakelaarError
from makelaar.models.gemeente_instellingen import eigen_waarden, overzicht
from makelaar.models.gemeente_instellingen import stel_in as stel_instellingen_in
from makelaar.models.schemas import Uitgave
from makelaar.models.taal import Catalogus, Taal, catalogus, vertaal
from makelaar.models.tables import Gemeente
from makelaar.models.uitgave import Wijziging, stel_in, uitgave_van

gemeente_app = typer.Typer(
    help="Hoe een gemeente haar handreiking uitgeeft (naam, logo, contact) en haar eigen "
    "instellingen (taal, minimale celgrootte, afzender, publieke url, enquêtecontact).",
    no_args_is_help=True,
)
app.add_typer(gemeente_app, name="gemeente")

MAX_NAAM, MAX_TEKST, MAX_ALT = 200, 300, 300

_TEKSTEN: Catalogus = catalogus(
    "cli_gemeente",
    {
        "onbekend": {
            "nl": "Gemeente '{code}' staat niet in de database; bekende gemeenten: {bekend}. "
            "Importeer eerst de CBS-kerncijfers met 'makelaar wijken import BESTAND'.",
            "en": "Municipality '{code}' is not in the database; known municipalities: {bekend}. "
            "Import the CBS key figures first with 'makelaar wijken import FILE'.",
        },
        "geen": {"nl": "(geen)", "en": "(none)"},
        "meer_regels": {
            "nl": "--{optie} loopt over meer regels ({waarde!r}); geef één regel tekst.",
            "en": "--{optie} runs over more lines ({waarde!r}); give one line of text.",
        },
        "te_lang": {
            "nl": "--{optie} is {lengte} tekens lang; geef hoogstens {max} tekens.",
            "en": "--{optie} is {lengte} characters long; give at most {max} characters.",
        },
        "website": {
            "nl": "--website {waarde!r} is geen webadres; geef een adres dat begint met "
            "https:// of http://, bijvoorbeeld https://www.utrecht.nl.",
            "en": "--website {waarde!r} is no web address; give an address starting with "
            "https:// or http://, for example https://www.utrecht.nl.",
        },
        "logo_twee": {
            "nl": "Geef --logo of --zonder-logo, niet allebei.",
            "en": "Give --logo or --zonder-logo, not both.",
        },
        "ingesteld": {
            "nl": "Uitgave van {naam} ({code}) ingesteld; de volgende editie toont op omslag en "
            "in het colofon:",
            "en": "Publication settings of {naam} ({code}) stored; the next edition shows on its "
            "cover and in its colophon:",
        },
        "niets_ingesteld": {
            "nl": "{naam} ({code}) heeft geen eigen uitgave ingesteld; de handreiking toont "
            "'Gemeente {naam}' zonder logo of contact. Stel ze in met 'makelaar gemeente "
            "instellen {code} --naam ... --logo ... --contact ... --website ...'.",
            "en": "{naam} ({code}) has no publication settings; the handreiking shows "
            "'Gemeente {naam}' without logo or contact. Set them with 'makelaar gemeente "
            "instellen {code} --naam ... --logo ... --contact ... --website ...'.",
        },
        "r_naam": {"nl": "naam", "en": "name"},
        "r_logo": {"nl": "logo", "en": "logo"},
        "r_alt": {"nl": "alt-tekst", "en": "alt text"},
        "r_contact": {"nl": "contact", "en": "contact"},
        "r_website": {"nl": "website", "en": "website"},
        "logo_staat": {
            "nl": "{soort}, {kb} kB (opgeslagen in de database)",
            "en": "{soort}, {kb} kB (stored in the database)",
        },
        "standaard_naam": {"nl": "Gemeente {naam} (standaard)", "en": "Gemeente {naam} (default)"},
        "standaard_alt": {"nl": "Logo van {naam}", "en": "Logo of {naam}"},
    },
)


def _t(key: str, taal: Taal, **waarden: object) -> str:
    return vertaal(_TEKSTEN, key, taal, **waarden)


def _regel(optie: str, waarde: str | None, maximum: int, taal: Taal) -> str | None:
    """One line of text, spaces tidied; "" clears the setting; MakelaarError when invalid."""
    if waarde is None:
        return None
    if "\n" in waarde or "\r" in waarde:
        raise MakelaarError(_t("meer_regels", taal, optie=optie, waarde=waarde))
    tidy = " ".join(waarde.split())
    if len(tidy) > maximum:
        raise MakelaarError(_t("te_lang", taal, optie=optie, lengte=len(tidy), max=maximum))
    return tidy


def _website(waarde: str | None, taal: Taal) -> str | None:
    tidy = _regel("website", waarde, MAX_TEKST, taal)
    if not tidy:
        return tidy
    parts = urlsplit(tidy)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in tidy:
        raise MakelaarError(_t("website", taal, waarde=tidy))
    return tidy


def _gemeente_naam(code: str, taal: Taal) -> str:
    store = migrated_store()
    try:
        with store.session() as session:
            gemeente = session.get(Gemeente, code)
            if gemeente is None:
                bekend = ", ".join(session.scalars(select(Gemeente.code).order_by(Gemeente.code)))
                raise MakelaarError(
                    _t("onbekend", taal, code=code, bekend=bekend or _t("geen", taal))
                )
            return gemeente.naam
    finally:
        store.dispose()


def _toon(code: str, naam: str, uitgave: Uitgave, taal: Taal) -> None:
    geen = _t("geen", taal)
    logo = (
        _t(
            "logo_staat",
            taal,
            soort="PNG" if uitgave.logo_type == "image/png" else "SVG",
            kb=max(1, round(len(uitgave.logo) / 1000)),
        )
        if uitgave.logo
        else geen
    )
    alt = uitgave.logo_alt or _t("standaard_alt", taal, naam=uitgave.naam or naam)
    rijen = [
        (_t("r_naam", taal), uitgave.naam or _t("standaard_naam", taal, naam=naam)),
        (_t("r_logo", taal), logo),
        (_t("r_alt", taal), alt if uitgave.logo else geen),
        (_t("r_contact", taal), uitgave.contact or geen),
        (_t("r_website", taal), uitgave.website or geen),
    ]
    breedte = max(len(label) for label, _ in rijen)
    for label, waarde in rijen:
        out(f"  {label.ljust(breedte)}  {waarde}")


@gemeente_app.command("instellen")
def gemeente_instellen(
    code: Annotated[str, typer.Argument(help="CBS-code van de gemeente, bv. GM0344.")],
    naam: Annotated[
        str | None,
        typer.Option(
            help="Naam op omslag en colofon, bv. 'Gemeente Utrecht'; '' herstelt de standaard."
        ),
    ] = None,
    logo: Annotated[
        Path | None,
        typer.Option(help="Logo als .png of .svg; het wordt in de database gekopieerd."),
    ] = None,
    logo_alt: Annotated[
        str | None,
        typer.Option(help="Tekstalternatief van het logo; standaard 'Logo van <naam>'."),
    ] = None,
    zonder_logo: Annotated[bool, typer.Option("--zonder-logo", help="Haal het logo weg.")] = False,
    contact: Annotated[
        str | None,
        typer.Option(help="Contact voor lezers, bv. 'Team Wijken, 14 030, wijken@utrecht.nl'."),
    ] = None,
    website: Annotated[
        str | None, typer.Option(help="Website, bv. https://www.utrecht.nl.")
    ] = None,
    taal_: Annotated[
        str | None,
        typer.Option(
            "--taal",
            help="Taal van handreiking, brieven en mails: nl of en; '' herstelt de landelijke "
            "(MAKELAAR_LOCALE).",
        ),
    ] = None,
    min_cel: Annotated[
        str | None,
        typer.Option(
            help="Minimale celgrootte: alleen strenger dan de landelijke MAKELAAR_MIN_CELL_SIZE; "
            "'' herstelt de landelijke."
        ),
    ] = None,
    afzender: Annotated[
        str | None,
        typer.Option(
            help="Afzender van uitnodigingen en herinneringen, bv. 'Onderzoek Utrecht "
            "<onderzoek@utrecht.nl>'; '' herstelt MAKELAAR_MAIL_FROM."
        ),
    ] = None,
    publieke_url: Annotated[
        str | None,
        typer.Option(
            help="Adres van de antwoordpagina's in de links, bv. https://enquete.utrecht.nl; "
            "'' herstelt MAKELAAR_PUBLIC_URL."
        ),
    ] = None,
    enquete_contact: Annotated[
        str | None,
        typer.Option(
            help="Wie vragen over een enquête beantwoordt, in brieven en mails; '' herstelt "
            "MAKELAAR_CONTACT."
        ),
    ] = None,
    enquete_contact_en: Annotated[
        str | None,
        typer.Option(
            help="Hetzelfde in het Engels; '' herstelt MAKELAAR_CONTACT_EN (zonder: de "
            "Nederlandse regel van de gemeente)."
        ),
    ] = None,
) -> None:
    """Stel naam, logo en contact in die de handreiking van een gemeente op omslag en colofon toont,
    en de instellingen waarin de gemeente van de landelijke afwijkt."""
    taal = current_taal()
    settings = current_settings()
    instellingen = gecontroleerd(
        settings,
        gegeven(
            {
                "taal": taal_,
                "min-cel": min_cel,
                "afzender": afzender,
                "publieke-url": publieke_url,
                "enquete-contact": enquete_contact,
                "enquete-contact-en": enquete_contact_en,
            }
        ),
        taal,
    )
    if logo is not None and zonder_logo:
        raise MakelaarError(_t("logo_twee", taal))
    wijziging = Wijziging(
        naam=_regel("naam", naam, MAX_NAAM, taal),
        contact=_regel("contact", contact, MAX_TEKST, taal),
        website=_website(website, taal),
        logo_alt=_regel("logo-alt", logo_alt, MAX_ALT, taal),
        zonder_logo=zonder_logo,
    )
    if logo is not None:
        # here, not at the top: the logo check loads the chart and PDF libraries (WeasyPrint,
        # matplotlib), which every other command, and `makelaar --help`, can do without
        from makelaar.handreiking.logo import LogoError, read_logo

        try:
            gelezen = read_logo(Path(shown(logo)), taal)
        except LogoError as exc:
            raise MakelaarError(str(exc)) from None
        wijziging = replace(wijziging, logo=(gelezen.data, gelezen.type))
    gemeente_naam = _gemeente_naam(code, taal)
    # the publication is written when one of its options was given (or nothing at all was)
    met_uitgave = wijziging != Wijziging() or not instellingen
    store = migrated_store()
    try:
        with store.session() as session:  # one transaction: both, or nothing
            uitgave = stel_in(session, code, wijziging) if met_uitgave else None
            if instellingen:
                stel_instellingen_in(session, code, instellingen)
            eigen = eigen_waarden(session, code)
    finally:
        store.dispose()
    if uitgave is not None:
        out(_t("ingesteld", taal, naam=gemeente_naam, code=code))
        _toon(code, gemeente_naam, uitgave, taal)
    if instellingen:
        for regel in regels(gemeente_naam, code, overzicht(settings, eigen), taal):
            out(regel)


@gemeente_app.command("toon")
def gemeente_toon(
    code: Annotated[str, typer.Argument(help="CBS-code van de gemeente, bv. GM0344.")],
) -> None:
    """Toon naam, logo en contact die de handreiking van een gemeente toont, en welke instellingen
    voor de gemeente gelden en waar elke waarde vandaan komt (gemeente of landelijk)."""
    taal = current_taal()
    gemeente_naam = _gemeente_naam(code, taal)
    store = migrated_store()
    try:
        with store.session() as session:
            uitgave = uitgave_van(session, code)
            eigen = eigen_waarden(session, code)
    finally:
        store.dispose()
    if uitgave is None:
        out(_t("niets_ingesteld", taal, naam=gemeente_naam, code=code))
    else:
        _toon(code, gemeente_naam, uitgave, taal)
    for regel in regels(gemeente_naam, code, overzicht(current_settings(), eigen), taal):
        out(regel)
