"""Findings of the buurtmeter: what the indicators and the wijkanalyse show, each with its evidence."""

from __future__ import annotations

from collections.abc import Sequence

from babel.numbers import format_decimal

from makelaar.cycles.indicators import lookup
from makelaar.cycles.observations import Profiel, WijkInfo
from makelaar.cycles.wijkanalyse import COMPONENTS, WijkScore, upper_third
from makelaar.models.schemas import Finding, IndicatorValue

#: sections of the base handreiking the findings speak to
SECTIE_DOELGROEPEN = "wijk-doelgroepen-en-bewoners-als-organisator"
SECTIE_WIJKANALYSE = "gemeente-wijkanalyse-en-indicatoren"
SECTIE_INITIATIEVEN = "wijk-bewonersinitiatieven"
SECTIE_SIGNALEN = "wijk-werken-met-signalen"

#: thresholds the rules use, in one place so the methods appendix can state them
DREMPEL_ZONDER_DOORGANG_PCT = 25.0
DREMPEL_SIGNALEN_OPGEPAKT_PCT = 85.0
DREMPEL_ORGANISATOR_VOORSPRONG_PUNTEN = 5.0
DREMPEL_DALING_ACTIES_PCT = 20.0


def nl(value: float, digits: int = 1) -> str:
    """A number as Dutch readers write it (decimal comma, dot for thousands)."""
    pattern = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return format_decimal(value, format=pattern, locale="nl_NL")


def _value(values: dict[tuple[str, str], IndicatorValue], indicator: str, key: str) -> float | None:
    found = values.get((indicator, key))
    return None if found is None or found.onderdrukt else found.waarde


