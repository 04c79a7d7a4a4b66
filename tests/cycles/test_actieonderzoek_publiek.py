"""The actieonderzoek invites the teams' social workers as an audience of their own: a round of the
demo programme counts their response apart from the brokers' and the partners', as an indicator
per audience and in the interim report, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import html
import re

from makelaar.cycles.actieonderzoek import ActieonderzoekCycle
from makelaar.cycles.actieonderzoek.demo import answer_as_demo, generate_demo
from makelaar.cycles.enquetes import survey_status
from makelaar.cycles.rounds import run_round, start_round, stored_indicators
from makelaar.cycles.spec import RoundContext
from makelaar.models.domain import EnqueteModus, Publiek
from makelaar.models.settings import Settings
from makelaar.models.store import Store

NU = dt.datetime(2025, 4, 15, 10, tzinfo=dt.UTC)


def test_the_plan_puts_the_social_workers_form_to_social_workers_anonymously() -> None:
    plan = {(p.form_id, p.publiek, p.gekozen_modus) for p in ActieonderzoekCycle.enquetes}
    assert plan == {
        ("ao_reflectie_makelaar", Publiek.MAKELAARS, EnqueteModus.IDENTIFICEERBAAR),
        ("ao_reflectie_sociaal_werker", Publiek.SOCIAAL_WERKERS, EnqueteModus.ANONIEM),
        ("partnerenquete", Publiek.PARTNERS, EnqueteModus.IDENTIFICEERBAAR),
    }


def test_a_demo_round_counts_social_workers_as_their_own_audience(
    store: Store, settings: Settings
) -> None:
    generate_demo(store, settings, tot=NU.date())
    ronde = start_round(store, gemeente_code="GM0513", cyclus="actieonderzoek", periode="2025-Q1")
    ctx = RoundContext(ronde=ronde, store=store, settings=settings, nu=lambda: NU)

    run_round(ctx, ActieonderzoekCycle(), leerbijeenkomst="demo", survey_filler=answer_as_demo)

    standen = survey_status(store, ronde.id, NU)
    assert [(s.publiek, s.form_id, s.modus, s.uitgenodigd) for s in standen] == [
        (Publiek.MAKELAARS, "ao_reflectie_makelaar", EnqueteModus.IDENTIFICEERBAAR, 3),
        (Publiek.SOCIAAL_WERKERS, "ao_reflectie_sociaal_werker", EnqueteModus.ANONIEM, 36),
        (Publiek.PARTNERS, "partnerenquete", EnqueteModus.IDENTIFICEERBAAR, 18),
    ]
    werkers, partners = standen[1], standen[2]
    assert werkers.beantwoord >= 10 and partners.beantwoord >= 10

    respons = {
        v.sleutel: v for v in stored_indicators(store, ronde.id) if v.indicator == "ao_respons"
    }
    assert set(respons) == {"makelaars", "sociaal_werkers", "partners"}
    assert respons["makelaars"].onderdrukt  # three brokers: fewer answers than the minimum
    for publiek, stand in (("sociaal_werkers", werkers), ("partners", partners)):
        value = respons[publiek]
        assert not value.onderdrukt
        assert (value.teller, value.noemer) == (stand.beantwoord, stand.uitgenodigd)
        assert value.ondergrens is not None and value.ondergrens < (value.waarde or 0)

    rapport = settings.output_dir / "gouda" / "actieonderzoek-tussenrapport-1.html"
    tekst = html.unescape(re.sub(r"<[^>]+>", " ", rapport.read_text(encoding="utf-8")))
    tekst = " ".join(tekst.split())
    assert "Respons per publiek" in tekst
    pct = round(100 * werkers.beantwoord / werkers.uitgenodigd)
    assert re.search(rf"Sociaal werkers {pct}% \d+–\d+%", tekst)
    assert "Reflectie actieonderzoek: sociaal werker (Sociaal werkers)" in tekst  # the method
    assert f"{werkers.beantwoord} van 36 uitgenodigden antwoordden (anoniem)" in tekst
