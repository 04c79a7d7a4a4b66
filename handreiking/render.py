"""Render one edition to PDF/UA and HTML, in a child process with a hard time limit.

Both files are written to temporary names in the output folder and renamed into place only when
the whole render succeeded, so a failure or timeout leaves the previous edition as it was.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from weasyprint import HTML

from makelaar.handreiking.document import build_html
from makelaar.handreiking.fetcher import LOGGER, StaticFetcher, static_url
from makelaar.models.errors import RenderError
from makelaar.models.files import sync_directory
from makelaar.models.schemas import EditionInput

PDF_VARIANT = "pdf/ua-1"
_CAPTURED_LOGGERS = ("weasyprint", LOGGER.name)


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
    fetcher = StaticFetcher()
    document = HTML(string=html, base_url=static_url(), url_fetcher=fetcher)
    with target.open("wb") as stream:
        document.write_pdf(stream, pdf_variant=PDF_VARIANT, pdf_identifier=True)
        stream.flush()
        os.fsync(stream.fileno())
    return fetcher


def _child(writer: Connection, html: str, target: Path) -> None:
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
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(writer, html, target), name="handreiking-pdf", daemon=True
    )
    process.start()
    writer.close()
    try:
        if not reader.poll(timeout_s):
            raise RenderError(
                f"Het maken van de PDF duurde langer dan {timeout_s:g} s en is gestopt; de vorige "
                "editie blijft staan. Verhoog MAKELAAR_RENDER_TIMEOUT_S als dat te krap is."
            )
        try:
            outcome: _Outcome = reader.recv()
        except EOFError:
            process.join(5)
            raise RenderError(
                f"Het proces dat de PDF maakt stopte onverwacht (exitcode {process.exitcode}); "
                "de vorige editie blijft staan."
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


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())


def _temporary(out_dir: Path, final: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=out_dir)
    os.close(handle)
    os.chmod(name, 0o644)  # a published edition is readable like any file; mkstemp makes it 0600
    return Path(name)


def render_edition(data: EditionInput, out_dir: Path, *, timeout_s: float = 120) -> RenderedEdition:
    """Write edition N as PDF/UA and HTML into out_dir, replacing earlier files only on success.

    Raises RenderError (the previous files untouched) when the templates, the renderer or the
    time limit fail.
    """
    if timeout_s <= 0:
        raise ValueError(f"timeout_s is {timeout_s!r}; geef een positief aantal seconden.")
    started = time.perf_counter()
    print_html = build_html(data, standalone=False)
    screen_html = build_html(data, standalone=True)
    pdf_path, html_path = edition_paths(out_dir, data.editie)
    try:
        outcome, pdf_bytes = _write_edition(
            data.editie, print_html, screen_html, out_dir, pdf_path, html_path, timeout_s
        )
    except OSError as exc:
        raise RenderError(
            f"Editie {data.editie} kon niet worden weggeschreven in {out_dir} ({exc}); "
            "de vorige editie blijft staan. Controleer de map en de vrije schijfruimte."
        ) from exc
    seconds = time.perf_counter() - started
    LOGGER.info("Editie %s gerenderd in %.2f s: %s", data.editie, seconds, pdf_path)
    return RenderedEdition(
        pdf=pdf_path,
        html=html_path,
        pdf_sha256=hashlib.sha256(pdf_bytes).hexdigest(),
        seconds=seconds,
        assets=tuple(outcome.assets),
        refused=tuple(outcome.refused),
    )


def _write_edition(
    editie: int,
    print_html: str,
    screen_html: str,
    out_dir: Path,
    pdf_path: Path,
    html_path: Path,
    timeout_s: float,
) -> tuple[_Outcome, bytes]:
    """Render into temporary files in out_dir and rename them into place; the PDF's bytes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    temporary_pdf = _temporary(out_dir, pdf_path)
    temporary_html = _temporary(out_dir, html_path)
    try:
        outcome = _render_isolated(print_html, temporary_pdf, timeout_s)
        if outcome.error is not None:
            raise RenderError(
                f"De PDF van editie {editie} kon niet worden gemaakt ({outcome.error}); "
                "de vorige editie blijft staan."
            )
        pdf_bytes = temporary_pdf.read_bytes()
        if not pdf_bytes.startswith(b"%PDF-"):
            raise RenderError(
                f"De PDF van editie {editie} is leeg of onvolledig; de vorige editie blijft staan."
            )
        _write_text(temporary_html, screen_html)
        os.replace(temporary_pdf, pdf_path)
        os.replace(temporary_html, html_path)
        sync_directory(out_dir)
    finally:
        temporary_pdf.unlink(missing_ok=True)
        temporary_html.unlink(missing_ok=True)
    return outcome, pdf_bytes
