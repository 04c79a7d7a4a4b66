"""Gemeenten's logbook indicators as the buurtmeter publishes them: counted in the database
(GROUP BY per wijk, cycles.tellingen), turned into values with their 95% intervals
(cycles.indicators), through disclosure control (cycles.buurtmeter.onthulling).

`reflect` computes its logbook figures with `gemeente_indicatoren`; a national programme computes
every gemeente's with `gemeenten_indicatoren`, which shares the gemeenten over one process per
core (each counting its gemeenten's wijken in one pass), and bench/indicators.py measures both at
national scale.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from makelaar.cycles import observations
from makelaar.cycles.buurtmeter.onthulling import publish_logbook
from makelaar.cycles.indicators import compute
from makelaar.cycles.observations import Profiel
from makelaar.cycles.tellingen import Telling, tel
from makelaar.models.schemas import IndicatorValue
from makelaar.models.tables import Wijk

__all__ = ["gemeente_indicatoren", "gemeenten_indicatoren"]


def gemeenten_indicatoren(
    session: Session,
    gemeente_codes: Sequence[str],
    begin: dt.date,
    einde: dt.date,
    *,
    min_n: int,
    werkers: int | None = None,
) -> dict[str, list[IndicatorValue]]:
    """Each gemeente's and its wijken's logbook indicators for the period, as they may be
    published. `werkers`: how many processes share the gemeenten (default: one per core from
    PARALLEL_VANAF gemeenten on, else one); each counts its gemeenten's wijken in one pass through
    a connection of its own, so they read what is committed (an in-memory SQLite database, which
    no other process can open, is always done in this one)."""
    wijken: dict[str, list[str]] = {code: [] for code in gemeente_codes}
    for code, gemeente in session.execute(
        select(Wijk.code, Wijk.gemeente_code)
        .where(Wijk.gemeente_code.in_(gemeente_codes))
        .order_by(Wijk.code)
    ):
        wijken[gemeente].append(code)
    taken = list(wijken.items())
    aantal = werkers if werkers is not None else _werkers(len(taken))
    url = session.get_bind().engine.url
    if aantal <= 1 or (
        url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
    ):
        return _bereken(session, taken, begin, einde, min_n)
    # each process counts its own gemeenten's wijken (the database reads them in parallel) and
    # does what follows per gemeente (intervals, disclosure control with its linear programs);
    # spawned, not forked: the caller may run threads
    result: dict[str, list[IndicatorValue]] = {}
    adres = url.render_as_string(hide_password=False)
    with ProcessPoolExecutor(aantal, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [
            pool.submit(_in_eigen_proces, adres, taken[i::aantal], begin, einde, min_n)
            for i in range(aantal)
        ]
        for future in futures:
            result.update(future.result())
    return {gemeente: result[gemeente] for gemeente, _ in taken}


def _in_eigen_proces(
    adres: str,
    taken: Sequence[tuple[str, Sequence[str]]],
    begin: dt.date,
    einde: dt.date,
    min_n: int,
) -> dict[str, list[IndicatorValue]]:
    # a plain engine, not the Store's: its sessions begin with a write lock on SQLite (BEGIN
    # IMMEDIATE), and these only read, beside a caller that may hold that lock
    engine = create_engine(adres)
    try:
        with Session(engine) as session:
            return _bereken(session, taken, begin, einde, min_n)
    finally:
        engine.dispose()


def _bereken(
    session: Session,
    taken: Sequence[tuple[str, Sequence[str]]],
    begin: dt.date,
    einde: dt.date,
    min_n: int,
) -> dict[str, list[IndicatorValue]]:
    """The gemeenten's wijken counted in one pass, then each gemeente's values with their
    intervals, through disclosure control."""
    alle = [code for _, codes in taken for code in codes]
    profielen = observations.profielen(session, [*(g for g, _ in taken), *alle])
    inwoners = {code: p.inwoners for code, p in profielen.items()}
    tellingen = tel(session, alle, begin, einde)
    return _publiceer(taken, inwoners, tellingen, profielen, min_n)


#: from how many gemeenten on a national run spreads its disclosure control over processes
PARALLEL_VANAF = 40


def _werkers(gemeenten: int) -> int:
    """One process for a few gemeenten; for a national run one per core (at most four)."""
    return min(os.cpu_count() or 1, 4) if gemeenten >= PARALLEL_VANAF else 1


def _publiceer(
    taken: Sequence[tuple[str, Sequence[str]]],
    inwoners: Mapping[str, int | None],
    tellingen: Mapping[str, Telling],
    profielen: Mapping[str, Profiel],
    min_n: int,
) -> dict[str, list[IndicatorValue]]:
    """Each gemeente's values with their intervals, through disclosure control."""
    result: dict[str, list[IndicatorValue]] = {}
    for gemeente, codes in taken:
        raw = compute(
            gemeente_code=gemeente,
            wijken=codes,
            inwoners=inwoners,
            tellingen=tellingen,
            profielen=profielen,
        )
        result[gemeente] = publish_logbook(
            raw, tellingen=tellingen, gemeente_code=gemeente, wijken=codes, min_n=min_n
        )
    return result


def gemeente_indicatoren(
    session: Session, gemeente_code: str, begin: dt.date, einde: dt.date, *, min_n: int
) -> list[IndicatorValue]:
    """The gemeente's and its wijken's logbook indicators for the period, as they may be published."""
    return gemeenten_indicatoren(session, [gemeente_code], begin, einde, min_n=min_n)[gemeente_code]
