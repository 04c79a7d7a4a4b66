"""Personal link tokens: 256 random bits from `secrets`, stored only as their SHA-256 (ASVS V7.2.3).

A token is looked up in one way for every purpose, and every way it can be wrong (malformed,
unknown, revoked, answered, window not open or closed) gives the same `None`, so that nobody can
tell one case from another by the answer (RELIABILITY.md §2).

A printed letter also carries a **short code** to type, for whoever cannot scan the QR code and
would rather not type 43 characters: 80 random bits in Crockford's base32 (see CODE_ALFABET),
shown in four groups of four (`K7Q9-M3XF-8D2N-WH5R`). It is a token row of its own: its hash is
the SHA-256 of the normalised code, and `code_token` holds the letter's full token sealed under a
key derived from the code (forms.geheim.code_sleutel), so the store cannot read the token and
typing the code opens exactly what the letter's link opens (the same draft, too, in an anonymous
round). It belongs to the same invitation, so revoking the invitation's tokens revokes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.forms.geheim import code_sleutel, open_zegel, verzegel
from makelaar.models.domain import UitnodigingStatus
from makelaar.models.tables import EnqueteRonde, Uitnodiging, UitnodigingToken

TOKEN_BYTES = 32
#: what `secrets.token_urlsafe(TOKEN_BYTES)` produces: 43 characters of the URL-safe alphabet
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")

#: Crockford's base32: digits and capitals without I, L, O and U. I, L and O look like 1 and 0
#: and are read as those when typed (CODE_GELIJKEND); U is left out so that no code spells a rude
#: English word by accident. 32 symbols carry 5 bits each.
CODE_ALFABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: what a typed look-alike means: O is the digit 0, I and L are the digit 1
CODE_GELIJKEND = str.maketrans({"O": "0", "I": "1", "L": "1"})
#: 16 symbols of 5 bits: 80 bits, as a 43-character token's 256 bits are more than a letter needs
CODE_TEKENS = 16
CODE_GROEP = 4
#: spaces, dashes and the like that people type between groups (ignored)
_CODE_SCHEIDING = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")


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


def new_code() -> str:
    """A fresh short code, normalised (16 symbols of CODE_ALFABET, no dashes)."""
    return "".join(secrets.choice(CODE_ALFABET) for _ in range(CODE_TEKENS))


def toon_code(code: str) -> str:
    """A normalised code in groups for reading: `K7Q9-M3XF-8D2N-WH5R`."""
    return "-".join(code[i : i + CODE_GROEP] for i in range(0, len(code), CODE_GROEP))


def normaliseer_code(getypt: str) -> str:
    """A typed code as stored: capitals, separators dropped, look-alikes read as digits.

    The result may still be malformed (see `code_fout`).
    """
    return _CODE_SCHEIDING.sub("", getypt).upper().translate(CODE_GELIJKEND)


def code_fout(getypt: str) -> tuple[str, str] | None:
    """Why a typed code cannot be a code at all, or None when it can be.

    ("tekens", the symbols no code has, e.g. "U ?") or ("lengte", the number of symbols typed);
    the answering pages say it in the reader's language. Only the shape is checked (length and
    alphabet are public): whether the code exists is answered by `token_van_code`, the same way
    for every reason it does not work.
    """
    code = normaliseer_code(getypt)
    vreemd = sorted({c for c in code if c not in CODE_ALFABET})
    if vreemd:
        return "tekens", " ".join(vreemd)
    if len(code) != CODE_TEKENS:
        return "lengte", str(len(code))
    return None


def add_code(session: Session, uitnodiging_id: int, token: str) -> str:
    """Give a letter's token a short code (a row of its own) and return the code, normalised."""
    code = new_code()
    digest = hash_token(code)
    sealed = verzegel(code_sleutel(code), token.encode("ascii"), digest.encode("ascii"))
    session.add(UitnodigingToken(hash=digest, uitnodiging_id=uitnodiging_id, code_token=sealed))
    session.flush()
    return code


def token_van_code(session: Session, getypt: str) -> str | None:
    """The full token a typed code stands for, or None for every kind of bad code alike.

    None when the code is malformed, unknown or revoked. The token then opens (or not) as its
    link does: `valid_invitation` checks the invitation and the window.
    """
    code = normaliseer_code(getypt)
    if code_fout(code) is not None:
        return None
    digest = hash_token(code)
    row = session.get(UitnodigingToken, digest)
    if row is None or row.ingetrokken or row.code_token is None:
        return None
    token = open_zegel(code_sleutel(code), bytes(row.code_token), digest.encode("ascii"))
    if token is None:
        return None
    tekst = token.decode("ascii", "replace")
    return tekst if well_formed(tekst) else None


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
