"""The logbook template brokers fill in: an Excel workbook with one sheet per record kind.

`schrijf_sjabloon` writes it from the definitions in `kolommen` (sheet names, headers, choice
lists), so what the template asks for is what the importer reads back. Every data column has an
input message (its explanation) and, where it helps, a check: dropdowns for choices, wijken,
buurten and brokers (their values on the sheet 'Lijsten'), date and number bounds, text lengths.
The header texts are exactly `Kolom.kop` (or `kop_en`): the importer matches on them, so required
columns are marked by a fill colour and a '*' in their comment and input message, never in the
header itself.

`lijsten_uit_store` reads the wijken, buurten and broker codes for the dropdowns from the store.

Over 500 lines because it writes one workbook whose parts refer to each other: the sheet
'Lijsten' lays out the ranges that the record sheets' dropdowns and checks and the instructions'
value descriptions point at, in the same words (`_Teksten`) and styles; split, each part would
need the others' layout passed around.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.intake.logboek.keuzelijsten import KEUZELIJSTEN
from makelaar.intake.logboek.kolommen import (
    RECORDSOORTEN,
    Kolom,
    Recordsoort,
    Soort,
)
from makelaar.models.domain import (
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
from makelaar.models.errors import StoreError
from makelaar.models.files import sync_directory
from makelaar.models.taal import TALEN, Catalogus, babel_locale, catalogus, in_taal, vertaal
from makelaar.models.tables import Buurt, Gemeente, Makelaar, Wijk

#: data rows 2 up to and including this row carry the checks and input messages
SJABLOON_RIJEN = 1000
#: Excel's limits for a data validation's input message and for its titles
MAX_MELDING = 255
MAX_TITEL = 32
#: dates before this day are refused by the date check
EERSTE_DATUM = dt.date(2000, 1, 1)
DATUMNOTATIE = "DD-MM-YYYY"
DECIMAALNOTATIE = "0.0#"
TEKSTNOTATIE = "@"

_VERPLICHT_KLEUR = "F8CBAD"  # orange: a required column
_KOP_KLEUR = "D9E1F2"  # light blue: any other header
_TABEL_KLEUR = "E7E6E6"  # grey: table headers on the instructions sheet


@dataclass(frozen=True)
class Lijsten:
    """What the template's dropdowns offer besides the fixed choice lists."""

    gemeente: str | None  # gemeente name for the title, None if unknown (or several)
    wijken: Sequence[tuple[str, str]]  # (CBS code, name), sorted by name
    buurten: Sequence[tuple[str, str, str]]  # (CBS code, name, wijk code)
    makelaars: Sequence[str]  # broker codes from the register
    makelaarnamen: Sequence[str] = ()  # their registered names, in the same order


# --- reading the lists from the store ------------------------------------------------------------


def lijsten_uit_store(session: Session, gemeente_code: str | None = None) -> Lijsten:
    """The wijken, buurten and registered brokers of one gemeente, for the template's dropdowns.

    Without `gemeente_code`: the only gemeente in the store; with none, empty lists (the template
    then asks for typed names or codes); with several, all of them, sorted by gemeente name and
    then by name (names may repeat across gemeenten). An unknown code raises StoreError.
    """
    if gemeente_code is not None:
        gemeente = session.get(Gemeente, gemeente_code)
        if gemeente is None:
            raise StoreError(
                f"Gemeente {gemeente_code} staat niet in de database. Importeer eerst de "
                "CBS-kerncijfers: makelaar wijken import BESTAND.",
                en=f"Municipality {gemeente_code} is not in the database. Import the CBS key "
                "figures first: makelaar wijken import FILE.",
            )
        gemeenten = [gemeente]
    else:
        gemeenten = list(session.scalars(select(Gemeente)).all())
        gemeenten.sort(key=lambda g: (g.naam.casefold(), g.code))
    if not gemeenten:
        return Lijsten(gemeente=None, wijken=(), buurten=(), makelaars=())
    rang = {g.code: i for i, g in enumerate(gemeenten)}
    codes = list(rang)

    wijk_rijen = session.execute(
        select(Wijk.code, Wijk.naam, Wijk.gemeente_code).where(Wijk.gemeente_code.in_(codes))
    ).all()
    wijk_rijen = sorted(wijk_rijen, key=lambda r: (rang[r[2]], r[1].casefold(), r[0]))
    buurt_rijen = session.execute(
        select(Buurt.code, Buurt.naam, Buurt.wijk_code, Wijk.gemeente_code)
        .join(Wijk, Buurt.wijk_code == Wijk.code)
        .where(Wijk.gemeente_code.in_(codes))
    ).all()
    buurt_rijen = sorted(buurt_rijen, key=lambda r: (rang[r[3]], r[1].casefold(), r[0]))
    makelaar_rijen = session.execute(
        select(Makelaar.code, Makelaar.gemeente_code, Makelaar.naam).where(
            Makelaar.gemeente_code.in_(codes)
        )
    ).all()
    makelaar_rijen = sorted(makelaar_rijen, key=lambda r: (rang[r[1]], r[0].casefold(), r[0]))
    return Lijsten(
        gemeente=gemeenten[0].naam if len(gemeenten) == 1 else None,
        wijken=tuple((r[0], r[1]) for r in wijk_rijen),
        buurten=tuple((r[0], r[1], r[2]) for r in buurt_rijen),
        makelaars=tuple(r[0] for r in makelaar_rijen),
        makelaarnamen=tuple(r[2] for r in makelaar_rijen),
    )


