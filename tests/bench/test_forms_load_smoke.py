"""The answering-page load bench runs end to end with tiny numbers (its speed is never asserted)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_load_bench_runs_and_counts_no_lost_or_duplicated_responses() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "forms_load.py"),
            "--respondenten",
            "5",
            "--gelijktijdig",
            "2",
            "--dubbel",
            "0.5",
            "--noop",
            "20",
            "--max-seconden",
            "30",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert re.search(r"^accepted submits \(respondents\)\s+5$", out, re.M), out
    assert re.search(r"^responses stored\s+5$", out, re.M), out
    assert re.search(r"^invitations marked answered\s+5$", out, re.M), out
    assert re.search(r"^lost \(accepted, not stored\)\s+0\s", out, re.M), out
    assert re.search(r"^duplicated \(rows beyond one each\)\s+0\s", out, re.M), out
    assert re.search(r"^unexpected answers\s+0$", out, re.M), out
    assert re.search(r"^second submit, at once\s+[1-5]\s", out, re.M), out
    assert "submissions/s (*)" in out and "ratio submissions/s ÷ no-op requests/s" in out
    assert "reproduce: .venv/bin/python bench/forms_load.py --respondenten 5" in out
