"""One row of a KoboToolbox/ODK export read into answers, with every problem named per cell.

Choices are read by name; a label is accepted where it means exactly one choice in one of the
form's languages. Other values go through the form engine's `lees_waarde` (numbers with '.' or
',', dates ISO or day-first), the same parser the answering pages use.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.forms import engine
from makelaar.forms.definitie import Formulier, Vraag, VraagType
from makelaar.forms.importkolommen import (
    AFGEKEURD,
    Kolomindeling,
    cel_tekst,
    keuze_uit_label,
    normaliseer_instance_id,
)
from makelaar.forms.uitnodigingen import _respondent as respondent_van  # the invitations' rule
from makelaar.intake.importeur import Fout
from makelaar.intake.tabular import Value
from makelaar.models.domain import Publiek
from makelaar.models.privacy import Pseudonymiser
from makelaar.models.taal import in_taal
from makelaar.models.tables import EnqueteRonde, Evaluatieronde, Makelaar, Wijk

__all__ = ["Rij", "Rijlezer", "toon", "verwijzingen"]

#: a partner's pseudonym as forms.uitnodigingen makes it
_PSEUDONIEM = re.compile(r"PA-[0-9a-f]{64}")
_JA = frozenset({"1", "true", "waar", "ja", "yes"})
_NEE = frozenset({"0", "false", "onwaar", "nee", "no"})


@dataclass
class Rij:
    """One data row as read: its answers and the person, place and time it carries."""

    nummer: int
    instance_id: str | None = None  # as the file has it (normalised), for messages
    opslag_id: str | None = None  # as it is stored: in anonymous rounds a keyed hash of it
    antwoorden: dict[str, Any] = field(default_factory=dict)
    respondent: str | None = None
    wijk_code: str | None = None
    ontvangen_op: dt.datetime | None = None
    afgekeurd: bool = False
    fouten: list[Fout] = field(default_factory=list)


def toon(value: Any) -> str:
    """An answer as text for messages (a selection as its names, space-separated)."""
    if isinstance(value, list):
        return " ".join(map(str, value))
    return "" if value is None else str(value)


def _json(value: Any) -> Any:
    """An engine value as it is stored in respons.antwoorden (dates as ISO text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return value


def verwijzingen(session: Session, enquete_ronde_id: int) -> tuple[dict[str, str], dict[str, str]]:
    """The broker codes and wijken (folded code or name → code) of the survey round's gemeente,
    as Rijlezer takes them: a code is unique within a gemeente only, and wijk names such as
    "Centrum" recur across gemeenten."""
    gemeente = session.scalar(
        select(Evaluatieronde.gemeente_code)
        .join(EnqueteRonde, EnqueteRonde.ronde_id == Evaluatieronde.id)
        .where(EnqueteRonde.id == enquete_ronde_id)
    )
    makelaars = {
        code.casefold(): code
        for code in session.scalars(select(Makelaar.code).where(Makelaar.gemeente_code == gemeente))
    }
    wijken: dict[str, str] = {}
    for code, naam in session.execute(
        select(Wijk.code, Wijk.naam).where(Wijk.gemeente_code == gemeente).order_by(Wijk.code)
    ):
        wijken[code.casefold()] = code
        wijken.setdefault(naam.casefold(), code)
    return makelaars, wijken


@dataclass
class Rijlezer:
    """Reads the rows of one export whose columns `indeling` describes."""

    form: Formulier
    indeling: Kolomindeling
    bestand: str
    blad: str | None
    locale: str
    anoniem: bool
    publiek: Publiek
    pseudonymiser: Pseudonymiser
    makelaars: dict[str, str] = field(default_factory=dict)  # folded code → code
    wijken: dict[str, str] = field(default_factory=dict)  # folded code or name → code

    def _t(self, nl: str, en: str) -> str:
        return in_taal(self.locale, nl, en)

    def fout(self, rij: Rij, kolom: str | None, waarde: str | None, nl: str, en: str) -> None:
        rij.fouten.append(
            Fout(
                bestand=self.bestand,
                blad=self.blad,
                rij=rij.nummer,
                kolom=kolom,
                waarde=None if waarde is None else waarde[:200],
                melding=self._t(nl, en),
            )
        )

    def lees(self, nummer: int, cellen: list[Value], versies: set[str]) -> Rij:
        indeling = self.indeling
        rij = Rij(nummer)

        def cel(index: int) -> str | None:
            return cel_tekst(cellen[index]) if index < len(cellen) else None

        assert indeling.sleutel is not None, "checked in _meld_kolommen"
        sleutel = cel(indeling.sleutel[0])
        if sleutel is None:
            self.fout(
                rij,
                indeling.sleutel[1],
                None,
                "het inzending-id ontbreekt; verwacht een id zoals 'uuid:…' in elke rij.",
                "the submission id is missing; expected an id such as 'uuid:…' in every row.",
            )
        else:
            rij.instance_id = normaliseer_instance_id(sleutel)
            rij.opslag_id = (
                "ih-" + self.pseudonymiser.pseudonym("inzending", rij.instance_id)
                if self.anoniem
                else rij.instance_id
            )
            if len(rij.instance_id) > 100:
                self.fout(
                    rij,
                    indeling.sleutel[1],
                    sleutel,
                    "het inzending-id is langer dan 100 tekens; verwacht een uuid.",
                    "the submission id is longer than 100 characters; expected a uuid.",
                )
        if indeling.versie is not None and (versie := cel(indeling.versie[0])):
            versies.add(versie)
        if indeling.beoordeling is not None:
            rij.afgekeurd = (cel(indeling.beoordeling[0]) or "").casefold() in AFGEKEURD
            if rij.afgekeurd:
                return rij
        for kolom in indeling.vragen:
            raw = cel(kolom.index)
            if indeling.labels and kolom.vraag.name in indeling.keuzes:
                continue  # labels joined by spaces cannot be split: the 0/1 columns decide
            if raw is not None:
                self._waarde(rij, kolom.vraag, kolom.header, raw)
        for naam, keuzekolommen in indeling.keuzes.items():
            self._keuzekolommen(
                rij, naam, [(k.header, k.keuze, cel(k.index)) for k in keuzekolommen]
            )
        if not self.anoniem:
            if indeling.respondent is not None and (wie := cel(indeling.respondent[0])):
                rij.respondent = self._respondent(rij, indeling.respondent[1], wie)
            if indeling.tijd is not None and (tijd := cel(indeling.tijd[0])):
                rij.ontvangen_op = self._tijdstip(rij, indeling.tijd[1], tijd)
        if indeling.wijk is not None and (wijk := cel(indeling.wijk[0])):
            rij.wijk_code = self.wijken.get(wijk.casefold())
            if rij.wijk_code is None:
                bekend = ", ".join(sorted(set(self.wijken.values()))[:10]) or "(geen)"
                self.fout(
                    rij,
                    indeling.wijk[1],
                    wijk,
                    f"{wijk!r} is geen bekende wijk; verwacht een CBS-wijkcode zoals {bekend}.",
                    f"{wijk!r} is not a known wijk; expected a CBS wijk code such as {bekend}.",
                )
        return rij

    def _waarde(self, rij: Rij, vraag: Vraag, kolom: str, raw: str) -> None:
        tekst = raw
        if vraag.type in (VraagType.SELECT_ONE, VraagType.SELECT_MULTIPLE):
            tekst = self._keuzenamen(vraag, raw)
        try:
            waarde = engine.lees_waarde(vraag, tekst, self.form)
        except engine.AntwoordError as exc:
            self.fout(rij, kolom, raw, exc.bericht("nl"), exc.bericht("en"))
            return
        if waarde is not None:
            rij.antwoorden[vraag.name] = _json(waarde)

    def _keuzenamen(self, vraag: Vraag, raw: str) -> str:
        """The choice names in `raw`; a label is read as its choice when it means exactly one."""
        namen = {k.name for k in self.form.keuzes(vraag)}
        delen = [raw] if vraag.type is VraagType.SELECT_ONE else raw.split()
        if all(deel in namen for deel in delen):
            return raw
        keuze = keuze_uit_label(self.form, vraag, raw)
        return keuze if keuze is not None else raw

    def _keuzekolommen(
        self, rij: Rij, naam: str, cellen: list[tuple[str, str, str | None]]
    ) -> None:
        gekozen: list[str] = []
        ingevuld = False
        for header, keuze, raw in cellen:
            if raw is None:
                continue
            ingevuld = True
            if raw.casefold() in _JA:
                gekozen.append(keuze)
            elif raw.casefold() not in _NEE:
                self.fout(
                    rij,
                    header,
                    raw,
                    "verwacht 1 (gekozen), 0 (niet gekozen) of een lege cel.",
                    "expected 1 (chosen), 0 (not chosen) or a blank cell.",
                )
                return
        if not ingevuld:
            return
        hoofd = rij.antwoorden.get(naam)
        if isinstance(hoofd, list):
            if sorted(hoofd) != sorted(gekozen):
                self.fout(
                    rij,
                    self.indeling.kolom_van(naam),
                    " ".join(hoofd),
                    f"de kolom noemt {toon(hoofd) or '(niets)'}, de 0/1-kolommen per keuze "
                    f"{toon(gekozen) or '(niets)'}; verwacht dat beide hetzelfde zeggen.",
                    f"the column names {toon(hoofd) or '(nothing)'}, the 0/1 columns per "
                    f"choice {toon(gekozen) or '(nothing)'}; expected both to agree.",
                )
        elif gekozen and naam not in rij.antwoorden:
            vraag = self.form.vraag(naam)
            self._waarde(rij, vraag, cellen[0][0], " ".join(gekozen))

    def _respondent(self, rij: Rij, kolom: str, waarde: str) -> str | None:
        """The respondent as the invitations name them: a broker's code, else a pseudonym."""
        if _PSEUDONIEM.fullmatch(waarde):  # already one (makelaar's own export read back)
            return waarde
        respondent = respondent_van(self.pseudonymiser, self.makelaars, self.publiek, waarde, None)
        if respondent is None:
            bekend = ", ".join(sorted(self.makelaars.values())[:10]) or "(nog geen)"
            self.fout(
                rij,
                kolom,
                waarde,
                f"{waarde!r} is geen bekende makelaarcode; een identificeerbare ronde voor "
                f"makelaars heeft per rij de code van een geregistreerde makelaar nodig, bekend "
                f"zijn: {bekend}.",
                f"{waarde!r} is not a known broker code; an identified round for brokers needs "
                f"the code of a registered broker in every row, known are: {bekend}.",
            )
        return respondent

    def _tijdstip(self, rij: Rij, kolom: str, waarde: str) -> dt.datetime | None:
        try:
            moment = dt.datetime.fromisoformat(waarde)
        except ValueError:
            self.fout(
                rij,
                kolom,
                waarde,
                "het tijdstip van inzending is niet te lezen; verwacht ISO 8601, zoals "
                "2026-03-01T10:15:00Z.",
                "the submission time cannot be read; expected ISO 8601, such as "
                "2026-03-01T10:15:00Z.",
            )
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
