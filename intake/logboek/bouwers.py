"""Building stored records from logbook rows that were read and checked (intake.logboek.rijen).

A builder per record kind plugs the logbook's store step into the import skeleton: sociale
acties, signalen and casussen become one stored row per logbook row, written in batches
(opslaan.Batchschrijver); bewonersinitiatieven are steps in an initiative's life cycle, applied
in order. A row's wijk, buurt and broker are looked up in the register (verwijzingen), its free
text screened, its persons pseudonymised, and its natural key made here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.intake.logboek.kolommen import CASUSSEN, Recordsoort, Soort
from makelaar.intake.logboek.opslaan import Batchschrijver
from makelaar.intake.logboek.rapport import Bestandsrapport
from makelaar.intake.logboek.verwijzingen import Broker, Verwijzingen
from makelaar.intake.logboek.waarden import CellValueError
from makelaar.models.domain import InitiatiefStatus
from makelaar.models.privacy import Pseudonymiser, Screener
from makelaar.models.tables import (
    Bewonersinitiatief,
    Casus,
    InitiatiefStatusWijziging,
    Signaal,
    SocialeActie,
)
from makelaar.models.upsert import insert_missing


class Bestand(Protocol):
    """What a builder uses of the file being imported (intake.logboek.importeren's import)."""

    pad: Path
    pseudonymiser: Pseudonymiser
    rapport: Bestandsrapport
    volgsleutels: Volgsleutels
    _aanvoer: Counter[tuple[str, str, str]]
    _gezien: set[int]

    def _koppel(self, refs: Verwijzingen, screener: Screener, value: str, wijk: str) -> Broker: ...
    def _scherm(self, screener: Screener, text: str | None) -> str | None: ...
    def _persoon(self, soort: str, value: str | None) -> str | None: ...


ACTIE_VELDEN = (
    "sleutel",
    "datum",
    "makelaar_id",
    "wijk_code",
    "buurt_code",
    "actietype",
    "actietype_anders",
    "partners",
    "partner_organisaties",
    "bereikt",
    "bewoners_organisator",
    "bewoners_deelnemer",
    "doelgroepen",
    "resultaat",
    "uren",
    "notitie",
    "bron",
)
SIGNAAL_VELDEN = (
    "sleutel",
    "datum",
    "makelaar_id",
    "wijk_code",
    "buurt_code",
    "soort",
    "categorie",
    "omschrijving",
    "opvolging",
    "status",
    "melder",
    "bron",
)
CASUS_VELDEN = (
    "sleutel",
    "huishouden",
    "makelaar_id",
    "wijk_code",
    "aangemeld_op",
    "eerste_contact",
    "aanbieders_start",
    "aanbieders_afsluiting",
    "treden",
    "afgesloten_op",
    "afsluiting",
    "tevredenheid",
    "notitie",
    "bron",
)
STANDAARD: dict[str, dict[str, Any]] = {
    "acties": {
        "partners": list,
        "partner_organisaties": list,
        "bereikt": 0,
        "bewoners_organisator": 0,
        "bewoners_deelnemer": 0,
        "doelgroepen": list,
        "uren": 0.0,
    },
    "signalen": {},
    "casussen": {"treden": list},
}

#: an initiative's steps: a later report may not go back (idee → ondersteund → gerealiseerd)
STAP = {
    InitiatiefStatus.IDEE: 0,
    InitiatiefStatus.ONDERSTEUND: 1,
    InitiatiefStatus.NIET_ONDERSTEUND: 1,
    InitiatiefStatus.GEREALISEERD: 2,
    InitiatiefStatus.GESTRAND: 2,
}
EINDE = {
    InitiatiefStatus.GEREALISEERD,
    InitiatiefStatus.NIET_ONDERSTEUND,
    InitiatiefStatus.GESTRAND,
}


class Bouwer(Protocol):
    def __call__(self, waarden: dict[str, Any], nummer: int) -> None: ...
    def klaar(self) -> None: ...


def controleer_verwijzingen(refs: Verwijzingen, waarden: dict[str, Any]) -> list[CellValueError]:
    """The wijk, buurt and broker errors of a row that is refused anyway (nothing registered)."""
    found: list[CellValueError] = []
    wijk = None
    if waarden.get("wijk"):
        try:
            wijk = _ref("wijk", refs.wijk, waarden["wijk"])
        except CellValueError as exc:
            found.append(exc)
    if wijk is not None and waarden.get("buurt"):
        try:
            _ref("buurt", refs.buurt, waarden["buurt"], wijk)
        except CellValueError as exc:
            found.append(exc)
    if waarden.get("makelaar"):
        try:
            _ref("makelaar", refs.bekende_makelaar, waarden["makelaar"], wijk)
        except CellValueError as exc:
            found.append(exc)
    return found


def _ref(veld: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call a reference lookup; its error is about column `veld`."""
    try:
        return fn(*args)
    except CellValueError as exc:
        exc.veld = veld
        raise


def _sleutel(*parts: object) -> tuple[str, int]:
    """The stored natural key (128 bits as 32 hex) and a 64-bit fingerprint for in-memory checks.

    A short key keeps the unique index small, which is what a million-row import waits on.
    """
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).digest()
    return digest.hex(), int.from_bytes(digest[:8], "big")


class Volgsleutels:
    """Keys for rows without an ID: the n-th identical row of a file gets ordinal n.

    A key is blake2b(base, ordinal); the ordinal is the lowest one whose fingerprint is not in
    `gezien` yet (so a re-import gives every row the key it had). The last ordinal given per base
    is remembered, so n identical rows cost n digests, not n²/2.
    """

    def __init__(self, gezien: set[int]) -> None:
        self.gezien = gezien
        self.digests = 0  # digests computed, for the test that this stays linear
        self._laatste: dict[int, int] = {}  # fingerprint of ordinal 1 → last ordinal given

    def _digest(self, base: str, ordinal: int) -> tuple[str, int]:
        self.digests += 1
        digest = hashlib.blake2b(f"{base}\x1f{ordinal}".encode(), digest_size=16).digest()
        return digest.hex(), int.from_bytes(digest[:8], "big")

    def sleutel(self, base: str) -> str:
        key, first = self._digest(base, 1)
        if first not in self.gezien:
            self.gezien.add(first)
            return key
        # every ordinal up to the last one given is taken (`gezien` only grows)
        ordinal = self._laatste.get(first, 1)
        while True:
            ordinal += 1
            key, fingerprint = self._digest(base, ordinal)
            if fingerprint not in self.gezien:
                self.gezien.add(fingerprint)
                self._laatste[first] = ordinal
                return key


_DELEN = re.compile(r"[,;/\n]")


def naamdelen(value: str) -> list[str]:
    """The parts of a person cell that look like names: 'Fam. Yilmaz, Kanaalstraat 12' → the
    family name, not the address or a file number (parts with digits or '@' are no names)."""
    return [
        part.strip()
        for part in _DELEN.split(value)
        if part.strip() and not any(c.isdigit() for c in part) and "@" not in part
    ]


class Rijfout(Exception):
    def __init__(self, veld: str, waarde: str | None, nl: str, en: str) -> None:
        super().__init__(nl)
        self.veld, self.waarde, self.nl, self.en = veld, waarde, nl, en


class Recordbouwer:
    """Sociale acties, signalen and casussen: a stored row per logbook row, written in batches."""

    def __init__(
        self,
        imp: Bestand,
        session: Session,
        soort: Recordsoort,
        refs: Verwijzingen,
        screener: Screener,
    ) -> None:
        self.imp, self.soort, self.refs, self.screener = imp, soort, refs, screener
        table, velden = {
            "acties": (SocialeActie.__table__, ACTIE_VELDEN),
            "signalen": (Signaal.__table__, SIGNAAL_VELDEN),
            "casussen": (Casus.__table__, CASUS_VELDEN),
        }[soort.naam]
        self.schrijver = Batchschrijver(session, table, velden, STANDAARD[soort.naam])  # type: ignore[arg-type]
        self.velden = velden
        self.vrij = [k.veld for k in soort.kolommen if k.soort is Soort.VRIJE_TEKST]
        self.bron = imp.pad.name[:200]
        self._gekoppeld: set[tuple[str, str]] = set()  # (broker cell, wijk) of good rows
        # a row's date must lie in its broker's registered period (a case spans a longer time)
        self._datumveld = None if soort is CASUSSEN else "datum"
        self._delen = [v for v in soort.sleutelvelden if v != "wijk"]

    def __call__(self, waarden: dict[str, Any], nummer: int) -> None:
        imp, refs = self.imp, self.refs
        wijk = refs._cache_wijk.get(waarden["wijk"]) or _ref("wijk", refs.wijk, waarden["wijk"])
        record = dict(waarden)
        if "buurt" in record:
            buurt = record.pop("buurt")
            record["buurt_code"] = _ref("buurt", refs.buurt, buurt, wijk) if buurt else None
        broker = _ref("makelaar", refs.bekende_makelaar, waarden["makelaar"], wijk)
        if self._datumveld is not None:
            _ref(self._datumveld, refs.in_dienst, broker, waarden[self._datumveld])
        record["wijk_code"] = wijk
        record["sleutel"] = self._sleutel(record, broker, nummer)
        # A broker is linked to the wijk (and a typed name learnt) once the row is known good.
        if (waarden["makelaar"], wijk) not in self._gekoppeld:
            imp._koppel(refs, self.screener, waarden["makelaar"], wijk)
            self._gekoppeld.add((waarden["makelaar"], wijk))
        record["makelaar_id"] = broker.id
        for veld in self.vrij:
            record[veld] = imp._scherm(self.screener, record[veld])
        if record.get("actietype_anders"):
            record["actietype_anders"] = imp._scherm(self.screener, record["actietype_anders"])
        if self.soort is CASUSSEN:
            record["huishouden"] = imp._persoon("huishouden", record["huishouden"])
        record["bron"] = self.bron
        self.schrijver.voeg_toe(record)  # extra keys (id, wijk, makelaar) are not written
        imp._aanvoer[(self.soort.naam, broker.code, wijk)] += 1

    def _sleutel(self, record: dict[str, Any], broker: Broker, nummer: int) -> str:
        naam, makelaar = self.soort.naam, broker.code
        if record.get("id"):
            key, fingerprint = _sleutel(naam, "id", broker.sleutel, record["id"])
            if fingerprint in self.imp._gezien:
                raise Rijfout(
                    "id",
                    record["id"],
                    f"ID {record['id']} van makelaar {makelaar} staat al eerder in dit bestand.",
                    f"ID {record['id']} of broker {makelaar} already occurs earlier in this file.",
                )
            self.imp._gezien.add(fingerprint)
            return key
        if self.soort is CASUSSEN:
            household = self.imp.pseudonymiser.pseudonym("huishouden", record["huishouden"])
            key, fingerprint = _sleutel(naam, household, record["aangemeld_op"])
            if fingerprint in self.imp._gezien:
                raise Rijfout(
                    "huishouden",
                    None,
                    "dit huishouden staat met dezelfde datum aanmelding al eerder in dit bestand; "
                    "één rij per casus.",
                    "this household with the same date of request already occurs earlier in "
                    "this file; one row per case.",
                )
            self.imp._gezien.add(fingerprint)
            return key
        base = "\x1f".join(
            [naam, makelaar, record["wijk_code"], *(str(record[v]) for v in self._delen)]
        )
        return self.imp.volgsleutels.sleutel(base)

    def klaar(self) -> None:
        self.schrijver.schrijf()
        telling = self.schrijver.telling
        self.imp.rapport.nieuw += telling.nieuw
        self.imp.rapport.bijgewerkt += telling.bijgewerkt
        self.imp.rapport.ongewijzigd += telling.ongewijzigd


class Initiatiefbouwer:
    """Bewonersinitiatieven: each row a step in an initiative's life cycle, applied in order."""

    def __init__(
        self, imp: Bestand, session: Session, refs: Verwijzingen, screener: Screener
    ) -> None:
        self.imp, self.session, self.refs, self.screener = imp, session, refs, screener
        self.bron = imp.pad.name[:200]
        self.nieuw: set[int] = set()
        self._voor: dict[int, tuple[Any, ...]] = {}

    def __call__(self, waarden: dict[str, Any], nummer: int) -> None:
        imp, refs = self.imp, self.refs
        wijk = _ref("wijk", refs.wijk, waarden["wijk"])
        if waarden["makelaar"] is not None:
            geregistreerd = _ref("makelaar", refs.bekende_makelaar, waarden["makelaar"], wijk)
            _ref("datum", refs.in_dienst, geregistreerd, waarden["datum"])
        buurt = _ref("buurt", refs.buurt, waarden["buurt"], wijk) if waarden["buurt"] else None
        status: InitiatiefStatus = waarden["status"]
        datum: dt.date = waarden["datum"]
        if waarden["id"]:
            sleutel, _ = _sleutel("initiatieven", "id", wijk, waarden["id"])
        else:
            titel_sleutel = " ".join(waarden["titel"].casefold().split())
            sleutel, _ = _sleutel("initiatieven", wijk, titel_sleutel)
        reden = imp._scherm(self.screener, waarden["reden"])
        titel = imp._scherm(self.screener, waarden["titel"]) or waarden["titel"]
        record = self.session.scalars(
            select(Bewonersinitiatief).where(Bewonersinitiatief.sleutel == sleutel)
        ).one_or_none()
        if record is not None and datum >= record.bijgewerkt_op:
            self._controleer_stap(record.status, record.bijgewerkt_op, status, datum)
        broker = None
        if waarden["makelaar"] is not None:
            broker = imp._koppel(refs, self.screener, waarden["makelaar"], wijk)
        if record is None:
            record = Bewonersinitiatief(
                sleutel=sleutel,
                titel=titel,
                wijk_code=wijk,
                status=status,
                reden=reden,
                bewoners_betrokken=waarden["bewoners_betrokken"] or 0,
                gestart_op=waarden["gestart_op"] or datum,
                bijgewerkt_op=datum,
                bron=self.bron,
            )
            self.session.add(record)
            self.session.flush()
            self.nieuw.add(record.id)
        else:
            if record.id not in self._voor:
                self._voor[record.id] = self._stand(record)
            if datum >= record.bijgewerkt_op:
                record.status, record.bijgewerkt_op = status, datum
                if reden:
                    record.reden = reden
            elif reden and record.status == status:
                record.reden = record.reden or reden
            started = waarden["gestart_op"] or datum
            if started < record.gestart_op:
                record.gestart_op = started
        record.titel = titel
        record.wijk_code = wijk
        if buurt is not None:
            record.buurt_code = buurt
        if broker is not None:
            record.makelaar_id = broker.id
        if waarden["ondersteuning"]:
            record.ondersteuning = imp._scherm(self.screener, waarden["ondersteuning"])
        if waarden["bewoners_betrokken"] is not None:
            record.bewoners_betrokken = waarden["bewoners_betrokken"]
        if waarden["contactpersoon"] is not None:
            record.contactpersoon = imp._persoon("persoon", waarden["contactpersoon"])
        self.session.flush()
        insert_missing(
            self.session,
            InitiatiefStatusWijziging.__table__,  # type: ignore[arg-type]  # a Table at runtime
            [
                {
                    "initiatief_id": record.id,
                    "status": status,
                    "datum": datum,
                    "reden": reden,
                    "bron": self.bron,
                }
            ],
            key=("initiatief_id", "status"),
        )
        imp._aanvoer[("initiatieven", broker.code if broker else "-", wijk)] += 1

    def _controleer_stap(
        self, oud: InitiatiefStatus, oud_datum: dt.date, nieuw: InitiatiefStatus, datum: dt.date
    ) -> None:
        if oud == nieuw:
            return
        if oud in EINDE or STAP[nieuw] < STAP[oud]:
            raise Rijfout(
                "status",
                nieuw.value,
                f"het initiatief stond op {oud_datum:%d-%m-%Y} al op '{oud.value}'; daarna kan "
                f"het niet '{nieuw.value}' worden (de levensloop is idee → ondersteund → "
                "gerealiseerd, of niet ondersteund / gestrand). Klopt de datum?",
                f"the initiative was already '{oud.value}' on {oud_datum:%d-%m-%Y}; it cannot "
                f"become '{nieuw.value}' after that (idea → supported → realised, or not "
                "supported / stranded). Is the date right?",
            )

    @staticmethod
    def _stand(record: Bewonersinitiatief) -> tuple[Any, ...]:
        return (
            record.titel,
            record.wijk_code,
            record.buurt_code,
            record.makelaar_id,
            record.status,
            record.reden,
            record.ondersteuning,
            record.bewoners_betrokken,
            record.contactpersoon,
            record.gestart_op,
            record.bijgewerkt_op,
        )

    def klaar(self) -> None:
        self.session.flush()
        rapport = self.imp.rapport
        rapport.nieuw += len(self.nieuw)
        for initiatief_id, voor in self._voor.items():
            if initiatief_id in self.nieuw:
                continue
            record = self.session.get(Bewonersinitiatief, initiatief_id)
            assert record is not None
            if self._stand(record) != voor:
                rapport.bijgewerkt += 1
            else:
                rapport.ongewijzigd += 1
