"""The instruments shipped with makelaar: they import, speak Dutch and English, match their scoring."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pyxform import xls2json
from pyxform.xls2xform import convert

from makelaar.forms.definitie import Formulier, Groep, Vraag, VraagType
from makelaar.forms.scoring import RULES_DIR, check_form, rules_for
from makelaar.forms.xlsform import lees_formulier, lees_formulier_tekst
from makelaar.forms.xpath import Instantie
from makelaar.handreiking.content import load_sections
from makelaar.models.domain import ActieType, PartnerSoort, SignaalCategorie
from makelaar.models.errors import ImportFileError

INSTRUMENTEN = ["reflectieformulier", "partnerenquete", "buurtmeter"]
TALEN = {"Nederlands (nl)", "English (en)"}
#: the types the brief allows for the shipped instruments (pyxform's JSON names)
TOEGESTAAN = {"text", "integer", "decimal", "select one", "select all that apply", "date", "note"}
TOEGESTAAN |= {"calculate", "group"}


def pad(form_id: str) -> Path:
    return RULES_DIR / f"{form_id}.md"


def formulier(form_id: str) -> Formulier:
    return lees_formulier(pad(form_id))


def pyxform_json(form_id: str) -> dict[str, Any]:
    warnings: list[str] = []
    data: dict[str, Any] = xls2json.parse_file_to_json(str(pad(form_id)), warnings=warnings)
    assert warnings == []
    return data


def elementen(children: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for child in children:
        if child.get("name") == "meta":
            continue
        yield child
        yield from elementen(child.get("children", []))


@pytest.mark.parametrize("form_id", INSTRUMENTEN)
def test_pyxform_reads_it_and_writes_an_xform_without_warnings(form_id: str) -> None:
    data = pyxform_json(form_id)
    assert data["id_string"] == form_id
    assert data["version"] == "2026120101"
    assert data["default_language"] == "Nederlands (nl)"
    result = convert(xlsform=str(pad(form_id)), validate=False)
    assert result.warnings == []
    assert f'id="{form_id}"' in result.xform


@pytest.mark.parametrize("form_id", INSTRUMENTEN)
def test_only_the_allowed_types(form_id: str) -> None:
    used = {e["type"] for e in elementen(pyxform_json(form_id)["children"])}
    assert used <= TOEGESTAAN, used - TOEGESTAAN


@pytest.mark.parametrize("form_id", INSTRUMENTEN)
def test_every_text_in_dutch_and_english(form_id: str) -> None:
    data = pyxform_json(form_id)

    def both(texts: Any, where: str) -> None:
        assert isinstance(texts, dict), f"{where}: not translated: {texts!r}"
        assert set(texts) == TALEN, f"{where}: {sorted(texts)}"
        assert all(isinstance(t, str) and t.strip() for t in texts.values()), where

    for element in elementen(data["children"]):
        name = element["name"]
        if element["type"] != "calculate":
            both(element.get("label"), f"{name} label")
        if "hint" in element:
            both(element["hint"], f"{name} hint")
        bind = element.get("bind", {})
        if "required" in bind:
            both(bind.get("jr:requiredMsg"), f"{name} required_message")
        if "constraint" in bind:
            both(bind.get("jr:constraintMsg"), f"{name} constraint_message")
    for list_name, choices in data["choices"].items():
        for choice in choices:
            both(choice.get("label"), f"choice {list_name}/{choice['name']}")


@pytest.mark.parametrize("form_id", INSTRUMENTEN)
def test_makelaars_reader_takes_it_and_pages_fit_a_phone(form_id: str) -> None:
    form = formulier(form_id)
    assert (form.form_id, form.versie, form.talen, form.standaardtaal) == (
        form_id,
        "2026120101",
        ["nl", "en"],
        "nl",
    )
    assert form.children and all(isinstance(page, Groep) for page in form.children)
    for page in form.children:
        assert isinstance(page, Groep)
        assert all(isinstance(child, Vraag) for child in page.children), "no nested groups"
        asked = [v for v in page.children if isinstance(v, Vraag) and v.type != VraagType.NOTE]
        assert 1 <= len(asked) <= 8, (page.name, len(asked))
        assert set(page.label) == {"nl", "en"}


def test_choice_lists_use_the_domain_codes() -> None:
    reflectie = formulier("reflectieformulier")
    signalen = [k.name for k in reflectie.keuzes(reflectie.vraag("signalen_opgevangen"))]
    assert signalen == [c.value for c in SignaalCategorie] + ["anders", "geen"]
    acties = [k.name for k in reflectie.keuzes(reflectie.vraag("effectvolle_actie_soort"))]
    assert acties == [a.value for a in ActieType]
    partner = formulier("partnerenquete")
    soorten = [k.name for k in partner.keuzes(partner.vraag("soort_organisatie"))]
    assert soorten == [p.value for p in PartnerSoort]


def test_example_topics_point_at_sections_of_the_guide() -> None:
    form = formulier("reflectieformulier")
    sections = {section.id for section in load_sections()}
    topics = form.keuzes(form.vraag("voorbeeld_themas"))
    assert len(topics) >= 10
    for topic in topics:
        assert topic.extra["handreiking"] in sections, topic


@pytest.mark.parametrize("form_id", INSTRUMENTEN)
def test_scored_items_are_select_ones_with_the_scales_answers(form_id: str) -> None:
    form = formulier(form_id)
    rules = rules_for(form_id)
    assert rules is not None
    assert rules.form_id == form_id
    for schaal in rules.schalen:
        for item in schaal.items:
            vraag = form.vraag(item.name)
            assert vraag.type == VraagType.SELECT_ONE, item.name
            assert [k.name for k in form.keuzes(vraag)] == schaal.geldig(), item.name


# The authors' Dutch wording, in the Manual's order of the 6-item scale (items 3, 4, 7, 9, 8, 10 of
# the 11-item scale), as CBS also uses it (CBS 2023, toelichting Eenzaamheid).
DJG_NL = [
    ("djg_leegte", "Ik ervaar een leegte om me heen."),
    ("djg_narigheid", "Er zijn genoeg mensen op wie ik in geval van narigheid kan terugvallen."),
    ("djg_vertrouwen", "Ik heb veel mensen op wie ik volledig kan vertrouwen."),
    ("djg_mis_mensen", "Ik mis mensen om me heen."),
    ("djg_verbonden", "Er zijn voldoende mensen met wie ik me nauw verbonden voel."),
    ("djg_in_de_steek", "Vaak voel ik me in de steek gelaten."),
]


def test_buurtmeter_asks_the_de_jong_gierveld_items_in_the_authors_wording_and_order() -> None:
    form = formulier("buurtmeter")
    page = next(p for p in form.children if p.name == "eenzaamheid")
    assert isinstance(page, Groep)
    items = [v for v in page.children if isinstance(v, Vraag) and v.name.startswith("djg_")]
    assert [(v.name, v.label["nl"]) for v in items] == DJG_NL
    choices = form.keuzes(items[0])
    assert [(k.name, k.label["nl"], k.label["en"]) for k in choices] == [
        ("ja", "ja", "yes"),
        ("min_of_meer", "min of meer", "more or less"),
        ("nee", "nee", "no"),
    ]
    rules = rules_for("buurtmeter")
    assert rules is not None
    assert [item.name for item in rules.schalen[0].items] == [name for name, _ in DJG_NL]


PERSOONLIJK = re.compile(
    r"\b(naam|namen|adres|adressen|postcode|huisnummer|straat|telefoon|e-?mail|geboren|geboortedatum)\b",
    re.IGNORECASE,
)


def test_buurtmeter_asks_nothing_that_identifies_a_person() -> None:
    form = formulier("buurtmeter")
    vragen = [v for v in form.vragen() if v.type != VraagType.NOTE]
    for vraag in vragen:
        assert not PERSOONLIJK.search(vraag.name), vraag.name
        assert not PERSOONLIJK.search(vraag.label["nl"]), vraag.label
        assert vraag.type not in {VraagType.DATE, VraagType.PHONE}, vraag.name
    free = [v for v in vragen if v.type == VraagType.TEXT]
    assert [v.name for v in free] == ["opmerking"]
    assert "geen namen, adressen" in free[0].hint["nl"]
    assert "Do not write names, addresses" in free[0].hint["en"]
    numbers = [v.name for v in vragen if v.type in {VraagType.INTEGER, VraagType.DECIMAL}]
    assert numbers == ["rapportcijfer"]
    leeftijd = form.keuzes(form.vraag("leeftijdsgroep"))
    assert len(leeftijd) <= 6  # coarse bands only


def instantie(form: Formulier) -> Instantie:
    return Instantie(form.root, [v.path for v in form.vragen()])


def test_skip_logic_and_validation_of_the_reflection_form() -> None:
    form = formulier("reflectieformulier")
    data = instantie(form)
    signalen = form.vraag("signalen_opgevangen")
    belegd = form.vraag("signalen_belegd")
    anders = form.vraag("signalen_anders")
    assert signalen.constraint and belegd.relevant and anders.relevant
    data.zet(signalen.path, "geen")
    assert data.waar(signalen.constraint, signalen.path)
    assert not data.waar(belegd.relevant)
    data.zet(signalen.path, "geen schulden")
    assert not data.waar(signalen.constraint, signalen.path)
    data.zet(signalen.path, "schulden anders")
    assert data.waar(signalen.constraint, signalen.path)
    assert data.waar(belegd.relevant) and data.waar(anders.relevant)

    van, tot = form.vraag("periode_van"), form.vraag("periode_tot")
    assert tot.constraint
    data.zet(van.path, date(2026, 7, 1).isoformat())
    data.zet(tot.path, "2026-06-30")
    assert not data.waar(tot.constraint, tot.path)
    data.zet(tot.path, "2026-12-31")
    assert data.waar(tot.constraint, tot.path)

    citeren = form.vraag("voorbeeld_citeren")
    assert citeren.relevant and citeren.required == "true()"
    assert not data.waar(citeren.relevant)
    data.zet(form.vraag("voorbeeld").path, "Een moestuin bracht buren samen.")
    assert data.waar(citeren.relevant)


def test_skip_logic_of_the_partner_survey_and_the_buurtmeter() -> None:
    partner = formulier("partnerenquete")
    data = instantie(partner)
    vertrouwen = next(p for p in partner.children if p.name == "vertrouwen")
    assert isinstance(vertrouwen, Groep) and vertrouwen.relevant
    data.zet(partner.vraag("samenwerking_duur").path, "geen")
    assert not data.waar(vertrouwen.relevant)
    data.zet(partner.vraag("samenwerking_duur").path, "jaar_1_3")
    assert data.waar(vertrouwen.relevant)

    buurt = formulier("buurtmeter")
    data = instantie(buurt)
    soort, cijfer = buurt.vraag("soort_activiteit"), buurt.vraag("rapportcijfer")
    assert soort.relevant and cijfer.constraint
    data.zet(buurt.vraag("deelgenomen").path, "nee")
    data.zet(buurt.vraag("georganiseerd").path, "nee")
    assert not data.waar(soort.relevant)
    data.zet(buurt.vraag("georganiseerd").path, "ja")
    assert data.waar(soort.relevant)
    for value, ok in [("1", True), ("10", True), ("0", False), ("11", False)]:
        data.zet(cijfer.path, value)
        assert data.waar(cijfer.constraint, cijfer.path) is ok, value


@pytest.mark.parametrize("form_id", INSTRUMENTEN)
def test_check_form_accepts_the_shipped_instruments(form_id: str) -> None:
    check_form(formulier(form_id))


BUURTMETER_MD = pad("buurtmeter").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message", "sheet"),
    [
        (
            "| djg_leegte |",
            "| djg_leeg |",
            "verwachten een vraag 'djg_leegte', die het formulier niet heeft",
            "survey",
        ),
        (
            "| select_one ja_min_of_meer_nee | djg_verbonden |",
            "| text | djg_verbonden |",
            "vraag 'djg_verbonden' moet select_one zijn, niet text",
            "survey",
        ),
        (
            "| ja_min_of_meer_nee | min_of_meer | min of meer | more or less |",
            "| ja_min_of_meer_nee | soms | soms | sometimes |",
            "heeft de keuzes ja, soms, nee, de schaal verwacht ja, min_of_meer, nee",
            "choices",
        ),
    ],
    ids=["item renamed", "item retyped", "answers changed"],
)
def test_an_adapted_form_that_breaks_its_scoring_is_refused(
    old: str, new: str, message: str, sheet: str
) -> None:
    assert old in BUURTMETER_MD
    form = lees_formulier_tekst(BUURTMETER_MD.replace(old, new), "buurtmeter.md")
    with pytest.raises(ImportFileError) as err:
        check_form(form)
    assert message in str(err.value)
    assert "geef het formulier een eigen form_id" in str(err.value)
    assert (err.value.file, err.value.sheet) == ("buurtmeter.md", sheet)


def test_an_adapted_form_with_its_own_id_has_no_shipped_rules_to_break() -> None:
    text = BUURTMETER_MD.replace("| djg_leegte |", "| djg_leeg |")
    text = text.replace("| Buurtmeter | buurtmeter |", "| Buurtmeter Gouda | buurtmeter_gouda |")
    form = lees_formulier_tekst(text, "buurtmeter_gouda.md")
    assert form.form_id == "buurtmeter_gouda"
    check_form(form)


#: the open questions whose answers run to sentences: a text area, not a one-line input, on a phone
MEERREGELIG = {
    "reflectieformulier": {
        "effectvolle_actie",
        "waarom_effect",
        "niet_gelukt",
        "signaal_bleef_liggen",
        "verandering_gemeente",
        "verandering_organisatie",
        "advies_collega",
        "voorbeeld",
    },
    "partnerenquete": {"verbeterpunten"},
    "buurtmeter": {"opmerking"},
}


@pytest.mark.parametrize("form_id", INSTRUMENTEN)
def test_long_open_questions_are_multiline(form_id: str) -> None:
    vragen = [v for v in formulier(form_id).vragen() if v.type == VraagType.TEXT]
    assert {v.name for v in vragen if v.appearance == "multiline"} == MEERREGELIG[form_id]
    assert {v.appearance for v in vragen} <= {None, "multiline"}
