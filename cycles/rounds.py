"""Rounds and their phases: start a round, run each phase once, resume from what the store holds.

Over 500 lines because it is the runner: periods, starting a round, running and resuming each
phase, and the two waits (survey windows, the learning session's decisions) read as one sequence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.cycles.enquetes import (
    EnqueteStand,
    close_survey_rounds,
    open_survey_rounds,
    survey_plan,
    waiting_surveys,
)
from makelaar.cycles.leerbijeenkomst import (
    Besluitvorming,
    decide_as_demo,
    open_proposals,
    record_proposals,
)
from makelaar.cycles.roundlock import OnWait, round_lock
from makelaar.cycles.spec import Cycle, RoundContext
from makelaar.models.domain import Fase, FaseStatus
from makelaar.models.errors import MakelaarError, RoundError
from makelaar.models.privacy import load_key
from makelaar.models.schemas import (
    ApplyResult,
    ImproveResult,
    IndicatorValue,
    ObserveResult,
    PhaseOutcome,
    ReflectResult,
    RoundRef,
)
from makelaar.models.sleutelcontrole import controleer_sleutel
from makelaar.models.store import Store
from makelaar.models.taal import taal_van
from makelaar.models.tables import (
    Editie,
    Evaluatieronde,
    FaseRun,
    Gemeente,
    Indicatorwaarde,
    utcnow,
)
from makelaar.models.upsert import insert_missing, upsert

PHASES: tuple[Fase, ...] = (Fase.OBSERVE, Fase.REFLECT, Fase.IMPROVE, Fase.APPLY)
RESULT_TYPES: dict[Fase, type[BaseModel]] = {
    Fase.OBSERVE: ObserveResult,
    Fase.REFLECT: ReflectResult,
    Fase.IMPROVE: ImproveResult,
    Fase.APPLY: ApplyResult,
}
_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|(?P<month>\d{2})))?$"
)


def current_period(today: dt.date | None = None) -> str:
    """The half-year `today` falls in, written as a period: 2026-H1 or 2026-H2."""
    day = today or dt.date.today()
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def period_bounds(periode: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period written as 2026, 2026-H2, 2026-Q3 or 2026-09."""
    match = _PERIOD.match(periode)
    if not match:
        raise RoundError(
            f"Periode {periode!r} is ongeldig; gebruik een jaar (2026), halfjaar (2026-H2), "
            "kwartaal (2026-Q3) of maand (2026-09).",
            en=f"Period {periode!r} is not valid; use a year (2026), half year (2026-H2), "
            "quarter (2026-Q3) or month (2026-09).",
        )
    year = int(match["year"])
    if match["half"]:
        first_month, months = (1, 6) if match["half"] == "H1" else (7, 6)
    elif match["quarter"]:
        first_month, months = 3 * (int(match["quarter"][1]) - 1) + 1, 3
    elif match["month"]:
        first_month, months = int(match["month"]), 1
        if not 1 <= first_month <= 12:
            raise RoundError(
                f"Periode {periode!r}: maand {first_month} bestaat niet (01–12).",
                en=f"Period {periode!r}: there is no month {first_month} (01–12).",
            )
    else:
        first_month, months = 1, 12
    begin = dt.date(year, first_month, 1)
    next_month = first_month + months
    end_exclusive = (
        dt.date(year + 1, next_month - 12, 1) if next_month > 12 else dt.date(year, next_month, 1)
    )
    return begin, end_exclusive - dt.timedelta(days=1)


class PeriodNotBegun(RoundError):
    """A new round for a period that begins after today (start it anyway with `vooruit`)."""

    def __init__(self, periode: str, begin: dt.date, vandaag: dt.date) -> None:
        self.periode, self.begin, self.vandaag = periode, begin, vandaag
        #: the half-year that is running today, a period that has begun
        self.huidig = current_period(vandaag)
        super().__init__(
            f"Periode {periode} is nog niet begonnen: ze begint op {begin:%d-%m-%Y} en vandaag is "
            f"het {vandaag:%d-%m-%Y}. Kies een periode die al begonnen is, zoals {self.huidig}, "
            "of start de ronde toch met --vooruit.",
            en=f"Period {periode} has not begun yet: it begins on {begin:%d-%m-%Y} and today is "
            f"{vandaag:%d-%m-%Y}. Choose a period that has begun, such as {self.huidig}, or start "
            "the round anyway with --vooruit.",
        )


