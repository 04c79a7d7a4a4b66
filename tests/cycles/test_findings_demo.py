"""The demo round's findings rest on their intervals: none of them has an interval that contains
what it is compared with, and every wijk that differs beyond the uncertainty is flagged (checked
with statsmodels, independently of cycles.onzekerheid), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from makelaar.cycles.buurtmeter import BuurtmeterCycle
from makelaar.cycles.buurtmeter.findings import (
    DREMPEL_SIGNALEN_OPGEPAKT_PCT,
    DREMPEL_ZONDER_DOORGANG_PCT,
)
from makelaar.cycles.demo import generate_demo, genereren
from makelaar.cycles.demo.enquetes import answer_as_demo
from makelaar.cycles.rounds import run_round, start_round, stored_result
from makelaar.cycles.spec import RoundContext
from makelaar.intake.cbs import cbs_file, import_kerncijfers
from makelaar.models.domain import Fase
from makelaar.models.schemas import ImproveResult, ReflectResult
from makelaar.models.settings import Settings
from makelaar.models.store import Store

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
GM = "GM0344"
LEIDSCHE_RIJN = "WK034409"


#: backend -> the demo round's results: the tests only read them, so the round (8-10 s) runs once
#: per backend in a worker, not once per test
_ROUNDS: dict[str, tuple[ReflectResult, ImproveResult]] = {}


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_round(
    request: pytest.FixtureRequest, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> tuple[ReflectResult, ImproveResult]:
    backend = request.param
    if backend not in _ROUNDS:
        store: Store = request.getfixturevalue(
            "sqlite_store" if backend == "sqlite" else "postgres_store"
        )
        _ROUNDS[backend] = _run_demo_round(store, settings, monkeypatch)
    return _ROUNDS[backend]


def _run_demo_round(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> tuple[ReflectResult, ImproveResult]:
    monkeypatch.setattr(genereren, "today_in_nl", lambda: dt.date(2026, 12, 4))
    import_kerncijfers(store, cbs_file())
    generate_demo(store)
    ronde = start_round(store, gemeente_code=GM, cyclus="buurtmeter", periode="2026")
    ctx = RoundContext(ronde=ronde, store=store, settings=settings, nu=lambda: NOW)
    run_round(ctx, BuurtmeterCycle(), leerbijeenkomst="demo", survey_filler=answer_as_demo)
    reflected = stored_result(store, ronde.id, Fase.REFLECT, ReflectResult)
    improved = stored_result(store, ronde.id, Fase.IMPROVE, ImproveResult)
    assert isinstance(reflected, ReflectResult) and isinstance(improved, ImproveResult)
    return reflected, improved


def test_no_demo_finding_has_an_interval_containing_what_it_is_compared_with(
    demo_round: tuple[ReflectResult, ImproveResult],
) -> None:
    reflected, improved = demo_round
    values = {f"{v.indicator}/{v.dimensie}/{v.sleutel}": v for v in reflected.indicatoren}
    checked = 0
    for finding in reflected.bevindingen:
        figures = [values[b] for b in finding.bewijs if b in values]
        if len(figures) >= 2 and figures[0].indicator == figures[1].indicator:
            own, other = figures[0], figures[1]
        elif finding.code == "signalen-blijven-liggen":
            own, other = figures[0], None
            assert own.bovengrens is not None and own.bovengrens < DREMPEL_SIGNALEN_OPGEPAKT_PCT
        elif finding.code == "initiatieven-zonder-doorgang":
            own, other = figures[0], None
            assert own.bovengrens is not None
            assert 100.0 - own.bovengrens > DREMPEL_ZONDER_DOORGANG_PCT
        else:
            assert finding.code == "reflectie-voorbeelden", finding.code  # quotes, no figures
            continue
        assert not own.onderdrukt and own.ondergrens is not None and own.bovengrens is not None
        if other is not None:
            assert other.waarde is not None and not other.onderdrukt
            assert not own.ondergrens <= other.waarde <= own.bovengrens, finding.tekst
        assert "95%-interval" in finding.tekst
        checked += 1
    assert checked >= 5
    codes = {f.code for f in reflected.bevindingen}
    # the issue's example: residents' loneliness in four wijken was no finding, and is not now
    assert not any(code.startswith("eenzaamheid-bewoners") for code in codes)
    assert "eenzaamheid-gericht-aanpakken" not in {p.code for p in improved.voorstellen}
    # the round's most striking figure is flagged
    assert f"signalen-blijven-liggen-{LEIDSCHE_RIJN.lower()}" in codes
    leidsche_rijn = next(
        f
        for f in reflected.bevindingen
        if f.code == f"signalen-blijven-liggen-{LEIDSCHE_RIJN}".lower()
    )
    assert leidsche_rijn.tekst.startswith("In Leidsche Rijn is 32,4% (95%-interval 23–44%, n = 71)")
    assert leidsche_rijn.tekst.endswith("tegen 80,4% in de gemeente.")


def test_every_wijk_that_differs_for_the_worse_is_flagged(
    demo_round: tuple[ReflectResult, ImproveResult],
) -> None:
    """For every percentage with a better direction (not a doelgroep's reach, which is weighed
    against the population), a wijk whose Wilson interval excludes the gemeente's figure and
    whose Newcombe interval against the rest of the gemeente excludes 0, in the worse direction,
    has a finding; computed here with statsmodels."""
    reflected, _ = demo_round
    declared = {i.id: i for i in BuurtmeterCycle.indicatoren}
    values = {(v.indicator, v.sleutel): v for v in reflected.indicatoren}
    flagged = {(b.split("/")[0], f.wijk_code) for f in reflected.bevindingen for b in f.bewijs[:1]}
    expected = set()
    for (indicator, sleutel), value in values.items():
        definition = declared[indicator]
        if (
            value.dimensie != "wijk"
            or definition.statistiek != "wilson"
            or definition.beter is None
            or indicator.startswith("pct_acties_doelgroep_")
            or value.onderdrukt
            or value.teller is None
            or value.noemer is None
        ):
            continue
        gemeente = values[(indicator, GM)]
        assert gemeente.teller is not None and gemeente.noemer is not None
        assert gemeente.waarde is not None
        low, upp = proportion_confint(value.teller, value.noemer, method="wilson")
        d_low, d_upp = confint_proportions_2indep(
            value.teller,
            value.noemer,
            gemeente.teller - value.teller,
            gemeente.noemer - value.noemer,
            method="newcomb",
        )
        worse_high = definition.beter == "lager"
        if worse_high and 100 * low > gemeente.waarde and d_low > 0:
            expected.add((indicator, sleutel))
        if not worse_high and 100 * upp < gemeente.waarde and d_upp < 0:
            expected.add((indicator, sleutel))
    assert (("pct_signalen_opgepakt", LEIDSCHE_RIJN)) in expected
    assert expected <= flagged
