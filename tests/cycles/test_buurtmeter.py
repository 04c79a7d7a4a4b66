"""The buurtmeter's findings and proposals, from figures built by hand."""

from __future__ import annotations

from collections.abc import Sequence

from makelaar.cycles.buurtmeter import slug
from makelaar.cycles.buurtmeter.findings import find, nl
from makelaar.cycles.buurtmeter.proposals import propose
from makelaar.cycles.observations import Profiel, WijkInfo
from makelaar.cycles.wijkanalyse import WijkScore
from makelaar.models.schemas import Finding, IndicatorValue

GM = "GM9999"
WIJKEN = [WijkInfo("WK1", "Wijk 01 Noord", "Noord"), WijkInfo("WK2", "Wijk 02 Zuid", "Zuid")]


def _profiel(code: str, inwoners: int, ouderen: int) -> Profiel:
    return Profiel(
        regiocode=code,
        jaar=2024,
        inwoners=inwoners,
        leeftijd_65_plus=ouderen,
        huishoudens=None,
        eenpersoonshuishoudens=None,
        pct_huishoudens_laag_inkomen=None,
        wmo_clienten=None,
    )


PROFIELEN = {
    GM: _profiel(GM, 20000, 3000),
    "WK1": _profiel("WK1", 10000, 2500),
    "WK2": _profiel("WK2", 10000, 500),
}


def _v(
    indicator: str, sleutel: str, waarde: float | None, basis: int = 100, onderdrukt: bool = False
) -> IndicatorValue:
    dimensie = "gemeente" if sleutel == GM else "wijk"
    return IndicatorValue.model_validate(
        {
            "indicator": indicator,
            "dimensie": dimensie,
            "sleutel": sleutel,
            "waarde": waarde,
            "basis": basis,
            "onderdrukt": onderdrukt,
        }
    )


def _base(*overrides: IndicatorValue) -> list[IndicatorValue]:
    values = {
        ("pct_acties_doelgroep_ouderen", GM): _v("pct_acties_doelgroep_ouderen", GM, 30.0),
        ("pct_acties_doelgroep_ouderen", "WK1"): _v("pct_acties_doelgroep_ouderen", "WK1", 20.0),
        ("pct_acties_doelgroep_ouderen", "WK2"): _v("pct_acties_doelgroep_ouderen", "WK2", 40.0),
        ("acties_per_1000_inwoners", GM): _v("acties_per_1000_inwoners", GM, 12.0),
        ("acties_per_1000_inwoners", "WK1"): _v("acties_per_1000_inwoners", "WK1", 8.0),
        ("acties_per_1000_inwoners", "WK2"): _v("acties_per_1000_inwoners", "WK2", 16.0),
        ("pct_acties_bewoner_organisator", GM): _v("pct_acties_bewoner_organisator", GM, 10.0),
        ("pct_acties_bewoner_organisator", "WK1"): _v("pct_acties_bewoner_organisator", "WK1", 9.0),
        ("pct_acties_bewoner_organisator", "WK2"): _v(
            "pct_acties_bewoner_organisator", "WK2", 16.0
        ),
        ("pct_initiatieven_gerealiseerd", GM): _v("pct_initiatieven_gerealiseerd", GM, 60.0),
        ("pct_signalen_opgepakt", GM): _v("pct_signalen_opgepakt", GM, 70.0),
    }
    for value in overrides:
        values[(value.indicator, value.sleutel)] = value
    return list(values.values())


def _find(
    values: list[IndicatorValue],
    wijkanalyse: Sequence[WijkScore] = (),
    vorige: Sequence[IndicatorValue] = (),
) -> dict[str, Finding]:
    findings = find(
        gemeente_code=GM,
        wijken=WIJKEN,
        profielen=PROFIELEN,
        indicatoren=values,
        redenen_zonder_doorgang=[("geen vrijwilligers", 4), ("locatie niet beschikbaar", 2)],
        wijkanalyse=wijkanalyse,
        vorige=vorige,
    )
    return {f.code: f for f in findings}


