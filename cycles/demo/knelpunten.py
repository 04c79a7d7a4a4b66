"""Deliberate, documented knelpunten in the demo year, so that a round's rules find something to decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import Field

from makelaar.cycles.demo.profiel import Gemeenteprofiel, WijkProfiel
from makelaar.models.schemas import Schema

__all__ = ["GEEN_KNELPUNTEN", "STANDAARD_KNELPUNTEN", "Knelpunten", "Plan", "plan"]

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip


class Knelpunten(Schema):
    """The demo year's bottlenecks and one strength; each lands in a wijk chosen from the CBS profile.

    A neutral value (1.0 for a factor, 0.0 for a chance) switches that knelpunt off.
    """

    #: in the wijk with the highest share of 65-plussers: how often an action reaches ouderen,
    #: relative to what that wijk's age profile predicts
    ouderen_bereik: float = Field(0.55, ge=0.0, le=1.0)
    #: in the wijk with the highest share of inhabitants with a herkomst buiten Europa (among
    #: the wijken without another knelpunt): a broker leaves on the 1st of this month ...
    vacature_vanaf_maand: int = Field(7, ge=1, le=12)
    #: ... and the wijk logs this share of its usual work for the rest of the year
    vacature_bezetting: float = Field(0.35, ge=0.0, le=1.0)
    #: in the busiest remaining wijk (inhabitants times need, so the most signals expected):
    #: the chance that a signal is never followed up
    signalen_blijven_liggen: float = Field(0.6, ge=0.0, le=1.0)
    #: gemeente-wide: from the 1st of this month the initiatievenfonds applies stricter rules ...
    fonds_strenger_vanaf_maand: int = Field(4, ge=1, le=12)
    #: ... and turns down this share of the initiatives that would otherwise have gone ahead
    fonds_afwijzing: float = Field(0.15, ge=0.0, le=1.0)
    #: in the wijk with the least need: residents start and organise activities this many times
    #: as often as elsewhere (a strength: an active bewonersvereniging and a self-run buurthuis)
    bewoners_organiseren: float = Field(1.6, ge=1.0, le=3.0)


STANDAARD_KNELPUNTEN = Knelpunten()
#: a year in which every wijk follows its CBS profile exactly
GEEN_KNELPUNTEN = Knelpunten(
    ouderen_bereik=1.0,
    vacature_bezetting=1.0,
    signalen_blijven_liggen=0.0,
    fonds_afwijzing=0.0,
    bewoners_organiseren=1.0,
)


@dataclass(frozen=True)
class Plan:
    """The knelpunten placed in this gemeente's wijken for one year (None: that one is off)."""

    knelpunten: Knelpunten
    jaar: int
    ouderen: str | None
    vacature: str | None
    signalen: str | None
    organiseren: str | None

    @property
    def vacature_vanaf(self) -> dt.date:
        return dt.date(self.jaar, self.knelpunten.vacature_vanaf_maand, 1)

    @property
    def fonds_strenger_vanaf(self) -> dt.date:
        return dt.date(self.jaar, self.knelpunten.fonds_strenger_vanaf_maand, 1)

    def ouderen_factor(self, wijk: str) -> float:
        return self.knelpunten.ouderen_bereik if wijk == self.ouderen else 1.0

    def in_vacature(self, wijk: str, datum: dt.date) -> bool:
        return wijk == self.vacature and datum >= self.vacature_vanaf

    def blijft_liggen(self, wijk: str) -> float:
        return self.knelpunten.signalen_blijven_liggen if wijk == self.signalen else 0.0

    def organiseren_factor(self, wijk: str) -> float:
        return self.knelpunten.bewoners_organiseren if wijk == self.organiseren else 1.0

    def fonds_wijst_af(self, gestart: dt.date) -> float:
        """The chance the fund turns down an initiative started on that day that would go ahead."""
        return self.knelpunten.fonds_afwijzing if gestart >= self.fonds_strenger_vanaf else 0.0


def _kies(
    wijken: Sequence[WijkProfiel],
    bezet: set[str],
    key: Callable[[WijkProfiel], tuple[float, ...] | None],
) -> str | None:
    """The inhabited wijk with the highest key, preferring wijken without a knelpunt yet."""
    kandidaten = [(k, p.code) for p in wijken if p.inwoners > 0 and (k := key(p)) is not None]
    vrij = [pair for pair in kandidaten if pair[1] not in bezet] or kandidaten
    if not vrij:
        return None
    gekozen = max(vrij)[1]
    bezet.add(gekozen)
    return gekozen


