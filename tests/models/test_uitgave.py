"""A gemeente's publication settings in the store, on SQLite and PostgreSQL: set, kept where not
given, cleared by "", the logo's bytes with their type and hash, removed on request."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy.exc import IntegrityError

from makelaar.models.store import Store
from makelaar.models.tables import GemeenteUitgave
from makelaar.models.uitgave import Wijziging, stel_in, uitgave_van
from tests.factories import make_gemeente_with_wijken

LOGO = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def test_set_keep_clear_and_remove(store: Store) -> None:
    with store.session() as session:
        make_gemeente_with_wijken(session, 1, code="GM9994", naam="Opslagstad")
    with store.session() as session:
        assert uitgave_van(session, "GM9994") is None
        stel_in(
            session,
            "GM9994",
            Wijziging(naam="Gemeente Opslagstad", contact="Balie", logo=(LOGO, "image/png")),
        )
    with store.session() as session:
        stel_in(session, "GM9994", Wijziging(contact="", website="https://opslagstad.nl"))
    with store.session() as session:
        uitgave = uitgave_van(session, "GM9994")
        row = session.get(GemeenteUitgave, "GM9994")
        assert row is not None and row.logo_sha256 == hashlib.sha256(LOGO).hexdigest()
    assert uitgave is not None
    assert (uitgave.naam, uitgave.contact, uitgave.website) == (
        "Gemeente Opslagstad",
        None,
        "https://opslagstad.nl",
    )
    assert (uitgave.logo, uitgave.logo_type) == (LOGO, "image/png")
    with store.session() as session:
        weg = stel_in(session, "GM9994", Wijziging(zonder_logo=True))
    assert (weg.logo, weg.logo_type, weg.naam) == (None, None, "Gemeente Opslagstad")


def test_a_logo_without_its_type_or_hash_is_refused_by_the_database(store: Store) -> None:
    with store.session() as session:
        make_gemeente_with_wijken(session, 1, code="GM9993", naam="Checkstad")
    with pytest.raises(IntegrityError), store.session() as session:
        session.add(GemeenteUitgave(gemeente_code="GM9993", logo=LOGO))
        session.flush()
