"""A round's stored indicator values as a reader sees them: named, with their interval, the previous
round's value and the change since, for `makelaar indicatoren`, the export and the Prefect table.

`ronde_indicatoren` reads what a round stored (cycles.rounds.stored_indicators) together with the
cycle's declarations (names, unit, breakdowns), the names of the keys (wijk and gemeente names
from the store, doelgroepen from models.domain) and the values of the previous round of the same
gemeente and cycle (cycles.rounds.previous_round). The change's interval comes from
cycles.onzekerheid, chosen by the statistic the indicator declares: Newcombe's interval for a
difference of two shares, the exact interval of the ratio of two rates per 1,000 or of two counts
(per day observed), Welch's interval for two means. A sum of persons or hours has no interval of
its change. What a value does not carry (no
numerator and denominator stored, a suppressed value in either round) gives no interval either:
it is shown as "–", never guessed.

A suppressed value publishes nothing but the fact and its reason (`reden`, a rule of
intake.disclosure): no value, no interval, no basis, no change.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from makelaar.cycles.onzekerheid import (
    Verschil,
    lezing,
    verhouding_rates,
    verschil_gemiddelden,
    verschil_proporties,
)
from makelaar.cycles.registry import load_cycles
from makelaar.cycles.rounds import (
    get_round,
    list_rounds,
    previous_round,
    stored_indicators,
    today_in_nl,
)
from makelaar.cycles.spec import Indicator
from makelaar.intake.disclosure import KRUIS, KRUIS_SLEUTEL
from makelaar.models.domain import DOELGROEP_LABELS
from makelaar.models.errors import MakelaarError
from makelaar.models.schemas import IndicatorValue, RoundRef
from makelaar.models.store import Store
from makelaar.models.taal import Catalogus, catalogus, in_taal, vertaal
from makelaar.models.tables import Gemeente, Wijk

__all__ = [
    "GEEN",
    "IndicatorRegel",
    "RondeIndicatoren",
    "alle_rondes",
    "getal",
    "laatste_ronde",
    "ronde_indicatoren",
]

#: what is shown where a figure has no value, interval or change
GEEN = "–"

TEKSTEN: Catalogus = catalogus(
    "indicatorweergave",
    {
        "geen_rondes": {
            "nl": "Er is nog geen ronde met indicatoren. Voer eerst een ronde uit: 'makelaar demo' "
            "of 'makelaar round run'.",
            "en": "There is no round with indicators yet. Run a round first: 'makelaar demo' or "
            "'makelaar round run'.",
        },
        "onbekende_ronde": {
            "nl": "Ronde {ronde} bestaat niet; bestaande rondes: {bekend}.",
            "en": "Round {ronde} does not exist; existing rounds: {bekend}.",
        },
        "onderdrukt": {"nl": "onderdrukt ({reden})", "en": "suppressed ({reden})"},
        "onderdrukt_kort": {"nl": "onderdrukt", "en": "suppressed"},
        "geen_reden": {"nl": "reden niet vastgelegd", "en": "reason not recorded"},
        "dimensie.gemeente": {"nl": "gemeente", "en": "municipality"},
        "dimensie.wijk": {"nl": "wijk", "en": "district"},
        "dimensie.doelgroep": {"nl": "doelgroep", "en": "target group"},
        "dimensie.actietype": {"nl": "soort actie", "en": "kind of action"},
        "dimensie.categorie": {"nl": "categorie", "en": "category"},
    },
)


@dataclass(frozen=True)
class IndicatorRegel:
    """One value of a round as shown: the value, what it is, and how it compares with last round."""

    waarde: IndicatorValue
    declaratie: Indicator | None  # None for a value of an indicator the cycle no longer declares
    naam: str  # the indicator's name in the reader's language (its id when not declared)
    sleutel_naam: str  # the wijk's or gemeente's name, the doelgroep's label, else the key
    vorige: IndicatorValue | None  # the same value in the previous round, when there was one
    verschil: Verschil | None  # the change with its interval, where the unit has one

    #: the names of the key's parts, in order (one for a plain breakdown, more for a cross table)
    deelnamen: tuple[str, ...] = ()

    def delen(self) -> list[tuple[str, str, str]]:
        """(breakdown, key, name) of each part: ("wijk", "WK034401", "Wijk 01 West") and, for a
        cross table "wijk×doelgroep" with key "WK034401|ouderen", the doelgroep too."""
        dimensies = self.waarde.dimensie.split(KRUIS)
        sleutels = self.waarde.sleutel.split(KRUIS_SLEUTEL)
        if len(dimensies) != len(sleutels):  # not a cross key after all: the key as it is
            return [(self.waarde.dimensie, self.waarde.sleutel, self.sleutel_naam)]
        namen = self.deelnamen if len(self.deelnamen) == len(sleutels) else tuple(sleutels)
        return list(zip(dimensies, sleutels, namen, strict=True))

    @property
    def eenheid(self) -> str:
        return self.declaratie.eenheid if self.declaratie else ""

    @property
    def sleutel_pad(self) -> str:
        """ "indicator/dimensie/sleutel", as findings cite their evidence."""
        v = self.waarde
        return f"{v.indicator}/{v.dimensie}/{v.sleutel}"

    def verandering(self) -> float | None:
        """This round's value minus the previous round's (None when either is not published)."""
        huidig, vorig = self.waarde, self.vorige
        if vorig is None or huidig.onderdrukt or vorig.onderdrukt:
            return None
        if huidig.waarde is None or vorig.waarde is None:
            return None
        return huidig.waarde - vorig.waarde

    def lezing(self, taal: str) -> str:
        """The change in plain words ("hoger dan vorige ronde"); '' when it has no interval."""
        return "" if self.verschil is None else lezing(self.verschil, "vorige", taal)


@dataclass
class RondeIndicatoren:
    """A round, its cycle's declarations, and its values shown with the previous round's."""

    ronde: RoundRef
    vorige_ronde: RoundRef | None
    declaraties: dict[str, Indicator]
    regels: list[IndicatorRegel] = field(default_factory=list)

    def sleutels(self, dimensie: str) -> dict[str, str]:
        """The keys the round has values for in `dimensie` (on their own or in a cross table),
        with their names, in order."""
        result: dict[str, str] = {}
        for regel in self.regels:
            for deel, sleutel, naam in regel.delen():
                if deel == dimensie:
                    result.setdefault(sleutel, naam)
        return result

    def dimensies(self) -> list[str]:
        """The breakdowns the round has values for, in order of first appearance."""
        return list(dict.fromkeys(r.waarde.dimensie for r in self.regels))


def dimensie_naam(dimensie: str, taal: str) -> str:
    """A breakdown's name for a reader ("wijk", "doelgroep", "wijk × doelgroep"); an unknown
    one as it is."""
    if KRUIS in dimensie:
        return " × ".join(dimensie_naam(deel, taal) for deel in dimensie.split(KRUIS))
    key = f"dimensie.{dimensie}"
    return vertaal(TEKSTEN, key, taal) if key in TEKSTEN else dimensie


def laatste_ronde(store: Store, taal: str = "nl") -> RoundRef:
    """The latest round that stored indicator values; MakelaarError when none did."""
    for ronde in reversed(list_rounds(store)):
        if stored_indicators(store, ronde.id):
            return ronde
    raise MakelaarError(vertaal(TEKSTEN, "geen_rondes", taal))


def _ronde(store: Store, ronde_id: int, taal: str) -> RoundRef:
    bekend = [r.id for r in list_rounds(store)]
    if ronde_id not in bekend:
        raise MakelaarError(
            vertaal(
                TEKSTEN,
                "onbekende_ronde",
                taal,
                ronde=ronde_id,
                bekend=", ".join(map(str, bekend)) or GEEN,
            )
        )
    return get_round(store, ronde_id)


def declaraties(cyclus: str) -> dict[str, Indicator]:
    """The indicators the cycle declares by id; none when the cycle is no longer installed."""
    registry = load_cycles()
    cycle = registry.cycles.get(cyclus)
    if cycle is None:
        return {}
    return {indicator.id: indicator for indicator in getattr(cycle, "indicatoren", ())}


def _delen(waarde: IndicatorValue) -> list[tuple[str, str]]:
    dimensies = waarde.dimensie.split(KRUIS)
    sleutels = waarde.sleutel.split(KRUIS_SLEUTEL)
    if len(dimensies) != len(sleutels):
        return [(waarde.dimensie, waarde.sleutel)]
    return list(zip(dimensies, sleutels, strict=True))


def _sleutelnamen(store: Store, waarden: Iterable[IndicatorValue]) -> dict[tuple[str, str], str]:
    """The name of every (breakdown, key) the values use, parts of cross keys included."""
    codes = {deel for v in waarden for deel in _delen(v)}
    namen: dict[tuple[str, str], str] = {}
    with store.session() as session:
        wijken = [s for d, s in codes if d == "wijk"]
        if wijken:
            for code, naam in session.execute(
                select(Wijk.code, Wijk.naam).where(Wijk.code.in_(wijken))
            ):
                namen["wijk", code] = naam
        gemeenten = [s for d, s in codes if d == "gemeente"]
        if gemeenten:
            for code, naam in session.execute(
                select(Gemeente.code, Gemeente.naam).where(Gemeente.code.in_(gemeenten))
            ):
                namen["gemeente", code] = naam
    for groep, label in DOELGROEP_LABELS.items():
        namen["doelgroep", groep.value] = label
    return namen


def _soort(declaratie: Indicator | None) -> str | None:
    """The statistic a change is judged by: the declared one, else the one the unit implies."""
    if declaratie is None:
        return None
    if declaratie.statistiek is not None:
        return declaratie.statistiek
    return {"%": "wilson", "per 1.000": "poisson", "gemiddeld": "t"}.get(declaratie.eenheid)


def waargenomen_dagen(ronde: RoundRef, vandaag: dt.date | None = None) -> int:
    """The days of the round's period observed so far (all of them once it has ended)."""
    einde = min(ronde.einde, vandaag or today_in_nl())
    return max((einde - ronde.begin).days + 1, 1)


