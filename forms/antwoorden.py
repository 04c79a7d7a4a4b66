"""Drafts and submitted responses in the store: page-by-page saving, and one response per submission.

A submission is stored exactly once: the database's unique keys (enquete_ronde_id, instance_id)
and (enquete_ronde_id, respondent) decide, not a check in Python (RELIABILITY.md §1). The web
pages, the KoboToolbox/ODK importer and the demo all store responses through `dien_in`.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import Table, bindparam, delete, select, text, update
from sqlalchemy.orm import Session

from forms.scoring import scores_json
from models.domain import EnqueteModus, ResponsBron, UitnodigingStatus
from models.errors import MakelaarError
from models.store import Store, Transactie
from models.tables import Concept, Enquete, EnqueteRonde, Respons, Uitnodiging, utcnow

#: one answer: text, a number, or the chosen names of a select_multiple
Antwoord = str | int | float | list[str]
Antwoorden = dict[str, Antwoord]
#: computes the scores of a response from its form id and answers (forms.scoring.scores_json)
Scorer = Callable[[str, Mapping[str, Any]], Mapping[str, Any]]


class AndereInhoudError(MakelaarError):
    """A submission id (or respondent) that was already received arrived with other answers."""

    def __init__(self, enquete_ronde_id: int, instance_id: str) -> None:
        super().__init__(
            f"Inzending {instance_id!r} voor enquêteronde {enquete_ronde_id} is al ontvangen met "
            "andere antwoorden; de opgeslagen antwoorden blijven staan en deze inzending is "
            "geweigerd. Een inzending met nieuwe antwoorden heeft een nieuw inzending-id nodig."
        )
        self.enquete_ronde_id = enquete_ronde_id
        self.instance_id = instance_id


@dataclass(frozen=True)
class Ontvangst:
    """What happened to a submission: stored now, or the same answers were already there."""

    uitslag: Literal["nieuw", "al_ontvangen"]
    respons_id: str


def nieuw_instance_id() -> str:
    """A fresh submission id (128 random bits, hex), like ODK's meta/instanceID uuid."""
    return secrets.token_hex(16)


