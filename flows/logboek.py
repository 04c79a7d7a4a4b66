"""The logbook inbox as a Prefect flow: files the brokers drop in a folder are imported one by one.

Each file directly in the inbox is imported in a task of its own (one file, one transaction) and
then moved: to `verwerkt/` when it was imported (wholly, or partly with `sla_ongeldig_over`), to
`geweigerd/` with a `.rapport.txt` saying what to correct when it was refused. A file the importer
fails on for an unexpected reason (a bug, not the file's fault) goes to `geweigerd/` too, with a
report saying so (the traceback is in the run's log), so it does not fail again on every run; the
run still fails, so the bug is seen. A file that is still being written (changed in the last
`rust_s` seconds), a dotfile, a folder and the lock files office programs leave next to an open
workbook stay where they are. One run at a time works on an inbox: a second one finds the inbox's
lock held, says so, and ends without doing anything.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel, Field

from makelaar.flows.server import flow_run_api
from makelaar.intake.logboek import Importrapport, Status, als_markdown, als_tekst, importeer
from makelaar.intake.logboek.rapport import Bestandsrapport, Fout
from makelaar.models.errors import MakelaarError
from makelaar.models.markdown import markdown_literal
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.taal import Catalogus, catalogus, in_taal, vertaal

INBOX: Catalogus = catalogus(
    "logboek_inbox",
    {
        "onverwacht": {
            "nl": (
                "makelaar kon dit bestand niet verwerken door een onverwachte fout ({fout}). Er is "
                "niets uit opgeslagen. Het bestand is uit de inbox gehaald, zodat het niet bij elke "
                "run opnieuw mislukt. Meld dit aan wie makelaar beheert, met de naam van het bestand "
                "en het tijdstip {tijdstempel}; de volledige foutmelding staat in de log van de run. "
                "Zet het bestand in de inbox terug als de fout verholpen is."
            ),
            "en": (
                "makelaar could not process this file because of an unexpected error ({fout}). "
                "Nothing from it was stored. It was taken out of the inbox so that it does not fail "
                "again on every run. Report this to whoever runs makelaar, with the file name and "
                "the time {tijdstempel}; the full error is in the log of the run. Once it is fixed, "
                "put the file in the inbox again."
            ),
        },
        "onbekende_soort": {
            "nl": "het bestand is niet ingelezen (onbekende soort).",
            "en": "the file was not read (unknown kind).",
        },
        "geen_bestanden": {
            "nl": "Er zijn geen bestanden ingelezen.",
            "en": "No files were imported.",
        },
        "kop_verplaatst": {"nl": "Waar de bestanden staan", "en": "Where the files went"},
        "rapport": {"nl": "rapport", "en": "report"},
        "weigeringen": {"nl": "geweigerde rijen", "en": "rejected rows"},
        "wachtend": {"nl": "nog in gebruik, volgende run", "en": "still being written, next run"},
        "overgeslagen": {
            "nl": "tijdelijk bestand, overgeslagen",
            "en": "temporary file, left alone",
        },
        "mislukt": {"nl": "mislukt, staat nog in de inbox", "en": "failed, still in the inbox"},
        "kop_inbox": {"nl": "Nog in de inbox", "en": "Left in the inbox"},
    },
)
"""What the logbook inbox's run says about its files."""


ARTIFACT_KEY = "logboek-import"
LOCK_NAME = ".makelaar-inbox.lock"
VERWERKT = "verwerkt"
GEWEIGERD = "geweigerd"
RAPPORT_SUFFIX = ".rapport.txt"
#: a file changed less than this many seconds ago may still be being copied in
RUST_S = 10.0
#: names office programs, browsers and editors give files that are not finished or not theirs
_TEMPORARY_PREFIXES = (".", "~")  # dotfiles, `.~lock.x.xlsx#` (LibreOffice), `~$x.xlsx` (Office)
_TEMPORARY_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", "~", "#")


class Verplaatsing(BaseModel):
    """Where one inbox file went, and what came with it."""

    bestand: str  # the name it had in the inbox
    status: Status
    naar: str  # its path now (verwerkt/ or geweigerd/)
    rapport: str | None = None  # the .rapport.txt beside a refused file
    weigeringen: str | None = None  # the rejects file beside a partly imported file
    fout: str | None = None  # the unexpected error the importer failed with ('Type: message')


