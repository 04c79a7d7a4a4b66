"""The rendered edition as output: a tagged PDF/UA with title, language, bookmarks, TOC and alt text."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass

import pikepdf
import pypdf
import pytest

from makelaar.handreiking.document import build_html
from makelaar.handreiking.fetcher import STATIC_DIR, SVG_URL
from makelaar.handreiking.render import RenderedEdition, render_edition
from makelaar.models.schemas import EditionInput
from tests.handreiking.factories import CBS_BRON, WIJKEN, edition_input
from tests.handreiking.helpers import captured_warnings, page_lines, page_texts

CHAPTERS = [
    "Samenvatting",
    "Inleiding",
    "Voor de gemeente",
    "Voor de uitvoerende organisatie",
    "In de wijk",
    "Wat is er veranderd en waarom",
    "Bijlage: methoden",
]
TOC_LINE = re.compile(r"^(?P<title>\S.*?)\s*\.{3,}\s*(?P<page>\S+)$")


@dataclass(frozen=True)
class Rendered:
    data: EditionInput
    result: RenderedEdition
    warnings: list[str]
    pages: list[str]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    data = edition_input()
    out_dir = tmp_path_factory.mktemp("editie")
    with captured_warnings() as handler:
        result = render_edition(data, out_dir)
    pages = page_texts(result.pdf)
    return Rendered(data, result, [r.getMessage() for r in handler.records], pages)


@pytest.fixture(scope="module")
def pdf(rendered: Rendered) -> pikepdf.Pdf:
    return pikepdf.open(rendered.result.pdf)


def _toc_index(rendered: Rendered) -> int:
    return next(i for i, text in enumerate(rendered.pages) if "Inhoud" in page_lines(text))


def _start_page(rendered: Rendered, heading: str) -> int:
    """The 1-based number of the first page after the contents with `heading` as a line."""
    first = _toc_index(rendered) + 1
    return next(
        number
        for number, text in enumerate(rendered.pages[first:], first + 1)
        if heading in page_lines(text)
    )


def _toc(rendered: Rendered) -> dict[str, str]:
    toc_page = rendered.pages[_toc_index(rendered)]
    entries: dict[str, str] = {}
    for line in toc_page.splitlines():
        match = TOC_LINE.match(line.strip())
        if match:
            entries[match["title"]] = match["page"]
    return entries


def _outline(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Bookmark title → 1-based page number, at every depth."""
    pages: dict[object, int] = {
        page.objgen: number for number, page in enumerate(pdf.pages, start=1)
    }
    found: dict[str, int] = {}

    def walk(items: list[pikepdf.OutlineItem]) -> None:
        for item in items:
            destination = item.destination
            if isinstance(destination, pikepdf.Array):
                found[str(item.title)] = pages[destination[0].objgen]
            walk(item.children)

    with pdf.open_outline() as outline:
        walk(outline.root)
    return found


def test_the_files_are_where_they_belong(rendered: Rendered) -> None:
    result = rendered.result
    assert result.pdf.name == "handreiking-editie-3.pdf"
    assert result.html.name == "handreiking-editie-3.html"
    assert result.pdf.parent == result.html.parent
    assert sorted(p.name for p in result.pdf.parent.iterdir()) == [
        result.html.name,
        result.pdf.name,
    ]
    assert result.pdf_sha256 == hashlib.sha256(result.pdf.read_bytes()).hexdigest()
    assert result.pdf.stat().st_mode & 0o777 == 0o644


def test_the_render_logged_no_weasyprint_warnings(rendered: Rendered) -> None:
    assert rendered.warnings == []


def test_only_the_stylesheet_was_read(rendered: Rendered) -> None:
    assert rendered.result.assets == ((STATIC_DIR / "print.css").resolve(),)
    assert rendered.result.refused == ()


def test_the_pdf_opens_and_is_tagged_pdf_ua(rendered: Rendered, pdf: pikepdf.Pdf) -> None:
    reader = pypdf.PdfReader(rendered.result.pdf)
    assert len(reader.pages) == len(pdf.pages) == len(rendered.pages) > 30
    assert "Inhoud" in reader.pages[_toc_index(rendered)].extract_text()
    root = pdf.Root
    assert bool(root.MarkInfo.Marked) is True
    assert "/StructTreeRoot" in root
    assert root.StructTreeRoot.K[0].S == "/Document"
    assert str(root.Lang) == "nl"
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    metadata = pdf.open_metadata()
    assert metadata.get("pdfuaid:part") == "1"


def test_title_and_document_metadata(pdf: pikepdf.Pdf) -> None:
    info = pdf.docinfo
    assert str(info.Title) == "Handreiking Sociaal Makelaar – Utrecht – Editie 3"
    assert str(info.Author) == "Gemeente Utrecht"
    assert "sociaal makelaar" in str(info.Keywords)
    assert "editie 3" in str(info.Subject)
    assert str(info.CreationDate).startswith("D:20270115")


def test_bookmarks_follow_the_chapters(pdf: pikepdf.Pdf) -> None:
    with pdf.open_outline() as outline:
        top = [str(item.title) for item in outline.root]
        wijk_chapter = next(item for item in outline.root if item.title == "In de wijk")
        cijfers = next(i for i in wijk_chapter.children if i.title == "De wijken in cijfers")
        wijken = [str(item.title) for item in cijfers.children]
    assert top == ["Colofon", "Inhoud", *CHAPTERS]
    assert wijken == [row[1] for row in WIJKEN]
    titles = _outline(pdf)
    assert "De kern in één zin" not in titles  # headings inside a section stay out
    assert "Aangenomen wijzigingen" in titles


