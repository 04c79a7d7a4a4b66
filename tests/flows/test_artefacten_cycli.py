"""Every cycle's run in Prefect with its artifacts: the casusregie's and the actieonderzoek's demo
rounds run in this process against the session's Prefect server, and their summary (fitting the
cycle), indicator table and link to the round's document are read back from Prefect."""

from __future__ import annotations

import json
import re
from pathlib import Path
from uuid import UUID

import pytest
from prefect.client.orchestration import SyncPrefectClient

from makelaar.cycles.actieonderzoek import ActieonderzoekCycle, Toegepast
from makelaar.cycles.casusregie import CasusregieCycle
from makelaar.cycles.leerbijeenkomst import decide, decisions
from makelaar.cycles.registry import migration_folders
from makelaar.cycles.rounds import RoundOutcome, stored_result
from makelaar.cycles.spec import ExtraDocument, Fasenresultaten, Samenvatting
from makelaar.flows.artefacten import document_links, round_summary
from makelaar.flows.round import evaluation_round
from makelaar.models.domain import Besluit, Fase
from makelaar.models.schemas import ApplyResult, RoundRef
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from tests.flows.flow_testing import artifact

pytestmark = pytest.mark.prefect


def run(
    gemeente: str, cyclus: str, periode: str, leerbijeenkomst: str
) -> tuple[RoundOutcome, UUID]:
    state = evaluation_round(
        gemeente=gemeente,
        cyclus=cyclus,
        periode=periode,
        leerbijeenkomst=leerbijeenkomst,
        enquetes="demo",
        return_state=True,
    )
    assert state.is_completed(), state.message
    outcome = state.result()
    assert isinstance(outcome, RoundOutcome)
    assert state.state_details.flow_run_id is not None
    return outcome, state.state_details.flow_run_id


