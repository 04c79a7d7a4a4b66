"""Each wijk's CBS profile relative to its gemeente: it steers how much work the demo logs, and for whom."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.models.errors import StoreError
from makelaar.models.tables import Buurt, Gemeente, Kerncijfers, Wijk

__all__ = ["Gemeenteprofiel", "WijkProfiel", "profielen"]

#: weight of the socio-economic opgave in the need for broker work: low income where CBS has it,
#: else (a weaker proxy) the share of inhabitants with a migration background outside Europe
GEWICHT_LAAG_INKOMEN = 0.6
GEWICHT_HERKOMST = 0.4


@dataclass(frozen=True)
class WijkProfiel:
    """A wijk's CBS profile relative to its gemeente (1.0 = the gemeente's average)."""

    code: str
    inwoners: int
    buurten: tuple[str, ...]
    buurt_gewichten: tuple[float, ...]
    ouderen: float
    jongeren: float
    eenpersoons: float
    laag_inkomen: float | None
    herkomst: float | None  # migration background outside Europe (CBS a_neu_al)
    geboren: float | None  # born outside Europe (CBS a_geb_ne)
    pct_65_plus: float | None  # the wijk's own shares, to choose where the knelpunten are
    pct_herkomst: float | None

    @property
    def behoefte(self) -> float:
        """How much broker work the wijk needs per inhabitant, from its profile (0.6 to 1.8)."""
        score = 1 + 0.3 * (self.ouderen - 1) + 0.3 * (self.eenpersoons - 1)
        if self.laag_inkomen is not None:
            score += GEWICHT_LAAG_INKOMEN * (self.laag_inkomen - 1)
        elif self.herkomst is not None:
            score += GEWICHT_HERKOMST * (self.herkomst - 1)
        return min(max(score, 0.6), 1.8)

    @property
    def gewicht(self) -> float:
        """The wijk's share of the gemeente's work, before it is divided: inhabitants times need."""
        return max(self.inwoners, 1) * self.behoefte

    @property
    def sociaaleconomisch(self) -> float:
        """The socio-economic opgave, relative: low income where CBS has it, else herkomst."""
        return next((v for v in (self.laag_inkomen, self.herkomst) if v is not None), 1.0)

    @property
    def vluchtelingen(self) -> float:
        """How often vluchtelingen are reached, relative: by low income, else by birth outside Europe."""
        return next((v for v in (self.laag_inkomen, self.geboren) if v is not None), 1.0)


@dataclass(frozen=True)
class Gemeenteprofiel:
    """The gemeente, its wijken's profiles in code order, and remarks on missing CBS figures."""

    gemeente: Gemeente
    wijken: list[WijkProfiel]
    opmerkingen: list[str]
    pct_65_plus: float | None  # the gemeente's own shares, to compare the knelpunt wijken with
    pct_herkomst: float | None


