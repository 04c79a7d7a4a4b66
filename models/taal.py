"""The one way makelaar speaks the user's language: Dutch by default, English complete.

Every text a user reads is a `Tekst`, one string per language (`{"nl": ..., "en": ...}`). Fixed
texts live in a `Catalogus`: a mapping from a key to its `Tekst`, registered once with
`catalogus(naam, teksten)` next to the code that uses it, and looked up with
`vertaal(catalogus, key, taal, **waarden)`. A message put together where a problem is found (an
unreadable cell, an answer that does not fit) carries its two languages with it and is said with
`in_taal(taal, nl, en)`. Nothing else compares a language code: tests/models/test_taal.py walks
every registered catalogue (both languages, the same {placeholders}) and fails on an inline
`== "en"` outside this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from typing import Literal, TypeAlias, TypeVar

T = TypeVar("T")

Taal: TypeAlias = Literal["nl", "en"]
"""A language makelaar speaks: Dutch ('nl', the default) or English ('en')."""

TALEN: tuple[Taal, ...] = ("nl", "en")
STANDAARDTAAL: Taal = "nl"

Tekst: TypeAlias = Mapping[Taal, str]
"""One text in every language: {"nl": ..., "en": ...}."""

Catalogus: TypeAlias = Mapping[str, Tekst]
"""Texts by key: key -> {"nl": ..., "en": ...}."""

_CATALOGI: dict[str, Catalogus] = {}


def catalogus(naam: str, teksten: Mapping[str, Tekst]) -> Catalogus:
    """Register `teksten` under `naam` (once) and return it, for `vertaal` and the tests."""
    if naam in _CATALOGI and _CATALOGI[naam] is not teksten:
        raise ValueError(f"Catalogue {naam!r} is registered twice; give the second another name.")
    _CATALOGI[naam] = teksten
    return teksten


def catalogi() -> Mapping[str, Catalogus]:
    """Every catalogue registered so far (the modules that define them must have been imported)."""
    return dict(_CATALOGI)


def taal_van(code: str | None) -> Taal:
    """The language a setting, header or stored code asks for: English for 'en', else Dutch."""
    return "en" if code == "en" else "nl"


def andere_taal(taal: str | None) -> Taal:
    """The language a 'switch language' link leads to."""
    return "nl" if taal_van(taal) == "en" else "en"


def in_taal(taal: str | None, nl: T, en: T) -> T:
    """Of a message written in both languages where it is made (or any pair), the one in `taal`."""
    return en if taal_van(taal) == "en" else nl


def vertaal(catalogus: Catalogus, key: str, taal: str | None, **waarden: object) -> str:
    """The text `key` of `catalogus` in `taal`, with `waarden` filled in (when given)."""
    tekst = catalogus[key][taal_van(taal)]
    return tekst.format(**waarden) if waarden else tekst


def in_een_taal(catalogus: Catalogus, taal: str | None) -> dict[str, str]:
    """All texts of `catalogus` in `taal`, by key (for templates that take a dictionary)."""
    gekozen = taal_van(taal)
    return {key: tekst[gekozen] for key, tekst in catalogus.items()}


def plaatshouders(tekst: str) -> set[str]:
    """The {placeholders} a text fills in (their names, without format specs)."""
    return {veld for _, veld, _, _ in Formatter().parse(tekst) if veld is not None}


def babel_locale(taal: str | None) -> str:
    """The Babel locale that writes numbers and dates in `taal`."""
    return "en_GB" if taal_van(taal) == "en" else "nl_NL"
