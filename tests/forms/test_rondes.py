"""Survey rounds: forms stored once per version, rounds opened idempotently, anonymity locked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from makelaar.forms.rondes import (
    EnqueteRondeInfo,
    Staat,
    bewaar_formulier,
    importeer_formulier,
    lijst_enquetes,
    open_enquete,
    sluit_enquete,
    zet_modus,
)
from makelaar.forms.tijden import lokaal_einde, tijdstip
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek, ResponsBron
from makelaar.models.errors import MakelaarError
from makelaar.models.store import Store
from makelaar.models.tables import Concept, Enquete, EnqueteRonde, Respons, Uitnodiging
from tests.forms.enquete_testing import NOW, OPENT, SLUIT, formulier, open_ronde, opzet

XLSFORM = Path(__file__).resolve().parent / "data" / "xlsform"


def test_a_form_version_is_stored_once_and_changed_content_is_refused(store: Store) -> None:
    first = bewaar_formulier(store, formulier(), sha256="a" * 64, bron="reflectie.xlsx")
    again = bewaar_formulier(store, formulier(), sha256="a" * 64, bron="reflectie.xlsx")
    assert first.nieuw and not again.nieuw and first.id == again.id
    assert first.titel == "Reflectie van de makelaar"
    with pytest.raises(MakelaarError, match="Verhoog de versie") as refused:
        bewaar_formulier(store, formulier(), sha256="b" * 64, bron="reflectie-v2.xlsx")
    assert "'reflectieformulier' versie '1'" in str(refused.value)
    newer = bewaar_formulier(store, formulier(versie="2"), sha256="b" * 64, bron="r.xlsx")
    assert newer.nieuw and newer.id != first.id
    with store.session() as session:
        stored = session.get(Enquete, first.id)
        assert stored is not None
        assert stored.definitie["form_id"] == "reflectieformulier"


def test_a_real_xlsform_file_imports_once(sqlite_store: Store) -> None:
    path = XLSFORM / "tekst_en_getal.xlsx"
    first = importeer_formulier(sqlite_store, path)
    second = importeer_formulier(sqlite_store, path)
    assert first.nieuw and not second.nieuw and first.id == second.id
    assert first.bron == path.name and len(first.sha256) == 64


def test_opening_twice_returns_the_same_round_and_conflicts_are_refused(store: Store) -> None:
    o = opzet(store)
    first = open_ronde(store, o, Publiek.BEWONERS)
    again = open_ronde(store, o, Publiek.BEWONERS)
    assert first.nieuw and not again.nieuw and first.id == again.id
    assert first.modus is EnqueteModus.ANONIEM
    assert first.staat is Staat.OPEN
    with pytest.raises(MakelaarError, match="bestaat al") as refused:
        open_enquete(
            store,
            ronde_id=o.ronde_id,
            formulier="reflectieformulier",
            publiek=Publiek.BEWONERS,
            opent_op=OPENT,
            sluit_op=SLUIT + dt.timedelta(days=1),
            now=NOW,
        )
    assert "het venster sluit is 15-12-2026 23:59, gevraagd 16-12-2026 23:59" in str(refused.value)
    with store.session() as session:
        assert len(session.scalars(select(EnqueteRonde)).all()) == 1


def test_without_an_opening_time_a_new_round_opens_now_and_an_existing_one_is_kept(
    sqlite_store: Store,
) -> None:
    o = opzet(sqlite_store)
    args = {"ronde_id": o.ronde_id, "formulier": o.enquete_id, "publiek": Publiek.BEWONERS}
    first = open_enquete(sqlite_store, **args, opent_op=None, sluit_op=SLUIT, now=NOW)  # type: ignore[arg-type]  # kwargs of mixed types
    later = NOW + dt.timedelta(hours=5)
    again = open_enquete(sqlite_store, **args, opent_op=None, sluit_op=SLUIT, now=later)  # type: ignore[arg-type]  # kwargs of mixed types
    assert first.nieuw and not again.nieuw and again.opent_op == NOW


def test_a_window_computed_again_seconds_later_is_the_same_window(store: Store) -> None:
    """Two runs of a round compute the window from their own clocks: equal to the minute."""
    o = opzet(store)

    def open_window(opent_op: dt.datetime, sluit_op: dt.datetime) -> EnqueteRondeInfo:
        return open_enquete(
            store,
            ronde_id=o.ronde_id,
            formulier=o.enquete_id,
            publiek=Publiek.BEWONERS,
            opent_op=opent_op,
            sluit_op=sluit_op,
            now=NOW,
        )

    first = open_window(OPENT, SLUIT)
    seconds = dt.timedelta(seconds=12, microseconds=345)
    again = open_window(OPENT + seconds, SLUIT + seconds)
    assert again.id == first.id and not again.nieuw
    assert (again.opent_op, again.sluit_op) == (OPENT, SLUIT)
    with pytest.raises(MakelaarError, match="bestaat al") as refused:
        open_window(OPENT, SLUIT + dt.timedelta(minutes=1))
    assert "het venster sluit is 15-12-2026 23:59, gevraagd 16-12-2026 00:01" in str(refused.value)


def test_brokers_and_partners_are_identified_by_default(store: Store) -> None:
    o = opzet(store)
    assert open_ronde(store, o, Publiek.MAKELAARS).modus is EnqueteModus.IDENTIFICEERBAAR
    assert open_ronde(store, o, Publiek.PARTNERS).modus is EnqueteModus.IDENTIFICEERBAAR
    anonymous = open_ronde(store, o, Publiek.PARTNERS, modus=None)
    assert anonymous.modus is EnqueteModus.IDENTIFICEERBAAR


def test_unknown_round_form_and_bad_window_are_refused(sqlite_store: Store) -> None:
    o = opzet(sqlite_store)
    base = {"publiek": Publiek.BEWONERS, "opent_op": OPENT, "sluit_op": SLUIT, "now": NOW}
    with pytest.raises(MakelaarError, match="Evaluatieronde 999 bestaat niet"):
        open_enquete(sqlite_store, ronde_id=999, formulier=o.enquete_id, **base)  # type: ignore[arg-type]  # kwargs of mixed types
    with pytest.raises(MakelaarError, match=r"'buurtmeter' is niet ingelezen.*reflectieformulier"):
        open_enquete(sqlite_store, ronde_id=o.ronde_id, formulier="buurtmeter", **base)  # type: ignore[arg-type]  # kwargs of mixed types
    with pytest.raises(MakelaarError, match="kies een sluitdatum na de openingsdatum"):
        open_enquete(
            sqlite_store,
            ronde_id=o.ronde_id,
            formulier=o.enquete_id,
            publiek=Publiek.BEWONERS,
            opent_op=SLUIT,
            sluit_op=OPENT,
        )


def _invitation(store: Store, enquete_ronde_id: int) -> int:
    with store.session() as session:
        u = Uitnodiging(enquete_ronde_id=enquete_ronde_id, contact="c" * 64, kanaal=Kanaal.LIJST)
        session.add(u)
        session.flush()
        return u.id


def test_anonymity_switches_only_before_anyone_answers(store: Store) -> None:
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS)
    switched = zet_modus(store, ronde.id, EnqueteModus.IDENTIFICEERBAAR)
    assert switched.modus is EnqueteModus.IDENTIFICEERBAAR
    assert zet_modus(store, ronde.id, EnqueteModus.ANONIEM).modus is EnqueteModus.ANONIEM
    _invitation(store, ronde.id)
    with store.session() as session:
        session.add(
            Concept(
                sleutel="a" * 64,
                enquete_ronde_id=ronde.id,
                instance_id="uuid:1",
                antwoorden=b"sealed",
                taal="nl",
            )
        )
    with pytest.raises(MakelaarError, match="begonnen concepten"):
        zet_modus(store, ronde.id, EnqueteModus.IDENTIFICEERBAAR)
    with store.session() as session:
        stored = session.get(EnqueteRonde, ronde.id)
        assert stored is not None and stored.modus is EnqueteModus.ANONIEM


def test_a_round_with_invitations_becomes_anonymous_only_and_loses_its_respondents(
    sqlite_store: Store,
) -> None:
    o = opzet(sqlite_store)
    ronde = open_ronde(sqlite_store, o, Publiek.PARTNERS)
    with sqlite_store.session() as session:
        session.add(
            Uitnodiging(
                enquete_ronde_id=ronde.id, contact="d" * 64, respondent="PA-1", kanaal=Kanaal.LIJST
            )
        )
    assert zet_modus(sqlite_store, ronde.id, EnqueteModus.ANONIEM).modus is EnqueteModus.ANONIEM
    with sqlite_store.session() as session:
        assert session.scalars(select(Uitnodiging.respondent)).all() == [None]
    with pytest.raises(MakelaarError, match="zonder respondentcode"):
        zet_modus(sqlite_store, ronde.id, EnqueteModus.IDENTIFICEERBAAR)


def test_anonymity_cannot_be_switched_on_once_a_response_exists(store: Store) -> None:
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.MAKELAARS)
    with store.session() as session:
        session.add(
            Respons(
                id="f" * 32,
                enquete_ronde_id=ronde.id,
                instance_id="uuid:2",
                respondent="MK-TEST-1",
                taal="nl",
                antwoorden={},
                inhoud_sha256="0" * 64,
                bron=ResponsBron.WEB,
            )
        )
    with pytest.raises(MakelaarError, match="identificeerbaar en heeft al antwoorden"):
        zet_modus(store, ronde.id, EnqueteModus.ANONIEM)


def test_states_and_closing_early(store: Store) -> None:
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS)
    later = open_enquete(
        store,
        ronde_id=o.ronde_id,
        formulier=o.enquete_id,
        publiek=Publiek.MAKELAARS,
        opent_op=SLUIT,
        sluit_op=SLUIT + dt.timedelta(days=7),
        now=NOW,
    )
    states = {r.id: r.staat for r in lijst_enquetes(store, o.ronde_id, now=NOW)}
    assert states == {ronde.id: Staat.OPEN, later.id: Staat.GEPLAND}
    closed = sluit_enquete(store, ronde.id, now=NOW)
    assert closed.staat is Staat.GESLOTEN and closed.gesloten_op == NOW
    assert sluit_enquete(store, ronde.id, now=NOW + dt.timedelta(days=1)).gesloten_op == NOW
    assert [r.staat for r in lijst_enquetes(store, now=SLUIT + dt.timedelta(days=8))] == [
        Staat.GESLOTEN,
        Staat.GESLOTEN,
    ]
    assert lijst_enquetes(store, o.ronde_id + 1, now=NOW) == []


def test_cli_dates_are_amsterdam_days() -> None:
    assert tijdstip("2026-12-15", einde=True) == dt.datetime(2026, 12, 15, 23, tzinfo=dt.UTC)
    assert tijdstip("15-12-2026") == dt.datetime(2026, 12, 14, 23, tzinfo=dt.UTC)
    assert tijdstip("2026-07-01") == dt.datetime(2026, 6, 30, 22, tzinfo=dt.UTC)  # summer time
    assert tijdstip("2026-12-15T17:00") == dt.datetime(2026, 12, 15, 16, tzinfo=dt.UTC)
    assert lokaal_einde(tijdstip("2026-12-15", einde=True)) == "15-12-2026 23:59"
    assert lokaal_einde(tijdstip("2026-12-15T17:00")) == "15-12-2026 17:00"
    with pytest.raises(MakelaarError, match="'31-02-2026' is geen geldige datum"):
        tijdstip("31-02-2026", veld="--sluit")
