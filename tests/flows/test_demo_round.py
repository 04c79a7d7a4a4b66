"""The demo round end to end: CBS figures and demo logbook in, the real buurtmeter flow, an edition out."""

from __future__ import annotations

import hashlib
import json
from uuid import UUID

import pytest
from prefect.client.orchestration import SyncPrefectClient

from makelaar.cycles.demo import generate_demo
from makelaar.cycles.rounds import RoundOutcome, round_states, stored_result
from makelaar.flows.round import evaluation_round
from makelaar.intake.cbs import cbs_file, import_kerncijfers
from makelaar.models.domain import Fase, FaseStatus
from makelaar.models.schemas import ApplyResult
from makelaar.models.store import Store
from makelaar.models.tables import Base, Editie, FaseRun, Indicatorwaarde, Respons, Voorstel
from tests.flows.flow_testing import artifact, count_rows, task_runs_of

pytestmark = pytest.mark.prefect

COUNTED: tuple[type[Base], ...] = (Indicatorwaarde, Voorstel, Editie, FaseRun)


def run_demo_round() -> tuple[RoundOutcome, UUID]:
    state = evaluation_round(
        cyclus="buurtmeter",
        leerbijeenkomst="demo",
        enquetes="demo",
        periode="2026",
        return_state=True,
    )
    assert state.is_completed(), state.message
    outcome = state.result()
    assert isinstance(outcome, RoundOutcome)
    assert state.state_details.flow_run_id is not None
    return outcome, state.state_details.flow_run_id


@pytest.mark.cyclus("buurtmeter")
def test_demo_round_renders_an_edition_and_a_second_run_writes_nothing(
    flow_store: Store, prefect_client: SyncPrefectClient
) -> None:
    import_kerncijfers(flow_store, cbs_file())
    generate_demo(flow_store)

    outcome, flow_run_id = run_demo_round()

    assert [(p.fase, p.hervat) for p in outcome.fasen] == [(fase, False) for fase in Fase]
    assert {s.status for s in round_states(flow_store, outcome.ronde.id)} == {FaseStatus.COMPLETED}
    applied = stored_result(flow_store, outcome.ronde.id, Fase.APPLY)
    assert isinstance(applied, ApplyResult)
    assert applied.pdf is not None and applied.html is not None
    assert applied.pdf.read_bytes().startswith(b"%PDF")
    assert applied.html.exists()
    counts = {table.__name__: count_rows(flow_store, table) for table in COUNTED}
    assert counts["Editie"] == 1
    assert counts["FaseRun"] == 4
    assert counts["Indicatorwaarde"] > 0 and counts["Voorstel"] > 0
    table = artifact(prefect_client, flow_run_id, "indicatoren-gm0344-buurtmeter-2026")
    rows = json.loads(str(table.data))
    suppressed = [row for row in rows if row["onderdrukt"] == "ja"]
    assert all(row["waarde"] == row["basis"] == "onderdrukt" for row in suppressed)
    pdf_sha = hashlib.sha256(applied.pdf.read_bytes()).hexdigest()
    summary = str(artifact(prefect_client, flow_run_id, "ronde-gm0344-buurtmeter-2026").data)
    assert "## Enquêtes" in summary
    assert f"## Editie {applied.editie}" in summary and "## Voorstellen en besluiten" in summary
    link = artifact(prefect_client, flow_run_id, "document-gm0344-buurtmeter-2026")
    assert str(link.data) == f"[Editie {applied.editie} (PDF)]({applied.pdf.resolve().as_uri()})"
    for audience in ("Sociaal makelaars", "Partnerorganisaties", "Bewoners"):
        row = next(line for line in summary.splitlines() if line.startswith(f"| {audience} |"))
        assert "| gesloten op " in row  # the demo answered and closed its window at once
    responses = count_rows(flow_store, Respons)
    assert responses > 0
    task_names = {r.name.rsplit("-", 1)[0] for r in task_runs_of(prefect_client, flow_run_id, 5)}
    assert "enquêtes invullen (demo)" in task_names

    again, _ = run_demo_round()

    assert [(p.fase, p.hervat) for p in again.fasen] == [(fase, True) for fase in Fase]
    assert {table.__name__: count_rows(flow_store, table) for table in COUNTED} == counts
    assert count_rows(flow_store, Respons) == responses
    assert hashlib.sha256(applied.pdf.read_bytes()).hexdigest() == pdf_sha