def plain(markdown: str) -> str:
    """The summary's Markdown with the escapes of data text (markdown_literal) taken out."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def summary_of(client: SyncPrefectClient, flow_run_id: UUID, key: str) -> str:
    found = artifact(client, flow_run_id, key)
    assert found.type == "markdown"
    return plain(str(found.data))


@pytest.mark.cyclus("casusregie")
def test_a_casusregie_round_shows_its_verdicts_postponed_decisions_and_a_link_to_its_report(
    flow_store: Store, settings: Settings, prefect_client: SyncPrefectClient
) -> None:
    flow_store.upgrade(migration_folders())
    plan = CasusregieCycle().maak_demo(flow_store, settings, 2026, 7)
    key = "gm0632-casusregie-2026"

    waiting, first_run = run(plan.gemeente_code, "casusregie", "2026", "handmatig")

    assert waiting.wacht_op_besluiten
    text = summary_of(prefect_client, first_run, f"ronde-{key}")
    aantal = len(waiting.wacht_op_besluiten)
    assert f"- Voorstellen: {aantal} — 0 aangenomen, 0 verworpen, 0 uitgesteld, {aantal} open" in (
        text
    )
    assert "## Criteria van de pilot" in text  # reflected: the verdicts are known before apply
    assert "## Pilotrapport" not in text
    links = prefect_client.read_artifacts()
    assert not [a for a in links if a.key == f"document-{key}" and a.flow_run_id == first_run]

    eerste, *overige = sorted(waiting.wacht_op_besluiten)
    decide(flow_store, waiting.ronde.id, eerste, Besluit.UITGESTELD, "Eerst meer huishoudens")
    for code in overige:
        decide(flow_store, waiting.ronde.id, code, Besluit.AANGENOMEN, "Past bij de pilot")
    outcome, flow_run_id = run(plan.gemeente_code, "casusregie", "2026", "handmatig")

    assert not outcome.wacht_op_besluiten
    text = summary_of(prefect_client, flow_run_id, f"ronde-{key}")
    assert "# Evaluatieronde Woerden (GM0632)" in text
    assert (
        f"- Voorstellen: {aantal} — {aantal - 1} aangenomen, 0 verworpen, 1 uitgesteld, 0 open"
        in text
    )
    uitgesteld = next(d for d in decisions(flow_store, outcome.ronde.id) if d.code == eerste)
    assert f"| {uitgesteld.titel} | uitgesteld |" in text
    # the verdict per criterion of the gemeente, with its evidence, as the pilot report gives it
    assert (
        "| Aanbieders per huishouden bij afsluiting gemiddeld minstens 1 lager dan bij de start "
        "| gehaald | 2,8 (95%-interval 2,1 tot 3,5; 10 huishoudens) |"
    ) in text
    assert (
        "| Minstens 4 makelaars werken volgens de afgesproken werkwijze | niet gehaald | "
        "3 van de 4 makelaars met casussen |"
    ) in text
    assert "Gehaald: 2, niet gehaald: 2, niet te zeggen: 2." in text
    assert "Pilot casusregie Woerden: 12 huishoudens, getoetst aan het instellingenbestand" in text
    assert "## Pilotrapport 1" in text
    applied = stored_result(flow_store, outcome.ronde.id, Fase.APPLY)
    assert isinstance(applied, ApplyResult) and applied.pdf is not None
    assert f"- PDF: `{applied.pdf}`" in text
    assert "onthullingscontrole.csv`" in text

    link = artifact(prefect_client, flow_run_id, f"document-{key}")
    pdf = applied.pdf.resolve()
    assert pdf.name == "casusregie-pilotrapport-2026.pdf"
    assert str(link.data) == f"[Pilotrapport 1 (PDF)]({pdf.as_uri()})"
    assert Path(pdf.as_uri().removeprefix("file://")).read_bytes().startswith(b"%PDF")

    rows = json.loads(str(artifact(prefect_client, flow_run_id, f"indicatoren-{key}").data))
    by_key = {(r["indicator"], r["dimensie"]): r for r in rows}
    minder = by_key[("casusregie_aanbieders_minder", "gemeente")]
    assert (minder["waarde"], minder["ondergrens"], minder["bovengrens"]) == (2.8, 2.06, 3.54)
    netwerk = by_key[("casusregie_eigen_netwerk", "gemeente")]  # 7 of 12: not published
    assert netwerk["waarde"] == netwerk["basis"] == "onderdrukt" and netwerk["reden"]

    # what the summary adds for a cycle comes from the cycle's own `samenvatting`: a plugin's
    # hook is used the same way (flows names no cycle), and one without it gets the common part
    class Eigen(CasusregieCycle):
        def samenvatting(
            self, store: Store, ronde: RoundRef, resultaten: Fasenresultaten, s: Settings
        ) -> Samenvatting:
            assert isinstance(resultaten.applied, ApplyResult)
            bijlage = ExtraDocument("bijlage", pdf, "Bijlage (PDF)", "Een bijlage", "Bijlage")
            return Samenvatting("Eigen verslag", ("", "## Eigen deel"), (bijlage,))

    eigen = round_summary(flow_store, outcome, cycle=Eigen(), settings=settings)
    assert "## Eigen verslag" in eigen and "## Eigen deel" in eigen
    assert f"- Bijlage: `{pdf}`" in eigen and "## Criteria van de pilot" not in eigen
    soorten = [
        (link.soort, link.tekst)
        for link in document_links(flow_store, settings, Eigen(), outcome.ronde)
    ]
    assert soorten == [("document", "Eigen verslag (PDF)"), ("bijlage", "Bijlage (PDF)")]

    kaal = round_summary(flow_store, outcome, cycle=object(), settings=settings)
    assert "## Editie 1" in kaal and "## Criteria van de pilot" not in kaal

    # in English (MAKELAAR_LOCALE=en) the cycle's part reads in English as the rest does
    engels = settings.model_copy(update={"locale": "en"})
    en = plain(round_summary(flow_store, outcome, cycle=CasusregieCycle(), settings=engels))
    assert "# Evaluation round Woerden (GM0632)" in en and "## The pilot's criteria" in en
    assert "Pilot casusregie Woerden: 12 households, tested against the gemeente's settings" in en
    assert "Met: 2, not met: 2, cannot be said: 2." in en
    assert f"| {uitgesteld.titel} | postponed |" in en and "## Pilot report 1" in en
    assert "- Disclosure check: `" in en
    assert "Criteria van de pilot" not in en and "Gehaald" not in en and "gehaald |" not in en
    assert [
        link.tekst for link in document_links(flow_store, engels, CasusregieCycle(), outcome.ronde)
    ] == ["Pilot report 1 (PDF)"]


@pytest.mark.cyclus("actieonderzoek")
def test_the_last_interim_study_shows_its_themes_and_links_report_and_handreiking(
    flow_store: Store,
    settings: Settings,
    prefect_client: SyncPrefectClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MAKELAAR_OUTPUT_URL", "https://onderzoek.example.nl/makelaar/")
    get_settings.cache_clear()
    flow_store.upgrade(migration_folders())
    plan = ActieonderzoekCycle().maak_demo(flow_store, settings, 2026, 7)
    periode = plan.perioden[-1]
    key = f"gm0513-actieonderzoek-{periode.lower()}"

    outcome, flow_run_id = run(plan.gemeente_code, "actieonderzoek", periode, "demo")

    assert periode == "2026-Q2" and not outcome.wacht_op_besluiten
    text = summary_of(prefect_client, flow_run_id, f"ronde-{key}")
    applied = stored_result(flow_store, outcome.ronde.id, Fase.APPLY, Toegepast)
    assert isinstance(applied, Toegepast) and applied.handreiking is not None
    assert "## Tussenstudie 6" in text
    citaten = re.search(r"- Citaten uit de reflecties die de screening doorstonden: (\d+)", text)
    assert citaten is not None and int(citaten[1]) > 0
    assert "| bevinding | soort |" in text
    assert "## Voorstellen en besluiten" in text
    assert "## Tussenrapport 6" in text
    assert f"- Handreiking voor andere gemeenten: `{applied.handreiking}`" in text
    assert re.search(
        r"- Voorstellen: \d+ — \d+ aangenomen, \d+ verworpen, 0 uitgesteld, 0 open", text
    )

    base = "https://onderzoek.example.nl/makelaar"
    rapport = artifact(prefect_client, flow_run_id, f"document-{key}")
    assert str(rapport.data) == (
        f"[Tussenrapport 6 (PDF)]({base}/gouda/actieonderzoek-tussenrapport-6.pdf)"
    )
    handreiking = artifact(prefect_client, flow_run_id, f"handreiking-{key}")
    assert str(handreiking.data) == (
        f"[Handreiking voor andere gemeenten (PDF)]({base}/gouda/actieonderzoek-handreiking.pdf)"
    )

    rows = json.loads(str(artifact(prefect_client, flow_run_id, f"indicatoren-{key}").data))
    teams = {
        r["sleutel"] for r in rows if r["indicator"] == "ao_vragen" and r["dimensie"] == "team"
    }
    assert teams == {"T1", "T2", "T3"}