def find(
    *,
    gemeente_code: str,
    wijken: Sequence[WijkInfo],
    profielen: dict[str, Profiel],
    indicatoren: Sequence[IndicatorValue],
    redenen_zonder_doorgang: Sequence[tuple[str, int]],
    wijkanalyse: Sequence[WijkScore] = (),
    vorige: Sequence[IndicatorValue] = (),
) -> list[Finding]:
    """Apply the buurtmeter's rules to suppressed indicators; suppressed values never count."""
    values = lookup(indicatoren)
    ranking = {score.code: score for score in wijkanalyse}
    grootste_opgave = upper_third(wijkanalyse)
    earlier = lookup(vorige)
    gemeente = profielen.get(gemeente_code)
    findings: list[Finding] = []

    g_ouderen = _value(values, "pct_acties_doelgroep_ouderen", gemeente_code)
    g_per_1000 = _value(values, "acties_per_1000_inwoners", gemeente_code)
    g_organisator = _value(values, "pct_acties_bewoner_organisator", gemeente_code)
    for wijk in wijken:
        profiel = profielen.get(wijk.code)
        ouderen = _value(values, "pct_acties_doelgroep_ouderen", wijk.code)
        if (
            profiel
            and gemeente
            and profiel.pct_65_plus is not None
            and gemeente.pct_65_plus is not None
            and profiel.pct_65_plus > gemeente.pct_65_plus
            and ouderen is not None
            and g_ouderen is not None
            and ouderen < g_ouderen
        ):
            findings.append(
                Finding(
                    code=f"ouderen-onderbereik-{wijk.code.lower()}",
                    soort="aandacht",
                    titel=f"Ouderen in {wijk.weergave} minder bereikt dan hun aandeel doet verwachten",
                    tekst=(
                        f"In {wijk.weergave} is {nl(profiel.pct_65_plus)}% van de inwoners 65 jaar of "
                        f"ouder (gemeente: {nl(gemeente.pct_65_plus)}%), maar bereikt "
                        f"{nl(ouderen)}% van de sociale acties ouderen (gemeente: {nl(g_ouderen)}%)."
                    ),
                    sectie_id=SECTIE_DOELGROEPEN,
                    wijk_code=wijk.code,
                    bewijs=[
                        f"pct_acties_doelgroep_ouderen/wijk/{wijk.code}",
                        f"cbs:a_65_oo/{wijk.code}",
                    ],
                )
            )
        per_1000 = _value(values, "acties_per_1000_inwoners", wijk.code)
        opgave = ranking.get(wijk.code)
        if (
            opgave is not None
            and wijk.code in grootste_opgave
            and per_1000 is not None
            and g_per_1000 is not None
            and per_1000 < g_per_1000
        ):
            onderdelen = ", ".join(COMPONENTS[c] for c in opgave.onderdelen)
            findings.append(
                Finding(
                    code=f"inzet-onder-opgave-{wijk.code.lower()}",
                    soort="aandacht",
                    titel=f"Inzet in {wijk.weergave} blijft achter bij de opgave",
                    tekst=(
                        f"{wijk.weergave} staat in de wijkanalyse op plaats {opgave.rang} van "
                        f"{len(wijkanalyse)} naar sociale opgave ({onderdelen}), maar heeft minder "
                        f"sociale acties per 1.000 inwoners ({nl(per_1000)}, gemeente "
                        f"{nl(g_per_1000)})."
                    ),
                    sectie_id=SECTIE_WIJKANALYSE,
                    wijk_code=wijk.code,
                    bewijs=[
                        f"acties_per_1000_inwoners/wijk/{wijk.code}",
                        f"wijkanalyse/{wijk.code}",
                    ],
                )
            )
        vorig_aantal = _value(earlier, "acties", wijk.code)
        aantal = _value(values, "acties", wijk.code)
        if vorig_aantal and aantal is not None:
            daling = 100.0 * (vorig_aantal - aantal) / vorig_aantal
            if daling > DREMPEL_DALING_ACTIES_PCT:
                findings.append(
                    Finding(
                        code=f"daling-acties-{wijk.code.lower()}",
                        soort="aandacht",
                        titel=f"Minder sociale acties in {wijk.weergave} dan in de vorige ronde",
                        tekst=(
                            f"In {wijk.weergave} zijn {nl(aantal, 0)} sociale acties vastgelegd, "
                            f"tegen {nl(vorig_aantal, 0)} in de vorige ronde ({nl(daling)}% minder)."
                        ),
                        sectie_id=SECTIE_WIJKANALYSE,
                        wijk_code=wijk.code,
                        bewijs=[f"acties/wijk/{wijk.code}"],
                    )
                )

    organisator = [
        (score, wijk)
        for wijk in wijken
        if (score := _value(values, "pct_acties_bewoner_organisator", wijk.code)) is not None
    ]
    if organisator and g_organisator is not None:
        score, best = max(organisator, key=lambda pair: (pair[0], pair[1].code))
        if score >= g_organisator + DREMPEL_ORGANISATOR_VOORSPRONG_PUNTEN:
            findings.append(
                Finding(
                    code=f"bewoners-organiseren-{best.code.lower()}",
                    soort="sterk",
                    titel=f"In {best.weergave} organiseren bewoners zelf",
                    tekst=(
                        f"Bij {nl(score)}% van de sociale acties in {best.weergave} was een bewoner "
                        f"organisator (gemeente: {nl(g_organisator)}%). Dat is de hoogste score van "
                        "alle wijken."
                    ),
                    sectie_id=SECTIE_DOELGROEPEN,
                    wijk_code=best.code,
                    bewijs=[f"pct_acties_bewoner_organisator/wijk/{best.code}"],
                )
            )

    gerealiseerd = _value(values, "pct_initiatieven_gerealiseerd", gemeente_code)
    if gerealiseerd is not None and 100.0 - gerealiseerd > DREMPEL_ZONDER_DOORGANG_PCT:
        redenen = "; ".join(f"{reden} ({aantal}×)" for reden, aantal in redenen_zonder_doorgang[:3])
        findings.append(
            Finding(
                code="initiatieven-zonder-doorgang",
                soort="aandacht",
                titel="Veel bewonersinitiatieven komen niet tot uitvoering",
                tekst=(
                    f"Van de afgeronde bewonersinitiatieven is {nl(100.0 - gerealiseerd)}% niet "
                    "ondersteund of gestrand. De meest genoemde redenen: "
                    + (redenen or "geen")
                    + "."
                ),
                sectie_id=SECTIE_INITIATIEVEN,
                bewijs=[f"pct_initiatieven_gerealiseerd/gemeente/{gemeente_code}"],
            )
        )

    opgepakt = _value(values, "pct_signalen_opgepakt", gemeente_code)
    if opgepakt is not None and opgepakt < DREMPEL_SIGNALEN_OPGEPAKT_PCT:
        findings.append(
            Finding(
                code="signalen-blijven-liggen",
                soort="aandacht",
                titel="Een deel van de signalen wordt niet opgepakt",
                tekst=(
                    f"{nl(opgepakt)}% van de vastgelegde signalen is opgepakt of doorgezet; de rest "
                    "staat nog als nieuw in het logboek."
                ),
                sectie_id=SECTIE_SIGNALEN,
                bewijs=[f"pct_signalen_opgepakt/gemeente/{gemeente_code}"],
            )
        )
    return findings