def today_in_nl() -> dt.date:
    """Today's date in the Netherlands (where a period begins at local midnight)."""
    return dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def check_period_begun(periode: str, vandaag: dt.date | None = None) -> None:
    """Raise PeriodNotBegun when `periode` begins after `vandaag` (default: today in NL)."""
    begin, _ = period_bounds(periode)
    today = vandaag or today_in_nl()
    if begin > today:
        raise PeriodNotBegun(periode, begin, today)


def _find(session: Session, gemeente_code: str, cyclus: str, periode: str) -> Evaluatieronde | None:
    return session.scalars(
        select(Evaluatieronde).where(
            Evaluatieronde.gemeente_code == gemeente_code,
            Evaluatieronde.cyclus == cyclus,
            Evaluatieronde.periode == periode,
        )
    ).one_or_none()


def refuse_unbegun(
    store: Store,
    *,
    gemeente_code: str,
    cyclus: str,
    periode: str,
    vandaag: dt.date | None = None,
) -> None:
    """Raise PeriodNotBegun for a round that does not exist yet and whose period has not begun.

    A round that exists (started earlier, perhaps with `vooruit`) may always go on.
    """
    period_bounds(periode)
    with store.session() as session:
        if _find(session, gemeente_code, cyclus, periode) is not None:
            return
    check_period_begun(periode, vandaag)


def _ref(session: Session, ronde: Evaluatieronde) -> RoundRef:
    gemeente = session.get(Gemeente, ronde.gemeente_code)
    begin, einde = period_bounds(ronde.periode)
    return RoundRef(
        id=ronde.id,
        gemeente_code=ronde.gemeente_code,
        gemeente_naam=gemeente.naam if gemeente else ronde.gemeente_code,
        cyclus=ronde.cyclus,
        periode=ronde.periode,
        begin=begin,
        einde=einde,
    )


def start_round(
    store: Store,
    *,
    gemeente_code: str,
    cyclus: str,
    periode: str,
    vooruit: bool = False,
    vandaag: dt.date | None = None,
) -> RoundRef:
    """The round for (gemeente, cyclus, periode), created if new; starting it twice is harmless.

    A new round for a period that has not begun (after `vandaag`, default today in NL) is refused
    with PeriodNotBegun unless `vooruit` is given; an existing round is always returned.
    """
    period_bounds(periode)
    with store.session() as session:
        if session.get(Gemeente, gemeente_code) is None:
            raise RoundError(
                f"Gemeente {gemeente_code} staat niet in de database. Importeer eerst de "
                "CBS-kerncijfers: makelaar wijken import BESTAND.",
                en=f"Municipality {gemeente_code} is not in the database. Import the CBS key "
                "figures first: makelaar wijken import FILE.",
            )
        if not vooruit and _find(session, gemeente_code, cyclus, periode) is None:
            check_period_begun(periode, vandaag)
        insert_missing(
            session,
            Evaluatieronde.__table__,  # type: ignore[arg-type]  # a declarative table is a Table
            [
                {
                    "gemeente_code": gemeente_code,
                    "cyclus": cyclus,
                    "periode": periode,
                    "aangemaakt_op": utcnow(),
                }
            ],
            key=("gemeente_code", "cyclus", "periode"),
        )
        ronde = _find(session, gemeente_code, cyclus, periode)
        assert ronde is not None, "inserted above"
        return _ref(session, ronde)


def get_round(store: Store, ronde_id: int) -> RoundRef:
    with store.session() as session:
        ronde = session.get(Evaluatieronde, ronde_id)
        if ronde is None:
            raise RoundError(
                f"Ronde {ronde_id} bestaat niet. 'makelaar round status' toont de rondes.",
                en=f"There is no round {ronde_id}. 'makelaar round status' lists the rounds.",
            )
        return _ref(session, ronde)


def previous_round(store: Store, ronde: RoundRef) -> RoundRef | None:
    """The latest earlier round of the same gemeente and cycle whose apply phase completed, and
    whose period ended before this round's began: the round whose figures this one's are
    compared with. Editions do not follow it: an edition builds on the gemeente's latest edition
    by number, whatever the periods (cycles.editieketen)."""
    with store.session() as session:
        candidates = session.scalars(
            select(Evaluatieronde)
            .join(FaseRun)
            .where(
                Evaluatieronde.gemeente_code == ronde.gemeente_code,
                Evaluatieronde.cyclus == ronde.cyclus,
                Evaluatieronde.id != ronde.id,
                FaseRun.fase == Fase.APPLY,
                FaseRun.status == FaseStatus.COMPLETED,
            )
            .order_by(Evaluatieronde.id.desc())
        ).all()
        for candidate in candidates:
            if period_bounds(candidate.periode)[1] < ronde.begin:
                return _ref(session, candidate)
        return None


