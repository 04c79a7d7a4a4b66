"""The casusregie round's records: its own case records and answers, and the logbook's cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from makelaar.cycles.casusregie.tabellen import casus, samenwerking, tevredenheid
from makelaar.models.domain import Trede
from makelaar.models.store import Store
from makelaar.models.tables import Casus, Makelaar, Wijk

__all__ = ["Gegevens", "laad"]


@dataclass
class Gegevens:
    """The round's records: cases reported in the period, the answers of their households, and
    the collaboration survey answered in the period."""

    casussen: list[dict[str, Any]] = field(default_factory=list)
    antwoorden: list[dict[str, Any]] = field(default_factory=list)
    samenwerking: list[dict[str, Any]] = field(default_factory=list)


def _logboek(
    db: sa.Connection, gemeente_code: str, begin: dt.date, einde: dt.date
) -> list[dict[str, Any]]:
    """The cases the brokers recorded in their logbook (its "Casussen" sheet, the core `casus`
    table), as case records; whether the agreed method was followed is not in the logbook."""
    c = Casus.__table__.c
    rijen = db.execute(
        sa.select(
            c.huishouden,
            Wijk.naam,
            Makelaar.code,
            c.aangemeld_op,
            c.eerste_contact,
            c.afgesloten_op,
            c.aanbieders_start,
            c.aanbieders_afsluiting,
            c.treden,
        )
        .join(Wijk, Wijk.code == c.wijk_code)
        .join(Makelaar, Makelaar.id == c.makelaar_id)
        .where(Wijk.gemeente_code == gemeente_code, c.aangemeld_op.between(begin, einde))
        .order_by(c.id)
    ).all()
    return [
        {
            "huishouden": r[0],
            "wijk": r[1],
            "makelaar": r[2],
            "gemeld_op": r[3],
            "eerste_contact_op": r[4],
            "afgesloten_op": r[5],
            "aanbieders_start": r[6],
            "aanbieders_einde": r[7] if r[5] is not None else None,
            "eigen_netwerk": Trede.EIGEN_NETWERK.value in (r[8] or []),
            "vrijwilligers": Trede.VRIJWILLIGERS.value in (r[8] or []),
            "professionals": Trede.PROFESSIONALS.value in (r[8] or []),
            "volgens_werkwijze": None,
            "bron": "logboek",
        }
        for r in rijen
    ]


def laad(store: Store, gemeente_code: str, begin: dt.date, einde: dt.date) -> Gegevens:
    """The round's records: the cycle's own case records and, for a household and date not among
    them, the cases in the brokers' logbook."""
    with store.connection() as db:
        casussen = [
            dict(r._mapping)
            for r in db.execute(
                sa.select(casus)
                .where(
                    casus.c.gemeente_code == gemeente_code, casus.c.gemeld_op.between(begin, einde)
                )
                .order_by(casus.c.id)
            )
        ]
        eigen = {(c["huishouden"], c["gemeld_op"]) for c in casussen}
        casussen += [
            c
            for c in _logboek(db, gemeente_code, begin, einde)
            if (c["huishouden"], c["gemeld_op"]) not in eigen
        ]
        huishoudens = {c["huishouden"] for c in casussen}
        antwoorden = [
            dict(r._mapping)
            for r in db.execute(
                sa.select(tevredenheid)
                .where(tevredenheid.c.gemeente_code == gemeente_code)
                .order_by(tevredenheid.c.id)
            )
            if r.huishouden in huishoudens
        ]
        oordelen = [
            dict(r._mapping)
            for r in db.execute(
                sa.select(samenwerking)
                .where(
                    samenwerking.c.gemeente_code == gemeente_code,
                    samenwerking.c.beantwoord_op.between(begin, einde),
                )
                .order_by(samenwerking.c.id)
            )
        ]
    return Gegevens(casussen, antwoorden, oordelen)
