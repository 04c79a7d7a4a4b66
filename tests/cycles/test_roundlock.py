"""Two runs of one round at once: the second waits and resumes, or gives up having changed nothing."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from makelaar.cycles.roundlock import RoundBusy, round_lock
from makelaar.cycles.rounds import RoundOutcome, round_states, run_phase, run_round, start_round
from makelaar.cycles.spec import RoundContext
from makelaar.models.domain import Fase, FaseStatus
from makelaar.models.schemas import (
    ApplyResult,
    ImproveResult,
    IndicatorValue,
    ObserveResult,
    ReflectResult,
)
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Base, FaseRun, Indicatorwaarde, Voorstel
from tests.conftest import process_holding
from tests.factories import ACTIES, two_proposals, unwritten_edition

WAIT_TIMEOUT_S = 30.0


class GatedCycle:
    """A small real cycle whose observe phase waits at a gate until the test opens it."""

    name = "poortcyclus"
    title = "Wacht bij waarnemen op de test"
    indicatoren = (ACTIES,)

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.in_observe = threading.Event()
        self.gate = threading.Event()

    def observe(self, ctx: RoundContext) -> ObserveResult:
        self.calls.append("observe")
        self.in_observe.set()
        assert self.gate.wait(WAIT_TIMEOUT_S), "the test never opened the gate"
        return ObserveResult(bronnen=[], aantallen={"acties": 3, "signalen": 1, "initiatieven": 2})

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        self.calls.append("reflect")
        value = IndicatorValue(
            indicator="acties", dimensie="gemeente", sleutel="GM9999", waarde=3.0, basis=3
        )
        return ReflectResult(indicatoren=[value], bevindingen=[])

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        self.calls.append("improve")
        return two_proposals("werkwijze")

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        self.calls.append("apply")
        return unwritten_edition(ctx)


@pytest.fixture
def ronde_ctx(store: Store, settings: Settings, gemeente: str) -> RoundContext:
    ronde = start_round(store, gemeente_code=gemeente, cyclus="poortcyclus", periode="2026-H1")
    return RoundContext(ronde=ronde, store=store, settings=settings)


@pytest.fixture
def second_store(store: Store) -> Iterator[Store]:
    """The same database through an engine of its own, as another process or worker has it."""
    other = Store(store.url)
    yield other
    other.dispose()


def count(store: Store, table: type[Base]) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_second_run_waits_for_the_first_and_resumes_what_it_stored(
    ronde_ctx: RoundContext, second_store: Store
) -> None:
    cycle = GatedCycle()
    outcomes: dict[str, RoundOutcome] = {}
    errors: list[BaseException] = []
    told: list[float] = []

    def run(name: str, ctx: RoundContext) -> None:
        try:
            outcomes[name] = run_round(
                ctx,
                cycle,
                leerbijeenkomst="demo",
                lock_wait_s=WAIT_TIMEOUT_S,
                on_lock_wait=told.append,
            )
        except BaseException as exc:  # reported by the test below, not lost in the thread
            errors.append(exc)

    first = threading.Thread(target=run, args=("first", ronde_ctx))
    first.start()
    assert cycle.in_observe.wait(WAIT_TIMEOUT_S)
    other_ctx = RoundContext(ronde=ronde_ctx.ronde, store=second_store, settings=ronde_ctx.settings)
    second = threading.Thread(target=run, args=("second", other_ctx))
    second.start()
    second.join(timeout=1.0)
    assert second.is_alive(), "the second run did not wait for the first"
    assert told == [WAIT_TIMEOUT_S]
    cycle.gate.set()
    first.join(WAIT_TIMEOUT_S)
    second.join(WAIT_TIMEOUT_S)

    assert errors == []
    assert [p.hervat for p in outcomes["first"].fasen] == [False] * 4
    assert [p.hervat for p in outcomes["second"].fasen] == [True] * 4
    assert cycle.calls == ["observe", "reflect", "improve", "apply"]
    states = round_states(ronde_ctx.store, ronde_ctx.ronde.id)
    assert [(s.status, s.pogingen) for s in states] == [(FaseStatus.COMPLETED, 1)] * 4
    assert count(ronde_ctx.store, FaseRun) == 4
    assert count(ronde_ctx.store, Indicatorwaarde) == 1
    assert count(ronde_ctx.store, Voorstel) == 2


def test_a_run_that_waits_too_long_stops_having_changed_nothing(
    ronde_ctx: RoundContext, second_store: Store
) -> None:
    cycle = GatedCycle()
    cycle.gate.set()
    run_round(ronde_ctx, cycle)  # stops before apply: the proposals wait for a decision
    before = round_states(ronde_ctx.store, ronde_ctx.ronde.id)
    assert [s.status for s in before] == [FaseStatus.COMPLETED] * 3 + [None]

    with round_lock(second_store, ronde_ctx.ronde), pytest.raises(RoundBusy) as busy:
        run_round(ronde_ctx, cycle, leerbijeenkomst="demo", lock_wait_s=0.3)
    assert str(busy.value) == (
        f"Een andere run van ronde {ronde_ctx.ronde.id} (GM9999, poortcyclus, 2026-H1) is nog "
        "bezig na 0.3 s wachten; deze run heeft niets veranderd. Voer de ronde opnieuw uit als "
        "die klaar is ('makelaar round status' toont hoe ver ze is)."
    )
    assert round_states(ronde_ctx.store, ronde_ctx.ronde.id) == before
    assert cycle.calls == ["observe", "reflect", "improve"]
    with ronde_ctx.store.session() as session:
        assert session.scalars(select(Voorstel.besluit)).all() == ["open", "open"]


def test_a_phase_another_run_completed_is_never_marked_failed(ronde_ctx: RoundContext) -> None:
    """The interleaving the lock prevents, forced: run B fails after run A completed the phase."""
    completing = GatedCycle()
    completing.gate.set()

    class FailingAfterTheOther(GatedCycle):
        def observe(self, ctx: RoundContext) -> ObserveResult:
            run_phase(ctx, completing, Fase.OBSERVE, None)  # run A, while B is in observe
            raise RuntimeError("dubbele rij (run B)")

    with pytest.raises(RuntimeError, match="run B"):
        run_phase(ronde_ctx, FailingAfterTheOther(), Fase.OBSERVE, None)
    observed = round_states(ronde_ctx.store, ronde_ctx.ronde.id)[0]
    # two attempts (B's and A's), one completion, which B's failure left alone
    assert (observed.status, observed.fout, observed.pogingen) == (FaseStatus.COMPLETED, None, 2)


HOLD_AND_WAIT = """
import sys
from makelaar.cycles.roundlock import round_lock
from makelaar.cycles.rounds import get_round
from makelaar.models.store import Store

store = Store(sys.argv[1])
with round_lock(store, get_round(store, int(sys.argv[2]))):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_a_killed_run_leaves_no_lock_behind(ronde_ctx: RoundContext, second_store: Store) -> None:
    with process_holding(HOLD_AND_WAIT, ronde_ctx.store.url, str(ronde_ctx.ronde.id)) as holder:
        with pytest.raises(RoundBusy), round_lock(second_store, ronde_ctx.ronde, wait_s=0.2):
            pytest.fail("the round is held by the other process")
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        # The kernel (SQLite) or the server (PostgreSQL) dropped the dead holder's lock.
        taken = False
        with round_lock(second_store, ronde_ctx.ronde, wait_s=5.0):
            taken = True
    assert taken
