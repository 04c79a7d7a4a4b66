"""Buurtmeter indicators per wijk and for the gemeente, computed from the logbook's counts.

The counts come from the database (cycles.tellingen: GROUP BY, not record by record); what is
here turns them into values (pure functions).

Every value carries what its 95% interval rests on (teller, noemer, spreiding) and the interval
itself (ondergrens, bovengrens; in % for a percentage), as its indicator's `statistiek` declares;
the reach of a doelgroep against its share of the population (CBS) carries the interval its
declaration describes instead.

Over 500 lines because the declarations (names, questions and computation in two languages) sit
next to the functions that compute them, which is what keeps each indicator declared once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from makelaar.cycles.observations import Profiel
from makelaar.cycles.onzekerheid import met_interval, wilson
from makelaar.cycles.spec import Indicator
from makelaar.cycles.tellingen import BEMIDDELING, Telling, optellen
from makelaar.intake.disclosure import KRUIS, KRUIS_SLEUTEL
from makelaar.models.domain import (
    INITIATIEF_ZONDER_DOORGANG,
    ActieType,
    Doelgroep,
    InitiatiefStatus,
    SignaalCategorie,
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


#: the doelgroepen CBS counts per wijk, with the Profiel figure that counts them: 65 and older
#: (a_65_oo); 15 to 24 (a_15_24: of CBS's age bands the one that covers most of the ages
#: youth work means by "jongeren", about 12 to 23; 0 to 14 are mostly children, 25 to 44
#: adults); a migration background outside Europe (a_neu_al: the closest CBS figure, narrower
#: than "migranten", as it leaves out a European background). Refugees and people with a
#: disability CBS does not count per wijk: their reach has no population share to weigh it by.
BEVOLKINGSGROEPEN: dict[str, str] = {
    Doelgroep.OUDEREN.value: "leeftijd_65_plus",
    Doelgroep.JONGEREN.value: "leeftijd_15_24",
    Doelgroep.MIGRANTEN.value: "herkomst_buiten_europa",
}
_BEVOLKINGSGROEP_NL = {
    "leeftijd_65_plus": "inwoners van 65 jaar en ouder",
    "leeftijd_15_24": "inwoners van 15 tot 25 jaar",
    "herkomst_buiten_europa": "inwoners met een migratieachtergrond buiten Europa",
}
#: breakdowns of the new logbook tables (a cross breakdown's key is "WK..|categorie")
CATEGORIE = "categorie"
WIJK_CATEGORIE = f"wijk{KRUIS}{CATEGORIE}"
STATUS = "status"


def kruissleutel(wijk: str, deel: str) -> str:
    """The key of a cross cell "wijk×X": "WK034401|schulden"."""
    return f"{wijk}{KRUIS_SLEUTEL}{deel}"


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
        "signalen_per_categorie",
        "Signalen per categorie",
        "Signals per category",
        "aantal",
        uitsplitsingen=(CATEGORIE, WIJK_CATEGORIE),
        optelbaar=True,
        vraag_nl="Waarover gingen de signalen, in de gemeente en per wijk?",
        vraag_en="What were the signals about, in the municipality and per neighbourhood?",
        berekening="aantal signalen per categorie (schulden, eenzaamheid, ...), per wijk en samen",
        statistiek="poisson",
    ),
    Indicator(
        "pct_signalen_opgepakt_per_categorie",
        "Signalen opgepakt of doorgezet, per categorie",
        "Signals taken up or passed on, per category",
        "%",
        uitsplitsingen=(CATEGORIE,),
        beter="hoger",
        vraag_nl="Welk deel van de signalen kreeg een vervolg, per categorie?",
        vraag_en="What share of the signals was followed up, per category?",
        berekening=(
            "signalen van de categorie opgepakt, doorgezet of afgerond / "
            "alle signalen van de categorie × 100 (gemeente)"
        ),
        statistiek="wilson",
    ),
    Indicator(
        "bemiddelingen",
        "Bemiddelingen",
        "Mediations",
        "aantal",
        optelbaar=True,
        vraag_nl="Hoe vaak bemiddelden de makelaars tussen bewoners of met een instelling?",
        vraag_en="How often did the brokers mediate between residents or with an organisation?",
        berekening=(
            "aantal sociale acties van de soort bemiddeling tussen bewoners of "
            "bemiddeling bewoner-instelling"
        ),
        statistiek="poisson",
    ),
    Indicator(
        "pct_bemiddelingen_met_resultaat",
        "Bemiddelingen met een resultaat",
        "Mediations with a result",
        "%",
        beter="hoger",
        vraag_nl="Welk deel van de bemiddelingen leverde iets op?",
        vraag_en="What share of the mediations had a result?",
        berekening="bemiddelingen met een resultaat anders dan 'geen' / alle bemiddelingen × 100",
        statistiek="wilson",
    ),
    Indicator(
        "initiatieven_per_uitkomst",
        "Bewonersinitiatieven per uitkomst",
        "Resident initiatives by outcome",
        "aantal",
        uitsplitsingen=(STATUS,),
        optelbaar=True,
        vraag_nl=(
            "Hoe liepen de bewonersinitiatieven af (de redenen voor niet ondersteund of "
            "gestrand staan ernaast)?"
        ),
        vraag_en=(
            "How did the resident initiatives turn out (with the reasons for not supported or "
            "stranded beside them)?"
        ),
        berekening="aantal initiatieven per stand (idee, ondersteund, gerealiseerd, ...) (gemeente)",
        statistiek="poisson",
    ),
    *(
        Indicator(
            f"bereik_tov_bevolking_{groep}",
            f"Bereik van {groep} ten opzichte van hun aandeel in de bevolking",
            f"Reach of {_DOELGROEP_EN[groep]} relative to their share of the population",
            # a ratio (1 = in proportion); spec.Eenheid has no unit for it, "gemiddeld" shows it
            # as a plain number with two decimals. Disclosure control checks its noemer (the
            # actions) and hides it wherever the share of actions it divides is hidden (ONTHULT)
            "gemiddeld",
            beter="hoger",
            vraag_nl=(
                f"Bereiken de acties {groep} naar verhouding van hun aandeel in de bevolking?"
            ),
            vraag_en=(
                f"Do the actions reach {_DOELGROEP_EN[groep]} in proportion to their share "
                "of the population?"
            ),
            berekening=(
                f"(acties met doelgroep {groep} / alle acties) / ({_BEVOLKINGSGROEP_NL[kolom]} / "
                "inwoners, CBS); 1 is naar verhouding. Het 95%-interval is het Wilson-interval "
                "van het aandeel acties gedeeld door het CBS-aandeel: het CBS-aandeel geldt als "
                "bekend (een telling, geen steekproef), dus het interval zegt niets over hoe "
                "goed dat aandeel het jaar van de ronde beschrijft"
            ),
            # no declared statistic: none of cycles.onzekerheid's computes this ratio from its
            # teller and noemer; each value carries the interval `berekening` describes
            statistiek=None,
        )
        for groep, kolom in BEVOLKINGSGROEPEN.items()
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


def bevolkingsaandeel(profiel: Profiel | None, groep: str) -> tuple[int, int] | None:
    """The group's inhabitants and all inhabitants (CBS), or None where CBS gives no share."""
    if profiel is None or groep not in BEVOLKINGSGROEPEN:
        return None
    deel = getattr(profiel, BEVOLKINGSGROEPEN[groep])
    if deel is None or not profiel.inwoners or deel <= 0:
        return None
    return deel, profiel.inwoners


