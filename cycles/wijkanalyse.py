"""The wijkanalyse: which wijken carry a larger social task, from their CBS profile (z-scores)."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: profile component -> Dutch label; a higher value means a larger task for the brokers
COMPONENTS: dict[str, str] = {
    "pct_65_plus": "65 jaar en ouder",
    "pct_eenpersoons": "eenpersoonshuishoudens",
    "pct_huishoudens_laag_inkomen": "huishoudens met een laag inkomen",
    "wmo_per_1000": "Wmo-cliënten per 1.000 inwoners",
    "pct_herkomst_buiten_europa": "herkomst buiten Europa",
}


@dataclass(frozen=True)
class WijkScore:
    code: str
    index: float  # mean z-score over the components known for every wijk; 0 = average
    rang: int  # 1 = largest task
    onderdelen: tuple[str, ...]  # the components the index rests on


def need_index(profiles: Mapping[str, Mapping[str, float | None]]) -> list[WijkScore]:
    """Rank wijken by their task; a component counts only when every wijk has a value for it.

    A component CBS suppressed for some wijk is left out for all, so wijken are compared on
    the same footing. With fewer than two wijken, or no usable component, nothing is ranked.
    """
    codes = sorted(profiles)
    if len(codes) < 2:
        return []
    usable: list[str] = []
    z: dict[str, list[float]] = {code: [] for code in codes}
    for component in COMPONENTS:
        values = [profiles[code].get(component) for code in codes]
        known = [v for v in values if v is not None]
        if len(known) != len(codes):
            continue
        spread = statistics.pstdev(known)
        if spread == 0:
            continue
        mean = statistics.fmean(known)
        usable.append(component)
        for code, value in zip(codes, known, strict=True):
            z[code].append((value - mean) / spread)
    if not usable:
        return []
    scored = sorted(
        ((round(statistics.fmean(z[code]), 3), code) for code in codes),
        key=lambda pair: (-pair[0], pair[1]),
    )
    return [
        WijkScore(code=code, index=index, rang=rank, onderdelen=tuple(usable))
        for rank, (index, code) in enumerate(scored, start=1)
    ]


def upper_third(scores: Sequence[WijkScore]) -> set[str]:
    """The wijken in the upper third of the ranking (at least one)."""
    cut = max(1, len(scores) // 3)
    return {s.code for s in scores if s.rang <= cut}
