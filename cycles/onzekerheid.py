"""How sure a figure is: 95% intervals for the indicators and for the difference of two of them.

Pure functions on counts, rates and means (scipy for the quantiles). What they compute:

- a proportion (`wilson`): Wilson's score interval (Wilson 1927), good for small n and shares
  near 0 or 1, where the normal approximation is not;
- a rate per 1,000 inhabitants (`poisson`): the exact (Garwood 1936) interval of a Poisson count,
  from the chi-square distribution, scaled to events per 1,000 inhabitants; a count on its own is
  the same with no inhabitants (`per=None`);
- a mean (`gemiddelde`): the t interval from n, the mean and the standard deviation;
- the difference of two independent proportions (`verschil_proporties`): Newcombe's hybrid score
  interval (Newcombe 1998, method 10: the two Wilson intervals combined, no continuity correction);
- two independent rates (`verhouding_rates`): the rate ratio with the exact conditional interval:
  given the k1 + k2 events, k1 is binomial with p = r*t1 / (r*t1 + t2) for the rate ratio r, so the
  Clopper-Pearson interval of p, transformed, is an exact interval of r (Armitage, Berry & Matthews,
  ch. 5). Two rates differ when that interval excludes 1;
- the difference of two independent means (`verschil_gemiddelden`): Welch's t interval.

Each difference also carries the two-sided p-value of the test its interval belongs to (the
score test of two proportions, the exact conditional binomial test of two rates, Welch's t test),
for the correction for multiple comparisons: `benjamini_hochberg` (Benjamini & Hochberg 1995)
keeps the expected share of false findings among all findings of a family at 5%.

`lezing` says what a difference means in plain words, in Dutch or English ("hoger dan de
gemeente", "verschil valt binnen de onzekerheid"). A difference "is there" only when its interval
excludes no difference (0 for a difference, 1 for a ratio).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from scipy.special import betaincinv, gammaincinv, ndtr, ndtri, stdtr, stdtrit

from makelaar.cycles.spec import Statistiek
from makelaar.models.schemas import IndicatorValue
from makelaar.models.taal import catalogus, vertaal

__all__ = [
    "NIVEAU",
    "Interval",
    "Statistiek",
    "Verschil",
    "benjamini_hochberg",
    "gemiddelde",
    "interval_van",
    "lezing",
    "met_interval",
    "poisson",
    "rest",
    "vergelijk",
    "verhouding_rates",
    "verschil_gemiddelden",
    "verschil_met_norm",
    "verschil_proporties",
    "wilson",
]

#: the confidence level of every interval makelaar publishes
NIVEAU = 0.95


# The quantiles through scipy.special's functions rather than scipy.stats' distribution objects:
# the same numbers (chi2.ppf(q, 2k) / 2 is gammaincinv(k, q), t.ppf is stdtrit, beta.ppf is
# betaincinv), without the objects' argument checking, which took most of a national run's time.


@functools.lru_cache(maxsize=8)
def _z(niveau: float) -> float:
    return float(ndtri(1 - (1 - niveau) / 2))


@dataclass(frozen=True)
class Interval:
    """A figure with its interval (the same unit as the figure)."""

    waarde: float
    onder: float
    boven: float

    def bevat(self, waarde: float) -> bool:
        """Whether `waarde` lies within the interval (bounds included)."""
        return self.onder <= waarde <= self.boven

    def maal(self, factor: float) -> Interval:
        """The same interval in another unit (e.g. a share as a percentage: `maal(100)`)."""
        return Interval(self.waarde * factor, self.onder * factor, self.boven * factor)


@dataclass(frozen=True)
class Verschil:
    """How a figure compares with another: the difference (or ratio) and its interval.

    `geen_verschil` is what the interval is checked against: 0 for a difference, 1 for a ratio.
    `richting` is +1 when the first figure is clearly higher, -1 when clearly lower, 0 when the
    interval includes no difference.
    """

    interval: Interval
    soort: Literal["verschil", "verhouding"]
    #: the two-sided p-value of the matching test (None against a fixed threshold)
    p: float | None = None

    @property
    def geen_verschil(self) -> float:
        return 0.0 if self.soort == "verschil" else 1.0

    @property
    def richting(self) -> Literal[-1, 0, 1]:
        if self.interval.onder > self.geen_verschil:
            return 1
        if self.interval.boven < self.geen_verschil:
            return -1
        return 0


def wilson(teller: float, noemer: float, niveau: float = NIVEAU) -> Interval:
    """The share `teller / noemer` (0..1) with Wilson's score interval; `noemer` must be > 0."""
    _check_share(teller, noemer)
    z = _z(niveau)
    p = teller / noemer
    z2n = z * z / noemer
    midden = (p + z2n / 2) / (1 + z2n)
    halve = z * math.sqrt(p * (1 - p) / noemer + z2n / noemer / 4) / (1 + z2n)
    return Interval(p, max(0.0, midden - halve), min(1.0, midden + halve))


