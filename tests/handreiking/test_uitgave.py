"""The gemeente's own name, logo and contact on cover and colophon, and the summary at the front:
in the HTML, in the PDF's text and tags (the logo a Figure with its alt text), with defaults."""

from __future__ import annotations

import pikepdf
import pytest
from lxml import html as lxml_html

from makelaar.handreiking.document import build_html
from makelaar.handreiking.logo import LogoError, logo_markup
from makelaar.handreiking.render import render_edition
from makelaar.models.errors import RenderError
from makelaar.models.schemas import EditionInput, Finding, Uitgave
from tests.flows.test_cli_gemeente import png
from tests.handreiking.factories import edition_input
from tests.handreiking.helpers import captured_warnings, page_texts

SVG_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/'
    'inkscape" viewBox="0 0 300 80" width="300" height="80"><metadata>editor</metadata>'
    '<defs><clipPath id="c"><rect width="80" height="80"/></clipPath></defs>'
    '<rect id="blok" width="80" height="80" style="fill:#c8102e" clip-path="url(#c)" '
    'inkscape:label="blok"/><text x="95" y="50" font-size="24">Logostad</text></svg>'
)


def met(uitgave: Uitgave | None, **extra: object) -> EditionInput:
    return edition_input().model_copy(update={"uitgave": uitgave, **extra})


def tree(data: EditionInput) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(build_html(data, standalone=True))


