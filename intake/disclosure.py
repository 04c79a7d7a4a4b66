"""Statistical disclosure control: no published figure rests on fewer than N persons (RELIABILITY §7)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from makelaar.models.schemas import IndicatorValue


def suppress(
    values: Iterable[IndicatorValue], min_n: int, *, additive: frozenset[str] = frozenset()
) -> list[IndicatorValue]:
    """Primary suppression of every value whose basis is below `min_n`, then secondary suppression.

    Secondary: for an additive indicator whose gemeente total is published, a single suppressed
    wijk could be recovered as total minus the others; the smallest other wijk is hidden as well.
    """
    result = [
        v.model_copy(update={"waarde": None, "onderdrukt": True})
        if v.basis is not None and v.basis < min_n and not v.onderdrukt
        else v
        for v in values
    ]
    by_indicator: dict[str, list[int]] = defaultdict(list)
    totals_published: set[str] = set()
    for index, value in enumerate(result):
        if value.indicator not in additive:
            continue
        if value.dimensie == "wijk":
            by_indicator[value.indicator].append(index)
        elif value.dimensie == "gemeente" and not value.onderdrukt:
            totals_published.add(value.indicator)
    for indicator, indexes in by_indicator.items():
        if indicator not in totals_published:
            continue
        hidden = [i for i in indexes if result[i].onderdrukt]
        if len(hidden) != 1:
            continue
        visible = [i for i in indexes if not result[i].onderdrukt]
        if not visible:
            continue
        smallest = min(visible, key=lambda i: (result[i].basis or 0, result[i].sleutel))
        result[smallest] = result[smallest].model_copy(update={"waarde": None, "onderdrukt": True})
    return result


def nothing_published(values: Iterable[IndicatorValue]) -> bool:
    """True when there are values and not one of them can be published (all suppressed or empty)."""
    values = list(values)
    return bool(values) and all(v.onderdrukt or v.waarde is None for v in values)
