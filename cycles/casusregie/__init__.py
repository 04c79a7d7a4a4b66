"""The casusregie cycle (Woerden pilot): households with multiple problems, reported to the
municipality and coordinated by a broker, judged against the gemeente's own criteria.

Observe: the case records, the households' satisfaction survey and the volunteers' and
professionals' view of their collaboration (the cycle's own tables, imported with
`cycles.casusregie.importeren`; files named in the round's `bestanden` as "casussen",
"tevredenheid" or "samenwerking" are imported first), and the gemeente's settings
(`cycles.casusregie.instellingen`). Reflect: the indicators, honest for a handful of households
(`cycles.casusregie.indicatoren`), and per criterion a verdict (`cycles.casusregie.oordeel`).
Improve: proposals for the way of working where a criterion is not met or cannot be judged.
Apply: the pilot report (`cycles.casusregie.rapport`), not a handreiking edition.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar, Literal

from makelaar.cycles.casusregie import indicatoren as ind
from makelaar.cycles.casusregie.gegevens import laad as gegevens_van
from makelaar.cycles.casusregie.importeren import importeer
from makelaar.cycles.casusregie.instellingen import (
    CasusregieInstellingen,
    instellingen_pad,
    laad_instellingen,
    schrijf_voorbeeld,
)
from makelaar.cycles.casusregie.oordeel import Oordeel, beoordeel
from makelaar.cycles.casusregie.rapport import schrijf_rapport
from makelaar.cycles.casusregie.resultaat import CasusregieObserved
from makelaar.cycles.casusregie.teksten import RAPPORT
from makelaar.cycles.casusregie.voorstellen import SECTIE, voorstellen
from makelaar.cycles.rounds import stored_result
from makelaar.cycles.spec import DemoPlan, Fasenresultaten, Indicator, RoundContext, Samenvatting
from makelaar.models.domain import Fase
from makelaar.models.errors import RoundError
from makelaar.models.privacy import Pseudonymiser, load_key
from makelaar.models.schemas import (
    ApplyResult,
    Finding,
    ImproveResult,
    IndicatorValue,
    ObserveResult,
    ReflectResult,
    RoundRef,
    SourceReport,
)
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.taal import in_taal, vertaal

__all__ = ["CasusregieCycle", "CasusregieObserved"]

HIER = Path(__file__).parent
BESTANDEN: tuple[Literal["casussen", "tevredenheid", "samenwerking"], ...] = (
    "casussen",
    "tevredenheid",
    "samenwerking",
)


#: the gemeente of the demo pilot (Woerden)
DEMO_GEMEENTE = "GM0632"


class CasusregieCycle:
    """Case records, satisfaction and collaboration; verdicts per criterion; a pilot report."""

    name = "casusregie"
    title = "Casusregie (Woerden): huishoudens met meervoudige problemen, oordeel per criterium"
    indicatoren: tuple[Indicator, ...] = ind.INDICATOREN
    inhoud = HIER / "inhoud"
    migraties = HIER / "migraties"
    #: the files a round may be given (`makelaar round run --bestand SOORT=PAD`), imported first
    invoerbestanden: ClassVar[Mapping[str, str]] = {
        "casussen": "de casusregistratie: één rij per huishouden en melding (CSV of XLSX)",
        "tevredenheid": "de tevredenheidsvragenlijst van de huishoudens (CSV of XLSX)",
        "samenwerking": "het oordeel van vrijwilligers en professionals over hun samenwerking "
        "(CSV of XLSX)",
    }

    def schrijf_instellingen(self, settings: Settings, gemeente_code: str) -> Path:
        """The gemeente's commented settings file, where observe reads it (`makelaar init`)."""
        return schrijf_voorbeeld(instellingen_pad(settings, gemeente_code), gemeente_code)

    def samenvatting(
        self, store: Store, ronde: RoundRef, resultaten: Fasenresultaten, settings: Settings
    ) -> Samenvatting:
        """The verdict per criterion in the round's Prefect summary; a pilot report by name."""
        from makelaar.cycles.casusregie.samenvatting import samenvatting

        return samenvatting(store, ronde, resultaten, settings)

    def maak_demo(self, store: Store, settings: Settings, jaar: int, seed: int) -> DemoPlan:
        """A Woerden-like pilot of `jaar` (`makelaar demo --cycle casusregie`): one round."""
        from makelaar.cycles.casusregie.demo import generate_demo

        demo = generate_demo(
            store, DEMO_GEMEENTE, jaar, seed, gemeente_naam="Woerden", settings=settings
        )
        return DemoPlan(
            gemeente_code=DEMO_GEMEENTE,
            perioden=(str(jaar),),
            verslag=in_taal(
                settings.locale,
                f"Woerden ({DEMO_GEMEENTE}): {demo.casussen_nieuw} huishoudens nieuw, "
                f"{demo.tevredenheid_nieuw} tevredenheidsantwoorden, "
                f"{demo.samenwerking_nieuw} oordelen over de samenwerking",
                f"Woerden ({DEMO_GEMEENTE}): {demo.casussen_nieuw} new households, "
                f"{demo.tevredenheid_nieuw} satisfaction answers, "
                f"{demo.samenwerking_nieuw} collaboration scores",
            ),
        )

    def observe(self, ctx: RoundContext) -> CasusregieObserved:
        ronde, taal = ctx.ronde, ctx.settings.locale
        pad = instellingen_pad(ctx.settings, ronde.gemeente_code)
        eigen = pad.is_file()
        instellingen = (
            laad_instellingen(pad, taal=taal, gemeente=ronde.gemeente_code)
            if eigen
            else CasusregieInstellingen(gemeente=ronde.gemeente_code)
        )
        bronnen: list[SourceReport] = []
        for soort in BESTANDEN:
            if soort not in ctx.bestanden:
                continue
            rapport = importeer(
                ctx.store,
                ctx.bestanden[soort],
                soort=soort,
                gemeente_code=ronde.gemeente_code,
                pseudoniemen=Pseudonymiser(load_key(ctx.settings)[0]),
                schaal=instellingen.schaal,
                locale=taal,
                vandaag=ctx.nu().date(),
            )
            if rapport.aantal_fouten:
                fouten = "\n".join(f"  - {f.tekst(taal)}" for f in rapport.fouten[:20])
                raise RoundError(
                    in_taal(
                        taal,
                        f"{rapport.bestand} is geweigerd; er is niets opgeslagen:\n{fouten}",
                        f"{rapport.bestand} was refused; nothing was stored:\n{fouten}",
                    )
                )
            bronnen.append(
                SourceReport(
                    bron=rapport.bestand,
                    gelezen=rapport.gelezen,
                    nieuw=rapport.nieuw,
                    bijgewerkt=rapport.bijgewerkt,
                )
            )
        gegevens = gegevens_van(ctx.store, ronde.gemeente_code, ronde.begin, ronde.einde)
        if not gegevens.casussen:
            raise RoundError(
                in_taal(
                    taal,
                    f"Gemeente {ronde.gemeente_naam} heeft geen casussen gemeld tussen "
                    f"{ronde.begin:%d-%m-%Y} en {ronde.einde:%d-%m-%Y}. Importeer de "
                    "casusregistratie (bestand 'casussen') of kies een andere periode.",
                    f"Gemeente {ronde.gemeente_naam} has no cases reported between "
                    f"{ronde.begin:%d-%m-%Y} and {ronde.einde:%d-%m-%Y}. Import the case "
                    "records (file 'casussen') or choose another period.",
                )
            )
        aantallen = {
            "casussen": len(gegevens.casussen),
            "afgesloten": sum(c["afgesloten_op"] is not None for c in gegevens.casussen),
            "tevredenheid": len(gegevens.antwoorden),
            "samenwerking": len(gegevens.samenwerking),
        }
        bronnen += [
            SourceReport(
                bron=vertaal(RAPPORT, "bron_casussen", taal), gelezen=aantallen["casussen"]
            ),
            SourceReport(
                bron=vertaal(RAPPORT, "bron_tevredenheid", taal), gelezen=aantallen["tevredenheid"]
            ),
            SourceReport(
                bron=vertaal(RAPPORT, "bron_samenwerking", taal),
                gelezen=aantallen["samenwerking"],
            ),
        ]
        return CasusregieObserved(
            bronnen=bronnen,
            aantallen=aantallen,
            instellingen=instellingen,
            eigen_instellingen=eigen,
        )

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        ronde = ctx.ronde
        gegevens = gegevens_van(ctx.store, ronde.gemeente_code, ronde.begin, ronde.einde)
        waarden = ind.bereken(gegevens, ronde.gemeente_code, ctx.settings.min_cell_size)
        oordelen = _oordelen(ctx, waarden)
        bevindingen = [
            Finding(
                code=f"casusregie-{o.criterium}",
                soort="sterk" if o.uitkomst == "gehaald" else "aandacht",
                titel=f"{o.tekst}: {o.uitkomst_tekst}",
                tekst=f"{o.bewijs}. {o.lezing}",
                sectie_id=SECTIE,
            )
            for o in oordelen
        ]
        return ReflectResult(indicatoren=waarden, bevindingen=bevindingen)

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        oordelen = _oordelen(ctx, reflected.indicatoren)
        return ImproveResult(
            voorstellen=voorstellen(oordelen, ctx.ronde.periode, ctx.settings.locale)
        )

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        return schrijf_rapport(ctx, _observed(ctx), self.inhoud)


def _observed(ctx: RoundContext) -> CasusregieObserved:
    result = stored_result(ctx.store, ctx.ronde.id, Fase.OBSERVE, CasusregieObserved)
    if not isinstance(result, CasusregieObserved):
        raise RoundError(
            in_taal(
                ctx.settings.locale,
                f"Ronde {ctx.ronde.id}: de fase observe is nog niet afgerond; voer de ronde opnieuw "
                "uit.",
                f"Round {ctx.ronde.id}: the phase observe has not finished yet; run the round again.",
            )
        )
    return result


def _oordelen(ctx: RoundContext, waarden: list[IndicatorValue]) -> list[Oordeel]:
    """The verdict per criterion of the gemeente's settings kept with the round."""
    return beoordeel(
        _observed(ctx).instellingen,
        ind.op_gemeente(waarden),
        drempel=ctx.settings.min_cell_size,
        taal=ctx.settings.locale,
    )
