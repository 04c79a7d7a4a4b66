"""Importing the pilot's files: case records, the households' satisfaction survey and the
volunteers' and professionals' view of their collaboration (CSV or XLSX).

Each file goes through the shared importer skeleton (intake.importeur): read with the shared
readers, every row checked on its own, and stored in one transaction, or nothing when any row is
wrong; every error names file, sheet, row, column, the value as typed and what would be valid.
Importing a file again updates the rows it holds (same household and date reported, same
household's answers, same respondent). A household's key (a case number) and a respondent's
number are stored only as keyed pseudonyms; columns with names or addresses are not read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from makelaar.cycles.casusregie.tabellen import casus, samenwerking, tevredenheid
from makelaar.intake.importeur import Bestandsimport, Fout, Rapport, Weigering
from makelaar.intake.kolomnamen import Cellen, Kolomnamen
from makelaar.intake.logboek.waarden import CellValueError, dag
from makelaar.intake.tabular import open_tables
from makelaar.models.errors import ImportFileError
from makelaar.models.privacy import NoPersonError, Pseudonymiser
from makelaar.models.store import Store

__all__ = ["SOORTEN", "Casusimport", "importeer"]

Soort = Literal["casussen", "tevredenheid", "samenwerking"]
Lezer = Callable[[str], Any]

JA = {"ja", "j", "yes", "y", "1", "waar", "true", "x"}
NEE = {"nee", "n", "no", "0", "onwaar", "false"}


class Ongeldig(ValueError):
    def __init__(self, nl: str, en: str) -> None:
        super().__init__(nl)
        self.nl, self.en = nl, en


def _ja_nee(text: str) -> bool:
    value = text.strip().casefold()
    if value in JA:
        return True
    if value in NEE:
        return False
    raise Ongeldig(
        f"'{text}' is geen ja of nee; verwacht ja of nee (ook j/n, 1/0).",
        f"'{text}' is not yes or no; expected ja or nee (also j/n, 1/0).",
    )


def _geheel(laag: int, hoog: int, wat: tuple[str, str]) -> Lezer:
    def lees(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = None
        if value is None or not laag <= value <= hoog:
            raise Ongeldig(
                f"'{text}' is ongeldig; verwacht {wat[0]}: een geheel getal van {laag} tot en met {hoog}.",
                f"'{text}' is not valid; expected {wat[1]}: a whole number from {laag} to {hoog}.",
            )
        return value

    return lees


def _datum(text: str) -> dt.date:
    try:
        return dag(text)
    except CellValueError as exc:
        raise Ongeldig(exc.nl, exc.en) from None


def _tekst(maximum: int) -> Lezer:
    def lees(text: str) -> str:
        value = " ".join(text.split())
        if len(value) > maximum:
            raise Ongeldig(
                f"'{value[:40]}…' is te lang; verwacht hoogstens {maximum} tekens.",
                f"'{value[:40]}…' is too long; expected at most {maximum} characters.",
            )
        return value

    return lees


def _code(text: str) -> str:
    value = text.strip()
    if not value or len(value) > 32 or not all(c.isalnum() or c in "-_" for c in value):
        raise Ongeldig(
            f"'{text}' is geen makelaarcode; verwacht een code van letters, cijfers, '-' of '_' "
            "(hoogstens 32 tekens, zoals WRD-01), geen naam.",
            f"'{text}' is not a broker code; expected letters, digits, '-' or '_' (at most 32, "
            "such as WRD-01), not a name.",
        )
    return value


def _rol(text: str) -> str:
    value = text.strip().casefold()
    if value in {"vrijwilliger", "volunteer"}:
        return "vrijwilliger"
    if value in {"professional", "beroepskracht"}:
        return "professional"
    raise Ongeldig(
        f"'{text}' is geen rol; verwacht vrijwilliger of professional.",
        f"'{text}' is not a role; expected vrijwilliger (volunteer) or professional.",
    )


@dataclass(frozen=True)
class Kolom:
    veld: str
    namen: tuple[str, ...]
    lezer: Lezer
    verplicht: bool = True


def kolommen(soort: Soort, schaal: int) -> tuple[Kolom, ...]:
    """The columns of a file of `soort` (the first name of each is the documented header)."""
    score = _geheel(1, schaal, ("een score", "a score"))
    if soort == "casussen":
        aanbieders = _geheel(0, 50, ("een aantal aanbieders", "a number of providers"))
        return (
            Kolom("huishouden", ("huishouden", "casusnummer", "casus", "household"), _tekst(64)),
            Kolom("wijk", ("wijk", "wijknaam", "wijkcode", "district"), _tekst(80)),
            Kolom("makelaar", ("makelaar", "makelaarcode", "broker"), _code),
            Kolom("gemeld_op", ("gemeld op", "datum melding", "melding", "reported"), _datum),
            Kolom(
                "eerste_contact_op",
                ("eerste contact op", "datum eerste contact", "eerste contact", "first contact"),
                _datum,
                verplicht=False,
            ),
            Kolom(
                "afgesloten_op",
                ("afgesloten op", "datum afsluiting", "afgesloten", "closed"),
                _datum,
                verplicht=False,
            ),
            Kolom("aanbieders_start", ("aanbieders start", "aanbieders bij start"), aanbieders),
            Kolom(
                "aanbieders_einde",
                ("aanbieders einde", "aanbieders bij afsluiting"),
                aanbieders,
                verplicht=False,
            ),
            Kolom("eigen_netwerk", ("eigen netwerk", "steun eigen netwerk"), _ja_nee),
            Kolom("vrijwilligers", ("vrijwilligers", "steun vrijwilligers"), _ja_nee),
            Kolom("professionals", ("professionals", "steun professionals"), _ja_nee),
            Kolom("volgens_werkwijze", ("volgens werkwijze", "werkwijze gevolgd"), _ja_nee),
        )
    if soort == "tevredenheid":
        return (
            Kolom("huishouden", ("huishouden", "casusnummer", "casus", "household"), _tekst(64)),
            Kolom("beantwoord_op", ("beantwoord op", "datum", "date"), _datum),
            Kolom("snelheid", ("snelheid", "tevreden over snelheid", "speed"), score),
            Kolom(
                "eigen_verantwoordelijkheid",
                ("eigen verantwoordelijkheid", "aangesproken op eigen verantwoordelijkheid"),
                score,
            ),
            Kolom("netwerk_betrokken", ("netwerk betrokken", "eigen netwerk betrokken"), _ja_nee),
        )
    return (
        Kolom("respondent", ("respondent", "respondentnummer", "nummer"), _tekst(64)),
        Kolom("rol", ("rol", "role"), _rol),
        Kolom("beantwoord_op", ("beantwoord op", "datum", "date"), _datum),
        Kolom("samenwerking", ("samenwerking", "score samenwerking", "collaboration"), score),
        Kolom("rolverdeling", ("rolverdeling", "duidelijke rolverdeling", "roles"), score),
    )


SOORTEN: Mapping[Soort, tuple[sa.Table, tuple[str, ...]]] = {
    "casussen": (casus, ("gemeente_code", "huishouden", "gemeld_op")),
    "tevredenheid": (tevredenheid, ("gemeente_code", "huishouden")),
    "samenwerking": (samenwerking, ("gemeente_code", "respondent")),
}


class Casusimport(Rapport):
    """What importing one casusregie file did (or why nothing of it was stored)."""

    soort: str
    bijgewerkt: int = 0

    @property
    def opgeslagen(self) -> int:
        return self.nieuw + self.bijgewerkt

    def niets_opgeslagen(self) -> None:
        super().niets_opgeslagen()
        self.bijgewerkt = 0


def _samenhang(rij: dict[str, Any], vandaag: dt.date) -> list[tuple[str, str, str]]:
    """Errors between the fields of one case (field, Dutch, English)."""
    fouten: list[tuple[str, str, str]] = []
    gemeld, contact, dicht = (
        rij.get("gemeld_op"),
        rij.get("eerste_contact_op"),
        rij.get("afgesloten_op"),
    )
    for veld in ("gemeld_op", "eerste_contact_op", "afgesloten_op", "beantwoord_op"):
        datum = rij.get(veld)
        if isinstance(datum, dt.date) and datum > vandaag:
            fouten.append(
                (
                    veld,
                    f"{datum:%d-%m-%Y} ligt in de toekomst; verwacht een datum tot en met vandaag.",
                    f"{datum:%d-%m-%Y} lies in the future; expected a date up to today.",
                )
            )
    if gemeld and contact and contact < gemeld:
        fouten.append(
            (
                "eerste_contact_op",
                f"eerste contact ({contact:%d-%m-%Y}) ligt vóór de melding ({gemeld:%d-%m-%Y}); "
                "verwacht een datum op of na de melding.",
                f"first contact ({contact:%d-%m-%Y}) is before the report ({gemeld:%d-%m-%Y}); "
                "expected a date on or after it.",
            )
        )
    if dicht and not contact:
        fouten.append(
            (
                "eerste_contact_op",
                "leeg, maar de casus is afgesloten; verwacht de datum van het eerste contact.",
                "empty, but the case is closed; expected the date of first contact.",
            )
        )
    if dicht and contact and dicht < contact:
        fouten.append(
            (
                "afgesloten_op",
                f"afsluiting ({dicht:%d-%m-%Y}) ligt vóór het eerste contact "
                f"({contact:%d-%m-%Y}); verwacht een datum op of na het eerste contact.",
                f"closure ({dicht:%d-%m-%Y}) is before first contact ({contact:%d-%m-%Y}); "
                "expected a date on or after it.",
            )
        )
    if dicht and rij.get("aanbieders_einde") is None and "aanbieders_start" in rij:
        fouten.append(
            (
                "aanbieders_einde",
                "leeg, maar de casus is afgesloten; verwacht het aantal aanbieders bij "
                "afsluiting (0 of meer).",
                "empty, but the case is closed; expected the number of providers at closure (0 or more).",
            )
        )
    return fouten


@dataclass
class _Import(Bestandsimport[Casusimport]):
    store: Store
    pad: Path
    locale: str
    soort: Soort
    gemeente_code: str
    pseudoniemen: Pseudonymiser
    schaal: int
    bron: str
    vandaag: dt.date
    sla_ongeldig_over: bool = False
    rapport: Casusimport = field(init=False)
    _rijen: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rapport = Casusimport(bestand=self.pad.name, soort=self.soort)

    def lees(self, session: Session) -> None:
        spec = kolommen(self.soort, self.schaal)
        namen = Kolomnamen({k.veld: k.namen for k in spec})
        with open_tables(self.pad) as sheets:
            if not sheets:
                raise ImportFileError(
                    "het bestand bevat geen tabel.",
                    "the file holds no table.",
                    file=self.pad.name,
                )
            sheet = sheets[0]
            plaatsen = namen.plaatsen(sheet.header)
            missend = [k.namen[0] for k in spec if k.verplicht and k.veld not in plaatsen]
            if missend:
                raise ImportFileError(
                    f"kolom(men) {', '.join(repr(m) for m in missend)} ontbreken; verwacht de kolommen "
                    f"{', '.join(k.namen[0] for k in spec)}.",
                    f"column(s) {', '.join(repr(m) for m in missend)} are missing; expected the columns "
                    f"{', '.join(k.namen[0] for k in spec)}.",
                    file=sheet.file,
                    sheet=sheet.name,
                    row=sheet.header_row,
                )
            for nummer, cellen in sheet.rows:
                self.rapport.gelezen += 1
                self._lees_rij(
                    spec,
                    sheet.header,
                    plaatsen,
                    sheet.file,
                    sheet.name,
                    nummer,
                    Cellen(cellen, plaatsen),
                )
        if self.rapport.aantal_fouten:
            raise Weigering
        if not self._rijen:
            raise ImportFileError(
                "het bestand heeft een kopregel maar geen rijen.",
                "the file has a header but no rows.",
                file=self.pad.name,
            )

    def _lees_rij(
        self,
        spec: tuple[Kolom, ...],
        header: list[str],
        plaatsen: dict[str, int],
        bestand: str,
        blad: str | None,
        nummer: int,
        cellen: Cellen,
    ) -> None:
        rij: dict[str, Any] = {}
        fouten = 0

        def fout(veld: str, waarde: str, nl: str, en: str) -> None:
            kolom = header[plaatsen[veld]] if veld in plaatsen else veld
            self.rapport.voeg_fout_toe(
                Fout(
                    bestand=bestand,
                    blad=blad,
                    rij=nummer,
                    kolom=kolom,
                    waarde=waarde,
                    melding=self._t(nl, en),
                )
            )

        for kolom in spec:
            text = cellen(kolom.veld).strip()
            if not text:
                if kolom.verplicht:
                    fouten += 1
                    fout(
                        kolom.veld,
                        "",
                        "leeg; deze kolom is verplicht.",
                        "empty; this column is required.",
                    )
                rij[kolom.veld] = None
                continue
            try:
                rij[kolom.veld] = kolom.lezer(text)
            except Ongeldig as exc:
                fouten += 1
                fout(kolom.veld, text, exc.nl, exc.en)
        if fouten:
            return
        for veld, nl, en in _samenhang(rij, self.vandaag):
            fouten += 1
            fout(veld, cellen(veld).strip(), nl, en)
        if fouten:
            return
        for veld in ("huishouden", "respondent"):
            if veld not in rij:
                continue
            # kept only as a keyed pseudonym: a household as the logbook keeps it (the same
            # household is the same case there and here), a respondent in a kind of its own
            try:
                if veld == "huishouden":
                    rij[veld] = self.pseudoniemen.pseudonym("huishouden", rij[veld])
                else:
                    waarde = f"{self.gemeente_code}:{rij[veld]}"
                    rij[veld] = self.pseudoniemen.pseudonym("casusregie-respondent", waarde)
            except NoPersonError:
                fout(
                    veld,
                    cellen(veld).strip(),
                    "noemt geen huishouden; verwacht het casusnummer of dossiernummer.",
                    "names no household; expected the case or file number.",
                )
                return
        rij["gemeente_code"] = self.gemeente_code
        rij["bron"] = self.bron
        rij["_rij"] = nummer
        self._rijen.append(rij)

    def rond_af(self, session: Session) -> None:
        tabel, sleutel = SOORTEN[self.soort]
        gezien: dict[tuple[Any, ...], int] = {}
        for rij in self._rijen:
            key = tuple(rij[k] for k in sleutel)
            if key in gezien:
                self.rapport.voeg_fout_toe(
                    Fout(
                        bestand=self.pad.name,
                        rij=rij["_rij"],
                        kolom=sleutel[1],
                        melding=self._t(
                            f"staat ook op rij {gezien[key]}; elke regel één keer.",
                            f"also on row {gezien[key]}; each record once.",
                        ),
                    )
                )
                raise Weigering
            gezien[key] = rij["_rij"]
            waarden = {k: v for k, v in rij.items() if k != "_rij"}
            bestaand = session.execute(
                sa.select(tabel.c.id).where(*(tabel.c[k] == rij[k] for k in sleutel))
            ).scalar_one_or_none()
            if bestaand is None:
                session.execute(sa.insert(tabel).values(**waarden))
                self.rapport.nieuw += 1
            else:
                session.execute(sa.update(tabel).where(tabel.c.id == bestaand).values(**waarden))
                self.rapport.bijgewerkt += 1


def importeer(
    store: Store,
    pad: Path,
    *,
    soort: Soort,
    gemeente_code: str,
    pseudoniemen: Pseudonymiser,
    schaal: int = 5,
    locale: str = "nl",
    bron: str = "import",
    vandaag: dt.date | None = None,
) -> Casusimport:
    """Import one file of `soort` for `gemeente_code`: all rows or, on any error, none."""
    return _Import(
        store=store,
        pad=pad,
        locale=locale,
        soort=soort,
        gemeente_code=gemeente_code,
        pseudoniemen=pseudoniemen,
        schaal=schaal,
        bron=bron,
        vandaag=vandaag or dt.date.today(),
    ).run()
