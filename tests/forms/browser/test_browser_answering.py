"""Answering in real Chromium: a link, the pages, submit, thank-you; skip logic and validation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from makelaar.models.domain import Publiek
from makelaar.models.store import Store
from makelaar.models.tables import Respons
from tests.forms.browser.browser_testing import (
    PARTNER,
    PHONE,
    REFLECTIE,
    answer_page,
    fill,
    press,
    title,
)
from tests.forms.browser.conftest import Links, NewContext, NewTab, Opzet


def test_answer_the_reflection_form_submit_and_the_link_is_then_spent(
    new_tab: NewTab, server: str, links: Links, sqlite_store: Store, opzet: Opzet
) -> None:
    link = links("reflectieformulier", Publiek.MAKELAARS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    assert page.url == f"{server}/formulier"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert title(page) == "Uw werk in deze periode"
    assert page.locator("#voortgang").inner_text() == "Pagina 1 van 7"
    assert page.title() == "Uw werk in deze periode – Reflectieformulier sociaal makelaar"
    for answers in REFLECTIE:
        answer_page(page, answers)
    assert page.url == f"{server}/formulier/overzicht"
    assert title(page) == "Controleer uw antwoorden"
    assert page.locator("#antwoord-wijken dd").inner_text() == "Overvecht, Zuilen"
    assert page.locator("#antwoord-uren_per_week dd").inner_text() == "20,5"
    assert (
        page.locator("#antwoord-belemmeringen dd").inner_text()
        == "Te weinig tijd\nBewoners of doelgroepen niet bereikt"
    )
    press(page, "#knop-versturen")
    assert page.url == f"{server}/formulier/bedankt"
    assert title(page) == "Bedankt!"
    with sqlite_store.session() as session:
        (respons,) = session.scalars(select(Respons)).all()
        assert respons.respondent == opzet.makelaars[0]
        assert respons.wijk_code == opzet.wijken[0]
        assert respons.antwoorden["uren_per_week"] == 20.5
        assert respons.antwoorden["belemmeringen"] == ["tijd", "bereik"]
    response = page.goto(link)
    assert response is not None and response.status == 404
    assert title(page) == "Deze link werkt niet (meer)"
    tab.console.assert_clean()


def test_skip_logic_without_javascript_shows_the_question_after_the_post(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("reflectieformulier", Publiek.MAKELAARS)[0]
    tab = new_tab(java_script_enabled=False)
    page = tab.page
    page.goto(link)
    answer_page(page, REFLECTIE[0])
    answer_page(page, REFLECTIE[1])
    assert title(page) == "Wat lukte niet"
    assert page.locator("#vraag-belemmering_anders").is_hidden()
    fill(page, {"niet_gelukt": "Jongeren bereiken.", "belemmeringen": ["tijd", "anders"]})
    assert page.locator("#vraag-belemmering_anders").is_hidden()  # nothing happens before a post
    press(page)
    assert page.url == f"{server}/formulier?pagina=2"
    assert page.locator("#vraag-belemmering_anders").is_visible()
    assert page.locator("#foutoverzicht").count() == 0  # new questions first, errors not yet
    assert page.locator("#veld-belemmeringen-anders").is_checked()
    assert page.locator("#veld-niet_gelukt").input_value() == "Jongeren bereiken."
    fill(page, {"belemmering_anders": "Het weer."})
    press(page)
    assert title(page) == "Signalen"
    press(page, "#knop-vorige")
    assert page.locator("#veld-belemmering_anders").input_value() == "Het weer."
    # a question that goes away needs no second look: the post moves on, its answer dropped
    page.locator("#veld-belemmeringen-anders").uncheck()
    press(page)
    assert title(page) == "Signalen"
    press(page, "#knop-vorige")
    assert page.locator("#vraag-belemmering_anders").is_hidden()
    assert page.locator("#veld-belemmering_anders").input_value() == ""
    tab.console.assert_clean()


def test_skip_logic_with_javascript_is_instant(new_tab: NewTab, server: str, links: Links) -> None:
    link = links("partnerenquete", Publiek.PARTNERS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    page.evaluate("window.zelfdePagina = true")  # gone if the browser loads another page
    other = page.locator("#vraag-soort_organisatie_anders")
    assert other.is_hidden()
    page.locator("#veld-soort_organisatie-anders").check()
    other.wait_for(state="visible")
    page.locator("#veld-soort_organisatie-zorg").check()
    other.wait_for(state="hidden")
    assert page.evaluate("window.zelfdePagina") is True
    assert page.url == f"{server}/formulier"
    tab.console.assert_clean()


def test_an_answer_to_a_question_javascript_revealed_is_kept(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("partnerenquete", Publiek.PARTNERS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    page.locator("#veld-soort_organisatie-anders").check()
    page.locator("#vraag-soort_organisatie_anders").wait_for(state="visible")
    fill(page, {"soort_organisatie_anders": "Bibliotheek", "samenwerking_duur": "jaar_0_1"})
    press(page)  # one post: the page's script showed the question, so no second look
    assert title(page) == "Contact met de sociaal makelaar"
    press(page, "#knop-vorige")
    assert page.locator("#veld-soort_organisatie_anders").input_value() == "Bibliotheek"
    tab.console.assert_clean()


def test_a_question_javascript_showed_and_left_empty_does_not_hold_the_page(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("buurtmeter", Publiek.BEWONERS)[0]
    page = new_tab().page
    page.goto(link)
    fill(page, {"deelgenomen": "ja", "georganiseerd": "nee"})
    page.locator("#vraag-soort_activiteit").wait_for(state="visible")  # instantly, by the script
    press(page)  # the optional check boxes left empty
    assert title(page) == "Hulp en informatie"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_validation_messages_next_to_the_fields_and_in_a_summary(
    new_tab: NewTab, server: str, links: Links, javascript: bool
) -> None:
    link = links("reflectieformulier", Publiek.MAKELAARS)[0]
    tab = new_tab(java_script_enabled=javascript)
    page = tab.page
    page.goto(link)
    fill(page, {"periode_van": "2026-12-31", "periode_tot": "2026-07-01", "uren_per_week": "veel"})
    with page.expect_response(
        lambda r: r.url == f"{server}/formulier" and r.request.method == "POST"
    ) as posted:
        page.locator("#knop-volgende").click()
    assert posted.value.status == 422
    page.wait_for_load_state()
    assert page.title().startswith("Er is iets niet goed ingevuld: Uw werk in deze periode")
    summary = page.locator("#foutoverzicht")
    assert summary.is_visible()
    assert page.locator("#foutoverzicht h2").inner_text() == "Er is iets niet goed ingevuld"
    targets = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert targets == ["#veld-periode_tot", "#veld-wijken", "#veld-uren_per_week"]
    expected = {
        "periode_tot": "Het einde van de periode ligt vóór het begin.",
        "wijken": "Deze vraag moet u beantwoorden.",
        "uren_per_week": "'veel' is geen getal",
    }
    for name, text in expected.items():
        message = page.locator(f"#vraag-{name} #fout-{name}")
        assert text in message.inner_text()
        field_ = page.locator(f"#veld-{name}")
        assert field_.get_attribute("aria-invalid") == "true"
        assert f"fout-{name}" in (field_.get_attribute("aria-describedby") or "").split()
        assert text in summary.inner_text()
    assert page.locator("#fout-periode_van").count() == 0
    assert page.locator("#veld-periode_van").input_value() == "2026-12-31"  # what was typed stays
    assert page.locator("#veld-uren_per_week").input_value() == "veel"
    if javascript:
        assert page.evaluate("document.activeElement.id") == "foutoverzicht"
    summary.locator("a[href='#veld-wijken']").click()
    assert page.evaluate("document.activeElement.id") == "veld-wijken"
    answer_page(page, REFLECTIE[0])
    assert title(page) == "Wat ging goed"
    tab.console.assert_clean()


def test_javascript_shows_a_broken_constraint_before_the_post(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("buurtmeter", Publiek.BEWONERS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    answer_page(page, {"deelgenomen": "nee", "georganiseerd": "nee"})
    answer_page(page, {"weet_waar_vraag": "ja"})
    answer_page(page, {"contact_buren": "nooit"})
    assert title(page) == "Uw buurt als plek om te wonen"
    page.evaluate("window.zelfdePagina = true")
    page.locator("#veld-rapportcijfer").fill("11")
    page.locator("#veld-rapportcijfer").blur()
    message = page.locator("#vraag-rapportcijfer #fout-rapportcijfer")
    message.wait_for(state="visible")
    assert message.inner_text() == "Vul een heel getal van 1 tot en met 10 in."
    assert page.locator("#veld-rapportcijfer").get_attribute("aria-invalid") == "true"
    page.locator("#veld-rapportcijfer").fill("8")
    page.locator("#veld-rapportcijfer").blur()
    message.wait_for(state="detached")
    assert page.evaluate("window.zelfdePagina") is True
    press(page)
    assert title(page) == "Hoe het met u gaat"
    tab.console.assert_clean()


def test_resume_on_another_device_at_the_saved_page_with_the_saved_answers(
    new_tab: NewTab, new_context: NewContext, server: str, links: Links, sqlite_store: Store
) -> None:
    link = links("reflectieformulier", Publiek.MAKELAARS)[0]
    laptop = new_context()
    page = new_tab(laptop).page
    page.goto(link)
    for answers in REFLECTIE[:3]:
        answer_page(page, answers)
    assert title(page) == "Signalen"
    laptop.close()  # the first device is gone, and its cookies with it

    tab = new_tab(**PHONE)
    phone = tab.page
    phone.goto(link)
    assert title(phone) == "Signalen"
    assert phone.locator("#voortgang").inner_text() == "Pagina 4 van 7"
    press(phone, "#knop-vorige")
    assert title(phone) == "Wat lukte niet"
    assert phone.locator("#veld-niet_gelukt").input_value() == "Jongeren bereiken."
    assert phone.locator("#veld-belemmeringen-tijd").is_checked()
    assert phone.locator("#veld-belemmeringen-bereik").is_checked()
    assert not phone.locator("#veld-belemmeringen-mandaat").is_checked()
    press(phone)
    for answers in REFLECTIE[3:]:
        answer_page(phone, answers)
    assert phone.locator("#antwoord-periode_tot dd").inner_text() == "2026-12-31"
    assert phone.locator("#antwoord-effectvolle_actie_soort dd").inner_text() == "Evenement"
    press(phone, "#knop-versturen")
    assert title(phone) == "Bedankt!"
    with sqlite_store.session() as session:
        assert len(session.scalars(select(Respons)).all()) == 1
    tab.console.assert_clean()


def test_switch_to_english_and_back(new_tab: NewTab, server: str, links: Links) -> None:
    link = links("reflectieformulier", Publiek.MAKELAARS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    switch = page.locator("#taalwissel")
    assert switch.inner_text() == "English"
    assert switch.get_attribute("lang") == "en"
    with page.expect_navigation():
        switch.click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert title(page) == "Your work in this period"
    assert page.locator("#voortgang").inner_text() == "Page 1 of 7"
    assert (
        page.locator("label[for=veld-periode_van]").inner_text() == "Start of the period (required)"
    )
    assert page.locator("#knop-volgende").inner_text() == "Next"
    assert page.locator("#formuliertitel").inner_text() != ""
    assert switch.inner_text() == "Nederlands"
    press(page)
    assert page.locator("#fout-periode_van").inner_text().endswith("Please answer this question.")
    assert page.locator("#foutoverzicht h2").inner_text() == "Something is not filled in correctly"
    answer_page(page, {**REFLECTIE[0], "uren_per_week": "20.5"})
    assert title(page) == "What went well"  # the language stays on the next page
    assert page.locator("#knop-vorige").inner_text() == "Previous"
    with page.expect_navigation():
        page.locator("#taalwissel").click()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert title(page) == "Wat ging goed"
    assert page.locator("#knop-volgende").inner_text() == "Volgende"
    press(page, "#knop-vorige")
    assert page.locator("#veld-uren_per_week").input_value() == "20,5"  # a Dutch decimal comma
    tab.console.assert_clean()


def test_the_language_link_on_the_review_page_switches(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("partnerenquete", Publiek.PARTNERS)[0]
    page = new_tab().page
    page.goto(link)
    for answers in PARTNER:
        answer_page(page, answers)
    assert title(page) == "Controleer uw antwoorden"
    with page.expect_navigation():
        page.locator("#taalwissel").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert title(page) == "Check your answers"


def test_the_link_leaves_no_token_behind_and_sending_twice_stores_one_response(
    new_tab: NewTab, server: str, links: Links, sqlite_store: Store
) -> None:
    link = links("partnerenquete", Publiek.PARTNERS)[0]
    token = link.rsplit("/t/", 1)[1]
    tab = new_tab()
    page = tab.page
    page.goto(link)
    assert page.url == f"{server}/formulier"  # the token left the address bar (and history)
    assert token not in page.content()
    (cookie,) = page.context.cookies()
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert token not in cookie["value"]
    for answers in PARTNER:
        answer_page(page, answers)
    second = page.context.new_page()  # the review page open in a second tab too
    second.goto(f"{server}/formulier/overzicht")
    press(page, "#knop-versturen")
    assert title(page) == "Bedankt!"
    press(second, "#knop-versturen")  # the stale second tab sends the same answers again
    assert second.url == f"{server}/formulier/bedankt"
    page.go_back()  # the review page is not cached (no-store): asked again, it is answered
    page.wait_for_url(f"{server}/formulier/bedankt")
    with sqlite_store.session() as session:
        assert len(session.scalars(select(Respons)).all()) == 1
    tab.console.assert_clean()


def test_a_page_can_be_answered_with_the_keyboard_alone(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("buurtmeter", Publiek.BEWONERS)[0]
    tab = new_tab()
    page = tab.page
    page.goto(link)

    def focused() -> str:
        name: str = page.evaluate("document.activeElement.id || document.activeElement.className")
        return name

    page.keyboard.press("Tab")
    assert focused() == "naar-inhoud"  # the skip link comes first, and shows when focused
    box = page.locator(".naar-inhoud").bounding_box()
    assert box is not None and box["y"] >= 0
    page.keyboard.press("Enter")
    assert focused() == "inhoud"
    page.keyboard.press("Tab")
    assert focused() == "veld-deelgenomen-ja"
    page.keyboard.press("ArrowDown")  # arrows move within a radio group and choose
    assert page.locator("#veld-deelgenomen-nee").is_checked()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Tab")
    assert focused() == "veld-georganiseerd-ja"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert focused() == "veld-wil_meedoen-ja"
    page.keyboard.press("Space")
    assert page.locator("#veld-wil_meedoen-ja").is_checked()
    page.keyboard.press("Tab")
    assert focused() == "knop-volgende"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert title(page) == "Hulp en informatie"
    tab.console.assert_clean()
