"""Reading XLSForms through pyxform: the shared example forms, our mapping, and every refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.definitie import Groep, VraagType
from forms.xlsform import lees_formulier, lees_formulier_tekst, taalcode
from models.errors import ImportFileError

SHARED = Path(__file__).resolve().parents[2].parent / "shared/data/xlsform"

PROEF = Path(__file__).resolve().parent / "data/proef.md"


def test_every_supported_type_and_column_is_mapped() -> None:
    form = lees_formulier(PROEF)
    assert (form.form_id, form.versie, form.titel) == ("proef", "2026-1", {"nl": "Proef"})
    assert form.talen == ["nl", "en"]
    assert form.standaardtaal == "nl"
    types = {v.name: v.type for v in form.vragen()}
    assert types == {
        "leeftijd": VraagType.INTEGER,
        "kinderen": VraagType.SELECT_ONE,
        "aantal": VraagType.INTEGER,
        "hobbys": VraagType.SELECT_MULTIPLE,
        "favoriet": VraagType.SELECT_ONE,
        "lengte": VraagType.DECIMAL,
        "datum": VraagType.DATE,
        "telefoon": VraagType.PHONE,
        "naam": VraagType.TEXT,
        "uitleg": VraagType.NOTE,
        "dubbel": VraagType.CALCULATE,
    }
    leeftijd = form.vraag("leeftijd")
    assert leeftijd.path == "/data/persoon/leeftijd"
    assert leeftijd.label == {"nl": "Leeftijd", "en": "Age"}
    assert leeftijd.hint == {"nl": "In jaren"}
    assert leeftijd.required == "true()"
    assert leeftijd.required_message == {"nl": "Vul uw leeftijd in.", "en": "Fill in your age."}
    assert leeftijd.constraint == ". >= 0 and . < 130"
    assert leeftijd.constraint_message == {"nl": "Tussen 0 en 130.", "en": "Between 0 and 130."}
    assert leeftijd.rij == 3
    kinderen = form.vraag("kinderen")
    assert kinderen.relevant == " /data/persoon/leeftijd  >= 18"
    assert kinderen.default == "nee"
    assert kinderen.list_name == "jn"
    assert [k.name for k in form.keuzes(kinderen)] == ["ja", "nee"]
    assert form.keuzes(kinderen)[0].label == {"nl": "Ja", "en": "Yes"}
    assert form.vraag("favoriet").choice_filter == "selected( /data/hobbys , name)"
    assert form.vraag("dubbel").calculation == " /data/persoon/leeftijd  * 2"
    assert form.vraag("naam").appearance == "multiline"
    persoon = form.children[0]
    assert isinstance(persoon, Groep)
    assert (persoon.path, persoon.appearance, persoon.rij) == ("/data/persoon", "field-list", 2)
    kind = persoon.children[2]
    assert isinstance(kind, Groep)
    assert kind.relevant == " /data/persoon/kinderen  = 'ja'"
    assert form.vraag("aantal").path == "/data/persoon/kind/aantal"


@pytest.mark.parametrize("name", ["group.md", "group.xlsx"])
def test_shared_group_form(name: str) -> None:
    form = lees_formulier(SHARED / name)
    assert form.form_id == "group"
    assert form.talen == ["en"]
    assert form.standaardtaal == "en"
    assert [(v.name, v.path, v.type) for v in form.vragen()] == [
        ("family_name", "/data/family_name", VraagType.TEXT),
        ("phone_number", "/data/father/phone_number", VraagType.PHONE),
        ("age", "/data/father/age", VraagType.INTEGER),
    ]
    assert form.versie.startswith("sha256:")
    assert form.bron == str(SHARED / name)


@pytest.mark.parametrize("name", ["text_and_integer.md", "text_and_integer.xlsx"])
def test_shared_text_and_integer(name: str) -> None:
    form = lees_formulier(SHARED / name)
    assert [(v.name, v.type) for v in form.vragen()] == [
        ("your_name", VraagType.TEXT),
        ("your_age", VraagType.INTEGER),
    ]
    assert form.vraag("your_name").label == {"en": "What is your name?"}


def test_shared_field_list() -> None:
    form = lees_formulier(SHARED / "field-list.xlsx")
    group = form.children[0]
    assert isinstance(group, Groep)
    assert group.name == "name"
    question = form.vraag("table_list_question")
    assert question.hint == {"nl": "hint"}  # a plain column belongs to the default language
    assert {k.name: k.label for k in form.keuzes(question)} == {
        "yes": {"nl": "Yes", "chinese": "是"},
        "no": {"nl": "No", "chinese": "没有"},
    }


def test_shared_specify_other_expands_to_a_question() -> None:
    form = lees_formulier(SHARED / "specify_other.xlsx")
    sex = form.vraag("sex")
    assert [k.name for k in form.keuzes(sex)] == ["male", "female", "other"]
    assert form.keuzes(sex)[2].label["nl"] == "Anders"
    other = form.vraag("sex_other")
    assert other.type == VraagType.TEXT
    assert other.relevant == "selected(../sex, 'other')"
    assert other.label["nl"] == "Anders, namelijk:"
    assert other.rij == 2


def test_shared_choice_filter() -> None:
    form = lees_formulier(SHARED / "choice_filter_test.xlsx")
    assert form.form_id == "cascading_selects1"
    assert form.titel == {"nl": "cascading selects"}
    assert form.vraag("county").choice_filter == "/data/state =cf"
    assert form.vraag("city").choice_filter == "/data/county =cf"
    assert [k.extra for k in form.keuzelijsten["counties"]][:2] == [
        {"cf": "washington"},
        {"cf": "washington"},
    ]


def test_bad_duplicate_columns_is_refused_naming_the_column() -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier(SHARED / "bad-duplicate_columns.xlsx")
    error = caught.value
    assert (error.sheet, error.row, error.column) == ("survey", 1, "label")
    assert "'label' staat twee keer in de kopregel" in str(error)
    assert "bad-duplicate_columns.xlsx" in str(error)


def test_tutorial_repeat_is_refused() -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier(SHARED / "tutorial.xls")
    error = caught.value
    assert (error.sheet, error.row, error.column) == ("survey", 2, "type")
    assert "'begin repeat' (herhalende groepen) wordt niet ondersteund" in str(error)


def test_case_insensitivity_external_sheet_is_refused() -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier(SHARED / "case_insensitivity.xlsx")
    assert caught.value.sheet == "EXTERNAL_CHOICES"
    assert "external_choices" in str(caught.value)


def _survey(type_: str, extra_header: str = "", extra_cell: str = "") -> str:
    return (
        "| survey |\n"
        f"| | type | name | label {extra_header} |\n"
        "| | text | eerste | Eerste |" + (" |" if extra_header else "") + "\n"
        f"| | {type_} | tweede | Tweede {extra_cell} |\n"
        "| choices |\n| | list_name | name | label |\n| | l | a | A |\n"
    )


@pytest.mark.parametrize(
    ("type_", "feature"),
    [
        ("begin repeat", "herhalende groepen"),
        ("select_one_external l", "keuzes uit een extern bestand"),
        ("select_one_from_file a.csv", "keuzes uit een bestand"),
        ("osm l", "OpenStreetMap"),
        ("geopoint", "locatie"),
        ("geotrace", "lijn op de kaart"),
        ("geoshape", "vlak op de kaart"),
        ("image", "foto"),
        ("audio", "geluidsopname"),
        ("video", "video"),
        ("file", "bestand"),
        ("barcode", "barcode"),
        ("range", "schuifbalk (range)"),
        ("rank l", "rangschikken"),
        ("time", "tijd"),
        ("datetime", "datum en tijd"),
        ("acknowledge", "bevestiging"),
        ("trigger", "bevestiging"),
        ("audit", "audit"),
        ("start", "metadata (starttijd)"),
        ("today", "metadata (datum)"),
        ("hidden", "verborgen veld"),
    ],
)
def test_unsupported_types_are_refused_with_row_and_feature(type_: str, feature: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(_survey(type_), "f.md")
    error = caught.value
    assert (error.sheet, error.row, error.column, error.value) == ("survey", 3, "type", type_)
    assert f"het vraagtype {type_!r} ({feature}) wordt niet ondersteund" in str(error)
    assert "bestand f.md, blad 'survey', rij 3, kolom 'type'" in str(error)


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ("| media::image", "| a.png", "de kolom 'media::image' wordt niet ondersteund"),
        ("| image", "| a.png", "de kolom 'image' wordt niet ondersteund"),
        ("| parameters", "| start=1", "de kolom 'parameters' wordt niet ondersteund"),
        ("| repeat_count", "| 3", "de kolom 'repeat_count' wordt niet ondersteund"),
        ("| relevant", "| pulldata('a', 'b', 'c', 'd')", "pulldata() (gegevens uit een"),
        ("| calculation", "| jr:choice-name(${eerste}, '${eerste}')", "jr:choice-name()"),
        ("| appearance", "| search('x')", "de weergave search()"),
        ("| default", "| today()", "een berekende standaardwaarde"),
        ("| readonly", "| ${eerste} = 'a'", "readonly moet yes of no zijn"),
        ("| hint", "| Hallo ${eerste}", "een verwijzing naar een antwoord in een tekst"),
        ("| constraint_message", "| Meer dan ${eerste}", "een verwijzing naar een antwoord"),
        ("| appearance", "| minimal month-year", "de weergave 'month-year' wordt niet ondersteund"),
        ("| appearance", "| signature", "de weergave 'signature' wordt niet ondersteund"),
    ],
)
def test_unsupported_columns_and_functions_are_refused(
    header: str, cell: str, expected: str
) -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(_survey("text", header, cell), "f.md")
    error = caught.value
    assert (error.sheet, error.row) == ("survey", 3)
    assert error.column == header.strip("| ")
    assert expected in str(error)


def test_cosmetic_and_empty_columns_are_ignored() -> None:
    text = (
        "| survey |\n| | type | name | label | tutorial notes | guidance_hint | image |\n"
        "| | text | a | A | uitleg voor de maker | lees voor | |\n"
        "| | select_one l | b | B | | | |\n"
        "| choices |\n| | list_name | name | label |\n| | l | x | X |\n"
    )
    form = lees_formulier_tekst(text, "f.md")
    assert [v.name for v in form.vragen()] == ["a", "b"]


@pytest.mark.parametrize(
    ("sheet", "header", "row", "feature"),
    [
        ("entities", "| | list_name | label |", "| | a | b |", "entiteiten (entities)"),
        ("external_choices", "| | list_name | name |", "| | a | b |", "external_choices"),
    ],
)
def test_unsupported_sheets_are_refused(sheet: str, header: str, row: str, feature: str) -> None:
    text = (
        f"| survey |\n| | type | name | label |\n| | text | a | A |\n| {sheet} |\n{header}\n{row}\n"
    )
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(text, "f.md")
    assert caught.value.sheet == sheet
    assert feature in str(caught.value)


def test_unsupported_settings_column_is_refused() -> None:
    text = (
        "| survey |\n| | type | name | label |\n| | text | a | A |\n"
        "| settings |\n| | form_id | public_key |\n| | f | MIIB |\n"
    )
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(text, "f.md")
    assert (caught.value.sheet, caught.value.row, caught.value.column) == (
        "settings",
        2,
        "public_key",
    )


def test_duplicate_names_across_groups_are_refused() -> None:
    text = (
        "| survey |\n| | type | name | label |\n| | text | a | A |\n"
        "| | begin group | g | G |\n| | text | a | A2 |\n| | end group | | |\n"
    )
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(text, "f.md")
    assert (caught.value.row, caught.value.column) == (4, "name")
    assert "de naam 'a' komt twee keer voor (ook op rij 2)" in str(caught.value)


def test_bad_expression_is_refused_with_row_column_and_expression() -> None:
    text = "| survey |\n| | type | name | label | constraint |\n| | integer | a | A | . >  |\n"
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(text, "f.md")
    error = caught.value
    assert (error.sheet, error.row, error.column) == ("survey", 2, "constraint")
    assert "de expressie '. >' is geen geldige XPath" in str(error)


def test_unknown_function_is_refused() -> None:
    text = "| survey |\n| | type | name | label | relevant |\n| | integer | a | A | foo(1) |\n"
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(text, "f.md")
    assert caught.value.column == "relevant"
    assert "onbekende functie foo()" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "sheet", "row", "dutch"),
    [
        (
            "| survey |\n| | type | name | label | relevant |\n| | integer | a | A | ${b} = 1 |\n",
            "survey",
            2,
            "de verwijzing ${b} noemt geen vraag uit het blad survey",
        ),
        (
            "| survey |\n| | type | name | label |\n| | select_one y | a | A |\n"
            "| choices |\n| | list_name | name | label |\n| | x | p | P |\n",
            "survey",
            2,
            "de keuzelijst 'y' staat niet in het blad choices",
        ),
        (
            "| survey |\n| | type | name | label |\n| | text | a b | A |\n",
            "survey",
            2,
            "de naam is ongeldig",
        ),
        (
            "| survey |\n| | type | name | label |\n| | begin group | g | G |\n| | text | a | A |\n",
            "survey",
            2,
            "'begin group' zonder bijbehorende 'end group'",
        ),
        (
            "| survey |\n| | type | name | label |\n| | select_one x | a | A |\n| choices |\n"
            "| | list_name | name | label |\n| | x | p | P |\n| | x | p | Q |\n",
            "choices",
            3,
            "een keuze heeft dezelfde naam als een eerdere keuze",
        ),
        (
            "| survey |\n| | type | name | label |\n| | calculate | c | |\n",
            "survey",
            2,
            "een calculate-rij heeft een formule",
        ),
    ],
)
def test_pyxform_errors_are_said_in_dutch_with_sheet_and_row(
    text: str, sheet: str, row: int, dutch: str
) -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(text, "f.md")
    assert (caught.value.sheet, caught.value.row) == (sheet, row)
    assert dutch in str(caught.value)
    assert "(pyxform: " in str(caught.value)


def test_not_an_xlsform() -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst("hallo", "f.txt")
    assert "dit is geen XLSForm" in str(caught.value)


def test_default_language_setting_and_plain_labels() -> None:
    text = (
        "| survey |\n| | type | name | label | label::English (en) |\n| | text | a | Vraag | Question |\n"
        "| settings |\n| | default_language |\n| | Nederlands (nl) |\n"
    )
    form = lees_formulier_tekst(text, "f.md")
    assert form.vraag("a").label == {"nl": "Vraag", "en": "Question"}
    assert form.standaardtaal == "nl"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Nederlands (nl)", "nl"),
        ("English (en)", "en"),
        ("english", "en"),
        ("Engels", "en"),
        ("Dutch", "nl"),
        ("EN", "en"),
        ("chinese", "chinese"),
    ],
)
def test_taalcode(name: str, code: str) -> None:
    assert taalcode(name) == code


def test_unreadable_file() -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier(Path("/nonexistent/f.xlsx"))
    assert "kan niet gelezen worden" in str(caught.value)


def test_csv_form() -> None:
    text = "survey,type,name,label\n,text,a,A\n,integer,b,B\n"
    form = lees_formulier_tekst(text, "f.csv")
    assert [(v.name, v.type, v.rij) for v in form.vragen()] == [
        ("a", VraagType.TEXT, 2),
        ("b", VraagType.INTEGER, 3),
    ]


@pytest.mark.parametrize(
    ("type_", "default", "expected"),
    [
        ("integer", "vijf", "'vijf' is geen geheel getal"),
        ("select_one l", "b", "'b' is geen keuze bij deze vraag"),
        ("date", "morgen", "'morgen' is geen geldige datum"),
    ],
)
def test_a_default_that_does_not_fit_is_refused(type_: str, default: str, expected: str) -> None:
    text = (
        f"| survey |\n| | type | name | label | default |\n| | {type_} | a | A | {default} |\n"
        "| choices |\n| | list_name | name | label |\n| | l | a | A |\n"
    )
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(text, "f.md")
    assert (caught.value.row, caught.value.column) == (2, "default")
    assert f"de standaardwaarde past niet bij de vraag: {expected}" in str(caught.value)


def test_upper_case_headers_are_read_but_types_must_be_lower_case() -> None:
    text = (
        "| SURVEY |\n| | TYPE | NAME | LABEL::EN | RELEVANT |\n| | select_one C1 | q1 | Good? | |\n"
        "| | text | q2 | Why? | ${q1} = 'n1' |\n| CHOICES |\n| | LIST_NAME | NAME | LABEL::EN |\n"
        "| | C1 | n1 | N1 |\n| SETTINGS |\n| | FORM_ID | DEFAULT_LANGUAGE |\n| | YesNo | EN |\n"
    )
    form = lees_formulier_tekst(text, "f.md")
    assert (form.form_id, form.standaardtaal) == ("YesNo", "en")
    assert form.vraag("q2").relevant == " /data/q1  = 'n1'"
    assert [k.name for k in form.keuzes(form.vraag("q1"))] == ["n1"]
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(text.replace("| text |", "| TEXT |"), "f.md")
    assert (caught.value.row, caught.value.column) == (3, "type")
    assert "het vraagtype 'TEXT' moet in kleine letters ('text')" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("| survey |\n| | type | name | label | label |\n| | text | a | A | B |\n", "f.md"),
        ("survey,type,name,label,label\n,text,a,A,B\n", "f.csv"),
        (
            "| survey |\n| | type | name | label |\n| | text | a | A |\n"
            "| choices |\n| | list_name | name | name |\n| | l | a | b |\n",
            "f.md",
        ),
    ],
)
def test_duplicate_columns_in_text_formats_are_refused(text: str, name: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(text, name)
    assert caught.value.row == 1
    assert caught.value.sheet in ("survey", "choices")
    assert "staat twee keer in de kopregel" in str(caught.value)
