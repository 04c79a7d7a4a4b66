"""Disclosure control: primary rules on numerator, denominator, complement and dominance;
secondary suppression over every table a reader can combine; every hidden value's reason."""

from __future__ import annotations

import random

import pytest
from scipy.optimize import linprog

from makelaar.intake.disclosure import (
    BRON,
    DOMINANTIE_NK,
    DOMINANTIE_P,
    DREMPEL_NOEMER,
    DREMPEL_REST,
    DREMPEL_TELLER,
    KRUIS,
    KRUIS_SLEUTEL,
    REGELS,
    SECUNDAIR,
    Cel,
    Soort,
    Tabel,
    cel,
    dominance_rules,
    primary_rules,
    recoverable,
    soort_van_eenheid,
    suppress,
    tables,
)
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


def _share(indicator: str, dimensie: str, sleutel: str, teller: int, noemer: int) -> IndicatorValue:
    return IndicatorValue(
        indicator=indicator,
        dimensie=dimensie,
        sleutel=sleutel,
        waarde=round(100 * teller / noemer, 1),
        basis=noemer,
        teller=teller,
        noemer=noemer,
        ondergrens=0.0,
        bovengrens=100.0,
    )


AANDEEL: dict[str, Soort] = {"pct": "aandeel"}


def test_a_small_numerator_is_hidden_behind_a_large_denominator() -> None:
    """'Vluchtelingen 2,2%' of 325 actions is 7 actions: the numerator decides, not only n."""
    [seven, eleven] = suppress(
        [_share("pct", "gemeente", "GM", 7, 325), _share("pct", "wijk", "A", 11, 325)],
        10,
        soorten=AANDEEL,
    )
    assert seven.onderdrukt and seven.reden == DREMPEL_TELLER
    assert not eleven.onderdrukt and eleven.reden is None and eleven.teller == 11


def test_a_share_without_its_numerator_is_worked_out_from_the_percentage() -> None:
    """A cycle that fills only basis: 2.2% of 325 is 7 actions, hidden all the same."""
    [value] = suppress([_v("pct", "gemeente", "GM", 2.2, 325)], 10, soorten=AANDEEL)
    assert value.onderdrukt and value.reden == DREMPEL_TELLER


def test_the_denominator_and_the_complement_of_a_share_are_checked_too() -> None:
    values = [
        _share("pct", "wijk", "A", 5, 8),  # n = 8
        _share("pct", "wijk", "B", 38, 40),  # 95%: 2 without
        _share("pct", "wijk", "C", 20, 40),
    ]
    result = {v.sleutel: v for v in suppress(values, 10, soorten=AANDEEL)}
    assert result["A"].reden == DREMPEL_TELLER  # the first rule it fails
    assert primary_rules(values[0], 10, soort="aandeel") == [
        DREMPEL_TELLER,
        DREMPEL_NOEMER,
        DREMPEL_REST,
    ]
    assert result["B"].reden == DREMPEL_REST
    assert not result["C"].onderdrukt


def test_a_suppressed_value_publishes_nothing_it_rests_on() -> None:
    [value] = suppress([_share("pct", "wijk", "A", 3, 30)], 10, soorten=AANDEEL)
    assert value.onderdrukt and value.reden == DREMPEL_TELLER
    assert (value.waarde, value.teller, value.noemer) == (None, None, None)
    assert (value.spreiding, value.ondergrens, value.bovengrens) == (None, None, None)
    assert value.basis == 30  # what the threshold is about stays for the store, not the reader


def test_the_amount_of_a_mean_or_a_sum_is_not_a_count() -> None:
    """7.5 hours over 12 actions passes the threshold: the hours are not persons."""
    uren = IndicatorValue(
        indicator="uren", dimensie="wijk", sleutel="A", waarde=7.5, teller=7.5, noemer=12
    )
    assert primary_rules(uren, 10, soort="som") == []
    assert primary_rules(uren, 10) == [DREMPEL_TELLER]  # without its kind: checked as it is
    assert primary_rules(uren.model_copy(update={"noemer": 9}), 10, soort="som") == [DREMPEL_NOEMER]


def test_a_count_below_the_threshold_is_hidden_whatever_its_basis() -> None:
    """4 initiatives without go-ahead of 25 initiatives: the count is 4."""
    value = IndicatorValue(
        indicator="zonder_doorgang", dimensie="wijk", sleutel="A", waarde=4, basis=25
    )
    assert primary_rules(value, 10, soort="aantal") == [DREMPEL_TELLER]


