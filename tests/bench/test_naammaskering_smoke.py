"""The name-masking bench runs as the Makefile runs it and prints its figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_bench_prints_recall_precision_and_speed() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "naammaskering.py"), "--herhalingen", "1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("notes, 162 names")
    assert lines[1].startswith("recall:    0.9")
    assert lines[2].startswith("precision: ")
    assert any(line.startswith("screen: ") and "notes/s" in line for line in lines)
    assert lines[-1] == "within targets"
