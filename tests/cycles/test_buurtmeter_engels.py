"""The English edition of the buurtmeter's handreiking (settings locale 'en') reads English: its
findings, proposals, figure tables, charts, methods table and the demo learning session's reasons
are written in English through models.taal, with English number format; Dutch stays the default.
Domain words (sociaal makelaar, wijk, buurtmeter, leerbijeenkomst, ...) stay Dutch by design, and
what users typed (logbook reasons, brokers' quotes) is quoted as they wrote it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from makelaar.cycles.buurtmeter import BuurtmeterCycle
from makelaar.cycles.buurtmeter.afwijkingen import cijfer, interval_tekst, nl
from makelaar.cycles.buurtmeter.findings import methode_drempels
from makelaar.cycles.buurtmeter.proposals import THEMES, propose
from makelaar.cycles.demo import generate_demo, genereren
from makelaar.cycles.demo.enquetes import answer_as_demo
from makelaar.cycles.leerbijeenkomst import decisions
from makelaar.cycles.onzekerheid import Interval
from makelaar.cycles.rounds import run_round, start_round, stored_result
from makelaar.cycles.spec import RoundContext
from makelaar.intake.cbs import cbs_file, import_kerncijfers
from makelaar.models.domain import Fase
from makelaar.models.schemas import ApplyResult, Finding, ImproveResult, ReflectResult
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.handreiking.helpers import page_texts

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
GM = "GM0344"

#: Dutch that the buurtmeter's own texts used to put into the English edition (case-sensitive
#: where the capital matters: 'Bron:' is Dutch, 'bron' inside a domain word is not searched)
DUTCH = (
    r"\bonderdrukt\b",
    r"\bInwoners\b",
    r"\binwoners\b",
    r"\bbewoners\b",
    r"niet bekend",
    r"geen gegevens",
    r"\btegen\b",
    r"in de gemeente",
    r"vorige ronde",
    r"\bBron:",
    r"%-interval",
    r"Staafdiagram",
    r"Demo-leerbijeenkomst",
    r"\bPeriode\b",
    r"\bWerkwijze\b",
    r"Drempels",
    r"\bRespons\b",
    r"\bpersonen\b",
    r"[Ss]ociale acties",
    r"\b(Ouderen|Jongeren|Vluchtelingen|Migranten)\b",
    r"jaar en ouder",
    r"15 tot 25 jaar",
    r"Eenpersoonshuishoudens",
    r"Herkomst buiten",
    r"\bLogboek\b",
    r"per 1\.000",
    r"Gegevens tot en met",
    r"Kleinste gepubliceerde",
    r"\bvan de (signalen|sociale|inwoners|bewoners|afgeronde)\b",
    r"\bwijk pagina\b",
    r"De meest genoemde redenen",
)


@pytest.fixture
def english_round(
    sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Store, int, Path]:
    """The demo's buurtmeter round of Utrecht, run to its edition with the settings' locale 'en'
    (SQLite: the language does not depend on the backend, and the round renders a PDF)."""
    settings = Settings(data_dir=tmp_path / "data", output_dir=tmp_path / "out", locale="en")
    monkeypatch.setattr(genereren, "today_in_nl", lambda: dt.date(2026, 12, 4))
    import_kerncijfers(sqlite_store, cbs_file())
    generate_demo(sqlite_store)
    ronde = start_round(sqlite_store, gemeente_code=GM, cyclus="buurtmeter", periode="2026")
    ctx = RoundContext(ronde=ronde, store=sqlite_store, settings=settings, nu=lambda: NOW)
    run_round(ctx, BuurtmeterCycle(), leerbijeenkomst="demo", survey_filler=answer_as_demo)
    applied = stored_result(sqlite_store, ronde.id, Fase.APPLY, ApplyResult)
    assert isinstance(applied, ApplyResult)
    assert applied.pdf is not None
    return sqlite_store, ronde.id, applied.pdf


def _dutch_in(text: str) -> list[str]:
    return [pattern for pattern in DUTCH if re.search(pattern, text)]


def _without_quoted_data(text: str) -> str:
    """The text without what users typed: logbook reasons (‘…’) and brokers' quotes („…”)."""
    return re.sub(r"„[^”]*”|‘[^’]*’", "", text, flags=re.DOTALL)


