"""The actieonderzoek's documents: an interim report per round and, at the programme's end, a
handreiking for other municipalities; HTML from this package's templates, PDF/UA through the
handreiking's renderer (handreiking.render.write_pdf).

The handreiking names no place, team or person and shows no team's figures: every passage that
comes from the programme (adopted changes, recurring themes, quotes) is checked against the
gemeente's local names (`Lokaal`: the gemeente, its wijken, the teams, the brokers) and left out
when it names one; the count of passages left out is stated in the document.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from makelaar.cycles.actieonderzoek.teksten import dag, getal, vertaler
from makelaar.cycles.spec import IndicatorValue
from makelaar.handreiking.content import Level, load_sections, render_markdown
from makelaar.models.taal import Taal

__all__ = ["Lokaal", "Tabelcel", "cel", "html_handreiking", "html_tussenrapport", "pdf"]

HIER = Path(__file__).parent
TEMPLATES = HIER / "templates"
INHOUD = HIER / "inhoud"
#: the guide's three levels and what each part of the handreiking is called
DELEN: tuple[tuple[Level, str], ...] = (
    ("gemeente", "kop_gemeente"),
    ("organisatie", "kop_organisatie"),
    ("wijk", "kop_wijk"),
)


def _environment(taal: Taal) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["j2", "html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dag"] = lambda value: dag(value, taal)
    env.globals["t"] = vertaler(taal)
    env.globals["taal"] = taal
    return env


@dataclass(frozen=True)
class Lokaal:
    """The local names a document for other municipalities must not contain."""

    namen: tuple[str, ...]

    @classmethod
    def van(cls, namen: Iterable[str]) -> Lokaal:
        return cls(tuple(sorted({n.strip() for n in namen if n and len(n.strip()) >= 3})))

    def noemt(self, text: str) -> bool:
        lowered = text.casefold()
        return any(
            re.search(rf"(?<![\w]){re.escape(naam.casefold())}", lowered) for naam in self.namen
        )

    def zonder(self, texts: Sequence[str]) -> tuple[list[str], int]:
        """`texts` without those naming a local name, and how many were left out."""
        kept = [t for t in texts if not self.noemt(t)]
        return kept, len(texts) - len(kept)


@dataclass(frozen=True)
class Tabelcel:
    waarde: str
    interval: str = ""


def cel(
    value: IndicatorValue | None, decimalen: int = 0, eenheid: str = "", taal: Taal = "nl"
) -> Tabelcel:
    """A value as the report's tables show it: suppressed or missing as a dash."""
    if value is None or value.waarde is None:
        return Tabelcel("–")
    if value.onderdrukt:
        return Tabelcel("–")
    interval = ""
    if value.ondergrens is not None and value.bovengrens is not None:
        interval = (
            f"{getal(value.ondergrens, decimalen, taal)}–{getal(value.bovengrens, decimalen, taal)}"
            f"{eenheid}"
        )
    return Tabelcel(f"{getal(value.waarde, decimalen, taal)}{eenheid}", interval)


def html_tussenrapport(context: dict[str, Any], taal: Taal) -> str:
    return _environment(taal).get_template("tussenrapport.html.j2").render(**context)


def delen(taal: Taal = "nl") -> list[dict[str, Any]]:
    """The package's three sections (one per level) as the handreiking's parts."""
    sections = {s.level: s for s in load_sections(taal, INHOUD)}
    return [
        {
            "niveau": niveau,
            "kop": vertaler(taal)(kop),
            "id": sections[niveau].id,
            "titel": sections[niveau].title,
            "html": Markup(render_markdown(sections[niveau].body, heading_offset=2)),
        }
        for niveau, kop in DELEN
    ]


def html_handreiking(context: dict[str, Any], taal: Taal) -> str:
    return _environment(taal).get_template("handreiking.html.j2").render(**context)


def pdf(html: str, doel: Path) -> tuple[Path, str]:
    """Write the HTML and its PDF/UA next to each other; returns the PDF and its sha256."""
    doel.parent.mkdir(parents=True, exist_ok=True)
    doel.with_suffix(".html").write_text(html, encoding="utf-8")
    tijdelijk = doel.with_name(f".{doel.name}.tmp")
    # the renderer (and with it WeasyPrint) imported where a document is written: loading the
    # cycle (every `makelaar` command that lists or runs cycles) does not need it
    from makelaar.handreiking.render import write_pdf

    write_pdf(html, tijdelijk)
    tijdelijk.replace(doel)
    return doel, hashlib.sha256(doel.read_bytes()).hexdigest()
