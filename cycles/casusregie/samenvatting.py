"""What a casusregie round adds to its summary in Prefect: the verdict per criterion of the
gemeente with its evidence (once reflected), and its document called a pilot report."""

from __future__ import annotations

from makelaar.cycles.casusregie import indicatoren as ind
from makelaar.cycles.casusregie.oordeel import beoordeel
from makelaar.cycles.casusregie.resultaat import CasusregieObserved
from makelaar.cycles.rounds import stored_indicators
from makelaar.cycles.spec import Fasenresultaten, Samenvatting
from makelaar.models.markdown import markdown_literal
from makelaar.models.schemas import ApplyResult, RoundRef
from makelaar.models.settings import Settings
from makelaar.models.store import Store

__all__ = ["samenvatting"]

UITKOMST_WOORDEN = {
    "gehaald": "gehaald",
    "niet_gehaald": "niet gehaald",
    "niet_te_zeggen": "niet te zeggen",
}


def samenvatting(
    store: Store, ronde: RoundRef, resultaten: Fasenresultaten, settings: Settings
) -> Samenvatting:
    applied = resultaten.applied
    naam = f"Pilotrapport {applied.editie}" if isinstance(applied, ApplyResult) else None
    return Samenvatting(
        documentnaam=naam, regels=tuple(_criteria(store, ronde, resultaten, settings))
    )


def _criteria(
    store: Store, ronde: RoundRef, resultaten: Fasenresultaten, settings: Settings
) -> list[str]:
    observed = resultaten.observed
    if not isinstance(observed, CasusregieObserved) or resultaten.reflected is None:
        return []
    oordelen = beoordeel(
        observed.instellingen,
        ind.op_gemeente(stored_indicators(store, ronde.id)),
        drempel=settings.min_cell_size,
        taal="nl",
    )
    huishoudens = observed.aantallen.get("casussen", 0)
    bron = (
        "het instellingenbestand van de gemeente"
        if observed.eigen_instellingen
        else "de standaardcriteria (de gemeente heeft geen eigen instellingenbestand)"
    )
    lines = [
        "",
        "## Criteria van de pilot",
        "",
        f"{markdown_literal(observed.instellingen.pilot)}: {huishoudens} huishoudens, getoetst "
        f"aan {bron}. Een criterium is gehaald of niet gehaald als het hele 95%-interval aan één "
        "kant van de grens ligt; anders is het met zo weinig huishoudens niet te zeggen.",
        "",
        "| criterium | uitkomst | bewijs |",
        "|---|---|---|",
    ]
    for oordeel in oordelen:
        lines.append(
            f"| {markdown_literal(oordeel.tekst)} | {UITKOMST_WOORDEN[oordeel.uitkomst]} | "
            f"{markdown_literal(oordeel.bewijs)} |"
        )
    telling = {u: sum(o.uitkomst == u for o in oordelen) for u in UITKOMST_WOORDEN}
    lines += [
        "",
        "Gehaald: {gehaald}, niet gehaald: {niet_gehaald}, niet te zeggen: {niet_te_zeggen}.".format(
            **telling
        ),
    ]
    return lines
