"""Read an XLSForm (.xlsx, .xls, .csv, .md) through pyxform into a `forms.definitie.Formulier`.

pyxform reads the sheets and normalises the survey (types, "or specify other", choices) and
renders the XForm, whose binds carry the ${name} references resolved to instance paths. This
module only checks that every sheet, column, type and expression is one makelaar supports
(a whitelist: anything else is refused with its sheet, row and column) and maps the result.

Columns that are ignored because they cannot change what is asked or stored: `guidance_hint`
(any language), `tutorial notes`, `comment(s)`, `note(s)`, `opmerking(en)`, `toelichting` and
the settings column `style` (Enketo's page layout). A column that is not known but is empty in
every row is ignored as well. Sheets pyxform does not read (e.g. a "readme" sheet) are ignored;
`external_choices`, `entities` and `osm` sheets are refused.

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
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook
from pyxform import builder
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import _md_table_to_ss_structure, get_xlsform

from forms import xpath
from forms.definitie import Formulier, Groep, Keuze, Onderdeel, Teksten, Vraag, VraagType
from models.errors import ImportFileError

__all__ = ["lees_formulier", "lees_formulier_tekst", "taalcode"]

_XF = "{http://www.w3.org/2002/xforms}"

#: survey columns makelaar uses, with the aliases pyxform accepts for them
_SURVEY_COLUMNS = {
    "type": "type",
    "name": "name",
    "label": "label",
    "caption": "label",
    "hint": "hint",
    "required": "required",
    "required_message": "required_message",
    "requiredmsg": "required_message",
    "jr:requiredmsg": "required_message",
    "relevant": "relevant",
    "relevance": "relevant",
    "constraint": "constraint",
    "constraint_message": "constraint_message",
    "constraining_message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "calculation": "calculation",
    "calculate": "calculation",
    "default": "default",
    "readonly": "readonly",
    "read_only": "readonly",
    "appearance": "appearance",
    "choice_filter": "choice_filter",
}
_TRANSLATED = {"label", "hint", "required_message", "constraint_message", "guidance_hint"}
_COSMETIC = {
    "guidance_hint",
    "tutorial_notes",
    "comment",
    "comments",
    "note",
    "notes",
    "opmerking",
    "opmerkingen",
    "toelichting",
}
_CHOICES_REFUSED = {"image", "big-image", "audio", "video", "media"}
_SETTINGS_COLUMNS = {
    "form_title",
    "set_form_title",
    "form_id",
    "set_form_id",
    "version",
    "default_language",
    "allow_choice_duplicates",
    "style",
}
_REFUSED_SHEETS = {
    "external_choices": "keuzes uit een extern bestand (external_choices)",
    "entities": "entiteiten (entities)",
    "osm": "OpenStreetMap-vragen (osm)",
}
_TYPES = {
    "text": VraagType.TEXT,
    "string": VraagType.TEXT,
    "integer": VraagType.INTEGER,
    "int": VraagType.INTEGER,
    "decimal": VraagType.DECIMAL,
    "date": VraagType.DATE,
    "note": VraagType.NOTE,
    "calculate": VraagType.CALCULATE,
    "phone number": VraagType.PHONE,
    "phone_number": VraagType.PHONE,
}
_SELECT = re.compile(
    r"^(select_one|select one|select1|select one from|add select one prompt using"
    r"|select_multiple|select all that apply|select all that apply from"
    r"|add select multiple prompt using)\s+(\S+)(\s+or_other|\s+or specify other)?$"
)
_GROUP = {"begin group", "begin_group", "end group", "end_group"}
#: what a refused type is, for the message
_FEATURES = {
    "begin repeat": "herhalende groepen",
    "begin_repeat": "herhalende groepen",
    "end repeat": "herhalende groepen",
    "end_repeat": "herhalende groepen",
    "select_one_external": "keuzes uit een extern bestand",
    "select_one_from_file": "keuzes uit een bestand",
    "select_multiple_from_file": "keuzes uit een bestand",
    "rank": "rangschikken",
    "range": "schuifbalk (range)",
    "osm": "OpenStreetMap",
    "geopoint": "locatie",
    "geotrace": "lijn op de kaart",
    "geoshape": "vlak op de kaart",
    "image": "foto",
    "photo": "foto",
    "audio": "geluidsopname",
    "video": "video",
    "file": "bestand",
    "barcode": "barcode",
    "time": "tijd",
    "datetime": "datum en tijd",
    "dateTime": "datum en tijd",
    "acknowledge": "bevestiging",
    "trigger": "bevestiging",
    "audit": "audit",
    "start": "metadata (starttijd)",
    "end": "metadata (eindtijd)",
    "today": "metadata (datum)",
    "deviceid": "metadata (apparaat)",
    "username": "metadata (gebruiker)",
    "hidden": "verborgen veld",
    "xml-external": "extern XML-bestand",
    "csv-external": "extern CSV-bestand",
    "background-audio": "geluidsopname op de achtergrond",
    "begin_loop": "lussen",
    "begin loop": "lussen",
}
_EXPRESSION_COLUMNS = ("relevant", "constraint", "calculation", "required", "choice_filter")
_NO_FEATURES = {
    "pulldata(": "pulldata() (gegevens uit een extern bestand)",
    "jr:choice-name(": "jr:choice-name()",
    "instance(": "instance() (secundaire instanties)",
    "indexed-repeat(": "indexed-repeat() (herhalende groepen)",
    "position(": "position() (herhalende groepen)",
}
_LANGUAGE_NAMES = {
    "english": "en",
    "engels": "en",
    "dutch": "nl",
    "nederlands": "nl",
    "netherlands": "nl",
    "frysk": "fy",
    "fries": "fy",
}


def taalcode(name: str) -> str:
    """The language code for a language as written in a column header ("English (en)" → "en")."""
    match = re.search(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\s*\)\s*$", name)
    if match:
        return match.group(1).lower()
    key = name.strip().lower()
    if key in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[key]
    if re.fullmatch(r"[a-z]{2}", key):
        return key
    return name.strip()


def lees_formulier(path: Path) -> Formulier:
    """Read the XLSForm at `path`; ImportFileError names file, sheet, row and problem."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ImportFileError(
            f"het bestand kan niet gelezen worden ({err.strerror}).", file=str(path)
        ) from err
    return _lees(data, path.stem, str(path), path)


