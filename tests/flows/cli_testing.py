"""Running the `makelaar` app in the test process: its language, its entry point, its commands."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer import _click
from typer.core import TyperGroup
from typer.main import get_command

import flows.cli
from flows.cli import app, main
from flows.messages import Taal
from models.settings import get_settings


def in_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The app's settings from a data directory of the test's own, read afresh."""
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "100")
    # The root callback configures the process's logging for the terminal; not in a test process.
    monkeypatch.setattr(flows.cli, "configure_terminal_logging", lambda debug: None)
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
