"""The demo's brokers: two or three per wijk by population and need, and who works where on a given day."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from makelaar.cycles.demo.catalogus import FIRST_NAMES, INITIALS
from makelaar.cycles.demo.knelpunten import Plan
from makelaar.cycles.demo.profiel import WijkProfiel

__all__ = ["Bezetting", "DemoMakelaar", "code_prefix", "makelaars"]


@dataclass(frozen=True)
class DemoMakelaar:
    code: str
    naam: str
    wijken: tuple[str, ...]


def code_prefix(naam: str, code: str) -> str:
    """The first two letters of the gemeente's name (UT for Utrecht), else its code."""
    letters = [c for c in unicodedata.normalize("NFKD", naam).upper() if "A" <= c <= "Z"]
    return "".join(letters[:2]) if len(letters) >= 2 else code


def makelaars(rng: random.Random, profielen: list[WijkProfiel], prefix: str) -> list[DemoMakelaar]:
    """2–3 brokers per wijk by population and need; one or two also cover a second wijk."""
    gemiddeld = sum(p.gewicht for p in profielen) / len(profielen)
    aantal = {p.code: 3 if p.gewicht > gemiddeld else 2 for p in profielen}
    klein = sorted(profielen, key=lambda p: (p.inwoners, p.code))
    paren = min(2 if len(profielen) >= 6 else 1, len(profielen) // 2)
    gedeeld = {klein[2 * i].code: klein[2 * i + 1].code for i in range(paren)}
    for kleinste in gedeeld:
        aantal[kleinste] = max(aantal[kleinste] - 1, 1)
    voornamen = rng.sample(FIRST_NAMES, len(FIRST_NAMES))
    letters = {voornaam: rng.sample(INITIALS, len(INITIALS)) for voornaam in voornamen}
    result: list[DemoMakelaar] = []
    for profiel in profielen:
        wijken_per_makelaar: list[tuple[str, ...]] = [(profiel.code,)] * aantal[profiel.code]
        if profiel.code in gedeeld:
            wijken_per_makelaar.append((profiel.code, gedeeld[profiel.code]))
        for wijken in wijken_per_makelaar:
            ronde, plek = divmod(len(result), len(voornamen))  # unique names up to 760 brokers
            voornaam = voornamen[plek]
            naam = f"{voornaam} {letters[voornaam][ronde % len(INITIALS)]}."
            result.append(DemoMakelaar(f"{prefix}-MK-{len(result) + 1:02d}", naam, wijken))
    return result


@dataclass(frozen=True)
class Bezetting:
    """Which brokers log work in a wijk on a day: once the vacancy starts, the one who left does not."""

    makelaars: Sequence[DemoMakelaar]
    ids: Mapping[str, int]
    plan: Plan

    @cached_property
    def vertrokken(self) -> str | None:
        """The broker who left the vacancy wijk: the first one who worked only there."""
        return next(
            (m.code for m in self.makelaars if m.wijken == (self.plan.vacature,)),
            None,
        )

    def gewichten(self, wijk: str, datum: dt.date) -> dict[int, float]:
        """Broker ids at work in the wijk that day; one shared with another wijk counts half."""
        weg = self.vertrokken if self.plan.in_vacature(wijk, datum) else None
        return {
            self.ids[m.code]: 1.0 if len(m.wijken) == 1 else 0.5
            for m in self.makelaars
            if wijk in m.wijken and m.code != weg
        }

    def ids_in(self, wijk: str, datum: dt.date) -> list[int]:
        return list(self.gewichten(wijk, datum))
