"""A command line or a setting the CLI cannot use: the command's usage and one line, in the language."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from makelaar.cycles.registry import migration_folders
from makelaar.flows.cli import main
from makelaar.models.settings import get_settings
from makelaar.models.store import Store
from makelaar.models.taal import Taal
from tests.flows.cli_testing import command_paths, in_process, run_main, use


@pytest.fixture
def language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A data directory of the test's own; the language is set per test with `use`."""
    in_process(monkeypatch, tmp_path)
    yield
    get_settings.cache_clear()


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
        "Fout: BESLUIT heeft waarde 'misschien'; kies uit: aangenomen, verworpen, uitgesteld. "
        "Zie 'makelaar round besluit --help'.",
    ),
    (
        ["round", "run", "--leerbijeenkomst", "altijd"],
        "Gebruik: makelaar round run [OPTIES]",
        "Fout: --leerbijeenkomst heeft waarde 'altijd'; kies uit: handmatig, demo, formulier. "
        "Zie 'makelaar round run --help'.",
    ),
    (
        ["round", "start", "--cycle", "buurtmeter", "--period", "2026-H3"],
        "Gebruik: makelaar round start [OPTIES]",
        "Fout: --period: Periode '2026-H3' is ongeldig; gebruik een jaar (2026), halfjaar "
        "(2026-H2), kwartaal (2026-Q3) of maand (2026-09). Zie 'makelaar round start --help'.",
    ),
    (
        [
            "enquete",
            "open",
            "--ronde",
            "1",
            "--formulier",
            "buurtmeter",
            "--publiek",
            "bewoners",
            "--sluit",
            "31-02-2026",
        ],
        "Gebruik: makelaar enquete open [OPTIES]",
        "Fout: --sluit: '31-02-2026' is geen geldige datum; gebruik JJJJ-MM-DD (bv. 2026-12-15), "
        "DD-MM-JJJJ of JJJJ-MM-DDTUU:MM, in Nederlandse tijd. Zie 'makelaar enquete open --help'.",
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
        ["enquete", "stand", "--volg", "0"],
        "Gebruik: makelaar enquete stand [OPTIES]",
        "Fout: --volg: geef een positief aantal seconden, niet 0. "
        "Zie 'makelaar enquete stand --help'.",
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
        "Error: DECISION has value 'misschien'; choose from: aangenomen, verworpen, uitgesteld. "
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
    (
        ["round", "start", "--cycle", "buurtmeter", "--period", "2026-H3"],
        "Usage: makelaar round start [OPTIONS]",
        "Error: --period: Period '2026-H3' is not valid; use a year (2026), half year "
        "(2026-H2), quarter (2026-Q3) or month (2026-09). See 'makelaar round start --help'.",
    ),
]


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(
    ("taal", "args", "usage", "line"),
    [("nl", *mistake) for mistake in USAGE_MISTAKES_NL]
    + [("en", *mistake) for mistake in USAGE_MISTAKES_EN],
)
def test_a_usage_mistake_prints_the_usage_and_one_line_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    taal: Taal,
    args: list[str],
    usage: str,
    line: str,
) -> None:
    use(monkeypatch, taal)
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


@pytest.mark.usefixtures("language")
def test_every_command_answers_an_unknown_option_with_its_usage_and_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use(monkeypatch, "nl")
    for path, _command in command_paths():
        shown = " ".join(["makelaar", *path])
        code, err = run_main(monkeypatch, capsys, *path, "--bestaat-niet")
        assert code == 2, (shown, err)
        assert err[0].startswith(f"Gebruik: {shown} [OPTIES]"), (shown, err)
        assert err[1].startswith(f"Fout: de optie --bestaat-niet bestaat niet bij '{shown}'"), err
        assert err[1].endswith(f"Zie '{shown} --help'."), err
        assert len(err) == 2, err


def run_migrated(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    taal: Taal,
    args: list[str],
) -> tuple[int, list[str]]:
    """`makelaar ARGS` in `taal` on a migrated project database: exit code and stderr lines."""
    use(monkeypatch, taal)
    store = Store.from_settings(get_settings())
    store.upgrade(migration_folders())
    store.dispose()
    return run_main(monkeypatch, capsys, *args)


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(
    ("taal", "args", "line"),
    [
        (
            "en",
            ["round", "status", "99"],
            "Error: There is no round 99. 'makelaar round status' lists the rounds.",
        ),
        (
            "nl",
            ["round", "status", "99"],
            "Fout: Ronde 99 bestaat niet. 'makelaar round status' toont de rondes.",
        ),
        (
            "en",
            ["round", "start", "--cycle", "onbekend", "--period", "2026"],
            "Error: Unknown cycle 'onbekend'. Available: actieonderzoek, buurtmeter, casusregie.",
        ),
        (
            "en",
            ["round", "start", "--cycle", "buurtmeter", "--period", "2026", "--gemeente", "GM0001"],
            "Error: Municipality GM0001 is not in the database. Import the CBS "
            "key figures first: makelaar wijken import FILE.",
        ),
    ],
)
def test_a_mistake_found_while_the_command_runs_is_one_line_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    taal: Taal,
    args: list[str],
    line: str,
) -> None:
    assert run_migrated(monkeypatch, capsys, taal, args) == (1, [line])


