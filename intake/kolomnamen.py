"""A plain column spec, shared by the importers of simple lists (the brokers' register, contact
lists): each field with the headers it is recognised by, and a row's cells by field name.

The logbook and the Kobo/ODK import have richer specs of their own (intake.logboek.kolommen,
forms.importkolommen); all of them plug into the skeleton of intake.importeur.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from makelaar.intake.logboek.kolommen import normalise_header
from makelaar.intake.logboek.waarden import tekst
from makelaar.intake.xlsx import Cell

__all__ = ["Cellen", "Kolomnamen"]


class Kolomnamen:
    """A plain column spec: each field with the headers it is recognised by (the first one is
    the documented header), matched whatever their case, spacing, accents or order."""

    def __init__(self, kolommen: Mapping[str, tuple[str, ...]]) -> None:
        self.kolommen = kolommen
        self._index = {normalise_header(n): veld for veld, namen in kolommen.items() for n in namen}

    def plaatsen(self, header: Sequence[str]) -> dict[str, int]:
        """Field → index of the first header that names it."""
        plaatsen: dict[str, int] = {}
        for index, kop in enumerate(header):
            veld = self._index.get(normalise_header(kop))
            if veld is not None and veld not in plaatsen:
                plaatsen[veld] = index
        return plaatsen


@dataclass(frozen=True)
class Cellen:
    """One row's cells, by field name; every value as text the way the user sees it."""

    cellen: Sequence[Cell | list[str]]
    plaatsen: Mapping[str, int]

    def __call__(self, veld: str) -> str:
        index = self.plaatsen.get(veld)
        if index is None or index >= len(self.cellen):
            return ""
        return tekst(self.cellen[index])
