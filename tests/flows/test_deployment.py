"""prefect.yaml as Prefect reads it: `prefect deploy --all` accepts it, and the deployments read back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from prefect.client.orchestration import SyncPrefectClient, get_client
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


@pytest.fixture(scope="module")
def deployed(prefect_server: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """`prefect --no-prompt deploy --all` from the repository, once for this module's tests."""
    with get_client(sync_client=True) as client:
        ensure_process_pool(client, "makelaar")
    recipe = (REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PREFECT_", "MAKELAAR_"))
    }
    env |= {
        "PREFECT_API_URL": prefect_server,
        "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }

    result = subprocess.run(
        [str(PREFECT), "--no-prompt", "deploy", "--all"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert (REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8") == recipe


PULL_STEPS = [
    {
        "prefect.deployments.steps.set_working_directory": {
            "directory": "{{ $MAKELAAR_PROJECT_DIR }}"
        }
    }
]


@pytest.mark.usefixtures("deployed")
def test_prefect_yaml_deploys_the_half_yearly_utrecht_round(
    prefect_client: SyncPrefectClient,
) -> None:
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
    assert deployment.pull_steps == PULL_STEPS
    assert deployment.parameter_openapi_schema is not None
    properties = deployment.parameter_openapi_schema["properties"]
    assert set(properties) == {
        "gemeente",
        "cyclus",
        "periode",
        "cbs_bestand",
        "leerbijeenkomst",
        "enquetes",
        "vooruit",
    }
    assert properties["vooruit"]["default"] is False  # the closing half-year has begun
    assert properties["leerbijeenkomst"]["enum"] == ["handmatig", "demo", "formulier"]
    assert properties["enquetes"]["enum"] == ["wachten", "demo"]
    assert properties["enquetes"]["default"] == "wachten"
    [schedule] = deployment.schedules
    assert schedule.active
    assert isinstance(schedule.schedule, CronSchedule)
    assert schedule.schedule.cron == "0 6 15 6,12 *"
    assert schedule.schedule.timezone == "Europe/Amsterdam"


@pytest.mark.usefixtures("deployed")
def test_prefect_yaml_deploys_the_logbook_inbox_on_weekday_mornings(
    prefect_client: SyncPrefectClient,
) -> None:
    deployment = prefect_client.read_deployment_by_name("logboek-inbox/logboek-inbox")
    assert deployment.entrypoint == "flows/logboek.py:logbook_inbox"
    assert deployment.work_pool_name == "makelaar"
    assert deployment.parameters == {}
    assert set(deployment.tags) == {"makelaar", "logboek"}
    assert deployment.description is not None and "inbox/geweigerd/" in deployment.description
    assert deployment.pull_steps == PULL_STEPS
    assert deployment.parameter_openapi_schema is not None
    properties = deployment.parameter_openapi_schema["properties"]
    assert set(properties) == {"inbox", "sla_ongeldig_over", "gemeente", "rust_s"}
    [schedule] = deployment.schedules
    assert schedule.active
    assert isinstance(schedule.schedule, CronSchedule)
    assert schedule.schedule.cron == "0 7 * * 1-5"
    assert schedule.schedule.timezone == "Europe/Amsterdam"
