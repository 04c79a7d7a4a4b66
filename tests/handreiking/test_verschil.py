"""The diff of edition N against N−1 (handreiking/verschil.py): two real editions rendered by the
renderer, their adopted text inside <ins>, their removed text inside <del>, a standalone page in
the edition's language, and no markup from data."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from makelaar.handreiking.render import RenderedEdition, render_edition
from makelaar.handreiking.verschil import diff_content, write_diff
from makelaar.models.schemas import EditionInput
from tests.conftest import skip_or_fail
from tests.handreiking.factories import PAYLOAD, edition_input

ADOPTED = "Bel een initiatiefnemer van wie het initiatief is gestrand, na drie maanden terug."
REMOVED = "In deze editie zijn geen wijzigingen aangenomen."


def small(editie: int, taal: str = "nl", text: Callable[[str], str] | None = None) -> EditionInput:
    """A real edition of two wijken (edition 1 without changes, edition 2 with two adopted)."""
    data = (
        edition_input(editie=editie, taal=taal, text=text)
        if text
        else edition_input(editie=editie, taal=taal)
    )
    return data.model_copy(update={"wijken": data.wijken[:2]})


def render_pair(folder: Path, taal: str = "nl") -> tuple[RenderedEdition, RenderedEdition]:
    return render_edition(small(1, taal), folder), render_edition(small(2, taal), folder)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[RenderedEdition, RenderedEdition]:
    return render_pair(tmp_path_factory.mktemp("edities"))


@pytest.fixture(scope="module")
def page(
    editions: tuple[RenderedEdition, RenderedEdition],
) -> tuple[Path, lxml.html.HtmlElement]:
    first, second = editions
    target = write_diff(
        first.html, second.html, second.html.with_name("handreiking-editie-2-verschil.html"), "nl"
    )
    return target, lxml.html.document_fromstring(target.read_bytes())


def marked(root: lxml.html.HtmlElement, tag: str) -> str:
    return " ".join(" ".join(m.text_content() for m in root.iter(tag)).split())


def test_the_adopted_section_text_is_inserted_and_the_first_editions_text_deleted(
    page: tuple[Path, lxml.html.HtmlElement],
) -> None:
    target, root = page
    assert target.name == "handreiking-editie-2-verschil.html"
    [section] = root.xpath("//main//section[@id='s-wijk-bewonersinitiatieven']")
    assert ADOPTED in marked(section, "ins")
    assert "Gestrande initiatieven na drie maanden nabellen" in marked(section, "ins")
    [other] = root.xpath("//main//section[@id='s-gemeente-wijkanalyse-en-indicatoren']")
    assert "Vergelijk een wijk niet met het gemiddelde van de stad" in marked(other, "ins")
    deleted = marked(root.find(".//main"), "del")
    assert REMOVED in deleted
    assert "Dit is de eerste editie van de handreiking." in deleted
    # the sections the changes did not touch carry no marks
    [untouched] = root.xpath("//main//section[@id='s-algemeen-wat-is-een-sociaal-makelaar']")
    assert not list(untouched.iter("ins", "del"))
    assert ADOPTED not in deleted


def test_the_page_says_which_editions_and_lists_the_parts_that_changed(
    page: tuple[Path, lxml.html.HtmlElement],
) -> None:
    _, root = page
    assert root.get("lang") == "nl"
    header = " ".join(root.find(".//header").text_content().split())
    assert "Vorige editie Handreiking Sociaal Makelaar – Utrecht – Editie 1" in header
    assert "Nieuwe editie Handreiking Sociaal Makelaar – Utrecht – Editie 2" in header
    assert "Tekst die in editie 2 is toegevoegd staat zo: toegevoegd." in header
    links = {a.get("href"): a.text_content() for a in root.xpath("//ul[@class='onderdelen']//a")}
    assert links["#s-wijk-bewonersinitiatieven"] == "Bewonersinitiatieven ondersteunen"
    assert "#s-algemeen-wat-is-een-sociaal-makelaar" not in links
    for href in links:  # every listed part is an anchor of the page
        assert root.xpath(f"//*[@id='{href[1:]}']")
    # standalone: its own style, no script, nothing loaded from elsewhere
    assert root.xpath("//style") and not root.xpath("//script|//link|//img|//iframe")
    assert not root.xpath("//*[local-name()='svg']")
    ids = [m.get("id") for m in root.iter("ins", "del") if m.get("id")]
    assert len(ids) == len(set(ids)) > 0


def test_an_english_edition_gets_an_english_page(tmp_path: Path) -> None:
    first, second = render_pair(tmp_path, "en")
    target = write_diff(first.html, second.html, tmp_path / "verschil.html", "en")
    root = lxml.html.document_fromstring(target.read_bytes())
    assert root.get("lang") == "en"
    header = " ".join(root.find(".//header").text_content().split())
    assert "Text added in edition 2 looks like this: added." in header
    assert "Previous edition" in header and "Vorige" not in header


def test_data_in_the_editions_stays_text(tmp_path: Path) -> None:
    def poisoned(text: str) -> str:
        return f"{text} {PAYLOAD}"

    first = render_edition(small(1, text=poisoned), tmp_path)
    second = render_edition(small(2, text=poisoned), tmp_path)
    target = write_diff(first.html, second.html, tmp_path / "verschil.html", "nl")
    root = lxml.html.document_fromstring(target.read_bytes())
    assert not root.xpath("//img|//link|//script|//b|//iframe")
    assert "@import url(http://169.254.169.254/); {{7*7}} <b>x</b>" in root.text_content()


def test_diff_content_compares_words_and_ignores_link_addresses() -> None:
    diffed = diff_content(
        '<p>Bel <a href="#a">na drie weken</a> terug.</p>',
        '<p>Bel <a href="#b">na drie maanden</a> terug.</p>',
    )
    root = lxml.html.fragment_fromstring(diffed, create_parent="div")
    assert "maanden" in marked(root, "ins") and "maanden" not in marked(root, "del")
    assert "weken" in marked(root, "del") and "weken" not in marked(root, "ins")
    assert [a.get("href") for a in root.iter("a")] == ["#b"]
    assert "Link:" not in diffed


def test_an_unreadable_edition_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "handreiking-editie-1.html"
    present = tmp_path / "handreiking-editie-2.html"
    present.write_text("<html><body><main><p>x</p></main></body></html>", encoding="utf-8")
    from makelaar.models.errors import RenderError

    with pytest.raises(RenderError, match=r"handreiking-editie-1\.html is geen leesbare"):
        write_diff(missing, present, tmp_path / "v.html", "nl")
    assert not (tmp_path / "v.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


BROWSER_CHECK = """
import json, sys
from pathlib import Path
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    result = {}
    for width in (390, 1280):
        page = browser.new_page(viewport={"width": width, "height": 844})
        page.goto(Path(sys.argv[1]).as_uri())
        result[width] = {
            "breed": page.evaluate("document.documentElement.scrollWidth"),
            "axe": [v["id"] for v in Axe().run(page).response["violations"]],
        }
        page.close()
    browser.close()
