"""Write the XLSForm test fixtures in this folder, each form in the four formats users send.

Every form below is one table per sheet; this script writes it as .xlsx (openpyxl), .xls (xlwt),
.md (pyxform's Markdown tables) and .csv (pyxform's CSV layout: the sheet name in the first
column). The written files are committed, so the tests never run this script to get them; run it
after changing a form here and commit what it writes:

    .venv/bin/python tests/forms/data/xlsform/make_fixtures.py

The output is byte-for-byte the same on every run (fixed workbook dates and zip entry times), so
a regenerated file only shows in `git status` when its form changed. tests/forms/test_xlsform.py
checks that the committed files are what this script writes.

The forms, and what the tests expect of each:
- groepen: groups as pages, a field-list group, a nested group (closed with `end_group`), labels
  in two languages and a hint without a language (the default language's).
- keuzefilter: a cascading choice_filter (provincie → gemeente → wijk) with a choice name used
  twice in one list (`allow_choice_duplicates`), a title and form_id in the settings sheet.
- anders: `select_one … or_other` and `select one from … or specify other`, labelled only in
  English (`label:English`, pyxform's single-colon form).
- tekst_en_getal: text and integer questions with required, constraints and constraint messages
  in Dutch and English.
- dubbele_kolom: the column `label` twice in the survey sheet's header; must be refused.
- herhaling: a `begin repeat` group; must be refused naming the feature.
- externe_keuzes: an `EXTERNAL_CHOICES` sheet (sheet names in capitals); must be refused naming
  the sheet and the feature.
- keuze_uit_bestand: `select_one_from_file`; must be refused naming the feature.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import xlwt

Sheet = list[list[str]]
Form = dict[str, Sheet]

HERE = Path(__file__).resolve().parent
FORMATS = ("xlsx", "xls", "md", "csv")
#: the date stamped into the workbooks and their zip entries, so every run writes the same bytes
FIXED = datetime(2026, 1, 1)

FORMS: dict[str, Form] = {
    "groepen": {
        "survey": [
            ["type", "name", "label", "label::English (en)", "hint", "appearance"],
            ["text", "initiatief", "Naam van het initiatief", "Name of the initiative", "", ""],
            ["begin group", "contact", "Contactpersoon", "Contact person", "", "field-list"],
            [
                "phone number",
                "telefoon",
                "Telefoonnummer",
                "Phone number",
                "Bijvoorbeeld 06 12345678",
                "",
            ],
            ["integer", "leeftijd", "Leeftijd", "Age", "", ""],
            ["end group", "", "", "", "", ""],
            ["begin group", "buurt", "Buurt", "Neighbourhood", "", ""],
            ["select_one jn", "actief", "Bent u actief in de buurt?", "Are you active?", "", ""],
            ["begin group", "details", "Details", "Details", "", "field-list"],
            ["text", "rol", "Welke rol heeft u (één antwoord)?", "Which role?", "", "multiline"],
            ["end_group", "", "", "", "", ""],
            ["end group", "", "", "", "", ""],
        ],
        "choices": [
            ["list_name", "name", "label", "label::English (en)"],
            ["jn", "ja", "Ja", "Yes"],
            ["jn", "nee", "Nee", "No"],
        ],
    },
    "keuzefilter": {
        "survey": [
            ["type", "name", "label", "choice_filter"],
            ["select_one provincies", "provincie", "Provincie", ""],
            ["select_one gemeenten", "gemeente", "Gemeente", "provincie=${provincie}"],
            ["select_one wijken", "wijk", "Wijk", "gemeente=${gemeente}"],
        ],
        "choices": [
            ["list_name", "name", "label", "provincie", "gemeente"],
            ["provincies", "noord_holland", "Noord-Holland", "", ""],
            ["provincies", "limburg", "Limburg", "", ""],
            ["gemeenten", "bergen", "Bergen (NH)", "noord_holland", ""],
            ["gemeenten", "alkmaar", "Alkmaar", "noord_holland", ""],
            ["gemeenten", "bergen", "Bergen (L)", "limburg", ""],
            ["gemeenten", "venlo", "Venlo", "limburg", ""],
            ["wijken", "schoorl", "Schoorl", "", "bergen"],
            ["wijken", "egmond", "Egmond aan Zee", "", "bergen"],
            ["wijken", "overdie", "Overdie", "", "alkmaar"],
            ["wijken", "well", "Well", "", "bergen"],
            ["wijken", "blerick", "Blerick", "", "venlo"],
            ["wijken", "afferden", "Afferden", "", "bergen"],
        ],
        "settings": [
            ["form_title", "form_id", "allow_choice_duplicates"],
            ["Wijken per gemeente", "wijkkeuze", "yes"],
        ],
    },
    "anders": {
        "survey": [
            ["type", "name", "label:English"],
            ["select_one vervoer or_other", "vervoer", "How do you get to the community centre?"],
            ["select one from bron or specify other", "bron", "How did you hear of us?"],
        ],
        "choices": [
            ["list_name", "name", "label:English"],
            ["vervoer", "lopen", "On foot"],
            ["vervoer", "fiets", "By bike"],
            ["vervoer", "bus", "By bus"],
            ["bron", "buren", "From neighbours"],
            ["bron", "folder", "From a leaflet"],
        ],
    },
    "tekst_en_getal": {
        "survey": [
            [
                "type",
                "name",
                "label",
                "label::English (en)",
                "required",
                "constraint",
                "constraint_message",
                "constraint_message::English (en)",
            ],
            [
                "text",
                "activiteit",
                "Naam van de activiteit",
                "Name of the activity",
                "yes",
                "string-length(.) <= 40",
                "Hooguit 40 tekens.",
                "At most 40 characters.",
            ],
            [
                "integer",
                "deelnemers",
                "Aantal deelnemers",
                "Number of participants",
                "yes",
                ". >= 1 and . <= 500",
                "Tussen 1 en 500.",
                "Between 1 and 500.",
            ],
            [
                "integer",
                "vrijwilligers",
                "Aantal vrijwilligers",
                "Number of volunteers",
                "",
                ". >= 0 and . <= ${deelnemers}",
                "Niet meer dan het aantal deelnemers.",
                "No more than the number of participants.",
            ],
        ],
    },
    "dubbele_kolom": {
        "survey": [
            ["type", "name", "label", "hint", "label"],
            ["text", "naam", "Naam", "Voornaam", "Name"],
            ["integer", "leeftijd", "Leeftijd", "In jaren", "Age"],
        ],
    },
    "herhaling": {
        "survey": [
            ["type", "name", "label"],
            ["text", "organisatie", "Naam van de organisatie"],
            ["begin repeat", "activiteit", "Activiteit"],
            ["text", "omschrijving", "Omschrijving"],
            ["integer", "bezoekers", "Aantal bezoekers"],
            ["end repeat", "", ""],
        ],
    },
    "externe_keuzes": {
        "SURVEY": [
            ["TYPE", "NAME", "LABEL::NL"],
            ["select_one gemeenten", "gemeente", "Gemeente"],
            ["select_one_external buurten", "buurt", "Buurt"],
        ],
        "CHOICES": [
            ["LIST_NAME", "NAME", "LABEL::NL"],
            ["gemeenten", "gouda", "Gouda"],
            ["gemeenten", "woerden", "Woerden"],
        ],
        "EXTERNAL_CHOICES": [
            ["LIST_NAME", "NAME", "LABEL", "GEMEENTE"],
            ["buurten", "korte_akkeren", "Korte Akkeren", "gouda"],
            ["buurten", "schilderskwartier", "Schilderskwartier", "woerden"],
        ],
    },
    "keuze_uit_bestand": {
        "survey": [
            ["type", "name", "label"],
            ["text", "naam", "Naam"],
            ["select_one_from_file wijken.csv", "wijk", "In welke wijk woont u?"],
        ],
    },
}


def write_xlsx(form: Form, path: Path) -> None:
    """An .xlsx workbook, one worksheet per sheet, with fixed dates in it and in its zip."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in form.items():
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append([cell if cell != "" else None for cell in row])
    workbook.properties.creator = "makelaar"
    workbook.properties.created = FIXED
    workbook.properties.modified = FIXED
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fixed_core_dates(data)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    path.write_bytes(output.getvalue())


