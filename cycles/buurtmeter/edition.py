"""Builds what the next handreiking edition is rendered from: figures, charts, pages and changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from cycles.buurtmeter.findings import nl
from cycles.indicators import INDICATORS, lookup
from cycles.leerbijeenkomst import Decision
from cycles.observations import Profiel, WijkInfo
from handreiking.charts import bar_chart
from intake.disclosure import nothing_published
from models.domain import DOELGROEP_LABELS, Besluit, Doelgroep
from models.schemas import Change, EditionInput, Figure, Finding, IndicatorValue, WijkPage

BRON_CBS = "CBS Kerncijfers wijken en buurten {jaar}"
BRON_LOGBOEK = "Logboek sociaal makelaars, {periode}"
ONDERDRUKT = "onderdrukt (< {n})"


def _cbs_figures(profiel: Profiel | None) -> list[Figure]:
    if profiel is None:
        return []
    bron = BRON_CBS.format(jaar=profiel.jaar)

    def fmt(value: float | None, suffix: str = "", digits: int = 1) -> str:
        return "niet bekend (CBS)" if value is None else f"{nl(value, digits)}{suffix}"

    return [
        Figure(label="Inwoners", waarde=fmt(profiel.inwoners, digits=0), bron=bron),
        Figure(label="65 jaar en ouder", waarde=fmt(profiel.pct_65_plus, "%"), bron=bron),
        Figure(label="Eenpersoonshuishoudens", waarde=fmt(profiel.pct_eenpersoons, "%"), bron=bron),
        Figure(
            label="Huishoudens met een laag inkomen",
            waarde=fmt(profiel.pct_huishoudens_laag_inkomen, "%"),
            bron=bron,
        ),
        Figure(
            label="Wmo-cliënten per 1.000 inwoners", waarde=fmt(profiel.wmo_per_1000), bron=bron
        ),
        Figure(
            label="Herkomst buiten Europa",
            waarde=fmt(profiel.pct_herkomst_buiten_europa, "%"),
            bron=bron,
        ),
    ]


LOGBOEK_FIGUREN: tuple[str, ...] = (
    "acties",
    "acties_per_1000_inwoners",
    "bereikte_bewoners",
    "pct_acties_bewoner_organisator",
    "gem_partners_per_actie",
    "initiatieven",
    "pct_initiatieven_gerealiseerd",
    "signalen",
    "pct_signalen_opgepakt",
    "uren",
)


def _logbook_figures(
    values: dict[tuple[str, str], IndicatorValue], sleutel: str, periode: str, min_n: int
) -> list[Figure]:
    figures = []
    for indicator in LOGBOEK_FIGUREN:
        value = values.get((indicator, sleutel))
        if value is None:
            continue
        definition = INDICATORS[indicator]
        if value.onderdrukt or value.waarde is None:
            shown = ONDERDRUKT.format(n=min_n) if value.onderdrukt else "geen gegevens"
        elif definition.eenheid == "%":
            shown = f"{nl(value.waarde)}%"
        elif definition.eenheid == "aantal":
            shown = nl(value.waarde, 0)
        elif definition.eenheid == "gemiddeld":
            shown = nl(value.waarde, 2)
        else:
            shown = nl(value.waarde)
        figures.append(
            Figure(label=definition.label, waarde=shown, bron=BRON_LOGBOEK.format(periode=periode))
        )
    return figures


def as_change(decision: Decision, titles: dict[str, str]) -> Change:
    """A decided proposal as the edition shows it, with its section's title."""
    # Only `tekst` is Markdown (authored: the cycle's sentences, with the data it quotes made
    # literal in proposals.propose, or a researcher's own text). The title, the grounds and the
    # decision's reason are plain text: the templates escape them, and apply_changes makes the
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