class InboxResultaat(BaseModel):
    """What one run of the inbox did."""

    inbox: str
    bezet: bool = False  # another run held the inbox: nothing was done
    rapport: Importrapport
    verplaatst: list[Verplaatsing] = Field(default_factory=list)
    wachtend: list[str] = Field(default_factory=list)  # too fresh: left for the next run
    overgeslagen: list[str] = Field(default_factory=list)  # temporary or lock files, left alone
    onverwacht: list[str] = Field(default_factory=list)  # importer failed: moved to geweigerd/
    mislukt: list[str] = Field(default_factory=list)  # could not even be moved: left in the inbox

    @property
    def geslaagd(self) -> bool:
        """True when no file was refused and none failed."""
        return self.rapport.geslaagd and not self.mislukt and not self.onverwacht


def default_inbox(settings: Settings) -> Path:
    """The inbox when none is given: `inbox/` in the data directory."""
    return settings.data_dir / "inbox"


def is_temporary(name: str) -> bool:
    """A dotfile, an office lock file (`~$x.xlsx`, `.~lock.x.xlsx#`) or a download in progress."""
    return name.startswith(_TEMPORARY_PREFIXES) or name.lower().endswith(_TEMPORARY_SUFFIXES)


def scan_inbox(
    inbox: Path, rust_s: float, now: float | None = None
) -> tuple[list[Path], list[Path], list[Path]]:
    """The files directly in `inbox`, sorted: (ready to import, still too fresh, temporary)."""
    moment = time.time() if now is None else now
    ready: list[Path] = []
    fresh: list[Path] = []
    temporary: list[Path] = []
    for entry in sorted(inbox.iterdir(), key=lambda p: p.name):
        if not entry.is_file():
            continue
        if is_temporary(entry.name):
            if not entry.name.startswith("."):  # dotfiles (our lock among them) go unmentioned
                temporary.append(entry)
            continue
        try:
            modified = entry.stat().st_mtime
        except FileNotFoundError:  # gone while we looked: another program moved it
            continue
        (fresh if moment - modified < rust_s else ready).append(entry)
    return ready, fresh, temporary


