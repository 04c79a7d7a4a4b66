"""Multiple comparisons: each difference's p-value against statsmodels and scipy, and
Benjamini-Hochberg against statsmodels' fdr_bh, then what it changes in the findings."""

from __future__ import annotations

import random

import pytest
from scipy import stats
from statsmodels.stats import rates
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from makelaar.cycles.buurtmeter.afwijkingen import afwijkingen, veranderingen
from makelaar.cycles.observations import WijkInfo
from makelaar.cycles.onzekerheid import (
    benjamini_hochberg,
    verhouding_rates,
    verschil_gemiddelden,
    verschil_proporties,
)
from makelaar.cycles.spec import Indicator
from makelaar.models.schemas import IndicatorValue


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2"),
    [(14, 32, 170, 454), (23, 71, 900, 1100), (0, 12, 5, 40), (3, 9, 3, 9)],
)
def test_the_share_difference_p_is_the_pooled_score_test(
    x1: int, n1: int, x2: int, n2: int
) -> None:
    _, expected = proportions_ztest([x1, x2], [n1, n2])
    assert verschil_proporties(x1, n1, x2, n2).p == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(("k1", "t1", "k2", "t2"), [(12, 1000.0, 30, 1500.0), (0, 80.0, 9, 400.0)])
def test_the_rate_ratio_p_is_the_exact_conditional_test(
    k1: int, t1: float, k2: int, t2: float
) -> None:
    expected = rates.test_poisson_2indep(k1, t1, k2, t2, method="exact-cond").pvalue
    assert verhouding_rates(k1, t1, k2, t2).p == pytest.approx(expected, rel=1e-9)


def test_the_mean_difference_p_is_welchs_t_test() -> None:
    expected = stats.ttest_ind_from_stats(2.9, 1.4, 32, 2.4, 1.6, 410, equal_var=False).pvalue
    assert verschil_gemiddelden(32, 2.9, 1.4, 410, 2.4, 1.6).p == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("seed", range(30))
def test_benjamini_hochberg_matches_statsmodels(seed: int) -> None:
    rng = random.Random(seed)
    ps = [rng.random() ** rng.choice([1, 3, 8]) for _ in range(rng.randint(1, 40))]
    expected, *_ = multipletests(ps, alpha=0.05, method="fdr_bh")
    assert benjamini_hochberg(ps) == [bool(x) for x in expected]


ANDEREN = [
    WijkInfo(code=f"WK0001{i:02d}", naam=f"Wijk {i}", weergave=f"Wijk {i}") for i in range(12)
]
AANDEEL = Indicator(
    id="pct_x", nl="Aandeel x", en="Share x", eenheid="%", statistiek="wilson", beter="hoger"
)


def _share(sleutel: str, teller: int, noemer: int) -> IndicatorValue:
    return IndicatorValue(
        indicator="pct_x",
        dimensie="wijk",
        sleutel=sleutel,
        waarde=100.0 * teller / noemer,
        teller=teller,
        noemer=noemer,
    )


def test_one_wijk_just_beyond_its_interval_among_twelve_is_no_finding() -> None:
    """Twelve wijken of 100, eleven at 51% and one at 38%: on its own its interval (29-48%)
    excludes the gemeente's 49.9% and p = 0.013; among twelve comparisons the false discovery
    rate does not keep it (the smallest p must be below 0.05 / 12). At 25% it stays a finding."""

    def values(laag: int) -> dict[tuple[str, str], IndicatorValue]:
        cellen = [_share(w.code, laag if i == 0 else 51, 100) for i, w in enumerate(ANDEREN)]
        totaal = _share("GM0001", int(sum(c.teller or 0 for c in cellen)), 100 * len(cellen))
        return {(c.indicator, c.sleutel): c for c in [*cellen, totaal]}

    alleen = afwijkingen({"pct_x": AANDEEL}, values(38), gemeente_code="GM0001", wijken=ANDEREN[:1])
    assert list(alleen) == [("pct_x", ANDEREN[0].code)]  # one comparison: a finding
    assert alleen[("pct_x", ANDEREN[0].code)].verschil.p == pytest.approx(0.013, abs=0.002)
    assert afwijkingen({"pct_x": AANDEEL}, values(38), gemeente_code="GM0001", wijken=ANDEREN) == {}
    sterk = afwijkingen({"pct_x": AANDEEL}, values(25), gemeente_code="GM0001", wijken=ANDEREN)
    assert list(sterk) == [("pct_x", ANDEREN[0].code)]


def test_a_change_since_the_previous_round_counts_in_its_indicators_family() -> None:
    nu = {
        ("pct_x", w.code): _share(w.code, 35 if i == 0 else 50, 100) for i, w in enumerate(ANDEREN)
    }
    vorige = {("pct_x", w.code): _share(w.code, 50, 100) for w in ANDEREN}
    codes = [w.code for w in ANDEREN]
    assert veranderingen({"pct_x": AANDEEL}, nu, vorige, codes[:1]) != {}
    assert veranderingen({"pct_x": AANDEEL}, nu, vorige, codes) == {}
