"""The 95% intervals, against statsmodels and scipy reference values."""

from __future__ import annotations

import math
import statistics

import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint
from statsmodels.stats.rates import confint_poisson_2indep

from makelaar.cycles.onzekerheid import (
    Interval,
    gemiddelde,
    lezing,
    poisson,
    rest,
    vergelijk,
    verhouding_rates,
    verschil_gemiddelden,
    verschil_met_norm,
    verschil_proporties,
    wilson,
)
from makelaar.models.schemas import IndicatorValue

SHARES = [(0, 12), (1, 12), (14, 32), (16, 50), (117, 144), (50, 50), (7, 325)]


@pytest.mark.parametrize(("teller", "noemer"), SHARES)
def test_wilson_matches_statsmodels(teller: int, noemer: int) -> None:
    found = wilson(teller, noemer)
    low, upp = proportion_confint(teller, noemer, alpha=0.05, method="wilson")
    assert found.waarde == pytest.approx(teller / noemer)
    assert (found.onder, found.boven) == pytest.approx((low, upp), abs=1e-12)


def test_the_issues_loneliness_figure_west_43_8_percent_of_32() -> None:
    west = wilson(14, 32).maal(100)
    assert (round(west.onder), round(west.boven)) == (28, 61)
    assert west.bevat(37.4)  # the city's figure: no finding


@pytest.mark.parametrize("aantal", [0, 1, 5, 37, 412])
def test_garwood_matches_the_chi_square_definition(aantal: int) -> None:
    found = poisson(aantal, per=8_250)
    low = 0.0 if aantal == 0 else stats.chi2.ppf(0.025, 2 * aantal) / 2
    upp = stats.chi2.ppf(0.975, 2 * aantal + 2) / 2
    scale = 1000 / 8_250
    assert found.waarde == pytest.approx(aantal * scale)
    assert (found.onder, found.boven) == pytest.approx((low * scale, upp * scale), rel=1e-12)
    # statsmodels' exact Poisson interval for the count agrees
    if aantal:
        from statsmodels.stats.rates import confint_poisson

        sm_low, sm_upp = confint_poisson(aantal, 8_250 / 1000, method="exact-c")
        assert (found.onder, found.boven) == pytest.approx((sm_low, sm_upp), rel=1e-9)


def test_a_count_on_its_own_and_known_garwood_values() -> None:
    # Garwood's table: 5 events -> 1.6235 to 11.6683
    assert (poisson(5).onder, poisson(5).boven) == pytest.approx((1.6235, 11.6683), abs=1e-4)
    assert poisson(0).onder == 0.0 and poisson(0).boven == pytest.approx(3.6889, abs=1e-4)


def test_t_interval_matches_scipy() -> None:
    data = [1, 3, 0, 2, 2, 5, 1, 1, 4, 2]
    n, mean, sd = len(data), sum(data) / len(data), stats.tstd(data)
    found = gemiddelde(n, mean, sd)
    low, upp = stats.t.interval(0.95, n - 1, loc=mean, scale=stats.sem(data))
    assert (found.onder, found.boven) == pytest.approx((low, upp), rel=1e-12)


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2"),
    [(8, 25, 117, 144), (14, 32, 150, 401), (56, 70, 48, 80), (0, 10, 3, 12), (10, 10, 5, 12)],
)
def test_newcombe_matches_statsmodels(x1: int, n1: int, x2: int, n2: int) -> None:
    found = verschil_proporties(x1, n1, x2, n2)
    low, upp = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
    assert found.interval.waarde == pytest.approx(x1 / n1 - x2 / n2)
    assert (found.interval.onder, found.interval.boven) == pytest.approx((low, upp), abs=1e-12)


def test_leidsche_rijn_signals_differ_the_loneliness_of_west_does_not() -> None:
    # 8 of 25 signals followed up against 117 of 144 in the rest of the city
    assert verschil_proporties(8, 25, 117, 144).richting == -1
    # West 14 of 32 lonely against 136 of 369 elsewhere
    assert verschil_proporties(14, 32, 136, 369).richting == 0


@pytest.mark.parametrize(
    ("k1", "t1", "k2", "t2"), [(12, 10_000, 30, 12_000), (3, 900, 0, 1_000), (40, 5_000, 41, 5_000)]
)
def test_exact_conditional_rate_ratio_is_clopper_pearson_transformed(
    k1: int, t1: float, k2: int, t2: float
) -> None:
    found = verhouding_rates(k1, t1, k2, t2)
    p_low, p_upp = proportion_confint(k1, k1 + k2, alpha=0.05, method="beta")

    def ratio(p: float) -> float:
        return math.inf if p >= 1 else p / (1 - p) * t2 / t1

    assert found.interval.onder == pytest.approx(ratio(p_low), rel=1e-9)
    assert found.interval.boven == pytest.approx(ratio(p_upp), rel=1e-9)


