"""Per criterion of the gemeente, whether the pilot meets it, with the evidence.

A criterion is judged on its indicator's 95% interval, not on the point estimate alone:
"gehaald" when the whole interval lies on the right side of the threshold, "niet gehaald" when
the whole interval lies on the wrong side, and "niet te zeggen met zo weinig huishoudens" when
the interval straddles the threshold, has no interval (too few observations) or the figure is not
published (fewer than the smallest cell). The brokers' count is exact: met or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from babel.numbers import format_decimal

from makelaar.cycles.casusregie import indicatoren as ind
from makelaar.cycles.casusregie.instellingen import CasusregieInstellingen
from makelaar.models.schemas import IndicatorValue
from makelaar.models.taal import Catalogus, babel_locale, catalogus, vertaal

__all__ = ["Oordeel", "Uitkomst", "beoordeel", "getal"]

Uitkomst = Literal["gehaald", "niet_gehaald", "niet_te_zeggen"]

TEKSTEN: Catalogus = catalogus(
    "casusregie_oordeel",
    {
        "gehaald": {"nl": "gehaald", "en": "met"},
        "niet_gehaald": {"nl": "niet gehaald", "en": "not met"},
        "niet_te_zeggen": {
            "nl": "niet te zeggen met zo weinig huishoudens",
            "en": "cannot be said with so few households",
        },
        "aanbieders_minder": {
            "nl": "Aanbieders per huishouden bij afsluiting gemiddeld minstens {grens} lager "
            "dan bij de start",
            "en": "Providers per household at closure at least {grens} lower than at the start, "
            "on average",
        },
        "tevredenheid_snelheid": {
            "nl": "Tevredenheid over de snelheid van de hulp gemiddeld minstens {grens} (schaal 1–{schaal})",
            "en": "Satisfaction with the speed of help at least {grens} on average (scale 1–{schaal})",
        },
        "tevredenheid_eigen_verantwoordelijkheid": {
            "nl": "Aangesproken op eigen verantwoordelijkheid: gemiddeld minstens {grens} "
            "(schaal 1–{schaal})",
            "en": "Addressed on own responsibility: at least {grens} on average (scale 1–{schaal})",
        },
        "samenwerking": {
            "nl": "Samenwerking volgens vrijwilligers en professionals gemiddeld minstens "
            "{grens} (schaal 1–{schaal})",
            "en": "Collaboration as volunteers and professionals see it at least {grens} on "
            "average (scale 1–{schaal})",
        },
        "eigen_netwerk_pct": {
            "nl": "Bij minstens {grens}% van de huishoudens is het eigen netwerk betrokken",
            "en": "The own network is involved for at least {grens}% of the households",
        },
        "dagen_tot_eerste_contact": {
            "nl": "Van melding tot eerste contact hoogstens {grens} dagen (mediaan)",
            "en": "From report to first contact at most {grens} days (median)",
        },
        "makelaars_volgens_werkwijze": {
            "nl": "Minstens {grens} makelaars werken volgens de afgesproken werkwijze",
            "en": "At least {grens} brokers work by the agreed method",
        },
        "bewijs": {
            "nl": "{waarde} (95%-interval {onder} tot {boven}; {n} {eenheid})",
            "en": "{waarde} (95% interval {onder} to {boven}; {n} {eenheid})",
        },
        "bewijs_zonder_interval": {
            "nl": "{waarde} ({n} {eenheid}; te weinig voor een interval)",
            "en": "{waarde} ({n} {eenheid}; too few for an interval)",
        },
        "bewijs_telling": {
            "nl": "{waarde} van de {n} makelaars met casussen",
            "en": "{waarde} of the {n} brokers with cases",
        },
        "huishoudens": {"nl": "huishoudens", "en": "households"},
        "antwoorden": {"nl": "antwoorden", "en": "answers"},
        "onderdrukt": {
            "nl": "niet getoond: rust op minder dan {drempel} huishoudens of antwoorden",
            "en": "not shown: rests on fewer than {drempel} households or answers",
        },
        "geen_gegevens": {"nl": "geen gegevens in deze periode", "en": "no data in this period"},
        "lezing_gehaald_min": {
            "nl": "Ook de onderkant van het interval ({onder}) ligt op of boven de grens {grens}.",
            "en": "Even the interval's lower end ({onder}) is at or above the threshold {grens}.",
        },
        "lezing_niet_min": {
            "nl": "Ook de bovenkant van het interval ({boven}) ligt onder de grens {grens}.",
            "en": "Even the interval's upper end ({boven}) is below the threshold {grens}.",
        },
        "lezing_gehaald_max": {
            "nl": "Ook de bovenkant van het interval ({boven}) ligt op of onder de grens {grens}.",
            "en": "Even the interval's upper end ({boven}) is at or below the threshold {grens}.",
        },
        "lezing_niet_max": {
            "nl": "Ook de onderkant van het interval ({onder}) ligt boven de grens {grens}.",
            "en": "Even the interval's lower end ({onder}) is above the threshold {grens}.",
        },
        "lezing_open": {
            "nl": "De grens {grens} ligt binnen het interval: met dit aantal huishoudens past de "
            "uitkomst zowel bij halen als bij niet halen.",
            "en": "The threshold {grens} lies within the interval: with this number of households "
            "the result fits both meeting and missing it.",
        },
        "lezing_geen": {
            "nl": "Er is geen cijfer om het criterium aan te toetsen.",
            "en": "There is no figure to judge the criterion by.",
        },
        "lezing_telling_ja": {
            "nl": "Een telling van makelaars, geen steekproef: {waarde} is minstens {grens}.",
            "en": "A count of brokers, not a sample: {waarde} is at least {grens}.",
        },
        "lezing_telling_open": {
            "nl": "Van {onbekend} makelaar(s) is niet vastgelegd of zij volgens de werkwijze "
            "werkten (casussen uit het logboek); daarmee kan het aantal de grens {grens} halen "
            "of niet.",
            "en": "For {onbekend} broker(s) it is not recorded whether they worked by the method "
            "(cases from the logbook); with them the count may or may not reach {grens}.",
        },
        "lezing_telling_nee": {
            "nl": "Een telling van makelaars, geen steekproef: {waarde} is minder dan {grens}.",
            "en": "A count of brokers, not a sample: {waarde} is fewer than {grens}.",
        },
    },
)

#: criterion -> (indicator, "min": at least the threshold, "max": at most, counted in)
CRITERIA: dict[str, tuple[str, Literal["min", "max"], str]] = {
    "aanbieders_minder": (ind.AANBIEDERS_MINDER.id, "min", "huishoudens"),
    "tevredenheid_snelheid": (ind.SNELHEID.id, "min", "antwoorden"),
    "tevredenheid_eigen_verantwoordelijkheid": (
        ind.EIGEN_VERANTWOORDELIJKHEID.id,
        "min",
        "antwoorden",
    ),
    "samenwerking": (ind.SAMENWERKING.id, "min", "antwoorden"),
    "eigen_netwerk_pct": (ind.EIGEN_NETWERK.id, "min", "huishoudens"),
    "dagen_tot_eerste_contact": (ind.DAGEN_MEDIAAN.id, "max", "huishoudens"),
    "makelaars_volgens_werkwijze": (ind.MAKELAARS_WERKWIJZE.id, "min", "makelaars"),
}


def getal(value: float, taal: str, cijfers: int = 1, *, vast: bool = False) -> str:
    """A number as readers of `taal` write it (1,5 in Dutch, 1.5 in English); `vast`: always
    `cijfers` decimals (2,0), else only those needed (2)."""
    pattern = "#,##0" if cijfers == 0 else "#,##0." + ("0" if vast else "#") * cijfers
    return format_decimal(value, format=pattern, locale=babel_locale(taal))


@dataclass(frozen=True)
class Oordeel:
    criterium: str
    tekst: str
    uitkomst: Uitkomst
    uitkomst_tekst: str
    bewijs: str
    lezing: str


def beoordeel(
    instellingen: CasusregieInstellingen,
    waarden: Mapping[str, IndicatorValue],
    *,
    drempel: int,
    taal: str,
) -> list[Oordeel]:
    """The verdict on each criterion the gemeente set, in the order of CRITERIA."""
    oordelen = []
    for key, (indicator, richting, eenheid) in CRITERIA.items():
        grens = getattr(instellingen.criteria, key)
        if grens is None:
            continue
        pct = "%" if key == "eigen_netwerk_pct" else ""
        g = getal(grens, taal)
        tekst = vertaal(TEKSTEN, key, taal, grens=g, schaal=instellingen.schaal)
        value = waarden.get(indicator)
        uitkomst, bewijs, lezing = _toets(value, grens, richting, eenheid, drempel, taal, pct)
        oordelen.append(
            Oordeel(key, tekst, uitkomst, vertaal(TEKSTEN, uitkomst, taal), bewijs, lezing)
        )
    return oordelen


def _toets(
    value: IndicatorValue | None,
    grens: float,
    richting: str,
    eenheid: str,
    drempel: int,
    taal: str,
    pct: str,
) -> tuple[Uitkomst, str, str]:
    def t(key: str, **w: object) -> str:
        return vertaal(TEKSTEN, key, taal, **w)

    g = getal(grens, taal) + pct
    if value is None or value.waarde is None:
        geen = t("onderdrukt", drempel=drempel) if value is not None else t("geen_gegevens")
        return "niet_te_zeggen", geen, t("lezing_geen")
    w = getal(value.waarde, taal, vast=True) + pct
    if eenheid == "makelaars":
        telling = getal(value.waarde, taal, 0)
        bewijs = t("bewijs_telling", waarde=telling, n=value.basis or 0)
        hoogstens = value.bovengrens if value.bovengrens is not None else value.waarde
        if value.waarde >= grens:
            return "gehaald", bewijs, t("lezing_telling_ja", waarde=telling, grens=g)
        if hoogstens < grens:
            return "niet_gehaald", bewijs, t("lezing_telling_nee", waarde=telling, grens=g)
        onbekend = getal(hoogstens - value.waarde, taal, 0)
        return "niet_te_zeggen", bewijs, t("lezing_telling_open", onbekend=onbekend, grens=g)
    n = value.basis or 0
    if value.ondergrens is None or value.bovengrens is None:
        bewijs = t("bewijs_zonder_interval", waarde=w, n=n, eenheid=t(eenheid))
        return "niet_te_zeggen", bewijs, t("lezing_geen")
    onder, boven = value.ondergrens, value.bovengrens
    o, b = getal(onder, taal, vast=True) + pct, getal(boven, taal, vast=True) + pct
    bewijs = t("bewijs", waarde=w, onder=o, boven=b, n=n, eenheid=t(eenheid))
    if richting == "min":
        if onder >= grens:
            return "gehaald", bewijs, t("lezing_gehaald_min", onder=o, grens=g)
        if boven < grens:
            return "niet_gehaald", bewijs, t("lezing_niet_min", boven=b, grens=g)
    else:
        if boven <= grens:
            return "gehaald", bewijs, t("lezing_gehaald_max", boven=b, grens=g)
        if onder > grens:
            return "niet_gehaald", bewijs, t("lezing_niet_max", onder=o, grens=g)
    return "niet_te_zeggen", bewijs, t("lezing_open", grens=g)
