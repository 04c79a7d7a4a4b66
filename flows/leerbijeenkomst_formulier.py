"""The learning session in Prefect's UI: a paused run's input form with every open proposal.

`makelaar round run ... --leerbijeenkomst formulier` runs the round as 'handmatig' does; when it
stops for decisions, the flow run pauses (`pause_flow_run(wait_for_input=...)`) with a form made
for the round: per open proposal a choice (aangenomen, verworpen, uitgesteld, or open: no
decision yet) and a reason, and once who decided. The run's Markdown artifact (and the form's
description) shows each proposal's text, the sections it changes and its evidence, all as literal
text (no markup from data). Whoever
answers the form in the UI (or resumes the run with the same input through the API) resumes the
run; each answer is recorded through cycles.leerbijeenkomst.decide, with its history, exactly as
`makelaar round besluit` records it, and the round goes on to apply when nothing is open any more.
An answer without a reason is not recorded: its proposal stays open, and the run's log says so.

The pause holds the process (a run from the CLI has no deployment to reschedule); it ends after
FORM_TIMEOUT_S, and the round then waits for decisions as in 'handmatig' mode.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Literal

from prefect.artifacts import create_markdown_artifact
from prefect.flow_runs import pause_flow_run
from prefect.input import RunInput
from pydantic import BaseModel, Field, create_model

from makelaar.cycles.leerbijeenkomst import decide
from makelaar.cycles.rounds import RoundOutcome
from makelaar.cycles.voorstellen import VoorstelWeergave, platte_tekst, weergave
from makelaar.models.domain import Besluit
from makelaar.models.errors import MakelaarError
from makelaar.models.markdown import markdown_literal
from makelaar.models.schemas import RoundRef
from makelaar.models.store import Store
from makelaar.models.taal import Catalogus, Taal, catalogus, vertaal

#: how long a paused run waits for the form before it gives up (the round then waits as usual)
FORM_TIMEOUT_S = 3600
#: how often the paused run asks Prefect whether it was resumed
POLL_INTERVAL_S = 2

#: what reaches the terminal of a run from the CLI (Prefect's own records stay off it)
terminal = logging.getLogger("makelaar.flows")

Keuze = Literal["open", "aangenomen", "verworpen", "uitgesteld"]

_TEKSTEN: Catalogus = catalogus(
    "leerbijeenkomst_formulier",
    {
        "kop": {
            "nl": "Leerbijeenkomst ronde {ronde} ({gemeente}, {cyclus}, {periode})",
            "en": "Learning session of round {ronde} ({gemeente}, {cyclus}, {periode})",
        },
        "uitleg": {
            "nl": "Kies per voorstel: aangenomen, verworpen of uitgesteld (komt terug bij de "
            "volgende ronde), met de reden; 'open' laat het voorstel open. Vul in wie besloot.",
            "en": "Choose for each proposal: aangenomen (adopted), verworpen (rejected) or "
            "uitgesteld (postponed to the next round), with the reason; 'open' leaves the "
            "proposal open. Fill in who decided.",
        },
        "verandert": {"nl": "Verandert", "en": "Changes"},
        "aangenomen": {"nl": "aangenomen", "en": "adopted"},
        "verworpen": {"nl": "verworpen", "en": "rejected"},
        "uitgesteld": {"nl": "uitgesteld", "en": "postponed"},
        "onderbouwing": {"nl": "Onderbouwing", "en": "Evidence"},
        "besluit": {"nl": "Besluit", "en": "Decision"},
        "reden": {"nl": "Reden", "en": "Reason"},
        "door": {"nl": "Besloten door", "en": "Decided by"},
        "door_uitleg": {
            "nl": "Wie besloot, bv. 'leerbijeenkomst 12 januari' of een naam.",
            "en": "Who decided, e.g. 'leerbijeenkomst 12 januari' or a name.",
        },
        "geen_reden": {
            "nl": "Voorstel {code}: {besluit} zonder reden is niet vastgelegd; het blijft open.",
            "en": "Proposal {code}: {besluit} without a reason was not recorded; it stays open.",
        },
        "vastgelegd": {
            "nl": "Voorstel {code}: {besluit} vastgelegd via het formulier ({reden}; door {door}).",
            "en": "Proposal {code}: {besluit} recorded through the form ({reden}; by {door}).",
        },
        "geen_ui": {
            "nl": "Het formulier van de leerbijeenkomst staat in de Prefect-UI, en de server die "
            "makelaar voor één run start heeft geen UI. Zet PREFECT_API_URL op een Prefect-server "
            "met UI ('prefect server start', zie 'Against a long-running Prefect server' in de "
            "README) of neem de besluiten met --leerbijeenkomst handmatig en 'makelaar round "
            "besluit'.",
            "en": "The learning session's form is in Prefect's UI, and the server makelaar starts "
            "for one run has no UI. Set PREFECT_API_URL to a Prefect server with its UI ('prefect "
            "server start', see 'Against a long-running Prefect server' in the README) or take "
            "the decisions with --leerbijeenkomst handmatig and 'makelaar round besluit'.",
        },
        "wacht_op_formulier": {
            "nl": "Ronde {ronde} wacht op het formulier van de leerbijeenkomst in Prefect "
            "({waar}), ten hoogste {minuten} minuten.",
            "en": "Round {ronde} waits for the learning session's form in Prefect ({waar}), for "
            "{minuten} minutes at most.",
        },
        "verlopen": {
            "nl": "Niemand vulde het formulier van de leerbijeenkomst binnen {minuten} minuten "
            "in; de ronde wacht op besluiten ('makelaar round besluit').",
            "en": "Nobody filled in the learning session's form within {minuten} minutes; the "
            "round waits for decisions ('makelaar round besluit').",
        },
    },
)


class Beoordeling(BaseModel):
    """The learning session's answer on one proposal."""

    besluit: Keuze = "open"
    reden: str = ""


