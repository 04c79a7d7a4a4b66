"""The importer skeleton (intake.importeur) on its own: a small importer plugged into its steps.

The importer reads a list of names ('naam') and stores each name as a row; a blank name is an
error of its row. The logbook, Kobo/ODK and register imports are tested through their own tests.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from makelaar.intake.importeur import (
    MAX_FOUTEN,
    Bestandsimport,
    Fout,
    Rapport,
    Status,
    weigeringspad,
)
from makelaar.intake.kolomnamen import Cellen, Kolomnamen
from makelaar.intake.tabular import open_tables
from makelaar.models.store import Store
from makelaar.models.taal import in_taal
from makelaar.models.tables import BekendeNaam

KOLOMMEN = Kolomnamen({"naam": ("naam", "name")})


@dataclass
class _Namenimport(Bestandsimport[Rapport]):
    store: Store
    pad: Path
    locale: str = "nl"
    sla_ongeldig_over: bool = False
    rapport: Rapport = field(init=False)
    geweigerd_rijen: list[int] = field(default_factory=list)
    weggegooid: bool = False

    def __post_init__(self) -> None:
        self.rapport = Rapport(bestand=self.pad.name)

    def ontbreekt(self) -> str | None:
        return None if self.pad.is_file() else self._t("geen bestand.", "no file.")

    def lees(self, session: Session) -> None:
        with open_tables(self.pad) as sheets:
            sheet = sheets[0]
            plaatsen = KOLOMMEN.plaatsen(sheet.header)
            for nummer, cellen in sheet.rows:
                self.rapport.gelezen += 1
                naam = Cellen(cellen, plaatsen)("naam")
                if not naam:
                    self.rapport.voeg_fout_toe(
                        Fout(
                            bestand=self.pad.name,
                            rij=nummer,
                            kolom=sheet.header[plaatsen["naam"]],
                            waarde="",
                            melding=self._t("de naam ontbreekt.", "the name is missing."),
                        )
                    )
                    self.rapport.geweigerd += 1
                    self.geweigerd_rijen.append(nummer)
                    continue
                session.add(BekendeNaam(hash=hashlib.sha256(naam.encode()).hexdigest()))
                self.rapport.nieuw += 1
            session.flush()

    def schrijf_weigeringen(self) -> Path | None:
        if not self.geweigerd_rijen:
            return None
        doel = weigeringspad(self.pad, None)
        doel.write_text("\n".join(map(str, self.geweigerd_rijen)), encoding="utf-8")
        return doel

    def gooi_weg(self) -> None:
        self.weggegooid = True


def _csv(pad: Path, *namen: str) -> Path:
    """A list with a name and a place per row (the reader wants at least two columns)."""
    regels = ["Naam;Plaats", *(f"{naam};Utrecht" for naam in namen)]
    pad.write_text("\n".join(regels) + "\n", encoding="utf-8")
    return pad


def _opgeslagen(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(BekendeNaam)) or 0


def test_a_good_file_is_stored_with_its_sha256(sqlite_store: Store, tmp_path: Path) -> None:
    pad = _csv(tmp_path / "namen.csv", "Jansen", "De Vries")
    rapport = _Namenimport(sqlite_store, pad).run()
    assert (rapport.status, rapport.gelezen, rapport.nieuw, rapport.geweigerd) == (
        Status.INGELEZEN,
        2,
        2,
        0,
    )
    assert rapport.sha256 == hashlib.sha256(pad.read_bytes()).hexdigest()
    assert rapport.fouten == [] and rapport.weigeringen is None
    assert _opgeslagen(sqlite_store) == 2


def test_one_bad_row_refuses_the_whole_file(sqlite_store: Store, tmp_path: Path) -> None:
    pad = _csv(tmp_path / "namen.csv", "Jansen", "", "De Vries")
    importer = _Namenimport(sqlite_store, pad)
    rapport = importer.run()
    assert rapport.status is Status.GEWEIGERD
    assert (rapport.gelezen, rapport.nieuw, rapport.geweigerd) == (3, 0, 3)
    assert [f.tekst() for f in rapport.fouten] == [
        "bestand namen.csv, rij 3, kolom 'Naam': de naam ontbreekt."
    ]
    assert importer.weggegooid
    assert _opgeslagen(sqlite_store) == 0  # the good rows were rolled back too
    assert not (tmp_path / "namen.geweigerd.csv").exists()


def test_skipping_invalid_rows_keeps_the_valid_ones(sqlite_store: Store, tmp_path: Path) -> None:
    pad = _csv(tmp_path / "namen.csv", "Jansen", "", "De Vries")
    rapport = _Namenimport(sqlite_store, pad, locale="en", sla_ongeldig_over=True).run()
    assert rapport.status is Status.DEELS
    assert (rapport.nieuw, rapport.geweigerd, rapport.aantal_fouten) == (2, 1, 1)
    assert rapport.fouten[0].melding == "the name is missing."
    assert rapport.weigeringen == str(tmp_path / "namen.geweigerd.csv")
    assert Path(rapport.weigeringen).read_text(encoding="utf-8") == "3"
    assert _opgeslagen(sqlite_store) == 2


def test_a_file_of_which_nothing_is_valid_is_refused_even_when_skipping(
    sqlite_store: Store, tmp_path: Path
) -> None:
    pad = _csv(tmp_path / "namen.csv", "", "")
    rapport = _Namenimport(sqlite_store, pad, sla_ongeldig_over=True).run()
    assert rapport.status is Status.GEWEIGERD
    assert (rapport.geweigerd, rapport.weigeringen) == (2, None)
    assert not (tmp_path / "namen.geweigerd.csv").exists()


def test_a_missing_file_and_a_file_the_reader_refuses(sqlite_store: Store, tmp_path: Path) -> None:
    rapport = _Namenimport(sqlite_store, tmp_path / "weg.csv").run()
    assert rapport.status is Status.GEWEIGERD
    assert [f.tekst() for f in rapport.fouten] == ["bestand weg.csv: geen bestand."]
    assert rapport.sha256 is None

    ods = tmp_path / "namen.ods"
    ods.write_bytes(b"not a table")
    rapport = _Namenimport(sqlite_store, ods).run()
    assert rapport.status is Status.GEWEIGERD
    [fout] = rapport.fouten
    assert (fout.bestand, fout.waarde) == ("namen.ods", ".ods")
    assert fout.melding.startswith("bestandstype '.ods' wordt niet ondersteund")


def test_errors_are_counted_all_but_kept_up_to_max_fouten(
    sqlite_store: Store, tmp_path: Path
) -> None:
    pad = _csv(tmp_path / "leeg.csv", *([""] * (MAX_FOUTEN + 5)))
    rapport = _Namenimport(sqlite_store, pad).run()
    assert rapport.aantal_fouten == MAX_FOUTEN + 5
    assert len(rapport.fouten) == MAX_FOUTEN


def test_a_second_file_gets_a_free_rejects_name(tmp_path: Path) -> None:
    pad = tmp_path / "namen.csv"
    (tmp_path / "namen.geweigerd.csv").write_text("", encoding="utf-8")
    assert weigeringspad(pad, None) == tmp_path / "namen.geweigerd-2.csv"
    assert weigeringspad(pad, tmp_path / "map") == tmp_path / "map" / "namen.geweigerd.csv"


def test_in_taal_and_the_place_of_an_error_in_english() -> None:
    fout = Fout(bestand="a.xlsx", blad="Acties", rij=4, kolom="Datum", melding="x")
    assert fout.tekst("en") == "file a.xlsx, sheet 'Acties', row 4, column 'Datum': x"
    assert in_taal("en", "ja", "yes") == "yes" and in_taal("nl", "ja", "yes") == "ja"
