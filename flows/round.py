"""The evaluation round as a Prefect flow: one task per phase over cycles.rounds, and its artifacts."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any, Literal

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun, State
from prefect.deployments import run_deployment
from prefect.runtime import deployment, flow_run
from prefect.states import Completed
from pydantic import BaseModel

from makelaar.cycles.demo.enquetes import answer_as_demo
from makelaar.cycles.enquetes import EnqueteStand
from makelaar.cycles.invoerbestanden import checked_input_files
from makelaar.cycles.leerbijeenkomst import Besluitvorming
from makelaar.cycles.registry import load_cycles
from makelaar.cycles.roundlock import OnWait, RoundBusy, wait_duration
from makelaar.cycles.rounds import (
    RoundOutcome,
    run_phase,
    run_round,
    start_round,
)
from makelaar.cycles.rounds import (
    current_period as current_period,
)  # re-exported: flows.round's name
from makelaar.cycles.spec import DEMO_ENQUETES_ATTRIBUTE, Cycle, RoundContext

# CONTINUATION_DELAY, WAITING_STATE_NAME, artifact_key, indicator_rows and round_summary:
# re-exported, the names flows.round had before flows.artefacten held them
from makelaar.flows.artefacten import CONTINUATION_DELAY as CONTINUATION_DELAY
from makelaar.flows.artefacten import WAITING_STATE_NAME as WAITING_STATE_NAME
from makelaar.flows.artefacten import artifact_key as artifact_key
from makelaar.flows.artefacten import (
    continuation_time,
    publish_round_artifacts,
    survey_waiting_message,
    waiting_message,
    waiting_state_name,
)
from makelaar.flows.artefacten import indicator_rows as indicator_rows
from makelaar.flows.artefacten import round_summary as round_summary
from makelaar.flows.concurrency import round_slots
from makelaar.flows.leerbijeenkomst_formulier import hold_form
from makelaar.flows.messages import say, seconden
from makelaar.flows.server import flow_run_api
from makelaar.models.domain import FASE_LABELS, Fase, fase_label
from makelaar.models.errors import MakelaarError
from makelaar.models.gemeente_instellingen import instellingen_voor
from makelaar.models.schemas import RoundRef
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.taal import Taal

terminal_logger = logging.getLogger("makelaar.flows")

#: how a run handles its survey windows: 'wachten' waits until they close; 'demo' hands the
#: demo's filler to the runner, which answers and closes them at once
EnqueteAfhandeling = Literal["wachten", "demo"]


def find_cycle(name: str) -> Cycle:
    """The registered cycle called `name` (the one seam tests replace with a cycle of their own)."""
    return load_cycles().get(name)


@task(name=FASE_LABELS[Fase.OBSERVE], cache_policy=NO_CACHE, persist_result=False, retries=0)
def observe(ctx: RoundContext, cycle: Cycle, previous: BaseModel | None) -> tuple[BaseModel, bool]:
    """Waarnemen: import what is new, unless the store says this phase completed."""
    return run_phase(ctx, cycle, Fase.OBSERVE, previous)


@task(name=FASE_LABELS[Fase.REFLECT], cache_policy=NO_CACHE, persist_result=False, retries=0)
def reflect(ctx: RoundContext, cycle: Cycle, previous: BaseModel | None) -> tuple[BaseModel, bool]:
    """Reflecteren: indicators and findings, unless the store says this phase completed."""
    return run_phase(ctx, cycle, Fase.REFLECT, previous)


@task(name=FASE_LABELS[Fase.IMPROVE], cache_policy=NO_CACHE, persist_result=False, retries=0)
def improve(ctx: RoundContext, cycle: Cycle, previous: BaseModel | None) -> tuple[BaseModel, bool]:
    """Verbeteren: proposals for the handreiking, unless the store says this phase completed."""
    return run_phase(ctx, cycle, Fase.IMPROVE, previous)


@task(name=FASE_LABELS[Fase.APPLY], cache_policy=NO_CACHE, persist_result=False, retries=0)
def apply(ctx: RoundContext, cycle: Cycle, previous: BaseModel | None) -> tuple[BaseModel, bool]:
    """Toepassen: render the next edition, unless the store says this phase completed."""
    return run_phase(ctx, cycle, Fase.APPLY, previous)


@task(name="enquêtes invullen (demo)", cache_policy=NO_CACHE, persist_result=False, retries=0)
def fill_surveys_as_demo(ctx: RoundContext, standen: list[EnqueteStand]) -> object:
    """Demo only: invite the demo's people and store their generated answers (written once): the
    cycle's own `beantwoord_als_demo` where it has one, else the buurtmeter demo's."""
    eigen = getattr(find_cycle(ctx.ronde.cyclus), DEMO_ENQUETES_ATTRIBUTE, None)
    return eigen(ctx, standen) if eigen is not None else answer_as_demo(ctx, standen)


PHASE_TASKS = {
    Fase.OBSERVE: observe,
    Fase.REFLECT: reflect,
    Fase.IMPROVE: improve,
    Fase.APPLY: apply,
}


def run_phase_as_task(
    ctx: RoundContext, cycle: Cycle, fase: Fase, previous: BaseModel | None
) -> tuple[BaseModel, bool]:
    """cycles.rounds.run_phase, run as the phase's Prefect task (a PhaseRunner)."""
    return PHASE_TASKS[fase](ctx, cycle, previous)