def poisson(aantal: float, per: float | None = None, niveau: float = NIVEAU) -> Interval:
    """A count with its exact (Garwood) interval; with `per` inhabitants, the rate per 1,000."""
    if aantal < 0:
        raise ValueError(f"A count cannot be negative: {aantal}.")
    if per is not None and per <= 0:
        raise ValueError(f"A rate needs a positive number of inhabitants, not {per}.")
    a = 1 - niveau
    onder = 0.0 if aantal == 0 else float(gammaincinv(aantal, a / 2))
    boven = float(gammaincinv(aantal + 1, 1 - a / 2))
    schaal = 1.0 if per is None else 1000.0 / per
    return Interval(aantal * schaal, onder * schaal, boven * schaal)


def gemiddelde(n: int, gem: float, sd: float, niveau: float = NIVEAU) -> Interval:
    """A mean of `n` observations with standard deviation `sd`, with its t interval (n >= 2)."""
    if n < 2:
        raise ValueError(f"A t interval needs at least 2 observations, not {n}.")
    halve = float(stdtrit(n - 1, 1 - (1 - niveau) / 2)) * sd / math.sqrt(n)
    return Interval(gem, gem - halve, gem + halve)


def verschil_proporties(
    teller1: float, noemer1: float, teller2: float, noemer2: float, niveau: float = NIVEAU
) -> Verschil:
    """p1 - p2 with Newcombe's hybrid score interval (both shares 0..1)."""
    een = wilson(teller1, noemer1, niveau)
    twee = wilson(teller2, noemer2, niveau)
    d = een.waarde - twee.waarde
    onder = d - math.sqrt((een.waarde - een.onder) ** 2 + (twee.boven - twee.waarde) ** 2)
    boven = d + math.sqrt((een.boven - een.waarde) ** 2 + (twee.waarde - twee.onder) ** 2)
    # the score test: the pooled share's standard error (chi-square without continuity correction)
    gepoold = (teller1 + teller2) / (noemer1 + noemer2)
    se = math.sqrt(gepoold * (1 - gepoold) * (1 / noemer1 + 1 / noemer2))
    p = 1.0 if se == 0 else float(2 * ndtr(-abs(d) / se))
    return Verschil(Interval(d, onder, boven), "verschil", p)


def verhouding_rates(
    aantal1: int, per1: float, aantal2: int, per2: float, niveau: float = NIVEAU
) -> Verschil:
    """The ratio of two Poisson rates (aantal / per) with its exact conditional interval.

    Needs at least one event in all; with none in one of them the ratio's bound is 0 or infinite.
    """
    if per1 <= 0 or per2 <= 0:
        raise ValueError(f"Rates need positive exposures, not {per1} and {per2}.")
    totaal = aantal1 + aantal2
    if totaal <= 0:
        raise ValueError("Two rates without a single event cannot be compared.")
    a = 1 - niveau
    p_onder = 0.0 if aantal1 == 0 else float(betaincinv(aantal1, aantal2 + 1, a / 2))
    p_boven = 1.0 if aantal2 == 0 else float(betaincinv(aantal1 + 1, aantal2, 1 - a / 2))
    schaal = per2 / per1

    def ratio(p: float) -> float:
        return math.inf if p >= 1.0 else p / (1 - p) * schaal

    waarde = math.inf if aantal2 == 0 else aantal1 / per1 / (aantal2 / per2)
    # the test that interval inverts: k1 of the k1 + k2 events, binomial under equal rates;
    # scipy.stats imported here, where it is used: at the top it cost every process that loads
    # the cycles (each `makelaar` command that lists or runs one) 1-2 s of imports
    from scipy.stats import binomtest

    p = float(binomtest(aantal1, totaal, per1 / (per1 + per2)).pvalue)
    return Verschil(Interval(waarde, ratio(p_onder), ratio(p_boven)), "verhouding", p)


