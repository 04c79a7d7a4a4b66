"""A fresh, migrated PostgreSQL schema for every test, without running the migrations each time.

Running the migrations into a new schema cost 0.6-1.4 s a test here. Alembic loads every revision
and emits each statement from Python, and about 350 tests run on PostgreSQL. So the session (each
xdist worker) migrates one schema for real and records what that sent to the server: the
statements that create or change something, with their parameters. Every test's schema then gets
those statements again, in one transaction, unqualified, so they land in the new schema through
its search_path, exactly as the migrations' own did.

tests/models/test_postgres_schema.py checks that a replayed schema has the same tables, columns,
defaults, constraints, indexes, sequences and rows as a migrated one. A migration whose effect
depends on reading the database (a SELECT deciding what to write) would show up there.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

from makelaar.models.store import Store

#: the first words of the statements a migration writes with; reads (SELECT, SHOW) are not replayed
WRITES = frozenset({"CREATE", "ALTER", "DROP", "COMMENT", "INSERT", "UPDATE", "DELETE", "GRANT"})


@dataclass(frozen=True)
class Statement:
    """One statement as SQLAlchemy handed it to the driver (psycopg), in the way it handed it."""

    sql: str
    parameters: Any
    many: bool
    no_parameters: bool


def schema_url(base: str, schema: str) -> str:
    """`base` with every connection's search_path set to `schema`."""
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


def new_schema_name() -> str:
    return f"mk_{uuid.uuid4().hex[:12]}"


def create_schema(admin: Engine, schema: str) -> None:
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))


def drop_schema(admin: Engine, schema: str) -> None:
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


def record_migration(store: Store) -> list[Statement]:
    """Migrate `store` to the newest schema; the writing statements it took, in order."""
    recorded: list[Statement] = []

    def record(
        connection: Any,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        words = statement.split(None, 1)
        if words and words[0].upper() in WRITES:
            no_parameters = bool(getattr(context, "no_parameters", False))
            recorded.append(Statement(statement, parameters, executemany, no_parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        store.upgrade()
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    return recorded


def replay(engine: Engine, statements: Sequence[Statement]) -> None:
    """The recorded statements on `engine`'s schema, in one transaction, on the driver's cursor."""
    with engine.begin() as connection:
        cursor = connection.connection.cursor()
        try:
            for statement in statements:
                if statement.many:
                    cursor.executemany(statement.sql, statement.parameters)
                elif statement.no_parameters:
                    cursor.execute(statement.sql)
                else:
                    cursor.execute(statement.sql, statement.parameters)
        finally:
            cursor.close()


class SchemaFactory:
    """Migrated schemas on one PostgreSQL database: the first by the migrations, the rest replayed."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.admin = create_engine(base_url)
        self._statements: list[Statement] | None = None

    def statements(self) -> list[Statement]:
        """What the migrations write, recorded once from a real migration into a throwaway schema."""
        if self._statements is None:
            schema = new_schema_name()
            create_schema(self.admin, schema)
            store = Store(schema_url(self.base_url, schema))
            try:
                self._statements = record_migration(store)
            finally:
                store.dispose()
                drop_schema(self.admin, schema)
        return self._statements

    @contextmanager
    def migrated(self) -> Iterator[Store]:
        """A store on a new schema at the newest revision; the schema is dropped afterwards."""
        statements = self.statements()
        schema = new_schema_name()
        create_schema(self.admin, schema)
        store = Store(schema_url(self.base_url, schema))
        try:
            replay(store.engine, statements)
            yield store
        finally:
            store.dispose()
            drop_schema(self.admin, schema)

    def dispose(self) -> None:
        self.admin.dispose()
