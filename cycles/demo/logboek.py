"""The demo year's logbook: sociale acties, bewonersinitiatieven and signalen, from one seeded generator."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any, TypeVar

from makelaar.cycles.demo.catalogus import (
    ANDERS,
    DOELGROEP_KANS,
    DOORGEZET_NAAR,
    FONDS_REDEN,
    INITIATIEF_STATUS_NA,
    INITIATIEF_TITELS,
    INITIATIEF_VERLOOP,
    ONDERSTEUNING,
    PARTNER_ORDER,
    REDENEN,
    SIGNAAL_STATUS_NA,
    SIGNALEN,
    SOORTEN,
)
from makelaar.cycles.demo.knelpunten import Plan
from makelaar.cycles.demo.makelaars import Bezetting
from makelaar.cycles.demo.profiel import WijkProfiel
from makelaar.models.domain import (
    ActieType,
    Doelgroep,
    InitiatiefStatus,
    SignaalCategorie,
    SignaalSoort,
    SignaalStatus,
)

__all__ = ["BRON", "acties", "initiatieven", "signalen"]

BRON = "demo"
T = TypeVar("T")
A, C, S = ActieType, SignaalCategorie, SignaalSoort
ST, SS = InitiatiefStatus, SignaalStatus
#: kinds of action residents start and organise themselves, more often where they organise more
DOOR_BEWONERS = frozenset({A.BEWONERSINITIATIEF, A.EVENEMENT})
MAX_KANS = 0.95


def _pick(rng: random.Random, weights: Mapping[T, float]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _kalender(jaar: int) -> tuple[list[dt.date], list[float], list[float]]:
    """The year's days with cumulative weights for office work and for events."""
    dagen, werk, feest = [], [], []
    totaal_werk = totaal_feest = 0.0
    dag = dt.date(jaar, 1, 1)
    while dag.year == jaar:
        seizoen = 0.55 if dag.month in (7, 8) else 0.3 if (dag.month, dag.day) >= (12, 22) else 1.0
        totaal_werk += (1.0, 1.0, 1.0, 1.0, 1.0, 0.12, 0.03)[dag.weekday()] * seizoen
        totaal_feest += (0.3, 0.3, 0.4, 0.4, 0.6, 1.0, 0.6)[dag.weekday()] * (
            1.3 if dag.month in (5, 6, 7, 8, 9) else 0.8
        )
        dagen.append(dag)
        werk.append(totaal_werk)
        feest.append(totaal_feest)
        dag += dt.timedelta(days=1)
    return dagen, werk, feest


def _buurt(rng: random.Random, profiel: WijkProfiel) -> str | None:
    if not profiel.buurten:
        return None
    return rng.choices(profiel.buurten, weights=profiel.buurt_gewichten)[0]


def _doelgroepen(
    rng: random.Random, profiel: WijkProfiel, factor: float, ouderen: float
) -> list[str]:
    """Target groups an action reaches: by the kind of action and the wijk's CBS profile."""
    kansen = {
        Doelgroep.OUDEREN: profiel.ouderen**1.5 * ouderen,
        Doelgroep.JONGEREN: profiel.jongeren**1.5,
        Doelgroep.MIGRANTEN: profiel.sociaaleconomisch**1.5,
        Doelgroep.VLUCHTELINGEN: profiel.vluchtelingen**1.5,
        Doelgroep.BEPERKING: 1.0,
    }
    return [
        groep.value
        for groep, relatief in kansen.items()
        if rng.random() < min(DOELGROEP_KANS[groep] * relatief * factor, 0.9)
    ]


