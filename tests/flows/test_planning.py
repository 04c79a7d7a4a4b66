"""`makelaar planning`: the project's prefect.yaml read as a plan, per gemeente, with the rounds
that wait; a bad file is refused naming the file, the deployment, the key and the bad value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from makelaar.cycles.leerbijeenkomst import record_proposals
from makelaar.flows.cli import app
from makelaar.flows.planning import PlanningFout, lees_planning
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
    gepland = {g.deployment: g for g in lees_planning(PREFECT_YAML, VANAF, 3)}
    utrecht = gepland["evaluatieronde-utrecht"]
    assert (utrecht.gemeente, utrecht.cyclus, utrecht.flow) == (
        "GM0344",
        "buurtmeter",
        "evaluation_round",
    )
    # half-yearly on the 15th at 06:00 Amsterdam time, winter and summer time alike
    assert [f"{d:%d-%m-%Y %H:%M %z}" for d in utrecht.volgende] == [
        "15-12-2026 06:00 +0100",
        "15-06-2027 06:00 +0200",
        "15-12-2027 06:00 +0100",
    ]
    inbox = gepland["logboek-inbox"]
    assert inbox.gemeente is None  # for every gemeente
    assert [d.weekday() for d in inbox.volgende] == [0, 1, 2]  # working days from Monday 7-12
    assert all(d.hour == 7 for d in inbox.volgende)


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        ('cron: "0 6 32 * *"', "'0 6 32 * *' is geen geldige cron; vijf velden"),
        (
            'cron: "0 6 1 * *"\n        timezone: Europe/Amsterdm',
            "'Europe/Amsterdm' is geen geldige tijdzone",
        ),
        ("interval: 3600", "{'interval': 3600} heeft geen cron"),
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
    assert lines[1] == "  Utrecht (GM0344)"
    assert lines[2].startswith("    evaluatieronde-utrecht (buurtmeter): 15-12-20")
    wacht = {
        "nl": "wacht op besluiten over 1 voorstel(len)",
        "en": "waits for decisions on 1 proposal(s)",
    }
    assert lines[3] == (
        f"    ronde {ronde_id} (buurtmeter, 2026-H2) {wacht[taal]}: makelaar round besluit {ronde_id} …"
    )
    assert lines[4] == ("  Voor alle gemeenten" if taal == "nl" else "  For every gemeente")
