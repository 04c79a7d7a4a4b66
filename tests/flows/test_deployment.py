"""prefect.yaml as Prefect reads it: `prefect deploy --all` accepts it, and the deployments read back."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.responses import DeploymentResponse
from prefect.client.schemas.schedules import CronSchedule, RRuleSchedule
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


def deploy_all(prefect_server: str, recipe: Path, home: Path) -> None:
    """`prefect --no-prompt deploy --all` of `recipe` from the repository (where its entrypoints
    are), as a researcher runs it: none of the test's MAKELAAR_ or PREFECT_ settings reach it."""
    with get_client(sync_client=True) as client:
        ensure_process_pool(client, "makelaar")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PREFECT_", "MAKELAAR_"))
    }
    env |= {
        "PREFECT_API_URL": prefect_server,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    command = [str(PREFECT), "--no-prompt", "deploy", "--all", "--prefect-file", str(recipe)]

    result = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def deployed(prefect_server: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """`prefect --no-prompt deploy --all` of the repository's prefect.yaml, once for this module."""
    recipe = (REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8")
    deploy_all(prefect_server, REPO_ROOT / "prefect.yaml", tmp_path_factory.mktemp("prefect-home"))
    assert (REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8") == recipe


#: nothing is cloned or changed at run time: a worker runs the makelaar installed in its environment
PULL_STEPS: list[dict[str, Any]] = []


ROUND_PARAMETERS = {
    "gemeente",
    "cyclus",
    "periode",
    "cbs_bestand",
    "leerbijeenkomst",
    "enquetes",
    "vooruit",
}


def round_deployment(client: SyncPrefectClient, cyclus: str) -> DeploymentResponse:
    """The cycle's round deployment as deployed: the round flow, pool, tags, pull step, schema."""
    deployment = client.read_deployment_by_name(f"evaluatieronde/ronde-{cyclus}")
    assert deployment.entrypoint == "makelaar.flows.round:evaluation_round"
    assert deployment.work_pool_name == "makelaar"
    assert deployment.parameters == {"cyclus": cyclus, "leerbijeenkomst": "handmatig"}
    assert set(deployment.tags) == {"makelaar", cyclus}
    assert deployment.pull_steps == PULL_STEPS
    assert deployment.parameter_openapi_schema is not None
    properties = deployment.parameter_openapi_schema["properties"]
    assert set(properties) >= ROUND_PARAMETERS  # and what new inputs a round takes
    assert properties["vooruit"]["default"] is False  # the closing period has begun
    assert properties["leerbijeenkomst"]["enum"] == ["handmatig", "demo", "formulier"]
    assert properties["enquetes"]["enum"] == ["wachten", "demo"]
    assert properties["enquetes"]["default"] == "wachten"
    return deployment


def cron_schedules(deployment: DeploymentResponse) -> dict[str, tuple[str, dict[str, Any]]]:
    """slug -> (cron, the schedule's own parameters); every schedule active, in Dutch time."""
    found = {}
    for schedule in deployment.schedules:
        assert schedule.active
        assert isinstance(schedule.schedule, CronSchedule)
        assert schedule.schedule.timezone == "Europe/Amsterdam"
        assert schedule.slug is not None
        found[schedule.slug] = (schedule.schedule.cron, schedule.parameters)
    return found


@pytest.mark.usefixtures("deployed")
def test_prefect_yaml_deploys_a_half_yearly_round_per_gemeente_for_buurtmeter_and_casusregie(
    prefect_client: SyncPrefectClient,
) -> None:
    buurtmeter = round_deployment(prefect_client, "buurtmeter")
    assert (
        buurtmeter.description is not None
        and "half juni en half december" in buurtmeter.description
    )
    assert cron_schedules(buurtmeter) == {
        "utrecht-halfjaar": ("0 6 15 6,12 *", {"gemeente": "GM0344"})
    }
    casusregie = round_deployment(prefect_client, "casusregie")
    assert casusregie.description is not None and "per criterium" in casusregie.description
    assert cron_schedules(casusregie) == {
        "woerden-halfjaar": ("0 7 15 6,12 *", {"gemeente": "GM0632"})
    }


@pytest.mark.usefixtures("deployed")
def test_prefect_yaml_deploys_gouda_action_research_on_its_programmes_interim_dates(
    prefect_client: SyncPrefectClient,
) -> None:
    deployment = round_deployment(prefect_client, "actieonderzoek")
    assert deployment.description is not None and "tussenstudie" in deployment.description
    dates = {}
    for schedule in deployment.schedules:
        assert schedule.active
        assert isinstance(schedule.schedule, RRuleSchedule)
        assert schedule.schedule.timezone == "Europe/Amsterdam"
        parameters = schedule.parameters
        assert parameters["gemeente"] == "GM0513"
        assert schedule.slug == f"gouda-{parameters['periode'].lower()}"
        once = re.fullmatch(
            r"DTSTART:(\d{8}T\d{6})\nRRULE:FREQ=DAILY;COUNT=1", schedule.schedule.rrule
        )
        assert once is not None, schedule.schedule.rrule  # one date, in the schedule's time zone
        date = dt.datetime.strptime(once[1], "%Y%m%dT%H%M%S")
        dates[parameters["periode"]] = f"{date:%d-%m-%Y %H:%M}"
    # each interim study (a quarter of the programme 2026-01 .. 2027-06) halfway its last month
    assert dates == {
        "2026-Q1": "15-03-2026 06:00",
        "2026-Q2": "15-06-2026 06:00",
        "2026-Q3": "15-09-2026 06:00",
        "2026-Q4": "15-12-2026 06:00",
        "2027-Q1": "15-03-2027 06:00",
        "2027-Q2": "15-06-2027 06:00",
    }


@pytest.mark.usefixtures("deployed")
def test_prefect_yaml_deploys_the_logbook_inbox_hourly_on_working_days(
    prefect_client: SyncPrefectClient,
) -> None:
    deployment = prefect_client.read_deployment_by_name("logboek-inbox/logboek-inbox")
    assert deployment.entrypoint == "makelaar.flows.logboek:logbook_inbox"
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
    assert schedule.schedule.cron == "0 7-18 * * 1-5"
    assert schedule.schedule.timezone == "Europe/Amsterdam"
