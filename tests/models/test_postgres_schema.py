"""The PostgreSQL schemas tests get (tests/postgres_schema.py) equal a schema the migrations made.

Compared through the server's catalogue: every table's columns (type, length, nullability,
default), constraints (their definitions), indexes, sequences, views, triggers, functions, table
and column comments, and every row (alembic_version's among them). Names of the schema itself are
read as one placeholder, so only what a test could see differs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from makelaar.models.store import Store
from tests.postgres_schema import (
    SchemaFactory,
    create_schema,
    drop_schema,
    new_schema_name,
    record_migration,
    schema_url,
)

pytestmark = pytest.mark.postgres

CATALOGUE = {
    "columns": """
        SELECT table_name, column_name, ordinal_position, data_type, udt_name,
               character_maximum_length, numeric_precision, numeric_scale, is_nullable,
               column_default, is_identity, identity_generation
        FROM information_schema.columns WHERE table_schema = :schema""",
    "constraints": """
        SELECT cl.relname, co.conname, co.contype, pg_get_constraintdef(co.oid)
        FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = :schema""",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = :schema",
    "sequences": """
        SELECT sequence_name, data_type, start_value, increment, maximum_value
        FROM information_schema.sequences WHERE sequence_schema = :schema""",
    "views": "SELECT viewname, definition FROM pg_views WHERE schemaname = :schema",
    "triggers": """
        SELECT event_object_table, trigger_name, event_manipulation, action_statement
        FROM information_schema.triggers WHERE trigger_schema = :schema""",
    "functions": """
        SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :schema""",
    "comments": """
        SELECT cl.relname, d.objsubid, d.description FROM pg_description d
        JOIN pg_class cl ON cl.oid = d.objoid JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE n.nspname = :schema""",
}


def catalogue(admin: Engine, schema: str) -> dict[str, list[tuple[str, ...]]]:
    """What the server's catalogue says of `schema`, and every table's rows, the name of the
    schema itself replaced by `<schema>`."""

    def plain(row: tuple[object, ...]) -> tuple[str, ...]:
        return tuple(str(value).replace(schema, "<schema>") for value in row)

    found: dict[str, list[tuple[str, ...]]] = {}
    with admin.connect() as connection:
        for name, query in CATALOGUE.items():
            rows = connection.execute(text(query), {"schema": schema}).all()
            found[name] = sorted(plain(tuple(row)) for row in rows)
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :schema"), {"schema": schema}
        ).scalars()
        for table in sorted(tables):
            rows = connection.execute(text(f'SELECT * FROM "{schema}"."{table}"')).all()
            found[f"rows of {table}"] = sorted(plain(tuple(row)) for row in rows)
    return found


def current_schema(store: Store) -> str:
    with store.connection() as connection:
        schema: str = connection.execute(text("SELECT current_schema()")).scalar_one()
    return schema


@pytest.fixture
def migrated_schema(postgres_schemas: SchemaFactory) -> Iterator[tuple[Engine, str]]:
    """A schema made by the migrations themselves, as production makes one."""
    schema = new_schema_name()
    create_schema(postgres_schemas.admin, schema)
    store = Store(schema_url(postgres_schemas.base_url, schema))
    try:
        store.upgrade()
    finally:
        store.dispose()
    yield postgres_schemas.admin, schema
    drop_schema(postgres_schemas.admin, schema)


def test_a_replayed_schema_equals_one_the_migrations_made(
    postgres_schemas: SchemaFactory, migrated_schema: tuple[Engine, str]
) -> None:
    admin, migrated = migrated_schema
    expected = catalogue(admin, migrated)
    assert len(expected["columns"]) > 100, "the migrated schema is nearly empty"
    assert expected["rows of alembic_version"], "the migrated schema has no revision"
    with postgres_schemas.migrated() as store:
        replayed = current_schema(store)
        assert replayed != migrated
        assert catalogue(admin, replayed) == expected
        store.require_current()


def test_the_recording_keeps_writes_only_and_a_replayed_schema_is_gone_afterwards(
    postgres_schemas: SchemaFactory,
) -> None:
    statements = postgres_schemas.statements()
    first_words = {statement.sql.split(None, 1)[0].upper() for statement in statements}
    assert {"CREATE", "INSERT"} <= first_words
    assert "SELECT" not in first_words
    with postgres_schemas.migrated() as store:
        schema = current_schema(store)
    with postgres_schemas.admin.connect() as connection:
        left = connection.execute(
            text("SELECT count(*) FROM pg_namespace WHERE nspname = :schema"), {"schema": schema}
        ).scalar_one()
    assert left == 0


def test_an_upgrade_at_the_newest_revision_records_nothing(
    postgres_schemas: SchemaFactory,
) -> None:
    schema = new_schema_name()
    create_schema(postgres_schemas.admin, schema)
    store = Store(schema_url(postgres_schemas.base_url, schema))
    try:
        first = record_migration(store)
        assert first, "the first migration wrote nothing"
        assert record_migration(store) == []
    finally:
        store.dispose()
        drop_schema(postgres_schemas.admin, schema)
