"""The domain's fixed vocabularies (codes stored in the database) with their Dutch labels."""

from __future__ import annotations

from enum import StrEnum

from makelaar.models.taal import Catalogus, catalogus, vertaal


class Niveau(StrEnum):
    GEMEENTE = "gemeente"
    WIJK = "wijk"
    BUURT = "buurt"


class ActieType(StrEnum):
    BUURTONDERZOEK = "buurtonderzoek"
    BEWONERSINITIATIEF = "bewonersinitiatief"
    EVENEMENT = "evenement"
    OVERLEG_INSTANTIES = "overleg_instanties"
    BEMIDDELING_BEWONERS = "bemiddeling_bewoners"
    BEMIDDELING_BEWONER_INSTELLING = "bemiddeling_bewoner_instelling"
    BUURTRAPPORTAGE = "buurtrapportage"
    NIEUWSBRIEF = "nieuwsbrief"
    HUISBEZOEK = "huisbezoek"
    DOORVERWIJZING = "doorverwijzing"
    ANDERS = "anders"


ACTIETYPE_LABELS: dict[ActieType, str] = {
    ActieType.BUURTONDERZOEK: "Buurtonderzoek",
    ActieType.BEWONERSINITIATIEF: "Bewonersinitiatief",
    ActieType.EVENEMENT: "Evenement",
    ActieType.OVERLEG_INSTANTIES: "Overleg tussen instanties",
    ActieType.BEMIDDELING_BEWONERS: "Bemiddeling tussen bewoners",
    ActieType.BEMIDDELING_BEWONER_INSTELLING: "Bemiddeling bewoner–instelling",
    ActieType.BUURTRAPPORTAGE: "Buurtrapportage",
    ActieType.NIEUWSBRIEF: "Nieuwsbrief",
    ActieType.HUISBEZOEK: "Huisbezoek",
    ActieType.DOORVERWIJZING: "Doorverwijzing",
    ActieType.ANDERS: "Anders",
}


class Doelgroep(StrEnum):
    OUDEREN = "ouderen"
    MIGRANTEN = "migranten"
    VLUCHTELINGEN = "vluchtelingen"
    BEPERKING = "beperking"
    JONGEREN = "jongeren"


DOELGROEP_LABELS: dict[Doelgroep, str] = {
    Doelgroep.OUDEREN: "Ouderen",
    Doelgroep.MIGRANTEN: "Migranten",
    Doelgroep.VLUCHTELINGEN: "Vluchtelingen",
    Doelgroep.BEPERKING: "Mensen met een beperking",
    Doelgroep.JONGEREN: "Jongeren",
}


class PartnerSoort(StrEnum):
    WELZIJN = "welzijn"
    ZORG = "zorg"
    GGD = "ggd"
    WONINGCORPORATIE = "woningcorporatie"
    POLITIE = "politie"
    SCHOOL = "school"
    GEMEENTE = "gemeente"
    VRIJWILLIGERSORGANISATIE = "vrijwilligersorganisatie"
    BEWONERSORGANISATIE = "bewonersorganisatie"
    ONDERNEMER = "ondernemer"
    BUURTTEAM = "buurtteam"
    ANDERS = "anders"


PARTNER_SOORT_LABELS: dict[PartnerSoort, str] = {
    PartnerSoort.WELZIJN: "Welzijn",
    PartnerSoort.ZORG: "Zorg",
    PartnerSoort.GGD: "GGD",
    PartnerSoort.WONINGCORPORATIE: "Woningcorporatie",
    PartnerSoort.POLITIE: "Politie",
    PartnerSoort.SCHOOL: "School",
    PartnerSoort.GEMEENTE: "Gemeente",
    PartnerSoort.VRIJWILLIGERSORGANISATIE: "Vrijwilligersorganisatie",
    PartnerSoort.BEWONERSORGANISATIE: "Bewonersorganisatie",
    PartnerSoort.ONDERNEMER: "Ondernemer",
    PartnerSoort.BUURTTEAM: "Buurtteam",
    PartnerSoort.ANDERS: "Anders",
}


class Resultaat(StrEnum):
    """What a sociale actie yielded, as the broker records it."""

    VERBINDING = "verbinding"  # residents or organisations connected
    INITIATIEF = "initiatief"  # a resident initiative started or moved on
    DOORVERWIJZING = "doorverwijzing"  # resident reached the right provider
    SIGNAAL = "signaal"  # a signal picked up by the right party
    INFORMATIE = "informatie"  # information shared, no follow-up needed
    GEEN = "geen"  # no result (yet)


