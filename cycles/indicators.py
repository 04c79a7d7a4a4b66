"""Buurtmeter indicators per wijk and for the gemeente, computed from logbook records (pure functions)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from makelaar.cycles.spec import Indicator
from makelaar.models.domain import (
    INITIATIEF_ZONDER_DOORGANG,
    ActieType,
    Doelgroep,
    InitiatiefStatus,
    SignaalStatus,
)
from makelaar.models.schemas import IndicatorValue


@dataclass(frozen=True)
class ActieRecord:
    wijk_code: str
    actietype: ActieType
    partners: int
    bereikt: int
    organisatoren: int
    deelnemers: int
    doelgroepen: frozenset[str]
    uren: float


@dataclass(frozen=True)
class InitiatiefRecord:
    wijk_code: str
    status: InitiatiefStatus
    reden: str | None


@dataclass(frozen=True)
class SignaalRecord:
    wijk_code: str
    status: SignaalStatus


_DOELGROEP_EN = {
    "ouderen": "older people",
    "migranten": "migrants",
    "vluchtelingen": "refugees",
    "beperking": "people with a disability",
    "jongeren": "young people",
}


def _declare(*indicators: Indicator) -> dict[str, Indicator]:
    return {indicator.id: indicator for indicator in indicators}


#: the logbook's indicators, per wijk and for the gemeente (declared once: names, unit, direction)
INDICATORS: dict[str, Indicator] = _declare(
    Indicator("acties", "Sociale acties", "Social actions", "aantal", optelbaar=True),
    Indicator(
        "acties_per_1000_inwoners",
        "Sociale acties per 1.000 inwoners",
        "Social actions per 1,000 residents",
        "per 1.000",
    ),
    Indicator(
        "bereikte_bewoners",
        "Bereikte bewoners (som over acties)",
        "Residents reached (sum over actions)",
        "aantal",
        beter="hoger",
        optelbaar=True,
    ),
    Indicator(
        "bewoners_organisator",
        "Bewoners als organisator",
        "Residents as organiser",
        "aantal",
        beter="hoger",
        optelbaar=True,
    ),
    Indicator(
        "bewoners_deelnemer",
        "Bewoners als deelnemer",
        "Residents as participant",
        "aantal",
        beter="hoger",
        optelbaar=True,
    ),
    Indicator(
        "pct_acties_bewoner_organisator",
        "Acties met een bewoner als organisator",
        "Actions with a resident as organiser",
        "%",
        beter="hoger",
    ),
    Indicator("gem_partners_per_actie", "Partners per actie", "Partners per action", "gemiddeld"),
    Indicator("uren", "Uren besteed", "Hours spent", "uren", optelbaar=True),
    Indicator(
        "initiatieven", "Bewonersinitiatieven", "Resident initiatives", "aantal", optelbaar=True
    ),
    Indicator(
        "pct_initiatieven_gerealiseerd",
        "Afgeronde initiatieven die zijn gerealiseerd",
        "Concluded initiatives that were realised",
        "%",
        beter="hoger",
    ),
    Indicator(
        "initiatieven_zonder_doorgang",
        "Initiatieven niet ondersteund of gestrand",
        "Initiatives not supported or stranded",
        "aantal",
        beter="lager",
        optelbaar=True,
    ),
    Indicator("signalen", "Signalen", "Signals", "aantal", optelbaar=True),
    Indicator(
        "pct_signalen_opgepakt",
        "Signalen opgepakt of doorgezet",
        "Signals taken up or passed on",
        "%",
        beter="hoger",
    ),
    *(
        Indicator(
            f"pct_acties_doelgroep_{groep.value}",
            f"Acties die {groep.value} bereiken",
            f"Actions reaching {_DOELGROEP_EN.get(groep.value, groep.value)}",
            "%",
            beter="hoger",
        )
        for groep in Doelgroep
    ),
    Indicator(
        "acties_per_type",
        "Sociale acties per soort",
        "Social actions per kind",
        "aantal",
        uitsplitsingen=("actietype",),
    ),
)

ADDITIVE = frozenset(code for code, definition in INDICATORS.items() if definition.optelbaar)


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _scope_values(
    dimensie: Literal["gemeente", "wijk"],
    sleutel: str,
    acties: Sequence[ActieRecord],
    initiatieven: Sequence[InitiatiefRecord],
    signalen: Sequence[SignaalRecord],
    inwoners: int | None,
) -> list[IndicatorValue]:
    def value(indicator: str, waarde: float | None, basis: int | None) -> IndicatorValue:
        return IndicatorValue(
            indicator=indicator, dimensie=dimensie, sleutel=sleutel, waarde=waarde, basis=basis
        )

    n = len(acties)
    bereikt = sum(a.bereikt for a in acties)
    organisatoren = sum(a.organisatoren for a in acties)
    deelnemers = sum(a.deelnemers for a in acties)
    met_organisator = sum(1 for a in acties if a.organisatoren > 0)
    afgerond = [
        i
        for i in initiatieven
        if i.status in (InitiatiefStatus.GEREALISEERD, *INITIATIEF_ZONDER_DOORGANG)
    ]
    gerealiseerd = sum(1 for i in afgerond if i.status is InitiatiefStatus.GEREALISEERD)
    opgepakt = sum(1 for s in signalen if s.status is not SignaalStatus.NIEUW)
    values = [
        value("acties", n, n),
        value(
            "acties_per_1000_inwoners",
            round(1000.0 * n / inwoners, 1) if inwoners else None,
            n,
        ),
        # persons: the figure itself is the number of persons it rests on
        value("bereikte_bewoners", bereikt, bereikt),
        value("bewoners_organisator", organisatoren, organisatoren),
        value("bewoners_deelnemer", deelnemers, deelnemers),
        value("pct_acties_bewoner_organisator", _pct(met_organisator, n), n),
        value(
            "gem_partners_per_actie",
            round(sum(a.partners for a in acties) / n, 2) if n else None,
            n,
        ),
        value("uren", round(sum(a.uren for a in acties), 1), n),
        value("initiatieven", len(initiatieven), len(initiatieven)),
        value("pct_initiatieven_gerealiseerd", _pct(gerealiseerd, len(afgerond)), len(afgerond)),
        value(
            "initiatieven_zonder_doorgang",
            len(afgerond) - gerealiseerd,
            len(initiatieven),
        ),
        value("signalen", len(signalen), len(signalen)),
        value("pct_signalen_opgepakt", _pct(opgepakt, len(signalen)), len(signalen)),
    ]
    for groep in Doelgroep:
        reached = sum(1 for a in acties if groep.value in a.doelgroepen)
        values.append(value(f"pct_acties_doelgroep_{groep.value}", _pct(reached, n), n))
    return values


def compute(
    *,
    gemeente_code: str,
    wijken: Sequence[str],
    inwoners: dict[str, int | None],
    acties: Iterable[ActieRecord],
    initiatieven: Iterable[InitiatiefRecord],
    signalen: Iterable[SignaalRecord],
) -> list[IndicatorValue]:
    """Every buurtmeter indicator for the gemeente and each wijk, before suppression."""
    acties = list(acties)
    initiatieven = list(initiatieven)
    signalen = list(signalen)
    per_wijk_acties: dict[str, list[ActieRecord]] = defaultdict(list)
    per_wijk_initiatieven: dict[str, list[InitiatiefRecord]] = defaultdict(list)
    per_wijk_signalen: dict[str, list[SignaalRecord]] = defaultdict(list)
    for a in acties:
        per_wijk_acties[a.wijk_code].append(a)
    for i in initiatieven:
        per_wijk_initiatieven[i.wijk_code].append(i)
    for s in signalen:
        per_wijk_signalen[s.wijk_code].append(s)

    values = _scope_values(
        "gemeente", gemeente_code, acties, initiatieven, signalen, inwoners.get(gemeente_code)
    )
    for wijk in wijken:
        values.extend(
            _scope_values(
                "wijk",
                wijk,
                per_wijk_acties[wijk],
                per_wijk_initiatieven[wijk],
                per_wijk_signalen[wijk],
                inwoners.get(wijk),
            )
        )
    per_type = Counter(a.actietype for a in acties)
    for actietype in ActieType:
        count = per_type.get(actietype, 0)
        values.append(
            IndicatorValue(
                indicator="acties_per_type",
                dimensie="actietype",
                sleutel=actietype.value,
                waarde=count,
                basis=count,
            )
        )
    return values


def reasons_without_go_ahead(initiatieven: Iterable[InitiatiefRecord]) -> list[tuple[str, int]]:
    """Recorded reasons for initiatives that were not supported or stranded, most frequent first."""
    counts = Counter(
        (i.reden or "").strip() for i in initiatieven if i.status in INITIATIEF_ZONDER_DOORGANG
    )
    counts.pop("", None)
    return counts.most_common()


def lookup(values: Iterable[IndicatorValue]) -> dict[tuple[str, str], IndicatorValue]:
    """Index values by (indicator, sleutel) for the code that writes findings and pages."""
    return {(v.indicator, v.sleutel): v for v in values}
