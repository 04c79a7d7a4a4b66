"""Safe reading of .xlsx files to import: refuse what is not a plain workbook before parsing it."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from models.errors import ImportFileError

MAX_FILE_BYTES = 250 * 1024**2
MAX_UNPACKED_BYTES = 2 * 1024**3
#: a member this much smaller zipped than unzipped (and over 1 MB) is taken for a zip bomb
MAX_COMPRESSION_RATIO = 200

#: what python-calamine hands back for one cell; '' for an empty cell
Cell = int | float | str | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


def check_xlsx(path: Path) -> None:
    """Raise ImportFileError unless `path` is a plain, reasonably sized xlsx (RELIABILITY §4)."""
    if not path.is_file():
        raise ImportFileError(
            "het bestand bestaat niet; verwacht een .xlsx-bestand.", file=str(path)
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"het bestand is {size // 1024**2} MB; verwacht hoogstens {MAX_FILE_BYTES // 1024**2} MB.",
            file=path.name,
        )
    if not zipfile.is_zipfile(path):
        raise ImportFileError(
            "dit is geen xlsx-bestand (Excel-werkmap); het is onleesbaar, met een wachtwoord "
            "beveiligd of in een andere indeling (zoals .xls, .csv of .ods). "
            "Sla het in Excel op als 'Excel-werkmap (.xlsx)'.",
            file=path.name,
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ImportFileError(f"het xlsx-bestand is beschadigd ({exc}).", file=path.name) from exc
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise ImportFileError(
            "dit is een zip-bestand maar geen Excel-werkmap (xl/workbook.xml ontbreekt); "
            "verwacht een .xlsx-bestand.",
            file=path.name,
        )
    unpacked = sum(member.file_size for member in members)
    bomb = any(
        member.file_size > 1024**2
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if unpacked > MAX_UNPACKED_BYTES or bomb:
        raise ImportFileError(
            f"het bestand pakt uit tot {unpacked // 1024**2} MB of is ongewoon sterk gecomprimeerd "
            "(zoals een zip-bom); zo'n bestand wordt niet gelezen.",
            file=path.name,
        )
    if any(name.startswith("xl/externalLinks/") for name in names):
        raise ImportFileError(
            "de werkmap bevat koppelingen naar andere bestanden; verbreek de koppelingen "
            "(Gegevens > Koppelingen bewerken) en sla het bestand opnieuw op.",
            file=path.name,
        )


@contextmanager
def open_workbook(path: Path) -> Iterator[CalamineWorkbook]:
    """The checked workbook, open while the block runs; read errors become ImportFileError."""
    check_xlsx(path)
    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            yield workbook
    except CalamineError as exc:
        raise ImportFileError(
            f"het bestand kan niet gelezen worden als Excel-werkmap ({exc}); "
            "verwacht een .xlsx-bestand.",
            file=path.name,
        ) from exc


def header_columns(cells: Sequence[Cell]) -> dict[str, list[int]]:
    """Lower-cased header names and the indexes they occur at (more than one if repeated)."""
    found: dict[str, list[int]] = {}
    for index, value in enumerate(cells):
        if isinstance(value, str) and value.strip():
            found.setdefault(value.strip().lower(), []).append(index)
    return found


def show(value: Cell) -> str:
    """A cell value as the user typed it, for messages: Excel's 5.0 is shown as 5."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)
