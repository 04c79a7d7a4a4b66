"""`makelaar demo --cycle X` as a new user runs it: a cycle other than the buurtmeter makes its own
demo data and runs its rounds through Prefect to its own document; a cycle without a demo, or an
unknown one, is one line naming those that have one."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from makelaar.cycles import rounds
from makelaar.flows import cli_rondeloop
from makelaar.models.schemas import ApplyResult
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


def test_a_cycle_without_a_demo_is_one_line(tmp_path: Path) -> None:
    line = one_line_error(run_makelaar(tmp_path, "demo", "--cycle", "onbekend"))
    assert (
        line
        == "Fout: Onbekende cyclus 'onbekend'. Beschikbaar: actieonderzoek, buurtmeter, casusregie."
    )


@pytest.mark.parametrize(
    ("taal", "begin"), [("nl", "Deze ronde maakte"), ("en", "This round made")]
)
def test_a_resumed_round_does_not_call_a_missing_document_ready(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    taal: str,
    begin: str,
) -> None:
    """Seen by hand: `makelaar demo` again after out/ was deleted resumed every phase and said
    'The round's document is ready' of files that were gone."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    er = tmp_path / "out" / "pilotrapport-2026.pdf"
    er.write_bytes(b"%PDF-1.7")
    gids = tmp_path / "out" / "handreiking.pdf"  # a programme's guide, written at its end
    applied = ApplyResult(
        editie=1,
        pdf=er,
        aangenomen=[],
        verworpen=[],
        handreiking=str(gids),
    )
    monkeypatch.setattr(rounds, "stored_result", lambda *_args: applied)
    monkeypatch.setattr(cli_rondeloop, "unchecked_store", lambda: None)
    monkeypatch.setattr(cli_rondeloop, "current_taal", lambda: taal)

    cli_rondeloop._print_edition(1)
    ready, gone = capsys.readouterr().out.splitlines()
    assert ready.endswith(": out/pilotrapport-2026.pdf") and begin not in ready
    assert gone.startswith(f"{begin} ") and "out/handreiking.pdf" in gone

    er.unlink()
    cli_rondeloop._print_edition(1)
    [gone_too, _] = capsys.readouterr().out.splitlines()
    assert gone_too.startswith(f"{begin} ") and "out/pilotrapport-2026.pdf" in gone_too
