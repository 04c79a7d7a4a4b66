"""The logbook inbox flow and the `makelaar logboek` commands, on a store with real wijken."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.objects import State

import makelaar.flows.logboek
from makelaar.flows.logboek import (
    ARTIFACT_KEY,
    GEWEIGERD,
    LOCK_NAME,
    VERWERKT,
    InboxResultaat,
    describe_error,
    inbox_lock,
    is_temporary,
    logbook_inbox,
    move_without_overwrite,
    scan_inbox,
    unexpected_failure,
    write_without_overwrite,
)
from makelaar.intake.logboek import Status
from makelaar.intake.logboek import importeer as real_importeer
from makelaar.models.errors import MakelaarError
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.tables import SocialeActie
from tests.factories import make_gemeente_with_wijken, make_makelaar
from tests.flows.cli_testing import one_line_error
from tests.flows.cli_testing import run_makelaar as run
from tests.flows.flow_testing import artifact, count_rows

MAKELAAR_CODE = "MK-UTR-01"
WIJK = "Wijk 01 Deel 1"
HEADER = "Datum;Makelaar;Wijk;Soort actie;Resultaat;Aantal bereikt;Uren"
GOOD_ROW = f"03-02-2026;{MAKELAAR_CODE};{WIJK};Huisbezoek;Doorverwezen naar passende hulp;2;1,5"
BAD_DATE_ROW = f"31-02-2026;{MAKELAAR_CODE};{WIJK};Evenement;Verbinding gelegd;12;3"
LONG_AGO = 3600.0


def seed(store: Store) -> None:
    """Gemeente Utrecht (GM0344) with two wijken, and a broker working in the first."""
    with store.session() as session:
        make_gemeente_with_wijken(session, 2, code="GM0344", naam="Utrecht")
        make_makelaar(session, "GM0344", ["WK034401"], code=MAKELAAR_CODE)


def write_csv(path: Path, *rows: str, age_s: float = LONG_AGO) -> Path:
    """A ';'-separated logbook file, last changed `age_s` seconds ago."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    moment = time.time() - age_s
    os.utime(path, (moment, moment))
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# --- the inbox's file handling (no Prefect) --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "temporary"),
    [
        ("logboek.xlsx", False),
        ("acties januari.csv", False),
        ("~$logboek.xlsx", True),
        (".~lock.logboek.xlsx#", True),
        (".DS_Store", True),
        ("logboek.xlsx.part", True),
        ("logboek.csv.crdownload", True),
        ("logboek.tmp", True),
    ],
)
def test_temporary_and_lock_files_are_recognised(name: str, temporary: bool) -> None:
    assert is_temporary(name) is temporary


def test_scan_leaves_folders_fresh_files_and_lock_files(tmp_path: Path) -> None:
    write_csv(tmp_path / "b.csv", GOOD_ROW)
    write_csv(tmp_path / "a.csv", GOOD_ROW)
    write_csv(tmp_path / "vers.csv", GOOD_ROW, age_s=0)
    write_csv(tmp_path / "~$a.xlsx")
    write_csv(tmp_path / LOCK_NAME)
    (tmp_path / VERWERKT).mkdir()

    ready, fresh, temporary = scan_inbox(tmp_path, rust_s=10)

    assert [p.name for p in ready] == ["a.csv", "b.csv"]
    assert [p.name for p in fresh] == ["vers.csv"]
    assert [p.name for p in temporary] == ["~$a.xlsx"]  # dotfiles are not even mentioned


def test_moves_and_reports_never_overwrite(tmp_path: Path) -> None:
    target = tmp_path / VERWERKT
    first = move_without_overwrite(write_csv(tmp_path / "a.csv", "1"), target, "x-a.csv")
    second = move_without_overwrite(write_csv(tmp_path / "a.csv", "2"), target, "x-a.csv")
    report = write_without_overwrite(target, "x-a.csv.rapport.txt", "een")
    again = write_without_overwrite(target, "x-a.csv.rapport.txt", "twee")

    assert (first.name, second.name) == ("x-a.csv", "x-a-2.csv")
    assert first.read_text(encoding="utf-8").endswith("1\n")
    assert second.read_text(encoding="utf-8").endswith("2\n")
    assert (report.name, again.name) == ("x-a.csv.rapport.txt", "x-a.csv-2.rapport.txt")
    assert report.read_text(encoding="utf-8") == "een"
    assert not (tmp_path / "a.csv").exists()


