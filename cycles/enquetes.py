"""The survey plan of a cycle: which instruments it puts to whom, opening those survey rounds in the
observe phase, their response so far, and whether the evaluation round must wait for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from makelaar.cycles.spec import RoundContext
from makelaar.forms.opruimen import ruim_op
from makelaar.forms.respons_stand import anonieme_voortgang
from makelaar.forms.rondes import STANDAARD_MODUS, importeer_formulier, lijst_enquetes, open_enquete
from makelaar.forms.rondes import sluit_enquete as close_survey_round
from makelaar.models.domain import PUBLIEK_LABELS, EnqueteModus, Publiek, UitnodigingStatus
from makelaar.models.errors import RoundError
from makelaar.models.schemas import EnqueteVenster, Schema
from makelaar.models.store import Store
from makelaar.models.taal import in_taal
from makelaar.models.tables import Enquete, EnqueteRonde, Uitnodiging

__all__ = [
    "INSTRUMENTEN",
    "MAX_VENSTER_DAGEN",
    "STANDAARD_MODUS",
    "EnquetePlan",
    "EnqueteStand",
    "close_survey_rounds",
    "ensure_enquete",
    "instrument_path",
    "open_survey_rounds",
    "plan_problem",
    "survey_plan",
    "survey_status",
    "waiting_surveys",
]

#: where the instruments shipped with makelaar live, one XLSForm file per form id
INSTRUMENTEN = Path(__file__).resolve().parents[1] / "forms" / "instrumenten"

#: a window longer than a quarter keeps a round open past any half-year it reports on
MAX_VENSTER_DAGEN = 92


@dataclass(frozen=True)
class EnquetePlan:
    """One instrument a cycle puts to one audience each round, with its window and reminders."""

    form_id: str
    publiek: Publiek
    venster_dagen: int = 21
    modus: EnqueteModus | None = None  # None: the audience's default (STANDAARD_MODUS)
    max_herinneringen: int = 2
    herinnering_na_uren: int = 168

    @property
    def gekozen_modus(self) -> EnqueteModus:
        return self.modus or STANDAARD_MODUS[self.publiek]

    def probleem(self, taal: str | None = None) -> str | None:
        """What is wrong with this plan entry, in `taal` (Dutch by default), or None when it is
        valid."""
        if not self.form_id or not self.form_id.replace("_", "").replace("-", "").isalnum():
            return in_taal(
                taal,
                f"form_id {self.form_id!r} is geen naam van een formulier (letters, cijfers, _)",
                f"form_id {self.form_id!r} is not the name of a form (letters, digits, _)",
            )
        if not 1 <= self.venster_dagen <= MAX_VENSTER_DAGEN:
            return in_taal(
                taal,
                f"{self.form_id}: venster_dagen {self.venster_dagen} ligt niet tussen 1 en "
                f"{MAX_VENSTER_DAGEN}",
                f"{self.form_id}: venster_dagen {self.venster_dagen} is not between 1 and "
                f"{MAX_VENSTER_DAGEN}",
            )
        if self.max_herinneringen < 0:
            return in_taal(
                taal,
                f"{self.form_id}: max_herinneringen {self.max_herinneringen} is negatief",
                f"{self.form_id}: max_herinneringen {self.max_herinneringen} is negative",
            )
        if self.herinnering_na_uren <= 0:
            return in_taal(
                taal,
                f"{self.form_id}: herinnering_na_uren {self.herinnering_na_uren} is niet positief",
                f"{self.form_id}: herinnering_na_uren {self.herinnering_na_uren} is not positive",
            )
        if self.publiek is Publiek.BEWONERS and self.gekozen_modus is not EnqueteModus.ANONIEM:
            return in_taal(
                taal,
                f"{self.form_id}: bewoners antwoorden altijd anoniem (RELIABILITY §2)",
                f"{self.form_id}: residents always answer anonymously (RELIABILITY §2)",
            )
        return None


def plan_problem(plan: object, taal: str | None = None) -> str | None:
    """Why a cycle's `enquetes` attribute is not a valid survey plan, in `taal` (Dutch by
    default), or None when it is."""
    if not isinstance(plan, tuple | list):
        return in_taal(
            taal,
            f"attribuut 'enquetes' is geen tuple van EnquetePlan ({type(plan).__name__})",
            f"attribute 'enquetes' is not a tuple of EnquetePlan ({type(plan).__name__})",
        )
    seen: set[tuple[Publiek, str]] = set()
    for entry in plan:
        if not isinstance(entry, EnquetePlan):
            return in_taal(
                taal,
                f"attribuut 'enquetes' bevat {entry!r}, verwacht EnquetePlan",
                f"attribute 'enquetes' holds {entry!r}, expected EnquetePlan",
            )
        problem = entry.probleem(taal)
        if problem:
            return in_taal(taal, f"enquêteplan: {problem}", f"survey plan: {problem}")
        if (entry.publiek, entry.form_id) in seen:
            return in_taal(
                taal,
                f"enquêteplan: {entry.form_id} staat twee keer voor {entry.publiek.value}",
                f"survey plan: {entry.form_id} is there twice for {entry.publiek.value}",
            )
        seen.add((entry.publiek, entry.form_id))
    return None


def survey_plan(cycle: object) -> tuple[EnquetePlan, ...]:
    """The cycle's survey plan; () for a cycle that declares none (the attribute is optional)."""
    plan = getattr(cycle, "enquetes", ())
    problem = plan_problem(plan)
    if problem:
        naam = getattr(cycle, "name", cycle)
        raise RoundError(
            f"Cyclus {naam!r}: {problem}.", en=f"Cycle {naam!r}: {plan_problem(plan, 'en')}."
        )
    return tuple(plan)


