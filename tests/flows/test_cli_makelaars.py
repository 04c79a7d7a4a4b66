"""`makelaar makelaars import|lijst` as a researcher runs them: real processes, Dutch by default,
English with MAKELAAR_LOCALE=en, a refused file named cell by cell with exit code 1."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.factories import make_gemeente_with_wijken
from tests.flows.cli_testing import run_makelaar

REGISTER = (
    "code;naam;wijken;startdatum;einddatum\r\n"
    "UT-MK-01;Anouk Jansen;Wijk 01 Deel 1;01-09-2025;\r\n"
    'UT-MK-02;Bram Visser;"WK999602; Wijk 03 Deel 3";01-09-2025;31-12-2026\r\n'
)


def run(tmp_path: Path, *args: str, taal: str = "nl") -> subprocess.CompletedProcess[str]:
    return run_makelaar(tmp_path, "makelaars", *args, locale=taal)


@pytest.fixture
def regio(tmp_path: Path) -> Path:
    """The store the commands find (MAKELAAR_DATA_DIR=tmp/data), with a gemeente of 3 wijken."""
    store = Store.from_settings(Settings(data_dir=tmp_path / "data"))
    store.upgrade()
    with store.session() as session:
        make_gemeente_with_wijken(session, 3, code="GM9996", naam="Lijststad")
    store.dispose()
    return tmp_path


def test_import_then_list_in_dutch_and_english(regio: Path) -> None:
    (regio / "makelaars.csv").write_text(REGISTER, encoding="cp1252")
    ingelezen = run(regio, "import", "makelaars.csv")
    assert ingelezen.returncode == 0, ingelezen.stderr
    assert ingelezen.stdout.strip() == (
        "Makelaarsregister bijgewerkt uit makelaars.csv (gemeente GM9996): 2 nieuw, 0 "
        "bijgewerkt, 0 ongewijzigd; 3 wijk(en) erbij, 0 eraf."
    )
    assert run(regio, "import", "makelaars.csv", taal="en").stdout.strip() == (
        "Brokers' register updated from makelaars.csv (municipality GM9996): 0 new, 0 updated, "
        "2 unchanged; 0 district(s) added, 0 removed."
    )
    lijst = run(regio, "lijst")
    assert lijst.returncode == 0, lijst.stderr
    assert lijst.stdout.splitlines() == [
        "code      naam          wijken          start       einde",
        "UT-MK-01  Anouk Jansen  Deel 1          01-09-2025  -",
        "UT-MK-02  Bram Visser   Deel 2, Deel 3  01-09-2025  31-12-2026",
    ]
    engels = run(regio, "lijst", "--gemeente", "GM9996", taal="en")
    assert engels.stdout.splitlines()[0] == (
        "code      name          districts       start       end"
    )
    assert engels.stdout.splitlines()[1:] == lijst.stdout.splitlines()[1:]


def test_an_empty_register_says_how_to_fill_it(regio: Path) -> None:
    leeg = run(regio, "lijst")
    assert leeg.returncode == 0
    assert leeg.stdout.strip() == (
        "Het makelaarsregister is leeg; registreer makelaars met 'makelaar makelaars import "
        "BESTAND'."
    )


def test_a_refused_file_names_each_cell_and_stores_nothing(regio: Path) -> None:
    (regio / "fout.csv").write_text(
        REGISTER + "UT-MK-03;Dana Bos;Atlantis;01-01-2026;\r\nUT-MK-01;Eva;WK999601;;\r\n",
        encoding="utf-8",
    )
    geweigerd = run(regio, "import", "fout.csv")
    assert geweigerd.returncode == 1
    assert geweigerd.stdout == ""
    assert "Traceback" not in geweigerd.stderr and "Onverwachte fout" not in geweigerd.stderr
    regels = geweigerd.stderr.strip().splitlines()
    assert regels[0].startswith(
        "bestand fout.csv, rij 4, kolom 'wijken': wijk 'Atlantis' is onbekend; gebruik de naam "
        "of de CBS-wijkcode van een bekende wijk: Deel 1, Deel 2, Deel 3"
    )
    assert regels[1] == (
        "bestand fout.csv, rij 5, kolom 'code': deze code staat al in rij 2; één rij per makelaar."
    )
    assert regels[2] == (
        "fout.csv is geweigerd; er is niets geregistreerd. Verbeter de genoemde cellen en lees "
        "het bestand opnieuw in."
    )
    assert "leeg" in run(regio, "lijst").stdout


def test_an_unknown_gemeente_is_one_line(regio: Path) -> None:
    (regio / "makelaars.csv").write_text(REGISTER, encoding="utf-8")
    fout = run(regio, "import", "makelaars.csv", "--gemeente", "GM0001")
    assert fout.returncode == 1
    [regel] = fout.stderr.strip().splitlines()
    assert regel.startswith("Fout: Gemeente 'GM0001' is onbekend; bekend zijn: GM9996.")


def test_a_refused_file_is_said_in_english_with_makelaar_locale_en(regio: Path) -> None:
    (regio / "r.csv").write_text("code;naam;wijk\r\nUT-MK-01;Anouk;WK999601\r\n", encoding="utf-8")
    geweigerd = run(regio, "import", "r.csv", taal="en")
    assert geweigerd.returncode == 1
    assert geweigerd.stderr.strip().splitlines() == [
        "file r.csv, row 1: missing column(s): 'startdatum'; columns found: 'code', 'naam', "
        "'wijk'. Expected the columns code, naam, wijken, startdatum and optionally einddatum "
        "(wijken: district codes or names, separated by ',' or ';').",
        "r.csv was refused; nothing was registered. Correct the cells named above and import the "
        "file again.",
    ]
