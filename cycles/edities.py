"""Writing an edition of the handreiking: what every cycle's `apply` does, in one call.

`write_edition(ctx, build)` numbers the edition (the round's own number when it is written again,
else the gemeente's highest plus one), starts from the previous round's edition (or the base text
plus the cycle's own sections), applies the changes the leerbijeenkomst adopted, lets the cycle
fill in its figures, charts and pages (`build`), renders PDF and HTML, and stores the edition row.
A cycle without figures of its own passes no `build`: its edition is the text and its changes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select

from makelaar.cycles.leerbijeenkomst import Decision, decisions
from makelaar.cycles.rounds import previous_round, stored_result
from makelaar.cycles.spec import INHOUD_ATTRIBUTE, RoundContext
from makelaar.forms.rondes import AMSTERDAM
from makelaar.handreiking.content import edition_sections
from makelaar.handreiking.edition import apply_changes
from makelaar.handreiking.render import render_edition
from makelaar.intake.disclosure_report import report, write_report
from makelaar.models.domain import Besluit, Fase
from makelaar.models.schemas import ApplyResult, Change, EditionInput, ReflectResult, RoundRef
from makelaar.models.taal import Taal, taal_van
from makelaar.models.tables import Editie
from makelaar.models.upsert import upsert


def slug(name: str) -> str:
    """A file-system name for a gemeente: 'Súdwest-Fryslân' becomes 'sudwest-fryslan'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "gemeente"


def as_change(decision: Decision, titles: dict[str, str]) -> Change:
    """A decided proposal as the edition shows it, with its section's title."""
    # Only `tekst` is Markdown (authored: the cycle's sentences, with the data it quotes made
    # literal where the proposal is made, or a researcher's own text). The title, the grounds and
    # the decision's reason are plain text: the templates escape them, and apply_changes makes the
    # title literal where it becomes a Markdown heading.
    return Change(
        code=decision.code,
        sectie_id=decision.sectie_id,
        sectie_titel=titles.get(decision.sectie_id, decision.sectie_id),
        titel=decision.titel,
        tekst=decision.tekst,
        onderbouwing=decision.onderbouwing,
        besluit_reden=decision.besluit_reden or "",
    )


@dataclass(frozen=True)
class Editieontwerp:
    """The edition before the cycle adds its figures: number, text, decisions, date."""

    ronde: RoundRef
    nummer: int
    taal: Literal["nl", "en"]
    #: the day the edition is made, in the Netherlands
    datum: dt.date
    #: section id -> Markdown, after the adopted changes
    secties: dict[str, str]
    sectie_titels: dict[str, str]
    besluiten: list[Decision]
    #: the smallest number of persons or records a published figure may rest on
    drempel: int
    inhoud: tuple[Path, ...] = ()

    @property
    def aangenomen(self) -> list[Decision]:
        return [d for d in self.besluiten if d.besluit is Besluit.AANGENOMEN]

    @property
    def verworpen(self) -> list[Decision]:
        return [d for d in self.besluiten if d.besluit is Besluit.VERWORPEN]

    def invoer(self, **eigen: Any) -> EditionInput:
        """The edition's input with what every edition has; `eigen` adds the cycle's own fields
        (gemeente_kerncijfers, gemeente_grafiek, wijken, methode, alles_onderdrukt, ...)."""
        ronde = self.ronde
        fields: dict[str, Any] = {
            "gemeente_code": ronde.gemeente_code,
            "gemeente_naam": ronde.gemeente_naam,
            "editie": self.nummer,
            "periode": ronde.periode,
            "cyclus": ronde.cyclus,
            "taal": self.taal,
            "datum": self.datum,
            "secties": self.secties,
            "wijziging": [as_change(d, self.sectie_titels) for d in self.aangenomen],
            "verworpen": [as_change(d, self.sectie_titels) for d in self.verworpen],
            "drempel": self.drempel,
            "inhoud": self.inhoud,
            "gegevens_tot": self.datum if self.datum < ronde.einde else None,
        }
        return EditionInput(**{**fields, **eigen})


def _numbers(ctx: RoundContext) -> tuple[int, dict[str, str] | None]:
    """The edition's number and the previous round's edition text (None for a first edition)."""
    ronde = ctx.ronde
    vorige = previous_round(ctx.store, ronde)
    with ctx.store.session() as session:
        bestaand = session.scalars(select(Editie).where(Editie.ronde_id == ronde.id)).first()
        vorige_editie = (
            session.scalars(select(Editie).where(Editie.ronde_id == vorige.id)).first()
            if vorige
            else None
        )
        hoogste = session.scalar(
            select(func.max(Editie.nummer)).where(Editie.gemeente_code == ronde.gemeente_code)
        )
        nummer = bestaand.nummer if bestaand else (hoogste or 0) + 1
        return nummer, dict(vorige_editie.secties) if vorige_editie else None