def instrument_path(form_id: str) -> Path:
    """The shipped XLSForm of an instrument: forms/instrumenten/<form_id>.md."""
    return INSTRUMENTEN / f"{form_id}.md"


def ensure_enquete(store: Store, form_id: str) -> int:
    """The id of the imported form for `form_id`: the shipped instrument (imported once per
    version), else the newest version a researcher imported; RoundError saying where it looked."""
    path = instrument_path(form_id)
    if path.is_file():
        return importeer_formulier(store, path).id
    with store.session() as session:
        imported = session.scalar(
            select(Enquete.id).where(Enquete.form_id == form_id).order_by(Enquete.id.desc())
        )
    if imported is None:
        raise RoundError(
            f"Het formulier {form_id!r} van het enquêteplan is niet gevonden: geen instrument "
            f"{path} en geen ingelezen formulier met die form_id. Zet het XLSForm-bestand daar "
            "of lees het formulier in.",
            en=f"The survey plan's form {form_id!r} was not found: no instrument {path} and no "
            "imported form with that form_id. Put the XLSForm file there or import the form.",
        )
    return imported


def open_survey_rounds(
    ctx: RoundContext, plan: Sequence[EnquetePlan], now: dt.datetime
) -> list[EnqueteVenster]:
    """Open one survey round per plan entry for the evaluation round, from `now` for the plan's
    window; one opened before keeps its window (key: round, audience, form)."""
    existing = {(r.publiek, r.enquete_id): r for r in lijst_enquetes(ctx.store, ctx.ronde.id, now)}
    opened = []
    for entry in plan:
        enquete_id = ensure_enquete(ctx.store, entry.form_id)
        info = existing.get((entry.publiek, enquete_id)) or open_enquete(
            ctx.store,
            ronde_id=ctx.ronde.id,
            formulier=enquete_id,
            publiek=entry.publiek,
            opent_op=now,
            sluit_op=now + dt.timedelta(days=entry.venster_dagen),
            modus=entry.gekozen_modus,
            max_herinneringen=entry.max_herinneringen,
            herinnering_na_uren=entry.herinnering_na_uren,
            now=now,
        )
        opened.append(
            EnqueteVenster(
                enquete_ronde_id=info.id,
                form_id=info.form_id,
                publiek=info.publiek,
                modus=info.modus,
                opent_op=info.opent_op,
                sluit_op=info.sluit_op,
            )
        )
    return opened


class EnqueteStand(Schema):
    """One survey round of an evaluation round: its window and the response so far."""

    enquete_ronde_id: int
    form_id: str
    titel: str
    publiek: Publiek
    modus: EnqueteModus
    opent_op: dt.datetime
    sluit_op: dt.datetime
    gesloten_op: dt.datetime | None
    uitgenodigd: int  # invitations not withdrawn
    bezig: int
    beantwoord: int

    @property
    def open(self) -> bool:
        """Still collecting answers: not closed (a passed sluit_op is closed by survey_status)."""
        return self.gesloten_op is None

    @property
    def respons_pct(self) -> float | None:
        return 100.0 * self.beantwoord / self.uitgenodigd if self.uitgenodigd else None

    @property
    def publiek_label(self) -> str:
        return PUBLIEK_LABELS[self.publiek]


