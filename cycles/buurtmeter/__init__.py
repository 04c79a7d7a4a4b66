"""The buurtmeter cycle (Utrecht with Portes): sociale acties and what they yield, the wijkanalyse,
reach of target groups, and initiatives that did not go ahead and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar, TypeVar

from pydantic import BaseModel

from makelaar.cycles import observations
from makelaar.cycles.buurtmeter import enquetes as responses
from makelaar.cycles.buurtmeter.edition import build
from makelaar.cycles.buurtmeter.findings import find, methode_drempels, nl
from makelaar.cycles.buurtmeter.indicatoren import gemeente_indicatoren
from makelaar.cycles.buurtmeter.onthulling import optelbaar, publish_survey
from makelaar.cycles.buurtmeter.proposals import propose
from makelaar.cycles.edities import Editieontwerp, write_edition
from makelaar.cycles.edities import (
    slug as slug,
)  # re-exported: the buurtmeter's output folder names
from makelaar.cycles.enquetes import EnquetePlan, survey_status
from makelaar.cycles.indicators import INDICATORS
from makelaar.cycles.netwerk import NETWERK_INDICATOREN, netwerk, netwerk_indicatoren
from makelaar.cycles.rounds import previous_round, stored_indicators, stored_result
from makelaar.cycles.spec import Indicator, RoundContext
from makelaar.cycles.tellingen import optellen, redenen_zonder_doorgang, tel
from makelaar.cycles.wijkanalyse import need_index
from makelaar.forms.titels import formulier_titel
from makelaar.intake.cbs import import_kerncijfers
from makelaar.intake.disclosure import nothing_published
from makelaar.models.domain import Fase, Publiek, modus_label
from makelaar.models.errors import RoundError
from makelaar.models.privacy import Pseudonymiser, load_key
from makelaar.models.schemas import (
    ApplyResult,
    EditionInput,
    Figure,
    ImproveResult,
    ObserveResult,
    ReflectResult,
    RoundRef,
    SourceReport,
)
from makelaar.models.taal import in_taal, taal_van
from makelaar.models.tables import Evaluatieronde
from makelaar.models.uitgave import uitgave_van

T = TypeVar("T", bound=BaseModel)


class BuurtmeterObserved(ObserveResult):
    """What the buurtmeter observed: `aantallen` has "acties", "initiatieven" and "signalen"."""

    #: the year of the CBS key figures the round uses (None without them)
    kerncijfers_jaar: int | None = None


class BuurtmeterCycle:
    """Observe the logbook and CBS figures, reflect per wijk and doelgroep, propose, render."""

    name = "buurtmeter"
    title = "Buurtmeter (Utrecht, Portes): sociale acties, wijkanalyse en bereik van doelgroepen"
    #: each round: the brokers' reflection form, the partner survey and the residents' buurtmeter
    enquetes = (
        EnquetePlan("reflectieformulier", Publiek.MAKELAARS, venster_dagen=14),
        EnquetePlan("partnerenquete", Publiek.PARTNERS, venster_dagen=21),
        EnquetePlan("buurtmeter", Publiek.BEWONERS, venster_dagen=28, max_herinneringen=2),
    )
    #: the file a round may be given (`makelaar round run --bestand cbs=PAD`, or `--cbs PAD`)
    invoerbestanden: ClassVar[Mapping[str, str]] = {
        "cbs": "CBS Kerncijfers wijken en buurten (.xlsx), eerst ingelezen"
    }

    #: the logbook's indicators, the surveys' and the network's (cycles.indicators,
    #: cycles.buurtmeter.enquetes, cycles.netwerk)
    indicatoren: tuple[Indicator, ...] = (
        *INDICATORS.values(),
        *responses.ENQUETE_INDICATOREN.values(),
        *NETWERK_INDICATOREN.values(),
    )

    def observe(self, ctx: RoundContext) -> BuurtmeterObserved:
        ronde = ctx.ronde
        bronnen: list[SourceReport] = []
        if "cbs" in ctx.bestanden:
            report = import_kerncijfers(ctx.store, ctx.bestanden["cbs"])
            bronnen.append(report.as_source_report())
        with ctx.store.session() as session:
            wijken = observations.wijken(session, ronde.gemeente_code)
            if not wijken:
                raise RoundError(
                    in_taal(
                        ctx.settings.locale,
                        f"Gemeente {ronde.gemeente_naam} ({ronde.gemeente_code}) heeft geen wijken "
                        "in de database. Importeer de CBS-kerncijfers: makelaar wijken import "
                        "BESTAND.",
                        f"Municipality {ronde.gemeente_naam} ({ronde.gemeente_code}) has no "
                        "districts in the database. Import the CBS key figures: makelaar wijken "
                        "import FILE.",
                    )
                )
            codes = [w.code for w in wijken]
            profielen = observations.profielen(session, [ronde.gemeente_code, *codes])
            telling = optellen(tel(session, codes, ronde.begin, ronde.einde).values())
        aantallen = {
            "acties": telling.acties,
            "signalen": sum(telling.signalen.values()),
            "initiatieven": sum(telling.initiatieven.values()),
        }
        bronnen.append(
            SourceReport(
                bron=in_taal(
                    taal_van(ctx.settings.locale),
                    "Logboek sociaal makelaars",
                    "Logbook of the sociaal makelaars",
                ),
                gelezen=sum(aantallen.values()),
                opmerking=in_taal(
                    taal_van(ctx.settings.locale),
                    f"vastgelegd tussen {ronde.begin:%d-%m-%Y} en {ronde.einde:%d-%m-%Y}",
                    f"recorded between {ronde.begin:%d-%m-%Y} and {ronde.einde:%d-%m-%Y}",
                ),
            )
        )
        jaar = profielen[ronde.gemeente_code].jaar if ronde.gemeente_code in profielen else None
        return BuurtmeterObserved(bronnen=bronnen, aantallen=aantallen, kerncijfers_jaar=jaar)

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        ronde = ctx.ronde
        with ctx.store.session() as session:
            wijken = observations.wijken(session, ronde.gemeente_code)
            codes = [w.code for w in wijken]
            profielen = observations.profielen(session, [ronde.gemeente_code, *codes])
            redenen = redenen_zonder_doorgang(session, codes, ronde.begin, ronde.einde)
            logboek = gemeente_indicatoren(
                session,
                ronde.gemeente_code,
                ronde.begin,
                ronde.einde,
                min_n=ctx.settings.min_cell_size,
            )
        standen = survey_status(ctx.store, ronde.id, ctx.nu())
        citaten: list[responses.Citaat] = []
        with ctx.store.session() as session:
            raw_survey = responses.survey_indicators(
                session,
                ronde_id=ronde.id,
                gemeente_code=ronde.gemeente_code,
                wijken=codes,
                standen=standen,
            )
            bijdragen = responses.survey_contributions(
                session, ronde_id=ronde.id, gemeente_code=ronde.gemeente_code, wijken=codes
            )
            if standen:
                citaten = responses.quotes(
                    session, ronde.id, Pseudonymiser(load_key(ctx.settings)[0])
                )
        survey_values = publish_survey(
            raw_survey,
            responses.ENQUETE_INDICATOREN.values(),
            min_n=ctx.settings.min_cell_size,
            bijdragen=bijdragen,
        )
        indicatoren = [
            *logboek,
            *survey_values,
        ]
        vorige = previous_round(ctx.store, ronde)
        with ctx.store.session() as session:
            # the network is of organisations and brokers, not of residents: no small-number
            # suppression applies to it (a gemeente with four partners may say so)
            huidig = netwerk(session, codes, ronde.begin, ronde.einde)
            eerder = netwerk(session, codes, vorige.begin, vorige.einde) if vorige else None
        indicatoren += netwerk_indicatoren(ronde.gemeente_code, huidig, eerder)
        vorige_waarden = stored_indicators(ctx.store, vorige.id) if vorige else []
        vandaag = ctx.nu().date()
        dagen = (_dagen(ronde, vandaag), _dagen(vorige, vandaag) if vorige else 1)
        taal = taal_van(ctx.settings.locale)  # findings are stored in the round's language
        bevindingen = find(
            gemeente_code=ronde.gemeente_code,
            wijken=wijken,
            profielen=profielen,
            indicatoren=indicatoren,
            redenen_zonder_doorgang=redenen,
            wijkanalyse=need_index(
                {code: profielen[code].components() for code in codes if code in profielen}
            ),
            vorige=vorige_waarden,
            dagen=dagen,
            taal=taal,
        ) + responses.survey_findings(
            survey_values,
            citaten,
            gemeente_code=ronde.gemeente_code,
            wijken=wijken,
            vorige=vorige_waarden,
            dagen=dagen,
            taal=taal,
        )
        return ReflectResult(
            indicatoren=indicatoren,
            bevindingen=bevindingen,
            vorige_ronde_id=vorige.id if vorige else None,
        )

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        return ImproveResult(
            voorstellen=propose(
                reflected.bevindingen,
                periode=ctx.ronde.periode,
                taal=taal_van(ctx.settings.locale),
            )
        )

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        return write_edition(
            ctx,
            lambda ontwerp: self._edition(ctx, ontwerp),
            cycle=self,
            optelbaar=optelbaar(self.indicatoren),
        )

    def _edition(self, ctx: RoundContext, ontwerp: Editieontwerp) -> EditionInput:
        """The buurtmeter's pages: CBS and logbook figures per wijk, charts, the methods."""
        ronde = ctx.ronde
        reflected = _stored(ctx, Fase.REFLECT, ReflectResult)
        observed = _stored(ctx, Fase.OBSERVE, BuurtmeterObserved)
        with ctx.store.session() as session:
            wijken = observations.wijken(session, ronde.gemeente_code)
            profielen = observations.profielen(
                session, [ronde.gemeente_code, *[w.code for w in wijken]]
            )
            uitgave = uitgave_van(session, ronde.gemeente_code)
        return build(
            ontwerp,
            wijken=wijken,
            profielen=profielen,
            indicatoren=reflected.indicatoren,
            bevindingen=reflected.bevindingen,
            methode=_method_figures(
                ctx, observed, nothing_published(reflected.indicatoren), ontwerp.datum
            ),
            uitgave=uitgave,
        )


