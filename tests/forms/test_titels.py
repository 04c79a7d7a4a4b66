"""The titles of the forms makelaar ships: the catalogue's Dutch is each form's own form_title,
English documents use the catalogue's English, and any other form keeps its title."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from makelaar.forms.titels import FORMULIEREN, formulier_titel
from makelaar.models.domain import EnqueteModus, modus_label

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = (ROOT / "forms" / "instrumenten", ROOT / "cycles" / "actieonderzoek" / "instrumenten")
SHIPPED = sorted(
    form
    for folder in FOLDERS
    for form in folder.glob("*.md")
    if "| form_title |" in form.read_text(encoding="utf-8")
)


def settings_row(form: Path) -> tuple[str, str]:
    """(form_title, form_id) from the markdown XLSForm's settings sheet."""
    lines = form.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if "| form_title |" in line)
    names = [cell.strip() for cell in lines[header].split("|")]
    values = [cell.strip() for cell in lines[header + 1].split("|")]
    row = dict(zip(names, values, strict=False))
    return row["form_title"], row["form_id"]


@pytest.mark.parametrize("form", SHIPPED, ids=lambda form: form.stem)
def test_every_shipped_form_has_its_title_in_both_languages(form: Path) -> None:
    titel, form_id = settings_row(form)
    assert FORMULIEREN[form_id]["nl"] == titel
    english = formulier_titel(form_id, titel, "en")
    assert english == FORMULIEREN[form_id]["en"] and english != titel
    assert formulier_titel(form_id, titel, "nl") == titel


def test_every_title_in_the_catalogue_belongs_to_a_shipped_form() -> None:
    assert set(FORMULIEREN) == {settings_row(form)[1] for form in SHIPPED}


def test_a_gemeentes_own_form_keeps_its_title_in_english() -> None:
    assert formulier_titel("wijkpeiling", "Wijkpeiling Oudewater", "en") == "Wijkpeiling Oudewater"


def test_the_survey_mode_reads_in_the_readers_language() -> None:
    assert [modus_label(m, "en") for m in EnqueteModus] == ["identifiable", "anonymous"]
    assert [modus_label(m, "nl") for m in EnqueteModus] == ["identificeerbaar", "anoniem"]
    assert re.fullmatch(r"anoniem", modus_label("anoniem", None))
