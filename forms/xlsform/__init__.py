"""Read an XLSForm (.xlsx, .xls, .csv, .md) through pyxform into a `forms.definitie.Formulier`.

pyxform reads the sheets and normalises the survey (types, "or specify other", choices) and
renders the XForm, whose binds carry the ${name} references resolved to instance paths. This
module only checks that every sheet, column, type and expression is one makelaar supports
(a whitelist: anything else is refused with its sheet, row and column) and maps the result.

Columns that are ignored because they cannot change what is asked or stored: `guidance_hint`
(any language), `tutorial notes`, `comment(s)`, `note(s)`, `opmerking(en)`, `toelichting` and
the settings column `style` (Enketo's page layout). A column that is not known but is empty in
every row is ignored as well. Sheets pyxform does not read (e.g. a "readme" sheet) are ignored;
`external_choices`, `entities` and `osm` sheets are refused. Appearances are a whitelist too
(forms.xlsform.regels.APPEARANCE: only those that change how a question looks); texts with
${name} (labels, hints, messages) are refused because the pages would show them literally.

Languages: `label::Nederlands (nl)` gives code "nl" (the code in parentheses); without a code,
English/Engels gives "en", Dutch/Nederlands gives "nl", a bare two-letter name its lower case,
else the name as written. Texts without a language belong to the settings' `default_language`
(mapped the same way), else to "nl". Version: the settings' `version`, else "sha256:" and the
first 12 hex digits of the file's hash. Row numbers count as the sheet does (header is row 1).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook
from pyxform import builder
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import _md_table_to_ss_structure, get_xlsform

from makelaar.forms.definitie import Formulier
from makelaar.forms.xlsform.kaart import Lezer
from makelaar.forms.xlsform.regels import taalcode
from makelaar.models.errors import ImportFileError

__all__ = ["lees_formulier", "lees_formulier_tekst", "taalcode"]


def lees_formulier(path: Path) -> Formulier:
    """Read the XLSForm at `path`; ImportFileError names file, sheet, row and problem."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ImportFileError(
            f"het bestand kan niet gelezen worden ({err.strerror}).",
            f"the file cannot be read ({err.strerror}).",
            file=str(path),
        ) from err
    return _lees(data, path.stem, str(path), path)


def lees_formulier_tekst(text: str, naam: str) -> Formulier:
    """Read an XLSForm written as Markdown or CSV text; `naam` is the file name for messages."""
    return _lees(text.encode("utf-8"), Path(naam).stem, naam, None)


def _lees(data: bytes, stem: str, bron: str, path: Path | None) -> Formulier:
    if path is None or path.suffix.lower() not in _EXCEL:
        _controleer_bladen(bron, data, path)  # pyxform fails on unknown sheets with a TypeError
    try:
        raw = get_xlsform(str(path) if path is not None else data)
    except PyXFormError as err:
        raise _pyxform_error(err, bron, data, path) from err
    if path is None or path.suffix.lower() not in _EXCEL:
        _dubbele_kolommen(bron, data, path)  # pyxform's text readers keep the last silently
    lezer = Lezer(raw, bron)
    lezer.controleer()
    try:
        survey_json = workbook_to_json(
            workbook_dict=raw,
            form_name=None,
            fallback_form_name=stem,
            default_language=None,
            warnings=[],
        )
        survey = builder.create_survey_element_from_dict(survey_json)
        xml = survey.to_xml(validate=False)
    except (PyXFormError, ValueError, KeyError, TypeError) as err:
        raise _pyxform_error(err, bron, data, path) from err
    versie = lezer.setting("version") or "sha256:" + hashlib.sha256(data).hexdigest()[:12]
    return lezer.formulier(survey_json, xml, versie)


def _pyxform_error(err: Exception, bron: str, data: bytes, path: Path | None) -> ImportFileError:
    text = str(err)
    duplicate = re.match(r"Duplicate column header: (.*)", text)
    if duplicate:
        column = duplicate.group(1).strip()
        return _dubbel(column, bron, _sheet_with_duplicate(column, data, path))
    row = re.search(r"\[row\s*:\s*(\d+)\]", text)
    sheet = re.search(r"[Oo]n the '(\w+)' sheet", text)
    dutch = next(
        (
            template.format(*match.groups())
            for pattern, template in _PYXFORM_DUTCH
            if (match := re.search(pattern, text))
        ),
        "pyxform kan het formulier niet lezen",
    )
    return ImportFileError(
        f"{dutch} (pyxform: {text.strip()})",
        f"pyxform cannot read the form: {text.strip()}",  # pyxform's own message is English
        file=bron,
        sheet=sheet.group(1) if sheet else ("survey" if row else None),
        row=int(row.group(1)) if row else None,
    )


