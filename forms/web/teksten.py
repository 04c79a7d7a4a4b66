"""The words of the answering pages around the form's own texts (catalogue 'antwoordpaginas')."""

from __future__ import annotations

from collections.abc import Mapping

from babel.numbers import get_group_symbol

from makelaar.models.taal import (
    STANDAARDTAAL,
    TALEN,
    Catalogus,
    Taal,
    babel_locale,
    catalogus,
    in_een_taal,
    taal_van,
)

#: the most parts of an Accept-Language header that are read (browsers send a handful)
_MAX_TALEN = 20

TEKSTEN: Catalogus = catalogus(
    "antwoordpaginas",
    {
        "te_groot_titel": {"nl": "Dit formulier is te groot", "en": "This form is too large"},
        "te_groot_tekst": {
            "nl": (
                "Wat u verstuurde is groter dan een pagina met antwoorden kan zijn. Maak lange "
                "antwoorden korter en probeer het opnieuw."
            ),
            "en": (
                "What you sent is larger than a page of answers can be. Shorten long answers and "
                "try again."
            ),
        },
        "naar_inhoud": {"nl": "Naar de vragen", "en": "Skip to the questions"},
        "andere_taal": {"nl": "English", "en": "Nederlands"},
        "andere_taal_code": {"nl": "en", "en": "nl"},
        "vorige": {"nl": "Vorige", "en": "Previous"},
        "volgende": {"nl": "Volgende", "en": "Next"},
        "pagina_van": {"nl": "Pagina {nummer} van {totaal}", "en": "Page {nummer} of {totaal}"},
        "verplicht": {"nl": "verplicht", "en": "required"},
        "fouten_titel": {
            "nl": "Er is iets niet goed ingevuld",
            "en": "Something is not filled in correctly",
        },
        "fouten_uitleg": {
            "nl": "Verbeter wat hieronder staat en ga dan verder.",
            "en": "Please correct what is listed below and then continue.",
        },
        "overzicht_titel": {"nl": "Controleer uw antwoorden", "en": "Check your answers"},
        "overzicht_uitleg": {
            "nl": (
                "Hieronder staan uw antwoorden. Wilt u iets veranderen, kies dan ‘Wijzig’. Klopt "
                "alles, kies dan ‘Versturen’."
            ),
            "en": (
                "Below are your answers. To change something, choose ‘Change’. If everything is "
                "right, choose ‘Send’."
            ),
        },
        "wijzig": {"nl": "Wijzig", "en": "Change"},
        "geen_antwoord": {"nl": "(geen antwoord)", "en": "(no answer)"},
        "versturen": {"nl": "Versturen", "en": "Send"},
        "overzicht_fouten": {
            "nl": "Nog niet alles is goed ingevuld. Ga naar de pagina om het te verbeteren.",
            "en": "Not everything is filled in correctly yet. Go to the page to correct it.",
        },
        "bedankt_titel": {"nl": "Bedankt!", "en": "Thank you!"},
        "bedankt_tekst": {
            "nl": (
                "Uw antwoorden zijn ontvangen. U kunt dit venster sluiten. De link in uw "
                "uitnodiging werkt nu niet meer: u hebt de vragenlijst ingevuld."
            ),
            "en": (
                "Your answers have been received. You can close this window. The link in your "
                "invitation no longer works now: you have completed the questionnaire."
            ),
        },
        "bewaard_uitleg": {
            "nl": (
                "Uw antwoorden worden per pagina bewaard. U kunt stoppen en later verdergaan met "
                "dezelfde link, ook op een ander apparaat, zolang de vragenlijst open is."
            ),
            "en": (
                "Your answers are saved page by page. You can stop and continue later with the "
                "same link, also on another device, as long as the questionnaire is open."
            ),
        },
        "link_titel": {
            "nl": "Deze link werkt niet (meer)",
            "en": "This link does not work (any more)",
        },
        "link_tekst": {
            "nl": (
                "Misschien is de link niet helemaal goed overgenomen, is de vragenlijst gesloten "
                "of nog niet open, of hebt u de vragenlijst al ingevuld."
            ),
            "en": (
                "Perhaps the link was not copied completely, the questionnaire is closed or not "
                "open yet, or you have already completed it."
            ),
        },
        "link_al_ingevuld": {
            "nl": "Hebt u de vragenlijst al ingevuld? Dan zijn uw antwoorden ontvangen.",
            "en": "Have you already completed the questionnaire? Then your answers were received.",
        },
        "link_contact": {
            "nl": (
                "Anders: neem contact op met de onderzoeker die u de uitnodiging stuurde, en noem "
                "de datum van de uitnodiging. Stuur de link zelf niet mee."
            ),
            "en": (
                "Otherwise: contact the researcher who sent you the invitation and mention the "
                "date of the invitation. Do not send the link itself."
            ),
        },
        "contact_vragen": {
            "nl": "Vragen? Neem contact op met {contact}.",
            "en": "Questions? Please contact {contact}.",
        },
        "code_titel": {"nl": "Typ de code uit uw brief", "en": "Type the code from your letter"},
        "link_code": {"nl": "Hebt u een brief gekregen?", "en": "Did you receive a letter?"},
        "code_uitleg": {
            "nl": (
                "In uw brief staat naast de QR-code een code van 16 tekens in vier groepjes, zoals "
                "K7Q9-M3XF-8D2N-WH5R. Met die code opent u dezelfde vragenlijst als met de link."
            ),
            "en": (
                "Next to the QR code, your letter has a code of 16 characters in four groups, such "
                "as K7Q9-M3XF-8D2N-WH5R. The code opens the same questionnaire as the link."
            ),
        },
        "code_label": {"nl": "Code uit uw brief", "en": "Code from your letter"},
        "code_hint": {
            "nl": "Hoofdletters of kleine letters, spaties en streepjes: het maakt niet uit.",
            "en": "Capitals or small letters, spaces and dashes: it does not matter.",
        },
        "code_knop": {"nl": "Open de vragenlijst", "en": "Open the questionnaire"},
        "code_link": {
            "nl": (
                "Uw antwoorden worden per pagina bewaard. Met dezelfde code of link kunt u later "
                "verdergaan, ook op een ander apparaat."
            ),
            "en": (
                "Your answers are saved page by page. With the same code or link you can continue "
                "later, also on another device."
            ),
        },
        "code_leeg": {
            "nl": "Typ de code uit uw brief in het vak.",
            "en": "Type the code from your letter in the box.",
        },
        "code_lengte": {
            "nl": (
                "U typte {aantal} tekens ({getypt}); een code heeft er 16, in vier groepjes van "
                "vier. Kijk de code in uw brief na."
            ),
            "en": (
                "You typed {aantal} characters ({getypt}); a code has 16, in four groups of four. "
                "Please check the code in your letter."
            ),
        },
        "code_tekens": {
            "nl": (
                "De code bevat {tekens}; een code bestaat alleen uit cijfers en letters (zonder de "
                "letter U). Kijk de code in uw brief na."
            ),
            "en": (
                "The code contains {tekens}; a code has only digits and letters (without the "
                "letter U). Please check the code in your letter."
            ),
        },
        "code_werkt_niet": {
            "nl": (
                "Deze code werkt niet (meer). Misschien is een teken anders overgenomen, is de "
                "vragenlijst gesloten of nog niet open, of hebt u de vragenlijst al ingevuld. Kijk "
                "de code in uw brief na en probeer het opnieuw."
            ),
            "en": (
                "This code does not work (any more). Perhaps a character was copied differently, "
                "the questionnaire is closed or not open yet, or you have already completed it. "
                "Please check the code in your letter and try again."
            ),
        },
        "code_verlopen": {
            "nl": "Deze pagina was verlopen. Kies nog een keer 'Open de vragenlijst'.",
            "en": "This page had expired. Please choose 'Open the questionnaire' once more.",
        },
        "sessie_titel": {
            "nl": "Open de vragenlijst opnieuw via uw link",
            "en": "Open the questionnaire again through your link",
        },
        "sessie_tekst": {
            "nl": (
                "Deze pagina weet niet (meer) wie u bent, bijvoorbeeld omdat u lang niets hebt "
                "gedaan. Open de link uit uw uitnodiging opnieuw: uw bewaarde antwoorden staan er "
                "nog."
            ),
            "en": (
                "This page no longer knows who you are, for instance because you were away for a "
                "long time. Open the link in your invitation again: your saved answers are still "
                "there."
            ),
        },
        "csrf_titel": {"nl": "Dit formulier is verlopen", "en": "This form has expired"},
        "csrf_tekst": {
            "nl": (
                "We konden niet controleren dat dit formulier van deze pagina kwam, dus er is "
                "niets bewaard. Open de link uit uw uitnodiging opnieuw en vul de pagina nog eens "
                "in."
            ),
            "en": (
                "We could not check that this form came from this page, so nothing was saved. Open "
                "the link in your invitation again and fill in the page once more."
            ),
        },
        "conflict_titel": {
            "nl": "Deze antwoorden konden niet worden verstuurd",
            "en": "These answers could not be sent",
        },
        "conflict_tekst": {
            "nl": (
                "Voor deze vragenlijst zijn al andere antwoorden ontvangen. Die blijven staan. "
                "Neem contact op met de onderzoeker als u iets wilt veranderen."
            ),
            "en": (
                "Other answers were already received for this questionnaire. They stay as they "
                "are. Contact the researcher if you want to change something."
            ),
        },
        "te_vaak_titel": {"nl": "Even wachten", "en": "Please wait"},
        "te_vaak_tekst": {
            "nl": (
                "Er zijn vanaf dit adres te veel links geprobeerd die niet werken. Probeer het "
                "over {minuten} minuten opnieuw."
            ),
            "en": (
                "Too many links that do not work were tried from this address. Try again in "
                "{minuten} minutes."
            ),
        },
        "niet_gevonden_titel": {"nl": "Deze pagina bestaat niet", "en": "This page does not exist"},
        "niet_gevonden_tekst": {
            "nl": "Open de vragenlijst via de link in uw uitnodiging.",
            "en": "Open the questionnaire through the link in your invitation.",
        },
        "methode_titel": {
            "nl": "Deze pagina kan zo niet worden geopend",
            "en": "This page cannot be opened this way",
        },
        "methode_tekst": {
            "nl": (
                "Deze pagina is er alleen om antwoorden te versturen. Open de vragenlijst via de "
                "link in uw uitnodiging."
            ),
            "en": (
                "This page only receives answers. Open the questionnaire through the link in your "
                "invitation."
            ),
        },
        "serverfout_titel": {"nl": "Er ging iets mis", "en": "Something went wrong"},
        "serverfout_tekst": {
            "nl": (
                "Er ging aan onze kant iets mis. Uw bewaarde antwoorden staan er nog. Probeer het "
                "over een paar minuten opnieuw met de link in uw uitnodiging."
            ),
            "en": (
                "Something went wrong on our side. Your saved answers are still there. Try again "
                "in a few minutes with the link in your invitation."
            ),
        },
        "in_deze_taal": {"nl": "In het Nederlands", "en": "In English"},
        "tekens_grens": {
            "nl": "U kunt hoogstens {grens} tekens typen.",
            "en": "You can type at most {grens} characters.",
        },
        "tekens_nog": {"nl": "Nog {aantal} tekens", "en": "{aantal} characters left"},
        "tekens_nog_een": {"nl": "Nog 1 teken", "en": "1 character left"},
        "tekens_te_veel": {"nl": "{aantal} tekens te veel", "en": "{aantal} characters too many"},
        "tekens_te_veel_een": {"nl": "1 teken te veel", "en": "1 character too many"},
    },
)


