"""What a respondent notices: the language switch keeps what is typed, every error page speaks
the person's language, and a long text answer has a limit that is named, never cut."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from anyio.from_thread import BlockingPortal

from makelaar.forms.engine.waarden import MAX_TEKST
from makelaar.forms.web import maak_app
from makelaar.forms.web.beveiliging import Rem
from makelaar.forms.web.teksten import chrome, uit_accept_language
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.forms.antwoord_factories import Ronde
from tests.forms.web.conftest import NieuweBrowser
from tests.forms.web.web_helpers import Browser, csrf, open_link, post_page, question_block

ENGELS = {"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"}


def _switch(browser: Browser, pagina: int, naar: str, fields: dict[str, str | list[str]]) -> str:
    """Press the page's language switch with `fields` typed; returns where it went."""
    status, location, body = post_page(browser, pagina, fields, actie=f"taal-{naar}")
    assert status == 303, body
    return location


def _textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea id="veld-{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no text field {name} on the page"
    return match.group(1)


# -- the language switch ------------------------------------------------------------------------


def test_the_switch_is_a_button_of_the_pages_form(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    page = browser.get("/formulier").text
    assert (
        '<button type="submit" form="formulier" name="actie" value="taal-en" id="taalwissel" '
        'class="taalknop" lang="en">English</button>'
    ) in page
    # Enter in a field still means 'Volgende': the form's first submit button in tree order
    buttons = re.findall(r'<button type="submit" form="formulier"[^>]*>', page)
    assert buttons[0] == (
        '<button type="submit" form="formulier" name="actie" value="volgende" hidden tabindex="-1">'
    )


def test_switching_keeps_what_was_typed_even_when_invalid_and_shows_no_messages_yet(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    assert post_page(browser, 0, {"rol": "makelaar"})[0] == 303
    location = _switch(browser, 1, "en", {"uren": "veel", "cijfer": "7,5"})
    assert location == "/formulier?pagina=1"
    english = browser.get(location).text
    assert '<html lang="en">' in english and "How many hours a week?" in english
    assert 'value="veel"' in question_block(english, "uren")  # kept as typed, not a number
    assert 'value="7.5"' in question_block(english, "cijfer")  # read, and shown in English
    assert 'id="foutoverzicht"' not in english and 'id="fout-uren"' not in english
    assert 'value="taal-nl"' in english and ">Nederlands</button>" in english
    # the next post checks it, in English now
    status, _, body = post_page(browser, 1, {"uren": "veel", "cijfer": "7.5"})
    assert status == 422
    assert "&#39;veel&#39; is not a whole number" in question_block(body, "uren")
    # and back: still as typed, in Dutch
    dutch = browser.get(_switch(browser, 1, "nl", {"uren": "twaalf", "cijfer": "8.5"})).text
    assert '<html lang="nl">' in dutch
    assert 'value="twaalf"' in question_block(dutch, "uren")
    assert 'value="8,5"' in question_block(dutch, "cijfer")


def test_switching_keeps_a_question_the_script_showed_and_the_choices(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    fields: dict[str, str | list[str]] = {
        "rol": "anders",
        "rol_anders": "Buurtwerker & co",
        "signalen": ["eenzaam", "schuld"],
        "_script": "1",
    }
    english = browser.get(_switch(browser, 0, "en", fields)).text
    assert '<html lang="en">' in english
    assert 'value="anders" checked' in english
    assert 'value="eenzaam" checked' in english and 'value="schuld" checked' in english
    block = question_block(english, "rol_anders")
    assert " hidden" not in block.split(">")[0]
    assert _textarea(english, "rol_anders") == "Buurtwerker &amp; co"
    # the switch moved nobody on: the link reopens at the first page, in English
    again = nieuwe_browser()
    assert open_link(again, ronde.tokens[0]) == "/formulier"
    assert '<html lang="en">' in again.get("/formulier").text


def test_switching_after_the_review_page_keeps_the_way_back_to_it(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    post_page(browser, 0, {"rol": "makelaar"})
    post_page(browser, 1, {"uren": "12"})
    assert post_page(browser, 2, {})[1] == "/formulier/overzicht"
    _switch(browser, 1, "en", {"uren": "13"})
    assert post_page(browser, 1, {"uren": "13"})[1] == "/formulier/overzicht"
    review = browser.get("/formulier/overzicht").text
    assert '<html lang="en">' in review and "Check your answers" in review
    # the review page has no inputs: its switch stays a link
    assert 'id="taalwissel" href="/formulier/overzicht?taal=nl"' in review


def test_a_switch_without_a_valid_csrf_token_changes_nothing(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    status, _, body = post_page(browser, 0, {"rol": "makelaar"}, actie="taal-en", token="0" * 64)
    assert status == 403 and "Dit formulier is verlopen" in body
    assert '<html lang="nl">' in browser.get("/formulier").text


# -- a long text answer ------------------------------------------------------------------------


def test_a_text_question_states_its_limit(nieuwe_browser: NieuweBrowser, ronde: Ronde) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    post_page(browser, 0, {"rol": "makelaar"})
    post_page(browser, 1, {"uren": "12"})
    page = browser.get("/formulier", params={"pagina": "2"}).text
    block = question_block(page, "toelichting")
    assert f'maxlength="{MAX_TEKST}" data-grens="{MAX_TEKST}"' in block
    assert 'aria-describedby="grens-toelichting"' in block
    assert (
        '<p class="hint grens" id="grens-toelichting">U kunt hoogstens 10.000 tekens typen.'
        in block
    )
    assert 'data-tekens-nog="Nog {aantal} tekens"' in page and 'data-duizendtal="."' in page
    english = browser.get("/formulier", params={"pagina": "2", "taal": "en"}).text
    assert "You can type at most 10,000 characters." in english
    assert 'data-tekens-nog="{aantal} characters left"' in english
    assert 'data-duizendtal=","' in english


@pytest.mark.parametrize(
    ("taal", "message"),
    [
        ("nl", "Uw antwoord is 12.345 tekens; de grens is 10.000 tekens."),
        ("en", "Your answer is 12,345 characters; the limit is 10,000 characters."),
    ],
)
def test_an_over_long_answer_is_refused_naming_the_limit_and_kept_whole(
    nieuwe_browser: NieuweBrowser, ronde: Ronde, taal: str, message: str
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0], taal=taal)
    post_page(browser, 0, {"rol": "makelaar"})
    post_page(browser, 1, {"uren": "12"})
    # 12,345 characters as a person counts them: the browser posts a line break as CR LF
    typed = "Lang verhaal.\r\n" + "x" * (12_345 - 14)
    status, location, body = post_page(browser, 2, {"toelichting": typed})
    assert (status, location) == (422, "")
    block = question_block(body, "toelichting")
    assert message in block
    assert 'id="foutoverzicht"' in body and message in body
    assert _textarea(body, "toelichting") == typed
    # nothing was saved: the review page is not reached and the stored draft has no such text
    page = browser.get("/formulier", params={"pagina": "2"}).text
    assert _textarea(page, "toelichting") == ""
    # a text at the limit is fine
    status, location, _ = post_page(browser, 2, {"toelichting": "y" * MAX_TEKST})
    assert (status, location) == (303, "/formulier/overzicht")


def test_a_number_with_thousands_of_digits_is_an_error_not_a_crash(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    post_page(browser, 0, {"rol": "makelaar"})
    status, _, body = post_page(browser, 1, {"uren": "9" * 5_000})
    assert status == 422 and "is geen geheel getal" in question_block(body, "uren")
    status, _, body = post_page(browser, 1, {"uren": "9" * (MAX_TEKST + 1)})
    assert status == 422
    assert "Uw antwoord is 10.001 tekens; de grens is 10.000 tekens." in body


def test_an_over_long_answer_kept_by_a_switch_is_refused_on_the_review_page(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    post_page(browser, 0, {"rol": "makelaar"})
    post_page(browser, 1, {"uren": "12"})
    typed = "z" * (MAX_TEKST + 5)
    english = browser.get(_switch(browser, 2, "en", {"toelichting": typed})).text
    assert _textarea(english, "toelichting") == typed
    review = browser.get("/formulier/overzicht")
    assert review.status_code == 200
    assert "Your answer is 10,005 characters; the limit is 10,000 characters." in review.text
    submitted = browser.post(
        "/formulier/overzicht",
        data={
            "csrf": csrf(review.text),
            "instance_id": re.findall(r'name="instance_id" value="([^"]+)"', review.text)[0],
        },
    )
    assert submitted.status_code == 422


# -- error pages in the person's language ------------------------------------------------------


@pytest.mark.parametrize(
    ("kop", "taal"),
    [
        (None, "nl"),
        ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
        ("en-US,en;q=0.9", "en"),
        ("de-DE,de;q=0.9,en;q=0.7,nl;q=0.6", "en"),
        ("en;q=0.4, nl;q=0.6", "nl"),
        ("en;q=0", "nl"),
        ("fr-FR, *;q=0.5", "nl"),
        ("en;q=nonsense, ;;, nl", "nl"),
    ],
)
def test_accept_language_picks_the_preferred_of_dutch_and_english(
    kop: str | None, taal: str
) -> None:
    assert uit_accept_language(kop) == taal


def test_a_missing_page_speaks_the_browsers_language_and_switches(
    nieuwe_browser: NieuweBrowser,
) -> None:
    browser = nieuwe_browser()
    english = browser.get("/bestaat/niet", headers=ENGELS)
    assert english.status_code == 404
    assert '<html lang="en">' in english.text and "This page does not exist" in english.text
    assert 'id="taalwissel" href="/bestaat/niet?taal=nl" lang="nl"' in english.text
    dutch = browser.get("/bestaat/niet?taal=nl", headers=ENGELS)
    assert dutch.status_code == 404 and "Deze pagina bestaat niet" in dutch.text
    assert 'href="/bestaat/niet?taal=en"' in dutch.text
    plain = browser.get("/bestaat/niet")
    assert '<html lang="nl">' in plain.text and "Deze pagina bestaat niet" in plain.text
    # the switch names this site's path only, never another host
    for sneaky in ("http://testserver//voorbeeld.org/x", "http://testserver/%5Cvoorbeeld.org"):
        page = browser.get(sneaky, headers=ENGELS).text
        [href] = re.findall(r'id="taalwissel" href="([^"]*)"', page)
        assert href in ("/voorbeeld.org/x?taal=nl", "/%5Cvoorbeeld.org?taal=nl"), href


def test_error_pages_follow_an_english_session(nieuwe_browser: NieuweBrowser, ronde: Ronde) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0], taal="en")
    missing = browser.get("/bestaat-niet")  # Dutch browser, English session
    assert missing.status_code == 404 and "This page does not exist" in missing.text
    assert 'id="taalwissel"' not in missing.text  # chosen in the session: no guess to correct
    wrong_method = browser.get("/formulier/controle")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "POST"
    assert "This page cannot be opened this way" in wrong_method.text
    too_big = browser.post("/formulier", content=b"x" * 1_000_001)
    assert too_big.status_code == 413 and "This form is too large" in too_big.text
    assert "In het Nederlands" not in too_big.text


def test_a_post_error_says_it_in_the_other_language_too(nieuwe_browser: NieuweBrowser) -> None:
    response = nieuwe_browser().post("/formulier", content=b"x" * 1_000_001, headers=ENGELS)
    assert response.status_code == 413
    assert '<html lang="en">' in response.text
    assert 'id="taalwissel"' not in response.text  # asking again would post again
    nl = chrome("nl")
    assert (
        '<section class="andere-taal" lang="nl" aria-labelledby="andere-taal-titel">\n'
        f'<h2 id="andere-taal-titel">In het Nederlands: {nl["te_groot_titel"]}</h2>'
    ) in response.text


def test_the_page_without_a_session_is_in_both_languages(nieuwe_browser: NieuweBrowser) -> None:
    page = nieuwe_browser().get("/formulier", headers=ENGELS)
    assert page.status_code == 403
    assert chrome("en")["sessie_titel"] in page.text
    # in Dutch too: below it, or one switch away
    assert chrome("nl")["sessie_titel"] in page.text or 'href="/formulier?taal=nl"' in page.text


def test_the_throttle_page_speaks_english_to_an_english_browser(
    settings: Settings, sqlite_store: Store, ronde: Ronde, nieuwe_browser: NieuweBrowser
) -> None:
    app = maak_app(settings, sqlite_store, rem=Rem(maximum=2, pauze_s=0.001))
    browser = nieuwe_browser(app, adres="192.0.2.44")
    bad = ronde.tokens[0][:-1] + ("B" if ronde.tokens[0][-1] == "A" else "A")
    statuses = []
    for _ in range(6):
        response = browser.get(f"/t/{bad}", headers=ENGELS)
        statuses.append(response.status_code)
        if response.status_code == 429:
            break
    assert response.status_code == 429, statuses
    assert '<html lang="en">' in response.text and "Please wait" in response.text
    assert re.search(r"Try again in \d+ minutes?", response.text)
    assert "Retry-After" in response.headers
    assert 'id="taalwissel"' not in response.text  # asking again would be one more try
    assert "In het Nederlands: Even wachten" in response.text
    dutch = browser.get(f"/t/{bad}")
    assert dutch.status_code == 429
    assert '<html lang="nl">' in dutch.text and "In English: Please wait" in dutch.text


def test_a_server_error_has_a_page_in_the_browsers_language(
    settings: Settings, tmp_path: Path, portal: BlockingPortal
) -> None:
    """A store without its tables fails every query: the answer is a page, not a traceback."""
    store = Store(f"sqlite:///{tmp_path / 'zonder-tabellen.db'}")
    app = maak_app(settings, store)
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url="http://testserver",
    )
    try:
        response = portal.call(lambda: client.get("/t/" + "A" * 43, headers=ENGELS))
    finally:
        portal.call(client.aclose)
        store.dispose()
    assert response.status_code == 500
    assert '<html lang="en">' in response.text and "Something went wrong" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text
