"""`makelaar init --cycle X --gemeente GM…`: the commented settings file a cycle reads, written
where it reads it; it loads as the cycle's settings, an existing one is kept, and a cycle without
settings, an unknown cycle or a bad gemeente code gets one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from makelaar.cycles.actieonderzoek import instellingen as actieonderzoek
from makelaar.cycles.casusregie import instellingen as casusregie
from makelaar.flows.cli import app
from makelaar.models.settings import get_settings

from .cli_testing import in_process, use


def _init(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["init", *args])
    return result.exit_code, result.output + (str(result.exception) if result.exception else "")


def test_each_cycle_with_settings_gets_a_file_that_loads_as_its_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    in_process(monkeypatch, tmp_path)
    settings = get_settings()

    code, output = _init("--cycle", "casusregie", "--gemeente", "GM0632")
    assert code == 0, output
    pad = casusregie.instellingen_pad(settings, "GM0632")
    assert "Instellingen van casusregie voor GM0632 geschreven: " in output
    assert "#" in pad.read_text(encoding="utf-8")  # explained key by key
    assert casusregie.laad_instellingen(pad, gemeente="GM0632").gemeente == "GM0632"

    code, output = _init("--cycle", "actieonderzoek", "--gemeente", "GM0513")
    assert code == 0, output
    pad = actieonderzoek.instellingen_pad(settings, "GM0513")
    assert pad == settings.data_dir / "cycli" / "actieonderzoek" / "GM0513.yaml"
    assert actieonderzoek.laad_instellingen(settings, "GM0513").gemeente == "GM0513"

    code, output = _init("--cycle", "actieonderzoek", "--gemeente", "GM0513")
    assert code == 1 and "bestaat al" in output  # the edited file is kept


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_what_cannot_be_initialised_is_said_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, taal: str
) -> None:
    in_process(monkeypatch, tmp_path)
    use(monkeypatch, taal)  # type: ignore[arg-type]
    code, output = _init("--cycle", "buurtmeter", "--gemeente", "GM0344")
    assert code == 1
    assert {
        "nl": "De cyclus buurtmeter heeft geen instellingen per gemeente. Cycli met instellingen: "
        "actieonderzoek, casusregie.",
        "en": "The cycle buurtmeter has no settings per gemeente. Cycles with settings: "
        "actieonderzoek, casusregie.",
    }[taal] in output
    code, output = _init("--cycle", "casusregie", "--gemeente", "Woerden")
    assert code == 1 and "'Woerden'" in output and "GM0632" in output
