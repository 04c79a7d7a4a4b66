"""The Prefect API a round runs against: the configured one, or a local server started for the run."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import httpx
import prefect
from prefect.events.worker import EventsWorker
from prefect.logging.handlers import APILogWorker
from prefect.settings import (
    PREFECT_API_SSL_CERT_FILE,
    PREFECT_API_URL,
    PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
    PREFECT_UI_URL,
    get_current_settings,
    temporary_settings,
)

from makelaar.cycles.roundlock import wait_duration
from makelaar.flows.api_tls import SETTING, cheap_client_settings
from makelaar.flows.messages import say
from makelaar.flows.server_process import prefect_command, server_defaults
from makelaar.models.errors import MakelaarError, PrefectServerError
from makelaar.models.filelock import FileLock, acquire_within
from makelaar.models.settings import Settings
from makelaar.models.taal import Taal, in_taal

logger = logging.getLogger("makelaar.flows")

STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
#: how long a run waits for another run's local server of the same data directory to finish
SERVER_LOCK_WAIT_S = 600.0
#: in the Prefect home: locked (models.filelock) by the process whose server runs there; names it
LOCK_FILE = "makelaar-server.lock"
#: in the Prefect home: the running server's pid, start time and command line (JSON)
PID_FILE = "makelaar-server.json"
DRAIN_TIMEOUT_S = 10.0
_POLL_INTERVAL_S = 0.1
_HEALTH_TIMEOUT = httpx.Timeout(2.0, connect=0.5)
_LOG_TAIL_LINES = 20
_SERVER_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    # the leases of the rounds' concurrency slots (flows.concurrency) in the home, not in the
    # server's memory: a run killed with its server gives its slots back at the next start
    "PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE": "prefect.server.concurrency.lease_storage.filesystem",
}


def prefect_home(settings: Settings) -> Path:
    """Where the local Prefect server keeps its state: beside the project data, absolute."""
    return (settings.data_dir / "prefect").resolve()


def configured_api_url() -> str | None:
    """The PREFECT_API_URL from Prefect's own settings (environment or profile), if any."""
    url = get_current_settings().api.url
    return str(url) if url else None


@contextmanager
def prefect_api(
    settings: Settings,
    *,
    port: int | None = None,
    template_dir: Path | None = None,
    startup_timeout_s: float = STARTUP_TIMEOUT_S,
    lock_wait_s: float = SERVER_LOCK_WAIT_S,
) -> Iterator[str]:
    """Yield the URL of a Prefect API that flows in the body report to.

    With a PREFECT_API_URL configured that API is used and nothing is started. Otherwise a
    `prefect server start` runs on 127.0.0.1 (a free port unless `port` is given) with its home
    in the data directory, and is stopped on exit after Prefect's log and event queues are sent.
    A new home starts from a copy of a migrated, empty Prefect database kept in `template_dir`
    (default: MAKELAAR_PREFECT_CACHE_DIR; none when that is ''), saved there by the first server
    that had to make one from nothing (never a database with a project's runs in it): Prefect's
    migrations run once per machine and Prefect version, not once per data directory.

    One server runs per data directory: a second run waits for the first (at most
    `lock_wait_s`, see server_lock). The server dies with the thread that entered this context
    (flows.server_process), also when the process is killed; a server an earlier run left behind
    all the same (another system, an older makelaar) is stopped before a new one starts.
    """
    configured = configured_api_url()
    if configured:
        logger.info("Prefect-API %s is geconfigureerd; er wordt geen server gestart.", configured)
        yield configured
        return
    home = prefect_home(settings)
    home.mkdir(parents=True, exist_ok=True)
    with server_lock(home, settings.locale, wait_s=lock_wait_s):
        stop_leftover_server(home)
        # a killed run's round slots; imported here, once this run has the server to itself
        from makelaar.flows.concurrency import release_stale_slots, stale_leases

        stale = stale_leases(home)
        database = home / "prefect.db"
        cache = template_dir if template_dir is not None else settings.prefect_cache_dir
        template = _template_path(cache) if cache is not None else None
        if template is not None and template.exists() and not database.exists():
            _copy_template(template, database)  # unreadable: the server migrates its own
        # only a database this server makes from nothing may become the template: an existing
        # one holds a project's flow runs, their parameters, logs and artifacts
        new_database = not database.exists()
        url = f"http://127.0.0.1:{port or _free_port()}/api"
        log_path = home / "server.log"
        with log_path.open("w", encoding="utf-8") as log_file:
            process = _start_server(url, home, log_file)
            try:
                _record_server(home, process.pid, url)
                _wait_until_healthy(process, url, log_path, startup_timeout_s)
                if template is not None and new_database and not template.exists():
                    _save_template(database, template)
                # The UI is off and the server ends with the body: no "View at" links to nowhere.
                updates = {PREFECT_API_URL: url, PREFECT_UI_URL: "", **_cheap_clients(url, home)}
                with temporary_settings(updates=updates):
                    release_stale_slots(stale)
                    try:
                        yield url
                    finally:
                        drain_prefect_queues()
            finally:
                _stop_server(process)
                (home / PID_FILE).unlink(missing_ok=True)


