"""When a gemeente's rounds start: spread over the morning, so 340 rounds do not start at once.

Every round deployment of prefect.yaml would otherwise fire at 06:00 on the 15th for every
gemeente, and each run takes a process (about 0.5 GiB) while it waits for a place
(flows.concurrency). `makelaar planning rooster` therefore gives each gemeente a start time of its
own in the window 06:00-09:00 (Europe/Amsterdam): a minute that follows from a hash of its code
alone (the first four bytes of its SHA-256, so the same on every machine and in every release,
and adding a gemeente moves no other's time; the same place a programme file's window gives it,
flows.programma), moved on to the next minute (round the window) while `max_per_minuut` rounds
in the given prefect.yaml already start in that minute on one of its dates. With 340 gemeenten per
cycle that is two or so per minute.

`makelaar planning` warns about every moment at which more rounds start than MAKELAAR_MAX_RONDES
(the rest would wait, each in a process of its own), naming the moment and the schedules, and how
to spread them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from zoneinfo import ZoneInfo

from prefect.server.schemas.schedules import CronSchedule

from makelaar.flows.planning import Gepland
from makelaar.flows.planning_programma import slug_van
from makelaar.models.taal import Taal, in_taal

__all__ = [
    "HALFJAARLIJKS",
    "VENSTER",
    "VOORUIT",
    "drukte",
    "drukte_waarschuwingen",
    "halfjaar_regels",
    "halfjaarlijkse_data",
    "op_data",
    "spreid",
    "voorkeur",
]

TIJDZONE = "Europe/Amsterdam"
#: the window the rounds start in: from 06:00, 180 minutes (the last start 08:59)
VENSTER = (dt.time(6, 0), 180)
#: the cycles whose rounds run half-yearly, and on which day of which months (cron fields)
HALFJAARLIJKS = {"buurtmeter": "15 6,12", "casusregie": "15 6,12"}
#: how many of a schedule's next runs are compared when a start time is chosen
VOORUIT = 6
#: how many schedules a warning names before it says how many more
_GENOEMD = 6


def voorkeur(gemeente: str) -> dt.time:
    """The start time a gemeente's rounds prefer: a minute of the window from a hash of its code
    (the same everywhere and always)."""
    plek = int.from_bytes(hashlib.sha256(gemeente.encode()).digest()[:4], "big") % VENSTER[1]
    return _in_venster(plek)


def _in_venster(minuut: int) -> dt.time:
    begin, _ = VENSTER
    totaal = begin.hour * 60 + begin.minute + minuut
    return dt.time(totaal // 60, totaal % 60)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(second=0, microsecond=0)


def _is_rondeschema(item: Gepland) -> bool:
    return item.flow == "evaluation_round" and item.actief


def drukte(
    gepland: Iterable[Gepland], zonder: tuple[str, str] | None = None
) -> Counter[dt.datetime]:
    """How many rounds start at each moment (UTC, to the minute) in the schedules' next runs;
    `zonder` (gemeente, cyclus) leaves that gemeente's own schedules of the cycle out."""
    teller: Counter[dt.datetime] = Counter()
    for item in gepland:
        if _is_rondeschema(item) and (item.gemeente, item.cyclus) != zonder:
            teller.update(_utc(moment) for moment in item.volgende)
    return teller


def spreid(
    gemeente: str,
    data_om: Callable[[dt.time], Sequence[dt.datetime]],
    bezet: Counter[dt.datetime],
    max_per_minuut: int,
) -> dt.time:
    """The gemeente's start time: its preferred minute, or the first one after it
    (round the window) at which, on every date `data_om(tijd)` gives, fewer than
    `max_per_minuut` rounds of `bezet` start; the preferred one if no minute has room."""
    begin, lengte = VENSTER
    eerste = voorkeur(gemeente)
    start = (eerste.hour * 60 + eerste.minute) - (begin.hour * 60 + begin.minute)
    for stap in range(lengte):
        tijd = _in_venster((start + stap) % lengte)
        if all(bezet[_utc(moment)] < max_per_minuut for moment in data_om(tijd)):
            return tijd
    return eerste


