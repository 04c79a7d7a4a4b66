"""The round runner: periods, starting twice, resuming at the first unfinished phase, decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from makelaar.cycles.leerbijeenkomst import (
    decide,
    decisions,
    history,
    open_proposals,
    record_proposals,
)
from makelaar.cycles.rounds import (
    PeriodNotBegun,
    period_bounds,
    refuse_unbegun,
    round_states,
    run_round,
    start_round,
    stored_indicators,
)
from makelaar.cycles.spec import RoundContext
from makelaar.models.domain import Besluit, Fase, FaseStatus
from makelaar.models.errors import RoundError
from makelaar.models.schemas import (
    ApplyResult,
    ImproveResult,
    IndicatorValue,
    ObserveResult,
    Proposal,
    ReflectResult,
)
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import (
    BesluitHistorie,
    Evaluatieronde,
    FaseRun,
    Indicatorwaarde,
    Voorstel,
)
from tests.factories import ACTIES, two_proposals, unwritten_edition


class CountingCycle:
    """A real (small) cycle that counts its calls and can fail once in a chosen phase."""

    name = "telcyclus"
    title = "Telt zijn aanroepen"
    indicatoren = (ACTIES,)

    def __init__(self, fail_in: str | None = None) -> None:
        self.calls: list[str] = []
        self.fail_in = fail_in

    def _maybe_fail(self, phase: str) -> None:
        self.calls.append(phase)
        if self.fail_in == phase:
            self.fail_in = None
            raise RuntimeError(f"injected failure in {phase}")

    def observe(self, ctx: RoundContext) -> ObserveResult:
        self._maybe_fail("observe")
        return ObserveResult(bronnen=[], aantallen={"acties": 3, "signalen": 1, "initiatieven": 2})

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        self._maybe_fail("reflect")
        value = IndicatorValue(
            indicator="acties",
            dimensie="gemeente",
            sleutel="GM9999",
            waarde=observed.aantallen["acties"],
            basis=3,
        )
        return ReflectResult(indicatoren=[value], bevindingen=[])

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        self._maybe_fail("improve")
        return two_proposals("wijk-sociale-acties")

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        self._maybe_fail("apply")
        return unwritten_edition(ctx)


def _ctx(store: Store, settings: Settings, gemeente: str) -> RoundContext:
    ronde = start_round(store, gemeente_code=gemeente, cyclus="telcyclus", periode="2026-H2")
    return RoundContext(ronde=ronde, store=store, settings=settings)


def _count(store: Store, table: type) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


@pytest.mark.parametrize(
    ("periode", "begin", "einde"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("2026-H2", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        ("2024-Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_period_bounds(periode: str, begin: dt.date, einde: dt.date) -> None:
    assert period_bounds(periode) == (begin, einde)


@pytest.mark.parametrize("periode", ["2026-H3", "26", "2026-13", "2026-Q5", "H2-2026", ""])
def test_a_bad_period_says_what_is_valid(periode: str) -> None:
    with pytest.raises(
        RoundError, match=r"gebruik een jaar \(2026\), halfjaar \(2026-H2\)|maand 13 bestaat niet"
    ):
        period_bounds(periode)


def test_starting_a_round_twice_gives_the_same_round(store: Store, gemeente: str) -> None:
    first = start_round(store, gemeente_code=gemeente, cyclus="telcyclus", periode="2026-H2")
    second = start_round(store, gemeente_code=gemeente, cyclus="telcyclus", periode="2026-H2")
    assert first == second
    assert first.gemeente_naam == "Proefdorp"
    assert (first.begin, first.einde) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))


def test_a_round_for_an_unknown_gemeente_says_how_to_get_it(store: Store) -> None:
    with pytest.raises(
        RoundError, match=r"GM0001 staat niet in de database.*makelaar wijken import"
    ):
        start_round(store, gemeente_code="GM0001", cyclus="telcyclus", periode="2026")


def test_a_failed_phase_is_resumed_and_every_row_is_written_once(
    store: Store, settings: Settings, gemeente: str
) -> None:
    ctx = _ctx(store, settings, gemeente)
    cycle = CountingCycle(fail_in="improve")
    with pytest.raises(RuntimeError, match="injected failure in improve"):
        run_round(ctx, cycle, leerbijeenkomst="demo")
    states = {s.fase: s for s in round_states(store, ctx.ronde.id)}
    assert states[Fase.OBSERVE].status is FaseStatus.COMPLETED
    assert states[Fase.REFLECT].status is FaseStatus.COMPLETED
    assert states[Fase.IMPROVE].status is FaseStatus.FAILED
    assert states[Fase.IMPROVE].fout == "RuntimeError: injected failure in improve"
    assert states[Fase.APPLY].status is None

    outcome = run_round(ctx, cycle, leerbijeenkomst="demo")
    assert [(p.fase, p.hervat) for p in outcome.fasen] == [
        (Fase.OBSERVE, True),
        (Fase.REFLECT, True),
        (Fase.IMPROVE, False),
        (Fase.APPLY, False),
    ]
    assert cycle.calls == ["observe", "reflect", "improve", "improve", "apply"]
    assert round_states(store, ctx.ronde.id)[2].pogingen == 2

    again = run_round(ctx, cycle, leerbijeenkomst="demo")
    assert all(p.hervat for p in again.fasen)
    assert cycle.calls == ["observe", "reflect", "improve", "improve", "apply"]
    assert _count(store, FaseRun) == 4
    assert _count(store, Indicatorwaarde) == 1
    assert _count(store, Voorstel) == 2
    assert stored_indicators(store, ctx.ronde.id)[0].waarde == 3


def test_manual_learning_session_holds_apply_until_every_proposal_is_decided(
    store: Store, settings: Settings, gemeente: str
) -> None:
    ctx = _ctx(store, settings, gemeente)
    cycle = CountingCycle()
    waiting = run_round(ctx, cycle)
    assert waiting.wacht_op_besluiten == ["voorstel-1", "voorstel-2"]
    assert [p.fase for p in waiting.fasen] == [Fase.OBSERVE, Fase.REFLECT, Fase.IMPROVE]

    decide(store, ctx.ronde.id, "voorstel-1", Besluit.AANGENOMEN, "past bij de ervaring in de wijk")
    assert run_round(ctx, cycle).wacht_op_besluiten == ["voorstel-2"]
    decide(store, ctx.ronde.id, "voorstel-2", Besluit.VERWORPEN, "eerst meer gegevens")
    done = run_round(ctx, cycle)
    assert done.wacht_op_besluiten == []
    assert done.fasen[-1].fase is Fase.APPLY and not done.fasen[-1].hervat
    assert cycle.calls.count("improve") == 1


def test_recording_proposals_again_keeps_decisions(
    store: Store, settings: Settings, gemeente: str
) -> None:
    ctx = _ctx(store, settings, gemeente)
    proposal = Proposal(code="p", sectie_id="s", titel="T", tekst="x", onderbouwing="y")
    record_proposals(store, ctx.ronde.id, [proposal])
    decide(store, ctx.ronde.id, "p", Besluit.AANGENOMEN, "reden")
    record_proposals(store, ctx.ronde.id, [proposal.model_copy(update={"tekst": "nieuw"})])
    [decision] = decisions(store, ctx.ronde.id)
    assert decision.besluit is Besluit.AANGENOMEN and decision.tekst == "nieuw"
    assert open_proposals(store, ctx.ronde.id) == []


@pytest.mark.parametrize(
    ("code", "besluit", "reden", "message"),
    [
        ("p", Besluit.AANGENOMEN, "  ", "geef de reden"),
        ("p", Besluit.OPEN, "x", "'open' is geen besluit"),
        ("q", Besluit.VERWORPEN, "x", "geen voorstel 'q'. Voorstellen: p"),
    ],
)
def test_a_decision_needs_a_known_proposal_a_verdict_and_a_reason(
    store: Store,
    settings: Settings,
    gemeente: str,
    code: str,
    besluit: Besluit,
    reden: str,
    message: str,
) -> None:
    ctx = _ctx(store, settings, gemeente)
    record_proposals(
        store,
        ctx.ronde.id,
        [Proposal(code="p", sectie_id="s", titel="T", tekst="x", onderbouwing="y")],
    )
    with pytest.raises(RoundError, match=message):
        decide(store, ctx.ronde.id, code, besluit, reden)
    assert open_proposals(store, ctx.ronde.id) == ["p"]


def test_every_decision_is_kept_in_order_and_a_repeat_writes_nothing(
    store: Store, settings: Settings, gemeente: str
) -> None:
    ctx = _ctx(store, settings, gemeente)
    proposals = [
        Proposal(code=code, sectie_id="s", titel="T", tekst="x", onderbouwing="y")
        for code in ("p", "q")
    ]
    record_proposals(store, ctx.ronde.id, proposals)
    morning = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    afternoon = morning + dt.timedelta(hours=5)

    first = decide(store, ctx.ronde.id, "p", Besluit.AANGENOMEN, "reden", nu=morning)
    repeat = decide(store, ctx.ronde.id, "p", Besluit.AANGENOMEN, " reden ", nu=afternoon)
    changed = decide(store, ctx.ronde.id, "p", Besluit.VERWORPEN, "te duur", nu=afternoon)

    assert (first.vorige, first.nieuw, first.nog_open) == (None, True, ["q"])
    assert not repeat.nieuw and repeat.vorige is not None
    assert repeat.vorige.besloten_op == morning
    assert changed.nieuw and changed.vorige == repeat.vorige
    assert changed.decision.besluit is Besluit.VERWORPEN
    assert [
        (e.volgnummer, e.besluit, e.reden, e.besloten_op) for e in history(store, ctx.ronde.id)["p"]
    ] == [
        (1, Besluit.AANGENOMEN, "reden", morning),
        (2, Besluit.VERWORPEN, "te duur", afternoon),
    ]
    assert history(store, ctx.ronde.id)["q"] == []
    assert _count(store, BesluitHistorie) == 2


def test_the_demo_decides_through_the_same_path(
    store: Store, settings: Settings, gemeente: str
) -> None:
    ctx = _ctx(store, settings, gemeente)
    run_round(ctx, CountingCycle(), leerbijeenkomst="demo")

    kept = history(store, ctx.ronde.id)
    assert sorted(kept) == ["voorstel-1", "voorstel-2"]
    assert all(len(entries) == 1 for entries in kept.values())
    assert {d.code: d.besluit for d in decisions(store, ctx.ronde.id)} == {
        code: entries[0].besluit for code, entries in kept.items()
    }


def test_a_new_round_for_a_period_that_has_not_begun_is_refused_unless_vooruit(
    store: Store, gemeente: str
) -> None:
    vandaag = dt.date(2026, 12, 4)
    with pytest.raises(PeriodNotBegun) as refused:
        start_round(
            store, gemeente_code=gemeente, cyclus="telcyclus", periode="2027-Q1", vandaag=vandaag
        )
    assert str(refused.value) == (
        "Periode 2027-Q1 is nog niet begonnen: ze begint op 01-01-2027 en vandaag is het "
        "04-12-2026. Kies een periode die al begonnen is, zoals 2026-H2, of start de ronde toch "
        "met --vooruit."
    )
    assert _count(store, Evaluatieronde) == 0

    ahead = start_round(
        store,
        gemeente_code=gemeente,
        cyclus="telcyclus",
        periode="2027-Q1",
        vooruit=True,
        vandaag=vandaag,
    )
    again = start_round(
        store, gemeente_code=gemeente, cyclus="telcyclus", periode="2027-Q1", vandaag=vandaag
    )
    assert again == ahead
    refuse_unbegun(
        store, gemeente_code=gemeente, cyclus="telcyclus", periode="2027-Q1", vandaag=vandaag
    )
    with pytest.raises(PeriodNotBegun, match="2027-H1 is nog niet begonnen"):
        refuse_unbegun(
            store, gemeente_code=gemeente, cyclus="telcyclus", periode="2027-H1", vandaag=vandaag
        )


@pytest.mark.parametrize(
    ("periode", "vandaag"),
    [
        ("2026", dt.date(2026, 1, 1)),  # begins today
        ("2026-H2", dt.date(2026, 12, 31)),  # the half-year that is closing (the deployment)
        ("2026-12", dt.date(2026, 12, 4)),
        ("2025", dt.date(2026, 12, 4)),
    ],
)
def test_a_period_that_has_begun_starts_without_the_flag(
    store: Store, gemeente: str, periode: str, vandaag: dt.date
) -> None:
    ronde = start_round(
        store, gemeente_code=gemeente, cyclus="telcyclus", periode=periode, vandaag=vandaag
    )
    assert ronde.periode == periode
