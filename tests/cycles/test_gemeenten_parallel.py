"""A national run's work per gemeente spread over processes gives exactly what one process gives."""

from __future__ import annotations

import datetime as dt
import random

from makelaar.cycles.buurtmeter.indicatoren import gemeenten_indicatoren
from makelaar.models.domain import ActieType, Doelgroep
from makelaar.models.store import Store

from ..factories import make_actie, make_gemeente_with_wijken, make_makelaar

BEGIN, EINDE = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def test_processes_give_what_one_process_gives(store: Store) -> None:
    rng = random.Random(5)
    codes = []
    with store.session() as session:
        for g in range(5):
            gemeente = make_gemeente_with_wijken(session, 3, code=f"GM09{g:02d}")
            codes.append(gemeente.code)
            wijken = [w.code for w in gemeente.wijken]
            makelaar = make_makelaar(session, gemeente.code, wijken, code=f"MK-P-{g}")
            for _ in range(rng.randint(15, 60)):
                make_actie(
                    session,
                    makelaar,
                    rng.choice(wijken),
                    datum=BEGIN + dt.timedelta(days=rng.randrange(180)),
                    actietype=rng.choice(list(ActieType)),
                    bereikt=rng.randint(1, 30),
                    uren=rng.choice([0.5, 1.0, 2.0, 6.0]),
                    doelgroepen=rng.sample(list(Doelgroep), rng.randint(0, 2)),
                )
    with store.session() as session:
        een = gemeenten_indicatoren(session, codes, BEGIN, EINDE, min_n=10, werkers=1)
        twee = gemeenten_indicatoren(session, codes, BEGIN, EINDE, min_n=10, werkers=2)
    assert list(twee) == codes
    assert twee == een
    assert any(v.onderdrukt for values in een.values() for v in values)  # not a trivial case
    assert any(not v.onderdrukt for values in een.values() for v in values)