def acties(
    rng: random.Random,
    profielen: list[WijkProfiel],
    bezetting: Bezetting,
    plan: Plan,
    prefix: str,
) -> list[dict[str, Any]]:
    """The whole year's sociale acties: each wijk's share by inhabitants and need, less during a
    vacancy. The rows do not depend on a cut-off date: the caller drops those after it."""
    dagen, werk, feest = _kalender(plan.jaar)
    totaal = sum(rng.randint(165, 195) for _ in bezetting.makelaars)
    gewicht = sum(p.gewicht for p in profielen)
    rows: list[dict[str, Any]] = []
    for profiel in profielen:
        organiseren = plan.organiseren_factor(profiel.code)
        ouderen = plan.ouderen_factor(profiel.code)
        soorten = {
            soort: s.gewicht * (organiseren if soort in DOOR_BEWONERS else 1.0)
            for soort, s in SOORTEN.items()
        }
        for _ in range(round(totaal * profiel.gewicht / gewicht)):
            soort = _pick(rng, soorten)
            s = SOORTEN[soort]
            datum = rng.choices(dagen, cum_weights=feest if soort is A.EVENEMENT else werk)[0]
            if (
                plan.in_vacature(profiel.code, datum)
                and rng.random() >= plan.knelpunten.vacature_bezetting
            ):
                continue  # left undone: the wijk is a broker short
            bereikt = rng.randint(*s.bereikt)
            kans, lo, hi = s.organisator
            organisator = (
                rng.randint(lo, hi) if rng.random() < min(kans * organiseren, MAX_KANS) else 0
            )
            minimum, maximum, soorten_partner = s.partners
            partners = rng.sample(soorten_partner, rng.randint(minimum, maximum))
            rows.append(
                {
                    "sleutel": f"{prefix}-actie-{len(rows) + 1:06d}",
                    "datum": datum,
                    "makelaar_id": _pick(rng, bezetting.gewichten(profiel.code, datum)),
                    "wijk_code": profiel.code,
                    "buurt_code": _buurt(rng, profiel),
                    "actietype": soort,
                    "actietype_anders": rng.choice(ANDERS) if soort is A.ANDERS else None,
                    "partners": sorted((p.value for p in partners), key=PARTNER_ORDER.index),
                    "bereikt": bereikt,
                    "bewoners_organisator": organisator,
                    "bewoners_deelnemer": round(bereikt * s.deelnemer * rng.uniform(0.7, 1.0)),
                    "doelgroepen": _doelgroepen(rng, profiel, s.doelgroep, ouderen),
                    "resultaat": _pick(rng, s.resultaten),
                    "uren": max(0.5, round(rng.uniform(*s.uren) * 2) / 2),
                    "notitie": rng.choice(s.notities)
                    if s.notities and rng.random() < 0.25
                    else None,
                    "bron": BRON,
                }
            )
    return rows


def initiatieven(
    main_rng: random.Random,
    actierijen: list[dict[str, Any]],
    bezetting: Bezetting,
    plan: Plan,
    namen: Mapping[str, str],
    prefix: str,
    tot: dt.date,
) -> list[dict[str, Any]]:
    """About one initiative per two initiative actions of the whole year, spread like those
    actions over the wijken; each as it stands on `tot` (started and last changed by then).

    Each initiative draws from a generator of its own, so an initiative keeps its key and start
    whatever `tot` is (only its state as of `tot` differs); those started after `tot` are left out.
    """
    per_wijk: dict[str, float] = {}
    for actie in actierijen:
        if actie["actietype"] is A.BEWONERSINITIATIEF:
            per_wijk[actie["wijk_code"]] = per_wijk.get(actie["wijk_code"], 0.0) + 1.0
    einde = min(dt.date(plan.jaar, 12, 31), tot)
    rows: list[dict[str, Any]] = []
    for nummer in range(1, round(sum(per_wijk.values()) / 2) + 1):
        rng = random.Random(main_rng.getrandbits(64))
        wijk = _pick(rng, per_wijk)
        gestart = dt.date(plan.jaar, 1, 1) + dt.timedelta(days=rng.randint(0, 348))
        if gestart > einde:
            continue  # not started yet on the cut-off day
        leeftijd = (einde - gestart).days
        status = _pick(rng, next(w for grens, w in INITIATIEF_STATUS_NA if leeftijd < grens))
        reden: str | None = rng.choice(REDENEN[status]) if status in REDENEN else None
        afwijzing = plan.fonds_wijst_af(gestart)
        if status in (ST.ONDERSTEUND, ST.GEREALISEERD) and rng.random() < afwijzing:
            status, reden = ST.NIET_ONDERSTEUND, FONDS_REDEN
        (na_lo, na_hi), (lo, hi) = INITIATIEF_VERLOOP[status]
        bijgewerkt = gestart + dt.timedelta(
            days=rng.randint(min(na_lo, leeftijd), min(na_hi, leeftijd))
        )
        titel = rng.choice(INITIATIEF_TITELS)
        if rng.random() < 0.6:
            titel = f"{titel} {namen[wijk]}"
        steun = None
        if status in (ST.ONDERSTEUND, ST.GEREALISEERD, ST.GESTRAND):
            steun = "; ".join(rng.sample(ONDERSTEUNING, rng.randint(1, 2)))
        eigen = bezetting.ids_in(wijk, gestart)
        rows.append(
            {
                "sleutel": f"{prefix}-initiatief-{nummer:05d}",
                "titel": titel[:200],
                "wijk_code": wijk,
                "makelaar_id": rng.choice(eigen) if rng.random() < 0.95 else None,
                "status": status,
                "reden": reden,
                "ondersteuning": steun,
                "bewoners_betrokken": rng.randint(lo, hi),
                "gestart_op": gestart,
                "bijgewerkt_op": bijgewerkt,
                "bron": BRON,
            }
        )
    return rows


