"""What a round leaves in Prefect: a Markdown summary that fits its cycle, its indicator table and
a link to its document, and the paragraphs a waiting round shows (its summary quotes them).

Every cycle's run gets all three, under keys that name the round (`artifact_key`):
- `ronde-…`: the summary: phases, sources, surveys and their response, indicators and findings,
  the proposals with the learning session's decisions (adopted, rejected, postponed, open), and
  the round's document. What fits the cycle comes from the cycle itself, through its contract's
  optional `samenvatting` (cycles.spec.Samenvatting), over its phases' results read as its own
  models: the casusregie gives the verdict per criterion of the gemeente with its evidence; the
  actieonderzoek says which interim study it is, its thematic findings and the quotes that
  passed screening, and, at the programme's end, adds the handreiking for other municipalities.
  flows knows no cycle by name, so a plugin cycle can add its own.
- `indicatoren-…`: a table of the round's indicators (value, 95% interval, basis, previous round,
  change), a suppressed figure shown as 'onderdrukt' with its reason.

All of it reads in the configured language (`Settings.locale`: Dutch by default, English), its
words from the catalogue 'artefacten' (flows/artefacten_teksten.py); a cycle's own part is given
the same settings.
- `document-…` (and `handreiking-…` for the actieonderzoek's guide): a link to the PDF, as the
  address under MAKELAAR_OUTPUT_URL when the output folder is published there, else a file:// URL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.client.schemas.objects import FlowRun
from pydantic import BaseModel

from makelaar.cycles.enquetes import EnqueteStand, survey_status
from makelaar.cycles.leerbijeenkomst import Decision, decisions
from makelaar.cycles.rounds import (
    PHASES,
    RoundOutcome,
    result_type,
    stored_result,
)
from makelaar.cycles.spec import SAMENVATTING_ATTRIBUTE, Fasenresultaten, Samenvatting
from makelaar.flows.artefacten_teksten import TEKSTEN
from makelaar.forms.tijden import lokaal
from makelaar.models.domain import Besluit, Fase, fase_label, publiek_label
from makelaar.models.markdown import markdown_literal
from makelaar.models.schemas import ApplyResult, ObserveResult, ReflectResult, RoundRef
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.taal import Taal, vertaal

__all__ = [
    "CONTINUATION_DELAY",
    "SUPPRESSED",
    "WAITING_STATE_NAME",
    "DocumentLink",
    "artifact_key",
    "continuation_time",
    "document_links",
    "document_url",
    "indicator_rows",
    "publish_round_artifacts",
    "round_summary",
    "survey_waiting_message",
    "waiting_message",
    "waiting_state_name",
]

SUPPRESSED = vertaal(TEKSTEN, "onderdrukt", "nl")
#: the state a flow run ends in while its survey windows are open (its name in Prefect's UI)
WAITING_STATE_NAME = vertaal(TEKSTEN, "wacht_enquetes", "nl")
#: the continuation starts this long after the last window closed (clock differences, late posts)
CONTINUATION_DELAY = dt.timedelta(minutes=5)


def _t(taal: Taal, key: str, **waarden: object) -> str:
    return vertaal(TEKSTEN, key, taal, **waarden)


def waiting_state_name(taal: Taal) -> str:
    """The name of the state a run ends in while its surveys are open: WAITING_STATE_NAME, or
    'Waiting for surveys' in English."""
    return _t(taal, "wacht_enquetes")


def artifact_key(kind: str, ronde: RoundRef) -> str:
    """A Prefect artifact key (lowercase letters, digits, dashes) naming the round."""
    raw = f"{kind}-{ronde.gemeente_code}-{ronde.cyclus}-{ronde.periode}".lower()
    return re.sub(r"[^a-z0-9]+", "-", raw).strip("-")


@dataclass(frozen=True)
class DocumentLink:
    """One document of the round as a Prefect link artifact."""

    soort: str  # the artifact key's kind: "document" or "handreiking"
    url: str
    tekst: str
    beschrijving: str


def _results(store: Store, ronde_id: int, cycle: object | None) -> Fasenresultaten:
    """The round's stored phase results, each read as its cycle's own model."""

    def read(fase: Fase) -> BaseModel | None:
        kind = result_type(cycle, fase) if cycle is not None else None
        return stored_result(store, ronde_id, fase, kind)

    return Fasenresultaten(read(Fase.OBSERVE), read(Fase.REFLECT), read(Fase.APPLY))


def _cycle_summary(
    store: Store,
    ronde: RoundRef,
    cycle: object | None,
    results: Fasenresultaten,
    settings: Settings,
) -> Samenvatting:
    """What the cycle adds to its round's summary (its contract's optional `samenvatting`)."""
    hook = getattr(cycle, SAMENVATTING_ATTRIBUTE, None)
    if hook is None:
        return Samenvatting()
    summary = hook(store, ronde, results, settings)
    if not isinstance(summary, Samenvatting):
        raise TypeError(
            f"{type(cycle).__name__}.samenvatting gaf {type(summary).__name__}, geen Samenvatting"
        )
    return summary


def publish_round_artifacts(
    store: Store,
    settings: Settings,
    cycle: object,
    outcome: RoundOutcome,
    *,
    vervolg: FlowRun | None = None,
) -> None:
    """The round's summary, its indicator table (once reflected) and a link to each of its
    documents (once applied), each replaced when the round runs again."""
    ronde, taal = outcome.ronde, settings.locale
    create_markdown_artifact(
        round_summary(store, outcome, vervolg=vervolg, cycle=cycle, settings=settings),
        key=artifact_key("ronde", ronde),
        description=_t(
            taal,
            "beschrijving_ronde",
            naam=ronde.gemeente_naam,
            cyclus=ronde.cyclus,
            periode=ronde.periode,
        ),
    )
    if isinstance(stored_result(store, ronde.id, Fase.REFLECT), ReflectResult):
        create_table_artifact(
            indicator_rows(store, ronde, taal),
            key=artifact_key("indicatoren", ronde),
            description=_t(taal, "beschrijving_indicatoren", id=ronde.id, periode=ronde.periode),
        )
    for link in document_links(store, settings, cycle, ronde):
        create_link_artifact(
            link.url,
            link_text=link.tekst,
            key=artifact_key(link.soort, ronde),
            description=link.beschrijving,
        )


def document_url(settings: Settings, pad: Path) -> str:
    """Where a reader opens `pad`: under MAKELAAR_OUTPUT_URL when it lies in the output folder
    and that folder is published, else its absolute file:// URL."""
    absolute = pad.expanduser().resolve()
    folder = settings.output_dir.expanduser().resolve()
    if settings.output_url and absolute.is_relative_to(folder):
        relative = absolute.relative_to(folder).as_posix()
        return f"{settings.output_url.rstrip('/')}/{quote(relative)}"
    return absolute.as_uri()


