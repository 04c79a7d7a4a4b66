"""The evaluation round as a Prefect flow: one task per phase over cycles.rounds, and its artifacts."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any, Literal

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun, State
from prefect.deployments import run_deployment
from prefect.runtime import deployment, flow_run
from prefect.states import Completed
from pydantic import BaseModel

from makelaar.cycles.demo.enquetes import answer_as_demo
from makelaar.cycles.enquetes import EnqueteStand, survey_status
from makelaar.cycles.leerbijeenkomst import Besluitvorming, decisions
from makelaar.cycles.registry import load_cycles
from makelaar.cycles.roundlock import OnWait, RoundBusy, wait_duration
from makelaar.cycles.rounds import (
    PHASES,
    RoundOutcome,
    run_phase,
    run_round,
    start_round,
    stored_result,
)
from makelaar.cycles.rounds import (
    current_period as current_period,
)  # re-exported: flows.round's name
from makelaar.cycles.spec import DEMO_ENQUETES_ATTRIBUTE, Cycle, RoundContext
from makelaar.flows.leerbijeenkomst_formulier import hold_form
from makelaar.flows.messages import say
from makelaar.flows.server import flow_run_api
from makelaar.forms.rondes import lokaal
from makelaar.models.domain import FASE_LABELS, PUBLIEK_LABELS, Besluit, Fase
from makelaar.models.errors import MakelaarError
from makelaar.models.markdown import markdown_literal
from makelaar.models.schemas import (
    ApplyResult,
    ObserveResult,
    ReflectResult,
    RoundRef,
)
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.taal import Taal

terminal_logger = logging.getLogger("makelaar.flows")

SUPPRESSED = "onderdrukt"
#: the state a flow run ends in while its survey windows are open
WAITING_STATE_NAME = "Wacht op enquêtes"
#: how a run handles its survey windows: 'wachten' waits until they close; 'demo' hands the
#: demo's filler to the runner, which answers and closes them at once
EnqueteAfhandeling = Literal["wachten", "demo"]
#: the continuation starts this long after the last window closed (clock differences, late posts)
CONTINUATION_DELAY = dt.timedelta(minutes=5)


def find_cycle(name: str) -> Cycle:
    """The registered cycle called `name` (the one seam tests replace with a cycle of their own)."""
    return load_cycles().get(name)


def artifact_key(kind: str, ronde: RoundRef) -> str:
    """A Prefect artifact key (lowercase letters, digits, dashes) naming the round."""
    raw = f"{kind}-{ronde.gemeente_code}-{ronde.cyclus}-{ronde.periode}".lower()
    return re.sub(r"[^a-z0-9]+", "-", raw).strip("-")


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
) -> RoundOutcome | State[RoundOutcome]:
    """Run one evaluation round, resuming at its first unfinished phase.

    Settings come from the MAKELAAR_* environment, as in a deployment. The round stops before
    `reflecteren` while its survey windows are open, and before `toepassen` while proposals wait
    for the learning session's decisions.

    While surveys are open the run ends at once in a Completed state named 'Wacht op enquêtes'
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
    """
    logger = get_run_logger()
    settings = get_settings()
    store = Store.from_settings(settings)
    try:
        store.require_current()
        cycle = find_cycle(cyclus)
        ronde = start_round(
            store,
            gemeente_code=gemeente,
            cyclus=cyclus,
            periode=periode or current_period(),
            vooruit=vooruit,
        )
        bestanden = {"cbs": Path(cbs_bestand).expanduser().resolve()} if cbs_bestand else {}
        ctx = RoundContext(ronde=ronde, store=store, settings=settings, bestanden=bestanden)
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
            outcome = run_round(ctx, cycle, phase_runner=run_phase_as_task)
        vervolg = schedule_continuation(outcome) if outcome.wacht_op_enquetes else None
        summary = round_summary(store, outcome, vervolg=vervolg)
        create_markdown_artifact(
            summary,
            key=artifact_key("ronde", ronde),
            description=f"Evaluatieronde {ronde.gemeente_naam}, {ronde.cyclus}, {ronde.periode}",
        )
        reflected = stored_result(store, ronde.id, Fase.REFLECT)
        if isinstance(reflected, ReflectResult):  # one table per round, replaced when it resumes
            create_table_artifact(
                indicator_rows(store, ronde, settings.locale),
                key=artifact_key("indicatoren", ronde),
                description=f"Indicatoren van ronde {ronde.id} ({ronde.periode}): waarde, "
                "95%-interval, basis, vorige ronde en verandering",
            )
        if outcome.wacht_op_enquetes:
            message = survey_waiting_message(outcome, vervolg)
            logger.info(message)
            return Completed(data=outcome, name=WAITING_STATE_NAME, message=message)
        if outcome.wacht_op_besluiten:
            logger.info(waiting_message(outcome))
        else:
            logger.info("Ronde %s afgerond: %s", ronde.id, _phase_line(outcome))
        return outcome
    finally:
        store.dispose()


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


def continuation_time(outcome: RoundOutcome) -> dt.datetime:
    """When the waiting round can go on: shortly after its last open window closes."""
    return max(stand.sluit_op for stand in outcome.wacht_op_enquetes) + CONTINUATION_DELAY


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


def survey_waiting_message(outcome: RoundOutcome, vervolg: FlowRun | None = None) -> str:
    """What a round waiting for its surveys tells the researcher (one Dutch paragraph)."""
    ronde = outcome.ronde
    open_ = "; ".join(
        f"{PUBLIEK_LABELS[s.publiek].lower()} ({s.form_id}, enquêteronde {s.enquete_ronde_id}) "
        f"tot {lokaal(s.sluit_op)}, "
        f"{_response(s)}"
        for s in outcome.wacht_op_enquetes
    )
    latest = max(s.sluit_op for s in outcome.wacht_op_enquetes)
    if vervolg is not None:
        then = (
            f"Prefect zet de ronde daarna zelf voort (run {vervolg.name}, gepland op "
            f"{lokaal(continuation_time(outcome))})."
        )
    else:
        then = (
            f"Voer de ronde na {lokaal(latest)} opnieuw uit met 'makelaar round run --cycle "
            f"{ronde.cyclus} --period {ronde.periode} --gemeente {ronde.gemeente_code}'; ze gaat "
            "dan verder met reflecteren. Sluit je een enquête eerder ('makelaar enquete sluit "
            "NUMMER'), dan kan dat ook eerder."
        )
    return (
        f"Ronde {ronde.id} ({ronde.gemeente_code}, {ronde.cyclus}, {ronde.periode}) wacht op de "
        f"enquêtes die nog open staan: {open_}. {then}"
    )


def _response(stand: EnqueteStand) -> str:
    if not stand.uitgenodigd:
        return "nog niemand uitgenodigd"
    return f"{stand.beantwoord} van {stand.uitgenodigd} beantwoord ({stand.respons_pct:.0f}%)"


def waiting_message(outcome: RoundOutcome) -> str:
    """What a waiting round tells the researcher to do next (one Dutch paragraph)."""
    ronde = outcome.ronde
    return (
        f"Ronde {ronde.id} ({ronde.gemeente_code}, {ronde.cyclus}, {ronde.periode}) wacht op de "
        f"besluiten van de leerbijeenkomst over {', '.join(outcome.wacht_op_besluiten)}. "
        f"Leg elk besluit vast met 'makelaar round besluit {ronde.id} CODE aangenomen|verworpen "
        '--reden "..."\' en voer de ronde daarna opnieuw uit; ze gaat dan verder met toepassen.'
    )


def indicator_rows(store: Store, ronde: RoundRef, taal: Taal) -> list[dict[str, Any]]:
    """The round's indicators as table rows: value, 95% interval, basis, the previous round's value
    and the change with its reading; a suppressed figure shows as 'onderdrukt' with its reason,
    never its number, interval or basis."""
    from makelaar.cycles.indicatorweergave import reden, ronde_indicatoren

    rows: list[dict[str, Any]] = []
    for regel in ronde_indicatoren(store, ronde.id, taal).regels:
        value, vorige = regel.waarde, regel.vorige
        verborgen = value.onderdrukt
        rows.append(
            {
                "indicator": value.indicator,
                "naam": regel.naam,
                "dimensie": value.dimensie,
                "sleutel": value.sleutel,
                "waarde": SUPPRESSED if verborgen else value.waarde,
                "ondergrens": None if verborgen else value.ondergrens,
                "bovengrens": None if verborgen else value.bovengrens,
                "basis": SUPPRESSED if verborgen else value.basis,
                "vorige": None
                if vorige is None
                else SUPPRESSED
                if vorige.onderdrukt
                else vorige.waarde,
                "verandering": regel.verandering(),
                "lezing": regel.lezing(taal),
                "onderdrukt": "ja" if verborgen else "nee",
                "reden": reden(value, taal) if verborgen else "",
            }
        )
    return rows


def round_summary(
    store: Store,
    outcome: RoundOutcome,
    *,
    now: dt.datetime | None = None,
    vervolg: FlowRun | None = None,
) -> str:
    """The round in Markdown: phases, sources, surveys and their response, indicators, proposals
    and decisions, edition, and what the round waits for."""
    ronde = outcome.ronde
    reason = "wacht op enquêtes" if outcome.wacht_op_enquetes else "wacht op besluiten"
    lines = [
        f"# Evaluatieronde {_cell(ronde.gemeente_naam)} ({ronde.gemeente_code})",
        "",
        f"Cyclus **{ronde.cyclus}**, periode **{ronde.periode}** "
        f"({ronde.begin:%d-%m-%Y} t/m {ronde.einde:%d-%m-%Y}), ronde {ronde.id}.",
        "",
        "## Fasen",
        "",
        "| fase | verloop | duur (s) |",
        "|---|---|---:|",
    ]
    done = {phase.fase: phase for phase in outcome.fasen}
    for fase in PHASES:
        if fase in done:
            state = "hervat uit de opslag" if done[fase].hervat else "uitgevoerd"
            lines.append(f"| {FASE_LABELS[fase]} | {state} | {done[fase].duur_s:.2f} |")
        else:
            lines.append(f"| {FASE_LABELS[fase]} | niet uitgevoerd: {reason} | – |")
    observed = stored_result(store, ronde.id, Fase.OBSERVE)
    if isinstance(observed, ObserveResult):
        lines += ["", "## Gelezen bronnen", "", "| bron | gelezen | nieuw | bijgewerkt |"]
        lines.append("|---|---:|---:|---:|")
        for source in observed.bronnen:
            lines.append(
                f"| {_cell(source.bron)} | {source.gelezen} | {source.nieuw} | {source.bijgewerkt} |"
            )
    lines += _survey_lines(survey_status(store, ronde.id, now or dt.datetime.now(dt.UTC)))
    lines += ["", "## Uitkomsten", ""]
    reflected = stored_result(store, ronde.id, Fase.REFLECT)
    if isinstance(reflected, ReflectResult):
        suppressed = sum(value.onderdrukt for value in reflected.indicatoren)
        lines += [
            f"- Indicatoren: {len(reflected.indicatoren)} ({suppressed} onderdrukt)",
            f"- Bevindingen: {len(reflected.bevindingen)}",
        ]
    taken = decisions(store, ronde.id)
    counts = {besluit: sum(d.besluit is besluit for d in taken) for besluit in Besluit}
    lines.append(
        f"- Voorstellen: {len(taken)} — {counts[Besluit.AANGENOMEN]} aangenomen, "
        f"{counts[Besluit.VERWORPEN]} verworpen, {counts[Besluit.OPEN]} open"
    )
    applied = stored_result(store, ronde.id, Fase.APPLY)
    if isinstance(applied, ApplyResult):
        lines += [
            "",
            f"## Editie {applied.editie}",
            "",
            f"- PDF: `{applied.pdf}`",
            f"- HTML: `{applied.html}`",
        ]
    if outcome.wacht_op_enquetes:
        lines += ["", f"> **{WAITING_STATE_NAME}.** {survey_waiting_message(outcome, vervolg)}"]
    if outcome.wacht_op_besluiten:
        lines += ["", f"> **Wacht op de leerbijeenkomst.** {waiting_message(outcome)}"]
    return "\n".join(lines) + "\n"


def _survey_lines(standen: list[EnqueteStand]) -> list[str]:
    """The survey rounds with their window and response per audience (invited, answered)."""
    if not standen:
        return []
    lines = [
        "",
        "## Enquêtes",
        "",
        "| publiek | formulier | venster | stand | uitgenodigd | bezig | beantwoord | respons |",
        "|---|---|---|---|---:|---:|---:|---:|",
    ]
    for s in standen:
        stand = f"gesloten op {lokaal(s.gesloten_op)}" if s.gesloten_op else "open"
        pct = "–" if s.respons_pct is None else f"{s.respons_pct:.0f}%"
        lines.append(
            f"| {PUBLIEK_LABELS[s.publiek]} | {_cell(s.titel)} ({s.form_id}) | "
            f"{lokaal(s.opent_op)} – {lokaal(s.sluit_op)} | {stand} | {s.uitgenodigd} | "
            f"{s.bezig} | {s.beantwoord} | {pct} |"
        )
    return lines


def _phase_line(outcome: RoundOutcome) -> str:
    return ", ".join(
        f"{FASE_LABELS[p.fase]} {'hervat' if p.hervat else f'{p.duur_s:.1f} s'}"
        for p in outcome.fasen
    )


def _cell(text: str) -> str:
    """Text from data (a source's or a form's name) as literal Markdown, also inside a table."""
    return markdown_literal(text)