def verschil(
    declaratie: Indicator | None,
    huidig: IndicatorValue,
    vorig: IndicatorValue | None,
    dagen: tuple[int, int] = (1, 1),
) -> Verschil | None:
    """The change from `vorig` to `huidig` with its interval (cycles.onzekerheid), by the
    statistic the indicator declares (or its unit implies):

    - "wilson", a share (teller of noemer): Newcombe's interval of the difference, in percentage
      points for a "%";
    - "poisson" with a noemer, a rate per 1,000 (teller events among noemer inhabitants): the
      exact interval of the ratio of the two rates per inhabitant and day observed;
    - "poisson" without one, a count (teller, else the value): the same ratio with the days of
      each period observed (`dagen`: this round's, the previous round's) as exposure, so that a
      half-year is not "lower" than a year for being shorter;
    - "t", a mean (noemer observations, spreiding their standard deviation): Welch's interval.

    None for any other indicator, a suppressed value, or one that does not carry what it needs.
    """
    soort = _soort(declaratie)
    if vorig is None or huidig.onderdrukt or vorig.onderdrukt or soort is None:
        return None
    h, v = huidig, vorig
    try:
        if soort == "wilson" and None not in (h.teller, h.noemer, v.teller, v.noemer):
            assert h.teller is not None and h.noemer is not None
            assert v.teller is not None and v.noemer is not None
            uitkomst = verschil_proporties(h.teller, h.noemer, v.teller, v.noemer)
            schaal = 100.0 if declaratie is not None and declaratie.eenheid == "%" else 1.0
            return Verschil(uitkomst.interval.maal(schaal), uitkomst.soort)
        if soort == "poisson" and h.noemer is not None and v.noemer is not None:
            if h.teller is None or v.teller is None:
                return None
            # inhabitants times days observed: person-days, as for a count below
            return verhouding_rates(
                round(h.teller), h.noemer * dagen[0], round(v.teller), v.noemer * dagen[1]
            )
        if soort == "poisson":
            nu = h.teller if h.teller is not None else h.waarde
            toen = v.teller if v.teller is not None else v.waarde
            if nu is None or toen is None:
                return None
            return verhouding_rates(round(nu), dagen[0], round(toen), dagen[1])
        if soort == "t" and None not in (h.noemer, h.waarde, h.spreiding):
            if None in (v.noemer, v.waarde, v.spreiding):
                return None
            assert h.noemer is not None and h.waarde is not None and h.spreiding is not None
            assert v.noemer is not None and v.waarde is not None and v.spreiding is not None
            return verschil_gemiddelden(
                round(h.noemer), h.waarde, h.spreiding, round(v.noemer), v.waarde, v.spreiding
            )
    except ValueError:  # too few observations, no events at all: no interval to give
        return None
    return None


