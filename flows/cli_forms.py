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
        "gestopt": {"nl": "Gestopt.", "en": "Stopped."},
    },
)


@forms_app.command("serve")
def forms_serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort om op te luisteren.", min=1, max=65535)] = 8080,
) -> None:
    """Start de antwoordpagina's (de links in de uitnodigingen openen hier)."""
    from makelaar.forms.web.server import serve

    settings = current_settings()
    store = migrated_store()
    taal = current_taal()
    out(vertaal(_TEKSTEN, "luistert", taal, host=host, port=port, publiek=settings.public_url))
    try:
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl-C after stopping
            serve(settings, store, host, port)
    finally:
        store.dispose()
    out(vertaal(_TEKSTEN, "gestopt", taal))
