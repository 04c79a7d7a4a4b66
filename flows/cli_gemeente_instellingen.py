"""The settings part of `makelaar gemeente instellen|toon`: a gemeente's own language, minimum cell
size, sender, public address and survey contact over the global MAKELAAR_* values.

The options' values are validated by models.gemeente_instellingen.controleer (Settings' own
validators); a bad value is one line here naming the option, the value and what is valid. `toon`
lists every such setting with the value that applies to the gemeente and where it comes from.
"""

from __future__ import annotations

from typing import Any

from makelaar.models.errors import MakelaarError
from makelaar.models.gemeente_instellingen import Instelling, OngeldigeInstelling, controleer
from makelaar.models.settings import Settings
from makelaar.models.taal import Catalogus, Taal, catalogus, vertaal

#: option name -> the setting it sets (models.gemeente_instellingen.VELDEN), in display order
OPTIES: dict[str, str] = {
    "taal": "locale",
    "min-cel": "min_cell_size",
    "afzender": "mail_from",
    "publieke-url": "public_url",
    "enquete-contact": "contact",
    "enquete-contact-en": "contact_en",
}
_OPTIE = {veld: optie for optie, veld in OPTIES.items()}

_TEKSTEN: Catalogus = catalogus(
    "cli_gemeente_instellingen",
    {
        "ongeldig_locale": {
            "nl": "--taal {waarde!r} is geen taal van makelaar; geef nl of en, of '' voor de "
            "landelijke instelling (MAKELAAR_LOCALE).",
            "en": "--taal {waarde!r} is not a language of makelaar; give nl or en, or '' for the "
            "global setting (MAKELAAR_LOCALE).",
        },
        "ongeldig_min_cell_size": {
            "nl": "--min-cel {waarde!r} is geen geheel getal van minstens 3; geef een getal van "
            "minstens {globaal} (MAKELAAR_MIN_CELL_SIZE), bijvoorbeeld 15.",
            "en": "--min-cel {waarde!r} is not a whole number of at least 3; give a number of at "
            "least {globaal} (MAKELAAR_MIN_CELL_SIZE), for example 15.",
        },
        "te_laag_min_cell_size": {
            "nl": "--min-cel {waarde!r} is lager dan de landelijke minimale celgrootte {globaal} "
            "(MAKELAAR_MIN_CELL_SIZE); een gemeente mag kleine aantallen alleen strenger "
            "onderdrukken: geef {globaal} of meer, of '' voor de landelijke waarde.",
            "en": "--min-cel {waarde!r} is lower than the global minimum cell size {globaal} "
            "(MAKELAAR_MIN_CELL_SIZE); a municipality may only suppress small numbers more "
            "strictly: give {globaal} or more, or '' for the global value.",
        },
        "ongeldig_mail_from": {
            "nl": "--afzender {waarde!r} is geen afzender; geef één e-mailadres, eventueel met een "
            "naam ervoor, bijvoorbeeld 'Onderzoek Utrecht <onderzoek@utrecht.nl>'.",
            "en": "--afzender {waarde!r} is not a sender; give one e-mail address, with a name "
            "before it if wanted, for example 'Onderzoek Utrecht <onderzoek@utrecht.nl>'.",
        },
        "ongeldig_public_url": {
            "nl": "--publieke-url {waarde!r} is geen webadres; geef een adres dat begint met "
            "https:// of http://, zonder ? of #, bijvoorbeeld https://enquete.utrecht.nl.",
            "en": "--publieke-url {waarde!r} is not a web address; give an address starting with "
            "https:// or http://, without ? or #, for example https://enquete.utrecht.nl.",
        },
        "ongeldig_contact": {
            "nl": "--{optie} {waarde!r} is geen contactregel; geef één regel van hoogstens 200 "
            "tekens, bijvoorbeeld 'Team Wijkonderzoek, 030 286 0000 of wijkonderzoek@utrecht.nl'.",
            "en": "--{optie} {waarde!r} is not a contact line; give one line of at most 200 "
            "characters, for example 'Team Wijkonderzoek, 030 286 0000 or "
            "wijkonderzoek@utrecht.nl'.",
        },
        "kop": {
            "nl": "Instellingen van {naam} ({code}) voor rondes, enquêtes, brieven en mails:",
            "en": "Settings of {naam} ({code}) for rounds, surveys, letters and mails:",
        },
        "l_locale": {"nl": "taal", "en": "language"},
        "l_min_cell_size": {"nl": "minimale celgrootte", "en": "minimum cell size"},
        "l_mail_from": {"nl": "afzender", "en": "sender"},
        "l_public_url": {"nl": "publieke url", "en": "public URL"},
        "l_contact": {"nl": "enquêtecontact", "en": "survey contact"},
        "l_contact_en": {"nl": "enquêtecontact (Engels)", "en": "survey contact (English)"},
        "geen": {"nl": "(geen)", "en": "(none)"},
        "zoals_nl": {"nl": "(de Nederlandse contactregel)", "en": "(the Dutch contact line)"},
        "gemeente": {"nl": "gemeente", "en": "municipality"},
        "landelijk": {"nl": "landelijk: {env}", "en": "global: {env}"},
        "lager": {
            "nl": "landelijk: {env}; de {eigen} van de gemeente is lager en geldt niet",
            "en": "global: {env}; the municipality's {eigen} is lower and does not apply",
        },
    },
)


def _t(key: str, taal: Taal, **waarden: object) -> str:
    return vertaal(_TEKSTEN, key, taal, **waarden)


def gegeven(opties: dict[str, str | None]) -> dict[str, str]:
    """The settings the options give (option name -> text, None: not given), by setting name."""
    return {OPTIES[optie]: waarde for optie, waarde in opties.items() if waarde is not None}


def gecontroleerd(settings: Settings, waarden: dict[str, str], taal: Taal) -> dict[str, Any]:
    """`controleer`'s values, or a MakelaarError of one line naming option, value and what is
    valid."""
    try:
        return controleer(settings, waarden)
    except OngeldigeInstelling as fout:
        veld = "contact" if fout.veld == "contact_en" else fout.veld
        raise MakelaarError(
            _t(
                f"{fout.reden}_{veld}",
                taal,
                optie=_OPTIE[fout.veld],
                waarde=fout.waarde,
                globaal=settings.min_cell_size,
            )
        ) from None


def regels(naam: str, code: str, instellingen: list[Instelling], taal: Taal) -> list[str]:
    """The lines `gemeente toon` prints: a heading, then each setting, its value, its source."""
    rijen = []
    for instelling in instellingen:
        waarde = instelling.waarde
        if waarde is None:
            leeg = "zoals_nl" if instelling.veld == "contact_en" else "geen"
            tekst = _t(leeg, taal)
        else:
            tekst = str(waarde)
        env = f"MAKELAAR_{instelling.veld.upper()}"
        if instelling.herkomst == "gemeente":
            herkomst = _t("gemeente", taal)
        elif instelling.eigen is not None:
            herkomst = _t("lager", taal, env=env, eigen=instelling.eigen)
        else:
            herkomst = _t("landelijk", taal, env=env)
        rijen.append((_t(f"l_{instelling.veld}", taal), tekst, herkomst))
    breedte = max(len(label) for label, _, _ in rijen)
    waardebreedte = max(len(tekst) for _, tekst, _ in rijen)
    return [_t("kop", taal, naam=naam, code=code)] + [
        f"  {label.ljust(breedte)}  {tekst.ljust(waardebreedte)}  ({herkomst})"
        for label, tekst, herkomst in rijen
    ]