def _dagen(ronde: RoundRef, vandaag: dt.date) -> int:
    """The days of a round's period observed by `vandaag` (all of them once it has ended)."""
    return max((min(ronde.einde, vandaag) - ronde.begin).days + 1, 1)


def _stored(ctx: RoundContext, fase: Fase, kind: type[T]) -> T:
    result = stored_result(ctx.store, ctx.ronde.id, fase, kind)
    if not isinstance(result, kind):
        raise RoundError(
            in_taal(
                ctx.settings.locale,
                f"Ronde {ctx.ronde.id}: de fase {fase.value} is nog niet afgerond; "
                "voer de ronde opnieuw uit.",
                f"Round {ctx.ronde.id}: the phase {fase.value} has not finished yet; run the round "
                "again.",
            )
        )
    return result


def _method_figures(
    ctx: RoundContext,
    observed: BuurtmeterObserved,
    alles_onderdrukt: bool = False,
    datum: dt.date | None = None,
) -> list[Figure]:
    ronde = ctx.ronde
    with ctx.store.session() as session:
        aangemaakt = session.get(Evaluatieronde, ronde.id)
        start = aangemaakt.aangemaakt_op if aangemaakt else None
    taal = taal_van(ctx.settings.locale)

    def t(nl_tekst: str, en_tekst: str) -> str:
        return in_taal(taal, nl_tekst, en_tekst)

    ronde_bron = t("evaluatieronde", "evaluation round")
    logboek = t("logboek", "logbook")
    n = ctx.settings.min_cell_size
    figures = [
        Figure(
            label=t("Periode", "Period"),
            waarde=t(
                f"{ronde.begin:%d-%m-%Y} t/m {ronde.einde:%d-%m-%Y}",
                f"{ronde.begin:%d-%m-%Y} to {ronde.einde:%d-%m-%Y}",
            ),
            bron=ronde_bron,
        ),
        *(
            [
                Figure(
                    label=t("Gegevens tot en met", "Data up to and including"),
                    waarde=t(
                        f"{datum:%d-%m-%Y} (de periode loopt nog)",
                        f"{datum:%d-%m-%Y} (the period is still running)",
                    ),
                    bron=t("datum van deze editie", "date of this edition"),
                )
            ]
            if datum is not None and datum < ronde.einde
            else []
        ),
        Figure(label=t("Werkwijze", "Method"), waarde="buurtmeter", bron=ronde_bron),
        Figure(
            label=t("Sociale acties in de analyse", "Social actions in the analysis"),
            waarde=nl(observed.aantallen["acties"], 0, taal),
            bron=logboek,
        ),
        Figure(
            label=t("Bewonersinitiatieven in de analyse", "Resident initiatives in the analysis"),
            waarde=nl(observed.aantallen["initiatieven"], 0, taal),
            bron=logboek,
        ),
        Figure(
            label=t("Signalen in de analyse", "Signals in the analysis"),
            waarde=nl(observed.aantallen["signalen"], 0, taal),
            bron=logboek,
        ),
        Figure(
            label=t("Kleinste gepubliceerde aantal", "Smallest published number"),
            waarde=t(f"{n} personen of registraties", f"{n} people or records"),
            bron=t("instelling van de gemeente", "setting of the municipality"),
        ),
        *(
            [
                Figure(
                    label=t(
                        "Gepubliceerde cijfers uit deze ronde", "Figures published from this round"
                    ),
                    waarde=t(
                        f"geen: elk cijfer rust op minder dan {n} personen of registraties",
                        f"none: every figure rests on fewer than {n} people or records",
                    ),
                    bron=t("logboek en enquêtes", "logbook and surveys"),
                )
            ]
            if alles_onderdrukt
            else []
        ),
        Figure(
            label=t("Drempels voor bevindingen", "Thresholds for findings"),
            waarde=methode_drempels(taal),
            bron=t("werkwijze buurtmeter", "buurtmeter method"),
        ),
    ]
    if observed.kerncijfers_jaar:
        figures.append(
            Figure(
                label=t("CBS-kerncijfers", "CBS key figures"),
                waarde=t(f"jaar {observed.kerncijfers_jaar}", f"year {observed.kerncijfers_jaar}"),
                bron="CBS, Kerncijfers wijken en buurten (CC BY 4.0)",
            )
        )
    for stand in survey_status(ctx.store, ronde.id, ctx.nu()):
        publiek = t(stand.publiek_label.lower(), _PUBLIEK_EN[stand.publiek])
        modus = modus_label(stand.modus, taal)
        formulier = formulier_titel(stand.form_id, stand.titel, taal)
        figures.append(
            Figure(
                label=t(f"Respons {publiek}", f"Response {publiek}"),
                waarde=(
                    t(
                        f"{stand.beantwoord} van {stand.uitgenodigd} ({stand.respons_pct:.0f}%)",
                        f"{stand.beantwoord} of {stand.uitgenodigd} ({stand.respons_pct:.0f}%)",
                    )
                    if stand.beantwoord >= n and stand.respons_pct is not None
                    else t(f"minder dan {n} antwoorden", f"fewer than {n} answers")
                ),
                bron=f"{formulier} ({modus})",
            )
        )
    if start:
        figures.append(
            Figure(
                label=t("Ronde gestart", "Round started"),
                waarde=f"{start:%d-%m-%Y}",
                bron=ronde_bron,
            )
        )
    return figures


#: the surveys' audiences and modes as English readers read them (the methods figures)
_PUBLIEK_EN: dict[Publiek, str] = {
    Publiek.MAKELAARS: "social brokers (sociaal makelaars)",
    Publiek.SOCIAAL_WERKERS: "social workers",
    Publiek.PARTNERS: "partner organisations",
    Publiek.BEWONERS: "residents",
}
