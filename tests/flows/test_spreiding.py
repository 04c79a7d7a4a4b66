"""Rounds spread over the morning (flows.spreiding): a gemeente's own start time from its code,
moved on past minutes prefect.yaml already fills; `makelaar planning rooster` prints it for the
half-yearly cycles and the actieonderzoek; `makelaar planning` warns when more rounds start in one
minute than MAKELAAR_MAX_RONDES."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from makelaar.cycles.actieonderzoek import DEMO_GEMEENTE
from makelaar.cycles.actieonderzoek.instellingen import VOORBEELD, instellingen_pad
from makelaar.flows.cli import app
from makelaar.flows.planning import lees_planning
from makelaar.flows.spreiding import (
    drukte,
    drukte_waarschuwingen,
    halfjaarlijkse_data,
    spreid,
    voorkeur,
)
from makelaar.models.settings import get_settings

from .cli_testing import in_process, use

PREFECT_YAML = Path(__file__).resolve().parents[2] / "prefect.yaml"
VANAF = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
OCHTEND = (dt.time(6, 0), dt.time(9, 0))


def recept(path: Path, crons: dict[str, str], cyclus: str = "buurtmeter") -> Path:
    """A prefect.yaml with the cycle's round deployment, one cron schedule per gemeente."""
    schedules: list[dict[str, Any]] = [
        {
            "cron": cron,
            "timezone": "Europe/Amsterdam",
            "slug": f"{code.lower()}-halfjaar",
            "parameters": {"gemeente": code},
        }
        for code, cron in crons.items()
    ]
    deployment = {
        "name": f"ronde-{cyclus}",
        "entrypoint": "makelaar.flows.round:evaluation_round",
        "parameters": {"cyclus": cyclus},
        "schedules": schedules,
    }
    path.write_text(yaml.safe_dump({"deployments": [deployment]}), encoding="utf-8")
    return path


def test_a_gemeentes_start_time_follows_from_its_code_alone() -> None:
    # the first four bytes of the code's SHA-256, modulo the 180 minutes from 06:00: fixed for good
    assert {c: f"{voorkeur(c):%H:%M}" for c in ("GM0307", "GM0344", "GM0513", "GM0632")} == {
        "GM0307": "06:35",
        "GM0344": "08:43",
        "GM0513": "06:39",
        "GM0632": "06:49",
    }


def test_340_gemeenten_start_at_most_max_rondes_a_minute_all_in_the_morning() -> None:
    codes = [f"GM{n:04d}" for n in range(1, 341)]
    data = halfjaarlijkse_data("buurtmeter", VANAF)
    bezet: Counter[dt.datetime] = Counter()
    tijden = {}
    for code in codes:  # one after another, as a team adds them to prefect.yaml
        tijden[code] = spreid(code, data, bezet, 4)
        bezet.update(moment.astimezone(dt.UTC) for moment in data(tijden[code]))
    assert max(bezet.values()) <= 4
    assert all(OCHTEND[0] <= tijd < OCHTEND[1] for tijd in tijden.values())
    assert len(set(tijden.values())) >= 340 // 4
    # most keep the minute their code gives; the hash alone already spreads them widely
    assert sum(tijden[c] == voorkeur(c) for c in codes) > 300
    assert len({voorkeur(c) for c in codes}) > 120


def test_a_full_minute_moves_a_gemeente_to_the_next_one_round_the_window() -> None:
    data = halfjaarlijkse_data("casusregie", VANAF)
    eigen = voorkeur("GM0307")
    bezet = Counter(moment.astimezone(dt.UTC) for moment in data(eigen) for _ in range(2))
    volgende = (dt.datetime.combine(VANAF.date(), eigen) + dt.timedelta(minutes=1)).time()
    assert spreid("GM0307", data, bezet, 3) == eigen
    assert spreid("GM0307", data, bezet, 2) == volgende
    # a window full everywhere: the preferred minute (and `makelaar planning` warns)
    alles = Counter({moment: 9 for moment in bezet})
    assert spreid("GM0307", lambda tijd: data(eigen), alles, 2) == eigen


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_rooster_prints_a_half_yearly_schedule_at_the_gemeentes_own_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, taal: str
) -> None:
    in_process(monkeypatch, tmp_path)
    use(monkeypatch, taal)  # type: ignore[arg-type]
    eigen = voorkeur("GM0307")
    # four rounds of other gemeenten already start in Amersfoort's minute: it takes the next one
    vol = {f"GM09{n:02d}": f"{eigen.minute} {eigen.hour} 15 6,12 *" for n in range(4)}
    bestand = recept(tmp_path / "prefect.yaml", vol)
    args = ["planning", "rooster", "--cycle", "buurtmeter", "--gemeente", "GM0307"]

    leeg = CliRunner().invoke(app, [*args, "--naam", "Amersfoort", "--bestand", str(tmp_path)])
    druk = CliRunner().invoke(app, [*args, "--bestand", str(bestand)])

    assert leeg.exit_code == 0 and druk.exit_code == 0, leeg.output + druk.output
    regels = leeg.output.splitlines()
    assert (
        regels[0]
        == {
            "nl": "# Onder 'schedules:' van deployment ronde-buurtmeter in prefect.yaml:",
            "en": "# Under 'schedules:' of deployment ronde-buurtmeter in prefect.yaml:",
        }[taal]
    )
    assert regels[1].startswith("# Amersfoort (GM0307): ") and "06:35" in regels[1]
    [schedule] = yaml.safe_load("\n".join(["schedules:", *regels[2:]]))["schedules"]
    assert schedule == {
        "cron": "35 6 15 6,12 *",
        "timezone": "Europe/Amsterdam",
        "slug": "amersfoort-halfjaar",
        "active": True,
        "parameters": {"gemeente": "GM0307"},
    }
    [verschoven] = yaml.safe_load("\n".join(["schedules:", *druk.output.splitlines()[2:]]))[
        "schedules"
    ]
    assert verschoven["cron"] == "36 6 15 6,12 *"
    assert verschoven["slug"] == "gm0307-halfjaar"
    # what it prints, added to prefect.yaml, is read as Prefect reads it: 15 December at 06:36
    recept_met = yaml.safe_load(bestand.read_text(encoding="utf-8"))
    recept_met["deployments"][0]["schedules"].append(verschoven)
    bestand.write_text(yaml.safe_dump(recept_met), encoding="utf-8")
    [amersfoort] = [g for g in lees_planning(bestand, VANAF, 1) if g.gemeente == "GM0307"]
    assert [f"{d:%d-%m-%Y %H:%M}" for d in amersfoort.volgende] == ["15-12-2026 06:36"]
    assert drukte_waarschuwingen(lees_planning(bestand, VANAF, 3), 4) == []


