"""In real Chromium: the language switch keeps what was typed, Enter still means 'Volgende', and
a long text answer counts down to its limit (and past it) without being cut."""

from __future__ import annotations

from playwright.sync_api import Page

from makelaar.models.domain import Publiek
from tests.forms.browser.browser_testing import (
    PHONE,
    REFLECTIE,
    TIMEOUT_MS,
    answer_page,
    assert_accessible,
    assert_phone_sized,
    fill,
    press,
    title,
)
from tests.forms.browser.conftest import Links, NewTab


def _switch(page: Page) -> None:
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.locator("#taalwissel").click()


def test_switching_language_keeps_what_was_typed(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("reflectieformulier", Publiek.MAKELAARS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    typed = "Overvecht,\nZuilen & Ondiep"
    fill(page, {"periode_van": "2026-07-01", "wijken": typed, "uren_per_week": "twintig"})
    _switch(page)
    assert page.locator("html").get_attribute("lang") == "en"
    assert title(page) == "Your work in this period"
    assert page.locator("#veld-periode_van").input_value() == "2026-07-01"
    assert page.locator("#veld-wijken").input_value() == typed
    assert page.locator("#veld-uren_per_week").input_value() == "twintig"  # kept, not checked
    assert page.locator("#foutoverzicht").count() == 0
    assert page.locator(".fout").count() == 0
    page.locator("#veld-periode_tot").fill("2026-12-31")
    _switch(page)  # and back, with what was typed in English
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("#veld-periode_tot").input_value() == "2026-12-31"
    assert page.locator("#veld-wijken").input_value() == typed
    page.locator("#veld-uren_per_week").fill("20,5")
    press(page)
    assert title(page) == "Wat ging goed"
    tab.console.assert_clean()


def test_switching_without_javascript_keeps_it_too(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("reflectieformulier", Publiek.MAKELAARS)[0]
    page = new_tab(java_script_enabled=False).page
    page.goto(link)
    fill(page, {"wijken": "Kanaleneiland", "uren_per_week": "12"})
    _switch(page)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#veld-wijken").input_value() == "Kanaleneiland"
    assert page.locator("#veld-uren_per_week").input_value() == "12"


def test_enter_in_a_field_still_goes_on_to_the_next_page(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("reflectieformulier", Publiek.MAKELAARS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    fill(page, REFLECTIE[0])
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.locator("#veld-uren_per_week").press("Enter")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert title(page) == "Wat ging goed"
    tab.console.assert_clean()


def test_a_text_answer_counts_down_to_its_limit_and_past_it(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("reflectieformulier", Publiek.MAKELAARS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    answer_page(page, REFLECTIE[0])
    field = page.locator("#veld-effectvolle_actie")
    counter = page.locator("#teller-effectvolle_actie")
    spoken = page.locator("#teller-gesproken-effectvolle_actie")
    assert counter.is_visible() and counter.inner_text() == "Nog 10.000 tekens"
    assert spoken.get_attribute("aria-live") == "polite"
    # the limit's sentence stays for screen readers, with the field
    assert "grens-effectvolle_actie" in (field.get_attribute("aria-describedby") or "")
    assert field.get_attribute("maxlength") is None  # a long paste shows as too long, uncut
    field.press_sequentially("Buurtontbijt")
    assert counter.inner_text() == "Nog 9.988 tekens"
    page.wait_for_function(
        "() => document.getElementById('teller-gesproken-effectvolle_actie').textContent"
        " === 'Nog 9.988 tekens'",
        timeout=TIMEOUT_MS,
    )
    field.fill("x" * 9_999)
    assert counter.inner_text() == "Nog 1 teken"
    field.fill("x" * 10_000 + "\n" + "y" * 1_233)
    assert counter.inner_text() == "1.234 tekens te veel"
    assert "teller-te-veel" in (counter.get_attribute("class") or "")
    press(page)
    message = "Uw antwoord is 11.234 tekens; de grens is 10.000 tekens."
    assert message in page.locator("#fout-effectvolle_actie").inner_text()
    assert message in page.locator("#foutoverzicht").inner_text()
    assert field.input_value() == "x" * 10_000 + "\n" + "y" * 1_233  # kept whole
    assert counter.inner_text() == "1.234 tekens te veel"
    field.fill("Een buurtontbijt.")
    _switch(page)
    assert counter.inner_text() == "9,983 characters left"
    assert page.locator("#veld-effectvolle_actie").input_value() == "Een buurtontbijt."
    tab.console.assert_clean()


def test_the_counter_and_the_switch_fit_a_phone(new_tab: NewTab, server: str, links: Links) -> None:
    link = links("reflectieformulier", Publiek.MAKELAARS)[0]
    page = new_tab(**PHONE).page
    page.goto(link)
    answer_page(page, REFLECTIE[0])
    page.locator("#veld-effectvolle_actie").fill("x" * 10_050)
    assert page.locator("#teller-effectvolle_actie").is_visible()
    assert_phone_sized(page, "a page with a counter")
    assert_accessible(page, "a page with a counter past its limit")
    _switch(page)
    assert_phone_sized(page, "the page in English")