def lees_formulier_tekst(text: str, naam: str) -> Formulier:
    """Read an XLSForm written as Markdown or CSV text; `naam` is the file name for messages."""
    return _lees(text.encode("utf-8"), Path(naam).stem, naam, None)


def _lees(data: bytes, stem: str, bron: str, path: Path | None) -> Formulier:
    try:
        raw = get_xlsform(str(path) if path is not None else data)
    except PyXFormError as err:
        raise _pyxform_error(err, bron, data, path) from err
    lezer = _Lezer(raw, bron)
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
    except PyXFormError as err:
        raise _pyxform_error(err, bron, data, path) from err
    versie = lezer.setting("version") or "sha256:" + hashlib.sha256(data).hexdigest()[:12]
    return lezer.formulier(survey_json, xml, versie)


def _pyxform_error(err: PyXFormError, bron: str, data: bytes, path: Path | None) -> ImportFileError:
    text = str(err)
    duplicate = re.match(r"Duplicate column header: (.*)", text)
    if duplicate:
        column = duplicate.group(1).strip()
        return ImportFileError(
            f"de kolom {column!r} staat twee keer in de kopregel; elke kolom mag maar één keer "
            "voorkomen. Verwijder of hernoem een van de twee.",
            file=bron,
            sheet=_sheet_with_duplicate(column, data, path),
            row=1,
            column=column,
            value=column,
        )
    row = re.search(r"\[row\s*:\s*(\d+)\]", text)
    return ImportFileError(
        f"pyxform kan het formulier niet lezen: {text}",
        file=bron,
        row=int(row.group(1)) if row else None,
    )


def _sheet_with_duplicate(column: str, data: bytes, path: Path | None) -> str | None:
    for sheet, header in _headers(data, path).items():
        names = [str(cell).strip() for cell in header if cell not in (None, "")]
        if names.count(column) > 1:
            return sheet
    return None


def _headers(data: bytes, path: Path | None) -> dict[str, list[Any]]:
    """The header row of each sheet as written (pyxform's readers do not keep duplicates)."""
    suffix = path.suffix.lower() if path is not None else ""
    if suffix in (".xlsx", ".xlsm", ".xls"):
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        headers: dict[str, list[Any]] = {}
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(nrows=1)
            headers[name] = list(rows[0]) if rows else []
        return headers
    text = data.decode("utf-8", errors="replace")
    if suffix == ".csv" or "|" not in text:
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


