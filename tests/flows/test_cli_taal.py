"""The command line speaks the user's language: every help page, Dutch throughout or English."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer import _click, rich_utils
from typer.core import TyperArgument, TyperGroup, TyperOption, _TyperParameter
from typer.testing import CliRunner

from makelaar.flows.cli import app
from makelaar.flows.cli_taal import _RICH_STRINGS, argument_name, missing_english
from makelaar.models.settings import get_settings
from tests.flows.cli_testing import command_paths, in_process, use

ENGLISH_BOILERPLATE = (
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "[default",
    "[required]",
    "[env var",
    "<int>",
    "<str>",
    "<float>",
    "<path>",
    "<bool>",
    "list[",
    "[OPTIONS]",
    "COMMAND ",
    "[ARGS]",
    "Error",
    "Try ",
)
"""Words Typer prints itself in English; none may remain on a Dutch help page."""

DUTCH_WORDS = frozenset(
    re.findall(
        r"\w+",
        "de het een van voor met naar wordt worden niet standaard zonder alle elke nog zijn bij "
        "uit tot op ze die dat dan als ook deze waar wacht toon gebruik opties argumenten "
        "verplicht tekst getal vlag pad bestand map lees schrijf",
    )
)
"""Dutch words that have no business on an English help page (names and values aside)."""


@pytest.fixture
def language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A data directory of the test's own; the language is set per test with `use`."""
    in_process(monkeypatch, tmp_path)
    yield
    get_settings.cache_clear()


def help_page(path: list[str]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], prog_name="makelaar")
    assert result.exit_code == 0, result.output
    return result.output


def without_names(page: str, command: _click.Command) -> str:
    """The page without what is a name, not a word: options, commands, quoted and chosen values."""
    page = re.sub(r"--[\w-]+|'[^']*'|\S+/", " ", page)
    names = set(command.commands) if isinstance(command, TyperGroup) else set()
    names.add(command.name or "")  # its own name, in its usage line (`makelaar edities toon`)
    for param in command.params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is not None and descriptor.is_choice:
            names.update(str(getattr(c, "value", c)) for c in descriptor.choices or ())
    return " ".join(word for word in re.findall(r"[\w'-]+", page) if word not in names)


@pytest.mark.usefixtures("language")
def test_every_help_page_is_dutch_throughout(monkeypatch: pytest.MonkeyPatch) -> None:
    use(monkeypatch, "nl")
    for path, _command in command_paths():
        page = help_page(path)
        assert f"Gebruik: {' '.join(['makelaar', *path])} [OPTIES]" in page, page
        assert "Toon deze hulp en stop." in page, page
        left = [word for word in ENGLISH_BOILERPLATE if re.search(rf"\b{re.escape(word)}", page)]
        assert not left, f"makelaar {' '.join(path)} --help still says {left}:\n{page}"


@pytest.mark.usefixtures("language")
def test_every_help_page_is_english_with_the_locale_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use(monkeypatch, "en")
    for path, command in command_paths():
        page = help_page(path)
        assert f"Usage: {' '.join(['makelaar', *path])} [OPTIONS]" in page, page
        assert "Show this message and exit." in page, page
        words = without_names(page, command).lower().split()
        dutch = sorted(DUTCH_WORDS.intersection(words))
        assert not dutch, f"makelaar {' '.join(path)} --help (English) still says {dutch}:\n{page}"


def test_every_help_text_has_its_english() -> None:
    missing: list[str] = []
    for path, command in command_paths():
        texts = [command.help or "", command.short_help or ""]
        for param in command.params:
            if isinstance(param, (TyperArgument, TyperOption)):
                texts.append(param.help or "")
            if isinstance(param, TyperArgument):
                texts.append(argument_name(param, "nl"))
        where = " ".join(["makelaar", *path])
        missing += [f"{where}: {text!r}" for text in missing_english([t for t in texts if t])]
    assert not missing, "No English in flows/cli_help_en.py for:\n" + "\n".join(missing)


def test_typer_still_has_what_the_translation_hooks_into() -> None:
    """An upgrade of Typer that moves one of these fails here, not in front of a user."""
    import typer.core

    assert callable(getattr(typer.core, "_", None))
    assert [name for name in _RICH_STRINGS if not isinstance(getattr(rich_utils, name), str)] == []
    assert "prefix" in inspect.signature(_click.formatting.HelpFormatter.write_usage).parameters
    assert callable(_TyperParameter.display_type)
