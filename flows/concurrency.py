"""How many rounds run at once, the Prefect way: a round holds two global concurrency slots.

Every run of the round flow (scheduled by a deployment, planned with `makelaar round inplannen`
or started with `makelaar round run`) takes, for as long as its phases run, one slot of each of
two global concurrency limits on the Prefect server it reports to:

- `makelaar-rondes`, of size MAKELAAR_MAX_RONDES (default 4): rounds of all gemeenten and cycles
  together. Its size is the setting: each round creates the limit when it is missing and sets it
  to the setting when it differs, so changing the setting on the workers is how it changes (a
  `prefect gcl update` is undone by the next round; deactivating the limit in the UI is left
  alone and lets every round through).
- `makelaar-gemeente-<code>` (`makelaar-gemeente-GM0344`), of size 1: one round per gemeente at a
  time, whatever its cycle or period. A gemeente's rounds share its wijken, brokers and
  handreiking; the apply phase's gemeente_lock (cycles.roundlock) already makes their editions
  one at a time, and with this rule a second round of the gemeente does not even start its phases
  while the first runs: it waits, says so in its log, and then runs (resuming what the first
  stored, when it is the same round). Two gemeenten's rounds run at once.

Both slots are taken in one request (Prefect grants them together or not at all), so a round
that waits for its gemeente holds no `makelaar-rondes` slot meanwhile. They are taken after the
round's row is made and before its phases, so waiting holds neither the round lock nor any
database transaction; and they are let go while a learning-session form waits for people
(flows.leerbijeenkomst_formulier), and whenever the run ends: a round that waits for its surveys
ends its run and holds nothing for those weeks.

Why global concurrency limits rather than the deployments' `concurrency_limit` in prefect.yaml:
a deployment's limit counts that deployment's runs only (three round deployments, three separate
counts) and knows nothing of a round started from the CLI, and it cannot say "one per gemeente",
which is a parameter, not a deployment. A global limit counts every run that reports to the server,
whatever started it, and a limit per gemeente is one more name. What a global limit cannot do is
keep a waiting run from taking memory: the run has started when it asks for a slot. That is what
the work pool's limit is for (`prefect work-pool set-concurrency-limit makelaar N`, about 0.5 GiB
per flow run): the worker starts no more than N runs, and runs beyond that wait on the server, in
no process at all.

A slot is a lease of LEASE_S that the run renews while it holds it; a run killed outright gives
its slots back when the lease runs out (a minute or so, Prefect's repossessor), not never. A local
server that makelaar starts for one command keeps its leases in its home (flows.server); nothing
can hold a slot on it before that command's flows run, so a slot a killed command left there is
given back as the next command starts the server (`release_stale_slots`), not a minute later.
Against a server of another project the names might collide: they all start with 'makelaar-'.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from uuid import UUID

from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.actions import (
    GlobalConcurrencyLimitCreate,
    GlobalConcurrencyLimitUpdate,
)
from prefect.client.schemas.objects import ConcurrencyLeaseHolder
from prefect.client.schemas.responses import GlobalConcurrencyLimitResponse
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
from prefect.runtime import flow_run

from makelaar.models.schemas import RoundRef
from makelaar.models.taal import Catalogus, Taal, catalogus, vertaal

__all__ = [
    "GEMEENTE_PREFIX",
    "LEASE_S",
    "RONDES",
    "ensure_limits",
    "gemeente_limit",
    "release_stale_slots",
    "round_slots",
    "stale_leases",
]

#: the global concurrency limit on rounds, all gemeenten and cycles together
RONDES = "makelaar-rondes"
#: a gemeente's own limit of one round at a time: this, then its CBS code
GEMEENTE_PREFIX = "makelaar-gemeente-"
#: where Prefect's filesystem lease storage keeps a server's leases, in its home
LEASE_FOLDER = "concurrency_leases"
#: how long a slot is held without renewal (Prefect's minimum); a killed run's slots come back then
LEASE_S = 60.0

terminal_logger = logging.getLogger("makelaar.flows")

_TEKSTEN: Catalogus = catalogus(
    "rondeplekken",
    {
        "wacht_gemeente": {
            "nl": "Er loopt al een ronde van {gemeente}; ronde {ronde} ({cyclus}, {periode}) "
            "wacht tot die klaar is (Prefect-limiet {limiet}).",
            "en": "Another round of {gemeente} is running; round {ronde} ({cyclus}, {periode}) "
            "waits until it is done (Prefect limit {limiet}).",
        },
        "wacht_rondes": {
            "nl": "Er lopen al {bezig} rondes, het maximum (MAKELAAR_MAX_RONDES={max}); ronde "
            "{ronde} ({gemeente}, {cyclus}, {periode}) wacht op een plek (Prefect-limiet "
            "{limiet}).",
            "en": "{bezig} rounds are running, the maximum (MAKELAAR_MAX_RONDES={max}); round "
            "{ronde} ({gemeente}, {cyclus}, {periode}) waits for a place (Prefect limit "
            "{limiet}).",
        },
    },
)

#: told what the run waits for, once, before it waits
OnWait = Callable[[str], None]


def gemeente_limit(code: str) -> str:
    """The name of the gemeente's limit: makelaar-gemeente-GM0344 (anything but letters and
    digits in the code becomes '_')."""
    return GEMEENTE_PREFIX + "".join(c if c.isalnum() else "_" for c in code)


def _ensure(client: SyncPrefectClient, name: str, limit: int) -> GlobalConcurrencyLimitResponse:
    """The limit `name` with `limit` slots: created when missing (a round that creates it at the
    same moment is no error), its size set when it differs; `active` stays as someone set it."""
    try:
        current = client.read_global_concurrency_limit_by_name(name)
    except ObjectNotFound:
        with suppress(ObjectAlreadyExists):  # another round of the moment made it
            client.create_global_concurrency_limit(
                GlobalConcurrencyLimitCreate(name=name, limit=limit)
            )
        return client.read_global_concurrency_limit_by_name(name)
    if current.limit != limit:
        client.update_global_concurrency_limit(name, GlobalConcurrencyLimitUpdate(limit=limit))
        current = client.read_global_concurrency_limit_by_name(name)
    return current


def ensure_limits(gemeente: str, max_rondes: int) -> dict[str, GlobalConcurrencyLimitResponse]:
    """Both limits a round of `gemeente` takes a slot of, as they stand on the server now."""
    with get_client(sync_client=True) as client:
        return {
            RONDES: _ensure(client, RONDES, max_rondes),
            gemeente_limit(gemeente): _ensure(client, gemeente_limit(gemeente), 1),
        }


def stale_leases(home: Path) -> dict[str, int]:
    """Take the leases a local server's home still holds (its lease files, removed): the limits'
    ids with the slots they held. Called before that server starts, so nothing renews them."""
    folder = home / LEASE_FOLDER
    held: dict[str, int] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            lease = json.loads(path.read_text(encoding="utf-8"))
            slots = int((lease.get("metadata") or {}).get("slots", 0))
            for limit_id in lease.get("resource_ids", []):
                held[str(limit_id)] = held.get(str(limit_id), 0) + slots
        except (OSError, ValueError, TypeError, AttributeError):
            continue  # the index file (expirations.json) or one half written: nothing to give back
    shutil.rmtree(folder, ignore_errors=True)
    return held


def release_stale_slots(held: dict[str, int]) -> None:
    """Give back the slots `stale_leases` found, on the server now running (its limits by id)."""
    if not held:
        return
    with get_client(sync_client=True) as client:
        for limit_id, slots in held.items():
            try:
                limit = client.read_global_concurrency_limit_by_name(limit_id)
            except ObjectNotFound:
                continue
            over = max(0, limit.active_slots - slots)
            client.update_global_concurrency_limit(
                limit_id, GlobalConcurrencyLimitUpdate(active_slots=over)
            )
            terminal_logger.info(
                "%s slot(s) van %s teruggegeven: de run die ze hield bestaat niet meer.",
                slots,
                limit.name,
            )


def _wait_message(
    ronde: RoundRef, limits: dict[str, GlobalConcurrencyLimitResponse], taal: Taal
) -> str | None:
    """What the round waits for, if the limits as read say it will wait; None if it will not."""
    eigen = limits[gemeente_limit(ronde.gemeente_code)]
    rondes = limits[RONDES]
    waarden = {
        "ronde": ronde.id,
        "gemeente": ronde.gemeente_code,
        "cyclus": ronde.cyclus,
        "periode": ronde.periode,
    }
    if eigen.active and eigen.active_slots >= eigen.limit:
        return vertaal(_TEKSTEN, "wacht_gemeente", taal, limiet=eigen.name, **waarden)
    if rondes.active and rondes.active_slots >= rondes.limit:
        return vertaal(
            _TEKSTEN,
            "wacht_rondes",
            taal,
            bezig=rondes.active_slots,
            max=rondes.limit,
            limiet=rondes.name,
            **waarden,
        )
    return None


def _holder() -> ConcurrencyLeaseHolder | None:
    """The running flow run, shown in Prefect's UI as the slots' holder."""
    run_id = flow_run.id
    return ConcurrencyLeaseHolder(type="flow_run", id=UUID(run_id)) if run_id else None


@contextmanager
def round_slots(
    ronde: RoundRef, max_rondes: int, taal: Taal, on_wait: OnWait | None = None
) -> Iterator[None]:
    """Hold a slot of `makelaar-rondes` (made `max_rondes` big) and of the round's gemeente's
    limit for the body; wait for both first, telling `on_wait` once when the limits are full."""
    limits = ensure_limits(ronde.gemeente_code, max_rondes)
    message = _wait_message(ronde, limits, taal)
    if message is not None and on_wait is not None:
        on_wait(message)
    with concurrency(
        list(limits),
        occupy=1,
        lease_duration=LEASE_S,
        strict=True,  # both exist now; a missing one must not let the round through unlimited
        holder=_holder(),
        # a passing API hiccup while renewing must not stop a round halfway through its edition
        raise_on_lease_renewal_failure=False,
    ):
        yield