_PER_TAAL: Mapping[Taal, Mapping[str, str]] = {taal: in_een_taal(TEKSTEN, taal) for taal in TALEN}


def taal_of_standaard(taal: str | None) -> Taal:
    """`taal` when the pages speak it, else Dutch."""
    return taal_van(taal)


def chrome(taal: str) -> Mapping[str, str]:
    """The page texts in `taal` (Dutch for a language the pages do not speak), by key."""
    return _PER_TAAL[taal_van(taal)]


def locale(taal: str) -> str:
    """The Babel locale that writes numbers and dates for `taal`."""
    return babel_locale(taal)


def duizendtal(taal: str) -> str:
    """The character `taal` groups thousands with (Babel): '.' in Dutch, ',' in English."""
    return get_group_symbol(locale(taal))


def uit_accept_language(kop: str | None) -> str:
    """The pages' language a browser prefers by its Accept-Language header; Dutch by default.

    The first of Dutch and English by the header's weights (q=0 means 'not this one'); Dutch
    when it names neither. A malformed part is skipped.
    """
    beste: str = STANDAARDTAAL
    beste_q = 0.0
    for deel in (kop or "").split(",")[:_MAX_TALEN]:
        naam, _, parameters = deel.strip().partition(";")
        taal = naam.strip().lower().split("-")[0]
        if taal not in TALEN:
            continue
        q = 1.0
        for parameter in parameters.split(";"):
            sleutel, _, waarde = parameter.strip().partition("=")
            if sleutel.strip().lower() == "q":
                try:
                    q = float(waarde)
                except ValueError:
                    q = 0.0
        if q > beste_q:  # on equal weights the earlier part wins, as browsers mean it
            beste, beste_q = taal, q
    return beste