def edition_damaged(store: Store, ronde: RoundRef) -> bool:
    """Whether the round recorded an edition whose PDF in place is not the one it records (no
    sha256 yet: its files were never put in place; or the file is missing or differs)."""
    with store.session() as session:
        row = session.scalars(select(Editie).where(Editie.ronde_id == ronde.id)).one_or_none()
        if row is None:
            return False
        recorded, pdf, html = row.pdf_sha256, Path(row.pdf_pad), Path(row.html_pad)
    if not recorded or not html.is_file():
        return True
    digest = hashlib.sha256()
    try:
        with pdf.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return True
    return digest.hexdigest() != recorded


def result_type(cycle: object, fase: Fase) -> type[BaseModel]:
    """The result type a cycle's phase returns: its method's return annotation when that is a
    subclass of the phase's result (a cycle's own fields), else the phase's result."""
    base = RESULT_TYPES[fase]
    method = getattr(cycle, fase.value, None)
    try:
        annotated = typing.get_type_hints(method).get("return") if method else None
    except Exception:  # an annotation that does not resolve: the base type reads the result
        return base
    if isinstance(annotated, type) and issubclass(annotated, base):
        return annotated
    return base


def stored_result(
    store: Store, ronde_id: int, fase: Fase, kind: type[BaseModel] | None = None
) -> BaseModel | None:
    """The completed phase's result as `kind` (default: the phase's result type; a cycle's own
    fields are then kept as extras), or None if it has not completed."""
    with store.session() as session:
        row = session.scalars(
            select(FaseRun).where(FaseRun.ronde_id == ronde_id, FaseRun.fase == fase)
        ).one_or_none()
        if row is None or row.status != FaseStatus.COMPLETED or row.resultaat is None:
            return None
        return (kind or RESULT_TYPES[fase]).model_validate(row.resultaat)


def _mark(store: Store, ronde_id: int, fase: Fase, **values: Any) -> None:
    with store.session() as session:
        row = session.scalars(
            select(FaseRun).where(FaseRun.ronde_id == ronde_id, FaseRun.fase == fase)
        ).one_or_none()
        if row is None:
            session.add(FaseRun(ronde_id=ronde_id, fase=fase, **values))
            return
        if row.status == FaseStatus.COMPLETED and values.get("status") != FaseStatus.COMPLETED:
            return  # what a run completed is never undone: not marked running or failed again
        for name, value in values.items():
            setattr(row, name, value)
        if values.get("status") == FaseStatus.RUNNING:
            row.pogingen += 1


def run_phase(
    ctx: RoundContext, cycle: Cycle, fase: Fase, previous: BaseModel | None
) -> tuple[BaseModel, bool]:
    """Run one phase unless it already completed; returns (result, resumed_from_store).

    A completed apply phase runs again when the round's recorded edition is not made or its PDF
    in place lost its recorded sha256 (damaged, truncated, removed): the edition is rendered
    again, with its number.
    """
    existing = stored_result(ctx.store, ctx.ronde.id, fase, result_type(cycle, fase))
    if existing is not None and not (fase is Fase.APPLY and edition_damaged(ctx.store, ctx.ronde)):
        return existing, True
    _mark(
        ctx.store,
        ctx.ronde.id,
        fase,
        status=FaseStatus.RUNNING,
        gestart_op=utcnow(),
        afgerond_op=None,
        fout=None,
    )
    try:
        if fase is Fase.OBSERVE:
            result: BaseModel = cycle.observe(ctx)
            plan = survey_plan(cycle)
            if plan and isinstance(result, ObserveResult):
                opened = open_survey_rounds(ctx, plan, ctx.nu())
                result = result.model_copy(update={"enquetes": opened})
        else:
            method: Callable[[RoundContext, Any], BaseModel] = getattr(cycle, fase.value)
            result = method(ctx, previous)
    except Exception as exc:
        said = exc.tekst(ctx.settings.locale) if isinstance(exc, MakelaarError) else exc
        _mark(
            ctx.store,
            ctx.ronde.id,
            fase,
            status=FaseStatus.FAILED,
            fout=f"{type(exc).__name__}: {said}",
        )
        raise
    expected = RESULT_TYPES[fase]
    if not isinstance(result, expected):
        raise RoundError(
            f"Cyclus {cycle.name!r}: {fase.value}() gaf {type(result).__name__}, "
            f"verwacht {expected.__name__}.",
            en=f"Cycle {cycle.name!r}: {fase.value}() returned {type(result).__name__}, "
            f"expected {expected.__name__}.",
        )
    if isinstance(result, ReflectResult):
        _check_declared(cycle, result.indicatoren)
        store_indicators(ctx.store, ctx.ronde.id, result.indicatoren)
    _mark(
        ctx.store,
        ctx.ronde.id,
        fase,
        status=FaseStatus.COMPLETED,
        afgerond_op=utcnow(),
        resultaat=result.model_dump(mode="json"),
    )
    return result, False


