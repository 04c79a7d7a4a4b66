"""The process of a Prefect command makelaar starts: `prefect server start` (flows.server's local
server, the stack's server) or `prefect worker start` (the stack's workers), ended by Linux when
its parent dies, with the timezone names read once (`cache_timezone_names`).

Run as `python -m flows.server_process PARENT_PID server start ...`. Before Prefect is imported
it asks the kernel (prctl PR_SET_PDEATHSIG) to send it SIGKILL when the process that started it
ends, however that ends: a `makelaar` killed with `kill -9` takes its server along. The server is
one process (one uvicorn worker, Prefect's services in-process), so the signal reaches all of it.
SIGKILL rather than SIGTERM: with its run gone nobody waits for the server's graceful shutdown,
which took over 3 s on a busy machine, and its SQLite database survives a kill like any crash.
A server stopped by its run still gets SIGTERM and shuts down gracefully (flows.server).
Elsewhere than Linux nothing is asked; flows.server then stops a leftover server on the next run.
"""

from __future__ import annotations

import ctypes
import functools
import os
import runpy
import signal
import sys
from collections.abc import Mapping

#: Prefect server settings makelaar's servers (flows.server's and the stack's) start with, unless
#: the environment sets them. Prefect's task-run recorder writes every task-run event on its own
#: (batch size 1): an upsert of the task run and an insert of its state, each statement compiled
#: anew, about 15 events a round. Half the server's CPU went there (py-spy, December 2026). In
#: batches of up to 100, written at least once a second, the server used 1.7-2.2 s of CPU for
#: bench/cycles.py's eight rounds instead of 3.0-3.9 s. A task run's state reaches the API up to
#: a second later; the flow run's own state and the artifacts are written at once, as before.
SERVER_DEFAULTS = {
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "100",
    # whole seconds: Prefect truncates the interval to an int, and 0 (from 0.5) flushes in a
    # loop that never sleeps, a core of its own (measured: the server's CPU 15 s instead of 2)
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL": "1",
}


def server_defaults(environ: Mapping[str, str]) -> dict[str, str]:
    """SERVER_DEFAULTS, where environ does not set its own value."""
    return {key: environ.get(key, value) for key, value in SERVER_DEFAULTS.items()}


#: prctl option (linux/prctl.h): the signal the calling process gets when its parent thread exits
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask for SIGKILL when the parent ends; exit now if it already ended before we asked."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"prctl(PR_SET_PDEATHSIG): {os.strerror(error)}")
    if os.getppid() != parent:  # the parent died between fork and prctl: nobody to serve
        sys.exit(0)


def cache_timezone_names() -> None:
    """Make `zoneinfo.available_timezones()` read the time zone database once per process.

    Prefect checks a schedule's time zone against `available_timezones()` each time it validates
    a cron or interval schedule (prefect._internal.schemas.validators.default_timezone), and the
    standard library walks the whole tz database directory (about 600 files) on every call. A
    server validates every schedule of a deployment each time the deployment is read: workers,
    the UI and flow runs read them all the time. With a programme of 20 gemeenten a third of the
    server's CPU went into those walks, and a quarter of each worker's own (py-spy, December 2026).

    Hand-written because no setting or library does it: Prefect 3.8 has no cache here (nor have
    later versions we read). Called before Prefect is imported, so Prefect's own reference to
    the function (`from zoneinfo import available_timezones`) is the cached one. Each call gets
    its own set, as the standard library's does. The database is read again when the process
    restarts (a tzdata update takes a restart anyway: zoneinfo caches the zones it loaded)."""
    import zoneinfo

    if getattr(zoneinfo.available_timezones, "__wrapped__", None) is not None:
        return  # already cached in this process
    read_once = functools.cache(zoneinfo.available_timezones)

    @functools.wraps(zoneinfo.available_timezones)
    def available_timezones() -> set[str]:
        return set(read_once())

    zoneinfo.available_timezones = available_timezones


def prefect_command() -> list[str]:
    """`prefect`, run through this module with this process as the parent it dies with: the
    command line flows.server and flows.stack start Prefect's server and workers with."""
    return [sys.executable, "-m", "makelaar.flows.server_process", str(os.getpid())]


def main() -> None:
    parent, *arguments = sys.argv[1:]
    die_with_parent(int(parent))
    cache_timezone_names()
    sys.argv = ["prefect", *arguments]
    runpy.run_module("prefect", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
