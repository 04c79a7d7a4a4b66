"""Drafts and responses in the store: one row per submission id, on SQLite and PostgreSQL (§1)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from makelaar.forms import antwoorden
from makelaar.forms.antwoorden import (
    AndereInhoudError,
    Plek,
    bewaar_concept,
    concept_antwoorden,
    dien_in,
    inhoud_sha256,
    lees_concept,
    nieuw_instance_id,
)
from makelaar.forms.geheim import (
    ConceptOnleesbaar,
    Conceptsleutel,
    antwoordmerk,
    link_geheim,
    merksleutel,
    uitnodiging_geheim,
)
from makelaar.forms.scoring import scores_json
from makelaar.forms.xlsform import lees_formulier
from makelaar.models.domain import EnqueteModus, Publiek, ResponsBron, UitnodigingStatus
from makelaar.models.store import Store
from makelaar.models.tables import Antwoordmerk, Concept, Respons, Uitnodiging
from tests.forms.antwoord_factories import Ronde, make_ronde

ANTWOORDEN: dict[str, Any] = {"rol": "makelaar", "signalen": ["eenzaam"], "uren": 12}
SERVER_KEY = b"k" * 32


def _plek(ronde: Ronde, i: int, *, anoniem: bool = False) -> Plek:
    """Where invitation i's draft lives, as the answering pages derive it (forms.geheim)."""
    if anoniem:
        return Plek(ronde.enquete_ronde_id, Conceptsleutel(link_geheim(ronde.tokens[i])), None)
    sleutel = Conceptsleutel(uitnodiging_geheim(SERVER_KEY, ronde.uitnodiging_ids[i]))
    return Plek(ronde.enquete_ronde_id, sleutel, ronde.uitnodiging_ids[i])


def _dien_in(
    store: Store,
    ronde: Ronde,
    instance_id: str,
    answers: dict[str, Any],
    i: int = 0,
    concept: Plek | None = None,
    merk: str | None = None,
) -> Any:
    with store.session() as session:
        return antwoorden.ontvang(
            session,
            enquete_ronde_id=ronde.enquete_ronde_id,
            instance_id=instance_id,
            antwoorden=answers,
            taal="nl",
            respondent=f"resp-{i}",
            wijk_code=ronde.wijk_codes[i],
            bron=ResponsBron.WEB,
            uitnodiging_id=ronde.uitnodiging_ids[i],
            scorer=lambda form_id, a: {"form": form_id, "n": len(a)},
            concept=concept,
            merk=merk,
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
    eerste, tweede = _plek(ronde, 0), _plek(ronde, 1)
    with store.session() as session:
        instance_id = bewaar_concept(session, eerste, {"rol": "makelaar"}, 1, "nl")
        assert len(instance_id) == 32
    with store.session() as session:
        uitnodiging = session.get_one(Uitnodiging, ronde.uitnodiging_ids[0])
        assert uitnodiging.status == UitnodigingStatus.BEZIG
        assert bewaar_concept(session, eerste, {"rol": "anders"}, 2, "en") == instance_id
    with store.session() as session:
        other = bewaar_concept(session, tweede, {}, 0, "nl")
        assert other != instance_id
        assert session.get_one(Uitnodiging, ronde.uitnodiging_ids[1]).status == (
            UitnodigingStatus.BEZIG
        )
        assert bewaar_concept(session, tweede, {"rol": "x"}, 0, "nl") == other
    with store.session() as session:
        concept = lees_concept(session, eerste.sleutel)
        assert concept is not None
        assert concept_antwoorden(eerste.sleutel, concept) == {"rol": "anders"}
        assert (concept.pagina, concept.taal) == (2, "en")
        assert session.scalar(select(func.count()).select_from(Concept)) == 2


def test_a_draft_row_names_no_invitation_and_its_answers_are_sealed(store: Store) -> None:
    ronde = make_ronde(store, modus=EnqueteModus.ANONIEM, publiek=Publiek.BEWONERS)
    plek = _plek(ronde, 0, anoniem=True)
    with store.session() as session:
        bewaar_concept(session, plek, {"rol": "anders", "rol_anders": "buurtvader"}, 1, "nl")
    with store.session() as session:
        [row] = session.scalars(select(Concept)).all()
        assert row.sleutel == plek.sleutel.rij
        assert b"buurtvader" not in row.antwoorden
        waarden = {c.name: getattr(row, c.name) for c in Concept.__table__.columns}
        assert not {"uitnodiging_id", "bijgewerkt_op"} & set(waarden)
        # nothing about the invitation changes while a person answers an anonymous round
        assert session.get_one(Uitnodiging, ronde.uitnodiging_ids[0]).status == (
            UitnodigingStatus.OPEN
        )
        # another link's secret cannot open it, nor find it
        andere = Conceptsleutel(link_geheim(ronde.tokens[1]))
        assert lees_concept(session, andere) is None
        with pytest.raises(ConceptOnleesbaar):
            andere.open(row.antwoorden)
        assert concept_antwoorden(plek.sleutel, row)["rol_anders"] == "buurtvader"


def test_same_id_twice_gives_one_row_and_already_received(store: Store) -> None:
    ronde = make_ronde(store)
    instance_id = nieuw_instance_id()
    plek = _plek(ronde, 0)
    with store.session() as session:
        bewaar_concept(session, plek, {}, 0, "nl")
    first = _dien_in(store, ronde, instance_id, ANTWOORDEN, concept=plek)
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
        assert lees_concept(session, plek.sleutel) is None


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

    def crash(*args: object) -> None:
        raise RuntimeError("the disk is gone")

    with monkeypatch.context() as patch:
        patch.setattr(antwoorden, "_beantwoord", crash)
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
    plek = _plek(ronde, 0, anoniem=True)
    merk = antwoordmerk(merksleutel(SERVER_KEY), ronde.uitnodiging_ids[0])
    with store.session() as session:
        instance_id = bewaar_concept(session, plek, ANTWOORDEN, 2, "nl")
    marker = plek.sleutel.inzending(instance_id)
    result = _dien_in(store, ronde, marker, ANTWOORDEN, concept=plek, merk=merk)
    [row] = _rows(store, ronde)
    assert row.id == result.respons_id
    assert len(row.id) == 32 and row.id != instance_id
    assert row.instance_id == marker != instance_id
    assert row.respondent is None
    assert row.ontvangen_op is None
    assert row.wijk_code == ronde.wijk_codes[0]
    stored = {c.name: getattr(row, c.name) for c in Respons.__table__.columns}
    assert not {"uitnodiging_id", "token", "ip", "contact"} & set(stored)
    assert not any(ronde.tokens[0] in str(value) for value in stored.values())
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Concept)) == 0
        # answered is a keyed mark; the invitation itself does not change
        assert session.scalars(select(Antwoordmerk.merk)).all() == [merk]
        assert session.get_one(Uitnodiging, ronde.uitnodiging_ids[0]).status == (
            UitnodigingStatus.OPEN
        )
    # the same draft posted again: one row, and the mark once
    assert _dien_in(store, ronde, marker, ANTWOORDEN, merk=merk).uitslag == "al_ontvangen"
    assert len(_rows(store, ronde)) == 1


def test_an_anonymous_answer_with_its_invitation_but_no_mark_is_refused(store: Store) -> None:
    ronde = make_ronde(store, modus=EnqueteModus.ANONIEM, publiek=Publiek.BEWONERS)
    with pytest.raises(ValueError, match="mark, not its invitation"):
        _dien_in(store, ronde, nieuw_instance_id(), ANTWOORDEN)
    assert _rows(store, ronde) == []


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
