"""The `makelaar` command line: the CLI's output layer (the only place that prints)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from flows.cli_fouten import settings_error_line, show_click_error
from flows.cli_taal import MakelaarGroup, user_language
from flows.messages import say
from flows.terminal_logging import configure_terminal_logging
from models.domain import FASE_LABELS
from models.errors import MakelaarError
from models.settings import Settings, get_settings
from models.store import Store
from models.taal import Taal

if TYPE_CHECKING:
    from cycles.enquetes import EnqueteStand
    from cycles.rounds import PeriodNotBegun, RoundOutcome

app = typer.Typer(
    cls=MakelaarGroup,  # help and usage errors in the user's language (flows/cli_taal.py)
    help="makelaar: evaluatierondes voor de sociaal makelaar, van logboek tot handreiking.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="De projectdatabase.", no_args_is_help=True)
wijken_app = typer.Typer(
    help="Gemeenten, wijken en buurten (CBS-kerncijfers).", no_args_is_help=True
)
round_app = typer.Typer(
    help="Evaluatierondes: starten, uitvoeren, status, besluiten.", no_args_is_help=True
)
handreiking_app = typer.Typer(help="De handreiking en haar edities.", no_args_is_help=True)
cycles_app = typer.Typer(help="De geregistreerde cycli.", no_args_is_help=True)
logboek_app = typer.Typer(
    help="Het logboek van de makelaars: sjabloon, inlezen, inbox.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(wijken_app, name="wijken")
app.add_typer(round_app, name="round")
app.add_typer(handreiking_app, name="handreiking")
app.add_typer(cycles_app, name="cycles")
app.add_typer(logboek_app, name="logboek")

_state: dict[str, bool] = {"debug": False}


def _settings() -> Settings:
    return get_settings()


def _taal() -> Taal:
    return _settings().locale


def out(line: str) -> None:
    print(line, flush=True)


class StepEnd:
    """How a step ended when not simply done: the body sets `tekst` (e.g. what a round waits for)."""

    def __init__(self) -> None:
        self.tekst: str | None = None


@contextmanager
def step(label: str) -> Iterator[StepEnd]:
    """Show a long step: its label first, then how it ended and how long it took."""
    taal = _taal()
    print(f"→ {label} ...", end="", flush=True)
    started = time.perf_counter()
    einde = StepEnd()
    try:
        yield einde
    except BaseException:
        print(f" {say('failed', taal)}", flush=True)
        raise
    ended = einde.tekst or say("done", taal)
    print(f" {ended} ({time.perf_counter() - started:.1f} s)", flush=True)


def _store() -> Store:
    return Store.from_settings(_settings())


def _migrated_store() -> Store:
    """The store, refused with what to do when it is not at the newest schema."""
    store = _store()
    store.require_current()
    return store


def _checked_period(periode: str | None) -> str | None:
    """A --period the way the rounds read it; a malformed one is a usage mistake (exit code 2)."""
    from cycles.rounds import period_bounds
    from models.errors import RoundError

    if periode is not None:
        try:
            period_bounds(periode)
        except RoundError as error:
            raise typer.BadParameter(str(error)) from None
    return periode


@app.callback()
def main_options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Toon bij een fout de volledige melding.")
    ] = False,
) -> None:
    """makelaar: evaluatierondes voor de sociaal makelaar."""
    _state["debug"] = debug
    # Progress is shown by our own step lines; Prefect's run logs still go to its API (and UI).
    # Without --debug only makelaar's warnings reach the terminal, one line each, so an error
    # stays the one line main() prints; with --debug everything shows, tracebacks included.
    configure_terminal_logging(debug)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Breng de database naar het nieuwste schema (Alembic-migraties)."""
    store = _store()
    revisie = store.upgrade()
    out(say("db_upgraded", _taal(), revisie=revisie, url=store.engine.url.render_as_string()))


@wijken_app.command("import")
def wijken_import(
    bestand: Annotated[
        Path,
        typer.Argument(
            help="CBS Kerncijfers wijken en buurten (.xlsx).", exists=True, dir_okay=False
        ),
    ],
    jaar: Annotated[
        int | None, typer.Option(help="Jaar van de cijfers; standaard uit de bestandsnaam.")
    ] = None,
) -> None:
    """Importeer gemeenten, wijken, buurten en hun kerncijfers uit het CBS-bestand."""
    from intake.cbs import import_kerncijfers

    store = _migrated_store()
    with step(say("step_cbs", _taal(), bestand=bestand.name)):
        report = import_kerncijfers(store, bestand, jaar=jaar)
    out(_cbs_line(report))


