"""MAKELAAR_PREFECT_CACHE_DIR: the first local Prefect server that migrates a new Prefect database
keeps an empty copy there (never a project's own database); a server in another new data
directory starts from that copy; '' keeps none; a cache that cannot be written or read costs only
the migrations, never the run."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import httpx
import prefect
import pytest
from prefect.settings import PREFECT_API_URL, temporary_settings

from makelaar.flows.server import _copy_template, _save_template, prefect_api
from makelaar.models.settings import Settings, user_cache_dir

TEMPLATE = f"prefect-{prefect.__version__}.db"


def serve_once(settings: Settings) -> None:
    """A local server in settings' data directory, asked once whether it is healthy."""
    with temporary_settings(restore_defaults={PREFECT_API_URL}), prefect_api(settings) as url:
        assert httpx.get(f"{url}/health", timeout=5).json() is True


def tables(database: Path) -> set[str]:
    with closing(sqlite3.connect(database)) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


@pytest.mark.prefect  # the session's server made its database from nothing and kept a copy
def test_a_new_data_directory_starts_from_the_cached_database(
    tmp_path: Path, prefect_template_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # the session's first server migrated a new database and kept it (in CI always: a clean
    # clone has no pytest cache), as a user's first `makelaar` command does in ~/.cache/makelaar
    session_template = prefect_template_dir / TEMPLATE
    assert "flow_run" in tables(session_template)
    cache = tmp_path / "cache"
    cache.mkdir()
    template = cache / TEMPLATE
    shutil.copyfile(session_template, template)
    caplog.set_level(logging.INFO, logger="makelaar.flows")

    serve_once(Settings(data_dir=tmp_path / "nieuw", prefect_cache_dir=cache))
    assert f"overgenomen uit sjabloon {template}" in caplog.text
    assert "flow_run" in tables(tmp_path / "nieuw" / "prefect" / "prefect.db")
    assert sorted(path.name for path in cache.iterdir()) == [TEMPLATE]  # no partial files left


@pytest.mark.prefect
def test_a_projects_own_prefect_database_never_becomes_the_template(
    tmp_path: Path, prefect_template_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A data directory with a Prefect database of its own (its flow runs, parameters, logs)
    and an empty cache: the cache stays empty, so no project's runs reach another's."""
    home = tmp_path / "project" / "prefect"
    home.mkdir(parents=True)
    shutil.copyfile(prefect_template_dir / TEMPLATE, home / "prefect.db")
    with closing(sqlite3.connect(home / "prefect.db")) as connection:
        connection.execute("CREATE TABLE van_het_project (naam TEXT)")
        connection.commit()
    cache = tmp_path / "cache"
    caplog.set_level(logging.INFO, logger="makelaar.flows")
    serve_once(Settings(data_dir=tmp_path / "project", prefect_cache_dir=cache))
    assert not cache.exists()
    assert "sjabloon" not in caplog.text.lower()
    assert "van_het_project" in tables(home / "prefect.db")


def test_an_empty_setting_keeps_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAKELAAR_PREFECT_CACHE_DIR", "")
    assert Settings().prefect_cache_dir is None  # prefect_api then neither reads nor writes one
    monkeypatch.setenv("MAKELAAR_PREFECT_CACHE_DIR", "  ")
    assert Settings().prefect_cache_dir is None


def test_a_cache_that_cannot_be_written_or_read_costs_only_the_migrations(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    database = tmp_path / "prefect.db"
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE TABLE flow_run (id TEXT)")
        connection.commit()
    blocked = tmp_path / "een-bestand"
    blocked.write_text("geen map", encoding="utf-8")  # a file where the cache folder should be
    caplog.set_level(logging.INFO, logger="makelaar.flows")
    _save_template(database, blocked / "cache" / TEMPLATE)
    assert "niet bewaard" in caplog.text
    assert blocked.read_text(encoding="utf-8") == "geen map"

    new_home = tmp_path / "home"
    new_home.mkdir()
    _copy_template(blocked / "cache" / TEMPLATE, new_home / "prefect.db")
    assert "niet te lezen" in caplog.text
    assert list(new_home.iterdir()) == []  # no database, no partial file: the server migrates


def test_the_default_is_the_users_cache_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAKELAAR_PREFECT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/onderzoeker")
    assert Settings().prefect_cache_dir == Path("/var/cache/onderzoeker/makelaar")
    home = Path.home()
    assert user_cache_dir({}) == home / ".cache" / "makelaar"
    # the XDG specification: a relative path is ignored
    assert user_cache_dir({"XDG_CACHE_HOME": "relatief"}) == home / ".cache" / "makelaar"
    assert user_cache_dir({"XDG_CACHE_HOME": ""}) == home / ".cache" / "makelaar"


def test_a_process_without_a_home_keeps_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert user_cache_dir({}) is None
    assert user_cache_dir({"XDG_CACHE_HOME": "/var/cache/dienst"}) == Path(
        "/var/cache/dienst/makelaar"
    )
    monkeypatch.delenv("MAKELAAR_PREFECT_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert Settings().prefect_cache_dir is None
