"""The words of a round's Prefect artifacts (flows/artefacten.py), Dutch and English: the summary,
the indicator table's columns, the links' texts and what a waiting round tells the researcher."""

from __future__ import annotations

from makelaar.models.taal import Catalogus, catalogus

TEKSTEN: Catalogus = catalogus(
    "artefacten",
    {
        # the summary
        "titel": {"nl": "Evaluatieronde {naam} ({code})", "en": "Evaluation round {naam} ({code})"},
        "kader": {
            "nl": "Cyclus **{cyclus}**, periode **{periode}** ({begin} t/m {einde}), ronde {id}.",
            "en": "Cycle **{cyclus}**, period **{periode}** ({begin} to {einde}), round {id}.",
        },
        "kop_fasen": {"nl": "Fasen", "en": "Phases"},
        "kol_fasen": {"nl": "| fase | verloop | duur (s) |", "en": "| phase | course | time (s) |"},
        "hervat": {"nl": "hervat uit de opslag", "en": "resumed from the store"},
        "uitgevoerd": {"nl": "uitgevoerd", "en": "run"},
        "niet_uitgevoerd": {"nl": "niet uitgevoerd: {reden}", "en": "not run: {reden}"},
        "reden_enquetes": {"nl": "wacht op enquêtes", "en": "waiting for surveys"},
        "reden_besluiten": {"nl": "wacht op besluiten", "en": "waiting for decisions"},
        "kop_bronnen": {"nl": "Gelezen bronnen", "en": "Sources read"},
        "kol_bronnen": {
            "nl": "| bron | gelezen | nieuw | bijgewerkt |",
            "en": "| source | read | new | updated |",
        },
        "kop_enquetes": {"nl": "Enquêtes", "en": "Surveys"},
        "kol_enquetes": {
            "nl": "| publiek | formulier | venster | stand | uitgenodigd | bezig | beantwoord | "
            "respons |",
            "en": "| audience | form | window | state | invited | in progress | answered | "
            "response |",
        },
        "gesloten_op": {"nl": "gesloten op {moment}", "en": "closed on {moment}"},
        "open": {"nl": "open", "en": "open"},
        "kop_uitkomsten": {"nl": "Uitkomsten", "en": "Outcomes"},
        "indicatoren": {
            "nl": "- Indicatoren: {aantal} ({onderdrukt} onderdrukt)",
            "en": "- Indicators: {aantal} ({onderdrukt} suppressed)",
        },
        "bevindingen": {"nl": "- Bevindingen: {aantal}", "en": "- Findings: {aantal}"},
        "voorstellen": {
            "nl": "- Voorstellen: {aantal} — {aangenomen} aangenomen, {verworpen} verworpen, "
            "{uitgesteld} uitgesteld, {open} open",
            "en": "- Proposals: {aantal} — {aangenomen} adopted, {verworpen} rejected, "
            "{uitgesteld} postponed, {open} open",
        },
        "kop_voorstellen": {"nl": "Voorstellen en besluiten", "en": "Proposals and decisions"},
        "kol_voorstellen": {"nl": "| voorstel | besluit |", "en": "| proposal | decision |"},
        "besluit_aangenomen": {"nl": "aangenomen", "en": "adopted"},
        "besluit_verworpen": {"nl": "verworpen", "en": "rejected"},
        "besluit_uitgesteld": {"nl": "uitgesteld", "en": "postponed"},
        "besluit_open": {"nl": "open", "en": "open"},
        "editie": {"nl": "Editie {editie}", "en": "Edition {editie}"},
        "bouwt_voort": {
            "nl": "- Bouwt voort op editie {editie}",
            "en": "- Builds on edition {editie}",
        },
        "verschil": {
            "nl": "- Verschil met de vorige editie: `{pad}`",
            "en": "- Difference from the previous edition: `{pad}`",
        },
        "onthulling": {
            "nl": "- Onthullingscontrole: `{pad}`",
            "en": "- Disclosure check: `{pad}`",
        },
        "wacht_enquetes": {"nl": "Wacht op enquêtes", "en": "Waiting for surveys"},
        "wacht_leerbijeenkomst": {
            "nl": "Wacht op de leerbijeenkomst",
            "en": "Waiting for the learning session",
        },
        # the artifacts' descriptions and links
        "beschrijving_ronde": {
            "nl": "Evaluatieronde {naam}, {cyclus}, {periode}",
            "en": "Evaluation round {naam}, {cyclus}, {periode}",
        },
        "beschrijving_indicatoren": {
            "nl": "Indicatoren van ronde {id} ({periode}): waarde, 95%-interval, basis, vorige "
            "ronde en verandering",
            "en": "Indicators of round {id} ({periode}): value, 95% interval, basis, previous "
            "round and change",
        },
        "link_document": {"nl": "{naam} (PDF)", "en": "{naam} (PDF)"},
        "beschrijving_document": {
            "nl": "{naam} van ronde {id} ({plaats})",
            "en": "{naam} of round {id} ({plaats})",
        },
        # the indicator table: its columns and words
        "kol_indicator": {"nl": "indicator", "en": "indicator"},
        "kol_naam": {"nl": "naam", "en": "name"},
        "kol_dimensie": {"nl": "dimensie", "en": "dimension"},
        "kol_sleutel": {"nl": "sleutel", "en": "key"},
        "kol_waarde": {"nl": "waarde", "en": "value"},
        "kol_ondergrens": {"nl": "ondergrens", "en": "lower bound"},
        "kol_bovengrens": {"nl": "bovengrens", "en": "upper bound"},
        "kol_basis": {"nl": "basis", "en": "basis"},
        "kol_vorige": {"nl": "vorige", "en": "previous"},
        "kol_verandering": {"nl": "verandering", "en": "change"},
        "kol_lezing": {"nl": "lezing", "en": "reading"},
        "kol_onderdrukt": {"nl": "onderdrukt", "en": "suppressed"},
        "kol_reden": {"nl": "reden", "en": "reason"},
        "onderdrukt": {"nl": "onderdrukt", "en": "suppressed"},
        "ja": {"nl": "ja", "en": "yes"},
        "nee": {"nl": "nee", "en": "no"},
        # what a waiting round tells the researcher
        "nog_niemand": {"nl": "nog niemand uitgenodigd", "en": "no one invited yet"},
        "respons": {
            "nl": "{beantwoord} van {uitgenodigd} beantwoord ({pct}%)",
            "en": "{beantwoord} of {uitgenodigd} answered ({pct}%)",
        },
        "open_enquete": {
            "nl": "{publiek} ({form}, enquêteronde {id}) tot {sluit}, {respons}",
            "en": "{publiek} ({form}, survey round {id}) until {sluit}, {respons}",
        },
        "vervolg_prefect": {
            "nl": "Prefect zet de ronde daarna zelf voort (run {run}, gepland op {moment}).",
            "en": "Prefect then continues the round itself (run {run}, scheduled for {moment}).",
        },
        "vervolg_zelf": {
            "nl": "Voer de ronde na {moment} opnieuw uit met 'makelaar round run --cycle "
            "{cyclus} --period {periode} --gemeente {code}'; ze gaat dan verder met "
            "reflecteren. Sluit je een enquête eerder ('makelaar enquete sluit NUMMER'), dan kan "
            "dat ook eerder.",
            "en": "Run the round again after {moment} with 'makelaar round run --cycle {cyclus} "
            "--period {periode} --gemeente {code}'; it then goes on to reflect. If you close a "
            "survey earlier ('makelaar enquete sluit NUMMER'), it can go on earlier too.",
        },
        "wacht_op_enquetes": {
            "nl": "Ronde {id} ({code}, {cyclus}, {periode}) wacht op de enquêtes die nog open "
            "staan: {open}. {vervolg}",
            "en": "Round {id} ({code}, {cyclus}, {periode}) is waiting for the surveys still "
            "open: {open}. {vervolg}",
        },
        "wacht_op_besluiten": {
            "nl": "Ronde {id} ({code}, {cyclus}, {periode}) wacht op de besluiten van de "
            "leerbijeenkomst over {codes}. Leg elk besluit vast met 'makelaar round besluit {id} "
            'CODE aangenomen|verworpen|uitgesteld --reden "..."\' en voer de ronde daarna '
            "opnieuw uit; ze gaat dan verder met toepassen.",
            "en": "Round {id} ({code}, {cyclus}, {periode}) is waiting for the learning "
            "session's decisions on {codes}. Record each decision with 'makelaar round besluit "
            '{id} CODE aangenomen|verworpen|uitgesteld --reden "..."\' and then run the round '
            "again; it then goes on to apply.",
        },
    },
)
