"""The learning session: the round's proposals and the decisions taken on them (adopt or reject, why)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.models.domain import Besluit
from makelaar.models.errors import RoundError
from makelaar.models.schemas import Proposal, Schema
from makelaar.models.store import Store
from makelaar.models.tables import BesluitHistorie, Voorstel, utcnow
from makelaar.models.upsert import upsert

Besluitvorming = Literal["handmatig", "demo"]
"""Who decides on the proposals: people at the learning session (handmatig) or the demo's rule."""


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


class HistoryEntry(Schema):
    """One decision taken on a proposal; a later entry replaced it."""

    volgnummer: int
    besluit: Besluit
    reden: str
    besloten_op: dt.datetime


class Recorded(Schema):
    """What recording a decision did: the decision now in force and the one it replaced."""

    decision: Decision
    #: the decision in force before this one; None when the proposal was still open
    vorige: HistoryEntry | None
    #: False when the same decision with the same reason was already in force (nothing written)
    nieuw: bool
    #: codes of the round's proposals still without a decision
    nog_open: list[str]


def decide(
    store: Store,
    ronde_id: int,
    code: str,
    besluit: Besluit,
    reden: str,
    *,
    nu: dt.datetime | None = None,
) -> Recorded:
    """Record the learning session's decision on one proposal; a reason is required.

    Every decision is kept in order in besluit_historie, so a changed decision keeps the one it
    replaced; the same decision with the same reason again writes nothing.
    """
    if besluit is Besluit.OPEN:
        raise RoundError("Een besluit is 'aangenomen' of 'verworpen'; 'open' is geen besluit.")
    reden = reden.strip()
    if not reden:
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
        entries = _entries(session, row)
        vorige = entries[-1] if entries else None
        nieuw = vorige is None or (vorige.besluit, vorige.reden) != (besluit, reden)
        if nieuw:
            moment = nu or utcnow()
            session.add(
                BesluitHistorie(
                    voorstel_id=row.id,
                    volgnummer=len(entries) + 1,
                    besluit=besluit,
                    reden=reden,
                    besloten_op=moment,
                )
            )
            row.besluit = besluit
            row.besluit_reden = reden
            row.besloten_op = moment
        session.flush()
        open_codes = session.scalars(
            select(Voorstel.code)
            .where(Voorstel.ronde_id == ronde_id, Voorstel.besluit == Besluit.OPEN)
            .order_by(Voorstel.code)
        ).all()
        return Recorded(
            decision=_decision(row), vorige=vorige, nieuw=nieuw, nog_open=list(open_codes)
        )


def _entries(session: Session, row: Voorstel) -> list[HistoryEntry]:
    """The proposal's decisions in order; one taken before the history existed comes first."""
    entries = [
        _entry(h)
        for h in session.scalars(
            select(BesluitHistorie)
            .where(BesluitHistorie.voorstel_id == row.id)
            .order_by(BesluitHistorie.volgnummer)
        )
    ]
    if entries or row.besluit is Besluit.OPEN or row.besluit_reden is None:
        return entries
    # A decision stored without its history entry (written before besluit_historie existed)
    first = BesluitHistorie(
        voorstel_id=row.id,
        volgnummer=1,
        besluit=row.besluit,
        reden=row.besluit_reden,
        besloten_op=row.besloten_op or utcnow(),
    )
    session.add(first)
    return [_entry(first)]


def history(store: Store, ronde_id: int) -> dict[str, list[HistoryEntry]]:
    """Per proposal code (in code order), every decision taken on it, oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(Voorstel.code, BesluitHistorie)
            .join(BesluitHistorie, BesluitHistorie.voorstel_id == Voorstel.id, isouter=True)
            .where(Voorstel.ronde_id == ronde_id)
            .order_by(Voorstel.code, BesluitHistorie.volgnummer)
        ).all()
        result: dict[str, list[HistoryEntry]] = {}
        for code, entry in rows:
            entries = result.setdefault(code, [])
            if entry is not None:
                entries.append(_entry(entry))
        return result


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
    """The demo's learning session: adopt what the figures support, reject one to show the path.

    It records its decisions through `decide`, as `makelaar round besluit` does (history included).
    """
    taken: list[Decision] = []
    pending = [d for d in decisions(store, ronde_id) if d.besluit is Besluit.OPEN]
    for index, proposal in enumerate(pending):
        if index == len(pending) - 1 and len(pending) > 2:
            besluit = Besluit.VERWORPEN
            reden = (
                "Demo-leerbijeenkomst: eerst in de volgende ronde nagaan of het beeld standhoudt."
            )
        else:
            besluit = Besluit.AANGENOMEN
            reden = (
                "Demo-leerbijeenkomst: de cijfers en de ervaring van de makelaars ondersteunen dit."
            )
        taken.append(decide(store, ronde_id, proposal.code, besluit, reden).decision)
    return taken


def _entry(row: BesluitHistorie) -> HistoryEntry:
    return HistoryEntry(
        volgnummer=row.volgnummer, besluit=row.besluit, reden=row.reden, besloten_op=row.besloten_op
    )


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
