"""Differences the 95% intervals support, and how they read as findings (the buurtmeter's engine
for `findings.find` and `enquetes.survey_findings`; the rules are described in findings.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from babel.numbers import format_decimal

from makelaar.cycles.indicators import lookup
from makelaar.cycles.observations import WijkInfo
from makelaar.cycles.onzekerheid import (
    Interval,
    Verschil,
    benjamini_hochberg,
    interval_van,
    lezing,
    rest,
    vergelijk,
)
from makelaar.cycles.spec import Eenheid, Indicator
from makelaar.models.schemas import Finding, IndicatorValue
from makelaar.models.taal import Taal, babel_locale, catalogus, in_taal, vertaal

#: sections of the base handreiking the findings speak to
SECTIE_DOELGROEPEN = "wijk-doelgroepen-en-bewoners-als-organisator"
SECTIE_WIJKANALYSE = "gemeente-wijkanalyse-en-indicatoren"
SECTIE_INITIATIEVEN = "wijk-bewonersinitiatieven"
SECTIE_SIGNALEN = "wijk-werken-met-signalen"
SECTIE_SOCIALE_ACTIES = "wijk-sociale-acties"


#: the confidence level of the intervals findings rest on, as the methods appendix states it
BETROUWBAARHEID = "95%"

#: units whose wijk values can be compared with the gemeente's (a count of a wijk is always
#: smaller than the gemeente's: counts are compared with the previous round only)
VERGELIJKBAAR: frozenset[Eenheid] = frozenset({"%", "per 1.000", "gemiddeld"})
#: the reach of a doelgroep: compared with the group's share of the population, not the gemeente
DOELGROEP_PREFIX = "pct_acties_doelgroep_"

Richting = Literal["slechter", "beter"]


def nl(value: float, digits: int = 1, taal: Taal = "nl") -> str:
    """A number as readers of `taal` write it: Dutch by default (decimal comma, dot for
    thousands), English with a decimal point and a comma for thousands."""
    pattern = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return format_decimal(value, format=pattern, locale=babel_locale(taal))


# --- differences the intervals support -----------------------------------------------------------


@dataclass(frozen=True)
class Afwijking:
    """A figure that differs from the one it is compared with, beyond the uncertainty."""

    indicator: Indicator
    waarde: IndicatorValue
    interval: Interval
    vergeleken: IndicatorValue
    verschil: Verschil
    ten_opzichte_van: Literal["gemeente", "vorige"]

    @property
    def richting(self) -> Richting | None:
        """Worse or better by the indicator's direction; None when it declares none."""
        if self.indicator.beter is None:
            return None
        hoger = self.verschil.richting > 0
        return "beter" if hoger == (self.indicator.beter == "hoger") else "slechter"

    def lezing(self, taal: Taal = "nl") -> str:
        return lezing(self.verschil, self.ten_opzichte_van, taal)


def published(value: IndicatorValue | None) -> IndicatorValue | None:
    if value is None or value.onderdrukt or value.waarde is None:
        return None
    return value


def afwijkingen(
    indicatoren: Mapping[str, Indicator],
    values: Mapping[tuple[str, str], IndicatorValue],
    *,
    gemeente_code: str,
    wijken: Sequence[WijkInfo],
) -> dict[tuple[str, str], Afwijking]:
    """Every (indicator, wijk) whose figure differs from the gemeente's beyond the uncertainty,
    for every indicator with a statistic and a unit that compares (`VERGELIJKBAAR`); an
    indicator's wijken are one family for the false discovery rate (`_ontdekt`)."""
    found: dict[tuple[str, str], Afwijking] = {}
    for definition in indicatoren.values():
        statistiek = definition.statistiek
        if statistiek is None or definition.eenheid not in VERGELIJKBAAR:
            continue
        gemeente = published(values.get((definition.id, gemeente_code)))
        if gemeente is None or gemeente.waarde is None:
            continue
        getoetst: list[tuple[str, Afwijking]] = []
        for wijk in wijken:
            value = published(values.get((definition.id, wijk.code)))
            if value is None or value.waarde is None:
                continue
            anders = rest(gemeente, value, statistiek)
            verschil = vergelijk(value, anders, statistiek) if anders is not None else None
            interval = interval_van(value, statistiek)
            if verschil is None or interval is None:
                continue
            getoetst.append(
                (wijk.code, Afwijking(definition, value, interval, gemeente, verschil, "gemeente"))
            )
        for wijk_code, afwijking in _ontdekt(getoetst):
            value, verschil = afwijking.waarde, afwijking.verschil
            if afwijking.interval.bevat(gemeente.waarde):
                continue
            if ((value.waarde or 0.0) > gemeente.waarde) != (verschil.richting > 0):
                continue  # the wijk and the rest disagree on the side of the gemeente's figure
            found[(definition.id, wijk_code)] = afwijking
    return found