@contextmanager
def inbox_lock(inbox: Path) -> Iterator[bool]:
    """Hold the inbox's exclusive lock for the body; yields False when another run holds it."""
    descriptor = os.open(inbox / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                yield False
                return
            raise
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def move_without_overwrite(source: Path, folder: Path, name: str) -> Path:
    """Move `source` into `folder` as `name`, or `name` with -2, -3, ... if that name is taken."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix = _split_name(name)
    number = 1
    while True:
        target = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
        try:
            os.link(source, target)  # fails rather than replace an existing file
        except FileExistsError:
            number += 1
            continue
        except OSError:  # no hard links here (some network shares): reserve the name first
            try:
                os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            except FileExistsError:
                number += 1
                continue
            os.replace(source, target)
            return target
        source.unlink()
        return target


def _split_name(name: str) -> tuple[str, str]:
    """'a.rapport.txt' → ('a', '.rapport.txt'); 'a.xlsx' → ('a', '.xlsx'): counters go before."""
    if name.endswith(RAPPORT_SUFFIX):
        return name[: -len(RAPPORT_SUFFIX)], RAPPORT_SUFFIX
    path = Path(name)
    return path.stem, path.suffix


def write_without_overwrite(folder: Path, name: str, text: str) -> Path:
    """Write `text` to a new file `name` in `folder` (with a counter if the name is taken)."""
    stem, suffix = _split_name(name)
    number = 1
    while True:
        target = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
        try:
            with target.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            number += 1
            continue
        return target


def stamp(moment: dt.datetime | None = None) -> str:
    """The prefix of moved files: the run's local time as YYYYMMDD-HHMMSS."""
    return f"{moment or dt.datetime.now():%Y%m%d-%H%M%S}"


def _refused_without_report(path: Path, melding: str) -> Bestandsrapport:
    report = Bestandsrapport(bestand=path.name, status=Status.GEWEIGERD)
    report.voeg_fout_toe(Fout(bestand=path.name, melding=melding))
    return report


def describe_error(exc: BaseException) -> str:
    """'Type: first line of the message', at most 300 characters: no traceback for the user."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text if len(text) <= 300 else text[:299] + "…"


def unexpected_failure(path: Path, fout: str, tijdstempel: str, locale: str) -> Bestandsrapport:
    """The report of a file the importer failed on for a reason that is not the file's fault."""
    melding = vertaal(INBOX, "onverwacht", locale, fout=fout, tijdstempel=tijdstempel)
    return _refused_without_report(path, melding)


@task(name="importeer_bestand", cache_policy=NO_CACHE, persist_result=False, retries=0)
def importeer_bestand(
    store: Store,
    settings: Settings,
    pad: Path,
    *,
    tijdstempel: str,
    sla_ongeldig_over: bool = False,
    gemeente: str | None = None,
) -> tuple[Bestandsrapport, Verplaatsing]:
    """Import one inbox file (its own transaction), then move it to verwerkt/ or geweigerd/."""
    logger = get_run_logger()
    inbox = pad.parent
    verwerkt = inbox / VERWERKT
    verwerkt.mkdir(exist_ok=True)
    fout: str | None = None
    try:
        rapport = importeer(
            store,
            settings,
            [pad],
            sla_ongeldig_over=sla_ongeldig_over,
            gemeente=gemeente,
            weigeringen_map=verwerkt,  # never in the inbox itself: the next run would import it
        )
    except MakelaarError:  # not about this file (store, wijken): it stays, the run stops
        raise
    except Exception as exc:  # a bug: the file's transaction was rolled back
        logger.error("%s kon niet verwerkt worden (onverwachte fout)", pad.name, exc_info=True)
        fout = describe_error(exc)
        rapport = Importrapport(
            modus="sla_ongeldig_over" if sla_ongeldig_over else "atomair",
            bestanden=[unexpected_failure(pad, fout, tijdstempel, settings.locale)],
        )
    bestand = (
        rapport.bestanden[0]
        if rapport.bestanden
        else _refused_without_report(
            pad,
            vertaal(INBOX, "onbekende_soort", settings.locale),
        )
    )
    folder = verwerkt if bestand.status is not Status.GEWEIGERD else inbox / GEWEIGERD
    naam = f"{tijdstempel}-{pad.name}"
    naar = move_without_overwrite(pad, folder, naam)
    weigeringen: Path | None = None
    if bestand.weigeringen and Path(bestand.weigeringen).is_file():
        rejects = Path(bestand.weigeringen)
        weigeringen = move_without_overwrite(rejects, folder, f"{tijdstempel}-{rejects.name}")
        bestand = bestand.model_copy(update={"weigeringen": str(weigeringen)})
    rapport_pad: Path | None = None
    if bestand.status is Status.GEWEIGERD:
        tekst = als_tekst(Importrapport(modus=rapport.modus, bestanden=[bestand]), settings.locale)
        rapport_pad = write_without_overwrite(folder, f"{naar.name}{RAPPORT_SUFFIX}", tekst + "\n")
        logger.info(  # not a warning: the CLI shows warnings, and its report says this already
            "%s geweigerd (%s fout(en)); verplaatst naar %s",
            pad.name,
            bestand.aantal_fouten,
            naar,
        )
    else:
        logger.info(
            "%s %s: %s nieuw, %s bijgewerkt; verplaatst naar %s",
            pad.name,
            bestand.status.value,
            bestand.nieuw,
            bestand.bijgewerkt,
            naar,
        )
    return bestand, Verplaatsing(
        bestand=pad.name,
        status=bestand.status,
        naar=str(naar),
        rapport=str(rapport_pad) if rapport_pad else None,
        weigeringen=str(weigeringen) if weigeringen else None,
        fout=fout,
    )


@flow(name="logboek-inbox")
def logbook_inbox(
    inbox: str | None = None,
    sla_ongeldig_over: bool = False,
    gemeente: str | None = None,
    rust_s: float = RUST_S,
) -> InboxResultaat:
    """Import the logbook files waiting in the inbox, each in its own transaction, and file them.

    Imported files go to `verwerkt/`, refused ones to `geweigerd/` with a `.rapport.txt` beside
    them; the run's report is a markdown artifact `logboek-import`. Settings come from the
    MAKELAAR_* environment, as in a deployment.

    Args:
        inbox: the inbox folder; empty means `inbox/` in MAKELAAR_DATA_DIR.
        sla_ongeldig_over: store a file's valid rows and write its invalid ones to a rejects file.
        gemeente: CBS code of the municipality the files are about, e.g. GM0344.
        rust_s: files changed less than this many seconds ago wait for the next run.
    """
    logger = get_run_logger()
    settings = get_settings()
    folder = Path(inbox).expanduser() if inbox else default_inbox(settings)
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    modus = "sla_ongeldig_over" if sla_ongeldig_over else "atomair"
    with inbox_lock(folder) as locked:
        if not locked:
            logger.info(
                "De inbox %s wordt al door een andere run verwerkt; deze run doet niets.", folder
            )
            return InboxResultaat(inbox=str(folder), bezet=True, rapport=Importrapport(modus=modus))
        ready, fresh, temporary = scan_inbox(folder, rust_s)
        for path in fresh:
            logger.info("%s is net veranderd en wacht op de volgende run.", path.name)
        resultaat = InboxResultaat(
            inbox=str(folder),
            rapport=Importrapport(modus=modus),
            wachtend=[p.name for p in fresh],
            overgeslagen=[p.name for p in temporary],
        )
        if ready:
            resultaat = _import_all(resultaat, settings, ready, sla_ongeldig_over, gemeente)
    create_markdown_artifact(
        inbox_markdown(resultaat, settings.locale),
        key=ARTIFACT_KEY,
        description=f"Logboekimport uit {folder}",
    )
    taal = settings.locale
    problems = []
    if resultaat.onverwacht:
        problems.append(
            in_taal(
                taal,
                f"{len(resultaat.onverwacht)} bestand(en) konden door een onverwachte fout niet "
                f"verwerkt worden en staan nu met een rapport in {GEWEIGERD}/: "
                f"{', '.join(resultaat.onverwacht)}.",
                f"{len(resultaat.onverwacht)} file(s) could not be processed because of an "
                f"unexpected error and are now in {GEWEIGERD}/ with a report: "
                f"{', '.join(resultaat.onverwacht)}.",
            )
        )
    if resultaat.mislukt:
        problems.append(
            in_taal(
                taal,
                f"{len(resultaat.mislukt)} bestand(en) konden niet verwerkt worden en staan nog "
                f"in de inbox: {', '.join(resultaat.mislukt)}.",
                f"{len(resultaat.mislukt)} file(s) could not be processed and are still in the "
                f"inbox: {', '.join(resultaat.mislukt)}.",
            )
        )
    if problems:
        zie_log = in_taal(taal, "Zie de log van deze run.", "See the log of this run.")
        raise MakelaarError(" ".join([*problems, zie_log]))
    return resultaat


def _import_all(
    resultaat: InboxResultaat,
    settings: Settings,
    paths: Sequence[Path],
    sla_ongeldig_over: bool,
    gemeente: str | None,
) -> InboxResultaat:
    logger = get_run_logger()
    store = Store.from_settings(settings)
    tijdstempel = stamp()
    try:
        store.require_current()
        for path in paths:
            state = importeer_bestand(
                store,
                settings,
                path,
                tijdstempel=tijdstempel,
                sla_ongeldig_over=sla_ongeldig_over,
                gemeente=gemeente,
                return_state=True,
            )
            try:
                bestand, verplaatsing = state.result()
            except MakelaarError:  # not about this file (store, wijken): no use trying the next
                raise
            except Exception:  # not even moved (say, no permission): it waits in the inbox
                logger.exception("%s kon niet verwerkt worden; het blijft in de inbox.", path.name)
                resultaat.mislukt.append(path.name)
                continue
            resultaat.rapport.bestanden.append(bestand)
            resultaat.verplaatst.append(verplaatsing)
            if verplaatsing.fout is not None:
                resultaat.onverwacht.append(path.name)
    finally:
        store.dispose()
    return resultaat


def inbox_markdown(resultaat: InboxResultaat, locale: str = "nl") -> str:
    """The run's artifact: the import report, then where each file went and what waits."""

    def woord(key: str) -> str:
        return vertaal(INBOX, key, locale)

    lines = [als_markdown(resultaat.rapport, locale).rstrip("\n")]
    if not resultaat.rapport.bestanden:
        lines += ["", woord("geen_bestanden")]
    if resultaat.verplaatst:
        lines += ["", "## " + woord("kop_verplaatst"), ""]
        for item in resultaat.verplaatst:
            lines.append(
                f"- {markdown_literal(str(item.bestand))} → {markdown_literal(str(item.naar))}"
            )
            if item.rapport:
                lines.append(f"  - {woord('rapport')}: {markdown_literal(str(item.rapport))}")
            if item.weigeringen:
                lines.append(
                    f"  - {woord('weigeringen')}: {markdown_literal(str(item.weigeringen))}"
                )
    waiting = [
        (resultaat.wachtend, woord("wachtend")),
        (resultaat.overgeslagen, woord("overgeslagen")),
        (resultaat.mislukt, woord("mislukt")),
    ]
    if any(names for names, _ in waiting):
        lines += ["", "## " + woord("kop_inbox"), ""]
        for names, why in waiting:
            lines += [f"- {markdown_literal(name)}: {why}" for name in names]
    return "\n".join(lines) + "\n"


def run_logbook_inbox(
    settings: Settings,
    inbox: str | None = None,
    *,
    sla_ongeldig_over: bool = False,
    gemeente: str | None = None,
    rust_s: float = RUST_S,
) -> InboxResultaat:
    """Run the flow once against the configured Prefect API, or a local server started for it.

    `settings` decides where the local server keeps its state; the flow reads the store's
    settings from the environment, as it does when a worker runs the deployment.
    """
    with flow_run_api(settings):
        return logbook_inbox(
            inbox=inbox, sla_ongeldig_over=sla_ongeldig_over, gemeente=gemeente, rust_s=rust_s
        )