def _cbs_line(report: object) -> str:
    from intake.cbs import CbsImportReport

    assert isinstance(report, CbsImportReport)
    return say(
        "cbs_report",
        _taal(),
        gemeenten=report.gemeenten.totaal,
        wijken=report.wijken.totaal,
        buurten=report.buurten.totaal,
        nieuw=report.kerncijfers.nieuw,
        bijgewerkt=report.kerncijfers.bijgewerkt,
    )


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
            callback=_checked_period,
        ),
    ],
    gemeente: Annotated[str, typer.Option(help="CBS-code van de gemeente.")] = "GM0344",
    vooruit: Annotated[bool, typer.Option("--vooruit", help=VOORUIT_HELP)] = False,
) -> None:
    """Leg een nieuwe evaluatieronde vast (nog zonder fasen uit te voeren)."""
    from cycles.registry import load_cycles
    from cycles.rounds import PeriodNotBegun, start_round

    store = _migrated_store()
    load_cycles().get(cyclus)
    try:
        ronde = start_round(
            store, gemeente_code=gemeente, cyclus=cyclus, periode=periode, vooruit=vooruit
        )
    except PeriodNotBegun as error:
        raise MakelaarError(not_begun(error, _taal())) from error
    out(
        say(
            "round_started",
            _taal(),
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
            callback=_checked_period,
        ),
    ] = None,
    gemeente: Annotated[str, typer.Option(help="CBS-code van de gemeente.")] = "GM0344",
    cbs: Annotated[
        Path | None, typer.Option(help="CBS-kerncijferbestand om eerst te importeren.")
    ] = None,
    leerbijeenkomst: Annotated[
        Literal["handmatig", "demo"],
        typer.Option(help="'handmatig': wacht op besluiten; 'demo': neem ze zelf."),
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


VOORUIT_HELP = "Sta een nieuwe ronde toe voor een periode die nog niet begonnen is."


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
    from cycles.rounds import PeriodNotBegun, refuse_unbegun

    store = _migrated_store()
    try:
        refuse_unbegun(store, gemeente_code=gemeente, cyclus=cyclus, periode=periode)
    except PeriodNotBegun as error:
        raise MakelaarError(not_begun(error, _taal())) from error
    finally:
        store.dispose()


def _run_round(
    *,
    cyclus: str,
    periode: str | None,
    gemeente: str,
    cbs: Path | None,
    leerbijeenkomst: Literal["handmatig", "demo"],
    enquetes: Literal["wachten", "demo"] = "wachten",
    vooruit: bool = False,
) -> None:
    from flows.round import current_period, run_evaluation_round

    settings = _settings()
    taal = settings.locale
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
        out(_survey_waiting(outcome))
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


def tijd(moment: dt.datetime) -> str:
    """A stored moment in Dutch time with its zone: '15-12-2026 17:00 CET' (never UTC)."""
    from forms.rondes import AMSTERDAM

    return f"{moment.astimezone(AMSTERDAM):%d-%m-%Y %H:%M %Z}"


def _survey_waiting(outcome: RoundOutcome) -> str:
    """The paragraph a round waiting for its surveys prints: what is open, and when to go on."""
    from flows.cli_besluit import run_command
    from models.domain import PUBLIEK_LABELS

    ronde = outcome.ronde
    standen = outcome.wacht_op_enquetes
    return say(
        "waiting_surveys",
        _taal(),
        ronde=ronde.id,
        aantal=len(standen),
        open="; ".join(
            say(
                "survey_open",
                _taal(),
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
    from cycles.enquetes import survey_status
    from models.domain import PUBLIEK_LABELS
    from models.tables import utcnow

    store = _store()
    try:
        standen = survey_status(store, ronde_id, utcnow())
    finally:
        store.dispose()
    if standen:
        parts = [f"{PUBLIEK_LABELS[s.publiek]} {_survey_response(s)}" for s in standen]
        out("  " + say("survey_summary", _taal(), respons="; ".join(parts)))


def _survey_response(stand: EnqueteStand) -> str:
    if not stand.uitgenodigd:
        return say("survey_not_invited", _taal())
    return say(
        "survey_response",
        _taal(),
        beantwoord=stand.beantwoord,
        uitgenodigd=stand.uitgenodigd,
        pct=f"{stand.respons_pct:.0f}%",
        bezig=stand.bezig,
    )


def _print_edition(ronde_id: int) -> None:
    from cycles.rounds import stored_result
    from models.domain import Fase
    from models.schemas import ApplyResult

    result = stored_result(_store(), ronde_id, Fase.APPLY)
    if isinstance(result, ApplyResult):
        out(say("edition_html", _taal(), html=_shown(result.html)))
        out(say("edition_ready", _taal(), editie=result.editie, pdf=_shown(result.pdf)))


def _shown(path: Path) -> str:
    """A path relative to the working directory where it lies below it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@round_app.command("status")
def round_status(
    ronde_id: Annotated[
        int | None, typer.Argument(help="Ronde-nummer; standaard alle rondes.")
    ] = None,
) -> None:
    """Toon de fasen van een ronde (of van alle rondes) en waar ze op wachten."""
    from cycles.enquetes import survey_status
    from cycles.leerbijeenkomst import open_proposals
    from cycles.rounds import get_round, list_rounds, round_states, stored_indicators
    from flows.cli_besluit import decisions_summary
    from intake.disclosure import nothing_published
    from models.domain import PUBLIEK_LABELS, Fase, FaseStatus
    from models.tables import utcnow

    store = _migrated_store()
    taal = _taal()
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
        apply_done = any(s.fase is Fase.APPLY and s.status is FaseStatus.COMPLETED for s in states)
        waiting = open_proposals(store, ronde.id) if improve_done and not apply_done else []
        if waiting:
            out(say("status_waiting", taal, codes=", ".join(waiting)))
        besluiten = decisions_summary(store, ronde.id, taal)
        if besluiten:
            out(besluiten)
        published = stored_indicators(store, ronde.id)
        if nothing_published(published):
            n = _settings().min_cell_size
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
        observed = any(s.fase is Fase.OBSERVE and s.status is FaseStatus.COMPLETED for s in states)
        reflect_started = any(s.fase is Fase.REFLECT and s.status is not None for s in states)
        still_open = [s.sluit_op for s in standen if s.gesloten_op is None]
        if observed and not reflect_started and still_open:
            out(say("status_waiting_surveys", taal, tot=tijd(max(still_open))))


@round_app.command("besluit")
def round_besluit(
    ronde_id: Annotated[int, typer.Argument(help="Ronde-nummer.")],
    code: Annotated[str, typer.Argument(help="Code van het voorstel.")],
    besluit: Annotated[
        Literal["aangenomen", "verworpen"], typer.Argument(help="aangenomen of verworpen")
    ],
    reden: Annotated[str, typer.Option(help="Waarom de leerbijeenkomst zo besloot.")],
) -> None:
    """Leg het besluit van de leerbijeenkomst over een voorstel vast."""
    from cycles.leerbijeenkomst import decide
    from cycles.rounds import get_round
    from flows.cli_besluit import recorded_lines, refusal
    from models.domain import Besluit

    taal = _taal()
    store = _migrated_store()
    try:
        ronde = get_round(store, ronde_id)
        waarom_niet = refusal(store, ronde, code, taal)
        if waarom_niet:
            raise MakelaarError(waarom_niet)
        if not reden.strip():
            raise MakelaarError(say("decision_needs_reason", taal, code=code))
        recorded = decide(store, ronde_id, code, Besluit(besluit), reden)
    finally:
        store.dispose()
    for line in recorded_lines(recorded, ronde, taal):
        out(line)


@handreiking_app.command("render")
def handreiking_render(
    ronde_id: Annotated[
        int, typer.Argument(help="Ronde waarvan de editie opnieuw gerenderd wordt.")
    ],
) -> None:
    """Render de editie van een ronde opnieuw (zelfde nummer; de vorige bestanden blijven tot het lukt)."""
    from cycles.registry import load_cycles
    from cycles.rounds import get_round, stored_result
    from cycles.spec import RoundContext
    from models.domain import Fase
    from models.errors import RoundError
    from models.schemas import ImproveResult

    store = _migrated_store()
    ronde = get_round(store, ronde_id)
    improved = stored_result(store, ronde_id, Fase.IMPROVE)
    if not isinstance(improved, ImproveResult):
        raise RoundError(
            f"Ronde {ronde_id} heeft de verbeterfase nog niet afgerond; voer eerst de ronde uit."
        )
    cycle = load_cycles().get(ronde.cyclus)
    with step(say("step_render", _taal())):
        result = cycle.apply(RoundContext(ronde=ronde, store=store, settings=_settings()), improved)
    out(say("edition_ready", _taal(), editie=result.editie, pdf=_shown(result.pdf)))


@cycles_app.command("list")
def cycles_list() -> None:
    """Toon de cycli die via de entry-point-groep makelaar.cycles geregistreerd zijn."""
    from cycles.registry import load_cycles

    registry = load_cycles()
    taal = _taal()
    out(say("cycles_header", taal))
    for name, cycle in sorted(registry.cycles.items()):
        out(say("cycle_line", taal, naam=name, titel=cycle.title))
    for error in registry.errors:
        out(say("cycle_broken", taal, naam=error.name, fout=error.problem))


@logboek_app.command("sjabloon")
def logboek_sjabloon(
    pad: Annotated[Path, typer.Argument(help="Waar het sjabloon komt (.xlsx).")] = Path(
        "logboek-sjabloon.xlsx"
    ),
    gemeente: Annotated[
        str | None, typer.Option(help="CBS-code van de gemeente, bv. GM0344; standaard alle.")
    ] = None,
    overschrijven: Annotated[
        bool, typer.Option("--overschrijven", help="Vervang een bestaand bestand.")
    ] = False,
) -> None:
    """Schrijf een leeg logboek (.xlsx) met keuzelijsten van wijken, makelaars en soorten."""
    from intake.logboek.sjabloon import lijsten_uit_store, schrijf_sjabloon

    taal = _taal()
    if pad.exists() and not overschrijven:
        raise MakelaarError(say("sjabloon_exists", taal, pad=_shown(pad)))
    store = _migrated_store()
    try:
        with store.session() as session:
            lijsten = lijsten_uit_store(session, gemeente)
        try:
            geschreven = schrijf_sjabloon(pad, lijsten, locale=taal, overschrijven=overschrijven)
        except FileExistsError as error:
            raise MakelaarError(say("sjabloon_exists", taal, pad=_shown(pad))) from error
    finally:
        store.dispose()
    out(say("sjabloon_written", taal, pad=_shown(geschreven)))


@logboek_app.command("import")
def logboek_import(
    paden: Annotated[
        list[Path],
        typer.Argument(help="Logboekbestanden (.xlsx, .csv, .json) of mappen daarmee."),
    ],
    sla_ongeldig_over: Annotated[
        bool,
        typer.Option(
            "--sla-ongeldig-over",
            help="Bewaar de geldige rijen; de ongeldige komen in een weigeringenbestand.",
        ),
    ] = False,
    gemeente: Annotated[
        str | None, typer.Option(help="CBS-code van de gemeente, bv. GM0344.")
    ] = None,
    weigeringen: Annotated[
        Path | None,
        typer.Option(help="Map voor de weigeringenbestanden; standaard naast elk bestand."),
    ] = None,
) -> None:
    """Lees logboekbestanden in; elk bestand helemaal of (zonder --sla-ongeldig-over) niet."""
    from intake.logboek import Status, als_tekst, importeer

    taal = _taal()
    settings = _settings()
    store = _migrated_store()
    try:
        with step(say("step_logboek", taal)):
            rapport = importeer(
                store,
                settings,
                paden,
                sla_ongeldig_over=sla_ongeldig_over,
                gemeente=gemeente,
                weigeringen_map=weigeringen,
            )
    finally:
        store.dispose()
    out(als_tekst(rapport, taal))
    if not rapport.geslaagd:
        refused = sum(b.status is Status.GEWEIGERD for b in rapport.bestanden)
        print(say("logboek_refused", taal, aantal=refused), file=sys.stderr, flush=True)
        sys.exit(1)


@logboek_app.command("inbox")
def logboek_inbox(
    map_: Annotated[
        Path | None,
        typer.Argument(
            metavar="MAP", help="De inbox; standaard inbox/ in de datamap (MAKELAAR_DATA_DIR)."
        ),
    ] = None,
    sla_ongeldig_over: Annotated[
        bool,
        typer.Option(
            "--sla-ongeldig-over",
            help="Bewaar de geldige rijen; de ongeldige komen in een weigeringenbestand.",
        ),
    ] = False,
    gemeente: Annotated[
        str | None, typer.Option(help="CBS-code van de gemeente, bv. GM0344.")
    ] = None,
) -> None:
    """Verwerk de inbox eenmaal via Prefect: inlezen, dan naar verwerkt/ of geweigerd/."""
    from flows.logboek import GEWEIGERD, default_inbox, run_logbook_inbox
    from intake.logboek import Status, als_tekst

    settings = _settings()
    taal = settings.locale
    inbox = (map_ or default_inbox(settings)).expanduser().resolve()
    with step(say("step_inbox", taal, inbox=_shown(inbox))):
        resultaat = run_logbook_inbox(
            settings, str(inbox), sla_ongeldig_over=sla_ongeldig_over, gemeente=gemeente
        )
    if resultaat.bezet:
        out(say("inbox_busy", taal, inbox=_shown(inbox)))
        return
    if resultaat.rapport.bestanden:
        out(als_tekst(resultaat.rapport, taal))
    else:
        out(say("inbox_empty", taal, inbox=_shown(inbox)))
    if resultaat.verplaatst:
        out(say("inbox_where", taal))
        for item in resultaat.verplaatst:
            out(say("inbox_moved", taal, bestand=item.bestand, naar=_shown(Path(item.naar))))
            if item.rapport:
                out(say("inbox_report", taal, pad=_shown(Path(item.rapport))))
            if item.weigeringen:
                out(say("inbox_rejects", taal, pad=_shown(Path(item.weigeringen))))
    if resultaat.wachtend or resultaat.overgeslagen:
        out(say("inbox_left", taal))
        for naam in resultaat.wachtend:
            out(say("inbox_waiting", taal, bestand=naam))
        for naam in resultaat.overgeslagen:
            out(say("inbox_skipped", taal, bestand=naam))
    if not resultaat.geslaagd:
        refused = sum(item.status is Status.GEWEIGERD for item in resultaat.verplaatst)
        folder = _shown(inbox / GEWEIGERD)
        print(say("inbox_refused", taal, aantal=refused, map=folder), file=sys.stderr, flush=True)
        sys.exit(1)


@app.command("demo")
def demo(
    periode: Annotated[
        str,
        typer.Option(
            "--period", "--periode", help="Periode van de demoronde.", callback=_checked_period
        ),
    ] = "2026",
    seed: Annotated[
        int, typer.Option(help="Zaadgetal van de demogegevens (zelfde getal, zelfde data).")
    ] = 20261122,
) -> None:
    """Alles in één keer: database, CBS-cijfers van Utrecht, een jaar demologboek, een ronde, de PDF."""
    from cycles.demo import generate_demo
    from cycles.rounds import PeriodNotBegun, check_period_begun
    from intake.cbs import cbs_file, import_kerncijfers

    taal = _taal()
    try:
        check_period_begun(periode)
    except PeriodNotBegun as error:
        raise MakelaarError(not_begun(error, taal, demo=True)) from error
    store = _store()
    with step(say("step_db", taal)):
        store.upgrade()
    with step(say("step_cbs", taal, bestand=cbs_file().name)):
        report = import_kerncijfers(store, cbs_file())
    out("  " + _cbs_line(report))
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


def main() -> None:
    """Entry point: run the app; a MakelaarError becomes one clear line and exit code 1."""
    try:
        app(standalone_mode=False)
    except MakelaarError as error:
        if _state["debug"]:
            raise
        print(say("error", _taal(), fout=error), file=sys.stderr)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:
        from typer._click.exceptions import ClickException

        taal = user_language()  # the settings themselves may be what failed
        if isinstance(error, ClickException):  # a usage mistake: usage and one line, exit code 2
            sys.exit(show_click_error(error, taal))
        if _state["debug"]:
            raise
        setting = settings_error_line(error, taal)
        if setting is not None:  # a MAKELAAR_* variable with a value the settings refuse
            print(say("error", taal, fout=setting), file=sys.stderr)
            sys.exit(1)
        print(say("unexpected", taal, soort=type(error).__name__, fout=error), file=sys.stderr)
        sys.exit(1)


# Command groups in modules of their own register themselves on `app` (defined above) on import.
from flows import (  # noqa: E402,F401
    cli_antwoorden,
    cli_besluit,
    cli_enquete,
    cli_forms,
    cli_makelaars,
)