def ronde_indicatoren(
    store: Store, ronde_id: int | None = None, taal: str = "nl"
) -> RondeIndicatoren:
    """The round's values (the latest round with values when `ronde_id` is None), shown."""
    ronde = laatste_ronde(store, taal) if ronde_id is None else _ronde(store, ronde_id, taal)
    gedeclareerd = declaraties(ronde.cyclus)
    waarden = stored_indicators(store, ronde.id)
    vorige_ronde = previous_round(store, ronde)
    vorige: dict[tuple[str, str, str], IndicatorValue] = {}
    if vorige_ronde is not None:
        vorige = {
            (v.indicator, v.dimensie, v.sleutel): v
            for v in stored_indicators(store, vorige_ronde.id)
        }
    namen = _sleutelnamen(store, waarden)
    dagen = (
        waargenomen_dagen(ronde),
        waargenomen_dagen(vorige_ronde) if vorige_ronde is not None else 1,
    )

    def deelnamen(waarde: IndicatorValue) -> tuple[str, ...]:
        return tuple(namen.get(deel, deel[1]) for deel in _delen(waarde))

    result = RondeIndicatoren(ronde=ronde, vorige_ronde=vorige_ronde, declaraties=gedeclareerd)
    for waarde in waarden:
        declaratie = gedeclareerd.get(waarde.indicator)
        vorig = vorige.get((waarde.indicator, waarde.dimensie, waarde.sleutel))
        result.regels.append(
            IndicatorRegel(
                waarde=waarde,
                declaratie=declaratie,
                naam=declaratie.naam(taal) if declaratie else waarde.indicator,
                sleutel_naam=" | ".join(deelnamen(waarde)),
                vorige=vorig,
                verschil=verschil(declaratie, waarde, vorig, dagen),
                deelnamen=deelnamen(waarde),
            )
        )
    return result


