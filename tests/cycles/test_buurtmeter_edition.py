"""The buurtmeter's edition when its figures rest on too few people: it says so, in the chapter on
the gemeente and on the wijk pages, instead of printing tables of suppressed cells."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdf

from makelaar.cycles.buurtmeter import BuurtmeterObserved, _method_figures
from makelaar.cycles.buurtmeter.edition import build
from makelaar.cycles.edities import Editieontwerp
from makelaar.cycles.indicators import ADDITIVE, compute
from makelaar.cycles.observations import Profiel, WijkInfo
from makelaar.cycles.rounds import start_round
from makelaar.cycles.spec import RoundContext
from makelaar.handreiking.content import load_sections
from makelaar.handreiking.document import build_html
from makelaar.handreiking.render import render_edition
from makelaar.intake.disclosure import nothing_published, suppress
from makelaar.models.domain import ActieType
from makelaar.models.schemas import EditionInput, IndicatorValue, RoundRef
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Gemeente
from tests.cycles.logboek_testing import ActieRecord, tellingen
from tests.handreiking.helpers import captured_warnings

GM = "GM9999"
WIJKEN = [WijkInfo("WK1", "Wijk 01 Noord", "Noord"), WijkInfo("WK2", "Wijk 02 Zuid", "Zuid")]
MIN_N = 10
ALL_SUPPRESSED = (
    "Deze editie bevat geen cijfers uit de eigen gegevens van deze ronde. In de periode 2026 rust "
    "elk cijfer uit het logboek van de makelaars en uit de enquêtes op minder dan 10 personen of "
    "registraties."
)
NO_WIJK = "Voor geen enkele wijk zijn cijfers uit het logboek te publiceren"
THIS_WIJK = "Geen cijfers uit het logboek: voor deze wijk rust elk cijfer op minder dan 10 personen"


def _profiel(code: str, inwoners: int) -> Profiel:
    return Profiel(
        regiocode=code,
        jaar=2024,
        inwoners=inwoners,
        leeftijd_65_plus=inwoners // 6,
        huishoudens=None,
        eenpersoonshuishoudens=None,
        pct_huishoudens_laag_inkomen=None,
        wmo_clienten=None,
    )


def _acties(wijk: str, aantal: int) -> list[ActieRecord]:
    return [
        ActieRecord(
            wijk_code=wijk,
            actietype=ActieType.HUISBEZOEK,
            partners=1,
            bereikt=1,
            organisatoren=0,
            deelnemers=1,
            doelgroepen=frozenset({"ouderen"}),
            uren=1.0,
        )
        for _ in range(aantal)
    ]


def _values(per_wijk: dict[str, int]) -> list[IndicatorValue]:
    raw = compute(
        gemeente_code=GM,
        wijken=[w.code for w in WIJKEN],
        inwoners={GM: 20000, "WK1": 12000, "WK2": 8000},
        tellingen=tellingen(
            [w.code for w in WIJKEN],
            [a for wijk, n in per_wijk.items() for a in _acties(wijk, n)],
            [],
            [],
        ),
    )
    return suppress(raw, MIN_N, additive=ADDITIVE)


def _edition(values: list[IndicatorValue], periode_einde: dt.date | None = None) -> EditionInput:
    sections = load_sections("nl")
    ronde = RoundRef(
        id=1,
        gemeente_code=GM,
        gemeente_naam="Proefstad",
        cyclus="buurtmeter",
        periode="2026",
        begin=dt.date(2026, 1, 1),
        # an edition made before the period's end says its figures run up to its day
        einde=periode_einde or dt.date(2026, 12, 4),
    )
    ontwerp = Editieontwerp(
        ronde=ronde,
        nummer=1,
        taal="nl",
        datum=dt.date(2026, 12, 4),
        secties={s.id: s.body for s in sections},
        sectie_titels={s.id: s.title for s in sections},
        besluiten=[],
        drempel=MIN_N,
    )
    return build(
        ontwerp,
        wijken=WIJKEN,
        profielen={code: _profiel(code, n) for code, n in (("GM9999", 20000), ("WK1", 12000))},
        indicatoren=values,
        bevindingen=[],
        methode=[],
    )


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_nothing_published_needs_values_and_every_one_suppressed() -> None:
    assert not nothing_published([])
    assert nothing_published(_values({"WK1": 3, "WK2": 2}))
    assert not nothing_published(_values({"WK1": 30, "WK2": 2}))


def test_an_edition_below_the_threshold_everywhere_says_so_instead_of_suppressed_tables() -> None:
    data = _edition(_values({"WK1": 3, "WK2": 2}))

    assert data.alles_onderdrukt and data.drempel == MIN_N
    assert all(page.logboek_onderdrukt for page in data.wijken)
    assert [f.label for f in data.gemeente_kerncijfers][-1] == "Herkomst buiten Europa"  # CBS only
    html = _flat(build_html(data, standalone=True))
    assert ALL_SUPPRESSED in html and NO_WIJK in html
    assert html.count(THIS_WIJK) == 2
    assert not re.search(r"onderdrukt \((&lt;|<)\s10\)", html)
    assert "<svg" not in html  # no chart of empty bars


def test_only_the_wijk_below_the_threshold_says_so_when_others_have_figures() -> None:
    data = _edition(_values({"WK1": 30, "WK2": 2}))

    assert not data.alles_onderdrukt
    assert {page.code: page.logboek_onderdrukt for page in data.wijken} == {
        "WK1": False,
        "WK2": True,
    }
    html = _flat(build_html(data, standalone=True))
    assert ALL_SUPPRESSED not in html and NO_WIJK not in html
    assert html.count(THIS_WIJK) == 1


def test_the_rendered_pdf_carries_the_statement(tmp_path: Path) -> None:
    data = _edition(_values({"WK1": 3, "WK2": 2}))
    with captured_warnings() as handler:
        result = render_edition(data, tmp_path)
    assert [record.getMessage() for record in handler.records] == []

    reader = pypdf.PdfReader(result.pdf)
    pages = [_flat(page.extract_text()) for page in reader.pages]
    gemeente = next(
        text for text in pages if "De gemeente in cijfers" in text and "Kerncijfers" in text
    )
    assert ALL_SUPPRESSED in gemeente
    assert (
        "Zodra er genoeg is vastgelegd, komen de cijfers in een volgende editie terug." in gemeente
    )
    wijken = " ".join(text for text in pages if "Wijkcode" in text)
    assert NO_WIJK in " ".join(pages)
    assert wijken.count(THIS_WIJK) == 2
    assert not any(re.search(r"onderdrukt \(<\s10\)", text) for text in pages)


def test_an_edition_made_before_its_period_ends_says_up_to_which_day_its_figures_run() -> None:
    running = build_html(
        _edition(_values({"WK1": 30, "WK2": 30}), periode_einde=dt.date(2026, 12, 31)),
        standalone=True,
    )
    ended = build_html(
        _edition(_values({"WK1": 30, "WK2": 30}), periode_einde=dt.date(2026, 11, 30)),
        standalone=True,
    )

    assert (
        "Ze is gemaakt tijdens de evaluatieronde over de periode 2026, met de werkwijze "
        "buurtmeter, en vastgesteld op 4 december 2026. De periode liep toen nog: de cijfers gaan "
        "over het werk tot en met 4 december 2026."
    ) in _flat(running)
    assert "Ze is gemaakt na de evaluatieronde over de periode 2026" in _flat(ended)
    assert "De periode liep toen nog" not in _flat(ended)


def test_over_deze_editie_gives_the_period_and_the_last_day_of_data(
    sqlite_store: Store, settings: Settings
) -> None:
    with sqlite_store.session() as session:
        session.add(Gemeente(code=GM, naam="Proefstad"))
    ronde = start_round(sqlite_store, gemeente_code=GM, cyclus="buurtmeter", periode="2026")
    ctx = RoundContext(ronde=ronde, store=sqlite_store, settings=settings)
    observed = BuurtmeterObserved(
        bronnen=[], aantallen={"acties": 3, "signalen": 0, "initiatieven": 0}
    )

    running = _method_figures(ctx, observed, alles_onderdrukt=True, datum=dt.date(2026, 12, 4))
    after = _method_figures(ctx, observed, datum=dt.date(2027, 1, 5))

    shown = {f.label: f.waarde for f in running}
    assert shown["Periode"] == "01-01-2026 t/m 31-12-2026"
    assert shown["Gegevens tot en met"] == "04-12-2026 (de periode loopt nog)"
    assert shown["Gepubliceerde cijfers uit deze ronde"] == (
        "geen: elk cijfer rust op minder dan 10 personen of registraties"
    )
    assert {f.label: f.waarde for f in after}["Periode"] == "01-01-2026 t/m 31-12-2026"
    assert "Gegevens tot en met" not in {f.label for f in after}
    assert "Gepubliceerde cijfers uit deze ronde" not in {f.label for f in after}
