"""Benchmark: the answering pages under a bounded load of 50 concurrent respondents, on loopback.

The server is the real app (forms.web, `makelaar forms serve`'s uvicorn settings, no access log)
in a child process of its own, so the load generator does not share its GIL; with `--werkers N`
that child is uvicorn's supervisor with N worker processes on the app factory, as `forms serve
--workers N` runs them (its CPU is counted over all of them). The
load is asyncio + aiohttp, not httpx: aiohttp's C HTTP parser costs the generator a fraction of
httpx's CPU per request (about 0.3 against 1.6 ms per no-op request, 1 against 3.5 ms per
submit), and on a 2-core machine the generator's CPU is taken from the server it measures. Each
of the `--gelijktijdig` worker slots has one aiohttp session (a keep-alive pool of two
connections, no cookie jar: the bench sends each respondent's session cookie itself). The load
runs in three phases at the same concurrency:

1. answering: each respondent opens its link, gets each page and posts it with valid answers
   (a page is posted again when skip logic showed new questions on it, as without JavaScript),
   and gets the review page with its submission id;
2. the no-op baseline: GET /gezond on the same server;
3. submitting: each respondent posts its final submit; a fraction posts it twice at once.

Then the store is counted: every accepted submit must be stored once (lost = 0, duplicated = 0).
Speed is printed, never asserted (tests/bench/ only proves the bench runs); exit code 1 when a
response was lost or duplicated, or a respondent got an unexpected answer.

    .venv/bin/python bench/forms_load.py [--respondenten 2000] [--gelijktijdig 50]
        [--max-seconden 120] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--werkers 2] [--basislijn [--herhaal 3]] [--profiel server.prof]

`--postgres URL --werkers 2 --basislijn` measures PostgreSQL against a baseline from the same run:
SQLite in one process, measured just before on a fresh store, and prints PostgreSQL's
submissions/s as a share of SQLite's (target ≥ 0.8); `--herhaal K` runs K such pairs and judges
the median ratio, since other load on the machine moves a single figure by a factor of two.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import os
import random
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlencode

import aiohttp
from sqlalchemy import func, select

from bench.forms_load_data import Opzet, maak_opzet, postgres_database
from makelaar.forms.geheim import Conceptsleutel, link_geheim
from makelaar.forms.web.sessie import COOKIE
from makelaar.models.store import Store
from makelaar.models.tables import Antwoordmerk, Respons

SUBMITS_TARGET = 300.0  # accepted final submits per second, on SQLite
P99_TARGET_MS = 250.0  # p99 latency of the final submit POST, on SQLite
PG_RATIO_TARGET = 0.8  # PostgreSQL's submissions/s as a share of SQLite's in the same run
PROFILE_ENV = "MAKELAAR_BENCH_PROFIEL"
PROFILE_CLOCK_ENV = "MAKELAAR_BENCH_PROFIEL_KLOK"
START_TIMEOUT_S = 30.0
REQUEST_TIMEOUT_S = 60.0
ROOT = Path(__file__).resolve().parent.parent
FORM = "application/x-www-form-urlencoded"

_CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')
_PAGINA = re.compile(r'name="pagina" value="(\d+)"')
_INSTANCE = re.compile(r'name="instance_id" value="([0-9a-f]+)"')

# the kinds of request measured
LINK, PAGE_GET, PAGE_POST, REVIEW_GET, SUBMIT, SECOND_SUBMIT, NOOP = (
    "GET /t/{token}",
    "GET /formulier",
    "POST /formulier (page)",
    "GET /formulier/overzicht",
    "POST /formulier/overzicht (submit)",
    "second submit, at once",
    "GET /gezond (no-op)",
)

T = TypeVar("T")


class Unexpected(Exception):
    """The server answered something a valid respondent should not get."""


@dataclass
class Respondent:
    index: int
    token: str
    dubbel: bool
    cookie: str = ""  # the value of its session cookie, once the server has set it
    csrf: str = ""
    instance_id: str = ""
    klaar: bool = False  # reached the review page with a submission id
    geaccepteerd: bool = False  # a submit got 303 → /formulier/bedankt


@dataclass
class Metingen:
    latency: dict[str, list[float]] = field(default_factory=dict)
    fouten: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float) -> None:
        self.latency.setdefault(kind, []).append(seconds)

    def count(self, kind: str) -> int:
        return len(self.latency.get(kind, []))


@dataclass(frozen=True)
class Antwoord:
    """What the bench reads of a response: its Location header and its body."""

    location: str
    text: str


async def request(
    slot: Slot,
    metingen: Metingen,
    kind: str,
    method: str,
    url: str,
    status: int,
    r: Respondent | None = None,
    body: bytes | None = None,
) -> Antwoord:
    """One timed request, with r's session cookie (kept when the response sets it again) and
    `body` as a form post; Unexpected unless the server answers `status`."""
    headers: dict[str, str] = {}
    if r is not None and r.cookie:
        headers["cookie"] = f"{COOKIE}={r.cookie}"
    if body is not None:
        headers["content-type"] = FORM
    started = time.perf_counter()
    async with slot.session.request(
        method, url, data=body, headers=headers, allow_redirects=False
    ) as response:
        raw = await response.read()  # the whole body, before the connection goes back
        metingen.add(kind, time.perf_counter() - started)
        text = raw.decode(response.get_encoding()) if raw else ""
        location = response.headers.get("location", "")
        if r is not None:
            for set_cookie in response.headers.getall("set-cookie", ()):
                name, _, rest = set_cookie.partition("=")
                if name.strip() == COOKIE:
                    r.cookie = rest.split(";", 1)[0].strip()
    path = url.split("?")[0]
    if response.status != status:
        raise Unexpected(f"{method} {path}: {response.status}, not {status}")
    if 300 <= status < 400 and not location:
        raise Unexpected(f"{method} {path}: {status} without a Location")
    return Antwoord(location, text)


def found(pattern: re.Pattern[str], page: str, what: str) -> str:
    match = pattern.search(page)
    if match is None:
        raise Unexpected(f"the page has no {what}")
    return match.group(1)


class Slot:
    """One of the `concurrency` workers and its aiohttp session: a keep-alive pool of two
    connections (the second for the double submit at once), shared by the respondents the slot
    serves one after another. No cookie jar: `request` sends each respondent's own cookie."""

    def __init__(self, base: str) -> None:
        # made in the running event loop; the server keeps idle connections 10 s, this pool 5 s,
        # so a connection is never reused just as the server closes it
        self.session = aiohttp.ClientSession(
            base_url=base,
            connector=aiohttp.TCPConnector(limit=2, keepalive_timeout=5.0),
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S),
        )


