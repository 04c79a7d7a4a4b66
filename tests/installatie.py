"""makelaar as a user or a worker machine installs it: the wheel built from this checkout, installed
into a fresh virtualenv whose dependencies come from this environment (no network), so what runs
from it is the installed release, not this checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIP = (sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check")


def build_wheel(out: Path) -> Path:
    """`pip wheel` of this checkout, offline, into `out`."""
    subprocess.run(
        [
            *PIP,
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("makelaar-*.whl")
    return built


def fresh_venv(venv: Path, wheel: Path) -> Path:
    """A virtualenv at `venv` with `wheel` installed; returns its site-packages.

    makelaar's dependencies come from this environment's site-packages, added as a plain path:
    its .pth files (among them the editable install of this checkout) are not processed there."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [*PIP, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return site
