"""The local Prefect server: started, healthy, stopped; configured APIs used as they are; failures named."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import httpx
import pytest
from prefect.client.orchestration import get_client
from prefect.settings import (
    PREFECT_API_SSL_CERT_FILE,
    PREFECT_API_URL,
    PREFECT_UI_URL,
    temporary_settings,
)

from makelaar.flows.api_tls import CA_FILE
from makelaar.flows.server import (
    PID_FILE,
    _record_server,
    prefect_api,
    prefect_home,
    process_start_time,
    server_lock,
)
from makelaar.flows.server_process import SERVER_DEFAULTS, server_defaults
from makelaar.models.errors import PrefectServerError
from makelaar.models.settings import Settings
from tests.flows.processes import environment_of, server_pids

pytestmark = pytest.mark.prefect


def port_of(url: str) -> int:
    port = httpx.URL(url).port
    assert port is not None, url
    return port


class BodyFailed(Exception):
    """What the body of the context manager raises in the test."""


def test_starts_answers_and_stops_even_when_the_body_raises(
    tmp_path: Path, prefect_template_dir: Path
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        with (
            pytest.raises(BodyFailed),
            prefect_api(settings, template_dir=prefect_template_dir) as url,
        ):
            port = port_of(url)
            assert httpx.get(f"{url}/health", timeout=5).json() is True
            assert PREFECT_API_URL.value() == url
            assert not PREFECT_UI_URL.value()  # the UI is off: no links to it in the run logs
            # plain http: Prefect's clients load one CA certificate, not a bundle (flows.api_tls)
            cert_file = PREFECT_API_SSL_CERT_FILE.value()
            assert cert_file == str(prefect_home(settings) / CA_FILE)
            with get_client(sync_client=True) as client:
                assert client.api_healthcheck() is None  # None: healthy
            [pid] = server_pids(port)
            # the task-run recorder writes in batches (flows.server_process.SERVER_DEFAULTS)
            assert SERVER_DEFAULTS.items() <= environment_of(pid).items()
            raise BodyFailed
        assert PREFECT_API_URL.value() is None
    assert server_pids(port) == []
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/health", timeout=2)
    home = tmp_path / "data" / "prefect"
    assert (home / "prefect.db").exists()
    assert "Prefect" in (home / "server.log").read_text(encoding="utf-8")


def test_the_servers_defaults_give_way_to_the_users_own_settings() -> None:
    batch = "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE"
    assert server_defaults({}) == SERVER_DEFAULTS
    assert server_defaults({batch: "1"}) == {**SERVER_DEFAULTS, batch: "1"}
    # whole seconds: Prefect truncates the interval, and 0 would flush in a loop without sleep
    for value in SERVER_DEFAULTS.values():
        assert int(value) >= 1


def test_configured_api_starts_nothing(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    configured = "http://127.0.0.1:9/api"
    with (
        temporary_settings(updates={PREFECT_API_URL: configured}),
        prefect_api(settings) as url,
    ):
        assert url == configured
    assert not (tmp_path / "data").exists()


def test_port_in_use_is_reported_with_the_servers_log(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with socket.socket() as occupant, temporary_settings(restore_defaults={PREFECT_API_URL}):
        occupant.bind(("127.0.0.1", 0))
        occupant.listen()
        port = occupant.getsockname()[1]
        with pytest.raises(PrefectServerError) as raised, prefect_api(settings, port=port):
            pytest.fail("the body must not run when the server did not start")
    message = str(raised.value)
    assert "stopte tijdens het starten" in message
    assert f"Port {port} is already in use" in message
    assert str(tmp_path / "data" / "prefect" / "server.log") in message


def test_server_that_does_not_answer_in_time_is_stopped(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    port = _free_port()
    with (
        temporary_settings(restore_defaults={PREFECT_API_URL}),
        pytest.raises(PrefectServerError) as raised,
        prefect_api(settings, port=port, startup_timeout_s=0.2),
    ):
        pytest.fail("the body must not run when the server did not answer")
    assert f"127.0.0.1:{port}/api antwoordde niet binnen 0.2 s" in str(raised.value)
    assert server_pids(port) == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# --- one server per data directory, and none left behind ------------------------------------------

#: a process that holds a local server for its data directory for the seconds it is given, or with
#: "stdin" until a line arrives on its standard input; or until it is killed
HOLDER = """
import sys, time
from pathlib import Path
from makelaar.flows.server import prefect_api
from makelaar.flows.terminal_logging import configure_terminal_logging
from makelaar.models.settings import Settings

configure_terminal_logging(debug=False)
settings = Settings(data_dir=Path(sys.argv[1]))
with prefect_api(settings, template_dir=Path(sys.argv[2])) as url:
    print(f"up {url} {time.time()}", flush=True)
    if sys.argv[3] == "stdin":
        sys.stdin.readline()
    else:
        time.sleep(float(sys.argv[3]))
    print(f"down {time.time()}", flush=True)
"""
GONE_WITHIN_S = 5.0


def start_holder(data_dir: Path, template_dir: Path, hold: float | str) -> subprocess.Popen[str]:
    environment = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    return subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), str(template_dir), str(hold)],
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_line(stream: IO[str], timeout_s: float) -> str:
    """The next line `stream` gives within `timeout_s` ('' if none came); the rest stays readable."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout_s)
    return lines[0] if lines else ""