def _fixed_core_dates(data: bytes) -> bytes:
    """openpyxl stamps the save time as the modified date; put the fixed date back."""
    text = data.decode("utf-8")
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    for tag in ("dcterms:created", "dcterms:modified"):
        start = text.index(f"<{tag}")
        start = text.index(">", start) + 1
        end = text.index(f"</{tag}>", start)
        text = text[:start] + stamp + text[end:]
    return text.encode("utf-8")


def write_xls(form: Form, path: Path) -> None:
    """An Excel 97-2003 .xls workbook (BIFF8), one worksheet per sheet."""
    workbook = xlwt.Workbook(encoding="utf-8")
    for title, rows in form.items():
        worksheet = workbook.add_sheet(title)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell != "":
                    worksheet.write(r, c, cell)
    workbook.save(str(path))


def write_md(form: Form, path: Path) -> None:
    """pyxform's Markdown: a `| sheet |` line, then the sheet's rows with an empty first cell."""
    lines: list[str] = []
    for title, rows in form.items():
        widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
        lines.append(f"| {title} |")
        for row in rows:
            cells = " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            lines.append(f"| | {cells} |".rstrip())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_csv(form: Form, path: Path) -> None:
    """pyxform's CSV: a row with the sheet name alone, then the sheet's rows after an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for title, rows in form.items():
        writer.writerow([title])
        for row in rows:
            writer.writerow(["", *row])
    path.write_text(buffer.getvalue(), encoding="utf-8")


WRITERS: dict[str, Callable[[Form, Path], None]] = {
    "xlsx": write_xlsx,
    "xls": write_xls,
    "md": write_md,
    "csv": write_csv,
}


def write_all(folder: Path) -> list[Path]:
    """Write every form in every format into `folder`; returns the files written."""
    written: list[Path] = []
    for name, form in FORMS.items():
        for suffix in FORMATS:
            path = folder / f"{name}.{suffix}"
            WRITERS[suffix](form, path)
            written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for written in write_all(target):
        print(written.relative_to(target))  # noqa: T201 (a developer's tool reports what it wrote)
