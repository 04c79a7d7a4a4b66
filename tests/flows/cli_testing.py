"""Running the `makelaar` app in the test process (its language, its entry point, its commands) and
as a command in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer import _click
from typer.core import TyperGroup
from typer.main import get_command

import makelaar.flows.cli
from makelaar.flows.cli import app, main
from makelaar.models.settings import get_settings
from makelaar.models.taal import Taal

MAKELAAR = Path(sys.executable).parent / "makelaar"
MAKELAAR_TIMEOUT_S = 120


def in_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The app's settings from a data directory of the test's own, read afresh."""
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "100")
    # The root callback configures the process's logging for the terminal; not in a test process.
    monkeypatch.setattr(makelaar.flows.cli, "configure_terminal_logging", lambda debug: None)
    get_settings.cache_clear()


def use(monkeypatch: pytest.MonkeyPatch, taal: Taal) -> None:
    monkeypatch.setenv("MAKELAAR_LOCALE", taal)
    get_settings.cache_clear()


def command_paths() -> Iterator[tuple[list[str], _click.Command]]:
    """Every command of the app, groups and their subcommands included, with its path."""

    def walk(
        command: _click.Command, path: list[str]
    ) -> Iterator[tuple[list[str], _click.Command]]:
        yield path, command
        if isinstance(command, TyperGroup):
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])

    yield from walk(get_command(app), [])


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[str]]:
    """`makelaar ARGS` through the entry point, in this process: its exit code and stderr lines."""
    monkeypatch.setattr(sys, "argv", ["makelaar", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    code = exited.value.code
    assert isinstance(code, int)
    return code, capsys.readouterr().err.splitlines()


def run_makelaar(
    cwd: Path, *args: str, locale: str = "nl", prefect_api: str | None = None, **settings: str
) -> subprocess.CompletedProcess[str]:
    """`makelaar ARGS` as a command of its own in `cwd`, with its data in cwd/data and its output in
    cwd/out: none of the caller's MAKELAAR_ settings and Prefect API reach it, only `locale`,
    `prefect_api`, `settings` (name=value for MAKELAAR_NAME) and the session's Prefect cache."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MAKELAAR_", "PREFECT_API_URL"))
    }
    env |= {
        "MAKELAAR_DATA_DIR": str(cwd / "data"),
        "MAKELAAR_OUTPUT_DIR": str(cwd / "out"),
        "MAKELAAR_LOCALE": locale,
    }
    if "MAKELAAR_PREFECT_CACHE_DIR" in os.environ:  # the session's (tests/conftest.py)
        env["MAKELAAR_PREFECT_CACHE_DIR"] = os.environ["MAKELAAR_PREFECT_CACHE_DIR"]
    env |= {f"MAKELAAR_{name.upper()}": value for name, value in settings.items()}
    if prefect_api:
        env["PREFECT_API_URL"] = prefect_api
    return subprocess.run(
        [str(MAKELAAR), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=MAKELAAR_TIMEOUT_S,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a failed command printed on stderr (exit code 1, no traceback)."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    return line
