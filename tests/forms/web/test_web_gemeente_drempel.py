"""An anonymous web response keeps its wijk only where at least the minimum cell size of people
were invited there, and where the survey round's gemeente has a higher minimum of its own
(models.gemeente_instellingen), at least that: 12 invited in a wijk is enough under the global
10, not for a gemeente that set 15. The answering pages on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from makelaar.forms.web import maak_app
from makelaar.models.domain import EnqueteModus, Publiek
from makelaar.models.gemeente_instellingen import stel_in
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import EnqueteRonde, Evaluatieronde, Respons
from tests.forms.antwoord_factories import make_ronde
from tests.forms.web.conftest import NieuweBrowser
from tests.forms.web.web_helpers import fill_all, open_link, submit


def _gemeente(store: Store, enquete_ronde_id: int) -> str:
    with store.session() as session:
        code = session.scalar(
            select(Evaluatieronde.gemeente_code)
            .join(EnqueteRonde, EnqueteRonde.ronde_id == Evaluatieronde.id)
            .where(EnqueteRonde.id == enquete_ronde_id)
        )
    assert code is not None
    return code


def test_a_gemeente_with_a_higher_minimum_keeps_fewer_wijken(
    nieuwe_browser: NieuweBrowser, store: Store, settings: Settings
) -> None:
    app = maak_app(settings, store)
    # 24 invitations over two wijken: 12 in each, above the global minimum of 10
    gewoon, streng = (
        make_ronde(store, modus=EnqueteModus.ANONIEM, publiek=Publiek.BEWONERS, uitnodigingen=24)
        for _ in range(2)
    )
    with store.session() as session:
        stel_in(session, _gemeente(store, streng.enquete_ronde_id), {"min_cell_size": 15})
    for ronde in (gewoon, streng):
        browser = nieuwe_browser(app)
        open_link(browser, ronde.tokens[0])
        assert submit(browser, fill_all(browser)) == (303, "/formulier/bedankt")
    with store.session() as session:
        rows = session.execute(select(Respons.enquete_ronde_id, Respons.wijk_code)).tuples()
        kept = {enquete_ronde_id: wijk_code for enquete_ronde_id, wijk_code in rows}
    assert kept == {gewoon.enquete_ronde_id: gewoon.wijk_codes[0], streng.enquete_ronde_id: None}