def test_the_inbox_lock_is_exclusive(tmp_path: Path) -> None:
    with inbox_lock(tmp_path) as first, inbox_lock(tmp_path) as second:
        assert (first, second) == (True, False)
    with inbox_lock(tmp_path) as after:
        assert after


# --- the flow --------------------------------------------------------------------------------


def run_inbox(
    inbox: Path, *, sla_ongeldig_over: bool = False
) -> tuple[State[InboxResultaat], InboxResultaat]:
    state: State[InboxResultaat] = logbook_inbox(
        inbox=str(inbox), sla_ongeldig_over=sla_ongeldig_over, return_state=True
    )
    assert state.is_completed(), state
    result = state.result()
    assert isinstance(result, InboxResultaat)
    return state, result


@pytest.mark.prefect
def test_inbox_files_each_file_where_it_belongs(
    flow_store: Store, tmp_path: Path, prefect_client: SyncPrefectClient
) -> None:
    seed(flow_store)
    inbox = tmp_path / "inbox"
    write_csv(inbox / "goed.csv", GOOD_ROW)
    write_csv(inbox / "fout.csv", GOOD_ROW, BAD_DATE_ROW)
    write_csv(inbox / "~$goed.xlsx")
    write_csv(inbox / "nog-bezig.csv", GOOD_ROW, age_s=0)

    state, result = run_inbox(inbox)

    assert names(inbox) == sorted([LOCK_NAME, GEWEIGERD, VERWERKT, "nog-bezig.csv", "~$goed.xlsx"])
    [imported] = names(inbox / VERWERKT)
    assert imported.endswith("-goed.csv")
    assert len(imported) == len("YYYYMMDD-HHMMSS-goed.csv")
    refused, report = names(inbox / GEWEIGERD)
    assert refused.endswith("-fout.csv") and report == f"{refused}.rapport.txt"
    text = (inbox / GEWEIGERD / report).read_text(encoding="utf-8")
    assert "rij 3" in text and "kolom 'Datum'" in text and "31-02-2026" in text
    assert count_rows(flow_store, SocialeActie) == 1  # nothing of the refused file

    assert [(b.status, b.bestand.endswith("goed.csv")) for b in result.rapport.bestanden] == [
        (Status.GEWEIGERD, False),
        (Status.INGELEZEN, True),
    ]
    assert [Path(v.naar).parent.name for v in result.verplaatst] == [GEWEIGERD, VERWERKT]
    assert result.verplaatst[0].rapport == str(inbox / GEWEIGERD / report)
    assert (result.wachtend, result.overgeslagen) == (["nog-bezig.csv"], ["~$goed.xlsx"])
    assert not result.geslaagd

    flow_run_id = state.state_details.flow_run_id
    assert flow_run_id is not None
    markdown = artifact(prefect_client, flow_run_id, ARTIFACT_KEY).data
    assert isinstance(markdown, str)
    assert markdown.startswith("# Logboekimport")
    assert "| geweigerd |" in markdown and "| ingelezen |" in markdown
    # file names from the inbox are data: literal Markdown (models.markdown)
    assert "nog\\-bezig\\.csv: " in markdown and "\\~\\$goed\\.xlsx: " in markdown


@pytest.mark.prefect
def test_a_partly_valid_file_is_filed_with_its_rejects(flow_store: Store, tmp_path: Path) -> None:
    seed(flow_store)
    inbox = tmp_path / "inbox"
    write_csv(inbox / "deels.csv", GOOD_ROW, BAD_DATE_ROW)

    _, result = run_inbox(inbox, sla_ongeldig_over=True)

    [moved] = result.verplaatst
    assert moved.status is Status.DEELS
    assert moved.weigeringen is not None
    assert Path(moved.naar).parent == Path(moved.weigeringen).parent == inbox / VERWERKT
    assert names(inbox) == sorted([LOCK_NAME, VERWERKT])
    assert count_rows(flow_store, SocialeActie) == 1


