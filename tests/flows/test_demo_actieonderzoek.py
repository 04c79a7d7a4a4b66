"""`makelaar demo --cycle actieonderzoek` as a new user runs it: one local Prefect server for the
programme's six interim studies; every interim study invites the teams' social workers as an
audience of their own, so each round's response line counts them apart from the brokers and the
partner organisations, and the interim report shows the response per audience."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.flows import cli_testing
from tests.flows.cli_testing import run_makelaar

#: six interim studies through Prefect: minutes, not the two a quick command gets
DEMO_TIMEOUT_S = 900

RESPONS = re.compile(
    r"^  enquêtes: Sociaal makelaars (\d+) van 3 beantwoord \(\d+%\), 0 bezig; "
    r"Sociaal werkers (\d+) van 36 beantwoord \(\d+%\), 0 bezig; "
    r"Partnerorganisaties (\d+) van 18 beantwoord \(\d+%\), 0 bezig$"
)


def test_the_actieonderzoek_demo_counts_social_workers_separately(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_testing, "MAKELAAR_TIMEOUT_S", DEMO_TIMEOUT_S)
    result = run_makelaar(tmp_path, "demo", "--cycle", "actieonderzoek")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    # one local Prefect server for the six rounds, started before the first (not one per round)
    server = [i for i, line in enumerate(lines) if "Lokale Prefect-server starten" in line]
    rounds = [i for i, line in enumerate(lines) if line.startswith("→ Evaluatieronde ")]
    assert len(server) == 1 and len(rounds) == 6 and server[0] < rounds[0], result.stdout
    survey_lines = [line for line in lines if line.startswith("  enquêtes: ")]
    assert len(survey_lines) == 6, "\n".join(survey_lines)  # one per interim study
    for line in survey_lines:
        match = RESPONS.match(line)
        assert match, line  # three audiences, each once: social workers no longer partners
        assert all(int(n) >= 1 for n in match.groups())
    assert lines[-1] == (
        "De handreiking van het programma staat klaar: out/gouda/actieonderzoek-handreiking.pdf"
    )
    rapport = (tmp_path / "out/gouda/actieonderzoek-tussenrapport-6.html").read_text("utf-8")
    tekst = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rapport)).split())
    assert re.search(r"Respons per publiek.*Sociaal werkers \d+% \d+–\d+%", tekst)
    assert re.search(r"Partnerorganisaties \d+% \d+–\d+%", tekst)
