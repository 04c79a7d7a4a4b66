"""Shared fixtures: a migrated store on SQLite (always) and on PostgreSQL (where a server answers)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from models.settings import Settings
from models.store import Store

POSTGRES_URL = os.environ.get(
    "MAKELAAR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """A missing service skips the test locally (with the reason) and fails it in CI."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure here)")
    pytest.skip(reason)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", output_dir=tmp_path / "out")


@pytest.fixture
def sqlite_store(settings: Settings) -> Iterator[Store]:
    store = Store.from_settings(settings)
    store.upgrade()
    yield store
    store.dispose()


@pytest.fixture
def postgres_store() -> Iterator[Store]:
    """A migrated store in a fresh PostgreSQL schema of its own, dropped afterwards."""
    admin = create_engine(POSTGRES_URL)
    schema = f"mk_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        skip_or_fail(f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc.orig}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    store = Store(f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}")
    try:
        store.upgrade()
        yield store
    finally:
        store.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest) -> Store:
    """The store on each backend in turn: tests using it run on SQLite and on PostgreSQL."""
    fixture = "sqlite_store" if request.param == "sqlite" else "postgres_store"
    result: Store = request.getfixturevalue(fixture)
    return result
