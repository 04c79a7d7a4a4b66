"""The actieonderzoek's indicators, declared once, and their values per team and for the gemeente.

Counts carry a Poisson interval, shares a Wilson interval and means a t interval
(cycles.onzekerheid); all of them pass small-number suppression (intake.disclosure.suppress),
the teams' counts as a table that adds up to the gemeente's so a hidden team cannot be worked out.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence

from makelaar.cycles.actieonderzoek.gegevens import Waarnemingen
from makelaar.cycles.actieonderzoek.instellingen import Instellingen
from makelaar.cycles.enquetes import EnqueteStand
from makelaar.cycles.onzekerheid import met_interval
from makelaar.cycles.spec import Indicator, IndicatorValue
from makelaar.intake.disclosure import Tabel, cel, suppress

__all__ = ["INDICATOREN", "OPTELBAAR", "bereken"]

_TEAM = ("gemeente", "team")

INDICATOREN: dict[str, Indicator] = {
    i.id: i
    for i in (
        Indicator(
            "ao_vragen", "Vragen uit het sociaal team", "Questions from the social team",
            "aantal", _TEAM, optelbaar=True, statistiek="poisson",
            vraag_nl="Hoeveel vragen pakte de makelaar op uit het sociaal team?",
            vraag_en="How many questions did the broker pick up from the social team?",
            berekening="aantal vragen (soort vraag) met een datum in de ronde",
        ),
        Indicator(
            "ao_collectief", "Vragen collectief opgepakt", "Questions taken up collectively",
            "%", _TEAM, beter="hoger", statistiek="wilson",
            vraag_nl="Welk deel van de vragen leidde tot een collectief aanbod?",
            vraag_en="What share of the questions led to a collective offer?",
            berekening="vragen met een collectief aanbod / alle vragen x 100",
        ),
        Indicator(
            "ao_initiatieven", "Bewonersinitiatieven ingebracht in het team",
            "Resident initiatives brought to the team", "aantal", _TEAM, beter="hoger",
            optelbaar=True, statistiek="poisson",
            berekening="aantal ingebrachte initiatieven (soort initiatief) in de ronde",
        ),
        Indicator(
            "ao_acties", "Sociale acties in de wijken van het team",
            "Social actions in the team's wijken", "aantal", _TEAM, optelbaar=True,
            statistiek="poisson", berekening="acties uit het logboek in de wijken van het team",
        ),
        Indicator(
            "ao_reflecties", "Ingevulde reflectieformulieren", "Reflection forms returned",
            "aantal", _TEAM, optelbaar=True,
            berekening="reflecties van makelaars en sociaal werkers in de ronde",
        ),
        Indicator(
            "ao_samenwerking", "Ervaren samenwerking makelaar en sociaal team (1–5)",
            "Perceived cooperation of broker and social team (1–5)", "gemiddeld",
            (*_TEAM, "rol"), beter="hoger", statistiek="t",
            berekening="gemiddelde van de uitspraak over de samenwerking (1 tot en met 5)",
        ),
        Indicator(
            "ao_partner_cijfer", "Rapportcijfer van partners voor de samenwerking",
            "Partners' mark for the cooperation", "gemiddeld", ("gemeente",), beter="hoger",
            statistiek="t", berekening="gemiddeld rapportcijfer (1 tot en met 10) uit de partnerenquête",
        ),
        Indicator(
            "ao_respons", "Respons per publiek", "Response per audience", "%", ("publiek",),
            beter="hoger", statistiek="wilson",
            vraag_nl="Welk deel van de uitgenodigde makelaars, sociaal werkers en partners "
            "vulde hun formulier in?",
            vraag_en="What share of the invited brokers, social workers and partners returned "
            "their form?",
            berekening="beantwoord / uitgenodigd x 100, per publiek over de enquêterondes van de "
            "ronde",
        ),
        Indicator(
            "ao_vraag_thema", "Vragen per thema", "Questions per theme", "aantal", ("thema",),
            statistiek="poisson", berekening="aantal vragen met dit thema in de ronde",
        ),
        Indicator(
            "ao_reflectie_thema", "Reflecties die het thema noemen",
            "Reflections naming the theme", "aantal", ("thema",),
            berekening="reflecties waarvan de vrije tekst een woord van het thema bevat (codeboek)",
        ),
    )
}  # fmt: skip
OPTELBAAR = frozenset(i.id for i in INDICATOREN.values() if i.optelbaar)


def _telling(indicator: str, dimensie: str, sleutel: str, n: int) -> IndicatorValue:
    value = IndicatorValue(
        indicator=indicator, dimensie=dimensie, sleutel=sleutel, waarde=float(n), basis=n, teller=n
    )
    return met_interval(value, INDICATOREN[indicator].statistiek)


def _aandeel(indicator: str, dimensie: str, sleutel: str, k: int, n: int) -> IndicatorValue:
    value = IndicatorValue(
        indicator=indicator,
        dimensie=dimensie,
        sleutel=sleutel,
        waarde=100.0 * k / n if n else None,
        basis=n,
        teller=k,
        noemer=n,
    )
    return met_interval(value, "wilson")


def _gemiddelde(indicator: str, dimensie: str, sleutel: str, xs: Sequence[int]) -> IndicatorValue:
    value = IndicatorValue(
        indicator=indicator,
        dimensie=dimensie,
        sleutel=sleutel,
        waarde=statistics.fmean(xs) if xs else None,
        basis=len(xs),
        teller=float(sum(xs)),
        noemer=len(xs),
        spreiding=statistics.stdev(xs) if len(xs) > 1 else None,
    )
    return met_interval(value, "t")


def _respons(standen: Sequence[EnqueteStand]) -> list[IndicatorValue]:
    """The response per audience: its survey rounds' answers over their invitations."""
    per_publiek: dict[str, tuple[int, int]] = {}
    for stand in standen:
        if stand.uitgenodigd:
            k, n = per_publiek.get(stand.publiek.value, (0, 0))
            per_publiek[stand.publiek.value] = (k + stand.beantwoord, n + stand.uitgenodigd)
    return [
        met_interval(
            IndicatorValue(
                indicator="ao_respons",
                dimensie="publiek",
                sleutel=publiek,
                waarde=100.0 * k / n,
                basis=k,  # published from min_n answers, as the report's method says
                teller=k,
                noemer=n,
            ),
            "wilson",
        )
        for publiek, (k, n) in per_publiek.items()
    ]


