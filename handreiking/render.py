"""Render one edition to PDF/UA and HTML, in a child process with a hard time limit.

Both files are written to temporary names in the output folder (`.handreiking-editie-N.pdf.*.tmp`)
and renamed into place only when the whole render succeeded, so a failure or timeout leaves the
previous edition as it was. `prepare_edition` stops before the rename: the caller records the
edition (cycles.edities) and then installs the files, or discards them.

No temporary file outlives its writer. The writer holds a lock on each of its temporary files
(a POSIX record lock, which the kernel drops when the process ends, `kill -9` included), and
every render first removes the temporary files in its folder that no living writer holds. The
child that renders the PDF dies with the process that started it (Linux: PR_SET_PDEATHSIG), so
it cannot keep writing into a file after its parent was killed.
"""

from __future__ import annotations

import ctypes
import fcntl
import hashlib
import logging
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from makelaar.handreiking.document import build_html
from makelaar.handreiking.static_files import LOGGER, static_url
from makelaar.models.errors import RenderError
from makelaar.models.files import sync_directory
from makelaar.models.schemas import EditionInput

if TYPE_CHECKING:
    from makelaar.handreiking.fetcher import StaticFetcher

PDF_VARIANT = "pdf/ua-1"
_CAPTURED_LOGGERS = ("weasyprint", LOGGER.name)
#: prctl(2) option: the signal a process gets when the thread that forked it ends
_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None

#: the temporary files this process writes (a record lock does not keep out the process itself)
_own_temporaries: set[Path] = set()
_temporaries_guard = threading.Lock()


@dataclass(frozen=True)
class RenderedEdition:
    """The files of one rendered edition, and what the renderer read to make them."""

    pdf: Path
    html: Path
    pdf_sha256: str
    seconds: float = 0.0
    assets: tuple[Path, ...] = ()  # files served from handreiking/static/
    refused: tuple[str, ...] = ()  # URLs the fetcher refused


@dataclass
class _Outcome:
    """What the child process reports back: an error or nothing, plus its log records."""

    error: str | None
    records: list[dict[str, object]] = field(default_factory=list)
    assets: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


class _Collector(logging.Handler):
    """Keeps log records as plain fields, so the child can send them and the parent replay them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        exc_text = record.exc_text
        if record.exc_info and not exc_text:
            exc_text = logging.Formatter().formatException(record.exc_info)
        self.records.append(
            {
                "name": record.name,
                "levelno": record.levelno,
                "levelname": record.levelname,
                "msg": record.getMessage(),
                "pathname": record.pathname,
                "filename": record.filename,
                "module": record.module,
                "lineno": record.lineno,
                "funcName": record.funcName,
                "created": record.created,
                "exc_text": exc_text,
                "process": record.process,
            }
        )


def edition_paths(out_dir: Path, editie: int) -> tuple[Path, Path]:
    """Where edition N lives in out_dir: (handreiking-editie-N.pdf, handreiking-editie-N.html)."""
    stem = f"handreiking-editie-{editie}"
    return out_dir / f"{stem}.pdf", out_dir / f"{stem}.html"


def write_pdf(html: str, target: Path) -> StaticFetcher:
    """Render `html` to a PDF/UA file at `target`; every resource goes through one StaticFetcher."""
    from weasyprint import HTML  # imported before the fork, in _render_isolated

    from makelaar.handreiking.fetcher import StaticFetcher

    fetcher = StaticFetcher()
    document = HTML(string=html, base_url=static_url(), url_fetcher=fetcher)
    with target.open("wb") as stream:
        document.write_pdf(stream, pdf_variant=PDF_VARIANT, pdf_identifier=True)
        stream.flush()
        os.fsync(stream.fileno())
    return fetcher


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this (forked) process when its parent ends; if it already ended,
    end now."""
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _child(writer: Connection, html: str, target: Path, parent: int) -> None:
    _die_with_parent(parent)
    collector = _Collector()
    for name in _CAPTURED_LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers = [collector]
        logger.propagate = False
    outcome = _Outcome(error=None)
    try:
        fetcher = write_pdf(html, target)
        outcome.assets, outcome.refused = fetcher.served, fetcher.refused
    except Exception as exc:  # every failure goes to the parent, which raises RenderError
        LOGGER.debug("De PDF kon niet worden gemaakt.", exc_info=exc)
        outcome.error = f"{type(exc).__name__}: {exc}"
    outcome.records = collector.records
    writer.send(outcome)
    writer.close()


