"""flows.server_process.cache_timezone_names: a Prefect process makelaar starts reads the time zone
database once, however many schedules it validates, and still refuses a time zone that does not
exist. Run in a fresh interpreter each, as the server and the workers run: the cache must be in
place before Prefect is imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

#: validates a cron schedule `n` times (as a server reading a deployment's schedules does) and
#: prints how often the tz database was read, then whether a bad zone is refused
VALIDATE = textwrap.dedent(
    """
    import os, sys, zoneinfo
    import zoneinfo._tzpath as tzpath

    walks = []
    real_walk = os.walk
    def counting_walk(*args, **kwargs):
        walks.append(args[0] if args else kwargs.get("top"))
        return real_walk(*args, **kwargs)
    os.walk = counting_walk

    uncached = zoneinfo.available_timezones()
    per_read = len(walks)  # one walk per tz directory that exists here
    assert per_read >= 1
    if sys.argv[1] == "cached":
        from makelaar.flows.server_process import cache_timezone_names
        cache_timezone_names()
        cache_timezone_names()  # twice is once
    walks.clear()

    from prefect.server.schemas.schedules import CronSchedule
    for _ in range(int(sys.argv[2])):
        schedule = CronSchedule(cron="0 9 1 3 *", timezone="Europe/Amsterdam")
        assert schedule.timezone == "Europe/Amsterdam"
    try:
        CronSchedule(cron="0 9 1 3 *", timezone="Europe/Gouda")
    except ValueError as error:
        refused = "Invalid timezone" in str(error)
    else:
        refused = False
    names = zoneinfo.available_timezones()
    names.discard("Europe/Amsterdam")  # a caller's change to its own set ...
    assert "Europe/Amsterdam" in zoneinfo.available_timezones()  # ... is not the next caller's
    assert zoneinfo.available_timezones() == uncached
    print(len(walks) // per_read, refused)
    """
)


def reads_and_refusal(mode: str, schedules: int) -> tuple[int, bool]:
    result = subprocess.run(
        [sys.executable, "-c", VALIDATE, mode, str(schedules)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    reads, refused = result.stdout.split()
    return int(reads), refused == "True"


@pytest.mark.parametrize("schedules", [1, 25])
def test_the_timezone_names_are_read_once_however_many_schedules_are_validated(
    schedules: int,
) -> None:
    reads, refused = reads_and_refusal("cached", schedules)
    assert refused
    assert reads == 1


def test_without_the_cache_prefect_reads_the_database_for_every_schedule() -> None:
    """What the cache is for, so this file notices when Prefect caches the names itself."""
    reads, refused = reads_and_refusal("uncached", 25)
    assert refused
    assert reads >= 25
