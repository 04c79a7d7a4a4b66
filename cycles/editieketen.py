"""Where a round's edition goes in its gemeente's chain of editions (cycles.edities writes it).

Edition N builds on edition N−1: the gemeente's edition with the highest number, whatever the
periods of the rounds (overlapping ones included), not the round found by period
(cycles.rounds.previous_round, which the indicators compare with). `plan_edition` works out the
number, the edition built on and, for an edition written again, whether its text is fixed
because a later edition was built on it; it refuses (EditieNietAf) to build on an edition that
is recorded but not made. Run it under cycles.roundlock.gemeente_lock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.cycles.rounds import period_bounds
from makelaar.cycles.spec import RoundContext
from makelaar.models.errors import RoundError
from makelaar.models.schemas import RoundRef
from makelaar.models.taal import Catalogus, catalogus, vertaal
from makelaar.models.tables import Editie, Evaluatieronde

_TEKSTEN: Catalogus = catalogus(
    "edities",
    {
        "voortgebouwd": {
            "nl": "Editie {nummer} bouwt voort op editie {vorige}, gemaakt door ronde {vorige_ronde} "
            "({vorige_cyclus}, {vorige_periode}) {reden}; editie {nummer} bevat dus de tekst van "
            "editie {vorige} met de wijzigingen die die ronde aannam, plus die van ronde {ronde} "
            "({periode}).",
            "en": "Edition {nummer} builds on edition {vorige}, made by round {vorige_ronde} "
            "({vorige_cyclus}, {vorige_periode}) {reden}; edition {nummer} therefore holds edition "
            "{vorige}'s text with the changes that round adopted, plus those of round {ronde} "
            "({periode}).",
        },
        "reden_overlap": {
            "nl": "waarvan de periode niet vóór die van deze ronde ligt",
            "en": "whose period does not lie before this round's",
        },
        "reden_later": {
            "nl": "nadat deze ronde begon",
            "en": "after this round began",
        },
        "wacht": {
            "nl": "Een andere ronde van {gemeente} maakt nu een editie van de handreiking; ronde "
            "{ronde} ({periode}) wacht daarop, hoogstens {wacht}, en bouwt dan op die editie voort.",
            "en": "Another round of {gemeente} is making an edition of the handreiking; round "
            "{ronde} ({periode}) waits for it, at most {wacht}, then builds on that edition.",
        },
        "niet_af": {
            "nl": "Ronde {ronde} ({cyclus}, {periode}) kan haar editie van de handreiking voor "
            "{gemeente} nog niet maken: editie {nummer} is vastgelegd voor ronde {andere} "
            "({andere_cyclus}, {andere_periode}), maar niet af (die run is afgebroken), en elke "
            "nieuwe editie bouwt voort op de vorige. Maak eerst editie {nummer} af: 'makelaar "
            "round run --cycle {andere_cyclus} --period {andere_periode} --gemeente {code}' (of "
            "'makelaar handreiking render {andere}'), en voer daarna ronde {ronde} opnieuw uit.",
            "en": "Round {ronde} ({cyclus}, {periode}) cannot make its edition of the handreiking "
            "for {gemeente} yet: edition {nummer} is recorded for round {andere} ({andere_cyclus}, "
            "{andere_periode}) but not finished (that run was stopped), and every new edition "
            "builds on the one before. Finish edition {nummer} first: 'makelaar round run --cycle "
            "{andere_cyclus} --period {andere_periode} --gemeente {code}' (or 'makelaar "
            "handreiking render {andere}'), then run round {ronde} again.",
        },
    },
)


class EditieNietAf(RoundError):
    """The gemeente's latest edition is recorded for another round but not made: a new edition
    cannot build on it yet."""


@dataclass(frozen=True)
class Voorganger:
    """The edition an edition builds on: edition N−1 of the same gemeente."""

    nummer: int
    ronde_id: int
    cyclus: str
    periode: str
    secties: dict[str, str]
    aangemaakt_op: dt.datetime


@dataclass(frozen=True)
class Editieplan:
    """Where the round's edition goes in the gemeente's chain, worked out under its lock."""

    nummer: int
    vorige: Voorganger | None
    #: the round's recorded text when a later edition was built on it (it is rendered as is)
    vaste_secties: dict[str, str] | None = None
    #: the sha256 the round's edition row records (None: no row yet, or one not made)
    vastgelegd_sha256: str | None = None
    #: the row already exists (the round writes its edition again)
    bestaat: bool = False
    #: why the edition builds on one that is not simply the round's predecessor, for the user
    melding: str | None = None


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _voorganger(session: Session, row: Editie | None) -> Voorganger | None:
    if row is None:
        return None
    ronde = session.get(Evaluatieronde, row.ronde_id)
    assert ronde is not None, "an edition's round exists (foreign key)"
    return Voorganger(
        nummer=row.nummer,
        ronde_id=row.ronde_id,
        cyclus=ronde.cyclus,
        periode=ronde.periode,
        secties=dict(row.secties),
        aangemaakt_op=_utc(row.aangemaakt_op),
    )


def plan_edition(ctx: RoundContext) -> Editieplan:
    """The round's place in its gemeente's chain of editions (see the module's docstring).

    Raises EditieNietAf when the gemeente's latest edition is another round's and not made.
    Hold cycles.roundlock.gemeente_lock around this and the writing that follows.
    """
    ronde = ctx.ronde
    taal = ctx.settings.locale
    with ctx.store.session() as session:
        rows = list(
            session.scalars(
                select(Editie)
                .where(Editie.gemeente_code == ronde.gemeente_code)
                .order_by(Editie.nummer)
            )
        )
        eigen = next((row for row in rows if row.ronde_id == ronde.id), None)
        if eigen is not None:
            eerder = [row for row in rows if row.nummer < eigen.nummer]
            later = any(row.nummer > eigen.nummer for row in rows)
            return Editieplan(
                nummer=eigen.nummer,
                vorige=_voorganger(session, eerder[-1] if eerder else None),
                vaste_secties=dict(eigen.secties) if later else None,
                vastgelegd_sha256=eigen.pdf_sha256 or None,
                bestaat=True,
            )
        laatste = rows[-1] if rows else None
        vorige = _voorganger(session, laatste)
        if laatste is not None and vorige is not None and not laatste.pdf_sha256:
            raise EditieNietAf(
                vertaal(
                    _TEKSTEN,
                    "niet_af",
                    taal,
                    ronde=ronde.id,
                    cyclus=ronde.cyclus,
                    periode=ronde.periode,
                    gemeente=ronde.gemeente_naam,
                    nummer=laatste.nummer,
                    andere=vorige.ronde_id,
                    andere_cyclus=vorige.cyclus,
                    andere_periode=vorige.periode,
                    code=ronde.gemeente_code,
                )
            )
        begonnen = session.scalar(
            select(Evaluatieronde.aangemaakt_op).where(Evaluatieronde.id == ronde.id)
        )
    nummer = (laatste.nummer if laatste else 0) + 1
    return Editieplan(
        nummer=nummer,
        vorige=vorige,
        melding=_melding(ctx, nummer, vorige, _utc(begonnen) if begonnen else None),
    )


def wait_message(ronde: RoundRef, taal: str, wacht: str) -> str:
    """What a round says while another round of its gemeente writes its edition."""
    return vertaal(
        _TEKSTEN,
        "wacht",
        taal,
        gemeente=ronde.gemeente_naam,
        ronde=ronde.id,
        periode=ronde.periode,
        wacht=wacht,
    )


def _melding(
    ctx: RoundContext, nummer: int, vorige: Voorganger | None, begonnen: dt.datetime | None
) -> str | None:
    """Why edition `nummer` builds on `vorige` when that is not plainly the edition before this
    round's period (None when it is, or when there is no previous edition)."""
    if vorige is None:
        return None
    ronde, taal = ctx.ronde, ctx.settings.locale
    if period_bounds(vorige.periode)[1] >= ronde.begin:
        reden = vertaal(_TEKSTEN, "reden_overlap", taal)
    elif begonnen is not None and vorige.aangemaakt_op > begonnen:
        reden = vertaal(_TEKSTEN, "reden_later", taal)
    else:
        return None
    return vertaal(
        _TEKSTEN,
        "voortgebouwd",
        taal,
        nummer=nummer,
        vorige=vorige.nummer,
        vorige_ronde=vorige.ronde_id,
        vorige_cyclus=vorige.cyclus,
        vorige_periode=vorige.periode,
        reden=reden,
        ronde=ronde.id,
        periode=ronde.periode,
    )
