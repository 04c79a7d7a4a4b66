"""What a logbook holds: its record kinds (one sheet each) and their columns; the words for
choices are in `keuzelijsten`.

The template writer and the importer both read these definitions, so what the template writes the
importer reads back. Headers are matched case- and accent-insensitively against the Dutch header,
the English header and the synonyms below (`normalise_header`).

Over 500 lines because the four record kinds' column definitions are one declarative table (header,
English header, synonyms, type, bounds and explanation per column) that reads best whole; the code
above them is a few small types.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from makelaar.models.domain import (
    ActieType,
    CasusAfsluiting,
    Doelgroep,
    InitiatiefStatus,
    Melder,
    Resultaat,
    SignaalCategorie,
    SignaalSoort,
    SignaalStatus,
    Trede,
)


class Soort(StrEnum):
    """How a column's cells are read."""

    ID = "id"  # the source system's own identifier of the record (optional)
    TEKST = "tekst"  # short text, stored as typed (titles, organisation kinds' free names)
    VRIJE_TEKST = "vrije_tekst"  # a note: screened for personal data, hits masked
    GEHEEL = "geheel"  # whole number, thousands separators allowed in Dutch style
    DECIMAAL = "decimaal"  # decimal number, decimal comma or point per file
    DATUM = "datum"  # a day: Excel date or day-first text (31-01-2026), or ISO 2026-01-31
    KEUZE = "keuze"  # one of a fixed list (code, Dutch label, English label or synonym)
    KEUZES = "keuzes"  # several of a fixed list, separated by ';' or ','
    PARTNERS = "partners"  # organisations: 'Mitros (woningcorporatie); GGD' (kind or name (kind))
    MAKELAAR = "makelaar"  # the broker: a code or name from the register (makelaar makelaars)
    WIJK = "wijk"  # CBS wijkcode (WK034401) or the wijk's name
    BUURT = "buurt"  # CBS buurtcode (BU03440111) or the buurt's name
    PERSOON = "persoon"  # a resident or household: stored only as a keyed pseudonym


@dataclass(frozen=True)
class Kolom:
    """One column of a record kind."""

    veld: str
    kop: str
    kop_en: str
    soort: Soort
    uitleg: str
    uitleg_en: str
    verplicht: bool = False
    synoniemen: tuple[str, ...] = ()
    keuzes: type[StrEnum] | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_lengte: int | None = None

    def namen(self) -> tuple[str, ...]:
        """Every header this column is recognised by, normalised."""
        return tuple(
            dict.fromkeys(normalise_header(n) for n in (self.kop, self.kop_en, *self.synoniemen))
        )


@dataclass(frozen=True)
class Recordsoort:
    """One kind of logbook record, kept on a sheet of its own."""

    naam: str  # code used in reports and JSON keys: acties, signalen, initiatieven, casussen
    blad: str
    blad_en: str
    enkelvoud: str
    uitleg: str
    uitleg_en: str
    kolommen: tuple[Kolom, ...]
    synoniemen: tuple[str, ...] = ()
    #: columns whose values, with the broker and an ordinal, identify a record without an ID
    sleutelvelden: tuple[str, ...] = ()
    kolom_per_veld: dict[str, Kolom] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kolom_per_veld", {k.veld: k for k in self.kolommen})

    def bladnamen(self) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(
                normalise_header(n) for n in (self.blad, self.blad_en, self.naam, *self.synoniemen)
            )
        )

    def verplichte(self) -> tuple[Kolom, ...]:
        return tuple(k for k in self.kolommen if k.verplicht)


_NOT_WORD = re.compile(r"[^0-9a-z+]+")


