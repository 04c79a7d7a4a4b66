"""Helpers for the answering-page tests: a test client, opening links, and reading pages."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal
from sqlalchemy.orm import Session

from makelaar.forms.antwoorden import concept_antwoorden, lees_concept
from makelaar.forms.geheim import Conceptsleutel, link_geheim, uitnodiging_geheim
from makelaar.models.privacy import load_key
from makelaar.models.settings import Settings
from makelaar.models.tables import Concept

_CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')
_INSTANCE = re.compile(r'name="instance_id" value="([0-9a-f]+)"')


class Browser:
    """A synchronous client on the ASGI app (httpx.ASGITransport through an anyio portal).

    It keeps cookies like a browser and does not follow redirects (tests check each 303).
    Starlette's own Browser is deprecated with httpx, hence this small wrapper.
    """

    def __init__(self, app: Any, portal: BlockingPortal, adres: str = "127.0.0.1") -> None:
        self._portal = portal
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=(adres, 50000)),
            base_url="http://testserver",
            follow_redirects=False,
        )

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(partial(self.client.get, url, **kwargs))

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(partial(self.client.post, url, **kwargs))

    def close(self) -> None:
        self._portal.call(self.client.aclose)


def open_link(browser: Browser, token: str, **params: str) -> str:
    """Open a personal link; returns where it redirected to (asserts a 303)."""
    response = browser.get(f"/t/{token}", params=params)
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location


def csrf(page: str) -> str:
    match = _CSRF.search(page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def instance_id(page: str) -> str:
    match = _INSTANCE.search(page)
    assert match, "the review page has no instance_id field"
    return match.group(1)


def post_page(
    browser: Browser,
    pagina: int,
    fields: Mapping[str, str | Sequence[str]],
    *,
    actie: str = "volgende",
    token: str | None = None,
) -> tuple[int, str, str]:
    """Post page `pagina` with `fields` (CSRF from the page itself unless `token` is given).

    Returns (status, location or '', body).
    """
    page = browser.get("/formulier", params={"pagina": str(pagina)})
    assert page.status_code == 200, page.text
    data: dict[str, list[str]] = {
        "csrf": [token if token is not None else csrf(page.text)],
        "pagina": [str(pagina)],
        "actie": [actie],
    }
    for name, value in fields.items():
        data[name] = [value] if isinstance(value, str) else list(value)
    response = browser.post("/formulier", data=data)
    return response.status_code, response.headers.get("location", ""), response.text


def fill_all(browser: Browser) -> str:
    """Answer the test form's three pages validly; returns the review page's HTML."""
    assert post_page(browser, 0, {"rol": "makelaar", "signalen": ["eenzaam", "schuld"]})[0] == 303
    assert post_page(browser, 1, {"uren": "12", "cijfer": "7,5"})[0] == 303
    status, location, _ = post_page(browser, 2, {"toelichting": "Goed gegaan."})
    assert (status, location) == (303, "/formulier/overzicht")
    review = browser.get("/formulier/overzicht")
    assert review.status_code == 200
    return review.text


def submit(browser: Browser, review: str) -> tuple[int, str]:
    response = browser.post(
        "/formulier/overzicht", data={"csrf": csrf(review), "instance_id": instance_id(review)}
    )
    return response.status_code, response.headers.get("location", "")


def question_block(page: str, name: str) -> str:
    """The HTML of one question's container on a page."""
    match = re.search(
        rf'<div class="vraag[^"]*" id="vraag-{name}".*?(?=<div class="vraag|<div class="knoppen")',
        page,
        re.S,
    )
    assert match, f"no question {name} on the page"
    return match.group(0)


def text_of(page: str) -> str:
    """The page's visible text, roughly (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def concept_van(
    session: Session, settings: Settings, uitnodiging_id: int, token: str | None = None
) -> tuple[Concept, dict[str, Any]] | None:
    """An invitation's draft and its opened answers, found as the answering pages find it.

    Identified round: the key comes from the server's key and the invitation; anonymous round:
    pass the link's `token`, the only thing that reaches the draft (forms.geheim).
    """
    geheim = (
        link_geheim(token)
        if token is not None
        else uitnodiging_geheim(load_key(settings)[0], uitnodiging_id)
    )
    sleutel = Conceptsleutel(geheim)
    concept = lees_concept(session, sleutel)
    return None if concept is None else (concept, concept_antwoorden(sleutel, concept))
