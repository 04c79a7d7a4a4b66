"""A programme of gemeenten (flows/programma.py, `makelaar programma`): one file gives the rounds'
deployments, a schedule per gemeente spread over the morning, refused with every bad key before
anything is deployed; `programma deploy` registers them with Prefect's own `prefect deploy` on the
session's server, and `makelaar planning` on the recipe is the national calendar."""

from __future__ import annotations

import collections
import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterTags
from prefect.client.schemas.schedules import CronSchedule, RRuleSchedule
from prefect.settings import PREFECT_API_URL, temporary_settings

from makelaar.cycles.actieonderzoek.instellingen import instellingen_pad, schrijf_voorbeeld
from makelaar.flows.cli import main
from makelaar.flows.cli_programma import VOORBEELD
from makelaar.flows.programma import (
    Venster,
    lees_programma,
    programma_recept,
    recept_pad,
    starttijd,
)
from makelaar.models.errors import ConfigurationError
from makelaar.models.settings import Settings
from tests.flows.cli_testing import in_process

PROGRAMMA = """\
naam: Proefprogramma
venster: {van: "06:00", tot: "09:00"}
gemeenten:
  - {gemeente: GM0344, naam: Utrecht, cyclus: buurtmeter}
  - {gemeente: GM0307, naam: Amersfoort, cyclus: buurtmeter, leerbijeenkomst: formulier}
  - {gemeente: GM0632, naam: Woerden, cyclus: casusregie}
"""


def schrijf(tmp_path: Path, tekst: str = PROGRAMMA) -> Path:
    pad = tmp_path / "programma.yaml"
    pad.write_text(tekst, encoding="utf-8")
    return pad


def test_the_example_file_is_a_valid_programme(tmp_path: Path) -> None:
    programma = lees_programma(schrijf(tmp_path, VOORBEELD))
    assert [(g.gemeente, g.cyclus) for g in programma.gemeenten] == [
        ("GM0344", "buurtmeter"),
        ("GM0632", "casusregie"),
    ]


def test_a_recipe_has_a_round_deployment_per_cycle_with_a_schedule_per_gemeente(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    recept = programma_recept(lees_programma(schrijf(tmp_path)), settings, "programma.yaml")
    assert recept["pull"] == []
    buurtmeter, casusregie, inbox, herinneringen = recept["deployments"]
    assert (buurtmeter["name"], casusregie["name"]) == ("ronde-buurtmeter", "ronde-casusregie")
    # what runs for every gemeente alike comes along, so the programme is the whole recipe
    assert (inbox["entrypoint"], herinneringen["entrypoint"]) == (
        "makelaar.flows.logboek:logbook_inbox",
        "makelaar.flows.enquetes:enquete_herinneringen",
    )
    assert inbox["schedules"][0]["cron"] == "0 7-18 * * 1-5"
    assert buurtmeter["entrypoint"] == "makelaar.flows.round:evaluation_round"
    assert buurtmeter["parameters"] == {"cyclus": "buurtmeter", "leerbijeenkomst": "handmatig"}
    assert [s["slug"] for s in buurtmeter["schedules"]] == [
        "utrecht-halfjaar",
        "amersfoort-halfjaar",
    ]
    utrecht, amersfoort = buurtmeter["schedules"]
    uur, minuut = starttijd("GM0344", Venster())
    assert utrecht["cron"] == f"{minuut} {uur} 15 6,12 *"
    assert utrecht["parameters"] == {"gemeente": "GM0344"}
    assert amersfoort["parameters"] == {"gemeente": "GM0307", "leerbijeenkomst": "formulier"}
    assert casusregie["schedules"][0]["parameters"] == {"gemeente": "GM0632"}
    assert "3" not in casusregie["description"] and "1 gemeente(n)" in casusregie["description"]


def test_an_actieonderzoek_runs_on_its_interim_studies_at_its_own_time(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    schrijf_voorbeeld(instellingen_pad(settings, "GM0513"), "GM0513")
    tekst = PROGRAMMA + "  - {gemeente: GM0513, naam: Gouda, cyclus: actieonderzoek}\n"
    recept = programma_recept(lees_programma(schrijf(tmp_path, tekst)), settings, "p.yaml")
    [actieonderzoek] = [d for d in recept["deployments"] if d["name"] == "ronde-actieonderzoek"]
    uur, minuut = starttijd("GM0513", Venster())
    studies = actieonderzoek["schedules"]
    assert len(studies) == 6 and studies[0]["slug"] == "gouda-2026-q1"
    assert studies[0]["rrule"] == (
        f"DTSTART:20260315T{uur:02d}{minuut:02d}00\nRRULE:FREQ=DAILY;COUNT=1"
    )
    assert studies[0]["parameters"] == {"gemeente": "GM0513", "periode": "2026-Q1"}


def test_start_times_spread_over_the_window_and_stay_put() -> None:
    venster = Venster(van="06:00", tot="09:00")
    codes = [f"GM{n:04d}" for n in range(1, 341)]
    tijden = {code: starttijd(code, venster) for code in codes}
    for uur, minuut in tijden.values():
        assert (6, 0) <= (uur, minuut) < (9, 0)
    per_minuut = collections.Counter(tijden.values())
    assert len(per_minuut) > 120  # 340 rounds over most of the 180 minutes ...
    assert max(per_minuut.values()) <= 8  # ... never a crowd in one minute
    # a time depends on the gemeente alone: a programme that grows moves nobody
    assert {c: starttijd(c, venster) for c in codes[:10]} == {c: tijden[c] for c in codes[:10]}


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        (
            "naam: P\ngemeenten:\n  - {gemeente: GM344, cyclus: buurtmeter}\n",
            "gemeenten[0].gemeente = 'GM344': een CBS-gemeentecode zoals GM0344",
        ),
        (
            "naam: P\ngemeenten:\n  - {gemeente: GM0344, cyclus: buurtmeter, enquetes: nooit}\n",
            "gemeenten[0].enquetes = 'nooit': wachten of demo",
        ),
        (
            "naam: P\nvenster: {van: '9:00', tot: '08:00'}\ngemeenten: []\n",
            "venster.van = '9:00': een tijd als 06:00",
        ),
        ("gemeenten: []\n", "naam ontbreekt (een naam van 1 tot 120 tekens)"),
        (
            "naam: P\ngemeenten:\n  - {gemeente: GM0344, cyclus: buurtmeter}\n"
            "  - {gemeente: GM0344, cyclus: casusregie}\n",
            "GM0344 staat meer dan eens in 'gemeenten'",
        ),
        (
            "naam: P\ngemeenten:\n  - {gemeente: GM0344, cyclus: wijkmeter}\n",
            "onbekende cyclus: gemeenten[0].cyclus = 'wijkmeter'; geldig: actieonderzoek, "
            "buurtmeter, casusregie",
        ),
    ],
)
def test_a_bad_programme_names_the_key_the_value_and_what_is_valid(
    tmp_path: Path, tekst: str, verwacht: str
) -> None:
    with pytest.raises(ConfigurationError) as fout:
        lees_programma(schrijf(tmp_path, tekst))
    assert verwacht in str(fout.value)


