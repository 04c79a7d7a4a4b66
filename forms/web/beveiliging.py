"""Security headers on every response, and the throttle for failed link openings (RELIABILITY §2)."""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
    """A sliding window of failures per client address, in memory only (never stored or logged).

    After `maximum` failures within `venster_s` seconds, `wacht` gives the seconds until the
    oldest of them leaves the window; until then every link opening from that address is refused.
    """

    def __init__(self, maximum: int = 10, venster_s: float = 300.0, max_adressen: int = 50_000):
        self.maximum = maximum
        self.venster_s = venster_s
        self.max_adressen = max_adressen
        self._fouten: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wacht(self, adres: str, nu: float | None = None) -> int | None:
        """Seconds to wait before `adres` may try again, or None when it may try now."""
        moment = time.monotonic() if nu is None else nu
        with self._lock:
            fouten = self._opgeschoond(adres, moment)
            if fouten is None or len(fouten) < self.maximum:
                return None
            return max(1, math.ceil(fouten[0] + self.venster_s - moment))

    def mislukt(self, adres: str, nu: float | None = None) -> None:
        """Count one failed link opening from `adres`."""
        moment = time.monotonic() if nu is None else nu
        with self._lock:
            fouten = self._opgeschoond(adres, moment)
            if fouten is None:
                if len(self._fouten) >= self.max_adressen:
                    self._veeg(moment)
                fouten = self._fouten.setdefault(adres, deque())
            fouten.append(moment)
            while len(fouten) > self.maximum:
                fouten.popleft()

    def _opgeschoond(self, adres: str, moment: float) -> deque[float] | None:
        fouten = self._fouten.get(adres)
        if fouten is None:
            return None
        while fouten and fouten[0] <= moment - self.venster_s:
            fouten.popleft()
        if not fouten:
            del self._fouten[adres]
            return None
        return fouten

    def _veeg(self, moment: float) -> None:
        """Forget addresses whose failures all left the window; if still full, the oldest half."""
        for adres in list(self._fouten):
            self._opgeschoond(adres, moment)
        if len(self._fouten) >= self.max_adressen:
            oudste = sorted(self._fouten, key=lambda a: self._fouten[a][-1])
            for adres in oudste[: len(oudste) // 2]:
                del self._fouten[adres]
