"""Benchmark: the buurtmeter's counts and indicators at national scale, on SQLite and PostgreSQL.

Generates ≈340 gemeenten of 10 wijken each with their CBS figures, ≈3 million social actions,
signals and initiatives across the half-year, and one buurtmeter round per gemeente with ≈100,000
residents' responses (10 answers each: ≈1 million answers), then prints from one run, per database:

- one gemeente's indicators (counts in the database, intervals, small-number suppression):
  target < 0.5 s;
- all gemeenten's: target < 30 s;
- our core counts (cycles.tellingen.tel for every wijk: its GROUP BY over the actions, and those
  over the initiatives and signals) against one hand-written SQL GROUP BY of the same counts of
  the actions, through the driver without SQLAlchemy, in the same run: target ≤ 2×. What the
  dominance rules need besides (each sum's two largest contributions: two more scans) is timed
  and printed on its own;
- the residents' survey figures (cycles.buurtmeter.bewoners: one GROUP BY per round and wijk over
  the responses' JSON answers and scores, then disclosure control): one gemeente's, target
  < 0.5 s, and all gemeenten's in one query, target < 30 s.

    .venv/bin/python bench/indicators.py [--gemeenten 340] [--acties 3000000]
        [--antwoorden 100000] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

PostgreSQL gets a database of its own (makelaar_bench_indicatoren), created and dropped here; when
the server cannot be reached the bench says so and measures SQLite alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from makelaar.cycles.buurtmeter.enquetes import (  # noqa: E402
    ENQUETE_INDICATOREN,
    gemeenten_bewoners,
    survey_contributions,
    survey_indicators,
)
from makelaar.cycles.buurtmeter.indicatoren import (  # noqa: E402
    gemeente_indicatoren,
    gemeenten_indicatoren,
)
from makelaar.cycles.buurtmeter.onthulling import publish_survey  # noqa: E402
from makelaar.cycles.tellingen import tel  # noqa: E402
from makelaar.forms.scoring import scores_json  # noqa: E402
from makelaar.models.domain import (  # noqa: E402
    ActieType,
    Doelgroep,
    EnqueteModus,
    InitiatiefStatus,
    Publiek,
    ResponsBron,
    Resultaat,
    SignaalCategorie,
    SignaalSoort,
    SignaalStatus,
)
from makelaar.models.store import Store  # noqa: E402
from makelaar.models.tables import Enquete, EnqueteRonde, Evaluatieronde  # noqa: E402

ONE_TARGET_S = 0.5
ALL_TARGET_S = 30.0
RATIO_TARGET = 2.0
WIJKEN = 10
BEGIN, EINDE = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
PG_DATABASE = "makelaar_bench_indicatoren"
PARTNERS = ["gemeente", "welzijn", "woningcorporatie", "zorg", "onderwijs", "politie"]
T = TypeVar("T")

#: the same counts cycles.tellingen asks for, written by hand in one statement
HAND_SQL = """
SELECT wijk_code, count(*), sum(bereikt), sum(bewoners_organisator), sum(bewoners_deelnemer),
       sum(CASE WHEN bewoners_organisator > 0 THEN 1 ELSE 0 END),
       sum(coalesce(json_array_length(partners), 0)),
       sum(coalesce(json_array_length(partners), 0) * coalesce(json_array_length(partners), 0)),
       sum(uren), {groepen}, {soorten}