async def answer(opzet: Opzet, metingen: Metingen, r: Respondent, slot: Slot) -> None:
    """Open the link, walk the pages as a browser without JavaScript does, get the review page."""
    location = (await request(slot, metingen, LINK, "GET", f"/t/{r.token}", 303, r)).location
    profiel = opzet.profiel(r.index)
    for _ in range(10 * opzet.paginas):
        if location.startswith("/formulier/overzicht"):
            page = (await request(slot, metingen, REVIEW_GET, "GET", location, 200, r)).text
            r.csrf = found(_CSRF, page, "CSRF field")
            r.instance_id = found(_INSTANCE, page, "instance_id field")
            r.klaar = True
            return
        page = (await request(slot, metingen, PAGE_GET, "GET", location, 200, r)).text
        index = int(found(_PAGINA, page, "page field"))
        fields = {
            "csrf": [found(_CSRF, page, "CSRF field")],
            "pagina": [str(index)],
            "actie": ["volgende"],
            **profiel[index],
        }
        body = urlencode(fields, doseq=True).encode()
        posted = await request(slot, metingen, PAGE_POST, "POST", "/formulier", 303, r, body)
        location = posted.location
    raise Unexpected(f"no review page after {10 * opzet.paginas} pages")


async def submit(metingen: Metingen, r: Respondent, slot: Slot) -> None:
    """The final submit; a double poster sends the same submission twice at the same moment."""
    body = urlencode({"csrf": [r.csrf], "instance_id": [r.instance_id]}, doseq=True).encode()
    url = "/formulier/overzicht"
    posts = [request(slot, metingen, SUBMIT, "POST", url, 303, r, body)]
    if r.dubbel:
        posts.append(request(slot, metingen, SECOND_SUBMIT, "POST", url, 303, r, body))
    responses = await asyncio.gather(*posts)
    if any(response.location != "/formulier/bedankt" for response in responses):
        raise Unexpected(f"submit redirected to {[x.location for x in responses]}")
    r.geaccepteerd = True


