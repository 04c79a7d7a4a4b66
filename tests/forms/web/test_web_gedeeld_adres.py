"""A buurthuis answers together: one shared address, mistyped codes, and valid links that open.

The throttle (forms.web.beveiliging) answers only bad tokens; the client address
(forms.web.adres) believes X-Forwarded-For only from the proxies in MAKELAAR_TRUSTED_PROXIES.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import httpx
import pytest
from anyio.from_thread import BlockingPortal
from pydantic import ValidationError
from sqlalchemy import func, select
from starlette.applications import Starlette

from makelaar.forms.tokens import new_token, revoke_tokens
from makelaar.forms.web import maak_app
from makelaar.forms.web.adres import ONBEKEND, Adressen, sleutel
from makelaar.forms.web.beveiliging import Rem
from makelaar.forms.web.server import draai_op_achtergrond
from makelaar.forms.web.teksten import chrome
from makelaar.models.settings import Settings, proxy_networks
from makelaar.models.store import Store
from makelaar.models.tables import Respons
from tests.forms.antwoord_factories import make_ronde
from tests.forms.web.conftest import NieuweBrowser
from tests.forms.web.web_helpers import Browser, fill_all, open_link, submit, text_of

BUURTHUIS = "192.0.2.7"
#: a short pause per paced failure, so that a test's burst takes milliseconds
PAUZE_S = 0.01


def _mistyped(token: str) -> str:
    """`token` with its last character typed wrong (still well-formed)."""
    return token[:-1] + ("B" if token[-1] == "A" else "A")


def _app(settings: Settings, store: Store, rem: Rem | None = None) -> Starlette:
    return maak_app(settings, store, rem=rem or Rem(pauze_s=PAUZE_S))


def _together(browser: Browser, portal: BlockingPortal, urls: list[str]) -> list[httpx.Response]:
    """GET every url at once from `browser` (one connection each, as a burst arrives)."""

    async def burst() -> list[httpx.Response]:
        return list(await asyncio.gather(*(browser.client.get(url) for url in urls)))

    return portal.call(burst)


def _is_throttled(response: httpx.Response) -> bool:
    if response.status_code != 429:
        return False
    assert 1 <= int(response.headers["retry-after"]) <= 300
    assert chrome("nl")["te_vaak_titel"] in text_of(response.text)
    return True


def test_a_resident_answers_from_a_buurthuis_where_others_mistyped_and_flooded(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser, portal: BlockingPortal
) -> None:
    ronde = make_ronde(store, uitnodigingen=3)
    app = _app(settings, store)
    others = nieuwe_browser(app, adres=BUURTHUIS)
    werkt_niet = others.get(f"/t/{new_token()[0]}")  # one mistake of the ten allowed
    assert werkt_niet.status_code == 404
    for token in ronde.tokens[1:]:
        mistyped = others.get(f"/t/{_mistyped(token)}")
        assert (mistyped.status_code, mistyped.content) == (404, werkt_niet.content)

    # a burst of 20 bad tokens at once, checked one at a time: 7 more plain answers (10 in
    # all), then 429; a resident at the same address opens their valid link all the same
    urls = [f"/t/{new_token()[0]}" for _ in range(20)]
    answers = _together(others, portal, urls)
    resident = nieuwe_browser(app, adres=BUURTHUIS)
    opened = resident.get(f"/t/{ronde.tokens[0]}")
    assert opened.status_code == 303 and opened.headers["location"] == "/formulier"
    assert Counter(a.status_code for a in answers) == {404: 7, 429: 13}
    assert all(a.content == werkt_niet.content for a in answers if a.status_code == 404)
    assert all(_is_throttled(a) for a in answers if a.status_code == 429)

    # the resident answers and submits; the others' bad tokens are still refused
    assert submit(resident, fill_all(resident)) == (303, "/formulier/bedankt")
    assert resident.get("/formulier/bedankt").status_code == 200
    assert _is_throttled(others.get(f"/t/{_mistyped(ronde.tokens[1])}"))
    # another member of the buurthuis opens their own link in the middle of the throttle
    assert open_link(nieuwe_browser(app, adres=BUURTHUIS), ronde.tokens[1]) == "/formulier"
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Respons)) == 1


def test_a_valid_link_opens_within_a_burst_from_its_address(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser, portal: BlockingPortal
) -> None:
    ronde = make_ronde(store)
    browser = nieuwe_browser(_app(settings, store), adres=BUURTHUIS)
    urls = [f"/t/{new_token()[0]}" for _ in range(20)]
    urls.insert(15, f"/t/{ronde.tokens[0]}")
    answers = _together(browser, portal, urls)
    assert answers[15].status_code == 303
    assert Counter(a.status_code for a in answers) == {303: 1, 404: 10, 429: 10}


def test_above_the_limit_every_kind_of_bad_token_gets_the_same_429(
    settings: Settings, sqlite_store: Store, nieuwe_browser: NieuweBrowser
) -> None:
    ronde = make_ronde(sqlite_store, uitnodigingen=2)
    closed = make_ronde(
        sqlite_store,
        uitnodigingen=1,
        opent_op=dt.datetime.now(dt.UTC) - dt.timedelta(days=30),
        sluit_op=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
    )
    with sqlite_store.session() as session:
        revoke_tokens(session, ronde.uitnodiging_ids[1])
    # a clock that stands still: Retry-After and the minutes on the page cannot differ
    app = _app(settings, sqlite_store, Rem(pauze_s=0, klok=lambda: 1000.0))
    browser = nieuwe_browser(app, adres=BUURTHUIS)
    for _ in range(10):
        assert browser.get(f"/t/{new_token()[0]}").status_code == 404
    kinds = {
        "malformed": "abc'--",
        "unknown": new_token()[0],
        "mistyped": _mistyped(ronde.tokens[0]),
        "revoked": ronde.tokens[1],
        "closed": closed.tokens[0],
    }
    answers = {}
    for kind, token in kinds.items():
        response = browser.get(f"/t/{token}")
        answers[kind] = (
            response.status_code,
            sorted(response.headers.multi_items()),
            response.content,
        )
    first = answers["malformed"]
    assert first[0] == 429 and ("retry-after", "300") in first[1]
    for kind, answer in answers.items():
        assert answer == first, kind
    assert browser.get(f"/t/{ronde.tokens[0]}").status_code == 303


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser
) -> None:
    ronde = make_ronde(store)
    # no trusted proxies (the default), and proxies configured that are not this peer; a peer
    # each, as the two apps count in the same store (forms.web.remboek)
    for proxies, peer in (("", "198.51.100.20"), ("10.0.0.0/8, ::1", "198.51.100.40")):
        instellingen = settings.model_copy(update={"trusted_proxies": proxy_networks(proxies)})
        browser = nieuwe_browser(_app(instellingen, store), adres=peer)
        for n in range(10):
            spoofed = {"x-forwarded-for": f"203.0.113.{n}"}
            assert browser.get(f"/t/{new_token()[0]}", headers=spoofed).status_code == 404
        for header in ("203.0.113.99", "10.0.0.1", "203.0.113.98, 198.51.100.21"):
            refused = browser.get(f"/t/{new_token()[0]}", headers={"x-forwarded-for": header})
            assert _is_throttled(refused), (proxies, header)
        assert open_link(browser, ronde.tokens[0]) == "/formulier"


def test_residents_behind_a_trusted_proxy_are_counted_apart(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser
) -> None:
    ronde = make_ronde(store)
    instellingen = settings.model_copy(update={"trusted_proxies": proxy_networks("10.0.0.0/24")})
    proxy = nieuwe_browser(_app(instellingen, store), adres="10.0.0.1")

    def bad(forwarded_for: str) -> httpx.Response:
        return proxy.get(f"/t/{new_token()[0]}", headers={"x-forwarded-for": forwarded_for})

    for _ in range(10):
        assert bad("198.51.100.1").status_code == 404
    assert _is_throttled(bad("198.51.100.1"))
    # what the client wrote to the left of the proxy's entry changes nothing; nor does a chain
    # through a second trusted proxy
    assert _is_throttled(bad("203.0.113.5, 198.51.100.1"))
    assert _is_throttled(bad("198.51.100.1, 10.0.0.2"))
    # the resident next door, behind the same proxy, is counted on their own
    assert bad("198.51.100.2").status_code == 404
    neighbour = proxy.get(f"/t/{ronde.tokens[0]}", headers={"x-forwarded-for": "198.51.100.2"})
    assert neighbour.status_code == 303


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        ("198.51.100.20", ["203.0.113.1"], "198.51.100.20"),  # untrusted peer: header ignored
        ("10.0.0.1", [], "10.0.0.1"),  # trusted proxy without header: the proxy itself
        ("10.0.0.1", ["203.0.113.1"], "203.0.113.1"),
        ("10.0.0.1", ["1.1.1.1, 203.0.113.1"], "203.0.113.1"),  # right-most untrusted
        ("10.0.0.1", ["1.1.1.1", "203.0.113.1, 10.0.0.3"], "203.0.113.1"),  # two headers
        ("10.0.0.1", ["10.0.0.4, 10.0.0.3"], "10.0.0.4"),  # only proxies: the farthest
        ("10.0.0.1", ["203.0.113.1, nonsense"], "10.0.0.1"),  # garbage: the nearest trusted
        ("10.0.0.1", ["203.0.113.1:4711"], "203.0.113.1"),
        ("10.0.0.1", ["[2001:db8::7]:443"], "2001:db8::7"),
        ("::ffff:10.0.0.1", ["203.0.113.1"], "203.0.113.1"),  # dual-stack socket
        ("::1", ["2001:db8::7"], "2001:db8::7"),
        (None, ["203.0.113.1"], None),  # a Unix socket: no address
    ],
)
def test_the_client_address_is_the_right_most_untrusted_one(
    peer: str | None, forwarded_for: list[str], client: str | None
) -> None:
    adressen = Adressen(proxy_networks("10.0.0.0/24 ::1"))
    found = adressen.client(peer, forwarded_for)
    assert (None if found is None else str(found)) == client


def test_the_throttle_counts_ipv6_per_64_and_ipv4_per_address() -> None:
    assert sleutel(ipaddress.ip_address("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64"
    assert sleutel(ipaddress.ip_address("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64"
    assert sleutel(ipaddress.ip_address("192.0.2.7")) == "192.0.2.7"
    assert sleutel(None) == ONBEKEND


def test_over_the_limit_openings_take_turns_per_address_and_share_a_global_ceiling() -> None:
    rem = Rem(maximum=1, globaal_maximum=3, pauze_s=0, gelijktijdig=1)

    async def scenario() -> None:
        rem.mislukt("a")
        eerste = await rem.beurt("a").__aenter__()
        assert eerste.streng
        binnen: list[str] = []

        async def later(adres: str) -> None:
            async with rem.beurt(adres):
                binnen.append(adres)

        vrij = asyncio.create_task(later("b"))  # within every limit: no turn to wait for
        tweede = asyncio.create_task(later("a"))  # the same address: waits for the first
        for _ in range(5):
            await asyncio.sleep(0)
        assert binnen == ["b"]
        await eerste.__aexit__(None, None, None)
        await tweede
        assert binnen == ["b", "a"]
        # three failures in all: every address is paced, one global turn at a time
        rem.mislukt("c")
        rem.mislukt("d")
        houder = await rem.beurt("e").__aenter__()
        assert houder.streng
        derde = asyncio.create_task(later("f"))
        for _ in range(5):
            await asyncio.sleep(0)
        assert binnen == ["b", "a"]
        await houder.__aexit__(None, None, None)
        await asyncio.gather(vrij, derde)
        assert binnen == ["b", "a", "f"]
        assert rem._beurten == {}  # nothing kept once nobody waits

    asyncio.run(scenario())


def test_a_real_server_believes_forwarded_for_only_from_a_trusted_proxy(
    settings: Settings, store: Store
) -> None:
    ronde = make_ronde(store)

    def bad(browser: httpx.Client, forwarded_for: str) -> httpx.Response:
        return browser.get(f"/t/{new_token()[0]}", headers={"x-forwarded-for": forwarded_for})

    # through loopback without trusted proxies (uvicorn itself would trust 127.0.0.1)
    with (
        draai_op_achtergrond(settings, store, rem=Rem(pauze_s=PAUZE_S)) as base_url,
        httpx.Client(base_url=base_url, timeout=10) as browser,
    ):
        for n in range(10):
            assert bad(browser, f"203.0.113.{n}").status_code == 404
        assert _is_throttled(bad(browser, "203.0.113.77"))
        assert browser.get(f"/t/{ronde.tokens[0]}").status_code == 303
    proxied = settings.model_copy(update={"trusted_proxies": proxy_networks("127.0.0.1")})
    with (
        draai_op_achtergrond(proxied, store, rem=Rem(pauze_s=PAUZE_S)) as base_url,
        httpx.Client(base_url=base_url, timeout=10) as browser,
    ):
        for _ in range(10):
            assert bad(browser, "198.51.100.1").status_code == 404
        assert _is_throttled(bad(browser, "198.51.100.1"))
        assert bad(browser, "198.51.100.2").status_code == 404
        # the proxy's own count: its failures through the first server are still in the store
        assert _is_throttled(bad(browser, "127.0.0.1"))


GELDIG = (
    "geef IP-adressen of netwerken (CIDR) van uw reverse proxy, gescheiden door komma's, "
    "bijvoorbeeld 127.0.0.1,::1 of 10.0.0.0/8"
)


@pytest.mark.parametrize(
    ("waarde", "melding"),
    [
        ("127.0.0.1, nginx", f"'nginx' (nummer 2) is geen IP-adres of netwerk; {GELDIG}"),
        (
            "192.168.1.5/24",
            "'192.168.1.5/24' (nummer 1) heeft bits achter het netwerkdeel; bedoelt u "
            f"192.168.1.0/24? G{GELDIG[1:]}",
        ),
        ('["10.0.0.1", "10.0.0.999"]', "'10.0.0.999' (nummer 2) is geen IP-adres of netwerk"),
    ],
)
def test_a_bad_trusted_proxy_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, waarde: str, melding: str
) -> None:
    monkeypatch.setenv("MAKELAAR_TRUSTED_PROXIES", waarde)
    with pytest.raises(ValidationError, match=re.escape(melding)):
        Settings()


def test_trusted_proxies_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAKELAAR_TRUSTED_PROXIES", " 127.0.0.1, ::1  10.0.0.0/8 ")
    assert [str(n) for n in Settings().trusted_proxies] == ["127.0.0.1/32", "::1/128", "10.0.0.0/8"]
    monkeypatch.setenv("MAKELAAR_TRUSTED_PROXIES", '["172.16.0.0/12"]')
    assert [str(n) for n in Settings().trusted_proxies] == ["172.16.0.0/12"]
    monkeypatch.delenv("MAKELAAR_TRUSTED_PROXIES")
    assert Settings().trusted_proxies == []


def test_serve_with_a_bad_trusted_proxy_says_which_in_one_line(settings: Settings) -> None:
    env = {
        **os.environ,
        "MAKELAAR_DATA_DIR": str(settings.data_dir),
        "MAKELAAR_LOCALE": "nl",
        "MAKELAAR_TRUSTED_PROXIES": "127.0.0.1,nginx",
    }
    result = subprocess.run(
        [str(Path(sys.executable).parent / "makelaar"), "forms", "serve", "--port", "1"],
        cwd=Path(__file__).parents[3],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Fout: de instelling MAKELAAR_TRUSTED_PROXIES heeft waarde '127.0.0.1,nginx'; "
        f"'nginx' (nummer 2) is geen IP-adres of netwerk; {GELDIG}."
    ]