def build(
    *,
    gemeente_code: str,
    gemeente_naam: str,
    editie: int,
    periode: str,
    cyclus: str,
    taal: str,
    datum: dt.date,
    secties: dict[str, str],
    sectie_titels: dict[str, str],
    wijken: Sequence[WijkInfo],
    profielen: dict[str, Profiel],
    indicatoren: Sequence[IndicatorValue],
    bevindingen: Sequence[Finding],
    besluiten: Sequence[Decision],
    methode: list[Figure],
    min_n: int,
    periode_einde: dt.date | None = None,
) -> EditionInput:
    """The edition's input: `secties` must already hold the adopted changes.

    When no figure of the round's own data can be published (all below `min_n`), the edition
    says so (`alles_onderdrukt`) and leaves out the tables and charts of suppressed cells; a wijk
    whose logbook figures are all suppressed says so on its page (`logboek_onderdrukt`). An
    edition made (`datum`) before the period's end (`periode_einde`) says its figures run up to
    that day (`gegevens_tot`).
    """
    values = lookup(indicatoren)
    alles_onderdrukt = nothing_published(indicatoren)
    per_1000 = [values.get(("acties_per_1000_inwoners", w.code)) for w in wijken]
    gemeente_grafiek = bar_chart(
        [w.weergave for w in wijken],
        [None if v is None or v.onderdrukt else v.waarde for v in per_1000],
        title="Sociale acties per 1.000 inwoners, per wijk",
        alt=(
            "Staafdiagram van het aantal sociale acties per 1.000 inwoners in elke wijk van "
            f"{gemeente_naam}, periode {periode}: "
            + "; ".join(
                f"{w.weergave} {nl(v.waarde)}"
                for w, v in zip(wijken, per_1000, strict=True)
                if v is not None and v.waarde is not None and not v.onderdrukt
            )
            + "."
        ),
        caption=f"Bron: logboek sociaal makelaars ({periode}) en CBS-inwonertallen.",
        xlabel="acties per 1.000 inwoners",
    )
    pages = []
    for wijk in wijken:
        reach = [values.get((f"pct_acties_doelgroep_{g.value}", wijk.code)) for g in Doelgroep]
        shown = [None if r is None or r.onderdrukt else r.waarde for r in reach]
        labels = [DOELGROEP_LABELS[g] for g in Doelgroep]
        grafiek = bar_chart(
            labels,
            shown,
            title=f"Bereik van doelgroepen in {wijk.weergave}",
            alt=(
                f"Staafdiagram: aandeel van de sociale acties in {wijk.weergave} dat elke doelgroep "
                "bereikt: "
                + "; ".join(
                    f"{label} {nl(v)}%" if v is not None else f"{label} onderdrukt"
                    for label, v in zip(labels, shown, strict=True)
                )
                + "."
            ),
            caption=f"Bron: logboek sociaal makelaars ({periode}). Percentage van de acties.",
            xlabel="% van de sociale acties",
        )
        pages.append(
            WijkPage(
                code=wijk.code,
                naam=wijk.weergave,
                kerncijfers=_cbs_figures(profielen.get(wijk.code)),
                logboek=_logbook_figures(values, wijk.code, periode, min_n),
                grafiek=grafiek,
                bevindingen=[f for f in bevindingen if f.wijk_code == wijk.code],
                logboek_onderdrukt=nothing_published(
                    v
                    for indicator in LOGBOEK_FIGUREN
                    if (v := values.get((indicator, wijk.code))) is not None
                ),
            )
        )
    return EditionInput(
        gemeente_code=gemeente_code,
        gemeente_naam=gemeente_naam,
        editie=editie,
        periode=periode,
        cyclus=cyclus,
        taal="en" if taal == "en" else "nl",
        datum=datum,
        secties=secties,
        gemeente_kerncijfers=_cbs_figures(profielen.get(gemeente_code))
        + ([] if alles_onderdrukt else _logbook_figures(values, gemeente_code, periode, min_n)),
        gemeente_grafiek=gemeente_grafiek,
        wijken=pages,
        wijziging=[
            as_change(d, sectie_titels) for d in besluiten if d.besluit is Besluit.AANGENOMEN
        ],
        verworpen=[
            as_change(d, sectie_titels) for d in besluiten if d.besluit is Besluit.VERWORPEN
        ],
        methode=methode,
        drempel=min_n,
        alles_onderdrukt=alles_onderdrukt,
        gegevens_tot=datum if periode_einde is not None and datum < periode_einde else None,
    )
