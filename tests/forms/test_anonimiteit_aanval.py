"""The attacker: with copies of the database, can an anonymous response be tied to a person?

Scenario (run on a file-backed SQLite store in WAL mode, as the product runs, and on PostgreSQL):
an anonymous survey round for residents with invitations in three wijken, one of them with fewer
invitations than `min_cell_size` (3 here: wijk A 4 invitations, B 3, C 1), invited by e-mail
through the product's own path (a contact list, a local SMTP server). Five residents answer on
the real answering pages (forms.web.maak_app), page by page: four submit (two in A, then one in
B in English and the only one in C), one leaves a draft. Resident 0 types a unique text on the
last page, saves it, goes back and replaces it before submitting. Between the two groups of
submits a reminder run (forms.herinneringen.herinner) reaches every invitation: an anonymous
round reminds everyone alike, with thanks to whoever already took part.
Copies are taken

- `begin`: after the round was made and its invitations sent, before anyone answered;
- `midden`: mid-answer, every draft saved, nothing submitted;
- `inzending-1` / `inzending-2`: right after two submits, and after all four (and the reminder);
- `gesloten`: after the window was closed (`makelaar enquete sluit`: forms.rondes.sluit_enquete).

On SQLite a copy is the files (`makelaar.db`, `-wal`, `-shm`) copied with plain file copies while
the app keeps its connections open, as a backup tool would; every committed state the copied log
still holds is rebuilt from it (tests/forms/aanval.py). On PostgreSQL a copy is every row of the
schema with `xmin`/`xmax` and every page of every relation read raw with `pageinspect` (dead
tuples and dead index entries included); autovacuum is off for the test's schema, as an attacker
copying between two vacuums finds the pages.

Who the attacker is, and what holds for whom:
- **With the database files only** (a backup, a stolen disk, a curious administrator): no
  anonymous response shares a value with any other row of any copy; it names no token hash,
  invitation, contact pseudonym, address or session; every join leaves at least `min_cell_size`
  invitations per response, while the window is open and after it closed; no commit (SQLite) or
  transaction (PostgreSQL) that stores a response changes a row naming an invitation, and the
  commits around it change none per person; a draft's text never stands in plaintext in any file,
  and no draft row names its invitation; after the window closes no address is left in any file.
- **With the pseudonym key file as well** (the server's operator): all of the above; no value of
  a response, and no row a draft added, is a keyed hash the key holder can make of an invitation
  (tried: every "makelaar ..." label in the source, over the invitation id, contact, address and
  token hash); after the window closed no such hash is left anywhere but in the invitation's own
  rows, nor in any byte of the copy. Not guaranteed against the key holder while the window is
  open: the answered mark that reminders need is a keyed hash of the invitation, stored when the
  response is, so a key holder with a copy of the log taken before the window closed can see which
  mark came with which response (the server itself could as well log its requests).
- **Identified rounds are linkable by design**: the response names its respondent, which the
  invitation names too (test_identified_round_is_linkable_by_design asserts the link exists).

Joins tried (tests.forms.aanval.verenigbaar): the round; every column the response and the
invitation both carry by name (wijk_code, taal, ...); the per-person status (when any invitation
says 'beantwoord', only those remain; withdrawn ones drop out); reminders (who a reminder run
skipped while due had answered: when those known answerers are as many as the responses of their
wijk, the responses are theirs); a draft still naming an invitation rules it out; times (a
response time rules out invitations made or reminded after it); and, in the WAL and transaction
checks, the moment of writing (the same commit or transaction, and the commits next to it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from anyio.from_thread import BlockingPortal, start_blocking_portal
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from makelaar.forms import opruimen
from makelaar.forms.herinneringen import herinner
from makelaar.forms.rondes import sluit_enquete
from makelaar.forms.tokens import add_token, hash_token
from makelaar.forms.uitnodigingen import uitnodigen
from makelaar.forms.web import maak_app
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek
from makelaar.models.privacy import load_key
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import Uitnodiging
from tests.conftest import POSTGRES_URL, skip_or_fail
from tests.forms import aanval
from tests.forms.aanval import Kopie, Staat
from tests.forms.antwoord_factories import maak_formulier, open_enquete_ronde
from tests.forms.enquete_testing import Mailbox, free_port, mail_settings, write_contacts
from tests.forms.web.web_helpers import Browser, csrf, instance_id, open_link, post_page

MIN_CELL = 3
#: invitations per wijk: A and B at or above the cell size, C below it
PER_WIJK = (4, 3, 1)
ROOT = Path(__file__).resolve().parents[2]
COOKIE = "mk_sessie"


@dataclass
class Bewoner:
    uitnodiging_id: int
    token: str
    wijk: str
    contact: str
    email: str
    respondent: str | None
    browser: Browser | None = None


@dataclass
class Verloop:
    """The scenario's round, what the residents typed and saw, and the attacker's copies."""

    backend: str
    ronde_id: int
    bewoners: list[Bewoner]
    kopieen: dict[str, Kopie] = field(default_factory=dict)
    vervangen: str = ""  # the text resident 0 typed, saved and replaced before submitting
    getypt: list[str] = field(default_factory=list)  # every text typed (submitted or not)
    cookies: set[str] = field(default_factory=set)
    csrf_tokens: set[str] = field(default_factory=set)
    sleutel: bytes = b""
    #: what closing the window logged (forms.opruimen): who held old row versions, if anyone
    opruimmeldingen: list[str] = field(default_factory=list)

    def kopie(self, label: str) -> Kopie:
        return self.kopieen[label]

    @property
    def alle_staten(self) -> list[Staat]:
        return [s for k in self.kopieen.values() for s in k.staten]

    def identificatoren(self) -> dict[str, str]:
        """Every value that names an invitation, a person or a session (value -> what it is)."""
        uit: dict[str, str] = {}
        for i, b in enumerate(self.bewoners):
            uit[hash_token(b.token)] = f"token hash of resident {i}"
            uit[b.token] = f"token of resident {i}"
            uit[b.contact] = f"contact pseudonym of resident {i}"
            uit[b.email] = f"e-mail address of resident {i}"
        for cookie in self.cookies:
            uit[cookie] = "session cookie"
            for deel in cookie.split("."):
                if len(deel) >= 16:
                    uit[deel] = "part of a session cookie"
            uit[hashlib.sha256(cookie.encode()).hexdigest()] = "SHA-256 of a session cookie"
        for token in self.csrf_tokens:
            uit[token] = "CSRF token"
        for i in range(len(self.bewoners)):
            uit[_ip(i)] = f"IP address of resident {i}"
        return uit


# -- the scenario ---------------------------------------------------------------------------------


def maak_ronde(
    store: Store, modus: EnqueteModus, settings: Settings, mailbox: Mailbox, map_: Path
) -> tuple[int, list[Bewoner]]:
    """A survey round open now, with invitations in three wijken (PER_WIJK) and a token each.

    Anonymous: the residents are invited through the product's path (a contact list, e-mail to
    a local SMTP server, three days ago); the tokens are read from the mails. Identified: the
    invitations are made directly, each naming its respondent.
    """
    formulier = maak_formulier()
    now = dt.datetime.now(dt.UTC)
    n = secrets.randbelow(10**6)
    anoniem = modus == EnqueteModus.ANONIEM
    with store.session() as session:
        gemeente, enquete_ronde = open_enquete_ronde(
            session,
            formulier,
            wijken=3,
            sleutel=f"A{n}",
            publiek=Publiek.BEWONERS if anoniem else Publiek.MAKELAARS,
            modus=modus,
            opent_op=now - dt.timedelta(days=5),
            sluit_op=now + dt.timedelta(days=14),
        )
        enquete_ronde.herinnering_na_uren = 48  # the reminder run three days after inviting
        session.flush()
        ronde_id = enquete_ronde.id
        wijken = [
            f"WK{gemeente.code[2:]}{w + 1:02d}"
            for w, aantal in enumerate(PER_WIJK)
            for _ in range(aantal)
        ]
        if not anoniem:
            bewoners = []
            for wijk in wijken:
                uitnodiging = Uitnodiging(
                    enquete_ronde_id=ronde_id,
                    contact=secrets.token_hex(32),
                    respondent=f"mk-{secrets.token_hex(6)}",
                    wijk_code=wijk,
                    kanaal=Kanaal.EMAIL,
                    email=f"bewoner.{secrets.token_hex(6)}@example.org",
                )
                session.add(uitnodiging)
                session.flush()
                token = add_token(session, uitnodiging.id)
                bewoners.append(
                    Bewoner(
                        uitnodiging.id,
                        token,
                        wijk,
                        uitnodiging.contact,
                        uitnodiging.email or "",
                        uitnodiging.respondent,
                    )
                )
            return ronde_id, bewoners
    adressen = [f"bewoner.{secrets.token_hex(6)}@example.org" for _ in wijken]
    lijst = write_contacts(
        map_ / "bewoners.csv",
        ["E-mail", "Wijk", "Naam", "Adres", "Postcode", "Plaats"],
        [
            [adres, wijk, f"Fam. Kwast-{i}", f"Hoofdstraat {i}", "3511 AB", "Utrecht"]
            for i, (adres, wijk) in enumerate(zip(adressen, wijken, strict=True))
        ],
    )
    rapport = uitnodigen(
        store, settings, ronde_id, lijst, Kanaal.EMAIL, now=now - dt.timedelta(days=3)
    )
    assert rapport.verstuurd == len(wijken), rapport
    links = _links(settings, mailbox)
    with store.session() as session:
        rijen = {
            u.email: u
            for u in session.scalars(
                select(Uitnodiging).where(Uitnodiging.enquete_ronde_id == ronde_id)
            )
        }
        bewoners = [
            Bewoner(rijen[a].id, links[a], w, rijen[a].contact, a, None)
            for a, w in zip(adressen, wijken, strict=True)
        ]
    return ronde_id, bewoners


def _links(settings: Settings, mailbox: Mailbox) -> dict[str, str]:
    """The token of each recipient's latest mail."""
    begin = f"{settings.public_url}/t/"
    tokens: dict[str, str] = {}
    for ontvangers, bericht in mailbox.messages:
        body = bericht.get_body(("plain",))
        assert body is not None
        inhoud = body.get_content()
        at = inhoud.index(begin) + len(begin)
        tokens[ontvangers[0]] = inhoud[at : at + 43]
    return tokens