def draft_edition(ctx: RoundContext, inhoud: Sequence[Path] = ()) -> Editieontwerp:
    """Number, text after the adopted changes, and decisions of the round's edition."""
    taal: Taal = taal_van(ctx.settings.locale)
    folders = tuple(Path(folder) for folder in inhoud)
    sections = edition_sections(taal, folders)
    titles = {s.id: s.title for s in sections}
    nummer, basis = _numbers(ctx)
    if basis is None:
        basis = {s.id: s.body for s in sections}
    besluiten = decisions(ctx.store, ctx.ronde.id)
    adopted = [d for d in besluiten if d.besluit is Besluit.AANGENOMEN]
    return Editieontwerp(
        ronde=ctx.ronde,
        nummer=nummer,
        taal=taal,
        datum=ctx.nu().astimezone(AMSTERDAM).date(),
        secties=apply_changes(basis, [as_change(d, titles) for d in adopted]),
        sectie_titels=titles,
        besluiten=besluiten,
        drempel=ctx.settings.min_cell_size,
        inhoud=folders,
    )


def write_edition(
    ctx: RoundContext,
    build: Callable[[Editieontwerp], EditionInput] | None = None,
    *,
    cycle: object | None = None,
    optelbaar: Collection[str] | None = None,
) -> ApplyResult:
    """Render and store the round's edition; `build` adds the cycle's figures and pages.

    `cycle` (the cycle itself) contributes its own guide sections (its `inhoud` folder).
    Writing a round's edition again gives it the same number and replaces its files and row.
    Next to the PDF goes the disclosure report of the round's figures (each table, each cell,
    each suppressed cell's rule) for the researcher who signs them off; `optelbaar` names the
    indicators whose wijken add up to the gemeente (default: those the cycle declares so).
    """
    folder = getattr(cycle, INHOUD_ATTRIBUTE, None) if cycle is not None else None
    ontwerp = draft_edition(ctx, [folder] if folder else [])
    data = build(ontwerp) if build is not None else ontwerp.invoer()
    ronde = ctx.ronde
    rendered = render_edition(
        data,
        ctx.settings.output_dir / slug(ronde.gemeente_naam),
        timeout_s=ctx.settings.render_timeout_s,
    )
    with ctx.store.session() as session:
        upsert(
            session,
            Editie.__table__,  # type: ignore[arg-type]  # a declarative table is a Table
            [
                {
                    "gemeente_code": ronde.gemeente_code,
                    "nummer": ontwerp.nummer,
                    "ronde_id": ronde.id,
                    "taal": ontwerp.taal,
                    "pdf_pad": str(rendered.pdf),
                    "html_pad": str(rendered.html),
                    "pdf_sha256": rendered.pdf_sha256,
                    "secties": ontwerp.secties,
                    "aangemaakt_op": dt.datetime.now(dt.UTC),
                }
            ],
            key=("ronde_id",),
            update=("pdf_pad", "html_pad", "pdf_sha256", "secties", "taal"),
        )
    return ApplyResult(
        editie=ontwerp.nummer,
        pdf=rendered.pdf,
        html=rendered.html,
        pdf_sha256=rendered.pdf_sha256,
        onthullingsrapport=_disclosure_report(ctx, rendered.pdf, ontwerp.taal, cycle, optelbaar),
        aangenomen=[d.code for d in ontwerp.aangenomen],
        verworpen=[d.code for d in ontwerp.verworpen],
    )


def _disclosure_report(
    ctx: RoundContext,
    pdf: Path,
    taal: Taal,
    cycle: object | None,
    optelbaar: Collection[str] | None,
) -> Path | None:
    """Write the round's disclosure report next to `pdf`; None when the round stored no figures."""
    reflected = stored_result(ctx.store, ctx.ronde.id, Fase.REFLECT, ReflectResult)
    if not isinstance(reflected, ReflectResult) or not reflected.indicatoren:
        return None
    if optelbaar is None:
        declared = getattr(cycle, "indicatoren", ()) if cycle is not None else ()
        optelbaar = {i.id for i in declared if getattr(i, "optelbaar", False)}
    rapport = report(reflected.indicatoren, ctx.settings.min_cell_size, additive=optelbaar)
    return write_report(rapport, pdf.with_name(f"{pdf.stem}-onthullingscontrole.csv"), taal)