#: pyxform's messages that forms commonly hit, said in Dutch (pyxform's own text follows)
_PYXFORM_DUTCH = [
    (
        r"Could not find the name '([^']*)'",
        "de verwijzing ${{{0}}} noemt geen vraag uit het blad survey; controleer de naam",
    ),
    (
        r"List name not in choices sheet: (\S+)",
        "de keuzelijst {0!r} staat niet in het blad choices",
    ),
    (r"Missing calculation", "een calculate-rij heeft een formule in de kolom calculation nodig"),
    (
        r"Names must begin with a letter",
        "de naam is ongeldig: een naam begint met een letter of _ en bevat daarna alleen "
        "letters, cijfers, _, - of .",
    ),
    (r"Unmatched 'end_(\w+)'", "'end {0}' zonder bijbehorende 'begin {0}'"),
    (r"Unmatched 'begin_(\w+)'", "'begin {0}' zonder bijbehorende 'end {0}'"),
    (r"You must have a sheet named 'survey'", "het bestand heeft geen blad 'survey'"),
    (
        r"was not recognized as a supported type",
        "dit is geen XLSForm (.xlsx, .xlsm, .xls, .csv of .md)",
    ),
    (
        r"does not appear to be a valid XLSForm",
        "dit is geen XLSForm (.xlsx, .xlsm, .xls, .csv of .md)",
    ),
    (
        r"Choice names must be unique",
        "een keuze heeft dezelfde naam als een eerdere keuze in dezelfde lijst; maak de namen "
        "uniek of zet allow_choice_duplicates in het blad settings",
    ),
]


_EXCEL = (".xlsx", ".xlsm", ".xls")


#: the sheets pyxform reads; a CSV or Markdown file naming only others holds no form
_BLADEN = frozenset({"survey", "choices", "settings", "external_choices", "entities", "osm"})
FORMULIER_NODIG = (
    "Een formulier (XLSForm) heeft een blad survey met minstens de kolommen type en name (en "
    "label voor de vraagtekst); keuzelijsten staan in een blad choices met de kolommen "
    "list_name, name en label. In een CSV-bestand staat de naam van het blad in de eerste "
    "kolom: een regel 'survey,type,name,label' en daaronder de vragen met een lege eerste cel, "
    "zoals ',text,naam,Wat is uw naam?'."
)
FORMULIER_NODIG_EN = (
    "A form (XLSForm) has a sheet survey with at least the columns type and name (and label for "
    "the question text); choice lists are in a sheet choices with the columns list_name, name "
    "and label. In a CSV file the name of the sheet is in the first column: a line "
    "'survey,type,name,label' and below it the questions with an empty first cell, such as "
    "',text,name,What is your name?'."
)


