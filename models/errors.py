"""Every error makelaar raises on purpose, so callers can catch by kind and the CLI can print one line.

MakelaarError                  base; `error.tekst(taal)` is a complete sentence for the user
├── ConfigurationError         a setting has a value that cannot work (names setting and value)
├── StoreError                 the project database cannot be reached or is not migrated
├── ImportFileError            a file to import is not what was expected (file, sheet, row, column),
│                              said in both languages (str(error) is the Dutch)
├── CycleLoadError             a registered cycle failed to load or breaks the contract
├── RoundError                 a round cannot start or continue (unknown, wrong state)
├── RenderError                the handreiking could not be rendered; the previous edition stands
└── PrefectServerError         the local Prefect API did not start or answer
"""

from __future__ import annotations

from makelaar.models.taal import Catalogus, catalogus, in_taal, vertaal


class MakelaarError(Exception):
    """Base class: the message is meant for the person at the keyboard.

    Most errors are said in the user's language where they are raised (`in_taal`). One raised
    where no language is at hand (a period that does not parse, a round that does not exist)
    carries its English beside the Dutch: `RoundError(nl, en=...)`; str(error) is the Dutch.
    tests/test_foutmeldingen_taal.py fails on one made with a Dutch text and no English.
    """

    def __init__(self, *args: object, en: str | None = None) -> None:
        super().__init__(*args)
        self._engels = en

    def tekst(self, taal: str | None) -> str:
        """The message in `taal`: its English where it carries one, else the message itself."""
        return in_taal(taal, str(self), self._engels if self._engels is not None else str(self))


class ConfigurationError(MakelaarError):
    """A setting has a value that cannot work."""


class StoreError(MakelaarError):
    """The project database cannot be used as it is."""


PLAATS: Catalogus = catalogus(
    "importbestand_plaats",
    {
        "bestand": {"nl": "bestand {bestand}", "en": "file {bestand}"},
        "blad": {"nl": "blad {blad!r}", "en": "sheet {blad!r}"},
        "rij": {"nl": "rij {rij}", "en": "row {rij}"},
        "kolom": {"nl": "kolom {kolom!r}", "en": "column {kolom!r}"},
    },
)
"""Where in a file an ImportFileError is: 'bestand X, blad 'Y', rij 3, kolom 'Z''."""


def bestandsplaats(
    taal: str | None,
    bestand: str,
    blad: str | None = None,
    rij: int | None = None,
    kolom: str | None = None,
) -> str:
    """The file, and the sheet, row and column where known, in `taal`: the one way every error
    in a file to import (an ImportFileError, an importer's report) says where it is."""
    parts = [vertaal(PLAATS, "bestand", taal, bestand=bestand)]
    if blad is not None:
        parts.append(vertaal(PLAATS, "blad", taal, blad=blad))
    if rij is not None:
        parts.append(vertaal(PLAATS, "rij", taal, rij=rij))
    if kolom is not None:
        parts.append(vertaal(PLAATS, "kolom", taal, kolom=kolom))
    return ", ".join(parts)


class ImportFileError(MakelaarError):
    """A file to import is not what was expected.

    Raised where the problem is found, often far from the user's settings (a reader of CSV or
    XLSX files), so it carries its message in both languages, `nl` and `en`, each saying what is
    wrong and what would be valid; whoever tells the user picks one with `tekst(taal)` (place and
    message) or `melding(taal)` (the message alone). str(error) is the Dutch `tekst`. An `en`
    of None would say the message in Dutch in both languages (its place still in the reader's);
    tests/test_foutmeldingen_taal.py refuses one written in the source.
    """

    def __init__(
        self,
        nl: str,
        en: str | None,
        *,
        file: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.nl = nl
        self.en = en
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.value = value
        super().__init__(self.tekst("nl"))

    def melding(self, taal: str | None) -> str:
        """What is wrong and what would be valid, in `taal`, without the place."""
        return in_taal(taal, self.nl, self.nl if self.en is None else self.en)

    def plaats(self, taal: str | None) -> str:
        """The file, and the sheet, row and column where known, in `taal`."""
        return bestandsplaats(taal, self.file, self.sheet, self.row, self.column)

    def tekst(self, taal: str | None) -> str:
        return f"{self.plaats(taal)}: {self.melding(taal)}"


class CycleLoadError(MakelaarError):
    """A registered cycle failed to load or does not satisfy the Cycle contract.

    `problem` is what is wrong in Dutch, `en` the same in English (None where it is not ours to
    say, as an exception the plugin raised: then it is given as it is in both).
    """

    def __init__(self, name: str, entry_point: str, problem: str, en: str | None = None) -> None:
        self.name = name
        self.entry_point = entry_point
        self.problem = problem
        self.problem_en = problem if en is None else en
        super().__init__(
            f"Cyclus {name!r} ({entry_point}) kan niet geladen worden: {problem}",
            en=f"Cycle {name!r} ({entry_point}) cannot be loaded: {self.problem_en}",
        )

    def probleem(self, taal: str | None) -> str:
        """What is wrong with the cycle, in `taal`."""
        return in_taal(taal, self.problem, self.problem_en)


class RoundError(MakelaarError):
    """A round cannot start or continue."""


class RenderError(MakelaarError):
    """The handreiking could not be rendered; the previous edition is left as it was."""


class PrefectServerError(MakelaarError):
    """The local Prefect API did not start or did not answer."""