def document_links(
    store: Store, settings: Settings, cycle: object | None, ronde: RoundRef
) -> list[DocumentLink]:
    """The round's documents as links: the edition or report, and a programme's handreiking."""
    results = _results(store, ronde.id, cycle)
    applied = results.applied
    if not isinstance(applied, ApplyResult) or applied.pdf is None:
        return []
    extra = _cycle_summary(store, ronde, cycle, results, settings)
    taal = settings.locale
    naam = _document_name(applied, extra, taal)
    plaats = f"{ronde.gemeente_naam}, {ronde.cyclus}, {ronde.periode}"
    links = [
        DocumentLink(
            "document",
            document_url(settings, applied.pdf),
            _t(taal, "link_document", naam=naam),
            _t(taal, "beschrijving_document", naam=naam, id=ronde.id, plaats=plaats),
        )
    ]
    links += [
        DocumentLink(doc.soort, document_url(settings, doc.pad), doc.tekst, doc.beschrijving)
        for doc in extra.documenten
    ]
    return links


def _document_name(applied: ApplyResult, extra: Samenvatting, taal: Taal) -> str:
    """What the round's document is called: as its cycle says, else an edition."""
    return extra.documentnaam or _t(taal, "editie", editie=applied.editie)


def indicator_rows(store: Store, ronde: RoundRef, taal: Taal) -> list[dict[str, Any]]:
    """The round's indicators as table rows: value, 95% interval, basis, the previous round's value
    and the change with its reading; a suppressed figure shows as 'onderdrukt' ('suppressed')
    with its reason, never its number, interval or basis. The columns are named in `taal`."""
    from makelaar.cycles.indicatorweergave import reden, ronde_indicatoren

    weg = _t(taal, "onderdrukt")
    rows: list[dict[str, Any]] = []
    for regel in ronde_indicatoren(store, ronde.id, taal).regels:
        value, vorige = regel.waarde, regel.vorige
        verborgen = value.onderdrukt
        cellen: dict[str, Any] = {
            "indicator": value.indicator,
            "naam": regel.naam,
            "dimensie": value.dimensie,
            "sleutel": value.sleutel,
            "waarde": weg if verborgen else value.waarde,
            "ondergrens": None if verborgen else value.ondergrens,
            "bovengrens": None if verborgen else value.bovengrens,
            "basis": weg if verborgen else value.basis,
            "vorige": None if vorige is None else weg if vorige.onderdrukt else vorige.waarde,
            "verandering": regel.verandering(),
            "lezing": regel.lezing(taal),
            "onderdrukt": _t(taal, "ja" if verborgen else "nee"),
            "reden": reden(value, taal) if verborgen else "",
        }
        rows.append({_t(taal, f"kol_{kolom}"): cel for kolom, cel in cellen.items()})
    return rows