def _flow_run_name() -> str:
    parameters: dict[str, Any] = flow_run.parameters
    periode = parameters.get("periode") or current_period()
    return f"{parameters.get('gemeente')}-{parameters.get('cyclus')}-{periode}"


@flow(name="evaluatieronde", flow_run_name=_flow_run_name)
def evaluation_round(
    gemeente: str = "GM0344",
    cyclus: str = "buurtmeter",
    periode: str | None = None,
    cbs_bestand: str | None = None,
    leerbijeenkomst: Besluitvorming = "handmatig",
    enquetes: EnqueteAfhandeling = "wachten",
    vooruit: bool = False,
    bestanden: dict[str, str] | None = None,
) -> RoundOutcome | State[RoundOutcome]:
    """Run one evaluation round, resuming at its first unfinished phase.

    Settings come from the MAKELAAR_* environment, as in a deployment, with the gemeente's own
    values over them (`makelaar gemeente instellen`, models.gemeente_instellingen). The round
    stops before `reflecteren` while its survey windows are open, and before `toepassen` while
    proposals wait for the learning session's decisions.

    While surveys are open the run ends at once in a Completed state named 'Wacht op enquêtes'
    ('Waiting for surveys' in English)
    and, when it runs from a deployment, schedules its own continuation: a run of the same
    deployment with the same parameters (the period made explicit) when the last window has
    closed, created once per round and closing time (an idempotency key). Nothing holds a
    process or a worker slot for the weeks a window is open. Prefect's `suspend_flow_run` would
    also avoid that, but a suspended run fails when its timeout passes and needs someone or
    something to resume it; a scheduled run needs neither and shows in the UI as the next step.
    Run from the CLI (no deployment), the run says when to run the round again.

    Args:
        gemeente: CBS code of the municipality, e.g. GM0344 (Utrecht).
        cyclus: the registered cycle to run, e.g. buurtmeter.
        periode: 2026, 2026-H2, 2026-Q3 or 2026-09; empty means the current half-year.
        cbs_bestand: a CBS Kerncijfers wijken en buurten file for the observe phase.
        leerbijeenkomst: 'handmatig' waits for recorded decisions; 'demo' decides at once;
            'formulier' pauses the run with a form in Prefect's UI for the decisions.
        enquetes: 'wachten' waits for the survey windows; 'demo' answers and closes them at once.
        vooruit: allow a new round for a period that has not begun (refused otherwise).
        bestanden: input files for the observe phase by kind, e.g. {"casussen": "/pad/c.xlsx"};
            each kind must be one the cycle declares (`invoerbestanden`), each path a file.
    """
    logger = get_run_logger()
    settings = get_settings()
    store = Store.from_settings(settings)
    try:
        store.require_current()
        cycle = find_cycle(cyclus)
        gegeven = checked_input_files(cycle, bestanden or {}, settings.locale, optie="bestanden")
        ronde = start_round(
            store,
            gemeente_code=gemeente,
            cyclus=cyclus,
            periode=periode or current_period(),
            vooruit=vooruit,
        )
        # from here on the gemeente's own settings over the global ones: its language, its
        # minimum cell size, ... (models.gemeente_instellingen), in every phase and artifact
        settings = instellingen_voor(store, settings, ronde.gemeente_code)
        # the CBS file is checked by the phase that reads it (a missing one fails observe)
        cbs = {"cbs": Path(cbs_bestand).expanduser().resolve()} if cbs_bestand else {}
        ctx = RoundContext(
            ronde=ronde, store=store, settings=settings, bestanden={**cbs, **gegeven}
        )
        # a slot of makelaar-rondes and of the gemeente's limit while the phases run (not while
        # a form waits for people): flows.concurrency
        with round_slots(ronde, settings.max_rondes, settings.locale, on_wait=_announce):
            outcome = run_round(
                ctx,
                cycle,
                leerbijeenkomst="handmatig" if leerbijeenkomst == "formulier" else leerbijeenkomst,
                phase_runner=run_phase_as_task,
                survey_filler=fill_surveys_as_demo if enquetes == "demo" else None,
                on_lock_wait=announce_round_wait(ronde, settings.locale),
            )
        # the learning session decides in Prefect's UI; once answered the round goes on to apply
        if leerbijeenkomst == "formulier" and hold_form(store, outcome, settings.locale, logger):
            with round_slots(ronde, settings.max_rondes, settings.locale, on_wait=_announce):
                outcome = run_round(ctx, cycle, phase_runner=run_phase_as_task)
        vervolg = schedule_continuation(outcome) if outcome.wacht_op_enquetes else None
        publish_round_artifacts(store, settings, cycle, outcome, vervolg=vervolg)
        if outcome.wacht_op_enquetes:
            message = survey_waiting_message(outcome, vervolg, settings.locale)
            logger.info(message)
            naam = waiting_state_name(settings.locale)
            return Completed(data=outcome, name=naam, message=message)
        if outcome.wacht_op_besluiten:
            logger.info(waiting_message(outcome, settings.locale))
        else:
            logger.info(
                say(
                    "round_done",
                    settings.locale,
                    ronde=ronde.id,
                    fasen=phase_line(outcome, settings.locale),
                )
            )
        return outcome
    finally:
        store.dispose()


