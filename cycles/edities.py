"""Writing an edition of the handreiking: what every cycle's `apply` does, in one call.

`write_edition(ctx, build)` numbers the edition, starts from the edition before it, applies the
changes the leerbijeenkomst adopted, lets the cycle fill in its figures, charts and pages
(`build`), renders PDF and HTML, and records the edition row. A cycle without figures of its own
passes no `build`: its edition is the text and its changes.

The chain of editions, per gemeente:

- Edition N is edition N−1 (the gemeente's edition with the highest number, whatever the
  periods of the rounds, overlapping ones included) plus the changes this round adopted; the
  first edition starts from the base text plus the cycle's own sections.
- One round of a gemeente writes its edition at a time (cycles.roundlock.gemeente_lock), from
  numbering to the row with its sha256. Two rounds that would build on the same edition are
  therefore put in order: the one that takes the lock second builds on the first one's edition
  and its ApplyResult (`melding`, also logged) says so when that edition is not simply the one
  before it (its round's period does not end before this round's begins, or it was made after
  this round began).
- A round may not build on an edition that is recorded but not made (its round's run was
  killed or failed after the number was claimed): it is refused (EditieNietAf) with a message
  naming both rounds and what to run first.
- A proposal adopted again (its code adopted for an earlier edition of the chain too) replaces
  that earlier text where it stands in its section rather than adding the same heading twice
  (handreiking.edition.apply_changes).
- Writing a round's edition again keeps its number. Its text is worked out again only while it
  is the gemeente's latest edition; once a later edition exists, that one was built on its
  text, so the stored text (`Editie.secties`) is rendered as it is and the chain never changes
  under a later edition. An edition whose files in place are already what it would render (the
  same HTML, the PDF with the recorded sha256) is not rendered again.

Files and rows: the number is claimed (a row with an empty pdf_sha256: recorded, not made) in a
committed transaction before any file is written; the files are rendered to temporary files
(handreiking.render.prepared_edition); for an edition that had files the row's sha256 is emptied
just before the rename; after the rename the row gets the new sha256. So a row with a sha256
always has files with that sha256 in place, and a run that fails or is killed anywhere leaves
every made edition's files as they were. A failed render gives a new claim back (a killed one
keeps it: its round resumes with the same number). cycles.rounds.run_phase renders an edition
again when its round resumes and the PDF in place does not have the recorded sha256.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import delete, select, update

from makelaar.cycles.editieketen import Editieplan, plan_edition, wait_message
from makelaar.cycles.leerbijeenkomst import Decision, decisions
from makelaar.cycles.roundlock import gemeente_lock, wait_duration
from makelaar.cycles.rounds import stored_result
from makelaar.cycles.spec import INHOUD_ATTRIBUTE, RoundContext
from makelaar.forms.tijden import AMSTERDAM
from makelaar.handreiking.content import edition_sections
from makelaar.handreiking.edition import apply_changes
from makelaar.handreiking.render import RenderedEdition, edition_paths, prepared_edition
from makelaar.handreiking.verschil import write_diff
from makelaar.intake.disclosure_report import report, write_report
from makelaar.models.domain import Besluit, Fase
from makelaar.models.schemas import (
    ApplyResult,
    Change,
    EditionInput,
    ReflectResult,
    RoundRef,
    Uitgave,
)
from makelaar.models.taal import Taal, taal_van
from makelaar.models.tables import Editie
from makelaar.models.uitgave import uitgave_van

LOGGER = logging.getLogger("makelaar.edities")


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
        # a proposal may change several sections: its text goes into each (apply_changes)
        secties={s: titles.get(s, s) for s in decision.alle_secties},
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
    #: the gemeente's own name, logo and contact for its cover and colophon (models.uitgave)
    uitgave: Uitgave | None = None

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
            "uitgave": self.uitgave,
        }
        return EditionInput(**{**fields, **eigen})


def earlier_changes(ctx: RoundContext, nummer: int, titles: dict[str, str]) -> dict[str, Change]:
    """The changes editions before `nummer` of the round's gemeente adopted, by proposal code
    (a code adopted again in a later edition: the later one)."""
    with ctx.store.session() as session:
        rondes = session.scalars(
            select(Editie.ronde_id)
            .where(Editie.gemeente_code == ctx.ronde.gemeente_code, Editie.nummer < nummer)
            .order_by(Editie.nummer)
        ).all()
    return {
        d.code: as_change(d, titles)
        for ronde_id in rondes
        for d in decisions(ctx.store, ronde_id)
        if d.besluit is Besluit.AANGENOMEN
    }


def draft_edition(
    ctx: RoundContext, inhoud: Sequence[Path] = (), plan: Editieplan | None = None
) -> Editieontwerp:
    """Number, text after the adopted changes, and decisions of the round's edition (`plan`:
    its place in the chain, by default worked out now)."""
    taal: Taal = taal_van(ctx.settings.locale)
    folders = tuple(Path(folder) for folder in inhoud)
    sections = edition_sections(taal, folders)
    titles = {s.id: s.title for s in sections}
    plan = plan or plan_edition(ctx)
    besluiten = decisions(ctx.store, ctx.ronde.id)
    adopted = [d for d in besluiten if d.besluit is Besluit.AANGENOMEN]
    with ctx.store.session() as session:
        uitgave = uitgave_van(session, ctx.ronde.gemeente_code)
    if plan.vaste_secties is not None:
        secties = plan.vaste_secties
    else:
        basis = plan.vorige.secties if plan.vorige else {s.id: s.body for s in sections}
        secties = apply_changes(
            basis,
            [as_change(d, titles) for d in adopted],
            earlier_changes(ctx, plan.nummer, titles),
        )
    return Editieontwerp(
        ronde=ctx.ronde,
        nummer=plan.nummer,
        taal=taal,
        datum=ctx.nu().astimezone(AMSTERDAM).date(),
        secties=secties,
        sectie_titels=titles,
        besluiten=besluiten,
        drempel=ctx.settings.min_cell_size,
        inhoud=folders,
        uitgave=uitgave,
    )


def write_edition(
    ctx: RoundContext,
    build: Callable[[Editieontwerp], EditionInput] | None = None,
    *,
    cycle: object | None = None,
    optelbaar: Collection[str] | None = None,
) -> ApplyResult:
    """Render and record the round's edition; `build` adds the cycle's figures and pages.

    `cycle` (the cycle itself) contributes its own guide sections (its `inhoud` folder).
    Writing a round's edition again gives it the same number and replaces its files and row
    (see the module's docstring for the chain and the order of rows and files).
    Next to the PDF goes the disclosure report of the round's figures (each table, each cell,
    each suppressed cell's rule) for the researcher who signs them off; `optelbaar` names the
    indicators whose wijken add up to the gemeente (default: those the cycle declares so).
    """
    folder = getattr(cycle, INHOUD_ATTRIBUTE, None) if cycle is not None else None
    ronde = ctx.ronde
    with gemeente_lock(ctx.store, ronde, on_wait=partial(_announce_wait, ctx)):
        plan = plan_edition(ctx)
        ontwerp = draft_edition(ctx, [folder] if folder else [], plan)
        data = build(ontwerp) if build is not None else ontwerp.invoer()
        out_dir = ctx.settings.output_dir / slug(ronde.gemeente_naam)
        pdf, html = edition_paths(out_dir, ontwerp.nummer)
        if not plan.bestaat:
            _claim(ctx, ontwerp, pdf, html)
        try:
            rendered = _render_and_record(ctx, plan, ontwerp, data, out_dir)
        except BaseException:
            if not plan.bestaat:
                _give_back(ctx)
            raise
        if plan.melding:
            LOGGER.warning("%s", plan.melding)
        rapport = _disclosure_report(ctx, rendered.pdf, ontwerp.taal, cycle, optelbaar)
        verschil = _diff(ctx, plan, rendered.html, ontwerp.taal)
    return ApplyResult(
        editie=ontwerp.nummer,
        pdf=rendered.pdf,
        html=rendered.html,
        pdf_sha256=rendered.pdf_sha256,
        onthullingsrapport=rapport,
        aangenomen=[d.code for d in ontwerp.aangenomen],
        verworpen=[d.code for d in ontwerp.verworpen],
        voortgebouwd_op=plan.vorige.nummer if plan.vorige else None,
        verschil=verschil,
        melding=plan.melding,
    )


def _diff(ctx: RoundContext, plan: Editieplan, html: Path, taal: Taal) -> Path | None:
    """The diff of this edition against the one it builds on, beside it, for the learning
    session (`makelaar edities verschil N` writes the same page); None for a first edition or
    when the previous edition's HTML is gone (the edition itself stands: a warning says so)."""
    if plan.vorige is None:
        return None
    with ctx.store.session() as session:
        vorige = session.scalars(
            select(Editie.html_pad).where(
                Editie.gemeente_code == ctx.ronde.gemeente_code,
                Editie.nummer == plan.vorige.nummer,
            )
        ).first()
    if vorige is None or not Path(vorige).is_file():
        LOGGER.warning(
            "Geen verschil met editie %s: haar HTML (%s) ontbreekt.", plan.vorige.nummer, vorige
        )
        return None
    doel = html.with_name(f"handreiking-editie-{plan.nummer}-verschil.html")
    return write_diff(Path(vorige), html, doel, taal)


def _announce_wait(ctx: RoundContext, wait_s: float) -> None:
    ronde = ctx.ronde
    LOGGER.info("%s", wait_message(ronde, ctx.settings.locale, wait_duration(wait_s)))


def _claim(ctx: RoundContext, ontwerp: Editieontwerp, pdf: Path, html: Path) -> None:
    """Record the edition's number for the round (no sha256 yet: not made), committed."""
    ronde = ctx.ronde
    with ctx.store.session() as session:
        session.add(
            Editie(
                gemeente_code=ronde.gemeente_code,
                nummer=ontwerp.nummer,
                ronde_id=ronde.id,
                taal=ontwerp.taal,
                pdf_pad=str(pdf),
                html_pad=str(html),
                pdf_sha256="",
                secties=ontwerp.secties,
                aangemaakt_op=dt.datetime.now(dt.UTC),
            )
        )


def _give_back(ctx: RoundContext) -> None:
    """Remove the round's claim that was never made; a claim that cannot be removed stays (the
    round's next run makes it, with the same number)."""
    try:
        with ctx.store.session() as session:
            session.execute(
                delete(Editie).where(Editie.ronde_id == ctx.ronde.id, Editie.pdf_sha256 == "")
            )
    except Exception:
        LOGGER.exception("De vastgelegde editie van ronde %s bleef staan.", ctx.ronde.id)


def _set_row(ctx: RoundContext, **values: Any) -> None:
    with ctx.store.session() as session:
        session.execute(update(Editie).where(Editie.ronde_id == ctx.ronde.id).values(**values))


def _render_and_record(
    ctx: RoundContext,
    plan: Editieplan,
    ontwerp: Editieontwerp,
    data: EditionInput,
    out_dir: Path,
) -> RenderedEdition:
    """Render to temporary files, then: row without sha256 (if it had one), rename, row with
    the new sha256. A row's sha256 is never that of files not in place."""
    with prepared_edition(
        data,
        out_dir,
        timeout_s=ctx.settings.render_timeout_s,
        recorded_sha256=plan.vastgelegd_sha256,
    ) as prepared:
        if prepared.unchanged:
            return prepared.install()
        if plan.vastgelegd_sha256:
            _set_row(ctx, pdf_sha256="")  # the files in place are about to change
        rendered = prepared.install()
    _set_row(
        ctx,
        pdf_pad=str(rendered.pdf),
        html_pad=str(rendered.html),
        pdf_sha256=rendered.pdf_sha256,
        secties=ontwerp.secties,
        taal=ontwerp.taal,
    )
    return rendered


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