def _ouderen(p: WijkProfiel) -> tuple[float] | None:
    return None if p.pct_65_plus is None else (p.pct_65_plus,)


def _opgave(p: WijkProfiel) -> tuple[float, float]:
    """Herkomst buiten Europa (or low income where CBS has it), then need, as tie-breaker."""
    return (p.sociaaleconomisch, p.behoefte)


def _signalen(p: WijkProfiel) -> tuple[float]:
    return (p.gewicht,)  # signals are spread over the wijken like the work


def _weinig_behoefte(p: WijkProfiel) -> tuple[float]:
    return (-p.behoefte,)


def plan(knelpunten: Knelpunten, profiel: Gemeenteprofiel, jaar: int) -> Plan:
    """Where each knelpunt lands; each in a wijk of its own while there are wijken to spare."""
    bezet: set[str] = set()
    wijken = profiel.wijken
    return Plan(
        knelpunten=knelpunten,
        jaar=jaar,
        ouderen=_kies(wijken, bezet, _ouderen) if knelpunten.ouderen_bereik < 1.0 else None,
        vacature=_kies(wijken, bezet, _opgave) if knelpunten.vacature_bezetting < 1.0 else None,
        signalen=_kies(wijken, bezet, _signalen)
        if knelpunten.signalen_blijven_liggen > 0.0
        else None,
        organiseren=_kies(wijken, bezet, _weinig_behoefte)
        if knelpunten.bewoners_organiseren > 1.0
        else None,
    )


def _getal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _pct(share: float | None) -> str:
    return "onbekend" if share is None else f"{_getal(100 * share)}%"


def opmerkingen(plan: Plan, profiel: Gemeenteprofiel, namen: Mapping[str, str]) -> list[str]:
    """The knelpunten as the demo report states them, in Dutch."""
    k = plan.knelpunten
    wijken = {p.code: p for p in profiel.wijken}
    result: list[str] = []
    if plan.ouderen is not None:
        p = wijken[plan.ouderen]
        result.append(
            f"Knelpunt ouderen: in {namen[p.code]} wonen naar verhouding de meeste 65-plussers "
            f"({_pct(p.pct_65_plus)}, gemeente {_pct(profiel.pct_65_plus)}), maar de makelaars "
            f"bereiken er ouderen bij {round(100 * (1 - k.ouderen_bereik))}% minder acties dan "
            "dat profiel doet verwachten: de koffieochtend in het buurthuis is gestopt en er is "
            "geen vaste huisbezoekronde met de ouderenadviseur."
        )
    if plan.vacature is not None:
        p = wijken[plan.vacature]
        opgave = (
            f"{_pct(p.pct_herkomst)} van de inwoners heeft een herkomst buiten Europa, gemeente "
            f"{_pct(profiel.pct_herkomst)}"
            if p.laag_inkomen is None and p.pct_herkomst is not None
            else "een grote sociaaleconomische opgave"
        )
        result.append(
            f"Knelpunt bezetting: in {namen[p.code]} ({opgave}) vertrok per 1 "
            f"{MAANDEN[k.vacature_vanaf_maand - 1]} een makelaar; de vacature bleef de rest van het "
            "jaar open en de collega's deden alleen het dringende werk, ongeveer "
            f"{round(100 * k.vacature_bezetting)}% van de gewone inzet."
        )
    if plan.signalen is not None:
        result.append(
            f"Knelpunt signalen: in {namen[plan.signalen]} krijgt "
            f"{round(100 * k.signalen_blijven_liggen)}% van de signalen geen vervolg: er is geen "
            "vast overleg met het buurtteam om signalen over te dragen, en wat er wel gebeurt "
            "komt niet in het logboek."
        )
    if k.fonds_afwijzing > 0.0:
        result.append(
            f"Knelpunt initiatieven: sinds 1 {MAANDEN[k.fonds_strenger_vanaf_maand - 1]} toetst "
            "het initiatievenfonds strenger (alleen nog activiteiten voor de hele buurt, met een "
            f"eigen bijdrage); {round(100 * k.fonds_afwijzing)}% van de initiatieven die daarna "
            "begonnen en anders door waren gegaan, krijgt geen steun."
        )
    if plan.organiseren is not None:
        result.append(
            f"Sterk punt: in {namen[plan.organiseren]} organiseren bewoners vaker zelf, met een "
            "actieve bewonersvereniging en een buurthuis in zelfbeheer; er zijn "
            f"{_getal(k.bewoners_organiseren)} keer zo vaak bewonersinitiatieven en evenementen, "
            "en bewoners zijn vaker organisator."
        )
    return result
