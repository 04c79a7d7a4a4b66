"""Portable bulk upserts (INSERT ... ON CONFLICT) on SQLite and PostgreSQL, counting what changed.

On SQLite a batch is one INSERT ... VALUES of its rows. On PostgreSQL it is one INSERT ... SELECT
FROM unnest(...) with one array parameter per column, as long as no column is JSON: a statement of
a few parameters whatever the batch's size, so psycopg need not rewrite 500 rows' placeholders
into a statement too long to cache. The keys already stored are looked up the same way, as a
semi-join on unnest() the server can hash: a row-value IN list of 500 pairs was compared row by
row, so its time grew with the table (bench/cbs_national.py: a national CBS import on PostgreSQL
took 34-48 s, now 11-12 s at the same load).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ARRAY,
    JSON,
    ColumnElement,
    String,
    Table,
    Text,
    bindparam,
    cast,
    func,
    or_,
    select,
    tuple_,
)
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
        f"De database gebruikt {name!r}; makelaar ondersteunt alleen SQLite en PostgreSQL.",
        en=f"The database uses {name!r}; makelaar supports only SQLite and PostgreSQL.",
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
    if session.get_bind().dialect.name == "postgresql":  # a semi-join the server can hash
        arrays = [_array(session, table, c, [k[i] for k in keys]) for i, c in enumerate(key)]
        wanted = func.unnest(*arrays).table_valued(*key).render_derived()
        condition = tuple_(*columns).in_(select(*(wanted.c[c] for c in key)))
    elif single:
        condition = columns[0].in_([k[0] for k in keys])
    else:
        condition = tuple_(*columns).in_(keys)
    return {tuple(found) for found in session.execute(select(*columns).where(condition))}


def _array(session: Session, table: Table, column: str, values: list[Any]) -> ColumnElement[Any]:
    """`values` as one PostgreSQL array parameter of `column`'s type, cast so that a list of only
    None is typed too. Text goes as VARCHAR[] without a length (converted first as the column
    would, an enum's members to their values): a cast to VARCHAR(n) would cut a longer value
    short, where the INSERT into the column refuses it, as with VALUES."""
    column_type = table.c[column].type
    if isinstance(column_type, String):
        convert = column_type.bind_processor(session.get_bind().dialect)
        if convert is not None:
            values = [convert(value) for value in values]
        column_type = String()
    array_type = ARRAY(column_type)
    return cast(bindparam(None, values, type_=array_type), array_type)


def _unnest_rows(
    session: Session, table: Table, batch: Sequence[Row]
) -> postgresql.Insert | sqlite.Insert | None:
    """On PostgreSQL, an INSERT of `batch` from unnest() of one array per column; None where the
    batch is better sent as VALUES (SQLite, a JSON column, rows with different columns)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    columns = list(batch[0])
    if any(isinstance(table.c[c].type, JSON) for c in columns) or any(
        row.keys() != batch[0].keys() for row in batch
    ):
        return None
    arrays = [_array(session, table, c, [row[c] for row in batch]) for c in columns]
    source = func.unnest(*arrays).table_valued(*columns).render_derived()
    rows = select(*(source.c[c] for c in columns))
    return postgresql.insert(table).from_select(columns, rows)


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
        from_arrays = _unnest_rows(session, table, batch)
        stmt = from_arrays if from_arrays is not None else dialect_insert(session, table)
        key_columns = [table.c[column] for column in key]
        set_: dict[str, Any] = {column: stmt.excluded[column] for column in update}
        for column, value in (touch or {}).items():
            set_[column] = value()
        changed = or_(*(_differs(table, stmt.excluded, column) for column in update))
        final = stmt.on_conflict_do_update(index_elements=key_columns, set_=set_, where=changed)
        returning = final.returning(*key_columns)
        result = (
            session.execute(returning)
            if from_arrays is not None
            else session.execute(returning, list(batch))
        )
        written = {tuple(r) for r in result}
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
