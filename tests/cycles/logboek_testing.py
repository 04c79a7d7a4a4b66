"""Logbook records in memory and their counts worked out by hand, for tests of what is computed
from the counts (indicators, disclosure control) without a database.

tests/cycles/test_tellingen.py shows on SQLite and PostgreSQL that the database's GROUP BY
(cycles.tellingen.tel) gives exactly these counts for the same records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from makelaar.cycles.tellingen import BEMIDDELING, Telling, tweede_nodig
from makelaar.models.domain import (
    ActieType,
    InitiatiefStatus,
    Resultaat,
    SignaalCategorie,
    SignaalStatus,
)


@dataclass(frozen=True)
class ActieRecord:
    wijk_code: str
    actietype: ActieType = ActieType.HUISBEZOEK
    partners: int = 1
    bereikt: int = 2
    organisatoren: int = 0
    deelnemers: int = 0
    doelgroepen: frozenset[str] = field(default_factory=frozenset)
    uren: float = 1.0
    resultaat: Resultaat = Resultaat.INFORMATIE


@dataclass(frozen=True)
class InitiatiefRecord:
    wijk_code: str
    status: InitiatiefStatus
    reden: str | None = None


@dataclass(frozen=True)
class SignaalRecord:
    wijk_code: str
    status: SignaalStatus
    categorie: SignaalCategorie = SignaalCategorie.EENZAAMHEID


def _grootste(values: Iterable[float]) -> tuple[float, ...]:
    """The largest, and the second largest where it can decide a dominance rule."""
    ordered = sorted(values, reverse=True)
    if len(ordered) >= 2 and tweede_nodig(ordered[0], sum(ordered)):
        return (ordered[0], ordered[1])
    return tuple(ordered[:1])


def tellingen(
    wijken: Sequence[str],
    acties: Iterable[ActieRecord] = (),
    initiatieven: Iterable[InitiatiefRecord] = (),
    signalen: Iterable[SignaalRecord] = (),
) -> dict[str, Telling]:
    """Each wijk's counts, as cycles.tellingen.tel gives them for the same records."""
    result = {wijk: Telling() for wijk in wijken}
    maten: dict[str, dict[str, list[float]]] = {wijk: {} for wijk in wijken}
    for a in acties:
        t = result[a.wijk_code]
        t.acties += 1
        t.bereikt += a.bereikt
        t.organisatoren += a.organisatoren
        t.deelnemers += a.deelnemers
        t.met_organisator += a.organisatoren > 0
        t.partners += a.partners
        t.partners_kwadraat += a.partners * a.partners
        t.uren += a.uren
        t.per_doelgroep.update(a.doelgroepen)
        t.per_actietype[a.actietype.value] += 1
        t.bemiddelingen_met_resultaat += (
            a.actietype in BEMIDDELING and a.resultaat != Resultaat.GEEN
        )
        for maat, waarde in (
            ("uren", a.uren),
            ("partners", a.partners),
            ("bereikt", a.bereikt),
            ("organisatoren", a.organisatoren),
            ("deelnemers", a.deelnemers),
        ):
            maten[a.wijk_code].setdefault(maat, []).append(float(waarde))
    for wijk, per_maat in maten.items():
        result[wijk].grootste = {maat: _grootste(values) for maat, values in per_maat.items()}
    for i in initiatieven:
        result[i.wijk_code].initiatieven[i.status.value] += 1
    for s in signalen:
        result[s.wijk_code].signalen[s.status.value] += 1
        result[s.wijk_code].signalen_per_categorie[s.categorie.value, s.status.value] += 1
    return result
