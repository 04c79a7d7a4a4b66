"""`makelaar programma voorbeeld|toon|deploy`: a programme's round deployments from one file.

`voorbeeld` writes a commented programme file; `toon` prints the recipe it gives (no server
needed); `deploy` writes that recipe to the data folder and registers it with Prefect's own
`prefect --no-prompt deploy --all` on the server PREFECT_API_URL names, creating the work pool
when missing. The logic is in flows/programma.py.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from makelaar.flows.cli_app import app, current_settings, current_taal, out
from makelaar.flows.programma import (
    lees_programma,
    programma_recept,
    recept_pad,
    recept_tekst,
)
from makelaar.models.errors import MakelaarError
from makelaar.models.taal import in_taal

programma_app = typer.Typer(
    help="Een programma van gemeenten: de deployments van hun rondes uit één bestand.",
    no_args_is_help=True,
)
app.add_typer(programma_app, name="programma")

DEPLOY_TIMEOUT_S = 600

VOORBEELD = """\
# makelaar programme: which gemeenten run rounds, in which cycle (makelaar programma deploy).
# Half-yearly cycles (buurtmeter, casusregie) start on 15 June and 15 December at a time in
# 'venster' that follows from the gemeente's code, so rounds do not all start in one minute.
# An actieonderzoek runs on its interim studies' dates, from the gemeente's settings file
# (makelaar init --cycle actieonderzoek --gemeente GM...).
naam: Landelijk programma sociaal makelaar
werkpool: makelaar                    # the Prefect work pool the workers serve
venster: {van: "06:00", tot: "09:00"}  # Dutch time
gemeenten:
  - {gemeente: GM0344, naam: Utrecht, cyclus: buurtmeter}
  - {gemeente: GM0632, naam: Woerden, cyclus: casusregie}
  # - {gemeente: GM0513, naam: Gouda, cyclus: actieonderzoek}
  # per gemeente also: leerbijeenkomst: handmatig|formulier|demo, enquetes: wachten|demo
"""


@programma_app.command("voorbeeld")
def programma_voorbeeld(
    bestand: Annotated[Path, typer.Argument(help="Waar het programmabestand komt.")],
) -> None:
    """Schrijf een programmabestand met uitleg, om aan te vullen."""
    taal = current_taal()
    if bestand.exists():
        raise MakelaarError(
            in_taal(
                taal,
                f"{bestand} bestaat al; kies een andere naam of haal het weg.",
                f"{bestand} already exists; choose another name or remove it.",
            )
        )
    bestand.write_text(VOORBEELD, encoding="utf-8")
    out(
        in_taal(
            taal, f"Programmabestand geschreven: {bestand}", f"Programme file written: {bestand}"
        )
    )


@programma_app.command("toon")
def programma_toon(
    bestand: Annotated[Path, typer.Argument(help="Het programmabestand.")],
) -> None:
    """Toon de deployments die het programma geeft (prefect.yaml), zonder server."""
    settings, taal = current_settings(), current_taal()
    recept = programma_recept(lees_programma(bestand, taal), settings, bestand.name, taal)
    out(recept_tekst(recept, bestand.name, dt.datetime.now(dt.UTC)).rstrip())


@programma_app.command("deploy")
def programma_deploy(
    bestand: Annotated[Path, typer.Argument(help="Het programmabestand.")],
) -> None:
    """Registreer de deployments van het programma op de Prefect-server (PREFECT_API_URL)."""
    from makelaar.flows.server import configured_api_url

    settings, taal = current_settings(), current_taal()
    programma = lees_programma(bestand, taal)
    recept = programma_recept(programma, settings, bestand.name, taal)
    url = configured_api_url()
    if url is None:
        raise MakelaarError(
            in_taal(
                taal,
                "Geen Prefect-server ingesteld: zet PREFECT_API_URL op de server van het "
                "programma (bv. http://127.0.0.1:4200/api). 'makelaar programma toon' laat zien "
                "wat er gedeployd zou worden.",
                "No Prefect server configured: set PREFECT_API_URL to the programme's server "
                "(e.g. http://127.0.0.1:4200/api). 'makelaar programma toon' shows what would be "
                "deployed.",
            )
        )
    _werkpool(programma.werkpool, url, taal)
    pad = recept_pad(settings)
    pad.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = pad.with_name(f".{pad.name}.{os.getpid()}.tmp")
    tijdelijk.write_text(recept_tekst(recept, bestand.name, dt.datetime.now(dt.UTC)), "utf-8")
    tijdelijk.replace(pad)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "prefect",
            "--no-prompt",
            "deploy",
            "--all",
            "--prefect-file",
            str(pad),
        ],
        cwd=pad.parent,
        env=os.environ | {"PREFECT_API_URL": url},  # the server this process reports to
        capture_output=True,
        text=True,
        timeout=DEPLOY_TIMEOUT_S,
    )
    if result.returncode != 0:
        staart = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise MakelaarError(
            in_taal(
                taal,
                f"'prefect deploy' van {pad} mislukte (code {result.returncode}):\n{staart}",
                f"'prefect deploy' of {pad} failed (code {result.returncode}):\n{staart}",
            )
        )
    rondes = [d for d in recept["deployments"] if d["name"].startswith("ronde-")]
    schedules = sum(len(d["schedules"]) for d in rondes)
    namen = ", ".join(d["name"] for d in rondes)
    vast = ", ".join(d["name"] for d in recept["deployments"] if d not in rondes)
    out(
        in_taal(
            taal,
            f"{len(programma.gemeenten)} gemeenten, {schedules} roosters in {namen}, en "
            f"{vast}: gedeployd op {url} (werkpool {programma.werkpool}).\n"
            f"De kalender: makelaar planning --bestand {pad}",
            f"{len(programma.gemeenten)} gemeenten, {schedules} schedules in {namen}, and "
            f"{vast}: deployed on {url} (work pool {programma.werkpool}).\n"
            f"The calendar: makelaar planning --bestand {pad}",
        )
    )


def _werkpool(naam: str, url: str, taal: str) -> None:
    """The programme's process work pool on the server, created when missing."""
    import httpx
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound
    from prefect.workers.process import ProcessWorker

    from makelaar.flows.server import server_weg

    try:
        with get_client(sync_client=True) as client:
            try:
                client.read_work_pool(naam)
            except ObjectNotFound:
                client.create_work_pool(
                    WorkPoolCreate(
                        name=naam,
                        type="process",
                        base_job_template=ProcessWorker.get_default_base_job_template(),
                    )
                )
    except httpx.HTTPError as error:
        raise server_weg(url, error, taal) from None
