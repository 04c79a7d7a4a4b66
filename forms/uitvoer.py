"""A survey round's responses for researchers: CSV (Dutch Excel's dialect) or XLSX, with a codebook.

One row per response, one column per question in form order (notes left out). A select_multiple
gives one column with the chosen names, space-separated, plus one 0/1 column per choice,
`<question>_<choice>`, blank when the question was not answered: the layout of KoboToolbox's
"XML values and headers" export, but with names SPSS, R and Stata accept (models.spss: Kobo's
`<question>/<choice>` and `group/question` are refused by SPSS), so the file opens in SPSS as it
is; forms.importkolommen reads both spellings back. Scores follow as `score_<scale>_<field>`.
The codebook (a second sheet in XLSX, `<name>.codeboek.csv` beside a CSV)
gives every column's label in the chosen language, its type and its choices as `name = label`;
the data keep a single header row so R, SPSS and pandas read them as they are.

Both formats are written by `forms.export` (write_csv, write_workbook): every text cell is
neutralised (RELIABILITY.md §3), headers included, and the file is readable by its owner only.
An anonymous round's export holds no respondent, no time and no source, and its rows
are in the order of their random ids, not of arrival. No token is ever read here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import select

from makelaar.forms.definitie import Formulier, Vraag, VraagType
from makelaar.forms.export import write_csv, write_workbook
from makelaar.forms.rondes import ronde_met_enquete
from makelaar.models.domain import EnqueteModus
from makelaar.models.errors import MakelaarError
from makelaar.models.spss import spss_namen
from makelaar.models.store import Store
from makelaar.models.taal import Catalogus, catalogus, in_taal, vertaal
from makelaar.models.tables import Respons

__all__ = ["FORMATEN", "Formaat", "Uitvoer", "Uitvoerkolom", "exporteer", "kolommen", "rijen"]

Formaat = Literal["csv", "xlsx"]
FORMATEN: tuple[Formaat, ...] = ("csv", "xlsx")
SOORTEN: Catalogus = catalogus(
    "uitvoer_soorten",
    {
        "meta": {"nl": "metagegevens", "en": "metadata"},
        "keuze": {"nl": "keuze (0/1)", "en": "choice (0/1)"},
        "score": {"nl": "score", "en": "score"},
    },
)
"""The codebook's 'type' of a column that is not a question's own type."""


@dataclass(frozen=True)
class Uitvoerkolom:
    """One column of the export and its codebook line."""

    naam: str
    label: str
    soort: str  # the question type, 'keuze' (a 0/1 column), 'meta' or 'score'
    waarden: str = ""  # the choices as 'name = label; ...', or what the values mean
    vraag: str | None = None  # the question it comes from
    keuze: str | None = None  # for a 0/1 column: its choice
    pad: tuple[str, ...] = ()  # for a score column: the path into respons.scores


class Uitvoer(BaseModel):
    """What an export wrote."""

    pad: str
    codeboek: str | None = None  # the codebook file beside a CSV; None for XLSX (a sheet)
    formaat: str
    responsen: int
    kolommen: int
    anoniem: bool


def _meta(anoniem: bool, taal: str) -> list[Uitvoerkolom]:
    def kolom(naam: str, nl: str, en: str) -> Uitvoerkolom:
        return Uitvoerkolom(naam, in_taal(taal, nl, en), "meta")

    result = [kolom("respons", "willekeurig id van de respons", "random id of the response")]
    if not anoniem:
        result += [
            kolom("instance_id", "inzending-id (ODK meta/instanceID)", "submission id"),
            kolom("respondent", "makelaarcode of pseudoniem", "broker code or pseudonym"),
        ]
    result += [
        kolom("wijk_code", "CBS-wijkcode", "CBS wijk code"),
        kolom("taal", "taal waarin geantwoord is", "language answered in"),
    ]
    if not anoniem:
        result += [
            kolom("bron", "web, import of demo", "web, import or demo"),
            kolom("ontvangen_op", "tijdstip van ontvangst (UTC)", "time received (UTC)"),
        ]
    return result


def _namen(form: Formulier) -> dict[str, str]:
    """Column name per question: its name, or its path under the root when the name repeats."""
    vragen = [v for v in form.vragen() if v.type is not VraagType.NOTE]
    tellen: dict[str, int] = {}
    for vraag in vragen:
        tellen[vraag.name] = tellen.get(vraag.name, 0) + 1
    prefix = f"/{form.root}/"
    return {
        vraag.path: vraag.name if tellen[vraag.name] == 1 else vraag.path.removeprefix(prefix)
        for vraag in vragen
    }


def _score_paden(responsen: Sequence[Respons]) -> list[tuple[str, ...]]:
    """Every scalar in the responses' scores, as a path (lists and the scale's own name left out)."""
    paden: dict[tuple[str, ...], None] = {}

    def walk(value: Any, pad: tuple[str, ...]) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                if key != "scale":
                    walk(item, (*pad, str(key)))
        elif not isinstance(value, list):
            paden[pad] = None

    for respons in responsen:
        walk(respons.scores or {}, ())
    return list(paden)


def kolommen(
    form: Formulier, *, anoniem: bool, responsen: Sequence[Respons] = (), taal: str = "nl"
) -> list[Uitvoerkolom]:
    """The export's columns in order: metadata, questions (with 0/1 columns), scores; every name
    a valid SPSS variable name."""
    result = _meta(anoniem, taal)
    namen = _namen(form)
    for vraag in form.vragen():
        if vraag.type is VraagType.NOTE:
            continue
        naam = namen[vraag.path]
        keuzes = form.keuzes(vraag)
        waarden = "; ".join(f"{k.name} = {form.tekst(k.label, taal)}" for k in keuzes)
        label = form.tekst(vraag.label, taal)
        result.append(Uitvoerkolom(naam, label, vraag.type.value, waarden, vraag=vraag.name))
        if vraag.type is VraagType.SELECT_MULTIPLE:
            for keuze in keuzes:
                result.append(
                    Uitvoerkolom(
                        f"{naam}/{keuze.name}",
                        f"{label}: {form.tekst(keuze.label, taal)}",
                        "keuze",
                        in_taal(
                            taal, "1 = gekozen; 0 = niet gekozen", "1 = chosen; 0 = not chosen"
                        ),
                        vraag=vraag.name,
                        keuze=keuze.name,
                    )
                )
    for pad in _score_paden(responsen):
        result.append(Uitvoerkolom("score_" + "_".join(pad), " ".join(pad), "score", pad=pad))
    # names SPSS accepts (no '/', unique regardless of case); the metadata's stay as they are
    geldig = spss_namen(k.naam for k in result)
    return [replace(k, naam=naam) for k, naam in zip(result, geldig, strict=True)]


def _score(scores: Mapping[str, Any], pad: tuple[str, ...]) -> Any:
    value: Any = scores
    for key in pad:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def _cel(kolom: Uitvoerkolom, respons: Respons, vragen: Mapping[str, Vraag]) -> Any:
    if kolom.soort == "meta":
        value = getattr(respons, kolom.naam if kolom.naam != "respons" else "id")
        return value.value if hasattr(value, "value") else value
    if kolom.soort == "score":
        return _score(respons.scores or {}, kolom.pad)
    assert kolom.vraag is not None, "question and choice columns name their question"
    antwoord = respons.antwoorden.get(kolom.vraag)
    if kolom.keuze is not None:
        if antwoord is None:
            return None
        return 1 if isinstance(antwoord, list) and kolom.keuze in antwoord else 0
    if isinstance(antwoord, list):
        return " ".join(map(str, antwoord))
    if vragen[kolom.vraag].type is VraagType.DATE and isinstance(antwoord, str):
        try:
            return dt.date.fromisoformat(antwoord)
        except ValueError:
            return antwoord
    return antwoord


def rijen(
    form: Formulier, responsen: Sequence[Respons], kolommen_: Sequence[Uitvoerkolom]
) -> Iterator[list[Any]]:
    """One row of typed cells per response (None for blank)."""
    vragen = {v.name: v for v in form.vragen()}
    for respons in responsen:
        yield [_cel(kolom, respons, vragen) for kolom in kolommen_]


def _laad(store: Store, enquete_ronde_id: int) -> tuple[Formulier, bool, list[Respons]]:
    with store.session() as session:
        ronde, enquete = ronde_met_enquete(session, enquete_ronde_id)
        anoniem = ronde.modus == EnqueteModus.ANONIEM
        query = select(Respons).where(Respons.enquete_ronde_id == enquete_ronde_id)
        # anonymous: random ids, so the order says nothing about arrival
        query = query.order_by(Respons.id if anoniem else Respons.ontvangen_op, Respons.id)
        responsen = list(session.scalars(query))
        session.expunge_all()
        return Formulier.model_validate(enquete.definitie), anoniem, responsen


def exporteer(
    store: Store,
    enquete_ronde_id: int,
    pad: Path,
    *,
    formaat: Formaat | None = None,
    taal: str = "nl",
) -> Uitvoer:
    """Write the round's responses to `pad` (format from its suffix unless given), atomically."""
    gekozen = formaat or pad.suffix.lower().lstrip(".")
    if gekozen not in FORMATEN:
        raise MakelaarError(
            in_taal(
                taal,
                f"Exportformaat {gekozen!r} wordt niet ondersteund; kies csv of xlsx.",
                f"Export format {gekozen!r} is not supported; choose csv or xlsx.",
            )
        )
    form, anoniem, responsen = _laad(store, enquete_ronde_id)
    cols = kolommen(form, anoniem=anoniem, responsen=responsen, taal=taal)
    data = rijen(form, responsen, cols)
    codeboek_kop = in_taal(
        taal, ["kolom", "label", "soort", "waarden"], ["column", "label", "type", "values"]
    )
    codeboek = [[k.naam, k.label, _soort(k, taal), k.waarden] for k in cols]
    codeboekpad: Path | None = None
    if gekozen == "csv":
        write_csv(pad, [k.naam for k in cols], ([_csv(v) for v in rij] for rij in data))
        codeboekpad = pad.with_name(f"{pad.stem}.codeboek.csv")
        write_csv(codeboekpad, codeboek_kop, codeboek)
    else:
        write_workbook(
            pad,
            {
                in_taal(taal, "antwoorden", "responses"): ([k.naam for k in cols], data),
                in_taal(taal, "codeboek", "codebook"): (codeboek_kop, iter(codeboek)),
            },
        )
    return Uitvoer(
        pad=str(pad),
        codeboek=None if codeboekpad is None else str(codeboekpad),
        formaat=gekozen,
        responsen=len(responsen),
        kolommen=len(cols),
        anoniem=anoniem,
    )


def _soort(kolom: Uitvoerkolom, taal: str) -> str:
    return vertaal(SOORTEN, kolom.soort, taal) if kolom.soort in SOORTEN else kolom.soort


def _csv(value: Any) -> Any:
    """A cell for CSV: numbers as Dutch Excel reads them (3,5), dates as ISO."""
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
