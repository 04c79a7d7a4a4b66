"""The file lock: one holder among processes and threads; a forked child or a killed holder keeps none."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from makelaar.models.filelock import FileLock
from tests.conftest import process_holding

HOLD = """
import sys
from pathlib import Path
from makelaar.models.filelock import FileLock

lock = FileLock(Path(sys.argv[1]))
assert lock.try_acquire()
print("held", flush=True)
sys.stdin.read()
"""


def test_another_thread_waits_until_the_holder_releases(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "x.lock"), FileLock(tmp_path / "x.lock")
    assert first.try_acquire()
    outcome: list[bool] = []
    attempt = threading.Thread(target=lambda: outcome.append(second.try_acquire()))
    attempt.start()
    attempt.join()
    assert outcome == [False]
    second.release()  # stops trying: must not end the first one's lock
    third = FileLock(tmp_path / "x.lock")
    assert not third.try_acquire()
    first.release()
    assert third.try_acquire()
    third.release()


def test_a_killed_holder_leaves_the_lock_free(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    with process_holding(HOLD, str(path)) as holder:
        lock = FileLock(path)
        assert not lock.try_acquire()
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        assert lock.try_acquire()
        lock.release()


def test_a_forked_child_does_not_keep_the_lock_of_its_parent(tmp_path: Path) -> None:
    """The PDF renderer forks; a run killed meanwhile must not hold its locks through the child."""
    path = tmp_path / "x.lock"
    script = f"""
import multiprocessing, sys
from pathlib import Path
from makelaar.models.filelock import FileLock

def child(reader):
    reader.recv()

lock = FileLock(Path({str(path)!r}))
assert lock.try_acquire()
reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)
forked = multiprocessing.get_context("fork").Process(target=child, args=(reader,))
forked.start()
print(forked.pid, flush=True)
sys.stdin.read()
"""
    parent = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    child_pid: int | None = None
    try:
        assert parent.stdout is not None
        child_pid = int(parent.stdout.readline())
        lock = FileLock(path)
        assert not lock.try_acquire()
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert Path(f"/proc/{child_pid}").exists(), "the forked child should still run"
        assert lock.try_acquire()
        lock.release()
    finally:
        parent.kill()
        if child_pid is not None and Path(f"/proc/{child_pid}").exists():
            os.kill(child_pid, signal.SIGKILL)  # it holds the pipes: before communicate()
        parent.communicate()
