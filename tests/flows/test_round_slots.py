"""How many rounds run at once (flows.concurrency), against the session's real Prefect server:
one round per gemeente at a time, rounds of two gemeenten at once, at most MAKELAAR_MAX_RONDES
rounds in all, the limits made and sized from the setting. Rounds run in threads of this process,
each a flow run of its own; the database is SQLite or PostgreSQL."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any, cast

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.objects import State
from prefect.exceptions import ObjectNotFound

from makelaar.cycles.rounds import RoundOutcome, list_rounds, round_states
from makelaar.cycles.spec import RoundContext
from makelaar.flows.concurrency import RONDES, ensure_limits, gemeente_limit
from makelaar.flows.round import evaluation_round
from makelaar.models.domain import FaseStatus
from makelaar.models.schemas import ObserveResult
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.tables import Editie, Gemeente
from tests.conftest import process_holding
from tests.flows.flow_testing import RecordingCycle, count_rows

pytestmark = pytest.mark.prefect

WAIT_TIMEOUT_S = 90.0
#: what the session's other tests expect of makelaar-rondes: the setting's default
DEFAULT_MAX = Settings().max_rondes


@pytest.fixture
def round_store(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    """The migrated store (SQLite, then PostgreSQL) with Utrecht and Amersfoort, as the flow
    finds it through the MAKELAAR_* environment; makelaar-rondes back at its default after."""
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("MAKELAAR_OUTPUT_DIR", str(settings.output_dir))
    monkeypatch.setenv("MAKELAAR_DATABASE_URL", store.url)
    monkeypatch.delenv("MAKELAAR_MAX_RONDES", raising=False)
    get_settings.cache_clear()
    with store.session() as session:
        session.add_all(
            [Gemeente(code="GM0344", naam="Utrecht"), Gemeente(code="GM0307", naam="Amersfoort")]
        )
    try:
        yield store
    finally:
        get_settings.cache_clear()
        ensure_limits("GM0344", DEFAULT_MAX)


class Gate:
    """The test cycle's observe, held until the test opens the gate; who entered it, in order."""

    def __init__(self, cycle: RecordingCycle, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered: list[tuple[str, str]] = []
        self.open = threading.Event()
        self.changed = threading.Condition()
        observe = cycle.observe

        def gated(ctx: RoundContext) -> ObserveResult:
            with self.changed:
                self.entered.append((ctx.ronde.gemeente_code, ctx.ronde.periode))
                self.changed.notify_all()
            assert self.open.wait(WAIT_TIMEOUT_S), "the test never opened the gate"
            return observe(ctx)

        monkeypatch.setattr(cycle, "observe", gated)

    def until(self, condition: Callable[[], bool]) -> bool:
        with self.changed:
            return self.changed.wait_for(condition, WAIT_TIMEOUT_S)


def start(states: dict[str, State[RoundOutcome]], **parameters: Any) -> threading.Thread:
    """A round of the test cycle as a flow run of its own, in a thread (in a copy of this
    context: the session's Prefect API lives in it); its final state lands in `states`."""
    key = f"{parameters['gemeente']} {parameters['periode']}"

    def run() -> None:
        states[key] = cast(
            "State[RoundOutcome]",
            evaluation_round(
                cyclus="testcyclus", leerbijeenkomst="demo", return_state=True, **parameters
            ),
        )

    thread = threading.Thread(target=contextvars.copy_context().run, args=(run,))
    thread.start()
    return thread


def logged(caplog: pytest.LogCaptureFixture, text: str, thread: threading.Thread) -> bool:
    """Whether `text` is logged (by makelaar) before `thread` ends or the time runs out."""
    for _ in range(int(WAIT_TIMEOUT_S * 10)):
        if any(text in m for m in caplog.messages) or not thread.is_alive():
            break
        thread.join(0.1)
    return any(text in m for m in caplog.messages)


def finish(threads: list[threading.Thread], states: dict[str, State[RoundOutcome]]) -> None:
    for thread in threads:
        thread.join(WAIT_TIMEOUT_S)
        assert not thread.is_alive()
    for key, state in states.items():
        assert state.is_completed(), f"{key}: {state!r}"


def all_phases_completed(store: Store) -> dict[tuple[str, str], list[FaseStatus | None]]:
    return {
        (r.gemeente_code, r.periode): [s.status for s in round_states(store, r.id)]
        for r in list_rounds(store)
    }


def test_two_rounds_of_one_gemeente_started_together_run_one_after_the_other(
    round_store: Store,
    recording_cycle: RecordingCycle,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    gate = Gate(recording_cycle, monkeypatch)
    caplog.set_level(logging.WARNING, logger="makelaar.flows")
    states: dict[str, State[RoundOutcome]] = {}

    first = start(states, gemeente="GM0344", periode="2026-H1")
    assert gate.until(lambda: len(gate.entered) == 1)
    second = start(states, gemeente="GM0344", periode="2026-H2")
    assert logged(caplog, "Er loopt al een ronde van GM0344; ronde 2 (testcyclus, 2026-H2)", second)
    second.join(1.0)  # while the first holds the gemeente, the second does not start its phases
    assert gate.entered == [("GM0344", "2026-H1")]
    assert second.is_alive()
    gate.open.set()
    finish([first, second], states)

    assert gate.entered == [("GM0344", "2026-H1"), ("GM0344", "2026-H2")]
    assert all_phases_completed(round_store) == {
        ("GM0344", "2026-H1"): [FaseStatus.COMPLETED] * 4,
        ("GM0344", "2026-H2"): [FaseStatus.COMPLETED] * 4,
    }
    assert count_rows(round_store, Editie) == 2
    slots = ensure_limits("GM0344", DEFAULT_MAX)
    assert {name: limit.active_slots for name, limit in slots.items()} == {
        RONDES: 0,
        gemeente_limit("GM0344"): 0,
    }


def test_rounds_of_two_gemeenten_run_at_once(
    round_store: Store,
    recording_cycle: RecordingCycle,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    gate = Gate(recording_cycle, monkeypatch)
    caplog.set_level(logging.WARNING, logger="makelaar.flows")
    states: dict[str, State[RoundOutcome]] = {}

    threads = [
        start(states, gemeente="GM0344", periode="2026-H1"),
        start(states, gemeente="GM0307", periode="2026-H1"),
    ]
    # both in observe at the same moment: neither waits for the other
    assert gate.until(lambda: len(gate.entered) == 2), gate.entered
    gate.open.set()
    finish(threads, states)

    assert sorted(gate.entered) == [("GM0307", "2026-H1"), ("GM0344", "2026-H1")]
    assert not [m for m in caplog.messages if "wacht" in m]
    assert all_phases_completed(round_store) == {
        ("GM0344", "2026-H1"): [FaseStatus.COMPLETED] * 4,
        ("GM0307", "2026-H1"): [FaseStatus.COMPLETED] * 4,
    }


def test_beyond_max_rondes_a_round_of_another_gemeente_waits_for_a_place(
    round_store: Store,
    recording_cycle: RecordingCycle,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    prefect_client: SyncPrefectClient,
) -> None:
    monkeypatch.setenv("MAKELAAR_MAX_RONDES", "1")
    get_settings.cache_clear()
    gate = Gate(recording_cycle, monkeypatch)
    caplog.set_level(logging.WARNING, logger="makelaar.flows")
    states: dict[str, State[RoundOutcome]] = {}

    first = start(states, gemeente="GM0344", periode="2026-H1")
    assert gate.until(lambda: len(gate.entered) == 1)
    # the first round set the limit to the setting
    assert prefect_client.read_global_concurrency_limit_by_name(RONDES).limit == 1
    second = start(states, gemeente="GM0307", periode="2026-H1")
    assert logged(
        caplog,
        "Er lopen al 1 rondes, het maximum (MAKELAAR_MAX_RONDES=1); ronde 2 (GM0307, "
        "testcyclus, 2026-H1) wacht op een plek",
        second,
    )
    second.join(1.0)
    assert gate.entered == [("GM0344", "2026-H1")]
    gate.open.set()
    finish([first, second], states)

    assert gate.entered == [("GM0344", "2026-H1"), ("GM0307", "2026-H1")]
    assert all_phases_completed(round_store) == {
        ("GM0344", "2026-H1"): [FaseStatus.COMPLETED] * 4,
        ("GM0307", "2026-H1"): [FaseStatus.COMPLETED] * 4,
    }


def test_a_round_makes_the_limits_when_missing_and_sizes_them_from_the_setting(
    round_store: Store,
    recording_cycle: RecordingCycle,
    monkeypatch: pytest.MonkeyPatch,
    prefect_client: SyncPrefectClient,
) -> None:
    for name in (RONDES, gemeente_limit("GM0307")):
        with suppress(ObjectNotFound):
            prefect_client.delete_global_concurrency_limit_by_name(name)
    monkeypatch.setenv("MAKELAAR_MAX_RONDES", "3")
    get_settings.cache_clear()

    outcome = evaluation_round(gemeente="GM0307", cyclus="testcyclus", leerbijeenkomst="demo")

    assert isinstance(outcome, RoundOutcome) and not outcome.wacht_op_besluiten
    rondes = prefect_client.read_global_concurrency_limit_by_name(RONDES)
    gemeente = prefect_client.read_global_concurrency_limit_by_name("makelaar-gemeente-GM0307")
    assert (rondes.limit, rondes.active, rondes.active_slots) == (3, True, 0)
    assert (gemeente.limit, gemeente.active, gemeente.active_slots) == (1, True, 0)
    # someone made it 10 with `prefect gcl update`: the setting wins at the next round
    ensure_limits("GM0307", 10)
    monkeypatch.setenv("MAKELAAR_MAX_RONDES", "5")
    get_settings.cache_clear()
    evaluation_round(gemeente="GM0307", cyclus="testcyclus", leerbijeenkomst="demo")
    assert prefect_client.read_global_concurrency_limit_by_name(RONDES).limit == 5


def test_a_gemeentes_limit_is_named_after_its_code() -> None:
    assert gemeente_limit("GM0344") == "makelaar-gemeente-GM0344"
    assert gemeente_limit("GM 03/44") == "makelaar-gemeente-GM_03_44"


#: a command with a local server of its own, in a round's slots until it is killed
SLOT_HOLDER = """
import datetime as dt, sys, time
from pathlib import Path
from makelaar.flows.concurrency import round_slots
from makelaar.flows.server import prefect_api
from makelaar.models.schemas import RoundRef
from makelaar.models.settings import Settings

ronde = RoundRef(
    id=1, gemeente_code="GM0344", gemeente_naam="Utrecht", cyclus="buurtmeter",
    periode="2026-H2", begin=dt.date(2026, 7, 1), einde=dt.date(2026, 12, 31),
)
with prefect_api(Settings(data_dir=Path(sys.argv[1])), template_dir=Path(sys.argv[2])):
    with round_slots(ronde, 4, "nl"):
        print("held", flush=True)
        time.sleep(600)
"""
#: the next command in that data directory: the slots in use on its server as it starts
SLOTS_IN_USE = """
import json, sys
from pathlib import Path
from prefect.client.orchestration import get_client
from makelaar.flows.server import prefect_api
from makelaar.models.settings import Settings

with prefect_api(Settings(data_dir=Path(sys.argv[1])), template_dir=Path(sys.argv[2])):
    with get_client(sync_client=True) as client:
        names = ("makelaar-rondes", "makelaar-gemeente-GM0344")
        limits = {n: client.read_global_concurrency_limit_by_name(n).active_slots for n in names}
print(json.dumps(limits))
"""


def test_a_killed_command_leaves_no_slot_taken_on_its_local_server(
    tmp_path: Path, prefect_template_dir: Path
) -> None:
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    with process_holding(SLOT_HOLDER, str(data), str(prefect_template_dir)) as holder:
        leases = [p.name for p in (data / "prefect" / "concurrency_leases").glob("*.json")]
        assert len(leases) == 2  # the round's lease, and the storage's index of expirations
        holder.kill()  # SIGKILL: the slots are not given back, and the server dies with it
        holder.wait()

    after = subprocess.run(
        [sys.executable, "-c", SLOTS_IN_USE, str(data), str(prefect_template_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout.splitlines()[-1]) == {
        "makelaar-rondes": 0,
        "makelaar-gemeente-GM0344": 0,
    }
    assert not list((data / "prefect" / "concurrency_leases").glob("*.json"))
