"""Pydantic schemas passed between the phases of a round, and what the handreiking is rendered from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from makelaar.models.domain import EnqueteModus, Fase, Publiek


class Schema(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RoundRef(Schema):
    """Which round a phase works on."""

    id: int
    gemeente_code: str
    gemeente_naam: str
    cyclus: str
    periode: str
    begin: dt.date
    einde: dt.date  # inclusive


class SourceReport(Schema):
    """What one observation source brought in during the observe phase."""

    bron: str
    gelezen: int = 0
    nieuw: int = 0
    bijgewerkt: int = 0
    opmerking: str = ""


class EnqueteVenster(Schema):
    """A survey round the observe phase opened: which form, asked of whom, and its window."""

    enquete_ronde_id: int
    form_id: str
    publiek: Publiek
    modus: EnqueteModus
    opent_op: dt.datetime
    sluit_op: dt.datetime


class PhaseResult(Schema):
    """What every phase result has in common. A cycle adds fields of its own by subclassing a
    result (cycles/spec.py); read back through the base class, those fields are kept as extras."""

    model_config = ConfigDict(frozen=True, extra="allow")


class ObserveResult(PhaseResult):
    """What came in: per source, and how many records of each kind the round's analysis uses."""

    bronnen: list[SourceReport]
    #: record kind -> how many the analysis uses, e.g. {"acties": 412, "signalen": 80}
    aantallen: dict[str, int] = Field(default_factory=dict)
    #: the survey rounds opened for the cycle's survey plan (none for rounds stored before it)
    enquetes: list[EnqueteVenster] = Field(default_factory=list)


class IndicatorValue(Schema):
    """One figure; `basis` is how many persons or records it rests on.

    What its uncertainty and its disclosure check need travels with it: the numerator and
    denominator it was computed from (`teller`/`noemer`: records with the property and records in
    all for a share; events and inhabitants for a rate per 1,000; the sum and n for a mean), the
    standard deviation of a mean (`spreiding`), the 95% interval (`ondergrens`, `bovengrens`) and,
    when the value is suppressed, the rule that suppressed it (`reden`, a code of
    intake.disclosure). A suppressed value publishes none of these.
    """

    indicator: str
    #: the breakdown: "gemeente", "wijk", or another the indicator declares (cycles.spec.Indicator)
    dimensie: str
    sleutel: str = ""
    waarde: float | None
    basis: int | None = None
    onderdrukt: bool = False
    teller: float | None = None
    noemer: float | None = None
    spreiding: float | None = None
    ondergrens: float | None = None
    bovengrens: float | None = None
    reden: str | None = None


class Finding(Schema):
    """Something the round's figures show, with the indicators it rests on."""

    code: str
    soort: Literal["sterk", "aandacht"]
    titel: str
    tekst: str
    sectie_id: str
    wijk_code: str | None = None  # the wijk it is about; None for the gemeente as a whole
    bewijs: list[str] = Field(default_factory=list)  # "indicator/dimensie/sleutel"


class ReflectResult(PhaseResult):
    indicatoren: list[IndicatorValue]
    bevindingen: list[Finding]
    vorige_ronde_id: int | None = None


class Proposal(Schema):
    """A proposed change to the handreiking: its text is added to section `sectie_id`."""

    code: str
    sectie_id: str
    titel: str
    tekst: str  # Markdown added to the section when adopted
    onderbouwing: str
    bron: Literal["cyclus", "onderzoeker"] = "cyclus"
    #: every section the proposal changes, `sectie_id` first; empty means only `sectie_id`
    secties: list[str] = Field(default_factory=list)
    #: codes of the findings it rests on (their numbers and intervals are its evidence)
    bevindingen: list[str] = Field(default_factory=list)
    #: a researcher's own evidence (plain text, screened for personal data)
    bewijs: str | None = None


class ImproveResult(PhaseResult):
    voorstellen: list[Proposal]


