"""The `makelaar` command as a user runs it: real processes, one-line errors, Dutch or English."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from makelaar.intake.cbs import cbs_file
from tests.flows.cli_testing import run_makelaar as run


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_the_command_modules_register_in_the_order_of_the_help_pages() -> None:
    # flows/cli.py imports the command modules in this order; a group lists its commands as
    # registered, so a reordered import would reorder the help pages. Checked in a fresh
    # interpreter, as `makelaar` starts: in this process another test may have imported a
    # command module (and so registered its commands) before flows/cli.py did.
    listed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from tests.flows.cli_testing import command_paths; "
            "print(json.dumps([' '.join(path) for path, _ in command_paths()]))",
        ],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(listed.stdout)[1:] == [
        "demo",
        "voorstellen",
        "indicatoren",
        "export",
        "init",
        "db",
        "db upgrade",
        "wijken",
        "wijken import",
        "round",
        "round start",
        "round run",
        "round status",
        "round besluit",
        "round besluiten",
        "round inplannen",
        "handreiking",
        "handreiking render",
        "cycles",
        "cycles list",
        "logboek",
        "logboek sjabloon",
        "logboek import",
        "logboek inbox",
        "enquete",
        "enquete formulier",
        "enquete open",
        "enquete modus",
        "enquete uitnodigen",
        "enquete herinneren",
        "enquete stand",
        "enquete sluit",
        "enquete lijst",
        "enquete importeer",
        "enquete exporteer",
        "forms",
        "forms serve",
        "makelaars",
        "makelaars import",
        "makelaars lijst",
        "voorstel",
        "voorstel nieuw",
        "voorstel laad",
        "voorstel agenda",
        "edities",
        "edities toon",
        "edities verschil",
        "gemeente",
        "gemeente instellen",
        "gemeente toon",
        "planning",
        "planning rooster",
        "programma",
        "programma voorbeeld",
        "programma toon",
        "programma deploy",
    ]


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("demo", "db", "wijken", "round", "handreiking", "cycles"):
        assert command in result.stdout


def test_db_upgrade_then_import_then_start_a_round(tmp_path: Path) -> None:
    upgraded = run(tmp_path, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert re.search(r"Database bijgewerkt tot schemaversie \d{4}: sqlite:///", upgraded.stdout)

    imported = run(tmp_path, "wijken", "import", str(cbs_file()))
    assert imported.returncode == 0, imported.stderr
    assert "1 gemeente(n), 10 wijken, 111 buurten" in imported.stdout

    started = run(tmp_path, "round", "start", "--cycle", "buurtmeter", "--period", "2026-H2")
    assert started.returncode == 0, started.stderr
    assert "Ronde 1 (buurtmeter, Utrecht, 2026-H2) staat klaar." in started.stdout

    status = run(tmp_path, "round", "status")
    assert "waarnemen" in status.stdout and "nog niet gestart" in status.stdout


def test_an_unmigrated_database_gives_one_line_saying_what_to_do(tmp_path: Path) -> None:
    result = run(tmp_path, "round", "status")
    assert_one_line_error(result, "Fout:", "makelaar db upgrade")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (
            ("round", "start", "--cycle", "onbekend", "--period", "2026"),
            ("Onbekende cyclus 'onbekend'", "buurtmeter"),
        ),
        (("round", "besluit", "7", "x", "aangenomen", "--reden", "r"), ("Ronde 7 bestaat niet",)),
    ],
)
def test_bad_input_gives_one_clear_line_and_exit_code_1(
    tmp_path: Path, args: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    assert_one_line_error(run(tmp_path, *args), *fragments)


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run(tmp_path, "--debug", "round", "status")
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "StoreError" in result.stderr


def test_messages_are_english_with_the_locale_setting(tmp_path: Path) -> None:
    result = run(tmp_path, "db", "upgrade", locale="en")
    assert "Database migrated to schema revision" in result.stdout


def test_cycles_list_shows_the_builtin_cycle(tmp_path: Path) -> None:
    result = run(tmp_path, "cycles", "list")
    assert result.returncode == 0, result.stderr
    assert "buurtmeter" in result.stdout and "Buurtmeter (Utrecht, Portes)" in result.stdout
