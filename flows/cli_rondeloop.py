"""Running a round from the command line and what it prints (`round run`, `demo`), and the
round's input files given as `--bestand SOORT=PAD`.

`--bestand` is repeatable; each value names a kind of file the cycle reads and its path
(`--bestand casussen=casussen.xlsx`). A value without '=' or a path that is no file is a mistake
in the command line (exit code 2, naming the option); a kind the cycle does not declare
(`invoerbestanden`, cycles.invoerbestanden) is refused before Prefect starts, naming the option,
the kind and the kinds that are valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from makelaar.flows.cli_app import (
    current_settings,
    current_taal,
    migrated_store,
    out,
    run_command,
    shown,
    step,
    tijd,
    unchecked_store,
)
from makelaar.flows.messages import say, seconden
from makelaar.models.domain import fase_label
from makelaar.models.errors import MakelaarError
from makelaar.models.taal import Catalogus, Taal, catalogus, vertaal

if TYPE_CHECKING:
    from makelaar.cycles.enquetes import EnqueteStand
    from makelaar.cycles.rounds import PeriodNotBegun, RoundOutcome

BESTAND_HELP = (
    "Invoerbestand van de ronde als SOORT=PAD, bv. casussen=casussen.xlsx; herhaal de optie "
    "voor meer bestanden. De soorten verschillen per cyclus (casusregie: casussen, "
    "tevredenheid, samenwerking; actieonderzoek: vragen, instellingen; buurtmeter: cbs)."
)

_TEKSTEN: Catalogus = catalogus(
    "cli_rondeloop",
    {
        "geen_paar": {
            "nl": "'{waarde}' is geen SOORT=PAD; geef bv. casussen=casussen.xlsx.",
            "en": "'{waarde}' is not KIND=PATH; give e.g. casussen=casussen.xlsx.",
        },
        "dubbel": {
            "nl": "de soort '{soort}' staat er twee keer; geef per soort één bestand.",
            "en": "the kind '{soort}' is given twice; give one file per kind.",
        },
    },
)


def input_files(values: list[str] | None) -> dict[str, str]:
    """`--bestand` values (SOORT=PAD, checked by `checked_bestand_values`) as kind -> path."""
    pairs = (value.partition("=") for value in values or [])
    return {soort.strip(): pad for soort, _, pad in pairs}


def checked_bestand_values(values: list[str] | None) -> list[str] | None:
    """Every `--bestand` value a SOORT=PAD whose path is a file, each kind once; a value that is
    not is a mistake in the command line (exit code 2)."""
    from makelaar.cycles.invoerbestanden import file_problem

    taal = current_taal()
    seen: set[str] = set()
    for value in values or []:
        soort, is_, pad = value.partition("=")
        soort = soort.strip()
        if not (is_ and soort and pad):
            raise typer.BadParameter(vertaal(_TEKSTEN, "geen_paar", taal, waarde=value))
        if soort in seen:
            raise typer.BadParameter(vertaal(_TEKSTEN, "dubbel", taal, soort=soort))
        seen.add(soort)
        probleem = file_problem(pad, taal)
        if probleem is not None:
            raise typer.BadParameter(f"{soort}={pad}: {probleem}")
    return values


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


def run_round_from_cli(
    *,
    cyclus: str,
    periode: str | None,
    gemeente: str,
    cbs: Path | None,
    leerbijeenkomst: Literal["handmatig", "demo", "formulier"],
    enquetes: Literal["wachten", "demo"] = "wachten",
    vooruit: bool = False,
    bestanden: dict[str, str] | None = None,
) -> None:
    """Run the round through Prefect and print how it went: its phases, what it waits for, or its
    document. The input files are checked against the cycle before Prefect starts."""
    from makelaar.flows.round import current_period, find_cycle, run_evaluation_round

    settings = current_settings()
    taal = settings.locale
    if bestanden:
        from makelaar.cycles.invoerbestanden import checked_input_files

        gegeven = checked_input_files(find_cycle(cyclus), bestanden, taal, optie="--bestand")
        bestanden = {soort: str(pad) for soort, pad in gegeven.items()}
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
            bestanden=bestanden or None,
        )
        einde.tekst = waits_for(outcome, taal)
    for phase in outcome.fasen:
        out(
            say(
                "phase_line",
                taal,
                fase=fase_label(phase.fase, taal),
                hoe=say("phase_resumed" if phase.hervat else "phase_ran", taal),
                duur=seconden(phase.duur_s, taal),
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
    from makelaar.models.domain import publiek_label

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
                publiek=publiek_label(s.publiek, current_taal()),
                nummer=s.enquete_ronde_id,
                tot=tijd(s.sluit_op),
            )
            + f" ({survey_response(s)})"
            for s in standen
        ),
        tot=tijd(max(s.sluit_op for s in standen)),
        commando=run_command(ronde),
    )


def _print_survey_response(ronde_id: int) -> None:
    """One line with the response per audience, when the round had survey rounds."""
    from makelaar.cycles.enquetes import survey_status
    from makelaar.models.domain import publiek_label
    from makelaar.models.tables import utcnow

    store = unchecked_store()
    try:
        standen = survey_status(store, ronde_id, utcnow())
    finally:
        store.dispose()
    if standen:
        taal = current_taal()
        parts = [f"{publiek_label(s.publiek, taal)} {survey_response(s)}" for s in standen]
        out("  " + say("survey_summary", current_taal(), respons="; ".join(parts)))


def survey_response(stand: EnqueteStand) -> str:
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
        if not result.pdf.exists():  # a resumed round's: never say 'ready' of a missing file
            soort = "document_gone"
        out(say(soort, current_taal(), editie=result.editie, pdf=shown(result.pdf)))
    handreiking = (result.model_extra or {}).get("handreiking") if result is not None else None
    if handreiking:  # the guide a programme writes at its end, next to its last report
        gids = Path(str(handreiking))
        soort = "guide_ready" if gids.exists() else "document_gone"
        out(say(soort, current_taal(), pdf=shown(gids)))