def speel(
    verloop: Verloop,
    app: Any,
    portal: BlockingPortal,
    kopieer: Callable[[str], None],
    sluit: Callable[[], None],
    herinner_nu: Callable[[], None] | None,
) -> None:
    """Residents answer; copies are taken at the moments in the module's docstring. In an
    anonymous round a reminder run goes out between the two groups of submits."""
    bewoners = verloop.bewoners
    # wijk A: 0, 1, 2, 3; wijk B: 4, 5, 6; wijk C: 7. Answering: 0, 1 (A), 4 (B, English),
    # 7 (C, alone in its wijk); 2 (A) leaves a draft.
    volgorde = [(0, "nl"), (1, "nl"), (4, "en"), (7, "nl"), (2, "nl")]
    kopieer("begin")
    for nummer, taal in volgorde:
        bewoner = bewoners[nummer]
        bewoner.browser = Browser(app, portal, _ip(nummer))
        params = {"taal": "en"} if taal == "en" else {}
        assert open_link(bewoner.browser, bewoner.token, **params) == "/formulier"
        assert post_page(bewoner.browser, 0, {"rol": "makelaar", "signalen": ["eenzaam"]})[0] == 303
        assert post_page(bewoner.browser, 1, {"uren": str(3 + nummer)})[0] == 303
        getypt = f"tekst-van-bewoner-{nummer}-{secrets.token_hex(8)}"
        verloop.getypt.append(getypt)
        status, location, body = post_page(bewoner.browser, 2, {"toelichting": getypt})
        assert (status, location) == (303, "/formulier/overzicht"), body
        if nummer == 0:
            verloop.vervangen = getypt
        _bewaar_sessie(verloop, bewoner.browser)
    kopieer("midden")
    # resident 0 goes back to the last page and replaces the text before submitting
    eerste = bewoners[0].browser
    assert eerste is not None
    nieuw = f"vervangende-tekst-{secrets.token_hex(8)}"
    verloop.getypt.append(nieuw)
    status, location, _ = post_page(eerste, 2, {"toelichting": nieuw})
    assert (status, location) == (303, "/formulier/overzicht")
    for groep, label in (((0, 1), "inzending-1"), ((4, 7), "inzending-2")):
        for nummer in groep:
            browser = bewoners[nummer].browser
            assert browser is not None
            review = browser.get("/formulier/overzicht")
            assert review.status_code == 200, review.text
            verloop.csrf_tokens.add(csrf(review.text))
            response = browser.post(
                "/formulier/overzicht",
                data={"csrf": csrf(review.text), "instance_id": instance_id(review.text)},
            )
            assert (response.status_code, response.headers.get("location")) == (
                303,
                "/formulier/bedankt",
            ), response.text
            _bewaar_sessie(verloop, browser)
        kopieer(label)
        if label == "inzending-1" and herinner_nu is not None:
            # the reminder run, with a page save of resident 2 on either side, so that the
            # commits next to a submit are not the reminder's (what a reminder run tells, who
            # had not answered yet, is for the joins to judge)
            wachter = bewoners[2].browser
            assert wachter is not None
            assert post_page(wachter, 1, {"uren": "6"})[0] == 303
            herinner_nu()
            assert post_page(wachter, 1, {"uren": "7"})[0] == 303
    sluit()
    kopieer("gesloten")
    for bewoner in bewoners:
        if bewoner.browser is not None:
            bewoner.browser.close()


