"""Scheduled rounds as a research team runs them: prefect.yaml deployed with `prefect deploy --all`,
the casusregie rounds the server scheduled for two gemeenten run to the end by a process worker on
a fresh machine: a virtualenv with the makelaar wheel installed, started in an empty directory,
without a checkout (the deployments' entrypoints are module paths and `pull` is empty)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterName,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.states import Scheduled

from makelaar.cycles.casusregie.demo import generate_demo
from makelaar.cycles.registry import migration_folders
from makelaar.cycles.rounds import list_rounds, stored_result
from makelaar.models.domain import Fase
from makelaar.models.schemas import ApplyResult
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.flows.flow_testing import artifact, eventually
from tests.flows.test_deployment import REPO_ROOT, deploy_all
from tests.installatie import build_wheel, fresh_venv

pytestmark = pytest.mark.prefect

#: Woerden as prefect.yaml plans it, and a second gemeente a team adds with one schedule
GEMEENTEN = {"GM0632": "Woerden", "GM0589": "Oudewater"}
WORKER_TIMEOUT_S = 240


def recipe_with_a_second_gemeente(path: Path) -> Path:
    """The project's prefect.yaml with Oudewater planned next to Woerden, both rounds taking the
    demo's decisions and answering the demo's surveys (the real ones wait for people)."""
    recipe = yaml.safe_load((REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    [casusregie] = [d for d in recipe["deployments"] if d["name"] == "ronde-casusregie"]
    [woerden] = casusregie["schedules"]
    oudewater = {**woerden, "slug": "oudewater-halfjaar", "parameters": {"gemeente": "GM0589"}}
    casusregie["schedules"] = [woerden, oudewater]
    for schedule in casusregie["schedules"]:
        schedule["parameters"] |= {"leerbijeenkomst": "demo", "enquetes": "demo"}
    path.write_text(yaml.safe_dump(recipe, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def demo_pilots(settings: Settings) -> None:
    """The project database with a casusregie pilot for each gemeente, and its settings file."""
    store = Store.from_settings(settings)
    try:
        store.upgrade(migration_folders())
        for code, naam in GEMEENTEN.items():
            generate_demo(store, code, dt.date.today().year, gemeente_naam=naam, settings=settings)
    finally:
        store.dispose()


def scheduled_rounds(client: SyncPrefectClient) -> dict[str, FlowRun]:
    """gemeente -> the first round the server scheduled for it on ronde-casusregie."""
    runs = client.read_flow_runs(
        deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=["ronde-casusregie"])),
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
        ),
    )
    first: dict[str, FlowRun] = {}
    for run in sorted(runs, key=lambda r: r.expected_start_time or dt.datetime.max):
        first.setdefault(run.parameters["gemeente"], run)
    return first


def worker_env(prefect_server: str, settings: Settings, home: Path) -> dict[str, str]:
    """What the machine that runs the rounds has: the project's data and output, the API."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PREFECT_", "MAKELAAR_"))
        and key not in {"PYTHONPATH", "VIRTUAL_ENV"}
    }
    return env | {
        "MAKELAAR_DATA_DIR": str(settings.data_dir),
        "MAKELAAR_OUTPUT_DIR": str(settings.output_dir),
        "PREFECT_API_URL": prefect_server,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }


def remove_deployments(client: SyncPrefectClient, recipe: Path) -> None:
    """Delete what `recipe` deployed, so the session's server holds only what a later test deploys
    itself (tests/flows/test_deployment.py reads back the repository's own schedules)."""
    names = [d["name"] for d in yaml.safe_load(recipe.read_text(encoding="utf-8"))["deployments"]]
    for deployment in client.read_deployments(
        deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=names))
    ):
        client.delete_deployment(deployment.id)


def test_prefect_deploy_all_and_a_worker_runs_the_scheduled_rounds_of_two_gemeenten(
    prefect_server: str,
    prefect_client: SyncPrefectClient,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", output_dir=tmp_path / "out")
    demo_pilots(settings)
    recipe = recipe_with_a_second_gemeente(tmp_path / "prefect.yaml")
    request.addfinalizer(lambda: remove_deployments(prefect_client, recipe))

    deploy_all(prefect_server, recipe, tmp_path / "prefect-home")

    # the server's scheduler plans the deployment's runs from its schedules, one per gemeente
    scheduled = eventually(lambda: scheduled_rounds(prefect_client), lambda s: len(s) == 2)
    assert set(scheduled) == set(GEMEENTEN)
    for code, run in scheduled.items():
        assert run.parameters == {
            "cyclus": "casusregie",
            "leerbijeenkomst": "demo",
            "gemeente": code,
            "enquetes": "demo",
        }
        assert run.expected_start_time is not None
        start = run.expected_start_time.astimezone(dt.UTC)
        assert (start.day, start.month in (6, 12)) == (15, True)  # 15 June or December, 07:00 NL
        # their time has come: what the scheduler does on the day, done now
        prefect_client.set_flow_run_state(
            run.id, Scheduled(scheduled_time=dt.datetime.now(dt.UTC)), force=True
        )

    venv = tmp_path / "worker-venv"  # the release, installed: nothing comes from this checkout
    fresh_venv(venv, build_wheel(tmp_path / "wheel"))
    leeg = tmp_path / "worker-map"
    leeg.mkdir()
    worker = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "prefect",
            "worker",
            "start",
            "--pool",
            "makelaar",
            "--type",
            "process",
            "--run-once",
        ],
        cwd=leeg,
        env=worker_env(prefect_server, settings, tmp_path / "worker-home"),
        capture_output=True,
        text=True,
        timeout=WORKER_TIMEOUT_S,
    )

    assert worker.returncode == 0, worker.stdout + worker.stderr
    ran = {code: prefect_client.read_flow_run(run.id) for code, run in scheduled.items()}
    for code, run in ran.items():
        assert run.state is not None and run.state.is_completed(), (
            f"{code}: {run.state!r}\n{worker.stdout}{worker.stderr}"
        )
    store = Store.from_settings(settings)
    try:
        rondes = {r.gemeente_code: r for r in list_rounds(store)}
        assert set(rondes) == set(GEMEENTEN)
        for code, ronde in rondes.items():
            report = stored_result(store, ronde.id, Fase.APPLY)
            assert isinstance(report, ApplyResult), code
            assert report.pdf is not None and report.pdf.read_bytes().startswith(b"%PDF")
            assert report.pdf.is_relative_to(settings.output_dir)
            key = f"ronde-{code}-casusregie-{ronde.periode}".lower()
            summary = str(artifact(prefect_client, ran[code].id, key).data)
            assert GEMEENTEN[code] in summary
    finally:
        store.dispose()
