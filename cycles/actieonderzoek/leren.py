"""What a round of the actieonderzoek learned (findings) and what it proposes to change in the way
of working (proposals for the learning session).

Findings rest on published figures only (a suppressed value never counts) and on the settings'
thresholds. Proposals are written for the way of working, not for a team: their titles and texts
name themes, never a team, wijk or person, so an adopted one can go into the handreiking for other
municipalities as it stands.
"""

from __future__ import annotations

from collections.abc import Sequence

from makelaar.cycles.actieonderzoek.gegevens import Citaat
from makelaar.cycles.actieonderzoek.instellingen import Instellingen
from makelaar.cycles.spec import Finding, IndicatorValue, Proposal

__all__ = [
    "MAX_CITATEN",
    "SECTIE_GEMEENTE",
    "SECTIE_ORGANISATIE",
    "SECTIE_WIJK",
    "bevindingen",
    "voorstellen",
]

SECTIE_GEMEENTE = "actieonderzoek-gemeente"
SECTIE_ORGANISATIE = "actieonderzoek-organisatie"
SECTIE_WIJK = "actieonderzoek-wijk"
MAX_CITATEN = 4


def nl_getal(value: float, decimalen: int = 0) -> str:
    text = f"{value:,.{decimalen}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _waarde(
    values: Sequence[IndicatorValue], indicator: str, dimensie: str, sleutel: str
) -> IndicatorValue | None:
    for v in values:
        if (v.indicator, v.dimensie, v.sleutel) == (indicator, dimensie, sleutel):
            return None if v.onderdrukt or v.waarde is None else v
    return None


def bevindingen(
    values: Sequence[IndicatorValue],
    citaten: Sequence[Citaat],
    instellingen: Instellingen,
    gemeente_code: str,
) -> list[Finding]:
    """The round's findings, from its published figures and the settings' thresholds."""
    d = instellingen.drempels
    result: list[Finding] = []
    for thema, spec in instellingen.codeboek.items():
        v = _waarde(values, "ao_vraag_thema", "thema", thema)
        if v is not None and (v.waarde or 0) >= d.vragen_per_thema:
            aanbod = (
                f" Een collectief aanbod ligt voor de hand, zoals: {spec.collectief_aanbod}."
                if spec.collectief_aanbod
                else ""
            )
            result.append(
                Finding(
                    code=f"vragen-{thema}",
                    soort="aandacht",
                    titel=f"Veel vragen over {spec.label.lower()}",
                    tekst=(
                        f"Uit de sociaal teams kwamen {nl_getal(v.waarde or 0)} vragen over "
                        f"{spec.label.lower()} (drempel: {d.vragen_per_thema}).{aanbod}"
                    ),
                    sectie_id=SECTIE_WIJK,
                    bewijs=[f"ao_vraag_thema/thema/{thema}"],
                )
            )
        r = _waarde(values, "ao_reflectie_thema", "thema", thema)
        if r is not None and (r.waarde or 0) >= d.reflecties_per_thema:
            result.append(
                Finding(
                    code=f"reflecties-{thema}",
                    soort="aandacht",
                    titel=f"Reflecties noemen vaak {spec.label.lower()}",
                    tekst=(
                        f"{nl_getal(r.waarde or 0)} reflecties van makelaars en sociaal werkers "
                        f"noemen {spec.label.lower()} (drempel: {d.reflecties_per_thema})."
                    ),
                    sectie_id=SECTIE_ORGANISATIE,
                    bewijs=[f"ao_reflectie_thema/thema/{thema}"],
                )
            )
    c = _waarde(values, "ao_collectief", "gemeente", gemeente_code)
    if c is not None:
        laag = (c.waarde or 0) < 100 * d.aandeel_collectief
        result.append(
            Finding(
                code="collectief-aandeel",
                soort="aandacht" if laag else "sterk",
                titel=(
                    "Weinig vragen leiden tot een collectief aanbod"
                    if laag
                    else "Vragen leiden vaak tot een collectief aanbod"
                ),
                tekst=(
                    f"{nl_getal(c.waarde or 0)}% van de vragen leidde tot een collectief aanbod "
                    f"(95%-interval {nl_getal(c.ondergrens or 0)}–{nl_getal(c.bovengrens or 0)}%; "
                    f"drempel {nl_getal(100 * d.aandeel_collectief)}%)."
                ),
                sectie_id=SECTIE_ORGANISATIE,
                bewijs=[f"ao_collectief/gemeente/{gemeente_code}"],
            )
        )
    s = _waarde(values, "ao_samenwerking", "gemeente", gemeente_code)
    if s is not None:
        laag = (s.waarde or 0) < d.samenwerking_minimum
        result.append(
            Finding(
                code="samenwerking",
                soort="aandacht" if laag else "sterk",
                titel=(
                    "De samenwerking met het sociaal team kan beter"
                    if laag
                    else "Makelaar en sociaal werkers werken goed samen"
                ),
                tekst=(
                    f"De ervaren samenwerking is gemiddeld {nl_getal(s.waarde or 0, 1)} op een "
                    f"schaal van 1 tot 5 (minimum uit de instellingen: "
                    f"{nl_getal(d.samenwerking_minimum, 1)})."
                ),
                sectie_id=SECTIE_ORGANISATIE,
                bewijs=[f"ao_samenwerking/gemeente/{gemeente_code}"],
            )
        )
    uniek = {q.tekst: q for q in sorted(citaten, key=lambda q: (q.gemaskeerd, len(q.tekst)))}
    gekozen = list(uniek.values())[:MAX_CITATEN]
    if gekozen:
        result.append(
            Finding(
                code="citaten",
                soort="sterk",
                titel="Voorbeelden uit de reflecties",
                tekst=" ".join(f"„{q.tekst}”" for q in gekozen),
                sectie_id=SECTIE_ORGANISATIE,
                bewijs=["reflectie/voorbeeld (met toestemming, gecontroleerd)"],
            )
        )
    return result


