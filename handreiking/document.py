"""One edition as an HTML document: Jinja2 templates (autoescape on) filled from an EditionInput."""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from makelaar.handreiking.charts import check_svg
from makelaar.handreiking.content import LEVELS, Level, Section, edition_sections, render_markdown
from makelaar.handreiking.i18n import ui_strings
from makelaar.handreiking.logo import LogoError, logo_markup
from makelaar.handreiking.static_files import STATIC_DIR, SVG_URL
from makelaar.models.errors import RenderError
from makelaar.models.schemas import Chart, EditionInput, Finding, Uitgave, WijkPage

STYLESHEET = "print.css"
#: the summary names at most this many findings; the wijk pages carry them all
SAMENVATTING_MAX = 8

_CHAPTER_TITLES: Mapping[Level, str] = {
    "algemeen": "hoofdstuk_inleiding",
    "gemeente": "hoofdstuk_gemeente",
    "organisatie": "hoofdstuk_organisatie",
    "wijk": "hoofdstuk_wijk",
    "bijlage": "hoofdstuk_bijlage",
}


@dataclass(frozen=True)
class SectionView:
    anchor: str
    title: str
    html: Markup
    lang: str | None  # set when the text is in another language than the document


@dataclass(frozen=True)
class ChapterView:
    anchor: str
    title: str
    sections: tuple[SectionView, ...]


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    children: tuple[TocEntry, ...] = field(default=())
    lang: str | None = None


def _anchor(prefix: str, key: str) -> str:
    return f"{prefix}-" + (re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "x")


def wijk_anchor(wijk: WijkPage) -> str:
    """The id of a wijk's page in the document."""
    return _anchor("w", wijk.code)


def _chart_refused(chart: Chart, exc: ValueError) -> RenderError:
    return RenderError(
        f"Grafiek {chart.alt!r} kan niet worden ingevoegd: {exc}.",
        en=f"Chart {chart.alt!r} cannot be inserted: {exc}.",
    )


def _inline_svg(chart: Chart) -> Markup:
    try:
        check_svg(chart.svg)
    except ValueError as exc:
        raise _chart_refused(chart, exc) from None
    # Safe to mark: check_svg allows only drawing elements and references inside the SVG.
    return Markup(chart.svg)


def _svg_image(chart: Chart) -> Markup:
    """The chart for the print HTML: an <img> of its SVG (a data: URL) with its alt text.

    WeasyPrint draws it the same as the inline SVG, tagged as a Figure with the same /Alt, but
    as one replaced element: it no longer styles, lays out and tags each of the SVG's hundreds
    of elements as part of the page (bench/render.py: a quarter of WeasyPrint's time).
    """
    try:
        check_svg(chart.svg)
    except ValueError as exc:
        raise _chart_refused(chart, exc) from None
    url = SVG_URL + base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    return Markup('<img class="grafiek" src="{}" alt="{}">').format(url, chart.alt.strip())


@dataclass(frozen=True)
class UitgaveView:
    """Who publishes the edition, as cover and colophon show it."""

    naam: str
    contact: str | None
    website: str | None
    website_tekst: str | None  # the address without https:// and a trailing slash
    logo_omslag: Markup | None
    logo_colofon: Markup | None


def _uitgave(data: EditionInput, t: Mapping[str, str]) -> UitgaveView:
    uitgave = data.uitgave or Uitgave()
    naam = uitgave.naam or t["auteur"].format(gemeente=data.gemeente_naam)
    logos: list[Markup | None] = [None, None]
    if uitgave.logo and uitgave.logo_type:
        alt = uitgave.logo_alt or t["logo_alt"].format(naam=naam)
        try:
            logos = [
                logo_markup(uitgave.logo, uitgave.logo_type, alt, plaats)
                for plaats in ("omslag", "colofon")
            ]
        except (LogoError, ValueError) as exc:
            raise RenderError(
                f"Het logo van {naam} kan niet in de handreiking: {exc}. Stel een ander logo in "
                f"met 'makelaar gemeente instellen {data.gemeente_code} --logo BESTAND'.",
                en=f"The logo of {naam} cannot go into the handreiking: {exc}. Set another logo "
                f"with 'makelaar gemeente instellen {data.gemeente_code} --logo FILE'.",
            ) from None
    website = uitgave.website
    tekst = re.sub(r"^https?://", "", website).rstrip("/") if website else None
    return UitgaveView(naam, uitgave.contact, website, tekst, logos[0], logos[1])


def _aantal(pattern: str, n: int) -> str:
    """'{n} change|{n} changes|no changes' for n: the first for 1, the last for 0, else the middle."""
    one, many, none = pattern.split("|")
    return (none if n == 0 else one if n == 1 else many).format(n=n)


