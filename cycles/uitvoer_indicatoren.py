"""A round's indicators for researchers: CSV (Dutch Excel's dialect), XLSX or SPSS `.sav`, with a
codebook.

The layout is long: one row per stored value (round, gemeente, period, indicator, breakdown and
key, value, interval, basis, numerator, denominator, spread, suppressed and why). A long table
holds every breakdown a cycle declares (wijk, doelgroep, categorie, kind of action, ...) in the
same columns, keeps each value's interval and basis next to it, and keeps the column names fixed
and short whatever indicators a cycle adds; a researcher pivots it to one row per wijk in one step
(SPSS CASESTOVARS, R pivot_wider, pandas pivot). A wide table would need a column per indicator
and measure (value, bounds, basis) and still could not hold the breakdowns that are not per wijk.

Every name is a valid SPSS variable name (models.spss). A suppressed value is exported as missing
(blank in CSV and XLSX, system-missing in `.sav`), and so are its interval, basis, numerator and
denominator: the basis is the small number the suppression hides. Its reason is in the `reden`
column and in the codebook, which lists every suppressed cell with its rule.

The codebook is one table (`onderdeel`, `naam`, `label`, `waarden`): first every variable with
its label and the meaning of its values, then every suppressed cell (`indicator/dimensie/sleutel`)
with its reason. It is a second sheet in XLSX and `<name>.codeboek.csv` beside a CSV or `.sav`.
The `.sav` carries the labels itself too: a variable label on every variable, value labels on
indicator (its name), dimensie, sleutel (wijk and gemeente names), onderdrukt and reden (each rule
explained with the disclosure threshold, as the edition's disclosure report explains it). CSV and XLSX go
through forms.export (formula injection neutralised, RELIABILITY.md §3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from makelaar.cycles.indicatorweergave import (
    IndicatorRegel,
    RondeIndicatoren,
    dimensie_naam,
    reden,
)
from makelaar.forms.export import write_csv, write_workbook
from makelaar.intake.disclosure import REGELS
from makelaar.intake.disclosure_report import Onthullingsrapport
from makelaar.models.errors import MakelaarError
from makelaar.models.spss import spss_namen, write_sav
from makelaar.models.taal import Catalogus, catalogus, in_taal, taal_van, vertaal

__all__ = ["FORMATEN", "KOLOMMEN", "Formaat", "Indicatoruitvoer", "exporteer_indicatoren", "rijen"]

Formaat = Literal["csv", "xlsx", "sav"]
FORMATEN: tuple[Formaat, ...] = ("csv", "xlsx", "sav")


@dataclass(frozen=True)
class Kolom:
    naam: str
    nl: str
    en: str
    waarden_nl: str = ""
    waarden_en: str = ""


LEEG_NL = "leeg (missing) = onderdrukt of niet te berekenen"
LEEG_EN = "blank (missing) = suppressed or not computable"
ONDERDRUKT_LEEG_NL = "leeg (missing) bij een onderdrukte waarde"
ONDERDRUKT_LEEG_EN = "blank (missing) for a suppressed value"

#: the export's columns, in order; their names are valid SPSS names (checked by the tests)
KOLOMMEN: tuple[Kolom, ...] = (
    Kolom("ronde", "Nummer van de evaluatieronde", "Number of the evaluation round"),
    Kolom("gemeente", "CBS-code van de gemeente", "CBS code of the municipality"),
    Kolom("gemeente_naam", "Naam van de gemeente", "Name of the municipality"),
    Kolom("cyclus", "Cyclus van de ronde", "Cycle of the round"),
    Kolom("periode", "Periode van de ronde", "Period of the round"),
    Kolom("indicator", "Indicator (id)", "Indicator (id)"),
    Kolom("indicator_naam", "Naam van de indicator", "Name of the indicator"),
    Kolom("eenheid", "Eenheid van de waarde", "Unit of the value"),
    Kolom("dimensie", "Uitsplitsing", "Breakdown"),
    Kolom("sleutel", "Code binnen de uitsplitsing", "Code within the breakdown"),
    Kolom("sleutel_naam", "Naam binnen de uitsplitsing", "Name within the breakdown"),
    Kolom("waarde", "Waarde", "Value", LEEG_NL, LEEG_EN),
    Kolom(
        "ondergrens",
        "Ondergrens van het 95%-interval",
        "Lower bound of the 95% interval",
        "leeg (missing) = geen interval of onderdrukt",
        "blank (missing) = no interval or suppressed",
    ),
    Kolom(
        "bovengrens",
        "Bovengrens van het 95%-interval",
        "Upper bound of the 95% interval",
        "leeg (missing) = geen interval of onderdrukt",
        "blank (missing) = no interval or suppressed",
    ),
    Kolom(
        "basis",
        "Aantal personen of records waarop de waarde rust",
        "Number of persons or records the value rests on",
        ONDERDRUKT_LEEG_NL,
        ONDERDRUKT_LEEG_EN,
    ),
    Kolom("teller", "Teller", "Numerator", ONDERDRUKT_LEEG_NL, ONDERDRUKT_LEEG_EN),
    Kolom("noemer", "Noemer", "Denominator", ONDERDRUKT_LEEG_NL, ONDERDRUKT_LEEG_EN),
    Kolom(
        "spreiding",
        "Standaardafwijking (bij een gemiddelde)",
        "Standard deviation (of a mean)",
        ONDERDRUKT_LEEG_NL,
        ONDERDRUKT_LEEG_EN,
    ),
    Kolom(
        "onderdrukt",
        "Onderdrukt (onthullingscontrole)",
        "Suppressed (disclosure control)",
        "0 = gepubliceerd; 1 = onderdrukt",
        "0 = published; 1 = suppressed",
    ),
    Kolom(
        "reden",
        "Reden van onderdrukking",
        "Reason for suppression",
        "de regel die de waarde onderdrukte; zie de onderdrukte cellen hieronder",
        "the rule that suppressed the value; see the suppressed cells below",
    ),
)
assert spss_namen(k.naam for k in KOLOMMEN) == [k.naam for k in KOLOMMEN]

TEKSTEN: Catalogus = catalogus(
    "uitvoer_indicatoren",
    {
        "formaat": {
            "nl": "Exportformaat '{formaat}' wordt niet ondersteund; kies csv, xlsx of sav.",
            "en": "Export format '{formaat}' is not supported; choose csv, xlsx or sav.",
        },
        "variabele": {"nl": "variabele", "en": "variable"},
        "ronde": {"nl": "ronde {ronde}: ", "en": "round {ronde}: "},
        "onderdrukte_cel": {"nl": "onderdrukt", "en": "suppressed"},
        "gepubliceerd": {"nl": "gepubliceerd", "en": "published"},
        "blad_data": {"nl": "indicatoren", "en": "indicators"},
        "blad_codeboek": {"nl": "codeboek", "en": "codebook"},
    },
)


class Indicatoruitvoer(BaseModel):
    """What an export wrote."""

    pad: str
    codeboek: str | None = None  # beside a CSV or .sav; None for XLSX (a sheet)
    formaat: str
    rondes: list[int]
    waarden: int
    onderdrukt: int


def _rij(weergave: RondeIndicatoren, regel: IndicatorRegel, taal: str) -> list[object]:
    ronde, v = weergave.ronde, regel.waarde
    verborgen = v.onderdrukt
    return [
        ronde.id,
        ronde.gemeente_code,
        ronde.gemeente_naam,
        ronde.cyclus,
        ronde.periode,
        v.indicator,
        regel.naam,
        regel.eenheid,
        v.dimensie,
        v.sleutel,
        regel.sleutel_naam,
        None if verborgen else v.waarde,
        None if verborgen else v.ondergrens,
        None if verborgen else v.bovengrens,
        None if verborgen else v.basis,
        None if verborgen else v.teller,
        None if verborgen else v.noemer,
        None if verborgen else v.spreiding,
        1 if verborgen else 0,
        reden(v, taal) if verborgen else "",
    ]


Rondes = Sequence[RondeIndicatoren]
"""The rounds an export holds, each with its values (one round, or every round with values)."""


def _regels(weergaven: Rondes) -> list[tuple[RondeIndicatoren, IndicatorRegel]]:
    return [(weergave, regel) for weergave in weergaven for regel in weergave.regels]


def rijen(weergaven: Rondes, taal: str = "nl") -> list[list[object]]:
    """One row per stored value, in the columns of KOLOMMEN (None for missing)."""
    return [_rij(weergave, regel, taal) for weergave, regel in _regels(weergaven)]


def _toelichtingen(weergaven: Rondes, taal: str, drempel: int | None) -> dict[str, str]:
    """Each rule the suppressed values name, explained with the threshold `drempel`
    (intake.disclosure_report); none without a threshold."""
    if drempel is None:
        return {}
    rapport = Onthullingsrapport(drempel=drempel, tabellen=())
    codes = dict.fromkeys(r.waarde.reden for _, r in _regels(weergaven) if r.waarde.onderdrukt)
    return {code: rapport.toelichting(code, taal_van(taal)) for code in codes if code in REGELS}


def _value_labels(
    weergaven: Rondes, taal: str, drempel: int | None = None
) -> dict[str, dict[Any, str]]:
    regels = [r for _, r in _regels(weergaven)]
    indicatoren = {r.waarde.indicator: r.naam for r in regels}
    dimensies = {r.waarde.dimensie: dimensie_naam(r.waarde.dimensie, taal) for r in regels}
    sleutels = {
        r.waarde.sleutel: r.sleutel_naam for r in regels if r.sleutel_naam != r.waarde.sleutel
    }
    labels: dict[str, dict[Any, str]] = {
        "indicator": dict(indicatoren),
        "dimensie": dict(dimensies),
        "onderdrukt": {
            0: vertaal(TEKSTEN, "gepubliceerd", taal),
            1: vertaal(TEKSTEN, "onderdrukte_cel", taal),
        },
    }
    if sleutels:
        labels["sleutel"] = dict(sleutels)
    toelichtingen = _toelichtingen(weergaven, taal, drempel)
    if toelichtingen:
        labels["reden"] = dict(toelichtingen)
    return labels


def _codeboek(weergaven: Rondes, taal: str, drempel: int | None) -> list[list[object]]:
    waardelabels = _value_labels(weergaven, taal, drempel)
    toelichtingen = waardelabels.get("reden", {})
    variabele = vertaal(TEKSTEN, "variabele", taal)
    regels: list[list[object]] = []
    for kolom in KOLOMMEN:
        waarden = in_taal(taal, kolom.waarden_nl, kolom.waarden_en)
        if (
            kolom.naam in ("indicator", "dimensie", "sleutel", "reden")
            and kolom.naam in waardelabels
        ):
            waarden = "; ".join(f"{k} = {v}" for k, v in waardelabels[kolom.naam].items())
        regels.append([variabele, kolom.naam, in_taal(taal, kolom.nl, kolom.en), waarden])
    onderdrukt = vertaal(TEKSTEN, "onderdrukte_cel", taal)
    for weergave, regel in _regels(weergaven):
        if regel.waarde.onderdrukt:
            label = (
                vertaal(TEKSTEN, "ronde", taal, ronde=weergave.ronde.id)
                if len(weergaven) > 1
                else ""
            )
            label += f"{regel.naam}, {dimensie_naam(regel.waarde.dimensie, taal)} "
            label += regel.sleutel_naam or regel.waarde.sleutel
            uitleg = reden(regel.waarde, taal)
            if regel.waarde.reden in toelichtingen:
                uitleg += f": {toelichtingen[regel.waarde.reden]}"
            regels.append([onderdrukt, regel.sleutel_pad, label, uitleg])
    return regels


def _csv(value: object) -> object:
    """A cell for CSV: decimals as Dutch Excel reads them (3,5)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    return value


