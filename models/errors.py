"""Every error makelaar raises on purpose, so callers can catch by kind and the CLI can print one line.

MakelaarError                  base; str(error) is a complete Dutch sentence for the user
├── ConfigurationError         a setting has a value that cannot work (names setting and value)
├── StoreError                 the project database cannot be reached or is not migrated
├── ImportFileError            a file to import is not what was expected (file, sheet, row, column)
├── CycleLoadError             a registered cycle failed to load or breaks the contract
├── RoundError                 a round cannot start or continue (unknown, wrong state)
├── RenderError                the handreiking could not be rendered; the previous edition stands
└── PrefectServerError         the local Prefect API did not start or answer
"""

from __future__ import annotations


class MakelaarError(Exception):
    """Base class: the message is meant for the person at the keyboard."""


class ConfigurationError(MakelaarError):
    """A setting has a value that cannot work."""


class StoreError(MakelaarError):
    """The project database cannot be used as it is."""


class ImportFileError(MakelaarError):
    """A file to import is not what was expected."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        where = [f"bestand {file}"]
        if sheet is not None:
            where.append(f"blad {sheet!r}")
        if row is not None:
            where.append(f"rij {row}")
        if column is not None:
            where.append(f"kolom {column!r}")
        super().__init__(f"{', '.join(where)}: {message}")
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.value = value


class CycleLoadError(MakelaarError):
    """A registered cycle failed to load or does not satisfy the Cycle contract."""

    def __init__(self, name: str, entry_point: str, problem: str) -> None:
        super().__init__(f"Cyclus {name!r} ({entry_point}) kan niet geladen worden: {problem}")
        self.name = name
        self.entry_point = entry_point
        self.problem = problem


class RoundError(MakelaarError):
    """A round cannot start or continue."""


class RenderError(MakelaarError):
    """The handreiking could not be rendered; the previous edition is left as it was."""


class PrefectServerError(MakelaarError):
    """The local Prefect API did not start or did not answer."""
