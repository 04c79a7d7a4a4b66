"""The buurtmeter's edition names things for readers: a finding's evidence by the indicator's name
and the place, not 'indicator/dimensie/sleutel'; CBS rows no wijk has are left off the wijk pages
and said once, in the edition's language."""

from __future__ import annotations

from makelaar.cycles.buurtmeter.edition import NIET_BEKEND, _leesbaar, _zonder_lege_cbs_rijen
from makelaar.models.schemas import Chart, Figure, Finding, WijkPage

NAMEN = {"GM0344": "gemeente Utrecht", "WK034403": "Overvecht"}


def finding(*bewijs: str) -> Finding:
    return Finding(
        code="c", soort="aandacht", titel="t", tekst="x", sectie_id="s", bewijs=list(bewijs)
    )


def test_evidence_is_named_by_indicator_and_place() -> None:
    shown = _leesbaar(
        finding(
            "pct_acties_doelgroep_ouderen/wijk/WK034403",
            "pct_acties_doelgroep_ouderen/gemeente/GM0344",
            "cbs:a_65_oo/WK034403",
            "wijkanalyse/WK034403",
            "vorige:acties/wijk/WK034403",
            "onbekend_ding/wijk/WK034403",
        ),
        NAMEN,
    )
    assert shown.bewijs == [
        "Acties die ouderen bereiken (Overvecht)",
        "Acties die ouderen bereiken (gemeente Utrecht)",
        "CBS Kerncijfers wijken en buurten (Overvecht)",
        "wijkanalyse (Overvecht)",
        "Sociale acties (Overvecht, vorige ronde)",
    ]
    english = _leesbaar(finding("vorige:acties/wijk/WK034403"), NAMEN, "en")
    assert english.bewijs == ["Social actions (Overvecht, previous round)"]


def page(code: str, inkomen: str, wmo: str) -> WijkPage:
    bron = "CBS Kerncijfers wijken en buurten 2024"
    return WijkPage(
        code=code,
        naam=code,
        kerncijfers=[
            Figure(label="Inwoners", waarde="1.000", bron=bron),
            Figure(label="Huishoudens met een laag inkomen", waarde=inkomen, bron=bron),
            Figure(label="Wmo-cliënten per 1.000 inwoners", waarde=wmo, bron=bron),
        ],
        logboek=[],
        grafiek=Chart(svg="<svg/>", alt="a", bijschrift="b"),
        bevindingen=[],
    )


def test_a_cbs_row_no_wijk_has_is_said_once_a_row_one_wijk_lacks_stays() -> None:
    pages, noot = _zonder_lege_cbs_rijen(
        [page("WK1", NIET_BEKEND, NIET_BEKEND), page("WK2", NIET_BEKEND, "51,0")]
    )
    assert [[f.label for f in p.kerncijfers] for p in pages] == [
        ["Inwoners", "Wmo-cliënten per 1.000 inwoners"]
    ] * 2
    assert noot == (
        "Het CBS publiceert voor deze wijken geen cijfers voor ‘Huishoudens met een laag "
        "inkomen’; die staan daarom alleen bij de gemeente (‘De gemeente in cijfers’)."
    )
    _, english = _zonder_lege_cbs_rijen([page("WK1", NIET_BEKEND, NIET_BEKEND)], "en")
    assert english is not None and english.startswith(
        "CBS publishes no figures for ‘Huishoudens met een laag inkomen’ and ‘Wmo-cliënten per "
        "1.000 inwoners’ for these wijken"
    )
    assert _zonder_lege_cbs_rijen([page("WK1", "9,0%", "51,0")]) == (
        [page("WK1", "9,0%", "51,0")],
        None,
    )