def _categorie(rng: random.Random, profiel: WijkProfiel) -> tuple[SignaalSoort, SignaalCategorie]:
    if rng.random() < 0.75:
        return S.PROBLEEM, _pick(
            rng,
            {
                C.SCHULDEN: 20 * profiel.sociaaleconomisch,
                C.EENZAAMHEID: 11 * (profiel.ouderen + profiel.eenpersoons),
                C.OVERLAST: 20.0, C.OPVOEDING: 12 * profiel.jongeren, C.GEZONDHEID: 12.0,
                C.WOONOMGEVING: 14.0,
            },
        )  # fmt: skip
    return S.KRACHT, _pick(
        rng, {C.IDEE: 55.0, C.WOONOMGEVING: 25.0, C.EENZAAMHEID: 10.0, C.OPVOEDING: 10.0}
    )


def signalen(
    rng: random.Random,
    profielen: list[WijkProfiel],
    bezetting: Bezetting,
    plan: Plan,
    aantal: int,
    prefix: str,
    tot: dt.date,
) -> list[dict[str, Any]]:
    """Signals spread like the work over the year, as they stand on `tot`: older ones more often
    followed up, unless they stay behind; those noticed after `tot` are left out (their draws
    still made, so the others keep their keys whatever `tot` is)."""
    wijken = {p.code: p for p in profielen}
    gewichten = {p.code: p.gewicht for p in profielen}
    einde = min(dt.date(plan.jaar, 12, 31), tot)
    rows: list[dict[str, Any]] = []
    for nummer in range(1, aantal + 1):
        profiel = wijken[_pick(rng, gewichten)]
        soort, categorie = _categorie(rng, profiel)
        datum = dt.date(plan.jaar, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        leeftijd = (einde - datum).days
        status = _pick(rng, next(w for grens, w in SIGNAAL_STATUS_NA if leeftijd < grens))
        blijft_liggen = plan.blijft_liggen(profiel.code)
        if blijft_liggen and rng.random() < blijft_liggen:
            status = SS.NIEUW
        opvolging = {
            SS.NIEUW: None,
            SS.OPGEPAKT: "Makelaar gaat in gesprek met de betrokken bewoners.",
            SS.DOORGEZET: f"Doorgezet naar {DOORGEZET_NAAR[categorie]}.",
            SS.AFGEROND: f"Afgerond na overleg met {DOORGEZET_NAAR[categorie]}.",
        }[status]
        row = {
            "sleutel": f"{prefix}-signaal-{nummer:05d}",
            "datum": datum,
            "makelaar_id": rng.choice(bezetting.ids_in(profiel.code, datum)),
            "wijk_code": profiel.code,
            "buurt_code": _buurt(rng, profiel),
            "soort": soort,
            "categorie": categorie,
            "omschrijving": rng.choice(SIGNALEN[(soort, categorie)]),
            "opvolging": opvolging,
            "status": status,
            "bron": BRON,
        }
        if datum <= einde:  # one noticed after the cut-off day is left out, its draws made
            rows.append(row)
    return rows
