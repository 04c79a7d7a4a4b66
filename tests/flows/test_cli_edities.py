"""`makelaar edities`: the list of a gemeente's editions with the check of each PDF's sha256, one
edition with its decisions and files, and the diff of edition N against N−1, on SQLite and
PostgreSQL, in Dutch and in English; wrong numbers and codes get one line naming what exists."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from typer.testing import CliRunner

from makelaar.flows.cli import app
from makelaar.models.domain import Besluit
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.tables import Editie, Evaluatieronde, Gemeente, Voorstel
from tests.flows.cli_testing import run_main

MOMENT = dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.UTC)


def edition_html(nummer: int, tekst: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="nl"><head><title>Handreiking – Utrecht – Editie {nummer}'
        f'</title></head><body><main><section class="sectie" id="s-wijk-signalen">'
        f"<h2>Werken met signalen</h2><p>{tekst}</p></section></main></body></html>"
    )


@pytest.fixture
def editions(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Store, Path]]:
    """Utrecht with editions 1 and 2 (round 2 adopted, rejected and postponed a proposal), Gouda
    with edition 1."""
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("MAKELAAR_OUTPUT_DIR", str(settings.output_dir))
    monkeypatch.setenv(
        "MAKELAAR_DATABASE_URL", store.engine.url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("MAKELAAR_LOCALE", "nl")
    get_settings.cache_clear()
    folder = settings.output_dir / "utrecht"
    folder.mkdir(parents=True)
    teksten = {1: "Bel na drie weken terug.", 2: "Bel na drie maanden terug."}
    with store.session() as session:
        session.add_all(
            [Gemeente(code="GM0344", naam="Utrecht"), Gemeente(code="GM0513", naam="Gouda")]
        )
        session.flush()
        for nummer, (code, periode) in enumerate(
            [("GM0344", "2025"), ("GM0344", "2026"), ("GM0513", "2026")], start=1
        ):
            ronde = Evaluatieronde(gemeente_code=code, cyclus="buurtmeter", periode=periode)
            session.add(ronde)
            session.flush()
            editie = nummer if code == "GM0344" else 1
            base = (folder if code == "GM0344" else settings.output_dir / "gouda") / (
                f"handreiking-editie-{editie}"
            )
            base.parent.mkdir(parents=True, exist_ok=True)
            pdf = base.with_suffix(".pdf")
            pdf.write_bytes(f"%PDF-1.7 editie {editie} {code}".encode())
            html = base.with_suffix(".html")
            html.write_text(edition_html(editie, teksten.get(editie, "x")), encoding="utf-8")
            session.add(
                Editie(
                    gemeente_code=code,
                    nummer=editie,
                    ronde_id=ronde.id,
                    taal="nl",
                    pdf_pad=str(pdf),
                    html_pad=str(html),
                    pdf_sha256=hashlib.sha256(pdf.read_bytes()).hexdigest(),
                    secties={},
                    aangemaakt_op=MOMENT,
                )
            )
            if nummer == 2:
                session.add_all(
                    [
                        Voorstel(
                            ronde_id=ronde.id,
                            code="signalen-opvolgen",
                            sectie_id="wijk-werken-met-signalen",
                            titel="Signalen binnen drie maanden opvolgen",
                            tekst="Bel na drie maanden terug.",
                            onderbouwing="Van de signalen bleef een derde liggen.",
                            bron="cyclus",
                            besluit=Besluit.AANGENOMEN,
                            besluit_reden="Past bij wat de makelaars zien.",
                        ),
                        Voorstel(
                            ronde_id=ronde.id,
                            code="dagelijks-registreren",
                            sectie_id="organisatie-logboek-en-registratie",
                            titel="Elke actie op de dag zelf registreren",
                            tekst="Registreer elke actie dezelfde dag.",
                            onderbouwing="Een op de vijf acties kwam te laat.",
                            bron="onderzoeker",
                            besluit=Besluit.VERWORPEN,
                            besluit_reden="Een dag is te krap.",
                            besloten_door="leerbijeenkomst 5 december",
                            secties=[
                                "organisatie-logboek-en-registratie",
                                "wijk-sociale-acties",
                            ],
                        ),
                        Voorstel(
                            ronde_id=ronde.id,
                            code="buurtkamer-avond",
                            sectie_id="organisatie-leerbijeenkomst",
                            titel="Buurtkamer ook in de avond open",
                            tekst="Open de buurtkamer twee avonden per week.",
                            onderbouwing="Bewoners komen in de avond.",
                            bron="onderzoeker",
                            besluit=Besluit.UITGESTELD,
                            besluit_reden="Eerst de sleutels regelen.",
                            besloten_door="Mila",
                        ),
                    ]
                )
    yield store, folder
    get_settings.cache_clear()


def invoke(*args: str) -> list[str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_the_list_shows_every_edition_with_its_check(editions: tuple[Store, Path]) -> None:
    _, folder = editions
    lines = invoke("edities")
    assert lines[0] == "Utrecht (GM0344): 2 editie(s)"
    assert "Gouda (GM0513): 1 editie(s)" in lines
    assert lines[1].split() == ["editie", "ronde", "periode", "datum", "taal", "PDF", "sha256"]
    utrecht = lines.index("Utrecht (GM0344): 2 editie(s)")
    eerste, tweede = lines[utrecht + 2].split(), lines[utrecht + 3].split()
    assert eerste[:5] == ["1", "1", "2025", "06-12-2026", "Nederlands"]
    assert eerste[5].endswith("utrecht/handreiking-editie-1.pdf") and eerste[6] == "klopt"
    assert tweede[:3] == ["2", "2", "2026"] and tweede[6] == "klopt"
    # one gemeente only; a changed and a missing PDF are named, with what to do
    (folder / "handreiking-editie-2.pdf").write_bytes(b"%PDF-1.7 iets anders")
    (folder / "handreiking-editie-1.pdf").unlink()
    lines = invoke("edities", "--gemeente", "GM0344")
    assert lines[0] == "Utrecht (GM0344): 2 editie(s)"
    assert [line.split()[-1] for line in lines[2:4]] == ["ONTBREEKT", "GEWIJZIGD"]
    assert lines[-1].startswith("Let op: 2 PDF('s) wijken af van de vastgelegde sha256")


def test_one_edition_with_its_decisions_and_files(editions: tuple[Store, Path]) -> None:
    lines = invoke("edities", "toon", "2", "--gemeente", "GM0344")
    assert lines[0] == "Editie 2 van de handreiking voor Utrecht (GM0344)"
    assert lines[1].startswith("Ronde 2: cyclus buurtmeter, periode 2026; gemaakt op 06-12-2026")
    assert lines[1].endswith("; Nederlands")
    assert "Besluiten van de leerbijeenkomst (1 aangenomen, 1 verworpen, 1 uitgesteld):" in lines
    besluiten = [line for line in lines if line.startswith("  - ")]
    assert besluiten == [
        "  - Signalen binnen drie maanden opvolgen (Werken met signalen): aangenomen. "
        "Past bij wat de makelaars zien.",
        "  - Buurtkamer ook in de avond open (De leerbijeenkomst): uitgesteld door Mila. "
        "Eerst de sleutels regelen.",
        "  - Elke actie op de dag zelf registreren (Het logboek en waarom registreren loont; "
        "De tien soorten sociale actie): verworpen door leerbijeenkomst 5 december. "
        "Een dag is te krap.",
    ]
    assert any(line.startswith("  PDF: ") and "sha256 klopt" in line for line in lines)
    assert any(
        line.startswith("  HTML: ") and line.endswith("handreiking-editie-2.html") for line in lines
    )
    assert lines[-1] == (
        "  Verschil met editie 1: nog niet gemaakt (makelaar edities verschil 2 --gemeente GM0344)"
    )


def test_the_diff_is_written_beside_the_edition(editions: tuple[Store, Path]) -> None:
    _, folder = editions
    [line] = invoke("edities", "--gemeente", "GM0344", "verschil", "2")
    target = folder / "handreiking-editie-2-verschil.html"
    assert line.startswith("Verschil van editie 2 met editie 1 van Utrecht: ")
    assert line.endswith("utrecht/handreiking-editie-2-verschil.html")
    root = lxml.html.document_fromstring(target.read_bytes())
    assert "maanden" in [m.text_content().strip() for m in root.iter("ins")][-1]
    assert "weken" in [m.text_content().strip() for m in root.iter("del")][-1]
    assert invoke("edities", "toon", "2", "--gemeente", "GM0344")[-1].startswith(
        "  Verschil met editie 1: "
    ) and invoke("edities", "toon", "2", "--gemeente", "GM0344")[-1].endswith("-verschil.html")


def test_english(editions: tuple[Store, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAKELAAR_LOCALE", "en")
    get_settings.cache_clear()
    lines = invoke("edities", "--gemeente", "GM0344")
    assert lines[0] == "Utrecht (GM0344): 2 edition(s)"
    assert lines[1].split() == ["edition", "round", "period", "date", "language", "PDF", "sha256"]
    assert lines[2].split()[4] == "Dutch" and lines[2].split()[-1] == "matches"
    shown = invoke("edities", "toon", "2", "--gemeente", "GM0344")
    assert "Decisions of the learning session (1 adopted, 1 rejected, 1 postponed):" in shown
    besluiten = [line for line in shown if line.startswith("  - ")]
    assert besluiten == [
        "  - Signalen binnen drie maanden opvolgen (Working with signals): adopted. "
        "Past bij wat de makelaars zien.",
        "  - Buurtkamer ook in de avond open (The learning session): postponed by Mila. "
        "Eerst de sleutels regelen.",
        "  - Elke actie op de dag zelf registreren (The logbook, and why recording pays off; "
        "The ten kinds of social action): rejected by leerbijeenkomst 5 december. "
        "Een dag is te krap.",
    ]
    # every word of the output is English, but for what the round stored in its own language
    # (the proposals' titles, the reasons, who decided), the names and the paths
    text = "\n".join(shown)
    for data in (
        "Signalen binnen drie maanden opvolgen",
        "Past bij wat de makelaars zien.",
        "Buurtkamer ook in de avond open",
        "Eerst de sleutels regelen.",
        "Elke actie op de dag zelf registreren",
        "leerbijeenkomst 5 december",
        "Een dag is te krap.",
        "Mila",
        "Utrecht",
        "GM0344",
        "buurtmeter",
    ):
        assert data in text, data
        text = text.replace(data, " ")
    text = re.sub(r"\S+\.(pdf|html)\b|\b[0-9a-f]{12}…", " ", text)  # paths, a sha256's start
    words = set(re.findall(r"[^\W\d_]+", text))
    english = set(
        re.findall(
            r"\w+",
            "Edition of the handreiking for Round cycle period made on CET CEST Dutch Decisions "
            "learning session adopted rejected postponed by Working with signals The logbook and "
            "why recording pays off ten kinds social action Files PDF HTML sha matches recorded "
            "Diff against edition not yet edities verschil gemeente makelaar",
        )
    )
    assert words <= english, sorted(words - english)
    assert "uitgesteld" not in "\n".join(shown) and "aangenomen" not in "\n".join(shown)


def test_wrong_numbers_and_codes_name_what_exists(
    editions: tuple[Store, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cases = {
        ("edities", "--gemeente", "GM9999"): (
            "Gemeente 'GM9999' heeft geen edities; gemeenten met edities: GM0344, GM0513."
        ),
        ("edities", "toon", "1"): (
            "Editie 1 bestaat voor meer gemeenten (GM0344, GM0513); kies er een met --gemeente."
        ),
        ("edities", "toon", "7", "--gemeente", "GM0344"): (
            "Editie 7 bestaat niet voor Utrecht; bestaande edities: 1 (GM0344), 2 (GM0344)."
        ),
        ("edities", "verschil", "1", "--gemeente", "GM0513"): (
            "Editie 1 van Gouda is de eerste (er is geen editie 0); een verschil heeft een vorige "
            "editie nodig. Edities: 1."
        ),
    }
    for args, expected in cases.items():
        code, err = run_main(monkeypatch, capsys, *args)
        assert (code, err) == (1, [f"Fout: {expected}"]), args


def test_without_editions_it_says_how_one_is_made(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "MAKELAAR_DATABASE_URL", store.engine.url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("MAKELAAR_LOCALE", "nl")
    get_settings.cache_clear()
    try:
        assert invoke("edities")[0].startswith("Er zijn nog geen edities van de handreiking")
    finally:
        get_settings.cache_clear()
