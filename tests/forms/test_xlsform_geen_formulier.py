"""XLSForms in text formats (CSV, Markdown) that hold no form: refused saying what they hold and
what a form needs, instead of pyxform's TypeError on a sheet it does not know."""

from __future__ import annotations

import pytest

from makelaar.forms.xlsform import lees_formulier_tekst
from makelaar.models.errors import ImportFileError


@pytest.mark.parametrize(
    ("text", "name", "what"),
    [
        (
            "list_name,name,label\nja_nee,ja,Ja\nja_nee,nee,Nee\n",
            "keuzes.csv",
            "dit bestand is een keuzelijst (kolommen list_name, name, label) zonder vragen",
        ),
        (
            "choices,list_name,name,label\n,ja_nee,ja,Ja\n",
            "keuzes.csv",
            "dit bestand is een keuzelijst (kolommen list_name, name, label) zonder vragen",
        ),
        (
            "| choices |\n| | list_name | name | label |\n| | l | a | A |\n",
            "keuzes.md",
            "dit bestand is een keuzelijst (kolommen list_name, name, label) zonder vragen",
        ),
        (
            "type,name,label\ntext,a,A\n",
            "vragen.csv",
            "dit bestand is een lijst met vragen, maar zonder de naam van het blad (survey) in "
            "de eerste kolom",
        ),
        (
            "vragen,type,name\n,text,a\n",
            "vragen.csv",
            "dit bestand is een lijst met vragen in het blad 'vragen', dat survey moet heten",
        ),
        (
            "gegevens,datum,wijk\n,01-01-2026,Noord\n",
            "gegevens.csv",
            "dit bestand is een tabel met in de eerste kolom 'gegevens'; dat zijn geen bladen "
            "van een XLSForm",
        ),
    ],
)
def test_a_text_file_without_a_form_says_what_it_is_and_what_a_form_needs(
    text: str, name: str, what: str
) -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst(text, name)
    message = str(caught.value)
    assert message.startswith(f"bestand {name}: {what}")
    assert ", geen formulier. " in message
    assert "een blad survey met minstens de kolommen type en name" in message
    assert "een regel 'survey,type,name,label'" in message


def test_a_csv_form_with_a_sheet_pyxform_does_not_read_is_refused_naming_it() -> None:
    with pytest.raises(ImportFileError) as caught:
        lees_formulier_tekst("survey,type,name,label\n,text,a,A\nleesmij,x,y\n,1,2\n", "f.csv")
    assert caught.value.sheet == "leesmij"
    assert "de eerste kolom noemt het blad 'leesmij'; een formulier in CSV kan alleen" in str(
        caught.value
    )
