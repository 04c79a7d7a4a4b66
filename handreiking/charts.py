"""Bar charts as inline SVG for the handreiking: with alt text, reproducible, safe to embed.

`bar_chart` draws with matplotlib and rewrites the SVG for inline use; `check_svg` is what the
renderer asks of any chart before it embeds it.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import re
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from babel.numbers import format_decimal

from makelaar.handreiking.i18n import ui_strings
from makelaar.models.schemas import Chart
from makelaar.models.taal import Taal

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

# matplotlib (~0.5 s of imports) is imported where a chart is drawn, not at the top: the guide's
# document, the renderer and the cycles import this module for check_svg and ChartRequest,
# which every `makelaar` command that loads the cycles paid for; bar_charts imports it before
# it forks, so its drawing process has it already

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

BAR_COLOUR = "#1d5a85"  # 7.0:1 against white
TEXT_COLOUR = "#1f2328"
AXIS_COLOUR = "#57606a"
GRID_COLOUR = "#d8dee4"

_STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text stays text, set in DejaVu Sans by the renderer; no font files
    "svg.hashsalt": "makelaar-handreiking",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.parse_math": False,  # labels come from data: "$" is a dollar sign, not TeX
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "axes.edgecolor": AXIS_COLOUR,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 10,
    "xtick.color": AXIS_COLOUR,
    "ytick.color": AXIS_COLOUR,
    "xtick.labelcolor": TEXT_COLOUR,
    "ytick.labelcolor": TEXT_COLOUR,
}

_WIDTH_IN = 6.3
_LABEL_WIDTH, _LABEL_LINES = 30, 2  # longer labels (they come from data) wrap, then shorten
_TITLE_WIDTH = 80
_PAD_PT = 3  # around the drawing, as constrained layout pads
_ALLOWED_TAGS = frozenset(
    {"svg", "title", "desc", "defs", "g", "path", "use", "text", "tspan", "clipPath", "rect"}
    | {"line", "polyline", "polygon", "circle", "ellipse"}
)
_DROPPED = frozenset({"metadata", "style"})  # the style's two rules move onto the root element
_ALLOWED_ATTRIBUTES = frozenset(
    {"id", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "points"}
    | {"width", "height", "viewBox", "transform", "preserveAspectRatio", "href", "clip-path"}
    | {"fill", "fill-opacity", "fill-rule", "clip-rule", "opacity", "stroke", "stroke-width"}
    | {"stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset"}
    | {"stroke-miterlimit", "stroke-opacity", "font-size", "font-family", "font-weight"}
    | {"font-style", "text-anchor", "dominant-baseline", "role", "aria-label"}
)
_TEXT_ATTRIBUTES = frozenset({"role", "aria-label"})  # read out, never resolved as a URL
_URL = re.compile(r"url\(\s*(['\"]?)([^)'\"]*)\1\s*\)")
_FORBIDDEN_MARKUP = re.compile(r"<!(DOCTYPE|ENTITY)|<\?xml-stylesheet", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _fit(text: str, width: int, lines: int) -> str:
    """Text wrapped to at most `lines` lines of `width` characters, shortened with … if longer."""
    wrapped = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def _number(value: float, taal: Taal) -> str:
    return format_decimal(value, format="#,##0.#", locale=taal)


def _label_format(values: Sequence[float | None]) -> str:
    """One format for every bar's label: whole numbers as such, else all with one decimal
    ("8,0" beside "22,9", never "8")."""
    drawn = [value for value in values if value is not None]
    return "#,##0" if all(float(value).is_integer() for value in drawn) else "#,##0.0"


def _fit_margins(figure: Figure, axes: Axes) -> None:
    """Give the axes all the room its labels, ticks and title leave, with a small pad.

    What constrained layout does for a figure of one axes, measured once instead of iterated:
    the same picture in about 60% of the drawing time (bench/render.py: 11 charts an edition).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    width, height = figure.get_size_inches() * figure.dpi
    outer = axes.get_tightbbox(renderer, for_layout_only=True)  # a long title may overhang
    inner = axes.get_window_extent(renderer)
    if outer is None:
        return
    pad = _PAD_PT / 72 * figure.dpi
    figure.subplots_adjust(
        left=(inner.x0 - outer.x0 + pad) / width,
        right=1 - (outer.x1 - inner.x1 + pad) / width,
        bottom=(inner.y0 - outer.y0 + pad) / height,
        top=1 - (outer.y1 - inner.y1 + pad) / height,
    )


