"""The store on SQLite and PostgreSQL: migrations, constraints, time zones, concurrency, settings."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from makelaar.models.domain import ActieType, InitiatiefStatus, Resultaat
from makelaar.models.errors import StoreError
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import (
    Bewonersinitiatief,
    Evaluatieronde,
    Gemeente,
    Makelaar,
    SocialeActie,
    Wijk,
)


def _seed(store: Store) -> int:
    with store.session() as session:
        session.add(Gemeente(code="GM9999", naam="Proefdorp"))
        session.add(Wijk(code="WK999901", gemeente_code="GM9999", naam="Wijk 01 Centrum"))
        makelaar = Makelaar(code="PD-MK-01", naam="Sanne V.", gemeente_code="GM9999")
        session.add(makelaar)
        session.flush()
        return makelaar.id


def _actie(makelaar_id: int, sleutel: str = "a-1", **kw: object) -> SocialeActie:
    values: dict[str, object] = {
        "sleutel": sleutel,
        "datum": dt.date(2026, 3, 1),
        "makelaar_id": makelaar_id,
        "wijk_code": "WK999901",
        "actietype": ActieType.HUISBEZOEK,
        "resultaat": Resultaat.VERBINDING,
        "bron": "test",
    }
    values.update(kw)
    return SocialeActie(**values)


def test_migrations_bring_an_empty_database_to_the_newest_schema(store: Store) -> None:
    assert store.current_revision() == store.head_revision()
    assert store.upgrade() == store.head_revision(), "upgrading twice is harmless"


def test_an_unmigrated_database_is_refused_with_what_to_do(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'leeg.db'}")
    with pytest.raises(StoreError, match=r"schemaversie \(leeg\).*makelaar db upgrade"):
        store.require_current()
    store.dispose()


def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_natural_key_cannot_be_stored_twice(store: Store) -> None:
    makelaar_id = _seed(store)
    with store.session() as session:
        session.add(_actie(makelaar_id))
    with pytest.raises(IntegrityError), store.session() as session:
        session.add(_actie(makelaar_id, notitie="dubbel"))
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(SocialeActie)) == 1


def test_foreign_keys_are_enforced_on_both_backends(store: Store) -> None:
    makelaar_id = _seed(store)
    with pytest.raises(IntegrityError), store.session() as session:
        session.add(_actie(makelaar_id, wijk_code="WK000000"))


def test_an_initiative_that_did_not_go_ahead_needs_its_reason(store: Store) -> None:
    _seed(store)
    row = {
        "sleutel": "i-1",
        "titel": "Moestuin",
        "wijk_code": "WK999901",
        "status": InitiatiefStatus.GESTRAND,
        "gestart_op": dt.date(2026, 1, 5),
        "bijgewerkt_op": dt.date(2026, 4, 1),
        "bron": "test",
    }
    with pytest.raises(IntegrityError), store.session() as session:
        session.add(Bewonersinitiatief(**row))
    with store.session() as session:
        session.add(Bewonersinitiatief(**row, reden="geen vrijwilligers gevonden"))


def test_an_unknown_code_is_refused_by_the_schema(store: Store) -> None:
    makelaar_id = _seed(store)
    with pytest.raises((StatementError, IntegrityError)), store.session() as session:
        session.execute(
            text(
                "INSERT INTO sociale_actie (sleutel, datum, makelaar_id, wijk_code, actietype, "
                "partners, bereikt, bewoners_organisator, bewoners_deelnemer, doelgroepen, "
                "resultaat, uren, bron) VALUES ('x', '2026-01-01', :m, 'WK999901', 'feest', '[]', "
                "0, 0, 0, '[]', 'geen', 0, 'test')"
            ),
            {"m": makelaar_id},
        )


def test_negative_counts_are_refused(store: Store) -> None:
    makelaar_id = _seed(store)
    with pytest.raises(IntegrityError), store.session() as session:
        session.add(_actie(makelaar_id, bereikt=-1))


def test_timestamps_come_back_timezone_aware_in_utc(store: Store) -> None:
    _seed(store)
    amsterdam = dt.timezone(dt.timedelta(hours=2))
    moment = dt.datetime(2026, 7, 1, 9, 30, tzinfo=amsterdam)
    with store.session() as session:
        session.add(
            Evaluatieronde(
                gemeente_code="GM9999", cyclus="x", periode="2026-H2", aangemaakt_op=moment
            )
        )
    with store.session() as session:
        stored = session.scalars(select(Evaluatieronde)).one().aangemaakt_op
    assert stored == moment
    assert stored.utcoffset() == dt.timedelta(0)


def test_a_naive_timestamp_is_refused(store: Store) -> None:
    _seed(store)
    with pytest.raises(StatementError, match="naive datetime"), store.session() as session:
        session.add(
            Evaluatieronde(
                gemeente_code="GM9999",
                cyclus="x",
                periode="2026",
                aangemaakt_op=dt.datetime(2026, 1, 1),
            )
        )


def test_concurrent_writers_on_sqlite_never_see_database_is_locked(sqlite_store: Store) -> None:
    """8 threads doing read-then-write transactions at once: no 'database is locked', no lost row."""
    makelaar_id = _seed(sqlite_store)
    errors: list[BaseException] = []
    per_writer = 40

    def writer(index: int) -> None:
        try:
            for n in range(per_writer):
                with sqlite_store.session() as session:
                    session.scalar(select(func.count()).select_from(SocialeActie))
                    session.add(_actie(makelaar_id, sleutel=f"w{index}-{n}"))
        except BaseException as exc:  # collected and asserted below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite_store.session() as session:
        assert session.scalar(select(func.count()).select_from(SocialeActie)) == 8 * per_writer


def test_settings_name_the_bad_value_and_what_is_valid() -> None:
    with pytest.raises(ValidationError, match=r"MAKELAAR_DATABASE_URL has value 'mysql://x'"):
        Settings(database_url="mysql://x")
    with pytest.raises(ValidationError, match="min_cell_size"):
        Settings(min_cell_size=1)


def test_the_default_store_is_a_sqlite_file_under_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d")
    assert (
        settings.resolved_database_url == f"sqlite:///{(tmp_path / 'd' / 'makelaar.db').resolve()}"
    )


def test_sqlite_transactions_take_the_write_lock_at_their_start(sqlite_store: Store) -> None:
    """Sessions and Core connections begin IMMEDIATE: a read-then-write never has to upgrade."""
    path = sqlite_store.engine.url.database
    assert path is not None
    assert not sqlite_store.engine._has_events, (
        "no connection events: none dispatched per statement"
    )
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        for begin in (sqlite_store.session, sqlite_store.connection):
            with begin() as transaction:
                transaction.execute(select(func.count()).select_from(Gemeente))  # only a read
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            other.execute("BEGIN IMMEDIATE")  # free again once the transaction ended
            other.execute("ROLLBACK")
    finally:
        other.close()