def _cheap_clients(url: str, home: Path) -> dict[Any, Any]:
    """Prefect's clients of a plain-http url load one CA certificate, not 140 (flows.api_tls)."""
    cheap = cheap_client_settings(url, home)
    return {PREFECT_API_SSL_CERT_FILE: cheap[SETTING]} if cheap else {}


@contextmanager
def server_lock(home: Path, taal: Taal, *, wait_s: float = SERVER_LOCK_WAIT_S) -> Iterator[None]:
    """Hold the Prefect home's lock file for as long as this process's server runs there.

    A second run in the same data directory says once that it waits, and waits until the first
    is done (at most `wait_s`, then PrefectServerError naming the other process), instead of
    starting a second server on the same database: two servers migrating one SQLite file at
    once fail ("duplicate column name"). The lock (models.filelock) is released by the kernel
    when its holder ends, `kill -9` included; the file names the holder's pid for the message.
    """
    lock = FileLock(home / LOCK_FILE)
    duur = wait_duration(wait_s)

    def tell() -> None:
        logger.warning(say("server_busy", taal, pid=_holder(lock), map=home.parent, duur=duur))

    try:
        if not acquire_within(lock.try_acquire, wait_s, on_wait=tell, poll_s=_POLL_INTERVAL_S):
            raise PrefectServerError(
                say("server_busy_timeout", taal, pid=_holder(lock), map=home.parent, duur=duur)
            )
        assert lock.descriptor is not None, "a held lock has its file open"
        os.ftruncate(lock.descriptor, 0)
        os.pwrite(lock.descriptor, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(lock.descriptor, 0)
    finally:
        lock.release()


def _holder(lock: FileLock) -> str:
    """The pid the lock's holder wrote in the lock file ('?' while it is being written).

    Without the file open, the holder is another thread of this process: reading the file here
    would mean closing it, which ends this process's record lock on it.
    """
    if lock.descriptor is None:
        return str(os.getpid())
    return os.pread(lock.descriptor, 32, 0).decode("ascii", errors="replace").strip() or "?"


def stop_leftover_server(home: Path) -> None:
    """Stop the server a run of this data directory left behind, as its pid file names it.

    Called under server_lock, so no live run owns that server. The process is stopped only if
    its start time is the one recorded (not another process that got the same pid later).
    """
    path = home / PID_FILE
    try:
        recorded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        pid, started = int(recorded["pid"]), int(recorded["start"])
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("Pid-bestand %s onleesbaar (%s); genegeerd.", path, exc)
        path.unlink(missing_ok=True)
        return
    if process_start_time(pid) == started:
        logger.info(
            "Achtergebleven Prefect-server (pid %s, %s) van een eerdere run stoppen.",
            pid,
            recorded.get("url"),
        )
        _terminate(pid, started)
    path.unlink(missing_ok=True)


def process_start_time(pid: int) -> int | None:
    """When a live process started (clock ticks since boot, /proc); None once it has ended.

    A process whose main thread has ended shows as a zombie while its other threads may still be
    exiting, holding its open files (the server's listening socket among them): it has ended only
    when no thread of it is left.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        threads = sum(1 for _ in Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    state, start = fields[0], fields[19]  # fields 3 and 22 of proc(5)
    return None if state in {"Z", "X"} and threads <= 1 else int(start)


def _terminate(pid: int, started: int) -> None:
    """SIGTERM the server's process group (it leads its own session), SIGKILL if it lingers."""
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            if os.getpgid(pid) == pid:
                os.killpg(pid, sent)
            else:
                os.kill(pid, sent)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while process_start_time(pid) == started:
            if time.monotonic() > deadline:
                break
            time.sleep(_POLL_INTERVAL_S)
        else:
            return
    logger.warning("Achtergebleven Prefect-server (pid %s) stopte niet.", pid)


def _record_server(home: Path, pid: int, url: str) -> None:
    """Write the pid file a later run reads to stop this server if this run leaves it behind."""
    record = {"pid": pid, "start": process_start_time(pid), "url": url}
    partial = home / f"{PID_FILE}.{os.getpid()}.tmp"
    partial.write_text(json.dumps(record), encoding="utf-8")
    os.replace(partial, home / PID_FILE)


def drain_prefect_queues(timeout_s: float = DRAIN_TIMEOUT_S) -> None:
    """Send the logs and events Prefect still holds in memory to the API before it goes away."""
    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=timeout_s, at_exit=False)
        except Exception:  # best effort: a failed flush must not hide what the body raised
            logger.warning("Prefect-%s niet volledig verstuurd.", worker.__name__, exc_info=True)


