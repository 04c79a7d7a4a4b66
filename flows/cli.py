"""The `makelaar` command line: its entry point, its root options, and the command modules.

The app and the helpers every command uses are in flows/cli_app.py; each command module registers
its commands on it when imported below, in the order the help pages list them. No command module
imports this one.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

# Importing a command module registers its commands on the app; a group's help page lists them
# in the order registered, so the order of these imports is the order of the help pages.
# isort: off
from makelaar.flows import cli_ronde  # round start, run, status; demo
from makelaar.flows import cli_besluit  # round besluit, besluiten
from makelaar.flows import cli_voorstel  # voorstel nieuw, laad, agenda; voorstellen
from makelaar.flows import cli_project  # db upgrade, wijken import, handreiking render, cycles list
from makelaar.flows import cli_logboek  # logboek sjabloon, import, inbox
from makelaar.flows import (
    cli_enquete,
)  # enquete formulier, open, modus, uitnodigen, herinneren, stand, ...
from makelaar.flows import cli_antwoorden  # enquete importeer, exporteer
from makelaar.flows import cli_forms  # forms serve
from makelaar.flows import cli_makelaars  # makelaars import, lijst
from makelaar.flows import cli_indicatoren  # indicatoren, export
from makelaar.flows import cli_edities  # edities, edities toon, edities verschil
from makelaar.flows import cli_gemeente  # gemeente instellen, toon
from makelaar.flows import cli_planning  # planning, planning rooster
from makelaar.flows import cli_init  # init
from makelaar.flows import cli_inplannen  # round inplannen
from makelaar.flows import cli_programma  # programma voorbeeld, toon, deploy

# isort: on
from makelaar.flows.cli_app import app, current_taal
from makelaar.flows.cli_fouten import settings_error_line, show_click_error
from makelaar.flows.cli_taal import user_language
from makelaar.flows.messages import say
from makelaar.flows.terminal_logging import configure_terminal_logging
from makelaar.models.errors import MakelaarError

__all__ = ["COMMAND_MODULES", "app", "main"]

COMMAND_MODULES = (
    cli_ronde,
    cli_besluit,
    cli_voorstel,
    cli_project,
    cli_logboek,
    cli_enquete,
    cli_antwoorden,
    cli_forms,
    cli_makelaars,
    cli_indicatoren,
    cli_edities,
    cli_gemeente,
    cli_planning,
    cli_init,
    cli_inplannen,
    cli_programma,
)

_state: dict[str, bool] = {"debug": False}


@app.callback()
def main_options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Toon bij een fout de volledige melding.")
    ] = False,
) -> None:
    """makelaar: evaluatierondes voor de sociaal makelaar."""
    _state["debug"] = debug
    # Progress is shown by our own step lines; Prefect's run logs still go to its API (and UI).
    # Without --debug only makelaar's warnings reach the terminal, one line each, so an error
    # stays the one line main() prints; with --debug everything shows, tracebacks included.
    configure_terminal_logging(debug)


def main() -> None:
    """Entry point: run the app; a MakelaarError becomes one clear line and exit code 1."""
    try:
        app(standalone_mode=False)
    except MakelaarError as error:
        if _state["debug"]:
            raise
        taal = current_taal()
        print(say("error", taal, fout=error.tekst(taal)), file=sys.stderr)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:
        from typer._click.exceptions import ClickException

        taal = user_language()  # the settings themselves may be what failed
        if isinstance(error, ClickException):  # a usage mistake: usage and one line, exit code 2
            sys.exit(show_click_error(error, taal))
        if _state["debug"]:
            raise
        setting = settings_error_line(error, taal)
        if setting is not None:  # a MAKELAAR_* variable with a value the settings refuse
            print(say("error", taal, fout=setting), file=sys.stderr)
            sys.exit(1)
        print(say("unexpected", taal, soort=type(error).__name__, fout=error), file=sys.stderr)
        sys.exit(1)
