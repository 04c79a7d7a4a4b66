"""The diff of two editions of the handreiking, as one HTML page for the learning session.

`write_diff(previous_html, new_html, target, taal)` reads the two editions' HTML files, diffs the
text of their main content with lxml's htmldiff (words compared, the new edition's markup kept,
insertions in <ins> and deletions in <del>), and writes a standalone page: a header naming both
editions, a legend, the parts of the guide that changed (linked), then the whole edition with its
changes marked. Charts (inline SVG), the table of contents, scripts, styles and event attributes
are left out of the comparison; links are compared by their text, not their address. The page
holds no markup but what the editions' own (escaped) HTML holds and the texts of this module,
each escaped where it is written.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml.html.diff import fixup_ins_del_tags, htmldiff_tokens, tokenize

from makelaar.handreiking.static_files import STATIC_DIR
from makelaar.models.errors import RenderError
from makelaar.models.taal import Catalogus, Taal, catalogus, vertaal

#: elements left out of the comparison: not text a reader compares, or not ours to copy
_DROPPED = ("script", "style", "link", "meta", "iframe", "object", "embed", "nav", "noscript")
_NUMBER = re.compile(r"handreiking-editie-(\d+)")

TEKSTEN: Catalogus = catalogus(
    "handreiking_verschil",
    {
        "titel": {
            "nl": "Wat is er veranderd: {nieuw} tegenover {vorig}",
            "en": "What changed: {nieuw} against {vorig}",
        },
        "editie": {"nl": "editie {nummer}", "en": "edition {nummer}"},
        "kop": {
            "nl": "Verschil tussen twee edities van de handreiking",
            "en": "Differences between two editions of the handreiking",
        },
        "vorig": {"nl": "Vorige editie", "en": "Previous edition"},
        "nieuw": {"nl": "Nieuwe editie", "en": "New edition"},
        "legenda": {
            "nl": "Tekst die in {nieuw} is toegevoegd staat zo: {toegevoegd}. Tekst die uit "
            "{vorig} is verdwenen staat zo: {verwijderd}. Grafieken en de inhoudsopgave zijn niet "
            "vergeleken.",
            "en": "Text added in {nieuw} looks like this: {toegevoegd}. Text removed from {vorig} "
            "looks like this: {verwijderd}. Charts and the table of contents are not compared.",
        },
        "voorbeeld_ins": {"nl": "toegevoegd", "en": "added"},
        "voorbeeld_del": {"nl": "verwijderd", "en": "removed"},
        "onderdelen": {"nl": "Gewijzigde onderdelen", "en": "Parts that changed"},
        "onderdeel": {
            "nl": "{toegevoegd} toevoegingen, {verwijderd} verwijderingen",
            "en": "{toegevoegd} insertions, {verwijderd} deletions",
        },
        "geen_verschil": {
            "nl": "De tekst van de twee edities is gelijk.",
            "en": "The two editions' text is the same.",
        },
        "elders": {"nl": "Elders in de handreiking", "en": "Elsewhere in the guide"},
        "tekst": {"nl": "De editie met de wijzigingen", "en": "The edition with its changes"},
        "onleesbaar": {
            "nl": "De editie {pad} is geen leesbare HTML-editie ({fout}); render die editie "
            "opnieuw.",
            "en": "The edition {pad} is not a readable HTML edition ({fout}); render that "
            "edition again.",
        },
    },
)

_STYLE = """
.verschil-kop { border-bottom: 2pt solid #1d5a85; margin-bottom: 1.5em; padding-top: 1em; }
.verschil-kop h1 { border: none; margin-bottom: 0.3em; }
.verschil-kop dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; }
.verschil-kop dt { font-weight: bold; }
.verschil-kop dd { margin: 0; overflow-wrap: anywhere; }
ins { background: #dafbe1; color: #0f3d1f; text-decoration: underline; }
del { background: #ffebe9; color: #82071e; text-decoration: line-through; }
ins, del { overflow-wrap: anywhere; }
.verschil-kop a, .verschil-tekst a { text-decoration: underline; }
.verschil-tekst figure { max-width: 100%; }
.verschil-tekst table { width: 100%; max-width: 100%; table-layout: fixed; }
.verschil-tekst th, .verschil-tekst td { overflow-wrap: break-word; }
@media screen and (max-width: 40em) {
  .verschil-tekst .tabellen, .verschil-tekst .tabellen > div { display: block; width: auto; }
  .verschil-tekst .tabellen > div + div { padding-left: 0; }
}
"""


@dataclass(frozen=True)
class _Edition:
    title: str
    number: int | None
    content: str


@dataclass
class _Part:
    anchor: str | None
    title: str
    added: int = 0
    removed: int = 0


def _tekst(key: str, taal: Taal, **values: object) -> str:
    return vertaal(TEKSTEN, key, taal, **values)


def _read(path: Path, taal: Taal) -> _Edition:
    """The edition's title, number (from its file name) and main content, cleaned for the diff."""
    try:
        document = lxml.html.document_fromstring(path.read_bytes())
    except (OSError, ValueError, lxml.etree.ParserError) as exc:
        raise RenderError(_tekst("onleesbaar", taal, pad=path, fout=exc)) from None
    title = " ".join((document.findtext(".//title") or path.name).split())
    root = document.find(".//main")
    if root is None:
        root = document.find(".//body")
    if root is None:
        raise RenderError(_tekst("onleesbaar", taal, pad=path, fout="<body> ontbreekt"))
    for element in root.xpath(".//*[local-name()='svg']|" + "|".join(f".//{t}" for t in _DROPPED)):
        element.drop_tree()
    for element in root.iter():
        for name in list(element.attrib):
            if name.lower().startswith("on") or name == "style":
                del element.attrib[name]
    content = (root.text and html.escape(root.text)) or ""
    content += "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    match = _NUMBER.search(path.name)
    return _Edition(title=title, number=int(match.group(1)) if match else None, content=content)


def diff_content(previous: str, new: str) -> str:
    """htmldiff of two HTML fragments; links compared by their text, not their address."""
    tokens = htmldiff_tokens(
        tokenize(previous, include_hrefs=False), tokenize(new, include_hrefs=False)
    )
    return str(fixup_ins_del_tags("".join(tokens).strip()))


def _marked(diffed: str, taal: Taal) -> tuple[str, list[_Part]]:
    """The diff without empty marks, each mark numbered, and the parts that hold marks."""
    wrapper = lxml.html.fragment_fromstring(diffed or "<p></p>", create_parent="div")
    for mark in wrapper.xpath(".//ins|.//del"):
        if not mark.text_content().strip() and len(mark) == 0:
            mark.drop_tag()
    _join_replaced_cells(wrapper)
    parts: dict[str, _Part] = {}
    for index, mark in enumerate(wrapper.xpath(".//ins|.//del"), start=1):
        mark.set("id", f"verschil-{index}")
        holder = next(
            (a for a in mark.iterancestors() if a.tag in ("section", "article") and a.get("id")),
            None,
        )
        key = holder.get("id") if holder is not None else ""
        if key not in parts:
            parts[key] = _Part(
                anchor=key or f"verschil-{index}",
                title=_heading(holder) if holder is not None else _tekst("elders", taal),
            )
        if mark.tag == "ins":
            parts[key].added += 1
        else:
            parts[key].removed += 1
    body = (html.escape(wrapper.text) if wrapper.text else "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in wrapper
    )
    return body, list(parts.values())


def _join_replaced_cells(wrapper: lxml.html.HtmlElement) -> None:
    """A table cell whose value changed as one cell: old value deleted, then the new one.

    htmldiff keeps the new table's cell (its new value in <ins>) and puts the old value in an
    extra cell after it, which pushes it into a column of its own; here it goes back in front of
    the new value, in the same cell.
    """
    for cell in list(wrapper.iter("td", "th")):
        marks = list(cell)
        previous = cell.getprevious()
        if (
            len(marks) != 1
            or marks[0].tag != "del"
            or (cell.text or "").strip()
            or (marks[0].tail or "").strip()
            or previous is None
            or previous.tag not in ("td", "th")
            or not list(previous.iter("ins"))
        ):
            continue
        old = marks[0]
        old.tail = " " + (previous.text or "")
        previous.text = None
        previous.insert(0, old)
        cell.drop_tree()


def _heading(holder: lxml.html.HtmlElement) -> str:
    """A part's heading as the new edition says it (deleted words left out)."""
    for heading in holder.iter("h1", "h2", "h3", "h4"):
        words = [
            text for text in heading.xpath(".//text()[not(ancestor::del)]") if isinstance(text, str)
        ]
        title = " ".join("".join(words).split())
        if title:
            return title
    return holder.get("id") or ""


def _edition_name(edition: _Edition, taal: Taal) -> str:
    return _tekst("editie", taal, nummer=edition.number) if edition.number else edition.title


def diff_page(previous_html: Path, new_html: Path, taal: Taal) -> str:
    """The standalone diff page of two editions' HTML files."""
    vorig, nieuw = _read(previous_html, taal), _read(new_html, taal)
    body, parts = _marked(diff_content(vorig.content, nieuw.content), taal)
    e = html.escape
    vorig_naam, nieuw_naam = _edition_name(vorig, taal), _edition_name(nieuw, taal)
    # the sentence is escaped first; its placeholders are then filled with escaped names and
    # the two examples' own markup
    legenda = (
        e(_tekst("legenda", taal, nieuw="\0N", vorig="\0V", toegevoegd="\0I", verwijderd="\0D"))
        .replace("\0N", e(nieuw_naam))
        .replace("\0V", e(vorig_naam))
        .replace("\0I", f"<ins>{e(_tekst('voorbeeld_ins', taal))}</ins>")
        .replace("\0D", f"<del>{e(_tekst('voorbeeld_del', taal))}</del>")
    )
    if parts:
        items = "".join(
            f'<li><a href="#{e(part.anchor or "")}">{e(part.title)}</a> ('
            + e(_tekst("onderdeel", taal, toegevoegd=part.added, verwijderd=part.removed))
            + ")</li>"
            for part in parts
        )
        overzicht = f'<h2>{e(_tekst("onderdelen", taal))}</h2><ul class="onderdelen">{items}</ul>'
    else:
        overzicht = f"<p>{e(_tekst('geen_verschil', taal))}</p>"
    titel = _tekst("titel", taal, nieuw=nieuw_naam, vorig=vorig_naam)
    stylesheet = (STATIC_DIR / "print.css").read_text(encoding="utf-8")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(taal)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(titel)}</title>\n<style>{stylesheet}\n{_STYLE}</style>\n</head>\n<body>\n"
        f'<header class="verschil-kop">\n<h1>{e(_tekst("kop", taal))}</h1>\n<dl>\n'
        f"<dt>{e(_tekst('vorig', taal))}</dt>\n<dd>{e(vorig.title)} ({e(previous_html.name)})</dd>\n"
        f"<dt>{e(_tekst('nieuw', taal))}</dt>\n<dd>{e(nieuw.title)} ({e(new_html.name)})</dd>\n"
        f"</dl>\n<p>{legenda}</p>\n{overzicht}\n</header>\n"
        f'<main class="verschil-tekst" aria-label="{e(_tekst("tekst", taal))}">\n{body}\n</main>\n'
        "</body>\n</html>\n"
    )


def write_diff(previous_html: Path, new_html: Path, target: Path, taal: Taal) -> Path:
    """Write the diff of two editions' HTML files to `target` (replaced only when complete)."""
    page = diff_page(previous_html, new_html, taal)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(page)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(name, 0o644)
        os.replace(name, target)
    finally:
        Path(name).unlink(missing_ok=True)
    return target