def alle_rondes(store: Store, taal: str = "nl") -> list[RondeIndicatoren]:
    """Every round that stored values, oldest first, shown; MakelaarError when none did."""
    rondes = [r for r in list_rounds(store) if stored_indicators(store, r.id)]
    if not rondes:
        raise MakelaarError(vertaal(TEKSTEN, "geen_rondes", taal))
    return [ronde_indicatoren(store, r.id, taal) for r in rondes]


def getal(
    waarde: float | None, taal: str, *, teken: bool = False, decimalen: int | None = None
) -> str:
    """A figure as a reader writes it: '43,8' in Dutch, '43.8' in English; '–' for none.

    With `decimalen` None a whole number has no decimals and any other one; else that many.
    `teken` puts '+' before a positive figure.
    """
    if waarde is None or math.isnan(waarde):
        return GEEN
    if math.isinf(waarde):
        return "∞" if waarde > 0 else "-∞"
    if decimalen is None:
        decimalen = 0 if float(waarde).is_integer() else 1
    tekst = f"{waarde:{'+' if teken else ''},.{decimalen}f}"
    # English keeps 1,234.5; Dutch writes 1.234,5
    return in_taal(taal, tekst.replace(",", " ").replace(".", ",").replace(" ", "."), tekst)


def reden(waarde: IndicatorValue, taal: str) -> str:
    """Why a suppressed value was suppressed: its rule, or that none was recorded."""
    return waarde.reden or vertaal(TEKSTEN, "geen_reden", taal)


def reden_tekst(waarde: IndicatorValue, taal: str) -> str:
    """'onderdrukt (<reden>)' for a suppressed value."""
    return vertaal(TEKSTEN, "onderdrukt", taal, reden=reden(waarde, taal))


def gefilterd(
    regels: Sequence[IndicatorRegel],
    *,
    dimensie: str | None = None,
    sleutel: str | None = None,
    indicator: str | None = None,
) -> list[IndicatorRegel]:
    """The lines of one indicator, of one key of a breakdown (on its own or as part of a cross
    table: `dimensie="wijk"` finds "wijk×doelgroep" values of that wijk too), or both."""
    return [
        r
        for r in regels
        if (indicator is None or r.waarde.indicator == indicator)
        and (
            dimensie is None
            or any(
                deel == dimensie and (sleutel is None or code == sleutel)
                for deel, code, _ in r.delen()
            )
        )
    ]
