"""The titles of the survey forms makelaar ships, in both languages (catalogue 'formulieren').

An XLSForm has one `form_title` (the forms are written in Dutch, their questions in both
languages); documents in English name these forms by their English title. A gemeente's own form,
or any form id not listed here, keeps the title it was imported with.
"""

from __future__ import annotations

from makelaar.models.taal import Catalogus, catalogus, in_taal, vertaal

FORMULIEREN: Catalogus = catalogus(
    "formulieren",
    {
        "reflectieformulier": {
            "nl": "Reflectieformulier sociaal makelaar",
            "en": "Brokers' reflection form (reflectieformulier)",
        },
        "partnerenquete": {
            "nl": "Samenwerking met de sociaal makelaar",
            "en": "Partner survey (partnerenquete)",
        },
        "buurtmeter": {"nl": "Buurtmeter", "en": "Residents' buurtmeter"},
        "ao_reflectie_makelaar": {
            "nl": "Reflectie actieonderzoek: makelaar",
            "en": "Action research reflection: broker",
        },
        "ao_reflectie_sociaal_werker": {
            "nl": "Reflectie actieonderzoek: sociaal werker",
            "en": "Action research reflection: social worker",
        },
    },
)


def formulier_titel(form_id: str, titel: str, taal: str | None) -> str:
    """A form's title for a reader in `taal`: as imported in Dutch, from the catalogue in
    English for the forms makelaar ships (else as imported)."""
    if form_id not in FORMULIEREN:
        return titel
    return in_taal(taal, titel, vertaal(FORMULIEREN, form_id, "en"))
