"""One pseudonym key per database: a process with another key is refused before it writes.

Pseudonyms are keyed hashes (models.privacy): the same resident gets the same pseudonym only under
the same key. With several workers (and the answering pages) on one database, a worker that made a
key file of its own would silently give residents and households a second pseudonym, and its
rows could never be linked to the others' again. So the first process that uses a key against a
database records the key's fingerprint (table `sleutelcontrole`, migration 0014): an HMAC-SHA256
of a fixed label with the key, which tells keys apart and reveals nothing of the key. Every
process that writes pseudonyms (a round, a logbook or survey import, the answering pages) checks
its key against it first; another key is a ConfigurationError naming the settings that give the
key, and nothing is written. Checked once per process, database and key.
"""

from __future__ import annotations

import hashlib
import hmac
import weakref

from sqlalchemy import Engine, select

from makelaar.models.errors import ConfigurationError
from makelaar.models.store import Store
from makelaar.models.taal import in_taal
from makelaar.models.tables import Sleutelcontrole, utcnow
from makelaar.models.upsert import dialect_insert

__all__ = ["controleer_sleutel", "vingerafdruk"]

_LABEL = b"makelaar/sleutelcontrole/1"
#: per engine (a database, and on PostgreSQL the store's schema), the fingerprints found to match
_GECONTROLEERD: weakref.WeakKeyDictionary[Engine, set[str]] = weakref.WeakKeyDictionary()


def vingerafdruk(key: bytes) -> str:
    """The key's fingerprint: HMAC-SHA256 of a fixed label, as 64 hex characters."""
    return hmac.new(key, _LABEL, hashlib.sha256).hexdigest()


def controleer_sleutel(store: Store, key: bytes, taal: str | None = None) -> None:
    """Record the key's fingerprint if the database has none; refuse a key that differs."""
    mijn = vingerafdruk(key)
    if mijn in _GECONTROLEERD.get(store.engine, ()):
        return
    with store.session() as session:
        session.execute(
            dialect_insert(session, Sleutelcontrole.__table__)  # type: ignore[arg-type]
            .values(id=1, vingerafdruk=mijn, vastgelegd_op=utcnow())
            .on_conflict_do_nothing(index_elements=["id"])
        )
        vastgelegd = session.execute(
            select(Sleutelcontrole.vingerafdruk, Sleutelcontrole.vastgelegd_op)
        ).one()
    if not hmac.compare_digest(vastgelegd[0], mijn):
        sinds = f"{vastgelegd[1]:%Y-%m-%d %H:%M} UTC"
        raise ConfigurationError(
            in_taal(
                taal,
                "De pseudoniemsleutel van dit proces is niet de sleutel waarmee deze database "
                f"sinds {sinds} pseudoniemen maakt: dezelfde bewoner kreeg dan een ander "
                "pseudoniem. Er is niets opgeslagen. Geef elke worker en de antwoordpagina's "
                "dezelfde sleutel (MAKELAAR_PSEUDONYM_KEY, MAKELAAR_PSEUDONYM_KEY_BLOCK of "
                "hetzelfde MAKELAAR_PSEUDONYM_KEY_FILE).",
                "This process's pseudonym key is not the key this database has made pseudonyms "
                f"with since {sinds}: the same resident would get another pseudonym. Nothing "
                "was stored. Give every worker and the answering pages the same key "
                "(MAKELAAR_PSEUDONYM_KEY, MAKELAAR_PSEUDONYM_KEY_BLOCK or the same "
                "MAKELAAR_PSEUDONYM_KEY_FILE).",
            )
        )
    _GECONTROLEERD.setdefault(store.engine, set()).add(mijn)