def inhoud_sha256(antwoorden: Mapping[str, Any]) -> str:
    """The hash of the answers' canonical JSON (sorted keys, no spaces): the resubmit check."""
    canonical = json.dumps(
        antwoorden, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def bewaar_concept(
    db: Transactie,
    uitnodiging: Uitnodiging | int,
    antwoorden: Mapping[str, Any],
    pagina: int,
    taal: str,
) -> str:
    """Save the draft of an invitation (insert or update) and mark the invitation 'bezig'.

    `uitnodiging` is the invitation (when `db` is an ORM session) or its id. The draft's
    instance_id is made once, on the first save, and kept on every later save, so the final post
    always carries the same submission id; it is returned.
    """
    uitnodiging_id = uitnodiging if isinstance(uitnodiging, int) else uitnodiging.id
    waarden = {
        "uitnodiging_id": uitnodiging_id,
        "instance_id": nieuw_instance_id(),
        "antwoorden": dict(antwoorden),
        "pagina": pagina,
        "taal": taal,
        "bijgewerkt_op": utcnow(),
    }
    instance_id: str = db.execute(_UPSERT_CONCEPT, waarden).scalar_one()
    if isinstance(uitnodiging, Uitnodiging) and isinstance(db, Session):
        # the session's own copy of the row is changed, so it does not go stale
        if uitnodiging.status == UitnodigingStatus.OPEN:
            uitnodiging.status = UitnodigingStatus.BEZIG
    else:
        db.execute(_BEZIG, {"uitnodiging": uitnodiging_id})
    return instance_id


def lees_concept(session: Session, uitnodiging_id: int) -> Concept | None:
    """The saved draft of an invitation, or None when nothing was saved yet."""
    return session.get(Concept, uitnodiging_id)


def zet_taal(db: Transactie, uitnodiging_id: int, taal: str) -> None:
    """Remember the chosen language in the invitation's draft, if it has one."""
    db.execute(_TAAL, {"uitnodiging": uitnodiging_id, "taal": taal})


def dien_in(
    store: Store,
    *,
    enquete_ronde_id: int,
    instance_id: str,
    antwoorden: Mapping[str, Any],
    taal: str,
    respondent: str | None,
    wijk_code: str | None,
    bron: ResponsBron,
    uitnodiging_id: int | None = None,
    scorer: Scorer | None = None,
) -> Ontvangst:
    """Store one submitted response, in one transaction of its own: see `ontvang`."""
    with store.session() as session:
        return ontvang(
            session,
            enquete_ronde_id=enquete_ronde_id,
            instance_id=instance_id,
            antwoorden=antwoorden,
            taal=taal,
            respondent=respondent,
            wijk_code=wijk_code,
            bron=bron,
            uitnodiging_id=uitnodiging_id,
            scorer=scorer,
        )


def ontvang(
    db: Transactie,
    *,
    enquete_ronde_id: int,
    instance_id: str,
    antwoorden: Mapping[str, Any],
    taal: str,
    respondent: str | None,
    wijk_code: str | None,
    bron: ResponsBron,
    uitnodiging_id: int | None = None,
    scorer: Scorer | None = None,
    modus: EnqueteModus | None = None,
    form_id: str | None = None,
) -> Ontvangst:
    """Store one submitted response in the transaction of `db`, exactly once per submission id.

    The same instance_id with the same answers gives 'al_ontvangen' and no second row; with other
    answers it raises AndereInhoudError and the stored row stays as it was (the caller's
    transaction must then be rolled back). In the same transaction the invitation (if given) is
    marked 'beantwoord' and its draft deleted. In an anonymous survey round the row gets no
    respondent and no time of receipt, and nothing links it to the invitation: its id is random.
    `scorer` (default: forms.scoring.scores_json) fills respons.scores;
    `modus` and `form_id` may be passed by a caller that has them, to spare a query.
    """
    answers = dict(antwoorden)
    digest = inhoud_sha256(answers)
    if modus is None or form_id is None:
        modus, form_id = db.execute(_RONDE, {"ronde": enquete_ronde_id}).one()
    anoniem = modus == EnqueteModus.ANONIEM
    respons_id = secrets.token_hex(16)
    opgeslagen_respondent = None if anoniem else respondent
    row: dict[str, Any] = {
        "id": respons_id,
        "enquete_ronde_id": enquete_ronde_id,
        "instance_id": instance_id,
        "respondent": opgeslagen_respondent,
        "wijk_code": wijk_code,
        "taal": taal,
        "antwoorden": answers,
        "scores": dict(_scores(scorer, form_id, answers)),
        "inhoud_sha256": digest,
        "bron": bron,
        "ontvangen_op": None if anoniem else utcnow(),
    }
    # The unique keys decide, atomically, in the database: a row that would break one of them is
    # not inserted (on PostgreSQL a concurrent insert of the same key waits for the other
    # transaction first), and then the stored row is compared. No check-then-insert, no savepoint.
    inserted = db.execute(_INSERT_RESPONS, row).scalar_one_or_none()
    if inserted is not None:
        ontvangst = Ontvangst("nieuw", respons_id)
    else:
        ontvangst = _al_ontvangen(db, enquete_ronde_id, instance_id, opgeslagen_respondent, digest)
    if uitnodiging_id is not None:
        _sluit_uitnodiging(db, uitnodiging_id)
    return ontvangst


def _al_ontvangen(
    db: Transactie, enquete_ronde_id: int, instance_id: str, respondent: str | None, digest: str
) -> Ontvangst:
    """The stored row that kept a submission out: the same answers, or a refusal."""
    clauses = [Respons.instance_id == instance_id]
    if respondent is not None:
        clauses.append(Respons.respondent == respondent)
    for clause in clauses:
        stored = db.execute(
            select(Respons.id, Respons.inhoud_sha256).where(
                Respons.enquete_ronde_id == enquete_ronde_id, clause
            )
        ).one_or_none()
        if stored is not None:
            if stored.inhoud_sha256 != digest:
                raise AndereInhoudError(enquete_ronde_id, instance_id)
            return Ontvangst("al_ontvangen", stored.id)
    raise AndereInhoudError(enquete_ronde_id, instance_id)


def _sluit_uitnodiging(db: Transactie, uitnodiging_id: int) -> None:
    """Mark the invitation answered (no time: it must not be matched to a response) and drop its draft."""
    db.execute(_BEANTWOORD, {"uitnodiging": uitnodiging_id})
    db.execute(_GEEN_CONCEPT, {"uitnodiging": uitnodiging_id})


# Statements of the submit path, built once: building them per call costs more than running them.
_RONDE = (
    select(EnqueteRonde.modus, Enquete.form_id)
    .join(Enquete, Enquete.id == EnqueteRonde.enquete_id)
    .where(EnqueteRonde.id == bindparam("ronde"))
)
_UITNODIGING = cast(Table, Uitnodiging.__table__)
_CONCEPT = cast(Table, Concept.__table__)
_RESPONS = cast(Table, Respons.__table__)
_BEANTWOORD = (
    update(_UITNODIGING)
    .where(_UITNODIGING.c.id == bindparam("uitnodiging"))
    .values(status=UitnodigingStatus.BEANTWOORD)
)
_BEZIG = (
    update(_UITNODIGING)
    .where(
        _UITNODIGING.c.id == bindparam("uitnodiging"),
        _UITNODIGING.c.status == UitnodigingStatus.OPEN,
    )
    .values(status=UitnodigingStatus.BEZIG)
)
_TAAL = (
    update(_CONCEPT)
    .where(_CONCEPT.c.uitnodiging_id == bindparam("uitnodiging"))
    .values(taal=bindparam("taal"))
)
_GEEN_CONCEPT = delete(_CONCEPT).where(_CONCEPT.c.uitnodiging_id == bindparam("uitnodiging"))
_CONCEPT_KOLOMMEN = [c.name for c in _CONCEPT.columns]
#: the draft's upsert, as SQLite (3.35+) and PostgreSQL both write it; the instance_id of an
#: existing draft is kept (text for the same reason as the insert below)
_UPSERT_CONCEPT = (
    text(
        f"INSERT INTO {_CONCEPT.name} ({', '.join(_CONCEPT_KOLOMMEN)}) "
        f"VALUES ({', '.join(':' + c for c in _CONCEPT_KOLOMMEN)}) "
        "ON CONFLICT (uitnodiging_id) DO UPDATE SET "
        + ", ".join(
            f"{c} = excluded.{c}" for c in ("antwoorden", "pagina", "taal", "bijgewerkt_op")
        )
        + " RETURNING instance_id"
    )
    .bindparams(*(bindparam(c.name, type_=c.type) for c in _CONCEPT.columns))
    .columns(_CONCEPT.c.instance_id)
)
#: INSERT ... ON CONFLICT DO NOTHING RETURNING id, as SQLite (3.35+) and PostgreSQL both write
#: it. Written as text built from the table's columns because the dialects' own on_conflict
#: inserts are not cached by SQLAlchemy and were compiled anew on every submission.
_INSERT_RESPONS = (
    text(
        f"INSERT INTO {_RESPONS.name} ({', '.join(c.name for c in _RESPONS.columns)}) "
        f"VALUES ({', '.join(':' + c.name for c in _RESPONS.columns)}) "
        f"ON CONFLICT DO NOTHING RETURNING {_RESPONS.c.id.name}"
    )
    .bindparams(*(bindparam(c.name, type_=c.type) for c in _RESPONS.columns))
    .columns(_RESPONS.c.id)
)


def _scores(
    scorer: Scorer | None, form_id: str, antwoorden: Mapping[str, Any]
) -> Mapping[str, Any]:
    return (scorer or scores_json)(form_id, antwoorden)