def test_dominance_as_acro_computes_it() -> None:
    """NK (2, 90%): the two largest make up 90% or more; p-ratio 10%: what is left after the two
    largest is less than 10% of the largest."""
    assert dominance_rules([50, 40, 5, 5]) == [DOMINANTIE_NK]  # 90% in two; rest 10/50 = 20%
    assert dominance_rules([100, 1, 1, 1, 1, 1, 1, 1, 1, 1]) == [DOMINANTIE_NK, DOMINANTIE_P]
    assert dominance_rules([30, 25, 9, 9, 9, 9, 9]) == []  # top two 55/100; rest 45/30
    # with ACRO's defaults a p-ratio failure is always an NK failure too; apart, with NK (1, 90%):
    assert dominance_rules([60, 50, 1, 1, 1], nk=(1, 0.9)) == [DOMINANTIE_P]  # 3/60 = 5%
    assert dominance_rules([0, 0, 0]) == []  # ACRO: no sum, nothing to dominate
    with pytest.raises(ValueError, match="negatieve bijdragen"):
        dominance_rules([3, -1])


def test_a_sum_dominated_by_one_action_is_hidden_with_its_rule() -> None:
    uren = [
        IndicatorValue(indicator="uren", dimensie="wijk", sleutel=k, waarde=sum(b), noemer=len(b))
        for k, b in (("A", [200.0] + [1.0] * 11), ("B", [2.0] * 12))
    ]
    bijdragen = {("uren", "wijk", "A"): [200.0] + [1.0] * 11, ("uren", "wijk", "B"): [2.0] * 12}
    [a, b] = suppress(uren, 10, soorten={"uren": "som"}, bijdragen=bijdragen)
    assert a.onderdrukt and a.reden == DOMINANTIE_NK
    assert not b.onderdrukt
    # the contributions count the records too: 9 actions is below the threshold
    few = {("uren", "wijk", "B"): [2.0] * 9}
    [_, b9] = suppress(uren, 10, soorten={"uren": "som"}, bijdragen=few)
    assert b9.reden == DREMPEL_NOEMER


def _cross(
    cells: dict[tuple[str, str], int], min_n: int = 10
) -> tuple[dict[tuple[str, str], IndicatorValue], list[IndicatorValue]]:
    """A doelgroep × wijk table of counts with both margins and the gemeente total, suppressed."""
    values = [
        _v("n", f"wijk{KRUIS}doelgroep", f"{w}{KRUIS_SLEUTEL}{g}", n, n)
        for (w, g), n in cells.items()
    ]
    wijken = sorted({w for w, _ in cells})
    groepen = sorted({g for _, g in cells})
    for w in wijken:
        n = sum(v for (ww, _), v in cells.items() if ww == w)
        values.append(_v("n", "wijk", w, n, n))
    for g in groepen:
        n = sum(v for (_, gg), v in cells.items() if gg == g)
        values.append(_v("n", "doelgroep", g, n, n))
    total = sum(cells.values())
    values.append(_v("n", "gemeente", "GM", total, total))
    result = suppress(values, min_n, additive={"n"}, soorten={"n": "aantal"})
    return {(v.dimensie, v.sleutel): v for v in result}, result


def _unknown_cells_recoverable(result: list[IndicatorValue]) -> list[Cel]:
    hidden = {cel(v) for v in result if v.onderdrukt}
    return [c for t in tables(result, {"n"}) for c in recoverable(t, hidden)]


def test_secondary_suppression_in_a_cross_table_holds_over_rows_columns_and_totals() -> None:
    cells = {
        ("A", "ouderen"): 4,
        ("A", "jongeren"): 30,
        ("A", "migranten"): 25,
        ("B", "ouderen"): 40,
        ("B", "jongeren"): 35,
        ("B", "migranten"): 50,
        ("C", "ouderen"): 60,
        ("C", "jongeren"): 45,
        ("C", "migranten"): 70,
    }
    by_key, result = _cross(cells)
    hidden = {k for k, v in by_key.items() if v.onderdrukt}
    cross = f"wijk{KRUIS}doelgroep"
    assert by_key[(cross, f"A{KRUIS_SLEUTEL}ouderen")].reden == DREMPEL_TELLER
    # A's row and the ouderen column each need a second hidden cell, and that cell's own row and
    # column another: the smallest make a rectangle (A,jongeren? no: A,migranten 25 is smallest
    # in A's row; B,ouderen 40 in the column), closed by B,migranten
    assert hidden == {
        (cross, f"A{KRUIS_SLEUTEL}ouderen"),
        (cross, f"A{KRUIS_SLEUTEL}migranten"),
        (cross, f"B{KRUIS_SLEUTEL}ouderen"),
        (cross, f"B{KRUIS_SLEUTEL}migranten"),
    }
    assert all(by_key[k].reden == SECUNDAIR for k in hidden - {(cross, "A|ouderen")})
    assert _unknown_cells_recoverable(result) == []
    assert not any(by_key[("wijk", w)].onderdrukt for w in "ABC")
    assert not by_key[("gemeente", "GM")].onderdrukt


