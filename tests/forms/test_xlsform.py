"""Reading XLSForms through pyxform: the fixture forms in every format, our mapping, and every
refusal."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from makelaar.forms.definitie import Groep, VraagType
from makelaar.forms.xlsform import lees_formulier, lees_formulier_tekst, taalcode
from makelaar.models.errors import ImportFileError

FIXTURES = Path(__file__).resolve().parent / "data/xlsform"
#: the formats users send; every fixture form is in each (tests/forms/data/xlsform/make_fixtures.py)
FORMATS = ["xlsx", "xls", "md", "csv"]

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


@pytest.mark.parametrize("suffix", FORMATS)
def test_groups_and_field_list_groups(suffix: str) -> None:
    path = FIXTURES / f"groepen.{suffix}"
    form = lees_formulier(path)
    assert (form.form_id, form.titel) == ("groepen", {"nl": "groepen"})  # no settings: the name
    assert form.talen == ["nl", "en"]
    assert form.standaardtaal == "nl"
    assert [(v.name, v.path, v.type, v.rij) for v in form.vragen()] == [
        ("initiatief", "/data/initiatief", VraagType.TEXT, 2),
        ("telefoon", "/data/contact/telefoon", VraagType.PHONE, 4),
        ("leeftijd", "/data/contact/leeftijd", VraagType.INTEGER, 5),
        ("actief", "/data/buurt/actief", VraagType.SELECT_ONE, 8),
        ("rol", "/data/buurt/details/rol", VraagType.TEXT, 10),
    ]
    contact, buurt = form.children[1:]
    assert isinstance(contact, Groep) and isinstance(buurt, Groep)
    assert (contact.path, contact.appearance, contact.rij) == ("/data/contact", "field-list", 3)
    assert contact.label == {"nl": "Contactpersoon", "en": "Contact person"}
    assert (buurt.path, buurt.appearance, buurt.rij) == ("/data/buurt", None, 7)
    details = buurt.children[1]  # closed with `end_group`
    assert isinstance(details, Groep)
    assert (details.path, details.appearance, details.rij) == (
        "/data/buurt/details",
        "field-list",
        9,
    )
    telefoon = form.vraag("telefoon")
    assert telefoon.label == {"nl": "Telefoonnummer", "en": "Phone number"}
    assert telefoon.hint == {"nl": "Bijvoorbeeld 06 12345678"}  # a plain column: default language
    rol = form.vraag("rol")
    assert (rol.label["nl"], rol.appearance) == ("Welke rol heeft u (één antwoord)?", "multiline")
    assert {k.name: k.label for k in form.keuzes(form.vraag("actief"))} == {
        "ja": {"nl": "Ja", "en": "Yes"},
        "nee": {"nl": "Nee", "en": "No"},
    }
    assert form.versie.startswith("sha256:")
    assert form.bron == str(path)


@pytest.mark.parametrize("suffix", FORMATS)
def test_cascading_choice_filter(suffix: str) -> None:
    form = lees_formulier(FIXTURES / f"keuzefilter.{suffix}")
    assert form.form_id == "wijkkeuze"
    assert form.titel == {"nl": "Wijken per gemeente"}
    assert form.vraag("provincie").choice_filter is None
    assert form.vraag("gemeente").choice_filter == "provincie= /data/provincie"
    assert form.vraag("wijk").choice_filter == "gemeente= /data/gemeente"
    assert [(k.name, k.label, k.extra) for k in form.keuzelijsten["gemeenten"]][:3] == [
        ("bergen", {"nl": "Bergen (NH)"}, {"provincie": "noord_holland"}),
        ("alkmaar", {"nl": "Alkmaar"}, {"provincie": "noord_holland"}),
        ("bergen", {"nl": "Bergen (L)"}, {"provincie": "limburg"}),  # allow_choice_duplicates
    ]
    assert [k.extra for k in form.keuzelijsten["wijken"]][:3] == [
        {"gemeente": "bergen"},
        {"gemeente": "bergen"},
        {"gemeente": "alkmaar"},
    ]


@pytest.mark.parametrize("suffix", FORMATS)
def test_or_other_expands_to_a_question(suffix: str) -> None:
    form = lees_formulier(FIXTURES / f"anders.{suffix}")
    assert (form.talen, form.standaardtaal) == (["en"], "en")  # labelled in English only
    vervoer = form.vraag("vervoer")
    assert vervoer.label == {"en": "How do you get to the community centre?"}
    assert [k.name for k in form.keuzes(vervoer)] == ["lopen", "fiets", "bus", "other"]
    assert form.keuzes(vervoer)[3].label == {"en": "Other", "nl": "Anders"}
    assert [k.name for k in form.keuzes(form.vraag("bron"))] == ["buren", "folder", "other"]
    for name, rij in (("vervoer", 2), ("bron", 3)):  # `or_other` and `or specify other`
        other = form.vraag(f"{name}_other")
        assert other.type == VraagType.TEXT
        assert other.relevant == f"selected(../{name}, 'other')"
        assert other.label == {"nl": "Anders, namelijk:", "en": "Other, please specify:"}
        assert other.rij == rij


@pytest.mark.parametrize("suffix", FORMATS)
def test_text_and_integer_with_constraints_and_messages(suffix: str) -> None:
    form = lees_formulier(FIXTURES / f"tekst_en_getal.{suffix}")
    assert [(v.name, v.type, v.required, v.rij) for v in form.vragen()] == [
        ("activiteit", VraagType.TEXT, "true()", 2),
        ("deelnemers", VraagType.INTEGER, "true()", 3),
        ("vrijwilligers", VraagType.INTEGER, None, 4),
    ]
    activiteit = form.vraag("activiteit")
    assert activiteit.label == {"nl": "Naam van de activiteit", "en": "Name of the activity"}
    assert activiteit.constraint == "string-length(.) <= 40"
    assert activiteit.constraint_message == {
        "nl": "Hooguit 40 tekens.",
        "en": "At most 40 characters.",
    }
    deelnemers = form.vraag("deelnemers")
    assert deelnemers.constraint == ". >= 1 and . <= 500"
    assert deelnemers.constraint_message == {"nl": "Tussen 1 en 500.", "en": "Between 1 and 500."}
    assert form.vraag("vrijwilligers").constraint == ". >= 0 and . <=  /data/deelnemers "


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_duplicated_column_is_refused_naming_the_column(suffix: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier(FIXTURES / f"dubbele_kolom.{suffix}")
    error = caught.value
    assert (error.sheet, error.row, error.column) == ("survey", 1, "label")
    assert "'label' staat twee keer in de kopregel" in str(error)
    assert f"dubbele_kolom.{suffix}" in str(error)


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_repeat_is_refused_naming_the_feature(suffix: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier(FIXTURES / f"herhaling.{suffix}")
    error = caught.value
    assert (error.sheet, error.row, error.column, error.value) == (
        "survey",
        3,
        "type",
        "begin repeat",
    )
    assert "het vraagtype 'begin repeat' (herhalende groepen) wordt niet ondersteund" in str(error)
    assert f"herhaling.{suffix}" in str(error)


@pytest.mark.parametrize("suffix", FORMATS)
def test_an_external_choices_sheet_is_refused_naming_the_feature(suffix: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier(FIXTURES / f"externe_keuzes.{suffix}")
    error = caught.value
    assert (error.sheet, error.row) == ("EXTERNAL_CHOICES", None)
    assert (
        "het blad 'EXTERNAL_CHOICES' (keuzes uit een extern bestand (external_choices)) wordt "
        "niet ondersteund" in str(error)
    )
    assert f"externe_keuzes.{suffix}" in str(error)


@pytest.mark.parametrize("suffix", FORMATS)
def test_select_one_from_file_is_refused_naming_the_feature(suffix: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier(FIXTURES / f"keuze_uit_bestand.{suffix}")
    error = caught.value
    assert (error.sheet, error.row, error.column, error.value) == (
        "survey",
        3,
        "type",
        "select_one_from_file wijken.csv",
    )
    assert (
        "het vraagtype 'select_one_from_file wijken.csv' (keuzes uit een bestand) wordt niet "
        "ondersteund" in str(error)
    )


def test_the_fixtures_are_what_make_fixtures_writes(tmp_path: Path) -> None:
    """The committed fixture files match their generator, so a change to one reaches the other."""
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = sorted(path.name for path in module.write_all(tmp_path))
    committed = sorted(path.name for path in FIXTURES.iterdir() if path.suffix[1:] in FORMATS)
    assert written == committed
    stale = [name for name in written if _inhoud(tmp_path / name) != _inhoud(FIXTURES / name)]
    assert stale == [], "run tests/forms/data/xlsform/make_fixtures.py and commit what it writes"


def _inhoud(path: Path) -> object:
    """A text fixture's bytes; a workbook's sheets and cells (a newer openpyxl or xlwt may lay
    out the same cells in other bytes)."""
    if path.suffix not in (".xlsx", ".xls"):
        return path.read_bytes()
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


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
