"""Alembic environment: runs against the engine the Store hands over (batch mode on SQLite)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from makelaar.models.store import make_engine
from makelaar.models.tables import Base

config = context.config
engine: Engine = config.attributes.get("engine") or make_engine(
    config.get_main_option("sqlalchemy.url") or ""
)

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table (copy, drop, rename); with foreign keys on, dropping a table
        # other rows refer to fails. SQLite's own procedure for altering a table: foreign keys off
        # (outside any transaction, on the driver's connection), the change, then a check that
        # every reference still holds before they go on again.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"Na de migratie verwijzen rijen naar niets: {broken[:5]}")
        connection.commit()
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
