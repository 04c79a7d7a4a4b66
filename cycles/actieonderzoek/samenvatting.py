"""What an actieonderzoek round adds to its summary in Prefect: the interim study with its
findings and the quotes that passed screening, its document called an interim report, and the
programme's handreiking once the last interim study made it; in the configured language
(settings.locale), its words from the catalogue 'actieonderzoek_samenvatting'."""

from __future__ import annotations

from pathlib import Path

from makelaar.cycles.actieonderzoek.documenten import Gereflecteerd
from makelaar.cycles.spec import ApplyResult, ExtraDocument, Fasenresultaten, Samenvatting
from makelaar.models.markdown import markdown_literal
from makelaar.models.schemas import RoundRef
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.taal import Catalogus, Taal, catalogus, vertaal

__all__ = ["samenvatting"]

TEKSTEN: Catalogus = catalogus(
    "actieonderzoek_samenvatting",
    {
        "tussenrapport": {"nl": "Tussenrapport {editie}", "en": "Interim report {editie}"},
        "handreiking_link": {
            "nl": "Handreiking voor andere gemeenten (PDF)",
            "en": "Handreiking for other municipalities (PDF)",
        },
        "handreiking_beschrijving": {
            "nl": "De handreiking aan het eind van het programma, ronde {id} ({plaats})",
            "en": "The handreiking at the end of the programme, round {id} ({plaats})",
        },
        "handreiking_regel": {
            "nl": "Handreiking voor andere gemeenten",
            "en": "Handreiking for other municipalities",
        },
        "kop": {"nl": "Tussenstudie {nummer}", "en": "Interim study {nummer}"},
        "citaten": {
            "nl": "- Citaten uit de reflecties die de screening doorstonden: {aantal}",
            "en": "- Quotes from the reflections that passed screening: {aantal}",
        },
        "kolommen": {"nl": "| bevinding | soort |", "en": "| finding | kind |"},
        "soort_aandacht": {"nl": "aandacht", "en": "attention"},
        "soort_sterk": {"nl": "sterk", "en": "strength"},
    },
)


def samenvatting(
    store: Store,
    ronde: RoundRef,
    resultaten: Fasenresultaten,
    settings: Settings,
    handreiking: Path | None = None,
) -> Samenvatting:
    """`handreiking`: the programme's guide, when this round's apply made it."""
    taal: Taal = settings.locale
    applied = resultaten.applied
    naam = (
        vertaal(TEKSTEN, "tussenrapport", taal, editie=applied.editie)
        if isinstance(applied, ApplyResult)
        else None
    )
    documenten: tuple[ExtraDocument, ...] = ()
    if handreiking is not None:
        plaats = f"{ronde.gemeente_naam}, {ronde.cyclus}, {ronde.periode}"
        documenten = (
            ExtraDocument(
                soort="handreiking",
                pad=handreiking,
                tekst=vertaal(TEKSTEN, "handreiking_link", taal),
                beschrijving=vertaal(
                    TEKSTEN, "handreiking_beschrijving", taal, id=ronde.id, plaats=plaats
                ),
                regel=vertaal(TEKSTEN, "handreiking_regel", taal),
            ),
        )
    return Samenvatting(
        documentnaam=naam, regels=tuple(_tussenstudie(resultaten, taal)), documenten=documenten
    )


def _soort(soort: str, taal: Taal) -> str:
    """A finding's kind ('aandacht', 'sterk') in `taal`; another kind as it is written."""
    key = f"soort_{soort}"
    return vertaal(TEKSTEN, key, taal) if key in TEKSTEN else markdown_literal(soort)


def _tussenstudie(resultaten: Fasenresultaten, taal: Taal) -> list[str]:
    reflected = resultaten.reflected
    if not isinstance(reflected, Gereflecteerd):
        return []
    lines = [
        "",
        "## " + vertaal(TEKSTEN, "kop", taal, nummer=reflected.tussenstudie),
        "",
        vertaal(TEKSTEN, "citaten", taal, aantal=len(reflected.citaten)),
    ]
    if reflected.bevindingen:
        lines += ["", vertaal(TEKSTEN, "kolommen", taal), "|---|---|"]
        lines += [
            f"| {markdown_literal(finding.titel)} | {_soort(finding.soort, taal)} |"
            for finding in reflected.bevindingen
        ]
    return lines