# --- words -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Teksten:
    instructies: str
    lijsten: str
    titel: str
    verplicht: str
    ja: str
    nee: str
    kolom: str
    uitleg: str
    waarden: str
    wijken: str
    wijkcode: str
    buurten: str
    buurtcode: str
    wijk_van_buurt: str
    makelaars: str
    makelaarnaam: str
    fout_titel: str
    fout_keuze: str
    fout_wijk: str
    fout_buurt: str
    fout_makelaar: str
    fout_datum: str
    fout_geheel: str
    fout_decimaal: str
    fout_lengte: str
    meer_keuzes: str
    makelaar_lijst: str
    waarde_datum: str
    waarde_geheel: str
    waarde_decimaal: str
    waarde_lengte: str
    waarde_lijst: str
    kop_bladen: str
    kop_invullen: str
    regels: tuple[str, ...]
    geen_wijken: str
    geen_makelaars: str
    kop_kolommen: str


SJABLOON: Catalogus = catalogus(
    "logboeksjabloon",
    {
        "instructies": {"nl": "Instructies", "en": "Instructions"},
        "lijsten": {"nl": "Lijsten", "en": "Lists"},
        "titel": {"nl": "Logboek sociaal makelaar", "en": "Social broker logbook"},
        "verplicht": {"nl": "Verplicht", "en": "Required"},
        "ja": {"nl": "ja", "en": "yes"},
        "nee": {"nl": "nee", "en": "no"},
        "kolom": {"nl": "Kolom", "en": "Column"},
        "uitleg": {"nl": "Uitleg", "en": "Explanation"},
        "waarden": {"nl": "Toegestane waarden", "en": "Allowed values"},
        "wijken": {"nl": "Wijken", "en": "Districts"},
        "wijkcode": {"nl": "Wijkcode", "en": "District code"},
        "buurten": {"nl": "Buurten", "en": "Neighbourhoods"},
        "buurtcode": {"nl": "Buurtcode", "en": "Neighbourhood code"},
        "wijk_van_buurt": {"nl": "Wijk (van de buurt)", "en": "District (of the neighbourhood)"},
        "makelaars": {"nl": "Makelaars", "en": "Brokers"},
        "makelaarnaam": {"nl": "Naam makelaar", "en": "Broker's name"},
        "fout_titel": {"nl": "Ongeldige waarde", "en": "Invalid value"},
        "fout_keuze": {
            "nl": "Kies een waarde uit de lijst (zie het blad {lijsten}).",
            "en": "Choose a value from the list (see the sheet {lijsten}).",
        },
        "fout_wijk": {
            "nl": (
                "Deze wijk staat niet in de lijst. Een CBS-wijkcode (WK034401) is ook goed. Toch "
                "gebruiken?"
            ),
            "en": (
                "This district is not in the list. A CBS district code (WK034401) is fine too. Use "
                "it anyway?"
            ),
        },
        "fout_buurt": {
            "nl": (
                "Deze buurt staat niet in de lijst. Een CBS-buurtcode (BU03440111) is ook goed. "
                "Toch gebruiken?"
            ),
            "en": (
                "This neighbourhood is not in the list. A CBS code (BU03440111) is fine too. Use "
                "it anyway?"
            ),
        },
        "fout_makelaar": {
            "nl": (
                "Deze code staat niet in het makelaarsregister (zie het blad {lijsten}). Staat u "
                "er niet in? Vraag de onderzoeker u te registreren."
            ),
            "en": (
                "This code is not in the brokers' register (see the sheet {lijsten}). Not in it? "
                "Ask the researcher to register you."
            ),
        },
        "fout_datum": {
            "nl": "Typ een datum als dag-maand-jaar, bijvoorbeeld 31-01-2026 (na 1-1-2000).",
            "en": "Type a date as day-month-year, e.g. 31-01-2026 (after 1-1-2000).",
        },
        "fout_geheel": {
            "nl": "Typ een heel getal van {minimum} tot en met {maximum}.",
            "en": "Type a whole number from {minimum} to {maximum}.",
        },
        "fout_decimaal": {
            "nl": "Typ een getal van {minimum} tot en met {maximum}, bijvoorbeeld 1,5.",
            "en": "Type a number from {minimum} to {maximum}, e.g. 1.5.",
        },
        "fout_lengte": {
            "nl": "Deze tekst is te lang: ten hoogste {n} tekens.",
            "en": "This text is too long: at most {n} characters.",
        },
        "meer_keuzes": {
            "nl": "Kies uit de lijst, of typ meer waarden gescheiden door ';'.",
            "en": "Choose from the list, or type several values separated by ';'.",
        },
        "makelaar_lijst": {
            "nl": "Kies uw code uit de lijst: het makelaarsregister.",
            "en": "Choose your code from the list: the brokers' register.",
        },
        "waarde_datum": {
            "nl": "Datum (dag-maand-jaar) na 1-1-2000",
            "en": "Date (day-month-year) after 1-1-2000",
        },
        "waarde_geheel": {
            "nl": "Heel getal van {minimum} tot en met {maximum}",
            "en": "Whole number from {minimum} to {maximum}",
        },
        "waarde_decimaal": {
            "nl": "Getal van {minimum} tot en met {maximum}",
            "en": "Number from {minimum} to {maximum}",
        },
        "waarde_lengte": {
            "nl": "Tekst, ten hoogste {n} tekens",
            "en": "Text, at most {n} characters",
        },
        "waarde_lijst": {
            "nl": "Zie het blad {lijsten}, kolom '{kop}'",
            "en": "See the sheet {lijsten}, column '{kop}'",
        },
        "kop_bladen": {"nl": "De bladen", "en": "The sheets"},
        "kop_invullen": {"nl": "Zo vult u het logboek in", "en": "How to fill in the logbook"},
        "regel_1": {
            "nl": (
                "Elke rij op een blad is één registratie. Verander de koppen in rij 1 en de namen "
                "van de bladen niet."
            ),
            "en": (
                "Each row on a sheet is one record. Do not change the headers in row 1 or the "
                "sheet names."
            ),
        },
        "regel_2": {
            "nl": (
                "Verplichte kolommen hebben een oranje kop. Klik op een cel voor uitleg; een * in "
                "de uitleg betekent verplicht."
            ),
            "en": (
                "Required columns have an orange header. Click a cell for an explanation; a * in "
                "it means required."
            ),
        },
        "regel_3": {
            "nl": (
                "Kies waarden uit de keuzelijst in de cel; alle lijsten staan ook op het blad "
                "{lijsten}."
            ),
            "en": (
                "Choose values from the dropdown in the cell; all lists are also on the sheet "
                "{lijsten}."
            ),
        },
        "regel_4": {
            "nl": (
                "Meer waarden in één cel ({meervoud}): scheid ze met ';', bijvoorbeeld 'Ouderen; "
                "Jongeren'."
            ),
            "en": (
                "Several values in one cell ({meervoud}): separate them with ';', e.g. 'Older "
                "people; Young people'."
            ),
        },
        "regel_5": {
            "nl": (
                "Datums als dag-maand-jaar, bijvoorbeeld 31-01-2026. Een decimale komma is goed: "
                "1,5."
            ),
            "en": "Dates as day-month-year, e.g. 31-01-2026. A decimal comma is fine: 1,5.",
        },
        "regel_6": {
            "nl": (
                "Schrijf in notities en omschrijvingen geen namen, adressen of telefoonnummers: "
                "die worden bij het inlezen onleesbaar gemaakt."
            ),
            "en": (
                "Do not write names, addresses or phone numbers in notes and descriptions: they "
                "are masked on import."
            ),
        },
        "regel_7": {
            "nl": "Namen in {personen} worden alleen als pseudoniem bewaard, nooit als naam.",
            "en": "Names in {personen} are stored only as pseudonyms, never as names.",
        },
        "regel_8": {
            "nl": (
                "Bewaar het bestand als Excel-werkmap (.xlsx). Liever CSV? Bewaar dan elk blad als "
                "apart CSV-bestand met ';' als scheidingsteken."
            ),
            "en": (
                "Save the file as an Excel workbook (.xlsx). Prefer CSV? Then save each sheet as a "
                "separate CSV file with ';' as separator."
            ),
        },
        "regel_9": {
            "nl": "Inlezen: makelaar logboek import <bestand>",
            "en": "To import: makelaar logboek import <file>",
        },
        "geen_wijken": {
            "nl": (
                "Er staan nog geen wijken in de database: typ bij Wijk en Buurt de naam of de "
                "CBS-code (WK034401, BU03440111)."
            ),
            "en": (
                "There are no districts in the database yet: type the name or CBS code (WK034401, "
                "BU03440111) under District and Neighbourhood."
            ),
        },
        "geen_makelaars": {
            "nl": (
                "Er staan nog geen makelaars in het register: typ bij Makelaar uw code, en vraag "
                "de onderzoeker de makelaars te registreren (makelaar makelaars import BESTAND); "
                "een rij met een code die niet in het register staat, wordt bij het inlezen "
                "geweigerd."
            ),
            "en": (
                "There are no brokers in the register yet: type your code under Broker, and ask "
                "the researcher to register the brokers (makelaar makelaars import FILE); a row "
                "with a code that is not in the register is refused on import."
            ),
        },
        "kop_kolommen": {"nl": "Kolommen van het blad", "en": "Columns of the sheet"},
        "voegwoord_en": {"nl": "en", "en": "and"},
    },
)
"""The logbook template's own words (sheets, headings, checks, instructions)."""


