"""The demo's survey responses: invitations for its brokers, a few social workers, partners and
residents per wijk, and seeded generated answers stored through forms.antwoorden.dien_in, so the
round goes on at once.

Response rates differ per wijk as they do in practice: residents of wijken with more need answer
less often. Everything follows from the round and the form, so running the demo again finds every
invitation and response already there and writes nothing twice.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.cycles.demo.antwoorden import Respondent, genereer_antwoorden
from makelaar.cycles.demo.profiel import WijkProfiel, profielen
from makelaar.cycles.enquetes import EnqueteStand
from makelaar.cycles.spec import RoundContext
from makelaar.forms.antwoorden import dien_in
from makelaar.forms.geheim import antwoordmerk, merksleutel
from makelaar.forms.rondes import formulier as stored_form
from makelaar.forms.tijden import AMSTERDAM
from makelaar.intake.cbs import display_name
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek, ResponsBron, UitnodigingStatus
from makelaar.models.privacy import Pseudonymiser, load_key
from makelaar.models.schemas import Schema
from makelaar.models.tables import EnqueteRonde, Makelaar, MakelaarWijk, Uitnodiging, Wijk
from makelaar.models.upsert import insert_missing

__all__ = ["DemoEnquete", "answer_as_demo", "respons_bewoners"]

RESPONS_MAKELAARS = 0.85
RESPONS_PARTNERS = 0.6
RESPONS_SOCIAAL_WERKERS = 0.7
PARTNERS_PER_WIJK = 5
SOCIAAL_WERKERS_PER_WIJK = 4
BEWONERS_PER_WIJK = 60


class DemoEnquete(Schema):
    """What the demo did for one survey round: invitations and responses, new or already there."""

    enquete_ronde_id: int
    publiek: Publiek
    uitgenodigd: int
    responsen_nieuw: int
    responsen_bestaand: int


@dataclass(frozen=True)
class _Contact:
    contact: str  # keyed pseudonym: the invitation's natural key
    respondent: str | None  # identified rounds: the broker's code or the partner's pseudonym
    wijk_code: str | None
    kanaal: Kanaal
    kans: float  # how likely this person answers
    persoon: Respondent


def respons_bewoners(profiel: WijkProfiel, rng: random.Random) -> float:
    """A wijk's resident response rate: about 40%, lower where the wijk needs more."""
    return min(max(0.42 - 0.2 * (profiel.behoefte - 1) + rng.uniform(-0.05, 0.05), 0.15), 0.6)


def _between(value: float, low: float = 0.02, high: float = 0.98) -> float:
    return min(max(value, low), high)


def _contacts(
    session: Session,
    ctx: RoundContext,
    publiek: Publiek,
    pseudo: Pseudonymiser,
    rng: random.Random,
) -> list[_Contact]:
    ronde = ctx.ronde
    vandaag = ctx.nu().astimezone(AMSTERDAM).date()
    wijken = session.scalars(
        select(Wijk).where(Wijk.gemeente_code == ronde.gemeente_code).order_by(Wijk.code)
    ).all()
    namen = {w.code: display_name(w.naam) for w in wijken}

    def key(value: str) -> str:
        return pseudo.pseudonym("contact-demo", f"{publiek.value}-{value}".encode().hex())

    def persoon(welzijn: float, schaal_kans: float, wijknamen: tuple[str, ...] = ()) -> Respondent:
        return Respondent(
            welzijn=_between(welzijn),
            schaal_kans=_between(schaal_kans),
            begin=ronde.begin,
            einde=max(ronde.begin, min(ronde.einde, vandaag)),  # no answer dated after today
            wijknamen=wijknamen,
        )

    if publiek is Publiek.MAKELAARS:
        makelaars = session.scalars(
            select(Makelaar)
            .where(Makelaar.gemeente_code == ronde.gemeente_code)
            .order_by(Makelaar.code)
        ).all()
        werkt_in: dict[int, list[str]] = {}
        for makelaar_id, wijk_code in session.execute(
            select(MakelaarWijk.makelaar_id, MakelaarWijk.wijk_code).order_by(
                MakelaarWijk.wijk_code
            )
        ).tuples():
            werkt_in.setdefault(makelaar_id, []).append(wijk_code)
        return [
            _Contact(
                contact=key(m.code),
                respondent=m.code,
                wijk_code=next(iter(werkt_in.get(m.id, [])), None),
                kanaal=Kanaal.LIJST,
                kans=RESPONS_MAKELAARS,
                persoon=persoon(
                    rng.gauss(0.6, 0.15),
                    0.2,
                    tuple(namen[w] for w in werkt_in.get(m.id, []) if w in namen),
                ),
            )
            for m in makelaars
        ]
    if publiek is Publiek.SOCIAAL_WERKERS:  # the social workers in each wijk's team
        return [
            _Contact(
                contact=key(f"{wijk.code}-{number}"),
                respondent="PA-"
                + pseudo.pseudonym("sociaal_werker", f"{wijk.code}-{number}".encode().hex()),
                wijk_code=wijk.code,
                kanaal=Kanaal.LIJST,
                kans=RESPONS_SOCIAAL_WERKERS,
                persoon=persoon(rng.gauss(0.6, 0.15), 0.2),
            )
            for wijk in wijken
            for number in range(1, SOCIAAL_WERKERS_PER_WIJK + 1)
        ]
    if publiek is Publiek.PARTNERS:
        result = []
        for wijk in wijken:
            for number in range(1, PARTNERS_PER_WIJK + 1):
                code = f"{wijk.code}-{number}"
                result.append(
                    _Contact(
                        contact=key(code),
                        respondent="PA-" + pseudo.pseudonym("partner", code.encode().hex()),
                        wijk_code=wijk.code,
                        kanaal=Kanaal.LIJST,
                        kans=RESPONS_PARTNERS,
                        persoon=persoon(rng.gauss(0.6, 0.2), 0.2),
                    )
                )
        return result
    result = []
    jaar = ronde.begin.year
    for profiel in profielen(session, ronde.gemeente_code, jaar).wijken:
        kans = respons_bewoners(profiel, rng)
        for number in range(1, BEWONERS_PER_WIJK + 1):
            result.append(
                _Contact(
                    contact=key(f"{profiel.code}-{number}"),
                    respondent=None,
                    wijk_code=profiel.code,
                    kanaal=Kanaal.BRIEF,
                    kans=kans,
                    persoon=persoon(
                        rng.gauss(0.62 - 0.25 * (profiel.behoefte - 1), 0.18),
                        rng.gauss(0.22 + 0.12 * (profiel.behoefte - 1), 0.1),
                    ),
                )
            )
    return result


