"""Answering without JavaScript: pages, skip logic, validation, review, resume, language switch."""

from __future__ import annotations

import re

from sqlalchemy import select

from makelaar.forms.web.server import draai_op_achtergrond
from makelaar.forms.web.teksten import TEKSTEN
from makelaar.forms.xlsform import lees_formulier_tekst
from makelaar.models.domain import UitnodigingStatus
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Respons, Uitnodiging
from tests.forms.antwoord_factories import Ronde, make_ronde
from tests.forms.web.conftest import NieuweBrowser
from tests.forms.web.web_helpers import (
    concept_van,
    csrf,
    fill_all,
    open_link,
    post_page,
    question_block,
    submit,
    text_of,
)


def test_link_opens_the_first_page_in_dutch(nieuwe_browser: NieuweBrowser, ronde: Ronde) -> None:
    browser = nieuwe_browser()
    assert open_link(browser, ronde.tokens[0]) == "/formulier"
    page = browser.get("/formulier")
    assert page.status_code == 200
    assert '<html lang="nl">' in page.text
    assert '<h1 id="paginatitel">Over u</h1>' in page.text
    assert "Pagina 1 van 3" in page.text
    assert 'id="veld-rol-makelaar"' in page.text and "<legend>Wat is uw rol?" in page.text
    assert " hidden" in question_block(page.text, "rol_anders").split(">")[0]
    assert 'id="knop-vorige"' not in page.text


