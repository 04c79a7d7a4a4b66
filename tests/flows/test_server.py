"""The local Prefect server: started, healthy, stopped; configured APIs used as they are; failures named."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL, temporary_settings

from flows.server import prefect_api
from models.errors import PrefectServerError
from models.settings import Settings

pytestmark = pytest.mark.prefect


def server_pids(port: int) -> list[int]:
    """Processes whose command line is a `prefect server start` on `port`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue  # the process ended while we looked
        if b"server" in arguments and b"--port" in arguments and str(port).encode() in arguments:
            found.append(int(cmdline.parent.name))
    return found


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
            assert len(server_pids(port)) == 1
            raise BodyFailed
        assert PREFECT_API_URL.value() is None
    assert server_pids(port) == []
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/health", timeout=2)
    home = tmp_path / "data" / "prefect"
    assert (home / "prefect.db").exists()
    assert "Prefect" in (home / "server.log").read_text(encoding="utf-8")


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
