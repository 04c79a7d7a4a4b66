"""The residents' survey figures, counted in the database: one GROUP BY per evaluation round and
wijk over the buurtmeter's responses gives, per indicator, the respondents with a value and those
with the property (CASE sums), the De Jong Gierveld scores' sum, sum of squares and how many
scored 0 ... 6 (the mean's t interval and the contributions its dominance rules need). The
gemeente's figures are the sum of all its respondents, those without a wijk included.

Answers and scores are read through SQLAlchemy's JSON element access (SQLite: JSON_EXTRACT;
PostgreSQL: ->> and #>>). A JSON number comes back from SQLite's JSON_EXTRACT as a number and from
PostgreSQL's ->> as text, so every answer is compared as text; a JSON boolean as 1 on SQLite and
true on PostgreSQL, which `as_boolean()` compares alike.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session

from makelaar.cycles.onzekerheid import met_interval
from makelaar.intake.disclosure import Bijdragen, Cel
from makelaar.models.schemas import IndicatorValue
from makelaar.models.tables import Enquete, EnqueteRonde, Respons

__all__ = [
    "BUURTMETER",
    "CONTACT_WEKELIJKS",
    "DJG_SCHAAL",
    "EENZAAM",
    "TEVREDEN",
    "bewoners_bijdragen",
    "bewoners_tellingen",
    "resident_values",
    "survey_contributions",
]

#: the residents' instrument and the questions and scale the figures read
BUURTMETER = "buurtmeter"
DJG_SCHAAL = "djg6"
EENZAAM = frozenset({"matig_eenzaam", "sterk_eenzaam"})  # De Jong Gierveld categories 2–6
CONTACT_WEKELIJKS = frozenset({"dagelijks", "wekelijks"})
DJG_MAX = 6  # the 6-item scale counts the items that score 1
TEVREDEN_VRAAG = "tevreden_buurt"
TEVREDEN = frozenset({"4", "5"})  # tevreden_5: 4 'tevreden', 5 'zeer tevreden'

#: the counts of one (round, wijk), by name (`_kolommen`)
Tellingen = dict[str, float]


def _tekst(value: Any) -> Any:
    return cast(value.as_string(), String)


def _aantal(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _som(condition: Any, value: Any) -> Any:
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def _antwoord_in(vraag: str, ja: frozenset[str]) -> tuple[Any, Any]:
    answer = _tekst(Respons.antwoorden[vraag])
    return _aantal(answer.is_not(None)), _aantal(answer.in_(sorted(ja)))


def _kolommen() -> dict[str, Any]:
    """The counts per (round, wijk), by name."""
    scorable = Respons.scores[(DJG_SCHAAL, "scorable")].as_boolean()
    total = Respons.scores[(DJG_SCHAAL, "total")].as_float()
    category = _tekst(Respons.scores[(DJG_SCHAAL, "category")])
    met_score = scorable.is_(True) & total.is_not(None)
    contact_n, contact = _antwoord_in("contact_buren", CONTACT_WEKELIJKS)
    weet_n, weet = _antwoord_in("weet_waar_vraag", frozenset({"ja"}))
    tevreden_n, tevreden = _antwoord_in(TEVREDEN_VRAAG, TEVREDEN)
    return {
        "eenzaam_n": _aantal(scorable.is_(True)),  # a scorable De Jong Gierveld scale
        "eenzaam": _aantal(scorable.is_(True) & category.in_(sorted(EENZAAM))),
        "djg_n": _aantal(met_score),  # scorable with a total score
        "djg_som": _som(met_score, total),  # the sum of their scores (0-6)
        "djg_kwadraten": _som(met_score, total * total),  # and of their squares
        # how many scored 0, 1, ..., 6: the contributions to the sum the mean reveals (the
        # dominance rules, RELIABILITY §7), exact without reading the responses
        **{f"djg_{score}": _aantal(met_score & (total == score)) for score in range(DJG_MAX + 1)},
        "contact_n": contact_n,
        "contact": contact,
        "weet_n": weet_n,
        "weet": weet,
        "tevreden_n": tevreden_n,
        "tevreden": tevreden,
        # responses without a stored De Jong Gierveld score: scored in Python
        "zonder_score": _aantal(scorable.is_(None)),
    }


_KOLOMMEN = _kolommen()
_MATEN = tuple(_KOLOMMEN)


def _bewoners_select(ronde_ids: Sequence[int]) -> Any:
    return (
        select(EnqueteRonde.ronde_id, Respons.wijk_code, *_KOLOMMEN.values())
        .join(EnqueteRonde, EnqueteRonde.id == Respons.enquete_ronde_id)
        .join(Enquete, Enquete.id == EnqueteRonde.enquete_id)
        .where(EnqueteRonde.ronde_id.in_(ronde_ids), Enquete.form_id == BUURTMETER)
        .group_by(EnqueteRonde.ronde_id, Respons.wijk_code)
    )


def bewoners_tellingen(
    session: Session, ronde_ids: Sequence[int]
) -> dict[int, dict[str | None, Tellingen]]:
    """Per evaluation round and wijk (None: respondents without a wijk), the residents' counts.

    A response without a stored De Jong Gierveld score (every path that stores responses scores
    them, forms.antwoorden and forms.importeren; a caller may pass its own scorer) is scored here
    from its answers, so that it is counted, never dropped: those few are read one by one."""
    result: dict[int, dict[str | None, Tellingen]] = defaultdict(dict)
    for ronde_id, wijk, *counts in session.execute(_bewoners_select(ronde_ids)).tuples():
        result[ronde_id][wijk] = dict(zip(_MATEN, map(float, counts), strict=True))
    zonder = [r for r, wijken in result.items() if any(t["zonder_score"] for t in wijken.values())]
    if zonder:
        _score_missing(session, zonder, result)
    return dict(result)


def _score_missing(
    session: Session, ronde_ids: Sequence[int], result: dict[int, dict[str | None, Tellingen]]
) -> None:
    from makelaar.forms.scoring import scores  # only the responses stored without scores

    rows = session.execute(
        select(EnqueteRonde.ronde_id, Respons.wijk_code, Respons.antwoorden)
        .join(EnqueteRonde, EnqueteRonde.id == Respons.enquete_ronde_id)
        .join(Enquete, Enquete.id == EnqueteRonde.enquete_id)
        .where(
            EnqueteRonde.ronde_id.in_(ronde_ids),
            Enquete.form_id == BUURTMETER,
            Respons.scores[(DJG_SCHAAL, "scorable")].as_boolean().is_(None),
        )
    ).tuples()
    for ronde_id, wijk, antwoorden in rows:
        score = scores(BUURTMETER, dict(antwoorden or {})).get(DJG_SCHAAL)
        if score is None or not score.scorable or score.total is None:
            continue
        counts = result[ronde_id][wijk]
        counts["eenzaam_n"] += 1
        counts["eenzaam"] += score.category in EENZAAM
        counts["djg_n"] += 1
        counts["djg_som"] += score.total
        counts["djg_kwadraten"] += score.total * score.total
        counts[f"djg_{int(score.total)}"] += 1


def _share(
    indicator: str, dimensie: Literal["gemeente", "wijk"], sleutel: str, teller: int, noemer: int
) -> IndicatorValue:
    return met_interval(
        IndicatorValue(
            indicator=indicator,
            dimensie=dimensie,
            sleutel=sleutel,
            waarde=100.0 * teller / noemer if noemer else None,
            basis=noemer,
            teller=teller,
            noemer=noemer,
        ),
        "wilson",
    )


def _mean(
    indicator: str, dimensie: Literal["gemeente", "wijk"], sleutel: str, counts: Tellingen
) -> IndicatorValue:
    n, som = int(counts["djg_n"]), counts["djg_som"]
    spreiding = (
        math.sqrt(max(0.0, (counts["djg_kwadraten"] - som * som / n) / (n - 1))) if n > 1 else None
    )
    return met_interval(
        IndicatorValue(
            indicator=indicator,
            dimensie=dimensie,
            sleutel=sleutel,
            waarde=round(som / n, 2) if n else None,
            basis=n,
            teller=som if n else None,
            noemer=n,
            spreiding=spreiding,
        ),
        "t",
    )


#: indicator -> (the count with a value, the count with the property); a mean has no property
_BEWONERS: dict[str, tuple[str, str | None]] = {
    "pct_bewoners_eenzaam": ("eenzaam_n", "eenzaam"),
    "gem_bewoners_eenzaamheidsscore": ("djg_n", None),
    "pct_bewoners_contact_buren": ("contact_n", "contact"),
    "pct_bewoners_weet_waar": ("weet_n", "weet"),
    "pct_bewoners_tevreden": ("tevreden_n", "tevreden"),
}


def resident_values(
    per_wijk: Mapping[str | None, Tellingen], gemeente_code: str, wijken: Iterable[str]
) -> list[IndicatorValue]:
    """The residents' shares and mean per wijk and for the gemeente (the sum of all its
    respondents, those without a wijk included); an indicator nobody answered is left out."""
    leeg = dict.fromkeys(_MATEN, 0.0)
    gemeente = {m: sum(t[m] for t in per_wijk.values()) for m in _MATEN}
    codes = list(wijken)
    values: list[IndicatorValue] = []
    for indicator, (noemer, teller) in _BEWONERS.items():
        if not gemeente[noemer]:
            continue
        for dimensie, sleutel, counts in (
            ("gemeente", gemeente_code, gemeente),
            *(("wijk", code, per_wijk.get(code, leeg)) for code in codes),
        ):
            if teller is None:
                values.append(_mean(indicator, dimensie, sleutel, counts))  # type: ignore[arg-type]
            else:
                values.append(
                    _share(
                        indicator,
                        dimensie,  # type: ignore[arg-type]
                        sleutel,
                        int(counts[teller]),
                        int(counts[noemer]),
                    )
                )
    return values


def _djg_bijdragen(counts: Tellingen) -> Bijdragen:
    grootste: list[float] = []
    for score in range(DJG_MAX, -1, -1):
        grootste += [float(score)] * int(min(counts[f"djg_{score}"], _GROOTSTE - len(grootste)))
    return Bijdragen(int(counts["djg_n"]), counts["djg_som"], tuple(grootste))


#: the largest contributions handed to the dominance rules (they need NK's n and two)
_GROOTSTE = 5


def bewoners_bijdragen(
    per_wijk: Mapping[str | None, Tellingen], gemeente_code: str, wijken: Iterable[str]
) -> dict[Cel, Bijdragen]:
    """The contributions (one score per resident) to the sums the mean loneliness scores of the
    gemeente and of each wijk reveal, for the dominance rules (onthulling.publish_survey)."""
    indicator = "gem_bewoners_eenzaamheidsscore"
    leeg = dict.fromkeys(_MATEN, 0.0)
    gemeente = {m: sum(t[m] for t in per_wijk.values()) for m in _MATEN}
    return {
        (indicator, "gemeente", gemeente_code): _djg_bijdragen(gemeente),
        **{(indicator, "wijk", code): _djg_bijdragen(per_wijk.get(code, leeg)) for code in wijken},
    }


def survey_contributions(
    session: Session, *, ronde_id: int, gemeente_code: str, wijken: Iterable[str]
) -> dict[Cel, Bijdragen]:
    """`bewoners_bijdragen` of one round's residents."""
    per_wijk = bewoners_tellingen(session, [ronde_id]).get(ronde_id, {})
    return bewoners_bijdragen(per_wijk, gemeente_code, wijken)
