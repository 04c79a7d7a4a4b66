"""A small real cycle whose edition is the guide's text and its changes, for the edition tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select

from makelaar.cycles.edities import write_edition
from makelaar.cycles.rounds import RoundOutcome, run_round, start_round
from makelaar.cycles.spec import RoundContext
from makelaar.models.schemas import (
    ApplyResult,
    ImproveResult,
    IndicatorValue,
    ObserveResult,
    Proposal,
    ReflectResult,
)
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Editie
from tests.factories import ACTIES

#: the section every round of the cycle changes
SECTIE = "wijk-sociale-acties"
#: the section of the proposal every round makes again, with its own figures
TERUGKEREND = "wijk-werken-met-signalen"


def wijziging(periode: str) -> str:
    """The text round `periode` adds to the guide (each round its own)."""
    return f"Afspraak uit de leerbijeenkomst van periode {periode}."


def terugkerend(periode: str) -> str:
    """The text of the proposal every round makes again, as round `periode` words it."""
    return f"Elk signaal krijgt binnen vier weken een vervolg (stand van periode {periode})."


class TekstCyclus:
    """Observes and reflects a fixed count, proposes one change of its own period per round and
    one every round makes again (the demo's learning session adopts both), and writes its
    edition with cycles.edities."""

    name = "tekstcyclus"
    title = "Alleen de tekst van de handreiking"
    indicatoren = (ACTIES,)

    def observe(self, ctx: RoundContext) -> ObserveResult:
        return ObserveResult(bronnen=[], aantallen={"acties": 3, "signalen": 1, "initiatieven": 2})

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        value = IndicatorValue(
            indicator="acties",
            dimensie="gemeente",
            sleutel=ctx.ronde.gemeente_code,
            waarde=3.0,
            basis=3,
        )
        return ReflectResult(indicatoren=[value], bevindingen=[])

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        periode = ctx.ronde.periode
        return ImproveResult(
            voorstellen=[
                Proposal(
                    code=f"afspraak-{periode.lower()}",
                    sectie_id=SECTIE,
                    titel=f"Afspraak {periode}",
                    tekst=wijziging(periode),
                    onderbouwing="De cijfers van de ronde.",
                ),
                Proposal(
                    code="signalen-opvolgen",
                    sectie_id=TERUGKEREND,
                    titel="Elk signaal een vervolg",
                    tekst=terugkerend(periode),
                    onderbouwing="Signalen die blijven liggen.",
                ),
            ]
        )

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        return write_edition(ctx)


def context(store: Store, settings: Settings, gemeente: str, periode: str) -> RoundContext:
    ronde = start_round(store, gemeente_code=gemeente, cyclus=TekstCyclus.name, periode=periode)
    return RoundContext(ronde=ronde, store=store, settings=settings)


def run(ctx: RoundContext) -> RoundOutcome:
    """Run the round through every phase, the demo deciding (it adopts the one proposal)."""
    return run_round(ctx, TekstCyclus(), leerbijeenkomst="demo", lock_wait_s=120)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def editions(store: Store, gemeente: str) -> list[Editie]:
    """The gemeente's edition rows, by number (detached: read their columns)."""
    with store.session() as session:
        rows = list(
            session.scalars(
                select(Editie).where(Editie.gemeente_code == gemeente).order_by(Editie.nummer)
            )
        )
        session.expunge_all()
        return rows


def temporaries(folder: Path) -> list[str]:
    """The temporary files of a render left in `folder`."""
    return sorted(p.name for p in folder.glob(".*.tmp")) if folder.is_dir() else []
