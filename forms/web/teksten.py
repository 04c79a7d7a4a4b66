"""The words of the answering pages around the form's own texts, in Dutch (default) and English."""

from __future__ import annotations

from collections.abc import Mapping

from babel.numbers import get_group_symbol

TALEN = ("nl", "en")
STANDAARDTAAL = "nl"
#: the most parts of an Accept-Language header that are read (browsers send a handful)
_MAX_TALEN = 20

_NL: dict[str, str] = {
    "te_groot_titel": "Dit formulier is te groot",
    "te_groot_tekst": (
        "Wat u verstuurde is groter dan een pagina met antwoorden kan zijn. Maak lange "
        "antwoorden korter en probeer het opnieuw."
    ),
    "naar_inhoud": "Naar de vragen",
    "andere_taal": "English",
    "andere_taal_code": "en",
    "vorige": "Vorige",
    "volgende": "Volgende",
    "pagina_van": "Pagina {nummer} van {totaal}",
    "verplicht": "verplicht",
    "fouten_titel": "Er is iets niet goed ingevuld",
    "fouten_uitleg": "Verbeter wat hieronder staat en ga dan verder.",
    "overzicht_titel": "Controleer uw antwoorden",
    "overzicht_uitleg": (
        "Hieronder staan uw antwoorden. Wilt u iets veranderen, kies dan ‘Wijzig’. "
        "Klopt alles, kies dan ‘Versturen’."
    ),
    "wijzig": "Wijzig",
    "geen_antwoord": "(geen antwoord)",
    "versturen": "Versturen",
    "overzicht_fouten": "Nog niet alles is goed ingevuld. Ga naar de pagina om het te verbeteren.",
    "bedankt_titel": "Bedankt!",
    "bedankt_tekst": (
        "Uw antwoorden zijn ontvangen. U kunt dit venster sluiten. De link in uw uitnodiging "
        "werkt nu niet meer: u hebt de vragenlijst ingevuld."
    ),
    "bewaard_uitleg": (
        "Uw antwoorden worden per pagina bewaard. U kunt stoppen en later verdergaan met "
        "dezelfde link, ook op een ander apparaat, zolang de vragenlijst open is."
    ),
    "link_titel": "Deze link werkt niet (meer)",
    "link_tekst": (
        "Misschien is de link niet helemaal goed overgenomen, is de vragenlijst gesloten of "
        "nog niet open, of hebt u de vragenlijst al ingevuld."
    ),
    "link_al_ingevuld": "Hebt u de vragenlijst al ingevuld? Dan zijn uw antwoorden ontvangen.",
    "link_contact": (
        "Anders: neem contact op met de onderzoeker die u de uitnodiging stuurde, en noem de "
        "datum van de uitnodiging. Stuur de link zelf niet mee."
    ),
    "contact_vragen": "Vragen? Neem contact op met {contact}.",
    "code_titel": "Typ de code uit uw brief",
    "link_code": "Hebt u een brief gekregen?",
    "code_uitleg": (
        "In uw brief staat naast de QR-code een code van 16 tekens in vier groepjes, zoals "
        "K7Q9-M3XF-8D2N-WH5R. Met die code opent u dezelfde vragenlijst als met de link."
    ),
    "code_label": "Code uit uw brief",
    "code_hint": "Hoofdletters of kleine letters, spaties en streepjes: het maakt niet uit.",
    "code_knop": "Open de vragenlijst",
    "code_link": (
        "Uw antwoorden worden per pagina bewaard. Met dezelfde code of link kunt u later "
        "verdergaan, ook op een ander apparaat."
    ),
    "code_leeg": "Typ de code uit uw brief in het vak.",
    "code_lengte": (
        "U typte {aantal} tekens ({getypt}); een code heeft er 16, in vier groepjes van vier. "
        "Kijk de code in uw brief na."
    ),
    "code_tekens": (
        "De code bevat {tekens}; een code bestaat alleen uit cijfers en letters (zonder de "
        "letter U). Kijk de code in uw brief na."
    ),
    "code_werkt_niet": (
        "Deze code werkt niet (meer). Misschien is een teken anders overgenomen, is de "
        "vragenlijst gesloten of nog niet open, of hebt u de vragenlijst al ingevuld. Kijk de "
        "code in uw brief na en probeer het opnieuw."
    ),
    "code_verlopen": "Deze pagina was verlopen. Kies nog een keer 'Open de vragenlijst'.",
    "sessie_titel": "Open de vragenlijst opnieuw via uw link",
    "sessie_tekst": (
        "Deze pagina weet niet (meer) wie u bent, bijvoorbeeld omdat u lang niets hebt gedaan. "
        "Open de link uit uw uitnodiging opnieuw: uw bewaarde antwoorden staan er nog."
    ),
    "csrf_titel": "Dit formulier is verlopen",
    "csrf_tekst": (
        "We konden niet controleren dat dit formulier van deze pagina kwam, dus er is niets "
        "bewaard. Open de link uit uw uitnodiging opnieuw en vul de pagina nog eens in."
    ),
    "conflict_titel": "Deze antwoorden konden niet worden verstuurd",
    "conflict_tekst": (
        "Voor deze vragenlijst zijn al andere antwoorden ontvangen. Die blijven staan. Neem "
        "contact op met de onderzoeker als u iets wilt veranderen."
    ),
    "te_vaak_titel": "Even wachten",
    "te_vaak_tekst": (
        "Er zijn vanaf dit adres te veel links geprobeerd die niet werken. Probeer het over "
        "{minuten} minuten opnieuw."
    ),
    "niet_gevonden_titel": "Deze pagina bestaat niet",
    "niet_gevonden_tekst": "Open de vragenlijst via de link in uw uitnodiging.",
    "methode_titel": "Deze pagina kan zo niet worden geopend",
    "methode_tekst": (
        "Deze pagina is er alleen om antwoorden te versturen. Open de vragenlijst via de link in "
        "uw uitnodiging."
    ),
    "serverfout_titel": "Er ging iets mis",
    "serverfout_tekst": (
        "Er ging aan onze kant iets mis. Uw bewaarde antwoorden staan er nog. Probeer het over "
        "een paar minuten opnieuw met de link in uw uitnodiging."
    ),
    "in_deze_taal": "In het Nederlands",
    "tekens_grens": "U kunt hoogstens {grens} tekens typen.",
    "tekens_nog": "Nog {aantal} tekens",
    "tekens_nog_een": "Nog 1 teken",
    "tekens_te_veel": "{aantal} tekens te veel",
    "tekens_te_veel_een": "1 teken te veel",
}

