"""`makelaar voorstel nieuw|laad|agenda` and `makelaar voorstellen` on a round of the test cycle
that waits for its learning session: a researcher's proposal screened and listed with the
cycle's, with sections by title, evidence and decisions (who decided, postponed); a bad YAML file
changes nothing; the agenda is a tagged PDF with one section per open proposal, in Dutch and
English."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from makelaar.cycles.leerbijeenkomst import decisions
from makelaar.cycles.rounds import run_round, start_round
from makelaar.cycles.spec import RoundContext
from makelaar.flows.cli import app
from makelaar.flows.cli_ronde import decisions_summary
from makelaar.models.gemeente_instellingen import stel_in
from makelaar.models.schemas import RoundRef
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.tables import Gemeente
from tests.flows.cli_testing import one_line_error, run_main, run_makelaar
from tests.flows.flow_testing import RecordingCycle

GOED = """\
- titel: Buurtkamer ook 's avonds open
  secties: [Werken met signalen, organisatie-leerbijeenkomst]
  tekst: |
    Open de buurtkamer **twee avonden per week**. <script>alert(1)</script>
  bewijs: Bel Jan de Vries op 06-12345678 voor de tellingen.
"""


@pytest.fixture
def waiting_round(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Store, RoundRef]]:
    """Round 1 of the test cycle in Utrecht, run up to the learning session (T-1 and T-2 open)."""
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("MAKELAAR_OUTPUT_DIR", str(settings.output_dir))
    monkeypatch.setenv(
        "MAKELAAR_DATABASE_URL", store.engine.url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("MAKELAAR_LOCALE", "nl")
    monkeypatch.setenv("COLUMNS", "120")
    get_settings.cache_clear()
    with store.session() as session:
        session.add(Gemeente(code="GM0344", naam="Utrecht"))
    ronde = start_round(store, gemeente_code="GM0344", cyclus="testcyclus", periode="2026-H1")
    ctx = RoundContext(ronde=ronde, store=store, settings=settings, bestanden={})
    outcome = run_round(ctx, RecordingCycle(), leerbijeenkomst="handmatig")
    assert outcome.wacht_op_besluiten == ["T-1", "T-2"]
    yield store, ronde
    get_settings.cache_clear()


def invoke(*args: str) -> list[str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output.splitlines()


def test_a_researchers_proposal_is_listed_with_the_cycles(
    waiting_round: tuple[Store, RoundRef], tmp_path: Path
) -> None:
    store, ronde = waiting_round
    bestand = tmp_path / "voorstellen.yaml"
    bestand.write_text(GOED, encoding="utf-8")

    assert invoke("voorstel", "laad", str(bestand), "--ronde", str(ronde.id)) == [
        f"Voorstel 'Buurtkamer ook 's avonds open' (buurtkamer-ook-s-avonds-open) toegevoegd aan "
        f"ronde {ronde.id}.",
        "  Afgeschermd vóór het opslaan: 1× naam, 1× telefoon.",
        f"Bekijk de voorstellen met 'makelaar voorstellen --ronde {ronde.id}'; de ronde wacht op "
        f"een besluit over elk open voorstel ('makelaar round besluit {ronde.id} CODE ...').",
    ]
    invoke(
        "round",
        "besluit",
        str(ronde.id),
        "T-1",
        "uitgesteld",
        "--reden",
        "Eerst H2.",
        "--door",
        "leerbijeenkomst 12 januari",
    )
    status = decisions_summary(store, ronde.id, "nl")  # the decisions' line of `round status`
    assert status is not None and status.endswith("; 1 uitgesteld naar de volgende ronde")
    lines = invoke("voorstellen")

    assert lines[0] == f"Ronde {ronde.id} (testcyclus, Utrecht, 2026-H1): 3 voorstel(len), 2 open"
    text = "\n".join(lines)
    assert (
        "[open] Buurtkamer ook 's avonds open\n"
        "  code buurtkamer-ook-s-avonds-open, van een onderzoeker\n"
        "  Verandert: Werken met signalen; De leerbijeenkomst\n"
        "  Tekst:\n"
        "    Open de buurtkamer **twee avonden per week**. <script>alert(1)</script>\n"
        "  Onderbouwing:\n"
        "    - Onderbouwing van de onderzoeker: Bel [naam] op [telefoonnummer] voor de tellingen.\n"
        "  Besluiten: nog geen"
    ) in text
    assert "[open] Voorstel 2\n  code T-2, van de cyclus\n  Verandert: werkwijze\n" in text
    # the finding the cycle's proposal rests on, with its figure
    assert (
        "    - Veel acties: De makelaars waren actief.\n        · acties: 12 (n\u00a0=\u00a012)"
        in text
    )
    assert "[uitgesteld] Voorstel 1" in text
    assert (
        "1. uitgesteld op " in text
        and ": Eerst H2. (door leerbijeenkomst 12 januari)  (geldt)" in text
    )


def test_one_proposal_on_the_command_line_in_english(
    waiting_round: tuple[Store, RoundRef], monkeypatch: pytest.MonkeyPatch
) -> None:
    _store, ronde = waiting_round
    monkeypatch.setenv("MAKELAAR_LOCALE", "en")
    get_settings.cache_clear()

    out = invoke(
        "voorstel",
        "nieuw",
        "--ronde",
        str(ronde.id),
        "--titel",
        "Vaste koffieochtend",
        "--sectie",
        "wijk-sociale-acties",
        "--tekst",
        "Elke week koffie.",
        "--bewijs",
        "Mail a@b.nl",
    )
    assert (
        out[0] == f"Proposal 'Vaste koffieochtend' (vaste-koffieochtend) added to round {ronde.id}."
    )
    assert out[1] == "  Masked before it was stored: 1× email."
    lines = invoke("voorstellen", "--ronde", str(ronde.id))
    assert lines[0] == f"Round {ronde.id} (testcyclus, Utrecht, 2026-H1): 3 proposal(s), 3 open"
    assert "  Changes: The ten kinds of social action" in lines
    assert "    - The researcher's evidence: Mail [e-mailadres]" in lines
    assert "  Decisions: none yet" in lines


def test_a_bad_file_changes_nothing_and_says_where(
    waiting_round: tuple[Store, RoundRef],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store, ronde = waiting_round
    bestand = tmp_path / "fout.yaml"
    bestand.write_text(GOED + "- titel: Zonder tekst\n  secties: [De leerbijeenkomst]\n", "utf-8")

    code, err = run_main(monkeypatch, capsys, "voorstel", "laad", str(bestand), "--ronde", "1")

    assert code == 1
    assert err == [
        f"Fout: {bestand}, voorstel 2 ('Zonder tekst'), veld 'tekst' ontbreekt; verplicht zijn "
        "titel, tekst, secties"
    ]
    assert [d.code for d in decisions(store, ronde.id)] == ["T-1", "T-2"]
    code, err = run_main(monkeypatch, capsys, "voorstellen", "--ronde", "7")
    assert (code, err) == (1, [f"Fout: Ronde 7 bestaat niet; bestaande rondes: {ronde.id}."])


@pytest.mark.parametrize(
    ("taal", "kop", "titel"),
    [
        ("nl", "Agenda leerbijeenkomst", "Agenda leerbijeenkomst – Utrecht – 2026-H1"),
        (
            "en",
            "Agenda of the learning session",
            "Agenda of the learning session – Utrecht – 2026-H1",
        ),
    ],
)
def test_the_agenda_is_a_tagged_pdf_with_a_section_per_open_proposal(
    waiting_round: tuple[Store, RoundRef],
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    taal: str,
    kop: str,
    titel: str,
) -> None:
    _store, ronde = waiting_round
    bestand = tmp_path / "voorstellen.yaml"
    bestand.write_text(GOED, encoding="utf-8")
    invoke("voorstel", "laad", str(bestand), "--ronde", str(ronde.id))
    invoke("round", "besluit", str(ronde.id), "T-2", "verworpen", "--reden", "Niet nu.")
    monkeypatch.setenv("MAKELAAR_LOCALE", taal)
    get_settings.cache_clear()

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        (line,) = invoke("voorstel", "agenda")

    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []

    pdf = settings.output_dir / "utrecht" / f"agenda-leerbijeenkomst-ronde-{ronde.id}.pdf"
    assert line.endswith(str(pdf.name)) and pdf.is_file()
    assert not list(pdf.parent.glob("*.tmp"))
    with pikepdf.open(pdf) as document:
        assert "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == taal
        assert str(document.open_metadata().get("dc:title")) == titel
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    text = "\n".join(pages)
    assert kop in pages[0]
    # one section per open proposal, each with the decision box; the decided one only listed
    assert text.count("Buurtkamer ook 's avonds open") == 1
    assert "Voorstel 1" in text and "<script>alert(1)</script>" in text
    assert "[naam]" in text and "Jan de Vries" not in text
    assert sum("uitgesteld" in page or "postponed" in page for page in pages) >= 2


def test_the_agenda_is_in_the_gemeente_s_own_language(
    waiting_round: tuple[Store, RoundRef], settings: Settings, tmp_path: Path
) -> None:
    store, ronde = waiting_round
    bestand = tmp_path / "voorstellen.yaml"
    bestand.write_text(GOED, encoding="utf-8")
    invoke("voorstel", "laad", str(bestand), "--ronde", str(ronde.id))
    with store.session() as session:
        stel_in(session, ronde.gemeente_code, {"locale": "en"})

    (line,) = invoke("voorstel", "agenda")  # the user reads Dutch (MAKELAAR_LOCALE=nl)

    pdf = settings.output_dir / "utrecht" / f"agenda-leerbijeenkomst-ronde-{ronde.id}.pdf"
    assert line.startswith("Agenda van de leerbijeenkomst (") and line.endswith(pdf.name)
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == "en"
    assert "Agenda of the learning session" in PdfReader(pdf).pages[0].extract_text()


def test_the_form_needs_a_prefect_server_with_its_ui(tmp_path: Path) -> None:
    """Run as a command of its own, without PREFECT_API_URL (in this process, another test's
    Prefect server may still be in Prefect's settings)."""
    result = run_makelaar(
        tmp_path,
        "round",
        "run",
        "--cycle",
        "buurtmeter",
        "--period",
        "2026-H1",
        "--leerbijeenkomst",
        "formulier",
    )

    assert one_line_error(result) == (
        "Fout: Het formulier van de leerbijeenkomst staat in de Prefect-UI, en de server die "
        "makelaar voor één run start heeft geen UI. Zet PREFECT_API_URL op een Prefect-server met "
        "UI ('prefect server start', zie 'Against a long-running Prefect server' in de README) of "
        "neem de besluiten met --leerbijeenkomst handmatig en 'makelaar round besluit'."
    )
