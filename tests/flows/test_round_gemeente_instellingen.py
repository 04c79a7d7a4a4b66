"""A round runs with its gemeente's own settings (models.gemeente_instellingen): every phase of the
flow gets them in ctx.settings, and the round's summary in Prefect is in the gemeente's language;
a round of another gemeente on the same worker keeps the global settings. Against the session's
Prefect server, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.objects import State

import makelaar.flows.round
from makelaar.cycles.rounds import RoundOutcome
from makelaar.cycles.spec import RoundContext
from makelaar.flows.round import evaluation_round
from makelaar.models.gemeente_instellingen import stel_in
from makelaar.models.schemas import (
    ApplyResult,
    ImproveResult,
    ObserveResult,
    ReflectResult,
)
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.tables import Gemeente
from tests.flows.flow_testing import RecordingCycle, artifact

pytestmark = pytest.mark.prefect


class SettingsCycle(RecordingCycle):
    """The flow tests' cycle, noting in every phase the settings it was given, per gemeente."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, list[tuple[str, str, int, str, str | None]]] = {}

    def _note(self, fase: str, ctx: RoundContext) -> None:
        s = ctx.settings
        self.seen.setdefault(ctx.ronde.gemeente_code, []).append(
            (fase, s.locale, s.min_cell_size, s.public_url, s.contactregel("en"))
        )

    def observe(self, ctx: RoundContext) -> ObserveResult:
        self._note("observe", ctx)
        return super().observe(ctx)

    def reflect(self, ctx: RoundContext, observed: ObserveResult) -> ReflectResult:
        self._note("reflect", ctx)
        return super().reflect(ctx, observed)

    def improve(self, ctx: RoundContext, reflected: ReflectResult) -> ImproveResult:
        self._note("improve", ctx)
        return super().improve(ctx, reflected)

    def apply(self, ctx: RoundContext, improved: ImproveResult) -> ApplyResult:
        self._note("apply", ctx)
        return super().apply(ctx, improved)


@pytest.fixture
def round_store(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    """The migrated store (SQLite, then PostgreSQL) with Engelstad (English, minimum cell size 15,
    a public address and contact of its own) and Gewoonstad (nothing of its own), as the flow
    finds it through the MAKELAAR_* environment (locale nl, minimum cell size 10)."""
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("MAKELAAR_OUTPUT_DIR", str(settings.output_dir))
    monkeypatch.setenv("MAKELAAR_DATABASE_URL", store.url)
    monkeypatch.setenv("MAKELAAR_LOCALE", "nl")
    monkeypatch.setenv("MAKELAAR_MIN_CELL_SIZE", "10")
    monkeypatch.setenv("MAKELAAR_CONTACT", "Landelijk team")
    monkeypatch.delenv("MAKELAAR_PUBLIC_URL", raising=False)
    monkeypatch.delenv("MAKELAAR_CONTACT_EN", raising=False)
    get_settings.cache_clear()
    with store.session() as session:
        session.add_all(
            [Gemeente(code="GM9971", naam="Engelstad"), Gemeente(code="GM9972", naam="Gewoonstad")]
        )
        session.flush()
        stel_in(
            session,
            "GM9971",
            {
                "locale": "en",
                "min_cell_size": 15,
                "public_url": "https://enquete.engelstad.nl",
                "contact": "Team Wijken Engelstad",
            },
        )
    try:
        yield store
    finally:
        get_settings.cache_clear()


@pytest.fixture
def settings_cycle(monkeypatch: pytest.MonkeyPatch) -> SettingsCycle:
    cycle = SettingsCycle()
    real_lookup = makelaar.flows.round.find_cycle
    monkeypatch.setattr(
        makelaar.flows.round,
        "find_cycle",
        lambda name: cycle if name == cycle.name else real_lookup(name),
    )
    return cycle


def run(gemeente: str) -> State[RoundOutcome]:
    return cast(
        "State[RoundOutcome]",
        evaluation_round(
            gemeente=gemeente,
            cyclus="testcyclus",
            periode="2026-H1",
            leerbijeenkomst="demo",
            return_state=True,
        ),
    )


def test_a_round_follows_its_gemeente_and_another_keeps_the_global_settings(
    round_store: Store, settings_cycle: SettingsCycle, prefect_client: SyncPrefectClient
) -> None:
    engelstad, gewoonstad = run("GM9971"), run("GM9972")

    assert engelstad.is_completed() and gewoonstad.is_completed()
    fasen = ["observe", "reflect", "improve", "apply"]
    eigen = ("en", 15, "https://enquete.engelstad.nl", "Team Wijken Engelstad")
    globaal = ("nl", 10, "http://127.0.0.1:8080", "Landelijk team")
    assert settings_cycle.seen == {
        "GM9971": [(fase, *eigen) for fase in fasen],
        "GM9972": [(fase, *globaal) for fase in fasen],
    }
    for state, code, titel in (
        (engelstad, "gm9971", "# Evaluation round Engelstad (GM9971)"),
        (gewoonstad, "gm9972", "# Evaluatieronde Gewoonstad (GM9972)"),
    ):
        flow_run_id = state.state_details.flow_run_id
        assert flow_run_id is not None
        summary = artifact(prefect_client, flow_run_id, f"ronde-{code}-testcyclus-2026-h1")
        assert str(summary.data).startswith(titel + "\n")
