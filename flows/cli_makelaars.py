"""`makelaar makelaars ...`: the brokers' register, imported from a file and listed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from makelaar.flows.cli_app import current_taal, makelaars_app, migrated_store, out, shown
from makelaar.flows.messages import say


@makelaars_app.command("import")
def makelaars_import(
    bestand: Annotated[
        Path,
        typer.Argument(
            help="Het register (.csv of .xlsx) met de kolommen code, naam, wijken, startdatum "
            "en eventueel einddatum.",
            exists=True,
            dir_okay=False,
        ),
    ],
    gemeente: Annotated[
        str | None,
        typer.Option(help="CBS-code van de gemeente, bv. GM0344; standaard die van de wijken."),
    ] = None,
) -> None:
    """Registreer makelaars uit een bestand: het hele bestand, of bij een fout niets."""
    from makelaar.intake.makelaars import importeer_makelaars

    taal = current_taal()
    store = migrated_store()
    try:
        rapport = importeer_makelaars(store, bestand, gemeente=gemeente, locale=taal)
    finally:
        store.dispose()
    if rapport.registratie is None:
        for fout in rapport.fouten:
            print(fout.tekst(taal), file=sys.stderr, flush=True)
        print(say("makelaars_refused", taal, bestand=shown(bestand)), file=sys.stderr, flush=True)
        sys.exit(1)
    r = rapport.registratie
    out(
        say(
            "makelaars_imported",
            taal,
            bestand=shown(bestand),
            gemeente=rapport.gemeente,
            nieuw=r.nieuw,
            bijgewerkt=r.bijgewerkt,
            ongewijzigd=r.ongewijzigd,
            erbij=r.koppelingen_nieuw,
            eraf=r.koppelingen_weg,
        )
    )


@makelaars_app.command("lijst")
def makelaars_lijst(
    gemeente: Annotated[
        str | None, typer.Option(help="CBS-code van de gemeente, bv. GM0344; standaard alle.")
    ] = None,
) -> None:
    """Toon het makelaarsregister: code, naam, wijken, start en einde."""
    from makelaar.intake.makelaars import register

    taal = current_taal()
    store = migrated_store()
    try:
        with store.session() as session:
            regels = register(session, gemeente)
    finally:
        store.dispose()
    if not regels:
        out(say("makelaars_none", taal))
        return
    rijen = [
        [
            r.code,
            r.naam,
            ", ".join(r.wijken) or "-",
            f"{r.startdatum:%d-%m-%Y}" if r.startdatum else "-",
            f"{r.einddatum:%d-%m-%Y}" if r.einddatum else "-",
        ]
        for r in regels
    ]
    koppen = [
        say(k, taal) for k in ("col_code", "col_naam", "col_wijken", "col_start", "col_einde")
    ]
    breedtes = [max(len(rij[i]) for rij in [koppen, *rijen]) for i in range(len(koppen))]
    for rij in [koppen, *rijen]:
        out("  ".join(c.ljust(b) for c, b in zip(rij, breedtes, strict=True)).rstrip())
