"""`makelaar round inplannen`: a round as a run of its cycle's deployment, once per round.

The run is created on the Prefect server that PREFECT_API_URL names, on the deployment
`evaluatieronde/ronde-<cyclus>` that prefect.yaml deploys, for a worker of its work pool to pick
up; the command does not wait for it. Its idempotency key is made of the gemeente, the cycle and
the period, so planning the same round again (by hand, from a script, twice by two researchers)
gives the run that was created the first time, whatever its state, and no second one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import typer

from makelaar.flows.cli_app import checked_period, current_taal, out, round_app
from makelaar.models.errors import MakelaarError
from makelaar.models.taal import Taal, in_taal

if TYPE_CHECKING:
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.client.schemas.objects import FlowRun

__all__ = ["deployment_name", "idempotency_key", "plan_round", "run_url"]

_GEMEENTE = re.compile(r"^GM\d{4}$")


def deployment_name(cyclus: str) -> str:
    """The cycle's round deployment as prefect.yaml names it: flow name / deployment name."""
    return f"evaluatieronde/ronde-{cyclus}"


def idempotency_key(gemeente: str, cyclus: str, periode: str) -> str:
    """One run per round: the same gemeente, cycle and period give the same key."""
    return f"makelaar-ronde-{gemeente}-{cyclus}-{periode}"


def _checked_gemeente(gemeente: str) -> str:
    if not _GEMEENTE.match(gemeente):
        raise typer.BadParameter(
            in_taal(
                current_taal(),
                f"{gemeente!r} is geen CBS-gemeentecode: GM gevolgd door 4 cijfers, bv. GM0344",
                f"{gemeente!r} is not a CBS gemeente code: GM and 4 digits, e.g. GM0344",
            )
        )
    return gemeente


def _existing(client: SyncPrefectClient, deployment_id: UUID, key: str) -> FlowRun | None:
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterIdempotencyKey,
    )

    runs = client.read_flow_runs(
        flow_run_filter=FlowRunFilter(idempotency_key=FlowRunFilterIdempotencyKey(any_=[key])),
        deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
        limit=1,
    )
    return runs[0] if runs else None


def plan_round(
    gemeente: str, cyclus: str, periode: str, deployment: str, taal: Taal
) -> tuple[FlowRun, bool]:
    """The round's run on `deployment` (created when it has none): the run and whether it is new."""
    import httpx
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    from makelaar.flows.server import configured_api_url, server_weg

    url = configured_api_url()
    if url is None:
        raise MakelaarError(
            in_taal(
                taal,
                "Geen Prefect-server ingesteld: zet PREFECT_API_URL op de server waarop "
                "prefect.yaml gedeployd is (bv. http://127.0.0.1:4200/api). Een ronde nu hier "
                "uitvoeren kan met 'makelaar round run'.",
                "No Prefect server configured: set PREFECT_API_URL to the server prefect.yaml is "
                "deployed on (e.g. http://127.0.0.1:4200/api). To run a round here and now, use "
                "'makelaar round run'.",
            )
        )
    key = idempotency_key(gemeente, cyclus, periode)
    try:
        with get_client(sync_client=True) as client:
            try:
                gevonden = client.read_deployment_by_name(deployment)
            except ObjectNotFound:
                raise MakelaarError(
                    in_taal(
                        taal,
                        f"Deployment {deployment} staat niet op de Prefect-server {url}: deploy "
                        "prefect.yaml eerst met 'prefect --no-prompt deploy --all' (in de map "
                        "van het project).",
                        f"Deployment {deployment} is not on the Prefect server {url}: deploy "
                        "prefect.yaml first with 'prefect --no-prompt deploy --all' (in the "
                        "project's folder).",
                    )
                ) from None
            bestaand = _existing(client, gevonden.id, key)
            if bestaand is not None:
                return bestaand, False
            run = client.create_flow_run_from_deployment(
                gevonden.id,
                parameters={"gemeente": gemeente, "cyclus": cyclus, "periode": periode},
                name=f"{gemeente}-{cyclus}-{periode}",
                idempotency_key=key,
                tags=["ingepland"],
            )
            return run, True
    except httpx.HTTPError as error:
        raise server_weg(url, error, taal) from None


def run_url(run: FlowRun, api_url: str) -> str:
    """The run's page in Prefect's UI: from PREFECT_UI_URL, else beside the API (/api off)."""
    from prefect.utilities.urls import url_for

    return url_for(run) or f"{api_url.rstrip('/').removesuffix('/api')}/runs/flow-run/{run.id}"


@round_app.command("inplannen")
def round_inplannen(
    cyclus: Annotated[str, typer.Option("--cycle", "--cyclus", help="Naam van de cyclus.")],
    gemeente: Annotated[
        str, typer.Option(help="CBS-code van de gemeente.", callback=_checked_gemeente)
    ],
    periode: Annotated[
        str | None,
        typer.Option(
            "--period",
            "--periode",
            help="Standaard het huidige halfjaar.",
            callback=checked_period,
        ),
    ] = None,
    deployment: Annotated[
        str | None,
        typer.Option(help="Het deployment; standaard evaluatieronde/ronde-<cyclus>."),
    ] = None,
) -> None:
    """Plan een ronde in op de Prefect-server, één keer per gemeente, cyclus en periode: opnieuw
    inplannen geeft dezelfde run."""
    from makelaar.cycles.registry import load_cycles
    from makelaar.cycles.rounds import current_period
    from makelaar.flows.server import configured_api_url

    taal = current_taal()
    load_cycles().get(cyclus)  # an unknown cycle is refused here, naming the registered ones
    periode = periode or current_period()
    naam = deployment or deployment_name(cyclus)
    run, nieuw = plan_round(gemeente, cyclus, periode, naam, taal)
    toestand = run.state.name if run.state is not None else "?"
    if nieuw:
        out(
            in_taal(
                taal,
                f"Ronde {gemeente}, {cyclus}, {periode} ingepland op {naam}: run {run.id} "
                f"({toestand}); een worker van de werkpool voert hem uit.",
                f"Round {gemeente}, {cyclus}, {periode} planned on {naam}: run {run.id} "
                f"({toestand}); a worker of the work pool runs it.",
            )
        )
    else:
        out(
            in_taal(
                taal,
                f"Ronde {gemeente}, {cyclus}, {periode} was al ingepland op {naam}: run "
                f"{run.id} ({toestand}); er komt geen tweede run.",
                f"Round {gemeente}, {cyclus}, {periode} was already planned on {naam}: run "
                f"{run.id} ({toestand}); no second run is made.",
            )
        )
    out(f"  Prefect: {run_url(run, configured_api_url() or '')}")
