"""An exclusive lock on a file, between processes and between the threads of one process.

Between processes it is a POSIX record lock (fcntl F_SETLK through `fcntl.lockf`), not an
flock: a forked child (the PDF renderer forks one) does not inherit a record lock, so a run
killed while its child still works does not keep its locks alive through that child. The kernel
drops the lock when its process ends, `kill -9` included. A record lock belongs to the process
and ends when the process closes any descriptor of the file, so within the process a
`threading.Lock` per path comes first: only its holder opens the file. `acquire_within` waits
for a lock (this one or another kind) a limited time.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

_local: dict[Path, threading.Lock] = {}
_local_guard = threading.Lock()


class FileLock:
    """One holder at a time for `path` (created if missing); try_acquire never blocks."""

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        with _local_guard:
            self._thread_lock = _local.setdefault(self.path, threading.Lock())
        self._descriptor: int | None = None
        self.held = False

    def try_acquire(self) -> bool:
        if self.held:
            return True
        if self._descriptor is None:
            if not self._thread_lock.acquire(blocking=False):
                return False  # another thread of this process holds or is trying for the file
            self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.lockf(self._descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # EAGAIN or EACCES: another process holds it
            return False
        self.held = True
        return True

    @property
    def descriptor(self) -> int | None:
        """The open lock file, for a note on who holds it (None until this lock tried it)."""
        return self._descriptor

    def release(self) -> None:
        """Give the lock up (or stop trying for it); closing the file ends the record lock."""
        if self._descriptor is None:
            return
        os.close(self._descriptor)
        self._descriptor = None
        self.held = False
        self._thread_lock.release()


def acquire_within(
    try_acquire: Callable[[], bool],
    wait_s: float,
    *,
    on_wait: Callable[[], None] | None = None,
    poll_s: float = 0.1,
) -> bool:
    """Try `try_acquire` until it succeeds (True) or `wait_s` has passed (False).

    `on_wait` is told once, when the first try fails, before the waiting starts.
    """
    if try_acquire():
        return True
    if on_wait is not None:
        on_wait()
    deadline = time.monotonic() + wait_s
    while not try_acquire():
        if time.monotonic() > deadline:
            return False
        time.sleep(poll_s)
    return True
