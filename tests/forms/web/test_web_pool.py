"""On PostgreSQL the answering pages run their store work in worker threads, never more at once
than the connection pool keeps open: a burst of requests opens no connections beyond the pool's
size (overflow connections are closed when they come back, so a burst used to pay for a new
PostgreSQL session every few requests)."""

from __future__ import annotations

import asyncio

import httpx
from anyio.from_thread import BlockingPortal
from sqlalchemy import event
from sqlalchemy.pool import QueuePool

from makelaar.forms.web import maak_app
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.forms.antwoord_factories import make_ronde
from tests.forms.web.conftest import NieuweBrowser
from tests.forms.web.web_helpers import open_link


def test_a_burst_of_requests_stays_within_the_pool(
    settings: Settings,
    postgres_store: Store,
    nieuwe_browser: NieuweBrowser,
    portal: BlockingPortal,
) -> None:
    ronde = make_ronde(postgres_store, uitnodigingen=1)
    pool = postgres_store.engine.pool
    assert isinstance(pool, QueuePool)
    verbindingen: list[object] = []
    event.listen(postgres_store.engine, "connect", lambda conn, _record: verbindingen.append(conn))
    postgres_store.engine.dispose()  # count from none
    browser = nieuwe_browser(maak_app(settings, postgres_store))
    assert open_link(browser, ronde.tokens[0]) == "/formulier"

    async def burst() -> list[httpx.Response]:
        pages = (browser.client.get("/formulier") for _ in range(40))
        return list(await asyncio.gather(*pages))

    for _ in range(3):
        assert all(response.status_code == 200 for response in portal.call(burst))
    assert 1 <= len(verbindingen) <= pool.size()