def test_skip_logic_without_javascript_shows_new_questions_on_the_same_page(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    status, location, _ = post_page(browser, 0, {"rol": "anders"})
    assert (status, location) == (303, "/formulier?pagina=0")
    page = browser.get(location).text
    opening = question_block(page, "rol_anders").split(">")[0]
    assert " hidden" not in opening
    assert 'id="veld-rol-anders" name="rol" value="anders" checked' in page
    status, _, body = post_page(browser, 0, {"rol": "anders"})
    assert status == 422
    block = question_block(body, "rol_anders")
    assert 'id="fout-rol_anders"' in block
    assert 'aria-invalid="true"' in block
    assert 'aria-describedby="grens-rol_anders fout-rol_anders"' in block
    assert 'id="foutoverzicht"' in body and 'href="#veld-rol_anders"' in body
    status, location, _ = post_page(browser, 0, {"rol": "anders", "rol_anders": "Buurtwerker"})
    assert (status, location) == (303, "/formulier?pagina=1")


def test_invalid_values_get_messages_next_to_the_field(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    post_page(browser, 0, {"rol": "makelaar"})
    status, _, body = post_page(browser, 1, {"uren": "70"})
    assert status == 422
    assert "Tussen 0 en 60." in question_block(body, "uren")
    assert 'value="70"' in question_block(body, "uren")
    assert "<title>Er is iets niet goed ingevuld: Cijfers" in body
    status, _, body = post_page(browser, 1, {"uren": "veel"})
    assert status == 422
    assert 'id="fout-uren"' in question_block(body, "uren")
    status, _, body = post_page(browser, 1, {"uren": ""})
    assert status == 422 and 'id="fout-uren"' in body
    with_required = question_block(body, "uren")
    assert "(verplicht)" in with_required


def test_previous_keeps_the_answers(
    nieuwe_browser: NieuweBrowser, ronde: Ronde, sqlite_store: Store
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    post_page(browser, 0, {"rol": "makelaar"})
    status, location, _ = post_page(browser, 1, {"uren": "8"}, actie="vorige")
    assert (status, location) == (303, "/formulier?pagina=0")
    page = browser.get(location).text
    assert 'value="makelaar" checked' in page
    assert 'value="8"' in browser.get("/formulier", params={"pagina": "1"}).text


def test_review_submit_and_thanks_then_the_link_no_longer_opens(
    nieuwe_browser: NieuweBrowser, ronde: Ronde, sqlite_store: Store, settings: Settings
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    review = fill_all(browser)
    review_text = text_of(review)
    assert "Controleer uw antwoorden" in review_text
    assert "Eenzaamheid" in review_text and "Schulden" in review_text and "Makelaar" in review_text
    assert 'href="/formulier?pagina=1"' in review
    assert submit(browser, review) == (303, "/formulier/bedankt")
    thanks = browser.get("/formulier/bedankt")
    assert thanks.status_code == 200 and "Bedankt!" in thanks.text
    with sqlite_store.session() as session:
        [row] = session.scalars(select(Respons)).all()
        assert row.antwoorden["rol"] == "makelaar"
        assert row.antwoorden["signalen"] == ["eenzaam", "schuld"]
        assert row.antwoorden["uren"] == 12
        assert row.respondent is not None
        uitnodiging = session.get_one(Uitnodiging, ronde.uitnodiging_ids[0])
        assert uitnodiging.status == UitnodigingStatus.BEANTWOORD
        assert concept_van(session, settings, uitnodiging.id) is None
    assert browser.get("/formulier").headers["location"] == "/formulier/bedankt"
    assert nieuwe_browser().get(f"/t/{ronde.tokens[0]}").status_code == 404


def test_posted_text_arrives_as_typed(
    nieuwe_browser: NieuweBrowser, ronde: Ronde, sqlite_store: Store, settings: Settings
) -> None:
    typed = "Café & één + 50% = 'ok'\u00a0→ “klaar”"
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    assert post_page(browser, 0, {"rol": "makelaar", "signalen": ["eenzaam"]})[0] == 303
    assert post_page(browser, 1, {"uren": "12", "cijfer": "7,5"})[0] == 303
    assert post_page(browser, 2, {"toelichting": typed})[1] == "/formulier/overzicht"
    with sqlite_store.session() as session:
        concept = concept_van(session, settings, ronde.uitnodiging_ids[0])
        assert concept is not None and concept[1]["toelichting"] == typed


def test_resume_on_another_device_continues_at_the_saved_page(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    phone = nieuwe_browser()
    open_link(phone, ronde.tokens[0])
    post_page(phone, 0, {"rol": "anders", "rol_anders": "Wijkagent"})
    post_page(phone, 0, {"rol": "anders", "rol_anders": "Wijkagent"})
    laptop = nieuwe_browser()
    assert open_link(laptop, ronde.tokens[0]) == "/formulier"
    page = laptop.get("/formulier").text
    assert '<h1 id="paginatitel">Cijfers</h1>' in page
    earlier = laptop.get("/formulier", params={"pagina": "0"}).text
    assert ">Wijkagent</textarea>" in earlier
    post_page(laptop, 1, {"uren": "4"})
    assert post_page(laptop, 2, {})[1] == "/formulier/overzicht"
    assert open_link(nieuwe_browser(), ronde.tokens[0]) == "/formulier/overzicht"


def test_language_switch_without_javascript_is_remembered(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    dutch = browser.get("/formulier").text
    # the page's switch posts the page (test_web_taal); a ?taal= link works as well
    assert 'name="actie" value="taal-en" id="taalwissel"' in dutch
    english = browser.get("/formulier", params={"pagina": "0", "taal": "en"})
    assert english.status_code == 200
    assert '<html lang="en">' in english.text
    assert "What is your role?" in english.text and "Choose one." in english.text
    assert "Skip to the questions" in english.text and ">Next<" in english.text
    assert "Page 1 of 3" in english.text
    assert '<html lang="en">' in browser.get("/formulier").text
    status, _, body = post_page(browser, 0, {})
    assert status == 422 and "Something is not filled in correctly" in body
    post_page(browser, 0, {"rol": "makelaar"})
    other_device = nieuwe_browser()
    open_link(other_device, ronde.tokens[0])
    assert '<html lang="en">' in other_device.get("/formulier").text
    back = browser.get("/formulier", params={"taal": "nl"}).text
    assert '<html lang="nl">' in back and "Hoeveel uur per week?" in back


def test_instant_check_endpoint_reports_relevance_and_errors(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    token = csrf(browser.get("/formulier").text)
    result = browser.post(
        "/formulier/controle", data={"csrf": token, "pagina": "0", "rol": "anders"}
    )
    assert result.status_code == 200
    body = result.json()
    assert body["relevant"] == {"rol": True, "rol_anders": True, "signalen": True}
    assert body["fouten"] == {}
    empty = browser.post("/formulier/controle", data={"csrf": token, "pagina": "0"}).json()
    assert empty["relevant"]["rol_anders"] is False
    assert empty["fouten"] == {"rol": "Deze vraag is verplicht."}
    result = browser.post("/formulier/controle", data={"pagina": "0", "rol": "anders"})
    assert result.status_code == 403


def test_health_endpoint_and_background_server(settings: Settings, sqlite_store: Store) -> None:
    import httpx

    with draai_op_achtergrond(settings, sqlite_store) as base_url:
        response = httpx.get(f"{base_url}/gezond", timeout=10)
        assert response.status_code == 200 and response.text == "ok"
        assert response.headers["cache-control"] == "no-store"
        assert "server" not in response.headers


def test_a_question_the_script_already_showed_gets_its_message_at_once(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    # with the script, the enabled (shown) empty field is posted along with the choice
    status, _, body = post_page(browser, 0, {"rol": "anders", "rol_anders": ""})
    assert status == 422
    assert 'id="fout-rol_anders"' in question_block(body, "rol_anders")
    # choosing back hides it again: no second look at the page is needed
    status, location, _ = post_page(browser, 0, {"rol": "makelaar", "rol_anders": "x"})
    assert (status, location) == (303, "/formulier?pagina=1")


def test_every_page_text_exists_in_dutch_and_english() -> None:
    assert all(set(tekst) == {"nl", "en"} for tekst in TEKSTEN.values())
    assert all(tekst["nl"] != tekst["en"] for tekst in TEKSTEN.values())


def test_a_page_number_out_of_range_or_not_a_number_falls_back(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    for value in ("999", "-1", "x", "1" * 40):
        page = browser.get("/formulier", params={"pagina": value})
        assert page.status_code == 200 and "Pagina 1 van 3" in page.text, value
    post_page(browser, 0, {"rol": "makelaar"})
    assert browser.get("/formulier", params={"pagina": "999"}).headers["location"] == (
        "/formulier/overzicht"
    )


CASCADE = """
| survey |
| | type | name | label::Nederlands (nl) | label::English (en) | required | choice_filter |
| | begin group | plek | Waar | Where | | |
| | select_one wijken | wijk | Welke wijk? | Which district? | yes | |
| | select_one buurten | buurt | Welke buurt? | Which neighbourhood? | yes | wijk=${wijk} |
| | end group | | | | | |
| choices |
| | list_name | name | label::Nederlands (nl) | label::English (en) | wijk |
| | wijken | noord | Noord | North | |
| | wijken | zuid | Zuid | South | |
| | buurten | n1 | Noord-1 | North-1 | noord |
| | buurten | z1 | Zuid-1 | South-1 | zuid |
| settings |
| | form_id | version | default_language |
| | cascade | 1 | Nederlands (nl) |
"""


def test_choices_filtered_by_an_answer_on_the_same_page(
    nieuwe_browser: NieuweBrowser, sqlite_store: Store
) -> None:
    ronde = make_ronde(sqlite_store, lees_formulier_tekst(CASCADE, "cascade.md"))
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    page = browser.get("/formulier").text
    assert re.search(r'data-keuze="z1" hidden>\s*<input [^>]*value="z1" disabled>', page)
    # without the script: the page comes back with the district's neighbourhoods, no message
    status, location, _ = post_page(browser, 0, {"wijk": "zuid"})
    assert (status, location) == (303, "/formulier?pagina=0")
    page = browser.get(location).text
    assert 'data-keuze="z1">' in page and 'data-keuze="n1" hidden>' in page
    assert 'id="fout-buurt"' not in page
    # the script's instant check lists the choices; with it, a missing answer gets its message
    token = csrf(page)
    check = browser.post(
        "/formulier/controle", data={"csrf": token, "pagina": "0", "wijk": "noord"}
    ).json()
    assert check["keuzes"] == {"wijk": ["noord", "zuid"], "buurt": ["n1"]}
    status, _, body = post_page(browser, 0, {"wijk": "noord", "_script": "1"})
    assert status == 422 and 'id="fout-buurt"' in body
    status, location, _ = post_page(browser, 0, {"wijk": "noord", "buurt": "n1", "_script": "1"})
    assert (status, location) == (303, "/formulier/overzicht")


def test_a_change_from_the_review_page_returns_to_it(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    review = fill_all(browser)
    assert 'id="wijzig-1" href="/formulier?pagina=1"' in review
    status, location, _ = post_page(browser, 1, {"uren": "20"})
    assert (status, location) == (303, "/formulier/overzicht")
    assert "20" in text_of(browser.get(location).text)


def test_the_review_page_switches_language_too(nieuwe_browser: NieuweBrowser, ronde: Ronde) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    review = fill_all(browser)
    assert 'id="taalwissel" href="/formulier/overzicht?taal=en"' in review
    english = browser.get("/formulier/overzicht", params={"taal": "en"}).text
    assert '<html lang="en">' in english and "Check your answers" in english
    assert "Broker" in english and "Loneliness" in english
    assert '<html lang="en">' in browser.get("/formulier/overzicht").text


REVEALED = """
| survey |
| | type | name | label::Nederlands (nl) | label::English (en) | required | relevant |
| | begin group | mee | Meedoen | Taking part | | |
| | select_one jn | deelgenomen | Meegedaan? | Taken part? | yes | |
| | select_multiple soorten | soort | Wat voor? | What kind? | | ${deelgenomen}='ja' |
| | select_one jn | vaker | Vaker? | More often? | yes | ${deelgenomen}='ja' |
| | end group | | | | | |
| choices |
| | list_name | name | label::Nederlands (nl) | label::English (en) | |
| | jn | ja | Ja | Yes | |
| | jn | nee | Nee | No | |
| | soorten | sport | Sport | Sports | |
| | soorten | cultuur | Cultuur | Culture | |
| settings |
| | form_id | version | default_language |
| | onthuld | 1 | Nederlands (nl) |
"""


def test_choice_questions_the_script_showed_and_left_empty_are_checked_at_once(
    nieuwe_browser: NieuweBrowser, sqlite_store: Store
) -> None:
    ronde = make_ronde(sqlite_store, lees_formulier_tekst(REVEALED, "onthuld.md"))
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    # without the script the new questions post nothing: the page comes back to show them
    status, location, _ = post_page(browser, 0, {"deelgenomen": "ja"})
    assert (status, location) == (303, "/formulier?pagina=0")
    post_page(browser, 0, {"deelgenomen": "nee"})
    # the script names the questions it showed: a required one left empty gets its message,
    # an optional one left empty is accepted
    shown = {"deelgenomen": "ja", "_script": "1", "_getoond": ["soort", "vaker"]}
    status, _, body = post_page(browser, 0, shown)
    assert status == 422
    assert 'id="fout-vaker"' in body and 'id="fout-soort"' not in body
    status, location, _ = post_page(browser, 0, {**shown, "vaker": "nee"})
    assert (status, location) == (303, "/formulier/overzicht")