def round_summary(
    store: Store,
    outcome: RoundOutcome,
    *,
    now: dt.datetime | None = None,
    vervolg: FlowRun | None = None,
    cycle: object | None = None,
    settings: Settings | None = None,
) -> str:
    """The round in Markdown: phases, sources, surveys and their response, indicators, findings,
    proposals and decisions, the document, and what the round waits for. With the `cycle`, its
    phases' results are read as its own models, and what fits it is shown."""
    ronde = outcome.ronde
    settings = settings or get_settings()
    taal = settings.locale
    results = _results(store, ronde.id, cycle)
    extra = _cycle_summary(store, ronde, cycle, results, settings)
    reason = _t(taal, "reden_enquetes" if outcome.wacht_op_enquetes else "reden_besluiten")
    lines = [
        "# " + _t(taal, "titel", naam=_cell(ronde.gemeente_naam), code=ronde.gemeente_code),
        "",
        _t(
            taal,
            "kader",
            cyclus=ronde.cyclus,
            periode=ronde.periode,
            begin=f"{ronde.begin:%d-%m-%Y}",
            einde=f"{ronde.einde:%d-%m-%Y}",
            id=ronde.id,
        ),
        "",
        "## " + _t(taal, "kop_fasen"),
        "",
        _t(taal, "kol_fasen"),
        "|---|---|---:|",
    ]
    done = {phase.fase: phase for phase in outcome.fasen}
    for fase in PHASES:
        label = fase_label(fase, taal)
        if fase in done:
            state = _t(taal, "hervat" if done[fase].hervat else "uitgevoerd")
            lines.append(f"| {label} | {state} | {done[fase].duur_s:.2f} |")
        else:
            lines.append(f"| {label} | {_t(taal, 'niet_uitgevoerd', reden=reason)} | – |")
    if isinstance(results.observed, ObserveResult):
        lines += ["", "## " + _t(taal, "kop_bronnen"), "", _t(taal, "kol_bronnen")]
        lines.append("|---|---:|---:|---:|")
        for source in results.observed.bronnen:
            lines.append(
                f"| {_cell(source.bron)} | {source.gelezen} | {source.nieuw} | {source.bijgewerkt} |"
            )
    lines += _survey_lines(survey_status(store, ronde.id, now or dt.datetime.now(dt.UTC)), taal)
    lines += ["", "## " + _t(taal, "kop_uitkomsten"), ""]
    if isinstance(results.reflected, ReflectResult):
        suppressed = sum(value.onderdrukt for value in results.reflected.indicatoren)
        lines += [
            _t(
                taal,
                "indicatoren",
                aantal=len(results.reflected.indicatoren),
                onderdrukt=suppressed,
            ),
            _t(taal, "bevindingen", aantal=len(results.reflected.bevindingen)),
        ]
    taken = decisions(store, ronde.id)
    counts = {besluit.value: sum(d.besluit is besluit for d in taken) for besluit in Besluit}
    lines.append(_t(taal, "voorstellen", aantal=len(taken), **counts))
    lines += extra.regels
    lines += _proposal_lines(taken, taal)
    lines += _document_lines(results, extra, taal)
    if outcome.wacht_op_enquetes:
        kop = _t(taal, "wacht_enquetes")
        lines += ["", f"> **{kop}.** {survey_waiting_message(outcome, vervolg, taal)}"]
    if outcome.wacht_op_besluiten:
        kop = _t(taal, "wacht_leerbijeenkomst")
        lines += ["", f"> **{kop}.** {waiting_message(outcome, taal)}"]
    return "\n".join(lines) + "\n"


def _proposal_lines(taken: list[Decision], taal: Taal) -> list[str]:
    """The proposals for the learning session, each with its decision."""
    if not taken:
        return []
    lines = ["", "## " + _t(taal, "kop_voorstellen"), "", _t(taal, "kol_voorstellen"), "|---|---|"]
    lines += [f"| {_cell(d.titel)} | {_t(taal, f'besluit_{d.besluit.value}')} |" for d in taken]
    return lines


