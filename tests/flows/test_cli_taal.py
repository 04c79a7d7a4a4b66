"""The command line speaks the user's language: every help page, and every usage mistake as one line."""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer import _click, rich_utils
from typer.core import TyperArgument, TyperGroup, TyperOption, _TyperParameter
from typer.main import get_command
from typer.testing import CliRunner

import flows.cli
from flows.cli import app, main
from flows.cli_taal import _RICH_STRINGS, argument_name, missing_english
from flows.messages import Taal
from models.settings import get_settings

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


@pytest.fixture
def language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A data directory of the test's own; the language is set per test with `use`."""
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "100")
    # The root callback configures the process's logging for the terminal; not in a test process.
    monkeypatch.setattr(flows.cli, "configure_terminal_logging", lambda debug: None)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def use(monkeypatch: pytest.MonkeyPatch, taal: Taal) -> None:
    monkeypatch.setenv("MAKELAAR_LOCALE", taal)
    get_settings.cache_clear()


def help_page(path: list[str]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], prog_name="makelaar")
    assert result.exit_code == 0, result.output
    return result.output


def without_names(page: str, command: _click.Command) -> str:
    """The page without what is a name, not a word: options, commands, quoted and chosen values."""
    page = re.sub(r"--[\w-]+|'[^']*'|\S+/", " ", page)
    names = set(command.commands) if isinstance(command, TyperGroup) else set()
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


USAGE_MISTAKES_NL = [
    (
        ["round", "start"],
        "Gebruik: makelaar round start [OPTIES]",
        "Fout: de optie --cycle ontbreekt (Naam van de cyclus, bv. buurtmeter). "
        "Zie 'makelaar round start --help'.",
    ),
    (
        ["round", "besluit"],
        "Gebruik: makelaar round besluit [OPTIES] {RONDE_ID} {CODE} {BESLUIT}",
        "Fout: het argument RONDE_ID ontbreekt (Ronde-nummer). "
        "Zie 'makelaar round besluit --help'.",
    ),
    (
        ["round", "besluit", "een", "x", "aangenomen", "--reden", "r"],
        "Gebruik: makelaar round besluit [OPTIES] {RONDE_ID} {CODE} {BESLUIT}",
        "Fout: RONDE_ID heeft waarde 'een'; geef een geheel getal. "
        "Zie 'makelaar round besluit --help'.",
    ),
    (
        ["round", "besluit", "1", "x", "misschien", "--reden", "r"],
        "Gebruik: makelaar round besluit [OPTIES] {RONDE_ID} {CODE} {BESLUIT}",
        "Fout: BESLUIT heeft waarde 'misschien'; kies uit: aangenomen, verworpen. "
        "Zie 'makelaar round besluit --help'.",
    ),
    (
        ["round", "run", "--leerbijeenkomst", "altijd"],
        "Gebruik: makelaar round run [OPTIES]",
        "Fout: --leerbijeenkomst heeft waarde 'altijd'; kies uit: handmatig, demo. "
        "Zie 'makelaar round run --help'.",
    ),
    (
        ["forms", "serve", "--port", "0"],
        "Gebruik: makelaar forms serve [OPTIES]",
        "Fout: --port heeft waarde '0'; geef een getal van 1 t/m 65535. "
        "Zie 'makelaar forms serve --help'.",
    ),
    (
        ["enquete", "stand", "--volg", "2,5"],
        "Gebruik: makelaar enquete stand [OPTIES]",
        "Fout: --volg heeft waarde '2,5'; geef een getal, met een punt voor de decimalen "
        "(bv. 2.5). Zie 'makelaar enquete stand --help'.",
    ),
    (
        ["round", "start", "--perod", "2026"],
        "Gebruik: makelaar round start [OPTIES]",
        "Fout: de optie --perod bestaat niet bij 'makelaar round start'; bedoelde je --period? "
        "Zie 'makelaar round start --help'.",
    ),
    (
        ["rond", "status"],
        "Gebruik: makelaar [OPTIES] COMMANDO [ARGUMENTEN]...",
        "Fout: het commando 'rond' bestaat niet bij 'makelaar'; bedoelde je 'round'? "
        "Zie 'makelaar --help'.",
    ),
    (
        ["wijken", "import", "geen-bestand.xlsx"],
        "Gebruik: makelaar wijken import [OPTIES] {BESTAND}",
        "Fout: BESTAND: 'geen-bestand.xlsx' bestaat niet. Zie 'makelaar wijken import --help'.",
    ),
    (
        ["makelaars", "import", "."],
        "Gebruik: makelaar makelaars import [OPTIES] {BESTAND}",
        "Fout: BESTAND: '.' is een map; geef een bestand. Zie 'makelaar makelaars import --help'.",
    ),
    (
        ["cycles", "list", "alles"],
        "Gebruik: makelaar cycles list [OPTIES]",
        "Fout: te veel argumenten: alles; 'makelaar cycles list' neemt geen argumenten. "
        "Zie 'makelaar cycles list --help'.",
    ),
    (
        ["round", "start", "--cycle"],
        "Gebruik: makelaar round start [OPTIES]",
        "Fout: de optie --cycle heeft een waarde nodig (Naam van de cyclus, bv. buurtmeter). "
        "Zie 'makelaar round start --help'.",
    ),
    (
        ["--debug=ja", "cycles", "list"],
        "Gebruik: makelaar [OPTIES] COMMANDO [ARGUMENTEN]...",
        "Fout: de optie --debug neemt geen waarde. Zie 'makelaar --help'.",
    ),
    (
        ["--debug"],
        "Gebruik: makelaar [OPTIES] COMMANDO [ARGUMENTEN]...",
        "Fout: 'makelaar' heeft een commando nodig; kies uit: "
        + ", ".join(name for path, _ in command_paths() if len(path) == 1 for name in path)
        + ". Zie 'makelaar --help'.",
    ),
]


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(("args", "usage", "line"), USAGE_MISTAKES_NL)
def test_a_usage_mistake_prints_the_usage_and_one_dutch_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    usage: str,
    line: str,
) -> None:
    use(monkeypatch, "nl")
    code, err = run_main(monkeypatch, capsys, *args)
    assert (code, err) == (2, [usage, line])


