"""Shared fixtures: a migrated store on SQLite (always) and on PostgreSQL (where a server answers)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from makelaar.models.settings import Settings
from makelaar.models.store import Store

POSTGRES_URL = os.environ.get(
    "MAKELAAR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """A missing service skips the test locally (with the reason) and fails it in CI."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure here)")
    pytest.skip(reason)


@contextmanager
def process_holding(script: str, *args: str) -> Iterator[subprocess.Popen[str]]:
    """A Python process running `script` with `args` once it printed "held" (it holds a lock then
    and waits on its stdin); killed on leaving, whatever the test did with it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.kill()
        holder.communicate()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", output_dir=tmp_path / "out")


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store migrated once per session (per xdist worker), copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-migrated") / "makelaar.db"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    store.dispose()
    return path


@pytest.fixture
def sqlite_store(settings: Settings, migrated_sqlite: Path) -> Iterator[Store]:
    """A migrated store in the test's data directory, on a copy of the session's migrated file
    (running every migration costs ~0.15 s per test, the copy and its check ~0.03 s)."""
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        target = Path(url.database)
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            closing(sqlite3.connect(migrated_sqlite)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
    store = Store.from_settings(settings)
    store.upgrade()  # after the copy only a check that the file is at the newest revision
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