def test_a_missing_file_says_how_to_make_one_in_english_too(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="make one with 'makelaar programma voorbeeld"):
        lees_programma(tmp_path / "nergens.yaml", "en")


def draai(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """`makelaar ARGS` through the entry point, in this process: exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["makelaar", *args])
    code: object = 0
    try:
        main()
    except SystemExit as exited:
        code = exited.code or 0
    uit = capsys.readouterr()
    assert isinstance(code, int)
    return code, uit.out, uit.err


def remove_programme_deployments(client: SyncPrefectClient) -> None:
    """The session's server keeps only what later tests deploy themselves."""
    for deployment in client.read_deployments(
        deployment_filter=DeploymentFilter(tags=DeploymentFilterTags(all_=["programma"]))
    ):
        client.delete_deployment(deployment.id)


@pytest.mark.prefect
def test_deploy_registers_the_programme_and_planning_shows_the_calendar(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    prefect_server: str,
    prefect_client: SyncPrefectClient,
    request: pytest.FixtureRequest,
) -> None:
    in_process(monkeypatch, tmp_path)
    request.addfinalizer(lambda: remove_programme_deployments(prefect_client))
    pad = schrijf(tmp_path)

    code, uit, fouten = draai(monkeypatch, capsys, "programma", "deploy", str(pad))

    assert code == 0, fouten
    recept = recept_pad(Settings(data_dir=tmp_path / "data"))
    deployed = prefect_client.read_deployment_by_name("evaluatieronde/ronde-buurtmeter")
    assert deployed.entrypoint == "makelaar.flows.round:evaluation_round"
    assert deployed.pull_steps == [] and deployed.work_pool_name == "makelaar"
    schedules = {s.slug: s for s in deployed.schedules}
    assert set(schedules) == {"utrecht-halfjaar", "amersfoort-halfjaar"}
    utrecht = schedules["utrecht-halfjaar"]
    assert isinstance(utrecht.schedule, CronSchedule)
    uur, minuut = starttijd("GM0344", Venster())
    assert utrecht.schedule.cron == f"{minuut} {uur} 15 6,12 *"
    assert utrecht.parameters == {"gemeente": "GM0344"}
    assert not any(isinstance(s.schedule, RRuleSchedule) for s in deployed.schedules)
    casusregie = prefect_client.read_deployment_by_name("evaluatieronde/ronde-casusregie")
    assert [s.parameters for s in casusregie.schedules] == [{"gemeente": "GM0632"}]
    assert yaml.safe_load(recept.read_text(encoding="utf-8"))["pull"] == []

    # deploying a programme that changed: a gemeente added, the others keep their schedules
    schrijf(tmp_path, PROGRAMMA + "  - {gemeente: GM0353, naam: IJsselstein, cyclus: casusregie}\n")
    code, _, fouten = draai(monkeypatch, capsys, "programma", "deploy", str(pad))
    assert code == 0, fouten
    casusregie = prefect_client.read_deployment_by_name("evaluatieronde/ronde-casusregie")
    assert sorted(s.slug or "" for s in casusregie.schedules) == [
        "ijsselstein-halfjaar",
        "woerden-halfjaar",
    ]

    # the national calendar: every gemeente with its next rounds
    code, kalender, fouten = draai(monkeypatch, capsys, "planning", "--bestand", str(recept))
    assert code == 0, fouten
    for gemeente in ("GM0344", "GM0307", "GM0632", "GM0353"):
        assert gemeente in kalender
    assert f"15-12-{dt.date.today().year}" in kalender or "15-06-" in kalender
    assert (
        "4 gemeenten" not in uit
        and "3 gemeenten, 3 roosters in ronde-buurtmeter, ronde-casusregie, en logboek-inbox" in uit
    )
    assert f"makelaar planning --bestand {recept}" in uit


def test_deploy_without_a_server_refuses_and_deploys_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    in_process(monkeypatch, tmp_path)
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        code, _, fouten = draai(monkeypatch, capsys, "programma", "deploy", str(schrijf(tmp_path)))
    assert code == 1
    assert "Geen Prefect-server ingesteld: zet PREFECT_API_URL" in fouten
    assert not recept_pad(Settings(data_dir=tmp_path / "data")).exists()
