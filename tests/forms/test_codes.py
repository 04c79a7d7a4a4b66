"""A letter's short code: 80 bits to type, stored as a hash and the letter's token sealed under it."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
from sqlalchemy import select

from makelaar.forms.tokens import (
    CODE_ALFABET,
    code_fout,
    hash_token,
    new_code,
    normaliseer_code,
    revoke_tokens,
    token_van_code,
    toon_code,
    valid_invitation,
)
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.models.domain import Kanaal, Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import UitnodigingToken
from tests.forms.enquete_testing import (
    NOW,
    bewoners,
    enquete_settings,
    open_ronde,
    opzet,
    token_of,
)

__all__ = ["enquete_settings"]  # the fixture, imported for pytest

_GETOOND = re.compile(r"typ deze code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
_LINK = re.compile(r"https://enquete\.example\.nl/t/[A-Za-z0-9_-]{43}")


def test_the_alphabet_has_no_look_alikes_and_a_code_carries_80_bits() -> None:
    assert len(CODE_ALFABET) == 32 and len(set(CODE_ALFABET)) == 32  # 5 bits a symbol
    assert not set("ILOU") & set(CODE_ALFABET)
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(len(c) == 16 for c in codes)  # 16 x 5 = 80 bits
    assert set("".join(codes)) == set(CODE_ALFABET)
    assert toon_code("K7Q9M3XF8D2NWH5R") == "K7Q9-M3XF-8D2N-WH5R"


def test_what_people_type_is_read_as_the_code() -> None:
    for getypt in (
        "k7q9-m3xf-8d2n-wh5r",
        " K7Q9 M3XF 8D2N WH5R ",
        "k7q9m3xf8d2nwh5r",
        "K7Q9–M3XF—8D2N‐WH5R",  # dashes a phone's keyboard makes
    ):
        assert normaliseer_code(getypt) == "K7Q9M3XF8D2NWH5R", getypt
    assert normaliseer_code("1O0I-lLo0") == "100111" + "00"  # O is 0, I and L are 1
    assert code_fout("K7Q9-M3XF-8D2N-WH5R") is None
    assert code_fout("K7Q9-M3XF-8D2N") == ("lengte", "12")
    assert code_fout("K7Q9-M3XF-8D2N-WH5U") == ("tekens", "U")
    assert code_fout("K7Q9-M3XF-8D2N-W?5*") == ("tekens", "* ?")


def test_a_letters_code_opens_what_its_link_opens_and_the_store_cannot_read_the_token(
    store: Store, enquete_settings: Settings, tmp_path: Path
) -> None:
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS)
    contacten = bewoners(tmp_path / "bewoners.csv", o, 2)
    rapport = uitnodigen(
        store, enquete_settings, ronde.id, contacten, Kanaal.BRIEF, tmp_path / "uit", now=NOW
    )
    assert rapport.uitvoer is not None
    pages = pypdf.PdfReader(rapport.uitvoer).pages
    texts = [" ".join(page.extract_text().split()) for page in pages]
    codes = [_GETOOND.search(t) for t in texts]
    links = [_LINK.search(t.replace("https://enquete.example.nl/t/ ", "")) for t in texts]
    assert all(codes) and all(links), texts
    getoond = [m.group(1) for m in codes if m]
    tokens = [token_of(m.group(0)) for m in links if m]
    assert all("ga naar https://enquete.example.nl/code" in t for t in texts)

    with store.session() as session:
        for code, token in zip(getoond, tokens, strict=True):
            # typed in lower case, without the dashes, an O for a 0: the letter's own token
            getypt = code.lower().replace("-", " ").replace("0", "o")
            assert token_van_code(session, getypt) == token
            assert valid_invitation(session, token, NOW) is not None
        rows = session.scalars(select(UitnodigingToken)).all()
        assert len(rows) == 4  # the link's row and the code's row per letter
        code_rows = {r.hash: r for r in rows if r.code_token is not None}
        assert set(code_rows) == {hash_token(normaliseer_code(c)) for c in getoond}
        dumped = b" ".join(
            bytes(r.code_token or b"") + r.hash.encode() for r in rows
        )  # the sealed token, not the token
        for code, token in zip(getoond, tokens, strict=True):
            assert token.encode() not in dumped
            assert normaliseer_code(code).encode() not in dumped
        assert token_van_code(session, "K7Q9-M3XF-8D2N-WH5R") is None  # no such letter
        assert token_van_code(session, tokens[0]) is None  # a link's token is no code
        # a code row is no link: its hash does not open as a token either
        assert valid_invitation(session, normaliseer_code(getoond[0]), NOW) is None

        eerste = next(r.uitnodiging_id for r in rows if r.hash == hash_token(tokens[0]))
        assert revoke_tokens(session, eerste) == 2  # the link and its code
    with store.session() as session:
        assert token_van_code(session, getoond[0]) is None
        assert token_van_code(session, getoond[1]) == tokens[1]


def test_only_letters_get_a_code(store: Store, enquete_settings: Settings, tmp_path: Path) -> None:
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS)
    contacten = bewoners(tmp_path / "bewoners.csv", o, 2)
    uitnodigen(store, enquete_settings, ronde.id, contacten, Kanaal.LIJST, tmp_path, now=NOW)
    with store.session() as session:
        assert session.scalars(select(UitnodigingToken.code_token)).all() == [None, None]
