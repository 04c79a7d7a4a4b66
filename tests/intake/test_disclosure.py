"""Small-number suppression: primary below the threshold, secondary where totals would betray it."""

from __future__ import annotations

from makelaar.intake.disclosure import suppress
from makelaar.models.schemas import IndicatorValue


def _v(indicator: str, dimensie: str, sleutel: str, waarde: float, basis: int) -> IndicatorValue:
    return IndicatorValue.model_validate(
        {
            "indicator": indicator,
            "dimensie": dimensie,
            "sleutel": sleutel,
            "waarde": waarde,
            "basis": basis,
        }
    )


def test_a_value_resting_on_fewer_persons_than_the_threshold_is_hidden() -> None:
    [hidden, shown] = suppress(
        [_v("bereikte_bewoners", "wijk", "A", 9, 9), _v("bereikte_bewoners", "wijk", "B", 10, 10)],
        10,
    )
    assert hidden.onderdrukt and hidden.waarde is None and hidden.basis == 9
    assert not shown.onderdrukt and shown.waarde == 10


def test_a_percentage_on_a_small_base_is_hidden_even_when_the_percentage_is_large() -> None:
    [value] = suppress([_v("pct_signalen_opgepakt", "wijk", "A", 80.0, 5)], 10)
    assert value.onderdrukt and value.waarde is None


def test_one_hidden_wijk_of_an_additive_total_hides_the_next_smallest_too() -> None:
    values = [
        _v("acties", "gemeente", "GM", 150, 150),
        _v("acties", "wijk", "A", 4, 4),
        _v("acties", "wijk", "B", 46, 46),
        _v("acties", "wijk", "C", 100, 100),
    ]
    result = {v.sleutel: v for v in suppress(values, 10, additive=frozenset({"acties"}))}
    assert result["A"].onderdrukt
    assert result["B"].onderdrukt, "A = total - B - C would otherwise be recoverable"
    assert not result["C"].onderdrukt and result["C"].waarde == 100
    assert result["GM"].waarde == 150


def test_no_secondary_suppression_for_non_additive_indicators_or_two_hidden_cells() -> None:
    values = [
        _v("acties", "gemeente", "GM", 150, 150),
        _v("acties", "wijk", "A", 4, 4),
        _v("acties", "wijk", "B", 6, 6),
        _v("acties", "wijk", "C", 140, 140),
        _v("pct_acties_bewoner_organisator", "gemeente", "GM", 20.0, 150),
        _v("pct_acties_bewoner_organisator", "wijk", "A", 25.0, 4),
        _v("pct_acties_bewoner_organisator", "wijk", "C", 19.0, 140),
    ]
    result = suppress(values, 10, additive=frozenset({"acties"}))
    hidden = {(v.indicator, v.sleutel) for v in result if v.onderdrukt}
    assert hidden == {("acties", "A"), ("acties", "B"), ("pct_acties_bewoner_organisator", "A")}


def test_suppression_is_idempotent() -> None:
    values = [
        _v("acties", "gemeente", "GM", 20, 20),
        _v("acties", "wijk", "A", 3, 3),
        _v("acties", "wijk", "B", 17, 17),
    ]
    once = suppress(values, 10, additive=frozenset({"acties"}))
    assert suppress(once, 10, additive=frozenset({"acties"})) == once