def bereken(
    w: Waarnemingen,
    instellingen: Instellingen,
    gemeente_code: str,
    min_n: int,
    standen: Sequence[EnqueteStand] = (),
) -> list[IndicatorValue]:
    """Every indicator's values for the round, as they may be published (`standen`: the round's
    survey rounds, for the response per audience)."""
    teams = [t.code for t in instellingen.teams]
    vragen = [i for i in w.inbreng if i.soort == "vraag"]
    eenheden: list[tuple[str, str, frozenset[str | None] | None]] = [
        ("gemeente", gemeente_code, None),
        *(("team", t, frozenset({t})) for t in teams),
    ]
    values: list[IndicatorValue] = []
    tabellen: list[Tabel] = []
    for indicator, per_team in (
        ("ao_vragen", Counter(i.team for i in vragen)),
        ("ao_initiatieven", Counter(i.team for i in w.inbreng if i.soort == "initiatief")),
        ("ao_acties", Counter(w.acties)),
        ("ao_reflecties", Counter(r.team for r in w.reflecties if r.team)),
    ):
        delen = [per_team.get(t, 0) for t in teams]
        totaal = len(w.reflecties) if indicator == "ao_reflecties" else sum(delen)
        rij = [_telling(indicator, "gemeente", gemeente_code, totaal)]
        rij += [_telling(indicator, "team", t, n) for t, n in zip(teams, delen, strict=True)]
        values += rij
        if totaal == sum(delen):  # the teams add up to the gemeente: one table to protect
            tabellen.append(Tabel(indicator, ((cel(rij[0]), tuple(cel(v) for v in rij[1:])),)))
    for dimensie, sleutel, filter_ in eenheden:
        selectie = [v for v in vragen if filter_ is None or v.team in filter_]
        k = sum(v.collectief for v in selectie)
        if selectie:
            values.append(_aandeel("ao_collectief", dimensie, sleutel, k, len(selectie)))
        scores = [
            r.samenwerking
            for r in w.reflecties
            if r.samenwerking is not None and (filter_ is None or r.team in filter_)
        ]
        if scores:
            values.append(_gemiddelde("ao_samenwerking", dimensie, sleutel, scores))
    for rol in ("makelaar", "sociaal_werker"):
        scores = [r.samenwerking for r in w.reflecties if r.rol == rol and r.samenwerking]
        if scores:
            values.append(_gemiddelde("ao_samenwerking", "rol", rol, scores))
    if w.partnercijfers:
        values.append(_gemiddelde("ao_partner_cijfer", "gemeente", gemeente_code, w.partnercijfers))
    per_thema = Counter(v.thema for v in vragen)
    values += [_telling("ao_vraag_thema", "thema", t, n) for t, n in sorted(per_thema.items())]
    genoemd = Counter(t for r in w.reflecties for t in r.themas)
    values += [_telling("ao_reflectie_thema", "thema", t, n) for t, n in sorted(genoemd.items())]
    values += _respons(standen)
    return suppress(values, min_n, tabellen=tabellen)