def _draw(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    xlabel: str | None,
    horizontal: bool,
    taal: Taal,
) -> str:
    suppressed = ui_strings(taal)["onderdrukt"]
    shown = [
        _fit(label, _LABEL_WIDTH, _LABEL_LINES) + ("" if value is not None else f" ({suppressed})")
        for label, value in zip(labels, values, strict=True)
    ]
    count = len(shown)
    height = 0.9 + 0.22 * count if horizontal else 3.2
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(_WIDTH_IN, height))  # margins set by _fit_margins
        axes = figure.add_subplot()
        positions = list(range(count))
        drawn = [(index, value) for index, value in enumerate(values) if value is not None]
        top = max((value for _, value in drawn), default=0.0)
        pad = top * 0.012
        formatter = FuncFormatter(lambda x, _pos: _number(x, taal))
        label_format = _label_format(values)

        def label(value: float) -> str:
            return format_decimal(value, format=label_format, locale=taal)

        if horizontal:
            axes.barh([i for i, _ in drawn], [v for _, v in drawn], color=BAR_COLOUR, height=0.6)
            axes.set_yticks(positions, shown)
            axes.invert_yaxis()
            axes.xaxis.set_major_formatter(formatter)
            axes.xaxis.set_major_locator(MaxNLocator(nbins=5))
            axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
            axes.set_xlim(0, top * 1.15 if top > 0 else 1)
            for index, value in drawn:
                axes.text(value + pad, index, label(value), va="center", fontsize=8)
            axes.tick_params(axis="y", length=0)
            if xlabel:
                axes.set_xlabel(xlabel)
        else:
            axes.bar([i for i, _ in drawn], [v for _, v in drawn], color=BAR_COLOUR, width=0.6)
            axes.set_xticks(positions, shown, rotation=30, ha="right")
            axes.yaxis.set_major_formatter(formatter)
            axes.yaxis.set_major_locator(MaxNLocator(nbins=5))
            axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
            axes.set_ylim(0, top * 1.15 if top > 0 else 1)
            for index, value in drawn:
                axes.text(index, value + pad, label(value), ha="center", va="bottom", fontsize=8)
            axes.tick_params(axis="x", length=0)
            if xlabel:
                axes.set_ylabel(xlabel)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_title(_fit(title, _TITLE_WIDTH, 2))
        _fit_margins(figure, axes)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _attributes(element: ET.Element, prefix: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for name, value in element.attrib.items():
        key = _local(name)
        if key == "style":
            for declaration in value.split(";"):
                if ":" in declaration:
                    prop, _, setting = declaration.partition(":")
                    result[prop.strip()] = setting.strip()
            continue
        if key == "id":
            value = f"{prefix}-{value}"
        elif key == "href" and value.startswith("#"):
            value = f"#{prefix}-{value[1:]}"
        else:
            value = _URL.sub(lambda m: f"url(#{prefix}-{m.group(2).lstrip('#')})", value)
        result[key] = value
    return result


def _serialise(element: ET.Element, prefix: str, out: list[str]) -> None:
    tag = _local(element.tag)
    if tag in _DROPPED:
        return
    attributes = "".join(
        f" {key}={quoteattr(value)}" for key, value in _attributes(element, prefix).items()
    )
    children = [child for child in element if _local(child.tag) not in _DROPPED]
    if tag == "g" and set(element.attrib) <= {"id"}:
        for child in children:  # matplotlib's naming groups: keep the drawing, drop the wrapper
            _serialise(child, prefix, out)
        return
    text = element.text if tag in ("text", "tspan", "title", "desc") and element.text else ""
    if not children and not text:
        out.append(f"<{tag}{attributes}/>")
        return
    out.append(f"<{tag}{attributes}>{escape(text)}")
    for child in children:
        _serialise(child, prefix, out)
        if tag in ("text", "tspan") and child.tail:
            out.append(escape(child.tail))
    out.append(f"</{tag}>")


def _inline(raw_svg: str, alt: str, salt: str = "") -> str:
    root = ET.fromstring(raw_svg)
    prefix = "c" + hashlib.sha256((raw_svg + salt).encode()).hexdigest()[:10]
    body: list[str] = []
    for child in root:
        _serialise(child, prefix, body)
    attributes = {
        key: value for key, value in _attributes(root, prefix).items() if key != "version"
    }
    attributes.update(
        {
            "xmlns": SVG_NS,
            "role": "img",
            "aria-label": alt,
            "stroke-linejoin": "round",
            "stroke-linecap": "butt",
        }
    )
    opening = "".join(f" {key}={quoteattr(value)}" for key, value in attributes.items())
    return f"<svg{opening}><title>{escape(alt)}</title>{''.join(body)}</svg>"


def inline_svg(raw_svg: str, alt: str, salt: str = "") -> str:
    """Any SVG (a logo) rewritten as the charts are, with `alt` as its first <title>.

    Elements and attributes of other vocabularies (an editor's own, such as Inkscape's) are left
    out. Raises ValueError when the text is no XML or declares a DOCTYPE or entities; the result
    still has to pass check_svg. The same SVG inlined twice in one document needs a different
    `salt` each time, so that its ids stay unique.
    """
    if _FORBIDDEN_MARKUP.search(raw_svg):
        raise ValueError("de SVG bevat een DOCTYPE, ENTITY of stylesheet-instructie")
    try:
        root = ET.fromstring(raw_svg)
    except ET.ParseError as exc:
        raise ValueError(f"de SVG is geen geldige XML: {exc}") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValueError(f"het buitenste element is {root.tag!r}, niet <svg>")
    for element in list(root.iter()):
        for child in list(element):
            if not child.tag.startswith(f"{{{SVG_NS}}}"):
                element.remove(child)
        for name in list(element.attrib):
            if name.startswith("{") and not name.startswith(f"{{{XLINK_NS}}}"):
                del element.attrib[name]
    return _inline(ET.tostring(root, encoding="unicode"), alt.strip(), salt)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    alt: str,
    caption: str,
    xlabel: str | None = None,
    horizontal: bool = True,
    taal: Taal = "nl",
) -> Chart:
    """A bar chart as inline SVG whose first child is `<title>` with the alt text.

    A value of None is a suppressed figure: no bar, and its label says so. The same
    arguments give the same SVG, byte for byte.
    """
    if len(labels) != len(values):
        raise ValueError(
            f"bar_chart kreeg {len(labels)} labels en {len(values)} waarden; "
            "geef per label één waarde (None voor een onderdrukte waarde)."
        )
    if not labels:
        raise ValueError("bar_chart kreeg geen labels; een grafiek heeft minstens één staaf.")
    if not alt.strip():
        raise ValueError("bar_chart kreeg een lege alt-tekst; beschrijf wat de grafiek laat zien.")
    raw = _draw(labels, values, title=title, xlabel=xlabel, horizontal=horizontal, taal=taal)
    svg = _inline(raw, alt.strip())
    return Chart(svg=svg, alt=alt.strip(), bijschrift=caption)


