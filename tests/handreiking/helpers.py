"""Helpers for the handreiking tests: log capture wider than one test, and recording file/network IO."""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

RENDER_LOGGERS = ("weasyprint", "makelaar.handreiking")


class ListHandler(logging.Handler):
    """Keeps every record it is handed."""

    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured_warnings(*names: str) -> Iterator[ListHandler]:
    """Warnings and worse from the named loggers, for fixtures wider than one test."""
    handler = ListHandler()
    loggers = [logging.getLogger(name) for name in names or RENDER_LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


@dataclass(frozen=True)
class IoEvent:
    pid: int
    kind: str  # "open" or "connect"
    mode: str
    target: str


class IoRecorder:
    """Records every Python-level open() and socket connect, from this process and its children."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def write(self, kind: str, mode: str, target: str) -> None:
        line = f"{os.getpid()}\t{kind}\t{mode}\t{target}\n".encode()
        handle = os.open(self.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(handle, line)
        finally:
            os.close(handle)

    def events(self) -> list[IoEvent]:
        if not self.log.exists():
            return []
        handle = os.open(self.log, os.O_RDONLY)  # not open(): that would record this read too
        try:
            text = os.read(handle, self.log.stat().st_size).decode()
        finally:
            os.close(handle)
        rows = [line.split("\t", 3) for line in text.splitlines()]
        return [IoEvent(int(pid), kind, mode, target) for pid, kind, mode, target in rows]


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, as poppler's pdftotext extracts it (fast; pypdf takes seconds)."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, timeout=60
    )
    return result.stdout.decode("utf-8").split("\f")[:-1]


def page_lines(text: str) -> list[str]:
    """The non-empty lines of a page, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
