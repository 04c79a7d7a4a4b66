"""`makelaar round run --bestand SOORT=PAD`: a casusregie round from the command line imports
the three files it is given; a kind the cycle does not read, a missing file or a value that is
no SOORT=PAD is one line naming the option and what is valid, in Dutch or English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from makelaar.cycles.casusregie.tabellen import casus, samenwerking, tevredenheid
from makelaar.cycles.registry import migration_folders
from makelaar.cycles.rounds import list_rounds, stored_result
from makelaar.flows.cli import app
from makelaar.models.domain import Fase
from makelaar.models.schemas import ObserveResult
from makelaar.models.settings import get_settings
from makelaar.models.store import Store
from makelaar.models.tables import Gemeente
from tests.factories import write_xlsx
from tests.flows.cli_testing import in_process, run_main, use
from tests.flows.flow_testing import RecordingCycle

#: the case records as a spreadsheet: headers as the gemeente writes them, one household a row
CASUSSEN = [
    row.split(";")
    for row in (
        "Huishouden;Wijk;Makelaar;Gemeld op;Eerste contact op;Afgesloten op;Aanbieders start;"
        "Aanbieders einde;Eigen netwerk;Vrijwilligers;Professionals;Volgens werkwijze",
        "W-2026-001;Molenvliet;WRD-01;03-02-2026;05-02-2026;20-04-2026;5;2;ja;nee;ja;ja",
        "W-2026-002;Harmelen;WRD-02;10-02-2026;11-02-2026;;4;;nee;ja;ja;ja",
        "W-2026-003;Kamerik;WRD-03;12-03-2026;16-03-2026;30-06-2026;6;3;ja;ja;ja;nee",
    )
]
TEVREDENHEID = (
    "huishouden;beantwoord op;snelheid;eigen verantwoordelijkheid;netwerk betrokken\n"
    "W-2026-001;01-05-2026;4;5;ja\n"
    "W-2026-003;02-07-2026;3;4;nee\n"
)
SAMENWERKING = (
    "respondent;rol;beantwoord op;samenwerking;rolverdeling\n"
    "R-01;vrijwilliger;15-05-2026;4;3\n"
    "R-02;professional;18-05-2026;3;4\n"
)


def casusregie_files(folder: Path) -> dict[str, Path]:
    """The pilot's three kinds of file, as a gemeente keeps them: XLSX and CSV with ';'."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "casussen": write_xlsx(folder / "casussen.xlsx", {"Casussen": CASUSSEN}),
        "tevredenheid": folder / "tevredenheid.csv",
        "samenwerking": folder / "samenwerking.csv",
    }
    files["tevredenheid"].write_text(TEVREDENHEID, encoding="utf-8")
    files["samenwerking"].write_text(SAMENWERKING, encoding="utf-8")
    return files


def options(files: dict[str, Path]) -> list[str]:
    return [word for soort, pad in files.items() for word in ("--bestand", f"{soort}={pad}")]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    in_process(monkeypatch, tmp_path)
    yield
    get_settings.cache_clear()


