"""`makelaar init`: a gemeente's commented settings file for a cycle that has settings."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from makelaar.flows.cli_app import app, current_settings, current_taal, out, shown
from makelaar.models.errors import MakelaarError
from makelaar.models.taal import in_taal


@app.command("init")
def init(
    cyclus: Annotated[str, typer.Option("--cycle", "--cyclus", help="De cyclus.")],
    gemeente: Annotated[str, typer.Option(help="De gemeente (CBS-code, GM…).")],
) -> None:
    """Schrijf het instellingenbestand van een gemeente voor een cyclus, met uitleg per sleutel."""
    from makelaar.cycles.registry import load_cycles
    from makelaar.cycles.spec import INSTELLINGEN_ATTRIBUTE

    taal = current_taal()
    if not re.fullmatch(r"GM\d{4}", gemeente):
        raise MakelaarError(
            in_taal(
                taal,
                f"--gemeente {gemeente!r} is geen CBS-gemeentecode; geldig is GM en vier "
                "cijfers, zoals GM0632.",
                f"--gemeente {gemeente!r} is not a CBS municipality code; valid is GM and four "
                "digits, such as GM0632.",
            )
        )
    registry = load_cycles()
    cycle = registry.get(cyclus)
    schrijf = getattr(cycle, INSTELLINGEN_ATTRIBUTE, None)
    if schrijf is None:
        met = sorted(n for n, c in registry.cycles.items() if hasattr(c, INSTELLINGEN_ATTRIBUTE))
        raise MakelaarError(
            in_taal(
                taal,
                f"De cyclus {cyclus} heeft geen instellingen per gemeente. Cycli met "
                f"instellingen: {', '.join(met) or '(geen)'}.",
                f"The cycle {cyclus} has no settings per gemeente. Cycles with settings: "
                f"{', '.join(met) or '(none)'}.",
            )
        )
    pad = schrijf(current_settings(), gemeente)
    out(
        in_taal(
            taal,
            f"Instellingen van {cyclus} voor {gemeente} geschreven: {shown(pad)}. Pas ze aan en "
            "start de ronde; een fout in het bestand wordt gemeld met sleutel en waarde.",
            f"Settings of {cyclus} for {gemeente} written: {shown(pad)}. Edit them and start "
            "the round; a mistake in the file is reported with its key and value.",
        )
    )
