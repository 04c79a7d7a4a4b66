"""Gemeenten's logbook indicators as the buurtmeter publishes them: counted in the database
(GROUP BY per wijk, cycles.tellingen), turned into values with their 95% intervals
(cycles.indicators), through disclosure control (cycles.buurtmeter.onthulling).

`reflect` computes its logbook figures with `gemeente_indicatoren`; a national programme computes
every gemeente's with `gemeenten_indicatoren`, which counts all their wijken in one pass, and
bench/indicators.py measures both at national scale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.cycles import observations
from makelaar.cycles.buurtmeter.onthulling import publish_logbook
from makelaar.cycles.indicators import compute
from makelaar.cycles.tellingen import tel
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
) -> dict[str, list[IndicatorValue]]:
    """Each gemeente's and its wijken's logbook indicators for the period, as they may be
    published; the wijken of all of them are counted in one pass."""
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
    result: dict[str, list[IndicatorValue]] = {}
    for gemeente, codes in wijken.items():
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
