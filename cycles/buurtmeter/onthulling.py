"""Disclosure control for the buurtmeter's figures: which tables a reader can combine, which
values reveal which counts, and the contributions to its sums (intake.disclosure, RELIABILITY §7).

The logbook's records each belong to one wijk, so for every logbook indicator the wijken's
numerators and denominators add up to the gemeente's: a share hidden in one wijk could otherwise
be worked out from the gemeente's share and the other wijken. The kinds of social action add up
to the gemeente's actions. A share, mean, sum or rate per 1,000 published with its numerator and
denominator reveals the count of actions (or signals, or initiatives without go-ahead) it rests
on, so where that count is hidden the value is hidden too.

The breakdowns of the gemeente's counts form tables of their own (`logbook_tables`): the signals
per category add up to the gemeente's signals and, per wijk (wijk×categorie), to each wijk's and
to each category's; the categories' shares followed up to the gemeente's share; the initiatives
per outcome to the gemeente's initiatives, their not supported and stranded to those without
go-ahead, and the realised and those without go-ahead to the concluded ones the share realised
rests on; the two kinds of mediation to the mediations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from makelaar.cycles.indicators import (
    BEVOLKINGSGROEPEN,
    CATEGORIE,
    INDICATORS,
    STATUS,
    WIJK_CATEGORIE,
    kruissleutel,
)
from makelaar.cycles.spec import Indicator
from makelaar.cycles.tellingen import BEMIDDELING, Telling, optellen
from makelaar.intake.disclosure import Bijdragen, Cel, Tabel, soort_van_eenheid, suppress
from makelaar.models.domain import (
    INITIATIEF_ZONDER_DOORGANG,
    ActieType,
    Doelgroep,
    InitiatiefStatus,
    SignaalCategorie,
)
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
    "pct_bemiddelingen_met_resultaat": "bemiddelingen",
    "pct_signalen_opgepakt_per_categorie": "signalen_per_categorie",
    # the reach against the population share is the share of actions reaching the group divided
    # by CBS's published share: it reveals what that share does
    **{
        f"bereik_tov_bevolking_{groep}": f"pct_acties_doelgroep_{groep}"
        for groep in BEVOLKINGSGROEPEN
    },
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


def logbook_tables(gemeente_code: str, wijken: Sequence[str] = ()) -> list[Tabel]:
    """The breakdowns of the gemeente's counts a reader can add up (see the module's docstring);
    without `wijken`, those of the gemeente only.

    Each table repeats the wijken adding up to the gemeente for the counts it breaks down (also
    a table of their own, intake.disclosure.tables), since a hidden cell is looked for one table
    at a time and a reader may combine the two relations."""
    gemeente = ("gemeente", gemeente_code)

    def per_wijk(indicator: str) -> list[tuple[Cel, tuple[Cel, ...]]]:
        if not wijken:
            return []
        return [((indicator, *gemeente), tuple((indicator, "wijk", w) for w in wijken))]

    soorten = tuple(("acties_per_type", "actietype", t.value) for t in ActieType)
    bemiddelingen = tuple(("acties_per_type", "actietype", t.value) for t in BEMIDDELING)
    categorieen = [c.value for c in SignaalCategorie]
    per_categorie = "signalen_per_categorie"
    signalen: list[tuple[Cel, tuple[Cel, ...]]] = [
        (("signalen", *gemeente), tuple((per_categorie, CATEGORIE, c) for c in categorieen)),
        *per_wijk("signalen"),
    ]
    for wijk in wijken:
        signalen.append(
            (
                ("signalen", "wijk", wijk),
                tuple((per_categorie, WIJK_CATEGORIE, kruissleutel(wijk, c)) for c in categorieen),
            )
        )
    if wijken:
        for c in categorieen:
            signalen.append(
                (
                    (per_categorie, CATEGORIE, c),
                    tuple((per_categorie, WIJK_CATEGORIE, kruissleutel(w, c)) for w in wijken),
                )
            )
    opgepakt = tuple(("pct_signalen_opgepakt_per_categorie", CATEGORIE, c) for c in categorieen)
    uitkomst = "initiatieven_per_uitkomst"
    zonder_doorgang = ("initiatieven_zonder_doorgang", *gemeente)
    return [
        Tabel(
            "acties naar soort",
            (
                (("acties", *gemeente), soorten),
                *per_wijk("acties"),
                (("bemiddelingen", *gemeente), bemiddelingen),
                *per_wijk("bemiddelingen"),
            ),
        ),
        Tabel("signalen naar categorie", tuple(signalen)),
        Tabel(
            "signalen opgepakt naar categorie",
            ((("pct_signalen_opgepakt", *gemeente), opgepakt), *per_wijk("pct_signalen_opgepakt")),
        ),
        Tabel(
            "initiatieven naar uitkomst",
            (
                (
                    ("initiatieven", *gemeente),
                    tuple((uitkomst, STATUS, s.value) for s in InitiatiefStatus),
                ),
                (
                    zonder_doorgang,
                    tuple((uitkomst, STATUS, s.value) for s in INITIATIEF_ZONDER_DOORGANG),
                ),
                # the concluded initiatives the share realised rests on
                (
                    ("pct_initiatieven_gerealiseerd", *gemeente),
                    ((uitkomst, STATUS, InitiatiefStatus.GEREALISEERD.value), zonder_doorgang),
                ),
                *per_wijk("initiatieven"),
                *per_wijk("initiatieven_zonder_doorgang"),
                *per_wijk("pct_initiatieven_gerealiseerd"),
            ),
        ),
    ]


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
        tabellen=logbook_tables(gemeente_code, wijken),
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
