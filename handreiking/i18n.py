"""The words the handreiking's templates and charts show around the content, per language (nl, en)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Taal = Literal["nl", "en"]

_NL: dict[str, str] = {
    "titel": "Handreiking Sociaal Makelaar",
    "ondertitel": "Praktijkgids voor gemeente, uitvoerende organisatie en wijk",
    "gemeente": "Gemeente",
    "editie": "Editie",
    "periode": "Periode",
    "werkwijze": "Werkwijze",
    "datum": "Datum",
    "colofon": "Colofon",
    "auteur": "Gemeente {gemeente}",
    "colofon_editie": (
        "Dit is editie {editie} van de Handreiking Sociaal Makelaar voor de gemeente {gemeente}. "
        "Ze is gemaakt na de evaluatieronde over de periode {periode}, met de werkwijze "
        "{cyclus}, en vastgesteld op {datum}."
    ),
    "colofon_editie_lopend": (
        "Dit is editie {editie} van de Handreiking Sociaal Makelaar voor de gemeente {gemeente}. "
        "Ze is gemaakt tijdens de evaluatieronde over de periode {periode}, met de werkwijze "
        "{cyclus}, en vastgesteld op {datum}. De periode liep toen nog: de cijfers gaan over het "
        "werk tot en met {gegevens_tot}."
    ),
    "colofon_ontstaan": (
        "Elke editie is de vorige editie plus de wijzigingen die de leerbijeenkomst heeft "
        "aangenomen. Het hoofdstuk ‘Wat is er veranderd en waarom’ noemt elke wijziging met "
        "de bevinding waarop ze rust en het besluit van de leerbijeenkomst."
    ),
    "colofon_cijfers": (
        "Cijfers uit het logboek van de makelaars worden niet gepubliceerd als ze op te weinig "
        "personen rusten; in tabellen en grafieken staat dan ‘onderdrukt’."
    ),
    "citeer": "Verwijs naar deze editie als:",
    "citaat": (
        "Handreiking Sociaal Makelaar, gemeente {gemeente}, editie {editie} ({periode}), {datum}."
    ),
    "bron_cbs": "Bron: CBS, Kerncijfers wijken en buurten 2024, CC BY 4.0",
    "inhoud": "Inhoud",
    "hoofdstuk_inleiding": "Inleiding",
    "hoofdstuk_gemeente": "Voor de gemeente",
    "hoofdstuk_organisatie": "Voor de uitvoerende organisatie",
    "hoofdstuk_wijk": "In de wijk",
    "hoofdstuk_wijzigingen": "Wat is er veranderd en waarom",
    "hoofdstuk_bijlage": "Bijlage: methoden",
    "gemeente_cijfers": "De gemeente in cijfers",
    "wijken_cijfers": "De wijken in cijfers",
    "wijken_intro": (
        "Op de volgende pagina’s staat per wijk een pagina met de kerncijfers van het CBS, de "
        "cijfers uit het logboek van de makelaars, een grafiek en de bevindingen van deze ronde."
    ),
    "kerncijfers": "Kerncijfers",
    "logboek": "Uit het logboek",
    "kenmerk": "Kenmerk",
    "waarde": "Waarde",
    "bron": "Bron",
    "bevindingen": "Bevindingen",
    "geen_bevindingen": "Deze ronde leverde voor deze wijk geen bevindingen op.",
    "soort_sterk": "Sterk punt",
    "soort_aandacht": "Aandachtspunt",
    "bewijs": "Rust op",
    "wijkcode": "Wijkcode",
    "aangenomen": "Aangenomen wijzigingen",
    "verworpen": "Afgewezen voorstellen",
    "eerste_editie": (
        "Dit is de eerste editie van de handreiking. Ze is geschreven op basis van de praktijk "
        "van Gouda, Woerden en Utrecht; volgende edities bouwen hierop voort met wat de "
        "evaluatierondes opleveren."
    ),
    "wijzigingen_intro": (
        "Deze editie is editie {vorige} plus de wijzigingen hieronder. Per wijziging staat welk "
        "deel van de handreiking is aangepast, waarop de wijziging rust en wat de "
        "leerbijeenkomst besloot."
    ),
    "geen_aangenomen": "In deze editie zijn geen wijzigingen aangenomen.",
    "geen_verworpen": "Er zijn in deze ronde geen voorstellen afgewezen.",
    "sectie": "Aangepast",
    "onderbouwing": "Onderbouwing",
    "besluit": "Besluit van de leerbijeenkomst",
    "reden_afwijzing": "Reden van afwijzing",
    "toegevoegde_tekst": "Toegevoegde tekst",
    "voorgestelde_tekst": "Voorgestelde tekst",
    "methode_cijfers": "Over deze editie",
    "onder_drempel": (
        "Deze editie bevat geen cijfers uit de eigen gegevens van deze ronde. In de periode "
        "{periode} rust elk cijfer uit het logboek van de makelaars en uit de enquêtes op minder "
        "dan {n} personen of registraties. Cijfers op zo weinig mensen worden niet gepubliceerd, "
        "zodat niemand herkenbaar wordt; daarom staan hier alleen de kerncijfers van het CBS. "
        "Zodra er genoeg is vastgelegd, komen de cijfers in een volgende editie terug."
    ),
    "onder_drempel_wijken": (
        "Voor geen enkele wijk zijn cijfers uit het logboek te publiceren: elk cijfer rust op "
        "minder dan {n} personen of registraties. De wijkpagina’s tonen daarom alleen de "
        "kerncijfers van het CBS en de bevindingen."
    ),
    "onder_drempel_wijk": (
        "Geen cijfers uit het logboek: voor deze wijk rust elk cijfer op minder dan {n} personen "
        "of registraties, te weinig om te publiceren zonder dat iemand herkenbaar wordt."
    ),
    "pagina": "pagina",
    "van": "van",
    "onderdrukt": "onderdrukt",
    "beschrijving": (
        "Handreiking Sociaal Makelaar voor de gemeente {gemeente}, editie {editie} ({periode}): "
        "praktijkgids voor gemeente, uitvoerende organisatie en wijk, met wijkcijfers en de "
        "wijzigingen van deze editie."
    ),
    "trefwoorden": "sociaal makelaar, handreiking, wijkanalyse, actieonderzoek, {gemeente}",
}

_EN: dict[str, str] = {
    "titel": "Handreiking Sociaal Makelaar",
    "ondertitel": "Practice guide for the municipality, the executing organisation and the wijk",
    "gemeente": "Municipality",
    "editie": "Edition",
    "periode": "Period",
    "werkwijze": "Method",
    "datum": "Date",
    "colofon": "Colophon",
    "auteur": "Municipality of {gemeente}",
    "colofon_editie": (
        "This is edition {editie} of the Handreiking Sociaal Makelaar for the municipality of "
        "{gemeente}. It was made after the evaluation round over the period {periode}, with the "
        "{cyclus} method, and adopted on {datum}."
    ),
    "colofon_editie_lopend": (
        "This is edition {editie} of the Handreiking Sociaal Makelaar for the municipality of "
        "{gemeente}. It was made during the evaluation round over the period {periode}, with the "
        "{cyclus} method, and adopted on {datum}. The period was still running: the figures "
        "cover the work up to and including {gegevens_tot}."
    ),
    "colofon_ontstaan": (
        "Each edition is the previous edition plus the changes the learning session "
        "(leerbijeenkomst) adopted. The chapter ‘What changed and why’ lists every change with "
        "the finding it rests on and the decision of the learning session."
    ),
    "colofon_cijfers": (
        "Figures from the brokers' logbook are not published when they rest on too few people; "
        "tables and charts then show ‘suppressed’."
    ),
    "citeer": "Cite this edition as:",
    "citaat": (
        "Handreiking Sociaal Makelaar, municipality of {gemeente}, edition {editie} "
        "({periode}), {datum}."
    ),
    "bron_cbs": "Source: CBS, Kerncijfers wijken en buurten 2024, CC BY 4.0",
    "inhoud": "Contents",
    "hoofdstuk_inleiding": "Introduction",
    "hoofdstuk_gemeente": "For the municipality",
    "hoofdstuk_organisatie": "For the executing organisation",
    "hoofdstuk_wijk": "In the wijk",
    "hoofdstuk_wijzigingen": "What changed and why",
    "hoofdstuk_bijlage": "Appendix: methods",
    "gemeente_cijfers": "The municipality in figures",
    "wijken_cijfers": "The wijken in figures",
    "wijken_intro": (
        "The following pages give one page per wijk: the CBS key figures, the figures from the "
        "brokers' logbook, a chart and the findings of this round."
    ),
    "kerncijfers": "Key figures",
    "logboek": "From the logbook",
    "kenmerk": "Indicator",
    "waarde": "Value",
    "bron": "Source",
    "bevindingen": "Findings",
    "geen_bevindingen": "This round produced no findings for this wijk.",
    "soort_sterk": "Strength",
    "soort_aandacht": "Point of attention",
    "bewijs": "Rests on",
    "wijkcode": "Wijk code",
    "aangenomen": "Adopted changes",
    "verworpen": "Rejected proposals",
    "eerste_editie": (
        "This is the first edition of the guide. It was written from the practice of Gouda, "
        "Woerden and Utrecht; later editions build on it with what the evaluation rounds yield."
    ),
    "wijzigingen_intro": (
        "This edition is edition {vorige} plus the changes below. Each change says which part of "
        "the guide was changed, what it rests on and what the learning session decided."
    ),
    "geen_aangenomen": "No changes were adopted in this edition.",
    "geen_verworpen": "No proposals were rejected in this round.",
    "sectie": "Changed",
    "onderbouwing": "Grounds",
    "besluit": "Decision of the learning session",
    "reden_afwijzing": "Reason for rejection",
    "toegevoegde_tekst": "Added text",
    "voorgestelde_tekst": "Proposed text",
    "methode_cijfers": "About this edition",
    "onder_drempel": (
        "This edition holds no figures from this round's own data. In the period {periode}, "
        "every figure from the brokers' logbook and from the surveys rests on fewer than {n} "
        "persons or records. Figures on so few people are not published, so that nobody can be "
        "recognised; only the CBS key figures are shown here. Once enough has been recorded, the "
        "figures return in a later edition."
    ),
    "onder_drempel_wijken": (
        "No wijk has logbook figures that can be published: every figure rests on fewer than "
        "{n} persons or records. The wijk pages therefore show only the CBS key figures and the "
        "findings."
    ),
    "onder_drempel_wijk": (
        "No figures from the logbook: for this wijk every figure rests on fewer than {n} persons "
        "or records, too few to publish without someone being recognisable."
    ),
    "pagina": "page",
    "van": "of",
    "onderdrukt": "suppressed",
    "beschrijving": (
        "Handreiking Sociaal Makelaar for the municipality of {gemeente}, edition {editie} "
        "({periode}): practice guide for the municipality, the executing organisation and the "
        "wijk, with figures per wijk and the changes in this edition."
    ),
    "trefwoorden": "social broker, sociaal makelaar, practice guide, action research, {gemeente}",
}

UI_STRINGS: Mapping[Taal, Mapping[str, str]] = {"nl": _NL, "en": _EN}


def ui_strings(taal: Taal) -> Mapping[str, str]:
    """The template words for one language."""
    return UI_STRINGS[taal]