async def phase(
    slots: Sequence[Slot],
    items: Sequence[T],
    work: Callable[[T, Slot], Awaitable[None]],
    metingen: Metingen,
    max_seconds: float,
) -> float:
    """Run `work` over `items`, one at a time per slot, starting none after `max_seconds`.

    Returns the wall time from the first start to the last finish; failures go to metingen.
    """
    pending = iter(items)
    started = time.perf_counter()
    deadline = started + max_seconds

    async def worker(slot: Slot) -> None:
        for item in pending:
            try:
                await work(item, slot)
            # asyncio.TimeoutError is the builtin TimeoutError since Python 3.11
            except (Unexpected, aiohttp.ClientError, TimeoutError) as exc:
                metingen.fouten.append(f"{type(exc).__name__}: {exc}")
            if time.perf_counter() > deadline:
                return

    await asyncio.gather(*(worker(slot) for slot in slots))
    return time.perf_counter() - started


@dataclass
class Cpu:
    """CPU seconds used in a phase by the server child and by this load generator."""

    server: float
    generator: float


@dataclass
class Uitkomst:
    """What one load run measured and counted."""

    invullen_s: float
    noop_s: float
    versturen_s: float
    respondenten: list[Respondent]
    metingen: Metingen
    noop: Metingen
    cpu: dict[str, Cpu]
    load_before: float
    stored: int = 0
    stored_ids: set[str] = field(default_factory=set)
    beantwoord: int = 0


async def load(
    base: str, opzet: Opzet, args: argparse.Namespace, server_cpu: Callable[[], float]
) -> Uitkomst:
    concurrency = args.gelijktijdig
    cpu: dict[str, Cpu] = {}
    load_before = os.getloadavg()[0]

    async def measured(name: str, run: Awaitable[float]) -> float:
        server_before, generator_before = server_cpu(), time.process_time()
        wall = await run
        cpu[name] = Cpu(server_cpu() - server_before, time.process_time() - generator_before)
        return wall

    rng = random.Random(7)
    respondenten = [
        Respondent(i, token, rng.random() < args.dubbel) for i, token in enumerate(opzet.tokens)
    ]
    metingen, noop = Metingen(), Metingen()
    limit = args.max_seconden

    async def fill(r: Respondent, slot: Slot) -> None:
        await answer(opzet, metingen, r, slot)

    async def ping(_: int, slot: Slot) -> None:
        await request(slot, noop, NOOP, "GET", "/gezond", 200)

    async def send(r: Respondent, slot: Slot) -> None:
        await submit(metingen, r, slot)

    slots = [Slot(base) for _ in range(concurrency)]  # made before any phase: not timed
    try:
        invullen_s = await measured("answering", phase(slots, respondenten, fill, metingen, limit))
        noop_s = await measured("no-op", phase(slots, range(args.noop), ping, noop, limit))
        klaar = [r for r in respondenten if r.klaar]
        versturen_s = await measured("submit", phase(slots, klaar, send, metingen, limit))
    finally:
        for slot in slots:
            await slot.session.close()
    return Uitkomst(invullen_s, noop_s, versturen_s, respondenten, metingen, noop, cpu, load_before)


def count_store(url: str, enquete_ronde_id: int, uitkomst: Uitkomst) -> None:
    store = Store(url)
    try:
        with store.session() as session:
            ids = list(
                session.scalars(
                    select(Respons.instance_id).where(Respons.enquete_ronde_id == enquete_ronde_id)
                )
            )
            # an anonymous round records an answer as a keyed mark, not on the invitation
            uitkomst.beantwoord = (
                session.scalar(
                    select(func.count())
                    .select_from(Antwoordmerk)
                    .where(Antwoordmerk.enquete_ronde_id == enquete_ronde_id)
                )
                or 0
            )
    finally:
        store.dispose()
    uitkomst.stored = len(ids)
    uitkomst.stored_ids = set(ids)


