"""The brokers' logbook: its template, and importing the files brokers really keep (xlsx, CSV, JSON)."""

from makelaar.intake.importeur import Fout, Status
from makelaar.intake.logboek.importeren import bestanden, importeer
from makelaar.intake.logboek.rapport import Bestandsrapport, Importrapport, als_markdown, als_tekst

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
