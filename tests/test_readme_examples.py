"""Every `makelaar` command in the README's ```sh blocks runs as written, in README order.

The commands are read from README.md when the test runs, so an example added, changed or renamed
there is checked at once. They run in this process through the Typer app, in a fresh temporary
directory (the working directory, with MAKELAAR_DATA_DIR and MAKELAAR_OUTPUT_DIR inside it), as a
new user would run them from the root of a fresh clone: a path into the repository is copied in
at the same place, and the files a user brings (a logbook, a contact list, a Kobo export) are
written by the test, each per command, below.

A few commands cannot run here as written: they go through Prefect (a local server per run, and a
round that then waits weeks for its survey windows), send e-mail, or serve until Ctrl-C. Those
are listed in PARSE_ONLY with the reason: they are parsed by the app's own parser (every option
and argument, files included), so a renamed option or a wrong value still fails this test. What
such a command leaves behind for the next examples (the survey rounds `round run` opens) is put
in place by the test, the way the command does it.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shlex
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer import _click
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

import makelaar.flows.cli
from makelaar.flows.cli import app
from makelaar.flows.cli_fouten import usage_error_line
from makelaar.models.settings import get_settings
from tests.factories import write_xlsx

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
KEY = "5" * 64


@dataclass(frozen=True)
class ParseOnly:
    """A command checked by parsing only: its path, an option that must be given, and why."""

    path: tuple[str, ...]
    reason: str
    option: str | None = None


PARSE_ONLY = (
    ParseOnly(
        ("round", "run"),
        "runs the round through Prefect (a local server for the run); observe then opens survey "
        "windows of weeks, and the round stops until they close",
    ),
    ParseOnly(
        ("round", "besluit"),
        "needs proposals, which a round has only after its survey windows closed (weeks)",
    ),
    ParseOnly(
        ("handreiking", "render"), "needs an edition, which a round has only after its decisions"
    ),
    ParseOnly(
        ("round", "inplannen"),
        "plans a run on the Prefect server of PREFECT_API_URL, where prefect.yaml is deployed",
    ),
    ParseOnly(("logboek", "inbox"), "runs through Prefect (a local server for the run)"),
    ParseOnly(("enquete", "herinneren"), "runs through Prefect (a local server for the run)"),
    ParseOnly(("enquete", "uitnodigen"), "sends e-mail: needs an SMTP server", option="email"),
    ParseOnly(("enquete", "stand"), "refreshes until stopped with Ctrl-C", option="--volg"),
    ParseOnly(("forms", "serve"), "serves the answering pages until stopped with Ctrl-C"),
    ParseOnly(("demo",), "a whole round through Prefect; tests/flows/test_demo_round.py runs it"),
    ParseOnly(
        ("indicatoren",),
        "needs a round with indicators, which a round has only after its survey windows closed; "
        "tests/flows/test_cli_indicatoren.py runs it",
    ),
    ParseOnly(("export",), "needs a round with indicators, like indicatoren"),
    ParseOnly(
        ("edities",),
        "one gemeente's editions need a round that made its edition; "
        "tests/flows/test_cli_edities.py runs it",
        option="--gemeente",
    ),
    ParseOnly(("edities", "toon"), "needs an edition, like edities --gemeente"),
    ParseOnly(("edities", "verschil"), "needs two editions, like edities --gemeente"),
    ParseOnly(
        ("programma", "deploy"),
        "registers deployments on the Prefect server of PREFECT_API_URL; "
        "tests/flows/test_programma.py runs it",
    ),
)


def readme_commands() -> list[list[str]]:
    """The `makelaar` command lines of the README's ```sh blocks, in order, without 'makelaar'."""
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] in (".venv/bin/makelaar", "makelaar"):
                commands.append(words[1:])
    return commands


def resolve(args: list[str], *, resilient: bool) -> tuple[tuple[str, ...], _click.Context]:
    """The command path of `args` and the context the app's parser makes for its command."""
    command = get_command(app)
    ctx = command.make_context("makelaar", list(args), resilient_parsing=resilient)
    path: list[str] = []
    while isinstance(command, TyperGroup):
        rest = [*ctx._protected_args, *ctx.args]
        if not rest and command.invoke_without_command:  # a group that runs itself (`edities`)
            break
        name, sub, rest = command.resolve_command(ctx, rest)
        assert name is not None and sub is not None, f"makelaar {shlex.join(args)}: no command"
        path.append(name)
        ctx = sub.make_context(name, rest, parent=ctx, resilient_parsing=resilient)
        command = sub
    return tuple(path), ctx


def parse(args: list[str]) -> None:
    """Parse `args` as the app does (types, choices, files), failing with the CLI's own line."""
    try:
        resolve(args, resilient=False)
    except _click.exceptions.UsageError as error:
        pytest.fail(f"makelaar {shlex.join(args)}: {usage_error_line(error, 'en')}")


