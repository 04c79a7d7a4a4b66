"""The actieonderzoek cycle (Gouda with TNO): a programme of about 18 months with an interim study
every few months, three sociaal teams each with one broker next to the social workers.

- observe: the gemeente's settings (instellingen.py: programme, teams, thresholds, codebook), the
  team questions and resident initiatives the broker picked up (the round's input file `vragen`,
  vragen.py), the logbook's actions in the teams' wijken; it puts the reflection forms to brokers
  (identified) and social workers (anonymous, an audience of their own) and the partner survey
  to partners.
- reflect: indicators per team and for the gemeente, and the response per audience
  (indicatoren.py, small numbers suppressed) and
  a thematic summary of the reflections (themes counted with the codebook, quotes that passed
  screening).
- improve: proposals to adjust the way of working, for the learning session (leren.py).
- apply: the interim report of the round and, in the programme's last interim study, the
  handreiking for other municipalities at three levels (rapport.py, documenten.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from sqlalchemy import select

from makelaar.cycles.actieonderzoek import gegevens
from makelaar.cycles.actieonderzoek.documenten import (
    Gereflecteerd,
    handreiking_context,
    lokale_namen,
    tussenrapport_context,
)
from makelaar.cycles.actieonderzoek.gegevens import FORM_MAKELAAR, FORM_PARTNER, FORM_WERKER
from makelaar.cycles.actieonderzoek.indicatoren import INDICATOREN, bereken
from makelaar.cycles.actieonderzoek.instellingen import (
    Instellingen,
    instellingen_pad,
    laad_instellingen,
    schrijf_voorbeeld,
)
from makelaar.cycles.actieonderzoek.leren import bevindingen, kies_citaten, voorstellen
from makelaar.cycles.actieonderzoek.rapport import html_handreiking, html_tussenrapport, pdf
from makelaar.cycles.actieonderzoek.teksten import TEKSTEN as TEKSTEN
from makelaar.cycles.actieonderzoek.vragen import importeer_inbreng
from makelaar.cycles.edities import slug
from makelaar.cycles.enquetes import EnquetePlan, EnqueteStand, survey_status
from makelaar.cycles.leerbijeenkomst import decisions
from makelaar.cycles.rounds import previous_round, stored_result
from makelaar.cycles.spec import (
    ApplyResult,
    DemoPlan,
    Fasenresultaten,
    ImproveResult,
    Indicator,
    ObserveResult,
    ReflectResult,
    RoundContext,
    Samenvatting,
    SourceReport,
)
from makelaar.forms.rondes import importeer_formulier
from makelaar.models.domain import Besluit, EnqueteModus, Fase, Publiek
from makelaar.models.errors import MakelaarError, RoundError
from makelaar.models.privacy import Pseudonymiser, load_key
from makelaar.models.schemas import RoundRef
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.taal import in_taal, taal_van, vertaal
from makelaar.models.tables import Wijk

__all__ = [
    "HIER",
    "INSTRUMENTEN",
    "ActieonderzoekCycle",
    "Toegepast",
    "Waargenomen",
    "vragenbestanden",
    "vragenmap",
]

HIER = Path(__file__).parent
INSTRUMENTEN = HIER / "instrumenten"


def vragenmap(ctx: RoundContext) -> Path:
    """Where a gemeente's files of team questions wait to be read: every round reads them all
    (a row already stored is not stored again)."""
    return ctx.settings.data_dir / "cycli" / "actieonderzoek" / f"{ctx.ronde.gemeente_code}-vragen"


def vragenbestanden(ctx: RoundContext) -> list[Path]:
    """The round's input file `vragen` (when given) and the files in `vragenmap`."""
    map_ = vragenmap(ctx)
    gevonden = (
        sorted(p for p in map_.glob("*") if p.suffix.lower() in (".csv", ".xlsx") and p.is_file())
        if map_.is_dir()
        else []
    )
    gegeven = [ctx.bestanden["vragen"]] if "vragen" in ctx.bestanden else []
    return [*gegeven, *gevonden]