@dataclass(frozen=True)
class SamenvattingView:
    ronde: str
    bevindingen_intro: str
    bevindingen: tuple[tuple[Finding, str | None], ...]  # the finding, its wijk page's anchor
    meer: str | None


def _samenvatting(
    data: EditionInput, t: Mapping[str, str], words: Mapping[str, str]
) -> SamenvattingView:
    """The round, its main findings (the gemeente's first, then points of attention), the changes."""
    ronde = t["samenvatting_ronde"].format_map(
        {
            **words,
            "aangenomen": _aantal(t["wijzigingen_aantal"], len(data.wijziging)),
            "verworpen": _aantal(t["voorstellen_aantal"], len(data.verworpen)),
        }
    )
    if data.gegevens_tot:
        ronde += t["samenvatting_lopend"].format_map(words)
    pages = {wijk.code: wijk_anchor(wijk) for wijk in data.wijken}
    ranked = sorted(
        data.bevindingen,
        key=lambda f: (f.wijk_code is not None, f.soort != "aandacht"),
    )
    shown = tuple(
        (finding, pages.get(finding.wijk_code) if finding.wijk_code else None)
        for finding in ranked[:SAMENVATTING_MAX]
    )
    rest = len(ranked) - len(shown)
    return SamenvattingView(
        ronde=ronde,
        bevindingen_intro=t["samenvatting_bevindingen_intro"],
        bevindingen=shown,
        meer=t["samenvatting_meer"].format(n=rest) if rest > 0 else None,
    )


