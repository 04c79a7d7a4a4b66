"""The demo round's edition, made as the demo makes it (without Prefect), for the tests that look
at what a reader sees: its PDF, its HTML, and the round's findings and proposals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from makelaar.cycles.buurtmeter import BuurtmeterCycle
from makelaar.cycles.demo import generate_demo, genereren
from makelaar.cycles.demo.enquetes import answer_as_demo
from makelaar.cycles.rounds import run_round, start_round, stored_result
from makelaar.cycles.spec import RoundContext
from makelaar.intake.cbs import cbs_file, import_kerncijfers
from makelaar.models.domain import Fase
from makelaar.models.schemas import ApplyResult, ImproveResult, ReflectResult
from makelaar.models.settings import Settings
from makelaar.models.store import Store

#: the demo's today, and the moment its round runs
DEMO_DAY = dt.date(2026, 12, 4)
NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class DemoRonde:
    pdf: Path
    html: Path
    reflected: ReflectResult
    improved: ImproveResult


def demo_ronde(folder: Path) -> DemoRonde:
    """Utrecht's demo year and its round 2026 through apply, in `folder` (SQLite, output)."""
    settings = Settings(data_dir=folder / "data", output_dir=folder / "out")
    store = Store(f"sqlite:///{folder / 'makelaar.db'}")
    store.upgrade()
    patch = pytest.MonkeyPatch()
    patch.setattr(genereren, "today_in_nl", lambda: DEMO_DAY)
    try:
        import_kerncijfers(store, cbs_file())
        generate_demo(store)
        ronde = start_round(store, gemeente_code="GM0344", cyclus="buurtmeter", periode="2026")
        ctx = RoundContext(ronde=ronde, store=store, settings=settings, nu=lambda: NOW)
        run_round(ctx, BuurtmeterCycle(), leerbijeenkomst="demo", survey_filler=answer_as_demo)
        applied = stored_result(store, ronde.id, Fase.APPLY, ApplyResult)
        reflected = stored_result(store, ronde.id, Fase.REFLECT, ReflectResult)
        improved = stored_result(store, ronde.id, Fase.IMPROVE, ImproveResult)
    finally:
        patch.undo()
        store.dispose()
    assert isinstance(applied, ApplyResult) and applied.pdf and applied.html
    assert isinstance(reflected, ReflectResult) and isinstance(improved, ImproveResult)
    return DemoRonde(applied.pdf, applied.html, reflected, improved)