USAGE_MISTAKES_EN = [
    (
        ["round", "start"],
        "Usage: makelaar round start [OPTIONS]",
        "Error: option --cycle is missing (Name of the cycle, e.g. buurtmeter). "
        "See 'makelaar round start --help'.",
    ),
    (
        ["round", "besluit", "1", "x", "misschien", "--reden", "r"],
        "Usage: makelaar round besluit [OPTIONS] {ROUND_ID} {CODE} {DECISION}",
        "Error: DECISION has value 'misschien'; choose from: aangenomen, verworpen. "
        "See 'makelaar round besluit --help'.",
    ),
    (
        ["wijken", "import", "geen-bestand.xlsx"],
        "Usage: makelaar wijken import [OPTIONS] {FILE}",
        "Error: FILE: 'geen-bestand.xlsx' does not exist. See 'makelaar wijken import --help'.",
    ),
    (
        ["round", "start", "--perod", "2026"],
        "Usage: makelaar round start [OPTIONS]",
        "Error: 'makelaar round start' has no option --perod; did you mean --period? "
        "See 'makelaar round start --help'.",
    ),
]


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(("args", "usage", "line"), USAGE_MISTAKES_EN)
def test_a_usage_mistake_is_english_with_the_locale_setting(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    usage: str,
    line: str,
) -> None:
    use(monkeypatch, "en")
    code, err = run_main(monkeypatch, capsys, *args)
    assert (code, err) == (2, [usage, line])


@pytest.mark.usefixtures("language")
def test_a_group_without_its_command_shows_its_help_not_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use(monkeypatch, "nl")
    monkeypatch.setattr(sys, "argv", ["makelaar", "round"])
    with pytest.raises(SystemExit):
        main()
    captured = capsys.readouterr()
    assert "Gebruik: makelaar round [OPTIES] COMMANDO [ARGUMENTEN]..." in captured.out
    assert "Fout" not in captured.err and "Onverwachte fout" not in captured.out


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(
    ("variables", "line"),
    [
        (
            {"MAKELAAR_LOCALE": "fr"},
            "Fout: de instelling MAKELAAR_LOCALE heeft waarde 'fr'; kies uit: nl, en.",
        ),
        (
            {"MAKELAAR_MIN_CELL_SIZE": "1"},
            "Fout: de instelling MAKELAAR_MIN_CELL_SIZE heeft waarde '1'; "
            "geef een getal van minstens 3.",
        ),
        (
            {"MAKELAAR_LOCALE": "en", "MAKELAAR_SMTP_PORT": "vijf"},
            "Error: setting MAKELAAR_SMTP_PORT has value 'vijf'; give a whole number.",
        ),
    ],
)
def test_a_setting_with_a_wrong_value_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variables: dict[str, str],
    line: str,
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    code, err = run_main(monkeypatch, capsys, "cycles", "list")
    assert (code, err) == (1, [line])
