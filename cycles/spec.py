"""The cycle contract: what a pluggable evaluation cycle provides (one file, like a hookspec).

A cycle is a class with a `name`, a `title`, the `indicatoren` it computes and four phase methods.
Each phase returns one of the result types below. A cycle that needs more adds its own fields by
subclassing a result and annotating its method with the subclass; the runner stores the result and,
when a round resumes, reads it back as that subclass (from the method's return annotation).

What a cycle may also declare (all optional; a cycle without them still meets the contract):
- `enquetes: tuple[cycles.enquetes.EnquetePlan, ...]`: the instruments it puts to brokers,
  partners or residents each round. The runner opens those survey rounds after `observe` and waits
  with `reflect` until their windows closed.
- `inhoud: Path`: a folder of guide sections of its own (`nl/*.md`, optionally `en/*.md`, the
  same front matter as handreiking/content), added to the base edition's sections.
- `migraties: Path`: a folder of Alembic revisions for tables of its own (its own SQLAlchemy
  `MetaData`, table names starting with the cycle's name); `makelaar db upgrade` runs them, on a
  branch labelled with the cycle's name.
- `schrijf_instellingen(settings, gemeente_code) -> Path`: writes the gemeente's commented
  settings file where the cycle reads it (`makelaar init --cycle X --gemeente GM…`), refusing to
  overwrite one.
- `invoerbestanden: Mapping[str, str]`: the input files a round of it reads, kind -> one Dutch
  line on what the file holds (e.g. `{"casussen": "de casusregistratie (CSV of XLSX)"}`). A round
  is given them as `RoundContext.bestanden` (`makelaar round run --bestand SOORT=PAD`, the flow's
  `bestanden`); a kind the cycle does not declare is refused before the round starts
  (cycles.invoerbestanden). Without it, a round is given no files that way.
- `samenvatting(store, ronde, resultaten, settings) -> Samenvatting`: what the round's summary in
  Prefect adds for this cycle (its document's name, Markdown lines such as a verdict per
  criterion, further documents to link); `resultaten` are the round's stored phase results, each
  read as the cycle's own model. Without it, the summary shows what every cycle has.
- `maak_demo(store, settings, jaar, seed) -> DemoPlan`: writes the cycle's demo data
  (`makelaar demo --cycle X`) and says which gemeente and periods its demo rounds run;
  `beantwoord_als_demo(ctx, standen)`: answers its surveys in a demo round.

Helpers a cycle calls: `cycles.edities.write_edition` (numbering, previous edition, adopted
changes, render, edition row: what `apply` does), `cycles.rounds.previous_round` and
`stored_indicators`, `intake.disclosure.suppress` (small numbers). A plugin imports all of these
from one place, `makelaar` (see the README, "Write your own cycle").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel

from makelaar.models.schemas import (
    ApplyResult,
    Finding,
    ImproveResult,
    IndicatorValue,
    ObserveResult,
    Proposal,
    ReflectResult,
    RoundRef,
    SourceReport,
)
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.taal import in_taal

__all__ = [
    "DEMO_ATTRIBUTE",
    "DEMO_ENQUETES_ATTRIBUTE",
    "INHOUD_ATTRIBUTE",
    "INSTELLINGEN_ATTRIBUTE",
    "INVOERBESTANDEN_ATTRIBUTE",
    "MIGRATIES_ATTRIBUTE",
    "PHASE_METHODS",
    "SAMENVATTING_ATTRIBUTE",
    "SURVEY_PLAN_ATTRIBUTE",
    "ApplyResult",
    "Cycle",
    "DemoPlan",
    "Eenheid",
    "ExtraDocument",
    "Fasenresultaten",
    "Finding",
    "ImproveResult",
    "Indicator",
    "IndicatorValue",
    "ObserveResult",
    "Proposal",
    "ReflectResult",
    "RoundContext",
    "Samenvatting",
    "SourceReport",
    "Statistiek",
]

PHASE_METHODS = ("observe", "reflect", "improve", "apply")

#: the optional attributes described above
SURVEY_PLAN_ATTRIBUTE = "enquetes"
INHOUD_ATTRIBUTE = "inhoud"
MIGRATIES_ATTRIBUTE = "migraties"
INSTELLINGEN_ATTRIBUTE = "schrijf_instellingen"
DEMO_ATTRIBUTE = "maak_demo"
DEMO_ENQUETES_ATTRIBUTE = "beantwoord_als_demo"
INVOERBESTANDEN_ATTRIBUTE = "invoerbestanden"
SAMENVATTING_ATTRIBUTE = "samenvatting"


@dataclass(frozen=True)
class Fasenresultaten:
    """A round's stored phase results, each read as its cycle's own model (None: not yet run)."""

    observed: BaseModel | None
    reflected: BaseModel | None
    applied: BaseModel | None


@dataclass(frozen=True)
class ExtraDocument:
    """A further document of the round, linked in Prefect next to its edition or report."""

    soort: str  # the artifact key's kind, e.g. "handreiking"
    pad: Path
    tekst: str  # the link's text
    beschrijving: str  # the artifact's description
    regel: str  # the summary's line about it, before the path


@dataclass(frozen=True)
class Samenvatting:
    """What a cycle adds to its round's summary in Prefect, in the language of the settings it
    is given (settings.locale), as the summary is."""

    #: what the round's document is called, e.g. "Pilotrapport 1" (None: "Editie N")
    documentnaam: str | None = None
    #: Markdown lines after the outcomes, e.g. a verdict per criterion
    regels: tuple[str, ...] = ()
    documenten: tuple[ExtraDocument, ...] = ()


@dataclass(frozen=True)
class DemoPlan:
    """What a cycle's demo wrote: the gemeente, the periods of its rounds in order, and a line
    for the user on what it made."""

    gemeente_code: str
    perioden: tuple[str, ...]
    verslag: str


#: how an indicator's value reads: a count, a percentage, a rate per 1,000 residents, hours, a mean
Eenheid = Literal["aantal", "%", "per 1.000", "uren", "gemiddeld"]
#: which interval an indicator's values carry (see cycles.onzekerheid)
Statistiek = Literal["wilson", "poisson", "t"]


@dataclass(frozen=True)
class Indicator:
    """One indicator, declared once by the cycle that computes it.

    Every `IndicatorValue` a cycle's `reflect` returns names a declared indicator and one of its
    breakdowns (`uitsplitsingen`: "gemeente", "wijk", "doelgroep", or any the cycle defines); the
    runner refuses a round whose values do not.
    """

    #: the id the values carry, e.g. "huisbezoeken" (lower case, digits and underscores)
    id: str
    #: its name in Dutch and in English, as a reader of the guide sees it
    nl: str
    en: str
    eenheid: Eenheid
    uitsplitsingen: tuple[str, ...] = ("gemeente", "wijk")
    #: which way is better: "hoger", "lager", or None where neither is (a count of activities)
    beter: Literal["hoger", "lager"] | None = None
    #: the wijk values add up to the gemeente's: disclosure control must not let one be recovered
    optelbaar: bool = False
    #: the question it answers, in Dutch and in English ("" when not declared)
    vraag_nl: str = ""
    vraag_en: str = ""
    #: how it is computed, short and in the indicator's terms (teller, noemer, per 1.000, ...)
    berekening: str = ""
    #: the 95% interval its values carry (cycles.onzekerheid): "wilson" for a share, "poisson"
    #: for a count or a rate per 1,000 inhabitants, "t" for a mean; None where no interval applies
    #: (sums of persons or hours, which are neither Poisson counts nor means)
    statistiek: Statistiek | None = None

    def naam(self, taal: str) -> str:
        """The indicator's name in `taal` ("nl" or "en")."""
        return in_taal(taal, self.nl, self.en)

    def vraag(self, taal: str) -> str:
        """The question the indicator answers, in `taal` ("" when not declared)."""
        return in_taal(taal, self.vraag_nl, self.vraag_en)


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

    @property
    def indicatoren(self) -> tuple[Indicator, ...]:
        """The indicators its `reflect` computes (a class attribute will do)."""
        ...

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
        """Write the next edition from the previous one plus the adopted proposals
        (`cycles.edities.write_edition`)."""
        ...
