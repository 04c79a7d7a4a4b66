"""Answer values: parsing what a person typed or an export cell holds, per question type."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from datetime import date

from babel.numbers import format_decimal

from makelaar.forms.definitie import Formulier, Vraag, VraagType
from makelaar.models.taal import babel_locale, in_taal

Waarde = str | int | float | list[str]
Antwoorden = dict[str, Waarde]
#: the most characters one answer may have (a line break counts as one); a longer answer is
#: refused with a message naming the limit, never cut
MAX_TEKST = 10_000


class AntwoordError(ValueError):
    """A typed or imported value that does not fit its question (message in Dutch and English)."""

    def __init__(self, vraag: str, waarde: object, nl: str, en: str) -> None:
        super().__init__(nl)
        self.vraag = vraag
        self.waarde = waarde
        self.nl = nl
        self.en = en

    def bericht(self, taal: str) -> str:
        """The message in `taal` ('en' gives English, anything else Dutch)."""
        return in_taal(taal, self.nl, self.en)


def als_tekst(waarde: Waarde | None) -> str:
    """A value as the XForm instance holds it ('' for none, names space-separated)."""
    if waarde is None:
        return ""
    if isinstance(waarde, list):
        return " ".join(waarde)
    if isinstance(waarde, float):
        return repr(int(waarde)) if waarde.is_integer() else repr(waarde)
    return str(waarde)


def lees_waarde(vraag: Vraag, raw: str | Sequence[str], form: Formulier) -> Waarde | None:
    """Parse what a person typed or an export cell holds; None when empty; AntwoordError if wrong.

    Integers also as "12.0" (spreadsheet exports); decimals with "." or a Dutch ","; dates as
    yyyy-mm-dd (a time part is dropped) or day first, dd-mm-yyyy / dd/mm/yyyy; select_multiple
    from a list of names or one space-separated string; phone numbers as 8-15 digits with
    optional +, spaces, dashes, dots or parentheses (kept as typed).
    """
    if not isinstance(raw, str):
        names = [part for value in raw for part in str(value).split()]
        return _keuzes(vraag, names, form) if names else None
    text = raw.strip()
    if not text or vraag.type == VraagType.NOTE:
        return None
    _niet_te_lang(vraag, text)
    match vraag.type:
        case VraagType.INTEGER:
            return _integer(vraag, text)
        case VraagType.DECIMAL:
            return _decimal(vraag, text)
        case VraagType.DATE:
            return _datum(vraag, text)
        case VraagType.SELECT_ONE:
            known = [keuze.name for keuze in form.keuzes(vraag)]
            if text not in known:
                raise _onbekende_keuze(vraag, text, known)
            return text
        case VraagType.SELECT_MULTIPLE:
            return _keuzes(vraag, text.split(), form)
        case VraagType.PHONE:
            return _telefoon(vraag, text)
        case _:
            return text


def tekens(text: str) -> int:
    """How many characters `text` has as a person counts them (a line break is one)."""
    return len(text) - text.count("\r\n")


def getal(aantal: int, taal: str) -> str:
    """A whole number as `taal` writes it (Babel): 12.345 in Dutch, 12,345 in English."""
    return format_decimal(aantal, locale=babel_locale(taal))


def _niet_te_lang(vraag: Vraag, text: str) -> None:
    aantal = tekens(text)
    if aantal > MAX_TEKST:
        raise AntwoordError(
            vraag.name,
            f"({getal(aantal, 'nl')} tekens)",
            f"Uw antwoord is {getal(aantal, 'nl')} tekens; de grens is "
            f"{getal(MAX_TEKST, 'nl')} tekens. Maak het korter.",
            f"Your answer is {getal(aantal, 'en')} characters; the limit is "
            f"{getal(MAX_TEKST, 'en')} characters. Please shorten it.",
        )


def _integer(vraag: Vraag, text: str) -> int:
    compact = text.replace(" ", "")
    with contextlib.suppress(ValueError):  # more digits than int() reads: the error below
        if re.fullmatch(r"[+-]?\d+", compact):
            return int(compact)
        if re.fullmatch(r"[+-]?\d+[.,]0*", compact):  # "12.0" from a spreadsheet export
            return int(re.split(r"[.,]", compact)[0])
    raise AntwoordError(
        vraag.name,
        text,
        f"{text!r} is geen geheel getal; vul een getal in zonder komma, bijvoorbeeld 12.",
        f"{text!r} is not a whole number; enter a number without decimals, for example 12.",
    )


def _decimal(vraag: Vraag, text: str) -> float:
    compact = text.replace(" ", "")
    if compact.count(",") == 1 and "." not in compact:
        compact = compact.replace(",", ".")
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", compact):
        return float(compact)
    raise AntwoordError(
        vraag.name,
        text,
        f"{text!r} is geen getal; vul een getal in, bijvoorbeeld 3,5 of 3.5.",
        f"{text!r} is not a number; enter a number, for example 3.5 or 3,5.",
    )


def _datum(vraag: Vraag, text: str) -> str:
    iso = re.fullmatch(
        r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", text
    )
    day_first = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    with contextlib.suppress(ValueError):  # a day that does not exist: the error below says so
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        if day_first:
            return date(int(day_first[3]), int(day_first[2]), int(day_first[1])).isoformat()
    raise AntwoordError(
        vraag.name,
        text,
        f"{text!r} is geen geldige datum; schrijf de datum als dd-mm-jjjj (bijvoorbeeld "
        "31-12-2026) of jjjj-mm-dd.",
        f"{text!r} is not a valid date; write the date as dd-mm-yyyy (for example 31-12-2026) "
        "or yyyy-mm-dd.",
    )


def _telefoon(vraag: Vraag, text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if re.fullmatch(r"\+?[\d\s().-]+", text) and 8 <= len(digits) <= 15:
        return text
    raise AntwoordError(
        vraag.name,
        text,
        f"{text!r} is geen telefoonnummer; gebruik 8 tot 15 cijfers, eventueel met +, spaties of "
        "streepjes, bijvoorbeeld 06-12345678.",
        f"{text!r} is not a phone number; use 8 to 15 digits, optionally with +, spaces or "
        "dashes, for example +31 6 12345678.",
    )


def _onbekende_keuze(vraag: Vraag, text: str, known: Sequence[str]) -> AntwoordError:
    listed = ", ".join(known)
    return AntwoordError(
        vraag.name,
        text,
        f"{text!r} is geen keuze bij deze vraag; geldig zijn: {listed}.",
        f"{text!r} is not a choice of this question; valid are: {listed}.",
    )


def _keuzes(vraag: Vraag, names: list[str], form: Formulier) -> list[str]:
    known = [keuze.name for keuze in form.keuzes(vraag)]
    if vraag.type == VraagType.SELECT_ONE:
        if len(names) != 1:
            raise AntwoordError(
                vraag.name,
                " ".join(names),
                "kies één antwoord.",
                "choose one answer.",
            )
        if names[0] not in known:
            raise _onbekende_keuze(vraag, names[0], known)
        return names
    chosen: list[str] = []
    for name in names:
        if name not in known:
            raise _onbekende_keuze(vraag, name, known)
        if name not in chosen:
            chosen.append(name)
    return chosen


def is_leeg(waarde: Waarde | None) -> bool:
    return waarde is None or waarde == "" or waarde == []


def beginwaarden(form: Formulier) -> Antwoorden:
    """The answers a new response starts with: each question's `default`, parsed by its type."""
    result: Antwoorden = {}
    for vraag in form.vragen():
        if vraag.default is not None and not vraag.calculation:
            waarde = lees_waarde(vraag, vraag.default, form)
            if waarde is not None:
                result[vraag.name] = waarde
    return result
