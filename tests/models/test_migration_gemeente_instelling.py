"""Migration 0015 on SQLite and PostgreSQL: a database at 0014 with gemeenten and a publication row
upgrades with every row kept and gains the table gemeente_instelling (a gemeente's own settings,
its checks on language and minimum cell size, its reference to the gemeente); a downgrade drops
it and nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from makelaar.models.store import Store, alembic_config

NU = dt.datetime(2026, 12, 6, 20, 0, tzinfo=dt.UTC)


def _tabellen(store: Store) -> set[str]:
    return set(inspect(store.engine).get_table_names())


def _rijen(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT g.code, g.naam, u.naam FROM gemeente g "
                "LEFT JOIN gemeente_uitgave u ON u.gemeente_code = g.code ORDER BY g.code"
            )
        )
        return [tuple(row) for row in rows]


def _instelling(store: Store, code: str, locale: str | None, min_cel: int | None) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO gemeente_instelling (gemeente_code, locale, min_cell_size, "
                "public_url, bijgewerkt_op) VALUES (:code, :locale, :min, :url, :nu)"
            ),
            {"code": code, "locale": locale, "min": min_cel, "url": "https://e.nl", "nu": NU},
        )


def test_0015_adds_gemeente_instelling_and_keeps_every_row(store: Store) -> None:
    config = alembic_config(store.engine)
    command.downgrade(config, "0014")
    assert "gemeente_instelling" not in _tabellen(store)
    with store.engine.begin() as connection:
        for code, naam in (("GM0344", "Utrecht"), ("GM0513", "Gouda")):
            connection.execute(
                text("INSERT INTO gemeente (code, naam) VALUES (:code, :naam)"),
                {"code": code, "naam": naam},
            )
        connection.execute(
            text(
                "INSERT INTO gemeente_uitgave (gemeente_code, naam, bijgewerkt_op) "
                "VALUES ('GM0344', 'Gemeente Utrecht', :nu)"
            ),
            {"nu": NU},
        )
    before = _rijen(store)

    command.upgrade(config, "0015")

    assert store.current_revision() == "0015"
    assert _rijen(store) == before
    _instelling(store, "GM0344", "en", 15)
    for code, locale, min_cel in (
        ("GM0513", "de", None),
        ("GM0513", None, 2),
        ("GM9999", None, None),
    ):
        with pytest.raises(IntegrityError):  # a language, a cell size, a gemeente it lacks
            _instelling(store, code, locale, min_cel)
    with pytest.raises(IntegrityError):  # one row per gemeente
        _instelling(store, "GM0344", "nl", None)
    with store.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT gemeente_code, locale, min_cell_size, public_url FROM gemeente_instelling")
        ).all()
    assert [tuple(row) for row in stored] == [("GM0344", "en", 15, "https://e.nl")]

    command.downgrade(config, "0014")

    assert "gemeente_instelling" not in _tabellen(store)
    assert _rijen(store) == before
    command.upgrade(config, "head")
    assert store.current_revision() == store.head_revision()