def _ontdekt(getoetst: Sequence[tuple[str, Afwijking]]) -> list[tuple[str, Afwijking]]:
    """The differences of one indicator's family (its wijken, or its keys against the previous
    round) whose interval excludes no difference and that Benjamini-Hochberg keeps: among the
    findings an indicator yields, at most 5% are expected to be chance (FDR). Every comparison
    that could be made counts in the family, also those that show no difference."""
    ps = [a.verschil.p if a.verschil.p is not None else 1.0 for _, a in getoetst]
    return [
        (sleutel, afwijking)
        for (sleutel, afwijking), ontdekt in zip(getoetst, benjamini_hochberg(ps), strict=True)
        if ontdekt and afwijking.verschil.richting != 0
    ]


def _per_dag(value: IndicatorValue, dagen: int) -> IndicatorValue:
    """A count or rate with the days observed in its exposure (events per inhabitant-day)."""
    return value.model_copy(update={"noemer": (value.noemer or 1.0) * dagen})


def veranderingen(
    indicatoren: Mapping[str, Indicator],
    values: Mapping[tuple[str, str], IndicatorValue],
    vorige: Mapping[tuple[str, str], IndicatorValue],
    sleutels: Iterable[str],
    dagen: tuple[int, int] = (1, 1),
) -> dict[tuple[str, str], Afwijking]:
    """Every (indicator, sleutel) whose figure changed since the previous round beyond the
    uncertainty (both rounds' values must carry their counts). A count or a rate per 1,000 is
    compared per day observed (`dagen`: this round's, the previous round's), so a half year is not
    "lower" than a year for being shorter; its own interval is checked against the previous
    figure scaled to this round's days."""
    found: dict[tuple[str, str], Afwijking] = {}
    sleutels = list(sleutels)
    for definition in indicatoren.values():
        statistiek = definition.statistiek
        if statistiek is None:
            continue
        getoetst: list[tuple[str, Afwijking]] = []
        for sleutel in sleutels:
            value = published(values.get((definition.id, sleutel)))
            earlier = published(vorige.get((definition.id, sleutel)))
            if value is None or earlier is None or earlier.waarde is None:
                continue
            vergeleken_met = earlier.waarde
            if statistiek == "poisson":
                verschil = vergelijk(
                    _per_dag(value, dagen[0]), _per_dag(earlier, dagen[1]), statistiek
                )
                vergeleken_met = earlier.waarde * dagen[0] / dagen[1]
            else:
                verschil = vergelijk(value, earlier, statistiek)
            interval = interval_van(value, statistiek)
            if verschil is None or interval is None:
                continue  # no test could be made: not in the family
            if interval.bevat(vergeleken_met):
                getoetst.append((sleutel, _niet_afwijkend(definition, value, earlier, verschil)))
                continue
            getoetst.append(
                (sleutel, Afwijking(definition, value, interval, earlier, verschil, "vorige"))
            )
        for sleutel, afwijking in _ontdekt(getoetst):
            found[(definition.id, sleutel)] = afwijking
    return found