def _controleer_bladen(bron: str, data: bytes, path: Path | None) -> None:
    """Refuse a CSV or Markdown file without a survey sheet, saying what it holds instead."""
    headers = _headers(data, path)
    if not headers:
        return  # nothing that looks like a table: pyxform says this is no XLSForm
    bladen = {name.strip().lower(): name for name in headers}
    onbekend = [name for key, name in bladen.items() if key not in _BLADEN]
    if "survey" in bladen:
        if not onbekend or not _is_csv(data, path):  # Markdown's other tables are left out
            return
        raise ImportFileError(
            f"de eerste kolom noemt het blad {onbekend[0]!r}; een formulier in CSV kan alleen "
            "de bladen survey, choices en settings hebben. Verwijder die regels of lever het "
            "formulier als .xlsx-bestand.",
            f"the first column names the sheet {onbekend[0]!r}; a form in CSV can only have "
            "the sheets survey, choices and settings. Delete those lines or supply the form "
            "as an .xlsx file.",
            file=bron,
            sheet=onbekend[0],
            value=onbekend[0],
        )
    koppen = {str(cell).strip().lower() for header in headers.values() for cell in header if cell}
    # without the sheet column, a CSV's first column holds the first header cell
    kolommen = koppen | set(bladen)
    if "list_name" in kolommen:
        wat = "een keuzelijst (kolommen list_name, name, label) zonder vragen"
        what = "a choice list (columns list_name, name, label) without questions"
    elif {"type", "name"} <= koppen and onbekend:
        wat = f"een lijst met vragen in het blad {onbekend[0]!r}, dat survey moet heten"
        what = f"a list of questions in the sheet {onbekend[0]!r}, which must be called survey"
    elif {"type", "name"} <= kolommen:
        wat = "een lijst met vragen, maar zonder de naam van het blad (survey) in de eerste kolom"
        what = "a list of questions, but without the name of the sheet (survey) in the first column"
    elif onbekend:
        genoemd = ", ".join(repr(name) for name in onbekend[:5])
        wat = (
            f"een tabel met in de eerste kolom {genoemd}; dat zijn geen bladen van een XLSForm "
            "(die kent survey, choices en settings)"
        )
        what = (
            f"a table with {genoemd} in the first column; those are not sheets of an XLSForm "
            "(which has survey, choices and settings)"
        )
    else:
        wat = f"een XLSForm zonder blad survey (alleen {', '.join(sorted(bladen))})"
        what = f"an XLSForm without a sheet survey (only {', '.join(sorted(bladen))})"
    raise ImportFileError(
        f"dit bestand is {wat}, geen formulier. {FORMULIER_NODIG}",
        f"this file is {what}, not a form. {FORMULIER_NODIG_EN}",
        file=bron,
    )


def _dubbele_kolommen(bron: str, data: bytes, path: Path | None) -> None:
    for sheet, header in _headers(data, path).items():
        names = [str(cell).strip() for cell in header if cell not in (None, "")]
        for name in names:
            if names.count(name) > 1:
                raise _dubbel(name, bron, sheet)


def _dubbel(column: str, bron: str, sheet: str | None) -> ImportFileError:
    return ImportFileError(
        f"de kolom {column!r} staat twee keer in de kopregel; elke kolom mag maar één keer "
        "voorkomen. Verwijder of hernoem een van de twee.",
        f"the column {column!r} appears twice in the header row; each column may appear only "
        "once. Delete or rename one of the two.",
        file=bron,
        sheet=sheet,
        row=1,
        column=column,
        value=column,
    )


def _sheet_with_duplicate(column: str, data: bytes, path: Path | None) -> str | None:
    for sheet, header in _headers(data, path).items():
        names = [str(cell).strip() for cell in header if cell not in (None, "")]
        if names.count(column) > 1:
            return sheet
    return None


def _is_csv(data: bytes, path: Path | None) -> bool:
    """A text form is CSV by its suffix, or (without a name) when it has no Markdown table."""
    if path is not None and path.suffix.lower() in (".csv", ".md"):
        return path.suffix.lower() == ".csv"
    return b"|" not in data


def _headers(data: bytes, path: Path | None) -> dict[str, list[Any]]:
    """The header row of each sheet as written (pyxform's readers do not keep duplicates)."""
    suffix = path.suffix.lower() if path is not None else ""
    if suffix in _EXCEL:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        headers: dict[str, list[Any]] = {}
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(nrows=1)
            headers[name] = list(rows[0]) if rows else []
        return headers
    text = data.decode("utf-8", errors="replace")
    if _is_csv(data, path):
        csv_headers: dict[str, list[Any]] = {}
        sheet = ""
        for row in csv.reader(io.StringIO(text)):
            if row and row[0].strip():
                sheet = row[0].strip()
                if len(row) > 1 and any(cell.strip() for cell in row[1:]):
                    csv_headers.setdefault(sheet, row[1:])
            elif sheet and sheet not in csv_headers and any(cell.strip() for cell in row[1:]):
                csv_headers[sheet] = row[1:]
        return csv_headers
    # pyxform's own Markdown table reader, which keeps each row as written
    return {sheet: list(rows[0]) for sheet, rows in _md_table_to_ss_structure(text).items() if rows}
