"""What a casusregie round adds to its summary in Prefect: the verdict per criterion of the
gemeente with its evidence (once reflected), and its document called a pilot report; in the
configured language (settings.locale), its words from the catalogue 'casusregie_samenvatting'."""

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
from makelaar.models.taal import Catalogus, Taal, catalogus, vertaal

__all__ = ["samenvatting"]

TEKSTEN: Catalogus = catalogus(
    "casusregie_samenvatting",
    {
        "pilotrapport": {"nl": "Pilotrapport {editie}", "en": "Pilot report {editie}"},
        "kop": {"nl": "Criteria van de pilot", "en": "The pilot's criteria"},
        "bron_eigen": {
            "nl": "het instellingenbestand van de gemeente",
            "en": "the gemeente's settings file",
        },
        "bron_standaard": {
            "nl": "de standaardcriteria (de gemeente heeft geen eigen instellingenbestand)",
            "en": "the default criteria (the gemeente has no settings file of its own)",
        },
        "uitleg": {
            "nl": "{pilot}: {huishoudens} huishoudens, getoetst aan {bron}. Een criterium is "
            "gehaald of niet gehaald als het hele 95%-interval aan één kant van de grens ligt; "
            "anders is het met zo weinig huishoudens niet te zeggen.",
            "en": "{pilot}: {huishoudens} households, tested against {bron}. A criterion is met "
            "or not met when the whole 95% interval lies on one side of the threshold; "
            "otherwise, with so few households, it cannot be said.",
        },
        "kolommen": {
            "nl": "| criterium | uitkomst | bewijs |",
            "en": "| criterion | outcome | evidence |",
        },
        "gehaald": {"nl": "gehaald", "en": "met"},
        "niet_gehaald": {"nl": "niet gehaald", "en": "not met"},
        "niet_te_zeggen": {"nl": "niet te zeggen", "en": "cannot be said"},
        "telling": {
            "nl": "Gehaald: {gehaald}, niet gehaald: {niet_gehaald}, niet te zeggen: "
            "{niet_te_zeggen}.",
            "en": "Met: {gehaald}, not met: {niet_gehaald}, cannot be said: {niet_te_zeggen}.",
        },
    },
)
#: the verdicts, in the order the count names them
UITKOMSTEN = ("gehaald", "niet_gehaald", "niet_te_zeggen")


def samenvatting(
    store: Store, ronde: RoundRef, resultaten: Fasenresultaten, settings: Settings
) -> Samenvatting:
    applied = resultaten.applied
    naam = (
        vertaal(TEKSTEN, "pilotrapport", settings.locale, editie=applied.editie)
        if isinstance(applied, ApplyResult)
        else None
    )
    return Samenvatting(
        documentnaam=naam, regels=tuple(_criteria(store, ronde, resultaten, settings))
    )


def _criteria(
    store: Store, ronde: RoundRef, resultaten: Fasenresultaten, settings: Settings
) -> list[str]:
    observed = resultaten.observed
    if not isinstance(observed, CasusregieObserved) or resultaten.reflected is None:
        return []
    taal: Taal = settings.locale
    oordelen = beoordeel(
        observed.instellingen,
        ind.op_gemeente(stored_indicators(store, ronde.id)),
        drempel=settings.min_cell_size,
        taal=taal,
    )
    bron = vertaal(TEKSTEN, "bron_eigen" if observed.eigen_instellingen else "bron_standaard", taal)
    uitleg = vertaal(
        TEKSTEN,
        "uitleg",
        taal,
        pilot=markdown_literal(observed.instellingen.pilot),
        huishoudens=observed.aantallen.get("casussen", 0),
        bron=bron,
    )
    lines = ["", "## " + vertaal(TEKSTEN, "kop", taal), "", uitleg, ""]
    lines += [vertaal(TEKSTEN, "kolommen", taal), "|---|---|---|"]
    for oordeel in oordelen:
        lines.append(
            f"| {markdown_literal(oordeel.tekst)} | {vertaal(TEKSTEN, oordeel.uitkomst, taal)} | "
            f"{markdown_literal(oordeel.bewijs)} |"
        )
    telling = {u: sum(o.uitkomst == u for o in oordelen) for u in UITKOMSTEN}
    return [*lines, "", vertaal(TEKSTEN, "telling", taal, **telling)]
