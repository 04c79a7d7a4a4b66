"""The actieonderzoek's demo: a programme of 18 months in Gouda with three sociaal teams.

`generate_demo(store, settings, gemeente_code="GM0513", jaar=2025, seed=...)` writes the gemeente
and its wijken (when the store has none), a broker per team in the register, the settings file
(instellingen.py), the logbook's actions in the teams' wijken and a CSV of the questions and
initiatives the brokers picked up from the teams, imported through the cycle's importer.
`answer_as_demo` answers a round's survey windows (brokers identified, social workers
anonymously, partners), the survey filler `run_round` takes (the cycle's `beantwoord_als_demo`;
`makelaar demo --cycle actieonderzoek` runs every interim study of the programme up to today,
the last one ending with the handreiking). The same seed gives the same rows: running it again
writes nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from makelaar.cycles.actieonderzoek.gegevens import FORM_MAKELAAR, FORM_WERKER
from makelaar.cycles.actieonderzoek.instellingen import (
    VOORBEELD,
    Instellingen,
    instellingen_pad,
    laad_instellingen,
    lees_instellingen,
)
from makelaar.cycles.actieonderzoek.vragen import importeer_inbreng, schrijf_csv
from makelaar.cycles.demo.antwoorden import Respondent, genereer_antwoorden
from makelaar.cycles.enquetes import EnqueteStand
from makelaar.cycles.registry import migration_folders
from makelaar.cycles.rounds import today_in_nl
from makelaar.cycles.spec import RoundContext
from makelaar.forms.antwoorden import dien_in
from makelaar.forms.geheim import antwoordmerk, merksleutel
from makelaar.forms.rondes import formulier as stored_form
from makelaar.intake.makelaars import Inschrijving, registreer
from makelaar.models.domain import (
    ActieType,
    EnqueteModus,
    Kanaal,
    ResponsBron,
    Resultaat,
    UitnodigingStatus,
)
from makelaar.models.errors import MakelaarError
from makelaar.models.privacy import Pseudonymiser, load_key
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.taal import in_taal
from makelaar.models.tables import EnqueteRonde, Gemeente, SocialeActie, Uitnodiging, Wijk
from makelaar.models.upsert import insert_missing

__all__ = ["DemoVerslag", "answer_as_demo", "demo_periodes", "generate_demo"]

GOUDA = "Gouda"
#: the demo's wijken when the store has none for the gemeente (code suffix, name)
WIJKEN = (
    ("01", "Binnenstad"),
    ("02", "Korte Akkeren"),
    ("03", "Bloemendaal"),
    ("04", "Plaswijck"),
    ("05", "Goverwelle"),
    ("06", "Kort Haarlem"),
    ("07", "Oosterwei"),
)
#: the teams and their brokers (invented names)
TEAMS = (
    ("Sociaal team Noord", "Fatima el Amrani"),
    ("Sociaal team Oost", "Joost van Dijk"),
    ("Sociaal team West", "Sanne Verhoef"),
)
#: the demo's thresholds: a programme of three teams brings more questions than the defaults
DEMO_DREMPELS = """drempels:
  vragen_per_thema: 15
  reflecties_per_thema: 14
  aandeel_collectief: 0.25
  samenwerking_minimum: 3.5
