"""Buurtmeter indicators per wijk and for the gemeente, computed from the logbook's counts.

The counts come from the database (cycles.tellingen: GROUP BY, not record by record); what is
here turns them into values (pure functions).

Every value carries what its 95% interval rests on (teller, noemer, spreiding) and the interval
itself (ondergrens, bovengrens; in % for a percentage), as its indicator's `statistiek` declares.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from makelaar.cycles.onzekerheid import met_interval
from makelaar.cycles.spec import Indicator
from makelaar.cycles.tellingen import Telling, optellen
from makelaar.models.domain import (
    INITIATIEF_ZONDER_DOORGANG,
    ActieType,
    Doelgroep,
    InitiatiefStatus,
    SignaalStatus,
)
from makelaar.models.schemas import IndicatorValue

_DOELGROEP_EN = {
    "ouderen": "older people",
    "migranten": "migrants",
    "vluchtelingen": "refugees",
    "beperking": "people with a disability",
    "jongeren": "young people",
}


def _declare(*indicators: Indicator) -> dict[str, Indicator]:
    return {indicator.id: indicator for indicator in indicators}


#: the logbook's indicators, per wijk and for the gemeente (declared once: names, the question,
#: unit, how computed, direction, and the interval their values carry: cycles.onzekerheid)
INDICATORS: dict[str, Indicator] = _declare(
    Indicator(
        "acties",
        "Sociale acties",
        "Social actions",
        "aantal",
        optelbaar=True,
        vraag_nl="Hoeveel sociale acties legden de makelaars vast?",
        vraag_en="How many social actions did the brokers record?",
        berekening="aantal sociale acties in de periode",
        statistiek="poisson",
    ),
    Indicator(
        "acties_per_1000_inwoners",
        "Sociale acties per 1.000 inwoners",
        "Social actions per 1,000 residents",
        "per 1.000",
        vraag_nl="Hoeveel sociale acties zijn er naar verhouding van het aantal inwoners?",
        vraag_en="How many social actions are there relative to the number of residents?",
        berekening="sociale acties / inwoners (CBS) × 1.000",
        statistiek="poisson",
    ),
    Indicator(
        "bereikte_bewoners",
        "Bereikte bewoners (som over acties)",
        "Residents reached (sum over actions)",
        "aantal",
        beter="hoger",
        optelbaar=True,
        vraag_nl="Hoeveel bewoners bereikten de sociale acties samen?",
        vraag_en="How many residents did the social actions reach together?",
        berekening="som van de bereikte bewoners over de acties (iemand kan vaker meetellen)",
    ),
    Indicator(
        "bewoners_organisator",
        "Bewoners als organisator",
        "Residents as organiser",
        "aantal",
        beter="hoger",
        optelbaar=True,
        vraag_nl="Hoeveel bewoners organiseerden zelf mee?",
        vraag_en="How many residents helped organise?",
        berekening="som van de bewoners-organisatoren over de acties",
    ),
    Indicator(
        "bewoners_deelnemer",
        "Bewoners als deelnemer",
        "Residents as participant",
        "aantal",
        beter="hoger",
        optelbaar=True,
        vraag_nl="Hoeveel bewoners deden mee?",
        vraag_en="How many residents took part?",
        berekening="som van de bewoners-deelnemers over de acties",
    ),
    Indicator(
        "pct_acties_bewoner_organisator",
        "Acties met een bewoner als organisator",
        "Actions with a resident as organiser",
        "%",
        beter="hoger",
        vraag_nl="Bij welk deel van de acties was een bewoner organisator?",
        vraag_en="In what share of the actions was a resident an organiser?",
        berekening="acties met minstens één bewoner-organisator / alle acties × 100",
        statistiek="wilson",
    ),
    Indicator(
        "gem_partners_per_actie",
        "Partners per actie",
        "Partners per action",
        "gemiddeld",
        vraag_nl="Met hoeveel partners werkten de makelaars per actie samen?",
        vraag_en="With how many partners did the brokers work per action?",
        berekening="gemiddeld aantal partners per actie",
        statistiek="t",
    ),
    Indicator(
        "uren",
        "Uren besteed",
        "Hours spent",
        "uren",
        optelbaar=True,
        vraag_nl="Hoeveel uren besteedden de makelaars aan sociale acties?",
        vraag_en="How many hours did the brokers spend on social actions?",
        berekening="som van de uren over de acties",
    ),
    Indicator(
        "initiatieven",
        "Bewonersinitiatieven",
        "Resident initiatives",
        "aantal",
        optelbaar=True,
        vraag_nl="Hoeveel bewonersinitiatieven liepen er?",
        vraag_en="How many resident initiatives were there?",
        berekening="aantal initiatieven gestart of bijgewerkt in de periode",
        statistiek="poisson",
    ),
    Indicator(
        "pct_initiatieven_gerealiseerd",
        "Afgeronde initiatieven die zijn gerealiseerd",
        "Concluded initiatives that were realised",
        "%",
        beter="hoger",
        vraag_nl="Welk deel van de afgeronde initiatieven is gerealiseerd?",
        vraag_en="What share of the concluded initiatives was realised?",
        berekening="gerealiseerd / (gerealiseerd + niet ondersteund + gestrand) × 100",
        statistiek="wilson",
    ),
    Indicator(
        "initiatieven_zonder_doorgang",
        "Initiatieven niet ondersteund of gestrand",
        "Initiatives not supported or stranded",
        "aantal",
        beter="lager",
        optelbaar=True,
        vraag_nl="Hoeveel initiatieven gingen niet door?",
        vraag_en="How many initiatives did not go ahead?",
        berekening="aantal initiatieven niet ondersteund of gestrand",
        statistiek="poisson",
    ),
    Indicator(
        "signalen",
        "Signalen",
        "Signals",
        "aantal",
        optelbaar=True,
        vraag_nl="Hoeveel signalen legden de makelaars vast?",
        vraag_en="How many signals did the brokers record?",
        berekening="aantal signalen in de periode",
        statistiek="poisson",
    ),
    Indicator(
        "pct_signalen_opgepakt",
        "Signalen opgepakt of doorgezet",
        "Signals taken up or passed on",
        "%",
        beter="hoger",
        vraag_nl="Welk deel van de signalen kreeg een vervolg?",
        vraag_en="What share of the signals was followed up?",
        berekening="signalen opgepakt, doorgezet of afgerond / alle signalen × 100",
        statistiek="wilson",
    ),
    *(
        Indicator(
            f"pct_acties_doelgroep_{groep.value}",
            f"Acties die {groep.value} bereiken",
            f"Actions reaching {_DOELGROEP_EN.get(groep.value, groep.value)}",
            "%",
            beter="hoger",
            vraag_nl=f"Welk deel van de acties bereikt {groep.value}?",
            vraag_en=(
                f"What share of the actions reaches {_DOELGROEP_EN.get(groep.value, groep.value)}?"
            ),
            berekening=f"acties met doelgroep {groep.value} / alle acties × 100",
            statistiek="wilson",
        )
        for groep in Doelgroep
    ),
    Indicator(
        "acties_per_type",
        "Sociale acties per soort",
        "Social actions per kind",
        "aantal",
        uitsplitsingen=("actietype",),
        vraag_nl="Wat voor sociale acties waren het?",
        vraag_en="What kinds of social actions were they?",
        berekening="aantal sociale acties per soort",
        statistiek="poisson",
    ),
)

ADDITIVE = frozenset(code for code, definition in INDICATORS.items() if definition.optelbaar)


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _stdev(som: float, kwadraten: float, n: int) -> float | None:
    """The sample standard deviation from the sum and the sum of squares of n values."""
    if n < 2:
        return None
    return math.sqrt(max(kwadraten - som * som / n, 0.0) / (n - 1))


def _scope_values(
    dimensie: Literal["gemeente", "wijk"],
    sleutel: str,
    telling: Telling,
    inwoners: int | None,
) -> list[IndicatorValue]:
    def value(
        indicator: str,
        waarde: float | None,
        basis: int | None,
        teller: float | None = None,
        noemer: float | None = None,
        spreiding: float | None = None,
    ) -> IndicatorValue:
        return met_interval(
            IndicatorValue(
                indicator=indicator,
                dimensie=dimensie,
                sleutel=sleutel,
                waarde=waarde,
                basis=basis,
                teller=teller,
                noemer=noemer,
                spreiding=spreiding,
            ),
            INDICATORS[indicator].statistiek,
        )

    def share(indicator: str, teller: int, noemer: int) -> IndicatorValue:
        return value(indicator, _pct(teller, noemer), noemer, teller, noemer)

    n = telling.acties
    bereikt = telling.bereikt
    organisatoren = telling.organisatoren
    deelnemers = telling.deelnemers
    met_organisator = telling.met_organisator
    uren = round(telling.uren, 1)
    initiatieven = sum(telling.initiatieven.values())
    gerealiseerd = telling.initiatieven[InitiatiefStatus.GEREALISEERD.value]
    zonder_doorgang = sum(telling.initiatieven[s.value] for s in INITIATIEF_ZONDER_DOORGANG)
    afgerond = gerealiseerd + zonder_doorgang
    signalen = sum(telling.signalen.values())
    opgepakt = signalen - telling.signalen[SignaalStatus.NIEUW.value]
    values = [
        value("acties", n, n, n),
        value(
            "acties_per_1000_inwoners",
            round(1000.0 * n / inwoners, 1) if inwoners else None,
            n,
            n if inwoners else None,
            inwoners or None,
        ),
        # persons: the figure itself is the number of persons it rests on; a sum over n actions
        value("bereikte_bewoners", bereikt, bereikt, bereikt, n),
        value("bewoners_organisator", organisatoren, organisatoren, organisatoren, n),
        value("bewoners_deelnemer", deelnemers, deelnemers, deelnemers, n),
        share("pct_acties_bewoner_organisator", met_organisator, n),
        value(
            "gem_partners_per_actie",
            round(telling.partners / n, 2) if n else None,
            n,
            telling.partners if n else None,
            n or None,
            _stdev(telling.partners, telling.partners_kwadraat, n),
        ),
        value("uren", uren, n, uren, n),
        value("initiatieven", initiatieven, initiatieven, initiatieven),
        share("pct_initiatieven_gerealiseerd", gerealiseerd, afgerond),
        value("initiatieven_zonder_doorgang", zonder_doorgang, initiatieven, zonder_doorgang),
        value("signalen", signalen, signalen, signalen),
        share("pct_signalen_opgepakt", opgepakt, signalen),
    ]
    for groep in Doelgroep:
        reached = telling.per_doelgroep[groep.value]
        values.append(share(f"pct_acties_doelgroep_{groep.value}", reached, n))
    return values


def compute(
    *,
    gemeente_code: str,
    wijken: Sequence[str],
    inwoners: Mapping[str, int | None],
    tellingen: Mapping[str, Telling],
) -> list[IndicatorValue]:
    """Every buurtmeter indicator for the gemeente and each wijk, before suppression.

    `tellingen` are the wijken's counts (cycles.tellingen.tel); the gemeente's are their sum.
    """
    gemeente = optellen(tellingen[wijk] for wijk in wijken)
    values = _scope_values("gemeente", gemeente_code, gemeente, inwoners.get(gemeente_code))
    for wijk in wijken:
        values.extend(_scope_values("wijk", wijk, tellingen[wijk], inwoners.get(wijk)))
    for actietype in ActieType:
        count = gemeente.per_actietype[actietype.value]
        values.append(
            met_interval(
                IndicatorValue(
                    indicator="acties_per_type",
                    dimensie="actietype",
                    sleutel=actietype.value,
                    waarde=count,
                    basis=count,
                    teller=count,
                ),
                "poisson",
            )
        )
    return values


def lookup(values: Iterable[IndicatorValue]) -> dict[tuple[str, str], IndicatorValue]:
    """Index values by (indicator, sleutel) for the code that writes findings and pages."""
    return {(v.indicator, v.sleutel): v for v in values}
