"""Migration 0013 on SQLite and PostgreSQL: a database at 0012 with survey data upgrades with
every row kept and gains the table linkfout (the throttle's shared count), indexed by address
and moment; a downgrade drops it and nothing else."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from makelaar.models.store import Store, alembic_config


def _tabellen(store: Store) -> set[str]:
    return set(inspect(store.engine).get_table_names())


def _gemeenten(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT code, naam FROM gemeente ORDER BY code"))
        return [tuple(row) for row in rows]


def test_0013_adds_linkfout_and_keeps_every_row(store: Store) -> None:
    config = alembic_config(store.engine)
    command.downgrade(config, "0012")
    assert "linkfout" not in _tabellen(store)
    with store.engine.begin() as connection:
        connection.execute(text("INSERT INTO gemeente (code, naam) VALUES ('GM0344', 'Utrecht')"))
    before = _gemeenten(store)

    command.upgrade(config, "0013")

    assert store.current_revision() == "0013"
    assert _gemeenten(store) == before
    indexen = {
        ix["name"]: ix["column_names"] for ix in inspect(store.engine).get_indexes("linkfout")
    }
    assert indexen == {
        "ix_linkfout_adres_moment": ["adres", "moment"],
        "ix_linkfout_moment": ["moment"],
    }
    with store.engine.begin() as connection:
        for moment in (1_800_000_000.25, 1_800_000_000.5):
            connection.execute(
                text("INSERT INTO linkfout (adres, moment) VALUES (:a, :m)"),
                {"a": "f" * 32, "m": moment},
            )
        stored = connection.execute(text("SELECT moment FROM linkfout ORDER BY moment")).all()
    assert [row[0] for row in stored] == [1_800_000_000.25, 1_800_000_000.5]  # sub-second kept

    command.downgrade(config, "0012")

    assert "linkfout" not in _tabellen(store)
    assert _gemeenten(store) == before
    command.upgrade(config, "head")
    assert store.current_revision() == store.head_revision()