@dataclass(frozen=True)
class Formulier:
    """The form for one pause: its model (with the description) and which field is which code."""

    model: type[RunInput]
    codes: dict[str, str]  # field name -> proposal code


def field_name(code: str, taken: set[str]) -> str:
    """A form field for a proposal code: 'signalen-opvolgen' → 'v_signalen_opvolgen' (unique)."""
    base = "v_" + re.sub(r"[^A-Za-z0-9]+", "_", code).strip("_").lower()
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def _description(ronde: RoundRef, open_: list[VoorstelWeergave], taal: Taal) -> str:
    """The form's Markdown: every open proposal with its text and evidence, all data literal."""
    lines = [
        "# "
        + markdown_literal(
            vertaal(
                _TEKSTEN,
                "kop",
                taal,
                ronde=ronde.id,
                gemeente=ronde.gemeente_naam,
                cyclus=ronde.cyclus,
                periode=ronde.periode,
            )
        ),
        "",
        vertaal(_TEKSTEN, "uitleg", taal),
    ]
    for v in open_:
        d = v.voorstel
        lines += [
            "",
            f"## {markdown_literal(d.titel)} ({markdown_literal(d.code)})",
            "",
            f"*{vertaal(_TEKSTEN, 'verandert', taal)}:* " + markdown_literal("; ".join(v.secties)),
            "",
            # the proposal's Markdown shown as its plain text, made literal: no markup from data
            *(f"> {markdown_literal(line)}" for line in platte_tekst(d.tekst).strip().splitlines()),
            "",
            f"*{vertaal(_TEKSTEN, 'onderbouwing', taal)}:*",
            "",
        ]
        for b in v.bevindingen:
            lines.append(f"- {markdown_literal(b.titel)}: {markdown_literal(b.tekst)}")
            lines += [f"  - {markdown_literal(c)}" for c in b.cijfers]
        if d.bewijs:
            lines.append(f"- {markdown_literal(d.bewijs)}")
        if not v.bevindingen and not d.bewijs:
            lines.append(f"- {markdown_literal(d.onderbouwing)}")
    return "\n".join(lines) + "\n"


def form_for(ronde: RoundRef, voorstellen: list[VoorstelWeergave], taal: Taal) -> Formulier:
    """A RunInput model with one Beoordeling per open proposal (titled by the proposal) and who
    decided; None of its titles or descriptions is markup from data."""
    fields: dict[str, Any] = {}
    codes: dict[str, str] = {}
    open_ = [v for v in voorstellen if v.open]
    for v in open_:
        name = field_name(v.voorstel.code, set(codes))
        codes[name] = v.voorstel.code
        fields[name] = (
            Beoordeling,
            Field(
                default_factory=Beoordeling,
                title=v.voorstel.titel,
                description=f"{v.voorstel.code} · " + "; ".join(v.secties),
            ),
        )
    fields["besloten_door"] = (
        str,
        Field(
            min_length=1,
            max_length=200,
            title=vertaal(_TEKSTEN, "door", taal),
            description=vertaal(_TEKSTEN, "door_uitleg", taal),
        ),
    )
    model = create_model("Leerbijeenkomst", __base__=RunInput, **fields)
    return Formulier(model=model, codes=codes)