class ApplyResult(PhaseResult):
    """The edition a round wrote; a cycle that publishes no PDF leaves its fields empty."""

    editie: int
    pdf: Path | None = None
    html: Path | None = None
    pdf_sha256: str | None = None
    aangenomen: list[str]
    verworpen: list[str]
    #: the disclosure report next to the PDF (intake.disclosure_report), for the researcher
    onthullingsrapport: Path | None = None
    #: the edition it builds on (N-1), and the diff against it for the learning session
    voortgebouwd_op: int | None = None
    verschil: Path | None = None
    #: why it builds on an edition that is not simply its round's predecessor, for the user
    melding: str | None = None


class PhaseOutcome(Schema):
    """What the round runner reports per phase: ran now, or resumed from the store."""

    fase: Fase
    hervat: bool
    duur_s: float


# What the handreiking is rendered from.


class Figure(Schema):
    """One key figure on a page: label, formatted value, and where it comes from."""

    label: str
    waarde: str
    bron: str


class Chart(Schema):
    """An SVG chart with its alt text (the SVG carries the same text as <title>)."""

    svg: str
    alt: str
    bijschrift: str


class WijkPage(Schema):
    code: str
    naam: str
    kerncijfers: list[Figure]
    logboek: list[Figure]
    grafiek: Chart
    bevindingen: list[Finding]
    #: every figure from the logbook for this wijk rests on too few people to publish
    logboek_onderdrukt: bool = False


class Change(Schema):
    """One adopted change in this edition, with the evidence behind it."""

    code: str
    sectie_id: str
    sectie_titel: str
    titel: str
    tekst: str
    onderbouwing: str
    besluit_reden: str
    #: the sections the change goes into, id -> title (with or without `sectie_id`, always first)
    secties: dict[str, str] = Field(default_factory=dict)

    @property
    def alle_secties(self) -> dict[str, str]:
        """Every section the change goes into, id -> title, `sectie_id` first."""
        return {self.sectie_id: self.sectie_titel, **self.secties}


class Uitgave(Schema):
    """How the gemeente publishes its guide (table gemeente_uitgave): cover and colophon."""

    naam: str | None = None  # "Gemeente Utrecht"; None: "Gemeente" and the CBS name
    contact: str | None = None
    website: str | None = None
    logo: bytes | None = None
    logo_type: str | None = None  # image/png or image/svg+xml
    logo_alt: str | None = None


class EditionInput(Schema):
    """Everything one edition of the handreiking is rendered from."""

    gemeente_code: str
    gemeente_naam: str
    editie: int
    periode: str
    cyclus: str
    taal: Literal["nl", "en"]
    datum: dt.date
    secties: dict[str, str]  # section id -> Markdown body after adopted changes
    gemeente_kerncijfers: list[Figure] = Field(default_factory=list)
    gemeente_grafiek: Chart | None = None
    wijken: list[WijkPage] = Field(default_factory=list)
    wijziging: list[Change] = Field(default_factory=list)
    verworpen: list[Change] = Field(default_factory=list)
    #: figures for the methods appendix (rows, period, suppression threshold)
    methode: list[Figure] = Field(default_factory=list)
    #: folders of guide sections a cycle adds to the base text (cycles.spec, `inhoud`)
    inhoud: tuple[Path, ...] = ()
    #: the smallest number of persons or records a published figure may rest on
    drempel: int = 10
    #: every figure from the round's own data (logbook, surveys) is below `drempel`: none published
    alles_onderdrukt: bool = False
    #: the period had not ended on `datum`: its figures run up to this day, not the period's end
    gegevens_tot: dt.date | None = None
    #: the gemeente's own name, logo and contact on cover and colophon (None: the defaults)
    uitgave: Uitgave | None = None
    #: the round's findings, for the summary at the front (the wijk pages carry their own)
    bevindingen: list[Finding] = Field(default_factory=list)
    #: said once above the wijk pages (e.g. which CBS figures no wijk has), in the edition's language
    wijken_noot: str | None = None
