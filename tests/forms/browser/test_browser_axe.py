"""axe-core (WCAG 2.0/2.1 A and AA) in real Chromium on every kind of answering page.

The pages keep their Content-Security-Policy on: axe is injected with page.evaluate(), which
Chromium runs through the DevTools protocol and not as a page script, so script-src 'self' does
not block it (test_axe_runs_under_the_pages_csp_and_finds_violations proves it ran).
"""

from __future__ import annotations

import socket

import pytest

from makelaar.forms.web import maak_app
from makelaar.forms.web.beveiliging import Rem
from makelaar.models.domain import Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.forms.browser.browser_testing import (
    BUURTMETER,
    PARTNER,
    PHONE,
    REFLECTIE,
    answer_page,
    assert_accessible,
    assert_phone_sized,
    axe_violations,
    fill,
    free_socket,
    press,
    serve,
    title,
)
from tests.forms.browser.conftest import Links, NewTab

PAGES = {"reflectieformulier": REFLECTIE, "buurtmeter": BUURTMETER, "partnerenquete": PARTNER}
AUDIENCE = {
    "reflectieformulier": Publiek.MAKELAARS,
    "buurtmeter": Publiek.BEWONERS,
    "partnerenquete": Publiek.PARTNERS,
}


@pytest.mark.parametrize("form_id", list(PAGES))
def test_every_question_page_of_the_instruments(
    new_tab: NewTab, server: str, links: Links, form_id: str
) -> None:
    """Between them the instruments have every question type: note, text, integer, decimal,
    date, select_one and select_multiple (and questions shown by skip logic). On a phone:
    each page also fits its width, with buttons of at least 44 px."""
    link = links(form_id, AUDIENCE[form_id])[0]
    tab = new_tab(**PHONE)
    page = tab.page
    page.goto(link)
    for number, answers in enumerate(PAGES[form_id], start=1):
        what = f"{form_id} page {number} '{title(page)}'"
        assert_accessible(page, what)
        assert_phone_sized(page, what)
        answer_page(page, answers)
    assert title(page) == "Controleer uw antwoorden"
    tab.console.assert_clean()


def test_pages_with_errors_shown(new_tab: NewTab, server: str, links: Links) -> None:
    link = links("reflectieformulier", Publiek.MAKELAARS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    fill(page, {"periode_van": "2026-12-31", "periode_tot": "2026-07-01", "uren_per_week": "x"})
    press(page)
    assert page.locator("#foutoverzicht").is_visible()
    assert_accessible(page, "a page with errors from the server")
    answer_page(page, REFLECTIE[0])
    press(page, "#knop-vorige")
    page.locator("#veld-uren_per_week").fill("70")
    page.locator("#veld-uren_per_week").blur()
    page.locator("#fout-uren_per_week").wait_for(state="visible")
    assert_accessible(page, "a page with an error shown by the JavaScript")
    tab.console.assert_clean()


def test_review_english_and_thank_you_pages(new_tab: NewTab, server: str, links: Links) -> None:
    link = links("partnerenquete", Publiek.PARTNERS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    for answers in PARTNER:
        answer_page(page, answers)
    assert title(page) == "Controleer uw antwoorden"
    assert_accessible(page, "the review page")
    with page.expect_navigation():
        page.locator("#taalwissel").click()
    assert title(page) == "Check your answers"
    assert_accessible(page, "the review page in English")
    page.locator("#wijzig-0").click()
    page.wait_for_url("**/formulier?pagina=0*")
    assert page.locator("html").get_attribute("lang") == "en"
    assert title(page) == "Your organisation"
    assert_accessible(page, "a question page in English")
    press(page)  # changed from the review page: back to the review
    assert title(page) == "Check your answers"
    press(page, "#knop-versturen")
    assert title(page) == "Thank you!"
    assert_accessible(page, "the thank-you page")
    tab.console.assert_clean()


def test_the_message_pages(
    new_tab: NewTab, server: str, settings: Settings, sqlite_store: Store
) -> None:
    tab = new_tab()
    page = tab.page
    response = page.goto(f"{server}/t/{'A' * 43}")
    assert response is not None and response.status == 404
    assert title(page) == "Deze link werkt niet (meer)"
    assert page.locator("section[lang=en] h2").inner_text() == "This link does not work (any more)"
    assert_accessible(page, "the link-not-valid page")
    response = page.goto(f"{server}/formulier")
    assert response is not None and response.status == 403
    assert title(page) == "Open de vragenlijst opnieuw via uw link"
    assert_accessible(page, "the page for a lost session")
    response = page.goto(f"{server}/bestaat-niet")
    assert response is not None and response.status == 404
    assert_accessible(page, "the not-found page")
    tab.console.assert_clean()


def test_the_throttled_page(new_tab: NewTab, settings: Settings, sqlite_store: Store) -> None:
    sock: socket.socket = free_socket()
    app = maak_app(settings, sqlite_store, rem=Rem(maximum=2))
    with sock, serve(app, sock) as base:
        page = new_tab(locale="nl-NL").page  # a Dutch browser: the page speaks Dutch first
        for _ in range(2):
            response = page.goto(f"{base}/t/{'B' * 43}")
            assert response is not None and response.status == 404
        response = page.goto(f"{base}/t/{'C' * 43}")
        assert response is not None and response.status == 429
        assert response.headers["content-type"].startswith("text/html")
        assert title(page) == "Even wachten"
        assert_accessible(page, "the throttled (429) page")


def test_axe_runs_under_the_pages_csp_and_finds_violations(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("buurtmeter", Publiek.BEWONERS)[0]
    page = new_tab().page
    page.goto(link)
    page.evaluate("document.querySelectorAll('label').forEach(l => l.remove())")
    page.evaluate("document.documentElement.removeAttribute('lang')")
    found = {v["id"] for v in axe_violations(page)}
    assert {"label", "html-has-lang"} <= found
    with pytest.raises(AssertionError, match="html-has-lang"):
        assert_accessible(page, "a page with its labels removed")


def test_the_csp_blocks_an_inline_script_and_the_console_watch_reports_it(
    new_tab: NewTab, server: str, links: Links
) -> None:
    """What makes Console.assert_clean worth asserting in the other tests."""
    link = links("buurtmeter", Publiek.BEWONERS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    tab.console.assert_clean()
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """() => { const s = document.createElement('script');
                       s.textContent = 'window.ingevoegd = true'; document.body.append(s); }"""
        )
    assert page.evaluate("window.ingevoegd === undefined")  # the page's CSP refused it
    assert any("Content Security Policy" in m for m in tab.console.messages), tab.console
    with pytest.raises(AssertionError, match="Content Security Policy"):
        tab.console.assert_clean()