def _ip(nummer: int) -> str:
    """The address resident `nummer` answers from (TEST-NET-1)."""
    return f"192.0.2.{10 + nummer}"


def _bewaar_sessie(verloop: Verloop, browser: Browser) -> None:
    cookie = browser.client.cookies.get(COOKIE)
    assert cookie, "the answering pages set no session cookie"
    verloop.cookies.add(cookie)
    page = browser.get("/formulier", params={"pagina": "0"})
    if page.status_code == 200 and 'name="csrf"' in page.text:
        verloop.csrf_tokens.add(csrf(page.text))


# -- the stores -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal() as running:
        yield running


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings with a cell size of 3 (also in the environment, for code that reads its own)."""
    root = tmp_path_factory.mktemp("aanval")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MAKELAAR_MIN_CELL_SIZE", str(MIN_CELL))
        yield Settings(data_dir=root / "data", output_dir=root / "out", min_cell_size=MIN_CELL)


@contextmanager
def sqlite_winkel(settings: Settings, migrated: Path) -> Iterator[tuple[Store, Path]]:
    """A file-backed SQLite store (WAL mode, as the product runs), migrated, and its file."""
    url = make_url(settings.resolved_database_url)
    assert url.database
    path = Path(url.database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(migrated)) as source, closing(sqlite3.connect(path)) as copy:
        source.backup(copy)
    store = Store.from_settings(settings)
    store.upgrade()
    try:
        yield store, path
    finally:
        store.dispose()


@contextmanager
def pg_winkel() -> Iterator[tuple[Store, str]]:
    """A migrated store in a database of its own (autovacuum off: dead tuples stay as an attacker
    reading the files between vacuums would find them), dropped afterwards.

    A database of its own, not only a schema: PostgreSQL keeps a deleted row's old version while
    any transaction in the same database might still see it, and the other test worker's
    transactions in the shared test database would then keep what closing the window removes.
    """
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    naam = f"mk_aanval_{uuid.uuid4().hex[:10]}"
    schema = "aanval"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{naam}"'))
    except OperationalError as exc:
        admin.dispose()
        skip_or_fail(f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc.orig}")
    url = make_url(POSTGRES_URL).set(database=naam)
    eigen = create_engine(url)
    try:
        with eigen.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        _pageinspect(eigen)
        store = Store(
            url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
                hide_password=False
            )
        )
        try:
            store.upgrade()
            with store.engine.begin() as connection:
                for (tabel,) in connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
                ):
                    connection.execute(
                        text(f'ALTER TABLE "{schema}"."{tabel}" SET (autovacuum_enabled = false)')
                    )
            yield store, schema
        finally:
            store.dispose()
    finally:
        eigen.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)'))
        admin.dispose()


def _pageinspect(admin: Any) -> None:
    """pageinspect in the public schema (as the postgres superuser); two workers may race."""
    for _ in range(3):
        try:
            with admin.begin() as connection:
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public"))
            return
        except DBAPIError as exc:  # a concurrent CREATE EXTENSION: a unique violation
            if "already exists" in str(exc) or "duplicate key" in str(exc):
                continue
            skip_or_fail(f"pageinspect is not available on {POSTGRES_URL}: {exc}")
    skip_or_fail("pageinspect could not be created (concurrent CREATE EXTENSION kept failing)")


class _Verzamelaar(logging.Handler):
    """Keeps what closing the window logged, to show it when a check of the closed copy fails."""

    def __init__(self, meldingen: list[str]) -> None:
        super().__init__(logging.INFO)
        self.meldingen = meldingen

    def emit(self, record: logging.LogRecord) -> None:
        self.meldingen.append(f"{record.levelname} {record.getMessage()}")


def draai(
    backend: str,
    modus: EnqueteModus,
    settings: Settings,
    migrated: Path,
    doel: Path,
    portal: BlockingPortal,
    labels: frozenset[str] | None = None,
) -> Verloop:
    """The scenario on one backend, with the attacker's copies (those in `labels`, or all)."""
    with ExitStack() as stack:
        meldingen: list[str] = []
        verzamelaar = _Verzamelaar(meldingen)
        opruim_log = logging.getLogger(opruimen.__name__)
        opruim_log.addHandler(verzamelaar)
        stack.callback(opruim_log.removeHandler, verzamelaar)
        mailbox = Mailbox(port=free_port())
        controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
        controller.start()
        stack.callback(controller.stop)
        # http: the test client is not on https, and a secure cookie would not come back
        settings = mail_settings(settings, mailbox.port, public_url="http://127.0.0.1:8080")
        if backend == "sqlite":
            store, path = stack.enter_context(sqlite_winkel(settings, migrated))
            cache: dict[str, Staat] = {}

            def kopieer(label: str) -> None:
                if labels is None or label in labels:
                    verloop.kopieen[label] = aanval.sqlite_kopie(path, doel, label, cache)
        else:
            store, schema = stack.enter_context(pg_winkel())

            def kopieer(label: str) -> None:
                if labels is None or label in labels:
                    with store.engine.connect() as connection:
                        verloop.kopieen[label] = aanval.pg_kopie(connection, schema, label)

        def sluit() -> None:
            sluit_enquete(store, ronde_id)

        def herinner_nu() -> None:
            rapport = herinner(store, settings, ronde_id)
            # an anonymous round reminds all eight alike: whom it skipped would have answered
            assert rapport.verstuurd == 8, rapport

        ronde_id, bewoners = maak_ronde(store, modus, settings, mailbox, doel)
        verloop = Verloop(
            backend, ronde_id, bewoners, sleutel=load_key(settings)[0], opruimmeldingen=meldingen
        )
        app = maak_app(settings, store)
        anoniem = modus == EnqueteModus.ANONIEM
        speel(verloop, app, portal, kopieer, sluit, herinner_nu if anoniem else None)
    return verloop


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("aanval-migrated") / "makelaar.db"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    store.dispose()
    return path


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def verloop(
    request: pytest.FixtureRequest,
    omgeving: Settings,
    migrated: Path,
    portal: BlockingPortal,
    tmp_path_factory: pytest.TempPathFactory,
) -> Verloop:
    """The anonymous scenario on each backend, played once per module."""
    backend = str(request.param)
    doel = tmp_path_factory.mktemp(f"kopieen-{backend}")
    settings = omgeving.model_copy(update={"data_dir": doel / "data"})
    return draai(backend, EnqueteModus.ANONIEM, settings, migrated, doel, portal)


