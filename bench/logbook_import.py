"""Benchmark: the logbook import of a 1,000,000-row CSV and a 100,000-row XLSX, against a plain load.

The plain load is `csv.reader` (or python-calamine's row iterator) plus `executemany` of the same
rows into the same table of the same kind of store, with only the lookups a load cannot do without
(broker code → id, wijk name → code). Each measurement runs in a child process of its own, so its
peak memory (VmHWM, read by the child itself) is its own. Figures are printed as ratios against the plain
load of the same run, because these machines are noisy.

    .venv/bin/python bench/logbook_import.py [--rows 1000000] [--xlsx-rows 100000]
        [--identical-rows 10000]

The identical-rows case imports a CSV of one row repeated `--identical-rows` times against as many
varied rows: their keys get an ordinal each (the n-th copy ordinal n), which must stay linear.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

RATIO_TARGET = 3.0
MEMORY_TARGET_MB = 400
#: identical rows may cost this much more than as many varied rows (they were quadratic)
IDENTICAL_TARGET = 1.5
GEMEENTE = "GM0344"

TYPES = ["Huisbezoek", "Evenement", "Overleg tussen instanties", "Doorverwijzing", "Buurtonderzoek"]
RESULTS = ["Verbinding gelegd", "Doorverwezen naar passende hulp", "Informatie gedeeld", "Geen"]
GROUPS = ["", "ouderen", "jongeren; migranten", "mensen met een beperking"]
PARTNERS = ["", "GGD", "Mitros (woningcorporatie); Buurtteam Overvecht (buurtteam)", "welzijn"]
NOTES = [
    "",
    "Koffieochtend in het buurthuis, goede opkomst",
    "Gesprek over eenzaamheid in de flat, vervolg met welzijn",
    "Signaal over overlast doorgegeven aan de wijkagent",
]
HEADER = [
    "Datum",
    "Makelaar",
    "Wijk",
    "Soort actie",
    "Partners",
    "Aantal bereikt",
    "Bewoners als organisator",
    "Bewoners als deelnemer",
    "Doelgroepen",
    "Resultaat",
    "Uren",
    "Notitie",
]


def _rows(n: int, wijken: list[str], makelaars: list[str]) -> list[list[object]]:
    """`n` logbook rows over two years: day-first dates, Dutch labels, decimal-comma hours."""
    rng = random.Random(20261122)
    start = dt.date(2024, 1, 1)
    days = [start + dt.timedelta(days=i) for i in range(730)]
    rows: list[list[object]] = []
    for _ in range(n):
        reached = rng.randint(1, 60)
        rows.append(
            [
                rng.choice(days),
                rng.choice(makelaars),
                rng.choice(wijken),
                rng.choice(TYPES),
                rng.choice(PARTNERS),
                reached,
                rng.randint(0, min(3, reached)),
                rng.randint(0, reached),
                rng.choice(GROUPS),
                rng.choice(RESULTS),
                rng.choice((0.5, 1.0, 1.5, 2.0, 3.25)),
                rng.choice(NOTES),
            ]
        )
    return rows


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for row in rows:
            day, hours = row[0], row[10]
            assert isinstance(day, dt.date) and isinstance(hours, float)
            writer.writerow(
                [f"{day:%d-%m-%Y}", *row[1:10], f"{hours:g}".replace(".", ","), row[11]]
            )


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sociale acties")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


# --- the store both loads write into -----------------------------------------------------------


def prepare_store(directory: Path) -> tuple[str, list[str], list[str]]:
    """A migrated SQLite store with Utrecht's wijken and 20 brokers; its URL, wijk names, codes."""
    from makelaar.intake.cbs import cbs_file, import_kerncijfers
    from makelaar.intake.makelaars import Inschrijving, registreer
    from makelaar.models.store import Store
    from makelaar.models.tables import Wijk

    url = f"sqlite:///{directory / 'makelaar.db'}"
    store = Store(url)
    store.upgrade()
    import_kerncijfers(store, cbs_file())
    with store.session() as session:
        wijken = [w.naam for w in session.query(Wijk).filter_by(gemeente_code=GEMEENTE)]
        codes = [f"UT-MK-{i:02d}" for i in range(1, 21)]
        registreer(session, [Inschrijving(c, GEMEENTE, f"Makelaar {c}") for c in codes])
    store.dispose()
    return url, sorted(wijken), codes


# --- the two loads, each run in a child process -------------------------------------------------


