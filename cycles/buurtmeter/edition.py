"""Builds what the next handreiking edition is rendered from: figures, charts, pages and changes."""

from __future__ import annotations

from collections.abc import Sequence

from makelaar.cycles.buurtmeter.findings import nl
from makelaar.cycles.edities import Editieontwerp
from makelaar.cycles.indicators import INDICATORS, lookup
from makelaar.cycles.observations import Profiel, WijkInfo
from makelaar.handreiking.charts import ChartRequest, bar_charts
from makelaar.intake.disclosure import nothing_published
from makelaar.intake.logboek.keuzelijsten import label
from makelaar.models.domain import Doelgroep
from makelaar.models.schemas import (
    EditionInput,
    Figure,
    Finding,
    IndicatorValue,
    Uitgave,
    WijkPage,
)
from makelaar.models.taal import Taal, in_taal

BRON_CBS = "CBS Kerncijfers wijken en buurten {jaar}"  # the dataset's name, in both languages
BRON_LOGBOEK = "Logboek sociaal makelaars, {periode}"
BRON_LOGBOEK_EN = "Logbook of the sociaal makelaars, {periode}"
ONDERDRUKT = "onderdrukt (<\u00a0{n})"  # a no-break space: "(< 10)" never splits
ONDERDRUKT_EN = "suppressed (<\u00a0{n})"


NIET_BEKEND = "niet bekend (CBS)"
NIET_BEKEND_EN = "not known (CBS)"


