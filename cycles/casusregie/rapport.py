"""The casusregie pilot report: per criterion of the gemeente whether the pilot meets it, with the
evidence, what so few households can and cannot show, the figures, and the learning session's
decisions. A document of its own (templates/rapport.html.j2), rendered with WeasyPrint to PDF/UA
and HTML next to each other in the gemeente's output folder; files are written to temporary
names and renamed into place, so a failed render leaves the previous report as it was.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import frontmatter
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup
from sqlalchemy import func, select

from makelaar.cycles.casusregie import indicatoren as ind
from makelaar.cycles.casusregie.oordeel import beoordeel, getal
from makelaar.cycles.casusregie.resultaat import CasusregieObserved
from makelaar.cycles.casusregie.teksten import RAPPORT
from makelaar.cycles.edities import slug
from makelaar.cycles.leerbijeenkomst import decisions
from makelaar.cycles.rounds import stored_indicators
from makelaar.cycles.spec import RoundContext
from makelaar.forms.tijden import AMSTERDAM
from makelaar.intake.disclosure_report import report, write_report
from makelaar.models.domain import Besluit
from makelaar.models.schemas import ApplyResult, IndicatorValue
from makelaar.models.taal import babel_locale, in_een_taal, plaatshouders, taal_van, vertaal
from makelaar.models.tables import Evaluatieronde

__all__ = ["rapport_paden", "schrijf_rapport"]

HIER = Path(__file__).parent
_OMGEVING = Environment(
    loader=FileSystemLoader(HIER / "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def rapport_paden(ctx: RoundContext) -> tuple[Path, Path]:
    """Where the round's report goes: PDF and HTML."""
    ronde = ctx.ronde
    folder = ctx.settings.output_dir / slug(ronde.gemeente_naam)
    stem = f"casusregie-pilotrapport-{ronde.periode}"
    return folder / f"{stem}.pdf", folder / f"{stem}.html"


def _nummer(ctx: RoundContext) -> int:
    """The report's number: the gemeente's casusregie rounds up to and including this one."""
    ronde = ctx.ronde
    with ctx.store.session() as session:
        eerder = session.scalar(
            select(func.count())
            .select_from(Evaluatieronde)
            .where(
                Evaluatieronde.gemeente_code == ronde.gemeente_code,
                Evaluatieronde.cyclus == ronde.cyclus,
                Evaluatieronde.id < ronde.id,
            )
        )
    return int(eerder or 0) + 1


def _werkwijze(inhoud: Path, taal: str) -> tuple[str, Markup]:
    """The cycle's own guide section (title, HTML) in `taal`, Dutch where no translation exists."""
    pad = inhoud / taal / "casusregie-werkwijze.md"
    if not pad.is_file():
        pad = inhoud / "nl" / "casusregie-werkwijze.md"
    post = frontmatter.load(pad)
    html = MarkdownIt("commonmark", {"html": False}).render(post.content)
    return str(post.metadata.get("title", "")), Markup(html)  # html off: escaped


def _rij(
    value: IndicatorValue | None, naam: str, taal: str, drempel: int, pct: bool
) -> dict[str, str]:
    t = in_een_taal(RAPPORT, taal)
    eenheid = "%" if pct else ""
    if value is None:
        return {"naam": naam, "waarde": t["geen"], "interval": "", "basis": ""}
    if value.onderdrukt or value.waarde is None:
        return {
            "naam": naam,
            "waarde": vertaal(RAPPORT, "onderdrukt", taal, drempel=drempel),
            "interval": "",
            "basis": "",
        }
    interval = ""
    telling = _telling(value)
    # a count's bounds (the brokers whose method is not recorded) show only when they differ
    if (
        value.ondergrens is not None
        and value.bovengrens is not None
        and not (telling and value.ondergrens == value.bovengrens)
    ):
        interval = vertaal(
            RAPPORT,
            "interval",
            taal,
            onder=getal(value.ondergrens, taal, vast=not telling) + eenheid,
            boven=getal(value.bovengrens, taal, vast=not telling) + eenheid,
        )
    return {
        "naam": naam,
        "waarde": getal(value.waarde, taal, vast=not telling) + eenheid,
        "interval": interval,
        "basis": getal(value.basis or 0, taal, 0),
    }


def _uitsplitsingen(
    waarden: list[IndicatorValue], namen: dict[str, str], taal: str, drempel: int
) -> list[dict[str, str]]:
    """The breakdowns: one row per indicator and breakdown whose groups are all hidden (the
    groups named), else a row per group."""
    rijen: list[dict[str, str]] = []
    groepen: dict[tuple[str, str], list[IndicatorValue]] = {}
    for v in waarden:
        if v.dimensie != "gemeente":
            groepen.setdefault((v.indicator, v.dimensie), []).append(v)

    def groep(v: IndicatorValue) -> str:
        if v.dimensie == "wijk":
            return v.sleutel
        return vertaal(RAPPORT, f"rol_{v.sleutel}", taal)

    for (indicator, _), lijst in groepen.items():
        if all(v.onderdrukt for v in lijst):
            rij = _rij(lijst[0], namen[indicator], taal, drempel, False)
            rijen.append({**rij, "groep": ", ".join(groep(v) for v in lijst)})
        else:
            rijen += [
                {**_rij(v, namen[indicator], taal, drempel, False), "groep": groep(v)}
                for v in lijst
            ]
    return rijen