@pytest.mark.prefect
def test_a_casusregie_round_from_the_command_line_imports_its_three_files(
    flow_store: Store, cli: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAKELAAR_PSEUDONYM_KEY", "5" * 64)
    get_settings.cache_clear()
    flow_store.upgrade(migration_folders())
    with flow_store.session() as session:
        session.add(Gemeente(code="GM0632", naam="Woerden"))
    files = casusregie_files(tmp_path / "invoer")

    result = CliRunner().invoke(
        app,
        [
            "round",
            "run",
            "--cycle",
            "casusregie",
            "--gemeente",
            "GM0632",
            "--period",
            "2026",
            "--leerbijeenkomst",
            "demo",
            *options(files),
        ],
    )

    assert result.exit_code == 0, result.output
    assert "Het document van de ronde staat klaar:" in result.output
    with flow_store.connection() as db:
        counts = {
            table.name: db.scalar(sa.select(sa.func.count()).select_from(table))
            for table in (casus, tevredenheid, samenwerking)
        }
        keys = db.scalars(sa.select(casus.c.huishouden)).all()
    assert counts == {
        "casusregie_casus": 3,
        "casusregie_tevredenheid": 2,
        "casusregie_samenwerking": 2,
    }
    assert all("W-2026" not in key for key in keys)  # stored under pseudonyms only
    [ronde] = list_rounds(flow_store)
    observed = stored_result(flow_store, ronde.id, Fase.OBSERVE)
    assert isinstance(observed, ObserveResult)
    imported = {(b.bron, b.gelezen, b.nieuw) for b in observed.bronnen}
    assert {
        ("casussen.xlsx", 3, 3),
        ("tevredenheid.csv", 2, 2),
        ("samenwerking.csv", 2, 2),
    } <= imported


@pytest.mark.parametrize(
    ("taal", "line"),
    [
        (
            "nl",
            "Fout: --bestand klachten={pad}: de cyclus casusregie leest geen bestand van de soort "
            "'klachten'; geldig: casussen, samenwerking, tevredenheid.",
        ),
        (
            "en",
            "Error: --bestand klachten={pad}: the cycle casusregie reads no file of the kind "
            "'klachten'; valid: casussen, samenwerking, tevredenheid.",
        ),
    ],
)
def test_a_kind_the_cycle_does_not_read_names_the_option_and_the_valid_kinds(
    cli: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    taal: str,
    line: str,
) -> None:
    use(monkeypatch, "en" if taal == "en" else "nl")
    pad = tmp_path / "klachten.csv"
    pad.write_text("a;b\n1;2\n", encoding="utf-8")

    code, err = run_main(
        monkeypatch, capsys, "round", "run", "--cycle", "casusregie", "--bestand", f"klachten={pad}"
    )

    assert (code, err) == (1, [line.format(pad=pad)])
    assert not (tmp_path / "data" / "makelaar.db").exists()  # refused before any round


def test_a_cycle_that_reads_no_files_says_to_leave_the_option_out(
    cli: None,
    recording_cycle: RecordingCycle,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    pad = tmp_path / "iets.csv"
    pad.write_text("a\n1\n", encoding="utf-8")

    code, err = run_main(
        monkeypatch, capsys, "round", "run", "--cycle", "testcyclus", "--bestand", f"iets={pad}"
    )

    assert (code, err) == (
        1,
        [
            f"Fout: --bestand iets={pad}: de cyclus testcyclus leest geen invoerbestanden; laat "
            "--bestand weg."
        ],
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("casussen={missing}", "casussen={missing}: het bestand {missing} bestaat niet."),
        ("casussen", "'casussen' is geen SOORT=PAD; geef bv. casussen=casussen.xlsx."),
        ("={missing}", "'={missing}' is geen SOORT=PAD; geef bv. casussen=casussen.xlsx."),
        (
            "casussen={folder}",
            "casussen={folder}: {folder} is een map, geen bestand; geef een bestand.",
        ),
    ],
)
def test_a_value_that_is_no_file_is_a_mistake_in_the_command_line(
    cli: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    value: str,
    reason: str,
) -> None:
    use(monkeypatch, "nl")
    where = {"missing": tmp_path / "casussen.xlsx", "folder": tmp_path}

    code, err = run_main(
        monkeypatch,
        capsys,
        "round",
        "run",
        "--cycle",
        "casusregie",
        "--bestand",
        value.format(**where),
    )

    assert code == 2
    assert err[-1] == (
        f"Fout: --bestand: {reason.format(**where)} Zie 'makelaar round run --help'."
    )


def test_a_kind_given_twice_is_refused(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    use(monkeypatch, "nl")
    files = casusregie_files(tmp_path / "invoer")
    twice = [*options(files), "--bestand", f"casussen={files['tevredenheid']}"]

    code, err = run_main(monkeypatch, capsys, "round", "run", "--cycle", "casusregie", *twice)

    assert code == 2
    assert err[-1] == (
        "Fout: --bestand: de soort 'casussen' staat er twee keer; geef per soort één bestand. "
        "Zie 'makelaar round run --help'."
    )
