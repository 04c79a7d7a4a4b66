"""`make stack`: the whole stack of a national programme on this machine, for trying it out.

Real processes, started when what they need answers its health check:

1. a Prefect server on PostgreSQL (`prefect server start`, its database created when missing),
   healthy when `/api/health` answers;
2. process workers of the work pool `makelaar` (the pool created when missing; one, or
   `--werkers N`, each running at most `--werker-limiet` flow runs at once), each healthy when
   the server lists it as online;
3. the answering pages (`makelaar forms serve`), healthy when `/gezond` answers;

with makelaar's own database on the same PostgreSQL server, created and migrated first. The
workers and the pages need only the server, so they start together once it is healthy. Then it
prints where everything is and watches: when one process ends by itself the others are stopped and
the command fails naming it (with the end of its log); Ctrl-C or SIGTERM stops all of them, the last
started first. On Linux each child also dies with this process (PR_SET_PDEATHSIG, as the local
Prefect server of flows.server), so a `kill -9` of the stack leaves nothing running. Server and
workers run through flows.server_process, as flows.server's server does.

PostgreSQL itself is a system service (the Makefile does not install or start it): `--postgres`
(or MAKELAAR_STACK_POSTGRES) names a server and a user that may create databases. Nothing here is
hand-written that a library does: the processes are Prefect's and uvicorn's own commands.
Run: `python -m makelaar.flows.stack --help`.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx
import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from makelaar.flows.api_tls import cheap_client_settings
from makelaar.flows.server_process import die_with_parent, prefect_command, server_defaults
from makelaar.flows.stack_teksten import TEKSTEN as _T
from makelaar.models.errors import MakelaarError
from makelaar.models.settings import Settings
from makelaar.models.taal import vertaal

__all__ = ["Stack", "StackFout", "main"]

STANDAARD_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
POOL = "makelaar"
START_TIMEOUT_S = 180.0  # the first start of the Prefect server migrates its database
STOP_TIMEOUT_S = 20.0
LOG_TAIL = 15


class StackFout(MakelaarError):
    """The stack cannot start: PostgreSQL unreachable, a port taken, a process not healthy."""


@dataclass
class Proces:
    """One of the stack's processes: what it is, its process and its log file."""

    naam: str  # catalogue key: server, werker, forms
    process: subprocess.Popen[bytes]
    log: Path
    handle: IO[bytes]
    nummer: int = 1  # the second worker is "Worker 2", its log werker-2.log
    gestart: float = 0.0  # time.monotonic() when it was started

    def wat(self, taal: str) -> str:
        wat = vertaal(_T, self.naam, taal)
        return wat if self.nummer == 1 else f"{wat} {self.nummer}"


