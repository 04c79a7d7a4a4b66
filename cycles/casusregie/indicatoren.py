"""The casusregie indicators: declared once, computed from the pilot's own tables.

Honest for a pilot of about ten households: every mean carries its t interval (cycles.onzekerheid),
the paired difference of providers per household too (start minus closure, per household), the
median days to first contact its exact distribution-free interval (order statistics, binomial),
and every share Wilson's interval. Everything that rests on households passes disclosure control
(intake.disclosure.suppress) with the gemeente's smallest cell: breakdowns per wijk or per role
are published only where they reach it. The brokers' count is of professionals, not households,
and is published as it is.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

from scipy.special import bdtr

from makelaar.cycles.casusregie.gegevens import Gegevens
from makelaar.cycles.onzekerheid import met_interval
from makelaar.cycles.spec import Indicator
from makelaar.intake.disclosure import soort_van_eenheid, suppress
from makelaar.models.schemas import IndicatorValue

__all__ = ["INDICATOREN", "bereken", "mediaan_interval", "op_gemeente"]


def _i(id_: str, nl: str, en: str, eenheid: Any, **extra: Any) -> Indicator:
    return Indicator(f"casusregie_{id_}", nl, en, eenheid, **extra)


HUISHOUDENS = _i(
    "huishoudens",
    "Huishoudens in de pilot",
    "Households in the pilot",
    "aantal",
    optelbaar=True,
    berekening="huishoudens met een melding in de periode",
)
AANBIEDERS_START = _i(
    "aanbieders_start",
    "Aanbieders per huishouden bij de start",
    "Providers per household at the start",
    "gemiddeld",
    uitsplitsingen=("gemeente",),
    statistiek="t",
    berekening="gemiddelde over alle huishoudens",
)
AANBIEDERS_EINDE = _i(
    "aanbieders_einde",
    "Aanbieders per huishouden bij afsluiting",
    "Providers per household at closure",
    "gemiddeld",
    uitsplitsingen=("gemeente",),
    beter="lager",
    statistiek="t",
    berekening="gemiddelde over afgesloten casussen",
)
AANBIEDERS_MINDER = _i(
    "aanbieders_minder",
    "Aanbieders minder per huishouden (start min afsluiting)",
    "Fewer providers per household (start minus closure)",
    "gemiddeld",
    beter="hoger",
    statistiek="t",
    vraag_nl="Zijn er bij afsluiting minder aanbieders betrokken dan bij de start?",
    vraag_en="Are fewer providers involved at closure than at the start?",
    berekening="gepaard: per afgesloten huishouden start min afsluiting, gemiddeld (t-interval)",
)
DAGEN_GEMIDDELD = _i(
    "dagen_contact_gemiddeld",
    "Dagen tot eerste contact (gemiddeld)",
    "Days to first contact (mean)",
    "gemiddeld",
    uitsplitsingen=("gemeente",),
    beter="lager",
    statistiek="t",
    berekening="melding tot eerste contact",
)
DAGEN_MEDIAAN = _i(
    "dagen_contact_mediaan",
    "Dagen tot eerste contact (mediaan)",
    "Days to first contact (median)",
    "gemiddeld",
    uitsplitsingen=("gemeente",),
    beter="lager",
    berekening="mediaan; exact interval uit de rangorde (binomiaal)",
)
EIGEN_NETWERK = _i(
    "eigen_netwerk",
    "Huishoudens met steun uit het eigen netwerk",
    "Households supported by their own network",
    "%",
    uitsplitsingen=("gemeente",),
    beter="hoger",
    statistiek="wilson",
)
VRIJWILLIGERS = _i(
    "vrijwilligers",
    "Huishoudens met steun van vrijwilligers",
    "Households supported by volunteers",
    "%",
    uitsplitsingen=("gemeente",),
    statistiek="wilson",
)
PROFESSIONALS = _i(
    "professionals",
    "Huishoudens met steun van professionals",
    "Households supported by professionals",
    "%",
    uitsplitsingen=("gemeente",),
    statistiek="wilson",
)
SNELHEID = _i(
    "tevredenheid_snelheid",
    "Tevredenheid over de snelheid",
    "Satisfaction with speed",
    "gemiddeld",
    uitsplitsingen=("gemeente",),
    beter="hoger",
    statistiek="t",
)
EIGEN_VERANTWOORDELIJKHEID = _i(
    "tevredenheid_eigen_verantwoordelijkheid",
    "Aangesproken op eigen verantwoordelijkheid",
    "Addressed on own responsibility",
    "gemiddeld",
    uitsplitsingen=("gemeente",),
    beter="hoger",
    statistiek="t",
)
NETWERK_BETROKKEN = _i(
    "netwerk_betrokken",
    "Huishoudens die zeggen dat hun netwerk betrokken was",
    "Households saying their network was involved",
    "%",
    uitsplitsingen=("gemeente",),
    beter="hoger",
    statistiek="wilson",
)
SAMENWERKING = _i(
    "samenwerking",
    "Samenwerking volgens vrijwilligers en professionals",
    "Collaboration as volunteers and professionals see it",
    "gemiddeld",
    uitsplitsingen=("gemeente", "rol"),
    beter="hoger",
    statistiek="t",
)
ROLVERDELING = _i(
    "rolverdeling",
    "Duidelijke rolverdeling volgens vrijwilligers en professionals",
    "Clear roles as volunteers and professionals see it",
    "gemiddeld",
    uitsplitsingen=("gemeente", "rol"),
    beter="hoger",
    statistiek="t",
)
MAKELAARS = _i(
    "makelaars",
    "Makelaars met casussen",
    "Brokers with cases",
    "aantal",
    uitsplitsingen=("gemeente",),
)
MAKELAARS_WERKWIJZE = _i(
    "makelaars_werkwijze",
    "Makelaars die in al hun casussen volgens de werkwijze werkten",
    "Brokers who worked by the agreed method in all their cases",
    "aantal",
    uitsplitsingen=("gemeente",),
    beter="hoger",
)

INDICATOREN: tuple[Indicator, ...] = (
    HUISHOUDENS,
    AANBIEDERS_START,
    AANBIEDERS_EINDE,
    AANBIEDERS_MINDER,
    DAGEN_GEMIDDELD,
    DAGEN_MEDIAAN,
    EIGEN_NETWERK,
    VRIJWILLIGERS,
    PROFESSIONALS,
    SNELHEID,
    EIGEN_VERANTWOORDELIJKHEID,
    NETWERK_BETROKKEN,
    SAMENWERKING,
    ROLVERDELING,
    MAKELAARS,
    MAKELAARS_WERKWIJZE,
)
#: of professionals, not households: no small-number suppression applies
NIET_ONDERDRUKT = frozenset({MAKELAARS.id, MAKELAARS_WERKWIJZE.id})


def mediaan_interval(waarden: Sequence[float], niveau: float = 0.95) -> tuple[float, float] | None:
    """The exact distribution-free interval of the median: order statistics x(r) and x(n-r+1),
    with r the largest rank for which P(Bin(n, 1/2) <= r-1) <= (1-niveau)/2; None for n < 6."""
    x = sorted(waarden)
    n = len(x)
    r = 0
    while r + 1 <= n // 2 and float(bdtr(r, n, 0.5)) <= (1 - niveau) / 2:
        r += 1
    if r == 0:
        return None
    return x[r - 1], x[n - r]


def _gemiddelde(
    ind: Indicator, dimensie: str, sleutel: str, xs: Sequence[float]
) -> IndicatorValue | None:
    if not xs:
        return None
    n = len(xs)
    value = IndicatorValue(
        indicator=ind.id,
        dimensie=dimensie,
        sleutel=sleutel,
        waarde=round(statistics.fmean(xs), 2),
        basis=n,
        teller=float(sum(xs)),
        noemer=float(n),
        spreiding=statistics.stdev(xs) if n >= 2 else None,
    )
    return met_interval(value, "t")


def _aandeel(ind: Indicator, sleutel: str, ja: int, n: int) -> IndicatorValue | None:
    if not n:
        return None
    value = IndicatorValue(
        indicator=ind.id,
        dimensie="gemeente",
        sleutel=sleutel,
        waarde=round(100.0 * ja / n, 1),
        basis=n,
        teller=ja,
        noemer=n,
    )
    return met_interval(value, "wilson")


def _mediaan(sleutel: str, xs: Sequence[float]) -> IndicatorValue | None:
    if not xs:
        return None
    interval = mediaan_interval(xs)
    return IndicatorValue(
        indicator=DAGEN_MEDIAAN.id,
        dimensie="gemeente",
        sleutel=sleutel,
        waarde=float(statistics.median(xs)),
        basis=len(xs),
        noemer=float(len(xs)),
        ondergrens=interval[0] if interval else None,
        bovengrens=interval[1] if interval else None,
    )


def bereken(gegevens: Gegevens, gemeente_code: str, min_n: int) -> list[IndicatorValue]:
    """Every indicator of the round, suppressed where it rests on fewer than `min_n` households
    or respondents (the brokers' counts aside)."""
    gm = gemeente_code
    cs = gegevens.casussen
    dicht = [
        c
        for c in cs
        if c["afgesloten_op"] is not None
        and c["aanbieders_einde"] is not None
        and c["aanbieders_start"] is not None
    ]
    gestart = [float(c["aanbieders_start"]) for c in cs if c["aanbieders_start"] is not None]
    dagen = [
        float((c["eerste_contact_op"] - c["gemeld_op"]).days) for c in cs if c["eerste_contact_op"]
    ]
    verschil = [float(c["aanbieders_start"] - c["aanbieders_einde"]) for c in dicht]
    ruw: list[IndicatorValue | None] = [
        IndicatorValue(
            indicator=HUISHOUDENS.id,
            dimensie="gemeente",
            sleutel=gm,
            waarde=len({c["huishouden"] for c in cs}),
            basis=len(cs),
        ),
        _gemiddelde(AANBIEDERS_START, "gemeente", gm, gestart),
        _gemiddelde(
            AANBIEDERS_EINDE, "gemeente", gm, [float(c["aanbieders_einde"]) for c in dicht]
        ),
        _gemiddelde(AANBIEDERS_MINDER, "gemeente", gm, verschil),
        _gemiddelde(DAGEN_GEMIDDELD, "gemeente", gm, dagen),
        _mediaan(gm, dagen),
        _aandeel(EIGEN_NETWERK, gm, sum(c["eigen_netwerk"] for c in cs), len(cs)),
        _aandeel(VRIJWILLIGERS, gm, sum(c["vrijwilligers"] for c in cs), len(cs)),
        _aandeel(PROFESSIONALS, gm, sum(c["professionals"] for c in cs), len(cs)),
    ]
    for wijk in sorted({c["wijk"] for c in cs}):
        in_wijk = [c for c in cs if c["wijk"] == wijk]
        ruw.append(
            IndicatorValue(
                indicator=HUISHOUDENS.id,
                dimensie="wijk",
                sleutel=wijk,
                waarde=len(in_wijk),
                basis=len(in_wijk),
            )
        )
        ruw.append(
            _gemiddelde(
                AANBIEDERS_MINDER,
                "wijk",
                wijk,
                [
                    float(c["aanbieders_start"] - c["aanbieders_einde"])
                    for c in dicht
                    if c["wijk"] == wijk
                ],
            )
        )
    an = gegevens.antwoorden
    ruw += [
        _gemiddelde(SNELHEID, "gemeente", gm, [float(a["snelheid"]) for a in an]),
        _gemiddelde(
            EIGEN_VERANTWOORDELIJKHEID,
            "gemeente",
            gm,
            [float(a["eigen_verantwoordelijkheid"]) for a in an],
        ),
        _aandeel(NETWERK_BETROKKEN, gm, sum(a["netwerk_betrokken"] for a in an), len(an)),
    ]
    sw = gegevens.samenwerking
    for ind, veld in ((SAMENWERKING, "samenwerking"), (ROLVERDELING, "rolverdeling")):
        ruw.append(_gemiddelde(ind, "gemeente", gm, [float(s[veld]) for s in sw]))
        for rol in ("vrijwilliger", "professional"):
            ruw.append(
                _gemiddelde(ind, "rol", rol, [float(s[veld]) for s in sw if s["rol"] == rol])
            )
    waarden = [v for v in ruw if v is not None]
    soorten = {i.id: soort_van_eenheid(i.eenheid) for i in INDICATOREN}
    gepubliceerd = suppress(waarden, min_n, additive={HUISHOUDENS.id}, soorten=soorten)
    # per broker: True when every case of theirs followed the method, False when one did not,
    # None when it is not recorded for some (a logbook case) and none is known not to
    per_makelaar: dict[str, bool | None] = {}
    for c in cs:
        eerder = per_makelaar.get(c["makelaar"], True)
        nu = c["volgens_werkwijze"]
        per_makelaar[c["makelaar"]] = (
            False
            if eerder is False or nu is False
            else None
            if nu is None or eerder is None
            else True
        )
    zeker = sum(v is True for v in per_makelaar.values())
    onbekend = sum(v is None for v in per_makelaar.values())
    gepubliceerd += [
        IndicatorValue(
            indicator=MAKELAARS.id,
            dimensie="gemeente",
            sleutel=gm,
            waarde=len(per_makelaar),
            basis=len(per_makelaar),
        ),
        # the interval: at least the brokers known to work by the method, at most those plus the
        # ones it is not recorded for
        IndicatorValue(
            indicator=MAKELAARS_WERKWIJZE.id,
            dimensie="gemeente",
            sleutel=gm,
            waarde=zeker,
            basis=len(per_makelaar),
            teller=zeker,
            noemer=len(per_makelaar),
            ondergrens=zeker,
            bovengrens=zeker + onbekend,
        ),
    ]
    return gepubliceerd


def op_gemeente(waarden: Sequence[IndicatorValue]) -> dict[str, IndicatorValue]:
    """The gemeente's value of each indicator, by id."""
    return {v.indicator: v for v in waarden if v.dimensie == "gemeente"}


def is_getal(value: float | None) -> bool:
    return value is not None and not math.isnan(value)
