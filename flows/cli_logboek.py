"""`makelaar logboek ...`: the brokers' logbook: an empty template, files read in, the inbox."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from makelaar.flows.cli_app import (
    current_settings,
    current_taal,
    logboek_app,
    migrated_store,
    out,
    shown,
    step,
)
from makelaar.flows.messages import say
from makelaar.models.errors import MakelaarError


@logboek_app.command("sjabloon")
def logboek_sjabloon(
    pad: Annotated[Path, typer.Argument(help="Waar het sjabloon komt (.xlsx).")] = Path(
        "logboek-sjabloon.xlsx"
    ),
    gemeente: Annotated[
        str | None, typer.Option(help="CBS-code van de gemeente, bv. GM0344; standaard alle.")
    ] = None,
    overschrijven: Annotated[
        bool, typer.Option("--overschrijven", help="Vervang een bestaand bestand.")
    ] = False,
) -> None:
    """Schrijf een leeg logboek (.xlsx) met keuzelijsten van wijken, makelaars en soorten."""
    from makelaar.intake.logboek.sjabloon import lijsten_uit_store, schrijf_sjabloon

    taal = current_taal()
    if pad.exists() and not overschrijven:
        raise MakelaarError(say("sjabloon_exists", taal, pad=shown(pad)))
    store = migrated_store()
    try:
        with store.session() as session:
            lijsten = lijsten_uit_store(session, gemeente)
        try:
            geschreven = schrijf_sjabloon(pad, lijsten, locale=taal, overschrijven=overschrijven)
        except FileExistsError as error:
            raise MakelaarError(say("sjabloon_exists", taal, pad=shown(pad))) from error
    finally:
        store.dispose()
    out(say("sjabloon_written", taal, pad=shown(geschreven)))


@logboek_app.command("import")
def logboek_import(
    paden: Annotated[
        list[Path],
        typer.Argument(help="Logboekbestanden (.xlsx, .csv, .json) of mappen daarmee."),
    ],
    sla_ongeldig_over: Annotated[
        bool,
        typer.Option(
            "--sla-ongeldig-over",
            help="Bewaar de geldige rijen; de ongeldige komen in een weigeringenbestand.",
        ),
    ] = False,
    gemeente: Annotated[
        str | None, typer.Option(help="CBS-code van de gemeente, bv. GM0344.")
    ] = None,
    weigeringen: Annotated[
        Path | None,
        typer.Option(help="Map voor de weigeringenbestanden; standaard naast elk bestand."),
    ] = None,
) -> None:
    """Lees logboekbestanden in; elk bestand helemaal of (zonder --sla-ongeldig-over) niet."""
    from makelaar.intake.logboek import Status, als_tekst, importeer

    taal = current_taal()
    settings = current_settings()
    store = migrated_store()
    try:
        with step(say("step_logboek", taal)):
            rapport = importeer(
                store,
                settings,
                paden,
                sla_ongeldig_over=sla_ongeldig_over,
                gemeente=gemeente,
                weigeringen_map=weigeringen,
            )
    finally:
        store.dispose()
    out(als_tekst(rapport, taal))
    if not rapport.geslaagd:
        refused = sum(b.status is Status.GEWEIGERD for b in rapport.bestanden)
        print(say("logboek_refused", taal, aantal=refused), file=sys.stderr, flush=True)
        sys.exit(1)


@logboek_app.command("inbox")
def logboek_inbox(
    map_: Annotated[
        Path | None,
        typer.Argument(
            metavar="MAP", help="De inbox; standaard inbox/ in de datamap (MAKELAAR_DATA_DIR)."
        ),
    ] = None,
    sla_ongeldig_over: Annotated[
        bool,
        typer.Option(
            "--sla-ongeldig-over",
            help="Bewaar de geldige rijen; de ongeldige komen in een weigeringenbestand.",
        ),
    ] = False,
    gemeente: Annotated[
        str | None, typer.Option(help="CBS-code van de gemeente, bv. GM0344.")
    ] = None,
) -> None:
    """Verwerk de inbox eenmaal via Prefect: inlezen, dan naar verwerkt/ of geweigerd/."""
    from makelaar.flows.logboek import GEWEIGERD, default_inbox, run_logbook_inbox
    from makelaar.intake.logboek import Status, als_tekst

    settings = current_settings()
    taal = settings.locale
    inbox = (map_ or default_inbox(settings)).expanduser().resolve()
    with step(say("step_inbox", taal, inbox=shown(inbox))):
        resultaat = run_logbook_inbox(
            settings, str(inbox), sla_ongeldig_over=sla_ongeldig_over, gemeente=gemeente
        )
    if resultaat.bezet:
        out(say("inbox_busy", taal, inbox=shown(inbox)))
        return
    if resultaat.rapport.bestanden:
        out(als_tekst(resultaat.rapport, taal))
    else:
        out(say("inbox_empty", taal, inbox=shown(inbox)))
    if resultaat.verplaatst:
        out(say("inbox_where", taal))
        for item in resultaat.verplaatst:
            out(say("inbox_moved", taal, bestand=item.bestand, naar=shown(Path(item.naar))))
            if item.rapport:
                out(say("inbox_report", taal, pad=shown(Path(item.rapport))))
            if item.weigeringen:
                out(say("inbox_rejects", taal, pad=shown(Path(item.weigeringen))))
    if resultaat.wachtend or resultaat.overgeslagen:
        out(say("inbox_left", taal))
        for naam in resultaat.wachtend:
            out(say("inbox_waiting", taal, bestand=naam))
        for naam in resultaat.overgeslagen:
            out(say("inbox_skipped", taal, bestand=naam))
    if not resultaat.geslaagd:
        refused = sum(item.status is Status.GEWEIGERD for item in resultaat.verplaatst)
        folder = shown(inbox / GEWEIGERD)
        print(say("inbox_refused", taal, aantal=refused, map=folder), file=sys.stderr, flush=True)
        sys.exit(1)