def close_survey_rounds(store: Store, ids: Sequence[int], now: dt.datetime) -> int:
    """Close the given survey rounds at `now` (those not closed yet); returns how many it closed."""
    with store.session() as session:
        still_open = session.scalars(
            select(EnqueteRonde.id).where(
                EnqueteRonde.id.in_(list(ids)), EnqueteRonde.gesloten_op.is_(None)
            )
        ).all()
    for enquete_ronde_id in still_open:
        close_survey_round(store, enquete_ronde_id, now)
    return len(still_open)


def _close_expired(session: Session, ronde_id: int, now: dt.datetime) -> None:
    """A window whose closing time passed is closed; it is recorded as closed at that time."""
    expired = session.scalars(
        select(EnqueteRonde).where(
            EnqueteRonde.ronde_id == ronde_id,
            EnqueteRonde.gesloten_op.is_(None),
            EnqueteRonde.sluit_op <= now,
        )
    ).all()
    for row in expired:
        row.gesloten_op = row.sluit_op


def survey_status(store: Store, ronde_id: int, now: dt.datetime) -> list[EnqueteStand]:
    """Every survey round of the evaluation round with its response (from the invitations'
    statuses); windows whose closing time passed are marked closed on the way."""
    with store.session() as session:
        _close_expired(session, ronde_id, now)
        ids = session.scalars(
            select(EnqueteRonde.id).where(EnqueteRonde.ronde_id == ronde_id)
        ).all()
    ruim_op(store, ids, now)  # closed windows: addresses, drafts and marks go (forms.opruimen)
    with store.session() as session:
        counts: dict[tuple[int, UitnodigingStatus], int] = {
            (enquete_ronde_id, status): aantal
            for enquete_ronde_id, status, aantal in session.execute(
                select(Uitnodiging.enquete_ronde_id, Uitnodiging.status, func.count())
                .join(EnqueteRonde, EnqueteRonde.id == Uitnodiging.enquete_ronde_id)
                .where(EnqueteRonde.ronde_id == ronde_id)
                .group_by(Uitnodiging.enquete_ronde_id, Uitnodiging.status)
            ).tuples()
        }
        rows = session.execute(
            select(EnqueteRonde, Enquete.form_id, Enquete.titel)
            .join(Enquete, Enquete.id == EnqueteRonde.enquete_id)
            .where(EnqueteRonde.ronde_id == ronde_id)
            .order_by(EnqueteRonde.id)
        ).all()
        # an anonymous round's invitations never learn who answered (forms.respons_stand)
        anoniem_beantwoord, anoniem_bezig = anonieme_voortgang(
            session, [r.id for r, _, _ in rows if r.modus is EnqueteModus.ANONIEM]
        )
        result = []
        for ronde, form_id, titel in rows:

            def count(status: UitnodigingStatus, ronde_id: int = ronde.id) -> int:
                return counts.get((ronde_id, status), 0)

            if ronde.modus is EnqueteModus.ANONIEM:
                bezig = anoniem_bezig.get(ronde.id, 0)
                beantwoord = sum(anoniem_beantwoord.get(ronde.id, {}).values())
            else:
                bezig = count(UitnodigingStatus.BEZIG)
                beantwoord = count(UitnodigingStatus.BEANTWOORD)

            result.append(
                EnqueteStand(
                    enquete_ronde_id=ronde.id,
                    form_id=form_id,
                    titel=titel,
                    publiek=ronde.publiek,
                    modus=ronde.modus,
                    opent_op=ronde.opent_op,
                    sluit_op=ronde.sluit_op,
                    gesloten_op=ronde.gesloten_op,
                    uitgenodigd=sum(
                        count(s)
                        for s in UitnodigingStatus
                        if s is not UitnodigingStatus.INGETROKKEN
                    ),
                    bezig=bezig,
                    beantwoord=beantwoord,
                )
            )
        return result


def waiting_surveys(store: Store, ronde_id: int, now: dt.datetime) -> list[EnqueteStand]:
    """The survey rounds the evaluation round still waits for (open, closing time not passed)."""
    return [stand for stand in survey_status(store, ronde_id, now) if stand.open]
