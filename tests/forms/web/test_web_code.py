"""The code page: typing a letter's short code opens what the letter's link opens (SQLite, PostgreSQL)."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from makelaar.forms.tokens import add_code, revoke_tokens, toon_code
from makelaar.forms.web import maak_app
from makelaar.forms.web.beveiliging import Rem
from makelaar.forms.web.teksten import chrome
from makelaar.models.domain import EnqueteModus, Publiek, UitnodigingStatus
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import EnqueteRonde, Uitnodiging
from tests.forms.antwoord_factories import Ronde, make_ronde
from tests.forms.web.conftest import NieuweBrowser
from tests.forms.web.web_helpers import (
    Browser,
    concept_van,
    csrf,
    fill_all,
    open_link,
    post_page,
    submit,
    text_of,
)

BUURTHUIS = "192.0.2.7"
_VALUE = re.compile(r' value="[^"]*"')


def _app(settings: Settings, store: Store, **rem: float) -> Starlette:
    return maak_app(settings, store, rem=Rem(pauze_s=0.01, **rem))  # type: ignore[arg-type]


def _codes(store: Store, ronde: Ronde) -> list[str]:
    """A letter's short code for each of the round's tokens (as a letter would show it)."""
    with store.session() as session:
        return [
            toon_code(add_code(session, uitnodiging_id, token))
            for uitnodiging_id, token in zip(ronde.uitnodiging_ids, ronde.tokens, strict=True)
        ]


def _typ(browser: Browser, code: str, *, taal: str | None = None) -> httpx.Response:
    """Open the code page (in `taal`, if given) and post `code` as its form does."""
    page = browser.get("/code", params={"taal": taal} if taal else None)
    assert page.status_code == 200, page.text
    [pagetaal] = re.findall(r'name="taal" value="(nl|en)"', page.text)
    return browser.post("/code", data={"csrf": csrf(page.text), "code": code, "taal": pagetaal})


def _zonder_waarden(page: str) -> str:
    """A page without its field values (the CSRF token and the typed code differ per answer)."""
    return _VALUE.sub("", page)


def test_a_code_typed_in_lower_case_opens_the_draft_its_link_opens(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser
) -> None:
    ronde = make_ronde(store, modus=EnqueteModus.ANONIEM, publiek=Publiek.BEWONERS)
    codes = _codes(store, ronde)
    app = _app(settings, store)
    phone = nieuwe_browser(app)
    page = phone.get("/code")
    assert page.status_code == 200 and 'lang="nl"' in page.text
    assert chrome("nl")["code_titel"] in text_of(page.text)
    assert page.headers["cache-control"] == "no-store"
    cookie = page.headers["set-cookie"]
    assert "mk_code=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    # lower case, the groups typed with spaces, a letter O for each digit 0
    getypt = codes[0].lower().replace("-", " ").replace("0", "o")
    opened = phone.post("/code", data={"csrf": csrf(page.text), "code": getypt})
    assert (opened.status_code, opened.headers["location"]) == (303, "/formulier")
    assert post_page(phone, 0, {"rol": "makelaar", "signalen": ["eenzaam"]})[:2] == (
        303,
        "/formulier?pagina=1",
    )
    # the letter's link reaches the same draft (its secret comes from the link's token)
    with store.session() as session:
        found = concept_van(session, settings, ronde.uitnodiging_ids[0], ronde.tokens[0])
        assert found is not None and found[1]["rol"] == "makelaar"
    laptop = nieuwe_browser(app)
    assert open_link(laptop, ronde.tokens[0]) == "/formulier"
    assert 'value="makelaar" checked' in laptop.get("/formulier", params={"pagina": "0"}).text
    # answered with the code: the code and the link both work no more
    assert submit(phone, fill_all(phone)) == (303, "/formulier/bedankt")
    again = _typ(nieuwe_browser(app), codes[0])
    assert again.status_code == 404
    assert chrome("nl")["code_werkt_niet"] in text_of(again.text)
    assert laptop.get(f"/t/{ronde.tokens[0]}").status_code == 404


def test_every_code_that_opens_nothing_gets_one_answer(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser
) -> None:
    ronde = make_ronde(store, uitnodigingen=4)
    codes = _codes(store, ronde)
    with store.session() as session:
        revoke_tokens(session, ronde.uitnodiging_ids[1])  # withdrawn: link and code revoked
        answered = session.get_one(Uitnodiging, ronde.uitnodiging_ids[2])
        answered.status = UitnodigingStatus.BEANTWOORD
    browser = nieuwe_browser(_app(settings, store))
    unknown = "ZZZZ-ZZZZ-ZZZZ-ZZZZ"
    answers = [_typ(browser, code) for code in (unknown, codes[1], codes[2])]
    with store.session() as session:  # the window closed
        session.get_one(EnqueteRonde, ronde.enquete_ronde_id).gesloten_op = session.scalar(
            select(EnqueteRonde.opent_op).where(EnqueteRonde.id == ronde.enquete_ronde_id)
        )
    answers.append(_typ(browser, codes[3]))
    assert {a.status_code for a in answers} == {404}
    assert len({_zonder_waarden(a.text) for a in answers}) == 1
    assert chrome("nl")["code_werkt_niet"] in text_of(answers[0].text)
    assert 'value="ZZZZ-ZZZZ-ZZZZ-ZZZZ"' in answers[0].text  # kept, to correct a typo


@pytest.mark.parametrize(
    ("getypt", "melding"),
    [
        ("K7Q9-M3XF", "U typte 8 tekens (K7Q9-M3XF); een code heeft er 16"),
        ("K7Q9-M3XF-8D2N-WH5U", "De code bevat U; een code bestaat alleen uit cijfers en letters"),
        ("<b>K7Q9</b>", "De code bevat / &lt; &gt;"),
        ("   ", "Typ de code uit uw brief in het vak."),
    ],
)
def test_a_code_of_the_wrong_shape_is_named_as_such(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser, getypt: str, melding: str
) -> None:
    browser = nieuwe_browser(_app(settings, store))
    response = _typ(browser, getypt)
    assert response.status_code == 422
    assert melding in response.text
    assert 'aria-invalid="true"' in response.text and "<b>K7Q9" not in response.text


def test_bad_codes_count_in_the_throttle_and_a_good_one_still_opens(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser
) -> None:
    ronde = make_ronde(store)
    [code, _] = _codes(store, ronde)
    app = _app(settings, store, maximum=3)
    others = nieuwe_browser(app, adres=BUURTHUIS)
    assert [_typ(others, c).status_code for c in ("ZZZZ-ZZZZ-ZZZZ-ZZZZ", "K7Q9", "Y" * 16)] == [
        404,
        422,
        404,
    ]
    throttled = _typ(others, "ZZZZ-ZZZZ-ZZZZ-ZZZY")
    assert throttled.status_code == 429 and 1 <= int(throttled.headers["retry-after"]) <= 300
    assert others.get(f"/t/{'A' * 43}").status_code == 429  # links and codes count together
    resident = nieuwe_browser(app, adres=BUURTHUIS)
    opened = _typ(resident, code.lower())
    assert (opened.status_code, opened.headers["location"]) == (303, "/formulier")


def test_a_code_posted_without_the_pages_token_opens_nothing(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser
) -> None:
    ronde = make_ronde(store)
    [code, _] = _codes(store, ronde)
    app = _app(settings, store)
    attacker, victim = nieuwe_browser(app), nieuwe_browser(app)
    stolen = csrf(attacker.get("/code").text)  # a token of another browser's page
    victim.get("/code")
    for data in ({"code": code}, {"code": code, "csrf": stolen}, {"code": code, "csrf": "0" * 64}):
        response = victim.post("/code", data=data)
        assert response.status_code == 403, data
        assert chrome("nl")["code_verlopen"] in text_of(response.text)
        assert "mk_sessie" not in response.headers.get("set-cookie", "")
    fresh = nieuwe_browser(app)
    assert fresh.post("/code", data={"code": code, "csrf": stolen}).status_code == 403


def test_the_code_page_in_english_opens_the_form_in_english(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser
) -> None:
    ronde = make_ronde(store)
    [code, _] = _codes(store, ronde)
    browser = nieuwe_browser(_app(settings, store))
    page = browser.get("/code", params={"taal": "en"})
    assert 'lang="en"' in page.text and "Type the code from your letter" in page.text
    assert 'href="/code?taal=nl"' in page.text
    by_browser = nieuwe_browser(_app(settings, store)).get(
        "/code", headers={"accept-language": "en-GB,en;q=0.9"}
    )
    assert "Type the code from your letter" in by_browser.text
    wrong = _typ(browser, "K7Q9", taal="en")
    assert "You typed 4 characters (K7Q9); a code has 16" in wrong.text
    opened = _typ(browser, code, taal="en")
    assert opened.status_code == 303
    assert 'lang="en"' in browser.get("/formulier").text


def test_the_contact_line_shows_on_the_code_page_and_the_bad_link_page_as_text(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser
) -> None:
    contact = "Team <b>Wijk</b> {{7*7}}, 030 286 0000"
    met = settings.model_copy(update={"contact": contact, "contact_en": "Team Wijk (English)"})
    browser = nieuwe_browser(maak_app(met, store))
    page = browser.get("/code")
    assert "Vragen? Neem contact op met Team &lt;b&gt;Wijk&lt;/b&gt; {{7*7}}, 030 286 0000." in (
        page.text
    )
    bad = browser.get(f"/t/{'A' * 43}")
    assert bad.status_code == 404
    assert "Vragen? Neem contact op met Team &lt;b&gt;Wijk&lt;/b&gt; {{7*7}}" in bad.text
    assert "Questions? Please contact Team Wijk (English)." in bad.text
    assert '<a href="/code">Typ de code uit uw brief</a>' in bad.text  # a letter's other way in
    assert '<a href="/code?taal=en">Type the code from your letter</a>' in bad.text
    assert "Questions? Please contact Team Wijk (English)." in browser.get("/code?taal=en").text
    without = nieuwe_browser(maak_app(settings, store)).get("/code")
    assert "Vragen?" not in without.text
