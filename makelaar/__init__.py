"""makelaar: evaluation rounds for the sociaal makelaar role, ending in a versioned handreiking.

This package is the one name makelaar installs. Its sub-packages are the folders at the
repository's top level (`flows`, `cycles`, `forms`, `handreiking`, `intake`, `models`; in a
checkout they are linked here, in a wheel they are copied here), so a researcher's own `models` or
`forms` package lives next to makelaar without either shadowing the other.

**What a plugin imports.** A cycle of a research team's own imports from this module only:

    from makelaar import Indicator, ObserveResult, RoundContext, write_edition, ...

These names stay where they are while the internals move (the README's "Write your own cycle"
builds a whole cycle from them). They are loaded when first used, so `import makelaar.models...`
inside makelaar does not pay for the guide's renderer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from makelaar.cycles.edities import Editieontwerp as Editieontwerp
    from makelaar.cycles.edities import draft_edition as draft_edition
    from makelaar.cycles.edities import write_edition as write_edition
    from makelaar.cycles.enquetes import EnquetePlan as EnquetePlan
    from makelaar.cycles.rounds import previous_round as previous_round
    from makelaar.cycles.rounds import stored_indicators as stored_indicators
    from makelaar.cycles.rounds import stored_result as stored_result
    from makelaar.cycles.spec import Cycle as Cycle
    from makelaar.cycles.spec import DemoPlan as DemoPlan
    from makelaar.cycles.spec import Eenheid as Eenheid
    from makelaar.cycles.spec import ExtraDocument as ExtraDocument
    from makelaar.cycles.spec import Fasenresultaten as Fasenresultaten
    from makelaar.cycles.spec import Indicator as Indicator
    from makelaar.cycles.spec import RoundContext as RoundContext
    from makelaar.cycles.spec import Samenvatting as Samenvatting
    from makelaar.intake.disclosure import suppress as suppress
    from makelaar.models.schemas import ApplyResult as ApplyResult
    from makelaar.models.schemas import Change as Change
    from makelaar.models.schemas import EditionInput as EditionInput
    from makelaar.models.schemas import Figure as Figure
    from makelaar.models.schemas import Finding as Finding
    from makelaar.models.schemas import ImproveResult as ImproveResult
    from makelaar.models.schemas import IndicatorValue as IndicatorValue
    from makelaar.models.schemas import ObserveResult as ObserveResult
    from makelaar.models.schemas import Proposal as Proposal
    from makelaar.models.schemas import ReflectResult as ReflectResult
    from makelaar.models.schemas import RoundRef as RoundRef
    from makelaar.models.schemas import SourceReport as SourceReport
    from makelaar.models.settings import Settings as Settings
    from makelaar.models.store import Store as Store

#: public name -> the module that defines it (the TYPE_CHECKING imports above say the same for
#: type checkers; tests/test_public_api.py checks that the two agree and that every name loads)
PUBLIC: dict[str, str] = {
    # the contract
    "Cycle": "makelaar.cycles.spec",
    "DemoPlan": "makelaar.cycles.spec",
    "Eenheid": "makelaar.cycles.spec",
    "ExtraDocument": "makelaar.cycles.spec",
    "Fasenresultaten": "makelaar.cycles.spec",
    "Indicator": "makelaar.cycles.spec",
    "RoundContext": "makelaar.cycles.spec",
    "Samenvatting": "makelaar.cycles.spec",
    # what the phases return
    "ApplyResult": "makelaar.models.schemas",
    "Change": "makelaar.models.schemas",
    "EditionInput": "makelaar.models.schemas",
    "Figure": "makelaar.models.schemas",
    "Finding": "makelaar.models.schemas",
    "ImproveResult": "makelaar.models.schemas",
    "IndicatorValue": "makelaar.models.schemas",
    "ObserveResult": "makelaar.models.schemas",
    "Proposal": "makelaar.models.schemas",
    "ReflectResult": "makelaar.models.schemas",
    "RoundRef": "makelaar.models.schemas",
    "SourceReport": "makelaar.models.schemas",
    # helpers a cycle calls
    "EnquetePlan": "makelaar.cycles.enquetes",
    "Editieontwerp": "makelaar.cycles.edities",
    "draft_edition": "makelaar.cycles.edities",
    "write_edition": "makelaar.cycles.edities",
    "previous_round": "makelaar.cycles.rounds",
    "stored_indicators": "makelaar.cycles.rounds",
    "stored_result": "makelaar.cycles.rounds",
    "suppress": "makelaar.intake.disclosure",
    "Settings": "makelaar.models.settings",
    "Store": "makelaar.models.store",
}

__all__ = sorted(PUBLIC)


def __getattr__(name: str) -> Any:
    module = PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'makelaar' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *PUBLIC])
