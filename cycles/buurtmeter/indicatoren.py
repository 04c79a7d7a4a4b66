"""One gemeente's logbook indicators as the buurtmeter publishes them: counted in the database
(GROUP BY per wijk, cycles.tellingen), turned into values with their 95% intervals
(cycles.indicators), through disclosure control (cycles.buurtmeter.onthulling).

`reflect` computes its logbook figures with this, and bench/indicators.py measures it at national
scale."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from makelaar.cycles import observations
from makelaar.cycles.buurtmeter.onthulling import publish_logbook
from makelaar.cycles.indicators import compute
from makelaar.cycles.tellingen import tel
from makelaar.models.schemas import IndicatorValue

__all__ = ["gemeente_indicatoren"]


def gemeente_indicatoren(
    session: Session, gemeente_code: str, begin: dt.date, einde: dt.date, *, min_n: int
) -> list[IndicatorValue]:
    """The gemeente's and its wijken's logbook indicators for the period, as they may be published."""
    wijken = [w.code for w in observations.wijken(session, gemeente_code)]
    profielen = observations.profielen(session, [gemeente_code, *wijken])
    tellingen = tel(session, wijken, begin, einde)
    raw = compute(
        gemeente_code=gemeente_code,
        wijken=wijken,
        inwoners={code: p.inwoners for code, p in profielen.items()},
        tellingen=tellingen,
    )
    return publish_logbook(
        raw, tellingen=tellingen, gemeente_code=gemeente_code, wijken=wijken, min_n=min_n
    )
