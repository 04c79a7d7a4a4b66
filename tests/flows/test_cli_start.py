"""`makelaar` starts without the heavy libraries: the command modules import Prefect, WeasyPrint,
matplotlib, scipy and the cycles where a command needs them, not at the top. `makelaar --help`
took 4.0 s of CPU when they were imported at start, 0.8 s after (2026-12-07, this machine), and
the suite starts the CLI as a process about a hundred times."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.flows.cli_testing import run_makelaar

HEAVY = (
    "prefect",
    "weasyprint",
    "matplotlib",
    "scipy",
    "numpy",
    "makelaar.cycles.actieonderzoek",
    "makelaar.cycles.buurtmeter",
    "makelaar.cycles.casusregie",
)


def test_the_cli_imports_no_heavy_library_at_start() -> None:
    probe = (
        f"import sys, makelaar.flows.cli\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "", f"imported when makelaar starts: {loaded}"


def test_help_still_lists_the_commands_whose_modules_import_late(tmp_path: Path) -> None:
    result = run_makelaar(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    for command in ("planning", "programma", "gemeente", "round"):
        assert command in result.stdout


def test_loading_the_cycles_imports_no_renderer_nor_scipy_stats() -> None:
    """Listing or choosing a cycle (most commands) loads every cycle's module: WeasyPrint,
    matplotlib and scipy.stats come where a document is made, a chart drawn or two rates are
    compared (they cost 3-4 s of CPU here in every such command before)."""
    probe = (
        "import sys\nfrom makelaar.cycles.registry import load_cycles\nload_cycles()\n"
        "print(','.join(m for m in ('weasyprint', 'matplotlib', 'scipy.stats') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "", f"imported when the cycles load: {loaded}"
