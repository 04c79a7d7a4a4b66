"""Portable bulk upserts (INSERT ... ON CONFLICT) on SQLite and PostgreSQL, counting what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, ColumnElement, Table, Text, cast, or_, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from makelaar.models.errors import StoreError

#: rows per statement; keeps every statement well under SQLite's bound-parameter limit
BATCH_SIZE = 500

Row = Mapping[str, Any]


@dataclass
class UpsertCount:
    """How many rows an upsert inserted, changed, or found already as they were."""

    nieuw: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0

    def add(self, other: UpsertCount) -> None:
        self.nieuw += other.nieuw
        self.bijgewerkt += other.bijgewerkt
        self.ongewijzigd += other.ongewijzigd


def dialect_insert(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT for the session's backend that supports ON CONFLICT (SQLite or PostgreSQL)."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise StoreError(
        f"De database gebruikt {name!r}; makelaar ondersteunt alleen SQLite en PostgreSQL."
    )


def _batches(rows: Sequence[Row]) -> Iterator[Sequence[Row]]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start : start + BATCH_SIZE]


def _key(row: Row, key: Sequence[str]) -> tuple[Any, ...]:
    return tuple(row[column] for column in key)


def _existing(
    session: Session, table: Table, key: Sequence[str], keys: list[tuple[Any, ...]]
) -> set[tuple[Any, ...]]:
    columns = [table.c[column] for column in key]
    single = len(columns) == 1
    condition = columns[0].in_([k[0] for k in keys]) if single else tuple_(*columns).in_(keys)
    return {tuple(found) for found in session.execute(select(*columns).where(condition))}


def _differs(table: Table, excluded: Any, column: str) -> ColumnElement[bool]:
    """Stored value differs from the new one; JSON compared as text (PostgreSQL's json has no =)."""
    stored, new = table.c[column], excluded[column]
    if isinstance(stored.type, JSON):
        return cast(stored, Text).is_distinct_from(cast(new, Text))
    return stored.is_distinct_from(new)


def upsert(
    session: Session,
    table: Table,
    rows: Sequence[Row],
    *,
    key: Sequence[str],
    update: Sequence[str],
    touch: Mapping[str, Callable[[], Any]] | None = None,
) -> UpsertCount:
    """Insert `rows`, or update the `update` columns of rows whose `key` exists and that differ.

    Rows that are already as given are left alone (`touch` columns, such as a last-updated
    timestamp, are set only on rows that really change). The rows must not repeat a key.
    """
    if not update:
        raise ValueError("upsert needs at least one column to update; use insert_missing instead")
    count = UpsertCount()
    for batch in _batches(rows):
        keys = [_key(row, key) for row in batch]
        existing = _existing(session, table, key, keys)
        stmt = dialect_insert(session, table)
        key_columns = [table.c[column] for column in key]
        set_: dict[str, Any] = {column: stmt.excluded[column] for column in update}
        for column, value in (touch or {}).items():
            set_[column] = value()
        changed = or_(*(_differs(table, stmt.excluded, column) for column in update))
        final = stmt.on_conflict_do_update(index_elements=key_columns, set_=set_, where=changed)
        written = {tuple(r) for r in session.execute(final.returning(*key_columns), list(batch))}
        nieuw = len(written - existing)
        bijgewerkt = len(written & existing)
        count.add(UpsertCount(nieuw, bijgewerkt, len(batch) - nieuw - bijgewerkt))
    return count


def insert_missing(
    session: Session, table: Table, rows: Sequence[Row], *, key: Sequence[str]
) -> int:
    """Insert the rows whose `key` is not in the table yet; returns how many were inserted."""
    key_columns = [table.c[column] for column in key]
    inserted = 0
    for batch in _batches(rows):
        stmt = dialect_insert(session, table).on_conflict_do_nothing(index_elements=key_columns)
        inserted += len(session.execute(stmt.returning(*key_columns), list(batch)).all())
    return inserted
