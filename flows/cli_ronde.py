"""`makelaar round start|run|status` and `makelaar demo`: a round started, run through Prefect
(and what it waits for), its state shown; the demo runs one round on generated data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from makelaar.flows.besluitweergave import postponed_count
from makelaar.flows.cli_app import (
    app,
    cbs_line,
    checked_period,
    current_settings,
    current_taal,
    migrated_store,
    out,
    round_app,
    run_command,
    shown,
    step,
    tijd,
    unchecked_store,
)
from makelaar.flows.messages import say
from makelaar.models.domain import FASE_LABELS, Besluit
from makelaar.models.errors import MakelaarError
from makelaar.models.store import Store
from makelaar.models.taal import Taal

if TYPE_CHECKING:
    from makelaar.cycles.enquetes import EnqueteStand
    from makelaar.cycles.rounds import PeriodNotBegun, RoundOutcome

VOORUIT_HELP = "Sta een nieuwe ronde toe voor een periode die nog niet begonnen is."


@round_app.command("start")
def round_start(
    cyclus: Annotated[
        str, typer.Option("--cycle", "--cyclus", help="Naam van de cyclus, bv. buurtmeter.")
    ],
    periode: Annotated[
        str,
        typer.Option(
            "--period",
            "--periode",
            help="2026, 2026-H2, 2026-Q3 of 2026-09.",
            callback=checked_period,
        ),
    ],
    gemeente: Annotated[str, typer.Option(help="CBS-code van de gemeente.")] = "GM0344",
    vooruit: Annotated[bool, typer.Option("--vooruit", help=VOORUIT_HELP)] = False,
) -> None:
    """Leg een nieuwe evaluatieronde vast (nog zonder fasen uit te voeren)."""
    from makelaar.cycles.registry import load_cycles
    from makelaar.cycles.rounds import PeriodNotBegun, start_round

    store = migrated_store()
    load_cycles().get(cyclus)
    try:
        ronde = start_round(
            store, gemeente_code=gemeente, cyclus=cyclus, periode=periode, vooruit=vooruit
        )
    except PeriodNotBegun as error:
        raise MakelaarError(not_begun(error, current_taal())) from error
    out(
        say(
            "round_started",
            current_taal(),
            ronde=ronde.id,
            cyclus=cyclus,
            gemeente=ronde.gemeente_naam,
            periode=periode,
        )
    )


@round_app.command("run")
def round_run(
    cyclus: Annotated[
        str, typer.Option("--cycle", "--cyclus", help="Naam van de cyclus.")
    ] = "buurtmeter",
    periode: Annotated[
        str | None,
        typer.Option(
            "--period",
            "--periode",
            help="Standaard het huidige halfjaar.",
            callback=checked_period,
        ),
    ] = None,
    gemeente: Annotated[str, typer.Option(help="CBS-code van de gemeente.")] = "GM0344",
    cbs: Annotated[
        Path | None, typer.Option(help="CBS-kerncijferbestand om eerst te importeren.")
    ] = None,
    leerbijeenkomst: Annotated[
        Literal["handmatig", "demo", "formulier"],
        typer.Option(
            help="'handmatig': wacht op besluiten; 'demo': neem ze zelf; 'formulier': pauzeer "
            "de run met een formulier in Prefect."
        ),
    ] = "handmatig",
    enquetes: Annotated[
        Literal["wachten", "demo"],
        typer.Option(help="'wachten': wacht tot de enquêtes sluiten; 'demo': vul ze zelf in."),
    ] = "wachten",
    vooruit: Annotated[bool, typer.Option("--vooruit", help=VOORUIT_HELP)] = False,
) -> None:
    """Voer een ronde uit via Prefect; hervat bij de eerste onafgemaakte fase."""
    _run_round(
        cyclus=cyclus,
        periode=periode,
        gemeente=gemeente,
        cbs=cbs,
        leerbijeenkomst=leerbijeenkomst,
        enquetes=enquetes,
        vooruit=vooruit,
    )


def not_begun(error: PeriodNotBegun, taal: Taal, *, demo: bool = False) -> str:
    """Why a round for a period that has not begun was refused, and what to do instead."""
    return say(
        "period_not_begun_demo" if demo else "period_not_begun",
        taal,
        periode=error.periode,
        begin=f"{error.begin:%d-%m-%Y}",
        vandaag=f"{error.vandaag:%d-%m-%Y}",
        huidig=error.huidig,
        jaar=error.vandaag.year,
    )


def _refuse_unbegun(*, gemeente: str, cyclus: str, periode: str) -> None:
    """Refuse, before Prefect starts, a new round for a period that has not begun."""
    from makelaar.cycles.rounds import PeriodNotBegun, refuse_unbegun

    store = migrated_store()
    try:
        refuse_unbegun(store, gemeente_code=gemeente, cyclus=cyclus, periode=periode)
    except PeriodNotBegun as error:
        raise MakelaarError(not_begun(error, current_taal())) from error
    finally:
        store.dispose()


def _run_round(
    *,
    cyclus: str,
    periode: str | None,
    gemeente: str,
    cbs: Path | None,
    leerbijeenkomst: Literal["handmatig", "demo", "formulier"],
    enquetes: Literal["wachten", "demo"] = "wachten",
    vooruit: bool = False,
) -> None:
    from makelaar.flows.round import current_period, run_evaluation_round

    settings = current_settings()
    taal = settings.locale
    if leerbijeenkomst == "formulier":  # answered in Prefect's UI: a server with one is needed
        from makelaar.flows.leerbijeenkomst_formulier import refuse_without_ui

        refuse_without_ui(taal)
    periode = periode or current_period()
    if not vooruit:
        _refuse_unbegun(gemeente=gemeente, cyclus=cyclus, periode=periode)
    with step(say("step_round", taal, periode=periode)) as einde:
        outcome = run_evaluation_round(
            settings,
            gemeente=gemeente,
            cyclus=cyclus,
            periode=periode,
            cbs_bestand=str(cbs) if cbs else None,
            leerbijeenkomst=leerbijeenkomst,
            enquetes=enquetes,
            vooruit=vooruit,
        )
        einde.tekst = waits_for(outcome, taal)
    for phase in outcome.fasen:
        out(
            say(
                "phase_line",
                taal,
                fase=FASE_LABELS[phase.fase],
                hoe=say("phase_resumed" if phase.hervat else "phase_ran", taal),
                duur=f"{phase.duur_s:.1f}",
            )
        )
    if outcome.wacht_op_enquetes:
        out(survey_waiting(outcome))
        return
    _print_survey_response(outcome.ronde.id)
    if outcome.wacht_op_besluiten:
        out(
            say(
                "waiting",
                taal,
                ronde=outcome.ronde.id,
                aantal=len(outcome.wacht_op_besluiten),
                codes=", ".join(outcome.wacht_op_besluiten),
            )
        )
        return
    _print_edition(outcome.ronde.id)


def waits_for(outcome: RoundOutcome, taal: Taal) -> str | None:
    """How a run that stopped to wait ends its step line: what it waits for; None when it did not."""
    if outcome.wacht_op_enquetes:
        latest = max(s.sluit_op for s in outcome.wacht_op_enquetes)
        return say("step_waits_surveys", taal, tot=tijd(latest))
    if outcome.wacht_op_besluiten:
        aantal = len(outcome.wacht_op_besluiten)
        key = "step_waits_decision" if aantal == 1 else "step_waits_decisions"
        return say(key, taal, aantal=aantal)
    return None


def survey_waiting(outcome: RoundOutcome) -> str:
    """The paragraph a round waiting for its surveys prints: what is open, and when to go on."""
    from makelaar.models.domain import PUBLIEK_LABELS

    ronde = outcome.ronde
    standen = outcome.wacht_op_enquetes
    return say(
        "waiting_surveys",
        current_taal(),
        ronde=ronde.id,
        aantal=len(standen),
        open="; ".join(
            say(
                "survey_open",
                current_taal(),
                publiek=PUBLIEK_LABELS[s.publiek],
                nummer=s.enquete_ronde_id,
                tot=tijd(s.sluit_op),
            )
            + f" ({_survey_response(s)})"
            for s in standen
        ),
        tot=tijd(max(s.sluit_op for s in standen)),
        commando=run_command(ronde),
    )


def _print_survey_response(ronde_id: int) -> None:
    """One line with the response per audience, when the round had survey rounds."""
    from makelaar.cycles.enquetes import survey_status
    from makelaar.models.domain import PUBLIEK_LABELS
    from makelaar.models.tables import utcnow

    store = unchecked_store()
    try:
        standen = survey_status(store, ronde_id, utcnow())
    finally:
        store.dispose()
    if standen:
        parts = [f"{PUBLIEK_LABELS[s.publiek]} {_survey_response(s)}" for s in standen]
        out("  " + say("survey_summary", current_taal(), respons="; ".join(parts)))


def _survey_response(stand: EnqueteStand) -> str:
    if not stand.uitgenodigd:
        return say("survey_not_invited", current_taal())
    return say(
        "survey_response",
        current_taal(),
        beantwoord=stand.beantwoord,
        uitgenodigd=stand.uitgenodigd,
        pct=f"{stand.respons_pct:.0f}%",
        bezig=stand.bezig,
    )


def _print_edition(ronde_id: int) -> None:
    from makelaar.cycles.rounds import stored_result
    from makelaar.models.domain import Fase
    from makelaar.models.schemas import ApplyResult

    result = stored_result(unchecked_store(), ronde_id, Fase.APPLY)
    # an edition's files: a cycle that writes its edition with cycles.edities has both
    if isinstance(result, ApplyResult) and result.html is not None:
        out(say("edition_html", current_taal(), html=shown(result.html)))
    if isinstance(result, ApplyResult) and result.melding:
        out(result.melding)
    if isinstance(result, ApplyResult) and result.verschil is not None:
        verschil = shown(result.verschil)
        out(say("edition_diff", current_taal(), vorige=result.voortgebouwd_op, verschil=verschil))
    if isinstance(result, ApplyResult) and result.onthullingsrapport is not None:
        rapport = shown(result.onthullingsrapport)
        out(say("edition_disclosure", current_taal(), rapport=rapport))
    if isinstance(result, ApplyResult) and result.pdf is not None:
        # a cycle that writes its own document (a pilot report, an interim report) says so
        soort = "edition_ready" if result.pdf.name.startswith("handreiking-") else "document_ready"
        out(say(soort, current_taal(), editie=result.editie, pdf=shown(result.pdf)))
    handreiking = (result.model_extra or {}).get("handreiking") if result is not None else None
    if handreiking:  # the guide a programme writes at its end, next to its last report
        out(say("guide_ready", current_taal(), pdf=shown(Path(str(handreiking)))))


def decisions_summary(store: Store, ronde_id: int, taal: Taal) -> str | None:
    """One status line on the round's decisions (counts, changed ones); None without proposals."""
    from makelaar.cycles.leerbijeenkomst import history

    per_code = history(store, ronde_id)
    if not per_code:
        return None
    latest = [entries[-1].besluit if entries else Besluit.OPEN for entries in per_code.values()]
    line = say(
        "status_decisions",
        taal,
        aangenomen=latest.count(Besluit.AANGENOMEN),
        verworpen=latest.count(Besluit.VERWORPEN),
        open=latest.count(Besluit.OPEN),
        gewijzigd=sum(len(entries) > 1 for entries in per_code.values()),
        ronde=ronde_id,
    )
    return line + postponed_count(latest.count(Besluit.UITGESTELD), taal)


