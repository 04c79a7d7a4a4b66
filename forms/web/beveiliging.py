"""Security headers on every response, and the throttle for failed link openings (RELIABILITY §2).

How the throttle reasons (a buurthuis, where residents answer together on one connection, must
not be locked out by the mistyped codes of the people next to them):

- **A valid link always opens.** A link opening is checked first, and the throttle acts only on
  the answer for a *bad* one; a valid token is never refused, however many bad ones came from
  its address. Checking first tells an attacker nothing new: whether a token is valid is what
  the answer (a redirect or not) has always said, and a refusal before the check (as before)
  never hid it for the first ten tries either.
- **Bad tokens stay indistinguishable.** Below the limit every bad token gets the one
  byte-identical "deze link werkt niet" answer; above it every bad token gets the same "even
  wachten" page (429, with Retry-After), whatever kind of bad it is. What differs between the
  two is the address's own history, which the client knows anyway.
- **What it bounds.** Tokens carry 256 bits, so for links the throttle is about noise (a
  person who keeps mistyping is told to wait) and about not serving a flood. The short codes in
  letters carry at least 80 bits, and their guessing must stay infeasible with no help from luck:
  per address, `maximum` failures per `venster_s` are answered plainly; beyond that an address
  is *paced*: its link openings are checked one at a time (every opening takes its address's
  turn, so parallel connections gain nothing) and each failed check holds the turn for `pauze_s`
  before its 429 goes out, so one address tests at most one code per `pauze_s`. A success holds
  nothing: the resident behind the same address waits only for the checks queued before theirs.
  Many addresses (a botnet, or IPv6 addresses, which count per /64: forms.web.adres) are bounded
  by a global ceiling: all paced checks share `gelijktijdig` turns, and after `globaal_maximum`
  failures within the window from all addresses together every address is paced. So the whole
  service answers at most `globaal_maximum` unpaced failures per window plus
  `gelijktijdig / pauze_s` paced ones per second: 26 a second with the defaults, under 10^9 a
  year. Against 10^6 live 80-bit codes (2^80 ≈ 1.2·10^24) that is a chance below 10^-9 per
  year of guessing one; against 256-bit tokens, none.
- **What it costs.** Mistyping residents never reach the global ceiling (3,000 failures in five
  minutes); during a flood a valid opening from a paced address waits its turn behind the
  failed checks queued before it (a second each per address, shared by `gelijktijdig` globally)
  and then opens.
- **Where it counts.** In the database (forms.web.remboek, the table `linkfout`), so every
  process of `forms serve --workers N` and every machine on the same store count an address's
  failures together: failures spread over processes reach the same limit. An address is stored
  only as a keyed hash, a row only for a failure, and only for one window; a valid opening
  reads one statement and writes nothing. What stays per process: an address's turn and the
  `gelijktijdig` paced turns, so k processes check at most k codes at a time per address
  (each then held `pauze_s`) and answer at most k · `gelijktijdig / pauze_s` paced failures a
  second: with k processes the bound above is k times as large, still below k · 10^-9 a year.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from makelaar.forms.web.remboek import Boek, Geheugenboek, Grenzen, Stand

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS: list[tuple[bytes, bytes]] = [
    (b"cache-control", b"no-store"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
_NAMES = {name for name, _ in HEADERS}


class Beveiligingsheaders:
    """ASGI middleware: every HTTP response gets the headers above (replacing any of the same name).

    Plain ASGI rather than BaseHTTPMiddleware: it adds nothing per request but a list copy.
    """

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        # behind https, browsers are told to keep using it (a year; the pages have no subdomains)
        hsts = [(b"strict-transport-security", b"max-age=31536000")] if https else []
        self.headers = HEADERS + hsts
        self.names = _NAMES | {name for name, _ in hsts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() not in self.names
                ]
                message["headers"] = kept + self.headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Rem:
    """Failures per client address and in total, in sliding windows, counted in a ledger.

    `wacht` says how long an address is over its limit (or the service over its global one);
    `beurt` gives a link opening its address's turn, paced while over a limit (module docstring).
    `boek` is where failures are counted: None until the app gives the database's ledger
    (`verbind`), and in memory when used on its own. `klok` gives seconds since the epoch (the
    same in every process and, with synchronised clocks, on every machine; tests pass their own).
    """

    def __init__(
        self,
        maximum: int = 10,
        venster_s: float = 300.0,
        max_adressen: int = 50_000,
        *,
        globaal_maximum: int = 3_000,
        pauze_s: float = 1.0,
        gelijktijdig: int = 16,
        klok: Callable[[], float] = time.time,
        boek: Boek | None = None,
    ) -> None:
        self.grenzen = Grenzen(maximum, globaal_maximum, venster_s)
        self.maximum = maximum
        self.venster_s = venster_s
        self.max_adressen = max_adressen
        self.globaal_maximum = globaal_maximum
        self.pauze_s = pauze_s
        self.klok = klok
        self.boek = boek
        # how a ledger's work runs from the event loop (the app's run_sync); None: called directly
        self.uitvoeren: Callable[..., Awaitable[Any]] | None = None
        # the turns, used on the event loop only: one lock per address with a request in flight
        self._beurten: dict[str, tuple[asyncio.Lock, int]] = {}
        self._poort = asyncio.Semaphore(gelijktijdig)

    def verbind(self, boek: Boek, uitvoeren: Callable[..., Awaitable[Any]]) -> None:
        """Count in `boek` (unless given one of its own), its work run through `uitvoeren`."""
        if self.boek is None:
            self.boek = boek
            self.uitvoeren = uitvoeren

    def _het_boek(self) -> Boek:
        if self.boek is None:
            self.boek = Geheugenboek(self.max_adressen)
        return self.boek

    def wacht(self, adres: str, nu: float | None = None) -> int | None:
        """Seconds until `adres` is within its limits again, or None when it is now."""
        moment = self.klok() if nu is None else nu
        stand = self._het_boek().stand(adres, moment, self.grenzen)
        return self._seconden(stand, moment)

    def mislukt(self, adres: str, nu: float | None = None) -> int | None:
        """Count one failed link opening from `adres`; returns `wacht` including it."""
        moment = self.klok() if nu is None else nu
        stand = self._het_boek().mislukt(adres, moment, self.grenzen)
        return self._seconden(stand, moment)

    def beurt(self, adres: str) -> Beurt:
        """A link opening's turn at `adres`: `async with rem.beurt(adres) as beurt: ...`."""
        return Beurt(self, adres)

    async def _uit(self, werk: Callable[[str], int | None], adres: str) -> int | None:
        if self.uitvoeren is None:
            return werk(adres)
        uitkomst: int | None = await self.uitvoeren(werk, adres)
        return uitkomst

    def _seconden(self, stand: Stand, moment: float) -> int | None:
        wachten = [oudste + self.venster_s - moment for oudste in stand if oudste is not None]
        return max(1, math.ceil(max(wachten))) if wachten else None


