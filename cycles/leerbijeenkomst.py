"""The learning session: the round's proposals and the decisions taken on them.

A decision adopts, rejects or postpones a proposal, with a reason and who took it; every decision
is kept in besluit_historie. A postponed proposal is decided for this round (its edition leaves
it out) and comes back, open, among the proposals of the gemeente's next round of the cycle.
Proposals come from the cycle's rules (`record_proposals`) and from researchers
(cycles.voorstellen, stored with `bron='onderzoeker'`, which the cycle's rules never overwrite).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.models.domain import Besluit
from makelaar.models.errors import RoundError
from makelaar.models.schemas import Proposal, Schema
from makelaar.models.store import Store
from makelaar.models.taal import Taal, in_taal
from makelaar.models.tables import BesluitHistorie, Evaluatieronde, Voorstel, utcnow
from makelaar.models.upsert import upsert

Besluitvorming = Literal["handmatig", "demo", "formulier"]
"""Who decides on the proposals: people at the learning session (handmatig, with `makelaar round
besluit`), the demo's rule, or people answering the paused Prefect run's form (formulier)."""

#: the decisions a learning session can take (open is none)
BESLUITEN: tuple[Besluit, ...] = (Besluit.AANGENOMEN, Besluit.VERWORPEN, Besluit.UITGESTELD)


class Decision(Proposal):
    """A proposal with the decision the learning session took on it."""

    besluit: Besluit
    besluit_reden: str | None
    besloten_door: str | None = None

    @property
    def alle_secties(self) -> list[str]:
        """Every section the proposal changes, the one its text is added to first."""
        return self.secties or [self.sectie_id]


#: what the cycle's rules may change in a stored proposal that is still theirs
_CYCLE_FIELDS = ("sectie_id", "titel", "tekst", "onderbouwing", "bron", "secties", "bevindingen")


def record_proposals(store: Store, ronde_id: int, proposals: list[Proposal]) -> None:
    """Store the cycle's proposals by (round, code); a proposal already decided keeps its decision,
    a researcher's proposal with the same code stays the researcher's. Proposals the gemeente's
    previous round of the cycle postponed come back here, open, unless this round has their code.
    """
    with store.session() as session:
        researchers = set(
            session.scalars(
                select(Voorstel.code).where(
                    Voorstel.ronde_id == ronde_id, Voorstel.bron == "onderzoeker"
                )
            )
        )
        rows = [
            {"ronde_id": ronde_id, **p.model_dump(), "besluit": Besluit.OPEN}
            for p in proposals
            if p.code not in researchers
        ]
        rows += _postponed_before(session, ronde_id, {p.code for p in proposals} | researchers)
        upsert(
            session,
            Voorstel.__table__,  # type: ignore[arg-type]  # a declarative table is a Table
            rows,
            key=("ronde_id", "code"),
            update=_CYCLE_FIELDS,
        )


def _postponed_before(session: Session, ronde_id: int, taken: set[str]) -> list[dict[str, object]]:
    """The proposals the previous round (by creation) of the same gemeente and cycle postponed,
    as open rows of this round; none whose code is in `taken` or already in this round."""
    ronde = session.get(Evaluatieronde, ronde_id)
    if ronde is None:
        return []
    vorige = session.scalars(
        select(Evaluatieronde.id)
        .where(
            Evaluatieronde.gemeente_code == ronde.gemeente_code,
            Evaluatieronde.cyclus == ronde.cyclus,
            Evaluatieronde.id < ronde_id,
        )
        .order_by(Evaluatieronde.id.desc())
        .limit(1)
    ).first()
    if vorige is None:
        return []
    present = set(session.scalars(select(Voorstel.code).where(Voorstel.ronde_id == ronde_id)))
    rows: list[dict[str, object]] = []
    for row in session.scalars(
        select(Voorstel)
        .where(Voorstel.ronde_id == vorige, Voorstel.besluit == Besluit.UITGESTELD)
        .order_by(Voorstel.code)
    ):
        if row.code in taken or row.code in present:
            continue
        proposal = _decision(row)
        rows.append(
            {
                "ronde_id": ronde_id,
                **proposal.model_dump(include=set(Proposal.model_fields)),
                "besluit": Besluit.OPEN,
            }
        )
    return rows


class HistoryEntry(Schema):
    """One decision taken on a proposal; a later entry replaced it."""

    volgnummer: int
    besluit: Besluit
    reden: str
    besloten_op: dt.datetime
    besloten_door: str | None = None


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
    door: str | None = None,
    nu: dt.datetime | None = None,
) -> Recorded:
    """Record the learning session's decision on one proposal; a reason is required, and who
    decided (`door`: a name or a body) is kept with it when given.

    Every decision is kept in order in besluit_historie, so a changed decision keeps the one it
    replaced; the same decision with the same reason (and by the same people) again writes nothing.
    """
    if besluit is Besluit.OPEN:
        raise RoundError(
            "Een besluit is 'aangenomen', 'verworpen' of 'uitgesteld'; 'open' is geen besluit.",
            en="A decision is 'aangenomen', 'verworpen' or 'uitgesteld' (adopted, rejected or "
            "postponed); 'open' is not a decision.",
        )
    door = (door or "").strip()[:200] or None
    reden = reden.strip()
    if not reden:
        raise RoundError(
            f"Voorstel {code!r}: geef de reden van het besluit (--reden).",
            en=f"Proposal {code!r}: give the reason for the decision (--reden).",
        )
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
                f"Voorstellen: {', '.join(known) or '(nog geen; voer eerst de verbeterfase uit)'}.",
                en=f"Round {ronde_id} has no proposal {code!r}. Proposals: "
                f"{', '.join(known) or '(none yet; run the improve phase first)'}.",
            )
        entries = _entries(session, row)
        vorige = entries[-1] if entries else None
        nieuw = vorige is None or (vorige.besluit, vorige.reden, vorige.besloten_door) != (
            besluit,
            reden,
            door,
        )
        if nieuw:
            moment = nu or utcnow()
            session.add(
                BesluitHistorie(
                    voorstel_id=row.id,
                    volgnummer=len(entries) + 1,
                    besluit=besluit,
                    reden=reden,
                    besloten_op=moment,
                    besloten_door=door,
                )
            )
            row.besluit = besluit
            row.besluit_reden = reden
            row.besloten_op = moment
            row.besloten_door = door
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
        besloten_door=row.besloten_door,
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


def decide_as_demo(store: Store, ronde_id: int, taal: Taal = "nl") -> list[Decision]:
    """The demo's learning session: adopt what the figures support, reject one to show the path.

    It records its decisions through `decide`, as `makelaar round besluit` does (history included),
    with its reasons in `taal` (the round's language: the edition shows them).
    """
    taken: list[Decision] = []
    pending = [d for d in decisions(store, ronde_id) if d.besluit is Besluit.OPEN]
    for index, proposal in enumerate(pending):
        if index == len(pending) - 1 and len(pending) > 2:
            besluit = Besluit.VERWORPEN
            reden = in_taal(
                taal,
                "Demo-leerbijeenkomst: eerst in de volgende ronde nagaan of het beeld standhoudt.",
                "Demo learning session: first check in the next round whether the picture holds.",
            )
        else:
            besluit = Besluit.AANGENOMEN
            reden = in_taal(
                taal,
                "Demo-leerbijeenkomst: de cijfers en de ervaring van de makelaars ondersteunen dit.",
                "Demo learning session: the figures and the brokers' experience support this.",
            )
        taken.append(decide(store, ronde_id, proposal.code, besluit, reden, door="demo").decision)
    return taken


def _entry(row: BesluitHistorie) -> HistoryEntry:
    return HistoryEntry(
        volgnummer=row.volgnummer,
        besluit=row.besluit,
        reden=row.reden,
        besloten_op=row.besloten_op,
        besloten_door=row.besloten_door,
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
        besloten_door=row.besloten_door,
        secties=list(row.secties or []),
        bevindingen=list(row.bevindingen or []),
        bewijs=row.bewijs,
    )