def _niet_afwijkend(
    definition: Indicator, value: IndicatorValue, earlier: IndicatorValue, verschil: Verschil
) -> Afwijking:
    """A comparison that counts in its family but is no finding (its own interval holds the
    previous figure): its difference reads as none."""
    geen = Verschil(Interval(0.0, 0.0, 0.0), "verschil", verschil.p)
    return Afwijking(definition, value, Interval(0.0, 0.0, 0.0), earlier, geen, "vorige")


# --- how figures read -----------------------------------------------------------------------------


def _digits(eenheid: Eenheid) -> int:
    return {"%": 1, "per 1.000": 1, "gemiddeld": 2, "aantal": 0, "uren": 1}[eenheid]


def cijfer(waarde: float, eenheid: Eenheid, taal: Taal = "nl") -> str:
    """A figure in its unit, in the format of `taal`: "32,4%", "9,4", "1,67", "150"."""
    return nl(waarde, _digits(eenheid), taal) + ("%" if eenheid == "%" else "")


def interval_tekst(
    interval: Interval, eenheid: Eenheid, vergeleken: float | None = None, taal: Taal = "nl"
) -> str:
    """ "95%-interval 23–44%": as few decimals as keep what the interval says about `vergeleken`
    (inside or outside) and its bounds apart."""
    suffix = "%" if eenheid == "%" else ""
    start = 0 if eenheid in ("%", "aantal") else _digits(eenheid)
    for digits in range(start, 4):
        onder, boven = round(interval.onder, digits), round(interval.boven, digits)
        if onder == boven:
            continue
        if vergeleken is None or (onder <= vergeleken <= boven) == interval.bevat(vergeleken):
            break
    bereik = f"{nl(onder, digits, taal)}–{nl(boven, digits, taal)}{suffix}"
    return in_taal(
        taal, f"{BETROUWBAARHEID}-interval {bereik}", f"{BETROUWBAARHEID} interval {bereik}"
    )


def met_onzekerheid(
    value: IndicatorValue,
    interval: Interval,
    eenheid: Eenheid,
    vergeleken: float | None = None,
    taal: Taal = "nl",
) -> str:
    """ "32,4% (95%-interval 23–44%, n = 34)": a figure with its interval and what it rests on."""
    assert value.waarde is not None
    n = (
        f", n = {nl(value.noemer, 0, taal)}"
        if eenheid in ("%", "gemiddeld") and value.noemer
        else ""
    )
    figuur = cijfer(value.waarde, eenheid, taal)
    return f"{figuur} ({interval_tekst(interval, eenheid, vergeleken, taal)}{n})"


def eigen_tekst(afwijking: Afwijking, taal: Taal = "nl") -> str:
    """The figure of a difference with its interval: "32,4% (95%-interval 23–44%, n = 34)"."""
    return met_onzekerheid(
        afwijking.waarde,
        afwijking.interval,
        afwijking.indicator.eenheid,
        afwijking.vergeleken.waarde,
        taal,
    )


def ander_tekst(afwijking: Afwijking, taal: Taal = "nl") -> str:
    """What it is compared with: "80,4% in de gemeente", "120 in de vorige ronde"."""
    vergeleken = afwijking.vergeleken.waarde
    assert vergeleken is not None
    waar = (
        in_taal(taal, "in de gemeente", "in the municipality")
        if afwijking.ten_opzichte_van == "gemeente"
        else in_taal(taal, "in de vorige ronde", "in the previous round")
    )
    return f"{cijfer(vergeleken, afwijking.indicator.eenheid, taal)} {waar}"


def vergelijking_tekst(afwijking: Afwijking, taal: Taal = "nl") -> str:
    """ "32,4% (95%-interval 23–44%, n = 34) tegen 80,4% in de gemeente"."""
    tegen = in_taal(taal, "tegen", "against")
    return f"{eigen_tekst(afwijking, taal)} {tegen} {ander_tekst(afwijking, taal)}"


def bewijs(afwijking: Afwijking) -> list[str]:
    value, other = afwijking.waarde, afwijking.vergeleken
    eerder = "vorige:" if afwijking.ten_opzichte_van == "vorige" else ""
    return [
        f"{value.indicator}/{value.dimensie}/{value.sleutel}",
        f"{eerder}{other.indicator}/{other.dimensie}/{other.sleutel}",
    ]


