"""The survey wait: observe opens the cycle's survey rounds, the round stops before reflect while any
window is open, and continues once they closed; response figures come from the invitations."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from makelaar.cycles.enquetes import (
    EnquetePlan,
    close_survey_rounds,
    plan_problem,
    survey_plan,
    survey_status,
)
from makelaar.cycles.registry import verify_cycle
from makelaar.cycles.rounds import round_states, run_round, start_round, stored_result
from makelaar.cycles.spec import RoundContext
from makelaar.forms.definitie import Formulier
from makelaar.models.domain import (
    EnqueteModus,
    Fase,
    FaseStatus,
    Kanaal,
    Publiek,
    UitnodigingStatus,
)
from makelaar.models.errors import CycleLoadError, RoundError
from makelaar.models.schemas import (
    ApplyResult,
    ImproveResult,
    ObserveResult,
    ReflectResult,
)
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Enquete, EnqueteRonde, Uitnodiging
from tests.factories import unwritten_edition

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
PLAN = (
    EnquetePlan("testreflectie", Publiek.MAKELAARS, venster_dagen=14),
    EnquetePlan("testbuurt", Publiek.BEWONERS, venster_dagen=28, max_herinneringen=1),
)


class SurveyCycle:
    """A small cycle with a survey plan; it records which phases ran."""

    name = "enquetecyclus"
    title = "Cyclus met een enquêteplan"
    indicatoren = ()

    def __init__(self, plan: tuple[EnquetePlan, ...] = PLAN) -> None:
        self.enquetes = plan
        self.calls: list[str] = []

    def observe(self, ctx: RoundContext) -> ObserveResult:
        self.calls.append("observe")
        return ObserveResult(bronnen=[], aantallen={"acties": 0, "signalen": 0, "initiatieven": 0})

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        self.calls.append("reflect")
        return ReflectResult(indicatoren=[], bevindingen=[])

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        self.calls.append("improve")
        return ImproveResult(voorstellen=[])

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        self.calls.append("apply")
        return unwritten_edition(ctx)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def add_form(store: Store, form_id: str) -> int:
    """An imported form (as a researcher's import leaves it), for a form id makelaar does not ship."""
    formulier = Formulier(
        form_id=form_id,
        versie="2026-1",
        titel={"nl": f"Formulier {form_id}"},
        talen=["nl"],
        standaardtaal="nl",
        children=[],
    )
    with store.session() as session:
        enquete = Enquete(
            form_id=form_id,
            versie=formulier.versie,
            titel=formulier.titel["nl"],
            bron="test",
            sha256="0" * 64,
            definitie=formulier.model_dump(mode="json"),
        )
        session.add(enquete)
        session.flush()
        return enquete.id


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def ctx(store: Store, settings: Settings, clock: Clock, gemeente: str) -> RoundContext:
    for form_id in ("testreflectie", "testbuurt"):
        add_form(store, form_id)
    ronde = start_round(store, gemeente_code=gemeente, cyclus="enquetecyclus", periode="2026-H2")
    return RoundContext(ronde=ronde, store=store, settings=settings, nu=clock)


def survey_rows(store: Store) -> list[EnqueteRonde]:
    with store.session() as session:
        rows = list(session.scalars(select(EnqueteRonde).order_by(EnqueteRonde.id)))
        session.expunge_all()
        return rows


def test_the_round_waits_for_open_windows_and_continues_when_they_closed(
    store: Store, ctx: RoundContext, clock: Clock
) -> None:
    cycle = SurveyCycle()

    waiting = run_round(ctx, cycle, leerbijeenkomst="demo")

    assert [p.fase for p in waiting.fasen] == [Fase.OBSERVE]
    assert cycle.calls == ["observe"]
    assert [(s.publiek, s.form_id, s.sluit_op) for s in waiting.wacht_op_enquetes] == [
        (Publiek.MAKELAARS, "testreflectie", T0 + dt.timedelta(days=14)),
        (Publiek.BEWONERS, "testbuurt", T0 + dt.timedelta(days=28)),
    ]
    assert [s.modus for s in waiting.wacht_op_enquetes] == [
        EnqueteModus.IDENTIFICEERBAAR,
        EnqueteModus.ANONIEM,
    ]
    observed = stored_result(store, ctx.ronde.id, Fase.OBSERVE)
    assert isinstance(observed, ObserveResult)
    assert [(v.form_id, v.opent_op, v.sluit_op) for v in observed.enquetes] == [
        ("testreflectie", T0, T0 + dt.timedelta(days=14)),
        ("testbuurt", T0, T0 + dt.timedelta(days=28)),
    ]
    states = {s.fase: s.status for s in round_states(store, ctx.ronde.id)}
    assert states == {
        Fase.OBSERVE: FaseStatus.COMPLETED,
        Fase.REFLECT: None,
        Fase.IMPROVE: None,
        Fase.APPLY: None,
    }
    assert survey_rows(store)[1].max_herinneringen == 1

    clock.now = T0 + dt.timedelta(days=20)
    still = run_round(ctx, cycle, leerbijeenkomst="demo")

    assert [s.form_id for s in still.wacht_op_enquetes] == ["testbuurt"]
    assert [(p.fase, p.hervat) for p in still.fasen] == [(Fase.OBSERVE, True)]
    reflectie, buurt = survey_rows(store)
    assert reflectie.gesloten_op == reflectie.sluit_op  # closed when its time passed
    assert buurt.gesloten_op is None

    clock.now = T0 + dt.timedelta(days=28)
    done = run_round(ctx, cycle, leerbijeenkomst="demo")

    assert done.wacht_op_enquetes == []
    assert [(p.fase, p.hervat) for p in done.fasen] == [
        (Fase.OBSERVE, True),
        (Fase.REFLECT, False),
        (Fase.IMPROVE, False),
        (Fase.APPLY, False),
    ]
    assert cycle.calls == ["observe", "reflect", "improve", "apply"]
    rows = survey_rows(store)
    assert len(rows) == 2
    assert [r.sluit_op for r in rows] == [T0 + dt.timedelta(days=14), T0 + dt.timedelta(days=28)]


def test_windows_closed_early_let_the_round_continue_at_once(
    store: Store, ctx: RoundContext
) -> None:
    cycle = SurveyCycle()
    waiting = run_round(ctx, cycle, leerbijeenkomst="demo")
    ids = [s.enquete_ronde_id for s in waiting.wacht_op_enquetes]

    assert close_survey_rounds(store, ids, T0 + dt.timedelta(days=1)) == 2
    assert close_survey_rounds(store, ids, T0 + dt.timedelta(days=2)) == 0

    done = run_round(ctx, cycle, leerbijeenkomst="demo")
    assert [p.fase for p in done.fasen] == list(Fase)
    assert {r.gesloten_op for r in survey_rows(store)} == {T0 + dt.timedelta(days=1)}


def test_response_so_far_counts_invitations_by_status(store: Store, ctx: RoundContext) -> None:
    waiting = run_round(ctx, SurveyCycle())
    reflectie_id = waiting.wacht_op_enquetes[0].enquete_ronde_id
    statuses = [
        UitnodigingStatus.BEANTWOORD,
        UitnodigingStatus.BEANTWOORD,
        UitnodigingStatus.BEANTWOORD,
        UitnodigingStatus.BEZIG,
        UitnodigingStatus.OPEN,
        UitnodigingStatus.INGETROKKEN,
    ]
    with store.session() as session:
        session.add_all(
            Uitnodiging(
                enquete_ronde_id=reflectie_id,
                contact=f"contact-{number}",
                kanaal=Kanaal.EMAIL,
                status=status,
            )
            for number, status in enumerate(statuses)
        )

    reflectie, buurt = survey_status(store, ctx.ronde.id, T0)

    assert (reflectie.uitgenodigd, reflectie.bezig, reflectie.beantwoord) == (5, 1, 3)
    assert reflectie.respons_pct == pytest.approx(60.0)
    assert reflectie.publiek_label == "Sociaal makelaars"
    assert (buurt.uitgenodigd, buurt.beantwoord, buurt.respons_pct) == (0, 0, None)
    assert reflectie.titel == "Formulier testreflectie"


def test_opening_twice_keeps_the_first_window(
    store: Store, ctx: RoundContext, clock: Clock
) -> None:
    from makelaar.cycles.enquetes import open_survey_rounds

    first = open_survey_rounds(ctx, PLAN, T0)
    clock.now = T0 + dt.timedelta(days=3)
    second = open_survey_rounds(ctx, PLAN, clock.now)

    assert first == second
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(EnqueteRonde)) == 2


