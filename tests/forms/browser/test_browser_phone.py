"""The answering pages on a phone-sized window: no sideways scrolling, tap targets of 44 px.

Every question page of the instruments (choice labels included) is checked on a phone in
test_browser_axe.py; this file adds the pages with errors and the review page.
"""

from __future__ import annotations

from makelaar.models.domain import Publiek
from tests.forms.browser.browser_testing import (
    PARTNER,
    PHONE,
    answer_page,
    assert_phone_sized,
    press,
    small_targets,
    title,
)
from tests.forms.browser.conftest import Links, NewTab


def test_a_phone_shows_errors_and_the_review_page_without_sideways_scrolling(
    new_tab: NewTab, server: str, links: Links
) -> None:
    link = links("partnerenquete", Publiek.PARTNERS)[0]
    tab = new_tab(**PHONE)
    page = tab.page
    page.goto(link)
    assert page.evaluate("window.innerWidth") == 390
    press(page)  # nothing answered: the error summary and long messages must wrap
    assert page.locator("#foutoverzicht").is_visible()
    assert_phone_sized(page, "the first page with errors")
    assert not small_targets(page, "#foutoverzicht a")
    for answers in PARTNER:
        answer_page(page, answers)
    assert title(page) == "Controleer uw antwoorden"
    assert_phone_sized(page, "the review page", ".wijzig")
    tab.console.assert_clean()
