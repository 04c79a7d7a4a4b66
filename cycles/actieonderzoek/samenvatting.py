"""What an actieonderzoek round adds to its summary in Prefect: the interim study with its
findings and the quotes that passed screening, its document called an interim report, and the
programme's handreiking once the last interim study made it."""

from __future__ import annotations

from pathlib import Path

from makelaar.cycles.actieonderzoek.documenten import Gereflecteerd
from makelaar.cycles.spec import ApplyResult, ExtraDocument, Fasenresultaten, Samenvatting
from makelaar.models.markdown import markdown_literal
from makelaar.models.schemas import RoundRef
from makelaar.models.settings import Settings
from makelaar.models.store import Store

__all__ = ["samenvatting"]


def samenvatting(
    store: Store,
    ronde: RoundRef,
    resultaten: Fasenresultaten,
    settings: Settings,
    handreiking: Path | None = None,
) -> Samenvatting:
    """`handreiking`: the programme's guide, when this round's apply made it."""
    applied = resultaten.applied
    naam = f"Tussenrapport {applied.editie}" if isinstance(applied, ApplyResult) else None
    documenten: tuple[ExtraDocument, ...] = ()
    if handreiking is not None:
        plaats = f"{ronde.gemeente_naam}, {ronde.cyclus}, {ronde.periode}"
        documenten = (
            ExtraDocument(
                soort="handreiking",
                pad=handreiking,
                tekst="Handreiking voor andere gemeenten (PDF)",
                beschrijving=f"De handreiking aan het eind van het programma, ronde {ronde.id} "
                f"({plaats})",
                regel="Handreiking voor andere gemeenten",
            ),
        )
    return Samenvatting(
        documentnaam=naam, regels=tuple(_tussenstudie(resultaten)), documenten=documenten
    )


def _tussenstudie(resultaten: Fasenresultaten) -> list[str]:
    reflected = resultaten.reflected
    if not isinstance(reflected, Gereflecteerd):
        return []
    lines = [
        "",
        f"## Tussenstudie {reflected.tussenstudie}",
        "",
        f"- Citaten uit de reflecties die de screening doorstonden: {len(reflected.citaten)}",
    ]
    if reflected.bevindingen:
        lines += ["", "| bevinding | soort |", "|---|---|"]
        lines += [
            f"| {markdown_literal(finding.titel)} | {finding.soort} |"
            for finding in reflected.bevindingen
        ]
    return lines
