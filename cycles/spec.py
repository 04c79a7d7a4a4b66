"""The cycle contract: what a pluggable evaluation cycle must provide (one file, like a hookspec)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from models.schemas import ApplyResult, ImproveResult, ObserveResult, ReflectResult, RoundRef
from models.settings import Settings
from models.store import Store

PHASE_METHODS = ("observe", "reflect", "improve", "apply")

#: Optional: a cycle may declare `enquetes: tuple[cycles.enquetes.EnquetePlan, ...]`, the
#: instruments it puts to brokers, partners or residents each round. The round runner opens those
#: survey rounds after `observe` and waits with `reflect` until their windows closed. It is not
#: part of the Protocol, so a cycle without it still satisfies the contract.
SURVEY_PLAN_ATTRIBUTE = "enquetes"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class RoundContext:
    """What every phase gets: the round, the store, the settings and the round's input files."""

    ronde: RoundRef
    store: Store
    settings: Settings
    bestanden: dict[str, Path] = field(default_factory=dict)  # e.g. {"cbs": Path(...kwb.xlsx)}
    #: the clock survey windows are opened and checked by (tests pass a fixed one)
    nu: Callable[[], dt.datetime] = _utcnow


@runtime_checkable
class Cycle(Protocol):
    """An evaluation cycle; register it under the entry-point group `makelaar.cycles`."""

    #: the name it is registered and started under, e.g. "buurtmeter"
    name: str
    #: one Dutch line for `makelaar cycles list`
    title: str

    def observe(self, ctx: RoundContext) -> ObserveResult:
        """Import what is new from the cycle's sources; return what came in, per source."""
        ...

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        """Compute indicators (small numbers suppressed) and findings; return both."""
        ...

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        """Turn findings into proposals for the handreiking; return them (not yet decided)."""
        ...

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        """Render the next edition from the previous one plus the adopted proposals."""
        ...
