"""The buurtmeter's reflection on survey responses: figures per audience and wijk with small numbers
suppressed, the brokers' signal categories, quotes only with consent and screened, the findings."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import pytest

from makelaar.cycles.buurtmeter.enquetes import (
    Citaat,
    quotes,
    survey_findings,
    survey_indicators,
)
from makelaar.cycles.buurtmeter.proposals import propose
from makelaar.cycles.enquetes import survey_status
from makelaar.cycles.observations import WijkInfo
from makelaar.forms.definitie import Formulier
from makelaar.intake.disclosure import DREMPEL_TELLER, suppress
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek, ResponsBron, UitnodigingStatus
from makelaar.models.privacy import Pseudonymiser
from makelaar.models.store import Store
from makelaar.models.tables import (
    Enquete,
    EnqueteRonde,
    Evaluatieronde,
    Gemeente,
    Makelaar,
    Respons,
    Uitnodiging,
    Wijk,
)

T0 = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
WIJKEN = ("WK999901", "WK999902")
MIN_N = 10


def _round(session: Any, form_id: str, publiek: Publiek) -> int:
    formulier = Formulier(
        form_id=form_id, versie="1", titel={"nl": form_id}, talen=["nl"], standaardtaal="nl",
        children=[],
    )  # fmt: skip
    enquete = Enquete(
        form_id=form_id,
        versie="1",
        titel=form_id,
        bron="test",
        sha256="0" * 64,
        definitie=formulier.model_dump(mode="json"),
    )
    session.add(enquete)
    session.flush()
    ronde = EnqueteRonde(
        ronde_id=1,
        enquete_id=enquete.id,
        publiek=publiek,
        modus=EnqueteModus.ANONIEM
        if publiek is Publiek.BEWONERS
        else EnqueteModus.IDENTIFICEERBAAR,
        opent_op=T0,
        sluit_op=T0 + dt.timedelta(days=14),
        gesloten_op=T0 + dt.timedelta(days=14),
    )
    session.add(ronde)
    session.flush()
    return ronde.id


def _respons(
    session: Any, enquete_ronde_id: int, wijk: str | None, antwoorden: dict[str, Any], **kw: Any
) -> None:
    session.add(
        Respons(
            id=secrets.token_hex(16),
            enquete_ronde_id=enquete_ronde_id,
            instance_id=secrets.token_hex(16),
            wijk_code=wijk,
            taal="nl",
            antwoorden=antwoorden,
            inhoud_sha256="0" * 64,
            bron=ResponsBron.DEMO,
            **kw,
        )
    )


def _djg(category: str | None) -> dict[str, Any]:
    return {"djg6": {"scale": "djg6", "scorable": category is not None, "category": category}}


@pytest.fixture
def responses(store: Store) -> Store:
    """Wijk 1: 12 residents (6 lonely, 1 unscorable); wijk 2: 4 residents; 3 broker forms."""
    with store.session() as session:
        session.add(Gemeente(code="GM9999", naam="Proefdorp"))
        session.flush()
        session.add_all(Wijk(code=code, gemeente_code="GM9999", naam=code) for code in WIJKEN)
        session.add(Evaluatieronde(gemeente_code="GM9999", cyclus="buurtmeter", periode="2026"))
        session.add(Makelaar(code="PD-MK-01", naam="Fenna Jansen", gemeente_code="GM9999"))
        session.flush()
        bewoners = _round(session, "buurtmeter", Publiek.BEWONERS)
        makelaars = _round(session, "reflectieformulier", Publiek.MAKELAARS)
        for number in range(12):
            category = None if number == 11 else "matig_eenzaam" if number < 6 else "niet_eenzaam"
            answers = {
                "contact_buren": "wekelijks" if number % 2 else "nooit",
                "weet_waar_vraag": "ja" if number < 9 else "deels",
            }
            _respons(session, bewoners, WIJKEN[0], answers, scores=_djg(category))
        for _ in range(4):
            _respons(
                session,
                bewoners,
                WIJKEN[1],
                {"contact_buren": "dagelijks"},
                scores=_djg("sterk_eenzaam"),
            )
        forms: list[dict[str, Any]] = [
            {"signalen_opgevangen": ["schulden", "eenzaamheid"], "voorbeeld_citeren": "ja",
             "voorbeeld": "Fenna Jansen belde 06-12345678 en hielp bij 3531 AB met de buurtmaaltijd."},
            {"signalen_opgevangen": ["geen"], "voorbeeld_citeren": "nee",
             "voorbeeld": "Dit mag niet geciteerd worden."},
            {"signalen_opgevangen": ["schulden"], "voorbeeld_citeren": "ja",
             "voorbeeld": "Samen met de school de speelplek opgeknapt."},
        ]  # fmt: skip
        for number, form in enumerate(forms):
            _respons(session, makelaars, None, form, respondent=f"PD-MK-0{number + 1}")
        session.add_all(
            Uitnodiging(
                enquete_ronde_id=bewoners,
                contact=f"c{number}",
                kanaal=Kanaal.BRIEF,
                status=UitnodigingStatus.BEANTWOORD if number < 16 else UitnodigingStatus.OPEN,
            )
            for number in range(40)
        )
    return store


def test_figures_per_audience_and_wijk_rest_on_their_respondents(responses: Store) -> None:
    standen = survey_status(responses, 1, T0 + dt.timedelta(days=20))
    with responses.session() as session:
        raw = survey_indicators(
            session, ronde_id=1, gemeente_code="GM9999", wijken=WIJKEN, standen=standen
        )
    values = {(v.indicator, v.sleutel): v for v in raw}

    assert (
        values["pct_respons_bewoners", "GM9999"].waarde,
        values["pct_respons_bewoners", "GM9999"].basis,
    ) == (40.0, 16)
    assert ("pct_respons_makelaars", "GM9999") not in values  # nobody was invited through makelaar
    lonely = values["pct_bewoners_eenzaam", WIJKEN[0]]
    assert lonely.waarde == pytest.approx(100 * 6 / 11)
    assert lonely.basis == 11  # the unscorable response is left out
    assert values["pct_bewoners_eenzaam", "GM9999"].basis == 15
    assert values["pct_bewoners_contact_buren", WIJKEN[1]].waarde == 100.0
    assert values["pct_bewoners_weet_waar", WIJKEN[0]].waarde == pytest.approx(75.0)
    assert values["pct_bewoners_weet_waar", WIJKEN[1]].basis == 0  # not answered in wijk 2
    assert values["reflectie_signaal_genoemd", "schulden"].basis == 2
    assert ("reflectie_signaal_genoemd", "geen") not in values

    published = suppress(raw, MIN_N)
    hidden = {(v.indicator, v.sleutel): v.reden for v in published if v.onderdrukt}
    assert ("pct_bewoners_eenzaam", WIJKEN[1]) in hidden  # 4 residents
    # 11 residents, but 6 of them lonely: the numerator is a cell of 6 (RELIABILITY §7)
    assert hidden["pct_bewoners_eenzaam", WIJKEN[0]] == DREMPEL_TELLER
    assert ("pct_bewoners_eenzaam", "GM9999") not in hidden  # 10 of 15
    assert ("reflectie_signaal_genoemd", "schulden") in hidden
    assert all(v.waarde is None for v in published if v.onderdrukt)


def test_only_consented_quotes_come_through_and_they_are_screened(responses: Store) -> None:
    with responses.session() as session:
        found = quotes(session, 1, Pseudonymiser(b"k" * 32))

    assert len(found) == 2
    masked, plain = sorted(found, key=lambda c: not c.gemaskeerd)
    assert masked.gemaskeerd and not plain.gemaskeerd
    for leaked in ("Fenna", "Jansen", "06-12345678", "3531 AB"):
        assert leaked not in masked.tekst
    assert "buurtmaaltijd" in masked.tekst
    assert plain.tekst == "Samen met de school de speelplek opgeknapt."
    assert all("niet geciteerd" not in c.tekst for c in found)


def test_findings_and_proposals_from_the_surveys() -> None:
    from makelaar.cycles.onzekerheid import met_interval
    from makelaar.models.schemas import IndicatorValue

    def pct(sleutel: str, teller: int, noemer: int, dimensie: str = "wijk") -> IndicatorValue:
        return met_interval(
            IndicatorValue(
                indicator="pct_bewoners_eenzaam", dimensie=dimensie, sleutel=sleutel,
                waarde=100.0 * teller / noemer, basis=noemer, teller=teller, noemer=noemer,
            ),
            "wilson",
        )  # fmt: skip

    wijken = [
        WijkInfo(code=c, naam=c, weergave=n)
        for c, n in zip((*WIJKEN, "WK999903"), ("Noord", "Zuid", "West"), strict=True)
    ]
    hidden = IndicatorValue(
        indicator="pct_bewoners_eenzaam", dimensie="wijk", sleutel=WIJKEN[1], waarde=None,
        basis=6, onderdrukt=True,
    )  # fmt: skip
    indicatoren = [
        pct("GM9999", 70, 200, "gemeente"),  # 35,0%
        pct(WIJKEN[0], 26, 40),  # 65,0%: 50-78%, the rest of the gemeente 27,5%
        hidden,
        pct("WK999903", 14, 32),  # 43,8%: 28-61% includes 35%: no finding (5 points of old)
    ]
    citaten = [
        Citaat("Lang maar zonder persoonsgegevens.", False),
        Citaat("[naam] hielp.", True),
        Citaat("Kort.", False),
    ]

    findings = survey_findings(indicatoren, citaten, gemeente_code="GM9999", wijken=wijken)

    assert [f.code for f in findings] == ["eenzaamheid-bewoners-wk999901", "reflectie-voorbeelden"]
    assert findings[0].tekst == (
        "In Noord voelt 65,0% (95%-interval 50–78%, n = 40) van de bewoners die de buurtmeter "
        "invulden zich matig of sterk eenzaam, tegen 35,0% in de gemeente."
    )
    assert findings[1].tekst == "„Kort.” „Lang maar zonder persoonsgegevens.”"  # unmasked first
    codes = [p.code for p in propose(findings, periode="2026")]
    assert codes == ["eenzaamheid-gericht-aanpakken", "voorbeelden-uit-reflectie"]
    assert survey_findings([], [], gemeente_code="GM9999", wijken=wijken) == []


def test_names_written_in_a_quote_are_masked_even_when_no_column_held_them(store: Store) -> None:
    with store.session() as session:
        session.add(Gemeente(code="GM9999", naam="Proefdorp"))
        session.flush()
        session.add(Evaluatieronde(gemeente_code="GM9999", cyclus="buurtmeter", periode="2026"))
        session.flush()
        makelaars = _round(session, "reflectieformulier", Publiek.MAKELAARS)
        voorbeeld = (
            "Mevrouw Yilmaz durfde eerst niet; nu helpt Pieter de Boer haar mee in de "
            "Jan van Galenstraat, met steun van Stichting Jan de Wit."
        )
        answers = {"voorbeeld_citeren": "ja", "voorbeeld": voorbeeld}
        _respons(session, makelaars, None, answers, respondent="PD-MK-01")
    with store.session() as session:
        found = quotes(session, 1, Pseudonymiser(b"k" * 32))
    assert found == [
        Citaat(
            "Mevrouw [naam] durfde eerst niet; nu helpt [naam] haar mee in de "
            "Jan van Galenstraat, met steun van Stichting Jan de Wit.",
            gemaskeerd=True,
        )
    ]


def test_a_survey_figure_that_changed_since_the_previous_round() -> None:
    from makelaar.cycles.onzekerheid import met_interval
    from makelaar.models.schemas import IndicatorValue

    def pct(indicator: str, teller: int, noemer: int) -> IndicatorValue:
        return met_interval(
            IndicatorValue(
                indicator=indicator, dimensie="gemeente", sleutel="GM9999",
                waarde=100.0 * teller / noemer, basis=teller, teller=teller, noemer=noemer,
            ),
            "wilson",
        )  # fmt: skip

    vorige = [pct("pct_respons_bewoners", 120, 400), pct("pct_bewoners_eenzaam", 60, 200)]
    nu = [pct("pct_respons_bewoners", 60, 400), pct("pct_bewoners_eenzaam", 70, 200)]

    findings = survey_findings(nu, [], gemeente_code="GM9999", wijken=[], vorige=vorige)

    # the response halved (30% to 15%); loneliness 30% to 35% of 200 is within the uncertainty
    assert [(f.code, f.soort) for f in findings] == [
        ("verandering-pct-respons-bewoners", "aandacht")
    ]
    assert findings[0].tekst == (
        "Respons bewoners in de gemeente: 15,0% (95%-interval 12–19%, n = 400) tegen 30,0% in de "
        "vorige ronde; lager dan vorige ronde."
    )