@round_app.command("status")
def round_status(
    ronde_id: Annotated[
        int | None, typer.Argument(help="Ronde-nummer; standaard alle rondes.")
    ] = None,
) -> None:
    """Toon de fasen van een ronde (of van alle rondes) en waar ze op wachten."""
    from makelaar.cycles.enquetes import survey_status
    from makelaar.cycles.leerbijeenkomst import open_proposals
    from makelaar.cycles.rounds import get_round, list_rounds, round_states, stored_indicators
    from makelaar.intake.disclosure import nothing_published
    from makelaar.models.domain import PUBLIEK_LABELS, Fase, FaseStatus
    from makelaar.models.tables import utcnow

    store = migrated_store()
    try:
        taal = current_taal()
        rondes = [get_round(store, ronde_id)] if ronde_id is not None else list_rounds(store)
        if not rondes:
            out(say("no_rounds", taal))
        for ronde in rondes:
            out(
                say(
                    "status_header",
                    taal,
                    ronde=ronde.id,
                    cyclus=ronde.cyclus,
                    gemeente=ronde.gemeente_naam,
                    periode=ronde.periode,
                    begin=f"{ronde.begin:%d-%m-%Y}",
                    einde=f"{ronde.einde:%d-%m-%Y}",
                )
            )
            states = round_states(store, ronde.id)
            for state in states:
                if state.status is None:
                    status = say("status_not_started", taal)
                elif state.status is FaseStatus.RUNNING:
                    sinds = tijd(state.gestart_op) if state.gestart_op else "?"
                    status = say("status_running", taal, pogingen=state.pogingen, sinds=sinds)
                elif state.status is FaseStatus.FAILED:
                    status = say("status_failed", taal, fout=state.fout)
                else:
                    op = tijd(state.afgerond_op) if state.afgerond_op else "?"
                    status = say("status_completed", taal, op=op)
                out(say("status_phase", taal, fase=FASE_LABELS[state.fase], status=status))
            improve_done = any(
                s.fase is Fase.IMPROVE and s.status is FaseStatus.COMPLETED for s in states
            )
            apply_done = any(
                s.fase is Fase.APPLY and s.status is FaseStatus.COMPLETED for s in states
            )
            waiting = open_proposals(store, ronde.id) if improve_done and not apply_done else []
            if waiting:
                out(say("status_waiting", taal, codes=", ".join(waiting)))
            besluiten = decisions_summary(store, ronde.id, taal)
            if besluiten:
                out(besluiten)
            published = stored_indicators(store, ronde.id)
            if nothing_published(published):
                n = current_settings().min_cell_size
                out(say("status_all_suppressed", taal, aantal=len(published), n=n))
            standen = survey_status(store, ronde.id, utcnow())
            if standen:
                out(say("status_surveys", taal))
            for stand in standen:
                toestand = (
                    say("survey_state_closed", taal, op=tijd(stand.gesloten_op))
                    if stand.gesloten_op
                    else say("survey_state_open", taal, tot=tijd(stand.sluit_op))
                )
                out(
                    say(
                        "status_survey",
                        taal,
                        nummer=stand.enquete_ronde_id,
                        publiek=PUBLIEK_LABELS[stand.publiek],
                        formulier=stand.form_id,
                        stand=toestand,
                        respons=_survey_response(stand),
                    )
                )
            observed = any(
                s.fase is Fase.OBSERVE and s.status is FaseStatus.COMPLETED for s in states
            )
            reflect_started = any(s.fase is Fase.REFLECT and s.status is not None for s in states)
            still_open = [s.sluit_op for s in standen if s.gesloten_op is None]
            if observed and not reflect_started and still_open:
                out(say("status_waiting_surveys", taal, tot=tijd(max(still_open))))
    finally:
        store.dispose()


