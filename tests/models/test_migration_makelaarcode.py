"""Migration 0012 on SQLite and PostgreSQL: a database at 0011 with brokers, wijk links and a
logbook row upgrades with every row and reference kept; then a second gemeente may register a
code the first already has, while the same code twice in one gemeente is still refused; a
downgrade is refused, naming the code, while two gemeenten share a code, and works once they do
not."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from makelaar.models.store import Store, alembic_config


def _makelaar(store: Store, id_: int, code: str, gemeente: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO makelaar (id, code, naam, gemeente_code, startdatum) "
                "VALUES (:id, :code, :naam, :gm, :start)"
            ),
            {
                "id": id_,
                "code": code,
                "naam": f"Makelaar {id_}",
                "gm": gemeente,
                "start": dt.date(2026, 1, 1),
            },
        )


def _rows(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT m.id, m.code, m.gemeente_code, m.startdatum, w.wijk_code "
                    "FROM makelaar m LEFT JOIN makelaar_wijk w ON w.makelaar_id = m.id "
                    "ORDER BY m.id, w.wijk_code"
                )
            )
        ]


def _seed_at_0011(store: Store) -> None:
    with store.engine.begin() as connection:
        for gm, naam, wijk in (("GM0513", "Gouda", "WK051301"), ("GM0632", "Woerden", "WK063201")):
            connection.execute(
                text("INSERT INTO gemeente (code, naam) VALUES (:gm, :naam)"),
                {"gm": gm, "naam": naam},
            )
            connection.execute(
                text("INSERT INTO wijk (code, naam, gemeente_code) VALUES (:w, 'Centrum', :gm)"),
                {"w": wijk, "gm": gm},
            )
    _makelaar(store, 1, "MK-01", "GM0513")
    _makelaar(store, 2, "MK-02", "GM0513")
    with store.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO makelaar_wijk (makelaar_id, wijk_code) VALUES (1, 'WK051301')")
        )


def test_0012_lets_two_gemeenten_share_a_code_and_keeps_every_row(store: Store) -> None:
    config = alembic_config(store.engine)
    command.downgrade(config, "0011")
    _seed_at_0011(store)
    with pytest.raises(IntegrityError):  # 0011: a code is unique across the database
        _makelaar(store, 3, "MK-01", "GM0632")
    before = _rows(store)

    command.upgrade(config, "0012")

    assert store.current_revision() == "0012"
    assert _rows(store) == before  # ids, codes and the wijk link kept
    _makelaar(store, 3, "MK-01", "GM0632")  # Woerden numbers its own brokers
    with pytest.raises(IntegrityError):
        _makelaar(store, 4, "MK-02", "GM0513")  # still unique within a gemeente
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

    with pytest.raises(RuntimeError, match=r"shared by more than one gemeente: MK-01 \(2 "):
        command.downgrade(config, "0011")  # refused before anything changes
    assert store.current_revision() == "0012"
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM makelaar WHERE id = 3"))
    command.downgrade(config, "0011")
    assert _rows(store) == before
    command.upgrade(config, "head")
    assert store.current_revision() == store.head_revision()
