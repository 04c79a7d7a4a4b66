"""`pinned` (intake.disclosure_tables) settles most cells with two LPs over all hidden cells and
reuses every solution it sees; here it is checked against the plain method, a smallest and a
largest value for each hidden cell on its own, on random tables with random hidden cells."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from scipy.optimize import linprog

from makelaar.intake.disclosure_tables import (
    KRUIS,
    KRUIS_SLEUTEL,
    Cel,
    Tabel,
    pinned,
    recoverable,
    tables,
)
from makelaar.models.schemas import IndicatorValue


def _table(seed: int) -> tuple[Tabel, dict[Cel, float | None], set[Cel]]:
    """A wijk × doelgroep table of counts with margins and total, many cells 0 or small, and a
    random set of hidden cells that includes a 0 (the only case `pinned` works on)."""
    rng = random.Random(seed)
    wijken = [f"W{i}" for i in range(rng.randint(2, 5))]
    groepen = [f"g{i}" for i in range(rng.randint(2, 4))]
    cells = {(w, g): rng.choice([0, 0, 0, 1, 2, 4, 7, 15]) for w in wijken for g in groepen}
    values = [
        IndicatorValue(
            indicator="n",
            dimensie=f"wijk{KRUIS}doelgroep",
            sleutel=f"{w}{KRUIS_SLEUTEL}{g}",
            waarde=n,
        )
        for (w, g), n in cells.items()
    ]
    values += [
        IndicatorValue(
            indicator="n", dimensie="wijk", sleutel=w, waarde=sum(cells[w, g] for g in groepen)
        )
        for w in wijken
    ]
    values += [
        IndicatorValue(
            indicator="n", dimensie="doelgroep", sleutel=g, waarde=sum(cells[w, g] for w in wijken)
        )
        for g in groepen
    ]
    values.append(
        IndicatorValue(indicator="n", dimensie="gemeente", sleutel="GM", waarde=sum(cells.values()))
    )
    [tabel] = tables(values, {"n"})
    truth: dict[Cel, float | None] = {
        (v.indicator, v.dimensie, v.sleutel): v.waarde for v in values
    }
    kruis = [c for c in truth if KRUIS in c[1]]
    aandeel = rng.choice([0.3, 0.6, 0.9])
    hidden = {c for c in truth if rng.random() < aandeel}
    hidden.add(rng.choice([c for c in kruis if truth[c] == 0] or kruis))
    return tabel, truth, hidden


def _plain(tabel: Tabel, hidden: set[Cel], truth: dict[Cel, float | None]) -> set[Cel]:
    """One LP for each bound of each hidden cell: a cell whose range is under 1 is pinned."""
    unknowns = [c for c in tabel.cellen if c in hidden]
    if not any(truth[c] == 0 for c in unknowns):
        return set()
    column = {c: i for i, c in enumerate(unknowns)}
    rows, rhs = [], []
    for total, parts in tabel.relaties:
        row, known = [0.0] * len(unknowns), 0.0
        for c, coefficient in ((total, -1.0), *((p, 1.0) for p in parts)):
            if c in column:
                row[column[c]] += coefficient
            else:
                known += coefficient * float(truth[c] or 0.0)
        if any(row):
            rows.append(row)
            rhs.append(-known)
    found = set()
    for c, i in column.items():
        objective = [1.0 if j == i else 0.0 for j in range(len(unknowns))]
        low = linprog(objective, A_eq=rows, b_eq=rhs, bounds=(0, None))
        high = linprog([-x for x in objective], A_eq=rows, b_eq=rhs, bounds=(0, None))
        if low.status == 0 and high.status == 0 and -high.fun - low.fun < 1:
            found.add(c)
    return found


@pytest.mark.parametrize("seed", range(60))
def test_pinned_finds_exactly_the_cells_one_lp_per_bound_finds(seed: int) -> None:
    tabel, truth, hidden = _table(seed)
    assert set(pinned(tabel, hidden, truth)) == _plain(tabel, hidden, truth)


def test_the_random_tables_include_pinned_and_open_cells() -> None:
    """The comparison above is not empty on either side."""
    uitkomsten = [_plain(*_reorder(_table(seed))) for seed in range(60)]
    assert sum(1 for u in uitkomsten if u) >= 10
    assert sum(1 for u in uitkomsten if not u) >= 10


def _reorder(
    t: tuple[Tabel, dict[Cel, float | None], set[Cel]],
) -> tuple[Tabel, set[Cel], dict[Cel, float | None]]:
    return t[0], t[2], t[1]


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows]
    rank = 0
    for col in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col]:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


@pytest.mark.parametrize("seed", range(60))
def test_recoverable_finds_exactly_the_cells_whose_unit_vector_the_relations_span(
    seed: int,
) -> None:
    """A hidden cell is worked out exactly when adding its unit vector to the relations (over
    the hidden cells) does not raise their rank."""
    tabel, _, hidden = _table(seed)
    unknowns = [c for c in tabel.cellen if c in hidden]
    rows = []
    for total, parts in tabel.relaties:
        row = [Fraction(0)] * len(unknowns)
        for c, coefficient in ((total, -1), *((p, 1) for p in parts)):
            if c in hidden:
                row[unknowns.index(c)] += coefficient
        rows.append(row)
    base = _rank(rows)
    expected = {
        c
        for i, c in enumerate(unknowns)
        if _rank([*rows, [Fraction(int(j == i)) for j in range(len(unknowns))]]) == base
    }
    assert set(recoverable(tabel, hidden)) == expected


@pytest.mark.parametrize("seed", range(60))
def test_values_that_do_not_add_up_are_judged_as_one_lp_per_bound_judges_them(seed: int) -> None:
    """A table whose published values do not add up (a share's numerators and denominators side
    by side) may have no solution: then no cell is pinned down by it, as with one LP per bound."""
    tabel, truth, hidden = _table(seed)
    total = next(c for c in truth if c[1] == "gemeente")
    broken = {**truth, total: float(truth[total] or 0) + 7}
    hidden = hidden - {total}
    assert set(pinned(tabel, hidden, broken)) == _plain(tabel, hidden, broken)


def test_some_tables_that_do_not_add_up_have_no_solution() -> None:
    """The comparison above covers the case: tables with pinned cells whose broken total leaves
    no solution at all."""
    cases = 0
    for seed in range(60):
        tabel, truth, hidden = _table(seed)
        total = next(c for c in truth if c[1] == "gemeente")
        broken = {**truth, total: float(truth[total] or 0) + 7}
        hidden = hidden - {total}
        if _plain(tabel, hidden, truth) and not _plain(tabel, hidden, broken):
            cases += 1
            assert pinned(tabel, hidden, broken) == []
    assert cases >= 5