def test_a_form_that_is_neither_shipped_nor_imported_fails_observe_with_where_it_looked(
    store: Store, ctx: RoundContext
) -> None:
    cycle = SurveyCycle((EnquetePlan("bestaatniet", Publiek.PARTNERS),))

    with pytest.raises(RoundError, match=r"'bestaatniet'.*forms/instrumenten/bestaatniet\.md"):
        run_round(ctx, cycle)

    observe = round_states(store, ctx.ronde.id)[0]
    assert observe.status is FaseStatus.FAILED
    assert observe.fout is not None and "bestaatniet" in observe.fout
    assert survey_rows(store) == []


@pytest.mark.parametrize(
    ("plan", "problem"),
    [
        (
            (EnquetePlan("buurt", Publiek.BEWONERS, modus=EnqueteModus.IDENTIFICEERBAAR),),
            "bewoners antwoorden altijd anoniem",
        ),
        ((EnquetePlan("buurt", Publiek.BEWONERS, venster_dagen=0),), "venster_dagen 0 ligt niet"),
        ((EnquetePlan("buurt", Publiek.BEWONERS, venster_dagen=400),), "tussen 1 en 92"),
        ((EnquetePlan("../x", Publiek.PARTNERS),), "form_id '../x' is geen naam"),
        ((EnquetePlan("p", Publiek.PARTNERS, herinnering_na_uren=0),), "herinnering_na_uren 0"),
        ((EnquetePlan("p", Publiek.PARTNERS), EnquetePlan("p", Publiek.PARTNERS)), "twee keer"),
        (("reflectieformulier",), "verwacht EnquetePlan"),
        ("reflectieformulier", "geen tuple van EnquetePlan (str)"),
    ],
)
def test_a_bad_survey_plan_is_refused_when_the_cycle_loads(plan: object, problem: str) -> None:
    cycle = SurveyCycle()
    cycle.enquetes = plan  # type: ignore[assignment]  # deliberately not a valid plan

    assert problem in (plan_problem(plan) or "")
    with pytest.raises(CycleLoadError, match="enquetecyclus") as error:
        verify_cycle("enquetecyclus", "tests:SurveyCycle", cycle)
    assert problem in error.value.problem
    with pytest.raises(RoundError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        survey_plan(cycle)


def test_a_cycle_without_a_survey_plan_loads_and_never_waits() -> None:
    class PlainCycle(SurveyCycle):
        def __init__(self) -> None:
            self.calls = []

    plain = PlainCycle()
    assert not hasattr(plain, "enquetes")
    assert verify_cycle("enquetecyclus", "tests:PlainCycle", plain) is plain
    assert survey_plan(plain) == ()
    assert verify_cycle("enquetecyclus", "tests:SurveyCycle", SurveyCycle()).name == "enquetecyclus"


def test_observe_results_stored_before_survey_plans_still_load() -> None:
    stored = {
        "bronnen": [],
        "acties": 4,
        "signalen": 1,
        "initiatieven": 0,
        "kerncijfers_jaar": 2024,
    }  # as rounds before survey plans stored it: no 'enquetes'
    assert ObserveResult.model_validate(stored).enquetes == []