FROM sociale_actie
WHERE datum BETWEEN :begin AND :einde
GROUP BY wijk_code
"""


def _hand_sql() -> str:
    groepen = ", ".join(
        f"sum(CASE WHEN CAST(doelgroepen AS VARCHAR) LIKE '%\"{g.value}\"%' THEN 1 ELSE 0 END)"
        for g in Doelgroep
    )
    soorten = ", ".join(
        f"sum(CASE WHEN actietype = '{s.value}' THEN 1 ELSE 0 END)" for s in ActieType
    )
    return HAND_SQL.format(groepen=groepen, soorten=soorten)


def _gemeenten(n: int) -> list[str]:
    return [f"GM{1000 + i:04d}" for i in range(n)]


def _wijk_codes(gemeente: str) -> list[str]:
    return [f"WK{gemeente[2:]}{j:02d}" for j in range(1, WIJKEN + 1)]


def _chunks(rows: Iterator[T], size: int = 50_000) -> Iterator[list[T]]:
    chunk: list[T] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _actions(gemeenten: list[str], n: int, seed: int) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed)
    types = [t.value for t in ActieType]
    results = [r.value for r in Resultaat]
    groups = [g.value for g in Doelgroep]
    days = (EINDE - BEGIN).days + 30
    for i in range(n):
        g = rng.randrange(len(gemeenten))
        wijk = f"WK{gemeenten[g][2:]}{rng.randint(1, WIJKEN):02d}"
        yield (
            f"b-{i}",
            (BEGIN + dt.timedelta(days=rng.randrange(days))).isoformat(),
            g + 1,  # the gemeente's broker (ids are 1..n in gemeente order)
            wijk,
            types[rng.randrange(len(types))],
            json.dumps(sorted(rng.sample(PARTNERS, rng.randint(0, 3)))),
            "[]",
            rng.randint(0, 40),
            rng.choice((0, 0, 0, 1, 2)),
            rng.randint(0, 25),
            json.dumps(sorted(rng.sample(groups, rng.choice((0, 0, 1, 1, 2))))),
            results[rng.randrange(len(results))],
            rng.choice((0.5, 1.0, 1.5, 2.0, 3.0)),
            "bench",
        )


ACTIE_COLUMNS = (
    "sleutel, datum, makelaar_id, wijk_code, actietype, partners, partner_organisaties, bereikt, "
    "bewoners_organisator, bewoners_deelnemer, doelgroepen, resultaat, uren, bron"
)


def _small_tables(gemeenten: list[str], seed: int) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    tables: dict[str, list[dict[str, Any]]] = {
        "gemeente": [],
        "wijk": [],
        "kerncijfers": [],
        "makelaar": [],
        "signaal": [],
        "bewonersinitiatief": [],
    }
    now = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    for i, code in enumerate(gemeenten):
        tables["gemeente"].append({"code": code, "naam": f"Gemeente {i}"})
        tables["makelaar"].append(
            {"id": i + 1, "code": f"MK-{code}", "naam": "Bench", "gemeente_code": code}
        )
        total = 0
        for j, wijk in enumerate(_wijk_codes(code)):
            inwoners = rng.randint(2_000, 20_000)
            total += inwoners
            tables["wijk"].append({"code": wijk, "gemeente_code": code, "naam": f"Wijk {j}"})
            tables["kerncijfers"].append(
                {"regiocode": wijk, "niveau": "wijk", "jaar": 2024, "inwoners": inwoners}
            )
        tables["kerncijfers"].append(
            {"regiocode": code, "niveau": "gemeente", "jaar": 2024, "inwoners": total}
        )
    for table in ("kerncijfers",):
        for row in tables[table]:
            row.update(bron="bench", bijgewerkt_op=now)
    statuses = [s.value for s in SignaalStatus]
    initiatief = [s.value for s in InitiatiefStatus]
    for i in range(len(gemeenten) * 300):
        g = rng.randrange(len(gemeenten))
        wijk = f"WK{gemeenten[g][2:]}{rng.randint(1, WIJKEN):02d}"
        tables["signaal"].append(
            {
                "sleutel": f"s-{i}",
                "datum": BEGIN + dt.timedelta(days=rng.randrange(180)),
                "makelaar_id": g + 1,
                "wijk_code": wijk,
                "soort": SignaalSoort.PROBLEEM.value,
                "categorie": SignaalCategorie.EENZAAMHEID.value,
                "omschrijving": "bench",
                "status": rng.choice(statuses),
                "bron": "bench",
            }
        )
        status = rng.choice(initiatief)
        tables["bewonersinitiatief"].append(
            {
                "sleutel": f"i-{i}",
                "titel": "bench",
                "wijk_code": wijk,
                "status": status,
                "reden": rng.choice(("geen ruimte", "geen geld", "geen trekkers")),
                "bewoners_betrokken": 2,
                "gestart_op": BEGIN + dt.timedelta(days=rng.randrange(180)),
                "bijgewerkt_op": EINDE,
                "bron": "bench",
            }
        )
    return tables


#: the residents' answers: the six De Jong Gierveld items and four more questions (10 answers)
DJG_ITEMS = (
    "djg_leegte",
    "djg_narigheid",
    "djg_vertrouwen",
    "djg_mis_mensen",
    "djg_verbonden",
    "djg_in_de_steek",
)
RESPONS_COLUMNS = (
    "id, enquete_ronde_id, instance_id, respondent, wijk_code, taal, antwoorden, scores, "
    "inhoud_sha256, bron, ontvangen_op"
)
OPENT = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)


def _survey_rounds(store: Store, gemeenten: list[str]) -> None:
    """One evaluation round per gemeente (ids 1..n in gemeente order), each with a buurtmeter
    survey round for residents (the same ids), and the one buurtmeter form they put."""
    with store.session() as session:
        session.add(
            Enquete(
                id=1,
                form_id="buurtmeter",
                versie="bench",
                titel="Buurtmeter",
                bron="bench",
                sha256="0" * 64,
                definitie={"form_id": "buurtmeter"},
            )
        )
        session.add_all(
            Evaluatieronde(id=i + 1, gemeente_code=code, cyclus="buurtmeter", periode="2026-H1")
            for i, code in enumerate(gemeenten)
        )
        session.flush()
        session.add_all(
            EnqueteRonde(
                id=i + 1,
                ronde_id=i + 1,
                enquete_id=1,
                publiek=Publiek.BEWONERS,
                modus=EnqueteModus.ANONIEM,
                opent_op=OPENT,
                sluit_op=OPENT + dt.timedelta(days=28),
                gesloten_op=OPENT + dt.timedelta(days=28),
            )
            for i in range(len(gemeenten))
        )


def _responses(gemeenten: list[str], n: int, seed: int) -> Iterator[tuple[Any, ...]]:
    """Residents' responses spread over the gemeenten's wijken (3% without a wijk), with their
    scores as forms.scoring stores them (one scoring per distinct set of scale answers)."""
    rng = random.Random(seed + 1)
    scored: dict[tuple[str | None, ...], str] = {}
    djg = ("ja", "min_of_meer", "nee", None)
    for i in range(n):
        g = rng.randrange(len(gemeenten))
        wijk = None if rng.random() < 0.03 else f"WK{gemeenten[g][2:]}{rng.randint(1, WIJKEN):02d}"
        items = tuple(rng.choices(djg, weights=(3, 2, 6, 0.3))[0] for _ in DJG_ITEMS)
        answers: dict[str, Any] = {k: v for k, v in zip(DJG_ITEMS, items, strict=True) if v}
        answers["contact_buren"] = rng.choice(
            ("dagelijks", "wekelijks", "maandelijks", "minder", "nooit")
        )
        answers["weet_waar_vraag"] = rng.choice(("ja", "deels", "nee"))
        answers["tevreden_buurt"] = rng.choice(("1", "2", "3", "4", "4", "5"))
        answers["rapportcijfer"] = rng.randint(4, 10)
        if items not in scored:
            scored[items] = json.dumps(scores_json("buurtmeter", answers))
        yield (
            f"{rng.getrandbits(128):032x}",
            g + 1,
            f"uuid:bench-{i}",
            None,
            wijk,
            "nl",
            json.dumps(answers),
            scored[items],
            "0" * 64,
            ResponsBron.DEMO.value,
            None,
        )


def _fill_survey(store: Store, gemeenten: list[str], antwoorden: int, seed: int) -> float:
    """Loads the survey rounds and responses; returns the seconds it took."""
    started = time.perf_counter()
    _survey_rounds(store, gemeenten)
    with store.engine.begin() as connection:
        raw: Any = connection.connection.driver_connection
        if store.engine.dialect.name == "postgresql":
            with raw.cursor().copy(f"COPY respons ({RESPONS_COLUMNS}) FROM STDIN") as copy:
                for row in _responses(gemeenten, antwoorden, seed):
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(RESPONS_COLUMNS.split(",")))
            for chunk in _chunks(_responses(gemeenten, antwoorden, seed)):
                raw.executemany(f"INSERT INTO respons ({RESPONS_COLUMNS}) VALUES ({marks})", chunk)
    with store.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return time.perf_counter() - started


def _fill(store: Store, gemeenten: list[str], acties: int, seed: int) -> float:
    """Loads the national dataset; returns the seconds it took."""
    started = time.perf_counter()
    tables = _small_tables(gemeenten, seed)
    with store.engine.begin() as connection:
        for table, rows in tables.items():
            columns = list(rows[0])
            statement = text(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join(':' + c for c in columns)})"
            )
            connection.execute(statement, rows)
        raw: Any = connection.connection.driver_connection
        if store.engine.dialect.name == "postgresql":
            with raw.cursor().copy(f"COPY sociale_actie ({ACTIE_COLUMNS}) FROM STDIN") as copy:
                for row in _actions(gemeenten, acties, seed):
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(ACTIE_COLUMNS.split(",")))
            for chunk in _chunks(_actions(gemeenten, acties, seed)):
                raw.executemany(
                    f"INSERT INTO sociale_actie ({ACTIE_COLUMNS}) VALUES ({marks})", chunk
                )
    with store.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return time.perf_counter() - started


def _best(function: Callable[[], T], repeat: int = 3) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return best, result


def measure(
    store: Store, gemeenten: list[str], acties: int, seed: int, antwoorden: int
) -> dict[str, float]:
    loaded = _fill(store, gemeenten, acties, seed)
    survey_loaded = _fill_survey(store, gemeenten, antwoorden, seed)
    all_wijken = [w for g in gemeenten for w in _wijk_codes(g)]
    one = gemeenten[len(gemeenten) // 2]

    def one_gemeente() -> int:
        with store.session() as session:
            return len(gemeente_indicatoren(session, one, BEGIN, EINDE, min_n=10))

    def all_gemeenten() -> int:
        with store.session() as session:
            per_gemeente = gemeenten_indicatoren(session, gemeenten, BEGIN, EINDE, min_n=10)
            return sum(len(values) for values in per_gemeente.values())

    def core_counts() -> int:
        with store.session() as session:
            return len(tel(session, all_wijken, BEGIN, EINDE, dominantie=False))

    def with_dominance() -> int:
        with store.session() as session:
            return len(tel(session, all_wijken, BEGIN, EINDE))

    one_ronde = gemeenten.index(one) + 1
    rondes = {i + 1: (code, _wijk_codes(code)) for i, code in enumerate(gemeenten)}

    def one_survey() -> int:
        # as the buurtmeter's reflection does (cycles/buurtmeter/__init__.py), residents only
        with store.session() as session:
            raw = survey_indicators(
                session, ronde_id=one_ronde, gemeente_code=one, wijken=rondes[one_ronde][1],
                standen=[],
            )  # fmt: skip
            bijdragen = survey_contributions(
                session, ronde_id=one_ronde, gemeente_code=one, wijken=rondes[one_ronde][1]
            )
        published = publish_survey(raw, ENQUETE_INDICATOREN.values(), min_n=10, bijdragen=bijdragen)
        return len(published)

    def all_surveys() -> int:
        with store.session() as session:
            per_ronde = gemeenten_bewoners(session, rondes, min_n=10)
        return sum(len(values) for values in per_ronde.values())

    hand = _hand_sql()

    def hand_counts() -> int:
        with store.engine.connect() as connection:
            rows = connection.execute(text(hand), {"begin": BEGIN, "einde": EINDE}).all()
        return len(rows)

    one_s, values = _best(one_gemeente)
    all_s, _ = _best(all_gemeenten, repeat=1)
    core_s, counted = _best(core_counts)
    hand_s, by_hand = _best(hand_counts)
    dominance_s, _ = _best(with_dominance, repeat=1)
    assert counted == len(all_wijken) and by_hand == len(all_wijken), (counted, by_hand)
    survey_one_s, survey_values = _best(one_survey)
    survey_all_s, survey_all = _best(all_surveys, repeat=1)
    return {
        "enquete_geladen_s": survey_loaded,
        "enquete_een_s": survey_one_s,
        "enquete_waarden": survey_values,
        "enquete_alle_s": survey_all_s,
        "enquete_alle_waarden": survey_all,
        "geladen_s": loaded,
        "een_s": one_s,
        "waarden": values,
        "alle_s": all_s,
        "kern_s": core_s,
        "hand_s": hand_s,
        "dominantie_s": dominance_s,
    }


def _report(name: str, figures: dict[str, float], acties: int, antwoorden: int) -> bool:
    ratio = figures["kern_s"] / figures["hand_s"]
    ok = (
        figures["een_s"] < ONE_TARGET_S
        and figures["alle_s"] < ALL_TARGET_S
        and ratio <= RATIO_TARGET
        and figures["enquete_een_s"] < ONE_TARGET_S
        and figures["enquete_alle_s"] < ALL_TARGET_S
    )
    print(f"{name}: {acties:,} acties geladen in {figures['geladen_s']:.1f} s")
    print(
        f"  één gemeente:     {figures['een_s']:.3f} s ({int(figures['waarden'])} waarden; "
        f"doel < {ONE_TARGET_S} s)"
    )
    print(f"  alle gemeenten:   {figures['alle_s']:.2f} s (doel < {ALL_TARGET_S:.0f} s)")
    print(
        f"  kerntellingen:    {figures['kern_s']:.2f} s tegen {figures['hand_s']:.2f} s met de hand "
        f"geschreven GROUP BY: {ratio:.2f}× (doel ≤ {RATIO_TARGET:.0f}×)"
    )
    print(
        f"  met de invoer voor de dominantieregels (twee grootste bijdragen per som): "
        f"{figures['dominantie_s']:.2f} s"
    )
    print(
        f"  enquête: {antwoorden:,} bewonersresponsen (≈{antwoorden * 10:,} antwoorden) geladen "
        f"in {figures['enquete_geladen_s']:.1f} s"
    )
    print(
        f"  één gemeente:     {figures['enquete_een_s']:.3f} s "
        f"({int(figures['enquete_waarden'])} waarden; doel < {ONE_TARGET_S} s)"
    )
    print(
        f"  alle gemeenten:   {figures['enquete_alle_s']:.2f} s "
        f"({int(figures['enquete_alle_waarden'])} waarden; doel < {ALL_TARGET_S:.0f} s)"
    )
    print(f"  {'gehaald' if ok else 'NIET GEHAALD'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=340)
    parser.add_argument("--acties", type=int, default=3_000_000)
    parser.add_argument("--antwoorden", type=int, default=100_000, help="bewonersresponsen")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "MAKELAAR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    gemeenten = _gemeenten(args.gemeenten)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        store.upgrade()
        figures = measure(store, gemeenten, args.acties, args.seed, args.antwoorden)
        ok &= _report("SQLite", figures, args.acties, args.antwoorden)
        store.engine.dispose()

    admin_url = make_url(args.postgres)
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE}"))
            connection.execute(text(f"CREATE DATABASE {PG_DATABASE}"))
    except Exception as exc:  # the server is optional for this bench: say so and stop
        print(f"PostgreSQL: niet gemeten, {admin_url.render_as_string()} niet bereikbaar ({exc})")
        return 0 if ok else 1
    try:
        store = Store(admin_url.set(database=PG_DATABASE).render_as_string(hide_password=False))
        store.upgrade()
        figures = measure(store, gemeenten, args.acties, args.seed, args.antwoorden)
        ok &= _report("PostgreSQL", figures, args.acties, args.antwoorden)
        store.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE}"))
        admin.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
