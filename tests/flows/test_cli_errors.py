"""A round that fails on the user's input ends in one line on the terminal; --debug shows it all."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL

from makelaar.flows.terminal_logging import OneLineFormatter, WithoutPrefect
from makelaar.models.store import Store
from tests.flows.cli_testing import MAKELAAR, MAKELAAR_TIMEOUT_S

pytestmark = pytest.mark.prefect


def run_with_session_server(*arguments: str) -> subprocess.CompletedProcess[str]:
    """`makelaar ARGUMENTS` in a process of its own, with the caller's settings, against the
    session's Prefect server (cli_testing.run_makelaar isolates the settings instead)."""
    environment = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
    return subprocess.run(
        [str(MAKELAAR), *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=MAKELAAR_TIMEOUT_S,
        check=False,
    )


def test_a_phase_failing_on_a_missing_file_prints_one_line(
    utrecht_store: Store, tmp_path: Path
) -> None:
    missing = tmp_path / "kerncijfers-bestaat-niet.xlsx"
    result = run_with_session_server(
        "round", "run", "--cycle", "buurtmeter", "--period", "2025", "--cbs", str(missing)
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"Fout: bestand {missing}: het bestand bestaat niet; verwacht een .xlsx-bestand."
    ]
    assert "mislukt" in result.stdout


def test_with_debug_the_tracebacks_show(utrecht_store: Store, tmp_path: Path) -> None:
    missing = tmp_path / "kerncijfers-bestaat-niet.xlsx"
    result = run_with_session_server(
        "--debug",
        "round",
        "run",
        "--cycle",
        "buurtmeter",
        "--period",
        "2025",
        "--cbs",
        str(missing),
    )
    assert result.returncode == 1
    assert "ERROR prefect.task_runs: Task run failed with exception: ImportFileError" in (
        result.stderr
    )
    # the task's and the flow's tracebacks from Prefect's loggers, then the CLI's own
    assert result.stderr.count("Traceback (most recent call last):") == 3
    assert (
        f"models.errors.ImportFileError: bestand {missing}: het bestand bestaat niet; "
        "verwacht een .xlsx-bestand.\n"
    ) in result.stderr


def test_makelaars_own_warnings_stay_one_line_and_prefects_records_stay_off_the_terminal() -> None:
    handler_filter = WithoutPrefect()
    formatter = OneLineFormatter("%(levelname)s %(name)s: %(message)s")
    try:
        raise ValueError("eerste regel\ntweede regel")
    except ValueError:
        record = logging.getLogger("makelaar.flows").makeRecord(
            "makelaar.flows",
            logging.WARNING,
            __file__,
            1,
            "Niet verstuurd: %s",
            ("logs",),
            sys.exc_info(),
        )
    assert handler_filter.filter(record)
    assert formatter.format(record) == "WARNING makelaar.flows: Niet verstuurd: logs"
    prefect_run = logging.LogRecord(
        "prefect.task_runs", logging.ERROR, __file__, 1, "Task run failed", None, None
    )
    assert not handler_filter.filter(prefect_run)
    assert handler_filter.prefect_dir is not None
    queue_service = logging.LogRecord(
        "EventsWorker",
        logging.WARNING,
        handler_filter.prefect_dir + "_internal/concurrency/services.py",
        202,
        "Still processing items",
        None,
        None,
    )
    assert not handler_filter.filter(queue_service)


PREFECT_FIRST = """
import logging
from prefect.logging.configuration import setup_logging
from makelaar.flows.terminal_logging import configure_terminal_logging

setup_logging()  # Prefect's logging first: its console handler on the root logger
assert [type(h).__name__ for h in logging.getLogger().handlers] == ["PrefectConsoleHandler"]
configure_terminal_logging(debug=False)
try:
    raise RuntimeError("taak mislukt")
except RuntimeError:
    logging.getLogger("prefect.task_runs").exception("Task run failed with exception")
    logging.getLogger("makelaar.flows").warning("Let op: %s", "één regel", exc_info=True)
"""


def test_prefect_configuring_logging_first_changes_nothing_on_the_terminal() -> None:
    # outside a flow run Prefect's API handler would warn that it has no run to send to
    environment = {**os.environ, "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore"}
    result = subprocess.run(
        [sys.executable, "-c", PREFECT_FIRST],
        env=environment,
        capture_output=True,
        text=True,
        timeout=MAKELAAR_TIMEOUT_S,
        check=True,
    )
    assert result.stderr == "WARNING makelaar.flows: Let op: één regel\n"