# --- differences as findings ---------------------------------------------------------------------


@dataclass(frozen=True)
class Thema:
    """A difference of one indicator in one direction that a proposal theme speaks to; its title
    and text are `THEMA_TEKSTEN` "<code>.titel" (may use {wijk}) and "<code>.tekst" (may use
    {wijk}, {eigen}: eigen_tekst, and {ander}: ander_tekst)."""

    code: str  # the finding's code before the wijk suffix (proposals.THEMES)
    sectie_id: str

    def titel(self, taal: Taal = "nl", **waarden: object) -> str:
        return vertaal(THEMA_TEKSTEN, f"{self.code}.titel", taal, **waarden)

    def tekst(self, taal: Taal = "nl", **waarden: object) -> str:
        return vertaal(THEMA_TEKSTEN, f"{self.code}.tekst", taal, **waarden)


THEMA_TEKSTEN = catalogus(
    "buurtmeter-afwijkingen",
    {
        "signalen-blijven-liggen.titel": {
            "nl": "In {wijk} blijven signalen vaker liggen",
            "en": "In {wijk} signals are more often left unanswered",
        },
        "signalen-blijven-liggen.tekst": {
            "nl": "In {wijk} is {eigen} van de signalen opgepakt of doorgezet, tegen {ander}.",
            "en": "In {wijk} {eigen} of the signals were taken up or passed on, against {ander}.",
        },
        "bewoners-organiseren.titel": {
            "nl": "In {wijk} organiseren bewoners zelf",
            "en": "In {wijk} residents organise themselves",
        },
        "bewoners-organiseren.tekst": {
            "nl": (
                "Bij {eigen} van de sociale acties in {wijk} was een bewoner organisator, "
                "tegen {ander}."
            ),
            "en": (
                "In {eigen} of the social actions in {wijk} a resident was the organiser, "
                "against {ander}."
            ),
        },
        "eenzaamheid-bewoners.titel": {
            "nl": "Bewoners in {wijk} voelen zich vaker eenzaam",
            "en": "Residents of {wijk} feel lonely more often",
        },
        "eenzaamheid-bewoners.tekst": {
            "nl": (
                "In {wijk} voelt {eigen} van de bewoners die de buurtmeter invulden zich matig "
                "of sterk eenzaam, tegen {ander}."
            ),
            "en": (
                "In {wijk} {eigen} of the residents who filled in the buurtmeter feel moderately "
                "or severely lonely, against {ander}."
            ),
        },
    },
)

#: differences with a text of their own (and a proposal theme); others read generically
THEMAS: dict[tuple[str, Richting], Thema] = {
    ("pct_signalen_opgepakt", "slechter"): Thema("signalen-blijven-liggen", SECTIE_SIGNALEN),
    ("pct_acties_bewoner_organisator", "beter"): Thema("bewoners-organiseren", SECTIE_DOELGROEPEN),
    ("pct_bewoners_eenzaam", "slechter"): Thema("eenzaamheid-bewoners", SECTIE_SIGNALEN),
}

#: the handreiking section a generic finding on an indicator speaks to (by id prefix)
_SECTIES: tuple[tuple[str, str], ...] = (
    ("pct_signalen", SECTIE_SIGNALEN),
    ("signalen", SECTIE_SIGNALEN),
    ("pct_initiatieven", SECTIE_INITIATIEVEN),
    ("initiatieven", SECTIE_INITIATIEVEN),
    ("pct_acties_bewoner", SECTIE_DOELGROEPEN),
    ("pct_bewoners_eenzaam", SECTIE_SIGNALEN),
    ("pct_bewoners_weet_waar", SECTIE_SIGNALEN),
    ("pct_bewoners", SECTIE_SOCIALE_ACTIES),
)


def _sectie(indicator: str) -> str:
    return next((s for prefix, s in _SECTIES if indicator.startswith(prefix)), SECTIE_WIJKANALYSE)


def _slug(indicator: str) -> str:
    return indicator.replace("_", "-")