def _check_declared(cycle: Cycle, values: list[IndicatorValue]) -> None:
    """Refuse values of an indicator the cycle did not declare, or in a breakdown it lacks."""
    declared = {indicator.id: indicator for indicator in cycle.indicatoren}
    for value in values:
        indicator = declared.get(value.indicator)
        if indicator is None:
            raise RoundError(
                f"Cyclus {cycle.name!r}: reflect() gaf indicator {value.indicator!r}, maar de "
                f"cyclus declareert die niet (indicatoren: {', '.join(sorted(declared)) or 'geen'}).",
                en=f"Cycle {cycle.name!r}: reflect() returned indicator {value.indicator!r}, but "
                "the cycle does not declare it (indicators: "
                f"{', '.join(sorted(declared)) or 'none'}).",
            )
        if value.dimensie not in indicator.uitsplitsingen:
            raise RoundError(
                f"Cyclus {cycle.name!r}: indicator {value.indicator!r} heeft een waarde per "
                f"{value.dimensie!r}, maar is gedeclareerd per "
                f"{', '.join(indicator.uitsplitsingen)}.",
                en=f"Cycle {cycle.name!r}: indicator {value.indicator!r} has a value per "
                f"{value.dimensie!r}, but is declared per {', '.join(indicator.uitsplitsingen)}.",
            )


class RoundOutcome(BaseModel):
    """What a run of a round did: per phase ran or resumed, and what it waits for, if anything."""

    ronde: RoundRef
    fasen: list[PhaseOutcome]
    wacht_op_besluiten: list[str]
    #: the survey rounds still open: the round stops before `reflect` until they closed
    wacht_op_enquetes: list[EnqueteStand] = Field(default_factory=list)


def hold_learning_session(
    ctx: RoundContext, improved: ImproveResult, mode: Besluitvorming
) -> list[str]:
    """Store the proposals, let the demo decide if asked; return codes still awaiting a decision."""
    record_proposals(ctx.store, ctx.ronde.id, improved.voorstellen)
    if mode == "demo":
        decide_as_demo(ctx.store, ctx.ronde.id, taal_van(ctx.settings.locale))
    return open_proposals(ctx.store, ctx.ronde.id)


#: answers the round's open survey rounds at once; the demo command hands one in
#: (cycles.demo.enquetes.answer_as_demo, run as a Prefect task by flows/round.py)
SurveyFiller = Callable[[RoundContext, list[EnqueteStand]], object]


def hold_survey_windows(ctx: RoundContext, filler: SurveyFiller | None) -> list[EnqueteStand]:
    """The round's survey rounds still open; with a filler they are answered and closed at once."""
    waiting = waiting_surveys(ctx.store, ctx.ronde.id, ctx.nu())
    if waiting and filler is not None:
        filler(ctx, waiting)
        close_survey_rounds(ctx.store, [stand.enquete_ronde_id for stand in waiting], ctx.nu())
        waiting = waiting_surveys(ctx.store, ctx.ronde.id, ctx.nu())
    return waiting


PhaseRunner = Callable[[RoundContext, Cycle, Fase, BaseModel | None], tuple[BaseModel, bool]]


