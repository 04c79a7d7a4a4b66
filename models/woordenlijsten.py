"""The word lists that tell a person's name from the words around it in free text (models.namen).

The lists hold folded words (lower case, no accents) or word endings: forms of address, roles,
surname particles, given names that are also everyday words, the words and endings of streets and
organisations, surname endings, months. models.namen's NameFinder flags each word of a text by
the lists it is on or ends with; the finder reads the flags, these lists say which words carry
them. `STOP_WORDS` was drawn up by hand (see
models/data/README.md).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PARTICLES = _words(
    "van de der den het ter ten te in 't op von vom zu el al la le du des dos da di del "
    "ben bin ibn abu ait ou"
)
"""Surname particles (tussenvoegsels): inside a name they join its parts, alone they are none."""

TITLES = _words("mevr mevrouw mw mvr dhr heer meneer mijnheer mnr fam familie mej juffrouw")
"""Forms of address: a name follows them (for abbreviations even one written in lower case)."""

ABBREVIATED_TITLES = _words("mevr mw mvr dhr mnr fam mej dr drs ir ing mr prof ds")
"""Titles that are abbreviations: a full stop may follow them."""

ACADEMIC_TITLES = _words("dr drs ir ing mr prof ds")

ROLES = _words(
    """
    buurman buurvrouw buurjongen buurmeisje opa oma oom tante neef nicht juf meester zuster
    collega wethouder burgemeester wijkagent agent huisarts dokter dominee pastoor imam voorzitter
    vrijwilliger vrijwilligster stagiair stagiaire coördinator cordinator
    """
)
"""Words for a person's role: a capitalised word right after one is that person's name."""

ROYALS = _words("koning koningin prins prinses queen king sint st sinte")
"""Words before a name that make it a royal's, a saint's, and so mostly a street's or a place's."""

# Given names that are also everyday Dutch words, chosen from the given names that the OpenTaal
# word list holds in lower case: alone they stay readable ("Roos en lavendel", "Wil je ...",
# "Ben donderdag weg"); with a surname after them or a title before them they are names.
STOP_WORDS = _words(
    """
    adel adem amber arend bas ben berk bob co dag dik elke els engels erica eren ernst ferry fleur
    frank frans gulden hoop iris islam jack jade jasmijn jet jihad job joke kader kick kim lama
    leen lieve linde lot madelief mare margriet marina marjolein mark mat mats max maxim mees mei
    merel mirte mitra nada nader nadir nil noors pal puk raid ram rein riet rob roman roos salam
    servet storm sultan toon ton tuba valentijn wiel wil zon
    """
)

# Lower-case words that are never a surname after an abbreviated title ("dhr. en mevr. kwamen",
# "mevr. heeft gebeld"): function words and the verbs notes use most.
FUNCTION_WORDS = _words(
    """
    en of maar want dus die dat deze dit de het een is was zijn waren wordt werd worden heeft had
    hebben hadden wil wilde willen kan kon kunnen zal zou moet moest mag mocht gaat ging komt kwam
    kwamen belt belde belden zegt zei vertelt vertelde vraagt vroeg geeft gaf woont woonde voelt
    voelde gaf wist weet laat liet staat stond zit zat ziet zag krijgt kreeg doet deed neemt nam
    blijft bleef heb ben niet nog ook al zelf weer wel erg zeer heel meer minder te om op in aan
    bij met van voor na naar uit over door tot zonder tegen als dan toen ook reeds eerst samen
    graag alleen thuis hier daar er zich haar hem hij zij ze we wij u jij je ik mij me ons zo
    onder boven binnen buiten achter naast langs sinds tijdens
    gebeld gesproken gezien geweest gebracht gevraagd verteld gegeven gemaild opgebeld
    """
)

# Name-like words that end a street or a building, and words for organisations: a given name
# next to one of these belongs to a street or an organisation ("Pieter Nieuwlandstraat",
# "Antonius Ziekenhuis", "Stichting Jan de Wit").
STREET_ENDINGS = tuple(
    sorted(
        _words(
            "straat laan weg plein gracht kade singel dreef steeg plantsoen pad allee boulevard "
            "park flat school ziekenhuis centrum fonds stichting vereniging kerk moskee"
        ),
        key=len,
        reverse=True,
    )
)
ORGANISATION_WORDS = _words(
    """
    stichting vereniging fonds buurthuis wijkcentrum huis school basisschool centrum kerk moskee
    ziekenhuis kinderziekenhuis zorgcentrum verpleeghuis museum theater bibliotheek college
    lyceum instituut club zaal hal speeltuin speeltuinvereniging coöperatie winkel supermarkt
    bv nv groep team
    """
)
ORGANISATION_ENDINGS = tuple(
    sorted(
        _words(
            "stichting vereniging fonds buurthuis school ziekenhuis centrum kerk moskee club "
            "zorgcentrum verpleeghuis"
        ),
        key=len,
        reverse=True,
    )
)

ORGANISATIONS = frozenset(
    ("albert heijn", "jan linders", "hans anders", "dirk van den broek", "max havelaar")
)
"""Shops and brands named after a person: organisations, never masked."""

FRISIAN_ENDINGS = ("stra", "sma", "inga", "enga")
"""Endings of Frisian surnames (Dijkstra, Wiersma, Tamminga): a capitalised word ending so is one."""

NOT_FRISIAN = _words("orchestra aspidistra minestra plasma prisma charisma schisma miasma klysma")

PATRONYMIC_ENDINGS = ("ssen", "sen", "se", "szoon", "zoon", "sz")
"""A given name with one of these after it is a patronymic surname: Jansen, Janssen, Gerritse."""

MONTHS = _words(
    "jan januari feb mrt apr april mei jun juni jul juli aug augustus sep sept okt nov dec"
)