@dataclass(frozen=True)
class ChartRequest:
    """The arguments of one `bar_chart` call, to draw several at once with `bar_charts`."""

    labels: Sequence[str]
    values: Sequence[float | None]
    title: str
    alt: str
    caption: str
    xlabel: str | None = None
    horizontal: bool = True
    taal: Taal = "nl"


#: fewer charts than this are drawn in this process alone (a second process costs its start)
_PARALLEL_FROM = 4


def _draw_requests(requests: Sequence[ChartRequest]) -> list[Chart]:
    return [
        bar_chart(
            request.labels,
            request.values,
            title=request.title,
            alt=request.alt,
            caption=request.caption,
            xlabel=request.xlabel,
            horizontal=request.horizontal,
            taal=request.taal,
        )
        for request in requests
    ]


def bar_charts(requests: Sequence[ChartRequest]) -> list[Chart]:
    """The charts of `requests`, in their order, each as `bar_chart` draws it (the same SVG).

    On Linux with two or more cores the later half is drawn in a forked process while this one
    draws the first half (matplotlib draws on one core; an edition has one chart per wijk).
    """
    if len(requests) < _PARALLEL_FROM or sys.platform != "linux" or (os.cpu_count() or 1) < 2:
        return _draw_requests(requests)
    half = (len(requests) + 1) // 2
    import matplotlib.figure  # noqa: F401  (before the fork: the child need not import it)

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        later = pool.submit(_draw_requests, requests[half:])
        first = _draw_requests(requests[:half])
        return first + later.result()


def _check_attribute(name: str, value: str) -> None:
    local = _local(name)
    if local not in _ALLOWED_ATTRIBUTES:
        raise ValueError(f"attribuut {local} is niet toegestaan in een grafiek")
    if local in _TEXT_ATTRIBUTES:
        return
    if local == "href" and not value.startswith("#"):
        raise ValueError(f"attribuut href={value!r} verwijst buiten de grafiek")
    for match in _URL.finditer(value):
        if not match.group(2).startswith("#"):
            raise ValueError(f"attribuut {local} verwijst naar {match.group(2)!r}")


def check_svg(svg: str) -> str:
    """The chart's alt text, after checking the SVG refers to nothing outside itself.

    Raises ValueError naming the first problem: not an <svg>, no <title> first, an element
    or attribute outside the drawing vocabulary (image, script, foreignObject, style, a,
    event handlers, style attributes), or a reference to anything but an id inside the SVG.
    """
    if _FORBIDDEN_MARKUP.search(svg):
        raise ValueError("de SVG bevat een DOCTYPE, ENTITY of stylesheet-instructie")
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        raise ValueError(f"de SVG is geen geldige XML: {exc}") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValueError(f"het buitenste element is {root.tag!r}, niet <svg>")
    first = next(iter(root), None)
    if first is None or first.tag != f"{{{SVG_NS}}}title" or not (first.text or "").strip():
        raise ValueError("het eerste kind van <svg> is geen <title> met alt-tekst")
    for element in root.iter():
        namespace, _, tag = element.tag[1:].partition("}")
        if namespace != SVG_NS or tag not in _ALLOWED_TAGS:
            raise ValueError(f"element <{tag or element.tag}> is niet toegestaan in een grafiek")
        for name, value in element.attrib.items():
            _check_attribute(name, value)
    return (first.text or "").strip()
