"""The printable agenda of a learning session: one section per open proposal, as a tagged PDF.

Each open proposal gets its own section: its title, the sections of the handreiking it changes,
its text (Markdown rendered with raw HTML off, so markup in data stays text), its evidence (the
findings with their figures and 95% intervals, the screened quotes they carry, a researcher's own
screened evidence) and space to write down the decision, its reason and who decided. Proposals
already decided follow in a short list with their decision. Dutch by default, English with
MAKELAAR_LOCALE=en; rendered by WeasyPrint as PDF/UA-1 through handreiking.render.write_pdf,
like the edition (language, title and structure tags), written to a temporary name and renamed
into place only when complete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from pathlib import Path

from babel.dates import format_date
from markupsafe import Markup

from makelaar.cycles.voorstellen import VoorstelWeergave
from makelaar.handreiking.content import render_markdown
from makelaar.handreiking.document import environment
from makelaar.handreiking.render import write_pdf
from makelaar.models.domain import Besluit
from makelaar.models.errors import RenderError
from makelaar.models.files import sync_directory
from makelaar.models.schemas import RoundRef
from makelaar.models.taal import Catalogus, Taal, catalogus, in_een_taal

WOORDEN: Catalogus = catalogus(
    "agenda",
    {
        "titel": {"nl": "Agenda leerbijeenkomst", "en": "Agenda of the learning session"},
        "ondertitel": {
            "nl": "Gemeente {gemeente} · ronde {ronde} · {cyclus} · periode {periode}",
            "en": "Municipality of {gemeente} · round {ronde} · {cyclus} · period {periode}",
        },
        "gemaakt": {"nl": "Gemaakt op {datum}", "en": "Made on {datum}"},
        "inleiding": {
            "nl": (
                "De leerbijeenkomst besluit over elk voorstel hieronder: aannemen (de tekst komt "
                "in de volgende editie van de handreiking), verwerpen, of uitstellen (het voorstel "
                "komt terug bij de volgende ronde). Noteer bij elk besluit de reden en wie "
                "besloot, en leg het vast met 'makelaar round besluit'."
            ),
            "en": (
                "The learning session decides on each proposal below: adopt (the text goes into "
                "the next edition of the handreiking), reject, or postpone (the proposal comes "
                "back in the next round). Note the reason and who decided with each decision, and "
                "record it with 'makelaar round besluit'."
            ),
        },
        "geen_open": {
            "nl": "Er zijn geen voorstellen meer die op een besluit wachten.",
            "en": "No proposals are waiting for a decision any more.",
        },
        "voorstel": {"nl": "Voorstel {nummer}", "en": "Proposal {nummer}"},
        "code": {"nl": "Code", "en": "Code"},
        "bron": {"nl": "Afkomstig van", "en": "Comes from"},
        "bron_cyclus": {"nl": "de regels van de cyclus", "en": "the cycle's rules"},
        "bron_onderzoeker": {"nl": "een onderzoeker", "en": "a researcher"},
        "secties": {"nl": "Verandert", "en": "Changes"},
        "tekst": {
            "nl": "Voorgestelde tekst voor de handreiking",
            "en": "Proposed text for the handreiking",
        },
        "bewijs": {"nl": "Onderbouwing", "en": "Evidence"},
        "cijfers": {"nl": "Cijfers (met 95%-interval)", "en": "Figures (with 95% interval)"},
        "eigen_bewijs": {
            "nl": "Onderbouwing van de onderzoeker",
            "en": "The researcher's evidence",
        },
        "geen_bewijs": {
            "nl": "Geen bevindingen van de ronde bij dit voorstel; grond: {grond}",
            "en": "No findings of the round with this proposal; grounds: {grond}",
        },
        "eerder": {"nl": "Eerdere besluiten", "en": "Earlier decisions"},
        "besluit": {"nl": "Besluit", "en": "Decision"},
        "aangenomen": {"nl": "aangenomen", "en": "adopted"},
        "verworpen": {"nl": "verworpen", "en": "rejected"},
        "uitgesteld": {"nl": "uitgesteld", "en": "postponed"},
        "open": {"nl": "open", "en": "open"},
        "reden": {"nl": "Reden", "en": "Reason"},
        "door": {"nl": "Besloten door", "en": "Decided by"},
        "besloten_kop": {"nl": "Al besloten", "en": "Already decided"},
        "kol_voorstel": {"nl": "Voorstel", "en": "Proposal"},
        "kol_besluit": {"nl": "Besluit", "en": "Decision"},
        "kol_reden": {"nl": "Reden", "en": "Reason"},
        "pagina": {"nl": "pagina", "en": "page"},
        "auteur": {"nl": "Gemeente {gemeente}", "en": "Municipality of {gemeente}"},
        "trefwoorden": {
            "nl": "leerbijeenkomst, agenda, handreiking, sociaal makelaar, {gemeente}",
            "en": "learning session, agenda, handreiking, social broker, {gemeente}",
        },
    },
)


def agenda_path(out_dir: Path, ronde: RoundRef) -> Path:
    """Where a round's agenda goes: beside its editions."""
    return out_dir / f"agenda-leerbijeenkomst-ronde-{ronde.id}.pdf"


def _markdown(text: str) -> Markup:
    # Safe to mark: the Markdown parser runs with raw HTML off, so markup in data stays text.
    return Markup(render_markdown(text, heading_offset=2))


def build_html(
    ronde: RoundRef, voorstellen: list[VoorstelWeergave], taal: Taal, vandaag: dt.date
) -> str:
    """The agenda as HTML (autoescaped; only the proposals' Markdown is rendered, safely)."""
    t = in_een_taal(WOORDEN, taal)
    words = {
        "gemeente": ronde.gemeente_naam,
        "ronde": str(ronde.id),
        "cyclus": ronde.cyclus,
        "periode": ronde.periode,
        "datum": format_date(vandaag, format="long", locale=taal),
    }
    open_ = [v for v in voorstellen if v.voorstel.besluit is Besluit.OPEN]
    besloten = [v for v in voorstellen if v.voorstel.besluit is not Besluit.OPEN]
    context = {
        "t": t,
        "taal": taal,
        "titel": f"{t['titel']} – {ronde.gemeente_naam} – {ronde.periode}",
        "ondertitel": t["ondertitel"].format_map(words),
        "gemaakt": t["gemaakt"].format_map(words),
        "auteur": t["auteur"].format_map(words),
        "trefwoorden": t["trefwoorden"].format_map(words),
        "created": vandaag.isoformat(),
        "open": open_,
        "besloten": besloten,
        "markdown": _markdown,
        "datum": lambda moment: format_date(moment, format="short", locale=taal),
    }
    return environment().get_template("agenda.html.j2").render(context)


def write_agenda(html: str, target: Path) -> Path:
    """Render `html` to a PDF/UA file at `target`: a temporary name first, renamed when complete;
    a failure leaves no file and an earlier agenda as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write_pdf(html, temporary)
        os.replace(temporary, target)
        sync_directory(target.parent)
    except Exception as exc:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise RenderError(
            f"De agenda kon niet worden gemaakt: {exc}",
            en=f"The agenda could not be made: {exc}",
        ) from exc
    return target