def _cbs_figures(profiel: Profiel | None, taal: Taal = "nl") -> list[Figure]:
    if profiel is None:
        return []
    bron = BRON_CBS.format(jaar=profiel.jaar)

    def fmt(value: float | None, suffix: str = "", digits: int = 1) -> str:
        if value is None:
            return in_taal(taal, NIET_BEKEND, NIET_BEKEND_EN)
        return f"{nl(value, digits, taal)}{suffix}"

    def label(nl_tekst: str, en_tekst: str) -> str:
        return in_taal(taal, nl_tekst, en_tekst)

    return [
        Figure(
            label=label("Inwoners", "Inhabitants"),
            waarde=fmt(profiel.inwoners, digits=0),
            bron=bron,
        ),
        Figure(
            label=label("15 tot 25 jaar", "Aged 15 to 25"),
            waarde=fmt(profiel.share(profiel.leeftijd_15_24, profiel.inwoners), "%"),
            bron=bron,
        ),
        Figure(
            label=label("65 jaar en ouder", "Aged 65 and over"),
            waarde=fmt(profiel.pct_65_plus, "%"),
            bron=bron,
        ),
        Figure(
            label=label("Eenpersoonshuishoudens", "Single-person households"),
            waarde=fmt(profiel.pct_eenpersoons, "%"),
            bron=bron,
        ),
        Figure(
            label=label("Huishoudens met een laag inkomen", "Low-income households"),
            waarde=fmt(profiel.pct_huishoudens_laag_inkomen, "%"),
            bron=bron,
        ),
        Figure(
            label=label("Wmo-cliënten per 1.000 inwoners", "Wmo clients per 1,000 inhabitants"),
            waarde=fmt(profiel.wmo_per_1000),
            bron=bron,
        ),
        Figure(
            label=label("Herkomst buiten Europa", "Origin outside Europe"),
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
    values: dict[tuple[str, str], IndicatorValue],
    sleutel: str,
    periode: str,
    min_n: int,
    taal: Taal = "nl",
) -> list[Figure]:
    figures = []
    bron = in_taal(taal, BRON_LOGBOEK, BRON_LOGBOEK_EN).format(periode=periode)
    for indicator in LOGBOEK_FIGUREN:
        value = values.get((indicator, sleutel))
        if value is None:
            continue
        definition = INDICATORS[indicator]
        if value.onderdrukt or value.waarde is None:
            shown = (
                in_taal(taal, ONDERDRUKT, ONDERDRUKT_EN).format(n=min_n)
                if value.onderdrukt
                else in_taal(taal, "geen gegevens", "no data")
            )
        elif definition.eenheid == "%":
            shown = f"{nl(value.waarde, 1, taal)}%"
        elif definition.eenheid in ("aantal", "uren"):
            shown = nl(value.waarde, 0, taal)
        elif definition.eenheid == "gemiddeld":
            shown = nl(value.waarde, 2, taal)
        else:
            shown = nl(value.waarde, 1, taal)
        figures.append(Figure(label=definition.naam(taal), waarde=shown, bron=bron))
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
    taal = ontwerp.taal
    per_1000 = [values.get(("acties_per_1000_inwoners", w.code)) for w in wijken]
    gemeente_waarden = "; ".join(
        f"{w.weergave} {nl(v.waarde, 1, taal)}"
        for w, v in zip(wijken, per_1000, strict=True)
        if v is not None and v.waarde is not None and not v.onderdrukt
    )
    gemeente_verzoek = ChartRequest(
        [w.weergave for w in wijken],
        [None if v is None or v.onderdrukt else v.waarde for v in per_1000],
        title=in_taal(
            taal,
            "Sociale acties per 1.000 inwoners, per wijk",
            "Social actions per 1,000 inhabitants, by wijk",
        ),
        alt=in_taal(
            taal,
            "Staafdiagram van het aantal sociale acties per 1.000 inwoners in elke wijk van "
            f"{gemeente_naam}, periode {periode}: {gemeente_waarden}.",
            "Bar chart of the number of social actions per 1,000 inhabitants in each wijk of "
            f"{gemeente_naam}, period {periode}: {gemeente_waarden}.",
        ),
        caption=in_taal(
            taal,
            f"Bron: logboek sociaal makelaars ({periode}) en CBS-inwonertallen.",
            f"Source: logbook of the sociaal makelaars ({periode}) and CBS population figures.",
        ),
        xlabel=in_taal(taal, "acties per 1.000 inwoners", "actions per 1,000 inhabitants"),
        taal=taal,
    )
    gemeente = in_taal(taal, f"gemeente {gemeente_naam}", f"municipality of {gemeente_naam}")
    namen = {gemeente_code: gemeente} | {w.code: w.weergave for w in wijken}
    leesbaar = [_leesbaar(f, namen, taal) for f in bevindingen]
    verzoeken = [gemeente_verzoek]
    for wijk in wijken:
        reach = [values.get((f"pct_acties_doelgroep_{g.value}", wijk.code)) for g in Doelgroep]
        shown = [None if r is None or r.onderdrukt else r.waarde for r in reach]
        labels = [label(g, taal) for g in Doelgroep]
        onderdrukt = in_taal(taal, "onderdrukt", "suppressed")
        bereik = "; ".join(
            f"{label_} {nl(v, 1, taal)}%" if v is not None else f"{label_} {onderdrukt}"
            for label_, v in zip(labels, shown, strict=True)
        )
        verzoeken.append(
            ChartRequest(
                labels,
                shown,
                title=in_taal(
                    taal,
                    f"Bereik van doelgroepen in {wijk.weergave}",
                    f"Reach of target groups in {wijk.weergave}",
                ),
                alt=in_taal(
                    taal,
                    f"Staafdiagram: aandeel van de sociale acties in {wijk.weergave} dat elke "
                    f"doelgroep bereikt: {bereik}.",
                    f"Bar chart: share of the social actions in {wijk.weergave} that reaches each "
                    f"target group: {bereik}.",
                ),
                caption=in_taal(
                    taal,
                    f"Bron: logboek sociaal makelaars ({periode}). Percentage van de acties.",
                    f"Source: logbook of the sociaal makelaars ({periode}). "
                    "Percentage of the actions.",
                ),
                xlabel=in_taal(taal, "% van de sociale acties", "% of the social actions"),
                taal=taal,
            )
        )
    gemeente_grafiek, *grafieken = bar_charts(verzoeken)
    pages = []
    for wijk, grafiek in zip(wijken, grafieken, strict=True):
        pages.append(
            WijkPage(
                code=wijk.code,
                naam=wijk.weergave,
                kerncijfers=_cbs_figures(profielen.get(wijk.code), taal),
                logboek=_logbook_figures(values, wijk.code, periode, min_n, taal),
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
        gemeente_kerncijfers=_cbs_figures(profielen.get(gemeente_code), taal)
        + (
            []
            if alles_onderdrukt
            else _logbook_figures(values, gemeente_code, periode, min_n, taal)
        ),
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
            figure.waarde in (NIET_BEKEND, NIET_BEKEND_EN)
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
