"""The wijkanalyse ranks wijken by their task, on the components known for all of them."""

from __future__ import annotations

import pytest

from makelaar.cycles.wijkanalyse import need_index, upper_third


def test_wijken_are_ranked_by_mean_z_score() -> None:
    scores = need_index(
        {
            "A": {"pct_65_plus": 10.0, "pct_eenpersoons": 40.0},
            "B": {"pct_65_plus": 20.0, "pct_eenpersoons": 50.0},
            "C": {"pct_65_plus": 30.0, "pct_eenpersoons": 60.0},
        }
    )
    assert [(s.code, s.rang) for s in scores] == [("C", 1), ("B", 2), ("A", 3)]
    # population sd of (10, 20, 30) is 8.165: C scores z = +1.2247 on both, B 0, A -1.2247
    assert scores[0].index == pytest.approx(1.225, abs=1e-3)
    assert scores[1].index == pytest.approx(0.0, abs=1e-3)
    assert scores[-1].index == pytest.approx(-1.225, abs=1e-3)
    assert scores[0].onderdelen == ("pct_65_plus", "pct_eenpersoons")
    assert upper_third(scores) == {"C"}


def test_a_component_suppressed_for_one_wijk_is_left_out_for_all() -> None:
    scores = need_index(
        {
            "A": {"pct_65_plus": 10.0, "pct_huishoudens_laag_inkomen": None},
            "B": {"pct_65_plus": 20.0, "pct_huishoudens_laag_inkomen": 30.0},
        }
    )
    assert all(s.onderdelen == ("pct_65_plus",) for s in scores)
    assert [s.code for s in scores] == ["B", "A"]


def test_nothing_is_ranked_without_two_wijken_or_a_usable_component() -> None:
    assert need_index({"A": {"pct_65_plus": 10.0}}) == []
    assert need_index({"A": {"pct_65_plus": None}, "B": {"pct_65_plus": 5.0}}) == []
    assert need_index({"A": {"pct_65_plus": 5.0}, "B": {"pct_65_plus": 5.0}}) == []