RESULTAAT_LABELS: dict[Resultaat, str] = {
    Resultaat.VERBINDING: "Verbinding gelegd",
    Resultaat.INITIATIEF: "Initiatief gestart of verder gebracht",
    Resultaat.DOORVERWIJZING: "Doorverwezen naar passende hulp",
    Resultaat.SIGNAAL: "Signaal opgepakt",
    Resultaat.INFORMATIE: "Informatie gedeeld",
    Resultaat.GEEN: "(Nog) geen resultaat",
}


class InitiatiefStatus(StrEnum):
    IDEE = "idee"
    ONDERSTEUND = "ondersteund"
    GEREALISEERD = "gerealiseerd"
    NIET_ONDERSTEUND = "niet_ondersteund"
    GESTRAND = "gestrand"


INITIATIEF_STATUS_LABELS: dict[InitiatiefStatus, str] = {
    InitiatiefStatus.IDEE: "Idee",
    InitiatiefStatus.ONDERSTEUND: "Ondersteund",
    InitiatiefStatus.GEREALISEERD: "Gerealiseerd",
    InitiatiefStatus.NIET_ONDERSTEUND: "Niet ondersteund",
    InitiatiefStatus.GESTRAND: "Gestrand",
}

#: statuses that need a recorded reason
INITIATIEF_ZONDER_DOORGANG = (InitiatiefStatus.NIET_ONDERSTEUND, InitiatiefStatus.GESTRAND)


class SignaalSoort(StrEnum):
    PROBLEEM = "probleem"
    KRACHT = "kracht"


class SignaalCategorie(StrEnum):
    SCHULDEN = "schulden"
    EENZAAMHEID = "eenzaamheid"
    OVERLAST = "overlast"
    OPVOEDING = "opvoeding"
    GEZONDHEID = "gezondheid"
    WOONOMGEVING = "woonomgeving"
    IDEE = "idee"


SIGNAAL_SOORT_LABELS: dict[SignaalSoort, str] = {
    SignaalSoort.PROBLEEM: "Probleem",
    SignaalSoort.KRACHT: "Kracht",
}

SIGNAAL_CATEGORIE_LABELS: dict[SignaalCategorie, str] = {
    SignaalCategorie.SCHULDEN: "Schulden",
    SignaalCategorie.EENZAAMHEID: "Eenzaamheid",
    SignaalCategorie.OVERLAST: "Overlast",
    SignaalCategorie.OPVOEDING: "Opvoeding",
    SignaalCategorie.GEZONDHEID: "Gezondheid",
    SignaalCategorie.WOONOMGEVING: "Woonomgeving",
    SignaalCategorie.IDEE: "Idee",
}


class SignaalStatus(StrEnum):
    NIEUW = "nieuw"
    OPGEPAKT = "opgepakt"
    DOORGEZET = "doorgezet"
    AFGEROND = "afgerond"


SIGNAAL_STATUS_LABELS: dict[SignaalStatus, str] = {
    SignaalStatus.NIEUW: "Nieuw",
    SignaalStatus.OPGEPAKT: "Opgepakt",
    SignaalStatus.DOORGEZET: "Doorgezet",
    SignaalStatus.AFGEROND: "Afgerond",
}


class Melder(StrEnum):
    """Who noticed a signaal first."""

    MAKELAAR = "makelaar"
    BEWONER = "bewoner"
    PARTNER = "partner"
    GEMEENTE = "gemeente"


MELDER_LABELS: dict[Melder, str] = {
    Melder.MAKELAAR: "Makelaar zelf",
    Melder.BEWONER: "Bewoner",
    Melder.PARTNER: "Partnerorganisatie",
    Melder.GEMEENTE: "Gemeente",
}


class Trede(StrEnum):
    """The support ladder of a casus: own network first, then volunteers, then professionals."""

    EIGEN_NETWERK = "eigen_netwerk"
    VRIJWILLIGERS = "vrijwilligers"
    PROFESSIONALS = "professionals"


TREDE_LABELS: dict[Trede, str] = {
    Trede.EIGEN_NETWERK: "Eigen netwerk",
    Trede.VRIJWILLIGERS: "Vrijwilligers",
    Trede.PROFESSIONALS: "Professionals",
}


class CasusAfsluiting(StrEnum):
    MET_RESULTAAT = "met_resultaat"
    ZONDER_RESULTAAT = "zonder_resultaat"


CASUS_AFSLUITING_LABELS: dict[CasusAfsluiting, str] = {
    CasusAfsluiting.MET_RESULTAAT: "Afgesloten met resultaat",
    CasusAfsluiting.ZONDER_RESULTAAT: "Afgesloten zonder resultaat",
}