# --- the server, in a child process --------------------------------------------------------------


def serve_child(data_dir: Path, url: str, workers: int = 1) -> None:
    """Serve the answering pages on a free loopback port; print the port; stop on SIGTERM.

    With `workers` > 1 as `makelaar forms serve --workers N` does: uvicorn's supervisor and N
    worker processes, each calling the app factory with the settings from the environment.
    """
    import uvicorn

    from makelaar.forms.web.server import config, serve_workers
    from makelaar.models.settings import Settings

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    if workers > 1:
        os.environ.update(
            MAKELAAR_DATA_DIR=str(data_dir),
            MAKELAAR_DATABASE_URL=url,
            MAKELAAR_PUBLIC_URL="http://127.0.0.1",
        )
        print(json.dumps({"port": port}), flush=True)
        serve_workers("127.0.0.1", port, workers, sock=sock)
        return
    settings = Settings(data_dir=data_dir, database_url=url, public_url="http://127.0.0.1")
    store = Store(url)
    server = uvicorn.Server(config(settings, store, "127.0.0.1", port))
    print(json.dumps({"port": port}), flush=True)
    # uvicorn handles SIGTERM itself and raises it again once it has stopped: then it must not
    # kill this process before the profile is written
    signal.signal(signal.SIGTERM, lambda _signum, _frame: None)
    profile_path = os.environ.get(PROFILE_ENV)
    if profile_path:
        from bench.forms_load_profile import profiled

        clock = os.environ.get(PROFILE_CLOCK_ENV, "cpu")
        profiled(lambda: server.run(sockets=[sock]), Path(profile_path), clock)
    else:
        server.run(sockets=[sock])
    store.dispose()


class Server:
    """The child process serving the pages; `base` is its URL once it answers /gezond."""

    def __init__(
        self, data_dir: Path, url: str, profile: Path | None, clock: str, workers: int = 1
    ) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if profile is not None:
            env[PROFILE_ENV] = str(profile)
            env[PROFILE_CLOCK_ENV] = clock
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--server", str(data_dir), url, "--werkers", str(workers)],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the server did not start (exit {self.process.wait()})")
        port = int(json.loads(line)["port"])
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            # not listening yet: try again
            with contextlib.suppress(OSError, http.client.HTTPException):
                if _gezond(port):
                    self._until_idle()
                    return
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"the server at {self.base} did not answer /gezond")
            time.sleep(0.05)

    def _until_idle(self) -> None:
        """Wait until the server's processes stop using CPU: every worker has started (the first
        to answer /gezond may be alone for a second or two), so none starts during a phase."""
        deadline = time.monotonic() + START_TIMEOUT_S
        before = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now - before < 0.05:
                return
            before = now

    def cpu_seconds(self) -> float:
        """User + system CPU time the child and its worker processes use now (Linux /proc)."""
        return _tree_cpu(self.process.pid)

    def stop(self) -> None:
        """SIGTERM: uvicorn finishes open requests and exits (a profile is written then)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _tree_cpu(pid: int) -> float:
    """CPU seconds of process `pid` and of its living descendants (the server's workers)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = [
            int(child)
            for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()
        ]
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(_tree_cpu(child) for child in children)


def _gezond(port: int) -> bool:
    """True when the server on loopback `port` answers GET /gezond with "ok"."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", "/gezond")
        return connection.getresponse().read() == b"ok"
    finally:
        connection.close()


# --- the report ----------------------------------------------------------------------------------


def ms(values: list[float], q: int) -> float:
    """The q-th percentile in milliseconds (inclusive method; the value itself for one sample)."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def command_line(args: argparse.Namespace) -> str:
    parts = [".venv/bin/python", "bench/forms_load.py"]
    for name in ("respondenten", "gelijktijdig", "dubbel", "max_seconden", "noop", "werkers"):
        parts += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    if args.postgres:
        parts += ["--postgres", args.postgres]
    if args.basislijn:
        parts += ["--basislijn", "--herhaal", str(args.herhaal)]
    return shlex.join(parts)


