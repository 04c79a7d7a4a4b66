"""Two buurtmeter rounds of Utrecht with stored indicator values, the first one finished: what
`makelaar indicatoren` and `makelaar export` read (values, intervals, a suppressed cell, a change)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from makelaar.cycles.onzekerheid import wilson
from makelaar.cycles.rounds import start_round, store_indicators
from makelaar.intake.disclosure import DREMPEL_TELLER
from makelaar.models.domain import Fase, FaseStatus
from makelaar.models.schemas import IndicatorValue, RoundRef
from makelaar.models.store import Store
from makelaar.models.tables import FaseRun
from tests.factories import make_gemeente_with_wijken

WEST = "WK034401"
NOORD = "WK034402"
#: a reason as intake.disclosure writes one
REDEN = DREMPEL_TELLER


@dataclass(frozen=True)
class Rondes:
    vorige: RoundRef
    huidige: RoundRef


def _pct(
    indicator: str, sleutel: str, teller: int, noemer: int, dimensie: str = "wijk"
) -> IndicatorValue:
    interval = wilson(teller, noemer).maal(100)
    return IndicatorValue(
        indicator=indicator,
        dimensie=dimensie,
        sleutel=sleutel,
        waarde=round(100 * teller / noemer, 1),
        basis=noemer,
        teller=teller,
        noemer=noemer,
        ondergrens=round(interval.onder, 1),
        bovengrens=round(interval.boven, 1),
    )


def _aantal(indicator: str, sleutel: str, n: int, dimensie: str = "wijk") -> IndicatorValue:
    return IndicatorValue(
        indicator=indicator, dimensie=dimensie, sleutel=sleutel, waarde=n, basis=n
    )


def _uren(sleutel: str, uren: float, acties: int) -> IndicatorValue:
    """Hours: a sum, neither a Poisson count nor a mean, so no interval (and none of its change)."""
    return IndicatorValue(
        indicator="uren",
        dimensie="wijk",
        sleutel=sleutel,
        waarde=uren,
        basis=acties,
        teller=uren,
        noemer=acties,
    )


def twee_rondes(store: Store) -> Rondes:
    """Utrecht (GM0344, wijken WK034401 'Wijk 01 Deel 1' and WK034402) with rounds 2025 (applied)
    and 2026: signals taken up in West 40% → 80% (a real rise), actions 60 → 90 (a rise, as a
    count per day observed), partners per action 1.5 → 1.6 (within the uncertainty), hours 120 →
    150.5 (no interval), North's actions suppressed in 2026, and West's
    actions reaching ouderen in the cross table wijk×doelgroep."""
    with store.session() as session:
        make_gemeente_with_wijken(session, 2, code="GM0344", naam="Utrecht")
    vorige = start_round(store, gemeente_code="GM0344", cyclus="buurtmeter", periode="2025")
    huidige = start_round(
        store, gemeente_code="GM0344", cyclus="buurtmeter", periode="2026", vooruit=True
    )
    with store.session() as session:
        session.add(
            FaseRun(
                ronde_id=vorige.id,
                fase=Fase.APPLY,
                status=FaseStatus.COMPLETED,
                afgerond_op=dt.datetime(2026, 1, 15, tzinfo=dt.UTC),
            )
        )
    store_indicators(
        store,
        vorige.id,
        [
            _aantal("acties", "GM0344", 100, "gemeente"),
            _aantal("acties", WEST, 60),
            _aantal("acties", NOORD, 40),
            _pct("pct_signalen_opgepakt", WEST, 20, 50),
            IndicatorValue(
                indicator="gem_partners_per_actie",
                dimensie="wijk",
                sleutel=WEST,
                waarde=1.5,
                basis=60,
                noemer=60,
                teller=90,
                spreiding=0.5,
            ),
            _uren(WEST, 120.0, 60),
        ],
    )
    store_indicators(
        store,
        huidige.id,
        [
            _aantal("acties", "GM0344", 96, "gemeente"),
            _aantal("acties", WEST, 90),
            IndicatorValue(
                indicator="acties",
                dimensie="wijk",
                sleutel=NOORD,
                waarde=None,
                basis=6,
                onderdrukt=True,
                reden=REDEN,
            ),
            _pct("pct_signalen_opgepakt", WEST, 40, 50),
            IndicatorValue(
                indicator="gem_partners_per_actie",
                dimensie="wijk",
                sleutel=WEST,
                waarde=1.6,
                basis=90,
                noemer=90,
                teller=144,
                spreiding=0.6,
            ),
            IndicatorValue(
                indicator="pct_acties_doelgroep_ouderen",
                dimensie="wijk",
                sleutel=WEST,
                waarde=20.0,
                basis=90,
                teller=18,
                noemer=90,
            ),
            _aantal("acties_per_type", "=HYPERLINK(1)", 12, "actietype"),
            _aantal("acties", f"{WEST}|ouderen", 18, "wijk×doelgroep"),
            _uren(WEST, 150.5, 90),
        ],
    )
    return Rondes(vorige=vorige, huidige=huidige)
