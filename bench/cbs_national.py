"""Benchmark: the import of a national CBS Kerncijfers file (340 gemeenten), SQLite and PostgreSQL.

Generates kwb-2024.xlsx in the layout of CBS's national file (tests/intake/cbs_national.py: one
sheet KWB2024, 121 columns, Nederland, then 340 gemeenten with ≈3,300 wijken and ≈14,500 buurten,
'.' where CBS suppresses a figure) and times, per database:

- reading the sheet alone (python-calamine: open the file, walk every row), the floor;
- the first import of every row (intake.cbs.import_kerncijfers), in rows/s;
- a re-import of the same file (nothing changes: every row compared, none written);
- two gemeenten chosen out of the national file (`--gemeente GM… --gemeente GM…`) into an empty
  database.

Measured and printed, not asserted (the machines these run on are shared and noisy): wall time,
rows per second, and this process's CPU time, which the load of other processes changes less.

    .venv/bin/python bench/cbs_national.py [--gemeenten 340] [--seed 2024]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

PostgreSQL gets a database of its own (makelaar_bench_cbs), created and dropped here; when the
server cannot be reached the bench says so and measures SQLite alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from makelaar.intake.cbs import CbsImportReport, import_kerncijfers  # noqa: E402
from makelaar.intake.xlsx import open_workbook  # noqa: E402
from makelaar.models.store import Store  # noqa: E402
from tests.intake.cbs_national import NationalFile, write_national  # noqa: E402

PG_DATABASE = "makelaar_bench_cbs"
T = TypeVar("T")


@dataclass(frozen=True)
class Took:
    wall: float  # seconds
    cpu: float  # this process's CPU seconds (PostgreSQL's server work is not in it)


def _timed(function: Callable[[], T]) -> tuple[Took, T]:
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    return Took(time.perf_counter() - start, time.process_time() - cpu), result


def read_only(path: Path) -> int:
    """Every row of the file's first sheet through python-calamine, as the import reads it."""
    with open_workbook(path) as workbook:
        return sum(1 for _ in workbook.get_sheet_by_index(0).iter_rows())


def _line(name: str, took: Took, rows: int, note: str = "") -> None:
    print(
        f"  {name:<32} {took.wall:6.2f} s {rows / took.wall:7,.0f} rijen/s "
        f"(CPU {took.cpu:5.2f} s)  {note}".rstrip()
    )


def measure(label: str, make_store: Callable[[], Store], national: NationalFile) -> None:
    """The three imports into `make_store()`'s database (a fresh one for the chosen gemeenten)."""
    print(f"{label}:")
    store = make_store()
    took, report = _timed(lambda: import_kerncijfers(store, national.path))
    _line("eerste import", took, report.rijen_gelezen, _counts(report))
    took, again = _timed(lambda: import_kerncijfers(store, national.path))
    unchanged = again.kerncijfers.ongewijzigd
    _line("opnieuw (niets gewijzigd)", took, again.rijen_gelezen, f"{unchanged:,} ongewijzigd")
    store.dispose()

    chosen = national.gemeenten[len(national.gemeenten) // 3 :][:2]
    store = make_store()
    took, some = _timed(lambda: import_kerncijfers(store, national.path, gemeenten=chosen))
    _line(f"alleen {' en '.join(chosen)}", took, some.rijen_gelezen, _counts(some))
    store.dispose()


def _counts(report: CbsImportReport) -> str:
    return (
        f"{report.gemeenten.totaal} gemeenten, {report.wijken.totaal:,} wijken, "
        f"{report.buurten.totaal:,} buurten"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=340)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "MAKELAAR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        took, national = _timed(
            lambda: write_national(
                folder / "kwb-2024.xlsx", gemeenten=args.gemeenten, seed=args.seed
            )
        )
        size = national.path.stat().st_size / 1024**2
        print(
            f"kwb-2024.xlsx: {national.rows:,} rijen onder de kopregel (Nederland, "
            f"{len(national.gemeenten)} gemeenten, {national.wijk_count:,} wijken, "
            f"{national.buurt_count:,} buurten), 121 kolommen, {size:.1f} MB; "
            f"gemaakt in {took.wall:.1f} s (niet gemeten)"
        )
        took, rows = _timed(lambda: read_only(national.path))
        _line("alleen lezen (python-calamine)", took, rows)
        print(f"  (belasting van de machine: {os.getloadavg()[0]:.2f})")

        databases = iter(range(1_000))

        def sqlite_store() -> Store:
            store = Store(f"sqlite:///{folder}/bench-{next(databases)}.db")
            store.upgrade()
            return store

        measure("SQLite", sqlite_store, national)
        _postgres(args.postgres, national)
    return 0


def _postgres(url: str, national: NationalFile) -> None:
    admin_url = make_url(url)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def fresh_store() -> Store:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE}"))
            connection.execute(text(f"CREATE DATABASE {PG_DATABASE}"))
        store = Store(admin_url.set(database=PG_DATABASE).render_as_string(hide_password=False))
        store.upgrade()
        return store

    try:
        with admin.connect():
            pass
    except Exception as exc:  # the server is optional for this bench: say so and stop
        print(f"PostgreSQL: niet gemeten, {admin_url.render_as_string()} niet bereikbaar ({exc})")
        admin.dispose()
        return
    try:
        measure("PostgreSQL", fresh_store, national)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE}"))
        admin.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
