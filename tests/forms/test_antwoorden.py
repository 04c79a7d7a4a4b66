"""Drafts and responses in the store: one row per submission id, on SQLite and PostgreSQL (§1)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from forms import antwoorden
from forms.antwoorden import (
    AndereInhoudError,
    bewaar_concept,
    dien_in,
    inhoud_sha256,
    lees_concept,
    nieuw_instance_id,
)
from forms.scoring import scores_json
from forms.xlsform import lees_formulier
from models.domain import EnqueteModus, Publiek, ResponsBron, UitnodigingStatus
from models.store import Store
from models.tables import Concept, Respons, Uitnodiging
from tests.forms.antwoord_factories import Ronde, make_ronde

ANTWOORDEN: dict[str, Any] = {"rol": "makelaar", "signalen": ["eenzaam"], "uren": 12}


def _dien_in(
    store: Store, ronde: Ronde, instance_id: str, answers: dict[str, Any], i: int = 0
) -> Any:
    return dien_in(
        store,
        enquete_ronde_id=ronde.enquete_ronde_id,
        instance_id=instance_id,
        antwoorden=answers,
        taal="nl",
        respondent=f"resp-{i}",
        wijk_code=ronde.wijk_codes[i],
        bron=ResponsBron.WEB,
        uitnodiging_id=ronde.uitnodiging_ids[i],
        scorer=lambda form_id, a: {"form": form_id, "n": len(a)},
    )


def _rows(store: Store, ronde: Ronde) -> list[Respons]:
    with store.session() as session:
        return list(
            session.scalars(
                select(Respons).where(Respons.enquete_ronde_id == ronde.enquete_ronde_id)
            )
        )


def test_concept_is_upserted_and_keeps_its_instance_id(store: Store) -> None:
    ronde = make_ronde(store)
    with store.session() as session:
        uitnodiging = session.get_one(Uitnodiging, ronde.uitnodiging_ids[0])
        instance_id = bewaar_concept(session, uitnodiging, {"rol": "makelaar"}, 1, "nl")
        assert len(instance_id) == 32
    with store.session() as session:
        uitnodiging = session.get_one(Uitnodiging, ronde.uitnodiging_ids[0])
        assert uitnodiging.status == UitnodigingStatus.BEZIG
        assert bewaar_concept(session, uitnodiging, {"rol": "anders"}, 2, "en") == instance_id
    with store.session() as session:
        # by id: the invitation's status is set in the database
        other = bewaar_concept(session, ronde.uitnodiging_ids[1], {}, 0, "nl")
        assert other != instance_id
        assert session.get_one(Uitnodiging, ronde.uitnodiging_ids[1]).status == (
            UitnodigingStatus.BEZIG
        )
        assert bewaar_concept(session, ronde.uitnodiging_ids[1], {"rol": "x"}, 0, "nl") == other
    with store.session() as session:
        concept = lees_concept(session, ronde.uitnodiging_ids[0])
        assert concept is not None
        assert (concept.antwoorden, concept.pagina, concept.taal) == ({"rol": "anders"}, 2, "en")
        assert session.scalar(select(func.count()).select_from(Concept)) == 2


def test_same_id_twice_gives_one_row_and_already_received(store: Store) -> None:
    ronde = make_ronde(store)
    instance_id = nieuw_instance_id()
    with store.session() as session:
        bewaar_concept(session, session.get_one(Uitnodiging, ronde.uitnodiging_ids[0]), {}, 0, "nl")
    first = _dien_in(store, ronde, instance_id, ANTWOORDEN)
    second = _dien_in(store, ronde, instance_id, dict(reversed(list(ANTWOORDEN.items()))))
    assert (first.uitslag, second.uitslag) == ("nieuw", "al_ontvangen")
    assert first.respons_id == second.respons_id
    [row] = _rows(store, ronde)
    assert row.antwoorden == ANTWOORDEN
    assert row.inhoud_sha256 == inhoud_sha256(ANTWOORDEN)
    assert row.scores == {"form": "test_reflectie", "n": 3}
    assert row.respondent == "resp-0"
    assert row.ontvangen_op is not None
    with store.session() as session:
        assert session.get_one(Uitnodiging, ronde.uitnodiging_ids[0]).status == (
            UitnodigingStatus.BEANTWOORD
        )
        assert lees_concept(session, ronde.uitnodiging_ids[0]) is None


def test_same_id_other_content_is_refused_and_row_unchanged(store: Store) -> None:
    ronde = make_ronde(store)
    instance_id = nieuw_instance_id()
    _dien_in(store, ronde, instance_id, ANTWOORDEN)
    with pytest.raises(AndereInhoudError, match=f"Inzending '{instance_id}'.*geweigerd"):
        _dien_in(store, ronde, instance_id, {**ANTWOORDEN, "uren": 13})
    [row] = _rows(store, ronde)
    assert row.antwoorden == ANTWOORDEN


def test_same_respondent_with_a_new_id_and_other_answers_is_refused(store: Store) -> None:
    ronde = make_ronde(store)
    _dien_in(store, ronde, nieuw_instance_id(), ANTWOORDEN)
    with pytest.raises(AndereInhoudError):
        _dien_in(store, ronde, nieuw_instance_id(), {"rol": "anders"})
    assert len(_rows(store, ronde)) == 1


def test_twenty_identical_posts_at_once_store_one_row(store: Store) -> None:
    ronde = make_ronde(store)
    instance_id = nieuw_instance_id()
    start = threading.Barrier(20)
    results: list[str] = []
    errors: list[BaseException] = []

    def post() -> None:
        start.wait()
        try:
            results.append(_dien_in(store, ronde, instance_id, ANTWOORDEN).uitslag)
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == ["al_ontvangen"] * 19 + ["nieuw"]
    assert len(_rows(store, ronde)) == 1


def test_failure_between_insert_and_commit_leaves_nothing_and_retry_stores_one(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ronde = make_ronde(store)
    instance_id = nieuw_instance_id()

    def crash(session: object, uitnodiging_id: int) -> None:
        raise RuntimeError("the disk is gone")

    with monkeypatch.context() as patch:
        patch.setattr(antwoorden, "_sluit_uitnodiging", crash)
        with pytest.raises(RuntimeError, match="the disk is gone"):
            _dien_in(store, ronde, instance_id, ANTWOORDEN)
    assert _rows(store, ronde) == []
    with store.session() as session:
        assert session.get_one(Uitnodiging, ronde.uitnodiging_ids[0]).status == (
            UitnodigingStatus.OPEN
        )
    assert _dien_in(store, ronde, instance_id, ANTWOORDEN).uitslag == "nieuw"
    assert len(_rows(store, ronde)) == 1


def test_anonymous_response_holds_no_respondent_time_or_link(store: Store) -> None:
    ronde = make_ronde(store, modus=EnqueteModus.ANONIEM, publiek=Publiek.BEWONERS)
    with store.session() as session:
        instance_id = bewaar_concept(
            session, session.get_one(Uitnodiging, ronde.uitnodiging_ids[0]), ANTWOORDEN, 2, "nl"
        )
    result = _dien_in(store, ronde, instance_id, ANTWOORDEN)
    [row] = _rows(store, ronde)
    assert row.id == result.respons_id
    assert len(row.id) == 32 and row.id != instance_id
    assert row.respondent is None
    assert row.ontvangen_op is None
    assert row.wijk_code == ronde.wijk_codes[0]
    stored = {c.name: getattr(row, c.name) for c in Respons.__table__.columns}
    assert not {"uitnodiging_id", "token", "ip", "contact"} & set(stored)
    assert not any(ronde.tokens[0] in str(value) for value in stored.values())
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Concept)) == 0


def test_scores_of_a_scored_instrument_are_stored_with_the_response(store: Store) -> None:
    formulier = lees_formulier(
        Path(__file__).parents[2] / "forms" / "instrumenten" / "buurtmeter.md"
    )
    ronde = make_ronde(store, formulier, modus=EnqueteModus.ANONIEM, publiek=Publiek.BEWONERS)
    answers: dict[str, Any] = {
        "djg_leegte": "ja",
        "djg_narigheid": "nee",
        "djg_vertrouwen": "min_of_meer",
        "djg_mis_mensen": "nee",
        "djg_verbonden": "ja",
        "djg_in_de_steek": "nee",
    }
    dien_in(
        store,
        enquete_ronde_id=ronde.enquete_ronde_id,
        instance_id=nieuw_instance_id(),
        antwoorden=answers,
        taal="nl",
        respondent=None,
        wijk_code=ronde.wijk_codes[0],
        bron=ResponsBron.WEB,
    )
    [row] = _rows(store, ronde)
    assert row.scores == scores_json("buurtmeter", answers)
    assert row.scores["djg6"]["total"] == 3  # leegte ja, narigheid nee, vertrouwen min of meer
