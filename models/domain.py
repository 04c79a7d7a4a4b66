"""The domain's fixed vocabularies (codes stored in the database) with their Dutch labels."""

from __future__ import annotations

from enum import StrEnum


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


class SignaalStatus(StrEnum):
    NIEUW = "nieuw"
    OPGEPAKT = "opgepakt"
    DOORGEZET = "doorgezet"
    AFGEROND = "afgerond"


class Fase(StrEnum):
    """The four phases of an evaluation round, in order."""

    OBSERVE = "observe"
    REFLECT = "reflect"
    IMPROVE = "improve"
    APPLY = "apply"


FASE_LABELS: dict[Fase, str] = {
    Fase.OBSERVE: "waarnemen",
    Fase.REFLECT: "reflecteren",
    Fase.IMPROVE: "verbeteren",
    Fase.APPLY: "toepassen",
}


class FaseStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class Besluit(StrEnum):
    OPEN = "open"
    AANGENOMEN = "aangenomen"
    VERWORPEN = "verworpen"