def test_each_rule_fires_on_figures_that_call_for_it() -> None:
    scores = [
        WijkScore("WK1", 0.8, 1, ("pct_65_plus",)),
        WijkScore("WK2", -0.8, 2, ("pct_65_plus",)),
    ]
    findings = _find(_base(), wijkanalyse=scores)
    assert set(findings) == {
        "ouderen-onderbereik-wk1",
        "inzet-onder-opgave-wk1",
        "bewoners-organiseren-wk2",
        "initiatieven-zonder-doorgang",
        "signalen-blijven-liggen",
    }
    ouderen = findings["ouderen-onderbereik-wk1"]
    assert ouderen.tekst == (
        "In Noord is 25,0% van de inwoners 65 jaar of ouder (gemeente: 15,0%), maar bereikt 20,0% "
        "van de sociale acties ouderen (gemeente: 30,0%)."
    )
    assert (
        "geen vrijwilligers (4×); locatie niet beschikbaar (2×)"
        in findings["initiatieven-zonder-doorgang"].tekst
    )
    assert "plaats 1 van 2" in findings["inzet-onder-opgave-wk1"].tekst


def test_a_suppressed_value_never_produces_a_finding() -> None:
    hidden = _v("pct_acties_doelgroep_ouderen", "WK1", None, basis=4, onderdrukt=True)
    findings = _find(_base(hidden))
    assert "ouderen-onderbereik-wk1" not in findings


def test_no_finding_when_figures_are_within_the_thresholds() -> None:
    calm = _base(
        _v("pct_initiatieven_gerealiseerd", GM, 80.0),
        _v("pct_signalen_opgepakt", GM, 90.0),
        _v("pct_acties_bewoner_organisator", "WK2", 14.0),
        _v("pct_acties_doelgroep_ouderen", "WK1", 35.0),
    )
    assert _find(calm) == {}


def test_a_drop_since_the_previous_round_is_a_finding() -> None:
    vorige = [_v("acties", "WK1", 200.0), _v("acties", "WK2", 100.0)]
    now = _base(_v("acties", "WK1", 150.0), _v("acties", "WK2", 95.0))
    findings = _find(now, vorige=vorige)
    assert "daling-acties-wk1" in findings and "daling-acties-wk2" not in findings
    assert "(25,0% minder)" in findings["daling-acties-wk1"].tekst


def test_findings_become_one_proposal_per_theme_with_their_evidence() -> None:
    scores = [
        WijkScore("WK1", 0.8, 1, ("pct_65_plus",)),
        WijkScore("WK2", -0.8, 2, ("pct_65_plus",)),
    ]
    findings = find(
        gemeente_code=GM,
        wijken=WIJKEN,
        profielen=PROFIELEN,
        indicatoren=_base(),
        redenen_zonder_doorgang=[],
        wijkanalyse=scores,
    )
    proposals = {p.code: p for p in propose(findings, periode="2026-H2")}
    assert set(proposals) == {
        "ouderen-gericht-bereiken",
        "inzet-naar-opgave",
        "voorbeeld-bewoners-organiseren",
        "initiatieven-vroeg-toetsen",
        "signalen-opvolgen",
    }
    ouderen = proposals["ouderen-gericht-bereiken"]
    assert ouderen.sectie_id == "wijk-doelgroepen-en-bewoners-als-organisator"
    assert "In de ronde 2026-H2" in ouderen.tekst and "Noord" in ouderen.tekst
    assert ouderen.onderbouwing == "Ouderen in Noord minder bereikt dan hun aandeel doet verwachten"


def test_dutch_number_formatting_and_names() -> None:
    assert nl(1234.5) == "1.234,5"
    assert nl(12, 0) == "12"
    assert slug("Súdwest-Fryslân") == "sudwest-fryslan"
    assert slug("'s-Hertogenbosch") == "s-hertogenbosch"


def test_every_section_a_finding_speaks_to_exists_in_the_base_edition() -> None:
    from makelaar.cycles.buurtmeter import findings as rules
    from makelaar.handreiking.content import base_sections

    sections = base_sections("nl")
    for name in dir(rules):
        if name.startswith("SECTIE_"):
            assert getattr(rules, name) in sections, f"{name} names no section of the handreiking"
