"""The learning session on the command line: whether a round can take a decision now, what
recording one did (changed, repeated, what is still open): `makelaar round besluit|besluiten`.

A decision adopts, rejects or postpones ('uitgesteld': decided for this round, back as an open
proposal in the next) and may say who took it (`--door`), shown with each entry of the history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from makelaar.flows.besluitweergave import by_whom, entry_line, uitgesteld_volgt, verdict
from makelaar.flows.cli_app import current_taal, migrated_store, out, round_app, run_command, tijd
from makelaar.flows.messages import say
from makelaar.models.domain import Besluit
from makelaar.models.errors import MakelaarError
from makelaar.models.schemas import RoundRef
from makelaar.models.store import Store
from makelaar.models.taal import Taal

if TYPE_CHECKING:
    from makelaar.cycles.leerbijeenkomst import Recorded


def refusal(store: Store, ronde: RoundRef, code: str, taal: Taal) -> str | None:
    """Why the round cannot take a decision on `code` now, in its words; None when it can."""
    from makelaar.cycles.leerbijeenkomst import decisions
    from makelaar.cycles.rounds import PHASES, round_states, stored_result
    from makelaar.models.domain import Fase, FaseStatus, fase_label
    from makelaar.models.schemas import ApplyResult

    states = {state.fase: state for state in round_states(store, ronde.id)}
    applied = stored_result(store, ronde.id, Fase.APPLY)
    taken = {d.code: d for d in decisions(store, ronde.id)}
    if isinstance(applied, ApplyResult):
        done = states[Fase.APPLY].afgerond_op
        current = taken.get(code)
        return say(
            "decide_after_apply",
            taal,
            ronde=ronde.id,
            editie=applied.editie,
            op=tijd(done) if done else "?",
            code=code,
            stand=(
                say("decide_stood", taal, code=code, besluit=verdict(current.besluit, taal))
                if current is not None and current.besluit is not Besluit.OPEN
                else ""
            ),
        )
    if states[Fase.IMPROVE].status is not FaseStatus.COMPLETED or not taken:
        reached = next(
            (f for f in PHASES if states[f].status is not FaseStatus.COMPLETED), Fase.IMPROVE
        )
        return say(
            "decide_before_improve",
            taal,
            ronde=ronde.id,
            fase=fase_label(reached, taal),
            commando=run_command(ronde),
        )
    if code not in taken:
        return say("decide_unknown", taal, ronde=ronde.id, code=code, codes=", ".join(taken))
    return None


def recorded_lines(recorded: Recorded, ronde: RoundRef, taal: Taal) -> list[str]:
    """What `round besluit` prints: the decision as it relates to the earlier one, then what next."""
    decision, vorige = recorded.decision, recorded.vorige
    besluit = verdict(decision.besluit, taal)
    reden = (decision.besluit_reden or "") + by_whom(decision.besloten_door, taal)
    if vorige is None:
        first = say("decision_recorded", taal, code=decision.code, besluit=besluit, reden=reden)
    elif not recorded.nieuw:
        first = say(
            "decision_same", taal, code=decision.code, besluit=besluit, op=tijd(vorige.besloten_op)
        )
    elif vorige.besluit is not decision.besluit:
        first = say(
            "decision_changed",
            taal,
            code=decision.code,
            vorig=verdict(vorige.besluit, taal),
            op=tijd(vorige.besloten_op),
            vorige_reden=vorige.reden,
            besluit=besluit,
            reden=reden,
            ronde=ronde.id,
        )
    else:
        first = say(
            "decision_reason_changed",
            taal,
            code=decision.code,
            besluit=besluit,
            op=tijd(vorige.besloten_op),
            vorige_reden=vorige.reden,
            reden=reden,
        )
    if not recorded.nog_open:
        then = say("decisions_complete", taal, ronde=ronde.id, commando=run_command(ronde))
    elif len(recorded.nog_open) == 1:
        then = say("decisions_open_one", taal, codes=recorded.nog_open[0])
    else:
        then = say(
            "decisions_open",
            taal,
            aantal=len(recorded.nog_open),
            codes=", ".join(recorded.nog_open),
        )
    if decision.besluit is Besluit.UITGESTELD and recorded.nieuw:
        first += " " + uitgesteld_volgt(taal)
    return [first, then]


@round_app.command("besluit")
def round_besluit(
    ronde_id: Annotated[int, typer.Argument(help="Ronde-nummer.")],
    code: Annotated[str, typer.Argument(help="Code van het voorstel.")],
    besluit: Annotated[
        Literal["aangenomen", "verworpen", "uitgesteld"],
        typer.Argument(help="aangenomen, verworpen of uitgesteld"),
    ],
    reden: Annotated[str, typer.Option(help="Waarom de leerbijeenkomst zo besloot.")],
    door: Annotated[
        str | None,
        typer.Option(help="Wie besloot, bv. 'leerbijeenkomst 12 januari' of een naam."),
    ] = None,
) -> None:
    """Leg het besluit van de leerbijeenkomst over een voorstel vast."""
    from makelaar.cycles.leerbijeenkomst import decide
    from makelaar.cycles.rounds import get_round

    taal = current_taal()
    store = migrated_store()
    try:
        ronde = get_round(store, ronde_id)
        waarom_niet = refusal(store, ronde, code, taal)
        if waarom_niet:
            raise MakelaarError(waarom_niet)
        if not reden.strip():
            raise MakelaarError(say("decision_needs_reason", taal, code=code))
        recorded = decide(store, ronde_id, code, Besluit(besluit), reden, door=door)
    finally:
        store.dispose()
    for line in recorded_lines(recorded, ronde, taal):
        out(line)


@round_app.command("besluiten")
def round_besluiten(
    ronde_id: Annotated[int, typer.Argument(help="Ronde-nummer.")],
) -> None:
    """Toon de voorstellen van een ronde met elk besluit dat erover genomen is, het eerste eerst."""
    from makelaar.cycles.leerbijeenkomst import decisions, history
    from makelaar.cycles.rounds import get_round

    taal = current_taal()
    store = migrated_store()
    try:
        ronde = get_round(store, ronde_id)
        voorstellen = decisions(store, ronde.id)
        per_code = history(store, ronde.id)
    finally:
        store.dispose()
    out(
        say(
            "history_header",
            taal,
            ronde=ronde.id,
            cyclus=ronde.cyclus,
            gemeente=ronde.gemeente_naam,
            periode=ronde.periode,
        )
    )
    if not voorstellen:
        out(say("history_none", taal, commando=run_command(ronde)))
    for voorstel in voorstellen:
        out(say("history_proposal", taal, code=voorstel.code, titel=voorstel.titel))
        entries = per_code.get(voorstel.code, [])
        if not entries:
            out(say("history_open", taal))
        for index, entry in enumerate(entries):
            out(entry_line(entry, index == len(entries) - 1, taal))