def test_rooster_puts_an_action_research_programme_at_the_gemeentes_own_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    in_process(monkeypatch, tmp_path)
    pad = instellingen_pad(get_settings(), DEMO_GEMEENTE)
    pad.parent.mkdir(parents=True)
    pad.write_text(VOORBEELD.replace("GM0000", DEMO_GEMEENTE), encoding="utf-8")

    result = CliRunner().invoke(
        app,
        [
            "planning",
            "rooster",
            "--cycle",
            "actieonderzoek",
            "--gemeente",
            DEMO_GEMEENTE,
            "--bestand",
            str(tmp_path / "geen.yaml"),
        ],
    )

    assert result.exit_code == 0, result.output
    schedules = yaml.safe_load("\n".join(["schedules:", *result.output.splitlines()[2:]]))
    tijden = {s["rrule"][17:23] for s in schedules["schedules"]}
    assert tijden == {"063900"}  # Gouda's own 06:39, on each interim study's date


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_planning_warns_when_more_rounds_start_in_one_minute_than_max_rondes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, taal: str
) -> None:
    in_process(monkeypatch, tmp_path)
    use(monkeypatch, taal)  # type: ignore[arg-type]
    gemeenten = [f"GM09{n:02d}" for n in range(8)]
    bestand = recept(tmp_path / "prefect.yaml", dict.fromkeys(gemeenten, "0 6 15 6,12 *"))

    result = CliRunner().invoke(app, ["planning", "--bestand", str(bestand), "--aantal", "1"])

    assert result.exit_code == 0, result.output
    [waarschuwing] = [r for r in result.output.splitlines() if "MAKELAAR_MAX_RONDES" in r]
    slugs = "gm0900-halfjaar, gm0901-halfjaar, gm0902-halfjaar, gm0903-halfjaar, gm0904-halfjaar"
    assert (
        waarschuwing
        == {
            "nl": f"Let op: op 15-12-2026 06:00 starten 8 rondes tegelijk ({slugs}, gm0905-halfjaar "
            "en 2 meer); er lopen er hoogstens 4 tegelijk (MAKELAAR_MAX_RONDES), de andere wachten "
            "elk in een eigen proces. Geef ze een eigen tijd: makelaar planning rooster --cycle … "
            "--gemeente … spreidt ze tussen 06:00 en 09:00.",
            "en": f"Warning: 8 rounds start at 15-12-2026 06:00 ({slugs}, gm0905-halfjaar and 2 "
            "more); at most 4 run at once (MAKELAAR_MAX_RONDES), the others wait, each in a process "
            "of its own. Give them times of their own: makelaar planning rooster --cycle … "
            "--gemeente … spreads them between 06:00 and 09:00.",
        }[taal]
    )
    monkeypatch.setenv("MAKELAAR_MAX_RONDES", "8")
    get_settings.cache_clear()
    ruim = CliRunner().invoke(app, ["planning", "--bestand", str(bestand), "--aantal", "1"])
    assert ruim.exit_code == 0 and "MAKELAAR_MAX_RONDES" not in ruim.output


def test_the_committed_prefect_yaml_starts_no_more_rounds_at_once_than_allowed() -> None:
    gepland = lees_planning(PREFECT_YAML, VANAF, 6)
    assert drukte_waarschuwingen(gepland, get_settings().max_rondes) == []
    # Utrecht's buurtmeter and Gouda's interim study of 15 December both start at 06:00
    assert max(drukte(gepland).values()) == 2
    assert drukte(gepland, zonder=("GM0513", "actieonderzoek")).most_common(1)[0][1] == 1