"""
#: per interim study: how the teams' questions spread over the themes
VRAAG_GEWICHTEN = (
    {"schulden": 8, "eenzaamheid": 3, "bewonersinitiatief": 3},
    {"schulden": 9, "eenzaamheid": 4, "bewonersinitiatief": 3},
    {"schulden": 5, "eenzaamheid": 7, "bewonersinitiatief": 4},
    {"schulden": 3, "eenzaamheid": 8, "bewonersinitiatief": 5},
    {"schulden": 3, "eenzaamheid": 5, "bewonersinitiatief": 6},
    {"schulden": 3, "eenzaamheid": 4, "bewonersinitiatief": 6},
)
WERKERS_PER_TEAM = 12
PARTNERS_PER_TEAM = 6

#: free text per theme (the codebook's words appear in them), by question-name fragment
ZINNEN: dict[str, dict[str, str]] = {
    "schulden": {
        "werkte": "Samen met de schuldhulp een vast spreekuur houden werkte goed; huishoudens "
        "met schulden komen nu eerder.",
        "geleerd": "Veel huishoudens hebben schulden en stapels rekeningen; dat vraagt om een "
        "papierwinkel in de buurt, niet om tien losse trajecten.",
        "anders": "Vragen over schulden eerder bundelen en samen met vrijwilligers een "
        "spreekuur opzetten.",
    },
    "eenzaamheid": {
        "werkte": "De koffieochtend bracht bewoners bij elkaar die thuis alleen zaten.",
        "geleerd": "Eenzaamheid speelt bij jonge en oude bewoners; een ontmoetingsplek werkt "
        "beter dan een doorverwijzing.",
        "anders": "Eenzaam zijn bespreekbaar maken in het teamoverleg en samen een plek zoeken.",
    },
    "samenwerking": {
        "werkte": "Het wekelijkse teamoverleg met de makelaar maakt de samenwerking "
        "vanzelfsprekend.",
        "geleerd": "Afstemming in het casusoverleg voorkomt dat we langs elkaar heen werken.",
        "anders": "Meer vaste tijd voor overleg tussen makelaar en sociaal werkers.",
    },
    "bewonersinitiatief": {
        "werkte": "Een bewonersinitiatief voor een buurtmaaltijd vond snel vrijwilligers.",
        "geleerd": "Bewoners willen zelf iets doen; de makelaar helpt een initiatief op weg.",
        "anders": "Initiatieven van bewoners sneller in het team brengen.",
    },
    "registratie": {
        "werkte": "Het logboek geeft overzicht over wat de makelaar doet.",
        "geleerd": "De registratie kost veel tijd; niet alles hoeft in het logboek.",
        "anders": "Minder administratie, meer tijd in de wijk.",
    },
}
VOORBEELDEN = (
    "Drie gezinnen met dezelfde betalingsachterstand kwamen via het team bij de makelaar; nu "
    "helpen vrijwilligers elke week bij het spreekuur voor de papierwinkel.",
    "Een oudere bewoner die alleen woonde, helpt nu bij de koffieochtend in het buurthuis.",
    "In {wijk} zette een moeder samen met de makelaar een ruilwinkel op voor kinderkleding.",
    "Een bewoner (bel 06-12345678) wilde helpen; zij leidt nu de taalgroep met andere "
    "vrijwilligers.",
)
#: per interim study: how the themes weigh in that period (the programme's story)
GEWICHTEN = (
    {"schulden": 5, "eenzaamheid": 2, "samenwerking": 3, "registratie": 2, "bewonersinitiatief": 1},
    {"schulden": 6, "eenzaamheid": 2, "samenwerking": 2, "registratie": 2, "bewonersinitiatief": 1},
    {"schulden": 3, "eenzaamheid": 4, "samenwerking": 2, "registratie": 1, "bewonersinitiatief": 2},
    {"schulden": 2, "eenzaamheid": 5, "samenwerking": 1, "registratie": 1, "bewonersinitiatief": 3},
    {"schulden": 2, "eenzaamheid": 3, "samenwerking": 1, "registratie": 1, "bewonersinitiatief": 4},
    {"schulden": 2, "eenzaamheid": 2, "samenwerking": 1, "registratie": 1, "bewonersinitiatief": 4},
)


@dataclass
class DemoVerslag:
    """What generate_demo wrote."""

    gemeente_code: str
    instellingen: Path
    vragen_csv: Path
    wijken_nieuw: int = 0
    makelaars: int = 0
    acties_nieuw: int = 0
    vragen_nieuw: int = 0
    periodes: list[str] = field(default_factory=list)


def demo_periodes(jaar: int) -> list[str]:
    """The programme's interim studies as round periods: six quarters from `jaar`'s first."""
    return [f"{jaar}-Q{q}" for q in range(1, 5)] + [f"{jaar + 1}-Q1", f"{jaar + 1}-Q2"]


def _instellingen_yaml(
    gemeente_code: str, jaar: int, teams: Sequence[tuple[str, str, list[str], str]]
) -> str:
    tekst = VOORBEELD.replace("GM0000", gemeente_code)
    tekst = tekst.replace("start: 2026-01-01", f"start: {jaar}-01-01")
    tekst = tekst.replace("einde: 2027-06-30", f"einde: {jaar + 1}-06-30")
    begin, eind = tekst.index("teams:"), tekst.index("drempels:")
    regels = [
        "teams:                      # de sociaal teams; elk team één makelaar naast de sociaal werkers"
    ]
    for code, naam, wijken, makelaar in teams:
        regels += [
            f"  - code: {code}",
            f"    naam: {naam}",
            f"    wijken: [{', '.join(wijken)}]",
            f"    makelaar: {makelaar}",
        ]
    rest = tekst[eind:]
    rest = DEMO_DREMPELS + rest[rest.index("codeboek:") :]
    return tekst[:begin] + "\n".join(regels) + "\n" + rest


def _kies(rng: random.Random, gewichten: dict[str, int]) -> str:
    return rng.choices(list(gewichten), weights=list(gewichten.values()))[0]


def generate_demo(
    store: Store,
    settings: Settings,
    *,
    gemeente_code: str = "GM0513",
    jaar: int = 2025,
    seed: int = 20250101,
    tot: dt.date | None = None,
) -> DemoVerslag:
    """Write the demo programme (see the module docstring); nothing is dated after `tot` (today)."""
    tot = tot or today_in_nl()
    if tot < dt.date(jaar, 1, 1):
        raise MakelaarError(
            in_taal(
                settings.locale,
                f"Het demoprogramma begint op 1-1-{jaar}, na {tot:%d-%m-%Y}; kies een eerder jaar.",
                f"The demo programme begins on 1-1-{jaar}, after {tot:%d-%m-%Y}; choose an earlier "
                "year.",
            )
        )
    store.upgrade(migration_folders())  # the cycle's own tables (and every other cycle's)
    rng = random.Random(seed)
    prefix = f"ao-demo-{gemeente_code}-{jaar}-{seed}"
    with store.session() as session:
        gemeente = session.get(Gemeente, gemeente_code)
        nieuw_wijken = 0
        if gemeente is None:
            session.add(Gemeente(code=gemeente_code, naam=GOUDA))
            session.flush()
        wijken = session.scalars(
            select(Wijk.code).where(Wijk.gemeente_code == gemeente_code).order_by(Wijk.code)
        ).all()
        if not wijken:
            for suffix, naam in WIJKEN:
                session.add(
                    Wijk(
                        code=f"WK{gemeente_code[2:]}{suffix}",
                        gemeente_code=gemeente_code,
                        naam=naam,
                    )
                )
                nieuw_wijken += 1
            session.flush()
            wijken = [f"WK{gemeente_code[2:]}{s}" for s, _ in WIJKEN]
        verdeling: list[list[str]] = [[] for _ in TEAMS]
        for index, wijk in enumerate(wijken):
            verdeling[index % len(TEAMS)].append(wijk)
        teams = [
            (f"T{i + 1}", naam, verdeling[i], f"{gemeente_code}-AO-MK{i + 1}")
            for i, (naam, _) in enumerate(TEAMS)
        ]
        registratie = registreer(
            session,
            [
                Inschrijving(
                    code=mk,
                    gemeente_code=gemeente_code,
                    naam=dict(TEAMS)[naam],
                    wijken=tuple(w),
                )
                for _, naam, w, mk in teams
            ],
        )
        ids = registratie.ids
        acties = []
        dag = dt.date(jaar, 1, 1)
        einde = min(dt.date(jaar + 1, 6, 30), tot)
        nummer = 0
        while dag <= einde:
            for _, _, w, mk in teams:
                for wijk in w:
                    if rng.random() < 0.18:
                        nummer += 1
                        acties.append(
                            {
                                "sleutel": f"{prefix}-actie-{nummer}",
                                "datum": dag,
                                "makelaar_id": ids[mk],
                                "wijk_code": wijk,
                                "actietype": rng.choice(list(ActieType)),
                                "partners": [],
                                "partner_organisaties": [],
                                "bereikt": rng.randint(1, 25),
                                "bewoners_organisator": 0,
                                "bewoners_deelnemer": 0,
                                "doelgroepen": [],
                                "resultaat": rng.choice(list(Resultaat)),
                                "uren": float(rng.randint(1, 6)),
                                "bron": "demo actieonderzoek",
                            }
                        )
            dag += dt.timedelta(days=1)
        acties_nieuw = insert_missing(
            session,
            SocialeActie.__table__,  # type: ignore[arg-type]  # a declarative table is a Table
            acties,
            key=("sleutel",),
        )
    pad = instellingen_pad(settings, gemeente_code)
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(_instellingen_yaml(gemeente_code, jaar, teams), encoding="utf-8")
    instellingen = lees_instellingen(pad.read_text(encoding="utf-8"), pad.name)
    csv = schrijf_csv(
        settings.data_dir / "cycli" / "actieonderzoek" / f"{gemeente_code}-vragen-demo.csv",
        _vragen(rng, instellingen, prefix, tot),
    )
    rapport = importeer_inbreng(store, csv, instellingen, Pseudonymiser(load_key(settings)[0]))
    if rapport.aantal_fouten:
        raise MakelaarError(
            in_taal(
                settings.locale,
                f"De demovragen zijn geweigerd: {rapport.fouten[0].tekst()}",
                f"The demo questions were refused: {rapport.fouten[0].tekst('en')}",
            )
        )
    return DemoVerslag(
        gemeente_code=gemeente_code,
        instellingen=pad,
        vragen_csv=csv,
        wijken_nieuw=nieuw_wijken,
        makelaars=len(teams),
        acties_nieuw=acties_nieuw,
        vragen_nieuw=rapport.nieuw,
        periodes=demo_periodes(jaar),
    )


OMSCHRIJVINGEN = {
    "schulden": "Huishouden met betalingsachterstanden en ongeopende post",
    "eenzaamheid": "Bewoner zit veel alleen thuis en kent weinig buren",
    "samenwerking": "Vraag over wie welke rol heeft bij een gezin",
    "registratie": "Vraag over het vastleggen van afspraken",
    "bewonersinitiatief": "Bewoners willen een buurtactiviteit starten",
}


def _vragen(
    rng: random.Random, instellingen: Instellingen, prefix: str, tot: dt.date
) -> list[dict[str, object]]:
    rijen: list[dict[str, object]] = []
    for studie in instellingen.tussenstudies():
        if studie.begin > tot:
            break
        gewichten = VRAAG_GEWICHTEN[min(studie.nummer - 1, len(VRAAG_GEWICHTEN) - 1)]
        for t_index, team in enumerate(instellingen.teams):
            for n in range(rng.randint(14, 24) + 4 * (t_index == 0)):
                dag = studie.begin + dt.timedelta(
                    days=rng.randint(0, (studie.einde - studie.begin).days)
                )
                if dag > tot:
                    continue
                thema = _kies(rng, gewichten)
                soort = "initiatief" if thema == "bewonersinitiatief" else "vraag"
                spec = instellingen.codeboek.get(thema)
                collectief = soort == "vraag" and rng.random() < 0.1 + 0.08 * studie.nummer
                rijen.append(
                    {
                        "datum": dag,
                        "team": team.code,
                        "soort": soort,
                        "thema": thema if rng.random() > 0.08 else "overig",
                        "omschrijving": OMSCHRIJVINGEN[thema],
                        "huishoudens": rng.randint(1, 3) if soort == "vraag" else None,
                        "collectief_aanbod": (
                            spec.collectief_aanbod
                            if spec and spec.collectief_aanbod
                            else "Groepsbijeenkomst"
                        )
                        if collectief
                        else None,
                        "sleutel": f"{prefix}-{studie.nummer}-{team.code}-{n}",
                    }
                )
    return rijen


def _teksten(rng: random.Random, studie: int, wijknaam: str) -> dict[str, tuple[str, ...]]:
    gewichten = GEWICHTEN[min(studie - 1, len(GEWICHTEN) - 1)]
    teksten: dict[str, tuple[str, ...]] = {}
    for deel in ("werkte", "geleerd", "anders"):
        teksten[deel] = tuple(ZINNEN[_kies(rng, gewichten)][deel] for _ in range(3))
    teksten["voorbeeld"] = tuple(v.format(wijk=wijknaam) for v in VOORBEELDEN)
    return teksten


def answer_as_demo(ctx: RoundContext, standen: Sequence[EnqueteStand]) -> list[int]:
    """Invite each team's broker, social workers and partners and store their generated answers;
    returns the new responses per survey window."""
    key, _, _ = load_key(ctx.settings)
    pseudo = Pseudonymiser(key)
    merk_key = merksleutel(key)
    instellingen = laad_instellingen(
        ctx.settings, ctx.ronde.gemeente_code, ctx.bestanden.get("instellingen")
    )
    with ctx.store.session() as session:
        namen = dict(session.execute(select(Wijk.code, Wijk.naam)).tuples().all())
    studie = instellingen.tussenstudie(ctx.ronde.begin, ctx.ronde.einde).nummer
    return [_fill(ctx, stand, instellingen, pseudo, merk_key, namen, studie) for stand in standen]


def _fill(
    ctx: RoundContext,
    stand: EnqueteStand,
    instellingen: Instellingen,
    pseudo: Pseudonymiser,
    merk_key: bytes,
    namen: dict[str, str],
    studie: int,
) -> int:
    ronde = ctx.ronde
    anoniem = stand.modus is EnqueteModus.ANONIEM
    base = f"ao-demo-{ronde.gemeente_code}-{ronde.periode}-{stand.form_id}"
    rng = random.Random(base)
    contacts: list[tuple[str, str | None, str, float]] = []  # contact, respondent, wijk, chance
    for team in instellingen.teams:
        wijk = team.wijken[0]
        if stand.form_id == FORM_MAKELAAR:
            contacts.append((f"{team.makelaar}", team.makelaar, wijk, 0.95))
        elif stand.form_id == FORM_WERKER:
            contacts += [
                (f"{team.code}-werker-{i}", None, wijk, 0.8) for i in range(WERKERS_PER_TEAM)
            ]
        else:
            contacts += [
                (f"{team.code}-partner-{i}", f"PA-{team.code}-{i}", wijk, 0.7)
                for i in range(PARTNERS_PER_TEAM)
            ]
    with ctx.store.session() as session:
        enquete_ronde = session.get(EnqueteRonde, stand.enquete_ronde_id)
        assert enquete_ronde is not None, "the survey round the status came from"
        form = stored_form(session, enquete_ronde.enquete_id)
        rows = [
            {
                "enquete_ronde_id": stand.enquete_ronde_id,
                "contact": pseudo.pseudonym("contact-demo", c.encode().hex()),
                "respondent": None if anoniem else r,
                "wijk_code": w,
                "kanaal": Kanaal.LIJST,
                "status": UitnodigingStatus.OPEN,
                "herinneringen": 0,
                "laatst_benaderd_op": ctx.nu(),
            }
            for c, r, w, _ in contacts
        ]
        insert_missing(session, Uitnodiging.__table__, rows, key=("enquete_ronde_id", "contact"))  # type: ignore[arg-type]
        ids: dict[str, int] = {
            contact: uitnodiging_id
            for contact, uitnodiging_id in session.execute(
                select(Uitnodiging.contact, Uitnodiging.id).where(
                    Uitnodiging.enquete_ronde_id == stand.enquete_ronde_id
                )
            ).tuples()
        }
    responders = [(row, c) for row, c in zip(rows, contacts, strict=True) if rng.random() < c[3]]
    rng.shuffle(responders)
    nieuw = 0
    vandaag = ctx.nu().date()
    for index, (row, (_, respondent, wijk, _)) in enumerate(responders):
        person_rng = random.Random(f"{base}-{index}")
        if stand.form_id in (FORM_MAKELAAR, FORM_WERKER):
            # the cooperation item runs from 'helemaal oneens' (its first choice) up: a lower lean
            # answers higher, and the cooperation grows over the programme's interim studies
            lean = 1 - min(0.5 + 0.06 * studie, 0.9)
        else:
            lean = min(0.25 + 0.05 * studie, 0.9)
        persoon = Respondent(
            welzijn=lean,
            schaal_kans=0.2,
            begin=ronde.begin,
            einde=max(ronde.begin, min(ronde.einde, vandaag)),
            teksten=_teksten(person_rng, studie, namen.get(wijk, "de wijk")),
        )
        antwoorden = genereer_antwoorden(form, person_rng, persoon)
        uitnodiging = ids[str(row["contact"])]
        ontvangst = dien_in(
            ctx.store,
            enquete_ronde_id=stand.enquete_ronde_id,
            instance_id=hashlib.sha256(f"{base}-{index}".encode()).hexdigest()[:32],
            antwoorden=antwoorden,
            taal="nl",
            respondent=None if anoniem else respondent,
            wijk_code=wijk,
            bron=ResponsBron.DEMO,
            uitnodiging_id=uitnodiging,
            merk=antwoordmerk(merk_key, uitnodiging) if anoniem else None,
        )
        nieuw += ontvangst.uitslag == "nieuw"
    return nieuw