def _render_isolated(html: str, target: Path, timeout_s: float) -> _Outcome:
    """Run write_pdf in a forked child; kill it when it takes longer than timeout_s."""
    # WeasyPrint is imported here, before the fork, so no child imports it again (~1 s each);
    # not at the top: the modules that import this one for its paths and types (the cycles,
    # every `makelaar` command that loads them) do not render
    import makelaar.handreiking.fetcher  # noqa: F401  (with WeasyPrint)

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(
        target=_child,
        args=(writer, html, target, os.getpid()),
        name="handreiking-pdf",
        daemon=True,
    )
    process.start()
    writer.close()
    try:
        if not reader.poll(timeout_s):
            raise RenderError(
                f"Het maken van de PDF duurde langer dan {timeout_s:g} s en is gestopt; de vorige "
                "editie blijft staan. Verhoog MAKELAAR_RENDER_TIMEOUT_S als dat te krap is.",
                en=f"Making the PDF took longer than {timeout_s:g} s and was stopped; the "
                "previous edition stands. Raise MAKELAAR_RENDER_TIMEOUT_S if that is too tight.",
            )
        try:
            outcome: _Outcome = reader.recv()
        except EOFError:
            process.join(5)
            raise RenderError(
                f"Het proces dat de PDF maakt stopte onverwacht (exitcode {process.exitcode}); "
                "de vorige editie blijft staan.",
                en=f"The process that makes the PDF stopped unexpectedly (exit code "
                f"{process.exitcode}); the previous edition stands.",
            ) from None
    finally:
        reader.close()
        if process.is_alive():
            process.kill()
        process.join()
    for fields in outcome.records:
        record = logging.makeLogRecord(fields)
        logging.getLogger(record.name).handle(record)
    return outcome


class _Temporary:
    """A temporary file next to `final`, locked by this process until it is closed.

    Another process's cleanup (remove_stale_temporaries) may open a file between its creation
    and its lock: then the lock is refused or the name no longer leads to this file, and
    another name is tried.
    """

    def __init__(self, out_dir: Path, final: Path) -> None:
        # named by its resolved path, as remove_stale_temporaries sees it: known as this one's
        for _ in range(10):
            with _temporaries_guard:
                handle, name = tempfile.mkstemp(
                    prefix=f".{final.name}.", suffix=".tmp", dir=out_dir.resolve()
                )
                path = Path(name)
                _own_temporaries.add(path)
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if os.stat(path).st_ino == os.fstat(handle).st_ino:
                    os.chmod(path, 0o644)  # readable like any published file; mkstemp makes 0600
                    self.path, self.descriptor = path, handle
                    return
            except OSError:
                pass  # taken by a cleanup that thought it stale: try another name
            os.close(handle)
            with _temporaries_guard:
                _own_temporaries.discard(path)
        raise OSError(f"geen tijdelijk bestand te maken naast {final}")

    def read_bytes(self) -> bytes:
        """The file's content, read through the locked descriptor (closing any other descriptor
        of the file would end this process's lock on it)."""
        size = os.fstat(self.descriptor).st_size
        chunks: list[bytes] = []
        offset = 0
        while offset < size:
            chunk = os.pread(self.descriptor, min(size - offset, 1 << 20), offset)
            if not chunk:
                break
            chunks.append(chunk)
            offset += len(chunk)
        return b"".join(chunks)

    def write_text(self, text: str) -> None:
        data = text.encode("utf-8")
        os.ftruncate(self.descriptor, 0)
        offset = 0
        while offset < len(data):
            offset += os.pwrite(self.descriptor, data[offset:], offset)
        os.fsync(self.descriptor)

    def close(self) -> None:
        """Remove the file if it was not renamed into place, and give up its lock."""
        with _temporaries_guard:
            self.path.unlink(missing_ok=True)
            _own_temporaries.discard(self.path)
        os.close(self.descriptor)


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Remove the edition's temporary files in out_dir whose writer has ended (killed, say):
    a file no process holds a lock on. Returns the files removed."""
    removed: list[Path] = []
    if not out_dir.is_dir():
        return removed
    with _temporaries_guard:
        for path in sorted(out_dir.resolve().glob(".handreiking-editie-*.tmp")):
            if path in _own_temporaries:
                continue  # another thread of this process writes it
            try:
                descriptor = os.open(path, os.O_RDWR)
            except FileNotFoundError:
                continue
            try:
                fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(descriptor)  # a living writer holds it
                continue
            path.unlink(missing_ok=True)
            os.close(descriptor)
            removed.append(path)
    if removed:
        LOGGER.info(
            "%s tijdelijke bestanden van een afgebroken render verwijderd uit %s",
            len(removed),
            out_dir,
        )
    return removed


def file_sha256(path: Path) -> str | None:
    """The sha256 of the file at `path`, or None when there is none."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    return digest.hexdigest()


