"""The `makelaar` app every command module registers on, and the helpers they share.

The CLI is layered like the packages: this module holds the Typer `app`, its command groups and
the public helpers (the settings and language of this call, the store, the output layer `out` and
`step`, how a moment or a path is shown); each command module (`flows/cli_ronde.py`,
`flows/cli_enquete.py`, ...) imports from here and from the packages below flows, never from
another command module or from `flows/cli.py`; `flows/cli.py` holds the entry point and imports
the command modules so that their commands register, in the order the help pages list them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from makelaar.flows.cli_taal import MakelaarGroup
from makelaar.flows.messages import say
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.taal import Taal

if TYPE_CHECKING:
    from makelaar.intake.cbs import CbsImportReport
    from makelaar.models.schemas import RoundRef

app = typer.Typer(
    cls=MakelaarGroup,  # help and usage errors in the user's language (flows/cli_taal.py)
    help="makelaar: evaluatierondes voor de sociaal makelaar, van logboek tot handreiking.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="De projectdatabase.", no_args_is_help=True)
wijken_app = typer.Typer(
    help="Gemeenten, wijken en buurten (CBS-kerncijfers).", no_args_is_help=True
)
round_app = typer.Typer(
    help="Evaluatierondes: starten, uitvoeren, status, besluiten.", no_args_is_help=True
)
handreiking_app = typer.Typer(help="De handreiking en haar edities.", no_args_is_help=True)
cycles_app = typer.Typer(help="De geregistreerde cycli.", no_args_is_help=True)
logboek_app = typer.Typer(
    help="Het logboek van de makelaars: sjabloon, inlezen, inbox.", no_args_is_help=True
)
enquete_app = typer.Typer(
    help="Enquêterondes: formulieren, uitnodigingen, herinneringen en respons.",
    no_args_is_help=True,
)
forms_app = typer.Typer(help="Vragenlijsten: de antwoordpagina's.", no_args_is_help=True)
makelaars_app = typer.Typer(
    help="Het makelaarsregister: wie een logboek bijhoudt, in welke wijken en wanneer.",
    no_args_is_help=True,
)
# The groups in the order the help page lists them (after the app's own commands, such as demo).
app.add_typer(db_app, name="db")
app.add_typer(wijken_app, name="wijken")
app.add_typer(round_app, name="round")
app.add_typer(handreiking_app, name="handreiking")
app.add_typer(cycles_app, name="cycles")
app.add_typer(logboek_app, name="logboek")
app.add_typer(enquete_app, name="enquete")
app.add_typer(forms_app, name="forms")
app.add_typer(makelaars_app, name="makelaars")


def current_settings() -> Settings:
    """The settings of this call (environment and .env, read once)."""
    return get_settings()


def current_taal() -> Taal:
    """The language this call answers in (MAKELAAR_LOCALE)."""
    return current_settings().locale


def out(line: str) -> None:
    """Print one line of a command's output."""
    print(line, flush=True)


class StepEnd:
    """How a step ended when not simply done: the body sets `tekst` (e.g. what a round waits for)."""

    def __init__(self) -> None:
        self.tekst: str | None = None


@contextmanager
def step(label: str) -> Iterator[StepEnd]:
    """Show a long step: its label first, then how it ended and how long it took."""
    taal = current_taal()
    print(f"→ {label} ...", end="", flush=True)
    started = time.perf_counter()
    einde = StepEnd()
    try:
        yield einde
    except BaseException:
        print(f" {say('failed', taal)}", flush=True)
        raise
    ended = einde.tekst or say("done", taal)
    print(f" {ended} ({time.perf_counter() - started:.1f} s)", flush=True)


def unchecked_store() -> Store:
    """The store as it is, for a command that upgrades it itself or reads after a round ran."""
    return Store.from_settings(current_settings())


def migrated_store() -> Store:
    """The store, refused with what to do when it is not at the newest schema."""
    store = unchecked_store()
    store.require_current()
    return store


def checked_period(periode: str | None) -> str | None:
    """A --period the way the rounds read it; a malformed one is a usage mistake (exit code 2)."""
    from makelaar.cycles.rounds import period_bounds
    from makelaar.models.errors import RoundError

    if periode is not None:
        try:
            period_bounds(periode)
        except RoundError as error:
            raise typer.BadParameter(error.tekst(current_taal())) from None
    return periode


def tijd(moment: dt.datetime) -> str:
    """A stored moment in Dutch time with its zone: '15-12-2026 17:00 CET' (never UTC)."""
    from makelaar.forms.tijden import AMSTERDAM

    return f"{moment.astimezone(AMSTERDAM):%d-%m-%Y %H:%M %Z}"


def shown(path: Path) -> str:
    """A path relative to the working directory where it lies below it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run_command(ronde: RoundRef) -> str:
    """The command that runs (or continues) this round."""
    return (
        f"makelaar round run --cycle {ronde.cyclus} --period {ronde.periode} "
        f"--gemeente {ronde.gemeente_code}"
    )


def cbs_line(report: CbsImportReport) -> str:
    """What an import of the CBS key figures did (`wijken import`, the demo)."""
    return say(
        "cbs_report",
        current_taal(),
        gemeenten=report.gemeenten.totaal,
        wijken=report.wijken.totaal,
        buurten=report.buurten.totaal,
        nieuw=report.kerncijfers.nieuw,
        bijgewerkt=report.kerncijfers.bijgewerkt,
    )