# -- the checks -----------------------------------------------------------------------------------


def _responsen(verloop: Verloop) -> list[tuple[str, dict[str, Any]]]:
    """Every distinct anonymous response row in every state of every copy, with its copy."""
    gezien: dict[Any, tuple[str, dict[str, Any]]] = {}
    for kopie in verloop.kopieen.values():
        for staat in kopie.staten:
            for rij in aanval.anonieme_responsen(staat, verloop.ronde_id):
                gezien.setdefault(aanval._sleutel(rij), (kopie.label, rij))
    return list(gezien.values())


def test_scenario_stored_the_responses(verloop: Verloop) -> None:
    """The copies hold what the checks below look at: four responses after the submits."""
    assert (
        len(aanval.anonieme_responsen(verloop.kopie("inzending-2").laatste, verloop.ronde_id)) == 4
    )
    assert not aanval.anonieme_responsen(verloop.kopie("midden").laatste, verloop.ronde_id)


def test_no_response_value_occurs_anywhere_else(verloop: Verloop) -> None:
    """Value sharing: no value of an anonymous response but its categories (round, wijk, taal,
    bron) stands in any other table's rows in any state of any copy (equal, or inside a longer
    value), and no response value is or holds a token (hash), invitation id, contact pseudonym,
    address or session value. PostgreSQL: nor in the raw pages of any other relation."""
    universum = aanval.waarden_buiten(verloop.alle_staten)
    groot = "\x00".join(universum)
    identificatoren = verloop.identificatoren()
    uitnodigingen = {str(b.uitnodiging_id) for b in verloop.bewoners}
    fouten: list[str] = []
    responsen = _responsen(verloop)
    assert responsen
    for label, rij in responsen:
        for kolom, waarde in aanval.respons_waarden(rij).items():
            plek = f"respons.{kolom} = {waarde[:80]!r} (copy {label})"
            if waarde in ("{}", "[]"):
                continue
            if waarde in universum:
                fouten.append(f"{plek} also stands in another table")
            elif len(waarde) >= 8 and waarde in groot:
                fouten.append(f"{plek} stands inside a value of another table")
            if waarde in uitnodigingen:
                fouten.append(f"{plek} is an invitation id")
            for ident, wat in identificatoren.items():
                if ident in waarde:
                    fouten.append(f"{plek} holds the {wat}")
            if kolom == "antwoorden":
                for vrij in aanval.vrije_teksten(rij[kolom]):
                    if vrij in groot:
                        fouten.append(f"{plek}: the free text {vrij!r} stands in another table")
            if verloop.backend == "postgresql" and len(waarde) >= 8 and kolom != "antwoorden":
                for kopie in verloop.kopieen.values():
                    if waarde.encode() in kopie.buiten_respons:
                        fouten.append(f"{plek} stands in the raw pages of copy {kopie.label}")
    assert not fouten, "\n".join(sorted(set(fouten)))


