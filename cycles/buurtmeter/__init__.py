"""The buurtmeter cycle (Utrecht with Portes): sociale acties and what they yield, the wijkanalyse,
reach of target groups, and initiatives that did not go ahead and why."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import func, select

from cycles import observations
from cycles.buurtmeter import enquetes as responses
from cycles.buurtmeter.edition import as_change, build
from cycles.buurtmeter.findings import (
    DREMPEL_SIGNALEN_OPGEPAKT_PCT,
    DREMPEL_ZONDER_DOORGANG_PCT,
    find,
)
from cycles.buurtmeter.proposals import propose
from cycles.enquetes import EnquetePlan, survey_status
from cycles.indicators import ADDITIVE, compute, reasons_without_go_ahead
from cycles.leerbijeenkomst import decisions
from cycles.rounds import previous_round, stored_indicators, stored_result
from cycles.spec import RoundContext
from cycles.wijkanalyse import need_index
from forms.rondes import AMSTERDAM
from handreiking.content import load_sections
from handreiking.edition import apply_changes
from handreiking.render import render_edition
from intake.cbs import import_kerncijfers
from intake.disclosure import nothing_published, suppress
from models.domain import Besluit, Fase, Publiek
from models.errors import RoundError
from models.privacy import Pseudonymiser, load_key
from models.schemas import (
    ApplyResult,
    Figure,
    ImproveResult,
    ObserveResult,
    ReflectResult,
    SourceReport,
)
from models.tables import Editie, Evaluatieronde
from models.upsert import upsert

T = TypeVar("T", bound=BaseModel)


def slug(name: str) -> str:
    """A file-system name for a gemeente: 'Súdwest-Fryslân' becomes 'sudwest-fryslan'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "gemeente"


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

    def observe(self, ctx: RoundContext) -> ObserveResult:
        ronde = ctx.ronde
        bronnen: list[SourceReport] = []
        if "cbs" in ctx.bestanden:
            report = import_kerncijfers(ctx.store, ctx.bestanden["cbs"])
            bronnen.append(report.as_source_report())
        with ctx.store.session() as session:
            wijken = observations.wijken(session, ronde.gemeente_code)
            if not wijken:
                raise RoundError(
                    f"Gemeente {ronde.gemeente_naam} ({ronde.gemeente_code}) heeft geen wijken in de "
                    "database. Importeer de CBS-kerncijfers: makelaar wijken import BESTAND."
                )
            codes = [w.code for w in wijken]
            profielen = observations.profielen(session, [ronde.gemeente_code, *codes])
            acties = observations.acties(session, codes, ronde.begin, ronde.einde)
            initiatieven = observations.initiatieven(session, codes, ronde.begin, ronde.einde)
            signalen = observations.signalen(session, codes, ronde.begin, ronde.einde)
        bronnen.append(
            SourceReport(
                bron="Logboek sociaal makelaars",
                gelezen=len(acties) + len(initiatieven) + len(signalen),
                opmerking=f"vastgelegd tussen {ronde.begin:%d-%m-%Y} en {ronde.einde:%d-%m-%Y}",
            )
        )
        jaar = profielen[ronde.gemeente_code].jaar if ronde.gemeente_code in profielen else None
        return ObserveResult(
            bronnen=bronnen,
            acties=len(acties),
            signalen=len(signalen),
            initiatieven=len(initiatieven),
            kerncijfers_jaar=jaar,
        )

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        ronde = ctx.ronde
        with ctx.store.session() as session:
            wijken = observations.wijken(session, ronde.gemeente_code)
            codes = [w.code for w in wijken]
            profielen = observations.profielen(session, [ronde.gemeente_code, *codes])
            initiatieven = observations.initiatieven(session, codes, ronde.begin, ronde.einde)
            raw = compute(
                gemeente_code=ronde.gemeente_code,
                wijken=codes,
                inwoners={code: p.inwoners for code, p in profielen.items()},
                acties=observations.acties(session, codes, ronde.begin, ronde.einde),
                initiatieven=initiatieven,
                signalen=observations.signalen(session, codes, ronde.begin, ronde.einde),
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
            if standen:
                citaten = responses.quotes(
                    session, ronde.id, Pseudonymiser(load_key(ctx.settings)[0])
                )
        survey_values = suppress(
            raw_survey, ctx.settings.min_cell_size, additive=responses.ADDITIEF
        )
        indicatoren = [
            *suppress(raw, ctx.settings.min_cell_size, additive=ADDITIVE),
            *survey_values,
        ]
        vorige = previous_round(ctx.store, ronde)
        bevindingen = find(
            gemeente_code=ronde.gemeente_code,
            wijken=wijken,
            profielen=profielen,
            indicatoren=indicatoren,
            redenen_zonder_doorgang=reasons_without_go_ahead(initiatieven),
            wijkanalyse=need_index(
                {code: profielen[code].components() for code in codes if code in profielen}
            ),
            vorige=stored_indicators(ctx.store, vorige.id) if vorige else [],
        ) + responses.survey_findings(
            survey_values, citaten, gemeente_code=ronde.gemeente_code, wijken=wijken
        )
        return ReflectResult(
            indicatoren=indicatoren,
            bevindingen=bevindingen,
            vorige_ronde_id=vorige.id if vorige else None,
        )

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        return ImproveResult(voorstellen=propose(reflected.bevindingen, periode=ctx.ronde.periode))

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        ronde = ctx.ronde
        taal = ctx.settings.locale
        reflected = _stored(ctx, Fase.REFLECT, ReflectResult)
        besluiten = decisions(ctx.store, ronde.id)
        titles = {s.id: s.title for s in load_sections(taal)}
        vorige = previous_round(ctx.store, ronde)
        with ctx.store.session() as session:
            wijken = observations.wijken(session, ronde.gemeente_code)
            profielen = observations.profielen(
                session, [ronde.gemeente_code, *[w.code for w in wijken]]
            )
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
            basis = dict(vorige_editie.secties) if vorige_editie else None
        if basis is None:
            basis = {s.id: s.body for s in load_sections(taal)}
        adopted = [d for d in besluiten if d.besluit is Besluit.AANGENOMEN]
        secties = apply_changes(basis, [as_change(d, titles) for d in adopted])
        observed = _stored(ctx, Fase.OBSERVE, ObserveResult)
        datum = ctx.nu().astimezone(AMSTERDAM).date()
        data = build(
            gemeente_code=ronde.gemeente_code,
            gemeente_naam=ronde.gemeente_naam,
            editie=nummer,
            periode=ronde.periode,
            cyclus=self.name,
            taal=taal,
            datum=datum,
            secties=secties,
            sectie_titels=titles,
            wijken=wijken,
            profielen=profielen,
            indicatoren=reflected.indicatoren,
            bevindingen=reflected.bevindingen,
            besluiten=besluiten,
            methode=_method_figures(ctx, observed, nothing_published(reflected.indicatoren), datum),
            min_n=ctx.settings.min_cell_size,
            periode_einde=ronde.einde,
        )
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
                        "nummer": nummer,
                        "ronde_id": ronde.id,
                        "taal": taal,
                        "pdf_pad": str(rendered.pdf),
                        "html_pad": str(rendered.html),
                        "pdf_sha256": rendered.pdf_sha256,
                        "secties": secties,
                        "aangemaakt_op": dt.datetime.now(dt.UTC),
                    }
                ],
                key=("ronde_id",),
                update=("pdf_pad", "html_pad", "pdf_sha256", "secties", "taal"),
            )
        return ApplyResult(
            editie=nummer,
            pdf=rendered.pdf,
            html=rendered.html,
            pdf_sha256=rendered.pdf_sha256,
            aangenomen=[d.code for d in adopted],
            verworpen=[d.code for d in besluiten if d.besluit is Besluit.VERWORPEN],
        )