@app.command("demo")
def demo(
    periode: Annotated[
        str,
        typer.Option(
            "--period", "--periode", help="Periode van de demoronde.", callback=checked_period
        ),
    ] = "2026",
    seed: Annotated[
        int, typer.Option(help="Zaadgetal van de demogegevens (zelfde getal, zelfde data).")
    ] = 20261122,
    cyclus: Annotated[
        str,
        typer.Option(
            "--cycle", "--cyclus", help="De cyclus: buurtmeter, casusregie of actieonderzoek."
        ),
    ] = "buurtmeter",
) -> None:
    """Alles in één keer: database, CBS-cijfers van Utrecht, een jaar demologboek, een ronde, de PDF."""
    from makelaar.cycles.demo import generate_demo
    from makelaar.cycles.registry import load_cycles, migration_folders
    from makelaar.cycles.rounds import PeriodNotBegun, check_period_begun
    from makelaar.cycles.spec import DEMO_ATTRIBUTE
    from makelaar.intake.cbs import cbs_file, import_kerncijfers

    taal = current_taal()
    try:
        check_period_begun(periode)
    except PeriodNotBegun as error:
        raise MakelaarError(not_begun(error, taal, demo=True)) from error
    registry = load_cycles()
    maak_demo = getattr(registry.get(cyclus), DEMO_ATTRIBUTE, None)
    if cyclus != "buurtmeter" and maak_demo is None:
        met = sorted(n for n, c in registry.cycles.items() if hasattr(c, DEMO_ATTRIBUTE))
        raise MakelaarError(say("demo_none", taal, cyclus=cyclus, cycli=", ".join(met)))
    store = unchecked_store()
    with step(say("step_db", taal)):
        store.upgrade(migration_folders())
    with step(say("step_cbs", taal, bestand=cbs_file().name)):
        report = import_kerncijfers(store, cbs_file())
    out("  " + cbs_line(report))
    if maak_demo is not None and cyclus != "buurtmeter":
        with step(say("step_demo_cyclus", taal, cyclus=cyclus)):
            plan = maak_demo(store, current_settings(), int(periode[:4]), seed)
        out("  " + plan.verslag)
        store.dispose()
        for ronde_periode in plan.perioden:
            _run_round(
                cyclus=cyclus,
                periode=ronde_periode,
                gemeente=plan.gemeente_code,
                cbs=None,
                leerbijeenkomst="demo",
                enquetes="demo",
            )
        return
    with step(say("step_demo", taal)):
        demo_report = generate_demo(store, gemeente_code="GM0344", jaar=int(periode[:4]), seed=seed)
    out(
        "  "
        + say(
            "demo_report",
            taal,
            makelaars=demo_report.makelaars.totaal,
            acties=demo_report.acties.totaal,
            initiatieven=demo_report.initiatieven.totaal,
            signalen=demo_report.signalen.totaal,
            nieuw=demo_report.acties.nieuw
            + demo_report.initiatieven.nieuw
            + demo_report.signalen.nieuw,
            tot=f"{demo_report.tot:%d-%m-%Y}",
        )
    )
    store.dispose()
    _run_round(
        cyclus="buurtmeter",
        periode=periode,
        gemeente="GM0344",
        cbs=None,
        leerbijeenkomst="demo",
        enquetes="demo",
    )