def _document_lines(results: Fasenresultaten, extra: Samenvatting, taal: Taal) -> list[str]:
    """The round's document: the edition, the pilot report or the interim report, and its files."""
    applied = results.applied
    if not isinstance(applied, ApplyResult):
        return []
    lines = ["", f"## {_document_name(applied, extra, taal)}", ""]
    if applied.pdf is not None:
        lines.append(f"- PDF: `{applied.pdf}`")
    if applied.html is not None:
        lines.append(f"- HTML: `{applied.html}`")
    if applied.voortgebouwd_op is not None:
        lines.append(_t(taal, "bouwt_voort", editie=applied.voortgebouwd_op))
    if applied.verschil is not None:
        lines.append(_t(taal, "verschil", pad=applied.verschil))
    if applied.onthullingsrapport is not None:
        lines.append(_t(taal, "onthulling", pad=applied.onthullingsrapport))
    lines += [f"- {doc.regel}: `{doc.pad}`" for doc in extra.documenten]
    return lines


def _survey_lines(standen: list[EnqueteStand], taal: Taal) -> list[str]:
    """The survey rounds with their window and response per audience (invited, answered)."""
    if not standen:
        return []
    lines = [
        "",
        "## " + _t(taal, "kop_enquetes"),
        "",
        _t(taal, "kol_enquetes"),
        "|---|---|---|---|---:|---:|---:|---:|",
    ]
    for s in standen:
        stand = (
            _t(taal, "gesloten_op", moment=lokaal(s.gesloten_op))
            if s.gesloten_op
            else _t(taal, "open")
        )
        pct = "–" if s.respons_pct is None else f"{s.respons_pct:.0f}%"
        lines.append(
            f"| {publiek_label(s.publiek, taal)} | {_cell(s.titel)} ({s.form_id}) | "
            f"{lokaal(s.opent_op)} – {lokaal(s.sluit_op)} | {stand} | {s.uitgenodigd} | "
            f"{s.bezig} | {s.beantwoord} | {pct} |"
        )
    return lines


def continuation_time(outcome: RoundOutcome) -> dt.datetime:
    """When the waiting round can go on: shortly after its last open window closes."""
    return max(stand.sluit_op for stand in outcome.wacht_op_enquetes) + CONTINUATION_DELAY


def survey_waiting_message(
    outcome: RoundOutcome, vervolg: FlowRun | None = None, taal: Taal = "nl"
) -> str:
    """What a round waiting for its surveys tells the researcher (one paragraph in `taal`)."""
    ronde = outcome.ronde
    open_ = "; ".join(
        _t(
            taal,
            "open_enquete",
            publiek=publiek_label(s.publiek, taal).lower(),
            form=s.form_id,
            id=s.enquete_ronde_id,
            sluit=lokaal(s.sluit_op),
            respons=_response(s, taal),
        )
        for s in outcome.wacht_op_enquetes
    )
    latest = max(s.sluit_op for s in outcome.wacht_op_enquetes)
    if vervolg is not None:
        then = _t(
            taal, "vervolg_prefect", run=vervolg.name, moment=lokaal(continuation_time(outcome))
        )
    else:
        then = _t(
            taal,
            "vervolg_zelf",
            moment=lokaal(latest),
            cyclus=ronde.cyclus,
            periode=ronde.periode,
            code=ronde.gemeente_code,
        )
    return _t(
        taal,
        "wacht_op_enquetes",
        id=ronde.id,
        code=ronde.gemeente_code,
        cyclus=ronde.cyclus,
        periode=ronde.periode,
        open=open_,
        vervolg=then,
    )


def _response(stand: EnqueteStand, taal: Taal) -> str:
    if not stand.uitgenodigd:
        return _t(taal, "nog_niemand")
    return _t(
        taal,
        "respons",
        beantwoord=stand.beantwoord,
        uitgenodigd=stand.uitgenodigd,
        pct=f"{stand.respons_pct:.0f}",
    )


def waiting_message(outcome: RoundOutcome, taal: Taal = "nl") -> str:
    """What a waiting round tells the researcher to do next (one paragraph in `taal`)."""
    ronde = outcome.ronde
    return _t(
        taal,
        "wacht_op_besluiten",
        id=ronde.id,
        code=ronde.gemeente_code,
        cyclus=ronde.cyclus,
        periode=ronde.periode,
        codes=", ".join(outcome.wacht_op_besluiten),
    )


def _cell(text: str) -> str:
    """Text from data (a source's or a form's name) as literal Markdown, also inside a table."""
    return markdown_literal(text)
