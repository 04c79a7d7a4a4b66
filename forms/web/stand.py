"""The state a request of the answering pages works on, read in one query, and the form cache."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, cast

from sqlalchemy import Table, bindparam, select

from forms.definitie import Formulier
from forms.web import weergave
from forms.web.sessie import Sessie
from models.domain import EnqueteModus, UitnodigingStatus
from models.store import Transactie
from models.tables import Concept, Enquete, EnqueteRonde, Uitnodiging


@dataclass
class Stand:
    """The state one request works on: the session's invitation, its round, form and draft."""

    sessie: Sessie
    uitnodiging_id: int
    respondent: str | None
    wijk_code: str | None
    enquete_ronde_id: int
    modus: EnqueteModus
    geladen: weergave.Geladen
    antwoorden: dict[str, Any]
    pagina: int
    instance_id: str | None

    @property
    def formulier(self) -> Formulier:
        return self.geladen.formulier


#: everything a request needs about its invitation, in one query built once (the submit path
#: must stay lean: building a statement costs more than running it)
_U = cast(Table, Uitnodiging.__table__)
_R = cast(Table, EnqueteRonde.__table__)
_C = cast(Table, Concept.__table__)
_STAND = (
    select(
        _U.c.status,
        _U.c.respondent,
        _U.c.wijk_code,
        _R.c.id,
        _R.c.enquete_id,
        _R.c.modus,
        _R.c.opent_op,
        _R.c.sluit_op,
        _R.c.gesloten_op,
        _C.c.antwoorden,
        _C.c.pagina,
        _C.c.instance_id,
    )
    .select_from(_U.join(_R, _R.c.id == _U.c.enquete_ronde_id).outerjoin(_C))
    .where(_U.c.id == bindparam("uitnodiging"))
)


class Formulieren:
    """Parsed forms per enquete id, parsed once per process (forms never change once imported)."""

    def __init__(self) -> None:
        self._cache: dict[int, weergave.Geladen] = {}

    def get(self, db: Transactie, enquete_id: int) -> weergave.Geladen:
        geladen = self._cache.get(enquete_id)
        if geladen is None:
            definitie = db.execute(
                select(Enquete.definitie).where(Enquete.id == enquete_id)
            ).scalar_one()
            geladen = weergave.laad(Formulier.model_validate(definitie))
            self._cache[enquete_id] = geladen
        return geladen


class Weigering(Enum):
    """Why a session may not answer now."""

    BEANTWOORD = "beantwoord"  # answered: the thank-you page
    GESLOTEN = "gesloten"  # withdrawn, unknown, or the window is not open: the bad-link page


def lees_stand(
    db: Transactie, sessie: Sessie, formulieren: Formulieren, nu: dt.datetime
) -> Stand | Weigering:
    """The session's invitation with its round, form and draft, if it may answer at `nu`."""
    row = db.execute(_STAND, {"uitnodiging": sessie.uitnodiging_id}).one_or_none()
    if row is None:
        return Weigering.GESLOTEN
    if row.status == UitnodigingStatus.BEANTWOORD:
        return Weigering.BEANTWOORD
    if (
        row.status == UitnodigingStatus.INGETROKKEN
        or row.gesloten_op is not None
        or not row.opent_op <= nu < row.sluit_op
    ):
        return Weigering.GESLOTEN
    return Stand(
        sessie,
        sessie.uitnodiging_id,
        row.respondent,
        row.wijk_code,
        row.id,
        row.modus,
        formulieren.get(db, row.enquete_id),
        dict(row.antwoorden or {}),
        row.pagina or 0,
        row.instance_id,
    )
