"""Closing a window on PostgreSQL while another session's transaction still sees the addresses.

VACUUM FULL copies a deleted row's old version as long as any transaction in the same database
began before the deletion, so closing waits for such transactions (forms.opruimen) and, when one
does not end in time, says which session held the addresses back. Each test has a database of its
own: the other test worker's transactions in the shared test database would hold them back too.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from makelaar.forms import opruimen
from makelaar.forms.rondes import sluit_enquete
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.models.domain import Kanaal, Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store

from ..conftest import POSTGRES_URL, skip_or_fail
from .enquete_testing import NOW, bewoners, enquete_settings, open_ronde, opzet

__all__ = ["enquete_settings"]  # the fixture, imported for pytest


@pytest.fixture
def eigen_db() -> Iterator[Store]:
    """A migrated store in a PostgreSQL database of its own (with pageinspect), dropped after."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    naam = f"mk_opruim_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{naam}"'))
    except OperationalError as exc:
        admin.dispose()
        skip_or_fail(f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc.orig}")
    store = Store(make_url(POSTGRES_URL).set(database=naam).render_as_string(hide_password=False))
    try:
        with store.engine.begin() as connection:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        store.upgrade()
        yield store
    finally:
        store.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)'))
        admin.dispose()


def _paginas(store: Store, tabel: str) -> bytes:
    """Every byte of every page of `tabel`, as an attacker with the files would read them."""
    with store.engine.connect() as connection:
        blokken = connection.execute(
            text("SELECT pg_relation_size(:t) / current_setting('block_size')::int"), {"t": tabel}
        ).scalar_one()
        return b"".join(
            connection.execute(
                text("SELECT get_raw_page(:t, :b)"), {"t": tabel, "b": b}
            ).scalar_one()
            for b in range(blokken)
        )


def _uitgenodigd(store: Store, settings: Settings, tmp_path: Path) -> int:
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS)
    contacten = bewoners(tmp_path / "bewoners.csv", o, 3)
    uitnodigen(store, settings, ronde.id, contacten, Kanaal.LIJST, tmp_path / "uit", now=NOW)
    assert b"bewoner1@example.nl" in _paginas(store, "uitnodiging")
    return ronde.id


def _lezer_met_oude_momentopname(store: Store) -> tuple[threading.Event, threading.Thread]:
    """A report's long transaction: it took its snapshot before the window closed.

    It reads another table, as a report on the logbook would: holding no lock on the invitations,
    it does not delay the rewrite, yet its snapshot may still see every row version.
    """
    begonnen, stop = threading.Event(), threading.Event()

    def lees() -> None:
        with store.engine.connect() as connection:
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            connection.execute(text("SELECT count(*) FROM gemeente")).scalar_one()
            begonnen.set()
            stop.wait(30)
            connection.rollback()

    lezer = threading.Thread(target=lees)
    lezer.start()
    assert begonnen.wait(10)
    return stop, lezer


def test_closing_waits_for_a_transaction_that_began_before_it(
    eigen_db: Store,
    enquete_settings: Settings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ronde_id = _uitgenodigd(eigen_db, enquete_settings, tmp_path)
    stop, lezer = _lezer_met_oude_momentopname(eigen_db)
    threading.Timer(0.5, stop.set).start()  # the report finishes half a second later
    with caplog.at_level(logging.WARNING, logger=opruimen.__name__):
        sluit_enquete(eigen_db, ronde_id)
    lezer.join()
    pages = _paginas(eigen_db, "uitnodiging")
    assert not [i for i in (1, 2, 3) if f"bewoner{i}@example.nl".encode() in pages]
    assert not caplog.records


def test_a_transaction_that_does_not_end_is_named_in_a_warning(
    eigen_db: Store,
    enquete_settings: Settings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(opruimen, "WACHTTIJD_S", 0.3)
    ronde_id = _uitgenodigd(eigen_db, enquete_settings, tmp_path)
    stop, lezer = _lezer_met_oude_momentopname(eigen_db)
    try:
        with caplog.at_level(logging.WARNING, logger=opruimen.__name__):
            sluit_enquete(eigen_db, ronde_id)
        # what the warning is for: the snapshot kept the old versions in the rewritten table
        assert b"bewoner1@example.nl" in _paginas(eigen_db, "uitnodiging")
    finally:
        stop.set()
        lezer.join()
    waarschuwing, *per_tabel = (r.getMessage() for r in caplog.records)
    assert "Oude rijversies kunnen blijven staan: sessie " in waarschuwing
    assert (
        "draai later 'VACUUM FULL' op respons, antwoordmerk, concept, uitnodiging" in waarschuwing
    )
    # the rewrite that had to keep the addresses says so, naming the session that held them
    [uitnodiging] = [w for w in per_tabel if w.startswith("VACUUM FULL uitnodiging moest ")]
    assert "idle in transaction" in uitnodiging and uitnodiging.endswith(
        "draai later 'VACUUM FULL uitnodiging' (README: privacy)"
    )
