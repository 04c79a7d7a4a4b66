"""A buurthuis, tried as a new user would: residents answer on phones over one shared connection.

Everything comes from one address (loopback): others mistype their codes and a burst of bad links
follows; a resident's own link still opens, on a phone, and the answers are sent.
"""

from __future__ import annotations

import socket
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select

from makelaar.forms.tokens import new_token
from makelaar.forms.web import maak_app
from makelaar.forms.web.beveiliging import Rem
from makelaar.models.domain import Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Respons
from tests.forms.browser.browser_testing import BUURTMETER, PHONE, answer_page, press, serve, title
from tests.forms.browser.conftest import Links, NewTab


def _mistyped(link: str) -> str:
    """`link` with the last character of its token typed wrong."""
    return link[:-1] + ("B" if link[-1] == "A" else "A")


def test_a_resident_answers_on_a_phone_at_a_buurthuis_after_others_mistyped(
    new_tab: NewTab,
    settings: Settings,
    sqlite_store: Store,
    web_socket: socket.socket,
    links: Links,
) -> None:
    own, neighbours = links("buurtmeter", Publiek.BEWONERS)
    app = maak_app(settings, sqlite_store, rem=Rem(pauze_s=0.05))
    with serve(app, web_socket) as base:
        others = new_tab().page
        for wrong in (_mistyped(neighbours), _mistyped(own), f"{base}/t/{new_token()[0]}"):
            response = others.goto(wrong)
            assert response is not None and response.status == 404
        with httpx.Client(timeout=30) as client, ThreadPoolExecutor(max_workers=20) as pool:
            burst = [f"{base}/t/{new_token()[0]}" for _ in range(20)]
            statuses = Counter(r.status_code for r in pool.map(client.get, burst))
        assert statuses == {404: 7, 429: 13}
        response = others.goto(_mistyped(neighbours))
        assert response is not None and response.status == 429

        tab = new_tab(**PHONE)
        page = tab.page
        response = page.goto(own)
        assert response is not None and response.status == 200
        assert page.url == f"{base}/formulier"
        for answers in BUURTMETER:
            answer_page(page, answers)
        press(page, "#knop-versturen")
        assert title(page) == "Bedankt!"
        tab.console.assert_clean()
    with sqlite_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Respons)) == 1
