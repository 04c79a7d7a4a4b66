"""The project store: engine set-up per backend, transactions, and migrations to the newest schema."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from makelaar.models.errors import StoreError
from makelaar.models.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take over transaction control from pysqlite so every transaction can be BEGIN IMMEDIATE:
    # a read-then-write transaction then never fails with "database is locked" on upgrade.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten with zeros, in the database file and in the page images the
    # WAL keeps, so a deleted draft or answered mark leaves no bytes behind (README: privacy).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_begin_immediate(dbapi_connection: Any) -> None:
    dbapi_connection.execute("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine with the backend's settings from RELIABILITY.md §6 (WAL, busy_timeout, FKs)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # BEGIN IMMEDIATE as the dialect's own begin (Dialect.do_begin) rather than in a "begin"
        # event: an engine with any connection event dispatches every event of every statement
        # it runs, which cost about a fifth of the CPU of a short transaction.
        engine.dialect.do_begin = _sqlite_begin_immediate  # type: ignore[method-assign]
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine, extra: Sequence[Path] = ()) -> Config:
    """Alembic's configuration for `engine`; `extra` adds folders of revisions of cycles that keep
    tables of their own (each on its own branch, labelled with the cycle's name)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if extra:
        config.set_main_option("path_separator", "os")
        folders = [MIGRATIONS / "versions", *(Path(folder).resolve() for folder in extra)]
        config.set_main_option("version_locations", os.pathsep.join(str(f) for f in folders))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser escaping
    config.attributes["engine"] = engine
    return config


#: what runs Core statements in a transaction: an ORM session, or a Core connection where the ORM
#: is not needed (a connection costs less per transaction: the answering pages' requests)
Transactie = Session | Connection


class Store:
    """Sessions on the project database; construct once per process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        return cls(settings.resolved_database_url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A Core connection in one transaction: committed on success, rolled back on any error."""
        with self.engine.begin() as connection:
            yield connection

    def upgrade(self, extra: Sequence[Path] = ()) -> str:
        """Migrate the database to the newest schema, and the tables of the cycles whose revision
        folders `extra` names; returns the core schema's revision."""
        try:
            command.upgrade(alembic_config(self.engine, extra), "heads" if extra else "head")
        except OperationalError as exc:
            url = self.engine.url.render_as_string()
            raise StoreError(
                f"De database {url} is niet bereikbaar: {exc.orig}",
                en=f"The database {url} cannot be reached: {exc.orig}",
            ) from exc
        return self.head_revision()

    def head_revision(self) -> str:
        head = ScriptDirectory.from_config(alembic_config(self.engine)).get_current_head()
        assert head is not None, "the migrations folder has no revisions"
        return head

    def current_revision(self) -> str | None:
        """The core schema's revision the database is at (a cycle's own branch aside)."""
        with self.engine.connect() as connection:
            heads = MigrationContext.configure(connection).get_current_heads()
        core = ScriptDirectory.from_config(alembic_config(self.engine))
        known = {revision.revision for revision in core.walk_revisions()}
        return next((head for head in heads if head in known), None)

    def require_current(self) -> None:
        """Raise StoreError unless the database is migrated to the newest schema."""
        current = self.current_revision()
        if current != self.head_revision():
            raise StoreError(
                f"De database staat op schemaversie {current or '(leeg)'}, "
                f"maar {self.head_revision()} is nodig. Voer eerst 'makelaar db upgrade' uit.",
                en=f"The database is at schema version {current or '(empty)'}, but "
                f"{self.head_revision()} is needed. Run 'makelaar db upgrade' first.",
            )

    def dispose(self) -> None:
        self.engine.dispose()