def hold_form(store: Store, outcome: RoundOutcome, taal: Taal, log: Any) -> list[str]:
    """Pause the running flow with the round's form when the round waits for decisions; record
    the answers. Returns the lines logged (what was recorded, what was not); empty when the round
    waited for nothing, nothing was open or nobody answered in time."""
    from prefect.exceptions import FlowPauseTimeout

    if not outcome.wacht_op_besluiten:
        return []
    ronde = outcome.ronde
    voorstellen = weergave(store, ronde, taal)
    if not any(v.open for v in voorstellen):
        return []
    formulier = form_for(ronde, voorstellen, taal)
    description = _description(ronde, [v for v in voorstellen if v.open], taal)
    waar = _run_page()
    # The proposals in full (text, sections, evidence) beside the form, as the run's artifact
    create_markdown_artifact(
        description,
        key=f"leerbijeenkomst-ronde-{ronde.id}",
        description=vertaal(
            _TEKSTEN,
            "kop",
            taal,
            ronde=ronde.id,
            gemeente=ronde.gemeente_naam,
            cyclus=ronde.cyclus,
            periode=ronde.periode,
        ),
    )
    terminal.warning(
        vertaal(
            _TEKSTEN,
            "wacht_op_formulier",
            taal,
            ronde=ronde.id,
            waar=waar,
            minuten=max(1, FORM_TIMEOUT_S // 60),
        )
    )
    try:
        antwoord = pause_flow_run(
            wait_for_input=formulier.model.with_initial_data(description=description),
            timeout=FORM_TIMEOUT_S,
            poll_interval=POLL_INTERVAL_S,
            key=f"leerbijeenkomst-{ronde.id}",
        )
    except FlowPauseTimeout:
        log.warning(vertaal(_TEKSTEN, "verlopen", taal, minuten=max(1, FORM_TIMEOUT_S // 60)))
        return []
    return record_answers(store, ronde, formulier, antwoord, taal, log)


def _run_page() -> str:
    """Where the paused run's form is: its page in Prefect's UI, else its id."""
    from prefect.runtime import flow_run
    from prefect.settings import get_current_settings

    ui = get_current_settings().ui_url
    return f"{str(ui).rstrip('/')}/runs/flow-run/{flow_run.id}" if ui else f"run {flow_run.id}"


def refuse_without_ui(taal: Taal) -> None:
    """A form needs Prefect's UI: refused, saying what to do, when no Prefect server is set."""
    from makelaar.flows.server import configured_api_url

    if not configured_api_url():
        raise MakelaarError(vertaal(_TEKSTEN, "geen_ui", taal))


def record_answers(
    store: Store, ronde: RoundRef, formulier: Formulier, antwoord: Any, taal: Taal, log: Any
) -> list[str]:
    """Record each decided answer through `decide` (history kept); returns the lines logged."""
    door = str(getattr(antwoord, "besloten_door", "")).strip() or None
    lines: list[str] = []
    for name, code in formulier.codes.items():
        beoordeling = getattr(antwoord, name)
        if beoordeling.besluit == "open":
            continue
        besluit = Besluit(beoordeling.besluit)
        if not beoordeling.reden.strip():
            line = vertaal(
                _TEKSTEN,
                "geen_reden",
                taal,
                code=code,
                besluit=vertaal(_TEKSTEN, besluit.value, taal),
            )
            log.warning(line)
            lines.append(line)
            continue
        decide(store, ronde.id, code, besluit, beoordeling.reden, door=door)
        line = vertaal(
            _TEKSTEN,
            "vastgelegd",
            taal,
            code=code,
            besluit=vertaal(_TEKSTEN, besluit.value, taal),
            reden=beoordeling.reden.strip(),
            door=door or "?",
        )
        log.info(line)
        lines.append(line)
    return lines
