"""`makelaar round start|run|status` and `makelaar demo`: a round started, run through Prefect
(and what it waits for), its state shown; the demo runs one round on generated data."""

from __future__ import annotations

from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import Annotated, Literal

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
    step,
    tijd,
    unchecked_store,
)
from makelaar.flows.cli_rondeloop import (
    BESTAND_HELP,
    checked_bestand_values,
    input_files,
    not_begun,
    run_round_from_cli,
    survey_response,
)
from makelaar.flows.cli_rondeloop import (
    survey_waiting as survey_waiting,  # re-exported: cli_ronde's name before cli_rondeloop
)
from makelaar.flows.messages import say
from makelaar.models.domain import Besluit, fase_label
from makelaar.models.errors import MakelaarError
from makelaar.models.store import Store
from makelaar.models.taal import Taal

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
    bestand: Annotated[
        list[str] | None,
        typer.Option("--bestand", help=BESTAND_HELP, callback=checked_bestand_values),
    ] = None,
) -> None:
    """Voer een ronde uit via Prefect; hervat bij de eerste onafgemaakte fase."""
    run_round_from_cli(
        cyclus=cyclus,
        periode=periode,
        gemeente=gemeente,
        cbs=cbs,
        leerbijeenkomst=leerbijeenkomst,
        enquetes=enquetes,
        vooruit=vooruit,
        bestanden=input_files(bestand),
    )


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
    from makelaar.models.domain import Fase, FaseStatus, publiek_label
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
                out(say("status_phase", taal, fase=fase_label(state.fase, taal), status=status))
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
                        publiek=publiek_label(stand.publiek, taal),
                        formulier=stand.form_id,
                        stand=toestand,
                        respons=survey_response(stand),
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
        from makelaar.flows.server import configured_api_url, flow_run_api

        # one Prefect server for all the programme's rounds (a local one takes seconds to start;
        # each round's own flow_run_api then finds it configured)
        with ExitStack() as api:
            starten = step(say("step_server", taal)) if configured_api_url() is None else None
            with starten or nullcontext():
                api.enter_context(flow_run_api(current_settings()))
            for ronde_periode in plan.perioden:
                run_round_from_cli(
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
    run_round_from_cli(
        cyclus="buurtmeter",
        periode=periode,
        gemeente="GM0344",
        cbs=None,
        leerbijeenkomst="demo",
        enquetes="demo",
    )