def _te_kleine_groepen(verloop: Verloop, labels: tuple[str, ...]) -> tuple[int, list[str]]:
    """How many responses were judged, and each one whose compatible invitations are fewer than
    min_cell_size (tests.forms.aanval.verenigbaar), in every state of the copies `labels`."""
    fouten: list[str] = []
    geteld = 0
    for label in labels:
        kopie = verloop.kopie(label)
        for i, staat in enumerate(kopie.staten):
            for rij in aanval.anonieme_responsen(staat, verloop.ronde_id):
                geteld += 1
                kandidaten = aanval.verenigbaar(staat, rij)
                if len(kandidaten) < MIN_CELL:
                    ids = sorted(u["id"] for u in kandidaten)
                    fouten.append(
                        f"copy {kopie.label}, state {i}: respons {rij['id']} (wijk "
                        f"{rij.get('wijk_code')}, taal {rij.get('taal')}) is compatible with only "
                        f"{len(kandidaten)} invitation(s): {ids}"
                    )
    return geteld, fouten


def test_every_join_leaves_at_least_min_cell_size_invitations_after_closing(
    verloop: Verloop,
) -> None:
    """Joins, after the window closed: for each response, the invitations compatible with it on
    every attribute both sides carry (tests.forms.aanval.verenigbaar lists the joins: wijk,
    status, reminders and the mail log, times, drafts) number at least min_cell_size; a response
    from wijk C (one invitation) can only pass by carrying no wijk."""
    geteld, fouten = _te_kleine_groepen(verloop, ("gesloten",))
    assert geteld
    assert not fouten, "\n".join(fouten[:20]) + f"\n({len(fouten)} in all)"