def _column(header: str) -> tuple[str, str | None]:
    """A column header as (base, language): "label::English (en)" → ("label", "English (en)")."""
    key = header.strip()
    lowered = key.lower()
    for prefix in ("bind::", "bind:", "control::", "control:", "media::", "media:"):
        if lowered.startswith(prefix):
            if prefix.startswith("media"):
                return "media", key[len(prefix) :]
            key = key[len(prefix) :]
            lowered = key.lower()
            break
    if lowered.startswith(("jr:constraintmsg", "jr:requiredmsg")):
        base, _, language = key.partition("::")
        return base.lower(), language or None
    separator = "::" if "::" in key else ":"
    base, sep, language = key.partition(separator)
    base = re.sub(r"\s+", "_", base.strip().lower())
    return base, (language.strip() or None) if sep else None


class _Lezer:
    """Checks the raw sheets against what makelaar supports and maps pyxform's result."""

    def __init__(self, raw: Any, bron: str) -> None:
        self.raw = raw
        self.bron = bron
        self.survey: list[dict[str, str]] = list(raw.survey or [])
        self.choices: list[dict[str, str]] = list(raw.choices or [])
        self.settings: dict[str, str] = {
            _column(key)[0]: str(value) for key, value in (raw.settings or [{}])[0].items()
        }
        self.rijen: dict[str, int] = {}
        language = self.setting("default_language")
        self.standaardtaal = taalcode(language) if language else "nl"

    def setting(self, name: str) -> str | None:
        value = self.settings.get(name)
        return value.strip() if value and value.strip() else None

    def fout(
        self,
        message: str,
        *,
        sheet: str = "survey",
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> ImportFileError:
        return ImportFileError(
            message, file=self.bron, sheet=sheet, row=row, column=column, value=value
        )

    def controleer(self) -> None:
        """Refuse every sheet, column, type and expression makelaar does not support."""
        for sheet in self.raw.sheet_names:
            feature = _REFUSED_SHEETS.get(str(sheet).lower())
            rows = getattr(self.raw, str(sheet).lower(), None)
            if feature and rows:
                raise self.fout(
                    f"het blad {sheet!r} ({feature}) wordt niet ondersteund; makelaar leest "
                    "alleen de bladen survey, choices en settings.",
                    sheet=str(sheet),
                )
        self._controleer_kolommen(self.survey, "survey", self._survey_kolom_ok)
        self._controleer_kolommen(self.choices, "choices", self._keuze_kolom_ok)
        self._controleer_kolommen(
            (self.raw.settings or [])[:1], "settings", lambda base, _: base in _SETTINGS_COLUMNS
        )
        for index, row in enumerate(self.survey):
            if row:
                self._controleer_rij({_column(k)[0]: v for k, v in row.items()}, index + 2, row)

    def _survey_kolom_ok(self, base: str, language: str | None) -> bool:
        if base in _COSMETIC:
            return True
        known = _SURVEY_COLUMNS.get(base)
        return known is not None and (language is None or known in _TRANSLATED)

    @staticmethod
    def _keuze_kolom_ok(base: str, language: str | None) -> bool:
        if base in _CHOICES_REFUSED:
            return False
        return language is None or base == "label"

    def _controleer_kolommen(self, rows: list[dict[str, str]], sheet: str, ok: Any) -> None:
        for index, row in enumerate(rows):
            for header, value in row.items():
                base, language = _column(header)
                if value in (None, "") or ok(base, language):
                    continue
                raise self.fout(
                    f"de kolom {header!r} wordt niet ondersteund (waarde {value!r}); makelaar "
                    "kan niet garanderen dat wat gevraagd of bewaard wordt klopt zonder die "
                    "kolom. Verwijder de kolom of laat hem leeg.",
                    sheet=sheet,
                    row=index + 2,
                    column=header,
                    value=value,
                )

    def _controleer_rij(self, row: dict[str, str], rij: int, raw_row: dict[str, str]) -> None:
        raw_type = re.sub(r"\s+", " ", str(row.get("type", "")).strip())
        kind = raw_type.lower()
        name = str(row.get("name", "")).strip()
        if not kind:
            return
        if kind not in _TYPES and kind not in _GROUP and not _SELECT.match(kind):
            first = kind.split(" ")[0]
            feature = _FEATURES.get(kind) or _FEATURES.get(first) or _FEATURES.get(raw_type)
            what = f" ({feature})" if feature else ""
            raise self.fout(
                f"het vraagtype {raw_type!r}{what} wordt niet ondersteund. Ondersteund: text, "
                "integer, decimal, select_one, select_multiple, date, note, calculate, "
                "phone number, begin group/end group.",
                row=rij,
                column="type",
                value=raw_type,
            )
        if name and kind not in ("end group", "end_group"):
            if name in self.rijen:
                raise self.fout(
                    f"de naam {name!r} komt twee keer voor (ook op rij {self.rijen[name]}); "
                    "makelaar bewaart antwoorden per naam, dus elke naam moet uniek zijn.",
                    row=rij,
                    column="name",
                    value=name,
                )
            self.rijen[name] = rij
        for header, value in raw_row.items():
            base = _SURVEY_COLUMNS.get(_column(header)[0])
            text = str(value)
            if base in _EXPRESSION_COLUMNS or base == "default":
                for needle, feature in _NO_FEATURES.items():
                    if needle in text.replace(" (", "("):
                        raise self.fout(
                            f"{feature} wordt niet ondersteund in {text!r}.",
                            row=rij,
                            column=header,
                            value=text,
                        )
            if base == "default" and ("${" in text or "(" in text):
                raise self.fout(
                    f"een berekende standaardwaarde ({text!r}) wordt niet ondersteund; "
                    "gebruik een vaste waarde of een calculate-rij.",
                    row=rij,
                    column=header,
                    value=text,
                )
            if base == "readonly" and text.strip().lower() not in _YES_NO:
                raise self.fout(
                    f"readonly moet yes of no zijn, niet {text!r}.",
                    row=rij,
                    column=header,
                    value=text,
                )
            if base == "appearance" and "search(" in text.replace(" (", "("):
                raise self.fout(
                    f"de weergave search() (keuzes uit een extern bestand) wordt niet "
                    f"ondersteund: {text!r}.",
                    row=rij,
                    column=header,
                    value=text,
                )
            if base in ("label", "hint") and "${" in text:
                raise self.fout(
                    f"een verwijzing naar een antwoord in een tekst wordt niet ondersteund: "
                    f"{text!r}. Laat ${{…}} weg uit labels en hints.",
                    row=rij,
                    column=header,
                    value=text,
                )

    # mapping pyxform's normalised JSON (and the binds of its XForm) onto forms.definitie

    def formulier(self, survey_json: dict[str, Any], xml: str, versie: str) -> Formulier:
        binds, filters = _binds(xml)
        root = str(survey_json.get("name") or "data")
        children = [
            item
            for item in (
                self._onderdeel(child, f"/{root}", binds, filters)
                for child in survey_json.get("children", [])
                if not _is_meta(child)
            )
            if item is not None
        ]
        keuzelijsten = {
            str(name): [self._keuze(choice) for choice in choices]
            for name, choices in (survey_json.get("choices") or {}).items()
        }
        talen = self._talen()
        titel = self.setting("form_title") or self.setting("set_form_title")
        form_id = str(survey_json.get("id_string") or "")
        formulier = Formulier(
            form_id=form_id,
            versie=versie,
            titel={self.standaardtaal: titel or form_id},
            talen=talen,
            standaardtaal=self._standaardtaal(talen),
            root=root,
            children=children,
            keuzelijsten=keuzelijsten,
            bron=self.bron,
        )
        self._controleer_expressies(formulier)
        return formulier

    def _talen(self) -> list[str]:
        found: list[str] = []
        for header in (self.raw.survey_header or [{}])[0]:
            base, language = _column(str(header))
            if _SURVEY_COLUMNS.get(base) in _TRANSLATED:
                code = taalcode(language) if language else self.standaardtaal
                if code not in found:
                    found.append(code)
        return found or [self.standaardtaal]

    def _standaardtaal(self, talen: list[str]) -> str:
        if self.setting("default_language"):
            return self.standaardtaal
        return "nl" if "nl" in talen else talen[0]

    def _teksten(self, value: object) -> Teksten:
        if value is None or value == "":
            return {}
        if isinstance(value, Mapping):
            return {
                self.standaardtaal if lang == "default" else taalcode(str(lang)): str(text)
                for lang, text in value.items()
                if text not in (None, "")
            }
        return {self.standaardtaal: str(value)}

    def _keuze(self, choice: Mapping[str, Any]) -> Keuze:
        extra = {str(k): str(v) for k, v in choice.items() if k not in ("name", "label")}
        label = self._teksten(choice.get("label"))
        if choice["name"] == "other" and set(label.values()) == {"Other"}:
            label = {**label, "nl": "Anders", "en": "Other"}  # added by "or specify other"
        return Keuze(name=str(choice["name"]), label=label, extra=extra)

    def _onderdeel(
        self,
        item: Mapping[str, Any],
        parent: str,
        binds: dict[str, dict[str, str]],
        filters: dict[str, str],
    ) -> Onderdeel | None:
        name = str(item["name"])
        path = f"{parent}/{name}"
        bind = binds.get(path, {})
        item_bind = item.get("bind") or {}
        rij = self.rijen.get(name)
        if rij is None and name.endswith("_other"):
            rij = self.rijen.get(name.removesuffix("_other"))
        kind = str(item.get("type", ""))
        control = item.get("control") or {}
        if kind == "group":
            return Groep(
                name=name,
                path=path,
                label=self._teksten(item.get("label")),
                relevant=bind.get("relevant"),
                appearance=control.get("appearance"),
                children=[
                    child
                    for child in (
                        self._onderdeel(sub, path, binds, filters)
                        for sub in item.get("children", [])
                    )
                    if child is not None
                ],
                rij=rij,
            )
        vraag_type = _TYPES.get(kind)
        if kind == "select one":
            vraag_type = VraagType.SELECT_ONE
        elif kind == "select all that apply":
            vraag_type = VraagType.SELECT_MULTIPLE
        if vraag_type is None:
            raise self.fout(
                f"het vraagtype {kind!r} wordt niet ondersteund.",
                row=rij,
                column="type",
                value=kind,
            )
        required = bind.get("required")
        label = self._teksten(item.get("label"))
        if name not in self.rijen and name.endswith("_other"):
            label = dict(_OTHER_LABEL)  # pyxform's "or specify other" question
        return Vraag(
            name=name,
            path=path,
            type=vraag_type,
            label=label,
            hint=self._teksten(item.get("hint")),
            required=None if required in (None, "false()") else required,
            required_message=self._teksten(item_bind.get("jr:requiredMsg")),
            relevant=bind.get("relevant"),
            constraint=bind.get("constraint"),
            constraint_message=self._teksten(item_bind.get("jr:constraintMsg")),
            calculation=bind.get("calculate"),
            default=None if item.get("default") in (None, "") else str(item["default"]),
            readonly=bind.get("readonly") == "true()",
            appearance=control.get("appearance"),
            list_name=item.get("list_name") or item.get("itemset"),
            choice_filter=filters.get(path),
            rij=rij,
        )

    def _controleer_expressies(self, formulier: Formulier) -> None:
        """Compile every expression once now, so a bad one is refused at import."""
        columns = {
            "relevant": "relevant",
            "constraint": "constraint",
            "calculation": "calculation",
            "required": "required",
            "choice_filter": "choice_filter",
        }
        items: list[Vraag | Groep] = []

        def collect(children: list[Vraag | Groep]) -> None:
            for child in children:
                items.append(child)
                if isinstance(child, Groep):
                    collect(child.children)

        collect(formulier.children)
        for item in items:
            for attribute, column in columns.items():
                expression = getattr(item, attribute, None)
                if not expression:
                    continue
                try:
                    xpath.compileer(expression)
                except xpath.XPathFout as err:
                    raise self.fout(
                        f"de expressie {expression!r} is geen geldige XPath: {err.reden}",
                        row=item.rij,
                        column=column,
                        value=expression,
                    ) from err


_OTHER_LABEL = {"nl": "Anders, namelijk:", "en": "Other, please specify:"}
_YES_NO = {"yes", "no", "true", "false", "true()", "false()", "ja", "nee", "0", "1"}


def _is_meta(item: Mapping[str, Any]) -> bool:
    """pyxform's own meta group (instanceID), which is not part of what is asked."""
    return item.get("name") == "meta" and bool((item.get("control") or {}).get("bodyless"))


def _binds(xml: str) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """From pyxform's XForm: bind attributes per path, and choice filters per select's path."""
    document = ElementTree.fromstring(xml)
    binds: dict[str, dict[str, str]] = {}
    for bind in document.iter(f"{_XF}bind"):
        binds[bind.attrib["nodeset"]] = {
            key.rpartition("}")[2]: value for key, value in bind.attrib.items()
        }
    filters: dict[str, str] = {}
    for tag in ("select1", "select"):
        for control in document.iter(f"{_XF}{tag}"):
            itemset = control.find(f"{_XF}itemset")
            if itemset is None:
                continue
            nodeset = itemset.attrib.get("nodeset", "")
            match = re.fullmatch(r"instance\('[^']*'\)/root/item\[(.*)\]", nodeset, re.DOTALL)
            if match:
                filters[control.attrib["ref"]] = match.group(1).strip()
    return binds, filters
