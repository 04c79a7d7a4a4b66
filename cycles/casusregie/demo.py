"""A Woerden-like casusregie pilot for the demo: 12 households, 4 brokers, their answers.

The households are designed, not drawn: the figures give each kind of verdict at the default
criteria (fewer providers: met; median days to first contact: met; satisfaction with speed and
the own network: cannot be said with so few households; collaboration and the four brokers
working by the method: not met). The seed moves only the dates within the year. Household and
respondent keys are random codes (bron "demo"); nothing names anyone. Running it again writes
nothing new.
"""

from __future__ import annotations

import datetime as dt
import random

import sqlalchemy as sa

from makelaar.cycles.casusregie.instellingen import instellingen_pad, schrijf_voorbeeld
from makelaar.cycles.casusregie.tabellen import casus, samenwerking, tevredenheid
from makelaar.models.schemas import Schema
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Gemeente

__all__ = ["BRON", "CasusregieDemo", "generate_demo"]

BRON = "demo"
MAKELAARS = ("WRD-01", "WRD-02", "WRD-03", "WRD-04")
WIJKEN = ("Binnenstad", "Molenvliet", "Schilderskwartier", "Harmelen", "Kamerik")

#: wijk, broker, days to first contact, providers at start, at closure (None: still open),
#: own network, volunteers, professionals, by the agreed method
HUISHOUDENS: tuple[tuple[int, int, int, int, int | None, bool, bool, bool, bool], ...] = (
    (0, 0, 1, 5, 2, True, True, True, True),
    (1, 0, 2, 6, 3, True, False, True, True),
    (2, 1, 3, 4, 2, False, True, True, True),
    (3, 1, 2, 7, 3, True, True, True, True),
    (1, 2, 1, 5, 2, False, False, True, True),
    (4, 2, 4, 3, 1, True, True, False, True),
    (0, 3, 2, 6, 2, True, False, True, True),
    (2, 3, 5, 4, 3, False, True, True, False),
    (1, 0, 3, 5, 1, True, True, True, True),
    (3, 1, 2, 6, 4, False, False, True, True),
    (0, 2, 6, 4, None, True, False, True, True),
    (4, 3, 1, 5, None, False, True, True, True),
)
#: the closed households' answers: speed, own responsibility (1-5), own network involved
ANTWOORDEN = (
    (5, 4, True),
    (4, 4, True),
    (3, 3, False),
    (5, 4, True),
    (4, 5, False),
    (4, 3, True),
    (5, 4, True),
    (3, 4, False),
    (4, 4, True),
    (4, 3, False),
)
#: volunteers' and professionals' view: role, collaboration, clear roles (1-5)
SAMENWERKING = (
    *(("vrijwilliger", s, r) for s, r in ((3, 2), (2, 3), (3, 3), (2, 2), (3, 2), (2, 3), (3, 3))),
    *(("professional", s, r) for s, r in ((3, 3), (2, 2), (3, 2), (2, 3), (3, 3), (3, 2), (2, 2))),
)


class CasusregieDemo(Schema):
    """What the demo wrote (nieuw) and found already there (bestaand), per table."""

    gemeente_code: str
    jaar: int
    seed: int
    casussen_nieuw: int
    tevredenheid_nieuw: int
    samenwerking_nieuw: int
    bestaand: int
    instellingen: str | None = None