def halfjaarlijkse_data(cyclus: str, vanaf: dt.datetime) -> Callable[[dt.time], list[dt.datetime]]:
    """The next VOORUIT runs of the cycle's half-yearly cron at a given time of day."""
    dag = HALFJAARLIJKS[cyclus]

    def data(tijd: dt.time) -> list[dt.datetime]:
        rooster = CronSchedule(cron=f"{tijd.minute} {tijd.hour} {dag} *", timezone=TIJDZONE)
        return list(asyncio.run(rooster.get_dates(n=VOORUIT, start=vanaf)))

    return data


def op_data(datums: Iterable[dt.date]) -> Callable[[dt.time], list[dt.datetime]]:
    """The moments a programme's rounds start at a given time of day, one per date."""
    zone = ZoneInfo(TIJDZONE)
    vast = list(datums)
    return lambda tijd: [dt.datetime.combine(d, tijd, zone) for d in vast]


def halfjaar_regels(
    gemeente: str, cyclus: str, naam: str | None, tijd: dt.time, taal: Taal = "nl"
) -> list[str]:
    """The `schedules:` entry of deployment ronde-<cyclus> for the gemeente, indented as in
    prefect.yaml: its half-yearly cron at `tijd`, with a slug from its name (or code)."""
    wie = f"{naam} ({gemeente})" if naam else gemeente
    return [
        in_taal(
            taal,
            f"# {wie}: elk half jaar om {tijd:%H:%M}, een eigen tijd tussen 06:00 en 09:00",
            f"# {wie}: every half-year at {tijd:%H:%M}, a time of its own between 06:00 and 09:00",
        ),
        f'      - cron: "{tijd.minute} {tijd.hour} {HALFJAARLIJKS[cyclus]} *"',
        f"        timezone: {TIJDZONE}",
        f"        slug: {slug_van(naam or gemeente, 'halfjaar')}",
        "        active: true",
        f"        parameters: {{gemeente: {gemeente}}}",
    ]


def drukte_waarschuwingen(
    gepland: Sequence[Gepland], max_per_minuut: int, taal: Taal = "nl"
) -> list[str]:
    """A warning for every moment at which more than `max_per_minuut` rounds start, naming the
    moment (Dutch time) and the schedules (their slugs, or deployment and gemeente)."""
    per_moment: dict[dt.datetime, list[Gepland]] = {}
    for item in gepland:
        if _is_rondeschema(item):
            for moment in item.volgende:
                per_moment.setdefault(_utc(moment), []).append(item)
    regels: list[str] = []
    zone = ZoneInfo(TIJDZONE)
    for moment, items in sorted(per_moment.items()):
        if len(items) <= max_per_minuut:
            continue
        namen = [i.slug or f"{i.deployment} {i.gemeente or '-'}" for i in items]
        lijst = ", ".join(namen[:_GENOEMD])
        if len(namen) > _GENOEMD:
            lijst += in_taal(
                taal, f" en {len(namen) - _GENOEMD} meer", f" and {len(namen) - _GENOEMD} more"
            )
        wanneer = f"{moment.astimezone(zone):%d-%m-%Y %H:%M}"
        regels.append(
            in_taal(
                taal,
                f"Let op: op {wanneer} starten {len(items)} rondes tegelijk ({lijst}); er lopen "
                f"er hoogstens {max_per_minuut} tegelijk (MAKELAAR_MAX_RONDES), de andere "
                "wachten elk in een eigen proces. Geef ze een eigen tijd: makelaar planning "
                "rooster --cycle … --gemeente … spreidt ze tussen 06:00 en 09:00.",
                f"Warning: {len(items)} rounds start at {wanneer} ({lijst}); at most "
                f"{max_per_minuut} run at once (MAKELAAR_MAX_RONDES), the others wait, each in "
                "a process of its own. Give them times of their own: makelaar planning rooster "
                "--cycle … --gemeente … spreads them between 06:00 and 09:00.",
            )
        )
    return regels
