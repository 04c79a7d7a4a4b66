"""The edition as HTML: autoescaping, structure, first edition, English, and input checks."""

from __future__ import annotations

import itertools
import re

import pytest
from jinja2 import UndefinedError

from makelaar.handreiking.document import build_html, environment
from makelaar.handreiking.i18n import WOORDEN
from makelaar.models.errors import RenderError
from makelaar.models.schemas import EditionInput
from tests.handreiking.factories import PAYLOAD, WIJKEN, edition_input


@pytest.fixture(scope="module")
def data() -> EditionInput:
    return edition_input()


def test_every_template_autoescapes_and_undefined_names_fail() -> None:
    env = environment()
    assert env.autoescape is True
    assert env.from_string("{{ v }}").render(v="<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()
    for name in env.list_templates():
        source = env.loader.get_source(env, name)[0] if env.loader else ""
        assert "|safe" not in source.replace(" ", "")
        assert "autoescape false" not in source


def test_hostile_text_is_escaped_everywhere() -> None:
    html = build_html(edition_input(text=lambda s: f"{s} {PAYLOAD}"), standalone=True)
    assert "<b>x</b>" not in html
    assert "<img" not in html
    assert "<link" not in html
    assert "rel=attachment" in html  # as text, escaped
    assert html.count("&lt;b&gt;x&lt;/b&gt;") > 100
    assert html.count("{{7*7}}") > 100
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL)
    assert len(styles) == 1  # the package's own stylesheet; data never reaches a <style>
    assert "169.254" not in styles[0]


def test_the_print_html_links_the_stylesheet_and_the_html_edition_carries_it(
    data: EditionInput,
) -> None:
    printed = build_html(data, standalone=False)
    standalone = build_html(data, standalone=True)
    assert '<link rel="stylesheet" href="print.css">' in printed
    assert "<style>" not in printed
    assert "<link" not in standalone
    assert "<style>" in standalone and "@page" in standalone


def test_the_same_input_gives_the_same_html(data: EditionInput) -> None:
    assert build_html(data, standalone=False) == build_html(data, standalone=False)


def test_head_has_language_title_and_metadata(data: EditionInput) -> None:
    html = build_html(data, standalone=False)
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl"')
    assert "<title>Handreiking Sociaal Makelaar – Utrecht – Editie 3</title>" in html
    assert '<meta name="author" content="Gemeente Utrecht">' in html
    assert '<meta name="dcterms.created" content="2027-01-15">' in html
    assert re.search(r'<meta name="description" content="[^"]*editie 3 \(2026-H2\)', html)


def test_headings_nest_and_every_wijk_has_a_page(data: EditionInput) -> None:
    html = build_html(data, standalone=False)
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))
    for code, naam, *_ in WIJKEN:
        assert f'<article class="wijk" id="w-{code.lower()}">' in html
        assert f"<h3>{naam}</h3>" in html
    assert html.count('<a href="#') >= 40


def test_the_first_edition_says_so(data: EditionInput) -> None:
    first = data.model_copy(update={"editie": 1, "wijziging": [], "verworpen": []})
    html = build_html(first, standalone=False)
    assert "Dit is de eerste editie van de handreiking." in html
    assert "In deze editie zijn geen wijzigingen aangenomen." in html
    assert "Er zijn in deze ronde geen voorstellen afgewezen." in html
    assert "plus de wijzigingen hieronder" not in html


def test_a_later_edition_names_the_one_before(data: EditionInput) -> None:
    html = build_html(data, standalone=False)
    assert "Deze editie is editie 2 plus de wijzigingen hieronder." in html
    assert "eerste editie van de handreiking" not in html
    assert '<a href="#s-wijk-bewonersinitiatieven">Bewonersinitiatieven ondersteunen</a>' in html


def test_english_uses_english_words_and_the_english_content() -> None:
    html = build_html(edition_input(taal="en"), standalone=False)
    assert '<html lang="en"' in html
    assert "What changed and why" in html
    assert "January 15, 2027" in html
    # the guide's English section files (content/en/), in the document's language
    assert '<section class="sectie" id="s-wijk-sociale-acties">' in html
    assert "<h2>The ten kinds of social action</h2>" in html
    assert '<a href="#s-wijk-sociale-acties">The ten kinds of social action</a>' in html
    assert 'lang="nl"' not in html
    assert 'data-pagina="page"' in html


def test_ui_strings_exist_in_both_languages() -> None:
    assert all(set(tekst) == {"nl", "en"} for tekst in WOORDEN.values())
    assert all(value.strip() for tekst in WOORDEN.values() for value in tekst.values())


def test_sections_that_do_not_match_the_guide_are_refused(data: EditionInput) -> None:
    secties = dict(data.secties)
    del secties["wijk-sociale-acties"]
    secties["verzonnen-sectie"] = "Tekst"
    with pytest.raises(RenderError) as error:
        build_html(data.model_copy(update={"secties": secties}), standalone=False)
    assert "onbekende secties verzonnen-sectie" in str(error.value)
    assert "ontbrekende secties wijk-sociale-acties" in str(error.value)


def test_a_chart_whose_alt_differs_from_its_title_is_refused(data: EditionInput) -> None:
    assert data.gemeente_grafiek is not None
    chart = data.gemeente_grafiek.model_copy(update={"alt": "Iets anders"})
    with pytest.raises(RenderError, match="moeten gelijk zijn"):
        build_html(data.model_copy(update={"gemeente_grafiek": chart}), standalone=False)
