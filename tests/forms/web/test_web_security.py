"""The answering pages' security properties (RELIABILITY.md §1–§2), tried against the ASGI app."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal
from sqlalchemy import func, select, update

from makelaar.forms.antwoorden import inhoud_sha256
from makelaar.forms.tokens import new_token, revoke_tokens
from makelaar.forms.web import maak_app
from makelaar.forms.web.beveiliging import Rem
from makelaar.forms.web.server import draai_op_achtergrond
from makelaar.forms.web.sessie import Sessies
from makelaar.models.domain import EnqueteModus, Publiek, ResponsBron, UitnodigingStatus
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Concept, Respons, Uitnodiging
from tests.forms.antwoord_factories import Ronde, maak_formulier, make_ronde
from tests.forms.web.conftest import NieuweBrowser
from tests.forms.web.web_helpers import (
    Browser,
    concept_van,
    csrf,
    fill_all,
    instance_id,
    open_link,
    post_page,
    submit,
)

XSS = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def _bad_links(store: Store, ronde: Ronde) -> dict[str, str]:
    """One token of every bad kind: malformed, unknown, revoked, used, closed and not-yet-open."""
    closed = make_ronde(
        store,
        uitnodigingen=1,
        opent_op=dt.datetime.now(dt.UTC) - dt.timedelta(days=30),
        sluit_op=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
    )
    later = make_ronde(
        store,
        uitnodigingen=1,
        opent_op=dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
        sluit_op=dt.datetime.now(dt.UTC) + dt.timedelta(days=30),
    )
    with store.session() as session:
        revoke_tokens(session, ronde.uitnodiging_ids[0])
        session.execute(
            update(Uitnodiging)
            .where(Uitnodiging.id == ronde.uitnodiging_ids[1])
            .values(status=UitnodigingStatus.BEANTWOORD)
        )
    return {
        "malformed": "abc'--",
        "unknown": new_token()[0],
        "revoked": ronde.tokens[0],
        "used": ronde.tokens[1],
        "closed": closed.tokens[0],
        "not open yet": later.tokens[0],
    }


def test_every_bad_link_gets_the_same_answer_byte_for_byte(
    nieuwe_browser: NieuweBrowser, ronde: Ronde, sqlite_store: Store
) -> None:
    answers = {}
    for kind, token in _bad_links(sqlite_store, ronde).items():
        response = nieuwe_browser().get(f"/t/{token}")
        answers[kind] = (
            response.status_code,
            sorted(response.headers.multi_items()),
            response.content,
        )
    first = answers["malformed"]
    assert first[0] == 404
    assert "Deze link werkt niet (meer)" in first[2].decode()
    assert "uw antwoorden ontvangen" in first[2].decode()
    assert not any(name == "set-cookie" for name, _ in first[1])
    for kind, answer in answers.items():
        assert answer == first, kind


def test_repeated_failures_are_throttled_per_address(
    nieuwe_browser: NieuweBrowser, ronde: Ronde
) -> None:
    attacker = nieuwe_browser(adres="10.0.0.9")
    for _ in range(10):
        assert attacker.get(f"/t/{new_token()[0]}").status_code == 404
    refused = attacker.get(f"/t/{new_token()[0]}")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 300
    assert refused.headers["cache-control"] == "no-store"
    # a valid link from the same address still opens (tests/forms/web/test_web_gedeeld_adres.py)
    assert attacker.get(f"/t/{ronde.tokens[0]}").status_code == 303
    assert nieuwe_browser(adres="10.0.0.10").get(f"/t/{new_token()[0]}").status_code == 404


def test_throttle_window_slides() -> None:
    rem = Rem(maximum=3, venster_s=60)
    for moment in (0.0, 10.0, 20.0):
        assert rem.wacht("a", moment) is None
        rem.mislukt("a", moment)
    assert rem.wacht("a", 21.0) == 39
    assert rem.wacht("b", 21.0) is None
    assert rem.wacht("a", 60.5) is None


def test_session_cookie_flags_and_no_token_in_it(
    settings: Settings, sqlite_store: Store, portal: BlockingPortal, ronde: Ronde
) -> None:
    for url, secure in (("http://127.0.0.1:8080", False), ("https://enquete.example.nl", True)):
        app = maak_app(settings.model_copy(update={"public_url": url}), sqlite_store)
        browser = Browser(app, portal)
        response = browser.get(f"/t/{ronde.tokens[0]}")
        browser.close()
        cookie = response.headers["set-cookie"]
        assert response.status_code == 303 and response.headers["location"] == "/formulier"
        attributes = {part.strip().lower() for part in cookie.split(";")}
        assert {"httponly", "samesite=lax", "path=/"} <= attributes
        assert ("secure" in attributes) is secure
        assert ronde.tokens[0] not in cookie
        hsts = response.headers.get("strict-transport-security")
        assert hsts == ("max-age=31536000" if secure else None)


def test_a_post_without_or_with_a_wrong_csrf_token_is_refused_and_saves_nothing(
    nieuwe_browser: NieuweBrowser, ronde: Ronde, sqlite_store: Store
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    other = nieuwe_browser()
    open_link(other, ronde.tokens[1])
    foreign = csrf(other.get("/formulier").text)
    for token in ("", "0" * 64, foreign):
        status, _, body = post_page(browser, 0, {"rol": "makelaar"}, token=token)
        assert status == 403 and "Dit formulier is verlopen" in body
    no_field = browser.post("/formulier", data={"pagina": "0", "rol": "makelaar"})
    assert no_field.status_code == 403
    review = browser.post("/formulier/overzicht", data={"instance_id": "0" * 32})
    assert review.status_code == 403
    with sqlite_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Concept)) == 0
        assert session.scalar(select(func.count()).select_from(Respons)) == 0


def test_security_headers_on_every_page_type(nieuwe_browser: NieuweBrowser, ronde: Ronde) -> None:
    browser = nieuwe_browser()
    responses = {
        "health": browser.get("/gezond"),
        "bad link": browser.get("/t/nope"),
        "no session": browser.get("/formulier"),
        "unknown page": browser.get("/niet-hier"),
        "static css": browser.get("/static/formulier.css"),
        "static js": browser.get("/static/formulier.js"),
        "link": browser.get(f"/t/{ronde.tokens[0]}"),
        "page": browser.get("/formulier"),
    }
    responses["invalid page"] = browser.post(
        "/formulier", data={"csrf": csrf(responses["page"].text), "pagina": "0"}
    )
    responses["csrf refused"] = browser.post("/formulier", data={"pagina": "0"})
    fill_all(browser)
    review = browser.get("/formulier/overzicht")
    responses["review"] = review
    browser.post(
        "/formulier/overzicht",
        data={"csrf": csrf(review.text), "instance_id": instance_id(review.text)},
    )
    responses["thanks"] = browser.get("/formulier/bedankt")
    assert responses["invalid page"].status_code == 422
    assert responses["thanks"].status_code == 200
    for kind, response in responses.items():
        headers = response.headers
        assert headers["cache-control"] == "no-store", kind
        assert headers["referrer-policy"] == "same-origin", kind
        assert headers["content-security-policy"] == CSP, kind
        assert headers["x-content-type-options"] == "nosniff", kind
    for kind in ("page", "review", "thanks", "bad link"):
        assert "<script>" not in responses[kind].text and " style=" not in responses[kind].text


def test_one_invitation_cannot_reach_another(
    nieuwe_browser: NieuweBrowser, ronde: Ronde, sqlite_store: Store, settings: Settings
) -> None:
    a, b = nieuwe_browser(), nieuwe_browser()
    open_link(a, ronde.tokens[0])
    open_link(b, ronde.tokens[1])
    post_page(b, 0, {"rol": "anders", "rol_anders": "B's geheim"})
    post_page(b, 0, {"rol": "anders", "rol_anders": "B's geheim"})
    for url in ("/formulier", "/formulier?pagina=0", "/formulier/overzicht"):
        response = a.get(url)
        assert "B&#39;s geheim" not in response.text and "B's geheim" not in response.text
    # the cookie is sealed: changing any of its characters makes it no session at all
    cookie = a.client.cookies["mk_sessie"]
    for plek in (0, len(cookie) // 2, len(cookie) - 1):
        andere = "A" if cookie[plek] != "A" else "B"
        a.client.cookies.set("mk_sessie", cookie[:plek] + andere + cookie[plek + 1 :])
        assert a.get("/formulier").status_code == 403
    a.client.cookies.set("mk_sessie", b.client.cookies["mk_sessie"][:-2] + "AA")
    assert a.get("/formulier").status_code == 403
    assert a.post("/formulier/controle", data={"pagina": "0"}).status_code == 403
    a.client.cookies.clear()
    open_link(a, ronde.tokens[0])
    with sqlite_store.session() as session:
        concept_b = concept_van(session, settings, ronde.uitnodiging_ids[1])
        assert concept_b is not None
        b_instance = concept_b[0].instance_id
    fill_all(a)
    review = a.get("/formulier/overzicht").text
    refused = a.post("/formulier/overzicht", data={"csrf": csrf(review), "instance_id": b_instance})
    assert refused.status_code == 409
    with sqlite_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Respons)) == 0
        concept_b = concept_van(session, settings, ronde.uitnodiging_ids[1])
        assert concept_b is not None and concept_b[1]["rol_anders"] == "B's geheim"


def test_payloads_in_labels_choices_title_and_answers_render_inert(
    nieuwe_browser: NieuweBrowser, sqlite_store: Store
) -> None:
    formulier = maak_formulier(
        titel=f"Titel {XSS} {TEMPLATE}", rol=f"Rol {XSS} {TEMPLATE}", makelaar=f"K {XSS}"
    )
    ronde = make_ronde(sqlite_store, formulier)
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    page = browser.get("/formulier").text
    post_page(browser, 0, {"rol": "makelaar"})
    post_page(browser, 1, {"uren": "1"})
    post_page(browser, 2, {"toelichting": f"{XSS} {TEMPLATE}"})
    review = browser.get("/formulier/overzicht").text
    again = browser.get("/formulier", params={"pagina": "2"}).text
    for html in (page, review, again):
        assert "<img" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        # {{7*7}} is shown as typed, never evaluated (49 as a word: hex tokens may contain "49")
        assert "{{7*7}}" in html and not re.search(r"\b49\b", html)
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_no_token_or_address_in_logs(
    settings: Settings, sqlite_store: Store, ronde: Ronde, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # another test's uvicorn (log_level="warning") may have raised these loggers' levels
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "forms"):
        caplog.set_level(logging.DEBUG, logger=name)
    with (
        draai_op_achtergrond(settings, sqlite_store) as base_url,
        httpx.Client(base_url=base_url, timeout=10) as browser,
    ):
        assert browser.get(f"/t/{ronde.tokens[0]}").status_code == 303
        assert browser.get("/formulier").status_code == 200
        assert browser.get(f"/t/{new_token()[0]}").status_code == 404
        assert browser.get("/t/kapot").status_code == 404
    # the server's records (the test's own httpx client logs its request lines: not the server)
    server = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert any(r.name.startswith("uvicorn") for r in server), "uvicorn's logging was not captured"
    text = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in server)
    assert ronde.tokens[0] not in text
    assert "/t/" not in text and "127.0.0.1:" not in text.replace(f"{base_url[7:]}", "")


def test_anonymous_web_response_holds_no_token_address_or_time(
    nieuwe_browser: NieuweBrowser, sqlite_store: Store
) -> None:
    ronde = make_ronde(sqlite_store, modus=EnqueteModus.ANONIEM, publiek=Publiek.BEWONERS)
    browser = nieuwe_browser(adres="192.0.2.44")
    open_link(browser, ronde.tokens[0])
    assert submit(browser, fill_all(browser)) == (303, "/formulier/bedankt")
    with sqlite_store.session() as session:
        [row] = session.scalars(select(Respons)).all()
        values = [str(getattr(row, c.name)) for c in Respons.__table__.columns]
        assert row.respondent is None and row.ontvangen_op is None
        # the test round invites fewer people per wijk than the minimum cell size: whoever sees
        # the invitations could single the respondent out by wijk, so the wijk is not kept
        assert row.wijk_code is None
        assert not any(ronde.tokens[0] in v or "192.0.2.44" in v for v in values)
        assert session.scalar(select(func.count()).select_from(Concept)) == 0


def test_double_submit_stores_one_response(
    nieuwe_browser: NieuweBrowser, ronde: Ronde, sqlite_store: Store
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    review = fill_all(browser)
    assert submit(browser, review) == (303, "/formulier/bedankt")
    assert submit(browser, review) == (303, "/formulier/bedankt")
    with sqlite_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Respons)) == 1


def test_same_submission_id_with_other_content_is_refused_with_409(
    nieuwe_browser: NieuweBrowser, ronde: Ronde, sqlite_store: Store
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    review = fill_all(browser)
    stored = {"rol": "anders", "rol_anders": "eerder"}
    with sqlite_store.session() as session:
        session.add(
            Respons(
                id="f" * 32,
                enquete_ronde_id=ronde.enquete_ronde_id,
                instance_id=instance_id(review),
                respondent=None,
                wijk_code=None,
                taal="nl",
                antwoorden=stored,
                inhoud_sha256=inhoud_sha256(stored),
                bron=ResponsBron.IMPORT,
            )
        )
    response = browser.post(
        "/formulier/overzicht", data={"csrf": csrf(review), "instance_id": instance_id(review)}
    )
    assert response.status_code == 409
    assert "Deze antwoorden konden niet worden verstuurd" in response.text
    with sqlite_store.session() as session:
        [row] = session.scalars(select(Respons)).all()
        assert row.antwoorden == stored
        assert session.get_one(Uitnodiging, ronde.uitnodiging_ids[0]).status == (
            UitnodigingStatus.BEZIG
        )


def test_an_oversized_unsized_or_crowded_post_is_refused_and_saves_nothing(
    nieuwe_browser: NieuweBrowser, ronde: Ronde, sqlite_store: Store
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    token = csrf(browser.get("/formulier").text)
    big = browser.post(
        "/formulier", data={"csrf": token, "pagina": "0", "rol": "makelaar", "x": "a" * 1_000_001}
    )
    assert big.status_code == 413 and "te groot" in big.text

    async def chunks() -> Any:
        yield f"csrf={token}&pagina=0&rol=makelaar".encode()

    unsized = browser.post(
        "/formulier",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert unsized.status_code == 411
    many = "&".join([f"csrf={token}&pagina=0&rol=makelaar", *(f"x{n}=" for n in range(500))])
    crowded = browser.post(
        "/formulier",
        content=many.encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert crowded.status_code == 413 and "te groot" in crowded.text
    with sqlite_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Concept)) == 0


def test_a_window_that_closes_while_answering_gives_the_bad_link_answer(
    settings: Settings, sqlite_store: Store, portal: BlockingPortal, ronde: Ronde
) -> None:
    now = [dt.datetime.now(dt.UTC)]
    app = maak_app(settings, sqlite_store, klok=lambda: now[0])
    browser = Browser(app, portal)
    try:
        open_link(browser, ronde.tokens[0])
        page = browser.get("/formulier")
        assert page.status_code == 200
        bad = browser.get(f"/t/{new_token()[0]}")
        now[0] += dt.timedelta(days=15)
        closed = browser.get("/formulier")
        assert (closed.status_code, closed.content) == (bad.status_code, bad.content)
        post = browser.post("/formulier", data={"csrf": csrf(page.text), "pagina": "0"})
        assert (post.status_code, post.content) == (bad.status_code, bad.content)
    finally:
        browser.close()
    with sqlite_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Concept)) == 0


def test_a_withdrawn_invitation_closes_an_open_session(
    nieuwe_browser: NieuweBrowser, ronde: Ronde, sqlite_store: Store
) -> None:
    browser = nieuwe_browser()
    open_link(browser, ronde.tokens[0])
    assert browser.get("/formulier").status_code == 200
    with sqlite_store.session() as session:
        session.execute(
            update(Uitnodiging)
            .where(Uitnodiging.id == ronde.uitnodiging_ids[0])
            .values(status=UitnodigingStatus.INGETROKKEN)
        )
    response = browser.get("/formulier")
    assert response.status_code == 404 and "Deze link werkt niet (meer)" in response.text


def test_session_cookies_are_sealed_and_expire() -> None:
    sessies = Sessies(b"k" * 32)
    geheim = bytes(range(32))
    sessie = sessies.nieuw(7, "nl", geheim, nu=1_000_000)
    cookie = sessies.cookie(sessie)
    assert sessies.lees(cookie, nu=1_000_100) == sessie
    assert sessies.lees(cookie, nu=1_000_000 + 12 * 3600) is None
    # nothing of the session can be read from the cookie, and no character of it can be changed
    assert geheim.hex() not in cookie and ".nl." not in cookie
    for plek in range(0, len(cookie), 7):
        andere = "A" if cookie[plek] != "A" else "B"
        assert sessies.lees(cookie[:plek] + andere + cookie[plek + 1 :], nu=1_000_100) is None
    assert sessies.lees(cookie + "A", nu=1_000_100) is None
    assert Sessies(b"x" * 32).lees(cookie, nu=1_000_100) is None
    assert sessies.csrf_klopt(sessie, sessies.csrf(sessie))
    ander = sessies.nieuw(7, "nl", geheim, nu=1_000_000)
    assert not sessies.csrf_klopt(ander, sessies.csrf(sessie))
    assert "k" * 8 not in repr(sessies) and geheim.hex() not in repr(sessie)


def test_concurrent_submits_of_one_draft_store_one_response_on_both_backends(
    settings: Settings, store: Store
) -> None:
    ronde = make_ronde(store)
    with (
        draai_op_achtergrond(settings, store) as base_url,
        httpx.Client(base_url=base_url, timeout=30) as browser,
    ):
        assert browser.get(f"/t/{ronde.tokens[0]}").status_code == 303
        for index, fields in enumerate(
            [{"rol": "makelaar"}, {"uren": "5"}, {"toelichting": "gelijktijdig"}]
        ):
            token = csrf(browser.get("/formulier", params={"pagina": str(index)}).text)
            data = {"csrf": token, "pagina": str(index), "actie": "volgende", **fields}
            assert browser.post("/formulier", data=data).status_code == 303
        review = browser.get("/formulier/overzicht").text
        data = {"csrf": csrf(review), "instance_id": instance_id(review)}
        start = threading.Barrier(10)
        statuses: list[tuple[int, str]] = []

        def post() -> None:
            start.wait()
            response = browser.post("/formulier/overzicht", data=data)
            statuses.append((response.status_code, response.headers.get("location", "")))

        threads = [threading.Thread(target=post) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [(303, "/formulier/bedankt")] * 10
    with store.session() as session:
        rows = session.scalars(
            select(Respons).where(Respons.enquete_ronde_id == ronde.enquete_ronde_id)
        ).all()
        assert [row.antwoorden["toelichting"] for row in rows] == ["gelijktijdig"]


def test_a_session_cookie_with_any_character_changed_is_no_session() -> None:
    """Every character of the sealed cookie counts, its last one too: base64 leaves bits of the
    last character unused, and a decoder that ignored them would take a changed cookie."""
    import string

    from makelaar.forms.web.sessie import Sessies

    sessies = Sessies(b"s" * 32)
    alfabet = string.ascii_letters + string.digits + "-_"
    for uitnodiging in (7, 77, 777):  # sealed lengths that leave 0, 2 or 4 bits unused
        sessie = sessies.nieuw(uitnodiging, "nl", b"g" * 32, nu=1_000.0)
        cookie = sessies.cookie(sessie)
        assert sessies.lees(cookie, nu=1_001.0) == sessie
        for plek in (0, len(cookie) // 2, len(cookie) - 1):
            for teken in alfabet.replace(cookie[plek], ""):
                veranderd = cookie[:plek] + teken + cookie[plek + 1 :]
                assert sessies.lees(veranderd, nu=1_001.0) is None, (plek, teken)