def exporteer_indicatoren(
    weergave: RondeIndicatoren | Rondes,
    pad: Path,
    *,
    formaat: str | None = None,
    taal: str = "nl",
    drempel: int | None = None,
) -> Indicatoruitvoer:
    """Write the round's values (or the rounds', one after the other) to `pad` (format from its
    suffix unless given), with a codebook.

    With `drempel` (the disclosure threshold, `Settings.min_cell_size`) the codebook and the
    `.sav`'s value labels explain each suppression rule ("minder dan 10 personen ... in de
    teller"); without it they give the rule's code only.
    """
    gekozen = (formaat or pad.suffix.lstrip(".")).lower()
    if gekozen not in FORMATEN:
        raise MakelaarError(vertaal(TEKSTEN, "formaat", taal, formaat=gekozen))
    weergaven = [weergave] if isinstance(weergave, RondeIndicatoren) else list(weergave)
    header = [k.naam for k in KOLOMMEN]
    data = rijen(weergaven, taal)
    codeboek = _codeboek(weergaven, taal, drempel)
    codeboek_kop = in_taal(
        taal, ["onderdeel", "naam", "label", "waarden"], ["part", "name", "label", "values"]
    )
    codeboekpad: Path | None = pad.with_name(f"{pad.stem}.codeboek.csv")
    if gekozen == "csv":
        write_csv(pad, header, ([_csv(c) for c in rij] for rij in data))
    elif gekozen == "sav":
        write_sav(
            pad,
            header,
            data,
            labels={k.naam: in_taal(taal, k.nl, k.en) for k in KOLOMMEN},
            value_labels=_value_labels(weergaven, taal, drempel),
        )
    else:
        codeboekpad = None
        write_workbook(
            pad,
            {
                vertaal(TEKSTEN, "blad_data", taal): (header, iter(data)),
                vertaal(TEKSTEN, "blad_codeboek", taal): (codeboek_kop, iter(codeboek)),
            },
        )
    if codeboekpad is not None:
        write_csv(codeboekpad, codeboek_kop, codeboek)
    return Indicatoruitvoer(
        pad=str(pad),
        codeboek=None if codeboekpad is None else str(codeboekpad),
        formaat=gekozen,
        rondes=[w.ronde.id for w in weergaven],
        waarden=len(data),
        onderdrukt=sum(r.waarde.onderdrukt for _, r in _regels(weergaven)),
    )
