"""The disclosure report an edition ships: each table, each cell, which were suppressed and why.

For the researcher who signs the edition's figures off, as an output checker signs off a trusted
research environment's outputs: one row per cell with the table it belongs to, whether it is
published, what it is published with (value, numerator, denominator) and, when it is not, the rule
that hid it (intake.disclosure) with the rule explained. A suppressed cell's numbers are not in
the report either: the file lies next to the PDF and travels with it.

The report is built from the values as published (`IndicatorValue.reden` carries each rule), so
any cycle's stored round has one. Written as CSV (`;`, UTF-8 with BOM, so Excel opens it as
such), with the headers and explanations in the edition's language.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from makelaar.intake.disclosure import (
    BRON,
    DOMINANTIE_NK,
    DOMINANTIE_P,
    DREMPEL_NOEMER,
    DREMPEL_REST,
    DREMPEL_TELLER,
    NK,
    P_RATIO,
    SECUNDAIR,
    tables,
)
from makelaar.models.files import sync_directory
from makelaar.models.schemas import IndicatorValue
from makelaar.models.taal import Taal, catalogus, vertaal

_TEKSTEN = catalogus(
    "onthullingsrapport",
    {
        "tabel": {"nl": "tabel", "en": "table"},
        "indicator": {"nl": "indicator", "en": "indicator"},
        "uitsplitsing": {"nl": "uitsplitsing", "en": "breakdown"},
        "sleutel": {"nl": "sleutel", "en": "key"},
        "gepubliceerd": {"nl": "gepubliceerd", "en": "published"},
        "waarde": {"nl": "waarde", "en": "value"},
        "teller": {"nl": "teller", "en": "numerator"},
        "noemer": {"nl": "noemer", "en": "denominator"},
        "regel": {"nl": "regel", "en": "rule"},
        "toelichting": {"nl": "toelichting", "en": "explanation"},
        "ja": {"nl": "ja", "en": "yes"},
        "nee": {"nl": "nee", "en": "no"},
        "optelbaar": {
            "nl": "{indicator}: de wijken tellen op tot de gemeente",
            "en": "{indicator}: the wijken add up to the gemeente",
        },
        "los": {"nl": "{indicator}", "en": "{indicator}"},
        DREMPEL_TELLER: {
            "nl": "minder dan {n} personen of registraties in de teller",
            "en": "fewer than {n} persons or records in the numerator",
        },
        DREMPEL_NOEMER: {
            "nl": "minder dan {n} personen of registraties in de noemer",
            "en": "fewer than {n} persons or records in the denominator",
        },
        DREMPEL_REST: {
            "nl": "minder dan {n} personen of registraties zonder het kenmerk (noemer min teller)",
            "en": "fewer than {n} persons or records without the property (denominator minus "
            "numerator)",
        },
        DOMINANTIE_NK: {
            "nl": "de {nk_n} grootste bijdragen vormen {nk_k}% of meer van de som (NK-regel)",
            "en": "the {nk_n} largest contributions make up {nk_k}% or more of the sum (NK rule)",
        },
        DOMINANTIE_P: {
            "nl": "de som zonder de twee grootste bijdragen is minder dan {p}% van de grootste "
            "(p-regel)",
            "en": "the sum without its two largest contributions is less than {p}% of the "
            "largest (p-ratio rule)",
        },
        SECUNDAIR: {
            "nl": "verborgen zodat een verborgen cel niet uit de totalen van een tabel of een "
            "ander cijfer terug te rekenen is",
            "en": "hidden so that a hidden cell cannot be worked out from a table's totals or "
            "another figure",
        },
        BRON: {
            "nl": "al onderdrukt in de bron",
            "en": "already suppressed in the source",
        },
        "onbekend": {"nl": "regel {regel}", "en": "rule {regel}"},
    },
)

_KOLOMMEN = (
    "tabel",
    "indicator",
    "uitsplitsing",
    "sleutel",
    "gepubliceerd",
    "waarde",
    "teller",
    "noemer",
    "regel",
    "toelichting",
)


@dataclass(frozen=True)
class Rapporttabel:
    """One table of the report: an indicator's cells, and whether its wijken add up."""

    indicator: str
    optelbaar: bool
    cellen: tuple[IndicatorValue, ...]

    @property
    def onderdrukt(self) -> list[IndicatorValue]:
        return [c for c in self.cellen if c.onderdrukt]


@dataclass(frozen=True)
class Onthullingsrapport:
    """Every table of a round's figures with the rules it was checked by."""

    drempel: int
    tabellen: tuple[Rapporttabel, ...]
    p: float = P_RATIO
    nk: tuple[int, float] = NK

    @property
    def onderdrukt(self) -> list[IndicatorValue]:
        return [c for t in self.tabellen for c in t.onderdrukt]

    def toelichting(self, regel: str | None, taal: Taal) -> str:
        """The rule explained, with this report's parameters."""
        if regel is None:
            return ""
        if regel not in _TEKSTEN:
            return vertaal(_TEKSTEN, "onbekend", taal, regel=regel)
        return vertaal(
            _TEKSTEN,
            regel,
            taal,
            n=self.drempel,
            p=f"{self.p * 100:g}",
            nk_n=self.nk[0],
            nk_k=f"{self.nk[1] * 100:g}",
        )


def report(
    values: Iterable[IndicatorValue],
    drempel: int,
    *,
    additive: Collection[str] = frozenset(),
    p: float = P_RATIO,
    nk: tuple[int, float] = NK,
) -> Onthullingsrapport:
    """The report of values as published (after `intake.disclosure.suppress`), one table per
    indicator in the order the values come."""
    values = list(values)
    per_indicator: dict[str, list[IndicatorValue]] = {}
    for value in values:
        per_indicator.setdefault(value.indicator, []).append(value)
    linked = {t.naam for t in tables(values, additive)}
    return Onthullingsrapport(
        drempel=drempel,
        tabellen=tuple(
            Rapporttabel(indicator, indicator in linked, tuple(cellen))
            for indicator, cellen in per_indicator.items()
        ),
        p=p,
        nk=nk,
    )


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if value != int(value) else str(int(value))


def write_report(rapport: Onthullingsrapport, path: Path, taal: Taal = "nl") -> Path:
    """Write `rapport` as CSV to `path` (`;`, UTF-8 with BOM) and return the path."""
    rows = [[vertaal(_TEKSTEN, k, taal) for k in _KOLOMMEN]]
    for tabel in rapport.tabellen:
        naam = vertaal(
            _TEKSTEN, "optelbaar" if tabel.optelbaar else "los", taal, indicator=tabel.indicator
        )
        for value in tabel.cellen:
            rows.append(
                [
                    _safe(naam),
                    _safe(value.indicator),
                    _safe(value.dimensie),
                    _safe(value.sleutel),
                    vertaal(_TEKSTEN, "nee" if value.onderdrukt else "ja", taal),
                    _number(value.waarde),
                    _number(value.teller),
                    _number(value.noemer),
                    value.reden or "",
                    rapport.toelichting(value.reden if value.onderdrukt else None, taal),
                ]
            )
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    # written whole or not at all: a temporary file next to it, then renamed
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    os.replace(temporary, path)
    sync_directory(path.parent)
    return path
