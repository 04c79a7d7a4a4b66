"""A gemeente's logo on the handreiking's cover and colophon: checked once when it is set, again
when an edition is made, and embedded in the document itself (nothing is read from elsewhere).

A PNG is shown as an <img> with a data: URL (the renderer's fetcher decodes such a URL only when
it holds a PNG); an SVG is rewritten like a chart (handreiking.charts: ids prefixed, styles as
attributes) and allowed only when it draws with the charts' vocabulary and refers to nothing
outside itself, then inlined with its alt text as <title>.
"""

from __future__ import annotations

import base64
import struct
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from makelaar.handreiking.charts import check_svg, inline_svg
from makelaar.models.taal import Taal, in_taal

PNG = "image/png"
SVG = "image/svg+xml"
_TYPES = {".png": PNG, ".svg": SVG}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 2_000_000
MAX_PIXELS = 6000  # per side


class LogoError(ValueError):
    """A logo file that cannot go into the handreiking; the message says why and what is valid."""


@dataclass(frozen=True)
class Logo:
    data: bytes
    type: str  # PNG or SVG


def _valid(taal: Taal) -> str:
    return in_taal(
        taal,
        f"geef een PNG- of SVG-bestand (.png of .svg) van hoogstens {MAX_BYTES // 1_000_000} MB",
        f"give a PNG or SVG file (.png or .svg) of at most {MAX_BYTES // 1_000_000} MB",
    )


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk, or None when the file is no PNG."""
    if len(data) < 33 or not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def check_logo(data: bytes, type_: str, naam: str, taal: Taal = "nl") -> None:
    """Raise LogoError naming `naam` and the problem when `data` is no logo the guide can show."""
    if not data:
        raise LogoError(
            in_taal(taal, f"Het logo {naam} is leeg; ", f"The logo {naam} is empty; ")
            + _valid(taal)
            + "."
        )
    if len(data) > MAX_BYTES:
        raise LogoError(
            in_taal(
                taal,
                f"Het logo {naam} is {len(data):,} bytes, te groot; ".replace(",", "."),
                f"The logo {naam} is {len(data):,} bytes, too large; ",
            )
            + _valid(taal)
            + "."
        )
    if type_ == PNG:
        size = _png_size(data)
        if size is None:
            raise LogoError(
                in_taal(
                    taal,
                    f"Het logo {naam} heet .png maar is geen PNG-bestand; ",
                    f"The logo {naam} is named .png but is no PNG file; ",
                )
                + _valid(taal)
                + "."
            )
        if not all(0 < side <= MAX_PIXELS for side in size):
            raise LogoError(
                in_taal(
                    taal,
                    f"Het logo {naam} is {size[0]}×{size[1]} pixels; geef een PNG van hoogstens "
                    f"{MAX_PIXELS}×{MAX_PIXELS} pixels.",
                    f"The logo {naam} is {size[0]}×{size[1]} pixels; give a PNG of at most "
                    f"{MAX_PIXELS}×{MAX_PIXELS} pixels.",
                )
            )
        return
    if type_ == SVG:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        problem = (
            in_taal(taal, "het is geen UTF-8-tekst", "it is not UTF-8 text")
            if text is None
            else _svg_problem(text)
        )
        if problem is not None:
            raise LogoError(
                in_taal(
                    taal,
                    f"Het logo {naam} kan niet in de handreiking: {problem}. Geef een SVG die "
                    "alleen tekent (paden, vormen, tekst, groepen) en niets van buiten het "
                    "bestand laadt (geen afbeeldingen, scripts, stylesheets of links), of een PNG.",
                    f"The logo {naam} cannot go into the handreiking: {problem}. Give an SVG that "
                    "only draws (paths, shapes, text, groups) and loads nothing from outside the "
                    "file (no images, scripts, style sheets or links), or a PNG.",
                )
            )
        return
    raise LogoError(
        in_taal(
            taal, f"Het logo {naam} heeft type {type_!r}; ", f"The logo {naam} has type {type_!r}; "
        )
        + _valid(taal)
        + "."
    )


def _svg_problem(text: str) -> str | None:
    try:
        check_svg(inline_svg(text, "logo"))
    except ValueError as exc:
        return str(exc).replace("in een grafiek", "in een logo")
    return None


def read_logo(path: Path, taal: Taal = "nl") -> Logo:
    """The logo at `path`, checked; LogoError (naming the file and what is valid) otherwise."""
    type_ = _TYPES.get(path.suffix.lower())
    if type_ is None:
        raise LogoError(
            in_taal(
                taal,
                f"Het logo {path} heeft de extensie {path.suffix or '(geen)'!s}; ",
                f"The logo {path} has the extension {path.suffix or '(none)'!s}; ",
            )
            + _valid(taal)
            + "."
        )
    if not path.is_file():
        raise LogoError(
            in_taal(
                taal,
                f"Het logo {path} bestaat niet of is geen bestand; ",
                f"The logo {path} does not exist or is not a file; ",
            )
            + _valid(taal)
            + "."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LogoError(
            in_taal(
                taal,
                f"Het logo {path} is niet te lezen ({exc.strerror}); ",
                f"The logo {path} cannot be read ({exc.strerror}); ",
            )
            + _valid(taal)
            + "."
        ) from None
    check_logo(data, type_, str(path), taal)
    return Logo(data=data, type=type_)


def logo_markup(data: bytes, type_: str, alt: str, plaats: str) -> Markup:
    """The logo as HTML with `alt` as its text alternative, for one place in the document
    (`plaats`, e.g. "omslag": an SVG's ids differ per place); LogoError when it is unsafe."""
    check_logo(data, type_, "van de gemeente")
    if type_ == PNG:
        source = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        # Safe to mark: the alt text is escaped, the source is base64 of a checked PNG.
        return Markup(f'<img class="logo" src="{source}" alt="{escape(alt)}">')
    svg = inline_svg(data.decode("utf-8"), alt, plaats)
    check_svg(svg)
    # Safe to mark: check_svg allows only drawing elements and references inside the SVG.
    return Markup(svg.replace("<svg ", '<svg class="logo" ', 1))