def test_the_text_holds_chapters_wijken_and_figures(rendered: Rendered) -> None:
    text = "\n".join(rendered.pages)
    for chapter in CHAPTERS:
        assert chapter in text
    for code, naam, inwoners, huishoudens, *_ in WIJKEN:
        assert naam in text
        assert f"Wijkcode {code}" in text
        assert f"{inwoners:,}".replace(",", ".") in text
        assert f"{huishoudens:,}".replace(",", ".") in text
    assert "374.238" in text
    assert "Bron: CBS, Kerncijfers wijken en buurten 2024, CC BY 4.0" in text
    assert CBS_BRON in text
    assert "15 januari 2027" in text
    assert "Buurtrapportage (onderdrukt)" in text


def test_the_changes_chapter_shows_evidence_and_decisions(rendered: Rendered) -> None:
    start = _start_page(rendered, CHAPTERS[5]) - 1
    text = " ".join(" ".join(rendered.pages[start : start + 3]).split())
    for change in rendered.data.wijziging:
        assert change.titel in text and change.code not in text
        assert " ".join(change.onderbouwing.split()) in text
        assert change.besluit_reden in text
        assert change.sectie_titel in text
    rejected = rendered.data.verworpen[0]
    assert rejected.titel in text and rejected.code not in text
    assert " ".join(rejected.besluit_reden.split()) in text
    assert "Deze editie is editie 2 plus de wijzigingen hieronder." in text
    assert "Gestrande initiatieven na drie maanden nabellen" in "\n".join(rendered.pages[:start])


def test_toc_numbers_point_to_the_pages_they_name(rendered: Rendered, pdf: pikepdf.Pdf) -> None:
    toc = _toc(rendered)
    assert set(CHAPTERS) <= set(toc)
    assert all(number.isdigit() for number in toc.values()), toc
    assert int(toc[CHAPTERS[5]]) == _start_page(rendered, CHAPTERS[5])
    assert int(toc["Inleiding"]) == _start_page(rendered, "Inleiding")
    bookmarks = _outline(pdf)
    for title, number in toc.items():
        assert bookmarks[title] == int(number), title


def test_toc_entries_are_links(pdf: pikepdf.Pdf, rendered: Rendered) -> None:
    links = [a for a in pdf.pages[_toc_index(rendered)].get("/Annots", []) if a.Subtype == "/Link"]
    assert len(links) >= len(_toc(rendered))
    assert all("/Dest" in link or "/A" in link for link in links)


def test_running_header_and_page_numbers(rendered: Rendered) -> None:
    total = len(rendered.pages)
    assert "pagina" not in rendered.pages[0]
    assert "Handreiking Sociaal Makelaar · Utrecht · Editie 3" not in rendered.pages[0]
    for number in (2, 4, total):
        text = rendered.pages[number - 1]
        assert f"pagina {number} van {total}" in text
        assert "Handreiking Sociaal Makelaar · Utrecht · Editie 3" in text


def test_charts_carry_their_alt_text_in_the_structure(pdf: pikepdf.Pdf, rendered: Rendered) -> None:
    alts: list[str] = []

    def visit(element: object) -> None:
        if isinstance(element, pikepdf.Dictionary):
            if element.get("/S") == "/Figure":
                alts.append(str(element.get("/Alt")))
            children = element.get("/K")
            if isinstance(children, pikepdf.Array):
                for child in children:
                    visit(child)
            elif isinstance(children, pikepdf.Dictionary):
                visit(children)

    visit(pdf.Root.StructTreeRoot)
    assert rendered.data.gemeente_grafiek is not None
    expected = [rendered.data.gemeente_grafiek.alt] + [w.grafiek.alt for w in rendered.data.wijken]
    assert alts == expected


def test_no_attachments_or_embedded_files(pdf: pikepdf.Pdf) -> None:
    assert len(pdf.attachments) == 0
    assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
    for page in pdf.pages:
        for annotation in page.get("/Annots", []):
            assert annotation.Subtype != "/FileAttachment"


def test_the_html_edition_stands_alone(rendered: Rendered) -> None:
    html = rendered.result.html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nl"' in html
    assert "<title>Handreiking Sociaal Makelaar – Utrecht – Editie 3</title>" in html
    assert '<meta name="description"' in html
    assert "<style>" in html and "@page" in html
    assert "<link" not in html
    assert html.count("<svg ") == 1 + len(WIJKEN)
    assert html.count("<title>") == 2 + len(WIJKEN)
    assert "Wat is er veranderd en waarom" in html


def test_the_print_html_sets_each_chart_as_an_image_of_its_svg_with_its_alt_text() -> None:
    data = edition_input()
    charts = [data.gemeente_grafiek] + [wijk.grafiek for wijk in data.wijken]
    print_html = build_html(data, standalone=False)
    assert "<svg" not in print_html
    images = re.findall(r'<img class="grafiek" src="([^"]+)" alt="([^"]+)">', print_html)
    assert [alt for _, alt in images] == [html.escape(c.alt, quote=True) for c in charts if c]
    for (src, _), chart in zip(images, charts, strict=True):
        assert chart is not None
        assert src == SVG_URL + base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    assert build_html(data, standalone=True).count("<svg ") == len(images)
