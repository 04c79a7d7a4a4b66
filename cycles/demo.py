"""A reproducible, realistic year of broker work for a gemeente's real wijken (rows with bron "demo")."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from cycles.sources.cbs import display_name
from cycles.sources.upsert import insert_missing
from models.domain import (
    ActieType,
    Doelgroep,
    InitiatiefStatus,
    PartnerSoort,
    Resultaat,
    SignaalCategorie,
    SignaalSoort,
    SignaalStatus,
)
from models.errors import StoreError
from models.schemas import Schema
from models.store import Store
from models.tables import Base, Buurt, Gemeente, Kerncijfers, Makelaar, SocialeActie, Wijk

__all__ = ["BRON", "DemoReport", "DemoTelling", "generate_demo"]

BRON = "demo"
T = TypeVar("T")

A, P, R = ActieType, PartnerSoort, Resultaat
FIRST_NAMES = (
    "Fatima", "Jeroen", "Sanne", "Mohamed", "Anouk", "Youssef", "Ilse", "Daan", "Esra", "Mark",
    "Naima", "Tom", "Lotte", "Hamza", "Marieke", "Kevin", "Samira", "Bas", "Priya", "Joost",
    "Latifa", "Ruben", "Ingrid", "Emre", "Wendy", "Sevda", "Pieter", "Nadia", "Thijs", "Amal",
    "Floor", "Kofi", "Miriam", "Stijn", "Aylin", "Gerard", "Rachida", "Niels", "Dewi", "Omar",
)  # fmt: skip
INITIALS = "ABDEGHJKLMNOPRSTVWZ"
PARTNER_ORDER = [p.value for p in PartnerSoort]


@dataclass(frozen=True)
class _Soort:
    """How one kind of sociale actie looks in a logbook."""

    gewicht: float  # relative frequency
    bereikt: tuple[int, int]
    organisator: tuple[float, int, int]  # chance that residents organise, and how many
    deelnemer: float  # share of those reached who take part
    partners: tuple[int, int, tuple[PartnerSoort, ...]]
    resultaten: dict[Resultaat, float]
    uren: tuple[float, float]
    doelgroep: float  # how often target groups are recorded, relative to the average
    notities: tuple[str, ...] = ()


SOORTEN: dict[ActieType, _Soort] = {
    A.HUISBEZOEK: _Soort(
        22, (1, 3), (0, 0, 0), 0, (0, 1, (P.ZORG, P.WELZIJN, P.WONINGCORPORATIE, P.GGD)),
        {R.DOORVERWIJZING: 30, R.INFORMATIE: 25, R.VERBINDING: 20, R.SIGNAAL: 12, R.GEEN: 13},
        (0.5, 2), 1.3,
        ("Kennismaking aan de deur; vervolgafspraak gemaakt.",
         "Samen de post en formulieren doorgenomen en een overzicht gemaakt.",
         "Bewoner wil graag meer contact in de buurt; koffieochtend in het buurthuis genoemd.",
         "Samen met de wijkverpleging langsgegaan."),
    ),
    A.DOORVERWIJZING: _Soort(
        18, (1, 2), (0, 0, 0), 0,
        (1, 1, (P.ZORG, P.WELZIJN, P.GGD, P.GEMEENTE, P.VRIJWILLIGERSORGANISATIE)),
        {R.DOORVERWIJZING: 80, R.SIGNAAL: 8, R.GEEN: 12}, (0.5, 1.5), 1.3,
        ("Doorverwezen naar de schuldhulpverlening.", "Warme overdracht aan het buurtteam.",
         "Doorverwezen naar het taalcafé van de bibliotheek.",
         "Aangemeld bij de ouderenadviseur."),
    ),
    A.OVERLEG_INSTANTIES: _Soort(
        17, (0, 0), (0, 0, 0), 0,
        (2, 4, (P.ZORG, P.GGD, P.WONINGCORPORATIE, P.POLITIE, P.GEMEENTE, P.WELZIJN, P.SCHOOL)),
        {R.SIGNAAL: 30, R.VERBINDING: 40, R.INFORMATIE: 20, R.GEEN: 10}, (1, 3), 0.6,
        ("Wijkoverleg met corporatie en wijkagent over overlast rond de flats.",
         "Afstemming met het buurtteam over een gezamenlijke aanpak van eenzaamheid.",
         "Netwerkoverleg jeugd met school en jongerenwerk.",
         "Afspraken gemaakt over wie welke signalen oppakt."),
    ),
    A.BEMIDDELING_BEWONERS: _Soort(
        8, (2, 6), (0, 0, 0), 1.0, (0, 1, (P.WONINGCORPORATIE, P.POLITIE)),
        {R.VERBINDING: 55, R.GEEN: 25, R.SIGNAAL: 20}, (1, 4), 0.8,
        ("Buren in gesprek gebracht over geluidsoverlast; afspraken gemaakt.",
         "Bemiddeld bij onenigheid over de gedeelde binnentuin.",
         "Gesprek over parkeeroverlast; vervolggesprek gepland."),
    ),
    A.BEMIDDELING_BEWONER_INSTELLING: _Soort(
        10, (1, 3), (0, 0, 0), 0, (1, 1, (P.WONINGCORPORATIE, P.GEMEENTE, P.ZORG, P.GGD)),
        {R.VERBINDING: 45, R.DOORVERWIJZING: 25, R.SIGNAAL: 10, R.GEEN: 20}, (1, 3), 1.1,
        ("Contact gelegd met de corporatie over achterstallig onderhoud.",
         "Meegegaan naar het spreekuur van de gemeente over een aanvraag."),
    ),
    A.BEWONERSINITIATIEF: _Soort(
        9, (3, 25), (0.85, 1, 4), 0.8,
        (0, 2, (P.BEWONERSORGANISATIE, P.GEMEENTE, P.VRIJWILLIGERSORGANISATIE, P.ONDERNEMER)),
        {R.INITIATIEF: 70, R.VERBINDING: 20, R.GEEN: 10}, (1, 6), 0.9,
        ("Initiatiefnemers geholpen met de aanvraag bij het initiatievenfonds.",
         "Tweede bijeenkomst over het plan; taken verdeeld.",
         "Ruimte in het buurthuis geregeld voor de activiteit."),
    ),
    A.EVENEMENT: _Soort(
        6, (20, 150), (0.8, 1, 6), 0.8,
        (0, 3, (P.BEWONERSORGANISATIE, P.VRIJWILLIGERSORGANISATIE, P.ONDERNEMER, P.SCHOOL, P.WELZIJN)),
        {R.VERBINDING: 70, R.INITIATIEF: 15, R.INFORMATIE: 15}, (3, 8), 1.0,
        ("Burendag met koffie en spelletjes op het plein.",
         "Buurtbarbecue; veel nieuwe bewoners leerden elkaar kennen.",
         "Informatiemarkt over energie besparen."),
    ),
    A.BUURTONDERZOEK: _Soort(
        3, (15, 120), (0.3, 1, 3), 1.0, (0, 2, (P.GEMEENTE, P.WONINGCORPORATIE, P.WELZIJN, P.SCHOOL)),
        {R.SIGNAAL: 50, R.INFORMATIE: 40, R.INITIATIEF: 10}, (4, 8), 0.8,
        ("Deur-tot-deurgesprekken over veiligheid en groen.",
         "Rondgang met bewoners langs de speelplekken."),
    ),
    A.BUURTRAPPORTAGE: _Soort(
        2, (5, 40), (0.1, 1, 2), 0, (1, 2, (P.GEMEENTE, P.WELZIJN, P.WONINGCORPORATIE)),
        {R.INFORMATIE: 70, R.SIGNAAL: 30}, (3, 8), 0.5,
        ("Kwartaalrapportage voor de wijkraad opgesteld.",),
    ),
    A.NIEUWSBRIEF: _Soort(
        2, (150, 900), (0.25, 1, 2), 0, (0, 1, (P.BEWONERSORGANISATIE, P.ONDERNEMER)),
        {R.INFORMATIE: 95, R.VERBINDING: 5}, (2, 6), 0.3,
        ("Wijknieuwsbrief met de activiteitenagenda verstuurd.",),
    ),
    A.ANDERS: _Soort(
        1.2, (1, 20), (0.1, 1, 2), 0.5, (0, 2, tuple(PartnerSoort)),
        {R.INFORMATIE: 40, R.VERBINDING: 40, R.GEEN: 20}, (0.5, 4), 0.8,
    ),
}  # fmt: skip
ANDERS = (
    "Inloopspreekuur in de bibliotheek", "Presentatie op de wijkraad",
    "Workshop voor vrijwilligers", "Rondleiding voor nieuwe collega's van het buurtteam",
)  # fmt: skip
#: base chance that an action records the target group, before the wijk's profile
DOELGROEP_KANS = {
    Doelgroep.OUDEREN: 0.16, Doelgroep.JONGEREN: 0.12, Doelgroep.MIGRANTEN: 0.14,
    Doelgroep.VLUCHTELINGEN: 0.05, Doelgroep.BEPERKING: 0.07,
}  # fmt: skip

INITIATIEF_TITELS = (
    "Buurtmoestuin", "Samen eten", "Opschoondag", "Taalcafé", "Speeltuin opknappen",
    "Winterfeest", "Huiswerkklas", "Wandelgroep voor ouderen", "Repair Café", "Burendag",
    "Jeu-de-boulesbaan", "Minibieb", "Schoolplein vergroenen", "Koffieochtend", "Buurtkrant",
    "Sportinstuif voor jongeren", "Geveltuinen", "Kookclub", "Zomerkamp voor kinderen",
    "Bankjes bij de speelplek", "Fietsenmaakplaats", "Walk-and-talk voor mantelzorgers",
)  # fmt: skip
REDENEN = {
    InitiatiefStatus.NIET_ONDERSTEUND: (
        "subsidieaanvraag afgewezen", "past niet binnen de regels van het initiatievenfonds",
        "te weinig draagvlak in de buurt", "vergelijkbare activiteit bestaat al in de wijk",
        "geen vergunning voor de gewenste locatie",
    ),
    InitiatiefStatus.GESTRAND: (
        "geen vrijwilligers gevonden voor de organisatie", "initiatiefnemer verhuisd",
        "locatie niet beschikbaar", "kosten hoger dan begroot", "te weinig aanmeldingen",
        "initiatiefnemers konden het niet eens worden over de aanpak",
    ),
}  # fmt: skip
ONDERSTEUNING = (
    "hulp bij de subsidieaanvraag", "ruimte geregeld in het buurthuis",
    "in contact gebracht met de woningcorporatie", "promotie via de wijknieuwsbrief",
    "gekoppeld aan een vrijwilligersorganisatie", "advies over vergunning en veiligheid",
)  # fmt: skip

S, C = SignaalSoort, SignaalCategorie
SIGNALEN: dict[tuple[SignaalSoort, SignaalCategorie], tuple[str, ...]] = {
    (S.PROBLEEM, C.SCHULDEN): (
        "Meerdere huishoudens met betalingsachterstanden bij huur en energie.",
        "Bewoners melden zorgen over stijgende vaste lasten.",
    ),
    (S.PROBLEEM, C.EENZAAMHEID): (
        "Oudere bewoners komen weinig buiten en hebben weinig contact met buren.",
        "Nieuwe bewoners kennen niemand in de straat.",
    ),
    (S.PROBLEEM, C.OVERLAST): (
        "Geluidsoverlast in een portiek in de avonduren.",
        "Hangplek bij het winkelcentrum geeft onrust.",
        "Zwerfafval en dumpingen bij de containers.",
    ),
    (S.PROBLEEM, C.OPVOEDING): (
        "Ouders zoeken steun bij opvoedvragen over pubers.",
        "Kinderen spelen tot laat zonder toezicht op straat.",
    ),
    (S.PROBLEEM, C.GEZONDHEID): (
        "Bewoners met psychische klachten vinden de weg naar hulp niet.",
        "Zorgen over vocht en schimmel in woningen.",
    ),
    (S.PROBLEEM, C.WOONOMGEVING): (
        "Slechte verlichting op het looppad naar de bushalte.",
        "Speelplek is verouderd en onveilig.",
    ),
    (S.KRACHT, C.IDEE): (
        "Bewoners willen een gezamenlijke moestuin beginnen.",
        "Idee voor een ruilkast voor kleding en speelgoed.",
        "Jongeren willen zelf een sporttoernooi organiseren.",
    ),
    (S.KRACHT, C.WOONOMGEVING): (
        "Bewoners willen zelf het groen in de straat onderhouden.",
        "Buren hebben samen de binnentuin opgeknapt.",
    ),
    (S.KRACHT, C.EENZAAMHEID): (
        "Buren doen boodschappen voor elkaar en houden een oogje in het zeil.",
    ),
    (S.KRACHT, C.OPVOEDING): ("Ouders willen samen een wekelijkse speelochtend organiseren.",),
}
DOORGEZET_NAAR = {
    C.SCHULDEN: "de schuldhulpverlening", C.EENZAAMHEID: "de ouderenadviseur",
    C.OVERLAST: "de woningcorporatie en de wijkagent", C.OPVOEDING: "het buurtteam jeugd en gezin",
    C.GEZONDHEID: "de GGD", C.WOONOMGEVING: "de gemeente (meldingen openbare ruimte)",
    C.IDEE: "het initiatievenfonds",
}  # fmt: skip


class DemoTelling(Schema):
    """Rows of one table the demo generated: newly written, or already in the store."""

    nieuw: int
    bestaand: int

    @property
    def totaal(self) -> int:
        return self.nieuw + self.bestaand


class DemoReport(Schema):
    """What generate_demo wrote, per table."""

    gemeente_code: str
    jaar: int
    seed: int
    makelaars: DemoTelling
    makelaar_wijken: DemoTelling
    acties: DemoTelling
    initiatieven: DemoTelling
    signalen: DemoTelling
    opmerkingen: list[str]

    @property
    def nieuw(self) -> int:
        """Rows written by this run, over all tables (0 when the demo was already there)."""
        tellingen = (self.makelaars, self.makelaar_wijken, self.acties, self.initiatieven)
        return sum(t.nieuw for t in (*tellingen, self.signalen))


@dataclass(frozen=True)
class _WijkProfiel:
    """A wijk's CBS profile relative to its gemeente (1.0 = the gemeente's average)."""

    code: str
    inwoners: int
    buurten: tuple[str, ...]
    buurt_gewichten: tuple[float, ...]
    ouderen: float
    jongeren: float
    eenpersoons: float
    laag_inkomen: float | None

    @property
    def behoefte(self) -> float:
        """How much broker work the wijk needs per inhabitant, from its profile (0.6 to 1.8)."""
        score = 1 + 0.3 * (self.ouderen - 1) + 0.3 * (self.eenpersoons - 1)
        if self.laag_inkomen is not None:
            score += 0.6 * (self.laag_inkomen - 1)
        return min(max(score, 0.6), 1.8)

    @property
    def gewicht(self) -> float:
        return max(self.inwoners, 1) * self.behoefte


@dataclass(frozen=True)
class _Makelaar:
    code: str
    naam: str
    wijken: tuple[str, ...]


def _share(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None


def _relative(value: float | None, average: float | None) -> float:
    if value is None or not average:
        return 1.0
    return min(max(value / average, 0.3), 3.0)


def _newest(rows: Sequence[Kerncijfers], jaar: int) -> dict[str, Kerncijfers]:
    """Per region, the newest figures up to `jaar`, else the earliest later year."""
    best: dict[str, Kerncijfers] = {}
    for row in sorted(rows, key=lambda r: (r.jaar <= jaar, r.jaar if r.jaar <= jaar else -r.jaar)):
        best[row.regiocode] = row  # the last one per region wins
    return best


def _profielen(
    session: Session, gemeente_code: str, jaar: int
) -> tuple[Gemeente, list[_WijkProfiel], list[str]]:
    gemeente = session.get(Gemeente, gemeente_code)
    hint = (
        "Importeer eerst de CBS Kerncijfers wijken en buurten "
        "(cycles.sources.cbs.import_kerncijfers) voor deze gemeente."
    )
    if gemeente is None:
        raise StoreError(f"Gemeente {gemeente_code} staat niet in de database. {hint}")
    wijken = session.scalars(
        select(Wijk).where(Wijk.gemeente_code == gemeente_code).order_by(Wijk.code)
    ).all()
    if not wijken:
        raise StoreError(f"Gemeente {gemeente_code} heeft geen wijken in de database. {hint}")
    wijk_codes = [w.code for w in wijken]
    buurten = session.scalars(
        select(Buurt).where(Buurt.wijk_code.in_(wijk_codes)).order_by(Buurt.code)
    ).all()
    codes = [gemeente_code, *wijk_codes, *(b.code for b in buurten)]
    cijfers = _newest(
        session.scalars(select(Kerncijfers).where(Kerncijfers.regiocode.in_(codes))).all(), jaar
    )
    totaal = cijfers.get(gemeente_code)

    def share(row: Kerncijfers | None, attribute: str, of: str = "inwoners") -> float | None:
        if row is None:
            return None
        return _share(getattr(row, attribute), getattr(row, of))

    def jong(row: Kerncijfers | None) -> float | None:
        if row is None or row.leeftijd_0_14 is None or row.leeftijd_15_24 is None:
            return None
        return _share(row.leeftijd_0_14 + row.leeftijd_15_24, row.inwoners)

    profielen: list[_WijkProfiel] = []
    zonder_inkomen = []
    for wijk in wijken:
        row = cijfers.get(wijk.code)
        if row is None or row.pct_huishoudens_laag_inkomen is None:
            zonder_inkomen.append(wijk.code)
        eigen = [b for b in buurten if b.wijk_code == wijk.code]
        gewichten = [
            float((cijfers[b.code].inwoners or 0) if b.code in cijfers else 0) for b in eigen
        ]
        if not any(gewichten):
            gewichten = [1.0] * len(eigen)
        profielen.append(
            _WijkProfiel(
                code=wijk.code,
                inwoners=(row.inwoners or 0) if row else 0,
                buurten=tuple(b.code for b in eigen),
                buurt_gewichten=tuple(gewichten),
                ouderen=_relative(
                    share(row, "leeftijd_65_plus"), share(totaal, "leeftijd_65_plus")
                ),
                jongeren=_relative(jong(row), jong(totaal)),
                eenpersoons=_relative(
                    share(row, "eenpersoonshuishoudens", "huishoudens"),
                    share(totaal, "eenpersoonshuishoudens", "huishoudens"),
                ),
                laag_inkomen=(
                    None
                    if row is None or row.pct_huishoudens_laag_inkomen is None
                    else _relative(
                        row.pct_huishoudens_laag_inkomen,
                        totaal.pct_huishoudens_laag_inkomen if totaal else None,
                    )
                ),
            )
        )
    opmerkingen = []
    if zonder_inkomen:
        opmerkingen.append(
            f"Voor {len(zonder_inkomen)} van de {len(wijken)} wijken ontbreekt het aandeel "
            "huishoudens met een laag inkomen (CBS '.'); daar zijn migranten en vluchtelingen "
            "niet naar inkomen gewogen."
        )
    return gemeente, profielen, opmerkingen


def _prefix(naam: str, code: str) -> str:
    letters = [c for c in unicodedata.normalize("NFKD", naam).upper() if "A" <= c <= "Z"]
    return "".join(letters[:2]) if len(letters) >= 2 else code


def _makelaars(rng: random.Random, profielen: list[_WijkProfiel], prefix: str) -> list[_Makelaar]:
    """2–3 brokers per wijk by population and need; one or two also cover a second wijk."""
    gemiddeld = sum(p.gewicht for p in profielen) / len(profielen)
    aantal = {p.code: 3 if p.gewicht > gemiddeld else 2 for p in profielen}
    klein = sorted(profielen, key=lambda p: (p.inwoners, p.code))
    paren = min(2 if len(profielen) >= 6 else 1, len(profielen) // 2)
    gedeeld = {klein[2 * i].code: klein[2 * i + 1].code for i in range(paren)}
    for kleinste in gedeeld:
        aantal[kleinste] = max(aantal[kleinste] - 1, 1)
    voornamen = rng.sample(FIRST_NAMES, len(FIRST_NAMES))
    letters = {voornaam: rng.sample(INITIALS, len(INITIALS)) for voornaam in voornamen}
    makelaars: list[_Makelaar] = []
    for profiel in profielen:
        wijken_per_makelaar: list[tuple[str, ...]] = [(profiel.code,)] * aantal[profiel.code]
        if profiel.code in gedeeld:
            wijken_per_makelaar.append((profiel.code, gedeeld[profiel.code]))
        for wijken in wijken_per_makelaar:
            ronde, plek = divmod(len(makelaars), len(voornamen))  # unique names up to 760 brokers
            voornaam = voornamen[plek]
            naam = f"{voornaam} {letters[voornaam][ronde % len(INITIALS)]}."
            makelaars.append(_Makelaar(f"{prefix}-MK-{len(makelaars) + 1:02d}", naam, wijken))
    return makelaars


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


def _buurt(rng: random.Random, profiel: _WijkProfiel) -> str | None:
    if not profiel.buurten:
        return None
    return rng.choices(profiel.buurten, weights=profiel.buurt_gewichten)[0]


def _doelgroepen(rng: random.Random, profiel: _WijkProfiel, factor: float) -> list[str]:
    inkomen = profiel.laag_inkomen if profiel.laag_inkomen is not None else 1.0
    kansen = {
        Doelgroep.OUDEREN: profiel.ouderen**1.5,
        Doelgroep.JONGEREN: profiel.jongeren**1.5,
        Doelgroep.MIGRANTEN: inkomen**1.5,
        Doelgroep.VLUCHTELINGEN: inkomen**1.5,
        Doelgroep.BEPERKING: 1.0,
    }
    return [
        groep.value
        for groep, relatief in kansen.items()
        if rng.random() < min(DOELGROEP_KANS[groep] * relatief * factor, 0.9)
    ]


def _acties(
    rng: random.Random,
    profielen: list[_WijkProfiel],
    makelaars: list[_Makelaar],
    ids: dict[str, int],
    prefix: str,
    jaar: int,
) -> list[dict[str, Any]]:
    dagen, werk, feest = _kalender(jaar)
    totaal = sum(rng.randint(165, 195) for _ in makelaars)
    gewicht = sum(p.gewicht for p in profielen)
    soorten = {soort: s.gewicht for soort, s in SOORTEN.items()}
    rows: list[dict[str, Any]] = []
    for profiel in profielen:
        eigen = {
            m.code: 1.0 if len(m.wijken) == 1 else 0.5
            for m in makelaars
            if profiel.code in m.wijken
        }
        for _ in range(round(totaal * profiel.gewicht / gewicht)):
            soort = _pick(rng, soorten)
            s = SOORTEN[soort]
            kalender = feest if soort is A.EVENEMENT else werk
            lo, hi = s.bereikt
            bereikt = rng.randint(lo, hi)
            organisator = rng.randint(*s.organisator[1:]) if rng.random() < s.organisator[0] else 0
            minimum, maximum, soorten_partner = s.partners
            rows.append(
                {
                    "sleutel": f"{prefix}-actie-{len(rows) + 1:06d}",
                    "datum": rng.choices(dagen, cum_weights=kalender)[0],
                    "makelaar_id": ids[_pick(rng, eigen)],
                    "wijk_code": profiel.code,
                    "buurt_code": _buurt(rng, profiel),
                    "actietype": soort,
                    "actietype_anders": rng.choice(ANDERS) if soort is A.ANDERS else None,
                    "partners": sorted(
                        (
                            p.value
                            for p in rng.sample(soorten_partner, rng.randint(minimum, maximum))
                        ),
                        key=PARTNER_ORDER.index,
                    ),
                    "bereikt": bereikt,
                    "bewoners_organisator": organisator,
                    "bewoners_deelnemer": round(bereikt * s.deelnemer * rng.uniform(0.7, 1.0)),
                    "doelgroepen": _doelgroepen(rng, profiel, s.doelgroep),
                    "resultaat": _pick(rng, s.resultaten),
                    "uren": max(0.5, round(rng.uniform(*s.uren) * 2) / 2),
                    "notitie": rng.choice(s.notities)
                    if s.notities and rng.random() < 0.25
                    else None,
                    "bron": BRON,
                }
            )
    return rows


#: status weights by how many days before the year's end an initiative started
STATUS_NA = (
    (45, {"idee": 50, "ondersteund": 30, "niet_ondersteund": 10, "gestrand": 5, "gerealiseerd": 5}),
    (
        120,
        {"idee": 15, "ondersteund": 35, "gerealiseerd": 25, "niet_ondersteund": 12, "gestrand": 13},
    ),
    (
        366,
        {"idee": 5, "ondersteund": 15, "gerealiseerd": 50, "niet_ondersteund": 13, "gestrand": 17},
    ),
)


def _status(rng: random.Random, leeftijd: int) -> InitiatiefStatus:
    weights = next(w for grens, w in STATUS_NA if leeftijd < grens)
    return InitiatiefStatus(_pick(rng, weights))


def _initiatieven(
    rng: random.Random,
    acties: list[dict[str, Any]],
    makelaars: list[_Makelaar],
    ids: dict[str, int],
    namen: dict[str, str],
    prefix: str,
    jaar: int,
) -> list[dict[str, Any]]:
    """About one initiative per two initiative actions, spread like those actions over the wijken."""
    per_wijk: dict[str, int] = {}
    for actie in acties:
        if actie["actietype"] is A.BEWONERSINITIATIEF:
            per_wijk[actie["wijk_code"]] = per_wijk.get(actie["wijk_code"], 0) + 1
    einde = dt.date(jaar, 12, 31)
    st = InitiatiefStatus
    # (days after the start the status was reached, residents involved) per status
    verloop = {
        st.IDEE: ((0, 30), (1, 4)), st.ONDERSTEUND: ((7, 90), (2, 12)),
        st.GEREALISEERD: ((30, 180), (4, 40)), st.NIET_ONDERSTEUND: ((7, 60), (1, 6)),
        st.GESTRAND: ((20, 150), (1, 8)),
    }  # fmt: skip
    rows: list[dict[str, Any]] = []
    for _ in range(round(sum(per_wijk.values()) / 2)):
        wijk = _pick(rng, {code: float(n) for code, n in per_wijk.items()})
        gestart = dt.date(jaar, 1, 1) + dt.timedelta(days=rng.randint(0, 348))
        leeftijd = (einde - gestart).days
        status = _status(rng, leeftijd)
        (na_lo, na_hi), (lo, hi) = verloop[status]
        bijgewerkt = gestart + dt.timedelta(
            days=rng.randint(min(na_lo, leeftijd), min(na_hi, leeftijd))
        )
        titel = rng.choice(INITIATIEF_TITELS)
        if rng.random() < 0.6:
            titel = f"{titel} {namen[wijk]}"
        steun = None
        if status in (st.ONDERSTEUND, st.GEREALISEERD, st.GESTRAND):
            steun = "; ".join(rng.sample(ONDERSTEUNING, rng.randint(1, 2)))
        eigen = [m.code for m in makelaars if wijk in m.wijken]
        rows.append(
            {
                "sleutel": f"{prefix}-initiatief-{len(rows) + 1:05d}",
                "titel": titel[:200],
                "wijk_code": wijk,
                "makelaar_id": ids[rng.choice(eigen)] if rng.random() < 0.95 else None,
                "status": status,
                "reden": rng.choice(REDENEN[status]) if status in REDENEN else None,
                "ondersteuning": steun,
                "bewoners_betrokken": rng.randint(lo, hi),
                "gestart_op": gestart,
                "bijgewerkt_op": bijgewerkt,
                "bron": BRON,
            }
        )
    return rows


def _signalen(
    rng: random.Random,
    profielen: list[_WijkProfiel],
    makelaars: list[_Makelaar],
    ids: dict[str, int],
    aantal: int,
    prefix: str,
    jaar: int,
) -> list[dict[str, Any]]:
    wijken = {p.code: p for p in profielen}
    rows: list[dict[str, Any]] = []
    for _ in range(aantal):
        profiel = wijken[_pick(rng, {p.code: p.gewicht for p in profielen})]
        inkomen = profiel.laag_inkomen if profiel.laag_inkomen is not None else 1.0
        if rng.random() < 0.75:
            soort = S.PROBLEEM
            categorie = _pick(
                rng,
                {
                    C.SCHULDEN: 20 * inkomen, C.EENZAAMHEID: 11 * (profiel.ouderen + profiel.eenpersoons),
                    C.OVERLAST: 20.0, C.OPVOEDING: 12 * profiel.jongeren, C.GEZONDHEID: 12.0,
                    C.WOONOMGEVING: 14.0,
                },
            )  # fmt: skip
        else:
            soort = S.KRACHT
            categorie = _pick(
                rng, {C.IDEE: 55.0, C.WOONOMGEVING: 25.0, C.EENZAAMHEID: 10.0, C.OPVOEDING: 10.0}
            )
        datum = dt.date(jaar, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        leeftijd = (dt.date(jaar, 12, 31) - datum).days
        ss = SignaalStatus
        if leeftijd < 30:
            status = _pick(rng, {ss.NIEUW: 45, ss.OPGEPAKT: 35, ss.DOORGEZET: 15, ss.AFGEROND: 5})
        elif leeftijd < 90:
            status = _pick(rng, {ss.NIEUW: 10, ss.OPGEPAKT: 30, ss.DOORGEZET: 30, ss.AFGEROND: 30})
        else:
            status = _pick(rng, {ss.NIEUW: 3, ss.OPGEPAKT: 12, ss.DOORGEZET: 30, ss.AFGEROND: 55})
        opvolging = {
            ss.NIEUW: None,
            ss.OPGEPAKT: "Makelaar gaat in gesprek met de betrokken bewoners.",
            ss.DOORGEZET: f"Doorgezet naar {DOORGEZET_NAAR[categorie]}.",
            ss.AFGEROND: f"Afgerond na overleg met {DOORGEZET_NAAR[categorie]}.",
        }[status]
        eigen = [m.code for m in makelaars if profiel.code in m.wijken]
        rows.append(
            {
                "sleutel": f"{prefix}-signaal-{len(rows) + 1:05d}",
                "datum": datum,
                "makelaar_id": ids[rng.choice(eigen)],
                "wijk_code": profiel.code,
                "buurt_code": _buurt(rng, profiel),
                "soort": soort,
                "categorie": categorie,
                "omschrijving": rng.choice(SIGNALEN[(soort, categorie)]),
                "opvolging": opvolging,
                "status": status,
                "bron": BRON,
            }
        )
    return rows


def _refuse_other_seed(session: Session, gemeente_code: str, jaar: int, seed: int) -> None:
    """Demo rows of one gemeente and year come from one seed; mixing two would double the year."""
    other = session.scalar(
        select(SocialeActie.sleutel)
        .where(
            SocialeActie.sleutel.startswith(f"demo-{gemeente_code}-{jaar}-", autoescape=True),
            ~SocialeActie.sleutel.startswith(
                f"demo-{gemeente_code}-{jaar}-{seed}-", autoescape=True
            ),
        )
        .limit(1)
    )
    if other is not None:
        andere = other.split("-")[3]
        raise StoreError(
            f"De database heeft al demogegevens voor {gemeente_code} in {jaar}, gemaakt met seed "
            f"{andere}; seed {seed} zou er een tweede jaar naast zetten. Gebruik seed {andere} "
            "(dat schrijft niets dubbel) of een lege database."
        )


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _telling(nieuw: int, rows: Sequence[object]) -> DemoTelling:
    return DemoTelling(nieuw=nieuw, bestaand=len(rows) - nieuw)


def generate_demo(
    store: Store, *, gemeente_code: str = "GM0344", jaar: int = 2026, seed: int = 20261122
) -> DemoReport:
    """Write a year of demo broker work for the gemeente's wijken; the same seed gives the same rows.

    Keys are `demo-<gemeente>-<jaar>-<seed>-<soort>-<nummer>`: running it again writes nothing
    new, and another seed for the same gemeente and year is refused. Needs the CBS import first.
    """
    rng = random.Random(seed)
    with store.session() as session:
        gemeente, profielen, opmerkingen = _profielen(session, gemeente_code, jaar)
        prefix = f"demo-{gemeente_code}-{jaar}-{seed}"
        _refuse_other_seed(session, gemeente_code, jaar, seed)
        makelaars = _makelaars(rng, profielen, _prefix(gemeente.naam, gemeente_code))
        makelaar_rows = [
            {"code": m.code, "naam": m.naam, "gemeente_code": gemeente_code} for m in makelaars
        ]
        nieuwe_makelaars = insert_missing(session, _table("makelaar"), makelaar_rows, key=["code"])
        stored = session.execute(
            select(Makelaar.code, Makelaar.id, Makelaar.gemeente_code).where(
                Makelaar.code.in_([m.code for m in makelaars])
            )
        ).all()
        ids = {code: id_ for code, id_, _ in stored}
        elders = sorted(code for code, _, gemeente_van in stored if gemeente_van != gemeente_code)
        if elders:
            raise StoreError(
                f"Makelaarcode {elders[0]} is al in gebruik bij een andere gemeente; de demo voor "
                f"{gemeente_code} kan zijn makelaars niet aanmaken. Gebruik een lege database."
            )
        koppelingen = [
            {"makelaar_id": ids[m.code], "wijk_code": w} for m in makelaars for w in m.wijken
        ]
        nieuwe_koppelingen = insert_missing(
            session, _table("makelaar_wijk"), koppelingen, key=["makelaar_id", "wijk_code"]
        )
        namen = {w.code: display_name(w.naam) for w in gemeente.wijken}
        acties = _acties(rng, profielen, makelaars, ids, prefix, jaar)
        initiatieven = _initiatieven(rng, acties, makelaars, ids, namen, prefix, jaar)
        signalen = _signalen(
            rng, profielen, makelaars, ids, round(len(acties) * 0.15), prefix, jaar
        )
        return DemoReport(
            gemeente_code=gemeente_code,
            jaar=jaar,
            seed=seed,
            makelaars=_telling(nieuwe_makelaars, makelaar_rows),
            makelaar_wijken=_telling(nieuwe_koppelingen, koppelingen),
            acties=_telling(
                insert_missing(session, _table("sociale_actie"), acties, key=["sleutel"]), acties
            ),
            initiatieven=_telling(
                insert_missing(
                    session, _table("bewonersinitiatief"), initiatieven, key=["sleutel"]
                ),
                initiatieven,
            ),
            signalen=_telling(
                insert_missing(session, _table("signaal"), signalen, key=["sleutel"]), signalen
            ),
            opmerkingen=opmerkingen,
        )
