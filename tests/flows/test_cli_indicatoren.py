"""`makelaar indicatoren` and `makelaar export` as a researcher runs them: the declared indicators,
a wijk's figures with interval and change, a suppressed value with its reason, clear errors
naming what is valid, and an export that reads back (Dutch by default, English on request)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyreadstat
import pytest
from typer.testing import CliRunner

from makelaar.cycles.indicatorweergave import waargenomen_dagen
from makelaar.cycles.onzekerheid import verhouding_rates, verschil_proporties
from makelaar.flows.cli import app
from makelaar.flows.round import indicator_rows
from makelaar.models.gemeente_instellingen import stel_in
from makelaar.models.settings import get_settings
from makelaar.models.store import Store
from tests.cycles.indicator_rondes import NOORD, REDEN, WEST, Rondes, twee_rondes
from tests.flows.cli_testing import run_main


@pytest.fixture
def rondes(flow_store: Store) -> Rondes:
    return twee_rondes(flow_store)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("MAKELAAR_LOCALE", "en")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def invoke(*args: str) -> list[str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def regel(lines: list[str], begin: str) -> str:
    return next(line for line in lines if line.startswith(begin))


def cellen(lines: list[str], naam: str) -> list[str]:
    """The words after `naam` on its line."""
    return regel(lines, naam).removeprefix(naam).split()


def test_without_a_choice_it_lists_the_declared_indicators(rondes: Rondes) -> None:
    lines = invoke("indicatoren")
    assert lines[0] == (
        "Ronde 2: buurtmeter, Utrecht, 2026 (9 waarden, 1 onderdrukt; vorige ronde 1, 2025)"
    )
    assert lines[1].split() == ["id", "naam", "eenheid", "uitsplitsingen"]
    assert regel(lines, "pct_signalen_opgepakt ").split("  ")[-1].strip() == "gemeente, wijk"
    assert "Signalen opgepakt of doorgezet" in regel(lines, "pct_signalen_opgepakt ")
    assert "actietype" not in lines[1]
    assert "soort actie" in regel(lines, "acties_per_type ")
    assert lines[-1].startswith("Toon waarden met --wijk WK...")


def test_a_wijk_shows_value_interval_basis_previous_value_and_change(rondes: Rondes) -> None:
    lines = invoke("indicatoren", "--wijk", WEST)
    assert lines[1] == f"wijk {WEST} Wijk 01 Deel 1"
    assert lines[2].split("  ")[0] == "indicator"
    signalen = regel(lines, "Signalen opgepakt of doorgezet")
    # the change's interval is cycles.onzekerheid's (Newcombe), in percentage points
    interval = verschil_proporties(40, 50, 20, 50).interval.maal(100)
    onder, boven = (f"{x:.1f}".replace(".", ",") for x in (interval.onder, interval.boven))
    assert signalen.split() == [
        *["Signalen", "opgepakt", "of", "doorgezet"],
        "80,0%",
        "67,0",
        "–",
        "88,8%",
        "50",
        "40,0%",
        "+40,0",
        f"[{onder};",
        f"{boven}]:",
        *["hoger", "dan", "vorige", "ronde"],
    ]
    partners = regel(lines, "Partners per actie")
    assert "1,6" in partners and "1,5" in partners
    assert partners.endswith(": verschil met vorige ronde valt binnen de onzekerheid")
    acties = cellen(lines, "Sociale acties ")  # a count: the ratio per day observed
    dagen = (waargenomen_dagen(rondes.huidige), waargenomen_dagen(rondes.vorige))
    ratio = f"×{verhouding_rates(90, dagen[0], 60, dagen[1]).interval.waarde:.2f}"
    assert acties[4:6] == ["+30", ratio.replace(".", ",")]
    assert acties[-4:] == ["hoger", "dan", "vorige", "ronde"]
    uren = cellen(lines, "Uren besteed")  # a sum of hours: the change, no interval of it
    assert uren == ["150,5", "–", "90", "120", "+30,5", "(–)"]
    kruis = cellen(lines, "Sociale acties (Wijk 01 Deel 1 | Ouderen)")  # wijk×doelgroep
    assert kruis == ["18", "–", "18", "–", "–"]


def test_a_suppressed_value_shows_only_its_reason(rondes: Rondes) -> None:
    lines = invoke("indicatoren", "--wijk", NOORD)
    acties = regel(lines, "Sociale acties")
    assert acties.split() == ["Sociale", "acties", "onderdrukt", *f"({REDEN})".split()]
    assert "6" not in acties  # its basis is what the suppression hides
    per_indicator = invoke("indicatoren", "--indicator", "acties")
    assert per_indicator[1] == "Sociale acties"
    assert regel(per_indicator, "Wijk 02 Deel 2").endswith(f"onderdrukt  ({REDEN})")
    assert regel(per_indicator, "gemeente Utrecht").split()[2:4] == ["96", "–"]


def test_a_doelgroep_shows_the_indicators_declared_for_it(rondes: Rondes) -> None:
    lines = invoke("indicatoren", "--doelgroep", "ouderen")
    assert lines[1] == "doelgroep ouderen Ouderen"
    # an indicator declared for the group, per wijk; and the group's cell of a cross table
    assert cellen(lines, "Acties die ouderen bereiken (Wijk 01 Deel 1)")[:2] == ["20,0%", "–"]
    assert cellen(lines, "Sociale acties (Wijk 01 Deel 1 | Ouderen)")[:2] == ["18", "–"]
    assert len(lines) == 5


def test_english_on_request(rondes: Rondes, english: None) -> None:
    lines = invoke("indicatoren", "--wijk", WEST, "--indicator", "pct_signalen_opgepakt")
    assert lines[0].startswith("Round 2: buurtmeter, Utrecht, 2026 (9 values, 1 suppressed;")
    assert lines[1] == f"district {WEST} Wijk 01 Deel 1"
    assert lines[2].split("  ")[0] == "indicator" and "95% interval" in lines[2]
    assert lines[3].startswith("Signals taken up or passed on")
    interval = verschil_proporties(40, 50, 20, 50).interval.maal(100)
    assert lines[3].endswith(
        f"+40.0 [{interval.onder:.1f}; {interval.boven:.1f}]: higher than the previous round"
    )


@pytest.mark.parametrize(
    ("args", "fout"),
    [
        (
            ["--wijk", "WK999901"],
            f"Fout: Wijk 'WK999901' heeft geen waarden in ronde 2; wijken met waarden: {WEST} "
            f"(Wijk 01 Deel 1), {NOORD} (Wijk 02 Deel 2).",
        ),
        (
            ["--indicator", "bestaat_niet"],
            "Fout: Indicator 'bestaat_niet' heeft geen waarden in ronde 2; indicatoren: acties, "
            "pct_signalen_opgepakt, gem_partners_per_actie, pct_acties_doelgroep_ouderen, "
            "acties_per_type, uren.",
        ),
        (
            ["--doelgroep", "kinderen"],
            "Fout: Doelgroep 'kinderen' heeft geen waarden in ronde 2; doelgroepen met waarden: "
            "ouderen.",
        ),
        (["--ronde", "9"], "Fout: Ronde 9 bestaat niet; bestaande rondes: 1, 2."),
        (
            ["--wijk", NOORD, "--indicator", "pct_signalen_opgepakt"],
            "Fout: Ronde 2 heeft geen waarden voor deze keuze.",
        ),
    ],
)
def test_an_unknown_choice_is_one_line_naming_the_valid_ones(
    rondes: Rondes,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    fout: str,
) -> None:
    monkeypatch.setattr("makelaar.flows.cli.configure_terminal_logging", lambda debug: None)
    code, stderr = run_main(monkeypatch, capsys, "indicatoren", *args)
    assert (code, stderr) == (1, [fout])


def test_export_writes_a_sav_with_labels_and_a_codebook(rondes: Rondes, tmp_path: Path) -> None:
    uit = tmp_path / "export" / "ind.sav"
    lines = invoke("export", "--formaat", "sav", "--uit", str(uit), "--ronde", "2")
    assert lines[0] == f"Ronde 2: 9 waarden (1 onderdrukt, als ontbrekend): {uit}"
    assert lines[1] == f"Codeboek: {uit.with_name('ind.codeboek.csv')}"
    frame, meta = pyreadstat.read_sav(str(uit))
    assert len(frame) == 9 and meta.column_names_to_labels["waarde"] == "Waarde"
    assert meta.variable_value_labels["onderdrukt"] == {0.0: "gepubliceerd", 1.0: "onderdrukt"}
    n = get_settings().min_cell_size  # the rule explained with the project's threshold
    labels: dict[str, dict[Any, str]] = meta.variable_value_labels
    assert labels["reden"][REDEN] == (f"minder dan {n} personen of registraties in de teller")


def test_the_codebook_explains_with_the_gemeente_s_own_threshold(
    rondes: Rondes, flow_store: Store, tmp_path: Path
) -> None:
    with flow_store.session() as session:
        stel_in(session, "GM0344", {"min_cell_size": 15})
    uit = tmp_path / "ind.sav"
    invoke("export", "--formaat", "sav", "--uit", str(uit), "--ronde", "2")
    labels: dict[str, dict[Any, str]] = pyreadstat.read_sav(str(uit))[1].variable_value_labels
    assert labels["reden"][REDEN] == "minder dan 15 personen of registraties in de teller"


def test_export_of_every_round_stacks_them_in_one_file(rondes: Rondes, tmp_path: Path) -> None:
    uit = tmp_path / "panel.sav"
    lines = invoke("export", "--alle-rondes", "--formaat", "sav", "--uit", str(uit))
    assert lines[0] == f"Rondes 1, 2: 15 waarden (1 onderdrukt, als ontbrekend): {uit}"
    frame, _ = pyreadstat.read_sav(str(uit))
    assert sorted(frame.groupby("ronde").size().items()) == [(1.0, 6), (2.0, 9)]
    assert set(frame.periode) == {"2025", "2026"}
    codeboek = uit.with_name("panel.codeboek.csv").read_text(encoding="utf-8-sig")
    assert "ronde 2: Sociale acties, wijk Wijk 02 Deel 2" in codeboek


def test_export_refuses_a_round_and_all_rounds_at_once(
    rondes: Rondes, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("makelaar.flows.cli.configure_terminal_logging", lambda debug: None)
    code, stderr = run_main(monkeypatch, capsys, "export", "--ronde", "1", "--alle-rondes")
    assert (code, stderr) == (1, ["Fout: Kies --ronde 1 of --alle-rondes, niet allebei."])


def test_export_goes_to_the_output_folder_by_default(
    rondes: Rondes, flow_store: Store, english: None
) -> None:
    lines = invoke("export", "--formaat", "csv", "--ronde", "1")
    pad = get_settings().output_dir / "indicatoren-ronde-1.csv"
    assert pad.read_bytes().startswith(b"\xef\xbb\xbf")
    assert lines[0].startswith("Round 1: 6 values (0 suppressed, as missing): ")


def test_the_rounds_prefect_table_carries_interval_previous_value_and_change(
    rondes: Rondes, flow_store: Store
) -> None:
    rows = indicator_rows(flow_store, rondes.huidige, "nl")
    signalen = next(r for r in rows if r["indicator"] == "pct_signalen_opgepakt")
    assert (signalen["waarde"], signalen["ondergrens"], signalen["bovengrens"]) == (
        80.0,
        67.0,
        88.8,
    )
    assert (signalen["vorige"], signalen["verandering"]) == (40.0, pytest.approx(40.0))
    assert signalen["lezing"] == "hoger dan vorige ronde"
    noord = next(r for r in rows if (r["indicator"], r["sleutel"]) == ("acties", NOORD))
    assert (noord["waarde"], noord["basis"], noord["reden"]) == ("onderdrukt", "onderdrukt", REDEN)
    assert noord["ondergrens"] is None and noord["verandering"] is None
