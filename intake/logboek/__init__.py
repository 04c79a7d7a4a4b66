"""The brokers' logbook: its template, and importing the files brokers really keep (xlsx, CSV, JSON)."""

from intake.importeur import Fout, Status
from intake.logboek.importeren import bestanden, importeer
from intake.logboek.rapport import Bestandsrapport, Importrapport, als_markdown, als_tekst

__all__ = [
    "Bestandsrapport",
    "Fout",
    "Importrapport",
    "Status",
    "als_markdown",
    "als_tekst",
    "bestanden",
    "importeer",
]
