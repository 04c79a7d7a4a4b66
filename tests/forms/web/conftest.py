"""Fixtures for the answering pages: an app on the SQLite store, a survey round, browsers."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from starlette.applications import Starlette

from makelaar.forms.web import maak_app
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.forms.antwoord_factories import Ronde, make_ronde
from tests.forms.web.web_helpers import Browser

NieuweBrowser = Callable[..., Browser]


@pytest.fixture
def app(settings: Settings, sqlite_store: Store) -> Starlette:
    return maak_app(settings, sqlite_store)


@pytest.fixture
def ronde(sqlite_store: Store) -> Ronde:
    return make_ronde(sqlite_store)


@pytest.fixture
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal() as running:
        yield running


@pytest.fixture
def nieuwe_browser(app: Starlette, portal: BlockingPortal) -> Iterator[NieuweBrowser]:
    """Makes browsers on `app` (each its own cookie jar); `nieuwe_browser(other_app)` for another."""
    made: list[Browser] = []

    def make(on: Starlette | None = None, adres: str = "127.0.0.1") -> Browser:
        browser = Browser(on or app, portal, adres)
        made.append(browser)
        return browser

    yield make
    for browser in made:
        browser.close()