def test_every_join_leaves_at_least_min_cell_size_invitations_while_open(
    verloop: Verloop,
) -> None:
    """Joins, on the copies taken while the window is open (right after submits, before and
    after the reminder run, with every state the copied WAL holds): the same as after closing.
    A reminder run tells who had not answered yet (who it reached, and whom it skipped while
    they were due): in wijk A, where the two residents who answered before the run are the two
    it skipped, that alone would tie each of wijk A's responses to one of two invitations."""
    geteld, fouten = _te_kleine_groepen(verloop, ("inzending-1", "inzending-2"))
    assert geteld
    assert not fouten, "\n".join(fouten[:20]) + f"\n({len(fouten)} in all)"


def test_no_draft_remnant_in_any_file(verloop: Verloop) -> None:
    """Draft remnants: the replaced text is in no byte of any copy taken after the submit; in the
    mid-answer copy no typed text stands in plaintext and no row that the answering added names
    an invitation (SQLite: the files, WAL included; PostgreSQL: every page, dead tuples too)."""
    fouten: list[str] = []
    midden = verloop.kopie("midden")
    for getypt in verloop.getypt[:-1]:
        if getypt.encode() in midden.alle_bytes:
            fouten.append(f"midden: the typed text {getypt!r} stands readable in the copy")
    for label in ("inzending-1", "inzending-2", "gesloten"):
        if verloop.vervangen.encode() in verloop.kopie(label).alle_bytes:
            fouten.append(f"{label}: the replaced text {verloop.vervangen!r} is still in the copy")
    achtergelaten = verloop.getypt[4]  # resident 2's draft, never submitted
    if achtergelaten.encode() in verloop.kopie("gesloten").alle_bytes:
        fouten.append(f"gesloten: the abandoned draft {achtergelaten!r} is still in the copy")
    identificatoren = verloop.identificatoren()
    uitnodigingen = {repr(b.uitnodiging_id) for b in verloop.bewoners}
    nieuw = aanval.verschil(verloop.kopie("begin").laatste, midden.laatste)
    for tabel, (_, erbij) in nieuw.items():
        if tabel in aanval.UITNODIGING_TABELLEN:
            continue
        for rij in erbij:
            for kolom, waarde in rij.items():
                naam = kolom in aanval.NAAM_KOLOMMEN and waarde != "None"
                if naam or (kolom.startswith("uitnodiging") and waarde in uitnodigingen):
                    fouten.append(f"midden: {tabel}.{kolom} = {waarde} names an invitation")
                for ident, wat in identificatoren.items():
                    if ident in waarde:
                        fouten.append(f"midden: {tabel}.{kolom} holds the {wat}")
    assert not fouten, "\n".join(sorted(set(fouten)))


@pytest.mark.parametrize("verloop", ["sqlite"], indirect=True)
def test_wal_history_ties_no_response_to_an_invitation(verloop: Verloop) -> None:
    """SQLite WAL history: every committed state a copied -wal holds is rebuilt and diffed with
    the one before, table by table. No commit that adds an anonymous response changes a row
    naming an invitation (uitnodiging, uitnodiging_token, verzending, any table with an
    uitnodiging_id, contact, email or respondent column), and the commits just before and after
    it change none per person (a change to every invitation of the round at once, as closing the
    window makes, names nobody)."""
    alle = {repr(b.uitnodiging_id) for b in verloop.bewoners}
    ronde = repr(verloop.ronde_id)
    fouten: list[str] = []
    inzendingen = 0
    for kopie in verloop.kopieen.values():
        stappen = [
            aanval.verschil(a, b) for a, b in zip(kopie.staten, kopie.staten[1:], strict=False)
        ]

        def per_persoon(stap: dict[str, tuple[list[Any], list[Any]]]) -> list[str]:
            uit = []
            for tabel, (weg, erbij) in stap.items():
                rijen = weg + erbij
                if not aanval.noemt_uitnodiging(tabel, rijen[0]):
                    continue
                geraakt = aanval.geraakte_uitnodigingen(tabel, rijen)
                if geraakt != alle:
                    uit.append(
                        f"{tabel} ({len(weg)} removed, {len(erbij)} added: {sorted(geraakt)})"
                    )
            return uit

        for i, stap in enumerate(stappen):
            _, erbij = stap.get("respons", ([], []))
            if not any(r["enquete_ronde_id"] == ronde for r in erbij):
                continue
            inzendingen += 1
            zelfde = [
                t for t, (weg, bij) in stap.items() if aanval.noemt_uitnodiging(t, (weg + bij)[0])
            ]
            if zelfde:
                fouten.append(
                    f"copy {kopie.label}, commit {i + 1}: adds a response and changes {zelfde}"
                )
            for j in (i - 1, i + 1):
                if 0 <= j < len(stappen) and (buren := per_persoon(stappen[j])):
                    fouten.append(
                        f"copy {kopie.label}, commit {j + 1} (next to the response in commit {i + 1}):"
                        f" changes per person {buren}"
                    )
    assert any(len(k.staten) > 1 for k in verloop.kopieen.values()), "no copied log held a commit"
    assert not fouten, f"{inzendingen} response commits seen\n" + "\n".join(sorted(set(fouten)))