def _stored(ctx: RoundContext, fase: Fase, kind: type[T]) -> T:
    result = stored_result(ctx.store, ctx.ronde.id, fase)
    if not isinstance(result, kind):
        raise RoundError(
            f"Ronde {ctx.ronde.id}: de fase {fase.value} is nog niet afgerond; "
            "voer de ronde opnieuw uit."
        )
    return result


def _method_figures(
    ctx: RoundContext,
    observed: ObserveResult,
    alles_onderdrukt: bool = False,
    datum: dt.date | None = None,
) -> list[Figure]:
    ronde = ctx.ronde
    with ctx.store.session() as session:
        aangemaakt = session.get(Evaluatieronde, ronde.id)
        start = aangemaakt.aangemaakt_op if aangemaakt else None
    figures = [
        Figure(
            label="Periode",
            waarde=f"{ronde.begin:%d-%m-%Y} t/m {ronde.einde:%d-%m-%Y}",
            bron=ronde.periode,
        ),
        *(
            [
                Figure(
                    label="Gegevens tot en met",
                    waarde=f"{datum:%d-%m-%Y} (de periode loopt nog)",
                    bron="datum van deze editie",
                )
            ]
            if datum is not None and datum < ronde.einde
            else []
        ),
        Figure(label="Cyclus", waarde="buurtmeter", bron="makelaar"),
        Figure(label="Sociale acties in de analyse", waarde=str(observed.acties), bron="logboek"),
        Figure(
            label="Bewonersinitiatieven in de analyse",
            waarde=str(observed.initiatieven),
            bron="logboek",
        ),
        Figure(label="Signalen in de analyse", waarde=str(observed.signalen), bron="logboek"),
        Figure(
            label="Kleinste gepubliceerde aantal",
            waarde=f"{ctx.settings.min_cell_size} personen of registraties",
            bron="RELIABILITY §7, instelbaar per gemeente",
        ),
        *(
            [
                Figure(
                    label="Gepubliceerde cijfers uit deze ronde",
                    waarde=(
                        f"geen: elk cijfer rust op minder dan {ctx.settings.min_cell_size} "
                        "personen of registraties"
                    ),
                    bron="logboek en enquêtes",
                )
            ]
            if alles_onderdrukt
            else []
        ),
        Figure(
            label="Drempels voor bevindingen",
            waarde=(
                f"initiatieven zonder doorgang > {DREMPEL_ZONDER_DOORGANG_PCT:.0f}%; "
                f"signalen opgepakt < {DREMPEL_SIGNALEN_OPGEPAKT_PCT:.0f}%"
            ),
            bron="buurtmeter",
        ),
    ]
    if observed.kerncijfers_jaar:
        figures.append(
            Figure(
                label="CBS-kerncijfers",
                waarde=f"jaar {observed.kerncijfers_jaar}",
                bron="CBS, Kerncijfers wijken en buurten (CC BY 4.0)",
            )
        )
    for stand in survey_status(ctx.store, ronde.id, ctx.nu()):
        n = ctx.settings.min_cell_size
        figures.append(
            Figure(
                label=f"Respons {stand.publiek_label.lower()}",
                waarde=(
                    f"{stand.beantwoord} van {stand.uitgenodigd} ({stand.respons_pct:.0f}%)"
                    if stand.beantwoord >= n and stand.respons_pct is not None
                    else f"minder dan {n} antwoorden"
                ),
                bron=f"{stand.titel} ({stand.modus.value})",
            )
        )
    if start:
        figures.append(Figure(label="Ronde gestart", waarde=f"{start:%d-%m-%Y}", bron="makelaar"))
    return figures
