"""The answering-page load bench runs end to end with tiny numbers (its speed is never asserted)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tests.conftest import POSTGRES_URL, skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
TINY = [
    *("--respondenten", "5", "--gelijktijdig", "2", "--dubbel", "0.5"),
    *("--noop", "20", "--max-seconden", "30"),
]


def run_bench(*extra: str) -> str:
    """Run the bench with tiny numbers; its output (asserting it exited 0)."""
    command = [sys.executable, str(ROOT / "bench" / "forms_load.py"), *TINY, *extra]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def assert_counted(out: str) -> None:
    for line in (
        r"accepted submits \(respondents\)\s+5",
        r"responses stored\s+5",
        r"answered marks\s+5",
        r"lost \(accepted, not stored\)\s+0\s+must be 0",
        r"duplicated \(rows beyond one each\)\s+0\s+must be 0",
        r"unexpected answers\s+0",
        r"second submit, at once\s+[1-5]\s.*",
    ):
        assert re.search(rf"^{line}$", out, re.M), f"no line {line!r} in:\n{out}"


def test_the_load_bench_runs_on_sqlite_and_counts_no_lost_or_duplicated_responses() -> None:
    out = run_bench()
    assert_counted(out)
    assert "answering pages under load (SQLite" in out
    assert re.search(r"^submissions/s \(\*\)\s+\d+\.\d$", out, re.M), out
    assert re.search(r"^ratio submissions/s ÷ no-op requests/s\s+\d+\.\d{3}$", out, re.M), out
    assert "≥ 300 submissions/s, p99 < 250 ms on SQLite" in out
    assert "reproduce: .venv/bin/python bench/forms_load.py --respondenten 5" in out


@pytest.mark.postgres
def test_the_load_bench_runs_on_postgresql_in_a_schema_it_drops_afterwards() -> None:
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.connect() as connection:
            before = set(connection.scalars(text("SELECT nspname FROM pg_namespace")))
    except OperationalError as exc:
        admin.dispose()
        skip_or_fail(f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc.orig}")
    try:
        out = run_bench("--postgres", POSTGRES_URL)
        with admin.connect() as connection:
            after = set(connection.scalars(text("SELECT nspname FROM pg_namespace")))
    finally:
        admin.dispose()
    assert_counted(out)
    assert "answering pages under load (PostgreSQL" in out
    assert "(the target is for SQLite)" in out
    assert not {name for name in after - before if name.startswith("mk_bench_")}


@pytest.mark.postgres
def test_the_bench_compares_postgresql_in_two_processes_with_sqlite_in_the_same_run() -> None:
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.connect():
            pass
    except OperationalError as exc:
        skip_or_fail(f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc.orig}")
    finally:
        admin.dispose()
    out = run_bench("--postgres", POSTGRES_URL, "--werkers", "2", "--basislijn")
    assert_counted(out)
    assert "answering pages under load (SQLite, 1 server process(es)" in out
    assert "answering pages under load (PostgreSQL, 2 server process(es)" in out
    assert re.search(r"^1\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\d\s", out, re.M), out  # the pair
    assert re.search(r"^median ratio \d+\.\d\d: target ≥ 0\.80 (ok|MISSED)", out, re.M), out
    assert "--werkers 2 --postgres" in out and "--basislijn --herhaal 1" in out