@pytest.mark.parametrize("verloop", ["postgresql"], indirect=True)
def test_pg_transactions_tie_no_response_to_an_invitation(verloop: Verloop) -> None:
    """PostgreSQL row versions: no live row or dead tuple (pageinspect's heap_page_items) of a
    table naming an invitation has the transaction id (as xmin or xmax) of an anonymous
    response's xmin, unless that transaction changed every invitation of the round at once."""
    fouten: list[str] = []
    alle = {b.uitnodiging_id for b in verloop.bewoners}
    for label in ("inzending-1", "inzending-2", "gesloten"):
        kopie = verloop.kopie(label)
        staat = kopie.laatste
        responsen = staat["respons"]
        levend = [x for x in kopie.xids["respons"] if x[0] == "levend"]
        xids = {
            xmin
            for rij, (_, xmin, _) in zip(responsen, levend, strict=True)
            if rij["enquete_ronde_id"] == verloop.ronde_id
        }
        # the schema holds this round only: a dead response tuple is an earlier version of one
        # of its responses (its transaction counts as well)
        xids |= {xmin for soort, xmin, _ in kopie.xids["respons"] if soort == "tupel"}
        assert xids, f"{label}: no anonymous response found"
        for tabel, rijen in kopie.xids.items():
            if not aanval.noemt_uitnodiging(tabel, kopie.kolommen.get(tabel, [])):
                continue
            for soort, xmin, xmax in rijen:
                for xid in {xmin, xmax} & xids:
                    geheel = {
                        u["id"]
                        for u, (s, umin, _) in zip(
                            staat["uitnodiging"],
                            [x for x in kopie.xids["uitnodiging"] if x[0] == "levend"],
                            strict=True,
                        )
                        if umin == xid
                    }
                    if not alle <= geheel:
                        fouten.append(
                            f"{label}: a {soort} row of {tabel} has the transaction {xid} of a response"
                        )
    assert not fouten, "\n".join(sorted(set(fouten)))


def test_session_cookie_is_not_in_the_store(verloop: Verloop) -> None:
    """Session: no session cookie, part of one (nonce, MAC), its SHA-256, CSRF token, link token
    or the address a resident answered from occurs in any file or page of any copy, nor as a
    value in any row."""
    universum = aanval.waarden_buiten(verloop.alle_staten, uitgezonderd="")
    fouten: list[str] = []
    for ident, wat in verloop.identificatoren().items():
        if wat.startswith(("token of", "session", "part of", "SHA-256", "CSRF", "IP address")):
            if ident in universum:
                fouten.append(f"the {wat} stands as a value in the store")
            for kopie in verloop.kopieen.values():
                if ident.encode() in kopie.alle_bytes:
                    fouten.append(f"the {wat} stands in copy {kopie.label}")
    assert verloop.cookies and verloop.csrf_tokens
    assert not fouten, "\n".join(sorted(set(fouten)))


def test_no_address_left_after_the_window_closed(verloop: Verloop) -> None:
    """Closing the window deletes the contact addresses: none in the last state of the closed
    copy, and none in any byte of its files or pages (the WAL and dead tuples too); nor the names
    and postal addresses of the contact list."""
    kopie = verloop.kopie("gesloten")
    fouten = [
        f"the address of invitation {u['id']} is still in its row"
        for u in kopie.laatste["uitnodiging"]
        if u["enquete_ronde_id"] == verloop.ronde_id and u["email"] is not None
    ]
    fouten += [
        f"the address of invitation {b.uitnodiging_id} is still in the files/pages"
        for b in verloop.bewoners
        if b.email.encode() in kopie.alle_bytes
    ]
    fouten += [
        f"{wat!r} from the contact list is still in the files/pages"
        for i in range(len(verloop.bewoners))
        for wat in (f"Fam. Kwast-{i}", f"Hoofdstraat {i}")
        if wat.encode() in kopie.alle_bytes
    ]
    assert not fouten, "\n".join([*fouten, *verloop.opruimmeldingen])


