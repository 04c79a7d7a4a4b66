"""`makelaar enquete importeer|exporteer`: KoboToolbox/ODK exports in, responses out for research.

The commands join the `enquete` group (flows/cli_app.py), next to those of flows/cli_enquete.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from makelaar.flows.cli_app import (
    current_settings,
    current_taal,
    enquete_app,
    migrated_store,
    out,
    step,
)
from makelaar.models.taal import Catalogus, catalogus, vertaal

_TEKSTEN: Catalogus = catalogus(
    "cli_antwoorden",
    {
        "stap_import": {
            "nl": "Export inlezen ({bestand})",
            "en": "Importing the export ({bestand})",
        },
        "stap_export": {"nl": "Antwoorden exporteren", "en": "Exporting the responses"},
        "geweigerd": {
            "nl": "Het bestand is geweigerd; er is niets opgeslagen. Zie de fouten hierboven.",
            "en": "The file was refused; nothing was stored. See the errors above.",
        },
        "geexporteerd": {
            "nl": "{responsen} respons(en), {kolommen} kolommen{anoniem}: {pad}",
            "en": "{responsen} response(s), {kolommen} columns{anoniem}: {pad}",
        },
        "anoniem": {
            "nl": " (anoniem: zonder respondent en tijden)",
            "en": " (anonymous: no respondent, no times)",
        },
        "codeboek": {"nl": "Codeboek: {pad}", "en": "Codebook: {pad}"},
    },
)


@enquete_app.command("importeer")
def enquete_importeer(
    enquete_ronde: Annotated[int, typer.Argument(help="Nummer van de enquêteronde.")],
    export: Annotated[
        Path,
        typer.Argument(
            help="Export uit KoboToolbox of ODK Central (.csv of .xlsx).",
            exists=True,
            dir_okay=False,
        ),
    ],
    sla_ongeldig_over: Annotated[
        bool,
        typer.Option(
            "--sla-ongeldig-over",
            help="Bewaar de geldige rijen; de ongeldige komen in een weigeringenbestand.",
        ),
    ] = False,
    respondent_kolom: Annotated[
        str, typer.Option(help="Kolom met de makelaarcode of de naam/code van de respondent.")
    ] = "respondent",
    wijk_kolom: Annotated[str, typer.Option(help="Kolom met de CBS-wijkcode.")] = "wijk_code",
    weigeringen: Annotated[
        Path | None,
        typer.Option(help="Map voor het weigeringenbestand; standaard naast de export."),
    ] = None,
) -> None:
    """Lees antwoorden in uit een KoboToolbox- of ODK-export; het hele bestand of niets."""
    from makelaar.forms.importeren import als_tekst, importeer

    taal = current_taal()
    store = migrated_store()
    try:
        with step(vertaal(_TEKSTEN, "stap_import", taal, bestand=export.name)):
            rapport = importeer(
                store,
                current_settings(),
                enquete_ronde,
                export,
                sla_ongeldig_over=sla_ongeldig_over,
                respondentkolom=respondent_kolom,
                wijkkolom=wijk_kolom,
                weigeringen_map=weigeringen,
            )
    finally:
        store.dispose()
    out(als_tekst(rapport, taal))
    if not rapport.geslaagd:
        print(vertaal(_TEKSTEN, "geweigerd", taal), file=sys.stderr, flush=True)
        sys.exit(1)


@enquete_app.command("exporteer")
def enquete_exporteer(
    enquete_ronde: Annotated[int, typer.Argument(help="Nummer van de enquêteronde.")],
    formaat: Annotated[
        Literal["csv", "xlsx"], typer.Option(help="csv of xlsx.", case_sensitive=False)
    ] = "xlsx",
    uit: Annotated[
        Path | None,
        typer.Option(help="Bestand om te schrijven; standaard in de uitvoermap."),
    ] = None,
) -> None:
    """Exporteer de antwoorden van een enquêteronde (CSV of XLSX, met codeboek)."""
    from makelaar.forms.uitvoer import exporteer

    taal = current_taal()
    settings = current_settings()
    pad = uit or settings.output_dir / f"enquete-{enquete_ronde}-antwoorden.{formaat}"
    store = migrated_store()
    try:
        with step(vertaal(_TEKSTEN, "stap_export", taal)):
            uitvoer = exporteer(store, enquete_ronde, pad, formaat=formaat, taal=taal)
    finally:
        store.dispose()
    anoniem = vertaal(_TEKSTEN, "anoniem", taal) if uitvoer.anoniem else ""
    out(
        vertaal(
            _TEKSTEN,
            "geexporteerd",
            taal,
            responsen=uitvoer.responsen,
            kolommen=uitvoer.kolommen,
            anoniem=anoniem,
            pad=uitvoer.pad,
        )
    )
    if uitvoer.codeboek:
        out(vertaal(_TEKSTEN, "codeboek", taal, pad=uitvoer.codeboek))