def _telling(value: IndicatorValue) -> bool:
    return value.indicator in {ind.HUISHOUDENS.id, ind.MAKELAARS.id, ind.MAKELAARS_WERKWIJZE.id}


def _context(ctx: RoundContext, observed: CasusregieObserved, inhoud: Path) -> dict[str, Any]:
    ronde, settings = ctx.ronde, ctx.settings
    taal = taal_van(settings.locale)
    drempel = settings.min_cell_size
    waarden = stored_indicators(ctx.store, ronde.id)
    gemeente = ind.op_gemeente(waarden)
    instellingen = observed.instellingen
    oordelen = beoordeel(instellingen, gemeente, drempel=drempel, taal=taal)
    namen = {i.id: i.naam(taal) for i in ind.INDICATOREN}
    pct = {i.id for i in ind.INDICATOREN if i.eenheid == "%"}
    cijfers = [
        _rij(gemeente.get(i.id), namen[i.id], taal, drempel, i.id in pct) for i in ind.INDICATOREN
    ]
    uitsplitsingen = _uitsplitsingen(waarden, namen, taal, drempel)
    besluiten = decisions(ctx.store, ronde.id)
    huishoudens = observed.aantallen.get("casussen", 0)
    datum = ctx.nu().astimezone(AMSTERDAM).date()
    w = {
        "n": getal(huishoudens, taal, 0),
        "drempel": drempel,
        "afgesloten": getal(observed.aantallen.get("afgesloten", 0), taal, 0),
        "antwoorden": getal(observed.aantallen.get("tevredenheid", 0), taal, 0),
        "samenwerking": getal(observed.aantallen.get("samenwerking", 0), taal, 0),
        "gemeente": ronde.gemeente_naam,
        "periode": ronde.periode,
        "begin": format_date(ronde.begin, format="long", locale=babel_locale(taal)),
        "einde": format_date(ronde.einde, format="long", locale=babel_locale(taal)),
        "pilot": instellingen.pilot,
    }
    titel, werkwijze = _werkwijze(inhoud, taal)
    return {
        "taal": taal,
        "t": {
            k: vertaal(RAPPORT, k, taal, **w)
            for k in RAPPORT
            if plaatshouders(RAPPORT[k]["nl"]) <= set(w)
        },
        "pilot": instellingen.pilot,
        "gemeente": ronde.gemeente_naam,
        "periode": ronde.periode,
        "datum": format_date(datum, format="long", locale=babel_locale(taal)),
        "nummer": _nummer(ctx),
        "oordelen": oordelen,
        "telling": {
            u: sum(o.uitkomst == u for o in oordelen)
            for u in ("gehaald", "niet_gehaald", "niet_te_zeggen")
        },
        "cijfers": cijfers,
        "uitsplitsingen": uitsplitsingen,
        "aangenomen": [b for b in besluiten if b.besluit is Besluit.AANGENOMEN],
        "verworpen": [b for b in besluiten if b.besluit is Besluit.VERWORPEN],
        "werkwijze_titel": titel,
        "werkwijze": werkwijze,
        "eigen_instellingen": observed.eigen_instellingen,
        "niets": huishoudens < drempel,
    }


def _schrijf(doel: Path, inhoud: bytes) -> None:
    """Write `inhoud` to `doel` through a temporary file in the same folder and a rename."""
    doel.parent.mkdir(parents=True, exist_ok=True)
    fd, tijdelijk = tempfile.mkstemp(prefix=f".{doel.name}.", suffix=".tmp", dir=doel.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(inhoud)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tijdelijk, doel)
    except BaseException:
        Path(tijdelijk).unlink(missing_ok=True)
        raise


def schrijf_rapport(ctx: RoundContext, observed: CasusregieObserved, inhoud: Path) -> ApplyResult:
    """Render the round's pilot report (PDF/UA and HTML) and say where it is."""
    context = _context(ctx, observed, inhoud)
    html = _OMGEVING.get_template("rapport.html.j2").render(**context)
    from weasyprint import HTML  # here, not at the top: loading the cycle renders nothing

    pdf = HTML(string=html, base_url=str(HIER / "templates")).write_pdf(pdf_variant="pdf/ua-1")
    pdf_pad, html_pad = rapport_paden(ctx)
    _schrijf(html_pad, html.encode("utf-8"))
    _schrijf(pdf_pad, pdf)
    # for the researcher who signs the figures off: each household figure, its cells and rules
    # (the brokers' counts are of professionals and are left out)
    huishoudcijfers = [
        v
        for v in stored_indicators(ctx.store, ctx.ronde.id)
        if v.indicator not in ind.NIET_ONDERDRUKT
    ]
    controle = write_report(
        report(huishoudcijfers, ctx.settings.min_cell_size, additive={ind.HUISHOUDENS.id}),
        pdf_pad.with_name(f"{pdf_pad.stem}-onthullingscontrole.csv"),
        taal_van(ctx.settings.locale),
    )
    return ApplyResult(
        editie=context["nummer"],
        onthullingsrapport=controle,
        pdf=pdf_pad,
        html=html_pad,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        aangenomen=[b.code for b in context["aangenomen"]],
        verworpen=[b.code for b in context["verworpen"]],
    )
