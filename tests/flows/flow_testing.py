"""The flow tests' own cycle and helpers that read what the flow left in the store and in Prefect."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
    FlowRunFilter,
    FlowRunFilterId,
)
from prefect.client.schemas.objects import Artifact, TaskRun
from sqlalchemy import func, select

from makelaar.cycles.enquetes import EnquetePlan
from makelaar.cycles.leerbijeenkomst import decisions
from makelaar.cycles.spec import RoundContext
from makelaar.forms.definitie import Formulier
from makelaar.models.domain import Besluit, Publiek
from makelaar.models.schemas import (
    ApplyResult,
    Finding,
    ImproveResult,
    IndicatorValue,
    ObserveResult,
    Proposal,
    ReflectResult,
    SourceReport,
)
from makelaar.models.store import Store
from makelaar.models.tables import Base, Editie, Enquete, Indicatorwaarde
from makelaar.models.upsert import insert_missing
from tests.factories import ACTIES

T = TypeVar("T")

READ_BACK_TIMEOUT_S = 15.0


class RecordingCycle:
    """A small real cycle: writes rows in every phase and counts how often each phase ran."""

    name = "testcyclus"
    title = "Testcyclus van de flow-tests"
    indicatoren = (ACTIES,)

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.reflect_failures = 0

    def observe(self, ctx: RoundContext) -> ObserveResult:
        self.calls["observe"] += 1
        with ctx.store.session() as session:  # a plain insert: running observe twice would fail
            session.add(
                Indicatorwaarde(
                    ronde_id=ctx.ronde.id,
                    indicator="waarnemingen",
                    dimensie="gemeente",
                    sleutel="",
                    waarde=12.0,
                    basis=12,
                )
            )
        return ObserveResult(
            bronnen=[SourceReport(bron="testlogboek", gelezen=12, nieuw=12)],
            aantallen={"acties": 12, "signalen": 3, "initiatieven": 1},
        )

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        self.calls["reflect"] += 1
        if self.reflect_failures:
            self.reflect_failures -= 1
            raise RuntimeError("reflectie mislukt (opzettelijk, test)")
        values = [
            IndicatorValue(
                indicator="acties",
                dimensie="gemeente",
                waarde=float(observed.aantallen["acties"]),
                basis=observed.aantallen["acties"],
            ),
            IndicatorValue(
                indicator="acties",
                dimensie="wijk",
                sleutel="WK034401",
                waarde=None,
                basis=4,
                onderdrukt=True,
            ),
        ]
        with ctx.store.session() as session:
            insert_missing(
                session,
                Indicatorwaarde.__table__,  # type: ignore[arg-type]  # a declarative table is a Table
                [{"ronde_id": ctx.ronde.id, **value.model_dump()} for value in values],
                key=("ronde_id", "indicator", "dimensie", "sleutel"),
            )
        finding = Finding(
            code="T-acties",
            soort="sterk",
            titel="Veel acties",
            tekst="De makelaars waren actief.",
            sectie_id="werkwijze",
            bewijs=["acties/gemeente/"],
        )
        return ReflectResult(indicatoren=values, bevindingen=[finding])

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        self.calls["improve"] += 1
        basis = reflected.bevindingen[0].code
        return ImproveResult(
            voorstellen=[
                Proposal(
                    code=f"T-{number}",
                    sectie_id="werkwijze",
                    titel=f"Voorstel {number}",
                    tekst=f"Tekst van voorstel {number}.",
                    onderbouwing=basis,
                )
                for number in (1, 2)
            ]
        )

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        self.calls["apply"] += 1
        taken = decisions(ctx.store, ctx.ronde.id)
        folder = ctx.settings.output_dir / ctx.ronde.gemeente_code
        folder.mkdir(parents=True, exist_ok=True)
        with ctx.store.session() as session:  # after the gemeente's other rounds' editions
            eerdere = session.scalar(
                select(func.max(Editie.nummer)).where(
                    Editie.gemeente_code == ctx.ronde.gemeente_code,
                    Editie.ronde_id != ctx.ronde.id,
                )
            )
        nummer = (eerdere or 0) + 1
        pdf, html = folder / f"editie-{nummer}.pdf", folder / f"editie-{nummer}.html"
        pdf.write_bytes(b"%PDF-1.7\n% testeditie\n")
        html.write_text("<p>testeditie</p>", encoding="utf-8")
        digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
        with ctx.store.session() as session:
            insert_missing(
                session,
                Editie.__table__,  # type: ignore[arg-type]  # a declarative table is a Table
                [
                    {
                        "gemeente_code": ctx.ronde.gemeente_code,
                        "nummer": nummer,
                        "ronde_id": ctx.ronde.id,
                        "taal": "nl",
                        "pdf_pad": str(pdf),
                        "html_pad": str(html),
                        "pdf_sha256": digest,
                        "secties": {"werkwijze": "tekst"},
                    }
                ],
                key=("ronde_id",),
            )
        return ApplyResult(
            editie=nummer,
            pdf=pdf,
            html=html,
            pdf_sha256=digest,
            aangenomen=[d.code for d in taken if d.besluit is Besluit.AANGENOMEN],
            verworpen=[d.code for d in taken if d.besluit is Besluit.VERWORPEN],
        )


class SurveyingCycle(RecordingCycle):
    """The flow tests' cycle with one survey for the brokers, open for a week."""

    name = "enquetecyclus"
    enquetes = (EnquetePlan("flowformulier", Publiek.MAKELAARS, venster_dagen=7),)


def store_survey_form(store: Store) -> None:
    """Store the form SurveyingCycle's survey asks for, so the round can open the survey."""
    form_id = SurveyingCycle.enquetes[0].form_id
    formulier = Formulier(
        form_id=form_id,
        versie="1",
        titel={"nl": "Reflectie (test)"},
        talen=["nl"],
        standaardtaal="nl",
        children=[],
    )
    with store.session() as session:
        session.add(
            Enquete(
                form_id=form_id,
                versie="1",
                titel="Reflectie (test)",
                bron="test",
                sha256="0" * 64,
                definitie=formulier.model_dump(mode="json"),
            )
        )


def count_rows(store: Store, table: type[Base], **where: object) -> int:
    """How many rows `table` holds (matching the given column values)."""
    statement = select(func.count()).select_from(table)
    for column, value in where.items():
        statement = statement.where(getattr(table, column) == value)
    with store.session() as session:
        return session.scalar(statement) or 0


def eventually(read: Callable[[], T], ready: Callable[[T], bool]) -> T:
    """`read()` once `ready` holds for it: the server records task runs from events, a bit later."""
    deadline = time.monotonic() + READ_BACK_TIMEOUT_S
    while True:
        value = read()
        if ready(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def task_runs_of(client: SyncPrefectClient, flow_run_id: UUID, expected: int) -> list[TaskRun]:
    """The flow run's task runs, waiting until `expected` of them reached a final state."""

    def read() -> list[TaskRun]:
        return client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )

    return eventually(
        read, lambda runs: sum(r.state is not None and r.state.is_final() for r in runs) >= expected
    )


def artifact(client: SyncPrefectClient, flow_run_id: UUID, key: str) -> Artifact:
    """The artifact the flow run stored under `key` (one per key and run)."""
    found = client.read_artifacts(
        artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=[key]),
            flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]),
        )
    )
    assert len(found) == 1, f"{len(found)} artefacten met sleutel {key!r} in run {flow_run_id}"
    return found[0]
