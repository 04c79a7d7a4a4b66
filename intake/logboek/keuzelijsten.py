"""The words for a logbook's choices: per choice list its stored codes, the Dutch and English
labels the template shows and the other words brokers use for them. The template's dropdowns and
the importer's choice reader (intake.logboek.waarden) both read `KEUZELIJSTEN`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from makelaar.intake.logboek.kolommen import normalise_header
from makelaar.models.domain import (
    ACTIETYPE_LABELS,
    CASUS_AFSLUITING_LABELS,
    DOELGROEP_LABELS,
    INITIATIEF_STATUS_LABELS,
    MELDER_LABELS,
    PARTNER_SOORT_LABELS,
    RESULTAAT_LABELS,
    SIGNAAL_CATEGORIE_LABELS,
    SIGNAAL_SOORT_LABELS,
    SIGNAAL_STATUS_LABELS,
    TREDE_LABELS,
    ActieType,
    CasusAfsluiting,
    Doelgroep,
    InitiatiefStatus,
    Melder,
    PartnerSoort,
    Resultaat,
    SignaalCategorie,
    SignaalSoort,
    SignaalStatus,
    Trede,
)
from makelaar.models.taal import in_taal

__all__ = ["KEUZELIJSTEN", "Keuze", "keuze_index", "label"]


@dataclass(frozen=True)
class Keuze:
    """One allowed value: the stored code, its labels and other words people use for it."""

    code: StrEnum
    label: str
    label_en: str
    synoniemen: tuple[str, ...] = ()


def _keuzes(
    labels: Mapping[Any, str],
    english: dict[str, str],
    synoniemen: dict[str, tuple[str, ...]] | None = None,
) -> tuple[Keuze, ...]:
    extra = synoniemen or {}
    return tuple(
        Keuze(code, label, english[code.value], extra.get(code.value, ()))
        for code, label in labels.items()
    )


KEUZELIJSTEN: dict[type[StrEnum], tuple[Keuze, ...]] = {
    ActieType: _keuzes(
        ACTIETYPE_LABELS,
        {
            "buurtonderzoek": "Neighbourhood survey",
            "bewonersinitiatief": "Resident initiative",
            "evenement": "Event",
            "overleg_instanties": "Meeting between organisations",
            "bemiddeling_bewoners": "Mediation between residents",
            "bemiddeling_bewoner_instelling": "Mediation between resident and organisation",
            "buurtrapportage": "Neighbourhood report",
            "nieuwsbrief": "Newsletter",
            "huisbezoek": "Home visit",
            "doorverwijzing": "Referral",
            "anders": "Other",
        },
        {
            "buurtonderzoek": ("wijkonderzoek", "buurtschouw", "enquete"),
            "evenement": ("activiteit", "bijeenkomst", "buurtactiviteit", "buurtfeest"),
            "overleg_instanties": ("overleg", "netwerkoverleg", "overleg instanties"),
            "bemiddeling_bewoners": ("burenbemiddeling", "bemiddeling"),
            "bemiddeling_bewoner_instelling": ("bemiddeling bewoner instantie",),
            "buurtrapportage": ("rapportage", "wijkrapportage"),
            "doorverwijzing": ("verwijzing", "toeleiding"),
            "anders": ("overig", "anders namelijk"),
        },
    ),
    Doelgroep: _keuzes(
        DOELGROEP_LABELS,
        {
            "ouderen": "Older people",
            "migranten": "Migrants",
            "vluchtelingen": "Refugees",
            "beperking": "People with a disability",
            "jongeren": "Young people",
        },
        {
            "ouderen": ("senioren", "65+", "elderly", "older adults"),
            "migranten": ("migrant", "nieuwkomers", "migrants"),
            "vluchtelingen": ("statushouders", "vluchteling", "refugee"),
            "beperking": ("met een beperking", "beperkingen", "disabled", "disability"),
            "jongeren": ("jeugd", "youth", "jongere"),
        },
    ),
    PartnerSoort: _keuzes(
        PARTNER_SOORT_LABELS,
        {
            "welzijn": "Welfare",
            "zorg": "Care",
            "ggd": "Public health service (GGD)",
            "woningcorporatie": "Housing association",
            "politie": "Police",
            "school": "School",
            "gemeente": "Municipality",
            "vrijwilligersorganisatie": "Volunteer organisation",
            "bewonersorganisatie": "Residents' organisation",
            "ondernemer": "Business",
            "buurtteam": "Neighbourhood team",
            "anders": "Other",
        },
        {
            "welzijn": ("welzijnsorganisatie", "welfare organisation"),
            "zorg": ("zorgaanbieder", "thuiszorg", "huisarts", "care provider"),
            "woningcorporatie": ("corporatie", "woningbouwvereniging", "housing"),
            "politie": ("wijkagent", "boa", "police"),
            "school": ("onderwijs", "basisschool"),
            "vrijwilligersorganisatie": ("vrijwilligers", "vrijwilligerscentrale"),
            "bewonersorganisatie": ("bewonerscommissie", "huurdersvereniging"),
            "ondernemer": ("winkelier", "bedrijf", "ondernemers"),
            "buurtteam": ("sociaal team", "wijkteam"),
            "anders": ("overig",),
        },
    ),
    Resultaat: _keuzes(
        RESULTAAT_LABELS,
        {
            "verbinding": "Connection made",
            "initiatief": "Initiative started or moved on",
            "doorverwijzing": "Referred to the right support",
            "signaal": "Signal picked up",
            "informatie": "Information shared",
            "geen": "No result (yet)",
        },
        {
            "verbinding": ("verbinding gelegd",),
            "initiatief": ("initiatief gestart",),
            "doorverwijzing": ("doorverwezen",),
            "signaal": ("signaal opgepakt",),
            "informatie": ("informatie gedeeld",),
            "geen": ("geen resultaat", "nog geen resultaat", "none", "no result"),
        },
    ),
    SignaalSoort: _keuzes(
        SIGNAAL_SOORT_LABELS,
        {"probleem": "Problem", "kracht": "Strength"},
        {"probleem": ("zorg", "knelpunt"), "kracht": ("kans", "sterkte", "asset")},
    ),
    SignaalCategorie: _keuzes(
        SIGNAAL_CATEGORIE_LABELS,
        {
            "schulden": "Debts",
            "eenzaamheid": "Loneliness",
            "overlast": "Nuisance",
            "opvoeding": "Parenting",
            "gezondheid": "Health",
            "woonomgeving": "Living environment",
            "idee": "Idea",
        },
        {
            "schulden": ("geldzorgen", "armoede", "financien"),
            "eenzaamheid": ("isolement", "sociaal isolement"),
            "overlast": ("burenoverlast", "geluidsoverlast"),
            "opvoeding": ("opvoedingsvragen", "jeugd en gezin"),
            "woonomgeving": ("openbare ruimte", "buitenruimte", "leefbaarheid"),
            "idee": ("ideeen", "initiatief"),
        },
    ),
    SignaalStatus: _keuzes(
        SIGNAAL_STATUS_LABELS,
        {"nieuw": "New", "opgepakt": "Taken up", "doorgezet": "Passed on", "afgerond": "Closed"},
        {
            "opgepakt": ("in behandeling", "loopt"),
            "doorgezet": ("doorgegeven", "overgedragen"),
            "afgerond": ("klaar", "gesloten", "done"),
        },
    ),
    Melder: _keuzes(
        MELDER_LABELS,
        {
            "makelaar": "The broker",
            "bewoner": "Resident",
            "partner": "Partner organisation",
            "gemeente": "Municipality",
        },
        {"makelaar": ("zelf", "makelaar"), "bewoner": ("bewoners",), "partner": ("partner",)},
    ),
    InitiatiefStatus: _keuzes(
        INITIATIEF_STATUS_LABELS,
        {
            "idee": "Idea",
            "ondersteund": "Supported",
            "gerealiseerd": "Realised",
            "niet_ondersteund": "Not supported",
            "gestrand": "Stranded",
        },
        {
            "ondersteund": ("in uitvoering", "loopt"),
            "gerealiseerd": ("uitgevoerd", "gelukt", "afgerond"),
            "niet_ondersteund": ("afgewezen", "niet gesteund"),
            "gestrand": ("gestopt", "mislukt", "vastgelopen"),
        },
    ),
    Trede: _keuzes(
        TREDE_LABELS,
        {
            "eigen_netwerk": "Own network",
            "vrijwilligers": "Volunteers",
            "professionals": "Professionals",
        },
        {
            "eigen_netwerk": ("netwerk", "familie", "eigen kracht"),
            "vrijwilligers": ("vrijwilliger", "vrijwillige inzet"),
            "professionals": ("professional", "hulpverlening", "zorg"),
        },
    ),
    CasusAfsluiting: _keuzes(
        CASUS_AFSLUITING_LABELS,
        {
            "met_resultaat": "Closed with result",
            "zonder_resultaat": "Closed without result",
        },
        {
            "met_resultaat": ("met resultaat", "geslaagd", "ja"),
            "zonder_resultaat": ("zonder resultaat", "niet geslaagd", "nee"),
        },
    ),
}


def keuze_index(enum: type[StrEnum]) -> dict[str, StrEnum]:
    """Every normalised word for a value of `enum` → the value."""
    index: dict[str, StrEnum] = {}
    for keuze in KEUZELIJSTEN[enum]:
        for word in (keuze.code.value, keuze.label, keuze.label_en, *keuze.synoniemen):
            index.setdefault(normalise_header(word), keuze.code)
    return index


def label(value: StrEnum, locale: str = "nl") -> str:
    """The label users read for a stored code."""
    for keuze in KEUZELIJSTEN[type(value)]:
        if keuze.code == value:
            return in_taal(locale, keuze.label, keuze.label_en)
    raise KeyError(value)
