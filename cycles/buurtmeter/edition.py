"""Builds what the next handreiking edition is rendered from: figures, charts, pages and changes."""

from __future__ import annotations

from collections.abc import Sequence

from makelaar.cycles.buurtmeter.findings import nl
from makelaar.cycles.edities import Editieontwerp
from makelaar.cycles.indicators import INDICATORS, lookup
from makelaar.cycles.observations import Profiel, WijkInfo
from makelaar.handreiking.charts import bar_chart
from makelaar.intake.disclosure import nothing_published
from makelaar.models.domain import DOELGROEP_LABELS, Doelgroep
from makelaar.models.schemas import (
    EditionInput,
    Figure,
    Finding,
    IndicatorValue,
    Uitgave,
    WijkPage,
)
from makelaar.models.taal import Taal, in_taal

BRON_CBS = "CBS Kerncijfers wijken en buurten {jaar}"
BRON_LOGBOEK = "Logboek sociaal makelaars, {periode}"
ONDERDRUKT = "onderdrukt (<\u00a0{n})"  # a no-break space: "(< 10)" never splits


NIET_BEKEND = "niet bekend (CBS)"


def _cbs_figures(profiel: Profiel | None) -> list[Figure]:
    if profiel is None:
        return []
    bron = BRON_CBS.format(jaar=profiel.jaar)

    def fmt(value: float | None, suffix: str = "", digits: int = 1) -> str:
        return NIET_BEKEND if value is None else f"{nl(value, digits)}{suffix}"

    return [
        Figure(label="Inwoners", waarde=fmt(profiel.inwoners, digits=0), bron=bron),
        Figure(
            label="15 tot 25 jaar",
            waarde=fmt(profiel.share(profiel.leeftijd_15_24, profiel.inwoners), "%"),
            bron=bron,
        ),
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
        elif definition.eenheid in ("aantal", "uren"):
            shown = nl(value.waarde, 0)
        elif definition.eenheid == "gemiddeld":
            shown = nl(value.waarde, 2)
        else:
            shown = nl(value.waarde)
        figures.append(
            Figure(label=definition.nl, waarde=shown, bron=BRON_LOGBOEK.format(periode=periode))
        )
    return figures


def build(
    ontwerp: Editieontwerp,
    *,
    wijken: Sequence[WijkInfo],
    profielen: dict[str, Profiel],
    indicatoren: Sequence[IndicatorValue],
    bevindingen: Sequence[Finding],
    methode: list[Figure],
    uitgave: Uitgave | None = None,
) -> EditionInput:
    """The edition's input: the draft's text and decisions plus the buurtmeter's figures.

    When no figure of the round's own data can be published (all below the draft's threshold),
    the edition says so (`alles_onderdrukt`) and leaves out the tables and charts of suppressed
    cells; a wijk whose logbook figures are all suppressed says so on its page
    (`logboek_onderdrukt`).
    """
    gemeente_code = ontwerp.ronde.gemeente_code
    gemeente_naam = ontwerp.ronde.gemeente_naam
    periode = ontwerp.ronde.periode
    min_n = ontwerp.drempel
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
    taal = ontwerp.taal
    gemeente = in_taal(taal, f"gemeente {gemeente_naam}", f"municipality of {gemeente_naam}")
    namen = {gemeente_code: gemeente} | {w.code: w.weergave for w in wijken}
    leesbaar = [_leesbaar(f, namen, taal) for f in bevindingen]
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
                bevindingen=[f for f in leesbaar if f.wijk_code == wijk.code],
                logboek_onderdrukt=nothing_published(
                    v
                    for indicator in LOGBOEK_FIGUREN
                    if (v := values.get((indicator, wijk.code))) is not None
                ),
            )
        )
    pages, wijken_noot = _zonder_lege_cbs_rijen(pages, taal)
    return ontwerp.invoer(
        uitgave=uitgave,
        bevindingen=leesbaar,
        wijken_noot=wijken_noot,
        gemeente_kerncijfers=_cbs_figures(profielen.get(gemeente_code))
        + ([] if alles_onderdrukt else _logbook_figures(values, gemeente_code, periode, min_n)),
        gemeente_grafiek=gemeente_grafiek,
        wijken=pages,
        methode=methode,
        alles_onderdrukt=alles_onderdrukt,
    )


def _zonder_lege_cbs_rijen(
    pages: list[WijkPage], taal: Taal = "nl"
) -> tuple[list[WijkPage], str | None]:
    """The wijk pages without the CBS rows no wijk has a figure for, and a note saying so once."""
    labels = [figure.label for figure in pages[0].kerncijfers] if pages else []
    leeg = [
        label
        for label in labels
        if all(
            figure.waarde == NIET_BEKEND
            for page in pages
            for figure in page.kerncijfers
            if figure.label == label
        )
    ]
    if not leeg:
        return pages, None
    kept = [
        page.model_copy(
            update={"kerncijfers": [f for f in page.kerncijfers if f.label not in leeg]}
        )
        for page in pages
    ]
    quoted = [f"‘{label}’" for label in leeg]
    en = in_taal(taal, " en ", " and ")
    genoemd = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + en + quoted[-1]
    return kept, in_taal(
        taal,
        f"Het CBS publiceert voor deze wijken geen cijfers voor {genoemd}; die staan daarom "
        "alleen bij de gemeente (‘De gemeente in cijfers’).",
        f"CBS publishes no figures for {genoemd} for these wijken; they are therefore given only "
        "for the municipality (‘The municipality in figures’).",
    )


#: what a finding's evidence names, as a reader reads it (Dutch, English)
_BRONNEN = {
    "cbs": ("CBS Kerncijfers wijken en buurten", "CBS Kerncijfers wijken en buurten"),
    "wijkanalyse": ("wijkanalyse", "wijkanalyse (needs analysis)"),
}


def _leesbaar(finding: Finding, namen: dict[str, str], taal: Taal = "nl") -> Finding:
    """The finding with its evidence named for readers: 'Aandeel signalen opgepakt (Overvecht)',
    not the indicator/dimension/key it is stored as."""
    named: list[str] = []
    for item in finding.bewijs:
        vorige = item.startswith("vorige:")
        parts = item.removeprefix("vorige:").split("/")
        soort, sleutel = parts[0], parts[-1]
        plek = namen.get(sleutel, "")
        bron = "cbs" if soort.startswith("cbs:") else soort
        if bron in _BRONNEN:
            naam = in_taal(taal, *_BRONNEN[bron])
            text = f"{naam} ({plek})" if plek else naam
        elif soort in INDICATORS:
            indicator = INDICATORS[soort]
            waar = f"{plek}, {in_taal(taal, 'vorige ronde', 'previous round')}" if vorige else plek
            text = in_taal(taal, indicator.nl, indicator.en) + (f" ({waar})" if plek else "")
        else:
            continue  # nothing a reader could look up
        if text not in named:
            named.append(text)
    return finding.model_copy(update={"bewijs": named})
