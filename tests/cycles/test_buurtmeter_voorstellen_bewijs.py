"""The buurtmeter's proposals name the findings they rest on as their evidence, so `makelaar
voorstellen` and the printable agenda show, per proposal, its text, the sections it changes and
the figures with their 95% intervals behind it: the demo's round, run up to its learning session,
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest

from makelaar.cycles.buurtmeter import BuurtmeterCycle
from makelaar.cycles.buurtmeter.proposals import THEMES
from makelaar.cycles.demo import generate_demo, genereren
from makelaar.cycles.demo.enquetes import answer_as_demo
from makelaar.cycles.rounds import run_round, start_round, stored_result
from makelaar.cycles.spec import RoundContext
from makelaar.cycles.voorstellen import VoorstelWeergave, sectie_titels, weergave
from makelaar.flows.cli_voorstel import proposal_lines
from makelaar.flows.leerbijeenkomst_agenda import build_html
from makelaar.intake.cbs import cbs_file, import_kerncijfers
from makelaar.models.domain import Fase
from makelaar.models.schemas import ImproveResult, ReflectResult, RoundRef
from makelaar.models.settings import Settings
from makelaar.models.store import Store

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
#: the one theme whose evidence is quotes, not figures
QUOTES = "voorbeelden-uit-reflectie"


def _theme(code: str, wijk_code: str | None) -> str:
    """A finding's theme: its code without the wijk it is about."""
    return code.removesuffix(f"-{wijk_code.lower()}") if wijk_code else code


@pytest.fixture
def waiting(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> tuple[RoundRef, list[VoorstelWeergave]]:
    """The demo's round of Utrecht, run up to its learning session: every proposal open."""
    monkeypatch.setattr(genereren, "today_in_nl", lambda: dt.date(2026, 12, 4))
    import_kerncijfers(store, cbs_file())
    generate_demo(store)
    ronde = start_round(store, gemeente_code="GM0344", cyclus="buurtmeter", periode="2026")
    ctx = RoundContext(ronde=ronde, store=store, settings=settings, nu=lambda: NOW)
    outcome = run_round(
        ctx, BuurtmeterCycle(), leerbijeenkomst="handmatig", survey_filler=answer_as_demo
    )
    assert outcome.wacht_op_besluiten
    return ronde, weergave(store, ronde, "nl")


def test_each_proposal_names_its_findings_and_shows_their_figures(
    store: Store, waiting: tuple[RoundRef, list[VoorstelWeergave]]
) -> None:
    ronde, lijst = waiting
    reflected = stored_result(store, ronde.id, Fase.REFLECT, ReflectResult)
    improved = stored_result(store, ronde.id, Fase.IMPROVE, ImproveResult)
    assert isinstance(reflected, ReflectResult) and isinstance(improved, ImproveResult)
    findings = {f.code: f for f in reflected.bevindingen}
    thema = {t.code: t.finding for t in THEMES}
    titels = sectie_titels(ronde, "nl")
    assert len(lijst) == len(improved.voorstellen) >= 4
    for v in lijst:
        d = v.voorstel
        assert v.open
        # the findings it rests on, by code: every finding of its theme, and only those
        assert d.bevindingen, d.code
        eigen = [code for code, f in findings.items() if _theme(code, f.wijk_code) == thema[d.code]]
        assert d.bevindingen == eigen, d.code
        assert [b.titel for b in v.bevindingen] == [findings[c].titel for c in d.bevindingen]
        # the sections it changes, by their titles
        assert v.secties == tuple(titels[s] for s in d.alle_secties)
        if d.code == QUOTES:
            assert all("„" in b.tekst for b in v.bevindingen)
            continue
        cijfers = [c for b in v.bevindingen for c in b.cijfers]
        assert cijfers, d.code
        for cijfer in cijfers:
            assert "(95%-interval " in cijfer and "; n\u00a0=\u00a0" in cijfer, cijfer

        # `makelaar voorstellen`: text, sections, each finding with its figures
        lines = proposal_lines(v, "nl")
        assert f"  Verandert: {'; '.join(v.secties)}" in lines
        assert lines.index("  Tekst:") < lines.index("  Onderbouwing:")
        for cijfer in cijfers:
            assert f"        · {cijfer}" in lines


def test_the_agenda_shows_each_proposals_figures(
    waiting: tuple[RoundRef, list[VoorstelWeergave]],
) -> None:
    ronde, lijst = waiting
    root = lxml.html.document_fromstring(build_html(ronde, lijst, "nl", dt.date(2026, 12, 4)))
    text = " ".join(root.text_content().split())
    for v in lijst:
        assert v.voorstel.titel in text
        for sectie in v.secties:
            assert sectie in text
        for b in v.bevindingen:
            for cijfer in b.cijfers:
                assert " ".join(cijfer.split()) in text, cijfer
    assert sum(len(b.cijfers) for v in lijst for b in v.bevindingen) >= len(lijst) - 1