class Fase(StrEnum):
    """The four phases of an evaluation round, in order."""

    OBSERVE = "observe"
    REFLECT = "reflect"
    IMPROVE = "improve"
    APPLY = "apply"


#: the phases' Dutch names: the names of the round flow's tasks in Prefect (its ids, one language)
FASE_LABELS: dict[Fase, str] = {
    Fase.OBSERVE: "waarnemen",
    Fase.REFLECT: "reflecteren",
    Fase.IMPROVE: "verbeteren",
    Fase.APPLY: "toepassen",
}

FASE_TEKSTEN: Catalogus = catalogus(
    "fasen",
    {
        Fase.OBSERVE.value: {"nl": "waarnemen", "en": "observe"},
        Fase.REFLECT.value: {"nl": "reflecteren", "en": "reflect"},
        Fase.IMPROVE.value: {"nl": "verbeteren", "en": "improve"},
        Fase.APPLY.value: {"nl": "toepassen", "en": "apply"},
    },
)


def fase_label(fase: Fase, taal: str | None) -> str:
    """A phase's name as a user reads it, in `taal`."""
    return vertaal(FASE_TEKSTEN, fase.value, taal)


class FaseStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class Besluit(StrEnum):
    """The learning session's decision on a proposal; 'uitgesteld' carries it to the next round."""

    OPEN = "open"
    AANGENOMEN = "aangenomen"
    VERWORPEN = "verworpen"
    UITGESTELD = "uitgesteld"


class Publiek(StrEnum):
    """Who a survey round asks: the brokers, the social workers of the teams they work in, their
    partner organisations, or residents."""

    MAKELAARS = "makelaars"
    SOCIAAL_WERKERS = "sociaal_werkers"
    PARTNERS = "partners"
    BEWONERS = "bewoners"


#: each audience's name in both languages (catalogue 'publiek'; `publiek_label`)
PUBLIEK_TEKSTEN: Catalogus = catalogus(
    "publiek",
    {
        Publiek.MAKELAARS.value: {"nl": "Sociaal makelaars", "en": "Social brokers"},
        Publiek.SOCIAAL_WERKERS.value: {"nl": "Sociaal werkers", "en": "Social workers"},
        Publiek.PARTNERS.value: {"nl": "Partnerorganisaties", "en": "Partner organisations"},
        Publiek.BEWONERS.value: {"nl": "Bewoners", "en": "Residents"},
    },
)

#: the Dutch names (`publiek_label(publiek, taal)` gives them in the reader's language)
PUBLIEK_LABELS: dict[Publiek, str] = {p: PUBLIEK_TEKSTEN[p.value]["nl"] for p in Publiek}


def publiek_label(publiek: Publiek | str, taal: str | None) -> str:
    """An audience's name as the reader reads it: 'Sociaal werkers' / 'Social workers'."""
    return vertaal(PUBLIEK_TEKSTEN, Publiek(publiek).value, taal)


class EnqueteModus(StrEnum):
    """Identified answers are linked to the person's pseudonym (panels); anonymous ones never are."""

    IDENTIFICEERBAAR = "identificeerbaar"
    ANONIEM = "anoniem"


MODUS_TEKSTEN: Catalogus = catalogus(
    "enquetemodus",
    {
        EnqueteModus.IDENTIFICEERBAAR.value: {"nl": "identificeerbaar", "en": "identifiable"},
        EnqueteModus.ANONIEM.value: {"nl": "anoniem", "en": "anonymous"},
    },
)


def modus_label(modus: EnqueteModus | str, taal: str | None) -> str:
    """Whether a survey round's answers are linked to a pseudonym, as a reader reads it."""
    return vertaal(MODUS_TEKSTEN, EnqueteModus(modus).value, taal)


class UitnodigingStatus(StrEnum):
    """Where one invitation stands; 'beantwoord' carries no time, so it cannot be matched to a response."""

    OPEN = "open"
    BEZIG = "bezig"  # answers saved, not yet submitted
    BEANTWOORD = "beantwoord"
    INGETROKKEN = "ingetrokken"


class Kanaal(StrEnum):
    """How an invitation reaches a person."""

    EMAIL = "email"
    BRIEF = "brief"  # a printed letter with the link and a QR code
    LIJST = "lijst"  # a row in a mail-merge CSV the researcher sends


class ResponsBron(StrEnum):
    WEB = "web"  # the answering page
    IMPORT = "import"  # a KoboToolbox/ODK export
    DEMO = "demo"  # generated by the demo
