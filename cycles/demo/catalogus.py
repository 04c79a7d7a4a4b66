"""What demo logbook rows look like: kinds of sociale acties, names, initiative and signal texts."""

from __future__ import annotations

from dataclasses import dataclass

from makelaar.models.domain import (
    ActieType,
    Doelgroep,
    InitiatiefStatus,
    PartnerSoort,
    Resultaat,
    SignaalCategorie,
    SignaalSoort,
    SignaalStatus,
)

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
class Soort:
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


SOORTEN: dict[ActieType, Soort] = {
    A.HUISBEZOEK: Soort(
        22, (1, 3), (0, 0, 0), 0, (0, 1, (P.ZORG, P.WELZIJN, P.WONINGCORPORATIE, P.GGD)),
        {R.DOORVERWIJZING: 30, R.INFORMATIE: 25, R.VERBINDING: 20, R.SIGNAAL: 12, R.GEEN: 13},
        (0.5, 2), 1.3,
        ("Kennismaking aan de deur; vervolgafspraak gemaakt.",
         "Samen de post en formulieren doorgenomen en een overzicht gemaakt.",
         "Bewoner wil graag meer contact in de buurt; koffieochtend in het buurthuis genoemd.",
         "Samen met de wijkverpleging langsgegaan."),
    ),
    A.DOORVERWIJZING: Soort(
        18, (1, 2), (0, 0, 0), 0,
        (1, 1, (P.ZORG, P.WELZIJN, P.GGD, P.GEMEENTE, P.VRIJWILLIGERSORGANISATIE)),
        {R.DOORVERWIJZING: 80, R.SIGNAAL: 8, R.GEEN: 12}, (0.5, 1.5), 1.3,
        ("Doorverwezen naar de schuldhulpverlening.", "Warme overdracht aan het buurtteam.",
         "Doorverwezen naar het taalcafé van de bibliotheek.",
         "Aangemeld bij de ouderenadviseur."),
    ),
    A.OVERLEG_INSTANTIES: Soort(
        17, (0, 0), (0, 0, 0), 0,
        (2, 4, (P.ZORG, P.GGD, P.WONINGCORPORATIE, P.POLITIE, P.GEMEENTE, P.WELZIJN, P.SCHOOL)),
        {R.SIGNAAL: 30, R.VERBINDING: 40, R.INFORMATIE: 20, R.GEEN: 10}, (1, 3), 0.6,
        ("Wijkoverleg met corporatie en wijkagent over overlast rond de flats.",
         "Afstemming met het buurtteam over een gezamenlijke aanpak van eenzaamheid.",
         "Netwerkoverleg jeugd met school en jongerenwerk.",
         "Afspraken gemaakt over wie welke signalen oppakt."),
    ),
    A.BEMIDDELING_BEWONERS: Soort(
        8, (2, 6), (0, 0, 0), 1.0, (0, 1, (P.WONINGCORPORATIE, P.POLITIE)),
        {R.VERBINDING: 55, R.GEEN: 25, R.SIGNAAL: 20}, (1, 4), 0.8,
        ("Buren in gesprek gebracht over geluidsoverlast; afspraken gemaakt.",
         "Bemiddeld bij onenigheid over de gedeelde binnentuin.",
         "Gesprek over parkeeroverlast; vervolggesprek gepland."),
    ),
    A.BEMIDDELING_BEWONER_INSTELLING: Soort(
        10, (1, 3), (0, 0, 0), 0, (1, 1, (P.WONINGCORPORATIE, P.GEMEENTE, P.ZORG, P.GGD)),
        {R.VERBINDING: 45, R.DOORVERWIJZING: 25, R.SIGNAAL: 10, R.GEEN: 20}, (1, 3), 1.1,
        ("Contact gelegd met de corporatie over achterstallig onderhoud.",
         "Meegegaan naar het spreekuur van de gemeente over een aanvraag."),
    ),
    A.BEWONERSINITIATIEF: Soort(
        9, (3, 25), (0.85, 1, 4), 0.8,
        (0, 2, (P.BEWONERSORGANISATIE, P.GEMEENTE, P.VRIJWILLIGERSORGANISATIE, P.ONDERNEMER)),
        {R.INITIATIEF: 70, R.VERBINDING: 20, R.GEEN: 10}, (1, 6), 0.9,
        ("Initiatiefnemers geholpen met de aanvraag bij het initiatievenfonds.",
         "Tweede bijeenkomst over het plan; taken verdeeld.",
         "Ruimte in het buurthuis geregeld voor de activiteit."),
    ),
    A.EVENEMENT: Soort(
        6, (20, 150), (0.8, 1, 6), 0.8,
        (0, 3, (P.BEWONERSORGANISATIE, P.VRIJWILLIGERSORGANISATIE, P.ONDERNEMER, P.SCHOOL, P.WELZIJN)),
        {R.VERBINDING: 70, R.INITIATIEF: 15, R.INFORMATIE: 15}, (3, 8), 1.0,
        ("Burendag met koffie en spelletjes op het plein.",
         "Buurtbarbecue; veel nieuwe bewoners leerden elkaar kennen.",
         "Informatiemarkt over energie besparen."),
    ),
    A.BUURTONDERZOEK: Soort(
        3, (15, 120), (0.3, 1, 3), 1.0, (0, 2, (P.GEMEENTE, P.WONINGCORPORATIE, P.WELZIJN, P.SCHOOL)),
        {R.SIGNAAL: 50, R.INFORMATIE: 40, R.INITIATIEF: 10}, (4, 8), 0.8,
        ("Deur-tot-deurgesprekken over veiligheid en groen.",
         "Rondgang met bewoners langs de speelplekken."),
    ),
    A.BUURTRAPPORTAGE: Soort(
        2, (5, 40), (0.1, 1, 2), 0, (1, 2, (P.GEMEENTE, P.WELZIJN, P.WONINGCORPORATIE)),
        {R.INFORMATIE: 70, R.SIGNAAL: 30}, (3, 8), 0.5,
        ("Kwartaalrapportage voor de wijkraad opgesteld.",),
    ),
    A.NIEUWSBRIEF: Soort(
        2, (150, 900), (0.25, 1, 2), 0, (0, 1, (P.BEWONERSORGANISATIE, P.ONDERNEMER)),
        {R.INFORMATIE: 95, R.VERBINDING: 5}, (2, 6), 0.3,
        ("Wijknieuwsbrief met de activiteitenagenda verstuurd.",),
    ),
    A.ANDERS: Soort(
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

ST, SS = InitiatiefStatus, SignaalStatus
#: initiative status weights by how many days before the year's end it started (a normal year:
#: about one in five finished initiatives is not supported or strands)
INITIATIEF_STATUS_NA: tuple[tuple[int, dict[InitiatiefStatus, float]], ...] = (
    (45, {ST.IDEE: 55, ST.ONDERSTEUND: 33, ST.GEREALISEERD: 4, ST.NIET_ONDERSTEUND: 5, ST.GESTRAND: 3}),
    (120, {ST.IDEE: 15, ST.ONDERSTEUND: 40, ST.GEREALISEERD: 33, ST.NIET_ONDERSTEUND: 6, ST.GESTRAND: 6}),
    (366, {ST.IDEE: 4, ST.ONDERSTEUND: 18, ST.GEREALISEERD: 62, ST.NIET_ONDERSTEUND: 7, ST.GESTRAND: 9}),
)  # fmt: skip
#: (days after the start the status was reached, residents involved) per initiative status
INITIATIEF_VERLOOP: dict[InitiatiefStatus, tuple[tuple[int, int], tuple[int, int]]] = {
    ST.IDEE: ((0, 30), (1, 4)), ST.ONDERSTEUND: ((7, 90), (2, 12)),
    ST.GEREALISEERD: ((30, 180), (4, 40)), ST.NIET_ONDERSTEUND: ((7, 60), (1, 6)),
    ST.GESTRAND: ((20, 150), (1, 8)),
}  # fmt: skip
#: the reason an initiative gets when the initiatievenfonds's stricter rules turn it down
FONDS_REDEN = (
    "past niet binnen de strengere regels van het initiatievenfonds "
    "(alleen nog activiteiten voor de hele buurt, met een eigen bijdrage)"
)

#: signal status weights by how many days before the year's end it was noticed (a normal year:
#: about one in eight signals is still 'nieuw' at the end of the year)
SIGNAAL_STATUS_NA: tuple[tuple[int, dict[SignaalStatus, float]], ...] = (
    (30, {SS.NIEUW: 50, SS.OPGEPAKT: 33, SS.DOORGEZET: 13, SS.AFGEROND: 4}),
    (90, {SS.NIEUW: 15, SS.OPGEPAKT: 30, SS.DOORGEZET: 28, SS.AFGEROND: 27}),
    (366, {SS.NIEUW: 7, SS.OPGEPAKT: 13, SS.DOORGEZET: 30, SS.AFGEROND: 50}),
)
