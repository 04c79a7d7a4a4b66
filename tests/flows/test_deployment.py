"""prefect.yaml as Prefect reads it: `prefect deploy --all` accepts it, and the deployment reads back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.schedules import CronSchedule
from prefect.exceptions import ObjectNotFound
from prefect.workers.process import ProcessWorker

pytestmark = pytest.mark.prefect

REPO_ROOT = Path(__file__).resolve().parents[2]
PREFECT = Path(sys.executable).parent / "prefect"


def ensure_process_pool(client: SyncPrefectClient, name: str) -> None:
    """The work pool the deployment names, as `prefect work-pool create NAME --type process` makes it."""
    try:
        client.read_work_pool(name)
    except ObjectNotFound:
        client.create_work_pool(
            WorkPoolCreate(
                name=name,
                type="process",
                base_job_template=ProcessWorker.get_default_base_job_template(),
            )
        )


def test_prefect_yaml_deploys_the_half_yearly_utrecht_round(
    prefect_server: str, prefect_client: SyncPrefectClient, tmp_path: Path
) -> None:
    ensure_process_pool(prefect_client, "makelaar")
    recipe = (REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PREFECT_", "MAKELAAR_"))
    }
    env |= {
        "PREFECT_API_URL": prefect_server,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }

    deployed = subprocess.run(
        [str(PREFECT), "--no-prompt", "deploy", "--all"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert (REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8") == recipe
    deployment = prefect_client.read_deployment_by_name("evaluatieronde/evaluatieronde-utrecht")
    assert deployment.entrypoint == "flows/round.py:evaluation_round"
    assert deployment.work_pool_name == "makelaar"
    assert deployment.parameters == {
        "gemeente": "GM0344",
        "cyclus": "buurtmeter",
        "leerbijeenkomst": "handmatig",
    }
    assert set(deployment.tags) == {"makelaar", "buurtmeter", "gm0344"}
    assert deployment.description is not None and "Utrecht (GM0344)" in deployment.description
    assert deployment.pull_steps == [
        {
            "prefect.deployments.steps.set_working_directory": {
                "directory": "{{ $MAKELAAR_PROJECT_DIR }}"
            }
        }
    ]
    assert deployment.parameter_openapi_schema is not None
    properties = deployment.parameter_openapi_schema["properties"]
    assert set(properties) == {"gemeente", "cyclus", "periode", "cbs_bestand", "leerbijeenkomst"}
    assert properties["leerbijeenkomst"]["enum"] == ["handmatig", "demo"]
    [schedule] = deployment.schedules
    assert schedule.active
    assert isinstance(schedule.schedule, CronSchedule)
    assert schedule.schedule.cron == "0 6 15 6,12 *"
    assert schedule.schedule.timezone == "Europe/Amsterdam"
