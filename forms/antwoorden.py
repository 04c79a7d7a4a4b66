"""Drafts and submitted responses in the store: page-by-page saving, and one response per submission.

A submission is stored exactly once: the database's unique keys (enquete_ronde_id, instance_id)
and (enquete_ronde_id, respondent) decide, not a check in Python (RELIABILITY.md §1). The web
pages, the KoboToolbox/ODK importer and the demo all store responses through `dien_in`.

A draft names no invitation and its answers are sealed (forms.geheim); in an anonymous round the
submit changes no row that names a person: it stores the response (its own random id, the draft's
submission marker, no time), deletes the draft and adds the invitation's keyed answered mark, all
in one transaction. What a database administrator with a copy of the files can tie together is in
the README's privacy section.
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

from makelaar.forms.geheim import Conceptsleutel
from makelaar.forms.scoring import scores_json
from makelaar.models.domain import EnqueteModus, ResponsBron, UitnodigingStatus
from makelaar.models.errors import MakelaarError
from makelaar.models.store import Store, Transactie
from makelaar.models.tables import (
    Antwoordmerk,
    Concept,
    Enquete,
    EnqueteRonde,
    Respons,
    Uitnodiging,
    utcnow,
)

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
            "geweigerd. Een inzending met nieuwe antwoorden heeft een nieuw inzending-id nodig.",
            en=f"Submission {instance_id!r} for survey round {enquete_ronde_id} was already "
            "received with other answers; the stored answers stay and this submission is "
            "refused. A submission with new answers needs a new submission id.",
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


@dataclass(frozen=True)
class Plek:
    """Where one person's draft lives: the round, the draft's key, and (identified) the invitation.

    `uitnodiging_id` is set only in an identified round, where the invitation is marked 'bezig'
    and 'beantwoord'; in an anonymous round nothing about the invitation changes while answering.
    """

    enquete_ronde_id: int
    sleutel: Conceptsleutel
    uitnodiging_id: int | None


def bewaar_concept(
    db: Transactie, plek: Plek, antwoorden: Mapping[str, Any], pagina: int, taal: str
) -> str:
    """Save a draft (insert or update); in an identified round mark the invitation 'bezig'.

    The draft's instance_id is made once, on the first save, and kept on every later save, so the
    final post always carries the same submission id; it is returned.
    """
    waarden = {
        "sleutel": plek.sleutel.rij,
        "enquete_ronde_id": plek.enquete_ronde_id,
        "instance_id": nieuw_instance_id(),
        "antwoorden": plek.sleutel.verzegel(antwoorden),
        "pagina": pagina,
        "taal": taal,
    }
    instance_id: str = db.execute(_UPSERT_CONCEPT, waarden).scalar_one()
    if plek.uitnodiging_id is not None:
        db.execute(_BEZIG, {"uitnodiging": plek.uitnodiging_id})
    return instance_id


def lees_concept(db: Transactie, sleutel: Conceptsleutel) -> Concept | None:
    """The saved draft under this key (its answers still sealed), or None when there is none."""
    if isinstance(db, Session):
        return db.get(Concept, sleutel.rij)
    row = db.execute(select(Concept).where(Concept.sleutel == sleutel.rij)).one_or_none()
    return None if row is None else cast(Concept, row[0])


def concept_antwoorden(sleutel: Conceptsleutel, concept: Concept) -> dict[str, Any]:
    """A draft's answers, opened with its key."""
    return sleutel.open(concept.antwoorden)


def zet_taal(db: Transactie, sleutel: Conceptsleutel, taal: str) -> None:
    """Remember the chosen language in the draft under this key, if there is one."""
    db.execute(_TAAL, {"rij": sleutel.rij, "nieuwe_taal": taal})


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
    merk: str | None = None,
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
            merk=merk,
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
    concept: Plek | None = None,
    merk: str | None = None,
) -> Ontvangst:
    """Store one submitted response in the transaction of `db`, exactly once per submission id.

    The same instance_id with the same answers gives 'al_ontvangen' and no second row; with other
    answers it raises AndereInhoudError and the stored row stays as it was (the caller's
    transaction must then be rolled back). In the same transaction the draft at `concept` (if
    given) is deleted and the invitation recorded as answered: in an identified round
    `uitnodiging_id` is marked 'beantwoord'; in an anonymous round the answered mark `merk`
    (forms.geheim.antwoordmerk) is added and no row that names the invitation changes. An anonymous
    response gets a random id, no respondent and no time of receipt; its instance_id is whatever
    the caller passes (the web pages pass the draft's submission marker, which no other row holds).
    `scorer` (default: forms.scoring.scores_json) fills respons.scores;
    `modus` and `form_id` may be passed by a caller that has them, to spare a query.
    """
    answers = dict(antwoorden)
    digest = inhoud_sha256(answers)
    if modus is None or form_id is None:
        modus, form_id = db.execute(_RONDE, {"ronde": enquete_ronde_id}).one()
    anoniem = modus == EnqueteModus.ANONIEM
    if anoniem and uitnodiging_id is not None and merk is None:
        raise ValueError("an anonymous round records an answer with its mark, not its invitation")
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
    _beantwoord(db, enquete_ronde_id, concept, merk if anoniem else None, uitnodiging_id)
    return ontvangst


def _beantwoord(
    db: Transactie,
    enquete_ronde_id: int,
    concept: Plek | None,
    merk: str | None,
    uitnodiging_id: int | None,
) -> None:
    """Drop the draft and record the answer: the mark (anonymous) or the invitation's status."""
    if concept is not None:
        db.execute(_GEEN_CONCEPT, {"rij": concept.sleutel.rij})
    if merk is not None:
        db.execute(_MERK, {"ronde": enquete_ronde_id, "merk": merk})
    elif uitnodiging_id is not None:
        # no time: in an identified round the response has its own time of receipt
        db.execute(_BEANTWOORD, {"uitnodiging": uitnodiging_id})


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
    .where(_CONCEPT.c.sleutel == bindparam("rij"))
    .values(taal=bindparam("nieuwe_taal"))
)
_GEEN_CONCEPT = delete(_CONCEPT).where(_CONCEPT.c.sleutel == bindparam("rij"))
_MERKEN = cast(Table, Antwoordmerk.__table__)
#: the answered mark, once (a second submit of the same draft finds it there)
_MERK = text(
    f"INSERT INTO {_MERKEN.name} (enquete_ronde_id, merk) VALUES (:ronde, :merk) "
    "ON CONFLICT DO NOTHING"
)
_CONCEPT_KOLOMMEN = [c.name for c in _CONCEPT.columns]
#: the draft's upsert, as SQLite (3.35+) and PostgreSQL both write it; the instance_id of an
#: existing draft is kept (text for the same reason as the insert below)
_UPSERT_CONCEPT = (
    text(
        f"INSERT INTO {_CONCEPT.name} ({', '.join(_CONCEPT_KOLOMMEN)}) "
        f"VALUES ({', '.join(':' + c for c in _CONCEPT_KOLOMMEN)}) "
        "ON CONFLICT (sleutel) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in ("antwoorden", "pagina", "taal"))
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