def bereik_tov_bevolking(
    dimensie: Literal["gemeente", "wijk"],
    sleutel: str,
    groep: str,
    bereikt: int,
    acties: int,
    aandeel: tuple[int, int] | None,
) -> IndicatorValue:
    """The share of actions reaching `groep` divided by the group's share of the inhabitants,
    with the Wilson interval of the first divided by the second (CBS's share taken as known)."""
    value = IndicatorValue(
        indicator=f"bereik_tov_bevolking_{groep}",
        dimensie=dimensie,
        sleutel=sleutel,
        waarde=None,
        basis=acties,
        teller=bereikt,
        noemer=acties,
    )
    if aandeel is None or not acties:
        return value
    populatie = aandeel[0] / aandeel[1]
    interval = wilson(bereikt, acties)
    return value.model_copy(
        update={
            "waarde": round(bereikt / acties / populatie, 2),
            "ondergrens": round(interval.onder / populatie, 2),
            "bovengrens": round(interval.boven / populatie, 2),
        }
    )


def _scope_values(
    dimensie: Literal["gemeente", "wijk"],
    sleutel: str,
    telling: Telling,
    inwoners: int | None,
    profiel: Profiel | None = None,
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
    bemiddelingen = sum(telling.per_actietype[soort.value] for soort in BEMIDDELING)
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
        value("bemiddelingen", bemiddelingen, bemiddelingen, bemiddelingen),
        share(
            "pct_bemiddelingen_met_resultaat", telling.bemiddelingen_met_resultaat, bemiddelingen
        ),
    ]
    for groep in Doelgroep:
        reached = telling.per_doelgroep[groep.value]
        values.append(share(f"pct_acties_doelgroep_{groep.value}", reached, n))
    for naam in BEVOLKINGSGROEPEN:
        aandeel = bevolkingsaandeel(profiel, naam)
        reached = telling.per_doelgroep[naam]
        values.append(bereik_tov_bevolking(dimensie, sleutel, naam, reached, n, aandeel))
    return values


