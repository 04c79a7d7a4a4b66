"""Importing what the broker picks up from the sociaal team: questions and resident initiatives.

A CSV or XLSX file, one row per question or initiative, read with the shared importer skeleton
(intake.importeur): the whole file in one transaction, or nothing when any row is wrong; every
error names the file, row, column, the value and what would be valid. The description is screened
(postcodes, phone numbers, e-mail addresses, addresses and known names masked) before it is
stored. A row's `sleutel` (or, without one, its date, team and description) makes it stored once.

Columns (the first header is the documented one):

| column | what | valid |
|---|---|---|
| datum | when it came up | a day, 31-01-2026 |
| team | the sociaal team | a team code of the settings (or its name) |
| soort | vraag or initiatief | `vraag`, `initiatief` |
| thema | its theme | a theme id of the settings' codebook, or `overig` |
| omschrijving | what it is about, without names | text |
| huishoudens | households it concerns (optional) | a whole number of 1 or more |
| collectief_aanbod | the collective offer it led to (optional) | text |
| sleutel | the row's own id (optional) | text |
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.cycles.actieonderzoek.instellingen import Instellingen
from makelaar.cycles.actieonderzoek.tabellen import inbreng
from makelaar.intake.importeur import Bestandsimport, Fout, Rapport, Weigering
from makelaar.intake.kolomnamen import Cellen, Kolomnamen
from makelaar.intake.logboek.waarden import CellValueError, Getalstijl, dag, geheel, tekst
from makelaar.intake.tabular import Value, open_tables
from makelaar.intake.xlsx import Cell
from makelaar.models.errors import ImportFileError
from makelaar.models.privacy import Pseudonymiser, Screener
from makelaar.models.store import Store
from makelaar.models.tables import BekendeNaam, Makelaar

__all__ = ["KOLOMMEN", "SOORTEN", "Inbrengimport", "importeer_inbreng"]

KOLOMMEN = Kolomnamen(
    {
        "datum": ("datum", "date", "dag"),
        "team": ("team", "sociaal team", "teamcode"),
        "soort": ("soort", "type", "kind"),
        "thema": ("thema", "theme", "onderwerp"),
        "omschrijving": ("omschrijving", "vraag", "beschrijving", "description"),
        "huishoudens": ("huishoudens", "aantal huishoudens", "households"),
        "collectief_aanbod": ("collectief_aanbod", "collectief aanbod", "aanbod", "offer"),
        "sleutel": ("sleutel", "id", "key"),
    }
)
VERPLICHT = ("datum", "team", "soort", "thema", "omschrijving")
SOORTEN = ("vraag", "initiatief")
OVERIG = "overig"


class Inbrengimport(Rapport):
    """What importing one file of team questions and initiatives did."""

    bestaand: int = 0

    @property
    def opgeslagen(self) -> int:
        return self.nieuw + self.bestaand


def importeer_inbreng(
    store: Store,
    pad: Path,
    instellingen: Instellingen,
    pseudonymiser: Pseudonymiser,
    *,
    locale: str = "nl",
) -> Inbrengimport:
    """Store the questions and initiatives in `pad` (CSV or XLSX), all of them or none."""
    return _Import(
        store=store, pad=pad, instellingen=instellingen, pseudo=pseudonymiser, locale=locale
    ).run()


@dataclass
class _Import(Bestandsimport[Inbrengimport]):
    store: Store
    pad: Path
    instellingen: Instellingen
    pseudo: Pseudonymiser
    locale: str = "nl"
    sla_ongeldig_over: bool = False
    rapport: Inbrengimport = field(init=False)
    _rijen: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rapport = Inbrengimport(bestand=self.pad.name)

    def ontbreekt(self) -> str | None:
        if self.pad.is_file():
            return None
        return self._t(
            "het bestand bestaat niet; verwacht een .csv of .xlsx met de vragen uit het "
            "sociaal team.",
            "the file does not exist; expected a .csv or .xlsx with the social team's questions.",
        )

    def _fout(self, blad: str | None, rij: int, kolom: str, waarde: str, melding: str) -> None:
        self.rapport.voeg_fout_toe(
            Fout(
                bestand=self.pad.name,
                blad=blad,
                rij=rij,
                kolom=kolom,
                waarde=waarde,
                melding=melding,
            )
        )

    def lees(self, session: Session) -> None:
        screener = Screener(
            self.pseudo, known_name_hashes=session.scalars(select(BekendeNaam.hash)).all()
        )
        screener.add_names(session.scalars(select(Makelaar.naam)).all())
        teams = {t.code.casefold(): t.code for t in self.instellingen.teams}
        teams |= {t.naam.casefold(): t.code for t in self.instellingen.teams}
        themas = [*self.instellingen.codeboek, OVERIG]
        with open_tables(self.pad) as sheets:
            if not sheets:
                raise ImportFileError(
                    f"het bestand bevat geen tabel; verwacht een kopregel met {', '.join(VERPLICHT)}.",
                    f"the file holds no table; expected a header row with {', '.join(VERPLICHT)}.",
                    file=self.pad.name,
                )
            sheet = sheets[0]
            plaatsen = KOLOMMEN.plaatsen(sheet.header)
            missend = [k for k in VERPLICHT if k not in plaatsen]
            if missend:
                raise ImportFileError(
                    f"de kolom(men) {', '.join(missend)} ontbreken in de kopregel; verwacht "
                    f"{', '.join(VERPLICHT)} (en eventueel huishoudens, collectief_aanbod, sleutel).",
                    f"the column(s) {', '.join(missend)} are missing from the header row; expected "
                    f"{', '.join(VERPLICHT)} (and optionally huishoudens, collectief_aanbod, "
                    "sleutel).",
                    file=self.pad.name,
                    sheet=sheet.name,
                    row=sheet.header_row,
                )
            kop = {veld: sheet.header[i] for veld, i in plaatsen.items()}
            for nummer, cellen in sheet.rows:
                self.rapport.gelezen += 1
                c = Cellen(cellen, plaatsen)
                fouten_voor = self.rapport.aantal_fouten
                try:
                    datum = dag(_cel(cellen, plaatsen["datum"]))
                except (CellValueError, IndexError) as exc:
                    melding = (
                        exc.melding(self.locale)
                        if isinstance(exc, CellValueError)
                        else self._t(
                            "de datum ontbreekt; geldig: een dag, zoals 31-01-2026.",
                            "the date is missing; valid: a day, such as 31-01-2026.",
                        )
                    )
                    self._fout(sheet.name, nummer, kop["datum"], c("datum"), melding)
                    datum = dt.date.min
                team = teams.get(c("team").casefold())
                if team is None:
                    geldig = ", ".join(t.code for t in self.instellingen.teams)
                    self._fout(
                        sheet.name, nummer, kop["team"], c("team"),
                        self._t(
                            f"onbekend team; geldig: {geldig} (of de naam van het team).",
                            f"unknown team; valid: {geldig} (or the team's name).",
                        ),
                    )  # fmt: skip
                soort = c("soort").casefold()
                if soort not in SOORTEN:
                    self._fout(
                        sheet.name, nummer, kop["soort"], c("soort"),
                        self._t(
                            "onbekende soort; geldig: vraag of initiatief.",
                            "unknown kind; valid: vraag or initiatief.",
                        ),
                    )  # fmt: skip
                thema = c("thema").casefold().replace(" ", "_")
                if thema not in themas:
                    self._fout(
                        sheet.name, nummer, kop["thema"], c("thema"),
                        self._t(
                            f"onbekend thema; geldig: {', '.join(themas)}.",
                            f"unknown theme; valid: {', '.join(themas)}.",
                        ),
                    )  # fmt: skip
                omschrijving = c("omschrijving")
                if not omschrijving:
                    self._fout(
                        sheet.name, nummer, kop["omschrijving"], "",
                        self._t(
                            "de omschrijving ontbreekt; geldig: een korte tekst zonder namen.",
                            "the description is missing; valid: a short text without names.",
                        ),
                    )  # fmt: skip
                huishoudens: int | None = None
                if c("huishoudens"):
                    try:
                        huishoudens = geheel(
                            _cel(cellen, plaatsen["huishoudens"]), Getalstijl.KOMMA
                        )
                        if huishoudens < 1:
                            raise CellValueError("kleiner dan 1", "below 1")
                    except CellValueError:
                        self._fout(
                            sheet.name, nummer, kop["huishoudens"], c("huishoudens"),
                            self._t(
                                "geen aantal huishoudens; geldig: een heel getal van 1 of "
                                "meer, of leeg.",
                                "not a number of households; valid: a whole number of 1 or "
                                "more, or empty.",
                            ),
                        )  # fmt: skip
                if self.rapport.aantal_fouten > fouten_voor:
                    continue
                tekst_ = screener.screen(omschrijving).text
                sleutel = (
                    c("sleutel")
                    or hashlib.sha256(
                        f"{datum}|{team}|{soort}|{omschrijving}".encode()
                    ).hexdigest()[:40]
                )
                self._rijen.append(
                    {
                        "sleutel": f"{self.instellingen.gemeente}-{sleutel}"[:80],
                        "gemeente_code": self.instellingen.gemeente,
                        "team_code": team,
                        "datum": datum,
                        "soort": soort,
                        "thema": thema,
                        "omschrijving": tekst_,
                        "huishoudens": huishoudens,
                        "collectief_aanbod": c("collectief_aanbod") or None,
                        "bron": self.pad.name[:200],
                    }
                )
        if self.rapport.aantal_fouten:
            raise Weigering

    def rond_af(self, session: Session) -> None:
        sleutels = [r["sleutel"] for r in self._rijen]
        bestaand = set(
            session.scalars(select(inbreng.c.sleutel).where(inbreng.c.sleutel.in_(sleutels)))
        )
        nieuw = [r for r in self._rijen if r["sleutel"] not in bestaand]
        if nieuw:
            session.execute(sa.insert(inbreng), nieuw)
        self.rapport.nieuw = len(nieuw)
        self.rapport.bestaand = len(self._rijen) - len(nieuw)


def _cel(cellen: Sequence[Value], index: int) -> Cell:
    """One cell as a spreadsheet cell (a JSON list as its text); IndexError past the row's end."""
    value = cellen[index]
    return "; ".join(value) if isinstance(value, list) else value


def schrijf_csv(pad: Path, rijen: list[dict[str, Any]]) -> Path:
    """Write rows as the importer reads them (semicolon-separated UTF-8, days as 31-01-2026)."""
    koppen = [
        "datum",
        "team",
        "soort",
        "thema",
        "omschrijving",
        "huishoudens",
        "collectief_aanbod",
        "sleutel",
    ]
    regels = [";".join(koppen)]
    for rij in rijen:
        waarden = []
        for kop in koppen:
            waarde = rij.get(kop)
            if isinstance(waarde, dt.date):
                waarde = f"{waarde:%d-%m-%Y}"
            text = "" if waarde is None else tekst(str(waarde))
            waarden.append(f'"{text}"' if ";" in text or '"' in text else text)
        regels.append(";".join(waarden))
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text("\n".join(regels) + "\n", encoding="utf-8")
    return pad