@pytest.mark.prefect
def test_refusal_reports_follow_the_locale(
    flow_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(flow_store)
    monkeypatch.setenv("MAKELAAR_LOCALE", "en")
    get_settings.cache_clear()
    inbox = tmp_path / "inbox"
    write_csv(inbox / "fout.csv", BAD_DATE_ROW)

    _, result = run_inbox(inbox)

    [moved] = result.verplaatst
    assert moved.rapport is not None
    text = Path(moved.rapport).read_text(encoding="utf-8")
    assert "row 2" in text and "column 'Datum'" in text and "refused" in text


@pytest.mark.prefect
def test_a_run_while_another_holds_the_inbox_does_nothing(
    flow_store: Store, tmp_path: Path
) -> None:
    seed(flow_store)
    inbox = tmp_path / "inbox"
    write_csv(inbox / "goed.csv", GOOD_ROW)

    with inbox_lock(inbox) as held:
        assert held
        _, result = run_inbox(inbox)

    assert result.bezet and result.verplaatst == []
    assert names(inbox) == sorted([LOCK_NAME, "goed.csv"])
    assert count_rows(flow_store, SocialeActie) == 0


@pytest.mark.prefect
def test_without_wijken_the_run_fails_and_leaves_the_files(
    flow_store: Store, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    write_csv(inbox / "goed.csv", GOOD_ROW)

    state: State[InboxResultaat] = logbook_inbox(inbox=str(inbox), return_state=True)

    assert state.is_failed()
    with pytest.raises(MakelaarError, match="nog geen wijken"):
        state.result()
    assert (inbox / "goed.csv").is_file()
    assert names(inbox / VERWERKT) == names(inbox / GEWEIGERD) == []


@pytest.mark.prefect
def test_a_file_that_breaks_the_importer_is_refused_with_a_report_and_the_others_go_on(
    flow_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(flow_store)

    def importeer(store: Store, settings: Settings, paden: Sequence[Path], **options: Any) -> Any:
        if paden[0].name == "kapot.csv":
            raise RuntimeError("onverwacht (opzettelijk, test)\nregel twee")
        return real_importeer(store, settings, paden, **options)

    monkeypatch.setattr(makelaar.flows.logboek, "importeer", importeer)
    inbox = tmp_path / "inbox"
    write_csv(inbox / "kapot.csv", GOOD_ROW)
    write_csv(inbox / "goed.csv", GOOD_ROW)

    state: State[InboxResultaat] = logbook_inbox(inbox=str(inbox), return_state=True)

    # the run fails, so the bug is seen; the file no longer waits in the inbox to fail again
    assert state.is_failed()
    with pytest.raises(MakelaarError) as caught:
        state.result()
    assert str(caught.value) == (
        "1 bestand(en) konden door een onverwachte fout niet verwerkt worden en staan nu met een "
        "rapport in geweigerd/: kapot.csv. Zie de log van deze run."
    )
    assert names(inbox) == sorted([LOCK_NAME, VERWERKT, GEWEIGERD])
    refused = names(inbox / GEWEIGERD)
    assert [n.split("-", 2)[-1] for n in refused] == ["kapot.csv", "kapot.csv.rapport.txt"]
    report = (inbox / GEWEIGERD / refused[1]).read_text(encoding="utf-8")
    stamp = refused[0].rsplit("-", 1)[0]
    assert report == (
        "kapot.csv: geweigerd — 0 rijen gelezen, 0 nieuw, 0 bijgewerkt, 0 ongewijzigd, "
        "0 geweigerd\n  - bestand kapot.csv: makelaar kon dit bestand niet verwerken door een "
        "onverwachte fout (RuntimeError: onverwacht (opzettelijk, test)). Er is niets uit "
        "opgeslagen. Het bestand is uit de inbox gehaald, zodat het niet bij elke run opnieuw "
        "mislukt. Meld dit aan wie makelaar beheert, met de naam van het bestand en het "
        f"tijdstip {stamp}; de volledige foutmelding staat in de log van de run. Zet het "
        "bestand in de inbox terug als de fout verholpen is.\n"
    )
    assert count_rows(flow_store, SocialeActie) == 1

    again: State[InboxResultaat] = logbook_inbox(inbox=str(inbox), return_state=True)
    assert again.is_completed()
    assert again.result().rapport.bestanden == []


def test_an_unexpected_failure_is_said_in_one_line_in_the_users_language() -> None:
    long = ValueError("x" * 400 + "\nTraceback (most recent call last):")
    fout = describe_error(long)
    assert fout == "ValueError: " + "x" * 287 + "…"
    report = unexpected_failure(Path("logboek.csv"), fout, "20260301-120000", "en")
    assert report.status is Status.GEWEIGERD
    [melding] = [f.melding for f in report.fouten]
    assert melding.startswith(
        f"makelaar could not process this file because of an unexpected error ({fout}). "
        "Nothing from it was stored."
    )
    assert "20260301-120000" in melding and "Traceback" not in melding


@pytest.mark.prefect
def test_the_default_inbox_is_in_the_data_dir(flow_store: Store) -> None:
    seed(flow_store)
    inbox = get_settings().data_dir / "inbox"
    assert not inbox.exists()

    state: State[InboxResultaat] = logbook_inbox(return_state=True)

    assert state.is_completed()
    assert inbox.is_dir() and names(inbox) == [LOCK_NAME]


# --- the commands ----------------------------------------------------------------------------


def test_help_lists_the_logboek_commands(tmp_path: Path) -> None:
    result = run(tmp_path, "logboek", "--help")
    assert result.returncode == 0, result.stderr
    for command in ("sjabloon", "import", "inbox"):
        assert command in result.stdout


def test_sjabloon_writes_the_template_and_keeps_an_existing_file(
    sqlite_store: Store, tmp_path: Path
) -> None:
    seed(sqlite_store)

    written = run(tmp_path, "logboek", "sjabloon", "--gemeente", "GM0344")

    assert written.returncode == 0, written.stdout + written.stderr
    template = tmp_path / "logboek-sjabloon.xlsx"
    assert template.is_file() and template.read_bytes()[:2] == b"PK"
    assert "logboek-sjabloon.xlsx" in written.stdout and "invullen" in written.stdout
    before = template.read_bytes()

    refused = run(tmp_path, "logboek", "sjabloon")

    line = one_line_error(refused)
    assert "Fout:" in line and "bestaat al" in line and "--overschrijven" in line
    assert template.read_bytes() == before
    assert run(tmp_path, "logboek", "sjabloon", "--overschrijven").returncode == 0


def test_import_of_a_good_file_prints_the_counts(sqlite_store: Store, tmp_path: Path) -> None:
    seed(sqlite_store)
    good = write_csv(tmp_path / "goed.csv", GOOD_ROW)

    result = run(tmp_path, "logboek", "import", str(good))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Logboek inlezen" in result.stdout
    assert "ingelezen — 1 rijen gelezen, 1 nieuw" in result.stdout
    assert count_rows(sqlite_store, SocialeActie) == 1


def test_import_of_a_bad_file_names_row_and_column_and_exits_1(
    sqlite_store: Store, tmp_path: Path
) -> None:
    seed(sqlite_store)
    bad = write_csv(tmp_path / "fout.csv", GOOD_ROW, BAD_DATE_ROW)

    result = run(tmp_path, "logboek", "import", str(bad))

    assert "geweigerd" in one_line_error(result)
    assert (
        "rij 3, kolom 'Datum'" in result.stdout and "februari 2026 heeft 28 dagen" in result.stdout
    )
    assert count_rows(sqlite_store, SocialeActie) == 0


def test_import_speaks_english_with_the_locale_setting(sqlite_store: Store, tmp_path: Path) -> None:
    seed(sqlite_store)
    bad = write_csv(tmp_path / "fout.csv", GOOD_ROW, BAD_DATE_ROW)

    result = run(tmp_path, "logboek", "import", str(bad), locale="en")

    assert "refused" in one_line_error(result)
    assert "Importing the logbook" in result.stdout
    assert "row 3, column 'Datum'" in result.stdout and "does not exist" in result.stdout


@pytest.mark.prefect
def test_inbox_command_runs_the_flow_and_says_where_files_went(
    sqlite_store: Store, tmp_path: Path, prefect_server: str
) -> None:
    seed(sqlite_store)
    inbox = tmp_path / "data" / "inbox"
    write_csv(inbox / "goed.csv", GOOD_ROW)

    result = run(tmp_path, "logboek", "inbox", prefect_api=prefect_server)

    assert result.returncode == 0, result.stdout + result.stderr
    [moved] = names(inbox / VERWERKT)
    assert "goed.csv: ingelezen" in result.stdout
    assert f"goed.csv → data/inbox/verwerkt/{moved}" in result.stdout