def _template_path(template_dir: Path) -> Path:
    return template_dir.resolve() / f"prefect-{prefect.__version__}.db"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start_server(url: str, home: Path, log_file: IO[str]) -> subprocess.Popen[bytes]:
    port = url.rsplit(":", 1)[1].split("/", 1)[0]
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PREFECT_API_URL", "PREFECT_HOME", "PREFECT_PROFILES_PATH"}
    }
    environment.update(_SERVER_ENV, PREFECT_HOME=str(home))
    environment.update(server_defaults(os.environ))
    # `prefect server start`, through a module that first asks Linux to end it with us
    command = [*prefect_command(), "server", "start", "--host", "127.0.0.1"]
    command += ["--port", port, "--no-ui", "--analytics-off"]
    logger.info("Lokale Prefect-server starten op %s (home %s).", url, home)
    return subprocess.Popen(
        command,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C reaches us first; we stop the server after draining
    )


def _wait_until_healthy(
    process: subprocess.Popen[bytes], url: str, log_path: Path, timeout_s: float
) -> None:
    started = time.monotonic()
    deadline = started + timeout_s
    with httpx.Client(timeout=_HEALTH_TIMEOUT) as client:
        while True:
            exit_code = process.poll()
            if exit_code is not None:
                raise PrefectServerError(
                    f"De lokale Prefect-server stopte tijdens het starten (exitcode {exit_code}). "
                    f"Laatste regels van {log_path}:\n{_tail(log_path)}",
                    en=f"The local Prefect server stopped while starting (exit code {exit_code}). "
                    f"Last lines of {log_path}:\n{_tail(log_path)}",
                )
            if _is_healthy(client, url):
                logger.info(
                    "Prefect-server op %s antwoordt na %.1f s.", url, time.monotonic() - started
                )
                return
            if time.monotonic() > deadline:
                raise PrefectServerError(
                    f"De lokale Prefect-server op {url} antwoordde niet binnen {timeout_s:g} s. "
                    f"Laatste regels van {log_path}:\n{_tail(log_path)}",
                    en=f"The local Prefect server at {url} did not answer within {timeout_s:g} s. "
                    f"Last lines of {log_path}:\n{_tail(log_path)}",
                )
            time.sleep(_POLL_INTERVAL_S)


def _is_healthy(client: httpx.Client, url: str) -> bool:
    try:
        return client.get(f"{url}/health").status_code == httpx.codes.OK
    except httpx.HTTPError:  # not listening yet: the caller's deadline ends the wait
        return False


def _copy_template(template: Path, database: Path) -> None:
    """Put the template in place as the database, unless another process just did. A cache
    that cannot be read is passed by (the server then migrates a database of its own)."""
    partial = database.with_name(f"{database.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(template, partial)
    except OSError as exc:
        logger.warning(
            "Sjabloon %s niet te lezen (%s); Prefect maakt een nieuwe database.", template, exc
        )
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return
    try:
        os.link(partial, database)  # never overwrites a database a concurrent start put in place
    except FileExistsError:
        logger.info("Prefect-database stond er al (gelijktijdige start); sjabloon niet gebruikt.")
    else:
        logger.info("Prefect-database overgenomen uit sjabloon %s.", template)
    finally:
        partial.unlink()


def _save_template(database: Path, template: Path) -> None:
    """Snapshot the freshly migrated database (consistent even while the server writes to it).
    A cache folder that cannot be written only costs the next new data directory its migrations."""
    partial = template.with_name(f"{template.name}.{os.getpid()}.tmp")
    try:
        template.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(database)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        os.replace(partial, template)
    except (OSError, sqlite3.Error) as exc:
        logger.warning("Sjabloon van de Prefect-database niet bewaard in %s (%s).", template, exc)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return
    logger.info("Sjabloon van de Prefect-database bewaard in %s.", template)


def _stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        logger.warning(
            "Prefect-server (pid %s) stopte niet binnen %.0f s; wordt afgebroken.",
            process.pid,
            STOP_TIMEOUT_S,
        )
        process.kill()
        process.wait()
    logger.info("Lokale Prefect-server gestopt.")


def _tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(logbestand niet leesbaar: {exc})"
    tail = [line for line in text.splitlines() if line.strip()][-lines:]
    return "\n".join(tail) or "(logbestand is leeg)"


@contextmanager
def flow_run_api(settings: Settings) -> Iterator[None]:
    """The Prefect API for running a flow from the CLI: the configured one or a local server.

    A server started just for this run goes away with it, so nothing watches the run's heartbeat;
    switching it off saves ~1 s at exit. A configured server keeps it.
    """
    heartbeat = {} if configured_api_url() else {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    with prefect_api(settings), temporary_settings(updates=heartbeat):
        yield


def server_weg(url: str, error: Exception, taal: str) -> MakelaarError:
    """The one line for a Prefect server that does not answer, with what to do."""
    return MakelaarError(
        in_taal(
            taal,
            f"De Prefect-server {url} antwoordt niet ({error}); start hem of zet "
            "PREFECT_API_URL op een server die draait.",
            f"The Prefect server {url} does not answer ({error}); start it or set "
            "PREFECT_API_URL to a server that runs.",
        )
    )