def _same_text(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return False


@dataclass
class PreparedEdition:
    """An edition rendered into temporary files, not yet in place (`install` puts it there).

    `unchanged` says the files in place already are this edition (the HTML is the same text and
    the PDF has the recorded sha256): nothing was rendered and `install` changes nothing.
    """

    editie: int
    pdf: Path
    html: Path
    pdf_sha256: str
    unchanged: bool
    seconds: float = 0.0
    assets: tuple[Path, ...] = ()
    refused: tuple[str, ...] = ()
    _pdf_tmp: _Temporary | None = None
    _html_tmp: _Temporary | None = None

    def install(self) -> RenderedEdition:
        """Rename the files into place (replacing the edition's earlier files); RenderError when
        the folder refuses."""
        if self._pdf_tmp is not None and self._html_tmp is not None:
            out_dir = self.pdf.parent
            try:
                os.replace(self._pdf_tmp.path, self.pdf)
                os.replace(self._html_tmp.path, self.html)
                sync_directory(out_dir)
            except OSError as exc:
                raise _unwritable(self.editie, out_dir, exc) from exc
            LOGGER.info("Editie %s gerenderd in %.2f s: %s", self.editie, self.seconds, self.pdf)
        return RenderedEdition(
            pdf=self.pdf,
            html=self.html,
            pdf_sha256=self.pdf_sha256,
            seconds=self.seconds,
            assets=self.assets,
            refused=self.refused,
        )

    def discard(self) -> None:
        """Remove what was not installed (after install: nothing left to remove)."""
        for temporary in (self._pdf_tmp, self._html_tmp):
            if temporary is not None:
                temporary.close()
        self._pdf_tmp = self._html_tmp = None


def _unwritable(editie: int, out_dir: Path, exc: OSError) -> RenderError:
    return RenderError(
        f"Editie {editie} kon niet worden weggeschreven in {out_dir} ({exc}); "
        "de vorige editie blijft staan. Controleer de map en de vrije schijfruimte.",
        en=f"Edition {editie} could not be written to {out_dir} ({exc}); the previous edition "
        "stands. Check the folder and the free disk space.",
    )


@contextmanager
def prepared_edition(
    data: EditionInput,
    out_dir: Path,
    *,
    timeout_s: float = 120,
    recorded_sha256: str | None = None,
) -> Iterator[PreparedEdition]:
    """Render edition N into temporary files in out_dir, to `install` while inside; leaving
    removes whatever was not installed. With `recorded_sha256` (the edition's row), files in
    place that are already this edition are kept as they are (PreparedEdition.unchanged).

    Raises RenderError (every file in place untouched) when the templates, the renderer, the
    time limit or the folder fail.
    """
    if timeout_s <= 0:
        raise ValueError(f"timeout_s is {timeout_s!r}; geef een positief aantal seconden.")
    started = time.perf_counter()
    print_html = build_html(data, standalone=False)
    screen_html = build_html(data, standalone=True)
    pdf_path, html_path = edition_paths(out_dir, data.editie)
    if (
        recorded_sha256
        and _same_text(html_path, screen_html)
        and file_sha256(pdf_path) == recorded_sha256
    ):
        LOGGER.info("Editie %s is ongewijzigd en niet opnieuw gerenderd: %s", data.editie, pdf_path)
        yield PreparedEdition(data.editie, pdf_path, html_path, recorded_sha256, unchanged=True)
        return
    prepared = _render_to_temporaries(
        data.editie, print_html, screen_html, pdf_path, html_path, timeout_s
    )
    prepared.seconds = time.perf_counter() - started
    try:
        yield prepared
    finally:
        prepared.discard()


def _render_to_temporaries(
    editie: int,
    print_html: str,
    screen_html: str,
    pdf_path: Path,
    html_path: Path,
    timeout_s: float,
) -> PreparedEdition:
    out_dir = pdf_path.parent
    temporaries: list[_Temporary] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(out_dir)
        temporaries.append(_Temporary(out_dir, pdf_path))
        temporaries.append(_Temporary(out_dir, html_path))
        pdf_tmp, html_tmp = temporaries
        outcome = _render_isolated(print_html, pdf_tmp.path, timeout_s)
        if outcome.error is not None:
            raise RenderError(
                f"De PDF van editie {editie} kon niet worden gemaakt ({outcome.error}); "
                "de vorige editie blijft staan.",
                en=f"The PDF of edition {editie} could not be made ({outcome.error}); the "
                "previous edition stands.",
            )
        pdf_bytes = pdf_tmp.read_bytes()
        if not pdf_bytes.startswith(b"%PDF-") or b"%%EOF" not in pdf_bytes[-64:]:
            raise RenderError(
                f"De PDF van editie {editie} is leeg of onvolledig; de vorige editie blijft staan.",
                en=f"The PDF of edition {editie} is empty or incomplete; the previous edition "
                "stands.",
            )
        html_tmp.write_text(screen_html)
    except OSError as exc:
        for temporary in temporaries:
            temporary.close()
        raise _unwritable(editie, out_dir, exc) from exc
    except BaseException:
        for temporary in temporaries:
            temporary.close()
        raise
    return PreparedEdition(
        editie=editie,
        pdf=pdf_path,
        html=html_path,
        pdf_sha256=hashlib.sha256(pdf_bytes).hexdigest(),
        unchanged=False,
        assets=tuple(outcome.assets),
        refused=tuple(outcome.refused),
        _pdf_tmp=pdf_tmp,
        _html_tmp=html_tmp,
    )


def render_edition(data: EditionInput, out_dir: Path, *, timeout_s: float = 120) -> RenderedEdition:
    """Write edition N as PDF/UA and HTML into out_dir, replacing earlier files only on success.

    Raises RenderError (the previous files untouched) when the templates, the renderer or the
    time limit fail.
    """
    with prepared_edition(data, out_dir, timeout_s=timeout_s) as prepared:
        return prepared.install()
