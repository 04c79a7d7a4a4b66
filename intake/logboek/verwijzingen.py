"""Which wijk, buurt and broker a logbook row means: by CBS code or name, and brokers by code or name.

Brokers come from the register (`makelaar makelaars import`, intake/makelaars.py): a row
names one by its code or by its registered name, and is refused otherwise, with the known codes.
A code is unique within a gemeente, so a row's broker is looked up in the gemeente of its wijk:
two gemeenten may both have a UT-MK-01.
Nothing is registered here. A name that an earlier version stored as a pseudonymous broker (code
and name both the label `MK-…`) still finds that broker, so re-importing an old file adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.intake.cbs import display_name
from makelaar.intake.logboek.kolommen import normalise_header
from makelaar.intake.logboek.waarden import CellValueError
from makelaar.models.errors import MakelaarError
from makelaar.models.privacy import Pseudonymiser, means_nobody
from makelaar.models.tables import Buurt, Gemeente, Makelaar, Wijk

_CODE_LIKE = re.compile(r"[A-Za-z]{0,6}[-_ ]?[A-Za-z]{0,6}[-_ ]?\d+")
#: known codes named in a refusal; the rest are counted ('makelaar makelaars lijst' shows all)
GENOEMDE_CODES = 30


@dataclass
class Broker:
    id: int
    code: str  # registered code (or an earlier version's pseudonym label): what reports show
    gemeente: str
    startdatum: dt.date | None = None
    einddatum: dt.date | None = None
    #: what a row's natural key says of its broker: the code, as before codes were per gemeente,
    #: for the first broker registered with it (so re-importing a file finds its rows again);
    #: 'gemeente/code' for a later gemeente's broker with the same code, so that two gemeenten's
    #: rows with the same code and ID stay two rows
    sleutel: str = ""


@dataclass
class Verwijzingen:
    """The store's wijken, buurten and brokers, loaded once per file."""

    session: Session
    pseudonymiser: Pseudonymiser | None  # only to find an earlier version's pseudonymous brokers
    gemeente: str | None
    wijk_gemeente: dict[str, str] = field(default_factory=dict)  # wijk code → gemeente code
    wijk_naam: dict[str, str] = field(default_factory=dict)  # wijk code → name
    _wijk_index: dict[str, list[str]] = field(default_factory=dict)  # normalised name → codes
    _buurt_wijk: dict[str, str] = field(default_factory=dict)  # buurt code → wijk code
    _buurt_index: dict[tuple[str, str], str] = field(default_factory=dict)  # (wijk, name) → code
    _brokers: dict[str, list[Broker]] = field(default_factory=dict)  # casefolded code → brokers
    _namen: dict[str, list[Broker]] = field(default_factory=dict)  # normalised name → brokers
    #: (cell, wijk) → (broker, whether the cell was a name)
    _bekend: dict[tuple[str, str | None], tuple[Broker, bool]] = field(default_factory=dict)
    _codes: list[str] = field(default_factory=list)  # codes named in refusals
    _cache_wijk: dict[str, str] = field(default_factory=dict)
    koppelingen: set[tuple[int, str]] = field(default_factory=set)  # (broker id, wijk) seen

    @classmethod
    def laad(
        cls, session: Session, pseudonymiser: Pseudonymiser | None, gemeente: str | None
    ) -> Verwijzingen:
        refs = cls(session, pseudonymiser, gemeente)
        if gemeente is not None and session.get(Gemeente, gemeente) is None:
            known = session.scalars(select(Gemeente.code).order_by(Gemeente.code)).all()
            raise MakelaarError(
                f"Gemeente {gemeente!r} is onbekend; bekend zijn: {', '.join(known) or '(geen)'}. "
                "Lees eerst de CBS-kerncijfers in met 'makelaar wijken import'.",
                en=f"Municipality {gemeente!r} is unknown; known are: "
                f"{', '.join(known) or '(none)'}. First import the CBS key figures with "
                "'makelaar wijken import'.",
            )
        query = select(Wijk.code, Wijk.naam, Wijk.gemeente_code)
        if gemeente is not None:
            query = query.where(Wijk.gemeente_code == gemeente)
        for code, naam, gm in session.execute(query):
            refs.wijk_gemeente[code] = gm
            refs.wijk_naam[code] = display_name(naam)
            for name in {naam, display_name(naam)}:  # 'Wijk 03 Overvecht' and 'Overvecht'
                refs._wijk_index.setdefault(normalise_header(name), []).append(code)
        if not refs.wijk_gemeente:
            raise MakelaarError(
                "Er zijn nog geen wijken bekend"
                + (f" in gemeente {gemeente}" if gemeente else "")
                + "; lees eerst de CBS-kerncijfers in met 'makelaar wijken import PAD'.",
                en="No districts are known yet"
                + (f" in municipality {gemeente}" if gemeente else "")
                + "; first import the CBS key figures with 'makelaar wijken import PATH'.",
            )
        for code, naam, wijk in session.execute(select(Buurt.code, Buurt.naam, Buurt.wijk_code)):
            if wijk in refs.wijk_gemeente:
                refs._buurt_wijk[code] = wijk
                refs._buurt_index[(wijk, normalise_header(naam))] = code
        eerste = {  # casefolded code → the first broker registered with it, in any gemeente
            code.casefold(): broker_id
            for broker_id, code in session.execute(
                select(Makelaar.id, Makelaar.code).order_by(Makelaar.id.desc())
            )
        }
        for broker_id, code, naam, gm, start, einde in session.execute(
            select(
                Makelaar.id,
                Makelaar.code,
                Makelaar.naam,
                Makelaar.gemeente_code,
                Makelaar.startdatum,
                Makelaar.einddatum,
            ).order_by(Makelaar.code)
        ):
            if gemeente is not None and gm != gemeente:
                continue
            sleutel = code if eerste[code.casefold()] == broker_id else f"{gm}/{code}"
            broker = Broker(broker_id, code, gm, start, einde, sleutel)
            refs._brokers.setdefault(code.casefold(), []).append(broker)
            if naam != code:
                refs._namen.setdefault(normalise_header(naam), []).append(broker)
            refs._codes.append(code)
        return refs

    def wijk(self, value: str) -> str:
        found = self._cache_wijk.get(value)
        if found is not None:
            return found
        upper = value.strip().upper()
        if upper in self.wijk_gemeente:
            found = upper
        else:
            codes = self._wijk_index.get(normalise_header(value), [])
            if len(codes) > 1:
                raise CellValueError(
                    f"wijk '{value}' bestaat in meer dan één gemeente ({', '.join(codes)}); "
                    "gebruik de CBS-wijkcode of kies de gemeente met --gemeente.",
                    f"district '{value}' exists in more than one municipality "
                    f"({', '.join(codes)}); use the CBS code or choose the municipality.",
                )
            if not codes:
                names = ", ".join(sorted(self.wijk_naam.values())[:12])
                raise CellValueError(
                    f"wijk '{value}' is onbekend; gebruik de naam of de CBS-wijkcode van een "
                    f"bekende wijk: {names}.",
                    f"district '{value}' is unknown; use the name or CBS code of a known "
                    f"district: {names}.",
                )
            found = codes[0]
        self._cache_wijk[value] = found
        return found

    def buurt(self, value: str, wijk: str) -> str:
        upper = value.strip().upper()
        if upper in self._buurt_wijk:
            if self._buurt_wijk[upper] != wijk:
                raise CellValueError(
                    f"buurt {upper} ligt niet in wijk {self.wijk_naam[wijk]} maar in "
                    f"{self.wijk_naam[self._buurt_wijk[upper]]}.",
                    f"neighbourhood {upper} does not lie in {self.wijk_naam[wijk]} but in "
                    f"{self.wijk_naam[self._buurt_wijk[upper]]}.",
                )
            return upper
        found = self._buurt_index.get((wijk, normalise_header(value)))
        if found is None:
            raise CellValueError(
                f"buurt '{value}' is onbekend in wijk {self.wijk_naam[wijk]}; gebruik de naam "
                "of de CBS-buurtcode (BU…) van een buurt in die wijk, of laat de cel leeg.",
                f"neighbourhood '{value}' is unknown in {self.wijk_naam[wijk]}; use the name or "
                "CBS code of a neighbourhood in that district, or leave it empty.",
            )
        return found

    def is_makelaarcode(self, value: str) -> bool:
        """True when `value` is a registered broker's code (not a name)."""
        return value.strip().casefold() in self._brokers

    def bekende_makelaar(self, value: str, wijk: str | None = None) -> Broker:
        """The registered broker `value` names by code or by registered name, in the gemeente of
        `wijk` (a row's wijk; without one, the code or name must be one gemeente's).

        Raises CellValueError for anyone else, listing the known codes; nothing is registered here.
        """
        found = self._bekend.get((value, wijk))
        if found is None:
            found = self._zoek(value, wijk)
            self._bekend[(value, wijk)] = found
        return found[0]

    def _in_gemeente(self, brokers: list[Broker], wijk: str | None) -> list[Broker]:
        if wijk is None or wijk not in self.wijk_gemeente:
            return brokers
        return [b for b in brokers if b.gemeente == self.wijk_gemeente[wijk]]

    def _zoek(self, value: str, wijk: str | None) -> tuple[Broker, bool]:
        brokers = self._in_gemeente(self._brokers.get(value.strip().casefold(), []), wijk)
        if len(brokers) > 1:
            gemeenten = ", ".join(sorted(b.gemeente for b in brokers))
            raise CellValueError(
                f"makelaarcode '{value}' bestaat in meer dan één gemeente ({gemeenten}); vul de "
                "wijk in, of kies de gemeente met --gemeente.",
                f"broker code '{value}' exists in more than one municipality ({gemeenten}); fill "
                "in the district, or choose the municipality with --gemeente.",
            )
        if brokers:
            return brokers[0], False
        named = self._in_gemeente(self._namen.get(normalise_header(value), []), wijk)
        if len(named) > 1:
            codes = ", ".join(b.code for b in named)
            raise CellValueError(
                f"'{value}' is de naam van meer dan één geregistreerde makelaar ({codes}); "
                "gebruik de code.",
                f"'{value}' is the name of more than one registered broker ({codes}); use the "
                "code.",
            )
        if named:
            return named[0], True
        if self.pseudonymiser is not None and not means_nobody(value):
            label = self.pseudonymiser.label("makelaar", value)
            labelled = self._in_gemeente(self._brokers.get(label.casefold(), []), wijk)
            if labelled:  # registered as a pseudonym by an earlier version
                return labelled[0], True
        raise self._onbekend(value)

    def _onbekend(self, value: str) -> CellValueError:
        shown = ", ".join(self._codes[:GENOEMDE_CODES])
        rest = len(self._codes) - GENOEMDE_CODES
        registreer_nl = "registreer makelaars met 'makelaar makelaars import BESTAND'"
        registreer_en = "register brokers with 'makelaar makelaars import FILE'"
        if not self._codes:
            bekend_nl, bekend_en = f"(nog geen: {registreer_nl})", f"(none yet: {registreer_en})"
        else:
            bekend_nl, bekend_en = shown, shown
            if rest > 0:
                bekend_nl += f" en {rest} meer ('makelaar makelaars lijst' toont ze)"
                bekend_en += f" and {rest} more ('makelaar makelaars lijst' shows them)"
        if _CODE_LIKE.fullmatch(value.strip()):
            return CellValueError(
                f"makelaarcode '{value}' is onbekend; bekende codes: {bekend_nl}. Een nieuwe "
                "makelaar komt eerst in het register: 'makelaar makelaars import BESTAND'.",
                f"broker code '{value}' is unknown; known codes: {bekend_en}. A new broker is "
                "registered first: 'makelaar makelaars import FILE'.",
            )
        return CellValueError(
            f"'{value}' is geen code of naam van een geregistreerde makelaar; bekende codes: "
            f"{bekend_nl}. Een nieuwe makelaar komt eerst in het register: 'makelaar makelaars "
            "import BESTAND'.",
            f"'{value}' is not the code or name of a registered broker; known codes: "
            f"{bekend_en}. A new broker is registered first: 'makelaar makelaars import FILE'.",
        )

    def in_dienst(self, broker: Broker, datum: dt.date) -> None:
        """Raises CellValueError when `datum` lies outside the broker's registered start and end."""
        start, einde = broker.startdatum, broker.einddatum
        if (start is None or datum >= start) and (einde is None or datum <= einde):
            return
        if start is not None and einde is not None:
            nl = f"van {start:%d-%m-%Y} tot en met {einde:%d-%m-%Y}"
            en = f"from {start:%d-%m-%Y} to {einde:%d-%m-%Y}"
        elif start is not None:
            nl, en = f"vanaf {start:%d-%m-%Y}", f"from {start:%d-%m-%Y}"
        else:
            assert einde is not None
            nl, en = f"tot en met {einde:%d-%m-%Y}", f"until {einde:%d-%m-%Y}"
        raise CellValueError(
            f"{datum:%d-%m-%Y} valt buiten de periode van makelaar {broker.code} in het register "
            f"({nl}). Klopt de datum, de makelaar, of de start- of einddatum in het register "
            "('makelaar makelaars lijst')?",
            f"{datum:%d-%m-%Y} lies outside the time broker {broker.code} is registered "
            f"({en}). Is the date right, the broker, or the start or end date in the register "
            "('makelaar makelaars lijst')?",
        )

    def makelaar(self, value: str, wijk: str) -> tuple[Broker, str | None]:
        """The broker, and the clear name when `value` was one (for screening, never stored)."""
        broker = self.bekende_makelaar(value, wijk)
        self.koppelingen.add((broker.id, wijk))
        return broker, value if self._bekend[(value, wijk)][1] else None
