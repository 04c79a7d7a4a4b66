"""What a round of the actieonderzoek learned (findings) and what it proposes to change in the way
of working (proposals for the learning session).

Findings rest on published figures only (a suppressed value never counts) and on the settings'
thresholds. Proposals are written for the way of working, not for a team: their titles and texts
name themes, never a team, wijk or person, so an adopted one can go into the handreiking for other
municipalities as it stands. Both are written in the settings' language (Dutch by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from makelaar.cycles.actieonderzoek.gegevens import Citaat
from makelaar.cycles.actieonderzoek.instellingen import Instellingen
from makelaar.cycles.actieonderzoek.teksten import getal
from makelaar.cycles.spec import Finding, IndicatorValue, Proposal
from makelaar.models.taal import in_taal

__all__ = [
    "MAX_CITATEN",
    "SECTIE_GEMEENTE",
    "SECTIE_ORGANISATIE",
    "SECTIE_WIJK",
    "bevindingen",
    "kies_citaten",
    "voorstellen",
]

SECTIE_GEMEENTE = "actieonderzoek-gemeente"
SECTIE_ORGANISATIE = "actieonderzoek-organisatie"
SECTIE_WIJK = "actieonderzoek-wijk"
MAX_CITATEN = 4


def _waarde(
    values: Sequence[IndicatorValue], indicator: str, dimensie: str, sleutel: str
) -> IndicatorValue | None:
    for v in values:
        if (v.indicator, v.dimensie, v.sleutel) == (indicator, dimensie, sleutel):
            return None if v.onderdrukt or v.waarde is None else v
    return None


def _thema_bevindingen(
    values: Sequence[IndicatorValue], instellingen: Instellingen, taal: str
) -> list[Finding]:
    d = instellingen.drempels
    result: list[Finding] = []
    for thema, spec in instellingen.codeboek.items():
        label = spec.label.lower()
        v = _waarde(values, "ao_vraag_thema", "thema", thema)
        if v is not None and (v.waarde or 0) >= d.vragen_per_thema:
            n = getal(v.waarde or 0, 0, taal)
            aanbod = spec.collectief_aanbod
            result.append(
                Finding(
                    code=f"vragen-{thema}",
                    soort="aandacht",
                    titel=in_taal(
                        taal, f"Veel vragen over {label}", f"Many questions about {label}"
                    ),
                    tekst=in_taal(
                        taal,
                        f"Uit de sociaal teams kwamen {n} vragen over {label} (drempel: "
                        f"{d.vragen_per_thema})."
                        + (
                            f" Een collectief aanbod ligt voor de hand: {aanbod}." if aanbod else ""
                        ),
                        f"The social teams brought {n} questions about {label} (threshold: "
                        f"{d.vragen_per_thema})."
                        + (f" A collective offer is the obvious step: {aanbod}." if aanbod else ""),
                    ),
                    sectie_id=SECTIE_WIJK,
                    bewijs=[f"ao_vraag_thema/thema/{thema}"],
                )
            )
        r = _waarde(values, "ao_reflectie_thema", "thema", thema)
        if r is not None and (r.waarde or 0) >= d.reflecties_per_thema:
            n = getal(r.waarde or 0, 0, taal)
            result.append(
                Finding(
                    code=f"reflecties-{thema}",
                    soort="aandacht",
                    titel=in_taal(
                        taal,
                        f"Reflecties noemen vaak {label}",
                        f"Reflections often name {label}",
                    ),
                    tekst=in_taal(
                        taal,
                        f"{n} reflecties van makelaars en sociaal werkers noemen {label} "
                        f"(drempel: {d.reflecties_per_thema}).",
                        f"{n} reflections of brokers and social workers name {label} "
                        f"(threshold: {d.reflecties_per_thema}).",
                    ),
                    sectie_id=SECTIE_ORGANISATIE,
                    bewijs=[f"ao_reflectie_thema/thema/{thema}"],
                )
            )
    return result


def bevindingen(
    values: Sequence[IndicatorValue],
    citaten: Sequence[Citaat],
    instellingen: Instellingen,
    gemeente_code: str,
    taal: str = "nl",
) -> list[Finding]:
    """The round's findings, from its published figures and the settings' thresholds."""
    d = instellingen.drempels
    result = _thema_bevindingen(values, instellingen, taal)
    c = _waarde(values, "ao_collectief", "gemeente", gemeente_code)
    if c is not None:
        laag = (c.waarde or 0) < 100 * d.aandeel_collectief
        pct, onder, boven = (getal(x or 0, 0, taal) for x in (c.waarde, c.ondergrens, c.bovengrens))
        drempel = getal(100 * d.aandeel_collectief, 0, taal)
        result.append(
            Finding(
                code="collectief-aandeel",
                soort="aandacht" if laag else "sterk",
                titel=(
                    in_taal(
                        taal,
                        "Weinig vragen leiden tot een collectief aanbod",
                        "Few questions lead to a collective offer",
                    )
                    if laag
                    else in_taal(
                        taal,
                        "Vragen leiden vaak tot een collectief aanbod",
                        "Questions often lead to a collective offer",
                    )
                ),
                tekst=in_taal(
                    taal,
                    f"{pct}% van de vragen leidde tot een collectief aanbod (95%-interval "
                    f"{onder}–{boven}%; drempel {drempel}%).",
                    f"{pct}% of the questions led to a collective offer (95% interval "
                    f"{onder}–{boven}%; threshold {drempel}%).",
                ),
                sectie_id=SECTIE_ORGANISATIE,
                bewijs=[f"ao_collectief/gemeente/{gemeente_code}"],
            )
        )
    s = _waarde(values, "ao_samenwerking", "gemeente", gemeente_code)
    if s is not None:
        laag = (s.waarde or 0) < d.samenwerking_minimum
        gem, minimum = getal(s.waarde or 0, 1, taal), getal(d.samenwerking_minimum, 1, taal)
        result.append(
            Finding(
                code="samenwerking",
                soort="aandacht" if laag else "sterk",
                titel=(
                    in_taal(
                        taal,
                        "De samenwerking met het sociaal team kan beter",
                        "The cooperation with the social team can improve",
                    )
                    if laag
                    else in_taal(
                        taal,
                        "Makelaar en sociaal werkers werken goed samen",
                        "Broker and social workers work well together",
                    )
                ),
                tekst=in_taal(
                    taal,
                    f"De ervaren samenwerking is gemiddeld {gem} op een schaal van 1 tot 5 "
                    f"(minimum uit de instellingen: {minimum}).",
                    f"The perceived cooperation is {gem} on average on a scale of 1 to 5 "
                    f"(minimum in the settings: {minimum}).",
                ),
                sectie_id=SECTIE_ORGANISATIE,
                bewijs=[f"ao_samenwerking/gemeente/{gemeente_code}"],
            )
        )
    gekozen = kies_citaten(citaten)
    if gekozen:
        result.append(
            Finding(
                code="citaten",
                soort="sterk",
                titel=in_taal(
                    taal, "Voorbeelden uit de reflecties", "Examples from the reflections"
                ),
                tekst=" ".join(f"„{q.tekst}”" for q in gekozen),
                sectie_id=SECTIE_ORGANISATIE,
                bewijs=["reflectie/voorbeeld (met toestemming, gecontroleerd)"],
            )
        )
    return result


def kies_citaten(citaten: Sequence[Citaat], n: int = MAX_CITATEN) -> list[Citaat]:
    """At most `n` quotes, unmasked and short ones first, none much like one chosen before (the
    same example told about another wijk is one example)."""
    gekozen: list[Citaat] = []
    for q in sorted(citaten, key=lambda q: (q.gemaskeerd, len(q.tekst), q.tekst)):
        if all(SequenceMatcher(None, q.tekst, c.tekst).ratio() < 0.8 for c in gekozen):
            gekozen.append(q)
        if len(gekozen) == n:
            break
    return gekozen


def _grond(f: Finding, periode: str) -> str:
    return f"{f.titel} ({periode}): {f.tekst}"


def voorstellen(
    found: Sequence[Finding], instellingen: Instellingen, periode: str, taal: str = "nl"
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
            label, aanbod = spec.label.lower(), spec.collectief_aanbod.lower()
            result.append(
                Proposal(
                    code=f"ao-collectief-{thema}",
                    sectie_id=SECTIE_WIJK,
                    titel=in_taal(
                        taal, f"Collectief aanbod bij {label}", f"A collective offer for {label}"
                    ),
                    tekst=in_taal(
                        taal,
                        f"Komen vragen over {label} vaak terug in het sociaal team, dan werkt de "
                        "makelaar met bewoners en partners aan een collectief aanbod, zoals een "
                        f"{aanbod}, in plaats van elk huishouden apart te helpen.",
                        f"When questions about {label} come back often in the social team, the "
                        "broker works with residents and partners on a collective offer, such "
                        f"as a {aanbod}, instead of helping each household on its own.",
                    ),
                    onderbouwing=_grond(f, periode),
                    bevindingen=[f.code],
                )
            )
        elif f.code.startswith("reflecties-"):
            spec = instellingen.codeboek[f.code.removeprefix("reflecties-")]
            label = spec.label
            result.append(
                Proposal(
                    code=f"ao-werkwijze-{f.code.removeprefix('reflecties-')}",
                    sectie_id=SECTIE_ORGANISATIE,
                    titel=in_taal(
                        taal,
                        f"{label}: vast agendapunt in het teamoverleg",
                        f"{label}: a standing item in the team meeting",
                    ),
                    tekst=in_taal(
                        taal,
                        f"Makelaars en sociaal werkers noemen {label.lower()} vaak in hun "
                        "reflecties. Het teamoverleg bespreekt dit thema voortaan elke maand: wat "
                        "komt terug, wat pakt de makelaar op en wat verandert er daardoor in de "
                        "werkwijze.",
                        f"Brokers and social workers often name {label.lower()} in their "
                        "reflections. The team meeting discusses this theme every month from now "
                        "on: what comes back, what the broker takes up and what that changes in "
                        "the way of working.",
                    ),
                    onderbouwing=_grond(f, periode),
                    bevindingen=[f.code],
                )
            )
        elif f.code == "collectief-aandeel":
            result.append(
                Proposal(
                    code="ao-vragen-bundelen",
                    sectie_id=SECTIE_ORGANISATIE,
                    titel=in_taal(
                        taal, "Terugkerende vragen bundelen", "Bundling questions that recur"
                    ),
                    tekst=in_taal(
                        taal,
                        "De makelaar zet elke maand de vragen uit het team per thema op een rij; "
                        "een thema dat drie keer of vaker terugkomt, krijgt een eigenaar en een "
                        "plan voor een collectief aanbod.",
                        "Every month the broker lists the team's questions by theme; a theme "
                        "that comes back three times or more gets an owner and a plan for a "
                        "collective offer.",
                    ),
                    onderbouwing=_grond(f, periode),
                    bevindingen=[f.code],
                )
            )
        elif f.code == "samenwerking":
            result.append(
                Proposal(
                    code="ao-teamoverleg",
                    sectie_id=SECTIE_GEMEENTE,
                    titel=in_taal(
                        taal,
                        "Tijd voor de makelaar in het teamoverleg",
                        "Time for the broker in the team meeting",
                    ),
                    tekst=in_taal(
                        taal,
                        "De makelaar is elke week bij het teamoverleg van het sociaal team en "
                        "krijgt daar vaste tijd; de gemeente neemt die tijd op in de opdracht.",
                        "The broker attends the social team's meeting every week and has a set "
                        "time there; the municipality includes that time in the assignment.",
                    ),
                    onderbouwing=_grond(f, periode),
                    bevindingen=[f.code],
                )
            )
    return result