def text_of(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def colofon_rows(page: lxml_html.HtmlElement) -> dict[str, str]:
    return {
        text_of(row.xpath("th")[0]): text_of(row.xpath("td")[0])
        for row in page.xpath('//table[@class="colofon-gegevens"]//tr')
    }


def test_without_settings_the_cover_names_the_gemeente_and_the_colophon_no_contact() -> None:
    page = tree(met(None))
    assert text_of(page.xpath('//p[@class="omslag-gemeente"]')[0]) == "Gemeente Utrecht"
    assert not page.xpath('//*[contains(@class, "logo")]') and not page.xpath(
        '//p[@class="omslag-contact"]'
    )
    colofon = text_of(page.xpath('//*[@id="colofon"]')[0])
    assert colofon_rows(page)["Uitgegeven door"] == "Gemeente Utrecht"
    assert "Contact" not in colofon_rows(page)
    assert "Vragen over deze handreiking? Neem contact op met de gemeente Utrecht." in colofon
    assert page.xpath('//meta[@name="author"]')[0].get("content") == "Gemeente Utrecht"


def test_name_contact_website_and_png_logo_on_cover_and_colophon() -> None:
    uitgave = Uitgave(
        naam="Gemeente Logostad",
        contact="Team Wijken, 14 030",
        website="https://www.logostad.nl/",
        logo=png(),
        logo_type="image/png",
        logo_alt="Wapen van Logostad",
    )
    page = tree(met(uitgave))
    assert text_of(page.xpath('//p[@class="omslag-gemeente"]')[0]) == "Gemeente Logostad"
    assert text_of(page.xpath('//p[@class="omslag-contact"]')[0]) == (
        "Uitgegeven door Gemeente Logostad · Team Wijken, 14 030 · www.logostad.nl"
    )
    logos = page.xpath('//img[@class="logo"]')
    assert [img.get("alt") for img in logos] == ["Wapen van Logostad"] * 2
    assert all(img.get("src", "").startswith("data:image/png;base64,") for img in logos)
    rows = colofon_rows(page)
    assert rows["Uitgegeven door"] == "Gemeente Logostad"
    assert rows["Contact"] == "Team Wijken, 14 030"
    assert rows["Website"] == "www.logostad.nl"
    assert (
        page.xpath('//table[@class="colofon-gegevens"]//a')[0].get("href")
        == "https://www.logostad.nl/"
    )


def test_an_svg_logo_is_inlined_safely_with_unique_ids_and_its_alt_as_title() -> None:
    uitgave = Uitgave(naam="Gemeente Logostad", logo=SVG_LOGO.encode(), logo_type="image/svg+xml")
    page = tree(met(uitgave))
    logos = page.xpath('//svg[@class="logo"]')
    assert len(logos) == 2
    for svg in logos:
        assert svg.get("role") == "img" and svg.get("aria-label") == "Logo van Gemeente Logostad"
        assert svg[0].tag.endswith("title")
    ids = [element.get("id") for element in page.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    markup = build_html(met(uitgave), standalone=True)
    assert "inkscape" not in markup and "metadata" not in markup and 'fill="#c8102e"' in markup


def test_a_logo_changed_in_the_database_into_something_unsafe_stops_the_render() -> None:
    bad = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(LogoError, match="element <script> is niet toegestaan"):
        logo_markup(bad, "image/svg+xml", "logo", "omslag")
    with pytest.raises(RenderError, match="Het logo van Gemeente Logostad kan niet in de hand"):
        build_html(
            met(Uitgave(naam="Gemeente Logostad", logo=bad, logo_type="image/svg+xml")),
            standalone=False,
        )


def test_the_summary_names_the_round_main_findings_and_adopted_changes() -> None:
    bevindingen = [
        Finding(
            code="x-wijk",
            soort="sterk",
            titel="Bewoners organiseren zelf in Oost",
            tekst="In Oost 25,9% (95%-interval 22–30%, n = 456), tegen 15,6% in de gemeente.",
            sectie_id="s",
            wijk_code="WK034405",
        ),
        Finding(
            code="x-gemeente",
            soort="aandacht",
            titel="Een deel van de signalen wordt niet opgepakt",
            tekst="80,1% (95%-interval 77–83%, n = 592) van de signalen is opgepakt.",
            sectie_id="s",
        ),
    ]
    data = met(None, bevindingen=bevindingen)
    page = tree(data)
    samenvatting = page.xpath('//*[@id="samenvatting"]')[0]
    assert text_of(samenvatting.xpath("h1")[0]) == "Samenvatting"
    items = [text_of(li) for li in samenvatting.xpath('ul[@class="samenvatting-bevindingen"]/li')]
    assert items[0].startswith("Aandachtspunt Een deel van de signalen wordt niet opgepakt. 80,1%")
    assert "(95%-interval 22–30%, n = 456)" in items[1] and items[1].endswith("Naar de wijkpagina.")
    wijzigingen = [
        text_of(li) for li in samenvatting.xpath('ul[@class="samenvatting-wijzigingen"]/li')
    ]
    assert len(wijzigingen) == len(data.wijziging) > 0
    assert wijzigingen[0].startswith(data.wijziging[0].titel)
    ronde = text_of(samenvatting.xpath("p")[0])
    assert f"over de periode {data.periode}" in ronde
    # the summary comes before the first chapter, and is in the contents
    order = [s.get("id") for s in page.xpath('//section[@class="hoofdstuk"]')]
    assert order[0] == "samenvatting"
    assert page.xpath('//*[@id="inhoud"]//a[@href="#samenvatting"]')


def test_the_pdf_tags_the_logo_with_its_alt_text_and_renders_without_warnings(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    uitgave = Uitgave(
        naam="Gemeente Logostad",
        contact="Team Wijken, 14 030",
        logo=png(40, 12),
        logo_type="image/png",
        logo_alt="Wapen van Logostad",
    )
    with captured_warnings() as handler:
        result = render_edition(met(uitgave), tmp_path_factory.mktemp("uitgave"))
    assert [r.getMessage() for r in handler.records] == []
    assert result.refused == ()
    pages = page_texts(result.pdf)
    assert "Gemeente Logostad" in pages[0] and "Team Wijken, 14 030" in pages[0]
    assert "Uitgegeven door" in pages[1]
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

    with pikepdf.open(result.pdf) as pdf:
        visit(pdf.Root.StructTreeRoot)
    assert alts[:2] == ["Wapen van Logostad", "Wapen van Logostad"]


def test_the_fetcher_serves_a_png_data_url_and_nothing_else_from_data() -> None:
    import base64

    from makelaar.handreiking.fetcher import StaticFetcher

    fetcher = StaticFetcher()
    url = "data:image/png;base64," + base64.b64encode(png()).decode()
    served = fetcher.fetch(url)
    assert served.read() == png() and served.content_type == "image/png"
    for refused in (
        "data:image/png;base64," + base64.b64encode(b"<svg/>").decode(),  # not a PNG inside
        "data:image/png;base64,!!!",
        "data:image/svg+xml;base64," + base64.b64encode(SVG_LOGO.encode()).decode(),
    ):
        with pytest.raises(ValueError, match="alleen die map wordt gelezen"):
            fetcher.fetch(refused)
    assert fetcher.served == [] and len(fetcher.refused) == 3