def raw_values(args: list[str]) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The command path and the values given for its parameters, as typed (before any check)."""
    path, ctx = resolve(args, resilient=True)
    position = 0
    for name in path:  # the words after the command path (the app's own options come before)
        position = args.index(name, position) + 1
    opts, _, _ = ctx.command.make_parser(ctx).parse_args(list(args[position:]))
    return path, opts


# --- the files a user brings, written per command --------------------------------------------

BROKER = "UT-MK-01"
LOGBOOK_HEADER = ["Datum", "Makelaar", "Wijk", "Soort actie", "Resultaat", "Aantal bereikt", "Uren"]
LOGBOOK_ROWS = [
    ["03-02-2026", BROKER, "WK034401", "Huisbezoek", "Doorverwezen naar passende hulp", "2", "1,5"],
    ["10-02-2026", BROKER, "WK034401", "Evenement", "Verbinding gelegd", "12", "3"],
]
BAD_LOGBOOK_ROW = ["31-02-2026", BROKER, "WK034401", "Evenement", "Verbinding gelegd", "5", "2"]


def write_table(path: Path, rows: list[list[str]]) -> None:
    """A table as a Dutch spreadsheet saves it: CSV with ';', or XLSX (by the path's suffix)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        write_xlsx(path, {"Blad1": rows})
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream, delimiter=";").writerows(rows)


def register(path: Path, args: list[str]) -> None:
    write_table(
        path,
        [
            ["code", "naam", "wijken", "startdatum"],
            [BROKER, "Anna de Vries", "WK034401", "01-01-2025"],
        ],
    )


def logbook(path: Path, args: list[str]) -> None:
    rows = [*LOGBOOK_ROWS, *([BAD_LOGBOOK_ROW] if "--sla-ongeldig-over" in args else [])]
    if path.suffix:
        write_table(path, [LOGBOOK_HEADER, *rows])
    else:  # a folder of logbook files
        write_table(path / "acties-feb.csv", [LOGBOOK_HEADER, *rows])


def contacts(path: Path, args: list[str]) -> None:
    write_table(
        path,
        [
            ["e-mail", "wijk", "code", "naam", "adres", "postcode", "plaats"],
            [
                "a@example.nl",
                "WK034401",
                BROKER,
                "A. de Vries",
                "Dorpsstraat 1",
                "3511 AA",
                "Utrecht",
            ],
            [
                "b@example.nl",
                "WK034402",
                "buurtteam",
                "B. Jansen",
                "Kerkstraat 2",
                "3512 BB",
                "Utrecht",
            ],
        ],
    )


def kobo_export(path: Path, args: list[str]) -> None:
    """One resident's answers to the buurtmeter, as KoboToolbox exports 'XML values and headers'."""
    write_table(
        path,
        [
            [
                "_uuid",
                "_submission_time",
                "wijk_code",
                "meedoen/deelgenomen",
                "meedoen/georganiseerd",
                "hulp_informatie/weet_waar_vraag",
                "buren/contact_buren",
                "tevredenheid/rapportcijfer",
            ],
            [
                "0b6c7d1e-4f2a-4c3b-9d8e-1a2b3c4d5e6f",
                "2026-12-01T10:00:00",
                "WK034401",
                "ja",
                "nee",
                "deels",
                "wekelijks",
                "8",
            ],
        ],
    )


def logo(path: Path, args: list[str]) -> None:
    """A gemeente's logo: a real PNG of a few pixels."""
    from tests.flows.test_cli_gemeente import png

    path.write_bytes(png())


def proposals(path: Path, args: list[str]) -> None:
    """A researcher's proposals for `voorstel laad`, as the README's example writes them."""
    path.write_text(
        "voorstellen:\n"
        "  - titel: Een vaste koffieochtend per wijk\n"
        "    secties: [Werken met signalen, organisatie-leerbijeenkomst]\n"
        "    tekst: Elke wijk heeft een **vaste** koffieochtend in de week.\n"
        "    bewijs: Zes van de tien makelaars vroegen erom.\n",
        encoding="utf-8",
    )


def round_input_file(path: Path, args: list[str]) -> None:
    """A `--bestand SOORT=PAD` of `round run` (read as one path here): the casusregie files, as
    the test of `--bestand` writes them, next to PAD."""
    from tests.flows.test_cli_bestanden import casusregie_files

    soort, _, pad = str(path).partition("=")
    written = casusregie_files(Path(pad).parent)
    assert written.get(soort) == Path(pad), f"--bestand {path}: no such casusregie file to write"


def repository_file(path: Path, args: list[str]) -> None:
    pytest.fail(f"{path}: the README names a file that the repository does not ship")


