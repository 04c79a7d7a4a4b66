"""Dialect-aware INSERT ... ON CONFLICT for SQLite and PostgreSQL: how every natural key is upserted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's own insert(), which has on_conflict_do_update / on_conflict_do_nothing."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def upsert(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    keys: Sequence[str],
    update: Sequence[str] = (),
) -> None:
    """Insert rows; on a natural-key conflict update the `update` columns, or keep the stored row."""
    if not rows:
        return
    statement = insert_for(session, table)
    if update:
        excluded = statement.excluded
        final = statement.on_conflict_do_update(
            index_elements=list(keys), set_={column: excluded[column] for column in update}
        )
    else:
        final = statement.on_conflict_do_nothing(index_elements=list(keys))
    session.execute(final, list(rows))