_LIJSTKOPPEN_TEKST: Catalogus = catalogus(
    "logboeksjabloon_lijsten",
    {
        "ActieType": {"nl": "Soort actie", "en": "Type of action"},
        "Doelgroep": {"nl": "Doelgroepen", "en": "Target groups"},
        "PartnerSoort": {"nl": "Partners (soorten)", "en": "Partners (kinds)"},
        "Resultaat": {"nl": "Resultaat", "en": "Outcome"},
        "SignaalSoort": {"nl": "Probleem of kracht", "en": "Problem or strength"},
        "SignaalCategorie": {"nl": "Categorie", "en": "Category"},
        "Melder": {"nl": "Gemeld door", "en": "Reported by"},
        "SignaalStatus": {"nl": "Status signaal", "en": "Signal status"},
        "InitiatiefStatus": {"nl": "Status initiatief", "en": "Initiative status"},
        "Trede": {"nl": "Ondersteuning door", "en": "Support from"},
        "CasusAfsluiting": {"nl": "Afsluiting", "en": "Closure"},
    },
)
"""The headers of the choice lists on the sheet 'Lijsten', by the list's enum name."""

#: the choice lists on the sheet 'Lijsten', in this order (their headers: _LIJSTKOPPEN_TEKST)
_LIJSTKOPPEN: tuple[type[StrEnum], ...] = (
    ActieType,
    Doelgroep,
    PartnerSoort,
    Resultaat,
    SignaalSoort,
    SignaalCategorie,
    Melder,
    SignaalStatus,
    InitiatiefStatus,
    Trede,
    CasusAfsluiting,
)


