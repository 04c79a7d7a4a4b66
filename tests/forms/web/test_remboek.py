"""The throttle's ledger in the database (forms.web.remboek): two stores on one database (as two
server processes have) count one address's failures together, the window and the global limit
hold as in memory, rows that left the window are deleted, and no address is stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from makelaar.forms.web import maak_app
from makelaar.forms.web.beveiliging import Rem
from makelaar.forms.web.remboek import Databaseboek, Geheugenboek, Grenzen
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Linkfout
from tests.forms.antwoord_factories import make_ronde
from tests.forms.web.conftest import NieuweBrowser
from tests.forms.web.web_helpers import open_link

SLEUTEL = b"k" * 32
GRENZEN = Grenzen(maximum=3, globaal_maximum=5, venster_s=60.0)


def _rijen(store: Store) -> list[tuple[str, float]]:
    with store.session() as session:
        return [(r.adres, r.moment) for r in session.scalars(select(Linkfout))]


def test_two_processes_count_an_address_together(store: Store) -> None:
    ander = Store(store.url)  # a second engine on the same database: another process's
    try:
        hier, daar = Databaseboek(store, SLEUTEL), Databaseboek(ander, SLEUTEL)
        assert hier.mislukt("192.0.2.1", 100.0, GRENZEN) == (None, None)
        assert daar.mislukt("192.0.2.1", 101.0, GRENZEN) == (None, None)
        assert hier.stand("192.0.2.1", 102.0, GRENZEN) == (None, None)
        assert daar.mislukt("192.0.2.1", 102.0, GRENZEN) == (100.0, None)  # the third: at the limit
        assert hier.stand("192.0.2.1", 102.5, GRENZEN) == (100.0, None)
        assert hier.stand("192.0.2.2", 102.5, GRENZEN) == (None, None)  # another address
        assert hier.stand("192.0.2.1", 160.0, GRENZEN) == (None, None)  # 100.0 left the window
    finally:
        ander.dispose()


def test_the_global_limit_and_the_database_agree_with_memory(store: Store) -> None:
    boek, geheugen = Databaseboek(store, SLEUTEL), Geheugenboek()
    for n in range(7):
        adres, moment = f"198.51.100.{n}", 10.0 + n
        assert boek.mislukt(adres, moment, GRENZEN) == geheugen.mislukt(adres, moment, GRENZEN)
    for moment in (17.0, 69.0, 70.5, 80.0):
        assert boek.stand("203.0.113.9", moment, GRENZEN) == geheugen.stand(
            "203.0.113.9", moment, GRENZEN
        )
    assert boek.stand("203.0.113.9", 17.0, GRENZEN) == (None, 12.0)  # 5th most recent of all


def test_rows_that_left_the_window_are_deleted_and_addresses_are_hashed(store: Store) -> None:
    boek = Databaseboek(store, SLEUTEL)
    boek.mislukt("192.0.2.1", 100.0, GRENZEN)
    boek.mislukt("2001:db8::/64", 130.0, GRENZEN)
    boek.stand("192.0.2.1", 500.0, GRENZEN)  # a valid opening reads and writes nothing
    assert len(_rijen(store)) == 2
    boek.mislukt("192.0.2.3", 170.0, GRENZEN)  # the next failure deletes what is over 60 s old
    rijen = _rijen(store)
    assert sorted(moment for _, moment in rijen) == [130.0, 170.0]
    assert {adres for adres, _ in rijen} == {boek.merk("2001:db8::/64"), boek.merk("192.0.2.3")}
    assert all(len(adres) == 32 and "." not in adres and ":" not in adres for adres, _ in rijen)
    assert Databaseboek(store, b"x" * 32).merk("192.0.2.3") != boek.merk("192.0.2.3")


def test_a_rem_given_the_ledger_counts_in_it(store: Store) -> None:
    tijd = [1000.0]
    rem = Rem(maximum=2, venster_s=60, klok=lambda: tijd[0])

    async def direct(werk: Callable[..., Any], *args: Any) -> Any:
        return werk(*args)

    rem.verbind(Databaseboek(store, SLEUTEL), direct)
    assert rem.mislukt("192.0.2.1") is None
    assert rem.mislukt("192.0.2.1") == 60
    tijd[0] = 1030.0
    assert rem.wacht("192.0.2.1") == 30
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Linkfout)) == 2
    geheugen = Rem(boek=Geheugenboek())
    geheugen.verbind(Databaseboek(store, SLEUTEL), direct)  # a ledger of its own is kept
    assert isinstance(geheugen.boek, Geheugenboek)


def test_a_server_sweeps_what_left_the_window_at_its_first_opening(
    settings: Settings, store: Store, nieuwe_browser: NieuweBrowser
) -> None:
    ronde = make_ronde(store, uitnodigingen=1)
    boek = Databaseboek(store, SLEUTEL)
    vijf_minuten = Grenzen(maximum=10, globaal_maximum=3_000, venster_s=300.0)  # as Rem's
    boek.mislukt("192.0.2.1", 700.0, vijf_minuten)
    boek.mislukt("192.0.2.2", 990.0, vijf_minuten)
    app = maak_app(settings, store, rem=Rem(klok=lambda: 1000.0))
    assert len(_rijen(store)) == 2  # starting touches no table
    assert open_link(nieuwe_browser(app), ronde.tokens[0]) == "/formulier"  # a valid opening
    assert [moment for _, moment in _rijen(store)] == [990.0]  # 700.0 left the window
