"""The servers the flow tests start, as Linux sees them (/proc): which run, with what environment."""

from __future__ import annotations

from pathlib import Path


def server_pids(port: int) -> list[int]:
    """Processes whose command line is a `prefect server start` on `port`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue  # the process ended while we looked
        if b"server" in arguments and b"--port" in arguments and str(port).encode() in arguments:
            found.append(int(cmdline.parent.name))
    return found


def environment_of(pid: int) -> dict[str, str]:
    """The environment a process started with (/proc, Linux)."""
    entries = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(entry.decode().split("=", 1) for entry in entries if b"=" in entry)