def _announce(message: str) -> None:
    """Say in the run's log and on a CLI run's terminal what the run waits for."""
    get_run_logger().warning(message)
    terminal_logger.warning(message)


def announce_round_wait(ronde: RoundRef, taal: Taal) -> OnWait:
    """What a run says when another run of its round is busy: in the run's log and, for a run
    from the CLI, on the terminal (Prefect's own records stay off it)."""

    def announce(wait_s: float) -> None:
        message = say("round_busy_wait", taal, ronde=ronde.id, duur=wait_duration(wait_s))
        get_run_logger().warning(message)
        terminal_logger.warning(message)

    return announce


def run_evaluation_round(
    settings: Settings,
    *,
    gemeente: str = "GM0344",
    cyclus: str = "buurtmeter",
    periode: str | None = None,
    cbs_bestand: str | None = None,
    leerbijeenkomst: Besluitvorming = "handmatig",
    enquetes: EnqueteAfhandeling = "wachten",
    vooruit: bool = False,
    bestanden: dict[str, str] | None = None,
) -> RoundOutcome:
    """Run the flow against the configured Prefect API, or a local server started for the run.

    `settings` decides where the local server keeps its state; the flow itself reads the store's
    settings from the environment, as it does when a worker runs a deployment. A run that gave
    up waiting for another run of the round says so in the user's language.
    """
    with flow_run_api(settings):
        try:
            result = evaluation_round(
                gemeente=gemeente,
                cyclus=cyclus,
                periode=periode,
                cbs_bestand=cbs_bestand,
                leerbijeenkomst=leerbijeenkomst,
                enquetes=enquetes,
                vooruit=vooruit,
                bestanden=bestanden,
            )
        except RoundBusy as busy:
            ronde = busy.ronde
            raise MakelaarError(
                say(
                    "round_busy",
                    settings.locale,
                    ronde=ronde.id,
                    gemeente=ronde.gemeente_code,
                    cyclus=ronde.cyclus,
                    periode=ronde.periode,
                    duur=wait_duration(busy.waited_s),
                )
            ) from busy
    outcome = result.result() if isinstance(result, State) else result
    assert isinstance(outcome, RoundOutcome)
    return outcome


def continuation_key(outcome: RoundOutcome) -> str:
    """One continuation per round and closing time: a second waiting run creates no second one."""
    latest = max(stand.sluit_op for stand in outcome.wacht_op_enquetes)
    return f"evaluatieronde-vervolg-{outcome.ronde.id}-{latest.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def schedule_continuation(
    outcome: RoundOutcome,
    *,
    deployment_id: str | None = None,
    parameters: dict[str, Any] | None = None,
) -> FlowRun | None:
    """Schedule the waiting round's next run on the deployment it runs from; None without one.

    Defaults come from the running flow (prefect.runtime); the period is written out, so a
    continuation that starts in the next half-year still continues this round.
    """
    target = deployment_id or deployment.id
    if not target:
        return None
    given: dict[str, Any] = dict(parameters if parameters is not None else flow_run.parameters)
    scheduled = run_deployment(
        name=target,
        parameters={**given, "periode": outcome.ronde.periode},
        scheduled_time=continuation_time(outcome),
        timeout=0,
        idempotency_key=continuation_key(outcome),
        as_subflow=False,
        tags=["vervolg"],
    )
    assert isinstance(scheduled, FlowRun), "called from synchronous code"
    return scheduled


def phase_line(outcome: RoundOutcome, taal: Taal) -> str:
    """'waarnemen 0,4 s, reflecteren hervat, ...': each phase and what it took, in `taal`."""
    return ", ".join(
        say("round_done_resumed", taal, fase=fase_label(p.fase, taal))
        if p.hervat
        else say(
            "round_done_phase",
            taal,
            fase=fase_label(p.fase, taal),
            duur=seconden(p.duur_s, taal),
        )
        for p in outcome.fasen
    )
