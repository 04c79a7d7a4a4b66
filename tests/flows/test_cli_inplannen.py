"""`makelaar round inplannen`: a round as a run of its cycle's deployment, one run per gemeente,
cycle and period however often it is planned; a clear line without a server or a deployment."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.settings import PREFECT_API_URL, temporary_settings
from typer.testing import CliRunner

from makelaar.flows.cli import app
from makelaar.flows.cli_inplannen import deployment_name, idempotency_key
from tests.flows.cli_testing import in_process, run_main, use

#: a deployment of the round flow in no work pool: no worker of another test runs its runs
DEPLOYMENT = "inplannen-test"


@pytest.fixture
def round_deployment(prefect_client: SyncPrefectClient) -> str:
    flow_id = prefect_client.create_flow_from_name("evaluatieronde")
    prefect_client.create_deployment(
        flow_id=flow_id,
        name=DEPLOYMENT,
        entrypoint="flows/round.py:evaluation_round",
        parameters={"cyclus": "casusregie", "leerbijeenkomst": "handmatig"},
    )
    return f"evaluatieronde/{DEPLOYMENT}"


def plan(*args: str) -> list[str]:
    result = CliRunner().invoke(app, ["round", "inplannen", *args], prog_name="makelaar")
    assert result.exit_code == 0, f"{result.output}{result.exception!r}"
    return result.output.splitlines()


def test_the_cycles_deployment_and_the_rounds_key() -> None:
    assert deployment_name("casusregie") == "evaluatieronde/ronde-casusregie"
    assert idempotency_key("GM0632", "casusregie", "2026-H2") == (
        "makelaar-ronde-GM0632-casusregie-2026-H2"
    )


@pytest.mark.prefect
def test_planning_the_same_round_twice_gives_the_same_run(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    prefect_server: str,
    prefect_client: SyncPrefectClient,
    round_deployment: str,
) -> None:
    in_process(monkeypatch, tmp_path)
    ronde = ["--cycle", "casusregie", "--gemeente", "GM0632", "--period", "2026-H1"]

    first = plan(*ronde, "--deployment", round_deployment)
    again = plan(*ronde, "--deployment", round_deployment)
    other = plan(*ronde[:-1], "2025-H2", "--deployment", round_deployment)

    assert first[0].startswith(
        f"Ronde GM0632, casusregie, 2026-H1 ingepland op {round_deployment}: run "
    )
    assert first[0].endswith("(Scheduled); een worker van de werkpool voert hem uit.")
    run_id = first[0].split(": run ")[1].split()[0]
    assert again[0] == (
        f"Ronde GM0632, casusregie, 2026-H1 was al ingepland op {round_deployment}: run "
        f"{run_id} (Scheduled); er komt geen tweede run."
    )
    ui = prefect_server.removesuffix("/api")
    assert first[1] == again[1] == f"  Prefect: {ui}/runs/flow-run/{run_id}"
    assert run_id not in other[0]  # another period is another round
    run = prefect_client.read_flow_run(run_id)  # type: ignore[arg-type]
    assert run.parameters == {
        "cyclus": "casusregie",
        "leerbijeenkomst": "handmatig",
        "gemeente": "GM0632",
        "periode": "2026-H1",
    }
    assert run.idempotency_key == "makelaar-ronde-GM0632-casusregie-2026-H1"
    assert run.name == "GM0632-casusregie-2026-H1"
    assert "ingepland" in run.tags


@pytest.mark.prefect
@pytest.mark.parametrize("taal", ["nl", "en"])
def test_a_cycle_not_deployed_is_refused_with_what_to_do(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    prefect_server: str,
    taal: str,
) -> None:
    in_process(monkeypatch, tmp_path)
    use(monkeypatch, taal)  # type: ignore[arg-type]
    args = ["round", "inplannen", "--cycle", "casusregie", "--gemeente", "GM0632"]

    code, lines = run_main(monkeypatch, capsys, *args, "--deployment", "evaluatieronde/nergens")

    assert code == 1
    [line] = lines
    expected = {
        "nl": f"Deployment evaluatieronde/nergens staat niet op de Prefect-server {prefect_server}"
        ": deploy prefect.yaml eerst met 'prefect --no-prompt deploy --all'",
        "en": f"Deployment evaluatieronde/nergens is not on the Prefect server {prefect_server}: "
        "deploy prefect.yaml first with 'prefect --no-prompt deploy --all'",
    }
    assert expected[taal] in line


def test_without_a_prefect_server_it_says_to_set_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    in_process(monkeypatch, tmp_path)
    args = ["round", "inplannen", "--cycle", "casusregie", "--gemeente", "GM0632"]

    with temporary_settings(restore_defaults={PREFECT_API_URL}):  # no API, as out of the box
        code, lines = run_main(monkeypatch, capsys, *args)

    assert code == 1
    [line] = lines
    assert "Geen Prefect-server ingesteld: zet PREFECT_API_URL" in line
    assert "'makelaar round run'" in line


def test_a_gemeente_that_is_no_cbs_code_is_a_usage_mistake(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    in_process(monkeypatch, tmp_path)
    args = ["round", "inplannen", "--cycle", "casusregie", "--gemeente", "Woerden"]

    code, lines = run_main(monkeypatch, capsys, *args)

    assert code == 2
    assert "'Woerden' is geen CBS-gemeentecode: GM gevolgd door 4 cijfers" in "\n".join(lines)
