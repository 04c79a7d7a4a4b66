"""Importing responses collected elsewhere: a KoboToolbox or ODK Central export of the round's form.

One file, one transaction: a bad row refuses the whole file, unless `sla_ongeldig_over` asks to
store the valid rows and write the refused ones, with the reason, to a rejects file (the logbook
importer's rule, RELIABILITY.md §4). Every row is read and checked with the form engine (types,
choices, constraints, required), as the answering page would; calculations are computed again
by the engine, not taken from the file.

The submission id (`KEY`, `meta/rootUuid`, `meta/instanceID`, or Kobo's `_uuid` read as
`uuid:<uuid>`) is the idempotency key, as in ODK Central (RELIABILITY.md §1):

- an id that is not stored yet becomes a new response;
- an id that is stored, with every non-blank cell equal to the stored answer, is "already
  present": a blank cell is not a change (REDCap: blanks never overwrite), so an export that
  leaves columns out or blank adds nothing and changes nothing;
- an id that is stored with another answer in a non-blank cell, or with an answer where the stored
  response has none, is a conflict: refused per row (Central answers 409), the stored row stays.

Relevance follows ODK: a question that is not relevant has no value in a submission (Collect and
Enketo clear it). A value in such a column means the file was edited or belongs to another form,
so it is an error of that row, naming the question and its condition, not silently dropped.

A submission rejected in the tool's review (Central's ReviewState `rejected`, Kobo's
`validation_status_not_approved`) is skipped and counted, not stored: the project already
decided it does not count. Approved, pending and unreviewed ones are imported.

Anonymous rounds store no respondent and no time, and not the tool's submission id either but a
keyed hash of it ("ih-…", models.privacy): the id is the key to the tool's own record of who
submitted when, so storing it would link the response back. Re-imports still match, as the same
key gives the same hash. Identified rounds map a respondent column (by default `respondent`) to a
broker code or a keyed pseudonym. Metadata columns (submitter, device, times, review state, `_id`,
...) are never stored in either mode (forms.importkolommen).

The steps are the shared importer skeleton's (intake.importeur.Bestandsimport); this module
plugs in the column spec (forms.importkolommen), row reader (forms.importrijen) and store step.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from makelaar.forms import engine
from makelaar.forms.antwoorden import Scorer, inhoud_sha256
from makelaar.forms.definitie import Formulier, VraagType
from makelaar.forms.export import write_csv
from makelaar.forms.importkolommen import (
    STANDAARD_RESPONDENTKOLOM,
    STANDAARD_WIJKKOLOM,
    Kolomindeling,
    deel_in,
)
from makelaar.forms.importrapport import Importrapport, als_tekst
from makelaar.forms.importrijen import Rij, Rijlezer, toon, verwijzingen
from makelaar.forms.rondes import ronde_met_enquete
from makelaar.forms.scoring import scores_json
from makelaar.intake.importeur import Bestandsimport, weigeringspad
from makelaar.intake.tabular import Sheet, open_tables
from makelaar.models.domain import EnqueteModus, Publiek, ResponsBron
from makelaar.models.errors import ImportFileError
from makelaar.models.privacy import Pseudonymiser, load_key
from makelaar.models.settings import Settings
from makelaar.models.sleutelcontrole import controleer_sleutel
from makelaar.models.store import Store
from makelaar.models.taal import in_taal
from makelaar.models.tables import Respons, utcnow
from makelaar.models.upsert import dialect_insert

__all__ = ["Importrapport", "als_tekst", "importeer"]

#: sheet names of the codebook in makelaar's own XLSX export (forms.uitvoer)
CODEBOEK = frozenset({"codeboek", "codebook"})
#: rows per INSERT (12 columns each: well under SQLite's 32,766 parameters)
BATCH = 500


def importeer(
    store: Store,
    settings: Settings,
    enquete_ronde_id: int,
    pad: Path,
    *,
    sla_ongeldig_over: bool = False,
    respondentkolom: str | None = STANDAARD_RESPONDENTKOLOM,
    wijkkolom: str | None = STANDAARD_WIJKKOLOM,
    weigeringen_map: Path | None = None,
    scorer: Scorer | None = None,
) -> Importrapport:
    """Import one export into a survey round; a refused file is in the report, never raised.

    Raises MakelaarError only for what is not about the file (an unknown survey round).
    """
    with store.session() as session:
        ronde, enquete = ronde_met_enquete(session, enquete_ronde_id)
        form = Formulier.model_validate(enquete.definitie)
        modus = ronde.modus
        publiek = ronde.publiek
    key, _, _ = load_key(settings)
    controleer_sleutel(store, key, settings.locale)  # one key per database
    importer = _Bestandsimport(
        store=store,
        pad=pad,
        form=form,
        ronde_id=enquete_ronde_id,
        anoniem=modus == EnqueteModus.ANONIEM,
        publiek=publiek,
        locale=settings.locale,
        pseudonymiser=Pseudonymiser(key),
        sla_ongeldig_over=sla_ongeldig_over,
        respondentkolom=respondentkolom,
        wijkkolom=wijkkolom,
        weigeringen_map=weigeringen_map,
        scorer=scorer or scores_json,
        rapport=Importrapport(bestand=pad.name, enquete_ronde_id=enquete_ronde_id, modus=modus),
    )
    return importer.run()


def _gelijk(opgeslagen: Any, nieuw: Any) -> bool:
    """Stored and imported answer are the same (numbers by value, selections as sets)."""
    if isinstance(opgeslagen, list) and isinstance(nieuw, list):
        return sorted(map(str, opgeslagen)) == sorted(map(str, nieuw))
    if isinstance(opgeslagen, int | float) and isinstance(nieuw, int | float):
        return float(opgeslagen) == float(nieuw)
    return str(opgeslagen) == str(nieuw)


@dataclass
class _Bestandsimport(Bestandsimport[Importrapport]):
    """One export: the skeleton's steps with the form's reader and the responses' store step."""

    store: Store
    pad: Path
    form: Formulier
    ronde_id: int
    anoniem: bool
    publiek: Publiek
    locale: str
    pseudonymiser: Pseudonymiser
    sla_ongeldig_over: bool
    respondentkolom: str | None
    wijkkolom: str | None
    weigeringen_map: Path | None
    scorer: Scorer
    rapport: Importrapport
    _indeling: Kolomindeling = field(default_factory=Kolomindeling)
    _rijlezer: Rijlezer | None = None
    _geweigerd: list[Rij] = field(default_factory=list)
    _wachtrij: list[tuple[Rij, dict[str, Any]]] = field(default_factory=list)  # to insert

    @property
    def _lezer(self) -> Rijlezer:
        assert self._rijlezer is not None, "made once the header is read"
        return self._rijlezer

    def ontbreekt(self) -> str | None:
        if self.pad.is_file():
            return None
        return self._t(
            f"het bestand bestaat niet ({self.pad}); geef een .csv- of .xlsx-export.",
            f"the file does not exist ({self.pad}); give a .csv or .xlsx export.",
        )

    def schrijf_weigeringen(self) -> Path | None:
        return self._schrijf_weigeringen() if self._geweigerd else None

    # --- reading ------------------------------------------------------------------------------

    def lees(self, session: Session) -> None:
        makelaars, wijken = verwijzingen(session, self.ronde_id)
        opgeslagen = {
            r.instance_id: r
            for r in session.scalars(
                select(Respons).where(Respons.enquete_ronde_id == self.ronde_id)
            )
        }
        respondenten = {r.respondent: r.instance_id for r in opgeslagen.values() if r.respondent}
        with open_tables(self.pad) as sheets:
            sheet = self._een_blad(sheets)
            self.rapport.encoding = sheet.encoding
            self.rapport.scheidingsteken = sheet.delimiter
            self._indeling = deel_in(
                self.form,
                sheet.header,
                file=sheet.file,
                sheet=sheet.name,
                row=sheet.header_row,
                respondentkolom=self.respondentkolom,
                wijkkolom=self.wijkkolom,
            )
            self._meld_kolommen(sheet)
            self._rijlezer = Rijlezer(
                form=self.form,
                indeling=self._indeling,
                bestand=self.pad.name,
                blad=sheet.name,
                locale=self.locale,
                anoniem=self.anoniem,
                publiek=self.publiek,
                pseudonymiser=self.pseudonymiser,
                makelaars=makelaars,
                wijken=wijken,
            )
            in_bestand: dict[str, Rij] = {}
            versies: set[str] = set()
            for nummer, cellen in sheet.rows:
                self.rapport.gelezen += 1
                rij = self._lezer.lees(nummer, cellen, versies)
                if rij.afgekeurd:
                    self.rapport.afgekeurd += 1
                    continue
                if not rij.fouten:
                    self._bewaar(session, rij, opgeslagen, respondenten, in_bestand)
                if rij.fouten:
                    self._weiger(rij)
            self._voeg_in(session)
        andere = sorted(v for v in versies if v != self.form.versie)
        if andere:
            self.rapport.waarschuwingen.append(
                self._t(
                    f"de export bevat inzendingen van formulierversie {', '.join(andere)}; de "
                    f"enquêteronde gebruikt versie {self.form.versie}.",
                    f"the export holds submissions of form version {', '.join(andere)}; the "
                    f"survey round uses version {self.form.versie}.",
                )
            )

    def _een_blad(self, sheets: list[Sheet]) -> Sheet:
        """The one data sheet; the codebook sheet of makelaar's own export is passed over."""
        sheets = sheets[:1] + [s for s in sheets[1:] if (s.name or "").casefold() not in CODEBOEK]
        if not sheets:
            raise ImportFileError(
                "het bestand bevat geen gegevens; verwacht een kopregel met de vragen en "
                "daaronder één rij per inzending.",
                "the file holds no data; expected a header with the questions and one row "
                "per submission below it.",
                file=self.pad.name,
            )
        if len(sheets) > 1:
            namen = ", ".join(repr(s.name) for s in sheets[1:])
            raise ImportFileError(
                f"de werkmap heeft naast {sheets[0].name!r} nog bladen met gegevens ({namen}); "
                "dat zijn herhaalgroepen (repeat), die makelaar niet ondersteunt. Verwacht "
                "één blad met één rij per inzending.",
                f"besides {sheets[0].name!r} the workbook has sheets with data ({namen}); "
                "those are repeat groups, which makelaar does not support. Expected one "
                "sheet with one row per submission.",
                file=self.pad.name,
                sheet=sheets[1].name,
            )
        return sheets[0]

    def _meld_kolommen(self, sheet: Sheet) -> None:
        indeling = self._indeling
        if indeling.sleutel is None:
            raise ImportFileError(
                "de export heeft geen kolom met het inzending-id (meta/instanceID, _uuid of "
                "KEY); zonder dat id kan een tweede import niet herkennen wat er al is. "
                "Exporteer opnieuw met de metagegevens erbij.",
                "the export has no submission id column (meta/instanceID, _uuid or KEY); "
                "without it a second import cannot tell what is already there. Export "
                "again with the metadata included.",
                file=sheet.file,
                sheet=sheet.name,
                row=sheet.header_row,
            )
        weg = list(indeling.weggelaten)
        if self.anoniem:
            if indeling.respondent is not None:
                if indeling.respondent[1] not in weg:
                    weg.append(indeling.respondent[1])
                self.rapport.waarschuwingen.append(
                    self._t(
                        f"de kolom {indeling.respondent[1]!r} is niet opgeslagen: de enquêteronde "
                        "is anoniem.",
                        f"column {indeling.respondent[1]!r} was not stored: the survey round is "
                        "anonymous.",
                    )
                )
        elif indeling.respondent is None:
            self.rapport.waarschuwingen.append(
                self._t(
                    f"de export heeft geen respondentkolom ({self.respondentkolom!r}); de "
                    "antwoorden zijn niet aan personen gekoppeld.",
                    f"the export has no respondent column ({self.respondentkolom!r}); the "
                    "answers are not linked to persons.",
                )
            )
        self.rapport.weggelaten_kolommen = weg
        self.rapport.kopteksten = "labels" if indeling.labels else "namen"

    # --- checking and storing -----------------------------------------------------------------

    def _controleer(self, rij: Rij) -> dict[str, Any] | None:
        """The cleaned answers of a new submission, or None (with the row's errors) if invalid."""
        geschoond = dict(engine.schoon(self.form, rij.antwoorden))
        for naam in rij.antwoorden:
            vraag = self.form.vraag(naam)
            if naam not in geschoond and vraag.type is not VraagType.CALCULATE:
                self._lezer.fout(
                    rij,
                    self._indeling.kolom_van(naam),
                    toon(rij.antwoorden[naam]),
                    f"de vraag {naam!r} is bij deze antwoorden niet van toepassing (relevant: "
                    f"{vraag.relevant}) en hoort dus leeg te zijn; ODK en KoboToolbox slaan "
                    "zo'n antwoord niet op.",
                    f"question {naam!r} does not apply given these answers (relevant: "
                    f"{vraag.relevant}), so it must be blank; ODK and KoboToolbox do not store "
                    "such an answer.",
                )
        for naam, melding in engine.controleer_alles(self.form, geschoond, self.locale).items():
            waarde = geschoond.get(naam)
            self._lezer.fout(
                rij,
                self._indeling.kolom_van(naam),
                None if waarde is None else toon(waarde),
                melding,
                melding,
            )
        return None if rij.fouten else geschoond

    def _bewaar(
        self,
        session: Session,
        rij: Rij,
        opgeslagen: Mapping[str, Respons],
        respondenten: dict[str, str],
        in_bestand: dict[str, Rij],
    ) -> None:
        assert rij.opslag_id is not None, "a row without id has an error"
        eerder = in_bestand.get(rij.opslag_id)
        if eerder is not None:
            if self._verschil(rij, eerder.antwoorden, in_bestand=True) is None:
                self.rapport.al_aanwezig += 1
            return
        bestaand = opgeslagen.get(rij.opslag_id)
        if bestaand is not None:
            if (
                not self._andere_kop(rij, bestaand)
                and self._verschil(rij, bestaand.antwoorden, in_bestand=False) is None
            ):
                self.rapport.al_aanwezig += 1
                in_bestand[rij.opslag_id] = Rij(rij.nummer, antwoorden=bestaand.antwoorden)
            return
        antwoorden = self._controleer(rij)
        if antwoorden is None:
            return
        rij.antwoorden = antwoorden
        if rij.respondent is not None and respondenten.get(rij.respondent, rij.opslag_id) != (
            rij.opslag_id
        ):
            self._conflict(
                rij,
                self._indeling.respondent[1] if self._indeling.respondent else None,
                None,
                "deze respondent heeft in deze enquêteronde al geantwoord met een andere "
                f"inzending ({respondenten[rij.respondent]}); één respons per persoon.",
                "this respondent already answered in this survey round with another "
                f"submission ({respondenten[rij.respondent]}); one response per person.",
            )
            return
        self._wachtrij.append(
            (
                rij,
                {
                    "id": secrets.token_hex(16),
                    "enquete_ronde_id": self.ronde_id,
                    "instance_id": rij.opslag_id,
                    "respondent": None if self.anoniem else rij.respondent,
                    "wijk_code": rij.wijk_code,
                    "taal": self.form.standaardtaal,
                    "antwoorden": antwoorden,
                    "scores": dict(self.scorer(self.form.form_id, antwoorden)),
                    "inhoud_sha256": inhoud_sha256(antwoorden),
                    "bron": ResponsBron.IMPORT,
                    "ontvangen_op": None if self.anoniem else (rij.ontvangen_op or utcnow()),
                },
            )
        )
        self.rapport.nieuw += 1
        in_bestand[rij.opslag_id] = rij
        if rij.respondent is not None:
            respondenten[rij.respondent] = rij.opslag_id
        if len(self._wachtrij) >= BATCH:
            self._voeg_in(session)

    def _voeg_in(self, session: Session) -> None:
        """Insert the waiting rows; one the database's unique keys turn away is a conflict.

        ON CONFLICT DO NOTHING, not a check in Python: a response that arrived through the web
        page while this file was read is caught by the same keys (RELIABILITY.md §1).
        """
        if not self._wachtrij:
            return
        table = Respons.__table__
        statement = (
            dialect_insert(session, table)  # type: ignore[arg-type]  # Respons.__table__ is a Table
            .on_conflict_do_nothing()
            .returning(table.c.instance_id)
        )
        # executemany with RETURNING: SQLAlchemy batches it as "insertmanyvalues", compiled once
        ingevoegd = set(session.scalars(statement, [row for _, row in self._wachtrij]))
        for rij, _ in self._wachtrij:
            if rij.opslag_id in ingevoegd:
                continue
            self.rapport.nieuw -= 1
            self._conflict(
                rij,
                self._indeling.sleutel[1] if self._indeling.sleutel else None,
                rij.instance_id,
                "deze inzending (of een respons van dezelfde respondent) is tijdens het inlezen "
                "langs een andere weg opgeslagen; lees het bestand opnieuw in.",
                "this submission (or a response of the same respondent) was stored by another "
                "route while importing; import the file again.",
            )
            self._weiger(rij)
        self._wachtrij.clear()

    def _verschil(self, rij: Rij, antwoorden: Mapping[str, Any], *, in_bestand: bool) -> str | None:
        """The first question whose non-blank cell differs from what is stored; None if none."""
        for naam, waarde in rij.antwoorden.items():
            bekend = antwoorden.get(naam)
            if bekend is not None and _gelijk(bekend, waarde):
                continue
            shown = "(leeg)" if bekend is None else repr(toon(bekend))
            shown_en = "(blank)" if bekend is None else repr(toon(bekend))
            plaats = "eerder in dit bestand" if in_bestand else "in de database"
            plaats_en = "earlier in this file" if in_bestand else "in the database"
            self._conflict(
                rij,
                self._indeling.kolom_van(naam),
                toon(waarde),
                f"inzending {rij.instance_id} staat {plaats} met andere antwoorden: bij "
                f"{naam!r} staat daar {shown}, hier {toon(waarde)!r}. De opgeslagen antwoorden "
                "blijven staan; een gewijzigde inzending heeft een nieuw inzending-id nodig.",
                f"submission {rij.instance_id} is {plaats_en} with other answers: for "
                f"{naam!r} it holds {shown_en}, this row {toon(waarde)!r}. The stored answers "
                "stay; a changed submission needs a new submission id.",
            )
            return naam
        return None

    def _andere_kop(self, rij: Rij, bestaand: Respons) -> bool:
        """A conflict (reported) when a non-blank respondent or wijk differs from the stored one."""
        for kolom, nieuw, oud in (
            (self._indeling.respondent, rij.respondent, bestaand.respondent),
            (self._indeling.wijk, rij.wijk_code, bestaand.wijk_code),
        ):
            if nieuw is None or oud is None or nieuw == oud or kolom is None:
                continue
            self._conflict(
                rij,
                kolom[1],
                nieuw,
                f"inzending {rij.instance_id} staat in de database bij een andere "
                f"{kolom[1]!r}; de opgeslagen respons blijft staan.",
                f"submission {rij.instance_id} is stored with another {kolom[1]!r}; the "
                "stored response stays.",
            )
            return True
        return False

    def _conflict(self, rij: Rij, kolom: str | None, waarde: str | None, nl: str, en: str) -> None:
        self.rapport.conflicten += 1
        self._lezer.fout(rij, kolom, waarde, nl, en)

    def _weiger(self, rij: Rij) -> None:
        self.rapport.geweigerd += 1
        for fout in rij.fouten:
            self.rapport.voeg_fout_toe(fout)
        self._geweigerd.append(rij)

    def _schrijf_weigeringen(self) -> Path:
        doel = weigeringspad(self.pad, self.weigeringen_map)
        header = in_taal(
            self.locale,
            ["Rij", "Inzending-id", "Kolom", "Waarde", "Reden"],
            ["Row", "Submission id", "Column", "Value", "Reason"],
        )
        rows = [
            [rij.nummer, rij.instance_id or "", f.kolom or "", f.waarde or "", f.melding]
            for rij in self._geweigerd
            for f in rij.fouten
        ]
        return write_csv(doel, header, rows)
