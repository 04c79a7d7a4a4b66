"""`makelaar enquete importeer|exporteer` as a user runs them: real processes, exit codes."""

from __future__ import annotations

import csv
from pathlib import Path

from makelaar.models.domain import Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.flows.cli_testing import run_makelaar as run
from tests.forms.antwoord_factories import make_ronde

KOP = ["over/rol", "cijfers/uren", "slot/toelichting", "meta/instanceID", "_submitted_by"]


def _ronde(tmp_path: Path) -> int:
    store = Store.from_settings(Settings(data_dir=tmp_path / "data"))
    try:
        store.upgrade()
        return make_ronde(store, publiek=Publiek.PARTNERS, uitnodigingen=0).enquete_ronde_id
    finally:
        store.dispose()


def _export(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(KOP)
        writer.writerows(rows)
    return path


def test_import_then_export_through_the_cli(tmp_path: Path) -> None:
    ronde = str(_ronde(tmp_path))
    export = _export(tmp_path / "kobo.csv", [["makelaar", "4", "=1+1", "uuid:a-1", "jan"]])
    imported = run(tmp_path, "enquete", "importeer", ronde, str(export))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "kobo.csv: ingelezen — 1 gelezen, 1 nieuw, 0 al aanwezig" in imported.stdout
    assert "niet opgeslagen (metagegevens): meta/instanceID, _submitted_by" in imported.stdout

    again = run(tmp_path, "enquete", "importeer", ronde, str(export), locale="en")
    assert "0 new, 1 already present" in again.stdout

    uit = tmp_path / "uit.csv"
    exported = run(tmp_path, "enquete", "exporteer", ronde, "--formaat", "csv", "--uit", str(uit))
    assert exported.returncode == 0, exported.stderr
    assert f"1 respons(en), 15 kolommen: {uit}" in exported.stdout
    assert "'=1+1" in uit.read_text(encoding="utf-8-sig")
    assert (tmp_path / "uit.codeboek.csv").is_file()


def test_a_refused_file_exits_1_and_names_the_cell(tmp_path: Path) -> None:
    ronde = str(_ronde(tmp_path))
    export = _export(tmp_path / "fout.csv", [["makelaar", "veel", "", "uuid:a-1", ""]])
    result = run(tmp_path, "enquete", "importeer", ronde, str(export))
    assert result.returncode == 1
    assert "bestand fout.csv, rij 2, kolom 'cijfers/uren': 'veel' is geen geheel getal" in (
        result.stdout
    )
    assert "Het bestand is geweigerd; er is niets opgeslagen." in result.stderr
    bad_format = run(tmp_path, "enquete", "exporteer", ronde, "--formaat", "sav")
    assert bad_format.returncode == 2
    assert "Fout: --formaat heeft waarde 'sav'; kies uit: csv, xlsx." in bad_format.stderr