def _teksten(locale: str) -> _Teksten:
    if locale not in TALEN:
        raise ValueError(f"locale is {locale!r}; kies 'nl' of 'en'.")
    regels = tuple(vertaal(SJABLOON, key, locale) for key in SJABLOON if key.startswith("regel_"))
    velden = {
        veld.name: vertaal(SJABLOON, veld.name, locale)
        for veld in fields(_Teksten)
        if veld.name != "regels"
    }
    return _Teksten(regels=regels, **velden)


def _getal(value: float, locale: str) -> str:
    """100000 → '100.000' (nl) or '100,000' (en); 1.5 → '1,5' (nl)."""
    if float(value).is_integer():
        text = f"{int(value):,}"
        return in_taal(locale, text.replace(",", "."), text)
    text = f"{value:g}"
    return in_taal(locale, text.replace(".", ","), text)


def _kort(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _keuzelijst(kolom: Kolom) -> type[StrEnum] | None:
    """The fixed list a column's dropdown offers (partners: the kinds of organisation)."""
    if kolom.soort is Soort.PARTNERS:
        return PartnerSoort
    if kolom.soort in (Soort.KEUZE, Soort.KEUZES):
        return kolom.keuzes
    return None


def _labels(enum: type[StrEnum], locale: str) -> list[str]:
    return [in_taal(locale, k.label, k.label_en) for k in KEUZELIJSTEN[enum]]


# --- the workbook --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bereik:
    """Where a list's values stand on the sheet 'Lijsten' (None: the list is empty)."""

    kop: str
    formule: str | None
    breedte: int  # of the longest value, in characters


def schrijf_sjabloon(
    pad: Path, lijsten: Lijsten, *, locale: str = "nl", overschrijven: bool = False
) -> Path:
    """Write the logbook template to `pad` (.xlsx) and return the path.

    The file is written to a temporary file in the same folder and renamed into place, so `pad`
    is either the complete template or untouched. An existing file is left alone and
    FileExistsError raised unless `overschrijven` is true. ValueError for an unknown locale or
    a name not ending in .xlsx; OSError when the folder cannot be written.
    """
    teksten = _teksten(locale)
    pad = Path(pad)
    if pad.suffix.lower() != ".xlsx":
        raise ValueError(f"{pad.name}: het sjabloon is een Excel-werkmap; geef een naam op .xlsx.")
    if not overschrijven and pad.exists():
        raise _bestaat(pad)
    werkmap = _werkmap(lijsten, locale, teksten)
    _bewaar(werkmap, pad, overschrijven=overschrijven)
    return pad


def _bestaat(pad: Path) -> FileExistsError:
    return FileExistsError(
        errno.EEXIST,
        "Het bestand bestaat al; kies een andere naam of geef toestemming om het te overschrijven",
        str(pad),
    )


def _werkmap(lijsten: Lijsten, locale: str, teksten: _Teksten) -> Workbook:
    werkmap = Workbook()
    standaard = werkmap.sheetnames[0]  # the empty sheet every new workbook starts with
    instructies = werkmap.create_sheet(teksten.instructies, 0)
    del werkmap[standaard]
    bladen = [werkmap.create_sheet(_bladnaam(soort, locale)) for soort in RECORDSOORTEN]
    lijstblad = werkmap.create_sheet(teksten.lijsten)
    bereiken = _schrijf_lijsten(lijstblad, lijsten, locale, teksten)
    for blad, soort in zip(bladen, RECORDSOORTEN, strict=True):
        _schrijf_recordblad(blad, soort, bereiken, locale, teksten)
    _schrijf_instructies(instructies, lijsten, bereiken, locale, teksten)
    werkmap.active = 0

    titel = teksten.titel + (f" — {lijsten.gemeente}" if lijsten.gemeente else "")
    werkmap.properties.title = titel
    werkmap.properties.creator = "makelaar"
    werkmap.properties.language = babel_locale(locale).replace("_", "-")  # nl-NL, en-GB
    return werkmap


def _bladnaam(soort: Recordsoort, locale: str) -> str:
    return in_taal(locale, soort.blad, soort.blad_en)


def _kop(kolom: Kolom, locale: str) -> str:
    return in_taal(locale, kolom.kop, kolom.kop_en)


def _kolom_uitleg(kolom: Kolom, locale: str) -> str:
    return in_taal(locale, kolom.uitleg, kolom.uitleg_en)


def _soort_uitleg(soort: Recordsoort, locale: str) -> str:
    return in_taal(locale, soort.uitleg, soort.uitleg_en)


def _kopstijl(cel: Cell, kleur: str) -> None:
    cel.font = Font(bold=True)
    cel.fill = PatternFill(fill_type="solid", start_color=kleur, end_color=kleur)


# --- the sheet 'Lijsten' -----------------------------------------------------------------------


def _gebruikte_lijsten() -> list[type[StrEnum]]:
    """Every fixed list a column uses, in the order of `_LIJSTKOPPEN`, then any others."""
    gebruikt = {
        lijst
        for soort in RECORDSOORTEN
        for kolom in soort.kolommen
        if (lijst := _keuzelijst(kolom)) is not None
    }
    volgorde = [e for e in _LIJSTKOPPEN if e in gebruikt]
    volgorde += sorted(gebruikt - set(volgorde), key=lambda e: e.__name__)
    return volgorde


def _lijstkop(enum: type[StrEnum], locale: str) -> str:
    if enum in _LIJSTKOPPEN:
        return vertaal(_LIJSTKOPPEN_TEKST, enum.__name__, locale)
    for soort in RECORDSOORTEN:
        for kolom in soort.kolommen:
            if _keuzelijst(kolom) is enum:
                return _kop(kolom, locale)
    return enum.__name__  # pragma: no cover - only lists a column uses are written


def _schrijf_lijsten(
    blad: Worksheet, lijsten: Lijsten, locale: str, teksten: _Teksten
) -> dict[object, _Bereik]:
    """One column per list; returns where each list stands, keyed by enum or Soort."""
    wijknaam = dict(lijsten.wijken)
    kolommen: list[tuple[object, str, list[str]]] = [
        (enum, _lijstkop(enum, locale), _labels(enum, locale)) for enum in _gebruikte_lijsten()
    ]
    kolommen += [
        (Soort.WIJK, teksten.wijken, [naam for _, naam in lijsten.wijken]),
        (None, teksten.wijkcode, [code for code, _ in lijsten.wijken]),
        (Soort.BUURT, teksten.buurten, [naam for _, naam, _ in lijsten.buurten]),
        (None, teksten.buurtcode, [code for code, _, _ in lijsten.buurten]),
        (
            None,
            teksten.wijk_van_buurt,
            [wijknaam.get(wijk, wijk) for _, _, wijk in lijsten.buurten],
        ),
        (Soort.MAKELAAR, teksten.makelaars, list(lijsten.makelaars)),
        (None, teksten.makelaarnaam, list(lijsten.makelaarnamen)),
    ]
    bereiken: dict[object, _Bereik] = {}
    for index, (sleutel, kop, waarden) in enumerate(kolommen, start=1):
        letter = get_column_letter(index)
        cel = blad.cell(row=1, column=index, value=kop)
        _kopstijl(cel, _KOP_KLEUR)
        for rij, waarde in enumerate(waarden, start=2):
            blad.cell(row=rij, column=index, value=waarde).data_type = "s"  # '=…' is no formula
        breedte = max([len(kop), *(len(w) for w in waarden)]) + 3
        blad.column_dimensions[letter].width = min(breedte, 50)
        if sleutel is not None:
            formule = (
                f"{quote_sheetname(blad.title)}!${letter}$2:${letter}${len(waarden) + 1}"
                if waarden
                else None
            )
            bereiken[sleutel] = _Bereik(kop, formule, max((len(w) for w in waarden), default=0))
    blad.freeze_panes = "A2"
    return bereiken


# --- the record sheets ---------------------------------------------------------------------------


def _breedte(kolom: Kolom, kop: str, bereiken: dict[object, _Bereik]) -> int:
    """Fixed widths per kind of column; a dropdown as wide as its longest value (within reason)."""
    vast = {
        Soort.ID: 10,
        Soort.TEKST: 30,
        Soort.VRIJE_TEKST: 50,
        Soort.GEHEEL: 12,
        Soort.DECIMAAL: 10,
        Soort.DATUM: 13,
        Soort.KEUZES: 30,
        Soort.PARTNERS: 36,
        Soort.MAKELAAR: 16,
        Soort.PERSOON: 24,
    }
    breedte = vast.get(kolom.soort)
    if breedte is None:
        bereik = bereiken.get(_keuzelijst(kolom) or kolom.soort)
        breedte = 24 if bereik is None or bereik.formule is None else bereik.breedte + 3
        breedte = min(max(breedte, 12), 45)
    return max(breedte, len(kop) + 5)  # room for the filter button


def _schrijf_recordblad(
    blad: Worksheet,
    soort: Recordsoort,
    bereiken: dict[object, _Bereik],
    locale: str,
    teksten: _Teksten,
) -> None:
    for index, kolom in enumerate(soort.kolommen, start=1):
        letter = get_column_letter(index)
        kop = _kop(kolom, locale)
        cel = blad.cell(row=1, column=index, value=kop)
        _kopstijl(cel, _VERPLICHT_KLEUR if kolom.verplicht else _KOP_KLEUR)
        uitleg = _kolom_uitleg(kolom, locale)
        opmerking = f"* {teksten.verplicht}. {uitleg}" if kolom.verplicht else uitleg
        cel.comment = Comment(opmerking, "makelaar", height=120, width=260)

        dimensie = blad.column_dimensions[letter]
        dimensie.width = _breedte(kolom, kop, bereiken)
        if kolom.soort is Soort.DATUM:
            dimensie.number_format = DATUMNOTATIE
        elif kolom.soort is Soort.DECIMAAL:
            dimensie.number_format = DECIMAALNOTATIE
        elif kolom.soort in (Soort.ID, Soort.TEKST, Soort.PERSOON):
            dimensie.number_format = TEKSTNOTATIE  # '3-4 mei' or '007' stay as typed
        if kolom.soort is Soort.VRIJE_TEKST:
            dimensie.alignment = Alignment(wrap_text=True, vertical="top")

        controle = _controle(kolom, kop, uitleg, bereiken, locale, teksten)
        controle.sqref = f"{letter}2:{letter}{SJABLOON_RIJEN}"
        blad.add_data_validation(controle)

    laatste = get_column_letter(len(soort.kolommen))
    blad.freeze_panes = "A2"
    blad.auto_filter.ref = f"A1:{laatste}{SJABLOON_RIJEN}"


def _controle(
    kolom: Kolom,
    kop: str,
    uitleg: str,
    bereiken: dict[object, _Bereik],
    locale: str,
    teksten: _Teksten,
) -> DataValidation:
    """The check and input message for a column's data cells."""
    titel = f"{kop} *" if kolom.verplicht else kop
    melding = f"* {teksten.verplicht}. {uitleg}" if kolom.verplicht else uitleg
    controle = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=_kort(teksten.fout_titel, MAX_TITEL),
    )
    soort = kolom.soort
    minimum = kolom.minimum if kolom.minimum is not None else 0
    maximum = kolom.maximum

    lijst = _keuzelijst(kolom)
    sleutel: object = lijst if lijst is not None else soort
    bereik = bereiken.get(sleutel)
    if lijst is not None or soort in (Soort.WIJK, Soort.BUURT, Soort.MAKELAAR):
        if bereik is not None and bereik.formule is not None:
            controle.type = "list"
            controle.formula1 = bereik.formule
            controle.error = teksten.fout_keuze.format(lijsten=teksten.lijsten)
        if soort in (Soort.KEUZES, Soort.PARTNERS):
            controle.showErrorMessage = False  # 'Ouderen; Jongeren' must remain possible
            melding = f"{melding} {teksten.meer_keuzes}"
        elif soort is Soort.MAKELAAR:
            # only registered brokers are imported: the register's codes, nothing else
            controle.error = teksten.fout_makelaar.format(lijsten=teksten.lijsten)
            melding = f"{melding} {teksten.makelaar_lijst}"
        elif soort in (Soort.WIJK, Soort.BUURT):
            controle.errorStyle = "warning"  # a CBS code is fine too: warn, do not refuse
            controle.error = teksten.fout_wijk if soort is Soort.WIJK else teksten.fout_buurt
    elif soort is Soort.DATUM:
        controle.type = "date"
        controle.operator = "greaterThan"
        controle.formula1 = str(_excel_dag(EERSTE_DATUM))
        controle.error = teksten.fout_datum
    elif soort is Soort.GEHEEL and maximum is not None:
        controle.type = "whole"
        controle.operator = "between"
        controle.formula1 = str(int(minimum))
        controle.formula2 = str(int(maximum))
        controle.error = teksten.fout_geheel.format(
            minimum=_getal(minimum, locale), maximum=_getal(maximum, locale)
        )
    elif soort is Soort.DECIMAAL and maximum is not None:
        controle.type = "decimal"
        controle.operator = "between"
        controle.formula1 = _formulegetal(minimum)
        controle.formula2 = _formulegetal(maximum)
        controle.error = teksten.fout_decimaal.format(
            minimum=_getal(minimum, locale), maximum=_getal(maximum, locale)
        )
    elif kolom.max_lengte is not None:
        controle.type = "textLength"
        controle.operator = "lessThanOrEqual"
        controle.formula1 = str(kolom.max_lengte)
        controle.error = teksten.fout_lengte.format(n=_getal(kolom.max_lengte, locale))
    if controle.type is None:
        controle.showErrorMessage = False  # nothing to check: just the input message
        controle.error = None
        controle.errorTitle = None
        controle.errorStyle = None
    if controle.error is not None:
        controle.error = _kort(controle.error, MAX_MELDING)
    controle.promptTitle = _kort(titel, MAX_TITEL)
    controle.prompt = _kort(melding, MAX_MELDING)
    return controle


