"""Gemeenten's logbook indicators as the buurtmeter publishes them: counted in the database
(GROUP BY per wijk, cycles.tellingen), turned into values with their 95% intervals
(cycles.indicators), through disclosure control (cycles.buurtmeter.onthulling).

`reflect` computes its logbook figures with `gemeente_indicatoren`; a national programme computes
every gemeente's with `gemeenten_indicatoren`, which counts all their wijken in one pass, and
bench/indicators.py measures both at national scale.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy import select
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
    published; the wijken of all of them are counted in one pass. `werkers`: processes for the
    work per gemeente (default: one per core from PARALLEL_VANAF gemeenten on, else one)."""
    wijken: dict[str, list[str]] = {code: [] for code in gemeente_codes}
    for code, gemeente in session.execute(
        select(Wijk.code, Wijk.gemeente_code)
        .where(Wijk.gemeente_code.in_(gemeente_codes))
        .order_by(Wijk.code)
    ):
        wijken[gemeente].append(code)
    alle = [code for codes in wijken.values() for code in codes]
    profielen = observations.profielen(session, [*gemeente_codes, *alle])
    inwoners = {code: p.inwoners for code, p in profielen.items()}
    tellingen = tel(session, alle, begin, einde)
    taken = list(wijken.items())
    aantal = werkers if werkers is not None else _werkers(len(taken))
    if aantal <= 1:
        return _publiceer(taken, inwoners, tellingen, profielen, min_n)
    # the counting is one pass in the database; what follows per gemeente (intervals, disclosure
    # control with its linear programs) is pure Python, spread over processes (spawned: the
    # caller may run threads), each given only its gemeenten's counts and figures
    result: dict[str, list[IndicatorValue]] = {}
    with ProcessPoolExecutor(aantal, mp_context=multiprocessing.get_context("spawn")) as pool:
        delen = [taken[i::aantal] for i in range(aantal)]
        futures = []
        for deel in delen:
            codes = {c for gemeente, wijk_codes in deel for c in (gemeente, *wijk_codes)}
            futures.append(
                pool.submit(
                    _publiceer,
                    deel,
                    {c: v for c, v in inwoners.items() if c in codes},
                    {c: v for c, v in tellingen.items() if c in codes},
                    {c: v for c, v in profielen.items() if c in codes},
                    min_n,
                )
            )
        for future in futures:
            result.update(future.result())
    return {gemeente: result[gemeente] for gemeente, _ in taken}


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