def _share(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None


def _relative(value: float | None, average: float | None) -> float | None:
    if value is None or not average:
        return None
    return min(max(value / average, 0.3), 3.0)


def _newest(rows: Sequence[Kerncijfers], jaar: int) -> dict[str, Kerncijfers]:
    """Per region, the newest figures up to `jaar`, else the earliest later year."""
    best: dict[str, Kerncijfers] = {}
    for row in sorted(rows, key=lambda r: (r.jaar <= jaar, r.jaar if r.jaar <= jaar else -r.jaar)):
        best[row.regiocode] = row  # the last one per region wins
    return best


def _aandeel(row: Kerncijfers | None, part: str, whole: str = "inwoners") -> float | None:
    return None if row is None else _share(getattr(row, part), getattr(row, whole))


def _jong(row: Kerncijfers | None) -> float | None:
    if row is None or row.leeftijd_0_14 is None or row.leeftijd_15_24 is None:
        return None
    return _share(row.leeftijd_0_14 + row.leeftijd_15_24, row.inwoners)


def _profiel(
    wijk: Wijk,
    row: Kerncijfers | None,
    totaal: Kerncijfers | None,
    buurten: Sequence[Buurt],
    cijfers: dict[str, Kerncijfers],
) -> WijkProfiel:
    gewichten = [
        float(cijfers[b.code].inwoners or 0) if b.code in cijfers else 0.0 for b in buurten
    ]
    if not any(gewichten):
        gewichten = [1.0] * len(buurten)

    def relatief(part: str, whole: str = "inwoners") -> float | None:
        return _relative(_aandeel(row, part, whole), _aandeel(totaal, part, whole))

    inkomen = None if row is None else row.pct_huishoudens_laag_inkomen
    return WijkProfiel(
        code=wijk.code,
        inwoners=(row.inwoners or 0) if row else 0,
        buurten=tuple(b.code for b in buurten),
        buurt_gewichten=tuple(gewichten),
        ouderen=relatief("leeftijd_65_plus") or 1.0,
        jongeren=_relative(_jong(row), _jong(totaal)) or 1.0,
        eenpersoons=relatief("eenpersoonshuishoudens", "huishoudens") or 1.0,
        laag_inkomen=_relative(inkomen, totaal.pct_huishoudens_laag_inkomen if totaal else None),
        herkomst=relatief("herkomst_buiten_europa"),
        geboren=relatief("geboren_buiten_europa"),
        pct_65_plus=_aandeel(row, "leeftijd_65_plus"),
        pct_herkomst=_aandeel(row, "herkomst_buiten_europa"),
    )


def _gaten(wijken: Sequence[Wijk], profielen: Sequence[WijkProfiel]) -> list[str]:
    """Remarks on CBS figures the profile had to do without (in Dutch, for the demo report)."""
    zonder_inkomen = [p for p in profielen if p.laag_inkomen is None]
    met_herkomst = [p for p in zonder_inkomen if p.herkomst is not None]
    zonder_beide = len(zonder_inkomen) - len(met_herkomst)
    opmerkingen = []
    if met_herkomst:
        opmerkingen.append(
            f"Voor {len(met_herkomst)} van de {len(wijken)} wijken ontbreekt het aandeel "
            "huishoudens met een laag inkomen (CBS '.'); daar zijn de inzet van de makelaars en "
            "het bereik van migranten en vluchtelingen gewogen naar het aandeel inwoners met een "
            "herkomst buiten Europa en het aandeel geboren buiten Europa."
        )
    if zonder_beide:
        opmerkingen.append(
            f"Voor {zonder_beide} van de {len(wijken)} wijken ontbreken zowel het aandeel "
            "huishoudens met een laag inkomen als de herkomst van de inwoners (CBS '.'); daar zijn "
            "migranten en vluchtelingen niet naar het profiel van de wijk gewogen."
        )
    return opmerkingen


def profielen(session: Session, gemeente_code: str, jaar: int) -> Gemeenteprofiel:
    """The gemeente's profile from its newest CBS figures up to `jaar`; refused without wijken."""
    gemeente = session.get(Gemeente, gemeente_code)
    hint = (
        "Importeer eerst de CBS Kerncijfers wijken en buurten "
        "(intake.cbs.import_kerncijfers) voor deze gemeente."
    )
    hint_en = (
        "First import the CBS Kerncijfers wijken en buurten (intake.cbs.import_kerncijfers) for "
        "this municipality."
    )
    if gemeente is None:
        raise StoreError(
            f"Gemeente {gemeente_code} staat niet in de database. {hint}",
            en=f"Municipality {gemeente_code} is not in the database. {hint_en}",
        )
    wijken = session.scalars(
        select(Wijk).where(Wijk.gemeente_code == gemeente_code).order_by(Wijk.code)
    ).all()
    if not wijken:
        raise StoreError(
            f"Gemeente {gemeente_code} heeft geen wijken in de database. {hint}",
            en=f"Municipality {gemeente_code} has no districts in the database. {hint_en}",
        )
    wijk_codes = [w.code for w in wijken]
    buurten = session.scalars(
        select(Buurt).where(Buurt.wijk_code.in_(wijk_codes)).order_by(Buurt.code)
    ).all()
    codes = [gemeente_code, *wijk_codes, *(b.code for b in buurten)]
    cijfers = _newest(
        session.scalars(select(Kerncijfers).where(Kerncijfers.regiocode.in_(codes))).all(), jaar
    )
    totaal = cijfers.get(gemeente_code)
    result = [
        _profiel(
            wijk,
            cijfers.get(wijk.code),
            totaal,
            [b for b in buurten if b.wijk_code == wijk.code],
            cijfers,
        )
        for wijk in wijken
    ]
    return Gemeenteprofiel(
        gemeente=gemeente,
        wijken=result,
        opmerkingen=_gaten(wijken, result),
        pct_65_plus=_aandeel(totaal, "leeftijd_65_plus"),
        pct_herkomst=_aandeel(totaal, "herkomst_buiten_europa"),
    )
