"""Statistical disclosure control as output checkers do it (RELIABILITY §7, ACRO's rules).

No published figure rests on fewer than N persons or records (`Settings.min_cell_size`, default
10) in its numerator or its denominator, sums pass a dominance rule, and no hidden cell can be
worked out from the other cells of a table a reader can combine with it. Every suppressed value
carries the rule that hid it as `reden`:

- ``drempel-teller``: the numerator is below N (a count itself, the records with the property of
  a share, the events of a rate per 1,000, the persons a sum of persons counts);
- ``drempel-noemer``: the denominator is below N (the records a share, mean or sum rests on;
  `basis` for a value without `noemer`);
- ``drempel-rest``: a share's complement, `noemer - teller`, is below N: "95% of 40" tells that 2
  do not (ACRO checks both cells of the row the share is taken from);
- ``dominantie-nk``: the largest n contributions to a sum make up at least k of it (ACRO's
  NK rule, default n = 2, k = 90%);
- ``dominantie-p``: what is left of a sum after its two largest contributions is less than p of
  the largest (ACRO's p-ratio rule, default p = 10%), so the second largest contributor could
  estimate the largest closely;
- ``secundair``: hidden so that another hidden cell cannot be recovered by subtraction from the
  totals of a table (wijken to the gemeente, doelgroep x wijk to both margins), or because a value
  that reveals the same count is hidden (`onthult`);
- ``bron``: the value came in suppressed without a reason (e.g. CBS's '.').

ACRO (tests/intake/test_disclosure_acro.py) is the reference for the primary rules: on the same
tables, the cells `primary_rules` fails are the cells ACRO's threshold, NK and p-ratio checks
fail. ACRO itself is not the engine: it checks tables it computes from microdata with pandas, and
the indicators are computed in the database; its secondary suppression is left to a manual review
of linked tables, which `suppress` does here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from makelaar.intake.disclosure_tables import (
    KRUIS,
    KRUIS_SLEUTEL,
    Cel,
    Tabel,
    cel,
    pinned,
    recoverable,
    tables,
)
from makelaar.models.schemas import IndicatorValue

__all__ = [
    "BRON",
    "DOMINANTIE_NK",
    "DOMINANTIE_P",
    "DREMPEL_NOEMER",
    "DREMPEL_REST",
    "DREMPEL_TELLER",
    "KRUIS",
    "KRUIS_SLEUTEL",
    "NK",
    "P_RATIO",
    "REGELS",
    "SECUNDAIR",
    "Bijdragen",
    "Cel",
    "Soort",
    "Tabel",
    "cel",
    "dominance_rules",
    "nothing_published",
    "pinned",
    "primary_rules",
    "recoverable",
    "soort_van_eenheid",
    "suppress",
    "tables",
]

DREMPEL_TELLER = "drempel-teller"
DREMPEL_NOEMER = "drempel-noemer"
DREMPEL_REST = "drempel-rest"
DOMINANTIE_NK = "dominantie-nk"
DOMINANTIE_P = "dominantie-p"
SECUNDAIR = "secundair"
BRON = "bron"
#: every rule code, in the order a value is checked (the first that fails is its `reden`)
REGELS = (
    DREMPEL_TELLER,
    DREMPEL_NOEMER,
    DREMPEL_REST,
    DOMINANTIE_NK,
    DOMINANTIE_P,
    SECUNDAIR,
    BRON,
)

#: ACRO's defaults (acro/default.yaml): p-ratio 10%, NK rule n = 2, k = 90%
P_RATIO = 0.10
NK: tuple[int, float] = (2, 0.90)

Soort = Literal["aantal", "aandeel", "ratio", "gemiddelde", "som"]
"""What a value is, which decides which of its numbers count persons or records:
a count ("aantal": the value, `teller` and `noemer` are counts), a share ("aandeel": teller and
noemer are counts, and so is their difference), a rate per 1,000 ("ratio": teller is the events),
a mean or a sum of amounts ("gemiddelde", "som": only noemer counts records; teller is an amount)."""

_SOORT_VAN_EENHEID: dict[str, Soort] = {
    "aantal": "aantal",
    "%": "aandeel",
    "per 1.000": "ratio",
    "gemiddeld": "gemiddelde",
    "uren": "som",
}


def soort_van_eenheid(eenheid: str) -> Soort:
    """The kind of value an indicator of this unit (cycles.spec.Eenheid) has."""
    if eenheid not in _SOORT_VAN_EENHEID:
        raise ValueError(
            f"Onbekende eenheid {eenheid!r} voor onthullingscontrole; "
            f"geldig: {', '.join(sorted(_SOORT_VAN_EENHEID))}."
        )
    return _SOORT_VAN_EENHEID[eenheid]


def _tellers(value: IndicatorValue, soort: Soort | None) -> tuple[float | None, float | None]:
    """The numerator and denominator of `value` that count persons or records (None: not one)."""
    noemer = value.noemer if value.noemer is not None else value.basis
    teller: float | None
    if soort in ("gemiddelde", "som"):
        teller = None
    elif soort == "aandeel" and value.teller is None:
        # a share without its numerator (a cycle that fills only basis): worked out from the %
        teller = (
            round(value.waarde / 100 * noemer)
            if value.waarde is not None and noemer is not None
            else None
        )
    elif soort == "aantal" and value.teller is None:
        teller = value.waarde
    elif soort == "ratio" and value.teller is None:
        teller = value.basis
    else:
        teller = value.teller
    if soort == "ratio" and value.noemer is None:
        noemer = None  # basis is the events, checked as the numerator
    return teller, noemer


@dataclass(frozen=True)
class Bijdragen:
    """What the dominance rules need of a sum's contributions: how many there are, their total,
    and the largest of them, largest first (at least the NK rule's n and two for the p-ratio).

    The database gives these per cell without reading the records (cycles.tellingen);
    `uit` makes them from a list of contributions.
    """

    aantal: int
    totaal: float
    grootste: tuple[float, ...]

    @classmethod
    def uit(cls, bijdragen: Sequence[float]) -> Bijdragen:
        if any(b < 0 for b in bijdragen):
            raise ValueError(
                f"Dominantie is niet bepaald voor negatieve bijdragen ({min(bijdragen)}); "
                "geef alleen bijdragen van 0 of meer (uren, bereikte bewoners)."
            )
        ordered = tuple(sorted(bijdragen, reverse=True))
        return cls(len(ordered), sum(ordered), ordered)


def _bijdragen(bijdragen: Bijdragen | Sequence[float]) -> Bijdragen:
    return bijdragen if isinstance(bijdragen, Bijdragen) else Bijdragen.uit(bijdragen)


def primary_rules(
    value: IndicatorValue,
    min_n: int,
    *,
    soort: Soort | None = None,
    bijdragen: Bijdragen | Sequence[float] | None = None,
    p: float = P_RATIO,
    nk: tuple[int, float] = NK,
) -> list[str]:
    """Every primary rule `value` fails (empty: it may be published as far as it goes alone).

    `soort` None checks `teller` and `noemer` (or `basis`) as they are; `bijdragen` are the
    contributions to a sum (hours per action, residents reached per action), for the dominance
    rules and, as the number of records, the threshold on the denominator.
    """
    fails: list[str] = []
    som = None if bijdragen is None else _bijdragen(bijdragen)
    teller, noemer = _tellers(value, soort)
    if teller is not None and teller < min_n:
        fails.append(DREMPEL_TELLER)
    if (noemer is not None and noemer < min_n) or (som is not None and som.aantal < min_n):
        fails.append(DREMPEL_NOEMER)
    if soort == "aandeel" and teller is not None and noemer is not None and noemer - teller < min_n:
        fails.append(DREMPEL_REST)
    if som is not None:
        fails.extend(dominance_rules(som, p=p, nk=nk))
    return fails


def dominance_rules(
    bijdragen: Bijdragen | Sequence[float], *, p: float = P_RATIO, nk: tuple[int, float] = NK
) -> list[str]:
    """The dominance rules a sum of `bijdragen` fails, as ACRO computes them (sdcchecks.py)."""
    som = _bijdragen(bijdragen)
    n, k = nk
    ordered = som.grootste
    total = som.totaal
    if len(ordered) < min(max(n, 2), som.aantal):
        # the missing ones are at most the largest given: where even that bound passes both
        # rules, they pass; where it does not, the missing contributions decide
        largest = ordered[0] if ordered else 0.0
        nk_kan = total > 0 and min(n, som.aantal) * largest / total >= k
        p_kan = largest > 0 and (total - 2 * largest) / largest < p
        if nk_kan or p_kan:
            raise ValueError(
                f"Voor de dominantieregels zijn hier de {max(n, 2)} grootste bijdragen nodig; "
                f"er zijn er {len(ordered)} van {som.aantal} gegeven."
            )
        return []
    fails: list[str] = []
    if total > 0 and sum(ordered[:n]) / total >= k:
        fails.append(DOMINANTIE_NK)
    largest = ordered[0] if ordered else 0
    if largest > 0 and (total - sum(ordered[:2])) / largest < p:
        fails.append(DOMINANTIE_P)
    return fails


def _size(value: IndicatorValue) -> float | None:
    """How large a cell is, to hide the smallest (least information lost); None: no numbers."""
    for number in (value.noemer, value.basis, value.waarde):
        if number is not None:
            return abs(number)
    return None


def _quantities(value: IndicatorValue, soort: Soort | None) -> tuple[float | None, float | None]:
    """The numbers of a cell that add up over a table: its numerator and its denominator."""
    teller = value.teller
    if teller is None and soort in (None, "aantal", "som"):
        teller = value.waarde
    return teller, value.noemer if value.noemer is not None else value.basis


def _hidden(value: IndicatorValue, reden: str) -> IndicatorValue:
    """`value` suppressed by rule `reden`: it publishes nothing it rests on."""
    return value.model_copy(
        update={
            "waarde": None,
            "teller": None,
            "noemer": None,
            "spreiding": None,
            "ondergrens": None,
            "bovengrens": None,
            "onderdrukt": True,
            "reden": reden,
        }
    )


def _exposed(
    tabel: Tabel, hidden: Collection[Cel], sizes: Mapping[Cel, float | None]
) -> list[tuple[Cel, ...]]:
    """The relations that give a hidden cell away: one hidden cell alone (total minus the rest),
    or hidden parts that are all 0 under a published total (they add up to 0, and counts are not
    negative, so each is 0)."""
    found = []
    for total, parts in tabel.relaties:
        cells = (total, *parts)
        verborgen = [c for c in cells if c in hidden]
        alone = len(verborgen) == 1 and len(cells) > 1
        zeros = (
            len(verborgen) > 1
            and total not in hidden
            and all(sizes.get(c) == 0 for c in verborgen)
            and any(sizes.get(c) for c in parts if c not in hidden)
        )
        if alone or zeros:
            found.append(cells)
    return found


def _choose_around(
    exposed: Iterable[tuple[Tabel, Cel]],
    result: Mapping[Cel, IndicatorValue],
    hidden: Collection[Cel],
    sizes: Mapping[Cel, float | None],
    totals: Collection[Cel],
) -> Cel | None:
    """For the first exposed hidden cell that one more hidden cell can protect, that cell: chosen
    among the cells of the relations (total and parts) the exposed one stands in."""
    for tabel, target in exposed:
        around = [
            tuple(c for c in (total, *parts) if c in result)
            for total, parts in tabel.relaties
            if target in (total, *parts)
        ]
        choice = _choose(around, hidden, sizes, totals)
        if choice is not None:
            return choice
    return None


def _choose(
    relations: Sequence[tuple[Cel, ...]],
    hidden: Collection[Cel],
    sizes: Mapping[Cel, float | None],
    totals: Collection[Cel],
) -> Cel | None:
    """The published cell to hide next: the one in most of `relations` (a rectangle closes two at
    once), a part before a total, not a 0, the smallest (least information lost)."""
    fixes: dict[Cel, int] = {}
    for cells in relations:
        for c in cells:
            if c not in hidden:
                fixes[c] = fixes.get(c, 0) + 1
    if not fixes:
        return None
    return min(
        fixes,
        key=lambda c: (-fixes[c], c in totals, not sizes.get(c), sizes.get(c) or 0.0, c),
    )


def _protect(
    result: dict[Cel, IndicatorValue],
    sizes: Mapping[Cel, float | None],
    truths: Sequence[Mapping[Cel, float | None]],
    tabellen: Sequence[Tabel],
    onthult: Mapping[str, str],
) -> None:
    """Secondary suppression until no hidden cell can be recovered from any table or link.

    Each pass hides one more cell (or the values that reveal a hidden count), so it ends. A pass
    first closes the relations with a single hidden cell (hide the next smallest); when none is
    left, an exact check (`recoverable`) finds cells given away by combining relations, and then
    one with nonnegativity (`pinned`, for tables with a hidden 0), and hides a cell next to each.
    """
    totals = {total for tabel in tabellen for total, _ in tabel.relaties}
    celsets = [frozenset(tabel.cellen) for tabel in tabellen]
    # a table's verdicts depend only on which of its own cells are hidden: a pass hides one cell,
    # so every other table's verdict of the previous pass still holds
    bekend: dict[tuple[int, int, frozenset[Cel]], list[Cel]] = {}

    def gevonden(i: int, soort: int, hidden: Collection[Cel]) -> list[Cel]:
        """Soort -1: the cells `recoverable` finds in table i; 0, 1: `pinned` with truths[soort]."""
        sleutel = (i, soort, celsets[i] & frozenset(hidden))
        if sleutel not in bekend:
            tabel = tabellen[i]
            bekend[sleutel] = (
                recoverable(tabel, hidden) if soort < 0 else pinned(tabel, hidden, truths[soort])
            )
        return bekend[sleutel]

    while True:
        hidden = {c for c, v in result.items() if v.onderdrukt}
        linked = [
            c
            for c, v in result.items()
            if not v.onderdrukt and c[0] in onthult and (onthult[c[0]], c[1], c[2]) in hidden
        ]
        for c in linked:
            result[c] = _hidden(result[c], SECUNDAIR)
        if linked:
            continue
        open_relations = [
            tuple(c for c in cells if c in result)
            for tabel in tabellen
            for cells in _exposed(tabel, hidden, sizes)
        ]
        choice = _choose(open_relations, hidden, sizes, totals)
        if choice is None:
            exposed = (
                (tabel, target)
                for i, tabel in enumerate(tabellen)
                for target in gevonden(i, -1, hidden)
            )
            choice = _choose_around(exposed, result, hidden, sizes, totals)
        if choice is None:
            exposed = (
                (tabel, target)
                for i, tabel in enumerate(tabellen)
                for soort in range(len(truths))
                for target in gevonden(i, soort, hidden)
            )
            choice = _choose_around(exposed, result, hidden, sizes, totals)
        if choice is None:
            return
        result[choice] = _hidden(result[choice], SECUNDAIR)


def suppress(
    values: Iterable[IndicatorValue],
    min_n: int,
    *,
    additive: Collection[str] = frozenset(),
    soorten: Mapping[str, Soort] | None = None,
    bijdragen: Mapping[Cel, Bijdragen | Sequence[float]] | None = None,
    onthult: Mapping[str, str] | None = None,
    tabellen: Sequence[Tabel] = (),
    p: float = P_RATIO,
    nk: tuple[int, float] = NK,
) -> list[IndicatorValue]:
    """The values as they may be published: primary suppression, then secondary suppression.

    `additive`: indicators whose wijk values add up to the gemeente's (their tellers and noemers,
    for a share); `tables` makes their tables, to which `tabellen` adds any other. `soorten`:
    indicator -> kind of value (`soort_van_eenheid`); `bijdragen`: cell -> contributions to a
    sum, for the dominance rules; `onthult`: indicator -> the count indicator whose cell a value
    of it reveals (a share its denominator, a rate its events): hidden there, hidden here too.
    Values already suppressed stay so (with their reason, or ``bron``). The order is kept.
    """
    values = list(values)
    seen: set[Cel] = set()
    for value in values:
        if cel(value) in seen:
            raise ValueError(
                f"Indicator {value.indicator!r} heeft twee waarden voor {value.dimensie} "
                f"{value.sleutel!r}; geef elke cel (indicator, uitsplitsing, sleutel) één keer."
            )
        seen.add(cel(value))
    soorten = soorten or {}
    bijdragen = bijdragen or {}
    sizes = {cel(v): _size(v) for v in values}
    result: dict[Cel, IndicatorValue] = {}
    for value in values:
        key = cel(value)
        if value.onderdrukt:
            result[key] = value if value.reden else _hidden(value, BRON)
            continue
        fails = primary_rules(
            value,
            min_n,
            soort=soorten.get(value.indicator),
            bijdragen=bijdragen.get(key),
            p=p,
            nk=nk,
        )
        result[key] = _hidden(value, fails[0]) if fails else value
    quantities = {
        cel(v): _quantities(v, soorten.get(v.indicator)) for v in values if not v.onderdrukt
    }
    truths = [{c: q[i] for c, q in quantities.items()} for i in (0, 1)]
    _protect(result, sizes, truths, [*tables(values, additive), *tabellen], onthult or {})
    return [result[cel(v)] for v in values]


def nothing_published(values: Iterable[IndicatorValue]) -> bool:
    """True when there are values and not one of them can be published (all suppressed or empty)."""
    values = list(values)
    return bool(values) and all(v.onderdrukt or v.waarde is None for v in values)