def run_round(
    ctx: RoundContext,
    cycle: Cycle,
    *,
    leerbijeenkomst: Besluitvorming = "handmatig",
    phase_runner: PhaseRunner = run_phase,
    survey_filler: SurveyFiller | None = None,
    lock_wait_s: float | None = None,
    on_lock_wait: OnWait | None = None,
) -> RoundOutcome:
    """All phases as plain function calls (no orchestrator), resuming where the store says.

    The round stops before `reflect` while survey rounds its observe phase opened are open
    (`wacht_op_enquetes`), and before `apply` while proposals wait for the learning session's
    decision (`wacht_op_besluiten`); running it again once the windows closed, or after
    `makelaar round besluit`, continues there. Nothing waits in a process. An orchestrator
    passes its own `phase_runner` (flows/round.py runs each phase as a Prefect task); the demo
    passes a `survey_filler` that answers and closes the survey windows at once.

    One run of a round runs at a time (cycles.roundlock): a second one waits for the first
    (`on_lock_wait` is told once), then resumes from what it stored, or after `lock_wait_s`
    (default cycles.roundlock.ROUND_LOCK_WAIT_S) raises RoundBusy having changed nothing.
    """
    # one pseudonym key per database, checked before anything is written (models.sleutelcontrole)
    controleer_sleutel(ctx.store, load_key(ctx.settings)[0], ctx.settings.locale)
    with round_lock(ctx.store, ctx.ronde, wait_s=lock_wait_s, on_wait=on_lock_wait):
        return _run_phases(ctx, cycle, leerbijeenkomst, phase_runner, survey_filler)


def _run_phases(
    ctx: RoundContext,
    cycle: Cycle,
    leerbijeenkomst: Besluitvorming,
    phase_runner: PhaseRunner,
    survey_filler: SurveyFiller | None,
) -> RoundOutcome:
    outcomes: list[PhaseOutcome] = []
    previous: BaseModel | None = None
    for fase in PHASES:
        if fase is Fase.REFLECT:
            open_surveys = hold_survey_windows(ctx, survey_filler)
            if open_surveys:
                return RoundOutcome(
                    ronde=ctx.ronde,
                    fasen=outcomes,
                    wacht_op_besluiten=[],
                    wacht_op_enquetes=open_surveys,
                )
        if fase is Fase.APPLY:
            assert isinstance(previous, ImproveResult)
            waiting = hold_learning_session(ctx, previous, leerbijeenkomst)
            if waiting:
                return RoundOutcome(ronde=ctx.ronde, fasen=outcomes, wacht_op_besluiten=waiting)
        started = time.perf_counter()
        previous, resumed = phase_runner(ctx, cycle, fase, previous)
        outcomes.append(
            PhaseOutcome(fase=fase, hervat=resumed, duur_s=time.perf_counter() - started)
        )
    return RoundOutcome(ronde=ctx.ronde, fasen=outcomes, wacht_op_besluiten=[])


#: the fields of an indicator value, stored one column each in Indicatorwaarde
FIELDS = frozenset(IndicatorValue.model_fields)


def store_indicators(store: Store, ronde_id: int, values: list[IndicatorValue]) -> None:
    """Upsert the round's indicator values on (round, indicator, dimensie, sleutel)."""
    with store.session() as session:
        upsert(
            session,
            Indicatorwaarde.__table__,  # type: ignore[arg-type]  # a declarative table is a Table
            [{"ronde_id": ronde_id, **v.model_dump()} for v in values],
            key=("ronde_id", "indicator", "dimensie", "sleutel"),
            update=tuple(sorted(FIELDS - {"indicator", "dimensie", "sleutel"})),
        )


def stored_indicators(store: Store, ronde_id: int) -> list[IndicatorValue]:
    """The indicator values a round stored, as published (suppressed values have no waarde)."""
    with store.session() as session:
        rows = session.scalars(
            select(Indicatorwaarde)
            .where(Indicatorwaarde.ronde_id == ronde_id)
            .order_by(Indicatorwaarde.id)
        )
        return [
            IndicatorValue.model_validate({name: getattr(r, name) for name in FIELDS}) for r in rows
        ]


class PhaseState(BaseModel):
    fase: Fase
    status: FaseStatus | None
    pogingen: int
    gestart_op: dt.datetime | None
    afgerond_op: dt.datetime | None
    fout: str | None


def round_states(store: Store, ronde_id: int) -> list[PhaseState]:
    """Each phase's state in order; status None for a phase that has not started."""
    with store.session() as session:
        rows = {
            row.fase: row
            for row in session.scalars(select(FaseRun).where(FaseRun.ronde_id == ronde_id))
        }
        return [
            PhaseState(
                fase=fase,
                status=rows[fase].status if fase in rows else None,
                pogingen=rows[fase].pogingen if fase in rows else 0,
                gestart_op=rows[fase].gestart_op if fase in rows else None,
                afgerond_op=rows[fase].afgerond_op if fase in rows else None,
                fout=rows[fase].fout if fase in rows else None,
            )
            for fase in PHASES
        ]


def list_rounds(store: Store) -> list[RoundRef]:
    with store.session() as session:
        return [
            _ref(session, ronde)
            for ronde in session.scalars(select(Evaluatieronde).order_by(Evaluatieronde.id))
        ]