def _finding(
    afwijking: Afwijking, weergave: str, wijk_code: str | None, taal: Taal = "nl"
) -> Finding:
    richting = afwijking.richting
    assert richting is not None
    thema = THEMAS.get((afwijking.indicator.id, richting))
    cijfers = vergelijking_tekst(afwijking, taal)
    suffix = f"-{wijk_code.lower()}" if wijk_code else ""
    if thema is not None and afwijking.ten_opzichte_van == "gemeente":
        code = thema.code + suffix
        titel = thema.titel(taal, wijk=weergave)
        tekst = thema.tekst(
            taal,
            wijk=weergave,
            eigen=eigen_tekst(afwijking, taal),
            ander=ander_tekst(afwijking, taal),
        )
        sectie = thema.sectie_id
    else:
        soort = "afwijking" if afwijking.ten_opzichte_van == "gemeente" else "verandering"
        code = f"{soort}-{_slug(afwijking.indicator.id)}{suffix}"
        naam, lezing_ = afwijking.indicator.naam(taal), afwijking.lezing(taal)
        titel = f"{naam} in {weergave}: {lezing_}"
        tekst = f"{naam} in {weergave}: {cijfers}; {lezing_}."
        sectie = _sectie(afwijking.indicator.id)
    return Finding(
        code=code,
        soort="sterk" if richting == "beter" else "aandacht",
        titel=titel,
        tekst=tekst,
        sectie_id=sectie,
        wijk_code=wijk_code,
        bewijs=bewijs(afwijking),
    )


def afwijkingsbevindingen(
    indicatoren: Mapping[str, Indicator],
    values: Sequence[IndicatorValue],
    *,
    gemeente_code: str,
    wijken: Sequence[WijkInfo],
    vorige: Sequence[IndicatorValue] = (),
    dagen: tuple[int, int] = (1, 1),
    gemeente_naam: str | None = None,
    taal: Taal = "nl",
) -> list[Finding]:
    """The findings every declared indicator with a statistic and a better direction yields, for
    every wijk (against the gemeente) and for every wijk and the gemeente (against the previous
    round, `dagen` observed in each: see `veranderingen`); the reach of doelgroepen is left to the
    rule that weighs their population share."""
    by_key = lookup(values)
    gemeente_naam = gemeente_naam or in_taal(taal, "de gemeente", "the municipality")
    namen = {w.code: w.weergave for w in wijken} | {gemeente_code: gemeente_naam}
    keuze = {
        code: definition
        for code, definition in indicatoren.items()
        if definition.beter is not None and not code.startswith(DOELGROEP_PREFIX)
    }
    findings: list[Finding] = []
    wijk_afwijkingen = afwijkingen(keuze, by_key, gemeente_code=gemeente_code, wijken=wijken)
    beste: dict[str, Afwijking] = {}
    for (indicator, wijk_code), afwijking in wijk_afwijkingen.items():
        if afwijking.richting == "slechter":
            findings.append(_finding(afwijking, namen[wijk_code], wijk_code, taal))
        elif _beats(afwijking, beste.get(indicator)):
            beste[indicator] = afwijking
    findings += [
        _finding(a, namen[a.waarde.sleutel], a.waarde.sleutel, taal) for a in beste.values()
    ]
    vergeleken = {d.id: d for d in keuze.values() if d.eenheid in VERGELIJKBAAR}
    for (_, sleutel), afwijking in veranderingen(
        vergeleken, by_key, lookup(vorige), namen, dagen
    ).items():
        findings.append(
            _finding(afwijking, namen[sleutel], None if sleutel == gemeente_code else sleutel, taal)
        )
    return findings


def _beats(candidate: Afwijking, current: Afwijking | None) -> bool:
    """Whether `candidate` is the better example (further from the gemeente in the good sense)."""
    if current is None:
        return True
    sign = 1.0 if candidate.indicator.beter == "hoger" else -1.0
    key = (sign * (candidate.waarde.waarde or 0.0), candidate.waarde.sleutel)
    other = (sign * (current.waarde.waarde or 0.0), current.waarde.sleutel)
    return key > other
