"""What runs when: the schedules of prefect.yaml's deployments, per gemeente, with their next runs.

A research team plans its rounds in prefect.yaml (one deployment per gemeente and cycle, on a cron
or on the programme's dates; the daily reminders and the logbook inbox for every gemeente).
`planning` reads that file and works out each schedule's next runs with Prefect's own cron
schedule (the one the server uses, so daylight saving time moves them as it will move the runs),
without a server. A deployment without a `gemeente` parameter runs for every gemeente.

A bad file is refused naming the file, the deployment, the key and the bad value: a cron string
that is not one, an unknown time zone, a deployment without a name.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from prefect.server.schemas.schedules import CronSchedule
from pydantic import ValidationError

from makelaar.models.errors import MakelaarError
from makelaar.models.taal import Taal, in_taal

__all__ = ["Gepland", "PlanningFout", "lees_planning"]


class PlanningFout(MakelaarError):
    """prefect.yaml cannot be read as a plan: what, where, the bad value, what would be valid."""


@dataclass(frozen=True)
class Gepland:
    """One schedule of one deployment and its next runs (aware, in the schedule's time zone)."""

    deployment: str
    flow: str  # the flow function the entrypoint names, "evaluation_round"
    gemeente: str | None  # None: for every gemeente
    cyclus: str | None
    cron: str
    tijdzone: str
    actief: bool
    volgende: tuple[dt.datetime, ...]


def _fout(taal: Taal, pad: Path, waar: str, nl: str, en: str) -> PlanningFout:
    return PlanningFout(f"{pad}: {waar}: " + in_taal(taal, nl, en))


def _deployments(pad: Path, taal: Taal) -> list[dict[str, Any]]:
    try:
        tekst = pad.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanningFout(
            in_taal(
                taal,
                f"{pad} bestaat niet; geef met --bestand het prefect.yaml van het project.",
                f"{pad} does not exist; give the project's prefect.yaml with --bestand.",
            )
        ) from None
    try:
        inhoud = yaml.safe_load(tekst)
    except yaml.YAMLError as exc:
        plek = getattr(exc, "problem_mark", None)
        regel = f"regel {plek.line + 1}" if plek is not None else "?"
        raise _fout(
            taal, pad, regel, f"geen geldige YAML ({exc})", f"not valid YAML ({exc})"
        ) from None
    deployments = inhoud.get("deployments") if isinstance(inhoud, dict) else None
    if not isinstance(deployments, list):
        raise _fout(
            taal,
            pad,
            "deployments",
            "ontbreekt of is geen lijst; elk deployment is een item met name, entrypoint en "
            "schedules",
            "is missing or not a list; each deployment is an item with name, entrypoint and "
            "schedules",
        )
    return deployments


def _dates(schedule: CronSchedule, vanaf: dt.datetime, aantal: int) -> tuple[dt.datetime, ...]:
    dates = asyncio.run(schedule.get_dates(n=aantal, start=vanaf))
    return tuple(dt.datetime.fromisoformat(d.isoformat()) for d in dates)


def lees_planning(
    pad: Path, vanaf: dt.datetime, aantal: int = 3, taal: Taal = "nl"
) -> list[Gepland]:
    """Every schedule of every deployment in `pad` with its next `aantal` runs after `vanaf`."""
    gepland: list[Gepland] = []
    for index, deployment in enumerate(_deployments(pad, taal), 1):
        if not isinstance(deployment, dict) or not isinstance(deployment.get("name"), str):
            raise _fout(
                taal,
                pad,
                f"deployment {index}",
                "heeft geen name (tekst)",
                "has no name (text)",
            )
        naam = deployment["name"]
        entrypoint = str(deployment.get("entrypoint") or "")
        parameters = deployment.get("parameters") or {}
        for nummer, schedule in enumerate(deployment.get("schedules") or [], 1):
            waar = f"deployment {naam!r}, schedules[{nummer}]"
            if not isinstance(schedule, dict) or "cron" not in schedule:
                raise _fout(
                    taal,
                    pad,
                    waar,
                    f"{schedule!r} heeft geen cron; makelaar plant rondes op een cron, "
                    'bijvoorbeeld cron: "0 6 15 6,12 *"',
                    f"{schedule!r} has no cron; makelaar plans rounds on a cron, "
                    'for example cron: "0 6 15 6,12 *"',
                )
            cron = str(schedule["cron"])
            tijdzone = str(schedule.get("timezone") or "UTC")
            try:
                rooster = CronSchedule(cron=cron, timezone=tijdzone)
            except ValidationError as exc:
                sleutel = "timezone" if "timezone" in str(exc) else "cron"
                waarde = tijdzone if sleutel == "timezone" else cron
                raise _fout(
                    taal,
                    pad,
                    f"{waar}.{sleutel}",
                    f"{waarde!r} is geen geldige "
                    + (
                        "tijdzone; gebruik een IANA-naam zoals Europe/Amsterdam"
                        if sleutel == "timezone"
                        else "cron; vijf velden: minuut uur dag maand weekdag, "
                        'bijvoorbeeld "0 6 15 6,12 *"'
                    ),
                    f"{waarde!r} is not a valid "
                    + (
                        "time zone; use an IANA name such as Europe/Amsterdam"
                        if sleutel == "timezone"
                        else "cron; five fields: minute hour day month weekday, "
                        'for example "0 6 15 6,12 *"'
                    ),
                ) from None
            gepland.append(
                Gepland(
                    deployment=naam,
                    flow=entrypoint.rpartition(":")[2],
                    gemeente=parameters.get("gemeente"),
                    cyclus=parameters.get("cyclus"),
                    cron=cron,
                    tijdzone=tijdzone,
                    actief=bool(schedule.get("active", True)),
                    volgende=_dates(rooster, vanaf, aantal),
                )
            )
    return gepland


def per_gemeente(gepland: Sequence[Gepland]) -> dict[str | None, list[Gepland]]:
    """The schedules grouped by gemeente (None: for every gemeente), each group by its next run."""
    groepen: dict[str | None, list[Gepland]] = {}
    for item in gepland:
        groepen.setdefault(item.gemeente, []).append(item)
    for items in groepen.values():
        items.sort(key=lambda g: (g.volgende[:1], g.deployment))
    return groepen