def test_the_key_holder_cannot_tie_a_response_either(verloop: Verloop) -> None:
    """With the pseudonym key file: no response value, and no row the answering added in the
    mid-answer copy, is a keyed hash the key holder can make of an invitation (every "makelaar
    ..." label in the source, over its id, contact, address, token hash, round-qualified id), and
    after the window closed no such hash is left in any row but the invitation's own, nor in any
    byte of the closed copy (as hex text; binary values are judged in the rows): the answered
    marks are gone."""
    labels = aanval.labels_in_bron([ROOT / "forms", ROOT / "models"])
    assert any("sessiecookie" in label for label in labels), labels  # the source was read
    berichten = {
        f"uitnodiging {b.uitnodiging_id}": [
            str(b.uitnodiging_id),
            f"{verloop.ronde_id}:{b.uitnodiging_id}",
            f"{verloop.ronde_id}.{b.uitnodiging_id}",
            b.contact,
            b.email,
            hash_token(b.token),
        ]
        for b in verloop.bewoners
    }
    afgeleid = aanval.sleutel_afleidingen(verloop.sleutel, labels, berichten)
    fouten: list[str] = []
    nieuw = aanval.verschil(verloop.kopie("begin").laatste, verloop.kopie("midden").laatste)
    for tabel, (_, erbij) in nieuw.items():
        for rij in erbij:
            for kolom, waarde in rij.items():
                if waarde.strip("'") in afgeleid:
                    fouten.append(f"midden: {tabel}.{kolom} is {afgeleid[waarde.strip(chr(39))]}")
    for label, rij in _responsen(verloop):
        for kolom, waarde in aanval.respons_waarden(rij).items():
            for mac, wat in afgeleid.items():
                if mac in waarde:
                    fouten.append(f"respons.{kolom} (copy {label}) is {wat}")
    gesloten = verloop.kopie("gesloten")
    for tabel, rijen in gesloten.laatste.items():
        if tabel in aanval.UITNODIGING_TABELLEN:
            continue
        for rij in rijen:
            for kolom, waarde in rij.items():
                if isinstance(waarde, (bytes, memoryview)):
                    waarde = bytes(waarde).hex()
                if (t := aanval.tekst(waarde)) is not None and t in afgeleid:
                    fouten.append(f"gesloten: {tabel}.{kolom} is {afgeleid[t]}")
    for mac, wat in afgeleid.items():
        if mac in gesloten.hex_waarden:
            fouten.append(f"gesloten: {wat} is still in the files/pages")
    assert not fouten, "\n".join([*sorted(set(fouten)), *verloop.opruimmeldingen])


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_identified_round_is_linkable_by_design(
    backend: str,
    omgeving: Settings,
    migrated: Path,
    portal: BlockingPortal,
    tmp_path: Path,
) -> None:
    """The same scenario in an identified round: each response names its respondent, and the
    invitation names the same respondent: identified rounds are linkable, by design."""
    settings = omgeving.model_copy(update={"data_dir": tmp_path / "data"})
    verloop = draai(
        backend,
        EnqueteModus.IDENTIFICEERBAAR,
        settings,
        migrated,
        tmp_path,
        portal,
        labels=frozenset({"inzending-2"}),
    )
    staat = verloop.kopie("inzending-2").laatste
    responsen = aanval.anonieme_responsen(staat, verloop.ronde_id)
    assert len(responsen) == 4
    per_respondent = {u["respondent"]: u for u in staat["uitnodiging"]}
    beantwoord = {verloop.bewoners[i].uitnodiging_id for i in (0, 1, 4, 7)}
    gekoppeld = {per_respondent[r["respondent"]]["id"] for r in responsen}
    assert gekoppeld == beantwoord
    # the key holder ties resident 2's unsubmitted draft to its invitation too (it names it, or
    # its key derives from the server's key and the invitation): the attacker's tools of the
    # anonymous checks find such a link where one exists
    wachter = verloop.bewoners[2]
    afgeleid = aanval.sleutel_afleidingen(
        verloop.sleutel,
        aanval.labels_in_bron([ROOT / "forms", ROOT / "models"]),
        {"resident 2": [str(wachter.uitnodiging_id)]},
    )
    buiten = set(aanval.UITNODIGING_TABELLEN) | {"respons"}
    sporen = [
        f"{tabel}.{kolom}"
        for tabel, rijen in staat.items()
        if tabel not in buiten
        for rij in rijen
        for kolom, waarde in rij.items()
        if (kolom == "uitnodiging_id" and waarde == wachter.uitnodiging_id)
        or aanval.tekst(waarde) in afgeleid
    ]
    assert sporen, "the identified draft of resident 2 could not be tied to its invitation"
