"""The state a request of the answering pages works on, read in one query, and the form cache."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, select

from makelaar.forms.antwoorden import Plek
from makelaar.forms.definitie import Formulier
from makelaar.forms.geheim import Conceptsleutel, antwoordmerk
from makelaar.forms.web import weergave
from makelaar.forms.web.sessie import Sessie
from makelaar.models.domain import EnqueteModus, UitnodigingStatus
from makelaar.models.store import Transactie
from makelaar.models.tables import Antwoordmerk, Concept, Enquete, EnqueteRonde, Uitnodiging


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
    plek: Plek  # where this session's draft lives
    merk: str | None  # the answered mark to add on submit (anonymous rounds)

    @property
    def formulier(self) -> Formulier:
        return self.geladen.formulier

    @property
    def anoniem(self) -> bool:
        return self.modus == EnqueteModus.ANONIEM


#: everything a request needs about its invitation, in one query built once (the submit path
#: must stay lean: building a statement costs more than running it)
_U = cast(Table, Uitnodiging.__table__)
_R = cast(Table, EnqueteRonde.__table__)
_C = cast(Table, Concept.__table__)
_M = cast(Table, Antwoordmerk.__table__)
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
        _M.c.merk,
    )
    .select_from(
        _U.join(_R, _R.c.id == _U.c.enquete_ronde_id)
        .outerjoin(_C, and_(_C.c.sleutel == bindparam("concept"), _C.c.enquete_ronde_id == _R.c.id))
        .outerjoin(_M, and_(_M.c.merk == bindparam("merk"), _M.c.enquete_ronde_id == _R.c.id))
    )
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
    db: Transactie, sessie: Sessie, formulieren: Formulieren, nu: dt.datetime, merk_key: bytes
) -> Stand | Weigering:
    """The session's invitation with its round, form and draft, if it may answer at `nu`.

    `merk_key` is forms.geheim.merksleutel of the server's key: the answered mark of an anonymous
    round's invitation is looked up with it.
    """
    sleutel = Conceptsleutel(sessie.geheim)
    merk = antwoordmerk(merk_key, sessie.uitnodiging_id)
    row = db.execute(
        _STAND, {"uitnodiging": sessie.uitnodiging_id, "concept": sleutel.rij, "merk": merk}
    ).one_or_none()
    if row is None:
        return Weigering.GESLOTEN
    anoniem = row.modus == EnqueteModus.ANONIEM
    if row.status == UitnodigingStatus.BEANTWOORD or (anoniem and row.merk is not None):
        return Weigering.BEANTWOORD
    if (
        row.status == UitnodigingStatus.INGETROKKEN
        or row.gesloten_op is not None
        or not row.opent_op <= nu < row.sluit_op
    ):
        return Weigering.GESLOTEN
    plek = Plek(row.id, sleutel, None if anoniem else sessie.uitnodiging_id)
    return Stand(
        sessie,
        sessie.uitnodiging_id,
        row.respondent,
        row.wijk_code,
        row.id,
        row.modus,
        formulieren.get(db, row.enquete_id),
        {} if row.antwoorden is None else sleutel.open(row.antwoorden),
        row.pagina or 0,
        row.instance_id,
        plek,
        merk if anoniem else None,
    )