_EN: dict[str, str] = {
    "te_groot_titel": "This form is too large",
    "te_groot_tekst": (
        "What you sent is larger than a page of answers can be. Shorten long answers and try again."
    ),
    "naar_inhoud": "Skip to the questions",
    "andere_taal": "Nederlands",
    "andere_taal_code": "nl",
    "vorige": "Previous",
    "volgende": "Next",
    "pagina_van": "Page {nummer} of {totaal}",
    "verplicht": "required",
    "fouten_titel": "Something is not filled in correctly",
    "fouten_uitleg": "Please correct what is listed below and then continue.",
    "overzicht_titel": "Check your answers",
    "overzicht_uitleg": (
        "Below are your answers. To change something, choose ‘Change’. "
        "If everything is right, choose ‘Send’."
    ),
    "wijzig": "Change",
    "geen_antwoord": "(no answer)",
    "versturen": "Send",
    "overzicht_fouten": "Not everything is filled in correctly yet. Go to the page to correct it.",
    "bedankt_titel": "Thank you!",
    "bedankt_tekst": (
        "Your answers have been received. You can close this window. The link in your "
        "invitation no longer works now: you have completed the questionnaire."
    ),
    "bewaard_uitleg": (
        "Your answers are saved page by page. You can stop and continue later with the same "
        "link, also on another device, as long as the questionnaire is open."
    ),
    "link_titel": "This link does not work (any more)",
    "link_tekst": (
        "Perhaps the link was not copied completely, the questionnaire is closed or not open "
        "yet, or you have already completed it."
    ),
    "link_al_ingevuld": "Have you already completed the questionnaire? Then your answers were received.",
    "link_contact": (
        "Otherwise: contact the researcher who sent you the invitation and mention the date of "
        "the invitation. Do not send the link itself."
    ),
    "contact_vragen": "Questions? Please contact {contact}.",
    "code_titel": "Type the code from your letter",
    "link_code": "Did you receive a letter?",
    "code_uitleg": (
        "Next to the QR code, your letter has a code of 16 characters in four groups, such as "
        "K7Q9-M3XF-8D2N-WH5R. The code opens the same questionnaire as the link."
    ),
    "code_label": "Code from your letter",
    "code_hint": "Capitals or small letters, spaces and dashes: it does not matter.",
    "code_knop": "Open the questionnaire",
    "code_link": (
        "Your answers are saved page by page. With the same code or link you can continue "
        "later, also on another device."
    ),
    "code_leeg": "Type the code from your letter in the box.",
    "code_lengte": (
        "You typed {aantal} characters ({getypt}); a code has 16, in four groups of four. "
        "Please check the code in your letter."
    ),
    "code_tekens": (
        "The code contains {tekens}; a code has only digits and letters (without the letter "
        "U). Please check the code in your letter."
    ),
    "code_werkt_niet": (
        "This code does not work (any more). Perhaps a character was copied differently, the "
        "questionnaire is closed or not open yet, or you have already completed it. Please "
        "check the code in your letter and try again."
    ),
    "code_verlopen": "This page had expired. Please choose 'Open the questionnaire' once more.",
    "sessie_titel": "Open the questionnaire again through your link",
    "sessie_tekst": (
        "This page no longer knows who you are, for instance because you were away for a long "
        "time. Open the link in your invitation again: your saved answers are still there."
    ),
    "csrf_titel": "This form has expired",
    "csrf_tekst": (
        "We could not check that this form came from this page, so nothing was saved. Open the "
        "link in your invitation again and fill in the page once more."
    ),
    "conflict_titel": "These answers could not be sent",
    "conflict_tekst": (
        "Other answers were already received for this questionnaire. They stay as they are. "
        "Contact the researcher if you want to change something."
    ),
    "te_vaak_titel": "Please wait",
    "te_vaak_tekst": (
        "Too many links that do not work were tried from this address. Try again in "
        "{minuten} minutes."
    ),
    "niet_gevonden_titel": "This page does not exist",
    "niet_gevonden_tekst": "Open the questionnaire through the link in your invitation.",
    "methode_titel": "This page cannot be opened this way",
    "methode_tekst": (
        "This page only receives answers. Open the questionnaire through the link in your "
        "invitation."
    ),
    "serverfout_titel": "Something went wrong",
    "serverfout_tekst": (
        "Something went wrong on our side. Your saved answers are still there. Try again in a "
        "few minutes with the link in your invitation."
    ),
    "in_deze_taal": "In English",
    "tekens_grens": "You can type at most {grens} characters.",
    "tekens_nog": "{aantal} characters left",
    "tekens_nog_een": "1 character left",
    "tekens_te_veel": "{aantal} characters too many",
    "tekens_te_veel_een": "1 character too many",
}

TEKSTEN: Mapping[str, Mapping[str, str]] = {"nl": _NL, "en": _EN}


def taal_of_standaard(taal: str | None) -> str:
    """`taal` when the pages speak it, else Dutch."""
    return taal if taal in TALEN else STANDAARDTAAL


def chrome(taal: str) -> Mapping[str, str]:
    """The page texts in `taal` (Dutch for a language the pages do not speak)."""
    return TEKSTEN[taal_of_standaard(taal)]


def locale(taal: str) -> str:
    """The Babel locale that writes numbers and dates for `taal`."""
    return "en_GB" if taal == "en" else "nl_NL"


def duizendtal(taal: str) -> str:
    """The character `taal` groups thousands with (Babel): '.' in Dutch, ',' in English."""
    return get_group_symbol(locale(taal))


def uit_accept_language(kop: str | None) -> str:
    """The pages' language a browser prefers by its Accept-Language header; Dutch by default.

    The first of Dutch and English by the header's weights (q=0 means 'not this one'); Dutch
    when it names neither. A malformed part is skipped.
    """
    beste, beste_q = STANDAARDTAAL, 0.0
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