@pytest.mark.usefixtures("language")
def test_a_database_not_yet_migrated_is_one_line_in_english(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use(monkeypatch, "en")
    code, err = run_main(monkeypatch, capsys, "round", "status")
    assert code == 1 and len(err) == 1
    assert err[0].startswith("Error: The database is at schema version (empty), but 00")
    assert err[0].endswith(" is needed. Run 'makelaar db upgrade' first.")


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(
    ("taal", "args", "line"),
    [
        (
            "en",
            ["enquete", "sluit", "99"],
            "Error: There is no survey round 99; see the numbers with 'makelaar enquete lijst'.",
        ),
        (
            "en",
            ["enquete", "modus", "99", "anoniem"],
            "Error: There is no survey round 99; see the numbers with 'makelaar enquete lijst'.",
        ),
        (
            "nl",
            ["enquete", "sluit", "99"],
            "Fout: Enquêteronde 99 bestaat niet; zie de nummers met 'makelaar enquete lijst'.",
        ),
        (
            "en",
            [
                "enquete",
                "open",
                "--ronde",
                "99",
                "--formulier",
                "buurtmeter_makelaars",
                "--publiek",
                "makelaars",
                "--sluit",
                "2099-01-31",
            ],
            "Error: There is no evaluation round 99; start one with 'makelaar round start' and "
            "see the numbers with 'makelaar round status'.",
        ),
        (
            "en",
            [
                "enquete",
                "open",
                "--ronde",
                "1",
                "--formulier",
                "buurtmeter_makelaars",
                "--publiek",
                "makelaars",
                "--opent",
                "2099-02-01",
                "--sluit",
                "2099-01-31",
            ],
            "Error: The window closes (01-02-2099 00:00) before or at the moment it opens "
            "(01-02-2099 00:00); choose a closing date after the opening date.",
        ),
    ],
)
def test_a_survey_round_mistake_is_one_line_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    taal: Taal,
    args: list[str],
    line: str,
) -> None:
    assert run_migrated(monkeypatch, capsys, taal, args) == (1, [line])


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(
    ("taal", "inhoud", "begin", "einde"),
    [
        (
            "en",
            "",
            "Error: The pseudonym key file ",
            " (MAKELAAR_PSEUDONYM_KEY_FILE) is empty; a valid key file holds at least 64 "
            "hexadecimal characters, e.g. the output of `python -c 'import secrets; "
            "print(secrets.token_hex(32))'`.",
        ),
        (
            "en",
            "geen sleutel\n",
            "Error: The pseudonym key file ",
            " (MAKELAAR_PSEUDONYM_KEY_FILE) holds no hexadecimal key; a valid key file holds at "
            "least 64 hexadecimal characters, e.g. the output of `python -c 'import secrets; "
            "print(secrets.token_hex(32))'`.",
        ),
        (
            "nl",
            "",
            "Fout: Het sleutelbestand voor pseudoniemen ",
            " (MAKELAAR_PSEUDONYM_KEY_FILE) is leeg; een geldig sleutelbestand bevat minstens 64 "
            "hexadecimale tekens, bijvoorbeeld de uitvoer van `python -c 'import secrets; "
            "print(secrets.token_hex(32))'`.",
        ),
    ],
)
def test_a_pseudonym_key_file_that_cannot_be_used_is_one_line_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    taal: Taal,
    inhoud: str,
    begin: str,
    einde: str,
) -> None:
    sleutel = tmp_path / "sleutel.hex"
    sleutel.write_text(inhoud)
    sleutel.chmod(0o600)
    monkeypatch.setenv("MAKELAAR_PSEUDONYM_KEY_FILE", str(sleutel))
    monkeypatch.delenv("MAKELAAR_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("MAKELAAR_PSEUDONYM_KEY_BLOCK", raising=False)
    use(monkeypatch, taal)
    store = Store.from_settings(get_settings())
    store.upgrade(migration_folders())
    store.dispose()
    code, err = run_main(monkeypatch, capsys, "forms", "serve")
    assert code == 1 and len(err) == 1, err
    assert err[0].startswith(begin) and err[0].endswith(einde), err[0]
    assert str(sleutel) in err[0]


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(
    ("setting", "waarde", "line"),
    [
        (
            "MAKELAAR_PUBLIC_URL",
            "x",
            "Error: setting MAKELAAR_PUBLIC_URL has value 'x'; not a web address; give an address "
            "that begins with https:// or http://, without ? or #, e.g. https://enquete.utrecht.nl.",
        ),
        (
            "MAKELAAR_MAIL_FROM",
            "x",
            "Error: setting MAKELAAR_MAIL_FROM has value 'x'; not a sender; give one e-mail "
            "address, with a name before it if wanted, e.g. "
            "'Onderzoek Buurtmeter <onderzoek@utrecht.nl>'.",
        ),
        (
            "MAKELAAR_PSEUDONYM_KEY_BLOCK",
            "A_B",
            "Error: setting MAKELAAR_PSEUDONYM_KEY_BLOCK has value 'A_B'; not the name of a "
            "Prefect block; use lower-case letters, digits and '-', e.g. "
            "'makelaar-pseudoniemsleutel'.",
        ),
    ],
)
def test_a_setting_that_its_own_check_refuses_is_one_line_in_english(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    waarde: str,
    line: str,
) -> None:
    monkeypatch.setenv(setting, waarde)
    use(monkeypatch, "en")
    code, err = run_main(monkeypatch, capsys, "round", "status")
    assert (code, err) == (1, [line])