class Waargenomen(ObserveResult):
    """What the actieonderzoek observed, and which interim study the round is."""

    tussenstudie: int = 0


class Toegepast(ApplyResult):
    """The interim report (`pdf`) and, in the programme's last interim study, the handreiking."""

    handreiking: Path | None = None
    handreiking_sha256: str | None = None


#: the gemeente of the demo programme (Gouda)
DEMO_GEMEENTE = "GM0513"


class ActieonderzoekCycle:
    """Interim studies of a programme with sociaal teams: team questions, reflections, lessons."""

    name = "actieonderzoek"
    title = (
        "Actieonderzoek (Gouda, TNO): tussenstudies met drie sociaal teams, elk met een makelaar"
    )
    inhoud = HIER / "inhoud"
    migraties = HIER / "migraties"
    #: the files a round may be given (`makelaar round run --bestand SOORT=PAD`)
    invoerbestanden: ClassVar[Mapping[str, str]] = {
        "vragen": "vragen en bewonersinitiatieven uit de sociaal teams (CSV of XLSX), naast die "
        "in de vragenmap van de gemeente",
        "instellingen": "de instellingen van het programma (YAML), in plaats van die van de "
        "gemeente",
    }
    enquetes = (
        EnquetePlan(FORM_MAKELAAR, Publiek.MAKELAARS, venster_dagen=14),
        # the teams' social workers: an audience of their own (status, response, reminders),
        # answering anonymously
        EnquetePlan(
            FORM_WERKER, Publiek.SOCIAAL_WERKERS, venster_dagen=14, modus=EnqueteModus.ANONIEM
        ),
        EnquetePlan(FORM_PARTNER, Publiek.PARTNERS, venster_dagen=21),
    )
    indicatoren: tuple[Indicator, ...] = tuple(INDICATOREN.values())

    def schrijf_instellingen(self, settings: Settings, gemeente_code: str) -> Path:
        """The gemeente's commented settings file, where observe reads it (`makelaar init`);
        an existing one is kept."""
        pad = instellingen_pad(settings, gemeente_code)
        if pad.exists():
            raise MakelaarError(
                in_taal(
                    settings.locale,
                    f"{pad} bestaat al; pas het aan, of verwijder het voor een nieuw voorbeeld.",
                    f"{pad} already exists; edit it, or remove it for a new example.",
                )
            )
        return schrijf_voorbeeld(pad, gemeente_code)

    def samenvatting(
        self, store: Store, ronde: RoundRef, resultaten: Fasenresultaten, settings: Settings
    ) -> Samenvatting:
        """The interim study in the round's Prefect summary, and the programme's handreiking."""
        from makelaar.cycles.actieonderzoek.samenvatting import samenvatting

        applied = resultaten.applied
        handreiking = applied.handreiking if isinstance(applied, Toegepast) else None
        return samenvatting(store, ronde, resultaten, settings, handreiking)

    def maak_demo(self, store: Store, settings: Settings, jaar: int, seed: int) -> DemoPlan:
        """The demo programme (`makelaar demo --cycle actieonderzoek`): its six interim studies
        are the quarters of the 18 months that end with the first half of `jaar`."""
        from makelaar.cycles.actieonderzoek.demo import generate_demo

        verslag = generate_demo(
            store, settings, gemeente_code=DEMO_GEMEENTE, jaar=jaar - 1, seed=seed
        )
        return DemoPlan(
            gemeente_code=DEMO_GEMEENTE,
            perioden=tuple(verslag.periodes),
            verslag=in_taal(
                settings.locale,
                f"Gouda ({DEMO_GEMEENTE}): {verslag.makelaars} makelaars, "
                f"{verslag.acties_nieuw} sociale acties en {verslag.vragen_nieuw} vragen uit de "
                f"sociaal teams nieuw, {len(verslag.periodes)} tussenstudies",
                f"Gouda ({DEMO_GEMEENTE}): {verslag.makelaars} brokers, "
                f"{verslag.acties_nieuw} social actions and {verslag.vragen_nieuw} questions from "
                f"the sociaal teams new, {len(verslag.periodes)} interim studies",
            ),
        )

    def beantwoord_als_demo(self, ctx: RoundContext, standen: Sequence[EnqueteStand]) -> object:
        """The demo's answers to the round's reflection forms and partner survey."""
        from makelaar.cycles.actieonderzoek.demo import answer_as_demo

        return answer_as_demo(ctx, standen)

    def instellingen(self, ctx: RoundContext) -> Instellingen:
        return laad_instellingen(
            ctx.settings, ctx.ronde.gemeente_code, ctx.bestanden.get("instellingen")
        )

    def observe(self, ctx: RoundContext) -> Waargenomen:
        ronde = ctx.ronde
        instellingen = self.instellingen(ctx)
        studie = instellingen.tussenstudie(ronde.begin, ronde.einde)
        bronnen: list[SourceReport] = []
        with ctx.store.session() as session:
            bekend = set(
                session.scalars(select(Wijk.code).where(Wijk.gemeente_code == ronde.gemeente_code))
            )
            for index, team in enumerate(instellingen.teams):
                onbekend = [w for w in team.wijken if w not in bekend]
                if onbekend:
                    raise RoundError(
                        in_taal(
                            ctx.settings.locale,
                            f"Instellingen actieonderzoek, teams[{index}].wijken: {onbekend[0]!r} "
                            f"is geen wijk van {ronde.gemeente_naam} in de database; geldig: "
                            f"{', '.join(sorted(bekend)) or '(geen wijken: importeer ze eerst)'}.",
                            f"Actieonderzoek settings, teams[{index}].wijken: {onbekend[0]!r} is "
                            f"not a wijk of {ronde.gemeente_naam} in the database; valid: "
                            f"{', '.join(sorted(bekend)) or '(no wijken: import them first)'}.",
                        )
                    )
            teams = gegevens.schrijf_teams(session, instellingen)
        taal = ctx.settings.locale
        bronnen.append(SourceReport(bron=vertaal(TEKSTEN, "bron_teams", taal), gelezen=teams))
        for bestand in vragenbestanden(ctx):
            bronnen.append(self._importeer(ctx, instellingen, bestand))
        for instrument in sorted(INSTRUMENTEN.glob("*.md")):
            importeer_formulier(ctx.store, instrument)  # found by the survey plan's form_id
        with ctx.store.session() as session:
            w = gegevens.lees(
                session,
                instellingen,
                ronde.id,
                ronde.begin,
                ronde.einde,
                Pseudonymiser(load_key(ctx.settings)[0]),
            )
        aantallen = {
            "teams": teams,
            "vragen": sum(1 for i in w.inbreng if i.soort == "vraag"),
            "initiatieven": sum(1 for i in w.inbreng if i.soort == "initiatief"),
            "acties": sum(w.acties.values()),
        }
        bronnen.append(
            SourceReport(
                bron=vertaal(TEKSTEN, "bron_logboek", taal),
                gelezen=aantallen["acties"],
            )
        )
        return Waargenomen(bronnen=bronnen, aantallen=aantallen, tussenstudie=studie.nummer)

    def _importeer(
        self, ctx: RoundContext, instellingen: Instellingen, bestand: Path
    ) -> SourceReport:
        """Import one file of team questions; refused as a whole with its errors named."""
        pseudo = Pseudonymiser(load_key(ctx.settings)[0])
        rapport = importeer_inbreng(
            ctx.store, bestand, instellingen, pseudo, locale=ctx.settings.locale
        )
        if rapport.aantal_fouten:
            fouten = "\n".join(f"  - {f.tekst(ctx.settings.locale)}" for f in rapport.fouten[:20])
            raise RoundError(
                in_taal(
                    ctx.settings.locale,
                    f"Het bestand met vragen uit het sociaal team is geweigerd "
                    f"({rapport.aantal_fouten} fouten; er is niets opgeslagen):\n{fouten}",
                    f"The file of questions from the social team was refused "
                    f"({rapport.aantal_fouten} errors; nothing was stored):\n{fouten}",
                )
            )
        return SourceReport(
            bron=vertaal(TEKSTEN, "bron_vragen", ctx.settings.locale),
            gelezen=rapport.gelezen,
            nieuw=rapport.nieuw,
            # for the researcher; not in the report
            opmerking=in_taal(ctx.settings.locale, "bestand", "file") + f" {rapport.bestand}",
        )

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> Gereflecteerd:
        ronde = ctx.ronde
        instellingen = self.instellingen(ctx)
        with ctx.store.session() as session:
            w = gegevens.lees(
                session,
                instellingen,
                ronde.id,
                ronde.begin,
                ronde.einde,
                Pseudonymiser(load_key(ctx.settings)[0]),
            )
        standen = survey_status(ctx.store, ronde.id, ctx.nu())
        values = bereken(
            w, instellingen, ronde.gemeente_code, ctx.settings.min_cell_size, standen=standen
        )
        found = bevindingen(
            values, w.citaten, instellingen, ronde.gemeente_code, ctx.settings.locale
        )
        vorige = previous_round(ctx.store, ronde)
        citaten = [c.tekst for c in kies_citaten(w.citaten)]
        return Gereflecteerd(
            indicatoren=values,
            bevindingen=found,
            vorige_ronde_id=vorige.id if vorige else None,
            citaten=citaten,
            tussenstudie=instellingen.tussenstudie(ronde.begin, ronde.einde).nummer,
        )

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        return ImproveResult(
            voorstellen=voorstellen(
                reflected.bevindingen,
                self.instellingen(ctx),
                ctx.ronde.periode,
                ctx.settings.locale,
            )
        )

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> Toegepast:
        ronde = ctx.ronde
        instellingen = self.instellingen(ctx)
        studie = instellingen.tussenstudie(ronde.begin, ronde.einde)
        reflected = stored_result(ctx.store, ronde.id, Fase.REFLECT, Gereflecteerd)
        observed = stored_result(ctx.store, ronde.id, Fase.OBSERVE, Waargenomen)
        if not isinstance(reflected, Gereflecteerd) or not isinstance(observed, Waargenomen):
            raise RoundError(
                in_taal(
                    ctx.settings.locale,
                    f"Ronde {ronde.id}: observe en reflect zijn nog niet afgerond; voer de ronde "
                    "opnieuw uit.",
                    f"Round {ronde.id}: observe and reflect have not finished yet; run the round "
                    "again.",
                )
            )
        map_ = ctx.settings.output_dir / slug(ronde.gemeente_naam)
        context = tussenrapport_context(ctx, instellingen, studie, reflected, observed)
        rapport, sha = pdf(
            html_tussenrapport(context, taal_van(ctx.settings.locale)),
            map_ / f"actieonderzoek-tussenrapport-{studie.nummer}.pdf",
        )
        handreiking = handreiking_sha = None
        if studie.nummer == len(instellingen.tussenstudies()):
            lokaal = lokale_namen(ctx, instellingen)
            handreiking, handreiking_sha = pdf(
                html_handreiking(
                    handreiking_context(ctx, instellingen, lokaal), taal_van(ctx.settings.locale)
                ),
                map_ / "actieonderzoek-handreiking.pdf",
            )
        besluiten = decisions(ctx.store, ronde.id)
        return Toegepast(
            editie=studie.nummer,
            pdf=rapport,
            html=rapport.with_suffix(".html"),
            pdf_sha256=sha,
            aangenomen=[d.code for d in besluiten if d.besluit is Besluit.AANGENOMEN],
            verworpen=[d.code for d in besluiten if d.besluit is Besluit.VERWORPEN],
            handreiking=handreiking,
            handreiking_sha256=handreiking_sha,
        )