def test_two_hidden_cells_in_a_row_are_still_recovered_through_a_column() -> None:
    """A's row has two small cells, so subtraction in the row alone cannot find either; but each
    is alone in its column, where the doelgroep total gives it away: a column each hides more."""
    cells = {
        ("A", "ouderen"): 3,
        ("A", "jongeren"): 5,
        ("A", "migranten"): 30,
        ("B", "ouderen"): 40,
        ("B", "jongeren"): 35,
        ("B", "migranten"): 50,
        ("C", "ouderen"): 60,
        ("C", "jongeren"): 45,
        ("C", "migranten"): 70,
    }
    hidden_primary = {("A", "ouderen"), ("A", "jongeren")}
    by_key, result = _cross(cells)
    cross = f"wijk{KRUIS}doelgroep"
    hidden = {
        tuple(k[1].split(KRUIS_SLEUTEL))
        for k, v in by_key.items()
        if v.onderdrukt and k[0] == cross
    }
    assert hidden_primary < hidden
    for groep in ("ouderen", "jongeren"):
        assert sum(1 for w, g in hidden if g == groep) >= 2, f"{groep} recoverable by column"
    assert _unknown_cells_recoverable(result) == []
    # the old rule (a single hidden wijk per indicator) would have left both columns open
    naive = {(w, g) for (w, g) in hidden_primary}
    assert any(sum(1 for w, g in naive if g == groep) == 1 for groep in ("ouderen", "jongeren"))


def test_a_hidden_gemeente_total_is_protected_like_any_cell() -> None:
    values = [
        _v("n", "gemeente", "GM", 9, 9),
        _v("n", "wijk", "A", 4, 4),
        _v("n", "wijk", "B", 5, 5),
    ]
    result = suppress(values, 10, additive={"n"}, soorten={"n": "aantal"})
    assert [v.reden for v in result] == [DREMPEL_TELLER, DREMPEL_TELLER, DREMPEL_TELLER]
    # without its kind, `basis` is what the value rests on: the denominator's rule
    assert {v.reden for v in suppress(values, 10, additive={"n"})} == {DREMPEL_NOEMER}


def test_a_zero_hidden_next_to_zeros_is_still_known_to_be_zero() -> None:
    """Two hidden wijken whose counts are 0: total minus the rest is 0, and counts are not
    negative, so both are known; a non-zero wijk is hidden as well."""
    values = [
        _v("n", "gemeente", "GM", 60, 60),
        _v("n", "wijk", "A", 0, 0),
        _v("n", "wijk", "B", 0, 0),
        _v("n", "wijk", "C", 25, 25),
        _v("n", "wijk", "D", 35, 35),
    ]
    result = {v.sleutel: v for v in suppress(values, 10, additive={"n"})}
    assert result["C"].reden == SECUNDAIR
    assert not result["D"].onderdrukt


def test_a_value_revealing_a_hidden_count_is_hidden_too() -> None:
    """The share of signals followed up in wijk B would be published with its denominator, which
    is B's number of signals; B's count was hidden to protect A, so B's share goes as well."""
    values = [
        _v("signalen", "gemeente", "GM", 120, 120),
        _v("signalen", "wijk", "A", 8, 8),
        _v("signalen", "wijk", "B", 20, 20),
        _v("signalen", "wijk", "C", 92, 92),
        _share("pct", "wijk", "B", 10, 20),
        _share("pct", "wijk", "C", 50, 100),
    ]
    result = suppress(
        values,
        10,
        additive={"signalen"},
        soorten={"signalen": "aantal", "pct": "aandeel"},
        onthult={"pct": "signalen"},
    )
    hidden = {(v.indicator, v.sleutel): v.reden for v in result if v.onderdrukt}
    assert hidden == {
        ("signalen", "A"): DREMPEL_TELLER,
        ("signalen", "B"): SECUNDAIR,
        ("pct", "B"): SECUNDAIR,
    }


def test_explicit_tables_link_different_indicators() -> None:
    """The kinds of action add up to the gemeente's actions: one small kind betrays itself."""
    values = [
        _v("acties", "gemeente", "GM", 100, 100),
        _v("per_soort", "soort", "x", 5, 5),
        _v("per_soort", "soort", "y", 35, 35),
        _v("per_soort", "soort", "z", 60, 60),
    ]
    tabel = Tabel(
        "acties naar soort",
        ((("acties", "gemeente", "GM"), tuple(("per_soort", "soort", k) for k in "xyz")),),
    )
    soorten: dict[str, Soort] = {"acties": "aantal", "per_soort": "aantal"}
    result = {v.sleutel: v.reden for v in suppress(values, 10, soorten=soorten, tabellen=[tabel])}
    assert result == {"GM": None, "x": DREMPEL_TELLER, "y": SECUNDAIR, "z": None}


