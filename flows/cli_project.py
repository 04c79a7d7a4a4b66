"""`makelaar db|wijken|cycles|handreiking ...`: the project's database, its reference data (CBS
key figures), the registered cycles, and an edition rendered anew."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from makelaar.flows.cli_app import (
    cbs_line,
    current_settings,
    current_taal,
    cycles_app,
    db_app,
    handreiking_app,
    migrated_store,
    out,
    shown,
    step,
    unchecked_store,
    wijken_app,
)
from makelaar.flows.messages import say
from makelaar.models.taal import in_taal


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Breng de database naar het nieuwste schema (Alembic-migraties)."""
    from makelaar.cycles.registry import migration_folders

    store = unchecked_store()
    revisie = store.upgrade(migration_folders())
    out(
        say("db_upgraded", current_taal(), revisie=revisie, url=store.engine.url.render_as_string())
    )


@wijken_app.command("import")
def wijken_import(
    bestand: Annotated[
        Path,
        typer.Argument(
            help="CBS Kerncijfers wijken en buurten (.xlsx).", exists=True, dir_okay=False
        ),
    ],
    jaar: Annotated[
        int | None,
        typer.Option(
            help="Jaar van de cijfers; standaard uit de bestandsnaam (kwb-2024.xlsx) of de "
            "bladnaam (KWB2024)."
        ),
    ] = None,
    gemeente: Annotated[
        list[str] | None,
        typer.Option(
            help="Importeer alleen deze gemeente (CBS-code, bv. GM0344) met haar wijken en "
            "buurten; herhaal de optie voor meer gemeenten. Standaard elke gemeente in het bestand."
        ),
    ] = None,
) -> None:
    """Importeer gemeenten, wijken, buurten en hun kerncijfers uit het CBS-bestand."""
    from makelaar.intake.cbs import import_kerncijfers

    store = migrated_store()
    with step(say("step_cbs", current_taal(), bestand=bestand.name)):
        report = import_kerncijfers(store, bestand, jaar=jaar, gemeenten=gemeente)
    out(cbs_line(report))


@handreiking_app.command("render")
def handreiking_render(
    ronde_id: Annotated[
        int, typer.Argument(help="Ronde waarvan de editie opnieuw gerenderd wordt.")
    ],
) -> None:
    """Render de editie van een ronde opnieuw (zelfde nummer; de vorige bestanden blijven tot het lukt)."""
    from makelaar.cycles.registry import load_cycles
    from makelaar.cycles.rounds import get_round, stored_result
    from makelaar.cycles.spec import RoundContext
    from makelaar.models.domain import Fase
    from makelaar.models.errors import RoundError
    from makelaar.models.gemeente_instellingen import instellingen_voor
    from makelaar.models.schemas import ImproveResult

    store = migrated_store()
    ronde = get_round(store, ronde_id)
    improved = stored_result(store, ronde_id, Fase.IMPROVE)
    if not isinstance(improved, ImproveResult):
        raise RoundError(
            in_taal(
                current_taal(),
                f"Ronde {ronde_id} heeft de verbeterfase nog niet afgerond; voer eerst de ronde "
                "uit.",
                f"Round {ronde_id} has not finished the improve phase yet; run the round first.",
            )
        )
    cycle = load_cycles().get(ronde.cyclus)
    with step(say("step_render", current_taal())):
        settings = instellingen_voor(store, current_settings(), ronde.gemeente_code)
        context = RoundContext(ronde=ronde, store=store, settings=settings)
        result = cycle.apply(context, improved)
    if result.pdf is not None:  # a cycle that writes its edition with cycles.edities has one
        out(say("edition_ready", current_taal(), editie=result.editie, pdf=shown(result.pdf)))


@cycles_app.command("list")
def cycles_list() -> None:
    """Toon de cycli die via de entry-point-groep makelaar.cycles geregistreerd zijn."""
    from makelaar.cycles.registry import load_cycles

    registry = load_cycles()
    taal = current_taal()
    out(say("cycles_header", taal))
    for name, cycle in sorted(registry.cycles.items()):
        out(say("cycle_line", taal, naam=name, titel=cycle.title))
    for error in registry.errors:
        out(say("cycle_broken", taal, naam=error.name, fout=error.probleem(taal)))