def recorded_server(data_dir: Path) -> tuple[int, int]:
    """The pid and start time the running server's pid file holds."""
    record = json.loads((data_dir / "prefect" / PID_FILE).read_text(encoding="utf-8"))
    return int(record["pid"]), int(record["start"])


def gone_within(pid: int, started: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while process_start_time(pid) == started:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def refused_within(url: str, seconds: float) -> bool:
    """Whether the server's port refuses connections within `seconds`.

    The port, not only the process: a connection made while the socket is still open is taken
    into its queue and reset when the process's last thread closes it (seen once in CI, when a
    zombie's other threads still held it; flows.server.process_start_time now waits for them).
    """
    deadline = time.monotonic() + seconds
    while not refuses(url):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def refuses(url: str) -> bool:
    """Whether a connection to the server's port is refused now (not answered, nor taken and
    reset by a process's exiting threads)."""
    try:
        httpx.get(f"{url}/health", timeout=2)
    except httpx.ConnectError:
        return True
    except httpx.TransportError:
        return False
    return False


def test_a_killed_run_takes_its_server_along(tmp_path: Path, prefect_template_dir: Path) -> None:
    holder = start_holder(tmp_path / "data", prefect_template_dir, hold=600)
    try:
        assert holder.stdout is not None
        first = holder.stdout.readline()
        assert first.startswith("up "), holder.stderr.read() if holder.stderr else first
        url = first.split()[1]
        pid, started = recorded_server(tmp_path / "data")
        assert httpx.get(f"{url}/health", timeout=5).json() is True
        holder.kill()  # SIGKILL: no finally, no atexit in the run
        holder.wait()
        assert gone_within(pid, started, GONE_WITHIN_S), f"server {pid} outlived its run"
        assert refused_within(url, GONE_WITHIN_S), f"{url} still takes connections"
    finally:
        holder.kill()
        holder.communicate()


def test_a_server_left_behind_is_stopped_by_the_next_run(
    tmp_path: Path, prefect_template_dir: Path
) -> None:
    """A server without the death signal (an older makelaar, another system) and its pid file."""
    settings = Settings(data_dir=tmp_path / "data")
    home = prefect_home(settings)
    home.mkdir(parents=True)
    port = _free_port()
    leftover = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--port", str(port), "--no-ui"],
        env={**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _record_server(home, leftover.pid, f"http://127.0.0.1:{port}/api")
        started = process_start_time(leftover.pid)
        assert started is not None
        with (
            temporary_settings(restore_defaults={PREFECT_API_URL}),
            prefect_api(settings, template_dir=prefect_template_dir) as url,
        ):
            assert leftover.poll() is not None, "the leftover server still runs"
            assert httpx.get(f"{url}/health", timeout=5).json() is True
            assert recorded_server(settings.data_dir)[0] != leftover.pid
        assert not (home / PID_FILE).exists()
    finally:
        leftover.kill()
        leftover.wait()


def test_a_second_run_in_the_data_directory_waits_for_the_first(
    tmp_path: Path, prefect_template_dir: Path
) -> None:
    """The first run holds its server until the second has said that it waits (however slow the
    second's start), then lets go; the second's server comes up only after the first's is down."""
    first = start_holder(tmp_path / "data", prefect_template_dir, hold="stdin")
    second: subprocess.Popen[str] | None = None
    try:
        assert first.stdout is not None and first.stdin is not None
        assert first.stdout.readline().startswith("up ")
        second = start_holder(tmp_path / "data", prefect_template_dir, hold=0)
        assert second.stderr is not None
        waiting = first_line(second.stderr, timeout_s=120)
        first.stdin.write("done\n")
        first.stdin.flush()
        second_out, second_rest = second.communicate(timeout=120)
        first_out, first_err = first.communicate(timeout=30)
    finally:
        for process in (first, second):
            if process is not None:
                process.kill()
                process.communicate()
    assert first.returncode == 0, first_err
    assert second.returncode == 0, waiting + second_rest
    first_down = float(first_out.split()[-1])
    second_up = float(second_out.split()[2])
    assert second_up > first_down, "two servers ran on one data directory at once"
    assert (waiting + second_rest).splitlines() == [
        f"WARNING makelaar.flows: Een andere run (proces {first.pid}) gebruikt de Prefect-server "
        f"van {(tmp_path / 'data').resolve()}; wachten tot die klaar is (hooguit 10 min)…"
    ]
    assert "duplicate column" not in (tmp_path / "data" / "prefect" / "server.log").read_text()


def test_a_run_that_waits_too_long_names_the_other_process(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    home = prefect_home(settings)
    home.mkdir(parents=True)
    with (
        server_lock(home, "en"),
        temporary_settings(restore_defaults={PREFECT_API_URL}),
        pytest.raises(PrefectServerError) as raised,
        prefect_api(settings, lock_wait_s=0.3),
    ):
        pytest.fail("the body must not run while another run holds the data directory")
    assert str(raised.value) == (
        f"Een andere run (proces {os.getpid()}) gebruikt de Prefect-server van "
        f"{home.parent} nog na 0.3 s wachten. Probeer het opnieuw als die klaar is, of stop dat "
        "proces."
    )
    assert not (home / PID_FILE).exists()
