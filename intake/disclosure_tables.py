"""The tables a reader can combine, and what a reader can work out from their published cells.

A table is a set of relations: a total and the cells that add up to it (the wijken of an additive
indicator to the gemeente; a cross breakdown to both margins). `recoverable` finds the hidden
cells the relations determine exactly; `pinned` those that nonnegativity narrows to one value
(a table with a hidden 0). intake.disclosure hides cells until neither finds any.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from makelaar.models.schemas import IndicatorValue

#: the breakdown of a cross table: dimensie "wijk×doelgroep", sleutel "WK034401|ouderen"
KRUIS = "×"
KRUIS_SLEUTEL = "|"

#: a cell: (indicator, dimensie, sleutel)
Cel = tuple[str, str, str]


def linprog(*args: Any, **kwargs: Any) -> Any:
    """scipy.optimize.linprog, imported at its first use: scipy.optimize takes 0.3 s to import,
    which every `makelaar` command paid at start (this module is imported with the cycles)."""
    from scipy.optimize import linprog as scipy_linprog

    return scipy_linprog(*args, **kwargs)


def cel(value: IndicatorValue) -> Cel:
    return (value.indicator, value.dimensie, value.sleutel)


@dataclass(frozen=True)
class Tabel:
    """Cells a reader can add up: each relation is a total and the cells that add up to it."""

    naam: str
    relaties: tuple[tuple[Cel, tuple[Cel, ...]], ...]

    @property
    def cellen(self) -> list[Cel]:
        seen: dict[Cel, None] = {}
        for total, parts in self.relaties:
            seen.setdefault(total)
            for part in parts:
                seen.setdefault(part)
        return list(seen)


def tables(values: Iterable[IndicatorValue], additive: Collection[str]) -> list[Tabel]:
    """The tables a reader can combine, from the values of the additive indicators.

    Per additive indicator: its wijken add up to the gemeente; a cross breakdown "wijk×X" adds up
    to each wijk and to each X, and the X values add up to the gemeente.
    """
    per_indicator: dict[str, dict[str, dict[str, Cel]]] = {}
    for value in values:
        if value.indicator in additive:
            per_dim = per_indicator.setdefault(value.indicator, {})
            per_dim.setdefault(value.dimensie, {})[value.sleutel] = cel(value)
    result: list[Tabel] = []
    for indicator, per_dim in per_indicator.items():
        relaties: list[tuple[Cel, tuple[Cel, ...]]] = []
        totaal = next(iter(per_dim.get("gemeente", {}).values()), None)
        if totaal is not None and per_dim.get("wijk"):
            relaties.append((totaal, tuple(per_dim["wijk"].values())))
        for dimensie, cellen in per_dim.items():
            if KRUIS not in dimensie:
                continue
            rij_dim, kolom_dim = dimensie.split(KRUIS, 1)
            rijen: dict[str, list[Cel]] = {}
            kolommen: dict[str, list[Cel]] = {}
            for sleutel, c in cellen.items():
                rij, _, kolom = sleutel.partition(KRUIS_SLEUTEL)
                rijen.setdefault(rij, []).append(c)
                kolommen.setdefault(kolom, []).append(c)
            for marge_dim, groepen in ((rij_dim, rijen), (kolom_dim, kolommen)):
                marges = per_dim.get(marge_dim, {})
                for sleutel, delen in groepen.items():
                    if sleutel in marges:
                        relaties.append((marges[sleutel], tuple(delen)))
                if totaal is not None and marge_dim != "wijk" and marges:
                    relaties.append((totaal, tuple(marges.values())))
        if relaties:
            result.append(Tabel(indicator, tuple(relaties)))
    return result


def recoverable(tabel: Tabel, hidden: Collection[Cel]) -> list[Cel]:
    """The hidden cells of `tabel` a reader can work out exactly from its published cells.

    A hidden cell is determined when its unit vector lies in the row space of the table's
    relations restricted to the hidden cells (exact Gauss-Jordan elimination).
    """
    unknowns = [c for c in tabel.cellen if c in hidden]
    if not unknowns:
        return []
    column = {c: i for i, c in enumerate(unknowns)}
    rows: list[list[int]] = []
    for total, parts in tabel.relaties:
        row = [0] * len(unknowns)
        for c, coefficient in ((total, -1), *((part, 1) for part in parts)):
            if c in column:
                row[column[c]] += coefficient
        if any(row):
            rows.append(row)
    # fraction-free: a row minus a multiple of another is kept in integers (both scaled, then
    # divided by their gcd), exact like rationals without their cost
    pivots: list[tuple[int, list[int]]] = []
    for row in rows:
        for col, pivot_row in pivots:
            if row[col]:
                row = _eliminate(row, pivot_row, col)
        lead = next((i for i, a in enumerate(row) if a), None)
        if lead is None:
            continue
        for index, (col, pivot_row) in enumerate(pivots):
            if pivot_row[lead]:
                pivots[index] = (col, _eliminate(pivot_row, row, lead))
        pivots.append((lead, row))
    # the rows are in reduced row echelon form: a unit vector lies in their span exactly when it
    # is one of them (a pivot row with no other entry)
    single = {col for col, pivot_row in pivots if sum(1 for a in pivot_row if a) == 1}
    return [c for c, i in column.items() if i in single]


def _eliminate(row: list[int], pivot_row: list[int], col: int) -> list[int]:
    """`row` with its entry in `col` removed by `pivot_row`, over the integers, divided by its gcd."""
    a, b = pivot_row[col], row[col]
    result = [a * x - b * y for x, y in zip(row, pivot_row, strict=True)]
    divisor = math.gcd(*result)
    return [x // divisor for x in result] if divisor > 1 else result


def pinned(tabel: Tabel, hidden: Collection[Cel], truth: Mapping[Cel, float | None]) -> list[Cel]:
    """The hidden cells of `tabel` a reader can pin down once counts cannot be negative.

    Only a table with a hidden 0 needs this: when every hidden value is above 0, a hidden cell
    that the relations leave open (`recoverable`) can move both ways. With a hidden 0, each
    hidden cell's smallest and largest possible value given the published cells and
    nonnegativity are worked out (linear programs); a cell whose range is narrower than 1 is
    known. `truth` holds the cells' real values (their numerators or their denominators).
    """
    unknowns = [c for c in tabel.cellen if c in hidden]
    if not any(truth.get(c) == 0 for c in unknowns):
        return []
    if any(truth.get(c) is None for c in tabel.cellen):
        return []  # a quantity not every cell has: not additive here
    column = {c: i for i, c in enumerate(unknowns)}
    rows: list[list[float]] = []
    rhs: list[float] = []
    for total, parts in tabel.relaties:
        row = [0.0] * len(unknowns)
        known = 0.0
        for c, coefficient in ((total, -1.0), *((part, 1.0) for part in parts)):
            if c in column:
                row[column[c]] += coefficient
            else:
                known += coefficient * float(truth[c] or 0.0)
        if any(row):
            rows.append(row)
            rhs.append(-known)
    # Every feasible solution shows a range each cell can take: a cell is not pinned once the
    # solutions seen spread it by 1 or more. Most hidden cells of a table
    # with a hidden 0 are 0s themselves; an LP that raises as many of the unsettled 0s as it can
    # by up to 1 (the other cells free) settles them at once, repeated while it settles more. A
    # cell still narrow after that gets its own two LPs, its smallest and largest value, whose
    # solutions settle others on the way.
    n = len(unknowns)
    waar = [float(truth[c] or 0.0) for c in unknowns]
    # the ranges seen in solutions; not seeded with the truth, which need not be one (values
    # that do not add up)
    laagste, hoogste = [float("inf")] * n, [float("-inf")] * n

    def zie(x: Sequence[float]) -> None:
        for j in range(n):
            laagste[j] = min(laagste[j], float(x[j]))
            hoogste[j] = max(hoogste[j], float(x[j]))

    def open_(j: int) -> bool:
        return hoogste[j] - laagste[j] >= 1

    def verhoog(nullen: list[int]) -> bool | None:
        """Maximise the sum over `nullen` (hidden 0s) of min(1, x_j): variables x and d,
        d_j <= x_j, 0 <= d_j <= 1. True when it settled one more cell; None when the relations
        have no solution at all (values that do not add up, as a share's numerators and
        denominators mixed in one table): then no cell can be pinned down by them."""
        voor = sum(map(open_, range(n)))
        a_ub = []
        for j in nullen:
            rij = [0.0] * (2 * n)
            rij[n + j], rij[j] = 1.0, -1.0
            a_ub.append(rij)
        doel = [0.0] * (2 * n)
        for j in nullen:
            doel[n + j] = -1.0
        uitkomst = linprog(
            doel,
            A_ub=a_ub,
            b_ub=[0.0] * len(nullen),
            A_eq=[[*row, *([0.0] * n)] for row in rows],
            b_eq=rhs,
            bounds=[(0.0, None)] * n + [(0.0, 1.0)] * n,
            method="highs",
        )
        if uitkomst.status == 2:
            return None
        if uitkomst.status == 0:
            zie(uitkomst.x[:n])
        return sum(map(open_, range(n))) > voor

    while nullen := [j for j in range(n) if waar[j] == 0 and not open_(j)]:
        voortgang = verhoog(nullen)
        if voortgang is None:
            return []
        if not voortgang:
            break
    found = []
    for c, j in column.items():
        opgelost = True
        for sign in (1.0, -1.0):
            if open_(j):
                break
            objective = [0.0] * n
            objective[j] = sign
            uitkomst = linprog(objective, A_eq=rows, b_eq=rhs, bounds=(0, None), method="highs")
            if uitkomst.status == 3:  # unbounded: it can grow without end
                hoogste[j] = float("inf")
            elif uitkomst.status == 0:
                zie(uitkomst.x)
            else:
                opgelost = False  # no verdict from a program the solver could not finish
        if opgelost and not open_(j):
            found.append(c)
    return found
