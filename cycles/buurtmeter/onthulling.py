"""Disclosure control for the buurtmeter's figures: which tables a reader can combine, which
values reveal which counts, and the contributions to its sums (intake.disclosure, RELIABILITY §7).

The logbook's records each belong to one wijk, so for every logbook indicator the wijken's
numerators and denominators add up to the gemeente's: a share hidden in one wijk could otherwise
be worked out from the gemeente's share and the other wijken. The kinds of social action add up
to the gemeente's actions. A share, mean, sum or rate per 1,000 published with its numerator and
denominator reveals the count of actions (or signals, or initiatives without go-ahead) it rests
on, so where that count is hidden the value is hidden too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from makelaar.cycles.indicators import INDICATORS
from makelaar.cycles.spec import Indicator
from makelaar.cycles.tellingen import Telling, optellen
from makelaar.intake.disclosure import Bijdragen, Cel, Tabel, soort_van_eenheid, suppress
from makelaar.models.domain import ActieType, Doelgroep
from makelaar.models.schemas import IndicatorValue

#: indicator -> the count whose cell its numerator or denominator reveals
ONTHULT: dict[str, str] = {
    "acties_per_1000_inwoners": "acties",
    "bereikte_bewoners": "acties",
    "bewoners_organisator": "acties",
    "bewoners_deelnemer": "acties",
    "pct_acties_bewoner_organisator": "acties",
    "gem_partners_per_actie": "acties",
    "uren": "acties",
    **{f"pct_acties_doelgroep_{groep.value}": "acties" for groep in Doelgroep},
    "pct_signalen_opgepakt": "signalen",
    # gerealiseerd / afgerond: noemer - teller is the number without go-ahead
    "pct_initiatieven_gerealiseerd": "initiatieven_zonder_doorgang",
}

#: the sums and means whose contributions (one per action) pass the dominance rules, as ACRO
#: checks a table of sums or means: indicator -> the measure of an action it sums
_SOMMEN: dict[str, str] = {
    "uren": "uren",
    "gem_partners_per_actie": "partners",
    "bereikte_bewoners": "bereikt",
    "bewoners_organisator": "organisatoren",
    "bewoners_deelnemer": "deelnemers",
}


def contributions(
    tellingen: Mapping[str, Telling], gemeente_code: str, wijken: Sequence[str]
) -> dict[Cel, Bijdragen]:
    """Each sum's (and mean's) contributions per action, for the gemeente and each wijk."""
    gemeente = optellen(tellingen[wijk] for wijk in wijken)
    result: dict[Cel, Bijdragen] = {}
    for indicator, maat in _SOMMEN.items():
        result[(indicator, "gemeente", gemeente_code)] = gemeente.bijdragen(maat)
        for wijk in wijken:
            result[(indicator, "wijk", wijk)] = tellingen[wijk].bijdragen(maat)
    return result


def logbook_tables(gemeente_code: str) -> list[Tabel]:
    """The kinds of social action add up to the gemeente's actions."""
    soorten = tuple(("acties_per_type", "actietype", t.value) for t in ActieType)
    return [Tabel("acties naar soort", ((("acties", "gemeente", gemeente_code), soorten),))]


def additive(indicatoren: Iterable[Indicator]) -> frozenset[str]:
    """The indicators whose wijk values' numerators and denominators add up to the gemeente's."""
    return frozenset(i.id for i in indicatoren if "wijk" in i.uitsplitsingen)


def publish_logbook(
    raw: Sequence[IndicatorValue],
    *,
    tellingen: Mapping[str, Telling],
    gemeente_code: str,
    wijken: Sequence[str],
    min_n: int,
) -> list[IndicatorValue]:
    """The logbook's indicators as they may be published."""
    return suppress(
        raw,
        min_n,
        additive=additive(INDICATORS.values()),
        soorten={i.id: soort_van_eenheid(i.eenheid) for i in INDICATORS.values()},
        bijdragen=contributions(tellingen, gemeente_code, wijken),
        onthult=ONTHULT,
        tabellen=logbook_tables(gemeente_code),
    )


def optelbaar(indicatoren: Iterable[Indicator]) -> frozenset[str]:
    """Every indicator whose wijk values form a table with the gemeente's, as `publish_logbook`
    and `publish_survey` protect them: the logbook's and the survey's declared optelbaar ones."""
    indicatoren = list(indicatoren)
    return additive(i for i in indicatoren if i.id in INDICATORS) | frozenset(
        i.id for i in indicatoren if i.optelbaar
    )


def publish_survey(
    raw: Sequence[IndicatorValue],
    indicatoren: Iterable[Indicator],
    *,
    min_n: int,
    bijdragen: Mapping[Cel, Bijdragen] | None = None,
) -> list[IndicatorValue]:
    """The survey's indicators as they may be published (its optelbaar ones form tables); a mean
    (the residents' loneliness score) passes the dominance rules on `bijdragen`, the residents'
    scores (cycles.buurtmeter.enquetes.survey_contributions)."""
    indicatoren = list(indicatoren)
    return suppress(
        raw,
        min_n,
        additive=frozenset(i.id for i in indicatoren if i.optelbaar),
        soorten={i.id: soort_van_eenheid(i.eenheid) for i in indicatoren},
        bijdragen=bijdragen,
    )