def _sleutel(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"


def generate_demo(
    store: Store,
    gemeente_code: str,
    jaar: int,
    seed: int = 2026,
    *,
    gemeente_naam: str = "Woerden",
    settings: Settings | None = None,
    vandaag: dt.date | None = None,
) -> CasusregieDemo:
    """Write the demo pilot of `jaar` for `gemeente_code` (the gemeente is added if unknown;
    the casusregie tables must exist: `makelaar db upgrade`). With `settings`, the gemeente's
    commented settings file is written too, when it has none."""
    vandaag = vandaag or dt.date.today()
    rng = random.Random(f"casusregie-{gemeente_code}-{jaar}-{seed}")
    laatste = min(dt.date(jaar, 12, 31), vandaag)
    begin = dt.date(jaar, 1, 1)
    span = max((laatste - begin).days - 90, 1)
    casussen: list[dict[str, object]] = []
    antwoorden: list[dict[str, object]] = []
    for nummer, (w, m, dagen, start, einde, netwerk, vrijw, prof, methode) in enumerate(
        HUISHOUDENS
    ):
        gemeld = begin + dt.timedelta(
            days=int(span * nummer / len(HUISHOUDENS)) + rng.randint(0, 6)
        )
        contact = min(gemeld + dt.timedelta(days=dagen), laatste)
        dicht = contact + dt.timedelta(days=rng.randint(40, 80)) if einde is not None else None
        if dicht is not None and dicht > laatste:
            dicht = laatste
        huishouden = _sleutel(rng)
        casussen.append(
            {
                "gemeente_code": gemeente_code,
                "huishouden": huishouden,
                "wijk": WIJKEN[w],
                "makelaar": MAKELAARS[m],
                "gemeld_op": gemeld,
                "eerste_contact_op": contact,
                "afgesloten_op": dicht,
                "aanbieders_start": start,
                "aanbieders_einde": einde,
                "eigen_netwerk": netwerk,
                "vrijwilligers": vrijw,
                "professionals": prof,
                "volgens_werkwijze": methode,
                "bron": BRON,
            }
        )
        if dicht is not None and len(antwoorden) < len(ANTWOORDEN):
            snel, eigen, betrokken = ANTWOORDEN[len(antwoorden)]
            antwoorden.append(
                {
                    "gemeente_code": gemeente_code,
                    "huishouden": huishouden,
                    "beantwoord_op": min(dicht + dt.timedelta(days=7), laatste),
                    "snelheid": snel,
                    "eigen_verantwoordelijkheid": eigen,
                    "netwerk_betrokken": betrokken,
                    "bron": BRON,
                }
            )
    oordelen = [
        {
            "gemeente_code": gemeente_code,
            "respondent": _sleutel(rng),
            "rol": rol,
            "beantwoord_op": laatste - dt.timedelta(days=rng.randint(0, 20)),
            "samenwerking": score,
            "rolverdeling": rollen,
            "bron": BRON,
        }
        for rol, score, rollen in SAMENWERKING
    ]
    bestaand = 0
    nieuw: dict[str, int] = {}
    with store.session() as session:
        if session.get(Gemeente, gemeente_code) is None:
            session.add(Gemeente(code=gemeente_code, naam=gemeente_naam))
            session.flush()
        for naam, tabel, rijen, sleutel in (
            ("casussen", casus, casussen, ("gemeente_code", "huishouden", "gemeld_op")),
            ("tevredenheid", tevredenheid, antwoorden, ("gemeente_code", "huishouden")),
            ("samenwerking", samenwerking, oordelen, ("gemeente_code", "respondent")),
        ):
            nieuw[naam] = 0
            for rij in rijen:
                er = session.execute(
                    sa.select(tabel.c.id).where(*(tabel.c[k] == rij[k] for k in sleutel))
                ).first()
                if er is not None:
                    bestaand += 1
                    continue
                session.execute(sa.insert(tabel).values(**rij))
                nieuw[naam] += 1
    pad = None
    if settings is not None and not instellingen_pad(settings, gemeente_code).exists():
        pad = str(
            schrijf_voorbeeld(
                instellingen_pad(settings, gemeente_code),
                gemeente_code,
                f"Pilot casusregie {gemeente_naam}",
            )
        )
    return CasusregieDemo(
        gemeente_code=gemeente_code,
        jaar=jaar,
        seed=seed,
        casussen_nieuw=nieuw["casussen"],
        tevredenheid_nieuw=nieuw["tevredenheid"],
        samenwerking_nieuw=nieuw["samenwerking"],
        bestaand=bestaand,
        instellingen=pad,
    )