def normalise_header(text: str) -> str:
    """'Soort  actie', 'soort_actie' and 'SOORT-ACTIE' → 'soort actie'; accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NOT_WORD.sub(" ", plain).strip()


# --- columns shared by several kinds ------------------------------------------------------------


def _id(uitleg: str) -> Kolom:
    return Kolom(
        "id",
        "ID",
        "ID",
        Soort.ID,
        f"Eigen nummer van {uitleg} (uit een registratiesysteem). Mag leeg; met een nummer "
        "wordt een verbeterde rij bij een nieuwe import bijgewerkt.",
        "Your own number for the record (from a registration system). May be empty.",
        synoniemen=("nr", "nummer", "registratienummer", "volgnummer", "record id", "kenmerk"),
        max_lengte=60,
    )


MAKELAAR = Kolom(
    "makelaar",
    "Makelaar",
    "Broker",
    Soort.MAKELAAR,
    "De code van de sociaal makelaar uit het makelaarsregister (zie het blad Lijsten); de naam "
    "zoals die in het register staat mag ook.",
    "The broker's code from the brokers' register (see the Lists sheet); the name as registered "
    "is also accepted.",
    verplicht=True,
    synoniemen=(
        "sociaal makelaar",
        "naam makelaar",
        "makelaarcode",
        "medewerker",
        "uitgevoerd door",
        "social broker",
    ),
    max_lengte=100,
)
WIJK = Kolom(
    "wijk",
    "Wijk",
    "District",
    Soort.WIJK,
    "De wijk: de naam zoals in de lijst, of de CBS-wijkcode (WK034401).",
    "The district: its name from the list or its CBS code (WK034401).",
    verplicht=True,
    synoniemen=("wijknaam", "wijkcode", "wijk code"),
)
BUURT = Kolom(
    "buurt",
    "Buurt",
    "Neighbourhood",
    Soort.BUURT,
    "De buurt (mag leeg): de naam of de CBS-buurtcode (BU03440111); moet in de wijk liggen.",
    "The neighbourhood (optional): its name or CBS code; it must lie in the district.",
    synoniemen=("buurtnaam", "buurtcode", "buurt code"),
)
NOTITIE = Kolom(
    "notitie",
    "Notitie",
    "Note",
    Soort.VRIJE_TEKST,
    "Korte toelichting. Geen namen, adressen of telefoonnummers: die worden bij het inlezen "
    "onleesbaar gemaakt.",
    "A short note. No names, addresses or phone numbers: they are masked on import.",
    synoniemen=("opmerking", "opmerkingen", "toelichting", "notes", "remarks", "memo"),
    max_lengte=4000,
)


def _datum(
    veld: str,
    kop: str,
    kop_en: str,
    uitleg: str,
    *,
    verplicht: bool = False,
    synoniemen: tuple[str, ...] = (),
) -> Kolom:
    return Kolom(
        veld,
        kop,
        kop_en,
        Soort.DATUM,
        f"{uitleg} Als datum in Excel, of als tekst dag-maand-jaar (31-01-2026).",
        "A date in Excel, or text day-month-year (31-01-2026).",
        verplicht=verplicht,
        synoniemen=synoniemen,
    )


def _aantal(veld: str, kop: str, kop_en: str, uitleg: str, *synoniemen: str) -> Kolom:
    return Kolom(
        veld,
        kop,
        kop_en,
        Soort.GEHEEL,
        f"{uitleg} Een heel getal, 0 of meer.",
        "A whole number, 0 or more.",
        synoniemen=synoniemen,
        minimum=0,
        maximum=100_000,
    )


ACTIES = Recordsoort(
    naam="acties",
    blad="Sociale acties",
    blad_en="Social actions",
    enkelvoud="sociale actie",
    uitleg="Elke rij is één sociale actie: wat de makelaar deed, waar, met wie en wat het opleverde.",
    uitleg_en="Each row is one social action: what the broker did, where, with whom and what "
    "it yielded.",
    synoniemen=("acties", "logboek", "activiteiten", "actions", "sociale actie"),
    sleutelvelden=("datum", "wijk", "actietype"),
    kolommen=(
        _id("de actie"),
        _datum(
            "datum",
            "Datum",
            "Date",
            "De dag van de actie.",
            verplicht=True,
            synoniemen=("datum actie", "activiteitsdatum", "dag"),
        ),
        MAKELAAR,
        WIJK,
        BUURT,
        Kolom(
            "actietype",
            "Soort actie",
            "Type of action",
            Soort.KEUZE,
            "Kies uit de lijst. Bij 'Anders' vult u 'Anders, namelijk' in.",
            "Choose from the list. With 'Other', fill in 'Other, namely'.",
            verplicht=True,
            keuzes=ActieType,
            synoniemen=("actietype", "type actie", "soort", "type", "activiteit", "action type"),
        ),
        Kolom(
            "actietype_anders",
            "Anders, namelijk",
            "Other, namely",
            Soort.TEKST,
            "Alleen bij soort actie 'Anders': wat voor actie het was.",
            "Only with type 'Other': what kind of action it was.",
            synoniemen=("anders namelijk", "andere soort", "other type"),
            max_lengte=200,
        ),
        Kolom(
            "partners",
            "Partners",
            "Partners",
            Soort.PARTNERS,
            "Betrokken organisaties, gescheiden door ';'. Per organisatie de soort, of de naam "
            "met de soort tussen haakjes: 'Mitros (woningcorporatie); GGD'.",
            "Organisations involved, separated by ';': a kind, or 'Name (kind)'.",
            synoniemen=(
                "partnerorganisaties",
                "betrokken organisaties",
                "organisaties",
                "partner organisations",
                "samenwerkingspartners",
            ),
            max_lengte=1000,
        ),
        _aantal(
            "bereikt",
            "Aantal bereikt",
            "People reached",
            "Hoeveel mensen de actie bereikte.",
            "bereikt",
            "bereik",
            "aantal bereikte mensen",
            "aantal mensen",
        ),
        _aantal(
            "bewoners_organisator",
            "Bewoners als organisator",
            "Residents as organiser",
            "Hoeveel bewoners meeorganiseerden.",
            "organisatoren",
            "bewoners organisator",
            "aantal organisatoren",
        ),
        _aantal(
            "bewoners_deelnemer",
            "Bewoners als deelnemer",
            "Residents as participant",
            "Hoeveel bewoners deelnamen.",
            "deelnemers",
            "bewoners deelnemer",
            "aantal deelnemers",
        ),
        Kolom(
            "doelgroepen",
            "Doelgroepen",
            "Target groups",
            Soort.KEUZES,
            "Bereikte doelgroepen uit de lijst, gescheiden door ';' (mag leeg).",
            "Target groups reached, separated by ';' (optional).",
            keuzes=Doelgroep,
            synoniemen=("doelgroep", "bereikte doelgroepen", "target group"),
        ),
        Kolom(
            "resultaat",
            "Resultaat",
            "Outcome",
            Soort.KEUZE,
            "Wat de actie opleverde; kies uit de lijst.",
            "What the action yielded; choose from the list.",
            verplicht=True,
            keuzes=Resultaat,
            synoniemen=("uitkomst", "opbrengst", "result"),
        ),
        Kolom(
            "uren",
            "Uren",
            "Hours",
            Soort.DECIMAAL,
            "Bestede tijd in uren, bijvoorbeeld 1,5.",
            "Time spent in hours, e.g. 1.5.",
            synoniemen=("bestede uren", "uren besteed", "tijd uren", "tijd", "hours spent"),
            minimum=0,
            maximum=1000,
        ),
        NOTITIE,
    ),
)

SIGNALEN = Recordsoort(
    naam="signalen",
    blad="Signalen",
    blad_en="Signals",
    enkelvoud="signaal",
    uitleg="Elke rij is één signaal: een probleem of kracht die in de buurt opviel, en de opvolging.",
    uitleg_en="Each row is one signal: a problem or strength noticed in the neighbourhood, "
    "and its follow-up.",
    synoniemen=("signaal", "signals", "signalering", "signaleringen"),
    sleutelvelden=("datum", "wijk", "categorie"),
    kolommen=(
        _id("het signaal"),
        _datum(
            "datum",
            "Datum",
            "Date",
            "De dag waarop het signaal opviel.",
            verplicht=True,
            synoniemen=("datum signaal", "gesignaleerd op", "dag"),
        ),
        MAKELAAR,
        WIJK,
        BUURT,
        Kolom(
            "soort",
            "Probleem of kracht",
            "Problem or strength",
            Soort.KEUZE,
            "Was het een probleem of een kracht van de buurt?",
            "Was it a problem or a strength of the neighbourhood?",
            verplicht=True,
            keuzes=SignaalSoort,
            synoniemen=("soort signaal", "soort", "type signaal", "kind"),
        ),
        Kolom(
            "categorie",
            "Categorie",
            "Category",
            Soort.KEUZE,
            "Het onderwerp; kies uit de lijst.",
            "The subject; choose from the list.",
            verplicht=True,
            keuzes=SignaalCategorie,
            synoniemen=("thema", "onderwerp", "topic"),
        ),
        Kolom(
            "omschrijving",
            "Omschrijving",
            "Description",
            Soort.VRIJE_TEKST,
            "Wat er opviel, zonder namen of adressen.",
            "What was noticed, without names or addresses.",
            verplicht=True,
            synoniemen=("wat is opgemerkt", "signaal", "beschrijving", "what was noticed"),
            max_lengte=4000,
        ),
        Kolom(
            "melder",
            "Gemeld door",
            "Reported by",
            Soort.KEUZE,
            "Wie het signaal het eerst opmerkte (mag leeg).",
            "Who noticed it first (optional).",
            keuzes=Melder,
            synoniemen=("melder", "bron signaal", "door wie"),
        ),
        Kolom(
            "opvolging",
            "Opvolging",
            "Follow-up",
            Soort.VRIJE_TEKST,
            "Wat ermee gedaan is of wordt, en door wie (organisatie, geen namen).",
            "What was done with it, and by which organisation.",
            synoniemen=("vervolg", "vervolgactie", "follow up"),
            max_lengte=4000,
        ),
        Kolom(
            "status",
            "Status",
            "Status",
            Soort.KEUZE,
            "Hoe ver de opvolging is; kies uit de lijst.",
            "How far the follow-up is; choose from the list.",
            verplicht=True,
            keuzes=SignaalStatus,
            synoniemen=("stand", "state"),
        ),
    ),
)

INITIATIEVEN = Recordsoort(
    naam="initiatieven",
    blad="Bewonersinitiatieven",
    blad_en="Resident initiatives",
    enkelvoud="bewonersinitiatief",
    uitleg="Elke rij is de stand van één bewonersinitiatief op een datum. Zet een initiatief "
    "opnieuw in het logboek als het een stap verder is (idee → ondersteund → gerealiseerd); "
    "bij 'niet ondersteund' of 'gestrand' is de reden verplicht.",
    uitleg_en="Each row is the state of one resident initiative on a date. Enter an "
    "initiative again when it moves a step (idea → supported → realised); with 'not supported' "
    "or 'stranded' the reason is required.",
    synoniemen=("initiatieven", "bewonersinitiatief", "initiatives", "resident initiatives"),
    sleutelvelden=("wijk", "titel"),
    kolommen=(
        _id("het initiatief"),
        Kolom(
            "titel",
            "Initiatief",
            "Initiative",
            Soort.TEKST,
            "Een korte naam voor het initiatief (dezelfde naam bij elke volgende stap).",
            "A short name for the initiative (the same at every later step).",
            verplicht=True,
            synoniemen=("naam initiatief", "titel", "title", "naam"),
            max_lengte=200,
        ),
        _datum(
            "datum",
            "Datum",
            "Date",
            "De dag waarop het initiatief deze status kreeg.",
            verplicht=True,
            synoniemen=("datum status", "statusdatum", "bijgewerkt op"),
        ),
        WIJK,
        BUURT,
        Kolom(
            MAKELAAR.veld,
            MAKELAAR.kop,
            MAKELAAR.kop_en,
            MAKELAAR.soort,
            MAKELAAR.uitleg,
            MAKELAAR.uitleg_en,
            verplicht=False,
            synoniemen=MAKELAAR.synoniemen,
            max_lengte=MAKELAAR.max_lengte,
        ),
        Kolom(
            "status",
            "Status",
            "Status",
            Soort.KEUZE,
            "Idee, ondersteund, gerealiseerd, niet ondersteund of gestrand.",
            "Idea, supported, realised, not supported or stranded.",
            verplicht=True,
            keuzes=InitiatiefStatus,
            synoniemen=("stand", "fase", "state"),
        ),
        Kolom(
            "reden",
            "Reden",
            "Reason",
            Soort.VRIJE_TEKST,
            "Verplicht bij 'niet ondersteund' en 'gestrand': waarom het niet doorging.",
            "Required with 'not supported' and 'stranded': why it did not go ahead.",
            synoniemen=("reden niet doorgegaan", "waarom niet", "reden gestrand", "why"),
            max_lengte=4000,
        ),
        Kolom(
            "ondersteuning",
            "Ondersteuning",
            "Support given",
            Soort.VRIJE_TEKST,
            "Welke ondersteuning de makelaar of anderen boden (geld, ruimte, advies, contacten).",
            "What support was given (money, space, advice, contacts).",
            synoniemen=("geboden ondersteuning", "steun", "support"),
            max_lengte=4000,
        ),
        _aantal(
            "bewoners_betrokken",
            "Bewoners betrokken",
            "Residents involved",
            "Hoeveel bewoners het initiatief dragen.",
            "aantal bewoners",
            "betrokken bewoners",
        ),
        Kolom(
            "contactpersoon",
            "Contactpersoon",
            "Contact person",
            Soort.PERSOON,
            "Naam van de initiatiefnemer (mag leeg); wordt alleen als pseudoniem bewaard.",
            "Name of the initiator (optional); stored only as a pseudonym.",
            synoniemen=("initiatiefnemer", "aanvrager", "contact"),
            max_lengte=200,
        ),
        _datum(
            "gestart_op",
            "Gestart op",
            "Started on",
            "Wanneer het idee er voor het eerst was (mag leeg: dan de datum van de eerste rij).",
            synoniemen=("startdatum", "datum idee", "begonnen op"),
        ),
    ),
)

CASUSSEN = Recordsoort(
    naam="casussen",
    blad="Casussen",
    blad_en="Cases",
    enkelvoud="casus",
    uitleg="Elke rij is één huishouden dat ondersteuning kreeg. De naam of het adres van het "
    "huishouden wordt alleen als pseudoniem bewaard.",
    uitleg_en="Each row is one household that received support. The household's name or "
    "address is stored only as a pseudonym.",
    synoniemen=("casus", "huishoudens", "cases", "casusregie"),
    sleutelvelden=("huishouden", "aangemeld_op"),
    kolommen=(
        _id("de casus"),
        Kolom(
            "huishouden",
            "Huishouden",
            "Household",
            Soort.PERSOON,
            "Naam, adres of dossiernummer van het huishouden; wordt alleen als pseudoniem bewaard.",
            "Name, address or file number of the household; stored only as a pseudonym.",
            verplicht=True,
            synoniemen=("client", "gezin", "naam huishouden", "bewoner", "dossier", "household"),
            max_lengte=200,
        ),
        MAKELAAR,
        WIJK,
        _datum(
            "aangemeld_op",
            "Datum aanmelding",
            "Date of request",
            "Wanneer de hulpvraag binnenkwam.",
            verplicht=True,
            synoniemen=("aanmelddatum", "aanvraagdatum", "datum hulpvraag", "request date"),
        ),
        _datum(
            "eerste_contact",
            "Datum eerste contact",
            "Date of first contact",
            "Wanneer het eerste contact was (niet voor de aanmelding).",
            synoniemen=("eerste contact", "first contact"),
        ),
        _aantal(
            "aanbieders_start",
            "Aanbieders bij start",
            "Providers at start",
            "Hoeveel hulpverlenende organisaties betrokken waren bij de start.",
            "aantal aanbieders start",
            "hulpverleners bij start",
        ),
        _aantal(
            "aanbieders_afsluiting",
            "Aanbieders bij afsluiting",
            "Providers at closure",
            "Hoeveel bij de afsluiting.",
            "aantal aanbieders afsluiting",
            "hulpverleners bij afsluiting",
        ),
        Kolom(
            "treden",
            "Ondersteuning door",
            "Support from",
            Soort.KEUZES,
            "Wie ondersteunde: eigen netwerk; vrijwilligers; professionals (een of meer).",
            "Who supported: own network; volunteers; professionals (one or more).",
            keuzes=Trede,
            synoniemen=("treden", "steunladder", "ingezet", "support ladder"),
        ),
        _datum(
            "afgesloten_op",
            "Datum afsluiting",
            "Date closed",
            "Wanneer de casus werd afgesloten (leeg zolang hij loopt).",
            synoniemen=("afgesloten op", "einddatum", "closed"),
        ),
        Kolom(
            "afsluiting",
            "Afsluiting",
            "Closure",
            Soort.KEUZE,
            "Afgesloten met of zonder resultaat (alleen met een datum afsluiting).",
            "Closed with or without result (only with a closing date).",
            keuzes=CasusAfsluiting,
            synoniemen=("afgesloten met resultaat", "resultaat", "outcome"),
        ),
        Kolom(
            "tevredenheid",
            "Tevredenheid (1-10)",
            "Satisfaction (1-10)",
            Soort.GEHEEL,
            "Het rapportcijfer van het huishouden voor de snelheid en de hulp, 1 tot en met 10.",
            "The household's rating, 1 to 10.",
            synoniemen=("tevredenheid", "rapportcijfer", "cijfer", "satisfaction"),
            minimum=1,
            maximum=10,
        ),
        NOTITIE,
    ),
)

RECORDSOORTEN: tuple[Recordsoort, ...] = (ACTIES, SIGNALEN, INITIATIEVEN, CASUSSEN)

#: the template's own sheets that hold no records
HULPBLADEN = ("Instructies", "Instructions", "Lijsten", "Lists")
