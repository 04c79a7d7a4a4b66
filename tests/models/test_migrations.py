"""Migrations on SQLite and PostgreSQL: down to 0001 and up again keeps data; the models match them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, inspect, select, text
from sqlalchemy.exc import IntegrityError

from makelaar.models.domain import Niveau
from makelaar.models.store import Store, alembic_config
from makelaar.models.tables import Base, Kerncijfers

HERKOMST = {"herkomst_buiten_europa", "geboren_buiten_europa"}


def differences(store: Store, metadata: MetaData) -> list[Any]:
    """What autogenerate would write to bring the migrated database to `metadata`."""
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def kerncijfers_columns(store: Store) -> set[str]:
    return {column["name"] for column in inspect(store.engine).get_columns("kerncijfers")}


def stored_rows(store: Store) -> list[tuple[Any, ...]]:
    with store.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text("SELECT regiocode, jaar, inwoners, bron FROM kerncijfers ORDER BY regiocode")
            )
        ]


def insert_at_0001(store: Store, regiocode: str, niveau: str) -> None:
    """A row written by a makelaar that only knows schema 0001 (no herkomst columns)."""
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO kerncijfers (regiocode, niveau, jaar, inwoners, bron, bijgewerkt_op) "
                "VALUES (:code, :niveau, 2023, 1000, 'v0001', :nu)"
            ),
            {"code": regiocode, "niveau": niveau, "nu": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
        )


def test_the_models_match_the_migrations(store: Store) -> None:
    assert differences(store, Base.metadata) == []


def test_a_model_change_without_a_migration_is_caught(store: Store) -> None:
    metadata = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    metadata.tables["kerncijfers"].append_column(Column("wmo_per_1000", Integer, nullable=True))

    changes = differences(store, metadata)

    assert [(change[0], change[2], change[3].name) for change in changes] == [
        ("add_column", "kerncijfers", "wmo_per_1000")
    ]


def test_downgrade_to_0001_and_upgrade_again_keeps_kerncijfers(store: Store) -> None:
    config = alembic_config(store.engine)
    with store.session() as session:
        session.add_all(
            [
                Kerncijfers(
                    regiocode="GM0999", niveau=Niveau.GEMEENTE, jaar=2024, inwoners=20_000,
                    herkomst_buiten_europa=5_000, geboren_buiten_europa=2_400, bron="test",
                ),
                Kerncijfers(
                    regiocode="WK099901", niveau=Niveau.WIJK, jaar=2024, inwoners=8_000,
                    herkomst_buiten_europa=None, geboren_buiten_europa=1_100, bron="test",
                ),
            ]
        )  # fmt: skip
    before = stored_rows(store)

    command.downgrade(config, "0001")

    assert store.current_revision() == "0001"
    assert kerncijfers_columns(store).isdisjoint(HERKOMST)
    assert stored_rows(store) == before
    insert_at_0001(store, "WK099902", "wijk")

    command.upgrade(config, "head")

    assert store.current_revision() == store.head_revision()
    assert kerncijfers_columns(store) >= HERKOMST
    assert stored_rows(store) == sorted([*before, ("WK099902", 2023, 1000, "v0001")])
    with store.session() as session:
        herkomst = {
            row.regiocode: (row.herkomst_buiten_europa, row.geboren_buiten_europa)
            for row in session.scalars(select(Kerncijfers))
        }
    assert herkomst == {"GM0999": (None, None), "WK099901": (None, None), "WK099902": (None, None)}
    assert differences(store, Base.metadata) == []


def test_constraints_survive_the_round_trip(store: Store) -> None:
    config = alembic_config(store.engine)
    command.downgrade(config, "0001")
    command.upgrade(config, "head")

    with pytest.raises(IntegrityError):
        insert_at_0001(store, "XX0001", "stadsdeel")  # the niveau CHECK is still there
    insert_at_0001(store, "GM0998", "gemeente")
    with pytest.raises(IntegrityError):
        insert_at_0001(store, "GM0998", "gemeente")  # (regiocode, jaar) is still unique
    indexes = {index["name"] for index in inspect(store.engine).get_indexes("kerncijfers")}
    assert "ix_kerncijfers_regiocode" in indexes


def test_a_database_with_decisions_upgrades_past_the_rebuilt_proposal_table(store: Store) -> None:
    """0010 rebuilds `voorstel` on SQLite (batch mode) while `besluit_historie` refers to its rows:
    a project database with decisions upgrades, and every row and reference is kept."""
    config = alembic_config(store.engine)
    command.downgrade(config, "0009")
    nu = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
    with store.engine.begin() as connection:
        connection.execute(text("INSERT INTO gemeente (code, naam) VALUES ('GM0344', 'Utrecht')"))
        connection.execute(
            text(
                "INSERT INTO evaluatieronde (id, gemeente_code, cyclus, periode, aangemaakt_op) "
                "VALUES (1, 'GM0344', 'buurtmeter', '2026', :nu)"
            ),
            {"nu": nu},
        )
        connection.execute(
            text(
                "INSERT INTO voorstel (id, ronde_id, code, sectie_id, titel, tekst, onderbouwing, "
                "bron, besluit, besluit_reden, besloten_op) VALUES (7, 1, 'meer-signalen', "
                "'wijk-werken-met-signalen', 'Meer signalen', 'Tekst.', 'Reden.', 'cyclus', "
                "'aangenomen', 'Goed plan', :nu)"
            ),
            {"nu": nu},
        )
        connection.execute(
            text(
                "INSERT INTO besluit_historie (voorstel_id, volgnummer, besluit, reden, besloten_op) "
                "VALUES (7, 1, 'aangenomen', 'Goed plan', :nu)"
            ),
            {"nu": nu},
        )
    store.upgrade()
    with store.engine.connect() as connection:
        voorstellen = connection.execute(
            text("SELECT id, code, besluit, besloten_door FROM voorstel")
        ).all()
        historie = connection.execute(
            text("SELECT voorstel_id, besluit FROM besluit_historie")
        ).all()
    assert [tuple(r) for r in voorstellen] == [(7, "meer-signalen", "aangenomen", None)]
    assert [tuple(r) for r in historie] == [(7, "aangenomen")]
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:  # foreign keys on again for the store's work
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
