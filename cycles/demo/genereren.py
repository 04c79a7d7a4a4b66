"""Writes the demo year to the store in one transaction, idempotently, and reports what it wrote."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from makelaar.cycles.demo import knelpunten as knelpunt
from makelaar.cycles.demo import logboek
from makelaar.cycles.demo.knelpunten import STANDAARD_KNELPUNTEN, Knelpunten
from makelaar.cycles.demo.makelaars import Bezetting, code_prefix, makelaars
from makelaar.cycles.demo.profiel import profielen
from makelaar.cycles.rounds import today_in_nl
from makelaar.intake.cbs import display_name
from makelaar.intake.makelaars import Inschrijving, registreer
from makelaar.models.errors import MakelaarError, StoreError
from makelaar.models.schemas import Schema
from makelaar.models.store import Store
from makelaar.models.tables import Base, SocialeActie
from makelaar.models.upsert import insert_missing

__all__ = ["DemoReport", "DemoTelling", "generate_demo"]

#: signals noticed per sociale actie
SIGNALEN_PER_ACTIE = 0.15


class DemoTelling(Schema):
    """Rows of one table the demo generated: newly written, or already in the store."""

    nieuw: int
    bestaand: int

    @property
    def totaal(self) -> int:
        return self.nieuw + self.bestaand


class DemoReport(Schema):
    """What generate_demo wrote, per table, and remarks: CBS gaps and the year's knelpunten."""

    gemeente_code: str
    jaar: int
    seed: int
    #: the last day any work is dated: the cut-off (today) or the year's last day, if earlier
    tot: dt.date
    makelaars: DemoTelling
    makelaar_wijken: DemoTelling
    acties: DemoTelling
    initiatieven: DemoTelling
    signalen: DemoTelling
    opmerkingen: list[str]

    @property
    def nieuw(self) -> int:
        """Rows written by this run, over all tables (0 when the demo was already there)."""
        tellingen = (self.makelaars, self.makelaar_wijken, self.acties, self.initiatieven)
        return sum(t.nieuw for t in (*tellingen, self.signalen))


def _refuse_other_seed(session: Session, gemeente_code: str, jaar: int, seed: int) -> None:
    """Demo rows of one gemeente and year come from one seed; mixing two would double the year."""
    other = session.scalar(
        select(SocialeActie.sleutel)
        .where(
            SocialeActie.sleutel.startswith(f"demo-{gemeente_code}-{jaar}-", autoescape=True),
            ~SocialeActie.sleutel.startswith(
                f"demo-{gemeente_code}-{jaar}-{seed}-", autoescape=True
            ),
        )
        .limit(1)
    )
    if other is not None:
        andere = other.split("-")[3]
        raise StoreError(
            f"De database heeft al demogegevens voor {gemeente_code} in {jaar}, gemaakt met seed "
            f"{andere}; seed {seed} zou er een tweede jaar naast zetten. Gebruik seed {andere} "
            "(dat schrijft niets dubbel) of een lege database.",
            en=f"The database already has demo data for {gemeente_code} in {jaar}, made with seed "
            f"{andere}; seed {seed} would put a second year beside it. Use seed {andere} (that "
            "writes nothing twice) or an empty database.",
        )


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _telling(nieuw: int, rows: Sequence[object]) -> DemoTelling:
    return DemoTelling(nieuw=nieuw, bestaand=len(rows) - nieuw)


def generate_demo(
    store: Store,
    *,
    gemeente_code: str = "GM0344",
    jaar: int = 2026,
    seed: int = 20261122,
    knelpunten: Knelpunten = STANDAARD_KNELPUNTEN,
    tot: dt.date | None = None,
) -> DemoReport:
    """Write a year of demo broker work for the gemeente's wijken; the same seed gives the same rows.

    No action, signal or initiative (start or last change) is dated after `tot` (default: today
    in the Netherlands), so the demo never shows work that has not happened yet; an initiative
    or signal shows the state it has on `tot`. A year that begins after `tot` is refused.

    Keys are `demo-<gemeente>-<jaar>-<seed>-<soort>-<nummer>`: running it again writes nothing
    new, and another seed for the same gemeente and year is refused. A later `tot` adds the work
    dated in between under new keys and leaves the rows already written alone. Needs the CBS
    import first. The knelpunten (bottlenecks the round should find) are part of what the seed
    produces: keep them the same for one database, or start from an empty one.
    """
    cutoff = min(tot or today_in_nl(), dt.date(jaar, 12, 31))
    if cutoff < dt.date(jaar, 1, 1):
        raise MakelaarError(
            f"Het demojaar {jaar} is op {cutoff:%d-%m-%Y} nog niet begonnen: er is nog geen werk "
            f"van de makelaars om te laten zien. Kies een jaar tot en met {cutoff.year}.",
            en=f"The demo year {jaar} has not begun yet on {cutoff:%d-%m-%Y}: there is no work of "
            f"the brokers to show yet. Choose a year up to and including {cutoff.year}.",
        )
    rng = random.Random(seed)
    with store.session() as session:
        profiel = profielen(session, gemeente_code, jaar)
        gemeente, wijken = profiel.gemeente, profiel.wijken
        prefix = f"demo-{gemeente_code}-{jaar}-{seed}"
        _refuse_other_seed(session, gemeente_code, jaar, seed)
        demo_makelaars = makelaars(rng, wijken, code_prefix(gemeente.naam, gemeente_code))
        # the demo's brokers enter the register the way 'makelaar makelaars import' puts them there
        registratie = registreer(
            session,
            [
                Inschrijving(code=m.code, gemeente_code=gemeente_code, naam=m.naam, wijken=m.wijken)
                for m in demo_makelaars
            ],
        )
        ids = registratie.ids
        koppelingen = [(m.code, w) for m in demo_makelaars for w in m.wijken]
        namen = {w.code: display_name(w.naam) for w in gemeente.wijken}
        plan = knelpunt.plan(knelpunten, profiel, jaar)
        bezetting = Bezetting(demo_makelaars, ids, plan)
        jaar_acties = logboek.acties(rng, wijken, bezetting, plan, prefix)
        acties = [actie for actie in jaar_acties if actie["datum"] <= cutoff]
        initiatieven = logboek.initiatieven(
            rng, jaar_acties, bezetting, plan, namen, prefix, cutoff
        )
        aantal_signalen = round(len(jaar_acties) * SIGNALEN_PER_ACTIE)
        signalen = logboek.signalen(rng, wijken, bezetting, plan, aantal_signalen, prefix, cutoff)
        return DemoReport(
            gemeente_code=gemeente_code,
            jaar=jaar,
            seed=seed,
            tot=cutoff,
            makelaars=_telling(registratie.nieuw, demo_makelaars),
            makelaar_wijken=_telling(registratie.koppelingen_nieuw, koppelingen),
            acties=_telling(
                insert_missing(session, _table("sociale_actie"), acties, key=["sleutel"]), acties
            ),
            initiatieven=_telling(
                insert_missing(
                    session, _table("bewonersinitiatief"), initiatieven, key=["sleutel"]
                ),
                initiatieven,
            ),
            signalen=_telling(
                insert_missing(session, _table("signaal"), signalen, key=["sleutel"]), signalen
            ),
            opmerkingen=[*profiel.opmerkingen, *knelpunt.opmerkingen(plan, profiel, namen)],
        )
