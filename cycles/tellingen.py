"""The logbook's counts per wijk, computed in the database (GROUP BY), identical on SQLite and
PostgreSQL: what the buurtmeter's indicators are computed from.

One query per record kind and grouping returns a row per wijk (and per action type, initiative
status, signal status); nothing is read row by row. A gemeente's counts are the sum of its wijken's
(every record has a wijk of the gemeente), and so are a region's or the whole country's, so
`optellen` gives them without another query.

Two parts of an action are JSON lists (its partners, its doelgroepen). Their lengths come from
`json_array_length`, which both databases have for JSON; a doelgroep's presence from a `LIKE` on
the list's text (`"ouderen"` with its quotes), which reads the same in both, since doelgroepen are
the fixed words of models.domain.Doelgroep.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, and_, case, cast, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from makelaar.intake.disclosure import Bijdragen
from makelaar.models.domain import INITIATIEF_ZONDER_DOORGANG, ActieType, Doelgroep, Resultaat
from makelaar.models.tables import Bewonersinitiatief, Signaal, SocialeActie

__all__ = ["MATEN", "Telling", "optellen", "redenen_zonder_doorgang", "tel", "tweede_nodig"]

#: the measures of an action whose sums the indicators publish (Telling.grootste, bijdragen)
MATEN = ("uren", "partners", "bereikt", "organisatoren", "deelnemers")

#: the kinds of action that are a mediation (between residents, or a resident and an organisation)
BEMIDDELING = (ActieType.BEMIDDELING_BEWONERS, ActieType.BEMIDDELING_BEWONER_INSTELLING)


@dataclass
class Telling:
    """What one scope's (a wijk's, a gemeente's) indicators rest on, for the round's period."""

    acties: int = 0
    bereikt: int = 0
    organisatoren: int = 0  # residents as organiser, summed over actions
    deelnemers: int = 0
    met_organisator: int = 0  # actions with at least one resident as organiser
    partners: int = 0  # partners summed over actions (for the mean per action)
    partners_kwadraat: int = 0  # their squares summed (for the standard deviation)
    uren: float = 0.0
    per_doelgroep: Counter[str] = field(default_factory=Counter)  # actions reaching each group
    per_actietype: Counter[str] = field(default_factory=Counter)
    #: mediations (BEMIDDELING) whose recorded result is not `geen`
    bemiddelingen_met_resultaat: int = 0
    initiatieven: Counter[str] = field(default_factory=Counter)  # per InitiatiefStatus value
    signalen: Counter[str] = field(default_factory=Counter)  # per SignaalStatus value
    #: signals per (SignaalCategorie value, SignaalStatus value)
    signalen_per_categorie: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: per measure of an action (MATEN), its largest value and, where it can decide a dominance
    #: rule (`tweede_nodig`), the second largest: what those rules need besides the count and
    #: the sum (intake.disclosure.Bijdragen)
    grootste: dict[str, tuple[float, ...]] = field(default_factory=dict)

    def totaal(self, maat: str) -> float:
        """The sum of `maat` over the actions."""
        return float(
            {
                "uren": self.uren,
                "partners": self.partners,
                "bereikt": self.bereikt,
                "organisatoren": self.organisatoren,
                "deelnemers": self.deelnemers,
            }[maat]
        )

    def bijdragen(self, maat: str) -> Bijdragen:
        """The contributions of the actions to the sum of `maat`, as the dominance rules read them."""
        return Bijdragen(self.acties, self.totaal(maat), self.grootste.get(maat, ()))

    def __iadd__(self, other: Telling) -> Telling:
        for maat in MATEN:
            merged = _samen(
                self.grootste.get(maat, ()), self.acties, other.grootste.get(maat, ()), other.acties
            )
            if merged:
                self.grootste[maat] = merged
        self.acties += other.acties
        self.bereikt += other.bereikt
        self.organisatoren += other.organisatoren
        self.deelnemers += other.deelnemers
        self.met_organisator += other.met_organisator
        self.partners += other.partners
        self.partners_kwadraat += other.partners_kwadraat
        self.uren += other.uren
        self.per_doelgroep.update(other.per_doelgroep)
        self.per_actietype.update(other.per_actietype)
        self.bemiddelingen_met_resultaat += other.bemiddelingen_met_resultaat
        self.initiatieven.update(other.initiatieven)
        self.signalen.update(other.signalen)
        self.signalen_per_categorie.update(other.signalen_per_categorie)
        return self


def _samen(a: tuple[float, ...], na: int, b: tuple[float, ...], nb: int) -> tuple[float, ...]:
    """The two largest of two scopes' largest (of `na` and `nb` actions), as far as known.

    A scope's second largest is known where it can matter (`tweede_nodig`), and absent in a
    scope of one action. The merged second is exact when the larger scope's second is known or
    absent (or the two largest tie); otherwise that largest is at most a third of its scope's
    sum, so at most a third of the merged one, and the second is left out as it was.
    """
    if not a or not b:
        return a or b
    (hoog, n_hoog), (laag, _) = ((a, na), (b, nb)) if a[0] >= b[0] else ((b, nb), (a, na))
    if hoog[0] == laag[0] or n_hoog == 1:
        return (hoog[0], laag[0])
    if len(hoog) == 2:
        return (hoog[0], max(hoog[1], laag[0]))
    return (hoog[0],)


def tweede_nodig(grootste: float, totaal: float) -> bool:
    """Whether a sum's second largest contribution can decide a dominance rule: only when the
    largest is over a third of the sum. Below that, the largest two together are under two
    thirds of it (the NK rule's k is at least that) and what is left after them is over a third
    of the largest (the p-ratio is below that), whatever the second is."""
    return 3 * grootste > totaal


def _maten() -> dict[str, ColumnElement[Any]]:
    """Each measure of an action whose sum the indicators publish, as a column expression."""
    return {
        "uren": SocialeActie.uren.expression,
        "partners": func.coalesce(func.json_array_length(SocialeActie.partners), 0),
        "bereikt": SocialeActie.bereikt.expression,
        "organisatoren": SocialeActie.bewoners_organisator.expression,
        "deelnemers": SocialeActie.bewoners_deelnemer.expression,
    }


def _bevat(kolom: InstrumentedAttribute[list[str]], woord: str) -> ColumnElement[int]:
    """1 when the JSON list in `kolom` holds `woord` (a fixed word: no quotes or wildcards)."""
    return case((cast(kolom, String).like(f'%"{woord}"%'), 1), else_=0)


def _met_resultaat() -> ColumnElement[bool]:
    """A mediation (BEMIDDELING) whose recorded result is not `geen`."""
    return and_(SocialeActie.actietype.in_(BEMIDDELING), SocialeActie.resultaat != Resultaat.GEEN)


def tel(
    session: Session,
    wijk_codes: Sequence[str],
    begin: dt.date,
    einde: dt.date,
    *,
    dominantie: bool = True,
) -> dict[str, Telling]:
    """Each wijk's counts for the period (a wijk without records gets an empty Telling).

    One GROUP BY over the actions (every sum, doelgroep and kind of action, the mediations with
    a result, and each sum's largest contribution, in one scan), one over the initiatives (per
    status) and one over the signals (per category and status); with
    `dominantie`, the second largest contribution where it can decide a dominance rule besides
    (`Telling.grootste`: one more scan, of the few wijken concerned).
    """
    tellingen = {code: Telling() for code in wijk_codes}
    if not wijk_codes:
        return tellingen
    partners = _maten()["partners"]
    groepen = [g.value for g in Doelgroep]
    soorten = list(ActieType)
    in_periode = and_(
        SocialeActie.wijk_code.in_(wijk_codes), SocialeActie.datum.between(begin, einde)
    )
    acties = session.execute(
        select(
            SocialeActie.wijk_code,
            func.count(),
            func.sum(SocialeActie.bereikt),
            func.sum(SocialeActie.bewoners_organisator),
            func.sum(SocialeActie.bewoners_deelnemer),
            func.sum(case((SocialeActie.bewoners_organisator > 0, 1), else_=0)),
            func.sum(partners),
            func.sum(partners * partners),
            func.sum(SocialeActie.uren),
            func.sum(case((_met_resultaat(), 1), else_=0)),
            *(func.sum(_bevat(SocialeActie.doelgroepen, groep)) for groep in groepen),
            *(func.sum(case((SocialeActie.actietype == soort, 1), else_=0)) for soort in soorten),
            *(func.max(kolom) for kolom in _maten().values()),
        )
        .where(in_periode)
        .group_by(SocialeActie.wijk_code)
    )
    for wijk, n, bereikt, org, deeln, met_org, p, p2, uren, bem, *per_groep_en_soort in acties:
        per_groep = per_groep_en_soort[: len(groepen)]
        per_soort = per_groep_en_soort[len(groepen) : len(groepen) + len(soorten)]
        hoogste = per_groep_en_soort[len(groepen) + len(soorten) :]
        telling = tellingen[wijk]
        telling.acties = n
        telling.bereikt, telling.organisatoren, telling.deelnemers = bereikt, org, deeln
        telling.met_organisator, telling.partners, telling.partners_kwadraat = met_org, p, p2
        telling.uren = float(uren)
        telling.per_doelgroep = Counter(
            {groep: int(k) for groep, k in zip(groepen, per_groep, strict=True) if k}
        )
        telling.per_actietype = Counter(
            {soort.value: int(k) for soort, k in zip(soorten, per_soort, strict=True) if k}
        )
        telling.bemiddelingen_met_resultaat = int(bem)
        if dominantie:
            telling.grootste = {m: (float(h),) for m, h in zip(MATEN, hoogste, strict=True)}
    if dominantie:
        _tweede(session, tellingen, in_periode)
    initiatieven = session.execute(
        select(Bewonersinitiatief.wijk_code, Bewonersinitiatief.status, func.count())
        .where(_initiatief_in_periode(wijk_codes, begin, einde))
        .group_by(Bewonersinitiatief.wijk_code, Bewonersinitiatief.status)
    )
    for wijk, status, n in initiatieven:
        tellingen[wijk].initiatieven[status.value] = n
    signalen = session.execute(
        select(Signaal.wijk_code, Signaal.categorie, Signaal.status, func.count())
        .where(Signaal.wijk_code.in_(wijk_codes), Signaal.datum.between(begin, einde))
        .group_by(Signaal.wijk_code, Signaal.categorie, Signaal.status)
    )
    for wijk, categorie, status, n in signalen:
        tellingen[wijk].signalen[status.value] += n
        tellingen[wijk].signalen_per_categorie[categorie.value, status.value] = n
    return tellingen


def _tweede(
    session: Session, tellingen: dict[str, Telling], in_periode: ColumnElement[bool]
) -> None:
    """The second largest contribution to each sum where it can matter (`tweede_nodig`): the
    largest below the largest, or the largest again when two actions share it. One scan of the
    actions of the few wijken concerned, against their largest from the main count."""
    nodig = {
        wijk: [m for m in MATEN if tweede_nodig(t.grootste[m][0], t.totaal(m))]
        for wijk, t in tellingen.items()
        if t.acties >= 2 and t.grootste
    }
    nodig = {wijk: maten for wijk, maten in nodig.items() if maten}
    if not nodig:
        return
    maten = _maten()
    hoogste = (
        select(SocialeActie.wijk_code, *(func.max(kolom).label(m) for m, kolom in maten.items()))
        .where(in_periode, SocialeActie.wijk_code.in_(nodig))
        .group_by(SocialeActie.wijk_code)
        .subquery()
    )
    kolommen: list[ColumnElement[Any]] = []
    for maat, kolom in maten.items():
        kolommen.append(func.sum(case((kolom == hoogste.c[maat], 1), else_=0)))
        kolommen.append(func.max(case((kolom < hoogste.c[maat], kolom), else_=None)))
    rows = session.execute(
        select(SocialeActie.wijk_code, *kolommen)
        .join(hoogste, hoogste.c.wijk_code == SocialeActie.wijk_code)
        .where(in_periode, SocialeActie.wijk_code.in_(nodig))
        .group_by(SocialeActie.wijk_code)
    )
    for wijk, *waarden in rows:
        telling = tellingen[wijk]
        for i, maat in enumerate(maten):
            if maat not in nodig[wijk]:
                continue
            gedeeld, tweede = waarden[2 * i : 2 * i + 2]
            top = telling.grootste[maat][0]
            if gedeeld >= 2:
                telling.grootste[maat] = (top, top)
            elif tweede is not None:
                telling.grootste[maat] = (top, float(tweede))


def _initiatief_in_periode(
    wijk_codes: Sequence[str], begin: dt.date, einde: dt.date
) -> ColumnElement[bool]:
    """Initiatives active in the period: started before its end, last updated after its start."""
    return and_(
        Bewonersinitiatief.wijk_code.in_(wijk_codes),
        Bewonersinitiatief.gestart_op <= einde,
        Bewonersinitiatief.bijgewerkt_op >= begin,
    )


def optellen(tellingen: Iterable[Telling]) -> Telling:
    """The counts of a larger scope: the sum of its wijken's."""
    totaal = Telling()
    for telling in tellingen:
        totaal += telling
    return totaal


def redenen_zonder_doorgang(
    session: Session, wijk_codes: Sequence[str], begin: dt.date, einde: dt.date
) -> list[tuple[str, int]]:
    """Recorded reasons for initiatives not supported or stranded, most frequent first."""
    rows = session.execute(
        select(Bewonersinitiatief.reden, func.count())
        .where(
            _initiatief_in_periode(wijk_codes, begin, einde),
            Bewonersinitiatief.status.in_(INITIATIEF_ZONDER_DOORGANG),
        )
        .group_by(Bewonersinitiatief.reden)
    )
    counts: Counter[str] = Counter()
    for reden, n in rows:  # a handful of groups: whitespace is trimmed as Python trims it
        counts[(reden or "").strip()] += n
    counts.pop("", None)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