def _excel_dag(dag: dt.date) -> int:
    """The serial number Excel stores for a day (1900 date system)."""
    return (dag - dt.date(1899, 12, 30)).days


def _formulegetal(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- the instructions --------------------------------------------------------------------------


def _waarden(kolom: Kolom, bereiken: dict[object, _Bereik], locale: str, teksten: _Teksten) -> str:
    """The allowed values of a column, for the table on the instructions sheet."""
    lijst = _keuzelijst(kolom)
    if lijst is not None:
        return ", ".join(_labels(lijst, locale))
    soort = kolom.soort
    if soort in (Soort.WIJK, Soort.BUURT, Soort.MAKELAAR):
        bereik = bereiken.get(soort)
        if bereik is not None and bereik.formule is not None:
            return teksten.waarde_lijst.format(lijsten=teksten.lijsten, kop=bereik.kop)
        return ""
    minimum = kolom.minimum if kolom.minimum is not None else 0
    if soort is Soort.DATUM:
        return teksten.waarde_datum
    if soort is Soort.GEHEEL and kolom.maximum is not None:
        return teksten.waarde_geheel.format(
            minimum=_getal(minimum, locale), maximum=_getal(kolom.maximum, locale)
        )
    if soort is Soort.DECIMAAL and kolom.maximum is not None:
        return teksten.waarde_decimaal.format(
            minimum=_getal(minimum, locale), maximum=_getal(kolom.maximum, locale)
        )
    if kolom.max_lengte is not None:
        return teksten.waarde_lengte.format(n=_getal(kolom.max_lengte, locale))
    return ""


def _schrijf_instructies(
    blad: Worksheet,
    lijsten: Lijsten,
    bereiken: dict[object, _Bereik],
    locale: str,
    teksten: _Teksten,
) -> None:
    """Title, how to fill in, the sheets, then per sheet a table of its columns."""
    for letter, breedte in (("A", 28), ("B", 11), ("C", 80), ("D", 55)):
        blad.column_dimensions[letter].width = breedte
    boven = Alignment(wrap_text=True, vertical="top")

    titel = teksten.titel + (f" — {lijsten.gemeente}" if lijsten.gemeente else "")
    blad.cell(row=1, column=1, value=titel).font = Font(bold=True, size=16)

    def koppen(soort: Soort | tuple[Soort, ...]) -> str:
        soorten = soort if isinstance(soort, tuple) else (soort,)
        gezien = list(
            dict.fromkeys(
                f"'{_kop(k, locale)}'"
                for s in RECORDSOORTEN
                for k in s.kolommen
                if k.soort in soorten
            )
        )
        if len(gezien) < 2:
            return "".join(gezien)
        return f"{', '.join(gezien[:-1])} {vertaal(SJABLOON, 'voegwoord_en', locale)} {gezien[-1]}"

    rij = 3
    blad.cell(row=rij, column=1, value=teksten.kop_invullen).font = Font(bold=True, size=12)
    regels = [
        regel.format(
            lijsten=teksten.lijsten,
            meervoud=koppen((Soort.KEUZES, Soort.PARTNERS)),
            personen=koppen(Soort.PERSOON),
        )
        for regel in teksten.regels
    ]
    if not lijsten.wijken:
        regels.append(teksten.geen_wijken)
    if not lijsten.makelaars:
        regels.append(teksten.geen_makelaars)
    for regel in regels:
        rij += 1
        blad.cell(row=rij, column=1, value=f"• {regel}")

    rij += 2
    blad.cell(row=rij, column=1, value=teksten.kop_bladen).font = Font(bold=True, size=12)
    for soort in RECORDSOORTEN:
        rij += 1
        blad.cell(row=rij, column=1, value=_bladnaam(soort, locale)).font = Font(bold=True)
        blad.cell(row=rij, column=3, value=_soort_uitleg(soort, locale)).alignment = boven

    for soort in RECORDSOORTEN:
        rij += 2
        kop = f"{teksten.kop_kolommen} {_bladnaam(soort, locale)}"
        blad.cell(row=rij, column=1, value=kop).font = Font(bold=True, size=12)
        rij += 1
        for index, tekst in enumerate(
            (teksten.kolom, teksten.verplicht, teksten.uitleg, teksten.waarden), start=1
        ):
            _kopstijl(blad.cell(row=rij, column=index, value=tekst), _TABEL_KLEUR)
        for kolom in soort.kolommen:
            rij += 1
            waarden = (
                _kop(kolom, locale),
                teksten.ja if kolom.verplicht else teksten.nee,
                _kolom_uitleg(kolom, locale),
                _waarden(kolom, bereiken, locale, teksten),
            )
            for index, waarde in enumerate(waarden, start=1):
                cel = blad.cell(row=rij, column=index, value=waarde or None)
                cel.alignment = boven
                if index == 1 and kolom.verplicht:
                    _kopstijl(cel, _VERPLICHT_KLEUR)


# --- writing -------------------------------------------------------------------------------------


def _bewaar(werkmap: Workbook, pad: Path, *, overschrijven: bool) -> None:
    """Save to a temporary file beside `pad`, then move it into place; no leftovers on failure."""
    # In memory first (the template is some 30 kB): openpyxl leaves its zip archive open when
    # it fails half-way, and that archive must not hold on to a file we want to remove.
    inhoud = io.BytesIO()
    werkmap.save(inhoud)
    map_ = pad.parent
    map_.mkdir(parents=True, exist_ok=True)
    handle, naam = tempfile.mkstemp(prefix=f".{pad.name}.", suffix=".tmp", dir=map_)
    tijdelijk = Path(naam)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(inhoud.getbuffer())
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tijdelijk, 0o644)  # a template is shared like any document; mkstemp gives 0600
        if overschrijven:
            os.replace(tijdelijk, pad)
        else:
            _plaats_nieuw(tijdelijk, pad)
        sync_directory(map_)
    finally:
        tijdelijk.unlink(missing_ok=True)


def _plaats_nieuw(tijdelijk: Path, pad: Path) -> None:
    """Move into place only if `pad` does not exist (also when it appeared while writing)."""
    try:
        os.link(tijdelijk, pad)  # fails if pad exists: no window in which it could be replaced
    except FileExistsError:
        raise _bestaat(pad) from None
    except OSError:  # a file system without hard links (some network or FAT drives)
        if pad.exists():
            raise _bestaat(pad) from None
        os.replace(tijdelijk, pad)