def test_the_english_edition_shows_no_dutch_of_the_buurtmeter(
    english_round: tuple[Store, int, Path],
) -> None:
    _, _, pdf = english_round
    pages = page_texts(pdf)
    text = " ".join(pages)
    found = {
        pattern: [i + 1 for i, page in enumerate(pages) if re.search(pattern, page)]
        for pattern in _dutch_in(_without_quoted_data(re.sub(r"\s+", " ", text)))
    }
    assert found == {}, f"Dutch in the English edition (pattern: pages): {found}"
    # what the Dutch words were replaced with, in English number format
    for english in (
        "Inhabitants",
        "suppressed (<\u00a010)",
        "Social actions per 1,000 inhabitants, by wijk",
        "95% interval",
        "in the municipality",
        "Demo learning session",
        "Thresholds for findings",
        "Logbook of the sociaal makelaars, 2026",
    ):
        assert english in text or english.replace("\u00a0", " ") in text, english
    assert re.search(r"\b\d{1,3},\d{3}\b", text), "no thousands comma in the English edition"
    assert not re.search(r"\b\d+,\d%", text), "a decimal comma in the English edition"


def test_the_english_rounds_findings_proposals_and_decisions_are_stored_in_english(
    english_round: tuple[Store, int, Path],
) -> None:
    store, ronde_id, _ = english_round
    reflected = stored_result(store, ronde_id, Fase.REFLECT, ReflectResult)
    improved = stored_result(store, ronde_id, Fase.IMPROVE, ImproveResult)
    assert isinstance(reflected, ReflectResult) and isinstance(improved, ImproveResult)
    assert reflected.bevindingen and improved.voorstellen
    for finding in reflected.bevindingen:
        text = _without_quoted_data(f"{finding.titel} {finding.tekst}")
        assert _dutch_in(text) == [], (finding.code, text)
    for proposal in improved.voorstellen:
        text = _without_quoted_data(f"{proposal.titel} {proposal.tekst} {proposal.onderbouwing}")
        assert _dutch_in(text) == [], (proposal.code, text)
    reasons = [d.besluit_reden for d in decisions(store, ronde_id)]
    assert reasons and all(r and r.startswith("Demo learning session:") for r in reasons)


def test_numbers_follow_the_language() -> None:
    assert nl(374238, 0) == "374.238"
    assert nl(374238, 0, "en") == "374,238"
    assert nl(1234.56, 1) == "1.234,6"
    assert nl(1234.56, 1, "en") == "1,234.6"
    assert cijfer(32.41, "%", "en") == "32.4%"
    assert cijfer(1.666, "gemiddeld") == "1,67"
    interval = Interval(9.4, 8.51, 10.42)
    assert interval_tekst(interval, "per 1.000") == "95%-interval 8,5–10,4"
    assert interval_tekst(interval, "per 1.000", taal="en") == "95% interval 8.5–10.4"


def test_methods_and_proposals_in_english_and_dutch_by_default() -> None:
    assert methode_drempels().startswith("een verschil is een bevinding als")
    assert methode_drempels("en").startswith("a difference is a finding when")
    finding = Finding(
        code="signalen-blijven-liggen",
        soort="aandacht",
        titel="Some signals are not taken up",
        tekst="80.1% of the recorded signals were taken up or passed on.",
        sectie_id="wijk-werken-met-signalen",
    )
    (dutch,) = propose([finding], periode="2026")
    (english,) = propose([finding], periode="2026", taal="en")
    assert dutch.titel == "Elk signaal binnen vier weken een vervolg"
    assert dutch.tekst.startswith("In de ronde 2026 kreeg een deel van de signalen geen vervolg:")
    assert english.titel == "A follow-up for every signal within four weeks"
    assert english.tekst.startswith("In the 2026 round some of the signals got no follow-up:")
    assert english.onderbouwing == "Some signals are not taken up"
    for theme in THEMES:
        assert theme.titel("en") != theme.titel("nl")
        assert theme.advies("en") != theme.advies("nl")
