"""What the actieonderzoek's documents show, gathered from the store: the interim report of a round
and the handreiking at the programme's end (rapport.py renders them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import Field
from sqlalchemy import select

from makelaar.cycles.actieonderzoek.indicatoren import INDICATOREN
from makelaar.cycles.actieonderzoek.instellingen import Instellingen, Tussenstudie
from makelaar.cycles.actieonderzoek.rapport import Lokaal, cel, delen
from makelaar.cycles.actieonderzoek.teksten import BRONNEN, bron_sleutel, getal, vertaler
from makelaar.cycles.enquetes import survey_status
from makelaar.cycles.leerbijeenkomst import Decision, decisions
from makelaar.cycles.rounds import list_rounds, stored_result
from makelaar.cycles.spec import IndicatorValue, ObserveResult, ReflectResult, RoundContext
from makelaar.forms.titels import formulier_titel
from makelaar.models.domain import Besluit, Fase, modus_label, publiek_label
from makelaar.models.taal import taal_van
from makelaar.models.tables import Makelaar, Wijk

__all__ = ["Gereflecteerd", "handreiking_context", "lokale_namen", "tussenrapport_context"]


class Gereflecteerd(ReflectResult):
    """The actieonderzoek's reflect result: the quotes that passed screening, kept for the
    interim report and the handreiking."""

    citaten: list[str] = Field(default_factory=list)
    tussenstudie: int = 0


def _bron(bron: str, gelezen: int, t: Callable[..., str], taal: str) -> tuple[str, str]:
    """A source's row in the account: its name and what was read, in the reader's language."""
    naam = bron_sleutel(bron)
    uitleg = BRONNEN[naam] if naam else None
    aantal = getal(gelezen, 0, taal)
    if uitleg is not None:
        return t(naam), t("gelezen_uitleg", aantal=aantal, uitleg=t(uitleg))
    return (t(naam) if naam else bron), t("gelezen", aantal=aantal)


def _maanden(instellingen: Instellingen) -> int:
    p = instellingen.programma
    return (p.einde.year - p.start.year) * 12 + p.einde.month - p.start.month + 1


_TEAMRIJEN = (
    ("ao_vragen", 0, ""),
    ("ao_collectief", 0, "%"),
    ("ao_initiatieven", 0, ""),
    ("ao_acties", 0, ""),
    ("ao_reflecties", 0, ""),
    ("ao_samenwerking", 1, ""),
)


def tussenrapport_context(
    ctx: RoundContext,
    instellingen: Instellingen,
    studie: Tussenstudie,
    reflected: Gereflecteerd,
    observed: ObserveResult,
) -> dict[str, Any]:
    ronde = ctx.ronde
    taal = taal_van(ctx.settings.locale)
    t = vertaler(taal)
    values = {(v.indicator, v.dimensie, v.sleutel): v for v in reflected.indicatoren}
    teams = instellingen.teams
    teamtabel = [
        {
            "naam": INDICATOREN[indicator].naam(taal),
            "cellen": [
                cel(values.get((indicator, "gemeente", ronde.gemeente_code)), dec, eenheid, taal),
                *(
                    cel(values.get((indicator, "team", team.code)), dec, eenheid, taal)
                    for team in teams
                ),
            ],
        }
        for indicator, dec, eenheid in _TEAMRIJEN
    ]
    rollen = []
    for rol, naam in (("makelaar", "makelaars"), ("sociaal_werker", "sociaal_werkers")):
        c = cel(values.get(("ao_samenwerking", "rol", rol)), 1, "", taal)
        rollen.append({"naam": t(naam), "waarde": c.waarde, "interval": c.interval})
    per_publiek = []
    for v in reflected.indicatoren:
        if v.indicator == "ao_respons":
            c = cel(v, 0, "%", taal)
            per_publiek.append(
                {"naam": publiek_label(v.sleutel, taal), "waarde": c.waarde, "interval": c.interval}
            )
    themas = []
    for thema, spec in [*instellingen.codeboek.items(), ("overig", None)]:
        vragen = cel(values.get(("ao_vraag_thema", "thema", thema)), 0, "", taal)
        reflecties = cel(values.get(("ao_reflectie_thema", "thema", thema)), 0, "", taal)
        themas.append(
            {
                "label": spec.label if spec else t("overig"),
                "vragen": vragen.waarde,
                "reflecties": reflecties.waarde if spec else "",
                "woorden": ", ".join(spec.woorden) if spec else "",
            }
        )
    besluiten = decisions(ctx.store, ronde.id)
    verantwoording: list[tuple[str, str]] = [
        (
            t("periode"),
            t(
                "periode_waarde",
                begin=f"{ronde.begin:%d-%m-%Y}",
                einde=f"{ronde.einde:%d-%m-%Y}",
                periode=ronde.periode,
            ),
        ),
        *(_bron(b.bron, b.gelezen, t, taal) for b in observed.bronnen),
    ]
    for stand in survey_status(ctx.store, ronde.id, ctx.nu()):
        n = ctx.settings.min_cell_size
        respons = (
            t(
                "respons",
                beantwoord=stand.beantwoord,
                uitgenodigd=stand.uitgenodigd,
                modus=modus_label(stand.modus, taal),
            )
            if stand.beantwoord >= n
            else t("respons_weinig", drempel=n, modus=modus_label(stand.modus, taal))
        )
        titel = formulier_titel(stand.form_id, stand.titel, taal)
        verantwoording.append((f"{titel} ({publiek_label(stand.publiek, taal)})", respons))
    d = instellingen.drempels
    verantwoording += [
        (t("kleinste"), t("kleinste_waarde", drempel=ctx.settings.min_cell_size)),
        (
            t("drempels"),
            t(
                "drempels_waarde",
                vragen=d.vragen_per_thema,
                reflecties=d.reflecties_per_thema,
                aandeel=getal(100 * d.aandeel_collectief, 0, taal),
                samenwerking=getal(d.samenwerking_minimum, 1, taal),
            ),
        ),
    ]
    return {
        "titel": t("rapport_titel", gemeente=ronde.gemeente_naam, nummer=studie.nummer),
        "ondertitel": t("rapport_ondertitel"),
        "voettekst": t("rapport_voet", gemeente=ronde.gemeente_naam, nummer=studie.nummer),
        "gemeente": ronde.gemeente_naam,
        "periode": ronde.periode,
        "studie": studie,
        "studies": len(instellingen.tussenstudies()),
        "maanden": _maanden(instellingen),
        "programma": instellingen.programma,
        "laatste": studie.nummer == len(instellingen.tussenstudies()),
        "teams": teams,
        "datum": ctx.nu().date(),
        "bevindingen": reflected.bevindingen,
        "citaten": reflected.citaten,
        "aangenomen": [b for b in besluiten if b.besluit is Besluit.AANGENOMEN],
        "verworpen": [b for b in besluiten if b.besluit in (Besluit.VERWORPEN, Besluit.UITGESTELD)],
        "drempel": ctx.settings.min_cell_size,
        "teamtabel": teamtabel,
        "rollen": [r for r in rollen if r["waarde"] != "–"],
        "respons_per_publiek": per_publiek,
        "themas": themas,
        "verantwoording": verantwoording,
    }


def lokale_namen(ctx: RoundContext, instellingen: Instellingen) -> Lokaal:
    """The gemeente's name, its wijken's, the teams' and the brokers'."""
    with ctx.store.session() as session:
        wijken = session.scalars(
            select(Wijk.naam).where(Wijk.gemeente_code == ctx.ronde.gemeente_code)
        ).all()
        makelaars = session.scalars(
            select(Makelaar.naam).where(Makelaar.gemeente_code == ctx.ronde.gemeente_code)
        ).all()
    return Lokaal.van(
        [ctx.ronde.gemeente_naam, *wijken, *makelaars, *(t.naam for t in instellingen.teams)]
    )


def _deel_van(sectie_id: str) -> str:
    for niveau in ("gemeente", "organisatie", "wijk"):
        if sectie_id.startswith(niveau) or sectie_id == f"actieonderzoek-{niveau}":
            return niveau
    return "organisatie"


def handreiking_context(
    ctx: RoundContext, instellingen: Instellingen, lokaal: Lokaal
) -> dict[str, Any]:
    """The handreiking for other municipalities from every round of the programme."""
    ronde = ctx.ronde
    taal = taal_van(ctx.settings.locale)
    t = vertaler(taal)
    rondes = [
        r
        for r in list_rounds(ctx.store)
        if r.gemeente_code == ronde.gemeente_code and r.cyclus == ronde.cyclus
    ]
    wijzigingen: dict[str, tuple[int, Decision]] = {}
    per_thema: dict[str, set[int]] = {}
    waar: dict[str, set[str]] = {}
    citaten: list[str] = []
    for r in sorted(rondes, key=lambda r: (r.begin, r.id)):
        reflected = stored_result(ctx.store, r.id, Fase.REFLECT, Gereflecteerd)
        if not isinstance(reflected, Gereflecteerd):
            continue
        studie = instellingen.tussenstudie(r.begin, r.einde).nummer
        for f in reflected.bevindingen:
            for prefix in ("vragen-", "reflecties-"):
                if f.code.startswith(prefix):
                    per_thema.setdefault(f.code.removeprefix(prefix), set()).add(studie)
                    waar.setdefault(f.code.removeprefix(prefix), set()).add(prefix)
        citaten += [c for c in reflected.citaten if c not in citaten]
        for d in decisions(ctx.store, r.id):
            if d.besluit is Besluit.AANGENOMEN:
                wijzigingen[d.code] = (studie, d)
    weggelaten = 0
    parts = delen(taal)
    for deel in parts:
        gekozen = []
        for studie, d in sorted(wijzigingen.values(), key=lambda x: (x[0], x[1].code)):
            if _deel_van(d.sectie_id) != deel["niveau"]:
                continue
            if lokaal.noemt(f"{d.titel} {d.tekst}"):
                weggelaten += 1
                continue
            gekozen.append({"titel": d.titel, "tekst": d.tekst, "studie": studie})
        deel["wijzigingen"] = gekozen
    n = len(instellingen.tussenstudies())
    lessen = []
    for thema, in_studies in sorted(per_thema.items(), key=lambda x: (-len(x[1]), x[0])):
        spec = instellingen.codeboek.get(thema)
        if spec is None:
            continue
        aanbod = (
            t("les_aanbod", aanbod=spec.collectief_aanbod.lower()) if spec.collectief_aanbod else ""
        )
        bronnen = waar.get(thema, set())
        als = t(
            "waar_beide"
            if len(bronnen) == 2
            else "waar_vragen"
            if "vragen-" in bronnen
            else "waar_reflecties"
        )
        tekst = t("les", aantal=len(in_studies), totaal=n, waar=als) + aanbod
        if lokaal.noemt(f"{spec.label} {tekst}"):
            weggelaten += 1
            continue
        lessen.append({"label": spec.label, "tekst": tekst})
    citaten, uit_citaten = lokaal.zonder(citaten[:8])
    return {
        "titel": t("handreiking_titel"),
        "ondertitel": t("handreiking_ondertitel", maanden=_maanden(instellingen), aantal=n),
        "voettekst": t("handreiking_voet"),
        "maanden": _maanden(instellingen),
        "studies": n,
        "datum": ctx.nu().date(),
        "delen": parts,
        "lessen": lessen,
        "citaten": citaten,
        "weggelaten": weggelaten + uit_citaten,
    }


def gepubliceerd(values: Sequence[IndicatorValue]) -> int:
    """How many values may be published."""
    return sum(1 for v in values if not v.onderdrukt and v.waarde is not None)
