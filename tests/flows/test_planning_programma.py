"""The actieonderzoek programme's schedules: printed for prefect.yaml from the gemeente's settings
file (`makelaar planning rooster`), checked by `makelaar planning`, and the committed prefect.yaml
in step with the demo's Gouda programme."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from makelaar.cycles.actieonderzoek import DEMO_GEMEENTE
from makelaar.cycles.actieonderzoek.demo import generate_demo
from makelaar.cycles.actieonderzoek.instellingen import (
    VOORBEELD,
    instellingen_pad,
    laad_instellingen,
)
from makelaar.flows.cli import app
from makelaar.flows.planning import lees_planning
from makelaar.flows.planning_programma import programma_verschillen, schedule_regels
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store

from .cli_testing import in_process, run_main, use

PREFECT_YAML = Path(__file__).resolve().parents[2] / "prefect.yaml"
VANAF = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


def _gouda_in_prefect_yaml() -> list[dict[str, object]]:
    inhoud = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))
    [deployment] = [d for d in inhoud["deployments"] if d["name"] == "ronde-actieonderzoek"]
    return [s for s in deployment["schedules"] if s["parameters"]["gemeente"] == DEMO_GEMEENTE]


def test_the_committed_gouda_schedules_are_what_the_demo_programme_gives(
    sqlite_store: Store, settings: Settings
) -> None:
    # the demo writes Gouda's settings file as `makelaar demo --cycle actieonderzoek` does, for
    # the programme of 2026 and the first half of 2027 that prefect.yaml plans
    generate_demo(sqlite_store, settings, gemeente_code=DEMO_GEMEENTE, jaar=2026, tot=VANAF.date())
    instellingen = laad_instellingen(settings, DEMO_GEMEENTE)
    assert instellingen_pad(settings, DEMO_GEMEENTE).is_file()
    regels = schedule_regels(instellingen, "Gouda")
    berekend = yaml.safe_load("\n".join(["schedules:", *regels[1:]]))["schedules"]
    assert berekend == _gouda_in_prefect_yaml()
    assert [s["slug"] for s in berekend] == [
        "gouda-2026-q1",
        "gouda-2026-q2",
        "gouda-2026-q3",
        "gouda-2026-q4",
        "gouda-2027-q1",
        "gouda-2027-q2",
    ]
    assert programma_verschillen(lees_planning(PREFECT_YAML, VANAF), instellingen) == []


def _init_gouda(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, taal: str) -> Path:
    in_process(monkeypatch, tmp_path)
    use(monkeypatch, taal)  # type: ignore[arg-type]
    pad = instellingen_pad(get_settings(), DEMO_GEMEENTE)
    pad.parent.mkdir(parents=True)
    pad.write_text(VOORBEELD.replace("GM0000", DEMO_GEMEENTE), encoding="utf-8")
    return pad


def test_rooster_prints_the_schedules_of_the_settings_programme(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pad = _init_gouda(monkeypatch, tmp_path, "en")
    pad.write_text(
        pad.read_text(encoding="utf-8")
        .replace("einde: 2027-06-30", "einde: 2027-05-10")
        .replace("tussenstudie_maanden: 3", "tussenstudie_maanden: 6"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app,
        ["planning", "rooster", "--cycle", "actieonderzoek", "--gemeente", "GM0513"],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == [
        "# Under 'schedules:' of deployment ronde-actieonderzoek in prefect.yaml:",
        "# GM0513: programme 1-1-2026 to 10-5-2027, every 6 months",
    ]
    schedules = yaml.safe_load("\n".join(["schedules:", *lines[2:]]))["schedules"]
    # half-years; the last study ends with the programme on 10 May, so its round starts then
    assert [(s["slug"], s["parameters"]["periode"], s["rrule"][8:16]) for s in schedules] == [
        ("gm0513-2026-h1", "2026-H1", "20260615"),
        ("gm0513-2026-h2", "2026-H2", "20261215"),
        ("gm0513-2027-h1", "2027-H1", "20270510"),
    ]
    assert {s["timezone"] for s in schedules} == {"Europe/Amsterdam"}


def _prefect_yaml_met(tmp_path: Path, *vervang: tuple[str, str]) -> Path:
    tekst = PREFECT_YAML.read_text(encoding="utf-8")
    for oud, nieuw in vervang:
        assert oud in tekst
        tekst = tekst.replace(oud, nieuw)
    bestand = tmp_path / "prefect.yaml"
    bestand.write_text(tekst, encoding="utf-8")
    return bestand


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_planning_warns_when_the_schedules_differ_from_the_programme(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, taal: str
) -> None:
    pad = _init_gouda(monkeypatch, tmp_path, taal)
    eerste = (
        '      - rrule: "DTSTART:20260315T060000\\nRRULE:FREQ=DAILY;COUNT=1"'
        "          # Gouda, met TNO: programma 1-1-2026 t/m 30-6-2027, om de 3 maanden\n"
        "        timezone: Europe/Amsterdam\n"
        "        slug: gouda-2026-q1\n"
        "        active: true\n"
        "        parameters: {gemeente: GM0513, periode: 2026-Q1}\n"
    )
    bestand = _prefect_yaml_met(
        tmp_path,
        (eerste, ""),  # the first study has no schedule
        ("DTSTART:20260915T", "DTSTART:20260916T"),  # the third a day late
        ("{gemeente: GM0513, periode: 2027-Q1}", "{gemeente: GM0513, periode: 2027-Q3}"),
        # the fourth replaced by one for no study of the programme
        ("slug: gouda-2026-q4", "slug: gouda-extra"),
        ("DTSTART:20261215T", "DTSTART:20281215T"),
        ("{gemeente: GM0513, periode: 2026-Q4}", "{gemeente: GM0513, periode: 2028}"),
    )
    result = CliRunner().invoke(app, ["planning", "--bestand", str(bestand), "--aantal", "1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("Let op", "Warning")))
    verwacht = {
        "nl": [
            f"Let op: de actieonderzoek-schedules van GM0513 in prefect.yaml wijken af van het "
            f"programma in {pad}:",
            "  - GM0513, gouda-extra: periode 2028 is geen tussenstudie van het programma; "
            "haal het schedule weg",
            "  - GM0513, gouda-2027-q1: periode 2027-Q3, volgens het programma 2027-Q1",
            "  - GM0513, gouda-2026-q1: tussenstudie 1 (2026-Q1, 15-03-2026) heeft geen schedule",
            "  - GM0513, gouda-2026-q3: datum 16-09-2026, volgens het programma 15-09-2026",
            "  - GM0513, gouda-2026-q4: tussenstudie 4 (2026-Q4, 15-12-2026) heeft geen schedule",
            "  De juiste schedules: makelaar planning rooster --cycle actieonderzoek "
            "--gemeente GM0513",
        ],
        "en": [
            f"Warning: GM0513's actieonderzoek schedules in prefect.yaml differ from the "
            f"programme in {pad}:",
            "  - GM0513, gouda-extra: period 2028 is no interim study of the programme; "
            "remove the schedule",
            "  - GM0513, gouda-2027-q1: period 2027-Q3, the programme says 2027-Q1",
            "  - GM0513, gouda-2026-q1: interim study 1 (2026-Q1, 15-03-2026) has no schedule",
            "  - GM0513, gouda-2026-q3: date 16-09-2026, the programme says 15-09-2026",
            "  - GM0513, gouda-2026-q4: interim study 4 (2026-Q4, 15-12-2026) has no schedule",
            "  The right schedules: makelaar planning rooster --cycle actieonderzoek "
            "--gemeente GM0513",
        ],
    }
    assert lines[start:] == verwacht[taal]
    # the committed file agrees with the example programme: no warning
    result = CliRunner().invoke(app, ["planning", "--bestand", str(PREFECT_YAML)])
    assert result.exit_code == 0, result.output
    assert not [line for line in result.output.splitlines() if "Let op" in line]


def test_a_bad_settings_file_is_refused_by_rooster_and_named_by_planning(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pad = _init_gouda(monkeypatch, tmp_path, "nl")
    pad.write_text(
        pad.read_text(encoding="utf-8").replace("start: 2026-01-01", "start: 2026-02-01"),
        encoding="utf-8",
    )
    code, err = run_main(
        monkeypatch, capsys, "planning", "rooster", "--cycle", "actieonderzoek", "--gemeente",
        "GM0513",
    )  # fmt: skip
    assert code == 1
    assert err == [
        "Fout: GM0513: tussenstudie 1 (01-02-2026 t/m 30-04-2026) valt niet binnen één periode "
        "(2026-Q1 loopt t/m 31-03-2026); laat programma.start op de eerste dag van een maand, "
        "kwartaal, halfjaar of jaar vallen, zoals 2026-01-01."
    ]
    assert capsys.readouterr().out == ""  # nothing half printed
    pad.write_text(
        pad.read_text(encoding="utf-8").replace(
            "tussenstudie_maanden: 3", "tussenstudie_maanden: 13"
        ),
        encoding="utf-8",
    )
    code, err = run_main(
        monkeypatch, capsys, "planning", "rooster", "--cycle", "actieonderzoek", "--gemeente",
        "GM0513",
    )  # fmt: skip
    assert code == 1
    assert "programma.tussenstudie_maanden: waarde 13 is ongeldig" in err[-1]
    result = CliRunner().invoke(app, ["planning", "--bestand", str(PREFECT_YAML)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "Let op: de schedules van GM0513 zijn niet met het programma vergeleken: GM0513.yaml: de "
        "instellingen van het actieonderzoek kloppen niet:",
        "  - programma.tussenstudie_maanden: waarde 13 is ongeldig (geldig: een heel aantal "
        "maanden van 1 tot en met 12)",
    ]


def test_rooster_is_for_a_cycle_with_rounds_to_schedule(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _init_gouda(monkeypatch, tmp_path, "en")
    code, err = run_main(
        monkeypatch, capsys, "planning", "rooster", "--cycle", "logboek", "--gemeente", "GM0344"
    )
    assert code == 1
    assert err == [
        "Error: makelaar makes no schedule for cycle 'logboek'; valid: actieonderzoek, "
        "buurtmeter, casusregie."
    ]
