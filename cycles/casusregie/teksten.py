"""What the pilot report says, in Dutch and English (one catalogue, models.taal)."""

from __future__ import annotations

from makelaar.models.taal import Catalogus, catalogus

__all__ = ["RAPPORT"]

RAPPORT: Catalogus = catalogus(
    "casusregie_rapport",
    {
        "titel": {"nl": "Pilotrapport casusregie", "en": "Casusregie pilot report"},
        "ondertitel": {
            "nl": "{pilot} · gemeente {gemeente} · periode {periode}",
            "en": "{pilot} · municipality of {gemeente} · period {periode}",
        },
        "rapport": {"nl": "Rapport", "en": "Report"},
        # the sources the observe phase reports (the round's summary in Prefect lists them)
        "bron_casussen": {"nl": "Casusregistratie", "en": "Case records"},
        "bron_tevredenheid": {
            "nl": "Tevredenheidsvragenlijst huishoudens",
            "en": "Households' satisfaction survey",
        },
        "bron_samenwerking": {
            "nl": "Samenwerking vrijwilligers en professionals",
            "en": "Collaboration of volunteers and professionals",
        },
        "gemaakt_op": {"nl": "gemaakt op", "en": "made on"},
        "oordeel_kop": {"nl": "Oordeel per criterium", "en": "Verdict per criterion"},
        "oordeel_inleiding": {
            "nl": "De gemeente {gemeente} legde vooraf vast waaraan de pilot moet voldoen. Per "
            "criterium staat hieronder of de pilot het haalt, op grond van {n} huishoudens die "
            "tussen {begin} en {einde} zijn gemeld.",
            "en": "The municipality of {gemeente} set out beforehand what the pilot must achieve. "
            "For each criterion below: whether the pilot meets it, based on {n} households "
            "reported between {begin} and {einde}.",
        },
        "criterium": {"nl": "Criterium", "en": "Criterion"},
        "uitkomst": {"nl": "Uitkomst", "en": "Result"},
        "bewijs": {"nl": "Bewijs", "en": "Evidence"},
        "lezing": {"nl": "Waarom", "en": "Why"},
        "aantal_gehaald": {"nl": "gehaald", "en": "met"},
        "aantal_niet_gehaald": {"nl": "niet gehaald", "en": "not met"},
        "aantal_niet_te_zeggen": {"nl": "niet te zeggen", "en": "cannot be said"},
        "geen_criteria": {
            "nl": "De gemeente heeft geen criteria ingesteld.",
            "en": "The municipality set no criteria.",
        },
        "regel_kop": {"nl": "Hoe het oordeel tot stand komt", "en": "How the verdict is reached"},
        "regel_tekst": {
            "nl": "Elk cijfer heeft een 95%-interval: de waarden die bij deze huishoudens passen. "
            "Een criterium is gehaald als het hele interval aan de goede kant van de grens ligt, "
            "niet gehaald als het hele interval aan de verkeerde kant ligt. Ligt de grens binnen "
            "het interval, of is er geen cijfer omdat het op minder dan {drempel} huishoudens of "
            "antwoorden zou rusten, dan is het niet te zeggen met zo weinig huishoudens. Het "
            "aantal makelaars is een telling, geen steekproef: dat criterium is gehaald of niet.",
            "en": "Every figure has a 95% interval: the values that fit these households. A "
            "criterion is met when the whole interval lies on the right side of the threshold, "
            "not met when the whole interval lies on the wrong side. When the threshold lies "
            "within the interval, or there is no figure because it would rest on fewer than "
            "{drempel} households or answers, it cannot be said with so few households. The "
            "number of brokers is a count, not a sample: that criterion is met or not.",
        },
        "klein_kop": {
            "nl": "Wat {n} huishoudens wel en niet kunnen laten zien",
            "en": "What {n} households can and cannot show",
        },
        "klein_wel": {
            "nl": "Wel: of de uitkomsten bij deze huishoudens de goede kant op wijzen, en of een "
            "groot verschil (zoals veel minder aanbieders bij afsluiting) meer is dan toeval. "
            "Voor de betrokken huishoudens, makelaars en partners is dat een eerlijk beeld van "
            "wat er in de pilot gebeurde.",
            "en": "It can show whether the results for these households point the right way, "
            "and whether a large difference (such as far fewer providers at closure) is more "
            "than chance. For the households, brokers and partners involved that is a fair "
            "picture of what happened in the pilot.",
        },
        "klein_niets": {
            "nl": "Met {n} huishoudens kan dit rapport over de huishoudens niets laten zien: elk "
            "cijfer zou over minder dan {drempel} huishoudens gaan en wordt niet getoond. Wat "
            "overblijft zijn de criteria die niet over huishoudens gaan, zoals het aantal "
            "makelaars.",
            "en": "With {n} households this report can show nothing about the households: every "
            "figure would be about fewer than {drempel} households and is not shown. What is left "
            "are the criteria not about households, such as the number of brokers.",
        },
        "klein_niet": {
            "nl": "Niet: of casusregie de oorzaak is (er is geen vergelijkingsgroep zonder "
            "casusregie), of het bij andere huishoudens, wijken of gemeenten net zo gaat, en "
            "kleine verschillen: die vallen binnen de onzekerheid. Uitsplitsingen per wijk of per "
            "makelaar zouden over een paar huishoudens gaan; die worden niet getoond.",
            "en": "It cannot show whether casusregie is the cause (there is no comparison group "
            "without it), whether it goes the same for other households, districts or "
            "municipalities, or small differences: those fall within the uncertainty. "
            "Breakdowns per district or broker would be about a few households; they are not "
            "shown.",
        },
        "klein_extra": {
            "nl": "Met minder dan {drempel} huishoudens of antwoorden wordt een cijfer niet "
            "getoond, omdat het over te weinig mensen zou gaan.",
            "en": "A figure resting on fewer than {drempel} households or answers is not "
            "shown, because it would be about too few people.",
        },
        "cijfers_kop": {"nl": "De cijfers", "en": "The figures"},
        "indicator": {"nl": "Cijfer", "en": "Figure"},
        "waarde": {"nl": "Waarde", "en": "Value"},
        "interval95": {"nl": "95%-interval", "en": "95% interval"},
        "basis": {"nl": "Rust op", "en": "Based on"},
        "groep": {"nl": "Wijk of rol", "en": "District or role"},
        "uitsplitsing_kop": {"nl": "Per wijk en per rol", "en": "Per district and role"},
        "uitsplitsing_tekst": {
            "nl": "Een uitsplitsing wordt alleen getoond als ze op minstens {drempel} huishoudens "
            "of antwoorden rust; bij een pilot van deze omvang is dat meestal niet zo.",
            "en": "A breakdown is shown only when it rests on at least {drempel} households or "
            "answers; in a pilot of this size that is mostly not the case.",
        },
        "rol_vrijwilliger": {"nl": "vrijwilligers", "en": "volunteers"},
        "rol_professional": {"nl": "professionals", "en": "professionals"},
        "onderdrukt": {
            "nl": "niet getoond (minder dan {drempel})",
            "en": "not shown (fewer than {drempel})",
        },
        "interval": {"nl": "{onder} tot {boven}", "en": "{onder} to {boven}"},
        "geen": {"nl": "geen gegevens", "en": "no data"},
        "besluiten_kop": {
            "nl": "Besluiten van de leerbijeenkomst",
            "en": "Decisions of the learning session",
        },
        "aangenomen": {"nl": "Aangenomen", "en": "Adopted"},
        "verworpen": {"nl": "Verworpen", "en": "Rejected"},
        "geen_besluiten": {
            "nl": "De leerbijeenkomst nam geen voorstellen aan of verwierp er geen.",
            "en": "The learning session adopted or rejected no proposals.",
        },
        "verantwoording_kop": {"nl": "Verantwoording", "en": "Methods"},
        "bronnen": {
            "nl": "Casusregistratie: {n} huishoudens, waarvan {afgesloten} afgesloten. "
            "Tevredenheidsvragenlijst van de huishoudens: {antwoorden} antwoorden. Samenwerking: "
            "{samenwerking} antwoorden van vrijwilligers en professionals.",
            "en": "Case records: {n} households, {afgesloten} of them closed. Households' "
            "satisfaction survey: {antwoorden} answers. Collaboration: {samenwerking} answers "
            "from volunteers and professionals.",
        },
        "methoden": {
            "nl": "Gemiddelden hebben een t-interval; het verschil in aanbieders is gepaard, per "
            "huishouden (start min afsluiting); de mediaan heeft een exact interval uit de "
            "rangorde (binomiaal); aandelen hebben het Wilson-interval. Alle intervallen zijn 95%.",
            "en": "Means have a t interval; the difference in providers is paired, per household "
            "(start minus closure); the median has an exact interval from the order statistics "
            "(binomial); shares have the Wilson interval. All intervals are 95%.",
        },
        "privacy": {
            "nl": "Huishoudens staan in de gegevens alleen als sleutelcode, niet met naam of "
            "adres. Geen cijfer over huishoudens of antwoorden rust op minder dan {drempel}; "
            "het aantal makelaars is een telling van professionals en wordt wel getoond.",
            "en": "Households are in the data only as a keyed code, never by name or address. "
            "No figure about households or answers rests on fewer than {drempel}; the number "
            "of brokers is a count of professionals and is shown.",
        },
        "instellingen_eigen": {
            "nl": "De criteria komen uit het instellingenbestand van de gemeente {gemeente}.",
            "en": "The criteria come from the settings file of the municipality of {gemeente}.",
        },
        "instellingen_standaard": {
            "nl": "De gemeente {gemeente} heeft (nog) geen instellingenbestand: de "
            "standaardcriteria zijn gebruikt.",
            "en": "The municipality of {gemeente} has no settings file (yet): the default "
            "criteria were used.",
        },
    },
)
