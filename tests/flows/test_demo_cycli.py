"""`makelaar demo --cycle X` as a new user runs it: a cycle other than the buurtmeter makes its own
demo data and runs its rounds through Prefect to its own document; a cycle without a demo, or an
unknown one, is one line naming those that have one."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.flows.cli_testing import one_line_error, run_makelaar


def test_the_casusregie_demo_ends_with_its_pilot_report(tmp_path: Path) -> None:
    result = run_makelaar(tmp_path, "demo", "--cycle", "casusregie")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "→ Demogegevens maken voor de cyclus casusregie ... klaar" in "\n".join(lines)
    assert any(line.startswith("  Woerden (GM0632): 12 huishoudens nieuw") for line in lines)
    assert lines[-1] == (
        "Het document van de ronde staat klaar: out/woerden/casusregie-pilotrapport-2026.pdf"
    )
    text = subprocess.run(
        [
            "pdftotext",
            "-layout",
            str(tmp_path / "out/woerden/casusregie-pilotrapport-2026.pdf"),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert "Woerden" in flat and "gehaald" in flat  # a verdict per criterion

    # the demo again after the report was deleted: the round resumes, and does not call a
    # missing file ready
    (tmp_path / "out/woerden/casusregie-pilotrapport-2026.pdf").unlink()
    again = run_makelaar(tmp_path, "demo", "--cycle", "casusregie")
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.splitlines()[-1].startswith(
        "Deze ronde maakte haar document al eerder, maar "
        "out/woerden/casusregie-pilotrapport-2026.pdf bestaat niet meer (verplaatst of verwijderd)"
    )


def test_a_cycle_without_a_demo_is_one_line(tmp_path: Path) -> None:
    line = one_line_error(run_makelaar(tmp_path, "demo", "--cycle", "onbekend"))
    assert (
        line
        == "Fout: Onbekende cyclus 'onbekend'. Beschikbaar: actieonderzoek, buurtmeter, casusregie."
    )
