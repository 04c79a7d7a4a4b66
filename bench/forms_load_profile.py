"""cProfile over every thread of the bench's server child (the event loop and the worker threads).

cProfile sees only the thread it is enabled in, and Starlette runs the handlers in anyio's worker
threads: `threading.setprofile` enables one profiler in each new thread on its first event (which
replaces the hook in that thread), and the stats of all of them are merged at the end.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: where this checkout lives, cut from the front of its own files' paths in the report
ROOT = str(Path(__file__).resolve().parents[1]) + "/"
#: functions whose cumulative time tells where a request's time goes
WATCHED = (
    ("forms/web/basis.py", "_stand"),
    ("forms/web/invullen.py", "_toon"),
    ("forms/web/invullen.py", "_verwerk"),
    ("forms/web/indienen.py", "_dien_in"),
    ("forms/web/indienen.py", "_overzicht_html"),
    ("forms/web/basis.py", "render"),
    ("forms/engine/controle.py", "controleer_pagina"),
    ("forms/engine/controle.py", "controleer_alles"),
    ("forms/engine/toestand.py", "toestand"),
    ("forms/antwoorden.py", "ontvang"),
    ("forms/antwoorden.py", "bewaar_concept"),
    ("forms/antwoorden.py", "_scores"),
    ("forms/tokens.py", "valid_invitation"),
    ("forms/web/weergave.py", "scherm"),
    ("jinja2/environment.py", "render"),
    ("elementpath", "evaluate"),
    ("sqlalchemy/orm/session.py", "commit"),
    ("sqlalchemy/orm/session.py", "execute"),
    ("sqlalchemy/orm/session.py", "flush"),
    ("sqlalchemy/engine/base.py", "_commit_impl"),
    ("starlette/requests.py", "form"),
    ("h11/_connection.py", "next_event"),
    ("h11/_connection.py", "send"),
    ("forms/web/sessie.py", "lees"),
    ("forms/web/sessie.py", "csrf_klopt"),
)


def profiled(run: Callable[[], None], path: Path, clock: str = "cpu") -> None:
    """Run `run` with every thread profiled; write the merged stats to `path`.

    `clock` "cpu" times each thread's own CPU time (time.thread_time: waiting costs nothing),
    "wand" wall time (waiting for SQLite's lock, the connection pool or the socket shows).
    """
    timer = time.thread_time if clock == "cpu" else time.perf_counter
    profiles: list[cProfile.Profile] = []
    lock = threading.Lock()

    def start_in_thread(_frame: Any, _event: str, _arg: Any) -> None:
        profile = cProfile.Profile(timer)
        with lock:
            profiles.append(profile)
        profile.enable()

    main = cProfile.Profile(timer)
    threading.setprofile(start_in_thread)
    main.enable()
    try:
        run()
    finally:
        main.disable()
        threading.setprofile(None)  # None removes the hook
        stats = pstats.Stats(main)
        with lock:
            for profile in profiles:
                profile.disable()
                stats.add(profile)
        stats.dump_stats(str(path))


def print_profile(path: Path, clock: str, top: int = 25) -> None:
    """The functions with the most own time, and the cumulative time of the watched ones."""
    stats = pstats.Stats(str(path), stream=sys.stdout)
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]  # pstats keeps its table untyped
    total = sum(tt for _, _, tt, _, _ in raw.values())
    print()
    print(f"server profile ({path}), all threads, {total:.1f} s of own time in all:")
    print(
        "  clock: each thread's CPU time"
        if clock == "cpu"
        else "  clock: wall time (a waiting thread counts)"
    )
    print(f"  {'own s':>7} {'share':>6}  function")
    for (file, line, name), (_, calls, tt, _, _) in sorted(
        raw.items(), key=lambda item: item[1][2], reverse=True
    )[:top]:
        print(f"  {tt:7.2f} {tt / total:6.1%}  {name} ({_short(file)}:{line}) ×{calls:,}")
    print()
    print("  own time per package (waiting on locks, selectors and queues counted apart):")
    for package, tt in sorted(_per_package(raw).items(), key=lambda kv: kv[1], reverse=True)[:15]:
        print(f"  {tt:7.2f} {tt / total:6.1%}  {package}")
    print()
    print("  cumulative time of the request's parts (in-thread, overlaps nest):")
    for suffix, name in WATCHED:
        hits = [
            (calls, ct)
            for (file, _, fn), (_, calls, _, ct, _) in raw.items()
            if fn == name and suffix in file
        ]
        if hits:
            calls = sum(c for c, _ in hits)
            ct = sum(t for _, t in hits)
            print(f"  {ct:7.2f} s  {name} ({suffix}) ×{calls:,}")


def _per_package(
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]],
) -> dict[str, float]:
    totals: dict[str, float] = {}
    for (file, _, name), (_, _, tt, _, _) in raw.items():
        totals[_package(file, name)] = totals.get(_package(file, name), 0.0) + tt
    return totals


def _package(file: str, name: str) -> str:
    if file == "~":  # a C function: name it by what it is
        if any(w in name for w in ("acquire", "select", "poll", "epoll", "wait")):
            return "(waiting: locks, selectors)"
        if "sqlite3" in name:
            return "sqlite3 (C)"
        if "hmac" in name or "_hashlib" in name or "openssl" in name:
            return "hashing (C)"
        return "other C built-ins"
    short = _short(file)
    if short.startswith(("forms/", "models/", "cycles/", "bench/")):
        return "/".join(short.split("/")[:2]) if short.startswith("forms/") else short.split("/")[0]
    return short.split("/")[0].removesuffix(".py")


def _short(file: str) -> str:
    for marker in ("site-packages/", ROOT, "lib/python3.11/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file
