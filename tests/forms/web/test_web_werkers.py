"""The answering pages at scale, as real server processes on one store (SQLite and PostgreSQL):
`makelaar forms serve --workers 2` opens a link and stores a submission; the app factory runs
under uvicorn's own command line; and failed openings spread over two server processes count
together (the throttle's ledger is the table linkfout, forms.web.remboek)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from makelaar.forms.tokens import new_token
from makelaar.forms.web.app import create_app
from makelaar.forms.web.teksten import chrome
from makelaar.models.errors import StoreError
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.tables import Linkfout, Respons
from tests.forms.antwoord_factories import make_ronde
from tests.forms.web.web_helpers import Browser, fill_all, open_link, submit, text_of

ROOT = Path(__file__).resolve().parents[3]
START_S = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(settings: Settings, store: Store) -> dict[str, str]:
    return {
        **os.environ,
        "MAKELAAR_DATA_DIR": str(settings.data_dir),
        "MAKELAAR_DATABASE_URL": store.url,
        "MAKELAAR_LOCALE": "nl",
    }


@contextmanager
def _server(command: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    """A server process started with `command`, once it answers /gezond; its base URL.

    Stopped with SIGINT (Ctrl-C) afterwards, which must end it cleanly (exit code 0).
    """
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_S
        while True:
            try:
                if httpx.get(f"{base}/gezond", timeout=2).text == "ok":
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, f"no answer on {base} within {START_S} s"
            time.sleep(0.2)
        yield base
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr
        assert "/t/" not in stdout + stderr  # no access log: a link's token is never written
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def _forms_serve(port: int, *extra: str) -> list[str]:
    makelaar = str(Path(sys.executable).parent / "makelaar")
    return [makelaar, "forms", "serve", "--port", str(port), *extra]


def _uvicorn(port: int) -> list[str]:
    """uvicorn's own command line on the factory, with the options the README gives for it."""
    factory = "makelaar.forms.web.app:create_app"
    opties = ["--no-access-log", "--no-server-header", "--no-proxy-headers"]
    return [sys.executable, "-m", "uvicorn", "--factory", factory, *opties, "--port", str(port)]


class HttpBrowser(Browser):
    """The test Browser's interface over real HTTP (cookies kept, redirects not followed)."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, follow_redirects=False, timeout=30)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.http.post(url, **kwargs)

    def close(self) -> None:
        self.http.close()


def _responses(store: Store, enquete_ronde_id: int) -> int:
    with store.session() as session:
        query = select(func.count()).where(Respons.enquete_ronde_id == enquete_ronde_id)
        return session.scalar(query.select_from(Respons)) or 0


def _answer_and_submit(base: str, token: str) -> None:
    browser = HttpBrowser(base)
    try:
        assert open_link(browser, token) == "/formulier"
        assert submit(browser, fill_all(browser)) == (303, "/formulier/bedankt")
    finally:
        browser.close()


def test_serve_with_two_workers_opens_a_link_and_stores_the_submission(
    settings: Settings, store: Store
) -> None:
    ronde = make_ronde(store, uitnodigingen=4)
    port = _free_port()
    with _server(_forms_serve(port, "--workers", "2"), _env(settings, store), port) as base:
        # several respondents, each on connections of their own: the workers share the socket
        for token in ronde.tokens:
            _answer_and_submit(base, token)
        again = HttpBrowser(base)
        assert again.get(f"/t/{ronde.tokens[0]}").status_code == 404  # answered: no second go
        again.close()
    assert _responses(store, ronde.enquete_ronde_id) == len(ronde.tokens)


def _bad(base: str) -> httpx.Response:
    return httpx.get(f"{base}/t/{new_token()[0]}", timeout=30)


def test_failures_spread_over_two_server_processes_count_together(
    settings: Settings, store: Store
) -> None:
    """Two uvicorn processes on the factory: five bad links at each reach the limit of ten."""
    ronde = make_ronde(store, uitnodigingen=2)
    env = _env(settings, store)
    eerste, tweede = _free_port(), _free_port()
    with (
        _server(_uvicorn(eerste), env, eerste) as a,
        _server(_uvicorn(tweede), env, tweede) as b,
    ):
        for _ in range(5):
            assert _bad(a).status_code == 404
            assert _bad(b).status_code == 404
        for base in (a, b):  # the eleventh, at either process: over the shared limit
            throttled = _bad(base)
            assert throttled.status_code == 429
            assert 1 <= int(throttled.headers["retry-after"]) <= 300
            assert chrome("nl")["te_vaak_titel"] in text_of(throttled.text)
        # a valid link still opens at both, and the factory's pages take a submission
        _answer_and_submit(a, ronde.tokens[0])
        _answer_and_submit(b, ronde.tokens[1])
    assert _responses(store, ronde.enquete_ronde_id) == 2
    with store.session() as session:
        adressen = set(session.scalars(select(Linkfout.adres)))
        aantal = session.scalar(select(func.count()).select_from(Linkfout))
    assert aantal == 12  # one row per failure, none for the two valid openings
    assert len(adressen) == 1 and "127.0.0.1" not in next(iter(adressen))  # a keyed hash


def test_the_factory_refuses_a_store_that_is_not_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MAKELAAR_DATABASE_URL", raising=False)
    # the factory reads the settings through get_settings(), cached per process: an earlier
    # test's (a migrated data directory) made it succeed, depending on the order (seen in CI)
    get_settings.cache_clear()
    try:
        with pytest.raises(StoreError, match="makelaar db upgrade"):
            create_app()
    finally:
        get_settings.cache_clear()
