"""The answering session: a sealed cookie naming the invitation (never the token), and CSRF tokens.

The cookie holds `<invitation id>.<language>.<issued>.<nonce>.<draft secret>`, sealed with
AES-256-GCM (forms.geheim) under a key derived from the pseudonym key (HMAC with a label, so the
pseudonym key itself is never used twice): it cannot be read or changed without that key. The
draft secret (forms.geheim.Conceptsleutel) is the one thing that reaches the session's draft; in an
anonymous round it comes from the link's token and exists nowhere else while the person answers.
The CSRF token is a second HMAC over the session's nonce (OWASP's HMAC-based synchronizer token):
it is bound to this session, and a new link-opening gives a new nonce and so a new token.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass, replace

from makelaar.forms.geheim import open_zegel, verzegel
from makelaar.models.taal import TALEN

COOKIE = "mk_sessie"
#: a session older than this must open the link again (the draft stays in the database)
MAX_LEEFTIJD_S = 12 * 3600
_INHOUD = re.compile(r"^(\d{1,18})\.([a-z]{2})\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([0-9a-f]{64})$")
#: a sealed cookie: base64url of nonce, ciphertext and tag, well under a browser's 4 kB
_COOKIE = re.compile(r"^[A-Za-z0-9_-]{100,400}$")
_CONTEXT = b"makelaar forms web: sessiecookie v2"


@dataclass(frozen=True)
class Sessie:
    """Who is answering: the invitation, the chosen language, and this session's nonce."""

    uitnodiging_id: int
    taal: str
    uitgegeven: int
    nonce: str
    geheim: bytes  # the draft secret (forms.geheim): from the link in an anonymous round

    def __repr__(self) -> str:
        return f"Sessie(uitnodiging_id={self.uitnodiging_id}, taal={self.taal!r}, <secret hidden>)"


class Sessies:
    """Makes and checks session cookies and CSRF tokens with keys derived from one secret."""

    def __init__(self, geheim: bytes) -> None:
        self._cookie_key = _afgeleid(geheim, b"makelaar forms web: sessiecookie v2")
        self._csrf_key = _afgeleid(geheim, b"makelaar forms web: csrf v1")

    def __repr__(self) -> str:
        return "Sessies(<keys hidden>)"

    def nieuw(
        self, uitnodiging_id: int, taal: str, geheim: bytes, nu: float | None = None
    ) -> Sessie:
        """A fresh session for an invitation that was just opened with a valid link."""
        moment = int(time.time() if nu is None else nu)
        return Sessie(uitnodiging_id, taal, moment, secrets.token_urlsafe(16), geheim)

    def met_taal(self, sessie: Sessie, taal: str) -> Sessie:
        """The same session speaking another language."""
        return replace(sessie, taal=taal)

    def cookie(self, sessie: Sessie) -> str:
        """The cookie value for a session: sealed, so it shows nothing to whoever reads it."""
        body = (
            f"{sessie.uitnodiging_id}.{sessie.taal}.{sessie.uitgegeven}.{sessie.nonce}."
            f"{sessie.geheim.hex()}"
        )
        sealed = verzegel(self._cookie_key, body.encode("ascii"), _CONTEXT)
        return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")

    def lees(self, waarde: str | None, nu: float | None = None) -> Sessie | None:
        """The session a cookie names, or None when it is missing, forged or too old."""
        if not waarde or not _COOKIE.fullmatch(waarde):
            return None
        try:
            sealed = base64.urlsafe_b64decode(waarde + "=" * (-len(waarde) % 4))
        except (binascii.Error, ValueError):
            return None
        if base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii") != waarde:
            return None  # only the one spelling we issue: a changed last character is no cookie
        body = open_zegel(self._cookie_key, sealed, _CONTEXT)
        if body is None:
            return None
        match = _INHOUD.fullmatch(body.decode("ascii", "replace"))
        if match is None:
            return None
        ident, taal, uitgegeven, nonce, geheim = match.groups()
        moment = time.time() if nu is None else nu
        if taal not in TALEN or not 0 <= moment - int(uitgegeven) < MAX_LEEFTIJD_S:
            return None
        return Sessie(int(ident), taal, int(uitgegeven), nonce, bytes.fromhex(geheim))

    def csrf(self, sessie: Sessie) -> str:
        """The CSRF token every form post of this session must carry."""
        return self._mac(self._csrf_key, f"{sessie.uitnodiging_id}.{sessie.nonce}")

    def csrf_klopt(self, sessie: Sessie, token: object) -> bool:
        """True when `token` is this session's CSRF token (compared in constant time)."""
        if not isinstance(token, str) or len(token) != 64:
            return False
        return hmac.compare_digest(token.encode("ascii", "replace"), self.csrf(sessie).encode())

    @staticmethod
    def _mac(key: bytes, body: str) -> str:
        return hmac.new(key, body.encode("ascii"), hashlib.sha256).hexdigest()


def _afgeleid(geheim: bytes, label: bytes) -> bytes:
    return hmac.new(geheim, label, hashlib.sha256).digest()
