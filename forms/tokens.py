"""Personal link tokens: 256 random bits from `secrets`, stored only as their SHA-256 (ASVS V7.2.3).

A token is looked up in one way for every purpose, and every way it can be wrong (malformed,
unknown, revoked, answered, window not open or closed) gives the same `None`, so that nobody can
tell one case from another by the answer (RELIABILITY.md §2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain import UitnodigingStatus
from models.tables import EnqueteRonde, Uitnodiging, UitnodigingToken

TOKEN_BYTES = 32
#: what `secrets.token_urlsafe(TOKEN_BYTES)` produces: 43 characters of the URL-safe alphabet
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> tuple[str, str]:
    """A fresh token for a link, and the hash to store for it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    """The stored form of a token (tokens carry 256 bits, so a fast hash cannot be brute-forced)."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def well_formed(token: str) -> bool:
    """True when `token` has the shape of a token this module makes."""
    return bool(_TOKEN.fullmatch(token))


def add_token(session: Session, uitnodiging_id: int) -> str:
    """Give an invitation one more valid token (a reminder's link) and return it."""
    token, digest = new_token()
    session.add(UitnodigingToken(hash=digest, uitnodiging_id=uitnodiging_id))
    session.flush()
    return token


def valid_invitation(session: Session, token: str, now: dt.datetime) -> Uitnodiging | None:
    """The invitation a token opens right now, or None for every kind of bad token alike.

    None when the token is malformed, unknown or revoked, the invitation was withdrawn or already
    answered, or the survey round's window is not open at `now` (not yet open, or closed).
    """
    if not well_formed(token):
        return None
    row = session.execute(
        select(Uitnodiging, EnqueteRonde)
        .join(UitnodigingToken, UitnodigingToken.uitnodiging_id == Uitnodiging.id)
        .join(EnqueteRonde, EnqueteRonde.id == Uitnodiging.enquete_ronde_id)
        .where(UitnodigingToken.hash == hash_token(token), UitnodigingToken.ingetrokken.is_(False))
    ).one_or_none()
    if row is None:
        return None
    uitnodiging: Uitnodiging = row[0]
    ronde: EnqueteRonde = row[1]
    if uitnodiging.status in (UitnodigingStatus.BEANTWOORD, UitnodigingStatus.INGETROKKEN):
        return None
    if ronde.gesloten_op is not None or not ronde.opent_op <= now < ronde.sluit_op:
        return None
    return uitnodiging


def revoke_tokens(session: Session, uitnodiging_id: int) -> int:
    """Revoke every token of an invitation; returns how many were still valid."""
    tokens = session.scalars(
        select(UitnodigingToken).where(
            UitnodigingToken.uitnodiging_id == uitnodiging_id,
            UitnodigingToken.ingetrokken.is_(False),
        )
    ).all()
    for token in tokens:
        token.ingetrokken = True
    return len(tokens)
