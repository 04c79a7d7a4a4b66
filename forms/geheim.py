"""Keys the store never holds: what keeps a draft and an anonymous response from naming a person.

Three secrets, each with its own use (a key is never used for two things: every use derives its
own key with HMAC-SHA256 over a label, as HKDF-Expand does with one block):

- **The link secret** of an anonymous round: derived from the link's token, which the store keeps
  only as its SHA-256. The draft's row key, the key sealing its answers (AES-GCM) and the
  submission marker the stored response carries all come from it. Whoever holds the database
  files, with or without the server's key, can neither read a draft nor tie it, or the response it
  became, to an invitation: the token exists only in the respondent's letter or mail and, while
  they answer, sealed in their session cookie. A draft can be continued with the link it was
  started with (on any device); a reminder's new link starts afresh.
- **The invitation secret** of an identified round: derived from the server's key and the
  invitation, so every link of the invitation (a reminder's too) reaches the same draft. Identified
  rounds are linkable by design; the draft is still sealed, as nobody but the respondent needs it.
- **The answered mark** of an anonymous round: a keyed hash of the invitation, so that reminders
  skip whoever answered. Without the server's key it names nobody; it is deleted when the window
  closes (forms.opruimen).

Hand-written on `hmac`/`hashlib` and `cryptography`'s AES-GCM: the derivations are one HMAC each
(what HKDF-Expand does for a 32-byte output), and a library for that adds nothing but a name.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

#: AES-GCM's nonce: 96 random bits per sealing (a draft is sealed at most a few hundred times)
_NONCE_BYTES = 12


def _mac(key: bytes, label: str) -> bytes:
    return hmac.new(key, label.encode("utf-8"), hashlib.sha256).digest()


def afgeleid(geheim: bytes, label: str) -> bytes:
    """A key of its own for one use of `geheim` (HMAC-SHA256 over the use's label)."""
    return _mac(geheim, label)


def link_geheim(token: str) -> bytes:
    """The secret of an anonymous round's link: known only to whoever holds the token."""
    return _mac(token.encode("utf-8"), "makelaar link-geheim v1")


def code_sleutel(code: str) -> bytes:
    """The key sealing a letter's full token under its short code (`code` normalised).

    The code's row stores the token sealed with this key: whoever holds the database files has
    only the code's SHA-256 and the sealed token, and reaches the token only by guessing the
    code's 80 bits (forms.tokens).
    """
    return _mac(code.encode("ascii"), "makelaar code-token v1")


def uitnodiging_geheim(server_key: bytes, uitnodiging_id: int) -> bytes:
    """The secret of an identified round's invitation: the same for every link it gets."""
    return _mac(afgeleid(server_key, "makelaar uitnodiging-geheim v1"), str(uitnodiging_id))


def merksleutel(server_key: bytes) -> bytes:
    """The key of the answered marks (derived once per process by whoever computes many)."""
    return afgeleid(server_key, "makelaar antwoordmerk v1")


def antwoordmerk(merk_key: bytes, uitnodiging_id: int) -> str:
    """The answered mark of an invitation of an anonymous round (hex): names nobody without the key.

    `merk_key` is `merksleutel(server key)`.
    """
    return hmac.new(merk_key, str(uitnodiging_id).encode(), hashlib.sha256).hexdigest()


def verzegel(key: bytes, data: bytes, context: bytes) -> bytes:
    """`data` sealed with AES-256-GCM under `key`, bound to `context` (nonce + ciphertext + tag)."""
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, data, context)


def open_zegel(key: bytes, sealed: bytes, context: bytes) -> bytes | None:
    """What `verzegel` sealed, or None when the key, the context or a byte of it is wrong."""
    if len(sealed) < _NONCE_BYTES + 16:
        return None
    try:
        return AESGCM(key).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], context)
    except InvalidTag:
        return None


class ConceptOnleesbaar(Exception):
    """A draft's sealed answers cannot be opened with this session's secret (never expected)."""


@dataclass(frozen=True)
class Conceptsleutel:
    """Where a draft lives and how it is sealed, derived from the link or invitation secret."""

    geheim: bytes

    @property
    def rij(self) -> str:
        """The draft row's key (hex): opaque without the secret."""
        return _mac(self.geheim, "makelaar concept-rij v1").hex()

    def _key(self) -> bytes:
        return _mac(self.geheim, "makelaar concept-inhoud v1")

    def verzegel(self, antwoorden: Mapping[str, Any]) -> bytes:
        data = json.dumps(dict(antwoorden), ensure_ascii=False, separators=(",", ":"))
        return verzegel(self._key(), data.encode("utf-8"), self.rij.encode("ascii"))

    def open(self, sealed: bytes) -> dict[str, Any]:
        data = open_zegel(self._key(), bytes(sealed), self.rij.encode("ascii"))
        if data is None:
            raise ConceptOnleesbaar(self.rij)
        value = json.loads(data)
        if not isinstance(value, dict):
            raise ConceptOnleesbaar(self.rij)
        return value

    def inzending(self, instance_id: str) -> str:
        """The submission marker an anonymous response carries for this draft's submission id.

        Two posts of the same review page give the same marker (the database's unique key keeps
        one response), but the store cannot compute it, nor find it in any other row.
        """
        return hmac.new(
            _mac(self.geheim, "makelaar inzending v1"), instance_id.encode(), hashlib.sha256
        ).hexdigest()
