"""Small helpers for writing files so that a crash never leaves half of one behind."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def sync_directory(directory: Path) -> None:
    """Flush a folder's entries (a rename or link in it) to disk, where the system allows it.

    Some file systems (and Windows) refuse to open or fsync a folder; the files themselves are
    synced by their writers, so that refusal is not an error.
    """
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
