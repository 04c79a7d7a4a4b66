"""Reading one cell the way Dutch spreadsheets write it: numbers, days, choices and lists.

Every parser returns the value or raises `CellValueError` with a Dutch and an English sentence saying
what is wrong and what would be valid. Nothing is guessed (RELIABILITY.md §4): a day is read
day-first with explicit patterns, and a number whose separator could mean either thousands or
decimals is refused unless the file shows which convention it uses.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum, StrEnum

from makelaar.intake.logboek.keuzelijsten import KEUZELIJSTEN, keuze_index
from makelaar.intake.logboek.kolommen import normalise_header
from makelaar.intake.xlsx import Cell
from makelaar.models.privacy import means_nobody
from makelaar.models.taal import in_taal


class CellValueError(ValueError):
    """A cell that cannot be read; `nl` and `en` say why and what would be valid."""

    def __init__(self, nl: str, en: str) -> None:
        super().__init__(nl)
        self.nl = nl
        self.en = en
        self.veld: str | None = None  # the field it is about, where the caller knows it

    def melding(self, locale: str) -> str:
        return in_taal(locale, self.nl, self.en)


class Getalstijl(Enum):
    """Which character a file uses as decimal separator."""

    KOMMA = "komma"  # 1.234,5 (Dutch)
    PUNT = "punt"  # 1,234.5
    ONBEKEND = "onbekend"  # the file has shown neither: only unambiguous numbers are read


def tekst(cell: Cell | list[str]) -> str:
    """A cell as text the way the user sees it: Excel's 5.0 is '5'."""
    if cell is None:
        return ""
    if isinstance(cell, list):
        return "; ".join(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return f"{cell:%d-%m-%Y %H:%M}" if cell.time() != dt.time() else f"{cell:%d-%m-%Y}"
    if isinstance(cell, dt.date):
        return f"{cell:%d-%m-%Y}"
    return str(cell).strip()


# --- numbers -----------------------------------------------------------------------------------

_PLAIN_INT = re.compile(r"[+-]?\d+")
_GROUPED_DOT = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")  # 1.234 or 12.345.678
_GROUPED_COMMA = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+")
_DEC_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?")  # 1.234,5 / 3,5
_DEC_POINT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")  # 1,234.5 / 3.5
_SPACES = re.compile(r"[\s\u00a0\u202f']")  # spaces, non-breaking spaces, Swiss apostrophes


def stijl_bewijs(text: str) -> Getalstijl | None:
    """What one typed number says about the file's decimal separator, if anything."""
    text = _SPACES.sub("", text)
    has_comma, has_dot = "," in text, "." in text
    if has_comma and has_dot:
        return Getalstijl.KOMMA if text.rfind(",") > text.rfind(".") else Getalstijl.PUNT
    if has_comma and _DEC_COMMA.fullmatch(text) and not _GROUPED_COMMA.fullmatch(text):
        return Getalstijl.KOMMA
    if has_dot and _DEC_POINT.fullmatch(text) and not _GROUPED_DOT.fullmatch(text):
        return Getalstijl.PUNT
    return None


def _dubbelzinnig(text: str) -> CellValueError:
    return CellValueError(
        f"'{text}' is dubbelzinnig: het kan een duizendtal of een decimaal getal zijn, en het "
        "bestand laat niet zien welk decimaalteken het gebruikt; schrijf het getal zonder "
        "scheiding voor duizendtallen (1234) of met een decimale komma (1,5).",
        f"'{text}' is ambiguous: it could be thousands or decimals, and the file does not show "
        "which decimal separator it uses; write it without thousands separators (1234) or with a "
        "decimal comma (1,5).",
    )


def _geen_getal(text: str, heel: bool) -> CellValueError:
    if heel:
        return CellValueError(
            f"'{text}' is geen heel getal; verwacht bijvoorbeeld 12 of 1.250.",
            f"'{text}' is not a whole number; expected e.g. 12 or 1250.",
        )
    return CellValueError(
        f"'{text}' is geen getal; verwacht bijvoorbeeld 1,5 of 12.",
        f"'{text}' is not a number; expected e.g. 1.5 or 12.",
    )


def _verkeerd_teken(text: str, stijl: Getalstijl) -> CellValueError:
    if stijl is Getalstijl.KOMMA:
        return CellValueError(
            f"'{text}' gebruikt een punt als decimaalteken, maar dit bestand gebruikt de komma "
            "(zoals 1,5); schrijf het getal met een komma.",
            f"'{text}' uses a decimal point, but this file uses decimal commas (like 1,5).",
        )
    return CellValueError(
        f"'{text}' gebruikt een komma als decimaalteken, maar dit bestand gebruikt de punt "
        "(zoals 1.5); schrijf het getal met een punt.",
        f"'{text}' uses a decimal comma, but this file uses decimal points (like 1.5).",
    )


def decimaal(cell: Cell, stijl: Getalstijl) -> float:
    """A decimal number: Excel's own, or text in the file's convention."""
    if isinstance(cell, bool) or not isinstance(cell, int | float | str):
        raise _geen_getal(tekst(cell), heel=False)
    if not isinstance(cell, str):
        return float(cell)
    text = _SPACES.sub("", cell)
    if _PLAIN_INT.fullmatch(text):
        return float(text)
    evidence = stijl_bewijs(text)
    if stijl is Getalstijl.ONBEKEND:
        if evidence is None:
            if _GROUPED_DOT.fullmatch(text) or _GROUPED_COMMA.fullmatch(text):
                raise _dubbelzinnig(cell.strip())
            raise _geen_getal(cell.strip(), heel=False)
        stijl = evidence
    elif evidence is not None and evidence is not stijl:
        raise _verkeerd_teken(cell.strip(), stijl)
    if stijl is Getalstijl.KOMMA:
        if not _DEC_COMMA.fullmatch(text):
            raise _geen_getal(cell.strip(), heel=False)
        return float(text.replace(".", "").replace(",", "."))
    if not _DEC_POINT.fullmatch(text):
        raise _geen_getal(cell.strip(), heel=False)
    return float(text.replace(",", ""))


def geheel(cell: Cell, stijl: Getalstijl) -> int:
    """A whole number; thousands separators only in the file's convention ('1.250' in Dutch)."""
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell
    if isinstance(cell, str):
        text = _SPACES.sub("", cell)
        if _PLAIN_INT.fullmatch(text):
            return int(text)
    value = decimaal(cell, stijl)
    if not value.is_integer():
        raise _geen_getal(tekst(cell), heel=True)
    return int(value)


# --- days --------------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?")
_WORDS = re.compile(r"(\d{1,2})\.?\s+([a-zA-Zé]+)\.?\s+(\d{4})")
MAANDEN = {
    **dict.fromkeys(("jan", "januari", "january"), 1),
    **dict.fromkeys(("feb", "febr", "februari", "february"), 2),
    **dict.fromkeys(("mrt", "maart", "mar", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("jun", "juni", "june"), 6),
    **dict.fromkeys(("jul", "juli", "july"), 7),
    **dict.fromkeys(("aug", "augustus", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9),
    **dict.fromkeys(("okt", "oktober", "oct", "october"), 10),
    **dict.fromkeys(("nov", "november"), 11),
    **dict.fromkeys(("dec", "december"), 12),
}
MAANDNAMEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
EERSTE_JAAR = 2000


def _geen_datum(text: str) -> CellValueError:
    return CellValueError(
        f"'{text}' is geen datum; verwacht dag-maand-jaar zoals 31-01-2026, of een datum in Excel.",
        f"'{text}' is not a date; expected day-month-year like 31-01-2026, or an Excel date.",
    )


def _dag(text: str, year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise CellValueError(
            f"'{text}': maand {month} bestaat niet; datums worden gelezen als dag-maand-jaar "
            "(31-01-2026), met de maand (1 tot en met 12) in het midden.",
            f"'{text}': month {month} does not exist; dates are read day-month-year "
            "(31-01-2026), with the month (1 to 12) in the middle.",
        )
    try:
        value = dt.date(year, month, day)
    except ValueError:
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        raise CellValueError(
            f"'{text}' bestaat niet: {MAANDNAMEN[month - 1]} {year} heeft {last} dagen.",
            f"'{text}' does not exist: month {month} of {year} has {last} days.",
        ) from None
    return value


def datum(cell: Cell, vandaag: dt.date) -> dt.date:
    """A day from an Excel date or text written day-first (or ISO); never month-first, and not
    after tomorrow (a logbook records what already happened)."""
    value = dag(cell)
    if value > vandaag + dt.timedelta(days=1):
        raise CellValueError(
            f"'{tekst(cell)}' ligt in de toekomst; een logboek beschrijft wat al gebeurd is.",
            f"'{tekst(cell)}' lies in the future; a logbook records what already happened.",
        )
    return value


def dag(cell: Cell) -> dt.date:
    """A day from an Excel date or text written day-first (or ISO); never month-first."""
    if isinstance(cell, dt.datetime):
        value = cell.date()
    elif isinstance(cell, dt.date):
        value = cell
    elif isinstance(cell, str):
        text = cell.strip()
        if match := _DAY_FIRST.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            if len(match.group(3)) != 4:
                raise CellValueError(
                    f"'{text}' heeft een jaartal van {len(match.group(3))} cijfers; schrijf het "
                    "jaar voluit, zoals 31-01-2026.",
                    f"'{text}' has a {len(match.group(3))}-digit year; write the full year, "
                    "like 31-01-2026.",
                )
            value = _dag(text, year, month, day)
        elif match := _ISO.fullmatch(text):
            year, month, day = (int(g) for g in match.groups())
            value = _dag(text, year, month, day)
        elif (match := _WORDS.fullmatch(text)) and match.group(2).casefold() in MAANDEN:
            value = _dag(
                text, int(match.group(3)), MAANDEN[match.group(2).casefold()], int(match.group(1))
            )
        else:
            raise _geen_datum(text)
    else:
        raise _geen_datum(tekst(cell))
    if value.year < EERSTE_JAAR:
        raise CellValueError(
            f"'{tekst(cell)}' ligt voor {EERSTE_JAAR}; controleer het jaartal.",
            f"'{tekst(cell)}' is before {EERSTE_JAAR}; check the year.",
        )
    return value


# --- choices -----------------------------------------------------------------------------------


class Keuzelezer:
    """Reads one or several values of a fixed list, by code, Dutch or English label or synonym."""

    def __init__(self, enum: type[StrEnum]) -> None:
        self.enum = enum
        self.index = keuze_index(enum)
        self._cache: dict[str, StrEnum] = {}
        self._order = {member: i for i, member in enumerate(enum)}

    def geldig(self, locale: str = "nl") -> str:
        keuzes = KEUZELIJSTEN[self.enum]
        return ", ".join(in_taal(locale, k.label, k.label_en) for k in keuzes)

    def een(self, cell: Cell) -> StrEnum:
        raw = cell if isinstance(cell, str) else tekst(cell)
        found = self._cache.get(raw)
        if found is None:
            found = self.index.get(normalise_header(raw))
            if found is None:
                raise CellValueError(
                    f"'{raw.strip()}' staat niet in de lijst; kies uit: {self.geldig('nl')}.",
                    f"'{raw.strip()}' is not in the list; choose from: {self.geldig('en')}.",
                )
            self._cache[raw] = found
        return found

    def meer(self, cell: Cell) -> list[str]:
        """Several values separated by ';', ',' or line breaks: stored codes in list order."""
        raw = cell if isinstance(cell, str) else tekst(cell)
        values = {self.een(part) for part in splits(raw)}
        return [v.value for v in sorted(values, key=self._order.__getitem__)]


_SPLIT_SEMI = re.compile(r"\s*[;\n]\s*")
_SPLIT_ALL = re.compile(r"\s*[;,\n]\s*")


def splits(text: str) -> list[str]:
    """List items separated by ';' or line breaks, or by ',' when the text has no ';'."""
    pattern = _SPLIT_SEMI if ";" in text else _SPLIT_ALL
    return [part for part in pattern.split(text.strip()) if part]


_NAAM_SOORT = re.compile(r"(.+?)\s*\(([^()]+)\)")


class Partnerlezer:
    """Organisations as 'kind' or 'Name (kind)': the kinds and the names, each in file order."""

    def __init__(self, soorten: Keuzelezer) -> None:
        self.soorten = soorten
        self._cache: dict[str, tuple[list[str], list[str]]] = {}

    def lees(self, cell: Cell) -> tuple[list[str], list[str]]:
        raw = cell if isinstance(cell, str) else tekst(cell)
        cached = self._cache.get(raw)
        if cached is not None:
            return cached
        kinds: set[StrEnum] = set()
        names: list[str] = []
        for part in splits(raw):
            if match := _NAAM_SOORT.fullmatch(part):
                name, kind = match.group(1).strip(), match.group(2)
            else:
                name, kind = "", part
            try:
                kinds.add(self.soorten.een(kind))
            except CellValueError:
                raise CellValueError(
                    f"'{part}' is geen soort organisatie; geef de soort, of de naam met de soort "
                    f"tussen haakjes, zoals 'Mitros (woningcorporatie)'. Soorten: "
                    f"{self.soorten.geldig('nl')}.",
                    f"'{part}' is not a kind of organisation; give the kind, or the name with the "
                    f"kind in brackets, like 'Mitros (housing association)'. Kinds: "
                    f"{self.soorten.geldig('en')}.",
                ) from None
            if name and name not in names:
                names.append(name)
        order = self.soorten._order
        result = ([k.value for k in sorted(kinds, key=order.__getitem__)], names)
        self._cache[raw] = result
        return result


def korte_tekst(cell: Cell, max_lengte: int | None) -> str:
    value = tekst(cell)
    if max_lengte is not None and len(value) > max_lengte:
        raise CellValueError(
            f"de tekst is {len(value)} tekens lang; hoogstens {max_lengte} tekens.",
            f"the text is {len(value)} characters long; at most {max_lengte}.",
        )
    return value


def persoon(cell: Cell, max_lengte: int | None, verplicht: bool) -> str | None:
    """A person or broker cell: None when it names nobody ('-', 'n.v.t.', 'onbekend', invisible
    characters only: see `means_nobody`), refused as such in a required column."""
    value = korte_tekst(cell, max_lengte)
    if not means_nobody(value):
        return value
    if verplicht:
        raw = cell if isinstance(cell, str) else value
        if any(c.isprintable() and not c.isspace() for c in raw):
            nl = en = f"'{value}'"
        else:  # only spaces or invisible characters: name them
            tekens = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(raw)) or "niets"
            nl, en = f"een cel met alleen {tekens}", f"a cell with only {tekens}"
        raise CellValueError(
            f"{nl} noemt niemand, maar deze kolom is verplicht: vul in wie het is.",
            f"{en} names nobody, but this column is required: fill in who it is.",
        )
    return None


def leeg(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