@dataclass
class Stack:
    """The stack's settings; `start` brings it up, `stop` takes it down."""

    postgres: str = STANDAARD_POSTGRES
    prefix: str = "makelaar"  # databases <prefix>_prefect and <prefix>
    host: str = "127.0.0.1"
    prefect_poort: int = 4200
    forms_poort: int = 8080
    map: Path = Path(".makelaar") / "stack"  # logs and Prefect's home
    data_dir: Path = Path(".makelaar")
    output_dir: Path = Path("out")
    taal: str = "nl"
    werkers: int = 1  # process workers: makelaar-stack, makelaar-stack-2, ...
    werker_limiet: int | None = None  # flow runs at once per worker (Prefect's --limit)
    werker_interval: float | None = None  # seconds between a worker's polls (Prefect's 10)
    zeg: Callable[[str], None] = field(default=lambda tekst: _regel(tekst))
    processen: list[Proces] = field(default_factory=list)

    # --- addresses -------------------------------------------------------------------------

    def _url(self, driver: str, database: str) -> URL:
        try:
            url = make_url(self.postgres)
        except Exception as exc:  # sqlalchemy.exc.ArgumentError: not a URL at all
            raise self._geen_postgres() from exc
        if url.get_backend_name() != "postgresql":
            raise self._geen_postgres()
        return url.set(drivername=f"postgresql+{driver}", database=database)

    def _geen_postgres(self) -> StackFout:
        return StackFout(
            vertaal(
                _T, "geen_postgres", self.taal, voorbeeld=STANDAARD_POSTGRES, waarde=self.postgres
            )
        )

    @property
    def prefect_db(self) -> str:
        return f"{self.prefix}_prefect"

    @property
    def makelaar_url(self) -> str:
        return self._url("psycopg", self.prefix).render_as_string(hide_password=False)

    @property
    def prefect_url(self) -> str:
        return f"http://{self.host}:{self.prefect_poort}"

    @property
    def api_url(self) -> str:
        return f"{self.prefect_url}/api"

    @property
    def forms_url(self) -> str:
        return f"http://{self.host}:{self.forms_poort}"

    # --- starting --------------------------------------------------------------------------

    def start(self) -> None:
        """Databases, then the server; once it is healthy the workers and pages together.

        While the server starts (8-15 s, Prefect's own migrations on a new database) this process
        migrates makelaar's database and imports Prefect's client for the work pool: one after
        the other they added 5-9 s to every start."""
        self._url("psycopg", self.prefix)  # a PostgreSQL address, or one clear line now
        self._vrij(self.prefect_poort, "--prefect-poort")
        self._vrij(self.forms_poort, "--forms-poort")
        for naam in (self.prefect_db, self.prefix):
            self._databank(naam)
        self.map.mkdir(parents=True, exist_ok=True)
        prefect_db = self._url("asyncpg", self.prefect_db).render_as_string(hide_password=False)
        server = self._spawn(
            "server",
            [
                *prefect_command(),
                "server",
                "start",
                "--host",
                self.host,
                "--port",
                str(self.prefect_poort),
            ],
            {"PREFECT_API_DATABASE_CONNECTION_URL": prefect_db, **server_defaults(os.environ)},
        )
        self._migreer()
        import prefect.workers.process  # noqa: F401  (_werkpool's imports, while the server starts)

        self._wacht(server, lambda: _antwoordt(f"{self.api_url}/health"))
        self._werkpool()
        # the workers and the pages need only the server: started together, then each awaited
        # (a worker takes seconds to import Prefect; one after the other they added up)
        makelaar = str(Path(sys.executable).parent / "makelaar")
        pages = [makelaar, "forms", "serve", "--host", self.host, "--port", str(self.forms_poort)]
        wachtend = [self._werker_proces(nummer) for nummer in range(1, self.werkers + 1)]
        wachtend.append(
            (self._spawn("forms", pages, {}), lambda: _antwoordt(f"{self.forms_url}/gezond"))
        )
        for proces, gezond in wachtend:
            self._wacht(proces, gezond)
        self.zeg(
            vertaal(
                _T,
                "klaar",
                self.taal,
                prefect=self.prefect_url,
                pool=POOL,
                werker=", ".join(self.werker_naam(n) for n in range(1, self.werkers + 1)),
                forms=self.forms_url,
                makelaar_db=self._url("psycopg", self.prefix).render_as_string(),
                map=self.map,
                api=self.api_url,
                makelaar_url=self._url("psycopg", self.prefix).render_as_string(),
            )
        )

    @staticmethod
    def werker_naam(nummer: int) -> str:
        return f"{POOL}-stack" if nummer == 1 else f"{POOL}-stack-{nummer}"

    def start_werker(self, nummer: int) -> None:
        """Process worker `nummer` of the pool, returning once the server lists it as online."""
        self._wacht(*self._werker_proces(nummer))

    def _werker_proces(self, nummer: int) -> tuple[Proces, Callable[[], bool]]:
        """Process worker `nummer` started, with the check that says it is healthy."""
        naam = self.werker_naam(nummer)
        limiet = [] if self.werker_limiet is None else ["--limit", str(self.werker_limiet)]
        command = [*prefect_command(), "worker", "start", "--pool", POOL]
        env = {"PREFECT_API_URL": self.api_url, **cheap_client_settings(self.api_url, self.map)}
        if self.werker_interval is not None:
            env["PREFECT_WORKER_QUERY_SECONDS"] = str(self.werker_interval)
        proces = self._spawn(
            "werker", [*command, "--type", "process", "--name", naam, *limiet], env, nummer
        )
        return proces, lambda: self._werker_online(nummer)

    def _vrij(self, poort: int, optie: str) -> None:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((self.host, poort))
            except OSError as exc:
                raise StackFout(
                    vertaal(
                        _T,
                        "poort_bezet",
                        self.taal,
                        poort=poort,
                        host=self.host,
                        wat=exc.strerror,
                        optie=optie,
                    )
                ) from exc

    def _databank(self, naam: str) -> None:
        beheer = self._url("psycopg", make_url(self.postgres).database or "postgres")
        beheer = beheer.set(drivername="postgresql")  # libpq's form, as psycopg.connect takes it
        adres = f"{beheer.host or 'localhost'}:{beheer.port or 5432}"
        try:
            with psycopg.connect(
                beheer.render_as_string(hide_password=False), autocommit=True, connect_timeout=5
            ) as conn:
                bestaat = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", (naam,)
                ).fetchone()
                if bestaat is None:
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
        except psycopg.OperationalError as exc:
            fout = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StackFout(vertaal(_T, "postgres_weg", self.taal, adres=adres, fout=fout)) from exc
        stand = vertaal(_T, "bestond" if bestaat else "aangemaakt", self.taal)
        self.zeg(vertaal(_T, "databank", self.taal, naam=naam, adres=adres, stand=stand))

    def _migreer(self) -> None:
        from makelaar.cycles.registry import migration_folders
        from makelaar.models.store import Store

        store = Store(self.makelaar_url)
        try:
            store.upgrade(migration_folders())
        finally:
            store.dispose()

    def _omgeving(self, extra: dict[str, str]) -> dict[str, str]:
        """The children's environment: this one's MAKELAAR_ settings with the stack's database and
        absolute data and output folders (the worker, the pages and the researcher's own commands
        share the pseudonym key file there), Prefect's own home and nothing else of Prefect's."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.setdefault("MAKELAAR_PUBLIC_URL", self.forms_url)
        return (
            env
            | {
                "PREFECT_HOME": str(self.map / "prefect"),
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "MAKELAAR_DATABASE_URL": self.makelaar_url,
                "MAKELAAR_DATA_DIR": str(self.data_dir),
                "MAKELAAR_OUTPUT_DIR": str(self.output_dir),
                "MAKELAAR_LOCALE": self.taal,
            }
            | extra
        )

    def _spawn(
        self, naam: str, command: Sequence[str], env: dict[str, str], nummer: int = 1
    ) -> Proces:
        """The process started, its output in its log; said on the terminal."""
        log = self.map / (f"{naam}.log" if nummer == 1 else f"{naam}-{nummer}.log")
        handle = log.open("wb")
        ouder = os.getpid()
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=self._omgeving(env),
            cwd=self.map,
            preexec_fn=lambda: die_with_parent(ouder),  # only prctl in the child
        )
        proces = Proces(naam, process, log, handle, nummer, time.monotonic())
        self.processen.append(proces)
        self.zeg(vertaal(_T, "start", self.taal, wat=proces.wat(self.taal)))
        return proces

    def _wacht(self, proces: Proces, gezond: Callable[[], bool]) -> None:
        """Until `gezond()` says so (said with the seconds since the process started); a clear
        error, with the end of its log, when it stops or stays unhealthy for START_TIMEOUT_S."""
        wat, begin = proces.wat(self.taal), proces.gestart
        while time.monotonic() - begin < START_TIMEOUT_S:
            if proces.process.poll() is not None:
                raise StackFout(self._gestorven(proces))
            if gezond():
                self.zeg(
                    vertaal(_T, "gezond", self.taal, wat=wat, seconden=time.monotonic() - begin)
                )
                return
            time.sleep(0.5)
        raise StackFout(
            vertaal(
                _T,
                "niet_gezond",
                self.taal,
                wat=wat,
                seconden=START_TIMEOUT_S,
                log=proces.log,
                staart=_staart(proces.log),
            )
        )

    def _werkpool(self) -> None:
        from prefect.client.orchestration import get_client
        from prefect.client.schemas.actions import WorkPoolCreate
        from prefect.exceptions import ObjectNotFound
        from prefect.settings import PREFECT_API_URL, temporary_settings
        from prefect.workers.process import ProcessWorker

        with temporary_settings({PREFECT_API_URL: self.api_url}), get_client(sync_client=True) as c:
            try:
                c.read_work_pool(POOL)
            except ObjectNotFound:
                c.create_work_pool(
                    WorkPoolCreate(
                        name=POOL,
                        type="process",
                        base_job_template=ProcessWorker.get_default_base_job_template(),
                    )
                )

    def _werker_online(self, nummer: int) -> bool:
        from prefect.client.orchestration import get_client
        from prefect.client.schemas.objects import WorkerStatus
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: self.api_url}), get_client(sync_client=True) as c:
            workers = c.read_workers_for_work_pool(POOL)
        naam = self.werker_naam(nummer)
        return any(w.name == naam and w.status == WorkerStatus.ONLINE for w in workers)

    # --- watching and stopping ---------------------------------------------------------------

    def bewaak(self, stop: Callable[[], bool]) -> Proces | None:
        """Until `stop()` says so: the first process that ended by itself, or None."""
        while not stop():
            for proces in self.processen:
                if proces.process.poll() is not None:
                    return proces
            time.sleep(0.5)
        return None

    def _gestorven(self, proces: Proces) -> str:
        return vertaal(
            _T,
            "gestorven",
            self.taal,
            wat=proces.wat(self.taal),
            code=proces.process.returncode,
            log=proces.log,
            staart=_staart(proces.log),
        )

    def stop(self) -> None:
        """SIGTERM to each process, the last started first; SIGKILL after STOP_TIMEOUT_S."""
        for proces in reversed(self.processen):
            if proces.process.poll() is None:
                proces.process.send_signal(signal.SIGTERM)
                try:
                    proces.process.wait(STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    proces.process.kill()
                    proces.process.wait()
                self.zeg(vertaal(_T, "gestopt", self.taal, wat=proces.wat(self.taal)))
            proces.handle.close()
        self.processen.clear()


def _regel(tekst: str, stroom: IO[str] | None = None) -> None:
    """One message to the terminal (stdout, or `stroom`), at once: the stack runs for hours."""
    stroom = stroom or sys.stdout
    stroom.write(tekst + "\n")
    stroom.flush()


def _antwoordt(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


def _staart(log: Path) -> str:
    try:
        regels = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(regels[-LOG_TAIL:])


def main(argv: Sequence[str] | None = None) -> int:
    settings = Settings()
    parser = argparse.ArgumentParser(
        prog="python -m makelaar.flows.stack",
        description="Prefect server on PostgreSQL, a process worker and the answering pages.",
    )
    parser.add_argument(
        "--postgres", default=os.environ.get("MAKELAAR_STACK_POSTGRES", STANDAARD_POSTGRES)
    )
    parser.add_argument("--databank-prefix", default="makelaar", dest="prefix")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--prefect-poort", type=int, default=4200)
    parser.add_argument("--forms-poort", type=int, default=8080)
    parser.add_argument("--map", type=Path, default=settings.data_dir / "stack")
    parser.add_argument("--werkers", type=int, default=1, choices=range(1, 33), metavar="N")
    parser.add_argument("--werker-limiet", type=int, default=None, metavar="N")
    args = parser.parse_args(argv)
    stack = Stack(
        postgres=args.postgres,
        prefix=args.prefix,
        host=args.host,
        prefect_poort=args.prefect_poort,
        forms_poort=args.forms_poort,
        map=args.map.resolve(),
        data_dir=settings.data_dir.resolve(),
        output_dir=settings.output_dir.resolve(),
        taal=settings.locale,
        werkers=args.werkers,
        werker_limiet=args.werker_limiet,
        zeg=_regel,
    )
    gevraagd: list[int] = []

    def vraag_stop(signum: int, _frame: object) -> None:
        gevraagd.append(signum)

    def onderbroken(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # while starting: stop what already runs, in `finally`

    signal.signal(signal.SIGTERM, onderbroken)
    try:
        stack.start()
        signal.signal(signal.SIGTERM, vraag_stop)
        signal.signal(signal.SIGINT, vraag_stop)
        dood = stack.bewaak(lambda: bool(gevraagd))
        if dood is not None:
            _regel(stack._gestorven(dood), sys.stderr)
            return 1
        _regel(vertaal(_T, "stoppen", stack.taal))
        return 0
    except StackFout as exc:
        _regel(str(exc), sys.stderr)
        return 2
    except KeyboardInterrupt:
        _regel(vertaal(_T, "stoppen", stack.taal))
        return 130
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