#: per command, the parameters whose values are files or folders the user brings, and who writes them
INPUTS: dict[tuple[str, ...], dict[str, Callable[[Path, list[str]], None]]] = {
    ("wijken", "import"): {"bestand": repository_file},
    ("makelaars", "import"): {"bestand": register},
    ("logboek", "import"): {"paden": logbook},
    ("enquete", "uitnodigen"): {"contacten": contacts},
    ("enquete", "importeer"): {"export": kobo_export},
    ("gemeente", "instellen"): {"logo": logo},
    ("voorstel", "laad"): {"bestand": proposals},
    ("planning",): {"bestand": repository_file},
    ("round", "run"): {"bestand": round_input_file},
}


def provide(args: list[str]) -> tuple[str, ...]:
    """Put in place what the command reads; its command path."""
    path, values = raw_values(args)
    for name, write in INPUTS.get(path, {}).items():
        given = values.get(name)
        for value in given if isinstance(given, (list, tuple)) else [given] if given else []:
            target = Path(value)
            source = ROOT / value
            if target.exists():
                continue
            if not target.is_absolute() and source.exists():  # a path into the clone
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, target)
            else:
                write(target, args)
    return path


def open_the_survey_rounds(args: list[str]) -> None:
    """What `round run` leaves for the survey examples: observe's survey rounds, opened now."""
    from makelaar.cycles.enquetes import open_survey_rounds, survey_plan
    from makelaar.cycles.registry import load_cycles
    from makelaar.cycles.rounds import list_rounds
    from makelaar.cycles.spec import RoundContext
    from makelaar.models.store import Store

    _, values = raw_values(args)
    cycle = load_cycles().get(values.get("cyclus") or "buurtmeter")
    if not survey_plan(cycle):  # a cycle without surveys opens none (casusregie)
        return
    settings = get_settings()
    store = Store.from_settings(settings)
    try:
        [ronde] = [
            r
            for r in list_rounds(store)
            if (r.cyclus, r.periode) == (values.get("cyclus"), values.get("periode"))
        ]
        context = RoundContext(ronde=ronde, store=store, settings=settings)
        open_survey_rounds(context, survey_plan(cycle), dt.datetime.now(dt.UTC))
    finally:
        store.dispose()


def write_the_recipe(args: list[str]) -> None:
    """What `programma deploy` leaves for `planning --bestand`: the recipe in the data folder."""
    from makelaar.flows.programma import (
        lees_programma,
        programma_recept,
        recept_pad,
        recept_tekst,
    )

    bestand = Path(args[-1])
    settings = get_settings()
    recept = programma_recept(lees_programma(bestand), settings, bestand.name)
    pad = recept_pad(settings)
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(recept_tekst(recept, bestand.name, dt.datetime.now(dt.UTC)), encoding="utf-8")


#: what a command checked by parsing leaves behind, done the way it does it
STAND_INS: dict[tuple[str, ...], Callable[[list[str]], None]] = {
    ("round", "run"): open_the_survey_rounds,
    ("programma", "deploy"): write_the_recipe,
}


def parse_only(path: tuple[str, ...], args: list[str]) -> ParseOnly | None:
    for entry in PARSE_ONLY:
        if entry.path == path and (entry.option is None or entry.option in args):
            return entry
    return None


@pytest.fixture
def fresh_clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working directory with the data and output directories in it."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith(("MAKELAAR_", "PREFECT_API"))]:
        if name != "MAKELAAR_PREFECT_CACHE_DIR":  # the session's, not the user's (tests/conftest)
            monkeypatch.delenv(name)
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(tmp_path / ".makelaar"))
    monkeypatch.setenv("MAKELAAR_OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("MAKELAAR_PSEUDONYM_KEY", KEY)
    monkeypatch.setenv("MAKELAAR_PUBLIC_URL", "https://enquete.example.nl")
    # The root callback configures the process's logging for the terminal; not in a test process.
    monkeypatch.setattr(makelaar.flows.cli, "configure_terminal_logging", lambda debug: None)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_the_readme_has_makelaar_examples_of_both_kinds() -> None:
    commands = readme_commands()
    assert len(commands) >= 20, commands
    kinds = {parse_only(raw_values(c)[0], c) is None for c in commands}
    assert kinds == {True, False}


def test_every_readme_example_runs_as_written(fresh_clone: Path) -> None:
    ran, parsed = [], []
    for args in readme_commands():
        shown = "makelaar " + shlex.join(args)
        path = provide(args)
        skip = parse_only(path, args)
        if skip is not None:
            parse(args)
            if path in STAND_INS:
                STAND_INS[path](args)
            parsed.append(f"{shown}  ({skip.reason})")
            continue
        result = CliRunner().invoke(app, args, prog_name="makelaar")
        assert result.exit_code == 0, (
            f"{shown} ended with exit code {result.exit_code}:\n{result.output}{result.exception!r}"
        )
        ran.append(shown)
    assert ran and parsed
