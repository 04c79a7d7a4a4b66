"""Shared fixtures: a migrated store on SQLite (always) and on PostgreSQL (where a server answers)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import make_url
from sqlalchemy.exc import OperationalError

from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from tests.postgres_schema import SchemaFactory

POSTGRES_URL = os.environ.get(
    "MAKELAAR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

#: The files that take longest, longest first (seconds of one run of the whole suite on 2 cores,
#: `pytest -n 2 --dist loadfile`, under other load): pytest_collection_modifyitems runs them
#: first, so no long test starts last while the other worker has nothing left to do. The
#: Makefile's `--no-loadscope-reorder` keeps this order (xdist would otherwise run the files with
#: the most tests first, which put these one- and two-test files at the very end). A stale entry
#: fails tests/test_suite_order.py.
LONGEST_FIRST = (
    # seconds in one run of the whole suite on 2 cores (7 December 2026)
    "tests/flows/test_nationaal.py",  # 176 s: a Prefect stack on PostgreSQL, two workers
    "tests/cycles/test_edities_gelijktijdig.py",  # 47 s: four rounds at once, per backend
    "tests/flows/test_cli_enquete.py",  # 46 s
    "tests/cycles/test_demo.py",  # 44 s
    "tests/forms/browser/test_browser_answering.py",  # 42 s: Chromium
    "tests/forms/browser/test_browser_axe.py",  # 36 s: Chromium
    "tests/flows/test_cli.py",  # 35 s: the CLI as a command of its own
    "tests/flows/test_round_slots.py",  # 35 s
    "tests/cycles/test_edities_keten.py",  # 35 s
    "tests/flows/test_server.py",  # 31 s
    "tests/intake/logboek/test_importeren.py",  # 29 s
    "tests/flows/test_logboek.py",  # 28 s
    "tests/handreiking/test_verschil.py",  # 27 s
    "tests/bench/test_cycles_smoke.py",  # 26 s: a Prefect server, the forkserver, two runs
    "tests/flows/test_cli_edities_niet_af.py",  # 26 s
    "tests/flows/test_demo_actieonderzoek.py",  # 25 s: six interim studies through Prefect
    "tests/handreiking/test_opmaak.py",  # 25 s
    "tests/bench/test_render_smoke.py",  # 23 s
    "tests/flows/test_werker.py",  # 23 s: the wheel in a fresh virtualenv, a process worker
    "tests/flows/test_demo_cycli.py",  # 23 s
    "tests/intake/test_cbs.py",  # 22 s
    "tests/cycles/test_findings_demo.py",  # 21 s
    "tests/bench/test_forms_load_smoke.py",  # 20 s
    "tests/flows/test_stack.py",  # 19 s: the stack's processes
    "tests/forms/web/test_web_werkers.py",  # 19 s: answering pages as server processes
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files of LONGEST_FIRST first, in its order; every other file after them as collected."""
    rank = {path: place for place, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


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


PREFECT_TEMPLATE_CACHE = "makelaar-prefect-template"


@pytest.fixture(scope="session")
def prefect_template_dir(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Where the migrated Prefect database is kept: pytest's cache dir, else this session's tmp."""
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    if cache is None:
        return tmp_path_factory.mktemp("prefect-template")
    directory: Path = cache.mkdir(PREFECT_TEMPLATE_CACHE)
    return directory


@pytest.fixture(scope="session", autouse=True)
def prefect_cache_in_the_test_session(prefect_template_dir: Path) -> Iterator[None]:
    """Every local Prefect server of the tests, in-process or in a `makelaar` command they start
    (cli_testing passes the variable on), starts from the session's migrated database, not from
    the user's cache (MAKELAAR_PREFECT_CACHE_DIR, flows.server.prefect_api)."""
    before = os.environ.get("MAKELAAR_PREFECT_CACHE_DIR")
    os.environ["MAKELAAR_PREFECT_CACHE_DIR"] = str(prefect_template_dir)
    yield
    if before is None:
        os.environ.pop("MAKELAAR_PREFECT_CACHE_DIR", None)
    else:
        os.environ["MAKELAAR_PREFECT_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Every test reads the process-wide settings (get_settings, cached per process) afresh from
    the environment it sets, and leaves none of its own to the next test on this worker: a
    cached value surviving a test made later tests pass or fail by the order they ran in."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


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


def copy_sqlite(source: Path, target: Path) -> None:
    """`target` as a copy of the SQLite file `source`, through SQLite's own backup."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)


@contextmanager
def store_of_its_own(request: pytest.FixtureRequest, backend: str) -> Iterator[Store]:
    """A migrated store on `backend` ("sqlite" or "postgresql") for a fixture of a wider scope
    than a test's, which the `store` fixture cannot serve; dropped or left in tmp afterwards."""
    if backend == "sqlite":
        migrated: Path = request.getfixturevalue("migrated_sqlite")
        factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
        path = factory.mktemp("store") / "makelaar.db"
        copy_sqlite(migrated, path)
        store = Store(f"sqlite:///{path}")
        try:
            yield store
        finally:
            store.dispose()
    else:
        schemas: SchemaFactory = request.getfixturevalue("postgres_schemas")
        with schemas.migrated() as store:
            yield store


@pytest.fixture
def sqlite_store(settings: Settings, migrated_sqlite: Path) -> Iterator[Store]:
    """A migrated store in the test's data directory, on a copy of the session's migrated file
    (running every migration costs ~0.15 s per test, the copy and its check ~0.03 s)."""
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        copy_sqlite(migrated_sqlite, Path(url.database))
    store = Store.from_settings(settings)
    store.upgrade()  # after the copy only a check that the file is at the newest revision
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def postgres_schemas() -> Iterator[SchemaFactory]:
    """New migrated schemas on the PostgreSQL server, made by replaying the session's one migration
    (tests/postgres_schema.py); skips the test (fails it in CI) when the server does not answer."""
    factory = SchemaFactory(POSTGRES_URL)
    try:
        factory.statements()
    except OperationalError as exc:
        factory.dispose()
        skip_or_fail(f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc.orig}")
    yield factory
    factory.dispose()


@pytest.fixture
def postgres_store(postgres_schemas: SchemaFactory) -> Iterator[Store]:
    """A migrated store in a fresh PostgreSQL schema of its own, dropped afterwards."""
    with postgres_schemas.migrated() as store:
        yield store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest) -> Store:
    """The store on each backend in turn: tests using it run on SQLite and on PostgreSQL."""
    fixture = "sqlite_store" if request.param == "sqlite" else "postgres_store"
    result: Store = request.getfixturevalue(fixture)
    return result
