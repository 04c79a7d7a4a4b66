"""Huisbezoek: home visits per wijk, a cycle of a research team's own."""

from pathlib import Path

import sqlalchemy as sa

from makelaar import (
    ApplyResult,
    Editieontwerp,
    EditionInput,
    Figure,
    ImproveResult,
    Indicator,
    IndicatorValue,
    ObserveResult,
    Proposal,
    ReflectResult,
    RoundContext,
    SourceReport,
    stored_indicators,
    suppress,
    write_edition,
)

HIER = Path(__file__).parent
#: the cycle's own table (its own MetaData; created by migraties/, names start with the cycle's)
metadata = sa.MetaData()
bezoek = sa.Table(
    "huisbezoek_bezoek",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("wijk_code", sa.String(16), nullable=False),
    sa.Column("datum", sa.Date, nullable=False),
)
BEZOEKEN = Indicator(
    "huisbezoeken", "Huisbezoeken", "Home visits", "aantal", beter="hoger", optelbaar=True
)


class HuisbezoekCycle:
    name = "huisbezoek"
    title = "Huisbezoeken per wijk"
    indicatoren = (BEZOEKEN,)
    inhoud = HIER / "inhoud"  # guide sections of its own: inhoud/nl/*.md
    migraties = HIER / "migraties"  # run by `makelaar db upgrade`

    def observe(self, ctx: RoundContext) -> ObserveResult:
        ronde = ctx.ronde
        with ctx.store.connection() as db:
            per_wijk = db.execute(
                sa.select(bezoek.c.wijk_code, sa.func.count())
                .where(bezoek.c.datum.between(ronde.begin, ronde.einde))
                .group_by(bezoek.c.wijk_code)
            ).all()
        self.per_wijk = {wijk: int(n) for wijk, n in per_wijk}
        n = sum(self.per_wijk.values())
        return ObserveResult(
            bronnen=[SourceReport(bron="Huisbezoeken", gelezen=n)],
            aantallen={"huisbezoeken": n, **{f"wijk:{w}": m for w, m in self.per_wijk.items()}},
        )

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        def waarde(dimensie: str, sleutel: str, n: int) -> IndicatorValue:
            return IndicatorValue(
                indicator=BEZOEKEN.id, dimensie=dimensie, sleutel=sleutel, waarde=n, basis=n
            )

        telling = observed.aantallen
        waarden = [waarde("gemeente", ctx.ronde.gemeente_code, telling["huisbezoeken"])]
        waarden += [waarde("wijk", k[5:], n) for k, n in telling.items() if k.startswith("wijk:")]
        gepubliceerd = suppress(waarden, ctx.settings.min_cell_size, additive={BEZOEKEN.id})
        return ReflectResult(indicatoren=gepubliceerd, bevindingen=[])

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        voorstel = Proposal(
            code="huisbezoek-nieuwe-bewoners",
            sectie_id="huisbezoek-werkwijze",
            titel="Nieuwe bewoners binnen een maand bezocht",
            tekst="Bezoek elke nieuwe bewoner binnen een maand na de verhuizing.",
            onderbouwing="Huisbezoeken in deze ronde, per wijk.",
        )
        return ImproveResult(voorstellen=[voorstel])

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        return write_edition(ctx, lambda ontwerp: self.editie(ctx, ontwerp), cycle=self)

    def editie(self, ctx: RoundContext, ontwerp: Editieontwerp) -> EditionInput:
        cijfers = [
            Figure(
                label=f"{BEZOEKEN.naam(ontwerp.taal)} ({v.dimensie} {v.sleutel})",
                waarde="onderdrukt" if v.onderdrukt else f"{v.waarde:.0f}",
                bron="huisbezoekregistratie",
            )
            for v in stored_indicators(ctx.store, ctx.ronde.id)
        ]
        return ontwerp.invoer(gemeente_kerncijfers=cijfers)
