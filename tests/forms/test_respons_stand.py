"""Response rates from invitations alone, per survey round and wijk, small wijken suppressed."""

from __future__ import annotations

from sqlalchemy import select

from makelaar.forms.antwoorden import dien_in, nieuw_instance_id
from makelaar.forms.respons_stand import respons_stand
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek, ResponsBron, UitnodigingStatus
from makelaar.models.gemeente_instellingen import stel_in
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Concept, Uitnodiging
from tests.forms.enquete_testing import NOW, Opzet, open_ronde, opzet


def _invite(store: Store, enquete_ronde_id: int, wijk: str | None, statuses: list[str]) -> None:
    with store.session() as session:
        start = len(session.scalars(select(Uitnodiging.id)).all())
        for i, status in enumerate(statuses):
            session.add(
                Uitnodiging(
                    enquete_ronde_id=enquete_ronde_id,
                    contact=f"{start + i:064d}",
                    wijk_code=wijk,
                    kanaal=Kanaal.LIJST,
                    status=UitnodigingStatus(status),
                )
            )


def _setup(store: Store) -> tuple[Opzet, int]:
    """An identified round: answered and started come from the invitations' statuses."""
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS, modus=EnqueteModus.IDENTIFICEERBAAR)
    _invite(store, ronde.id, o.wijken[0], ["beantwoord"] * 6 + ["bezig"] * 2 + ["open"] * 4)
    _invite(store, ronde.id, o.wijken[1], ["beantwoord"] * 5 + ["open"] * 5 + ["ingetrokken"])
    _invite(store, ronde.id, o.wijken[2], ["beantwoord"] * 2 + ["open"] * 2)
    return o, ronde.id


def test_counts_per_wijk_and_a_small_wijk_suppressed_with_its_neighbour(
    store: Store, settings: Settings
) -> None:
    o, ronde_id = _setup(store)
    open_ronde(store, o, Publiek.MAKELAARS)  # no invitations yet
    stand = respons_stand(store, settings, o.ronde_id, now=NOW)
    assert [s.enquete.publiek for s in stand] == [Publiek.BEWONERS, Publiek.MAKELAARS]
    bewoners = stand[0]
    assert bewoners.enquete.id == ronde_id
    totaal = bewoners.totaal
    assert (totaal.uitgenodigd, totaal.bezig, totaal.beantwoord) == (26, 2, 13)
    assert totaal.respons == 0.5
    rows = {r.wijk: r for r in bewoners.wijken}
    # Deel 3 has 4 invited (< 10): hidden; Deel 2 (10) is hidden too, or 26 - 12 - 10 gives it away
    assert rows["Deel 1"].uitgenodigd == 12 and rows["Deel 1"].respons == 0.5
    assert rows["Deel 3"].onderdrukt and rows["Deel 3"].uitgenodigd is None
    assert rows["Deel 3"].respons is None
    assert rows["Deel 2"].onderdrukt
    assert stand[1].totaal.onderdrukt and stand[1].wijken == []


def test_larger_wijken_are_shown_and_the_threshold_follows_the_setting(
    sqlite_store: Store, settings: Settings
) -> None:
    o, _ = _setup(sqlite_store)
    low = settings.model_copy(update={"min_cell_size": 3})
    rows = {r.wijk: r for r in respons_stand(sqlite_store, low, o.ronde_id, now=NOW)[0].wijken}
    assert (rows["Deel 2"].uitgenodigd, rows["Deel 2"].beantwoord) == (10, 5)
    assert (rows["Deel 3"].uitgenodigd, rows["Deel 3"].beantwoord) == (4, 2)
    assert not any(r.onderdrukt for r in rows.values())
    assert respons_stand(sqlite_store, low, o.ronde_id + 1, now=NOW) == []


def test_a_gemeente_with_a_higher_minimum_suppresses_more(store: Store, settings: Settings) -> None:
    o, _ = _setup(store)  # wijken of 12, 10 and 4 invited
    with store.session() as session:
        stel_in(session, o.gemeente, {"min_cell_size": 12})
    laag = settings.model_copy(update={"min_cell_size": 3})
    [bewoners] = respons_stand(store, laag, o.ronde_id, now=NOW)
    rows = {r.wijk: r for r in bewoners.wijken}
    # 12 for this gemeente over the global 3: Deel 2 (10) and Deel 3 (4) hidden, Deel 1 shown
    assert bewoners.drempel == 12
    assert rows["Deel 2"].onderdrukt and rows["Deel 3"].onderdrukt
    assert rows["Deel 1"].uitgenodigd == 12


def test_an_anonymous_round_counts_responses_and_drafts_not_statuses(
    store: Store, settings: Settings
) -> None:
    o = opzet(store)
    ronde = open_ronde(store, o, Publiek.BEWONERS)
    assert ronde.modus is EnqueteModus.ANONIEM
    # statuses an older makelaar kept are counted as invited, nothing more
    _invite(store, ronde.id, o.wijken[0], ["beantwoord"] * 2 + ["open"] * 10)
    _invite(store, ronde.id, o.wijken[1], ["open"] * 12)
    for wijk, aantal in ((o.wijken[0], 6), (o.wijken[1], 3), (None, 1)):
        for _ in range(aantal):
            dien_in(
                store,
                enquete_ronde_id=ronde.id,
                instance_id=nieuw_instance_id(),
                antwoorden={},
                taal="nl",
                respondent=None,
                wijk_code=wijk,
                bron=ResponsBron.WEB,
            )
    dien_in(  # an imported response came in through no invitation
        store,
        enquete_ronde_id=ronde.id,
        instance_id=nieuw_instance_id(),
        antwoorden={},
        taal="nl",
        respondent=None,
        wijk_code=o.wijken[1],
        bron=ResponsBron.IMPORT,
    )
    with store.session() as session:
        for i in range(2):
            session.add(
                Concept(
                    sleutel=f"{i:064d}",
                    enquete_ronde_id=ronde.id,
                    instance_id=f"{i:032d}",
                    antwoorden=b"sealed",
                    taal="nl",
                )
            )
    [stand] = respons_stand(store, settings, o.ronde_id, now=NOW)
    totaal = stand.totaal
    assert (totaal.uitgenodigd, totaal.bezig, totaal.beantwoord) == (24, 2, 10)
    rows = {r.wijk: r for r in stand.wijken}
    assert (rows["Deel 1"].uitgenodigd, rows["Deel 1"].beantwoord) == (12, 6)
    assert (rows["Deel 2"].uitgenodigd, rows["Deel 2"].beantwoord) == (12, 3)
    # a draft names no invitation, so no wijk: started is known for the round only
    assert rows["Deel 1"].bezig is None and rows["Deel 2"].bezig is None
