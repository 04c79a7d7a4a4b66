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
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
