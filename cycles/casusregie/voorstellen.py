"""Proposals for the learning session: where a criterion is not met, an adjustment of the way of
working; where it cannot be judged with so few households, how the next round can tell."""

from __future__ import annotations

from makelaar.cycles.casusregie.oordeel import Oordeel
from makelaar.models.schemas import Proposal
from makelaar.models.taal import Catalogus, catalogus, vertaal

__all__ = ["SECTIE", "voorstellen"]

#: the guide section of the cycle's own (inhoud/nl/casusregie-werkwijze.md) proposals change
SECTIE = "casusregie-werkwijze"

VOORSTELLEN: Catalogus = catalogus(
    "casusregie_voorstellen",
    {
        "aanbieders_minder_titel": {
            "nl": "Eén plan, minder aanbieders",
            "en": "One plan, fewer providers",
        },
        "aanbieders_minder_tekst": {
            "nl": "De makelaar spreekt bij de start met alle betrokken aanbieders af wie blijft en "
            "wie de hulp overdraagt, en legt dat vast in één plan met het huishouden.",
            "en": "At the start the broker agrees with all providers involved who stays and who "
            "hands over, and records this in one plan with the household.",
        },
        "tevredenheid_snelheid_titel": {
            "nl": "Sneller eerste contact",
            "en": "Faster first contact",
        },
        "tevredenheid_snelheid_tekst": {
            "nl": "Een melding krijgt binnen drie werkdagen een makelaar toegewezen; bij "
            "afwezigheid neemt een collega de melding over.",
            "en": "A report is assigned a broker within three working days; when the broker is "
            "away a colleague takes it over.",
        },
        "tevredenheid_eigen_verantwoordelijkheid_titel": {
            "nl": "Het huishouden zelf aan zet",
            "en": "The household in charge",
        },
        "tevredenheid_eigen_verantwoordelijkheid_tekst": {
            "nl": "Het huishouden kiest zelf de eerste stap van het plan; de makelaar vraagt wat "
            "het zelf kan en wil doen voordat er hulp bij komt.",
            "en": "The household chooses the plan's first step itself; the broker asks what it "
            "can and wants to do before help is added.",
        },
        "samenwerking_titel": {
            "nl": "Vaste afstemming met vrijwilligers en professionals",
            "en": "Regular coordination with volunteers and professionals",
        },
        "samenwerking_tekst": {
            "nl": "Eens per maand een casusoverleg waarin vrijwilligers en professionals samen "
            "de rolverdeling per huishouden bespreken.",
            "en": "A monthly case meeting where volunteers and professionals agree together on "
            "the roles per household.",
        },
        "eigen_netwerk_pct_titel": {
            "nl": "Het eigen netwerk in kaart",
            "en": "Mapping the own network",
        },
        "eigen_netwerk_pct_tekst": {
            "nl": "In het eerste gesprek brengt de makelaar met het huishouden het eigen netwerk "
            "in kaart (familie, buren, vrienden) en vraagt wie een rol wil hebben.",
            "en": "In the first conversation the broker maps the household's own network "
            "(family, neighbours, friends) with it and asks who wants a role.",
        },
        "dagen_tot_eerste_contact_titel": {
            "nl": "Eerste contact binnen de afgesproken termijn",
            "en": "First contact within the agreed time",
        },
        "dagen_tot_eerste_contact_tekst": {
            "nl": "Het meldpunt zet elke melding dezelfde dag door; de makelaar belt binnen twee "
            "werkdagen en legt de datum van het eerste contact vast.",
            "en": "The reporting desk forwards each report the same day; the broker calls "
            "within two working days and records the date of first contact.",
        },
        "makelaars_volgens_werkwijze_titel": {
            "nl": "Werkwijze gedeeld door alle makelaars",
            "en": "Method shared by all brokers",
        },
        "makelaars_volgens_werkwijze_tekst": {
            "nl": "Makelaars die nog niet volgens de werkwijze werken, lopen twee casussen mee "
            "met een collega die dat wel doet; de werkwijze wordt besproken in de intervisie.",
            "en": "Brokers not yet working by the method shadow a colleague who does on two "
            "cases; the method is discussed in peer review.",
        },
        "meer_titel": {
            "nl": "Meer huishoudens volgen voor een oordeel",
            "en": "Follow more households to be able to judge",
        },
        "meer_tekst": {
            "nl": "Zet de pilot voort tot er genoeg afgesloten casussen en antwoorden zijn om "
            "de criteria te beoordelen die nu niet te zeggen zijn, en vraag elk huishouden bij "
            "afsluiting de korte vragenlijst in te vullen.",
            "en": "Continue the pilot until there are enough closed cases and answers to judge "
            "the criteria that cannot be said now, and ask every household to fill in the short "
            "survey at closure.",
        },
        "onderbouwing": {
            "nl": "Criterium niet gehaald in {periode}: {titel}.",
            "en": "Criterion not met in {periode}: {titel}.",
        },
        "onderbouwing_meer": {
            "nl": "Niet te zeggen met zo weinig huishoudens in {periode}: {titels}.",
            "en": "Cannot be said with so few households in {periode}: {titels}.",
        },
    },
)


def voorstellen(oordelen: list[Oordeel], periode: str, taal: str) -> list[Proposal]:
    """A proposal per criterion not met, and one for the criteria that cannot be judged."""

    def t(key: str, **w: object) -> str:
        return vertaal(VOORSTELLEN, key, taal, **w)

    result = [
        Proposal(
            code=f"casusregie-{o.criterium}",
            sectie_id=SECTIE,
            titel=t(f"{o.criterium}_titel"),
            tekst=t(f"{o.criterium}_tekst"),
            onderbouwing=t("onderbouwing", periode=periode, titel=o.tekst),
            bevindingen=[f"casusregie-{o.criterium}"],
        )
        for o in oordelen
        if o.uitkomst == "niet_gehaald"
    ]
    open_ = [o for o in oordelen if o.uitkomst == "niet_te_zeggen"]
    if open_:
        result.append(
            Proposal(
                code="casusregie-meer-huishoudens",
                sectie_id=SECTIE,
                titel=t("meer_titel"),
                tekst=t("meer_tekst"),
                onderbouwing=t(
                    "onderbouwing_meer", periode=periode, titels="; ".join(o.tekst for o in open_)
                ),
                bevindingen=[f"casusregie-{o.criterium}" for o in open_],
            )
        )
    return result
