"""Dates and times of survey windows as people in the Netherlands write and read them.

The CLI takes a window's dates in Dutch time (Europe/Amsterdam) and the store keeps UTC; every
place that shows a stored moment to a person shows it here, in Dutch time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from makelaar.models.errors import MakelaarError

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def tijdstip(tekst: str, *, einde: bool = False, veld: str = "datum") -> dt.datetime:
    """A date or date-time as the CLI takes it (Europe/Amsterdam), as a UTC datetime.

    '2026-12-15' or '15-12-2026' is the start of that day, or with `einde` its end (the start of
    the next day, so a window 'until 15 December' includes all of it); '2026-12-15T17:00' or
    '2026-12-15 17:00' is that local time.
    """
    text = tekst.strip()
    for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"):
        try:
            local = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return local.replace(tzinfo=AMSTERDAM).astimezone(dt.UTC)
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if einde:
            day += dt.timedelta(days=1)
        return dt.datetime.combine(day, dt.time(), tzinfo=AMSTERDAM).astimezone(dt.UTC)
    raise MakelaarError(
        f"{veld} {tekst!r} is geen geldige datum; gebruik JJJJ-MM-DD (bv. 2026-12-15), "
        "DD-MM-JJJJ of JJJJ-MM-DDTUU:MM, in Nederlandse tijd.",
        en=f"{veld} {tekst!r} is not a valid date; use YYYY-MM-DD (e.g. 2026-12-15), "
        "DD-MM-YYYY or YYYY-MM-DDTHH:MM, in Dutch time.",
    )


def lokaal(moment: dt.datetime) -> str:
    """A stored moment as people in the Netherlands read it: '15-12-2026 17:00'."""
    return f"{moment.astimezone(AMSTERDAM):%d-%m-%Y %H:%M}"


def lokaal_einde(moment: dt.datetime) -> str:
    """A window's end as people read it: midnight shows as 23:59 of the day before."""
    local = moment.astimezone(AMSTERDAM)
    if local.time() == dt.time():
        local -= dt.timedelta(minutes=1)
    return f"{local:%d-%m-%Y %H:%M}"