def voorstellen(
    found: Sequence[Finding], instellingen: Instellingen, periode: str
) -> list[Proposal]:
    """Proposals to adjust the way of working, one per finding that asks for attention."""
    result: list[Proposal] = []
    for f in found:
        if f.soort != "aandacht":
            continue
        if f.code.startswith("vragen-"):
            thema = f.code.removeprefix("vragen-")
            spec = instellingen.codeboek[thema]
            if not spec.collectief_aanbod:
                continue  # a theme without a collective offer in the codebook: no proposal
            zoals = (
                f", zoals een {spec.collectief_aanbod.lower()}" if spec.collectief_aanbod else ""
            )
            result.append(
                Proposal(
                    code=f"ao-collectief-{thema}",
                    sectie_id=SECTIE_WIJK,
                    titel=f"Collectief aanbod bij {spec.label.lower()}",
                    tekst=(
                        f"Komen vragen over {spec.label.lower()} vaak terug in het sociaal team, "
                        f"dan werkt de makelaar met bewoners en partners aan een collectief aanbod{zoals}, "
                        "in plaats van elk huishouden apart te helpen."
                    ),
                    onderbouwing=f"{f.titel} ({periode}): {f.tekst}",
                    bevindingen=[f.code],
                )
            )
        elif f.code.startswith("reflecties-"):
            thema = f.code.removeprefix("reflecties-")
            spec = instellingen.codeboek[thema]
            result.append(
                Proposal(
                    code=f"ao-werkwijze-{thema}",
                    sectie_id=SECTIE_ORGANISATIE,
                    titel=f"{spec.label}: vast agendapunt in het teamoverleg",
                    tekst=(
                        f"Makelaars en sociaal werkers noemen {spec.label.lower()} vaak in hun "
                        "reflecties. Het teamoverleg bespreekt dit thema voortaan elke maand: wat "
                        "komt terug, wat pakt de makelaar op en wat verandert er daardoor in de "
                        "werkwijze."
                    ),
                    onderbouwing=f"{f.titel} ({periode}): {f.tekst}",
                    bevindingen=[f.code],
                )
            )
        elif f.code == "collectief-aandeel":
            result.append(
                Proposal(
                    code="ao-vragen-bundelen",
                    sectie_id=SECTIE_ORGANISATIE,
                    titel="Terugkerende vragen bundelen",
                    tekst=(
                        "De makelaar zet elke maand de vragen uit het team per thema op een rij; "
                        "een thema dat drie keer of vaker terugkomt, krijgt een eigenaar en een "
                        "plan voor een collectief aanbod."
                    ),
                    onderbouwing=f"{f.titel} ({periode}): {f.tekst}",
                    bevindingen=[f.code],
                )
            )
        elif f.code == "samenwerking":
            result.append(
                Proposal(
                    code="ao-teamoverleg",
                    sectie_id=SECTIE_GEMEENTE,
                    titel="Tijd voor de makelaar in het teamoverleg",
                    tekst=(
                        "De makelaar is elke week bij het teamoverleg van het sociaal team en "
                        "krijgt daar vaste tijd; de gemeente neemt die tijd op in de opdracht."
                    ),
                    onderbouwing=f"{f.titel} ({periode}): {f.tekst}",
                    bevindingen=[f.code],
                )
            )
    return result