def verschil_gemiddelden(
    n1: int, gem1: float, sd1: float, n2: int, gem2: float, sd2: float, niveau: float = NIVEAU
) -> Verschil:
    """mean1 - mean2 with Welch's t interval (unequal variances; n1, n2 >= 2)."""
    if n1 < 2 or n2 < 2:
        raise ValueError(f"Comparing means needs at least 2 observations each, not {n1}, {n2}.")
    v1, v2 = sd1 * sd1 / n1, sd2 * sd2 / n2
    se = math.sqrt(v1 + v2)
    d = gem1 - gem2
    if se == 0:
        return Verschil(Interval(d, d, d), "verschil", 1.0 if d == 0 else 0.0)
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    halve = float(stdtrit(df, 1 - (1 - niveau) / 2)) * se
    return Verschil(
        Interval(d, d - halve, d + halve), "verschil", float(2 * stdtr(df, -abs(d) / se))
    )


def benjamini_hochberg(ps: Sequence[float], q: float = 1 - NIVEAU) -> list[bool]:
    """Which of a family's tests are discoveries at false discovery rate `q` (Benjamini and
    Hochberg 1995): the k smallest p-values, for the largest k with p_(k) <= k q / m."""
    m = len(ps)
    volgorde = sorted(range(m), key=lambda i: ps[i])
    k = max((rang for rang, i in enumerate(volgorde, 1) if ps[i] <= rang * q / m), default=0)
    gekozen = set(volgorde[:k])
    return [i in gekozen for i in range(m)]


def verschil_met_norm(interval: Interval, norm: float) -> Verschil:
    """A figure against a fixed threshold: the figure minus the norm, with the figure's interval."""
    return Verschil(
        Interval(interval.waarde - norm, interval.onder - norm, interval.boven - norm), "verschil"
    )


def _check_share(teller: float, noemer: float) -> None:
    if noemer <= 0 or teller < 0 or teller > noemer:
        raise ValueError(
            f"A share needs 0 <= teller <= noemer and noemer > 0, not {teller} of {noemer}."
        )


LEZINGEN = catalogus(
    "onzekerheid.lezing",
    {
        "gemeente.hoger": {"nl": "hoger dan de gemeente", "en": "higher than the municipality"},
        "gemeente.lager": {"nl": "lager dan de gemeente", "en": "lower than the municipality"},
        "gemeente.gelijk": {
            "nl": "verschil met de gemeente valt binnen de onzekerheid",
            "en": "the difference with the municipality is within the uncertainty",
        },
        "vorige.hoger": {"nl": "hoger dan vorige ronde", "en": "higher than the previous round"},
        "vorige.lager": {"nl": "lager dan vorige ronde", "en": "lower than the previous round"},
        "vorige.gelijk": {
            "nl": "verschil met vorige ronde valt binnen de onzekerheid",
            "en": "the difference with the previous round is within the uncertainty",
        },
        "norm.hoger": {"nl": "hoger dan {norm}", "en": "higher than {norm}"},
        "norm.lager": {"nl": "lager dan {norm}", "en": "lower than {norm}"},
        "norm.gelijk": {
            "nl": "verschil met {norm} valt binnen de onzekerheid",
            "en": "the difference with {norm} is within the uncertainty",
        },
    },
)

_RICHTING = {1: "hoger", -1: "lager", 0: "gelijk"}


def lezing(
    verschil: Verschil,
    ten_opzichte_van: Literal["gemeente", "vorige", "norm"],
    taal: str | None = "nl",
    norm: str = "",
) -> str:
    """A difference in plain words: "hoger dan vorige ronde", "verschil valt binnen de
    onzekerheid", ... (`norm` names the threshold for `ten_opzichte_van="norm"`)."""
    key = f"{ten_opzichte_van}.{_RICHTING[verschil.richting]}"
    return vertaal(LEZINGEN, key, taal, norm=norm)


# --- on indicator values -------------------------------------------------------------------------
# What a value's interval rests on travels with it (models.schemas.IndicatorValue): for "wilson"
# the records with the property (teller) and all records (noemer), the value in %; for "poisson"
# the events (teller) and the inhabitants (noemer, a rate per 1,000) or no noemer (a count); for
# "t" the sum (teller), n (noemer) and the standard deviation (spreiding).