def _marker(r: Respondent) -> str:
    """The submission marker an anonymous response is stored under (forms.geheim): only the
    link's token gives it, and the load generator has the tokens."""
    return Conceptsleutel(link_geheim(r.token)).inzending(r.instance_id)


def report(u: Uitkomst, args: argparse.Namespace, backend: str) -> bool:
    """Print the table; True when nothing was lost, duplicated or refused."""
    accepted = [r for r in u.respondenten if r.geaccepteerd]
    accepted_ids = {_marker(r) for r in accepted}
    known_ids = {_marker(r) for r in u.respondenten if r.klaar}
    lost = len(accepted_ids - u.stored_ids)
    duplicated = u.stored - len(u.stored_ids & known_ids)
    unconfirmed = len((u.stored_ids & known_ids) - accepted_ids)
    submits_s = len(accepted) / u.versturen_s if u.versturen_s else 0.0
    noop_s = u.noop.count(NOOP) / u.noop_s if u.noop_s else 0.0
    sessions_s = len(accepted) / (u.invullen_s + u.versturen_s)
    page_posts_s = u.metingen.count(PAGE_POST) / u.invullen_s
    answering_requests = sum(u.metingen.count(k) for k in (LINK, PAGE_GET, PAGE_POST, REVIEW_GET))
    p99_submit = ms(u.metingen.latency.get(SUBMIT, []), 99)
    doubles = sum(1 for r in u.respondenten if r.dubbel and r.klaar)

    print()
    print(
        f"makelaar bench — answering pages under load ({backend}, buurtmeter, anonymous residents)"
    )
    print(
        f"{len(u.respondenten):,} respondents, {args.gelijktijdig} at once, "
        f"{doubles} of them post their submit twice at once; at most {args.max_seconden:g} s "
        "per phase"
    )
    print()
    print(f"{'request':<36} {'count':>7} {'per s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    print("-" * 72)
    for kind, wall in (
        (LINK, u.invullen_s),
        (PAGE_GET, u.invullen_s),
        (PAGE_POST, u.invullen_s),
        (REVIEW_GET, u.invullen_s),
        (NOOP, u.noop_s),
        (SUBMIT, u.versturen_s),
        (SECOND_SUBMIT, u.versturen_s),
    ):
        values = u.metingen.latency.get(kind) or u.noop.latency.get(kind) or []
        rate = len(values) / wall if wall and kind != SECOND_SUBMIT else float("nan")
        print(
            f"{kind:<36} {len(values):7,} {rate:9.1f} {ms(values, 50):8.1f} {ms(values, 99):8.1f}"
        )
    print()
    print(
        f"answering phase  {u.invullen_s:7.2f} s  {answering_requests / u.invullen_s:7.1f} "
        f"requests/s, {page_posts_s:.1f} page posts/s"
    )
    print(f"no-op phase      {u.noop_s:7.2f} s  {noop_s:7.1f} requests/s")
    print(f"submit phase     {u.versturen_s:7.2f} s")
    print()
    submits = u.metingen.count(SUBMIT) + u.metingen.count(SECOND_SUBMIT)
    per_request = {
        "answering": answering_requests,
        "no-op": u.noop.count(NOOP),
        "submit": submits,
    }
    print(f"{'CPU (s, and ms per request)':<28} {'server':>16} {'load generator':>20}")
    for name, n in per_request.items():
        c = u.cpu[name]
        print(
            f"  {name + ' phase':<26} {c.server:7.2f} ({1000 * c.server / max(n, 1):5.2f})"
            f"   {c.generator:9.2f} ({1000 * c.generator / max(n, 1):5.2f})"
        )
    print()
    ok_rate = submits_s >= SUBMITS_TARGET
    ok_p99 = p99_submit < P99_TARGET_MS
    on_sqlite = backend.startswith("SQLite")
    verdict = (
        f"{'ok' if ok_rate else 'MISSED'} / {'ok' if ok_p99 else 'MISSED'}"
        if on_sqlite
        else "(the target is for SQLite)"
    )
    print(f"{'submissions/s (*)':<44} {submits_s:9.1f}")
    print(
        f"{'p50 / p99 of the submit POST':<44} {ms(u.metingen.latency.get(SUBMIT, []), 50):7.1f}"
        f" / {p99_submit:.1f} ms"
    )
    print(
        f"{'target':<44} ≥ {SUBMITS_TARGET:.0f} submissions/s, p99 < {P99_TARGET_MS:.0f} ms "
        f"on SQLite: {verdict}"
    )
    print(f"{'ratio submissions/s ÷ no-op requests/s':<44} {submits_s / noop_s:9.3f}")
    submit_cpu_ms = 1000 * u.cpu["submit"].server / max(submits, 1)
    noop_cpu_ms = 1000 * u.cpu["no-op"].server / max(u.noop.count(NOOP), 1)
    print(
        f"{'same ratio from server CPU per request (***)':<44} {noop_cpu_ms / submit_cpu_ms:9.3f}"
    )
    print(f"{'submissions/s one free core allows (***)':<44} {1000 / submit_cpu_ms:9.1f}")
    print(f"{'full respondent sessions/s (**)':<44} {sessions_s:9.1f}")
    print()
    started = sum(1 for r in u.respondenten if r.cookie)
    print(f"respondents who opened their link   {started:7,}   (of {len(u.respondenten):,})")
    print(
        f"reached the review page             {len(known_ids):7,}   (others: out of time or failed)"
    )
    print(f"accepted submits (respondents)      {len(accepted):7,}")
    print(f"responses stored                    {u.stored:7,}")
    print(f"answered marks                      {u.beantwoord:7,}")
    print(f"lost (accepted, not stored)         {lost:7,}   must be 0")
    print(f"duplicated (rows beyond one each)   {duplicated:7,}   must be 0")
    if unconfirmed:
        print(f"stored without an accepted answer   {unconfirmed:7,}")
    print(f"unexpected answers                  {len(u.metingen.fouten) + len(u.noop.fouten):7,}")
    for fout in (u.metingen.fouten + u.noop.fouten)[:10]:
        print(f"    {fout}")
    print()
    print(
        "(*)  submissions/s = respondents whose final submit (POST /formulier/overzicht) got\n"
        "     303 → /formulier/bedankt, divided by the wall time of the submit phase, in which\n"
        f"     {args.gelijktijdig} respondents at a time each send only that POST (twice at once for\n"
        "     the double posters: such a pair counts once). Its ratio is against GET /gezond at the\n"
        "     same concurrency on the same server, measured just before it.\n"
        "(**) accepted respondents divided by the wall time of the answering and submit phases.\n"
        "(***) from the server process's own CPU time (/proc) per request in the no-op and submit\n"
        "     phases: what the ratio and the rate would be if the server had a core to itself, so\n"
        "     less sensitive to other load on the machine (load average "
        f"{u.load_before:.1f} before, {os.getloadavg()[0]:.1f} after)."
    )
    print()
    print(f"reproduce: {command_line(args)}")
    return lost == 0 and duplicated == 0 and not u.metingen.fouten and not u.noop.fouten


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondenten", type=int, default=2000, help="respondents (2000)")
    parser.add_argument("--gelijktijdig", type=int, default=50, help="at once (50)")
    parser.add_argument("--dubbel", type=float, default=0.05, help="share posting twice (0.05)")
    parser.add_argument("--max-seconden", type=float, default=120.0, help="limit per phase (120)")
    parser.add_argument("--noop", type=int, default=5000, help="no-op requests (5000)")
    parser.add_argument("--postgres", metavar="URL", help="run on a fresh database on this server")
    parser.add_argument("--profiel", type=Path, help="write the server's cProfile stats here")
    parser.add_argument(
        "--profiel-klok", choices=("cpu", "wand"), default="cpu", help="profile CPU or wall time"
    )
    parser.add_argument(
        "--werkers", type=int, default=1, help="server processes (1), as forms serve --workers"
    )
    parser.add_argument(
        "--basislijn",
        action="store_true",
        help="with --postgres: measure SQLite in one process first, and print the ratio",
    )
    parser.add_argument(
        "--herhaal", type=int, default=1, help="with --basislijn: pairs of runs (1), median ratio"
    )
    parser.add_argument("--server", nargs=2, metavar=("DATA_DIR", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.server:
        serve_child(Path(args.server[0]), args.server[1], args.werkers)
        return 0
    if args.basislijn and not args.postgres:
        parser.error("--basislijn compares PostgreSQL with SQLite: give --postgres URL too")
    ok, paren = True, []
    backend = "PostgreSQL" if args.postgres else "SQLite"
    naam = f"{backend}, {args.werkers} process{'es' if args.werkers > 1 else ''}"
    for _ in range(args.herhaal if args.basislijn else 1):
        # with --basislijn: SQLite in one process just before, the baseline of the same run
        basis = measure(args, None, 1) if args.basislijn else None
        gemeten = measure(args, args.postgres, args.werkers)
        ok = ok and gemeten[0] and (basis is None or basis[0])
        if basis is not None:
            paren.append((basis[1], gemeten[1]))
    if paren:
        compare(naam, paren)
    if args.profiel:
        from bench.forms_load_profile import print_profile

        print_profile(args.profiel, args.profiel_klok)
    return 0 if ok else 1


def measure(args: argparse.Namespace, postgres: str | None, werkers: int) -> tuple[bool, Uitkomst]:
    """One load run on a fresh store (SQLite, or a fresh database on the `postgres` server)."""
    with ExitStack() as stack:
        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="makelaar-bench-")))
        if postgres:
            url = stack.enter_context(postgres_database(postgres))
            backend = "PostgreSQL"
        else:
            url = f"sqlite:///{root / 'makelaar.db'}"
            backend = "SQLite"
        started = time.perf_counter()
        opzet = maak_opzet(url, args.respondenten)
        print(
            f"  set-up: {len(opzet.tokens):,} invitations in {time.perf_counter() - started:.1f} s"
        )
        profiel = args.profiel if postgres == args.postgres else None
        server = Server(root / "data", url, profiel, args.profiel_klok, werkers)
        try:
            uitkomst = asyncio.run(load(server.base, opzet, args, server.cpu_seconds))
        finally:
            server.stop()
        count_store(url, opzet.enquete_ronde_id, uitkomst)
        return report(uitkomst, args, f"{backend}, {werkers} server process(es)"), uitkomst