print(json.dumps(result))
"""


def test_the_page_fits_a_phone_and_passes_axe_in_chromium(
    page: tuple[Path, lxml.html.HtmlElement],
) -> None:
    """In Chromium (a process of its own: Playwright's sync API stays out of this one)."""
    if not Path("/usr/bin/chromium").exists():
        skip_or_fail("Chromium (/usr/bin/chromium) is not installed; `make setup` installs it")
    target, _ = page
    result = subprocess.run(
        [sys.executable, "-c", BROWSER_CHECK, str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    checked = json.loads(result.stdout)
    assert checked == {
        "390": {"breed": 390, "axe": []},
        "1280": {"breed": 1280, "axe": []},
    }


def test_a_changed_table_value_stays_in_its_cell(tmp_path: Path) -> None:
    def edition(nummer: int, acties: str) -> Path:
        path = tmp_path / f"handreiking-editie-{nummer}.html"
        path.write_text(
            "<html><head><title>Editie</title></head><body><main>"
            '<section class="sectie" id="w-west"><h2>West</h2><p>De cijfers van West.</p>'
            "<table><thead><tr><th>Kenmerk</th><th>Waarde</th></tr></thead><tbody>\n"
            f"<tr><td>Sociale acties</td><td>{acties}</td></tr>\n"
            "<tr><td>Inwoners</td><td>29.710</td></tr>\n"
            "<tr><td>Huishoudens</td><td>16.165</td></tr>\n"
            "</tbody></table><p>Bron: logboek.</p></section></main></body></html>",
            encoding="utf-8",
        )
        return path

    target = write_diff(edition(1, "496"), edition(2, "202"), tmp_path / "v.html", "nl")
    root = lxml.html.document_fromstring(target.read_bytes())
    rows = root.xpath("//main//tr")
    assert [len(row.xpath("td|th")) for row in rows] == [2, 2, 2, 2]
    [cell] = rows[1].xpath("td[2]")
    assert [(m.tag, m.text) for m in cell] == [("del", "496"), ("ins", "202")]
    assert " ".join(cell.text_content().split()) == "496 202"