def plain_load(path: Path, url: str) -> int:
    """csv.reader / calamine rows + executemany into sociale_actie, one transaction."""
    database = url.removeprefix("sqlite:///")
    connection = sqlite3.connect(database)
    brokers = dict(connection.execute("SELECT code, id FROM makelaar").fetchall())
    wijken = dict(connection.execute("SELECT naam, code FROM wijk").fetchall())
    sql = (
        "INSERT INTO sociale_actie (sleutel, datum, makelaar_id, wijk_code, actietype, partners, "
        "partner_organisaties, bereikt, bewoners_organisator, bewoners_deelnemer, doelgroepen, "
        "resultaat, uren, notitie, bron) VALUES (?, ?, ?, ?, 'huisbezoek', '[]', '[]', ?, ?, ?, "
        "'[]', 'verbinding', ?, ?, ?)"
    )

    def batches(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
        for n, row in enumerate(rows):
            yield (
                str(n),
                str(row[0]),
                brokers[row[1]],
                wijken[row[2]],
                row[5],
                row[6],
                row[7],
                row[10],
                row[11],
                path.name,
            )

    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            next(reader)
            with connection:
                connection.executemany(sql, batches(reader))
    else:
        from python_calamine import CalamineWorkbook

        with CalamineWorkbook.from_path(str(path)) as workbook:
            rows = workbook.get_sheet_by_name("Sociale acties").iter_rows()
            next(rows)
            with connection:
                connection.executemany(sql, batches(rows))
    count = connection.execute("SELECT count(*) FROM sociale_actie").fetchone()[0]
    connection.close()
    return int(count)


def our_load(path: Path, url: str) -> int:
    from makelaar.intake.logboek import Status, importeer
    from makelaar.models.settings import Settings
    from makelaar.models.store import Store

    settings = Settings(data_dir=path.parent / "data", database_url=url)
    store = Store(url)
    report = importeer(store, settings, [path], vandaag=dt.date(2026, 1, 1))
    result = report.bestanden[0]
    if result.status is not Status.INGELEZEN:
        raise SystemExit(f"import refused: {result.fouten[:3]}")
    store.dispose()
    return result.nieuw


def child(kind: str, path: Path, url: str) -> None:
    started = time.perf_counter()
    count = (our_load if kind == "ours" else plain_load)(path, url)
    seconds = time.perf_counter() - started
    peak_kb = next(
        int(line.split()[1])
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmHWM:")
    )
    print(json.dumps({"rows": count, "seconds": seconds, "peak_mb": peak_kb / 1024}))


def measure(kind: str, path: Path, url: str) -> tuple[int, float, float]:
    """Rows stored, seconds, and the child's peak memory in MB."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, str(path), url],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert process.stdout is not None
    output = process.stdout.read()
    if process.wait() != 0:
        raise SystemExit(f"{kind} load of {path.name} failed (exit {process.returncode})")
    result = json.loads(output)
    return int(result["rows"]), float(result["seconds"]), float(result["peak_mb"])


def compare(label: str, path: Path, root: Path, expected: int) -> bool:
    results = {}
    for kind in ("plain", "ours"):
        directory = root / f"{label}-{kind}"
        directory.mkdir()
        url, _, _ = prepare_store(directory)
        rows, seconds, peak = measure(kind, path, url)
        if rows != expected:
            raise SystemExit(f"{kind} load stored {rows} rows, expected {expected}")
        results[kind] = (seconds, peak)
    plain_s, plain_mb = results["plain"]
    ours_s, ours_mb = results["ours"]
    ratio = ours_s / plain_s
    size = path.stat().st_size / 1024**2
    print(f"{label}: {expected:,} rows, {size:.0f} MB")
    for name, seconds, peak in (
        ("plain load (reader + executemany)", plain_s, plain_mb),
        ("makelaar logboek import", ours_s, ours_mb),
    ):
        print(
            f"  {name:<34} {expected / seconds:10,.0f} rows/s  ({seconds:.1f} s, peak {peak:.0f} MB)"
        )
    print(
        f"  ratio import/plain: {ratio:.2f}x (target <= {RATIO_TARGET:g}x)   "
        f"peak memory: {ours_mb:.0f} MB (target < {MEMORY_TARGET_MB} MB)"
    )
    return ratio <= RATIO_TARGET and ours_mb < MEMORY_TARGET_MB


def compare_identical(root: Path, wijken: list[str], codes: list[str], n: int) -> bool:
    """`n` copies of one row against `n` varied rows, both through the logbook import."""
    varied = _rows(n, wijken, codes)
    seconds = {}
    for label, rows in (("varied", varied), ("identical", [varied[0]] * n)):
        directory = root / f"rows-{label}"
        directory.mkdir()
        url, _, _ = prepare_store(directory)
        path = directory / f"{label}.csv"
        write_csv(path, rows)
        stored, seconds[label], _ = measure("ours", path, url)
        if stored != n:
            raise SystemExit(f"the {label} import stored {stored} rows, expected {n}")
    ratio = seconds["identical"] / seconds["varied"]
    print(f"identical rows: {n:,} copies of one row against {n:,} varied rows")
    for label in ("varied", "identical"):
        print(f"  {label:<10} {n / seconds[label]:10,.0f} rows/s  ({seconds[label]:.1f} s)")
    print(f"  ratio identical/varied: {ratio:.2f}x (target <= {IDENTICAL_TARGET:g}x)")
    return ratio <= IDENTICAL_TARGET


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--identical-rows", type=int, default=10_000)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "PATH", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.child[2])
        return
    with tempfile.TemporaryDirectory(prefix="makelaar-bench-") as tmp:
        root = Path(tmp)
        (root / "probe").mkdir()
        _, wijken, codes = prepare_store(root / "probe")
        rows = _rows(args.rows, wijken, codes)
        csv_path = root / "logboek.csv"
        write_csv(csv_path, rows)
        xlsx_path = root / "logboek.xlsx"
        write_xlsx(xlsx_path, rows[: args.xlsx_rows])
        del rows
        ok = compare("CSV", csv_path, root, args.rows)
        ok = compare("XLSX", xlsx_path, root, args.xlsx_rows) and ok
        if args.identical_rows:
            ok = compare_identical(root, wijken, codes, args.identical_rows) and ok
    print("within targets" if ok else "OUTSIDE TARGETS")


if __name__ == "__main__":
    main()