def submissions_per_s(u: Uitkomst) -> float:
    accepted = sum(1 for r in u.respondenten if r.geaccepteerd)
    return accepted / u.versturen_s if u.versturen_s else 0.0


def compare(naam: str, paren: list[tuple[Uitkomst, Uitkomst]]) -> None:
    """PostgreSQL's submissions/s as a share of SQLite's, each pair measured one after the other
    in this run; with several pairs the median ratio counts (other load on the machine moves
    single figures by a factor of two)."""
    print()
    print(f"{'pair':<6}{'SQLite, 1 process':>20}{naam:>28}{'ratio':>9}{'load before':>14}")
    verhoudingen = []
    for i, (basis, u) in enumerate(paren, 1):
        verhouding = submissions_per_s(u) / submissions_per_s(basis)
        verhoudingen.append(verhouding)
        print(
            f"{i:<6}{submissions_per_s(basis):20.1f}{submissions_per_s(u):28.1f}{verhouding:9.2f}"
            f"{basis.load_before:8.1f} /{u.load_before:4.1f}"
        )
    mediaan = statistics.median(verhoudingen)
    print(
        f"median ratio {mediaan:.2f}: target ≥ {PG_RATIO_TARGET:.2f} "
        f"{'ok' if mediaan >= PG_RATIO_TARGET else 'MISSED'} (load average now "
        f"{os.getloadavg()[0]:.1f}, on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    sys.exit(main())
