"""`make stack` (flows.stack) as an operator tries it: a Prefect server on PostgreSQL, a process
worker and the answering pages start as real processes, the server healthy before the other two,
which start together; Ctrl-C stops
all three; PostgreSQL that does not answer, an address that is no PostgreSQL and a port in use are
one clear line each, with nothing left running."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import WorkerStatus
from prefect.settings import PREFECT_API_URL, temporary_settings
from psycopg import sql
from sqlalchemy.engine import make_url

from makelaar.flows.server_process import SERVER_DEFAULTS
from tests.conftest import POSTGRES_URL, skip_or_fail
from tests.flows.processes import environment_of, server_pids

START_TIMEOUT_S = 300
KLAAR = "Stop met Ctrl-C."


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def beheer_url() -> str:
    """The test PostgreSQL server in libpq's form, for psycopg."""
    return make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(hide_password=False)


def stack_command(
    tmp_path: Path, prefix: str, *extra: str, postgres: str | None = None
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "makelaar.flows.stack",
        "--postgres",
        postgres or POSTGRES_URL,
        "--databank-prefix",
        prefix,
        "--map",
        str(tmp_path / "stack"),
        *extra,
    ]


def stack_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "MAKELAAR_"))}
    return env | {
        "MAKELAAR_DATA_DIR": str(tmp_path / "data"),
        "MAKELAAR_OUTPUT_DIR": str(tmp_path / "out"),
        "MAKELAAR_PSEUDONYM_KEY": "cd" * 32,
    }


@pytest.fixture
def prefix() -> Iterator[str]:
    """A database prefix of this test's own; its two databases are dropped afterwards."""
    try:
        psycopg.connect(beheer_url(), connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        skip_or_fail(f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc}")
    naam = f"stack_{secrets.token_hex(4)}"
    yield naam
    with psycopg.connect(beheer_url(), autocommit=True) as conn:
        for db in (naam, f"{naam}_prefect"):
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db))
            )


def tabellen(database: str) -> set[str]:
    url = make_url(POSTGRES_URL).set(drivername="postgresql", database=database)
    with psycopg.connect(url.render_as_string(hide_password=False)) as conn:
        rijen = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return {r[0] for r in rijen}


def antwoordt(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.postgres
def test_the_stack_starts_healthy_and_ctrl_c_stops_all_of_it(tmp_path: Path, prefix: str) -> None:
    prefect_poort, forms_poort = vrije_poort(), vrije_poort()
    command = stack_command(
        tmp_path, prefix, "--prefect-poort", str(prefect_poort), "--forms-poort", str(forms_poort)
    )
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=stack_env(tmp_path),
    )
    uitvoer: list[str] = []
    try:
        assert process.stdout is not None
        begin = time.monotonic()
        for regel in process.stdout:
            uitvoer.append(regel)
            if regel.strip() == KLAAR or time.monotonic() - begin > START_TIMEOUT_S:
                break
        tekst = "".join(uitvoer)
        assert KLAAR in tekst, tekst
        for wat in ("Prefect-server", "Worker", "Antwoordpagina's"):
            assert f"{wat}: gezond na" in tekst
        # the worker and the pages wait for the server, not for each other
        assert tekst.index("Prefect-server: gezond na") < tekst.index("Worker: starten")
        assert tekst.index("Antwoordpagina's: starten") < tekst.index("Worker: gezond na")

        api = f"http://127.0.0.1:{prefect_poort}/api"
        assert httpx.get(f"{api}/health", timeout=5).json() is True
        assert antwoordt(f"http://127.0.0.1:{forms_poort}/gezond")
        with temporary_settings({PREFECT_API_URL: api}), get_client(sync_client=True) as client:
            workers = client.read_workers_for_work_pool("makelaar")
            assert [w.status for w in workers if w.name == "makelaar-stack"] == [
                WorkerStatus.ONLINE
            ]
            assert client.read_work_pool("makelaar").type == "process"
        [server] = server_pids(prefect_poort)
        assert SERVER_DEFAULTS.items() <= environment_of(server).items()
        assert "flow_run" in tabellen(f"{prefix}_prefect")  # Prefect's own data on PostgreSQL
        assert {"alembic_version", "makelaar", "evaluatieronde"} <= tabellen(prefix)
        assert "MAKELAAR_DATABASE_URL=postgresql+psycopg://" in tekst and prefix in tekst

        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=90)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, "".join(uitvoer) + rest
    for wat in ("Antwoordpagina's", "Worker", "Prefect-server"):
        assert f"Gestopt: {wat}." in rest
    assert rest.index("Antwoordpagina's") < rest.index("Prefect-server")  # last started first
    assert not antwoordt(f"http://127.0.0.1:{forms_poort}/gezond")
    assert not antwoordt(f"http://127.0.0.1:{prefect_poort}/api/health")
    for naam in ("server", "werker", "forms"):
        assert (tmp_path / "stack" / f"{naam}.log").stat().st_size > 0


def run_stack(tmp_path: Path, *extra: str, postgres: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        stack_command(tmp_path, "stack_nooit", *extra, postgres=postgres),
        capture_output=True,
        text=True,
        env=stack_env(tmp_path),
        timeout=60,
    )


def test_postgresql_that_does_not_answer_is_one_clear_line(tmp_path: Path) -> None:
    result = run_stack(
        tmp_path,
        "--prefect-poort",
        str(vrije_poort()),
        "--forms-poort",
        str(vrije_poort()),
        postgres="postgresql://postgres@127.0.0.1:1/postgres",
    )
    assert result.returncode == 2
    [regel] = result.stderr.splitlines()[:1]
    assert regel.startswith("PostgreSQL op 127.0.0.1:1 antwoordt niet (")
    assert "start PostgreSQL of geef een andere server met --postgres" in regel
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "stack" / "server.log").exists()  # nothing was started


def test_an_address_that_is_no_postgresql_and_a_busy_port_are_refused(tmp_path: Path) -> None:
    result = run_stack(tmp_path, postgres="sqlite:///stack.db")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "--postgres moet een PostgreSQL-adres zijn, zoals "
        "postgresql://postgres@127.0.0.1:5432/postgres; gegeven: sqlite:///stack.db."
    )
    with socket.socket() as bezet:
        bezet.bind(("127.0.0.1", 0))
        bezet.listen()
        poort = bezet.getsockname()[1]
        result = run_stack(
            tmp_path,
            "--prefect-poort",
            str(vrije_poort()),
            "--forms-poort",
            str(poort),
            postgres="postgresql://postgres@127.0.0.1:1/postgres",
        )
    assert result.returncode == 2
    assert result.stderr.startswith(f"Poort {poort} op 127.0.0.1 is al in gebruik (")
    assert "kies een andere met --forms-poort" in result.stderr
