"""`makelaar planning`: what runs when for each gemeente, which rounds wait for what, and where too
many rounds start at once; `makelaar planning rooster`: a gemeente's schedules for prefect.yaml, at
a start time of its own (flows.spreiding): half-yearly, or a programme's from its settings file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from makelaar.flows.cli_app import app, current_taal, out, tijd
from makelaar.models.errors import MakelaarError
from makelaar.models.store import Store
from makelaar.models.taal import Taal, in_taal

# The planning modules are imported by the commands that use them: they load Prefect's server
# schedules and the actieonderzoek cycle (with WeasyPrint), about 2 s that every other command,
# and `makelaar --help`, would pay at start (tests/flows/test_cli_start.py).
if TYPE_CHECKING:
    from makelaar.flows.planning import Gepland


def _gemeentenamen(store: Store | None) -> dict[str, str]:
    if store is None:
        return {}
    from sqlalchemy import select

    from makelaar.models.tables import Gemeente

    with store.session() as session:
        return dict(session.execute(select(Gemeente.code, Gemeente.naam)).tuples().all())


def _regel(item: Gepland, taal: Taal) -> str:
    wat = item.deployment
    over = ", ".join(x for x in (item.cyclus, item.periode) if x)
    wat += f" ({over})" if over else ""
    if not item.actief:
        return "    " + wat + ": " + in_taal(taal, "rooster staat uit", "schedule switched off")
    if not item.volgende:  # a programme date that has passed
        return "    " + wat + ": " + in_taal(taal, "geen volgende run meer", "no next run")
    tijden = ", ".join(tijd(moment) for moment in item.volgende)
    return f"    {wat}: {tijden}"


def _wachtende_rondes(store: Store, gemeente: str | None, taal: Taal) -> list[tuple[str, str]]:
    """(gemeente code, line) for every round that waits: for surveys to close or for decisions."""
    from makelaar.cycles.enquetes import survey_status
    from makelaar.cycles.leerbijeenkomst import open_proposals
    from makelaar.cycles.rounds import list_rounds, round_states
    from makelaar.models.domain import Fase, FaseStatus
    from makelaar.models.tables import utcnow

    regels = []
    for ronde in list_rounds(store):
        if gemeente is not None and ronde.gemeente_code != gemeente:
            continue
        klaar = {s.fase for s in round_states(store, ronde.id) if s.status is FaseStatus.COMPLETED}
        if Fase.APPLY in klaar:
            continue
        wat = f"ronde {ronde.id} ({ronde.cyclus}, {ronde.periode})"
        open_tot = [
            s.sluit_op for s in survey_status(store, ronde.id, utcnow()) if not s.gesloten_op
        ]
        voorstellen = open_proposals(store, ronde.id) if Fase.IMPROVE in klaar else []
        if Fase.OBSERVE in klaar and open_tot:
            regel = in_taal(
                taal,
                f"{wat} wacht op enquêtes tot {tijd(max(open_tot))} en gaat daarna vanzelf verder",
                f"{wat} waits for surveys until {tijd(max(open_tot))} and then continues itself",
            )
        elif voorstellen:
            regel = in_taal(
                taal,
                f"{wat} wacht op besluiten over {len(voorstellen)} voorstel(len): "
                f"makelaar round besluit {ronde.id} …",
                f"{wat} waits for decisions on {len(voorstellen)} proposal(s): "
                f"makelaar round besluit {ronde.id} …",
            )
        else:
            continue
        regels.append((ronde.gemeente_code, "    " + regel))
    return regels


planning_app = typer.Typer(
    help="Wat wanneer draait per gemeente (uit prefect.yaml), en welke rondes ergens op wachten.",
    invoke_without_command=True,
)
app.add_typer(planning_app, name="planning")


@planning_app.callback(invoke_without_command=True)
def planning(
    ctx: typer.Context,
    bestand: Annotated[
        Path, typer.Option("--bestand", help="Het prefect.yaml met de deployments.")
    ] = Path("prefect.yaml"),
    aantal: Annotated[
        int, typer.Option(min=1, max=20, help="Hoeveel volgende runs per rooster.")
    ] = 3,
    gemeente: Annotated[
        str | None, typer.Option(help="Alleen deze gemeente (CBS-code, GM…).")
    ] = None,
) -> None:
    """Wat wanneer draait per gemeente (uit prefect.yaml), en welke rondes ergens op wachten."""
    from makelaar.flows.cli_app import current_settings, migrated_store
    from makelaar.flows.planning import lees_planning, per_gemeente
    from makelaar.flows.planning_programma import programma_waarschuwingen
    from makelaar.flows.spreiding import drukte_waarschuwingen

    if ctx.invoked_subcommand is not None:
        return
    taal = current_taal()
    gepland = lees_planning(bestand, dt.datetime.now(dt.UTC), aantal, taal)
    try:
        store: Store | None = migrated_store()
    except MakelaarError:
        store = None  # no project database yet: the schedules alone
    namen = _gemeentenamen(store)
    wachtend = _wachtende_rondes(store, gemeente, taal) if store is not None else []
    groepen = per_gemeente(gepland)
    codes = sorted(
        {c for c in groepen if c is not None} | {c for c, _ in wachtend},
        key=lambda c: (namen.get(c, c), c),
    )
    if gemeente is not None:
        codes = [c for c in codes if c == gemeente]
    out(in_taal(taal, f"Planning uit {bestand}:", f"Schedule from {bestand}:"))
    for code in codes:
        out(f"  {namen.get(code, code)} ({code})" if code in namen else f"  {code}")
        for item in groepen.get(code, []):
            out(_regel(item, taal))
        if not groepen.get(code):
            out("    " + in_taal(taal, "geen rondes gepland", "no rounds scheduled"))
        for _, regel in (w for w in wachtend if w[0] == code):
            out(regel)
    if groepen.get(None):
        out("  " + in_taal(taal, "Voor alle gemeenten", "For every gemeente"))
        for item in groepen[None]:
            out(_regel(item, taal))
    if store is None:
        out(
            in_taal(
                taal,
                "(Nog geen projectdatabase: wachtende rondes niet getoond; zie 'makelaar db upgrade'.)",
                "(No project database yet: waiting rounds not shown; see 'makelaar db upgrade'.)",
            )
        )
    eigen = [g for g in gepland if gemeente is None or g.gemeente == gemeente]
    for regel in programma_waarschuwingen(eigen, current_settings(), taal):
        out(regel)
    for regel in drukte_waarschuwingen(gepland, current_settings().max_rondes, taal):
        out(regel)


@planning_app.command("rooster")
def rooster(
    cyclus: Annotated[
        str,
        typer.Option(
            "--cycle", help="De cyclus: buurtmeter, casusregie (halfjaarlijks) of actieonderzoek."
        ),
    ],
    gemeente: Annotated[str, typer.Option(help="De gemeente (CBS-code, GM…).")],
    instellingen: Annotated[
        Path | None,
        typer.Option(
            help="Actieonderzoek: het instellingenbestand; standaard dat van de gemeente in de "
            "datamap."
        ),
    ] = None,
    naam: Annotated[
        str | None,
        typer.Option(help="Begin van elke slug; standaard de naam van de gemeente."),
    ] = None,
    bestand: Annotated[
        Path,
        typer.Option(
            "--bestand",
            help="Het prefect.yaml waarvan de rondes meetellen bij het kiezen van de starttijd.",
        ),
    ] = Path("prefect.yaml"),
) -> None:
    """Druk de schedules voor prefect.yaml af, op een eigen starttijd van de gemeente tussen
    06:00 en 09:00: halfjaarlijks (buurtmeter, casusregie) of, voor het actieonderzoek, één per
    tussenstudie met haar datum en periode uit het instellingenbestand."""
    from makelaar.cycles.actieonderzoek.instellingen import laad_instellingen
    from makelaar.cycles.actieonderzoek.rooster import studieroosters
    from makelaar.flows.cli_app import current_settings, migrated_store
    from makelaar.flows.planning import lees_planning
    from makelaar.flows.planning_programma import CYCLUS, ProgrammaFout, schedule_regels
    from makelaar.flows.spreiding import (
        HALFJAARLIJKS,
        VOORUIT,
        drukte,
        halfjaar_regels,
        halfjaarlijkse_data,
        op_data,
        spreid,
    )

    taal = current_taal()
    if cyclus != CYCLUS and cyclus not in HALFJAARLIJKS:
        geldig = ", ".join(sorted([CYCLUS, *HALFJAARLIJKS]))
        raise ProgrammaFout(
            in_taal(
                taal,
                f"Voor de cyclus {cyclus!r} maakt makelaar geen rooster; geldig: {geldig}.",
                f"makelaar makes no schedule for cycle {cyclus!r}; valid: {geldig}.",
            )
        )
    settings = current_settings()
    programma = laad_instellingen(settings, gemeente, instellingen) if cyclus == CYCLUS else None
    if naam is None:
        try:
            store: Store | None = migrated_store()
        except MakelaarError:
            store = None  # no project database: the slugs start with the code
        naam = _gemeentenamen(store).get(gemeente)
        if store is not None:
            store.dispose()
    vanaf = dt.datetime.now(dt.UTC)
    # the rounds prefect.yaml already starts count, the gemeente's own of the cycle not
    gepland = lees_planning(bestand, vanaf, VOORUIT, taal) if bestand.is_file() else []
    bezet = drukte(gepland, zonder=(gemeente, cyclus))
    if programma is None:
        data = halfjaarlijkse_data(cyclus, vanaf)
        tijd = spreid(gemeente, data, bezet, settings.max_rondes)
        regels = halfjaar_regels(gemeente, cyclus, naam, tijd, taal)
    else:
        # a programme that does not fit is refused
        datums = op_data(r.datum for r in studieroosters(programma, taal))
        tijd = spreid(gemeente, datums, bezet, settings.max_rondes)
        regels = schedule_regels(programma, naam, taal, tijd)
    out(
        in_taal(
            taal,
            f"# Onder 'schedules:' van deployment ronde-{cyclus} in prefect.yaml:",
            f"# Under 'schedules:' of deployment ronde-{cyclus} in prefect.yaml:",
        )
    )
    for regel in regels:
        out(regel)
