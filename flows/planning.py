"""What runs when: the schedules of prefect.yaml's deployments, per gemeente, with their next runs.

A research team plans its rounds in prefect.yaml: one deployment per cycle with one schedule per
gemeente, on a cron or, for a programme's dates, an rrule; a schedule's `parameters` (gemeente,
periode) go over the deployment's, as Prefect's scheduler merges them. The daily reminders and the
logbook inbox run for every gemeente. `planning` reads that file and works out each schedule's
next runs with Prefect's own cron and rrule schedules (the ones the server uses, so daylight
saving time moves them as it will move the runs), without a server. A schedule whose parameters
(and deployment's) have no `gemeente` runs for every gemeente.

A bad file is refused naming the file, the deployment, the key and the bad value: a cron or rrule
string that is not one, an unknown time zone, parameters that are not a mapping, a deployment
without a name.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from prefect.server.schemas.schedules import CronSchedule, RRuleSchedule
from pydantic import ValidationError

from makelaar.models.errors import MakelaarError
from makelaar.models.taal import Taal, in_taal

__all__ = ["Gepland", "PlanningFout", "lees_planning"]


class PlanningFout(MakelaarError):
    """prefect.yaml cannot be read as a plan: what, where, the bad value, what would be valid."""


@dataclass(frozen=True)
class Gepland:
    """One schedule of one deployment and its next runs (aware, in the schedule's time zone;
    none left for a programme date that has passed)."""

    deployment: str
    flow: str  # the flow function the entrypoint names, "evaluation_round"
    gemeente: str | None  # None: for every gemeente
    cyclus: str | None
    cron: str | None  # the schedule's cron, or None for an rrule
    tijdzone: str
    actief: bool
    volgende: tuple[dt.datetime, ...]
    periode: str | None = None  # None: the half-year the run starts in
    rrule: str | None = None
    slug: str | None = None  # the schedule's name in prefect.yaml, when it has one


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


Rooster = CronSchedule | RRuleSchedule

_VOORBEELD = 'bijvoorbeeld cron: "0 6 15 6,12 *"'


def _dates(schedule: Rooster, vanaf: dt.datetime, aantal: int) -> tuple[dt.datetime, ...]:
    dates = asyncio.run(schedule.get_dates(n=aantal, start=vanaf))
    return tuple(dt.datetime.fromisoformat(d.isoformat()) for d in dates)


def _rooster(taal: Taal, pad: Path, waar: str, schedule: dict[str, Any]) -> Rooster:
    """The schedule as Prefect's server reads it; PlanningFout naming the key and the value."""
    soort = "cron" if "cron" in schedule else "rrule"
    tekst = str(schedule[soort])
    tijdzone = str(schedule.get("timezone") or "UTC")
    try:
        if soort == "cron":
            return CronSchedule(cron=tekst, timezone=tijdzone)
        return RRuleSchedule(rrule=tekst, timezone=tijdzone)
    except ValidationError as exc:
        sleutel = "timezone" if "timezone" in str(exc) else soort
        waarde = tijdzone if sleutel == "timezone" else tekst
        geldig_nl = {
            "timezone": "tijdzone; gebruik een IANA-naam zoals Europe/Amsterdam",
            "cron": f"cron; vijf velden: minuut uur dag maand weekdag, {_VOORBEELD}",
            "rrule": 'rrule; bijvoorbeeld "DTSTART:20270315T060000\\nRRULE:FREQ=DAILY;COUNT=1"',
        }
        geldig_en = {
            "timezone": "time zone; use an IANA name such as Europe/Amsterdam",
            "cron": "cron; five fields: minute hour day month weekday, "
            'for example cron: "0 6 15 6,12 *"',
            "rrule": 'rrule; for example "DTSTART:20270315T060000\\nRRULE:FREQ=DAILY;COUNT=1"',
        }
        raise _fout(
            taal,
            pad,
            f"{waar}.{sleutel}",
            f"{waarde!r} is geen geldige {geldig_nl[sleutel]}",
            f"{waarde!r} is not a valid {geldig_en[sleutel]}",
        ) from None


def _parameters(taal: Taal, pad: Path, waar: str, waarde: object) -> dict[str, Any]:
    if waarde is None:
        return {}
    if not isinstance(waarde, dict):
        raise _fout(
            taal,
            pad,
            f"{waar}.parameters",
            f"{waarde!r} is geen lijst van namen en waarden; bijvoorbeeld "
            "parameters: {gemeente: GM0344}",
            f"{waarde!r} is not a mapping of names to values; for example "
            "parameters: {gemeente: GM0344}",
        )
    return waarde


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
        algemeen = _parameters(taal, pad, f"deployment {naam!r}", deployment.get("parameters"))
        for nummer, schedule in enumerate(deployment.get("schedules") or [], 1):
            waar = f"deployment {naam!r}, schedules[{nummer}]"
            if not isinstance(schedule, dict) or not {"cron", "rrule"} & set(schedule):
                raise _fout(
                    taal,
                    pad,
                    waar,
                    f"{schedule!r} heeft geen cron of rrule; makelaar plant rondes op een cron "
                    f"of op de data van een programma, {_VOORBEELD}",
                    f"{schedule!r} has no cron or rrule; makelaar plans rounds on a cron or on "
                    f'a programme\'s dates, for example cron: "0 6 15 6,12 *"',
                )
            rooster = _rooster(taal, pad, waar, schedule)
            parameters = algemeen | _parameters(taal, pad, waar, schedule.get("parameters"))
            periode = parameters.get("periode")
            gepland.append(
                Gepland(
                    deployment=naam,
                    flow=entrypoint.rpartition(":")[2],
                    gemeente=parameters.get("gemeente"),
                    cyclus=parameters.get("cyclus"),
                    cron=rooster.cron if isinstance(rooster, CronSchedule) else None,
                    rrule=rooster.rrule if isinstance(rooster, RRuleSchedule) else None,
                    tijdzone=str(rooster.timezone or "UTC"),
                    actief=bool(schedule.get("active", True)),
                    volgende=_dates(rooster, vanaf, aantal),
                    periode=str(periode) if periode else None,
                    slug=str(schedule["slug"]) if schedule.get("slug") else None,
                )
            )
    return gepland


def per_gemeente(gepland: Sequence[Gepland]) -> dict[str | None, list[Gepland]]:
    """The schedules grouped by gemeente (None: for every gemeente), each group by its next run."""
    groepen: dict[str | None, list[Gepland]] = {}
    for item in gepland:
        groepen.setdefault(item.gemeente, []).append(item)
    for items in groepen.values():
        # the next run first; schedules whose dates have all passed last
        items.sort(key=lambda g: (not g.volgende, g.volgende[:1], g.deployment))
    return groepen
