"""Which wijk, buurt and broker a logbook row means: by CBS code or name, and brokers by code or name.

A broker's name never enters the store: a name that is not a registered broker code becomes a
pseudonymous broker (code and name both the label `MK-…`), registered on first sight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from cycles.sources.cbs import display_name
from cycles.sources.logboek.kolommen import normalise_header
from cycles.sources.logboek.waarden import Waardefout
from models.errors import MakelaarError
from models.privacy import Pseudonymiser
from models.tables import Buurt, Gemeente, Makelaar, Wijk

_CODE_LIKE = re.compile(r"[A-Za-z]{0,6}[-_ ]?[A-Za-z]{0,6}[-_ ]?\d+")


@dataclass
class Broker:
    id: int
    code: str  # registered code or pseudonym label: what reports show


@dataclass
class Verwijzingen:
    """The store's wijken, buurten and brokers, loaded once per file."""

    session: Session
    pseudonymiser: Pseudonymiser
    gemeente: str | None
    wijk_gemeente: dict[str, str] = field(default_factory=dict)  # wijk code → gemeente code
    wijk_naam: dict[str, str] = field(default_factory=dict)  # wijk code → name
    _wijk_index: dict[str, list[str]] = field(default_factory=dict)  # normalised name → codes
    _buurt_wijk: dict[str, str] = field(default_factory=dict)  # buurt code → wijk code
    _buurt_index: dict[tuple[str, str], str] = field(default_factory=dict)  # (wijk, name) → code
    _brokers: dict[str, Broker] = field(default_factory=dict)  # casefolded code / name → broker
    _cache_wijk: dict[str, str] = field(default_factory=dict)
    nieuwe_makelaars: list[str] = field(default_factory=list)
    koppelingen: set[tuple[int, str]] = field(default_factory=set)  # (broker id, wijk) seen

    @classmethod
    def laad(
        cls, session: Session, pseudonymiser: Pseudonymiser, gemeente: str | None
    ) -> Verwijzingen:
        refs = cls(session, pseudonymiser, gemeente)
        if gemeente is not None and session.get(Gemeente, gemeente) is None:
            known = session.scalars(select(Gemeente.code).order_by(Gemeente.code)).all()
            raise MakelaarError(
                f"Gemeente {gemeente!r} is onbekend; bekend zijn: {', '.join(known) or '(geen)'}. "
                "Lees eerst de CBS-kerncijfers in met 'makelaar wijken import'."
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
                + "; lees eerst de CBS-kerncijfers in met 'makelaar wijken import PAD'."
            )
        for code, naam, wijk in session.execute(select(Buurt.code, Buurt.naam, Buurt.wijk_code)):
            if wijk in refs.wijk_gemeente:
                refs._buurt_wijk[code] = wijk
                refs._buurt_index[(wijk, normalise_header(naam))] = code
        for broker_id, code, naam in session.execute(
            select(Makelaar.id, Makelaar.code, Makelaar.naam)
        ):
            broker = Broker(broker_id, code)
            refs._brokers[code.casefold()] = broker
            refs._brokers.setdefault(normalise_header(naam), broker)
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
                raise Waardefout(
                    f"wijk '{value}' bestaat in meer dan één gemeente ({', '.join(codes)}); "
                    "gebruik de CBS-wijkcode of kies de gemeente met --gemeente.",
                    f"district '{value}' exists in more than one municipality "
                    f"({', '.join(codes)}); use the CBS code or choose the municipality.",
                )
            if not codes:
                names = ", ".join(sorted(self.wijk_naam.values())[:12])
                raise Waardefout(
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
                raise Waardefout(
                    f"buurt {upper} ligt niet in wijk {self.wijk_naam[wijk]} maar in "
                    f"{self.wijk_naam[self._buurt_wijk[upper]]}.",
                    f"neighbourhood {upper} does not lie in {self.wijk_naam[wijk]} but in "
                    f"{self.wijk_naam[self._buurt_wijk[upper]]}.",
                )
            return upper
        found = self._buurt_index.get((wijk, normalise_header(value)))
        if found is None:
            raise Waardefout(
                f"buurt '{value}' is onbekend in wijk {self.wijk_naam[wijk]}; gebruik de naam "
                "of de CBS-buurtcode (BU…) van een buurt in die wijk, of laat de cel leeg.",
                f"neighbourhood '{value}' is unknown in {self.wijk_naam[wijk]}; use the name or "
                "CBS code of a neighbourhood in that district, or leave it empty.",
            )
        return found

    def bekende_makelaar_stil(self, value: str) -> Broker | None:
        """The registered broker `value` names, or None (also for unknown codes)."""
        return self._brokers.get(value.casefold()) or self._brokers.get(normalise_header(value))

    def bekende_makelaar(self, value: str) -> Broker | None:
        """The registered broker `value` names; None for a name (which would become a pseudonym).

        Raises Waardefout for a value that looks like a code but is not a registered one.
        """
        broker = self.bekende_makelaar_stil(value)
        if broker is not None:
            return broker
        if _CODE_LIKE.fullmatch(value.strip()):
            known = sorted({b.code for b in self._brokers.values()})
            raise Waardefout(
                f"makelaarcode '{value}' is onbekend; bekende codes: "
                f"{', '.join(known[:10]) or '(nog geen)'}. Een naam mag ook: die wordt als "
                "pseudoniem bewaard.",
                f"broker code '{value}' is unknown; known codes: "
                f"{', '.join(known[:10]) or '(none yet)'}. A name is also accepted.",
            )
        return None

    def makelaar(self, value: str, wijk: str) -> tuple[Broker, str | None]:
        """The broker, and the clear name when `value` was one (for screening, never stored)."""
        broker = self.bekende_makelaar(value)
        if broker is not None:
            self.koppelingen.add((broker.id, wijk))
            return broker, None
        label = self.pseudonymiser.label("makelaar", value)
        broker = self._brokers.get(label.casefold())
        if broker is None:
            record = Makelaar(code=label, naam=label, gemeente_code=self.wijk_gemeente[wijk])
            self.session.add(record)
            self.session.flush()
            broker = Broker(record.id, label)
            self._brokers[label.casefold()] = broker
            self.nieuwe_makelaars.append(label)
        self._brokers[value.casefold()] = broker
        self.koppelingen.add((broker.id, wijk))
        return broker, value
