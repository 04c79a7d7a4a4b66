"""The learning session: the round's proposals and the decisions taken on them (adopt or reject, why)."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select

from models.domain import Besluit
from models.errors import RoundError
from models.schemas import Proposal
from models.store import Store
from models.tables import Voorstel, utcnow
from models.upsert import upsert

Mode = Literal["handmatig", "demo"]


class Decision(Proposal):
    """A proposal with the decision the learning session took on it."""

    besluit: Besluit
    besluit_reden: str | None


def record_proposals(store: Store, ronde_id: int, proposals: list[Proposal]) -> None:
    """Store proposals by (round, code); a proposal already decided keeps its decision."""
    rows = [{"ronde_id": ronde_id, **p.model_dump(), "besluit": Besluit.OPEN} for p in proposals]
    with store.session() as session:
        upsert(
            session,
            Voorstel.__table__,  # type: ignore[arg-type]  # a declarative table is a Table
            rows,
            key=("ronde_id", "code"),
            update=("sectie_id", "titel", "tekst", "onderbouwing", "bron"),
        )


def decide(store: Store, ronde_id: int, code: str, besluit: Besluit, reden: str) -> Decision:
    """Record the learning session's decision on one proposal; a reason is required."""
    if besluit is Besluit.OPEN:
        raise RoundError("Een besluit is 'aangenomen' of 'verworpen'; 'open' is geen besluit.")
    if not reden.strip():
        raise RoundError(f"Voorstel {code!r}: geef de reden van het besluit (--reden).")
    with store.session() as session:
        row = session.scalars(
            select(Voorstel).where(Voorstel.ronde_id == ronde_id, Voorstel.code == code)
        ).one_or_none()
        if row is None:
            known = session.scalars(
                select(Voorstel.code).where(Voorstel.ronde_id == ronde_id).order_by(Voorstel.code)
            ).all()
            raise RoundError(
                f"Ronde {ronde_id} heeft geen voorstel {code!r}. "
                f"Voorstellen: {', '.join(known) or '(nog geen; voer eerst de verbeterfase uit)'}."
            )
        row.besluit = besluit
        row.besluit_reden = reden.strip()
        row.besloten_op = utcnow()
        return _decision(row)


def decisions(store: Store, ronde_id: int) -> list[Decision]:
    """The round's proposals with their decisions, in code order."""
    with store.session() as session:
        rows = session.scalars(
            select(Voorstel).where(Voorstel.ronde_id == ronde_id).order_by(Voorstel.code)
        ).all()
        return [_decision(row) for row in rows]


def open_proposals(store: Store, ronde_id: int) -> list[str]:
    """Codes of proposals still waiting for a decision."""
    return [d.code for d in decisions(store, ronde_id) if d.besluit is Besluit.OPEN]


def decide_as_demo(store: Store, ronde_id: int) -> list[Decision]:
    """The demo's learning session: adopt what the figures support, reject one to show the path."""
    taken: list[Decision] = []
    pending = [d for d in decisions(store, ronde_id) if d.besluit is Besluit.OPEN]
    for index, proposal in enumerate(pending):
        if index == len(pending) - 1 and len(pending) > 2:
            taken.append(
                decide(
                    store,
                    ronde_id,
                    proposal.code,
                    Besluit.VERWORPEN,
                    "Demo-leerbijeenkomst: eerst in de volgende ronde nagaan of het beeld standhoudt.",
                )
            )
        else:
            taken.append(
                decide(
                    store,
                    ronde_id,
                    proposal.code,
                    Besluit.AANGENOMEN,
                    "Demo-leerbijeenkomst: de cijfers en de ervaring van de makelaars ondersteunen dit.",
                )
            )
    return taken


def _decision(row: Voorstel) -> Decision:
    return Decision(
        code=row.code,
        sectie_id=row.sectie_id,
        titel=row.titel,
        tekst=row.tekst,
        onderbouwing=row.onderbouwing,
        bron="onderzoeker" if row.bron == "onderzoeker" else "cyclus",
        besluit=row.besluit,
        besluit_reden=row.besluit_reden,
    )
