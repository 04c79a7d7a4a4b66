"""What the `makelaar` process logs to the terminal: one-line errors, unless --debug shows it all.

Prefect logs a failing task or flow run at ERROR with its traceback (prefect.task_runs,
prefect.flow_runs, the engines) and its queue services warn while they drain (loggers named
after their class, e.g. EventsWorker). Those records belong to Prefect: they still go to its API
and UI through Prefect's own handlers. On the terminal, makelaar's CLI already prints the error
as one line, so without --debug this handler drops every record logged from Prefect's code and
prints the others without a traceback. With --debug every record shows, traceback included.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from pathlib import Path

_FORMAT = "%(levelname)s %(name)s: %(message)s"


def _package_dir(name: str) -> str | None:
    """The folder of an installed package (without importing it), as its records' pathname starts."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return None
    return str(Path(spec.origin).parent) + os.sep


class WithoutPrefect(logging.Filter):
    """Drops records logged by Prefect's code or its loggers (they reach Prefect's API anyway)."""

    def __init__(self) -> None:
        super().__init__()
        self.prefect_dir = _package_dir("prefect")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "prefect" or record.name.startswith("prefect."):
            return False
        return not (self.prefect_dir and record.pathname.startswith(self.prefect_dir))


class OneLineFormatter(logging.Formatter):
    """A record as one line: the message without its traceback or stack."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        return " ".join(self.formatMessage(record).splitlines())


def configure_terminal_logging(debug: bool) -> None:
    """Logging for the CLI process: warnings as one line, or everything with --debug.

    Prefect's console handler on the root logger, if Prefect configured logging first, makes
    way for this one; Prefect keeps its own API handlers on its run loggers.
    """
    level = logging.DEBUG if debug else logging.WARNING
    # Prefect's console handler, where Prefect uses it, follows the same level.
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", logging.getLevelName(level))
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    if debug:
        handler.setFormatter(logging.Formatter(_FORMAT))
    else:
        handler.setFormatter(OneLineFormatter(_FORMAT))
        handler.addFilter(WithoutPrefect())
    root = logging.getLogger()
    for existing in list(root.handlers):
        if type(existing).__name__ == "PrefectConsoleHandler":
            root.removeHandler(existing)
    # Without force: where the root logger already has handlers (pytest's, an embedding
    # program's), they stay as they are.
    logging.basicConfig(level=level, handlers=[handler])
