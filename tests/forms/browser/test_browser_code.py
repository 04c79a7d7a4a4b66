"""A resident types the short code from a printed letter on a phone and reaches the form."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pypdf

from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.models.domain import Kanaal, Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.forms.browser.browser_testing import (
    BUURTMETER,
    PHONE,
    answer_page,
    assert_accessible,
    assert_phone_sized,
    open_instrument,
    press,
    scrolls_sideways,
    title,
    write_contacts,
)
from tests.forms.browser.conftest import NewTab, Opzet

_CODE = re.compile(r"typ deze code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})")
#: where a person looking at the pages keeps the screenshots (unset: none are written)
SCREENSHOTS = os.environ.get("MAKELAAR_TEST_SCREENSHOTS")


def _letter_code(store: Store, settings: Settings, opzet: Opzet, folder: Path) -> str:
    """Invite one resident by letter for the buurtmeter; the code printed on the letter."""
    ronde = open_instrument(store, opzet.ronde_id, "buurtmeter", Publiek.BEWONERS)
    row = {
        "E-mail": "",
        "Wijk": opzet.wijken[0],
        "Adres": "Kerkstraat 9",
        "Postcode": "3511 AB",
        "Plaats": "Utrecht",
    }
    contacts = write_contacts(folder / "brief.csv", [row])
    rapport = uitnodigen(store, settings, ronde.id, contacts, Kanaal.BRIEF, folder)
    assert rapport.uitvoer is not None
    text = " ".join(pypdf.PdfReader(rapport.uitvoer).pages[0].extract_text().split())
    assert f"Of ga naar {settings.public_url}/code en typ deze code:" in text
    match = _CODE.search(text)
    assert match, text
    return match.group(1)


def test_a_resident_types_the_letters_code_in_lower_case_on_a_phone(
    new_tab: NewTab,
    server: str,
    sqlite_store: Store,
    settings: Settings,
    opzet: Opzet,
    tmp_path: Path,
) -> None:
    code = _letter_code(sqlite_store, settings, opzet, tmp_path)
    tab = new_tab(**PHONE, locale="nl-NL")  # a Dutch phone: the page speaks Dutch
    page = tab.page
    page.goto(f"{server}/code")
    assert page.evaluate("window.innerWidth") == 390
    assert title(page) == "Typ de code uit uw brief"
    assert_phone_sized(page, "the code page", "#code")
    assert_accessible(page, "the code page")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/code-390.png", full_page=True)

    # a typo first: one group short; the message names it and the field keeps what was typed
    page.locator("#code").fill(code.lower()[:14])
    press(page, "#knop-code")
    assert "U typte 12 tekens" in page.locator("#code-fout").inner_text()
    assert page.locator("#code").input_value() == code.lower()[:14]
    assert_phone_sized(page, "the code page with an error", "#code")
    assert_accessible(page, "the code page with an error")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/code-390-fout.png", full_page=True)

    # then the whole code, in lower case with its dashes, as a phone's keyboard types it
    page.locator("#code").fill(code.lower())
    press(page, "#knop-code")
    assert page.url == f"{server}/formulier"
    assert page.locator("#voortgang").inner_text().startswith("Pagina 1 van")
    answer_page(page, BUURTMETER[0])
    assert page.url.endswith("/formulier?pagina=1")
    tab.console.assert_clean()


def test_the_code_page_on_a_wide_screen(new_tab: NewTab, server: str) -> None:
    tab = new_tab(viewport={"width": 1280, "height": 800})
    page = tab.page
    page.goto(f"{server}/code?taal=en")
    assert title(page) == "Type the code from your letter"
    assert not scrolls_sideways(page)
    box = page.locator("#code").bounding_box()
    assert box is not None and 300 <= box["width"] <= 700  # the column's width, not the screen's
    assert_accessible(page, "the code page in English")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/code-1280.png", full_page=True)
    tab.console.assert_clean()
