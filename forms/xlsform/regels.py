"""What makelaar supports of XLSForm: the columns, types and sheets it reads, those it ignores
as cosmetic, the features it refuses (for the message), and how column headers and language
names are read."""

from __future__ import annotations

import re

from makelaar.forms.definitie import VraagType

#: survey columns makelaar uses, with the aliases pyxform accepts for them
SURVEY_COLUMNS = {
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
TRANSLATED = {"label", "hint", "required_message", "constraint_message", "guidance_hint"}
COSMETIC = {
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
CHOICES_REFUSED = {"image", "big-image", "audio", "video", "media"}
SETTINGS_COLUMNS = {
    "form_title",
    "set_form_title",
    "form_id",
    "set_form_id",
    "version",
    "default_language",
    "allow_choice_duplicates",
    "style",
}
REFUSED_SHEETS = {
    "external_choices": "keuzes uit een extern bestand (external_choices)",
    "entities": "entiteiten (entities)",
    "osm": "OpenStreetMap-vragen (osm)",
}
REFUSED_SHEETS_EN = {
    "external_choices": "choices from an external file (external_choices)",
    "entities": "entities (entities)",
    "osm": "OpenStreetMap questions (osm)",
}
TYPES = {
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
SELECT = re.compile(
    r"^(select_one|select one|select1|select one from|add select one prompt using"
    r"|select_multiple|select all that apply|select all that apply from"
    r"|add select multiple prompt using)\s+(\S+)(\s+or_other|\s+or specify other)?$"
)
#: appearances that only change how a question looks, not what is asked or stored
APPEARANCE = re.compile(
    r"minimal|compact|horizontal|horizontal-compact|likert|field-list|table-list|label"
    r"|list-nolabel|list|multiline|quick|no-calendar|autocomplete|numbers|thousands-sep"
    r"|hidden-answer|columns|columns-pack|columns-\d+|w\d+"
)
GROUP = {"begin group", "begin_group", "end group", "end_group"}
#: what a refused type is, for the message
FEATURES = {
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
#: the same in English (the same keys)
FEATURES_EN = {
    "begin repeat": "repeating groups",
    "begin_repeat": "repeating groups",
    "end repeat": "repeating groups",
    "end_repeat": "repeating groups",
    "select_one_external": "choices from an external file",
    "select_one_from_file": "choices from a file",
    "select_multiple_from_file": "choices from a file",
    "rank": "ranking",
    "range": "slider (range)",
    "osm": "OpenStreetMap",
    "geopoint": "location",
    "geotrace": "line on the map",
    "geoshape": "area on the map",
    "image": "photo",
    "photo": "photo",
    "audio": "audio recording",
    "video": "video",
    "file": "file",
    "barcode": "barcode",
    "time": "time",
    "datetime": "date and time",
    "dateTime": "date and time",
    "acknowledge": "acknowledgement",
    "trigger": "acknowledgement",
    "audit": "audit",
    "start": "metadata (start time)",
    "end": "metadata (end time)",
    "today": "metadata (date)",
    "deviceid": "metadata (device)",
    "username": "metadata (user)",
    "hidden": "hidden field",
    "xml-external": "external XML file",
    "csv-external": "external CSV file",
    "background-audio": "audio recording in the background",
    "begin_loop": "loops",
    "begin loop": "loops",
}
EXPRESSION_COLUMNS = ("relevant", "constraint", "calculation", "required", "choice_filter")
NO_FEATURES = {
    "pulldata(": "pulldata() (gegevens uit een extern bestand)",
    "jr:choice-name(": "jr:choice-name()",
    "instance(": "instance() (secundaire instanties)",
    "indexed-repeat(": "indexed-repeat() (herhalende groepen)",
    "position(": "position() (herhalende groepen)",
}
NO_FEATURES_EN = {
    "pulldata(": "pulldata() (data from an external file)",
    "jr:choice-name(": "jr:choice-name()",
    "instance(": "instance() (secondary instances)",
    "indexed-repeat(": "indexed-repeat() (repeating groups)",
    "position(": "position() (repeating groups)",
}
LANGUAGE_NAMES = {
    "english": "en",
    "engels": "en",
    "dutch": "nl",
    "nederlands": "nl",
    "netherlands": "nl",
    "frysk": "fy",
    "fries": "fy",
}


OTHER_LABEL = {"nl": "Anders, namelijk:", "en": "Other, please specify:"}
YES_NO = {"yes", "no", "true", "false", "true()", "false()", "ja", "nee", "0", "1"}


def taalcode(name: str) -> str:
    """The language code for a language as written in a column header ("English (en)" → "en")."""
    match = re.search(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\s*\)\s*$", name)
    if match:
        return match.group(1).lower()
    key = name.strip().lower()
    if key in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[key]
    if re.fullmatch(r"[a-z]{2}", key):
        return key
    return name.strip()


def kolom(header: str) -> tuple[str, str | None]:
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
