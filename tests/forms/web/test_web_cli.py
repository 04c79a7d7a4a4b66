"""`makelaar forms serve`: starts on the given port, answers, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from makelaar.models.settings import Settings
from makelaar.models.store import Store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_listens_and_stops_on_ctrl_c(settings: Settings, sqlite_store: Store) -> None:
    port = _free_port()
    env = {**os.environ, "MAKELAAR_DATA_DIR": str(settings.data_dir), "MAKELAAR_LOCALE": "nl"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "makelaar"), "forms", "serve", "--port", str(port)],
        cwd=Path(__file__).parents[3],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/gezond", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "the server did not start within 30 s"
                time.sleep(0.2)
        assert response.status_code == 200 and response.text == "ok"
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert f"luisteren op http://127.0.0.1:{port}" in stdout
    assert stdout.rstrip().endswith("Gestopt.")
    assert "/t/" not in stderr