def test_a_value_that_came_in_suppressed_keeps_its_reason_or_gets_bron() -> None:
    kept = _v("n", "wijk", "A", 50, 50).model_copy(
        update={"waarde": None, "onderdrukt": True, "reden": DOMINANTIE_P}
    )
    cbs = _v("n", "wijk", "B", 50, 50).model_copy(update={"waarde": None, "onderdrukt": True})
    assert [v.reden for v in suppress([kept, cbs], 10)] == [DOMINANTIE_P, BRON]


def test_every_rule_code_is_documented_in_the_module() -> None:
    import makelaar.intake.disclosure as module

    assert module.__doc__ is not None
    for code in REGELS:
        assert f"``{code}``" in module.__doc__


def test_an_unknown_unit_is_refused_naming_the_valid_ones() -> None:
    assert soort_van_eenheid("%") == "aandeel"
    with pytest.raises(ValueError, match=r"'liters'.*geldig: %, aantal"):
        soort_van_eenheid("liters")


def test_a_cell_given_twice_is_refused_naming_it() -> None:
    twice = [_v("n", "wijk", "A", 20, 20), _v("n", "wijk", "A", 30, 30)]
    with pytest.raises(ValueError, match=r"'n' heeft twee waarden voor wijk 'A'"):
        suppress(twice, 10)


def _random_cross(seed: int) -> list[IndicatorValue]:
    """A wijk × doelgroep table of counts, many of them small or 0, with margins and total."""
    rng = random.Random(seed)
    wijken = [f"W{i}" for i in range(rng.randint(2, 6))]
    groepen = [f"g{i}" for i in range(rng.randint(2, 5))]
    sizes = [0, 0, 1, 3, 5, 8, 12, 20, 35, 60, 100]
    cells = {(w, g): rng.choice(sizes) for w in wijken for g in groepen}
    values = [
        _v("n", f"wijk{KRUIS}doelgroep", f"{w}{KRUIS_SLEUTEL}{g}", n, n)
        for (w, g), n in cells.items()
    ]
    values += [_v("n", "wijk", w, sum(cells[w, g] for g in groepen), 0) for w in wijken]
    values += [_v("n", "doelgroep", g, sum(cells[w, g] for w in wijken), 0) for g in groepen]
    values.append(_v("n", "gemeente", "GM", sum(cells.values()), 0))
    return [v.model_copy(update={"basis": int(v.waarde or 0)}) for v in values]


def _ranges(
    values: list[IndicatorValue], published: list[IndicatorValue]
) -> dict[Cel, tuple[float, float]]:
    """Each hidden cell's smallest and largest value a reader can work out from the published
    cells, the table's sums and counts being 0 or more (scipy's linear programs, apart from the
    module's own check)."""
    truth = {cel(v): float(v.waarde or 0) for v in values}
    hidden = [cel(v) for v in published if v.onderdrukt]
    column = {c: i for i, c in enumerate(hidden)}
    rows, rhs = [], []
    for tabel in tables(values, {"n"}):
        for total, parts in tabel.relaties:
            row = [0.0] * len(hidden)
            known = 0.0
            for c, coefficient in ((total, -1.0), *((p, 1.0) for p in parts)):
                if c in column:
                    row[column[c]] += coefficient
                else:
                    known += coefficient * truth[c]
            if any(row):
                rows.append(row)
                rhs.append(-known)
    ranges = {}
    for c, i in column.items():
        objective = [1.0 if j == i else 0.0 for j in range(len(hidden))]
        low = linprog(objective, A_eq=rows or None, b_eq=rhs or None, bounds=(0, None))
        high = linprog(
            [-x for x in objective], A_eq=rows or None, b_eq=rhs or None, bounds=(0, None)
        )
        assert low.status == 0, "the real values are a solution"
        ranges[c] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return ranges


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_of_a_random_cross_table_can_be_pinned_down(seed: int) -> None:
    """Over random tables full of small numbers and zeros: every cell below the threshold is
    hidden, and no hidden cell's possible values narrow to one (zeros included: two hidden 0s
    under a published total are both known to be 0)."""
    values = _random_cross(seed)
    published = suppress(values, 10, additive={"n"}, soorten={"n": "aantal"})

    for before, after in zip(values, published, strict=True):
        if (before.waarde or 0) < 10:
            assert after.onderdrukt and after.reden == DREMPEL_TELLER
        elif after.onderdrukt:
            assert after.reden == SECUNDAIR
        else:
            assert after == before
    narrow = {c: r for c, r in _ranges(values, published).items() if r[1] - r[0] < 1}
    assert narrow == {}