def test_with_large_counts_the_exact_ratio_is_close_to_the_log_wald_interval() -> None:
    found = verhouding_rates(900, 100_000, 1_000, 100_000)
    low, upp = confint_poisson_2indep(900, 100_000, 1_000, 100_000, method="wald-log")
    assert (found.interval.onder, found.interval.boven) == pytest.approx((low, upp), rel=0.01)
    assert found.richting == -1


def test_welch_interval_matches_scipy() -> None:
    a = [2.0, 3.0, 1.0, 4.0, 3.0, 2.0, 5.0]
    b = [1.0, 1.0, 2.0, 0.0, 1.0, 2.0, 1.0, 1.0, 0.0]
    found = verschil_gemiddelden(
        len(a), float(sum(a) / len(a)), stats.tstd(a), len(b), float(sum(b) / len(b)), stats.tstd(b)
    )
    ci = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert (found.interval.onder, found.interval.boven) == pytest.approx((ci.low, ci.high))
    assert found.richting == 1


def test_plain_readings_in_dutch_and_english() -> None:
    hoger = verschil_proporties(40, 50, 10, 50)
    gelijk = verschil_proporties(14, 32, 136, 369)
    assert lezing(hoger, "vorige") == "hoger dan vorige ronde"
    assert lezing(hoger, "gemeente", "en") == "higher than the municipality"
    assert lezing(gelijk, "gemeente") == "verschil met de gemeente valt binnen de onzekerheid"
    norm = verschil_met_norm(Interval(70.0, 60.0, 79.0), 85.0)
    assert lezing(norm, "norm", norm="de norm van 85%") == "lager dan de norm van 85%"


def test_bad_input_is_refused_with_the_values() -> None:
    with pytest.raises(ValueError, match="not 5 of 3"):
        wilson(5, 3)
    with pytest.raises(ValueError, match="at least 2"):
        gemiddelde(1, 2.0, 0.0)
    with pytest.raises(ValueError, match="without a single event"):
        verhouding_rates(0, 10, 0, 10)


def _mean_value(data: list[float], sleutel: str) -> IndicatorValue:
    return IndicatorValue(
        indicator="gem_partners_per_actie",
        dimensie="wijk",
        sleutel=sleutel,
        waarde=sum(data) / len(data),
        teller=sum(data),
        noemer=len(data),
        spreiding=statistics.stdev(data),
    )


def test_the_rest_of_the_gemeente_is_recovered_from_the_totals() -> None:
    wijk = [3.0, 1.0, 1.0, 2.0, 0.0]
    others = [1.0, 2.0, 2.0, 4.0, 1.0, 0.0, 3.0]
    gemeente = _mean_value(wijk + others, "GM")
    found = rest(gemeente, _mean_value(wijk, "W1"), "t")
    assert found is not None and found.spreiding is not None
    assert (found.teller, found.noemer) == (sum(others), len(others))
    assert found.spreiding == pytest.approx(statistics.stdev(others), rel=1e-12)
    compared = vergelijk(_mean_value(wijk, "W1"), found, "t")
    ci = stats.ttest_ind(wijk, others, equal_var=False).confidence_interval(0.95)
    assert compared is not None
    assert (compared.interval.onder, compared.interval.boven) == pytest.approx((ci.low, ci.high))


def test_shares_and_rates_against_the_rest_and_what_cannot_be_compared() -> None:
    def share(teller: int, noemer: int, onderdrukt: bool = False) -> IndicatorValue:
        return IndicatorValue(
            indicator="x", dimensie="wijk", waarde=1.0, teller=teller, noemer=noemer,
            onderdrukt=onderdrukt,
        )  # fmt: skip

    anders = rest(share(117, 144), share(8, 25), "wilson")
    assert anders is not None and (anders.teller, anders.noemer) == (109, 119)
    compared = vergelijk(share(8, 25), anders, "wilson")
    low, upp = confint_proportions_2indep(8, 25, 109, 119, method="newcomb", compare="diff")
    assert compared is not None
    assert (compared.interval.onder, compared.interval.boven) == pytest.approx(
        (100 * low, 100 * upp)
    )
    assert vergelijk(share(8, 25, onderdrukt=True), anders, "wilson") is None
    assert vergelijk(share(8, 25), anders, None) is None
    assert rest(share(8, 25), share(8, 25), "wilson") is None  # nothing left
    rate = IndicatorValue(indicator="y", dimensie="wijk", waarde=8.0, teller=80, noemer=10_000)
    total = IndicatorValue(
        indicator="y", dimensie="gemeente", waarde=12.0, teller=240, noemer=20_000
    )
    rest_rate = rest(total, rate, "poisson")
    assert rest_rate is not None and (rest_rate.teller, rest_rate.noemer) == (160, 10_000)
    ratio = vergelijk(rate, rest_rate, "poisson")
    assert ratio is not None and ratio.soort == "verhouding" and ratio.richting == -1
    assert ratio.interval.waarde == pytest.approx(0.5)
