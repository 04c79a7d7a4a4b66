"""The words the actieonderzoek's documents show around their content, in Dutch and English
(catalogue 'actieonderzoek'), and days and numbers written the way each language writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from makelaar.models.taal import TALEN, Catalogus, Taal, catalogus, in_taal, vertaal

__all__ = ["TEKSTEN", "dag", "getal", "vertaler"]

_MAANDEN = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
}


def dag(value: dt.date, taal: Taal) -> str:
    """1 januari 2025 / 1 January 2025."""
    return f"{value.day} {_MAANDEN[taal].split()[value.month - 1]} {value.year}"


def getal(value: float, decimalen: int = 0, taal: str = "nl") -> str:
    """1.234,5 in Dutch, 1,234.5 in English."""
    text = f"{value:,.{decimalen}f}"
    return in_taal(taal, text.replace(",", "_").replace(".", ",").replace("_", "."), text)


#: the sources an observe phase reports, by their names' keys in TEKSTEN, with the key of what
#: the documents add to the count (None: nothing). The round stores a source's name in the
#: round's language (the Prefect summary shows it); the documents find the key again from it.
BRONNEN: dict[str, str | None] = {
    "bron_teams": None,
    "bron_logboek": "bron_logboek_uitleg",
    "bron_vragen": None,
}


def bron_sleutel(naam: str) -> str | None:
    """The key in BRONNEN of a stored source name, in either language (None: not ours)."""
    for sleutel in BRONNEN:
        if naam in (vertaal(TEKSTEN, sleutel, taal) for taal in TALEN):
            return sleutel
    return None


def vertaler(taal: Taal) -> Callable[..., str]:
    """`t(key, **values)` for the templates."""

    def t(key: str, **waarden: object) -> str:
        return vertaal(TEKSTEN, key, taal, **waarden)

    return t


TEKSTEN: Catalogus = catalogus(
    "actieonderzoek",
    {
        "soort_rapport": {
            "nl": "Tussenrapportage actieonderzoek",
            "en": "Action research interim report",
        },
        "studie_van": {
            "nl": "Tussenstudie {nummer} van {aantal}",
            "en": "Interim study {nummer} of {aantal}",
        },
        "rapport_ondertitel": {
            "nl": "De sociaal makelaar naast de sociaal teams: wat we leerden en wat er verandert "
            "in de werkwijze",
            "en": "The sociaal makelaar next to the social teams: what we learned and what "
            "changes in the way of working",
        },
        "periode_regel": {
            "nl": "Periode {begin} tot en met {einde} · ronde {periode} · opgesteld {datum}",
            "en": "Period {begin} to {einde} · round {periode} · written {datum}",
        },
        "in_het_kort": {"nl": "In het kort", "en": "In brief"},
        "kort_programma": {
            "nl": "Deze tussenstudie is nummer {nummer} van {aantal} in een programma van "
            "{maanden} maanden ({start} tot en met {einde}) met {teams} sociaal teams, elk met "
            "één makelaar.",
            "en": "This interim study is number {nummer} of {aantal} in a programme of {maanden} "
            "months ({start} to {einde}) with {teams} social teams, each with one broker.",
        },
        "kort_laatste": {
            "nl": "Het is de laatste tussenstudie: het programma eindigt met de handreiking voor "
            "andere gemeenten die bij dit rapport hoort.",
            "en": "It is the last interim study: the programme ends with the handreiking for "
            "other municipalities that comes with this report.",
        },
        "kort_geleerd": {
            "nl": "Wat we leerden: {aantal} bevindingen.",
            "en": "What we learned: {aantal} findings.",
        },
        "kort_geleerd_een": {
            "nl": "Wat we leerden: één bevinding.",
            "en": "What we learned: one finding.",
        },
        "kort_verandert": {
            "nl": "Wat verandert: aangenomen voor de werkwijze {aantal}, niet aangenomen of "
            "uitgesteld {niet}.",
            "en": "What changes: adopted for the way of working {aantal}, rejected or postponed "
            "{niet}.",
        },
        "wat_geleerd": {"nl": "Wat we leerden", "en": "What we learned"},
        "aandachtspunt": {"nl": "Aandachtspunt", "en": "Point of attention"},
        "wat_goed_gaat": {"nl": "Wat goed gaat", "en": "What goes well"},
        "geen_bevindingen": {
            "nl": "Deze tussenstudie leverde geen bevindingen op die de drempels uit de "
            "instellingen halen.",
            "en": "This interim study found nothing that reaches the thresholds of the settings.",
        },
        "wat_verandert": {
            "nl": "Wat er verandert in de werkwijze",
            "en": "What changes in the way of working",
        },
        "aangenomen_door": {
            "nl": "Aangenomen op de leerbijeenkomst door {door}: {reden}",
            "en": "Adopted at the learning session by {door}: {reden}",
        },
        "geen_reden": {"nl": "geen reden opgegeven", "en": "no reason given"},
        "onbekend": {"nl": "onbekend", "en": "unknown"},
        "geen_aangenomen": {
            "nl": "De leerbijeenkomst nam in deze ronde geen voorstellen aan; de werkwijze blijft "
            "zoals hij was.",
            "en": "The learning session adopted no proposals in this round; the way of working "
            "stays as it was.",
        },
        "niet_aangenomen": {
            "nl": "Niet aangenomen of uitgesteld",
            "en": "Rejected or postponed",
        },
        "teams_in_cijfers": {"nl": "De teams in cijfers", "en": "The teams in figures"},
        "cijfers_uitleg": {
            "nl": "Elk cijfer staat met zijn 95%-betrouwbaarheidsinterval. Een streep betekent "
            "dat het cijfer op minder dan {drempel} personen of registraties rust, of dat een "
            "ander cijfer het zou verraden; het is dan niet gepubliceerd.",
            "en": "Every figure comes with its 95% confidence interval. A dash means that the "
            "figure rests on fewer than {drempel} persons or records, or that another figure "
            "would give it away; it is then not published.",
        },
        "tabel_teams": {
            "nl": "Indicatoren per sociaal team, {begin} tot en met {einde}",
            "en": "Indicators per social team, {begin} to {einde}",
        },
        "indicator": {"nl": "Indicator", "en": "Indicator"},
        "alle_teams": {"nl": "Alle teams", "en": "All teams"},
        "tabel_rollen": {
            "nl": "Ervaren samenwerking (1–5) naar rol",
            "en": "Perceived cooperation (1–5) by role",
        },
        "rol": {"nl": "Rol", "en": "Role"},
        "gemiddeld": {"nl": "Gemiddeld", "en": "Mean"},
        "makelaars": {"nl": "Makelaars", "en": "Brokers"},
        "sociaal_werkers": {"nl": "Sociaal werkers", "en": "Social workers"},
        "tabel_respons": {
            "nl": "Respons per publiek: elk publiek beantwoordt zijn eigen formulier",
            "en": "Response per audience: each audience answers its own form",
        },
        "publiek": {"nl": "Publiek", "en": "Audience"},
        "respons_kolom": {"nl": "Respons", "en": "Response"},
        "themas": {"nl": "Thema's", "en": "Themes"},
        "themas_uitleg": {
            "nl": "Vragen uit de sociaal teams krijgen bij het vastleggen een thema. In de vrije "
            "tekst van de reflecties van makelaars en sociaal werkers zijn de thema's geteld met "
            "het codeboek uit de instellingen: een reflectie telt mee als ze een woord van het "
            "thema bevat.",
            "en": "Questions from the social teams get a theme when they are recorded. In the "
            "free text of the brokers' and social workers' reflections the themes are counted "
            "with the settings' codebook: a reflection counts when it holds one of the theme's "
            "words.",
        },
        "tabel_themas": {
            "nl": "Thema's in vragen en reflecties",
            "en": "Themes in questions and reflections",
        },
        "thema": {"nl": "Thema", "en": "Theme"},
        "vragen_team": {"nl": "Vragen uit het team", "en": "Questions from the team"},
        "reflecties_noemen": {
            "nl": "Reflecties die het noemen",
            "en": "Reflections naming it",
        },
        "trefwoorden": {"nl": "Trefwoorden", "en": "Keywords"},
        "overig": {"nl": "Overig", "en": "Other"},
        "uit_reflecties": {"nl": "Uit de reflecties", "en": "From the reflections"},
        "citaat_uitleg": {
            "nl": "Voorbeelden die de schrijver liet citeren, na controle op namen, adressen, "
            "postcodes, telefoonnummers en e-mailadressen.",
            "en": "Examples their writers let be quoted, after a check for names, addresses, "
            "postcodes, phone numbers and e-mail addresses.",
        },
        "verantwoording": {"nl": "Verantwoording", "en": "Method"},
        "tabel_bronnen": {
            "nl": "Bronnen en instellingen van deze tussenstudie",
            "en": "Sources and settings of this interim study",
        },
        "periode": {"nl": "Periode", "en": "Period"},
        "periode_waarde": {
            "nl": "{begin} t/m {einde} (ronde {periode})",
            "en": "{begin} to {einde} (round {periode})",
        },
        "gelezen": {"nl": "{aantal} gelezen.", "en": "{aantal} read."},
        "gelezen_uitleg": {"nl": "{aantal} gelezen: {uitleg}.", "en": "{aantal} read: {uitleg}."},
        "bron_teams": {"nl": "Sociaal teams (instellingen)", "en": "Social teams (settings)"},
        "bron_logboek": {"nl": "Logboek sociaal makelaars", "en": "Social brokers' logbook"},
        "bron_logboek_uitleg": {
            "nl": "sociale acties in de wijken van de teams",
            "en": "social actions in the teams' wijken",
        },
        "bron_vragen": {
            "nl": "Vragen en initiatieven uit het sociaal team",
            "en": "Questions and initiatives from the social team",
        },
        "respons": {
            "nl": "{beantwoord} van {uitgenodigd} uitgenodigden antwoordden ({modus})",
            "en": "{beantwoord} of {uitgenodigd} invited answered ({modus})",
        },
        "respons_weinig": {
            "nl": "minder dan {drempel} antwoorden ({modus})",
            "en": "fewer than {drempel} answers ({modus})",
        },
        "kleinste": {"nl": "Kleinste gepubliceerde aantal", "en": "Smallest published count"},
        "kleinste_waarde": {
            "nl": "{drempel} personen of registraties",
            "en": "{drempel} persons or records",
        },
        "drempels": {"nl": "Drempels voor bevindingen", "en": "Thresholds for findings"},
        "drempels_waarde": {
            "nl": "{vragen} vragen of {reflecties} reflecties over een thema; minder dan "
            "{aandeel}% collectief opgepakt; samenwerking onder {samenwerking}",
            "en": "{vragen} questions or {reflecties} reflections on a theme; less than "
            "{aandeel}% taken up collectively; cooperation below {samenwerking}",
        },
        "rapport_titel": {
            "nl": "Tussenrapportage actieonderzoek {gemeente}, tussenstudie {nummer}",
            "en": "Action research interim report {gemeente}, interim study {nummer}",
        },
        "rapport_voet": {
            "nl": "Actieonderzoek {gemeente} · tussenstudie {nummer}",
            "en": "Action research {gemeente} · interim study {nummer}",
        },
        # the handreiking for other municipalities
        "soort_handreiking": {"nl": "Handreiking voor gemeenten", "en": "Guide for municipalities"},
        "handreiking_titel": {
            "nl": "De sociaal makelaar naast het sociaal team",
            "en": "The sociaal makelaar next to the social team",
        },
        "handreiking_ondertitel": {
            "nl": "Lessen uit een actieonderzoek van {maanden} maanden met {aantal} "
            "tussenstudies, op drie niveaus: de gemeente, de organisatie en de wijk",
            "en": "Lessons from an action research of {maanden} months with {aantal} interim "
            "studies, at three levels: the municipality, the organisation and the wijk",
        },
        "opgesteld": {"nl": "Opgesteld {datum}", "en": "Written {datum}"},
        "leeswijzer": {"nl": "Leeswijzer", "en": "How to read this guide"},
        "leeswijzer_tekst": {
            "nl": "Deze handreiking is geschreven voor gemeenten die een sociaal makelaar naast "
            "hun sociaal teams willen zetten. Ze komt uit een actieonderzoek waarin drie sociaal "
            "teams elk met één makelaar werkten, en waarin om de paar maanden een tussenstudie "
            "liet zien wat werkte en wat anders moest. Ze noemt bewust geen plaatsen, teams of "
            "personen en geen cijfers van afzonderlijke teams: de lessen gaan over de werkwijze, "
            "niet over één gemeente.",
            "en": "This guide is written for municipalities that want to put a sociaal makelaar "
            "next to their social teams. It comes from an action research in which three social "
            "teams each worked with one broker, and in which an interim study every few months "
            "showed what worked and what had to change. It names no places, teams or persons and "
            "no figures of single teams on purpose: the lessons are about the way of working, "
            "not about one municipality.",
        },
        "deel_gemeente": {
            "nl": "de gemeente: wat de opdrachtgever regelt.",
            "en": "the municipality: what the commissioning party arranges.",
        },
        "deel_organisatie": {
            "nl": "de organisatie: hoe makelaar en sociaal werkers samenwerken en samen leren.",
            "en": "the organisation: how broker and social workers work and learn together.",
        },
        "deel_wijk": {
            "nl": "de wijk: hoe een vraag van veel huishoudens een collectief aanbod wordt.",
            "en": "the wijk: how a question of many households becomes a collective offer.",
        },
        "deel": {"nl": "Deel {nummer}", "en": "Part {nummer}"},
        "kop_gemeente": {"nl": "De gemeente", "en": "The municipality"},
        "kop_organisatie": {
            "nl": "De organisatie en het sociaal team",
            "en": "The organisation and the social team",
        },
        "kop_wijk": {"nl": "De wijk", "en": "The wijk"},
        "veranderde": {
            "nl": "Wat het actieonderzoek aan de werkwijze veranderde",
            "en": "What the action research changed in the way of working",
        },
        "aangenomen_in": {
            "nl": "Aangenomen in tussenstudie {nummer}.",
            "en": "Adopted in interim study {nummer}.",
        },
        "terugkwam": {"nl": "Wat terugkwam", "en": "What came back"},
        "terugkwam_uitleg": {
            "nl": "Deze thema's kwamen in de tussenstudies terug, in de vragen uit de sociaal "
            "teams of in de reflecties van makelaars en sociaal werkers.",
            "en": "These themes came back in the interim studies, in the questions from the "
            "social teams or in the reflections of brokers and social workers.",
        },
        "geen_lessen": {
            "nl": "Geen thema haalde in meer dan één tussenstudie de drempel.",
            "en": "No theme reached the threshold in more than one interim study.",
        },
        "stemmen": {"nl": "Stemmen uit de praktijk", "en": "Voices from practice"},
        "over": {"nl": "Over deze handreiking", "en": "About this guide"},
        "over_tekst": {
            "nl": "De handreiking volgt uit {aantal} tussenstudies. Elke tussenstudie keek naar "
            "het logboek van de makelaars, de vragen en bewonersinitiatieven die de makelaar uit "
            "het sociaal team oppakte, een enquête onder partnerorganisaties en "
            "reflectieformulieren van makelaars en (anoniem) sociaal werkers. Voorstellen om de "
            "werkwijze bij te stellen werden op een leerbijeenkomst besproken; alleen aangenomen "
            "voorstellen staan hierin.",
            "en": "This guide follows from {aantal} interim studies. Each looked at the brokers' "
            "logbook, the questions and resident initiatives the broker picked up from the "
            "social team, a survey of partner organisations and reflection forms of brokers and "
            "(anonymously) social workers. Proposals to adjust the way of working were discussed "
            "at a learning session; only adopted proposals are in it.",
        },
        "weggelaten": {
            "nl": "Tekst die een plaats, team of persoon noemde, is weggelaten ({aantal} "
            "passages). Cijfers van afzonderlijke teams staan er niet in.",
            "en": "Text that named a place, team or person was left out ({aantal} passages). "
            "Figures of single teams are not in it.",
        },
        "weggelaten_een": {
            "nl": "Tekst die een plaats, team of persoon noemde, is weggelaten (1 passage). "
            "Cijfers van afzonderlijke teams staan er niet in.",
            "en": "Text that named a place, team or person was left out (1 passage). Figures of "
            "single teams are not in it.",
        },
        "handreiking_voet": {
            "nl": "Handreiking: de sociaal makelaar naast het sociaal team",
            "en": "Guide: the sociaal makelaar next to the social team",
        },
        "les": {
            "nl": "Kwam terug in {aantal} van de {totaal} tussenstudies, {waar}.",
            "en": "Came back in {aantal} of the {totaal} interim studies, {waar}.",
        },
        "waar_beide": {
            "nl": "in de vragen uit de sociaal teams en in de reflecties",
            "en": "in the questions from the social teams and in the reflections",
        },
        "waar_vragen": {
            "nl": "in de vragen uit de sociaal teams",
            "en": "in the questions from the social teams",
        },
        "waar_reflecties": {
            "nl": "in de reflecties van makelaars en sociaal werkers",
            "en": "in the reflections of brokers and social workers",
        },
        "les_aanbod": {
            "nl": " Een collectief aanbod, zoals een {aanbod}, lag voor de hand.",
            "en": " A collective offer, such as a {aanbod}, was the obvious step.",
        },
    },
)
