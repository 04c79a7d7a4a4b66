"""The words of `makelaar edities` (flows/cli_edities.py), Dutch and English."""

from __future__ import annotations

from makelaar.models.taal import Catalogus, catalogus

TEKSTEN: Catalogus = catalogus(
    "cli_edities",
    {
        "geen_edities": {
            "nl": "Er zijn nog geen edities van de handreiking; een ronde maakt er een in haar "
            "fase 'toepassen' (makelaar round run ...).",
            "en": "There are no editions of the handreiking yet; a round makes one in its "
            "'apply' phase (makelaar round run ...).",
        },
        "onbekende_gemeente": {
            "nl": "Gemeente '{gemeente}' heeft geen edities; gemeenten met edities: {bekend}.",
            "en": "Municipality '{gemeente}' has no editions; municipalities with editions: "
            "{bekend}.",
        },
        "gemeente_kop": {
            "nl": "{naam} ({code}): {aantal} editie(s)",
            "en": "{naam} ({code}): {aantal} edition(s)",
        },
        "kol_editie": {"nl": "editie", "en": "edition"},
        "kol_ronde": {"nl": "ronde", "en": "round"},
        "kol_periode": {"nl": "periode", "en": "period"},
        "kol_datum": {"nl": "datum", "en": "date"},
        "kol_taal": {"nl": "taal", "en": "language"},
        "kol_pdf": {"nl": "PDF", "en": "PDF"},
        "kol_controle": {"nl": "sha256", "en": "sha256"},
        "staat_klopt": {"nl": "klopt", "en": "matches"},
        "staat_gewijzigd": {"nl": "GEWIJZIGD", "en": "CHANGED"},
        "staat_ontbreekt": {"nl": "ONTBREEKT", "en": "MISSING"},
        "staat_niet_af": {"nl": "niet af", "en": "not finished"},
        "taal_nl": {"nl": "Nederlands", "en": "Dutch"},
        "taal_en": {"nl": "Engels", "en": "English"},
        "afwijking": {
            "nl": "Let op: {aantal} PDF('s) wijken af van de vastgelegde sha256 of ontbreken; "
            "render de editie opnieuw met 'makelaar handreiking render RONDE'.",
            "en": "Note: {aantal} PDF(s) differ from the recorded sha256 or are missing; "
            "render the edition again with 'makelaar handreiking render ROUND'.",
        },
        "onbekende_editie": {
            "nl": "Editie {nummer} bestaat niet voor {waar}; bestaande edities: {bekend}.",
            "en": "Edition {nummer} does not exist for {waar}; existing editions: {bekend}.",
        },
        "alle_gemeenten": {"nl": "geen enkele gemeente", "en": "any municipality"},
        "kies_gemeente": {
            "nl": "Editie {nummer} bestaat voor meer gemeenten ({bekend}); kies er een met "
            "--gemeente.",
            "en": "Edition {nummer} exists for more than one municipality ({bekend}); choose one "
            "with --gemeente.",
        },
        "toon_kop": {
            "nl": "Editie {nummer} van de handreiking voor {naam} ({code})",
            "en": "Edition {nummer} of the handreiking for {naam} ({code})",
        },
        "toon_ronde": {
            "nl": "Ronde {ronde}: cyclus {cyclus}, periode {periode}; gemaakt op {op}; {taalnaam}",
            "en": "Round {ronde}: cycle {cyclus}, period {periode}; made on {op}; {taalnaam}",
        },
        "toon_wijzigingen": {
            "nl": "Besluiten van de leerbijeenkomst ({telling}):",
            "en": "Decisions of the learning session ({telling}):",
        },
        "telling_aangenomen": {"nl": "{aantal} aangenomen", "en": "{aantal} adopted"},
        "telling_verworpen": {"nl": "{aantal} verworpen", "en": "{aantal} rejected"},
        "telling_uitgesteld": {"nl": "{aantal} uitgesteld", "en": "{aantal} postponed"},
        "telling_open": {"nl": "{aantal} nog open", "en": "{aantal} still open"},
        "toon_geen_besluiten": {
            "nl": "Geen voorstellen in deze ronde: de tekst is die van de vorige editie.",
            "en": "No proposals in this round: the text is the previous edition's.",
        },
        "toon_besluit": {
            "nl": "  - {titel} ({sectie}): {besluit}{door}. {reden}",
            "en": "  - {titel} ({sectie}): {besluit}{door}. {reden}",
        },
        "besloten_door": {"nl": " door {wie}", "en": " by {wie}"},
        "besluit_aangenomen": {"nl": "aangenomen", "en": "adopted"},
        "besluit_verworpen": {"nl": "verworpen", "en": "rejected"},
        "besluit_open": {"nl": "nog open", "en": "still open"},
        "besluit_uitgesteld": {"nl": "uitgesteld", "en": "postponed"},
        "toon_bestanden": {"nl": "Bestanden:", "en": "Files:"},
        "bestand_pdf": {
            "nl": "  PDF:      {pad} ({staat})",
            "en": "  PDF:      {pad} ({staat})",
        },
        "pdf_klopt": {
            "nl": "sha256 klopt met de vastgelegde {sha}…",
            "en": "sha256 matches the recorded {sha}…",
        },
        "pdf_gewijzigd": {
            "nl": "GEWIJZIGD: de sha256 is niet de vastgelegde {sha}…",
            "en": "CHANGED: its sha256 is not the recorded {sha}…",
        },
        "pdf_ontbreekt": {"nl": "ONTBREEKT", "en": "MISSING"},
        "pdf_niet_af": {
            "nl": "niet af: het nummer is vastgelegd voor ronde {ronde}, die de bestanden nog "
            "niet schreef",
            "en": "not finished: its number is recorded for round {ronde}, which has not written "
            "its files yet",
        },
        "html_niet_af": {"nl": " (niet af)", "en": " (not finished)"},
        "niet_af_uitleg": {
            "nl": "Editie {nummer} van {naam} is niet af: ronde {ronde} schrijft haar bestanden "
            "nu, of haar run stopte voordat ze er waren. Draait die ronde niet meer, maak de "
            "editie dan af met 'makelaar round run --cycle {cyclus} --period {periode} "
            "--gemeente {code}'.",
            "en": "Edition {nummer} of {naam} is not finished: round {ronde} is writing its files "
            "now, or its run stopped before they were there. If that round is no longer running, "
            "finish the edition with 'makelaar round run --cycle {cyclus} --period {periode} "
            "--gemeente {code}'.",
        },
        "bestand_html": {"nl": "  HTML:     {pad}{staat}", "en": "  HTML:     {pad}{staat}"},
        "html_ontbreekt": {"nl": " (ONTBREEKT)", "en": " (MISSING)"},
        "bestand_verschil": {
            "nl": "  Verschil met editie {vorige}: {pad}",
            "en": "  Diff against edition {vorige}: {pad}",
        },
        "verschil_nog_niet": {
            "nl": "  Verschil met editie {vorige}: nog niet gemaakt (makelaar edities verschil "
            "{nummer}{optie})",
            "en": "  Diff against edition {vorige}: not made yet (makelaar edities verschil "
            "{nummer}{optie})",
        },
        "bestand_rapport": {
            "nl": "  Onthullingscontrole (niet voor publicatie): {pad}",
            "en": "  Disclosure report (not for publication): {pad}",
        },
        "geen_vorige": {
            "nl": "Editie {nummer} van {naam} is de eerste (er is geen editie {vorige}); een "
            "verschil heeft een vorige editie nodig. Edities: {bekend}.",
            "en": "Edition {nummer} of {naam} is the first (there is no edition {vorige}); a diff "
            "needs a previous edition. Editions: {bekend}.",
        },
        "html_weg": {
            "nl": "De HTML van editie {nummer} ({pad}) ontbreekt; render die editie opnieuw met "
            "'makelaar handreiking render {ronde}'.",
            "en": "The HTML of edition {nummer} ({pad}) is missing; render that edition again "
            "with 'makelaar handreiking render {ronde}'.",
        },
        "verschil_klaar": {
            "nl": "Verschil van editie {nummer} met editie {vorige} van {naam}: {pad}",
            "en": "Diff of edition {nummer} against edition {vorige} of {naam}: {pad}",
        },
    },
)
