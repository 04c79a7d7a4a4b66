"""`makelaar forms ...`: the answering pages (serve)."""

from __future__ import annotations

import contextlib
from typing import Annotated

import typer

from makelaar.flows.cli_app import current_settings, current_taal, forms_app, migrated_store, out
from makelaar.models.taal import Catalogus, catalogus, vertaal

_TEKSTEN: Catalogus = catalogus(
    "cli_forms",
    {
        "luistert": {
            "nl": (
                "De antwoordpagina's luisteren op http://{host}:{port} (links in uitnodigingen "
                "beginnen met {publiek}). Stop met Ctrl-C."
            ),
            "en": (
                "The answering pages listen on http://{host}:{port} (links in invitations start "
                "with {publiek}). Stop with Ctrl-C."
            ),
        },
        "werkers": {
            "nl": "{aantal} werkprocessen, elk met een eigen verbinding met de database.",
            "en": "{aantal} worker processes, each with its own database connection.",
        },
        "gestopt": {"nl": "Gestopt.", "en": "Stopped."},
    },
)


@forms_app.command("serve")
def forms_serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort om op te luisteren.", min=1, max=65535)] = 8080,
    workers: Annotated[
        int,
        typer.Option(
            help="Aantal werkprocessen (elk met een eigen databaseverbinding); 1: één proces.",
            min=1,
            max=64,
        ),
    ] = 1,
) -> None:
    """Start de antwoordpagina's (de links in de uitnodigingen openen hier)."""
    from makelaar.forms.web.server import serve, serve_workers
    from makelaar.models.privacy import load_key
    from makelaar.models.sleutelcontrole import controleer_sleutel

    settings = current_settings()
    store = migrated_store()
    taal = current_taal()
    # one pseudonym key per database: another key is refused before the pages take an answer
    controleer_sleutel(store, load_key(settings)[0], settings.locale)
    out(vertaal(_TEKSTEN, "luistert", taal, host=host, port=port, publiek=settings.public_url))
    if workers > 1:
        # the workers open stores of their own (forms.web.app.create_app): none is inherited;
        # the key is read (or made) once here, so a missing one is reported once, and first
        load_key(settings)
        store.dispose()
        out(vertaal(_TEKSTEN, "werkers", taal, aantal=workers))
    try:
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl-C after stopping
            if workers > 1:
                serve_workers(host, port, workers)
            else:
                serve(settings, store, host, port)
    finally:
        store.dispose()
    out(vertaal(_TEKSTEN, "gestopt", taal))
