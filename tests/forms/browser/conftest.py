"""Fixtures for the browser tests: one Chromium for this folder, the answering pages on loopback.

Playwright's sync API keeps its event loop marked as running in the main thread while it is
started, which breaks asyncio.run() in any later test; so the browser is started on first use
and stopped after the last test of this folder (pytest_runtest_teardown), not at session end.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from makelaar.cycles.rounds import start_round
from makelaar.forms.web import maak_app
from makelaar.models.domain import Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.conftest import skip_or_fail
from tests.factories import make_gemeente_with_wijken, make_makelaar
from tests.forms.browser.browser_testing import (
    CHROMIUM,
    LAUNCH_ARGS,
    TIMEOUT_MS,
    Console,
    free_socket,
    invite_by_list,
    open_instrument,
    serve,
)

HERE = Path(__file__).parent
KEY = "b" * 40


class _Chromium:
    """The one browser of this folder's tests, started when first asked for."""

    def __init__(self) -> None:
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def browser(self) -> Browser:
        if self._browser is None:
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=LAUNCH_ARGS
            )
        return self._browser

    def stop(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None


_CHROMIUM = _Chromium()


#: Playwright's sync API leaves a few of its own coroutines never started (an `asyncio.sleep(0)`
#: from its event context managers, the `asyncio.wait` of its connection); when a page, context
#: or the browser closes they are destroyed and warn "coroutine ... was never awaited", which
#: `filterwarnings = error` turns into an error at some test's teardown (seen under xdist). Only
#: those two, and only for this folder's tests (setup, call and teardown).
PLAYWRIGHT_COROUTINES = pytest.mark.filterwarnings(
    r"ignore:coroutine '(sleep|wait)' was never awaited:RuntimeWarning"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(PLAYWRIGHT_COROUTINES)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "scenario: the issue's end-to-end 'tried as a new user would' run (-m scenario)"
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After the fixtures' teardown (contexts closed): stop the browser when leaving this folder."""
    try:
        yield
    finally:
        if nextitem is None or HERE not in nextitem.path.parents:
            _CHROMIUM.stop()


@pytest.fixture
def chromium() -> Browser:
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return _CHROMIUM.browser()


NewContext = Callable[..., BrowserContext]


@pytest.fixture
def new_context(chromium: Browser) -> Iterator[NewContext]:
    """Makes browser contexts (a 'device' each: own cookies); all closed after the test."""
    made: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = chromium.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@dataclass
class Tab:
    page: Page
    console: Console


NewTab = Callable[..., Tab]


@pytest.fixture
def new_tab(new_context: NewContext) -> NewTab:
    """A page in a new context (options as for new_context), its console watched."""

    def make(context: BrowserContext | None = None, **options: Any) -> Tab:
        page = (context or new_context(**options)).new_page()
        return Tab(page, Console().attach(page))

    return make


@pytest.fixture
def web_socket() -> Iterator[socket.socket]:
    sock = free_socket()
    yield sock
    sock.close()


@pytest.fixture
def settings(settings: Settings, web_socket: socket.socket) -> Settings:
    """The test settings with a pseudonym key, and links that point at the test server."""
    port = web_socket.getsockname()[1]
    values = {"pseudonym_key": KEY, "public_url": f"http://127.0.0.1:{port}"}
    return Settings.model_validate({**settings.model_dump(), **values})


@pytest.fixture
def server(settings: Settings, sqlite_store: Store, web_socket: socket.socket) -> Iterator[str]:
    """The answering pages on the SQLite store; the base URL (the settings' public_url)."""
    with serve(maak_app(settings, sqlite_store), web_socket) as base:
        assert base == settings.public_url
        yield base


@dataclass
class Opzet:
    """A gemeente with two wijken and two brokers, and an evaluation round."""

    gemeente: str
    wijken: list[str]
    makelaars: list[str]
    ronde_id: int


@pytest.fixture
def opzet(sqlite_store: Store) -> Opzet:
    with sqlite_store.session() as session:
        gemeente = make_gemeente_with_wijken(session, 2, naam="Teststad", buurten_per_wijk=1)
        wijken = [f"WK{gemeente.code[2:]}{i:02d}" for i in (1, 2)]
        makelaars = [
            make_makelaar(session, gemeente.code, [wijken[i]], code=f"MK-B-{i + 1}").code
            for i in range(2)
        ]
        code = gemeente.code
    ronde = start_round(sqlite_store, gemeente_code=code, cyclus="buurtmeter", periode="2026-H2")
    return Opzet(code, wijken, makelaars, ronde.id)


Links = Callable[[str, Publiek], list[str]]


@pytest.fixture
def links(sqlite_store: Store, settings: Settings, opzet: Opzet, tmp_path: Path) -> Links:
    """links(form_id, audience): open a survey round of a shipped instrument, invite two people
    through the mail-merge channel, and return their personal links."""

    def make(form_id: str, publiek: Publiek) -> list[str]:
        ronde = open_instrument(sqlite_store, opzet.ronde_id, form_id, publiek)
        rows = [
            {
                "E-mail": f"{publiek.value}{i}@example.nl",
                "Wijk": opzet.wijken[i],
                "Code": opzet.makelaars[i] if publiek is Publiek.MAKELAARS else f"ORG-{i}",
            }
            for i in range(2)
        ]
        if publiek is Publiek.BEWONERS:
            rows = [{k: v for k, v in row.items() if k != "Code"} for row in rows]
        by_mail = invite_by_list(sqlite_store, settings, ronde.id, rows, tmp_path / "uit")
        return [by_mail[row["E-mail"]] for row in rows]

    return make
