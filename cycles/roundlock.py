"""One run of a round at a time, across processes and (on PostgreSQL) across machines.

Two runs of one round at once would each run the same phase, and the one that fails (on rows the
other just wrote) would mark a phase failed that the other completed. `round_lock` makes a second
run wait for the first (then it resumes from what the first stored) or, after `wait_s`, stop with
RoundBusy without having changed anything.

The lock is held for a whole run, minutes, so it is none of the store's transactions: a row lock
(`SELECT ... FOR UPDATE`) or SQLite's BEGIN IMMEDIATE would keep a transaction open that long,
and on SQLite block every other writer, the answering pages included. Instead:

- PostgreSQL: a session advisory lock on a connection of its own, keyed by the schema the store
  uses (several projects or test runs can share one database) and the round's id. It holds
  across every worker and machine that uses the database, and the server releases it when the
  connection ends, so a killed worker leaves no lock behind. (A child the run forked, the PDF
  renderer, shares that connection while it lives; on Linux it dies with the run that started
  it, handreiking.render, so a run killed while it renders keeps no lock.)
- SQLite: a lock on a file per round next to the database file (models.filelock; a SQLite
  database is only ever used from one machine). The kernel releases it when the holder ends,
  `kill -9` included, and a child the run forked (the PDF renderer) does not keep it.
- SQLite in memory: a lock in this process (nothing else can open that database).

`gemeente_lock` is the same kind of lock for a gemeente instead of a round, held by the apply
phase (cycles.edities.write_edition) from numbering an edition until its files and row are in
place: rounds of one gemeente (other periods, cycles or workers) apply one at a time, so each
numbers its edition after the one before and builds on that edition's text. Against a Prefect
server a whole round already holds its gemeente's slot (flows.concurrency: one round per gemeente
at a time); both locks stay, as what holds without that limit (two Prefect servers on one
database, or the limit switched off in Prefect).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from makelaar.models.errors import RoundError
from makelaar.models.filelock import FileLock, acquire_within
from makelaar.models.schemas import RoundRef
from makelaar.models.store import Store

#: how long a run waits for another run of the same round before it gives up
ROUND_LOCK_WAIT_S = 600.0
_POLL_S = 0.1
#: the two keys of the advisory lock: the store's schema (hashed to an int4) and the round's id
_PG_KEYS = "hashtext('makelaar-ronde:' || current_schema()), :ronde"
#: a gemeente's lock: a first key of its own (apart from the rounds'), and the gemeente's code
_PG_GEMEENTE_KEYS = "hashtext('makelaar-gemeente:' || current_schema()), hashtext(:gemeente)"
#: how long an apply phase waits for another round of the gemeente to finish its edition
GEMEENTE_LOCK_WAIT_S = 600.0

_memory_locks: dict[tuple[str, str], threading.Lock] = {}
_memory_guard = threading.Lock()

#: told once, with `wait_s`, when the run has to wait for another run of the round
OnWait = Callable[[float], None]
#: a lock as the helpers below make it: entered, it gives the function that tries it once
_Lock = AbstractContextManager[Callable[[], bool]]


def wait_duration(seconds: float) -> str:
    """A wait as people read it in a message: '10 min', or '30 s' below a minute."""
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:g} s"


class RoundBusy(RoundError):
    """Another run of the round held it for longer than this run would wait."""

    def __init__(self, ronde: RoundRef, waited_s: float) -> None:
        self.ronde, self.waited_s = ronde, waited_s
        super().__init__(
            f"Een andere run van ronde {ronde.id} ({ronde.gemeente_code}, {ronde.cyclus}, "
            f"{ronde.periode}) is nog bezig na {wait_duration(waited_s)} wachten; deze run heeft "
            "niets veranderd. Voer de ronde opnieuw uit als die klaar is ('makelaar round "
            "status' toont hoe ver ze is).",
            en=f"Another run of round {ronde.id} ({ronde.gemeente_code}, {ronde.cyclus}, "
            f"{ronde.periode}) is still busy after {wait_duration(waited_s)} of waiting; this run "
            "has changed nothing. Run the round again when that one is done ('makelaar round "
            "status' shows how far it is).",
        )


class GemeenteBusy(RoundError):
    """Another round of the gemeente kept writing its edition longer than this one would wait."""

    def __init__(self, ronde: RoundRef, waited_s: float) -> None:
        self.ronde, self.waited_s = ronde, waited_s
        super().__init__(
            f"Een andere ronde van {ronde.gemeente_naam} ({ronde.gemeente_code}) maakt na "
            f"{wait_duration(waited_s)} wachten nog een editie van de handreiking; ronde "
            f"{ronde.id} ({ronde.cyclus}, {ronde.periode}) heeft haar editie niet gemaakt en "
            "niets veranderd. Voer deze ronde opnieuw uit als die andere klaar is ('makelaar "
            "round status' toont hoe ver de rondes zijn).",
            en=f"Another round of {ronde.gemeente_naam} ({ronde.gemeente_code}) is still making "
            f"an edition of the handreiking after {wait_duration(waited_s)} of waiting; round "
            f"{ronde.id} ({ronde.cyclus}, {ronde.periode}) has not made its edition and has "
            "changed nothing. Run this round again when the other one is done ('makelaar round "
            "status' shows how far the rounds are).",
        )


def _lock_for(store: Store, pg_keys: str, keys: dict[str, object], name: str) -> _Lock:
    """The lock `name` for the store's backend: advisory (PostgreSQL), a file (SQLite on disk),
    or in this process (SQLite in memory)."""
    url = make_url(store.url)
    if url.get_backend_name() == "postgresql":
        return _advisory_lock(store, pg_keys, keys)
    if url.database and url.database != ":memory:":
        return _file_lock(Path(url.database), f"{name}.lock")
    return _memory_lock(store.url, name)


@contextmanager
def round_lock(
    store: Store,
    ronde: RoundRef,
    *,
    wait_s: float | None = None,
    on_wait: OnWait | None = None,
) -> Iterator[None]:
    """Hold the round for one run; wait for another run of it (telling `on_wait` once), at
    most `wait_s` (default ROUND_LOCK_WAIT_S), then raise RoundBusy."""
    if wait_s is None:
        wait_s = ROUND_LOCK_WAIT_S
    lock = _lock_for(store, _PG_KEYS, {"ronde": ronde.id}, f"ronde-{ronde.id}")
    tell = None if on_wait is None else partial(on_wait, wait_s)
    with lock as try_acquire:
        if not acquire_within(try_acquire, wait_s, on_wait=tell, poll_s=_POLL_S):
            raise RoundBusy(ronde, wait_s)
        yield


@contextmanager
def gemeente_lock(
    store: Store,
    ronde: RoundRef,
    *,
    wait_s: float | None = None,
    on_wait: OnWait | None = None,
) -> Iterator[None]:
    """Hold `ronde`'s gemeente while the round writes its edition; wait for another round of the
    gemeente (telling `on_wait` once), at most `wait_s` (default GEMEENTE_LOCK_WAIT_S), then
    raise GemeenteBusy having changed nothing. Not reentrant: an apply takes it once."""
    if wait_s is None:
        wait_s = GEMEENTE_LOCK_WAIT_S
    code = ronde.gemeente_code
    # a CBS code is letters and digits (GM0344); anything else becomes '_' in the file's name
    name = "gemeente-" + "".join(c if c.isalnum() else "_" for c in code)
    lock = _lock_for(store, _PG_GEMEENTE_KEYS, {"gemeente": code}, name)
    tell = None if on_wait is None else partial(on_wait, wait_s)
    with lock as try_acquire:
        if not acquire_within(try_acquire, wait_s, on_wait=tell, poll_s=_POLL_S):
            raise GemeenteBusy(ronde, wait_s)
        yield


@contextmanager
def _advisory_lock(
    store: Store, pg_keys: str, keys: dict[str, object]
) -> Iterator[Callable[[], bool]]:
    connection = store.engine.connect()
    held = False

    def try_acquire() -> bool:
        nonlocal held
        held = bool(connection.scalar(text(f"SELECT pg_try_advisory_lock({pg_keys})"), keys))
        connection.commit()  # a session lock: no transaction stays open while the round runs
        return held

    try:
        yield try_acquire
    finally:
        try:
            if held:
                connection.execute(text(f"SELECT pg_advisory_unlock({pg_keys})"), keys)
                connection.commit()
        except Exception:
            # A connection that could not unlock must not go back to the pool holding the lock;
            # closing it for good ends its session, and the server drops the lock with it.
            connection.invalidate()
            raise
        finally:
            connection.close()


@contextmanager
def _file_lock(database: Path, name: str) -> Iterator[Callable[[], bool]]:
    folder = database.with_name(f"{database.name}.rondes")
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / name)
    try:
        yield lock.try_acquire
    finally:
        lock.release()


@contextmanager
def _memory_lock(url: str, name: str) -> Iterator[Callable[[], bool]]:
    with _memory_guard:
        lock = _memory_locks.setdefault((url, name), threading.Lock())
    held = False

    def try_acquire() -> bool:
        nonlocal held
        held = lock.acquire(blocking=False)
        return held

    try:
        yield try_acquire
    finally:
        if held:
            lock.release()
