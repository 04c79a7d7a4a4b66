"""`makelaar planning`: the project's prefect.yaml read as a plan, per gemeente, with the rounds
that wait; a bad file is refused naming the file, the deployment, the key and the bad value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from makelaar.cycles.leerbijeenkomst import record_proposals
from makelaar.flows.cli import app
from makelaar.flows.planning import Gepland, PlanningFout, lees_planning, per_gemeente
from makelaar.models.domain import Fase, FaseStatus
from makelaar.models.schemas import Proposal
from makelaar.models.settings import get_settings
from makelaar.models.store import Store
from makelaar.models.tables import Evaluatieronde, FaseRun

from ..factories import make_gemeente_with_wijken
from .cli_testing import in_process, use

PREFECT_YAML = Path(__file__).resolve().parents[2] / "prefect.yaml"
VANAF = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


def test_the_projects_schedules_with_their_next_runs_in_dutch_time() -> None:
    gepland = lees_planning(PREFECT_YAML, VANAF, 3)
    per_deployment: dict[str, list[Gepland]] = {}
    for item in gepland:
        per_deployment.setdefault(item.deployment, []).append(item)
    # one round deployment per cycle, one schedule per gemeente carrying its gemeente
    [utrecht] = per_deployment["ronde-buurtmeter"]
    assert (utrecht.gemeente, utrecht.cyclus, utrecht.periode, utrecht.flow) == (
        "GM0344",
        "buurtmeter",
        None,
        "evaluation_round",
    )
    # half-yearly on the 15th at 06:00 Amsterdam time, winter and summer time alike
    assert [f"{d:%d-%m-%Y %H:%M %z}" for d in utrecht.volgende] == [
        "15-12-2026 06:00 +0100",
        "15-06-2027 06:00 +0200",
        "15-12-2027 06:00 +0100",
    ]
    [woerden] = per_deployment["ronde-casusregie"]
    assert (woerden.gemeente, woerden.cyclus) == ("GM0632", "casusregie")
    assert [f"{d:%d-%m-%Y %H:%M}" for d in woerden.volgende][:1] == ["15-12-2026 07:00"]
    voor_iedereen = [g for items in per_deployment.values() for g in items if g.gemeente is None]
    assert {g.deployment for g in voor_iedereen} == {"logboek-inbox", "enquete-herinneringen"}
    [inbox] = per_deployment["logboek-inbox"]
    # hourly on working days from 07:00: Monday 7 December first (6 December is a Sunday)
    assert [f"{d:%a %H:%M}" for d in inbox.volgende] == ["Mon 07:00", "Mon 08:00", "Mon 09:00"]


def test_the_action_research_rounds_follow_the_programmes_interim_studies() -> None:
    gouda = [g for g in lees_planning(PREFECT_YAML, VANAF, 3) if g.gemeente == "GM0513"]
    # one schedule per interim study, each with its period; the studies that passed have no run
    assert [(g.periode, [f"{d:%d-%m-%Y %H:%M %z}" for d in g.volgende]) for g in gouda] == [
        ("2026-Q1", []),
        ("2026-Q2", []),
        ("2026-Q3", []),
        ("2026-Q4", ["15-12-2026 06:00 +0100"]),
        ("2027-Q1", ["15-03-2027 06:00 +0100"]),
        ("2027-Q2", ["15-06-2027 06:00 +0200"]),
    ]
    assert {(g.deployment, g.cyclus, g.cron) for g in gouda} == {
        ("ronde-actieonderzoek", "actieonderzoek", None)
    }
    assert all(g.rrule is not None and g.rrule.startswith("DTSTART:20") for g in gouda)
    [volgende, *later] = per_gemeente(gouda)["GM0513"]
    assert volgende.periode == "2026-Q4"  # the next run first, the passed studies last
    assert [g.periode for g in later][-3:] == ["2026-Q1", "2026-Q2", "2026-Q3"]


def test_a_schedules_parameters_go_over_the_deployments(tmp_path: Path) -> None:
    bestand = tmp_path / "prefect.yaml"
    bestand.write_text(
        "deployments:\n  - name: ronde-buurtmeter\n"
        "    entrypoint: flows/round.py:evaluation_round\n"
        "    parameters: {cyclus: buurtmeter, gemeente: GM0344}\n"
        "    schedules:\n"
        '      - cron: "0 6 15 6,12 *"\n'
        '      - cron: "0 6 1 6,12 *"\n'
        "        parameters: {gemeente: GM0307, periode: 2027}\n",
        encoding="utf-8",
    )
    gepland = lees_planning(bestand, VANAF, 1)
    assert [(g.gemeente, g.cyclus, g.periode) for g in gepland] == [
        ("GM0344", "buurtmeter", None),
        ("GM0307", "buurtmeter", "2027"),
    ]
    assert set(per_gemeente(gepland)) == {"GM0344", "GM0307"}


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        ('cron: "0 6 32 * *"', "'0 6 32 * *' is geen geldige cron; vijf velden"),
        (
            'cron: "0 6 1 * *"\n        timezone: Europe/Amsterdm',
            "'Europe/Amsterdm' is geen geldige tijdzone",
        ),
        ("interval: 3600", "{'interval': 3600} heeft geen cron of rrule"),
        ('rrule: "elke maandag"', "'elke maandag' is geen geldige rrule; bijvoorbeeld"),
        (
            'cron: "0 6 1 * *"\n        parameters: GM0513',
            "parameters: 'GM0513' is geen lijst van namen en waarden",
        ),
    ],
)
def test_a_bad_schedule_names_the_file_the_deployment_and_the_value(
    tmp_path: Path, schedule: str, expected: str
) -> None:
    bestand = tmp_path / "prefect.yaml"
    bestand.write_text(
        "deployments:\n  - name: ronde-gouda\n    entrypoint: flows/round.py:evaluation_round\n"
        f"    schedules:\n      - {schedule}\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanningFout) as fout:
        lees_planning(bestand, VANAF)
    assert str(fout.value).startswith(f"{bestand}: deployment 'ronde-gouda', schedules[1]")
    assert expected in str(fout.value)


def test_a_file_that_is_not_yaml_is_refused_with_its_line(tmp_path: Path) -> None:
    bestand = tmp_path / "prefect.yaml"
    bestand.write_text("deployments:\n  - name: [open\n", encoding="utf-8")
    with pytest.raises(PlanningFout, match=r"prefect.yaml: regel \d+: geen geldige YAML"):
        lees_planning(bestand, VANAF)


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_planning_per_gemeente_with_the_rounds_that_wait_for_decisions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, taal: str
) -> None:
    in_process(monkeypatch, tmp_path)
    use(monkeypatch, taal)  # type: ignore[arg-type]
    store = Store.from_settings(get_settings())
    store.upgrade()
    with store.session() as session:
        make_gemeente_with_wijken(session, 2, code="GM0344", naam="Utrecht")
        ronde = Evaluatieronde(gemeente_code="GM0344", cyclus="buurtmeter", periode="2026-H2")
        session.add(ronde)
        session.flush()
        ronde_id = ronde.id
        for fase in (Fase.OBSERVE, Fase.REFLECT, Fase.IMPROVE):
            session.add(FaseRun(ronde_id=ronde_id, fase=fase, status=FaseStatus.COMPLETED))
    record_proposals(
        store,
        ronde_id,
        [
            Proposal(
                code="meer-signalen",
                titel="Meer signalen oppakken",
                tekst="Tekst.",
                onderbouwing="Signalen blijven liggen.",
                sectie_id="wijk-werken-met-signalen",
            )
        ],
    )
    store.dispose()
    result = CliRunner().invoke(app, ["planning", "--bestand", str(PREFECT_YAML), "--aantal", "1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # the gemeenten by name: those without a name in the database by their code, Utrecht's by it
    koppen = [line for line in lines if line.startswith("  ") and not line.startswith("    ")]
    voor_alle = "  Voor alle gemeenten" if taal == "nl" else "  For every gemeente"
    assert koppen == ["  GM0513", "  GM0632", "  Utrecht (GM0344)", voor_alle]
    gouda = lines[lines.index("  GM0513") + 1 : lines.index("  GM0632")]
    assert len(gouda) == 6  # one line per interim study, with its period
    assert all(line.startswith("    ronde-actieonderzoek (actieonderzoek, 202") for line in gouda)
    utrecht = lines.index("  Utrecht (GM0344)")
    assert lines[utrecht + 1].startswith("    ronde-buurtmeter (buurtmeter): ")
    wacht = {
        "nl": "wacht op besluiten over 1 voorstel(len)",
        "en": "waits for decisions on 1 proposal(s)",
    }
    assert lines[utrecht + 2] == (
        f"    ronde {ronde_id} (buurtmeter, 2026-H2) {wacht[taal]}: makelaar round besluit {ronde_id} …"
    )
    assert lines[utrecht + 3] == voor_alle
