"""The buurtmeter's reflection on the round's survey responses: response per audience, residents'
loneliness (share lonely and mean De Jong Gierveld score), contact with neighbours, knowing where
to go and satisfaction per wijk, counted in the database (cycles.buurtmeter.bewoners), and what
brokers named in their reflection forms (signal categories, and examples they agreed to have
quoted, screened)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.cycles.buurtmeter.afwijkingen import afwijkingsbevindingen
from makelaar.cycles.buurtmeter.bewoners import (
    bewoners_bijdragen,
    bewoners_tellingen,
    resident_values,
    survey_contributions,
)
from makelaar.cycles.buurtmeter.onthulling import publish_survey
from makelaar.cycles.enquetes import EnqueteStand
from makelaar.cycles.observations import WijkInfo
from makelaar.cycles.onzekerheid import met_interval
from makelaar.cycles.spec import Indicator
from makelaar.models.domain import PUBLIEK_LABELS, Publiek
from makelaar.models.privacy import Pseudonymiser, Screener
from makelaar.models.schemas import Finding, IndicatorValue
from makelaar.models.taal import Taal, in_taal
from makelaar.models.tables import BekendeNaam, Enquete, EnqueteRonde, Makelaar, Respons

__all__ = [
    "ENQUETE_INDICATOREN",
    "Citaat",
    "bewoners_tellingen",
    "gemeenten_bewoners",
    "quotes",
    "resident_values",
    "survey_contributions",
    "survey_findings",
    "survey_indicators",
]

#: the brokers' instrument (the residents' one: cycles.buurtmeter.bewoners)
REFLECTIEFORMULIER = "reflectieformulier"

#: examples quoted in the finding on the reflection forms
MAX_CITATEN = 2

SECTIE_SIGNALEN = "wijk-werken-met-signalen"
SECTIE_REFLECTIE = "organisatie-reflectie-coaching-en-intervisie"

_PUBLIEK_EN = {
    "makelaars": "brokers",
    "sociaal_werkers": "social workers",
    "partners": "partners",
    "bewoners": "residents",
}

ENQUETE_INDICATOREN: dict[str, Indicator] = {
    indicator.id: indicator
    for indicator in (
        *(
            Indicator(
                f"pct_respons_{publiek.value}",
                f"Respons {PUBLIEK_LABELS[publiek].lower()}",
                f"Response {_PUBLIEK_EN.get(publiek.value, publiek.value)}",
                "%",
                beter="hoger",
                vraag_nl=(
                    f"Welk deel van de uitgenodigde {publiek.value.replace('_', ' ')} vulde de "
                    "enquête in?"
                ),
                vraag_en=(
                    f"What share of the invited {_PUBLIEK_EN.get(publiek.value, publiek.value)} "
                    "answered the survey?"
                ),
                berekening="beantwoord / uitgenodigd × 100",
                statistiek="wilson",
            )
            for publiek in Publiek
        ),
        Indicator(
            "pct_bewoners_eenzaam",
            "Bewoners die zich (matig of sterk) eenzaam voelen (De Jong Gierveld)",
            "Residents who feel (moderately or severely) lonely (De Jong Gierveld)",
            "%",
            beter="lager",
            optelbaar=True,
            vraag_nl="Welk deel van de bewoners voelt zich eenzaam?",
            vraag_en="What share of the residents feels lonely?",
            berekening=(
                "bewoners met De Jong Gierveld-score 2–6 (matig of sterk eenzaam) / bewoners met "
                "een scoorbare schaal × 100"
            ),
            statistiek="wilson",
        ),
        Indicator(
            "gem_bewoners_eenzaamheidsscore",
            "Gemiddelde eenzaamheidsscore van bewoners (De Jong Gierveld, 0–6)",
            "Residents' mean loneliness score (De Jong Gierveld, 0–6)",
            "gemiddeld",
            beter="lager",
            optelbaar=True,
            vraag_nl="Hoe eenzaam voelen de bewoners zich gemiddeld?",
            vraag_en="How lonely do the residents feel on average?",
            berekening=(
                "som van de De Jong Gierveld-scores (0–6) / bewoners met een scoorbare schaal"
            ),
            statistiek="t",
        ),
        Indicator(
            "pct_bewoners_contact_buren",
            "Bewoners met minstens wekelijks contact met buurtgenoten",
            "Residents in contact with neighbours at least weekly",
            "%",
            beter="hoger",
            optelbaar=True,
            vraag_nl="Welk deel van de bewoners heeft minstens wekelijks contact met buurtgenoten?",
            vraag_en="What share of the residents is in contact with neighbours at least weekly?",
            berekening="bewoners met dagelijks of wekelijks contact / bewoners die antwoordden × 100",
            statistiek="wilson",
        ),
        Indicator(
            "pct_bewoners_weet_waar",
            "Bewoners die weten waar ze in de buurt terechtkunnen met een vraag",
            "Residents who know where to go in the neighbourhood with a question",
            "%",
            beter="hoger",
            optelbaar=True,
            vraag_nl="Welk deel van de bewoners weet waar ze terechtkunnen met een vraag?",
            vraag_en="What share of the residents knows where to go with a question?",
            berekening="bewoners die 'ja' antwoordden / bewoners die antwoordden × 100",
            statistiek="wilson",
        ),
        Indicator(
            "pct_bewoners_tevreden",
            "Bewoners die tevreden zijn over hun buurt",
            "Residents satisfied with their neighbourhood",
            "%",
            beter="hoger",
            optelbaar=True,
            vraag_nl="Welk deel van de bewoners is tevreden over de buurt?",
            vraag_en="What share of the residents is satisfied with the neighbourhood?",
            berekening=(
                "bewoners die 'tevreden' of 'zeer tevreden' antwoordden / bewoners die "
                "antwoordden × 100"
            ),
            statistiek="wilson",
        ),
        Indicator(
            "reflectie_signaal_genoemd",
            "Makelaars die deze signaalcategorie in hun reflectieformulier noemden",
            "Brokers who named this kind of signal in their reflection form",
            "aantal",
            uitsplitsingen=("categorie",),
            vraag_nl="Welke signalen vingen de makelaars op, naar hun eigen reflectie?",
            vraag_en="Which signals did the brokers pick up, in their own reflection?",
            berekening="aantal reflectieformulieren dat de categorie noemt",
        ),
    )
}
#: the per-wijk percentages rest on counts that add up to the gemeente's: a single suppressed
#: wijk could be recovered from the total, so disclosure control treats them as additive
ADDITIEF = frozenset(code for code, d in ENQUETE_INDICATOREN.items() if d.optelbaar)


@dataclass(frozen=True)
class _Antwoord:
    form_id: str
    wijk_code: str | None
    antwoorden: Mapping[str, Any]
    scores: Mapping[str, Any]


def _responses(session: Session, ronde_id: int) -> list[_Antwoord]:
    rows = session.execute(
        select(Enquete.form_id, Respons.wijk_code, Respons.antwoorden, Respons.scores)
        .join(EnqueteRonde, EnqueteRonde.id == Respons.enquete_ronde_id)
        .join(Enquete, Enquete.id == EnqueteRonde.enquete_id)
        .where(EnqueteRonde.ronde_id == ronde_id)
        .order_by(Respons.enquete_ronde_id, Respons.instance_id)
    ).tuples()
    return [
        _Antwoord(form_id, wijk, antwoorden or {}, scores or {})
        for form_id, wijk, antwoorden, scores in rows
    ]


def survey_indicators(
    session: Session,
    *,
    ronde_id: int,
    gemeente_code: str,
    wijken: Iterable[str],
    standen: Sequence[EnqueteStand],
) -> list[IndicatorValue]:
    """The survey figures before disclosure control; `basis` is the number of respondents.

    The residents' figures are counted in the database (`bewoners_tellingen`); the categories
    the brokers named in their reflection forms (tens of forms a round) are counted here."""
    values: list[IndicatorValue] = []
    for stand in standen:
        if stand.uitgenodigd:
            values.append(
                met_interval(
                    IndicatorValue(
                        indicator=f"pct_respons_{stand.publiek.value}",
                        dimensie="gemeente",
                        sleutel=gemeente_code,
                        waarde=stand.respons_pct,
                        basis=stand.beantwoord,
                        teller=stand.beantwoord,
                        noemer=stand.uitgenodigd,
                    ),
                    "wilson",
                )
            )
    tellingen = bewoners_tellingen(session, [ronde_id]).get(ronde_id, {})
    values += resident_values(tellingen, gemeente_code, wijken)
    named: Counter[str] = Counter()
    forms = session.scalars(
        select(Respons.antwoorden)
        .join(EnqueteRonde, EnqueteRonde.id == Respons.enquete_ronde_id)
        .join(Enquete, Enquete.id == EnqueteRonde.enquete_id)
        .where(EnqueteRonde.ronde_id == ronde_id, Enquete.form_id == REFLECTIEFORMULIER)
    )
    for antwoorden in forms:
        chosen = (antwoorden or {}).get("signalen_opgevangen") or []
        named.update(c for c in chosen if c != "geen")
    values += [
        IndicatorValue(
            indicator="reflectie_signaal_genoemd",
            dimensie="categorie",
            sleutel=categorie,
            waarde=float(count),
            basis=count,
            teller=count,
        )
        for categorie, count in sorted(named.items())
    ]
    return values


def gemeenten_bewoners(
    session: Session, rondes: Mapping[int, tuple[str, Sequence[str]]], *, min_n: int
) -> dict[int, list[IndicatorValue]]:
    """The residents' figures of many rounds (round id -> its gemeente and wijken) as they may be
    published, counted in one query: a national comparison (bench/indicators.py times it)."""
    tellingen = bewoners_tellingen(session, list(rondes))
    result: dict[int, list[IndicatorValue]] = {}
    for ronde_id, (gemeente_code, wijken) in rondes.items():
        per_wijk = tellingen.get(ronde_id, {})
        result[ronde_id] = publish_survey(
            resident_values(per_wijk, gemeente_code, wijken),
            ENQUETE_INDICATOREN.values(),
            min_n=min_n,
            bijdragen=bewoners_bijdragen(per_wijk, gemeente_code, wijken),
        )
    return result


@dataclass(frozen=True)
class Citaat:
    """An example a broker agreed to have quoted, after screening; `gemaskeerd` when it was masked."""

    tekst: str
    gemaskeerd: bool


def quotes(session: Session, ronde_id: int, pseudonymiser: Pseudonymiser) -> list[Citaat]:
    """The reflection forms' examples with consent to quote them, screened (postcodes, phone
    numbers, e-mail addresses, addresses and known names masked) before they may reach the guide."""
    screener = Screener(
        pseudonymiser, known_name_hashes=session.scalars(select(BekendeNaam.hash)).all()
    )
    screener.add_names(session.scalars(select(Makelaar.naam)).all())
    result = []
    for antwoord in _responses(session, ronde_id):
        if antwoord.form_id != REFLECTIEFORMULIER:
            continue
        voorbeeld = antwoord.antwoorden.get("voorbeeld")
        if antwoord.antwoorden.get("voorbeeld_citeren") != "ja" or not isinstance(voorbeeld, str):
            continue
        screened = screener.screen(voorbeeld.strip())
        if screened.text:
            result.append(Citaat(screened.text, gemaskeerd=bool(screened.hits)))
    return result


def survey_findings(
    indicatoren: Sequence[IndicatorValue],
    citaten: Sequence[Citaat],
    *,
    gemeente_code: str,
    wijken: Sequence[WijkInfo],
    vorige: Sequence[IndicatorValue] = (),
    dagen: tuple[int, int] = (1, 1),
    taal: Taal = "nl",
) -> list[Finding]:
    """Wijken whose residents differ from the rest of the gemeente beyond the uncertainty (lonelier,
    less contact with neighbours, ...), changes since the previous round that the intervals
    support (findings.py describes the rules), and the brokers' quotable examples; suppressed
    figures never count. Titles and texts in `taal`; the quotes stay as the brokers wrote them."""
    findings = afwijkingsbevindingen(
        ENQUETE_INDICATOREN,
        indicatoren,
        gemeente_code=gemeente_code,
        wijken=wijken,
        vorige=vorige,
        dagen=dagen,
        taal=taal,
    )
    gekozen = sorted(citaten, key=lambda c: (c.gemaskeerd, len(c.tekst)))[:MAX_CITATEN]
    if gekozen:
        findings.append(
            Finding(
                code="reflectie-voorbeelden",
                soort="sterk",
                titel=in_taal(
                    taal,
                    "Voorbeelden van makelaars uit hun reflectieformulieren",
                    "Examples from the brokers' reflection forms",
                ),
                tekst=" ".join(f"„{c.tekst}”" for c in gekozen),
                sectie_id=SECTIE_REFLECTIE,
                bewijs=["reflectieformulier/voorbeeld (met toestemming, gecontroleerd)"],
            )
        )
    return findings