def _instance_id(enquete_ronde_id: int, index: int) -> str:
    """The submission id of the demo's index-th response: the same in every run, and not derived
    from who answered (responders are shuffled first), so it links no anonymous answer to anyone."""
    return hashlib.sha256(f"demo-{enquete_ronde_id}-{index}".encode()).hexdigest()[:32]


def _fill(
    ctx: RoundContext, stand: EnqueteStand, pseudo: Pseudonymiser, merk_key: bytes
) -> DemoEnquete:
    ronde = ctx.ronde
    anoniem = stand.modus is EnqueteModus.ANONIEM
    base = f"demo-enquete-{ronde.gemeente_code}-{ronde.periode}-{stand.publiek.value}"
    rng = random.Random(f"{base}-{stand.form_id}")
    with ctx.store.session() as session:
        enquete_ronde = session.get(EnqueteRonde, stand.enquete_ronde_id)
        assert enquete_ronde is not None, "the survey round the status came from"
        form = stored_form(session, enquete_ronde.enquete_id)
        contacts = _contacts(session, ctx, stand.publiek, pseudo, rng)
        identified = stand.modus is EnqueteModus.IDENTIFICEERBAAR
        insert_missing(
            session,
            Uitnodiging.__table__,  # type: ignore[arg-type]  # a declarative table is a Table
            [
                {
                    "enquete_ronde_id": stand.enquete_ronde_id,
                    "contact": c.contact,
                    "respondent": c.respondent if identified else None,
                    "wijk_code": c.wijk_code,
                    "kanaal": c.kanaal,
                    "status": UitnodigingStatus.OPEN,
                    "herinneringen": 0,
                    "laatst_benaderd_op": ctx.nu(),
                }
                for c in contacts
            ],
            key=("enquete_ronde_id", "contact"),
        )
        ids = {
            contact: uitnodiging_id
            for contact, uitnodiging_id in session.execute(
                select(Uitnodiging.contact, Uitnodiging.id).where(
                    Uitnodiging.enquete_ronde_id == stand.enquete_ronde_id
                )
            ).tuples()
        }
    responders = [c for c in contacts if rng.random() < c.kans]
    rng.shuffle(responders)
    nieuw = 0
    for index, person in enumerate(responders):
        antwoorden = genereer_antwoorden(form, random.Random(f"{base}-{index}"), person.persoon)
        ontvangst = dien_in(
            ctx.store,
            enquete_ronde_id=stand.enquete_ronde_id,
            instance_id=_instance_id(stand.enquete_ronde_id, index),
            antwoorden=antwoorden,
            taal="nl",
            respondent=person.respondent,
            wijk_code=person.wijk_code,
            bron=ResponsBron.DEMO,
            uitnodiging_id=ids[person.contact],
            merk=antwoordmerk(merk_key, ids[person.contact]) if anoniem else None,
        )
        nieuw += ontvangst.uitslag == "nieuw"
    return DemoEnquete(
        enquete_ronde_id=stand.enquete_ronde_id,
        publiek=stand.publiek,
        uitgenodigd=len(contacts),
        responsen_nieuw=nieuw,
        responsen_bestaand=len(responders) - nieuw,
    )


def answer_as_demo(ctx: RoundContext, standen: Sequence[EnqueteStand]) -> list[DemoEnquete]:
    """Invite the demo's people to each open survey round and store their generated answers."""
    key, _, _ = load_key(ctx.settings)
    pseudo = Pseudonymiser(key)
    return [_fill(ctx, stand, pseudo, merksleutel(key)) for stand in standen]