def interval_van(value: IndicatorValue, statistiek: Statistiek | None) -> Interval | None:
    """The 95% interval of `value` in its own unit, or None when it cannot be computed (no
    statistic, a suppressed value, nothing to rest on)."""
    if statistiek is None or value.onderdrukt or value.teller is None:
        return None
    teller, noemer = value.teller, value.noemer
    if statistiek == "wilson":
        # a share above 1 (more answers than invitations) has no interval: the counts are wrong
        return wilson(teller, noemer).maal(100.0) if noemer and 0 <= teller <= noemer else None
    if statistiek == "poisson":
        if noemer is not None and noemer <= 0:
            return None
        return poisson(teller, per=noemer)
    if not noemer or noemer < 2 or value.spreiding is None:
        return None
    return gemiddelde(int(noemer), teller / noemer, value.spreiding)


def met_interval(value: IndicatorValue, statistiek: Statistiek | None) -> IndicatorValue:
    """`value` with its interval filled in (bounds rounded to 2 decimals), when one applies."""
    interval = interval_van(value, statistiek)
    if interval is None:
        return value
    return value.model_copy(
        update={"ondergrens": round(interval.onder, 2), "bovengrens": round(interval.boven, 2)}
    )


def rest(
    geheel: IndicatorValue, deel: IndicatorValue, statistiek: Statistiek
) -> IndicatorValue | None:
    """The gemeente without one wijk (`geheel` minus `deel`), the independent sample a wijk is
    compared with; None when nothing is left or a value lacks its counts."""
    if geheel.teller is None or deel.teller is None:
        return None
    teller = geheel.teller - deel.teller
    if geheel.noemer is None or deel.noemer is None:
        if statistiek != "poisson" or geheel.noemer is not None or deel.noemer is not None:
            return None
        return IndicatorValue(
            indicator=geheel.indicator, dimensie="rest", waarde=None, teller=teller
        )
    noemer = geheel.noemer - deel.noemer
    if noemer <= 0 or teller < 0:
        return None
    spreiding = None
    if statistiek == "t":
        if geheel.spreiding is None or deel.spreiding is None or noemer < 2:
            return None
        kwadraten = _kwadraten(geheel) - _kwadraten(deel)
        variantie = (kwadraten - teller * teller / noemer) / (noemer - 1)
        spreiding = math.sqrt(max(0.0, variantie))
    return IndicatorValue(
        indicator=geheel.indicator,
        dimensie="rest",
        waarde=None,
        teller=teller,
        noemer=noemer,
        spreiding=spreiding,
    )


def _kwadraten(value: IndicatorValue) -> float:
    """The sum of squares behind a mean: (n - 1) sd^2 + sum^2 / n."""
    n = value.noemer or 0.0
    sd = value.spreiding or 0.0
    teller = value.teller or 0.0
    return (n - 1) * sd * sd + teller * teller / n


def vergelijk(
    een: IndicatorValue, twee: IndicatorValue, statistiek: Statistiek | None
) -> Verschil | None:
    """`een` against the independent `twee`: a difference in % points (wilson), a rate ratio
    (poisson) or a difference of means (t), with its interval; None when it cannot be computed
    (a suppressed value, missing counts, no events at all)."""
    if statistiek is None or een.onderdrukt or twee.onderdrukt:
        return None
    if een.teller is None or twee.teller is None:
        return None
    if statistiek == "wilson":
        if not een.noemer or not twee.noemer:
            return None
        verschil = verschil_proporties(een.teller, een.noemer, twee.teller, twee.noemer)
        return Verschil(verschil.interval.maal(100.0), "verschil", verschil.p)
    if statistiek == "poisson":
        per1, per2 = een.noemer or 1.0, twee.noemer or 1.0
        if (een.noemer is None) != (twee.noemer is None) or per1 <= 0 or per2 <= 0:
            return None
        if een.teller + twee.teller <= 0:
            return None
        return verhouding_rates(round(een.teller), per1, round(twee.teller), per2)
    if (
        een.noemer is None
        or twee.noemer is None
        or een.noemer < 2
        or twee.noemer < 2
        or een.spreiding is None
        or twee.spreiding is None
    ):
        return None
    return verschil_gemiddelden(
        int(een.noemer),
        een.teller / een.noemer,
        een.spreiding,
        int(twee.noemer),
        twee.teller / twee.noemer,
        twee.spreiding,
    )