def _markdown_under_h3(text: str) -> Markup:
    # Safe to mark: the Markdown parser runs with raw HTML off, so markup in data stays text.
    return Markup(render_markdown(text, heading_offset=2))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment: autoescape for every template, undefined names are errors."""
    env = Environment(
        loader=PackageLoader("handreiking", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["inline_svg"] = _inline_svg
    env.filters["svg_image"] = _svg_image
    env.filters["change_markdown"] = _markdown_under_h3
    env.globals["wijk_anchor"] = wijk_anchor
    return env


def _check_charts(data: EditionInput) -> None:
    named = (
        [
            (
                f"gemeente {data.gemeente_naam}",
                f"municipality {data.gemeente_naam}",
                data.gemeente_grafiek,
            )
        ]
        if data.gemeente_grafiek is not None
        else []
    )
    named += [
        (f"wijk {wijk.code} ({wijk.naam})", f"district {wijk.code} ({wijk.naam})", wijk.grafiek)
        for wijk in data.wijken
    ]
    for name, name_en, chart in named:
        try:
            title = check_svg(chart.svg)
        except ValueError as exc:
            raise RenderError(
                f"De grafiek van {name} is niet veilig in te voegen: {exc}. "
                "Maak grafieken met handreiking.charts.bar_chart.",
                en=f"The chart of {name_en} cannot be inserted safely: {exc}. Make charts with "
                "handreiking.charts.bar_chart.",
            ) from None
        if title != chart.alt.strip():
            raise RenderError(
                f"De grafiek van {name} heeft als <title> {title!r}, maar als alt-tekst "
                f"{chart.alt!r}; die moeten gelijk zijn.",
                en=f"The chart of {name_en} has {title!r} as its <title>, but {chart.alt!r} as "
                "its alt text; they must be the same.",
            )


def _chapters(data: EditionInput) -> dict[Level, ChapterView]:
    sections = edition_sections(data.taal, data.inhoud)
    known = {section.id for section in sections}
    unknown = sorted(set(data.secties) - known)
    missing = sorted(known - set(data.secties))
    if unknown or missing:
        problems, problems_en = [], []
        if unknown:
            problems.append(f"onbekende secties {', '.join(unknown)}")
            problems_en.append(f"unknown sections {', '.join(unknown)}")
        if missing:
            problems.append(f"ontbrekende secties {', '.join(missing)}")
            problems_en.append(f"missing sections {', '.join(missing)}")
        raise RenderError(
            f"De tekst van editie {data.editie} past niet bij de handreiking: "
            f"{'; '.join(problems)}. Maak de tekst met base_sections en apply_changes.",
            en=f"The text of edition {data.editie} does not fit the handreiking: "
            f"{'; '.join(problems_en)}. Make the text with base_sections and apply_changes.",
        )
    t = ui_strings(data.taal)
    by_level: dict[Level, list[Section]] = {level: [] for level in LEVELS}
    for section in sections:
        by_level[section.level].append(section)
    # Section bodies are marked safe after render_markdown, which escapes any raw HTML in them.
    return {
        level: ChapterView(
            anchor=_anchor("h", level),
            title=t[_CHAPTER_TITLES[level]],
            sections=tuple(
                SectionView(
                    anchor=_anchor("s", section.id),
                    title=section.title,
                    html=Markup(render_markdown(data.secties[section.id])),
                    lang=section.taal if section.taal != data.taal else None,
                )
                for section in by_level[level]
            ),
        )
        for level in LEVELS
    }


def _toc(data: EditionInput, chapters: Mapping[Level, ChapterView]) -> tuple[TocEntry, ...]:
    t = ui_strings(data.taal)

    def sections_of(level: Level) -> tuple[TocEntry, ...]:
        return tuple(TocEntry(s.anchor, s.title, lang=s.lang) for s in chapters[level].sections)

    def chapter(level: Level, *extra: TocEntry) -> TocEntry:
        view = chapters[level]
        return TocEntry(view.anchor, view.title, sections_of(level) + extra)

    wijken = tuple(TocEntry(wijk_anchor(wijk), wijk.naam) for wijk in data.wijken)
    return (
        TocEntry(
            "samenvatting",
            t["samenvatting"],
            (
                TocEntry("samenvatting-bevindingen", t["samenvatting_bevindingen"]),
                TocEntry("samenvatting-wijzigingen", t["samenvatting_wijzigingen"]),
            ),
        ),
        chapter("algemeen"),
        chapter("gemeente", TocEntry("gemeente-cijfers", t["gemeente_cijfers"])),
        chapter("organisatie"),
        # a cycle without wijk pages has no "De wijken in cijfers" (it would announce none)
        chapter(
            "wijk", *([TocEntry("wijken-cijfers", t["wijken_cijfers"], wijken)] if wijken else [])
        ),
        TocEntry(
            "wijzigingen",
            t["hoofdstuk_wijzigingen"],
            (TocEntry("aangenomen", t["aangenomen"]), TocEntry("verworpen", t["verworpen"])),
        ),
        chapter("bijlage", TocEntry("methode-cijfers", t["methode_cijfers"])),
    )


def build_html(data: EditionInput, *, standalone: bool) -> str:
    """The edition as HTML.

    `standalone=False` links print.css (for WeasyPrint, through the static-only fetcher) and
    sets each chart as an image of its SVG; `standalone=True` carries the same stylesheet
    inline and the charts as inline SVG, for the HTML edition.
    """
    _check_charts(data)
    chapters = _chapters(data)
    t = ui_strings(data.taal)
    datum = format_date(data.datum, format="long", locale=data.taal)
    words = {
        "gemeente": data.gemeente_naam,
        "editie": str(data.editie),
        "periode": data.periode,
        "cyclus": data.cyclus,
        "datum": datum,
        "vorige": str(data.editie - 1),
        "n": str(data.drempel),
        "gegevens_tot": format_date(data.gegevens_tot, format="long", locale=data.taal)
        if data.gegevens_tot
        else "",
    }
    css = (STATIC_DIR / STYLESHEET).read_text(encoding="utf-8") if standalone else ""
    uitgave = _uitgave(data, t)
    context = {
        "uitgave": uitgave,
        "samenvatting": _samenvatting(data, t, words),
        "colofon_vragen": t["colofon_vragen"].format_map(words),
        "data": data,
        "t": t,
        "taal": data.taal,
        "datum": datum,
        "created": data.datum.isoformat(),
        "document_title": f"{t['titel']} – {data.gemeente_naam} – {t['editie']} {data.editie}",
        "description": t["beschrijving"].format_map(words),
        "author": uitgave.naam,
        "keywords": t["trefwoorden"].format_map(words),
        "running_head": f"{t['titel']} · {data.gemeente_naam} · {t['editie']} {data.editie}",
        "colofon_editie": t[
            "colofon_editie_lopend" if data.gegevens_tot else "colofon_editie"
        ].format_map(words),
        "citation": t["citaat"].format_map(words),
        "wijzigingen_intro": t["wijzigingen_intro"].format_map(words),
        "onder_drempel": t["onder_drempel"].format_map(words),
        "onder_drempel_wijken": t["onder_drempel_wijken"].format_map(words),
        "onder_drempel_wijk": t["onder_drempel_wijk"].format_map(words),
        "chapters": chapters,
        "toc": _toc(data, chapters),
        "section_anchors": {
            section.id: _anchor("s", section.id)
            for section in edition_sections(data.taal, data.inhoud)
        },
        "stylesheet": STYLESHEET,
        "inline_css": Markup(css),  # the package's own stylesheet, not data
        "charts_as_images": not standalone,
    }
    try:
        return environment().get_template("edition.html.j2").render(context)
    except TemplateError as exc:
        raise RenderError(
            f"Het sjabloon van de handreiking kon niet worden ingevuld: {exc}",
            en=f"The handreiking's template could not be filled in: {exc}",
        ) from exc