class Beurt:
    """One link opening's turn at its address (Rem.beurt): check the token inside it.

    Entering waits for the address's earlier openings; while the address (or the service) is
    over a limit it also waits for one of the global paced turns. `streng` says which it is.
    """

    def __init__(self, rem: Rem, adres: str) -> None:
        self.rem = rem
        self.adres = adres
        self.streng = False

    async def __aenter__(self) -> Beurt:
        beurten = self.rem._beurten
        lock, wachtend = beurten.get(self.adres) or (asyncio.Lock(), 0)
        beurten[self.adres] = (lock, wachtend + 1)
        self._lock = lock
        try:
            await lock.acquire()
            try:
                self.streng = await self.rem._uit(self.rem.wacht, self.adres) is not None
                if self.streng:
                    await self.rem._poort.acquire()
            except BaseException:
                lock.release()
                raise
        except BaseException:
            self._vrij()
            raise
        return self

    async def mislukt(self) -> int | None:
        """Count this opening as failed: None to answer it as any bad link, else Retry-After.

        Over a limit the failure first holds the turn for the pause (the module docstring).
        """
        wacht = await self.rem._uit(self.rem.mislukt, self.adres)
        if not self.streng:
            return None
        await asyncio.sleep(self.rem.pauze_s)
        return max(1, (wacht or 1) - math.floor(self.rem.pauze_s))

    async def __aexit__(
        self,
        soort: type[BaseException] | None,
        fout: BaseException | None,
        spoor: TracebackType | None,
    ) -> None:
        if self.streng:
            self.rem._poort.release()
        self._lock.release()
        self._vrij()

    def _vrij(self) -> None:
        beurten = self.rem._beurten
        lock, wachtend = beurten[self.adres]
        if wachtend <= 1:
            del beurten[self.adres]
        else:
            beurten[self.adres] = (lock, wachtend - 1)
