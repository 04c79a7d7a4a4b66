"""Bar charts: alt text as <title>, reproducible SVG, data escaped, nothing that reaches outside."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from makelaar.handreiking.charts import SVG_NS, ChartRequest, bar_chart, bar_charts, check_svg

LABELS = ["West", "Overvecht", "Binnenstad"]


def _chart(title: str = "Acties per wijk") -> str:
    return bar_chart(
        LABELS,
        [12.0, 30.0, None],
        title=title,
        alt="Staafdiagram: West 12, Overvecht 30, Binnenstad onderdrukt.",
        caption="Bron: logboek",
    ).svg


def test_the_alt_text_is_the_first_child_title_and_the_svg_is_an_image() -> None:
    chart = bar_chart(LABELS, [12.0, 30.0, 5.0], title="T", alt="Drie wijken", caption="C")
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert root[0].tag == f"{{{SVG_NS}}}title"
    assert root[0].text == "Drie wijken"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Drie wijken"
    assert chart.alt == "Drie wijken"
    assert chart.bijschrift == "C"
    assert check_svg(chart.svg) == "Drie wijken"


def test_the_svg_embeds_inline() -> None:
    svg = _chart()
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    assert "<!DOCTYPE" not in svg
    assert "<metadata" not in svg
    assert "<style" not in svg
    assert " style=" not in svg
    assert "xlink:" not in svg


def test_the_same_data_gives_the_same_svg() -> None:
    assert _chart() == _chart()
    assert _chart() != _chart(title="Een andere titel")


def test_ids_are_prefixed_per_chart_and_references_follow() -> None:
    first, second = _chart(), _chart(title="Anders")
    first_ids = set(re.findall(r' id="([^"]+)"', first))
    second_ids = set(re.findall(r' id="([^"]+)"', second))
    assert first_ids and not first_ids & second_ids
    references = set(re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', first))
    assert {name for pair in references for name in pair if name} <= first_ids


def test_labels_and_texts_from_data_are_escaped() -> None:
    svg = bar_chart(
        ["<b>x</b> & $a$", "B"],
        [1.0, 2.0],
        title="<script>alert(1)</script>",
        alt='Alt <b>"x"</b>',
        caption="c",
    ).svg
    assert "<b>" not in svg
    assert "<script" not in svg
    assert "&lt;b&gt;x&lt;/b&gt; &amp; $a$" in svg
    assert "&lt;script&gt;" in svg
    assert check_svg(svg) == 'Alt <b>"x"</b>'


def test_a_suppressed_value_draws_no_bar_and_says_so() -> None:
    svg = _chart()
    assert "Binnenstad (onderdrukt)" in svg
    assert svg.count("#1d5a85") == 2
    english = bar_chart(["A", "B"], [1.0, None], title="T", alt="A", caption="C", taal="en").svg
    assert "B (suppressed)" in english


def test_values_are_written_the_dutch_way() -> None:
    svg = bar_chart(["A"], [1234.5], title="T", alt="A", caption="C").svg
    assert ">1.234,5<" in svg


def test_vertical_bars_work_too() -> None:
    svg = bar_chart(["A", "B"], [3.0, None], title="T", alt="A", caption="C", horizontal=False).svg
    assert check_svg(svg) == "A"
    assert "B (onderdrukt)" in svg


def test_bad_arguments_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="2 labels en 1 waarden"):
        bar_chart(["A", "B"], [1.0], title="T", alt="A", caption="C")
    with pytest.raises(ValueError, match="geen labels"):
        bar_chart([], [], title="T", alt="A", caption="C")
    with pytest.raises(ValueError, match="lege alt-tekst"):
        bar_chart(["A"], [1.0], title="T", alt="  ", caption="C")


def _requests(count: int) -> list[ChartRequest]:
    return [
        ChartRequest(
            LABELS,
            [float(n), 30.0, None],
            title=f"Grafiek {n}",
            alt=f"Staafdiagram {n}",
            caption="Bron: logboek",
            horizontal=n % 2 == 0,
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("count", [1, 7])  # 7: the later half drawn in a second process
def test_bar_charts_gives_each_chart_as_bar_chart_does_in_order(count: int) -> None:
    requests = _requests(count)
    charts = bar_charts(requests)
    expected = [
        bar_chart(
            r.labels,
            r.values,
            title=r.title,
            alt=r.alt,
            caption=r.caption,
            horizontal=r.horizontal,
        )
        for r in requests
    ]
    assert charts == expected
    assert [chart.alt for chart in charts] == [f"Staafdiagram {n}" for n in range(count)]


def test_bar_charts_passes_on_a_refusal_from_the_later_half() -> None:
    requests = [*_requests(5), ChartRequest(["A"], [1.0], title="T", alt=" ", caption="C")]
    with pytest.raises(ValueError, match="lege alt-tekst"):
        bar_charts(requests)


@pytest.mark.parametrize(
    ("svg", "reason"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>', "geen <title>"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><title>t</title>'
            '<image href="file:///etc/passwd"/></svg>',
            "<image> is niet toegestaan",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><title>t</title><script>x()</script></svg>',
            "<script> is niet toegestaan",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><title>t</title>'
            "<style>@import url(http://169.254.169.254/);</style></svg>",
            "<style> is niet toegestaan",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><title>t</title></svg>',
            "attribuut onload is niet toegestaan",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><title>t</title>'
            '<use href="file:///etc/passwd#x"/></svg>',
            "verwijst buiten de grafiek",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><title>t</title>'
            '<rect fill="url(http://169.254.169.254/)"/></svg>',
            "verwijst naar",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><title>t</title>'
            '<rect style="fill: red"/></svg>',
            "attribuut style is niet toegestaan",
        ),
        (
            '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<svg xmlns="http://www.w3.org/2000/svg"><title>&x;</title></svg>',
            "DOCTYPE",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" aria-label="url(http://x/)"><title>t</title>'
            '<rect fill="url(#ok)" filter="url(http://x/)"/></svg>',
            "attribuut filter is niet toegestaan",
        ),
        ("<html><title>t</title></html>", "niet <svg>"),
        ("<svg", "geen geldige XML"),
    ],
)
def test_check_svg_refuses_anything_that_reaches_out(svg: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        check_svg(svg)
