"""The demo edition's pages as laid out, checked where a reader would see a flaw: nothing past the
text margin, no near-empty page, no heading left alone at the foot of a page, a table that breaks
over pages repeats its header; and the HTML edition in Chromium at phone width (390 px) and on a
desktop (1280 px): no element wider than the window, and axe-core's WCAG 2.1 AA rules pass."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from weasyprint import HTML

from makelaar.handreiking.document import build_html
from makelaar.handreiking.fetcher import StaticFetcher, static_url
from makelaar.models.schemas import Figure
from tests.conftest import skip_or_fail
from tests.handreiking.demo_editie import DemoRonde, demo_ronde
from tests.handreiking.factories import edition_input
from tests.handreiking.helpers import captured_warnings

#: points of slack for rounding in the layout
SLACK_PT = 0.5
#: a page after the cover whose content fills less than this share of the text area is near-empty
MIN_FILL = 0.15
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: the blocks whose bottom is where the text of a page ends
BLOCKS = ("p", "li", "table", "figure", "dd", "dt", *HEADINGS)
PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class Pagina:
    number: int
    boxes: list[Any]  # every box laid out on the page, in document order
    left: float
    right: float
    top: float
    height: float


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child)


@pytest.fixture(scope="module")
def ronde(tmp_path_factory: pytest.TempPathFactory) -> DemoRonde:
    return demo_ronde(tmp_path_factory.mktemp("demo-opmaak"))


@pytest.fixture(scope="module")
def pages(ronde: DemoRonde) -> list[Pagina]:
    """The HTML edition laid out for print, as the PDF is (the same stylesheet, inline)."""
    with captured_warnings() as handler:
        document = HTML(
            string=ronde.html.read_text(encoding="utf-8"),
            base_url=static_url(),
            url_fetcher=StaticFetcher(),
        ).render()
    assert [record.getMessage() for record in handler.records] == []
    result = []
    for number, page in enumerate(document.pages, 1):
        root = page._page_box  # WeasyPrint's layout: the one way to see where boxes ended up
        result.append(
            Pagina(
                number=number,
                boxes=[box for child in root.children for box in _walk(child)],
                left=root.content_box_x(),
                right=root.content_box_x() + root.width,
                top=root.content_box_y(),
                height=root.height,
            )
        )
    return result


def _tag(box: Any) -> str | None:
    return getattr(box, "element_tag", None)


def _describe(box: Any) -> str:
    element = box.element
    text = " ".join("".join(element.itertext() if element is not None else "").split())[:50]
    return f"<{_tag(box)} class={element.get('class') if element is not None else None}> {text!r}"


def test_nothing_runs_past_the_text_margin(pages: list[Pagina]) -> None:
    past = []
    for page in pages[1:]:  # the cover's band runs to the edge of the paper on purpose
        for box in page.boxes:
            if _tag(box) in (None, "html", "body") or not hasattr(box, "border_width"):
                continue
            left, right = box.border_box_x(), box.border_box_x() + box.border_width()
            over = max(right - page.right, page.left - left)
            if over > SLACK_PT:
                past.append(f"p. {page.number}: {over / PX_PER_MM:.1f} mm " + _describe(box))
    assert not past, "\n".join(past[:20])


def _fill(page: Pagina) -> float:
    bottoms = [box.position_y + box.margin_height() for box in page.boxes if _tag(box) in BLOCKS]
    return (max(bottoms, default=page.top) - page.top) / page.height


def test_no_near_empty_page(pages: list[Pagina]) -> None:
    fills = {page.number: round(_fill(page), 2) for page in pages[1:]}
    assert all(fill >= MIN_FILL for fill in fills.values()), fills


def test_no_heading_is_the_last_thing_on_a_page(pages: list[Pagina]) -> None:
    alone = []
    for page in pages:
        blocks = [box for box in page.boxes if _tag(box) in BLOCKS]
        if blocks:
            last = max(blocks, key=lambda box: box.position_y + box.margin_height())
            if _tag(last) in HEADINGS:
                alone.append(f"p. {page.number}: " + _describe(last))
    assert not alone, "\n".join(alone)


def _table_fragments(pages: list[Pagina]) -> dict[int, list[tuple[int, bool]]]:
    """Per table element: the pages it is laid out on, and whether its header is there."""
    fragments: dict[int, list[tuple[int, bool]]] = {}
    for page in pages:
        for box in page.boxes:
            if type(box).__name__ == "TableBox" and box.element is not None:
                has_head = any(_tag(child) == "thead" for child in box.children)
                fragments.setdefault(id(box.element), []).append((page.number, has_head))
    return fragments


def test_a_table_that_breaks_over_pages_repeats_its_header(pages: list[Pagina]) -> None:
    split = {key: parts for key, parts in _table_fragments(pages).items() if len(parts) > 1}
    assert all(has_head for parts in split.values() for _, has_head in parts), split
    # a table too long for one page (the methods table of a long edition) breaks, header and all
    rows = [Figure(label=f"Regel {n}", waarde=f"{n},0", bron="logboek") for n in range(90)]
    data = edition_input().model_copy(update={"methode": rows})
    document = HTML(
        string=build_html(data, standalone=False),
        base_url=static_url(),
        url_fetcher=StaticFetcher(),
    ).render()
    long_pages = [
        Pagina(n, [b for c in p._page_box.children for b in _walk(c)], 0, 0, 0, 1)
        for n, p in enumerate(document.pages, 1)
    ]
    methods = [parts for parts in _table_fragments(long_pages).values() if len(parts) > 1]
    assert len(methods) == 1 and len(methods[0]) >= 2, methods
    assert all(has_head for _, has_head in methods[0])


# --- the HTML edition in Chromium -----------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) {
      wide.push(`${element.tagName}.${element.className} ${Math.round(box.left)}–${Math.round(box.right)}`);
    }
  }
  return {width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 20)};
}"""


@pytest.mark.parametrize("breedte", [390, 1280])
def test_the_html_edition_fits_the_window_and_passes_axe(ronde: DemoRonde, breedte: int) -> None:
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium ({CHROMIUM}) is not installed; `make setup` installs it")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": breedte, "height": 844})
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(("file:", "data:"))
                    else route.abort()
                ),
            )
            page.goto(ronde.html.as_uri())
            overflow = page.evaluate(OVERFLOW)
            violations = Axe().run(page).response["violations"]
        finally:
            browser.close()
    assert overflow["wide"] == [] and overflow["scroll"] == breedte, overflow
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations] == []


def test_the_pdf_is_tagged_in_dutch_with_its_title_and_every_figure_has_alt_text(
    ronde: DemoRonde,
) -> None:
    import pikepdf

    with pikepdf.open(ronde.pdf) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root and str(root.Lang) == "nl"
        assert root.MarkInfo.Marked
        assert str(pdf.docinfo["/Title"]) == ("Handreiking Sociaal Makelaar – Utrecht – Editie 1")
        assert str(root.ViewerPreferences.DisplayDocTitle) == "True"
        figures: list[str] = []

        def visit(element: object) -> None:
            if isinstance(element, pikepdf.Dictionary):
                if element.get("/S") == "/Figure":
                    figures.append(str(element.get("/Alt", "")))
                children = element.get("/K")
                for child in children if isinstance(children, pikepdf.Array) else [children]:
                    visit(child)

        visit(root.StructTreeRoot)
    # the gemeente's chart and one per wijk, each described
    assert len(figures) == 11 and all(alt.strip() for alt in figures), figures