def _telling(indicator: str, dimensie: str, sleutel: str, aantal: int) -> IndicatorValue:
    """A count with its exact Poisson interval."""
    return met_interval(
        IndicatorValue(
            indicator=indicator,
            dimensie=dimensie,
            sleutel=sleutel,
            waarde=aantal,
            basis=aantal,
            teller=aantal,
        ),
        "poisson",
    )


def _per_categorie(telling: Telling) -> dict[str, tuple[int, int]]:
    """Per signal category: its signals, and those followed up (any status but `nieuw`)."""
    result: dict[str, tuple[int, int]] = {}
    for categorie in SignaalCategorie:
        alle = sum(
            telling.signalen_per_categorie[categorie.value, status.value]
            for status in SignaalStatus
        )
        nieuw = telling.signalen_per_categorie[categorie.value, SignaalStatus.NIEUW.value]
        result[categorie.value] = (alle, alle - nieuw)
    return result


def compute(
    *,
    gemeente_code: str,
    wijken: Sequence[str],
    inwoners: Mapping[str, int | None],
    tellingen: Mapping[str, Telling],
    profielen: Mapping[str, Profiel] | None = None,
) -> list[IndicatorValue]:
    """Every buurtmeter indicator for the gemeente and each wijk, before suppression.

    `tellingen` are the wijken's counts (cycles.tellingen.tel); the gemeente's are their sum.
    `profielen` are the CBS profiles of the gemeente and its wijken (observations.profielen),
    for the reach of doelgroepen against their share of the population (None where missing).
    """
    profielen = profielen or {}
    gemeente = optellen(tellingen[wijk] for wijk in wijken)
    values = _scope_values(
        "gemeente",
        gemeente_code,
        gemeente,
        inwoners.get(gemeente_code),
        profielen.get(gemeente_code),
    )
    for wijk in wijken:
        values.extend(
            _scope_values("wijk", wijk, tellingen[wijk], inwoners.get(wijk), profielen.get(wijk))
        )
    for actietype in ActieType:
        count = gemeente.per_actietype[actietype.value]
        values.append(_telling("acties_per_type", "actietype", actietype.value, count))
    for categorie, (alle, opgepakt) in _per_categorie(gemeente).items():
        values.append(_telling("signalen_per_categorie", CATEGORIE, categorie, alle))
        values.append(
            met_interval(
                IndicatorValue(
                    indicator="pct_signalen_opgepakt_per_categorie",
                    dimensie=CATEGORIE,
                    sleutel=categorie,
                    waarde=_pct(opgepakt, alle),
                    basis=alle,
                    teller=opgepakt,
                    noemer=alle,
                ),
                "wilson",
            )
        )
    for wijk in wijken:
        for categorie, (alle, _) in _per_categorie(tellingen[wijk]).items():
            sleutel = kruissleutel(wijk, categorie)
            values.append(_telling("signalen_per_categorie", WIJK_CATEGORIE, sleutel, alle))
    for status in InitiatiefStatus:
        count = gemeente.initiatieven[status.value]
        values.append(_telling("initiatieven_per_uitkomst", STATUS, status.value, count))
    return values


def lookup(values: Iterable[IndicatorValue]) -> dict[tuple[str, str], IndicatorValue]:
    """Index values by (indicator, sleutel) for the code that writes findings and pages."""
    return {(v.indicator, v.sleutel): v for v in values}
