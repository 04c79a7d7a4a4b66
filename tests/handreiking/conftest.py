"""Fixtures for the handreiking tests."""

from __future__ import annotations

import builtins
import io
import os
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.handreiking.helpers import IoRecorder


@pytest.fixture
def io_recorder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> IoRecorder:
    """Every open() and connect() while the test runs, including in forked render processes."""
    recorder = IoRecorder(tmp_path / "io-events.tsv")
    real_open = builtins.open

    def recording_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | bytes | os.PathLike):
            recorder.write("open", mode, os.fsdecode(os.fspath(file)))
        return real_open(file, mode, *args, **kwargs)

    def refusing_connect(self: socket.socket, address: Any) -> None:
        recorder.write("connect", "", repr(address))
        raise OSError(f"network is off in this test: {address!r}")

    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    monkeypatch.setattr(socket.socket, "connect", refusing_connect)
    return recorder
