"""Response rates per survey round, audience and wijk, counted from the invitations alone.

Invited, started (bezig) and answered come from the invitations' status in an identified round.
In an anonymous round the invitations never learn who answered (forms.geheim): answered is the
number of responses that came in through the invitations' links (per wijk where the response kept
its wijk), and started is the number of drafts, for the round as a whole only. Responses are never
linked to invitations to count them. A wijk with fewer invited
than `min_cell_size` (the survey round's gemeente's own where it has one: it is only ever
higher, models.gemeente_instellingen) is shown suppressed, and when that would let a reader
recover it from the round's total, the next smallest wijk is suppressed too (intake/disclosure.py,
RELIABILITY §7).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from makelaar.forms.opruimen import ruim_op
from makelaar.forms.rondes import EnqueteRondeInfo, lijst_enquetes
from makelaar.intake.cbs import display_name
from makelaar.intake.disclosure import suppress
from makelaar.models.domain import EnqueteModus, ResponsBron, UitnodigingStatus
from makelaar.models.gemeente_instellingen import instellingen_voor_enquete
from makelaar.models.schemas import IndicatorValue
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Concept, Respons, Uitnodiging, Wijk, utcnow

#: the key of invitations without a wijk
ZONDER_WIJK = ""


class Standregel(BaseModel):
    """One line of the response rates: a wijk of a survey round, or the round as a whole."""

    wijk_code: str | None  # None: the whole survey round; "" : invitations without a wijk
    wijk: str  # name to show
    uitgenodigd: int | None  # None when suppressed
    bezig: int | None
    beantwoord: int | None
    onderdrukt: bool = False

    @property
    def respons(self) -> float | None:
        """Answered as a share of invited (0..1), None when suppressed or nobody was invited."""
        if self.onderdrukt or not self.uitgenodigd or self.beantwoord is None:
            return None
        return self.beantwoord / self.uitgenodigd


class Stand(BaseModel):
    """The response rates of one survey round."""

    enquete: EnqueteRondeInfo
    totaal: Standregel
    wijken: list[Standregel] = Field(default_factory=list)
    drempel: int  # the minimum cell size applied: the global one or the gemeente's own


def respons_stand(
    store: Store,
    settings: Settings,
    ronde_id: int | None = None,
    *,
    now: dt.datetime | None = None,
) -> list[Stand]:
    """The response rates of every survey round (of one evaluation round, or all)."""
    moment = now or utcnow()
    ruim_op(store, now=moment)  # windows closed since: their addresses, drafts and marks go
    rondes = lijst_enquetes(store, ronde_id, now=moment)
    if not rondes:
        return []
    ids = [r.id for r in rondes]
    tellingen: dict[int, dict[str, dict[UitnodigingStatus, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    with store.session() as session:
        rows = session.execute(
            select(
                Uitnodiging.enquete_ronde_id,
                Uitnodiging.wijk_code,
                Uitnodiging.status,
                func.count(),
            )
            .where(Uitnodiging.enquete_ronde_id.in_(ids))
            .group_by(Uitnodiging.enquete_ronde_id, Uitnodiging.wijk_code, Uitnodiging.status)
        ).tuples()
        for enquete_ronde_id, wijk_code, status, aantal in rows:
            tellingen[enquete_ronde_id][wijk_code or ZONDER_WIJK][status] += int(aantal)
        anoniem = [r.id for r in rondes if r.modus is EnqueteModus.ANONIEM]
        beantwoord, bezig = anonieme_voortgang(session, anoniem)
        for enquete_ronde_id in anoniem:
            for counts in tellingen[enquete_ronde_id].values():
                # statuses older versions kept: invited, nothing more
                for oud in (UitnodigingStatus.BEANTWOORD, UitnodigingStatus.BEZIG):
                    counts[UitnodigingStatus.OPEN] += counts.pop(oud, 0)
        namen = {
            code: display_name(naam)
            for code, naam in session.execute(select(Wijk.code, Wijk.naam)).tuples()
        }
        drempels = {
            r.id: instellingen_voor_enquete(session, settings, r.id).min_cell_size for r in rondes
        }
    standen = [_stand(r, tellingen[r.id], namen, drempels[r.id]) for r in rondes]
    for stand in standen:
        if stand.enquete.modus is EnqueteModus.ANONIEM:
            # answered from the responses (per wijk where they kept it); started is known for
            # the round only: a draft names no invitation, so no wijk
            per_wijk = beantwoord.get(stand.enquete.id, {})
            if not stand.totaal.onderdrukt:
                stand.totaal.bezig = bezig.get(stand.enquete.id, 0)
                stand.totaal.beantwoord = sum(per_wijk.values())
            for regel in stand.wijken:
                regel.bezig = None
                if not regel.onderdrukt:
                    regel.beantwoord = per_wijk.get(regel.wijk_code or ZONDER_WIJK, 0)
    return standen


#: responses that came in through an invitation's link (imports did not)
_VIA_UITNODIGING = (ResponsBron.WEB, ResponsBron.DEMO)


def anonieme_voortgang(
    session: Session, enquete_ronde_ids: list[int]
) -> tuple[dict[int, dict[str, int]], dict[int, int]]:
    """Of anonymous survey rounds: answered per round and wijk ("" without), and drafts per round."""
    if not enquete_ronde_ids:
        return {}, {}
    beantwoord: dict[int, dict[str, int]] = defaultdict(dict)
    for enquete_ronde_id, wijk_code, aantal in session.execute(
        select(Respons.enquete_ronde_id, Respons.wijk_code, func.count())
        .where(Respons.enquete_ronde_id.in_(enquete_ronde_ids), Respons.bron.in_(_VIA_UITNODIGING))
        .group_by(Respons.enquete_ronde_id, Respons.wijk_code)
    ).tuples():
        beantwoord[enquete_ronde_id][wijk_code or ZONDER_WIJK] = int(aantal)
    bezig = {
        enquete_ronde_id: int(aantal)
        for enquete_ronde_id, aantal in session.execute(
            select(Concept.enquete_ronde_id, func.count())
            .where(Concept.enquete_ronde_id.in_(enquete_ronde_ids))
            .group_by(Concept.enquete_ronde_id)
        ).tuples()
    }
    return dict(beantwoord), bezig


def _stand(
    ronde: EnqueteRondeInfo,
    per_wijk: dict[str, dict[UitnodigingStatus, int]],
    namen: dict[str, str],
    min_n: int,
) -> Stand:
    def regel(code: str | None, counts: dict[UitnodigingStatus, int]) -> Standregel:
        uitgenodigd = sum(n for s, n in counts.items() if s is not UitnodigingStatus.INGETROKKEN)
        naam = "(totaal)" if code is None else namen.get(code, code) or "(geen wijk)"
        return Standregel(
            wijk_code=code,
            wijk=naam,
            uitgenodigd=uitgenodigd,
            bezig=counts.get(UitnodigingStatus.BEZIG, 0),
            beantwoord=counts.get(UitnodigingStatus.BEANTWOORD, 0),
        )

    totaal_counts: dict[UitnodigingStatus, int] = defaultdict(int)
    for counts in per_wijk.values():
        for status, n in counts.items():
            totaal_counts[status] += n
    totaal = regel(None, totaal_counts)
    wijken = [regel(code, per_wijk[code]) for code in sorted(per_wijk)]
    basis = [
        IndicatorValue(
            indicator="uitgenodigd",
            dimensie="wijk",
            sleutel=r.wijk_code or "",
            waarde=r.uitgenodigd,
            basis=r.uitgenodigd,
        )
        for r in wijken
    ]
    basis.append(
        IndicatorValue(
            indicator="uitgenodigd",
            dimensie="gemeente",
            waarde=totaal.uitgenodigd,
            basis=totaal.uitgenodigd,
        )
    )
    besluit = suppress(basis, min_n, additive=frozenset({"uitgenodigd"}))
    verborgen = {v.sleutel for v in besluit if v.dimensie == "wijk" and v.onderdrukt}
    totaal_weg = any(v.dimensie == "gemeente" and v.onderdrukt for v in besluit)
    return Stand(
        enquete=ronde,
        totaal=_onderdruk(totaal) if totaal_weg else totaal,
        wijken=[_onderdruk(r) if (r.wijk_code or "") in verborgen else r for r in wijken],
        drempel=min_n,
    )


def _onderdruk(regel: Standregel) -> Standregel:
    return regel.model_copy(
        update={"uitgenodigd": None, "bezig": None, "beantwoord": None, "onderdrukt": True}
    )
