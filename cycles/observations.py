"""Reads what a round observes from the store: wijken and CBS key figures (the logbook's counts per
period are cycles.tellingen's)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from makelaar.intake.cbs import display_name
from makelaar.models.tables import Kerncijfers, Wijk


@dataclass(frozen=True)
class WijkInfo:
    code: str
    naam: str  # as CBS writes it, "Wijk 01 West"
    weergave: str  # as the guide shows it, "West"


@dataclass(frozen=True)
class Profiel:
    """A region's CBS key figures for one year; None where CBS suppressed the value."""

    regiocode: str
    jaar: int
    inwoners: int | None
    leeftijd_65_plus: int | None
    huishoudens: int | None
    eenpersoonshuishoudens: int | None
    pct_huishoudens_laag_inkomen: float | None
    wmo_clienten: int | None
    herkomst_buiten_europa: int | None = None
    leeftijd_15_24: int | None = None

    def share(self, part: int | None, whole: int | None) -> float | None:
        return round(100.0 * part / whole, 1) if part is not None and whole else None

    @property
    def pct_65_plus(self) -> float | None:
        return self.share(self.leeftijd_65_plus, self.inwoners)

    @property
    def pct_eenpersoons(self) -> float | None:
        return self.share(self.eenpersoonshuishoudens, self.huishoudens)

    def components(self) -> dict[str, float | None]:
        """The profile figures the wijkanalyse ranks on (see cycles.wijkanalyse.COMPONENTS)."""
        return {
            "pct_65_plus": self.pct_65_plus,
            "pct_eenpersoons": self.pct_eenpersoons,
            "pct_huishoudens_laag_inkomen": self.pct_huishoudens_laag_inkomen,
            "wmo_per_1000": self.wmo_per_1000,
            "pct_herkomst_buiten_europa": self.pct_herkomst_buiten_europa,
        }

    @property
    def pct_herkomst_buiten_europa(self) -> float | None:
        return self.share(self.herkomst_buiten_europa, self.inwoners)

    @property
    def wmo_per_1000(self) -> float | None:
        if self.wmo_clienten is None or not self.inwoners:
            return None
        return round(1000.0 * self.wmo_clienten / self.inwoners, 1)


def wijken(session: Session, gemeente_code: str) -> list[WijkInfo]:
    rows = session.scalars(
        select(Wijk).where(Wijk.gemeente_code == gemeente_code).order_by(Wijk.code)
    )
    return [WijkInfo(w.code, w.naam, display_name(w.naam)) for w in rows]


def profielen(session: Session, codes: list[str]) -> dict[str, Profiel]:
    """The newest CBS year available for each region code."""
    newest = (
        select(Kerncijfers.regiocode, func.max(Kerncijfers.jaar).label("jaar"))
        .where(Kerncijfers.regiocode.in_(codes))
        .group_by(Kerncijfers.regiocode)
        .subquery()
    )
    rows = session.scalars(
        select(Kerncijfers).join(
            newest,
            (Kerncijfers.regiocode == newest.c.regiocode) & (Kerncijfers.jaar == newest.c.jaar),
        )
    )
    return {
        r.regiocode: Profiel(
            regiocode=r.regiocode,
            jaar=r.jaar,
            inwoners=r.inwoners,
            leeftijd_65_plus=r.leeftijd_65_plus,
            huishoudens=r.huishoudens,
            eenpersoonshuishoudens=r.eenpersoonshuishoudens,
            pct_huishoudens_laag_inkomen=r.pct_huishoudens_laag_inkomen,
            wmo_clienten=r.wmo_clienten,
            herkomst_buiten_europa=r.herkomst_buiten_europa,
            leeftijd_15_24=r.leeftijd_15_24,
        )
        for r in rows
    }
