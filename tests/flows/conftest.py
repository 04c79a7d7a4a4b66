"""The session's one local Prefect server (for tests marked `prefect`), the test store and cycle."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

import makelaar.flows.round
from makelaar.cycles.spec import Cycle
from makelaar.flows.server import prefect_api
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.tables import Gemeente
from tests.flows.flow_testing import RecordingCycle


@pytest.fixture(scope="session")
def prefect_server(
    tmp_path_factory: pytest.TempPathFactory, prefect_template_dir: Path
) -> Iterator[str]:
    """The session's Prefect API; flow-run heartbeats are off (they cost ~1 s per run at exit)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("prefect-session"))
    with (
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
        prefect_api(settings, template_dir=prefect_template_dir) as url,
    ):
        yield url


@pytest.fixture(autouse=True)
def _prefect_for_marked_tests(request: pytest.FixtureRequest) -> None:
    """Tests marked `prefect` run against the session's server; the others never start it."""
    if request.node.get_closest_marker("prefect"):
        request.getfixturevalue("prefect_server")


@pytest.fixture
def prefect_client() -> Iterator[SyncPrefectClient]:
    with get_client(sync_client=True) as client:
        yield client


@pytest.fixture
def flow_store(
    settings: Settings, sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    """The migrated test store, as the flow finds it: through the MAKELAAR_* environment."""
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("MAKELAAR_OUTPUT_DIR", str(settings.output_dir))
    monkeypatch.setenv("MAKELAAR_DATABASE_URL", settings.resolved_database_url)
    get_settings.cache_clear()
    yield sqlite_store
    get_settings.cache_clear()


@pytest.fixture
def utrecht_store(flow_store: Store) -> Store:
    """The flow's store with gemeente Utrecht in it (all a round of the test cycle needs)."""
    with flow_store.session() as session:
        session.add(Gemeente(code="GM0344", naam="Utrecht"))
    return flow_store


@pytest.fixture
def recording_cycle(monkeypatch: pytest.MonkeyPatch) -> RecordingCycle:
    """The test cycle, found by the flow under its name; any other name still fails as usual."""
    cycle = RecordingCycle()
    real_lookup = makelaar.flows.round.find_cycle

    def lookup(name: str) -> Cycle:
        return cycle if name == cycle.name else real_lookup(name)

    monkeypatch.setattr(makelaar.flows.round, "find_cycle", lookup)
    return cycle
