"""The words the handreiking's templates and charts show around the content (catalogue 'handreiking')."""

from __future__ import annotations

from makelaar.models.taal import Catalogus, Taal, catalogus, in_een_taal

WOORDEN: Catalogus = catalogus(
    "handreiking",
    {
        "titel": {"nl": "Handreiking Sociaal Makelaar", "en": "Handreiking Sociaal Makelaar"},
        "ondertitel": {
            "nl": "Praktijkgids voor gemeente, uitvoerende organisatie en wijk",
            "en": "Practice guide for the municipality, the executing organisation and the wijk",
        },
        "gemeente": {"nl": "Gemeente", "en": "Municipality"},
        "editie": {"nl": "Editie", "en": "Edition"},
        "periode": {"nl": "Periode", "en": "Period"},
        "werkwijze": {"nl": "Werkwijze", "en": "Method"},
        "datum": {"nl": "Datum", "en": "Date"},
        "colofon": {"nl": "Colofon", "en": "Colophon"},
        "auteur": {"nl": "Gemeente {gemeente}", "en": "Municipality of {gemeente}"},
        "colofon_editie": {
            "nl": (
                "Dit is editie {editie} van de Handreiking Sociaal Makelaar voor de gemeente "
                "{gemeente}. Ze is gemaakt na de evaluatieronde over de periode {periode}, met de "
                "werkwijze {cyclus}, en vastgesteld op {datum}."
            ),
            "en": (
                "This is edition {editie} of the Handreiking Sociaal Makelaar for the municipality "
                "of {gemeente}. It was made after the evaluation round over the period {periode}, "
                "with the {cyclus} method, and adopted on {datum}."
            ),
        },
        "colofon_editie_lopend": {
            "nl": (
                "Dit is editie {editie} van de Handreiking Sociaal Makelaar voor de gemeente "
                "{gemeente}. Ze is gemaakt tijdens de evaluatieronde over de periode {periode}, "
                "met de werkwijze {cyclus}, en vastgesteld op {datum}. De periode liep toen nog: "
                "de cijfers gaan over het werk tot en met {gegevens_tot}."
            ),
            "en": (
                "This is edition {editie} of the Handreiking Sociaal Makelaar for the municipality "
                "of {gemeente}. It was made during the evaluation round over the period {periode}, "
                "with the {cyclus} method, and adopted on {datum}. The period was still running: "
                "the figures cover the work up to and including {gegevens_tot}."
            ),
        },
        "colofon_ontstaan": {
            "nl": (
                "Elke editie is de vorige editie plus de wijzigingen die de leerbijeenkomst heeft "
                "aangenomen. Het hoofdstuk ‘Wat is er veranderd en waarom’ noemt elke wijziging "
                "met de bevinding waarop ze rust en het besluit van de leerbijeenkomst."
            ),
            "en": (
                "Each edition is the previous edition plus the changes the learning session "
                "(leerbijeenkomst) adopted. The chapter ‘What changed and why’ lists every change "
                "with the finding it rests on and the decision of the learning session."
            ),
        },
        "colofon_cijfers": {
            "nl": (
                "Cijfers uit het logboek van de makelaars worden niet gepubliceerd als ze op te "
                "weinig personen rusten; in tabellen en grafieken staat dan ‘onderdrukt’."
            ),
            "en": (
                "Figures from the brokers' logbook are not published when they rest on too few "
                "people; tables and charts then show ‘suppressed’."
            ),
        },
        "citeer": {"nl": "Verwijs naar deze editie als:", "en": "Cite this edition as:"},
        "citaat": {
            "nl": (
                "Handreiking Sociaal Makelaar, gemeente {gemeente}, editie {editie} ({periode}), "
                "{datum}."
            ),
            "en": (
                "Handreiking Sociaal Makelaar, municipality of {gemeente}, edition {editie} "
                "({periode}), {datum}."
            ),
        },
        "bron_cbs": {
            "nl": "Bron: CBS, Kerncijfers wijken en buurten 2024, CC BY 4.0",
            "en": "Source: CBS, Kerncijfers wijken en buurten 2024, CC BY 4.0",
        },
        "uitgegeven_door": {"nl": "Uitgegeven door", "en": "Published by"},
        "contact": {"nl": "Contact", "en": "Contact"},
        "website": {"nl": "Website", "en": "Website"},
        "logo_alt": {"nl": "Logo van {naam}", "en": "Logo of {naam}"},
        "colofon_vragen": {
            "nl": "Vragen over deze handreiking? Neem contact op met de gemeente {gemeente}.",
            "en": "Questions about this guide? Please contact the municipality of {gemeente}.",
        },
        "samenvatting": {"nl": "Samenvatting", "en": "Summary"},
        "samenvatting_ronde": {
            "nl": (
                "Deze editie volgt op de evaluatieronde over de periode {periode}. De sociaal "
                "makelaars legden hun werk vast in het logboek; met de kerncijfers van het CBS en "
                "de enquêtes zijn daaruit cijfers per wijk gemaakt. De leerbijeenkomst besprak de "
                "bevindingen, nam {aangenomen} aan en wees {verworpen} af."
            ),
            "en": (
                "This edition follows the evaluation round over the period {periode}. The social "
                "brokers recorded their work in the logbook; with the CBS key figures and the "
                "surveys it was turned into figures per wijk. The learning session discussed the "
                "findings, adopted {aangenomen} and rejected {verworpen}."
            ),
        },
        "samenvatting_lopend": {
            "nl": " De periode liep nog: de cijfers gaan over het werk tot en met {gegevens_tot}.",
            "en": (
                " The period was still running: the figures cover the work up to and including "
                "{gegevens_tot}."
            ),
        },
        "wijzigingen_aantal": {
            "nl": "{n} wijziging|{n} wijzigingen|geen wijzigingen",
            "en": "{n} change|{n} changes|no changes",
        },
        "voorstellen_aantal": {
            "nl": "{n} voorstel|{n} voorstellen|geen voorstellen",
            "en": "{n} proposal|{n} proposals|no proposals",
        },
        "samenvatting_bevindingen": {"nl": "Belangrijkste bevindingen", "en": "Main findings"},
        "samenvatting_bevindingen_intro": {
            "nl": (
                "Een verschil is hier alleen een bevinding als het 95%-interval dat zegt. Achter "
                "elk cijfer staan dat interval en het aantal waarop het rust (n)."
            ),
            "en": (
                "A difference is a finding here only when the 95% interval says so. Each figure "
                "is followed by that interval and the number it rests on (n)."
            ),
        },
        "samenvatting_meer": {
            "nl": "Nog {n} bevinding(en) staan op de wijkpagina’s.",
            "en": "{n} more finding(s) are on the wijk pages.",
        },
        "samenvatting_geen_bevindingen": {
            "nl": "Deze ronde leverde geen bevindingen op die het 95%-interval onderbouwt.",
            "en": "This round produced no findings the 95% interval supports.",
        },
        "samenvatting_wijzigingen": {
            "nl": "Wat deze editie verandert",
            "en": "What this edition changes",
        },
        "samenvatting_zie_wijzigingen": {
            "nl": "Elke wijziging met haar onderbouwing en besluit: zie ‘Wat is er veranderd en "
            "waarom’.",
            "en": "Every change with its grounds and decision: see ‘What changed and why’.",
        },
        "meer_op_wijkpagina": {"nl": "Naar de wijkpagina.", "en": "To the wijk page."},
        "inhoud": {"nl": "Inhoud", "en": "Contents"},
        "hoofdstuk_inleiding": {"nl": "Inleiding", "en": "Introduction"},
        "hoofdstuk_gemeente": {"nl": "Voor de gemeente", "en": "For the municipality"},
        "hoofdstuk_organisatie": {
            "nl": "Voor de uitvoerende organisatie",
            "en": "For the executing organisation",
        },
        "hoofdstuk_wijk": {"nl": "In de wijk", "en": "In the wijk"},
        "hoofdstuk_wijzigingen": {
            "nl": "Wat is er veranderd en waarom",
            "en": "What changed and why",
        },
        "hoofdstuk_bijlage": {"nl": "Bijlage: methoden", "en": "Appendix: methods"},
        "gemeente_cijfers": {"nl": "De gemeente in cijfers", "en": "The municipality in figures"},
        "wijken_cijfers": {"nl": "De wijken in cijfers", "en": "The wijken in figures"},
        "wijken_intro": {
            "nl": (
                "Op de volgende pagina’s staat per wijk een pagina met de kerncijfers van het CBS, "
                "de cijfers uit het logboek van de makelaars, een grafiek en de bevindingen van "
                "deze ronde."
            ),
            "en": (
                "The following pages give one page per wijk: the CBS key figures, the figures from "
                "the brokers' logbook, a chart and the findings of this round."
            ),
        },
        "kerncijfers": {"nl": "Kerncijfers", "en": "Key figures"},
        "logboek": {"nl": "Uit het logboek", "en": "From the logbook"},
        "kenmerk": {"nl": "Kenmerk", "en": "Indicator"},
        "waarde": {"nl": "Waarde", "en": "Value"},
        "bron": {"nl": "Bron", "en": "Source"},
        "bevindingen": {"nl": "Bevindingen", "en": "Findings"},
        "geen_bevindingen": {
            "nl": "Deze ronde leverde voor deze wijk geen bevindingen op.",
            "en": "This round produced no findings for this wijk.",
        },
        "soort_sterk": {"nl": "Sterk punt", "en": "Strength"},
        "soort_aandacht": {"nl": "Aandachtspunt", "en": "Point of attention"},
        "bewijs": {"nl": "Rust op", "en": "Rests on"},
        "wijkcode": {"nl": "Wijkcode", "en": "Wijk code"},
        "aangenomen": {"nl": "Aangenomen wijzigingen", "en": "Adopted changes"},
        "verworpen": {"nl": "Afgewezen voorstellen", "en": "Rejected proposals"},
        "eerste_editie": {
            "nl": (
                "Dit is de eerste editie van de handreiking. Ze is geschreven op basis van de "
                "praktijk van Gouda, Woerden en Utrecht; volgende edities bouwen hierop voort met "
                "wat de evaluatierondes opleveren."
            ),
            "en": (
                "This is the first edition of the guide. It was written from the practice of "
                "Gouda, Woerden and Utrecht; later editions build on it with what the evaluation "
                "rounds yield."
            ),
        },
        "wijzigingen_intro": {
            "nl": (
                "Deze editie is editie {vorige} plus de wijzigingen hieronder. Per wijziging staat "
                "welk deel van de handreiking is aangepast, waarop de wijziging rust en wat de "
                "leerbijeenkomst besloot."
            ),
            "en": (
                "This edition is edition {vorige} plus the changes below. Each change says which "
                "part of the guide was changed, what it rests on and what the learning session "
                "decided."
            ),
        },
        "geen_aangenomen": {
            "nl": "In deze editie zijn geen wijzigingen aangenomen.",
            "en": "No changes were adopted in this edition.",
        },
        "geen_verworpen": {
            "nl": "Er zijn in deze ronde geen voorstellen afgewezen.",
            "en": "No proposals were rejected in this round.",
        },
        "sectie": {"nl": "Aangepast", "en": "Changed"},
        "onderbouwing": {"nl": "Onderbouwing", "en": "Grounds"},
        "besluit": {
            "nl": "Besluit van de leerbijeenkomst",
            "en": "Decision of the learning session",
        },
        "reden_afwijzing": {"nl": "Reden van afwijzing", "en": "Reason for rejection"},
        "toegevoegde_tekst": {"nl": "Toegevoegde tekst", "en": "Added text"},
        "voorgestelde_tekst": {"nl": "Voorgestelde tekst", "en": "Proposed text"},
        "methode_cijfers": {"nl": "Over deze editie", "en": "About this edition"},
        "onder_drempel": {
            "nl": (
                "Deze editie bevat geen cijfers uit de eigen gegevens van deze ronde. In de "
                "periode {periode} rust elk cijfer uit het logboek van de makelaars en uit de "
                "enquêtes op minder dan {n} personen of registraties. Cijfers op zo weinig mensen "
                "worden niet gepubliceerd, zodat niemand herkenbaar wordt; daarom staan hier "
                "alleen de kerncijfers van het CBS. Zodra er genoeg is vastgelegd, komen de "
                "cijfers in een volgende editie terug."
            ),
            "en": (
                "This edition holds no figures from this round's own data. In the period "
                "{periode}, every figure from the brokers' logbook and from the surveys rests on "
                "fewer than {n} persons or records. Figures on so few people are not published, so "
                "that nobody can be recognised; only the CBS key figures are shown here. Once "
                "enough has been recorded, the figures return in a later edition."
            ),
        },
        "onder_drempel_wijken": {
            "nl": (
                "Voor geen enkele wijk zijn cijfers uit het logboek te publiceren: elk cijfer rust "
                "op minder dan {n} personen of registraties. De wijkpagina’s tonen daarom alleen "
                "de kerncijfers van het CBS en de bevindingen."
            ),
            "en": (
                "No wijk has logbook figures that can be published: every figure rests on fewer "
                "than {n} persons or records. The wijk pages therefore show only the CBS key "
                "figures and the findings."
            ),
        },
        "onder_drempel_wijk": {
            "nl": (
                "Geen cijfers uit het logboek: voor deze wijk rust elk cijfer op minder dan {n} "
                "personen of registraties, te weinig om te publiceren zonder dat iemand herkenbaar "
                "wordt."
            ),
            "en": (
                "No figures from the logbook: for this wijk every figure rests on fewer than {n} "
                "persons or records, too few to publish without someone being recognisable."
            ),
        },
        "pagina": {"nl": "pagina", "en": "page"},
        "van": {"nl": "van", "en": "of"},
        "onderdrukt": {"nl": "onderdrukt", "en": "suppressed"},
        "beschrijving": {
            "nl": (
                "Handreiking Sociaal Makelaar voor de gemeente {gemeente}, editie {editie} "
                "({periode}): praktijkgids voor gemeente, uitvoerende organisatie en wijk, met "
                "wijkcijfers en de wijzigingen van deze editie."
            ),
            "en": (
                "Handreiking Sociaal Makelaar for the municipality of {gemeente}, edition {editie} "
                "({periode}): practice guide for the municipality, the executing organisation and "
                "the wijk, with figures per wijk and the changes in this edition."
            ),
        },
        "trefwoorden": {
            "nl": "sociaal makelaar, handreiking, wijkanalyse, actieonderzoek, {gemeente}",
            "en": "social broker, sociaal makelaar, practice guide, action research, {gemeente}",
        },
    },
)


def ui_strings(taal: Taal) -> dict[str, str]:
    """The template words for one language."""
    return in_een_taal(WOORDEN, taal)
