"""Importing KoboToolbox and ODK Central exports: columns, values, idempotency, anonymity (§1, §2, §4)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

import makelaar.forms
from makelaar.forms.antwoorden import dien_in
from makelaar.forms.definitie import Formulier, Groep, Vraag, VraagType
from makelaar.forms.importeren import Importrapport, als_tekst, importeer
from makelaar.forms.importkolommen import deel_in, normaliseer_instance_id
from makelaar.forms.scoring import scores_json
from makelaar.forms.uitvoer import exporteer
from makelaar.forms.xlsform import lees_formulier
from makelaar.intake.importeur import Status
from makelaar.models.domain import EnqueteModus, Publiek, ResponsBron
from makelaar.models.errors import ImportFileError, MakelaarError
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import EnqueteRonde, Evaluatieronde, Respons
from tests.factories import make_makelaar
from tests.forms.antwoord_factories import Ronde, maak_formulier, make_ronde

U1 = "0f8c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"
U2 = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
U3 = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"

KOBO_KOP = [
    "start",
    "end",
    "over/rol",
    "over/rol_anders",
    "over/signalen",
    "over/signalen/eenzaam",
    "over/signalen/schuld",
    "cijfers/uren",
    "cijfers/cijfer",
    "slot/toelichting",
    "respondent",
    "wijk_code",
    "meta/instanceID",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]
CENTRAL_KOP = [
    "SubmissionDate",
    "over-rol",
    "over-rol_anders",
    "over-signalen",
    "over-signalen/eenzaam",
    "over-signalen/schuld",
    "cijfers-uren",
    "cijfers-cijfer",
    "slot-toelichting",
    "meta-instanceID",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
]


def _kobo(
    uuid: str,
    *,
    rol: str = "makelaar",
    signalen: str = "eenzaam",
    uren: str = "12",
    cijfer: str = "7.5",
    toelichting: str = "Goed gesprek",
    respondent: str = "Stichting Buurtwerk",
    wijk: str = "",
    rol_anders: str = "",
    index: int = 1,
) -> list[str]:
    keuzes = signalen.split()
    return [
        "2026-03-01T09:00:00.000+01:00",
        "2026-03-01T09:10:00.000+01:00",
        rol,
        rol_anders,
        signalen,
        "1" if "eenzaam" in keuzes else ("0" if signalen else ""),
        "1" if "schuld" in keuzes else ("0" if signalen else ""),
        uren,
        cijfer,
        toelichting,
        respondent,
        wijk,
        f"uuid:{uuid}",
        str(1000 + index),
        uuid,
        "2026-03-01T08:10:05",
        "validation_status_approved",
        "",
        "submitted_via_web",
        "enqueteur_jan",
        "vQx7sdjk2",
        "",
        str(index),
    ]


def _central(uuid: str, *, uren: str = "12", edits: str = "0") -> list[str]:
    return [
        "2026-03-01T08:10:05.123Z",
        "makelaar",
        "",
        "eenzaam schuld",
        "1",
        "1",
        uren,
        "6.5",
        "Via Central",
        f"uuid:{uuid}",
        f"uuid:{uuid}",
        "5",
        "Jan de Vries",
        "0",
        "0",
        "",
        "approved",
        "collect:abc123",
        edits,
        "1",
    ]


def _schrijf(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    sep: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=sep)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = Workbook()
    first = True
    for name, rows in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _responsen(store: Store, ronde: Ronde) -> list[Respons]:
    with store.session() as session:
        rows = list(
            session.scalars(
                select(Respons)
                .where(Respons.enquete_ronde_id == ronde.enquete_ronde_id)
                .order_by(Respons.instance_id)
            )
        )
        session.expunge_all()
    return rows


def _partners(store: Store, **kwargs: Any) -> Ronde:
    return make_ronde(store, publiek=Publiek.PARTNERS, uitnodigingen=0, **kwargs)


def _fouten(rapport: Importrapport) -> str:
    return "\n".join(f.tekst() for f in rapport.fouten)


# --- columns ---------------------------------------------------------------------------------


def test_kobo_headers_with_groups_map_onto_questions_and_metadata_is_dropped() -> None:
    form = maak_formulier()
    indeling = deel_in(form, KOBO_KOP, file="kobo.csv")
    assert [k.vraag.name for k in indeling.vragen] == [
        "rol",
        "rol_anders",
        "signalen",
        "uren",
        "cijfer",
        "toelichting",
    ]
    assert [(k.header, k.keuze) for k in indeling.keuzes["signalen"]] == [
        ("over/signalen/eenzaam", "eenzaam"),
        ("over/signalen/schuld", "schuld"),
    ]
    assert indeling.sleutel == (12, "meta/instanceID")  # preferred over _uuid
    assert indeling.respondent == (10, "respondent")
    assert indeling.wijk == (11, "wijk_code")
    assert indeling.tijd == (15, "_submission_time")
    assert "_submitted_by" in indeling.weggelaten and "start" in indeling.weggelaten
    assert not indeling.labels


def test_central_headers_with_dashes_and_key_column() -> None:
    indeling = deel_in(maak_formulier(), CENTRAL_KOP, file="central.csv")
    assert len(indeling.vragen) == 6
    assert indeling.sleutel == (10, "KEY")  # Central's KEY survives edits
    assert indeling.versie == (19, "FormVersion")
    assert {"SubmitterName", "DeviceID", "ReviewState"} <= set(indeling.weggelaten)


def test_headers_without_groups_and_kobo_uuid_only() -> None:
    indeling = deel_in(maak_formulier(), ["rol", "signalen", "uren", "_uuid"], file="x.csv")
    assert [k.vraag.name for k in indeling.vragen] == ["rol", "signalen", "uren"]
    assert indeling.sleutel == (3, "_uuid")


def test_label_headers_are_accepted_when_unambiguous() -> None:
    header = ["Wat is uw rol?", "Welke signalen zag u?/Schulden", "Cijfers/Hoeveel uur per week?"]
    indeling = deel_in(maak_formulier(), [*header, "_uuid"], file="labels.csv")
    assert indeling.labels
    assert [k.vraag.name for k in indeling.vragen] == ["rol", "uren"]
    assert indeling.keuzes["signalen"][0].keuze == "schuld"


def test_an_ambiguous_label_header_is_refused_with_the_export_hint() -> None:
    form = maak_formulier(uren="Hoeveel?", cijfer="Hoeveel?")
    with pytest.raises(ImportFileError) as caught:
        deel_in(form, ["Hoeveel?", "_uuid"], file="labels.csv")
    message = str(caught.value)
    assert "bestand labels.csv, rij 1, kolom 'Hoeveel?'" in message
    assert "het label van meer dan één vraag (cijfer, uren)" in message
    assert "XML-waarden en kopteksten" in message


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["rol", "leeftijd_partner", "_uuid"], "de kolom(men) 'leeftijd_partner' horen niet bij"),
        (["signalen/geld", "_uuid"], "'geld' is geen keuze daarvan; geldige keuzes zijn eenzaam"),
        (["rol", "over/rol", "_uuid"], "de kolommen 'rol' en 'over/rol' zijn allebei de vraag"),
        (["_uuid", "_id"], "geen enkele kolom is een vraag van formulier 'test_reflectie'"),
    ],
)
def test_bad_headers_are_refused_with_the_column(header: list[str], expected: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        deel_in(maak_formulier(), header, file="x.csv")
    assert expected in str(caught.value)


def test_instance_ids_are_spelled_one_way() -> None:
    assert normaliseer_instance_id(U1.upper()) == f"uuid:{U1}"
    assert normaliseer_instance_id(f"uuid:{U1}") == f"uuid:{U1}"
    assert normaliseer_instance_id(" eigen-id-7 ") == "eigen-id-7"


# --- importing -------------------------------------------------------------------------------


def test_kobo_csv_imports_and_a_second_import_adds_nothing(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    rows = [_kobo(U1), _kobo(U2, signalen="eenzaam schuld", cijfer="8", respondent="Wijkteam")]
    path = _schrijf(tmp_path / "kobo.csv", KOBO_KOP, rows)
    first = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert (first.status, first.gelezen, first.nieuw, first.al_aanwezig) == (
        Status.INGELEZEN,
        2,
        2,
        0,
    ), _fouten(first)
    assert first.encoding == "utf-8-sig" and first.scheidingsteken == ";"
    stored = _responsen(store, ronde)
    assert [r.instance_id for r in stored] == [f"uuid:{U1}", f"uuid:{U2}"]
    assert stored[0].antwoorden == {
        "rol": "makelaar",
        "signalen": ["eenzaam"],
        "uren": 12,
        "cijfer": 7.5,
        "toelichting": "Goed gesprek",
    }
    assert stored[1].antwoorden["signalen"] == ["eenzaam", "schuld"]
    assert stored[0].bron == ResponsBron.IMPORT
    # identified: the respondent as the invitations name partners, never in clear
    assert stored[0].respondent is not None and stored[0].respondent.startswith("PA-")
    assert "Buurtwerk" not in json.dumps([r.respondent for r in stored])
    assert stored[0].ontvangen_op == dt.datetime(2026, 3, 1, 8, 10, 5, tzinfo=dt.UTC)

    again = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert (again.status, again.nieuw, again.al_aanwezig, again.conflicten) == (
        Status.INGELEZEN,
        0,
        2,
        0,
    )
    assert len(_responsen(store, ronde)) == 2


def test_a_reimport_with_blank_cells_keeps_the_stored_values(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    importeer(
        store, settings, ronde.enquete_ronde_id, _schrijf(tmp_path / "a.csv", KOBO_KOP, [_kobo(U1)])
    )
    before = _responsen(store, ronde)[0].antwoorden
    blanks = _kobo(U1, signalen="", cijfer="", toelichting="")
    rapport = importeer(
        store, settings, ronde.enquete_ronde_id, _schrijf(tmp_path / "b.csv", KOBO_KOP, [blanks])
    )
    assert (rapport.status, rapport.al_aanwezig, rapport.conflicten) == (Status.INGELEZEN, 1, 0)
    assert _responsen(store, ronde)[0].antwoorden == before


def test_a_changed_row_is_a_conflict_and_refuses_the_file(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    importeer(
        store, settings, ronde.enquete_ronde_id, _schrijf(tmp_path / "a.csv", KOBO_KOP, [_kobo(U1)])
    )
    changed = [_kobo(U1, uren="20"), _kobo(U3, respondent="Nieuw")]
    path = _schrijf(tmp_path / "b.csv", KOBO_KOP, changed)
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert (rapport.status, rapport.nieuw, rapport.conflicten, rapport.geweigerd) == (
        Status.GEWEIGERD,
        0,
        1,
        2,
    )
    fout = rapport.fouten[0]
    assert (fout.rij, fout.kolom, fout.waarde) == (2, "cijfers/uren", "20")
    assert f"inzending uuid:{U1} staat in de database met andere antwoorden" in fout.melding
    assert "bij 'uren' staat daar '12', hier '20'" in fout.melding
    assert [r.antwoorden["uren"] for r in _responsen(store, ronde)] == [12]  # unchanged, no U3

    partly = importeer(store, settings, ronde.enquete_ronde_id, path, sla_ongeldig_over=True)
    assert (partly.status, partly.nieuw, partly.conflicten) == (Status.DEELS, 1, 1)
    assert partly.weigeringen is not None
    rejects = Path(partly.weigeringen).read_text(encoding="utf-8-sig")
    assert rejects.splitlines()[0] == "Rij;Inzending-id;Kolom;Waarde;Reden"
    assert f"2;uuid:{U1};cijfers/uren;20;" in rejects
    assert "enqueteur_jan" not in rejects  # metadata is not copied into the rejects file
    assert sorted(r.antwoorden["uren"] for r in _responsen(store, ronde)) == [12, 12]


def test_anonymous_round_stores_no_metadata_respondent_or_time(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = make_ronde(store, modus=EnqueteModus.ANONIEM, publiek=Publiek.BEWONERS, uitnodigingen=0)
    with store.session() as session:
        enquete_ronde = session.get(EnqueteRonde, ronde.enquete_ronde_id)
        assert enquete_ronde is not None
        evaluatie = session.get(Evaluatieronde, enquete_ronde.ronde_id)
        assert evaluatie is not None
        wijkcode = f"WK{evaluatie.gemeente_code[2:]}01"
    path = _schrijf(tmp_path / "bewoners.csv", KOBO_KOP, [_kobo(U1, wijk=wijkcode)])
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert rapport.nieuw == 1, _fouten(rapport)
    assert "respondent" in rapport.weggelaten_kolommen
    assert {"_submitted_by", "_submission_time", "start", "end", "_id"} <= set(
        rapport.weggelaten_kolommen
    )
    assert any("anoniem" in w for w in rapport.waarschuwingen)
    (stored,) = _responsen(store, ronde)
    assert stored.respondent is None and stored.ontvangen_op is None
    assert stored.wijk_code == wijkcode
    # the tool's submission id leads to its record of who sent it when: only a keyed hash is kept
    assert stored.instance_id.startswith("ih-") and U1 not in stored.instance_id
    again = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert (again.nieuw, again.al_aanwezig) == (0, 1)
    # the id is a hash and nothing else: its hex digits may spell any number (e.g. "1001") by chance
    assert re.fullmatch(r"ih-[0-9a-f]{64}", stored.instance_id), stored.instance_id
    everything = json.dumps([stored.antwoorden, stored.scores, stored.taal], default=str)
    for leak in ("enqueteur_jan", "Buurtwerk", "2026-03-01", "1001", "vQx7sdjk2"):
        assert leak not in everything


def test_invalid_rows_name_file_row_column_value_and_refuse_the_whole_file(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    rows = [
        _kobo(U1),  # valid, but the file is refused as a whole
        _kobo(U2, uren="abc"),
        _kobo(U3, uren="99"),
        _kobo("3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f", rol=""),
        _kobo("4d5e6f7a-8b9c-4d0e-9f1a-3b4c5d6e7f8a", rol_anders="voorzitter"),
        _kobo("5e6f7a8b-9c0d-4e1f-8a2b-4c5d6e7f8a9b", rol="directeur"),
    ]
    path = _schrijf(tmp_path / "fout.csv", KOBO_KOP, rows)
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert rapport.status is Status.GEWEIGERD
    assert (rapport.gelezen, rapport.nieuw, rapport.geweigerd) == (6, 0, 6)
    assert _responsen(store, ronde) == []
    by_row = {f.rij: f for f in rapport.fouten}
    assert set(by_row) == {3, 4, 5, 6, 7}
    assert (by_row[3].kolom, by_row[3].waarde) == ("cijfers/uren", "abc")
    assert "'abc' is geen geheel getal" in by_row[3].melding
    assert (by_row[4].kolom, by_row[4].melding) == ("cijfers/uren", "Tussen 0 en 60.")
    assert (by_row[5].kolom, by_row[5].melding) == ("over/rol", "Deze vraag is verplicht.")
    assert by_row[6].kolom == "over/rol_anders"
    assert "niet van toepassing" in by_row[6].melding and "anders" in by_row[6].melding
    assert "'directeur' is geen keuze bij deze vraag; geldig zijn: makelaar, anders" in (
        by_row[7].melding
    )
    assert by_row[3].tekst().startswith("bestand fout.csv, rij 3, kolom 'cijfers/uren': ")


def test_english_messages_with_locale_en(store: Store, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", output_dir=tmp_path / "out", locale="en")
    ronde = _partners(store)
    path = _schrijf(tmp_path / "fout.csv", KOBO_KOP, [_kobo(U1, uren="abc")])
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert "'abc' is not a whole number" in rapport.fouten[0].melding
    assert "refused" in als_tekst(rapport, "en")


def test_labels_as_values_map_to_their_choice(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    header = ["Wat is uw rol?", "Welke rol dan?", "Hoeveel uur per week?", "_uuid"]
    path = _schrijf(tmp_path / "labels.csv", header, [["Iets anders", "buurtvader", "4", U1]])
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert (rapport.nieuw, rapport.kopteksten) == (1, "labels"), _fouten(rapport)
    assert _responsen(store, ronde)[0].antwoorden == {
        "rol": "anders",
        "rol_anders": "buurtvader",
        "uren": 4,
    }


def test_central_csv_and_kobo_uuid_are_the_same_submission(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    central = _schrijf(
        tmp_path / "central.csv", CENTRAL_KOP, [_central(U1)], sep=",", encoding="utf-8"
    )
    rapport = importeer(store, settings, ronde.enquete_ronde_id, central)
    assert (rapport.nieuw, rapport.scheidingsteken) == (1, ","), _fouten(rapport)
    assert any("niet aan personen gekoppeld" in w for w in rapport.waarschuwingen)
    (stored,) = _responsen(store, ronde)
    assert stored.antwoorden["signalen"] == ["eenzaam", "schuld"]
    assert stored.respondent is None  # no respondent column: not linked
    assert "Jan de Vries" not in json.dumps(stored.antwoorden)
    kobo = _schrijf(
        tmp_path / "kobo.csv",
        ["over/rol", "over/signalen", "cijfers/uren", "_uuid"],
        [["makelaar", "schuld eenzaam", "12", U1.upper()]],
    )
    again = importeer(store, settings, ronde.enquete_ronde_id, kobo)
    assert (again.nieuw, again.al_aanwezig) == (0, 1), _fouten(again)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings_import_identically(
    store: Store, settings: Settings, tmp_path: Path, encoding: str
) -> None:
    ronde = _partners(store)
    text = "Café met €5 korting, 'ë'"
    path = _schrijf(
        tmp_path / "enc.csv",
        ["over/rol", "cijfers/uren", "cijfers/cijfer", "slot/toelichting", "_uuid"],
        [["makelaar", "3", "7,5", text, U1]],
        encoding=encoding,
    )
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert rapport.nieuw == 1, _fouten(rapport)
    (stored,) = _responsen(store, ronde)
    assert stored.antwoorden["toelichting"] == text
    assert stored.antwoorden["cijfer"] == 7.5  # decimal comma in a ';' file


def test_xlsx_export_with_numbers_and_choice_columns(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    header = ["rol", "signalen/eenzaam", "signalen/schuld", "uren", "cijfer", "meta/instanceID"]
    path = _xlsx(
        tmp_path / "kobo.xlsx",
        {
            "Reflectie": [
                header,
                ["makelaar", 0, 1, 12, 7.5, f"uuid:{U1}"],
                ["makelaar", 0, 0, 3.0, None, U2],
            ]
        },
    )
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert rapport.nieuw == 2, _fouten(rapport)
    first, second = _responsen(store, ronde)
    assert first.antwoorden == {
        "rol": "makelaar",
        "signalen": ["schuld"],
        "uren": 12,
        "cijfer": 7.5,
    }
    assert second.antwoorden == {"rol": "makelaar", "uren": 3}  # all 0: not answered


def test_xlsx_with_repeat_sheets_is_refused(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    path = _xlsx(
        tmp_path / "repeat.xlsx",
        {
            "data": [["rol", "_uuid"], ["makelaar", U1]],
            "kinderen": [["naam", "_parent_index"], ["A", 1]],
        },
    )
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert rapport.status is Status.GEWEIGERD
    assert rapport.fouten[0].blad == "kinderen"
    assert "herhaalgroepen (repeat)" in rapport.fouten[0].melding


def test_choice_columns_must_agree_with_the_names_column(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    header = ["rol", "uren", "signalen", "signalen/eenzaam", "signalen/schuld", "_uuid"]
    path = _schrijf(tmp_path / "s.csv", header, [["makelaar", "2", "eenzaam", "0", "1", U1]])
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert rapport.status is Status.GEWEIGERD
    assert "de 0/1-kolommen per keuze schuld" in rapport.fouten[0].melding
    assert rapport.fouten[0].kolom == "signalen"


def test_one_response_per_respondent_in_identified_rounds(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    rows = [_kobo(U1, respondent="Wijkteam"), _kobo(U2, respondent="wijkteam")]
    rapport = importeer(
        store, settings, ronde.enquete_ronde_id, _schrijf(tmp_path / "r.csv", KOBO_KOP, rows)
    )
    assert (rapport.status, rapport.conflicten) == (Status.GEWEIGERD, 1)
    assert "deze respondent heeft in deze enquêteronde al geantwoord" in rapport.fouten[0].melding


def test_broker_rounds_take_the_broker_code_as_respondent(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = make_ronde(store, publiek=Publiek.MAKELAARS, uitnodigingen=0)
    with store.session() as session:
        enquete_ronde = session.get(EnqueteRonde, ronde.enquete_ronde_id)
        assert enquete_ronde is not None
        evaluatie = session.get(Evaluatieronde, enquete_ronde.ronde_id)
        assert evaluatie is not None
        code = make_makelaar(session, evaluatie.gemeente_code, [], code=f"MK-{U1[:6]}").code
    rows = [_kobo(U1, respondent=code.lower()), _kobo(U2, respondent="Onbekende Piet")]
    path = _schrijf(tmp_path / "mk.csv", KOBO_KOP, rows)
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path, sla_ongeldig_over=True)
    assert rapport.nieuw == 1
    assert "'Onbekende Piet' is geen bekende makelaarcode" in rapport.fouten[0].melding
    assert _responsen(store, ronde)[0].respondent == code


def test_dates_day_first_or_iso_and_impossible_dates_refused(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    base = maak_formulier()
    extra = Groep(
        name="extra",
        path="/data/extra",
        children=[Vraag(name="datum", path="/data/extra/datum", type=VraagType.DATE)],
    )
    form = Formulier.model_validate(
        {**base.model_dump(), "children": [*base.model_dump()["children"], extra.model_dump()]}
    )
    ronde = _partners(store, formulier=form)
    rows = [
        ["makelaar", "1", "31-12-2025", U1],
        ["makelaar", "1", "2025-12-30", U2],
        ["makelaar", "1", "31-02-2024", U3],
    ]
    path = _schrijf(tmp_path / "d.csv", ["rol", "uren", "extra/datum", "_uuid"], rows)
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path, sla_ongeldig_over=True)
    assert rapport.nieuw == 2
    assert (rapport.fouten[0].rij, rapport.fouten[0].waarde) == (4, "31-02-2024")
    assert "geen geldige datum" in rapport.fouten[0].melding
    assert sorted(r.antwoorden["datum"] for r in _responsen(store, ronde)) == [
        "2025-12-30",
        "2025-12-31",
    ]


def test_an_export_without_submission_ids_is_refused(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    path = _schrijf(tmp_path / "zonder.csv", ["rol", "uren", "start"], [["makelaar", "3", "x"]])
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert rapport.status is Status.GEWEIGERD
    assert "geen kolom met het inzending-id (meta/instanceID, _uuid of KEY)" in _fouten(rapport)


def test_a_bad_row_in_the_middle_of_a_large_file_rolls_back_everything(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    rows = [
        ["makelaar", str(i % 60), f"uuid:00000000-0000-4000-8000-{i:012d}"] for i in range(2000)
    ]
    rows[1000][1] = "61"  # outside the constraint 0..60
    path = _schrijf(tmp_path / "groot.csv", ["rol", "uren", "meta/instanceID"], rows)
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert (rapport.status, rapport.gelezen, rapport.nieuw) == (Status.GEWEIGERD, 2000, 0)
    assert [(f.rij, f.waarde) for f in rapport.fouten] == [(1002, "61")]
    assert _responsen(store, ronde) == []
    partly = importeer(store, settings, ronde.enquete_ronde_id, path, sla_ongeldig_over=True)
    assert (partly.status, partly.nieuw, partly.geweigerd) == (Status.DEELS, 1999, 1)
    assert len(_responsen(store, ronde)) == 1999


def test_label_export_takes_selections_from_the_choice_columns(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    header = [
        "Wat is uw rol?",
        "Welke signalen zag u?",
        "Welke signalen zag u?/Eenzaamheid",
        "Welke signalen zag u?/Schulden",
        "Hoeveel uur per week?",
        "_uuid",
    ]
    row = ["Makelaar", "Eenzaamheid Schulden", "1", "1", "5", U1]
    rapport = importeer(
        store, settings, ronde.enquete_ronde_id, _schrijf(tmp_path / "l.csv", header, [row])
    )
    assert rapport.nieuw == 1, _fouten(rapport)
    assert _responsen(store, ronde)[0].antwoorden["signalen"] == ["eenzaam", "schuld"]


def test_a_reimport_with_another_respondent_is_a_conflict(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    first = _schrijf(tmp_path / "a.csv", KOBO_KOP, [_kobo(U1, respondent="Wijkteam")])
    assert importeer(store, settings, ronde.enquete_ronde_id, first).nieuw == 1
    other = _schrijf(tmp_path / "b.csv", KOBO_KOP, [_kobo(U1, respondent="Buurthuis")])
    rapport = importeer(store, settings, ronde.enquete_ronde_id, other)
    assert (rapport.status, rapport.conflicten) == (Status.GEWEIGERD, 1)
    assert rapport.fouten[0].kolom == "respondent"
    assert "Buurthuis" not in _fouten(rapport)  # the person appears only as a pseudonym


def test_xlsx_date_cells_are_read_as_dates(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    base = maak_formulier().model_dump()
    extra = Groep(
        name="extra",
        path="/data/extra",
        children=[Vraag(name="datum", path="/data/extra/datum", type=VraagType.DATE)],
    )
    form = Formulier.model_validate({**base, "children": [*base["children"], extra.model_dump()]})
    ronde = _partners(store, formulier=form)
    rows: list[list[Any]] = [
        ["rol", "uren", "datum", "_uuid"],
        ["makelaar", 1, dt.date(2026, 2, 28), U1],
    ]
    rapport = importeer(
        store, settings, ronde.enquete_ronde_id, _xlsx(tmp_path / "d.xlsx", {"d": rows})
    )
    assert rapport.nieuw == 1, _fouten(rapport)
    assert _responsen(store, ronde)[0].antwoorden["datum"] == "2026-02-28"


def test_an_unknown_survey_round_is_an_error(
    settings: Settings, sqlite_store: Store, tmp_path: Path
) -> None:
    path = _schrijf(tmp_path / "x.csv", ["rol", "_uuid"], [["makelaar", U1]])
    with pytest.raises(MakelaarError, match="Enquêteronde 424242 bestaat niet"):
        importeer(sqlite_store, settings, 424242, path)


def test_a_submission_stored_by_the_web_page_during_the_import_is_a_conflict(
    postgres_store: Store, settings: Settings, tmp_path: Path
) -> None:
    """The database's unique key decides, not the check before it (PostgreSQL: no file lock)."""
    ronde = _partners(postgres_store)
    concurrent: list[str] = []

    def scorer(_form_id: str, _antwoorden: Any) -> dict[str, Any]:
        if not concurrent:  # the web page stores U1 after the importer looked it up
            concurrent.append(U1)
            dien_in(
                postgres_store,
                enquete_ronde_id=ronde.enquete_ronde_id,
                instance_id=f"uuid:{U1}",
                antwoorden={"rol": "anders", "rol_anders": "via web", "uren": 1},
                taal="nl",
                respondent=None,
                wijk_code=None,
                bron=ResponsBron.WEB,
                scorer=lambda _f, _a: {},
            )
        return {}

    path = _schrijf(tmp_path / "k.csv", KOBO_KOP, [_kobo(U1), _kobo(U2, respondent="Ander")])
    rapport = importeer(postgres_store, settings, ronde.enquete_ronde_id, path, scorer=scorer)
    assert (rapport.status, rapport.nieuw, rapport.conflicten) == (Status.GEWEIGERD, 0, 1)
    assert "tijdens het inlezen langs een andere weg opgeslagen" in rapport.fouten[0].melding
    (stored,) = _responsen(postgres_store, ronde)
    assert stored.bron == ResponsBron.WEB and stored.antwoorden["rol_anders"] == "via web"


def test_header_errors_in_english(store: Store, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", output_dir=tmp_path / "out", locale="en")
    ronde = _partners(store)
    path = _schrijf(
        tmp_path / "x.csv", ["rol", "leeftijd_partner", "_uuid"], [["makelaar", "4", U1]]
    )
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert rapport.status is Status.GEWEIGERD
    assert (
        rapport.fouten[0]
        .tekst("en")
        .startswith(
            "file x.csv, row 1, column 'leeftijd_partner': column(s) 'leeftijd_partner' do not belong"
        )
    )
    assert "'XML values and headers'" in rapport.fouten[0].melding


def test_submissions_rejected_in_review_are_skipped(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ronde = _partners(store)
    rejected = _central(U2)
    rejected[CENTRAL_KOP.index("ReviewState")] = "rejected"
    rows = [_central(U1), rejected]
    path = _schrijf(tmp_path / "c.csv", CENTRAL_KOP, rows, sep=",", encoding="utf-8")
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert (rapport.gelezen, rapport.nieuw, rapport.afgekeurd) == (2, 1, 1), _fouten(rapport)
    assert [r.instance_id for r in _responsen(store, ronde)] == [f"uuid:{U1}"]
    assert "overgeslagen: 1 inzending(en) afgekeurd" in als_tekst(rapport)


def test_the_shipped_buurtmeter_imports_with_scores_and_exports_them(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    form = lees_formulier(Path(makelaar.forms.__file__).parent / "instrumenten/buurtmeter.md")
    ronde = make_ronde(
        store, form, modus=EnqueteModus.ANONIEM, publiek=Publiek.BEWONERS, uitnodigingen=0
    )
    antwoorden = {
        "meedoen/deelgenomen": "ja",
        "meedoen/georganiseerd": "nee",
        "meedoen/soort_activiteit": "feest groen",
        "hulp_informatie/weet_waar_vraag": "deels",
        "buren/contact_buren": "wekelijks",
        "tevredenheid/rapportcijfer": "7",
        "eenzaamheid/djg_leegte": "ja",
        "eenzaamheid/djg_narigheid": "nee",
        "eenzaamheid/djg_vertrouwen": "ja",
        "eenzaamheid/djg_mis_mensen": "nee",
        "eenzaamheid/djg_verbonden": "min_of_meer",
        "eenzaamheid/djg_in_de_steek": "nee",
        "tot_slot/opmerking": "@SUM(A1)",
    }
    header = [*antwoorden, "meta/instanceID", "_submission_time", "deviceid"]
    row = [*antwoorden.values(), f"uuid:{U1}", "2026-03-01T10:00:00", "collect:xyz"]
    path = _xlsx(tmp_path / "buurtmeter.xlsx", {"buurtmeter": [header, row]})
    rapport = importeer(store, settings, ronde.enquete_ronde_id, path)
    assert rapport.nieuw == 1, _fouten(rapport)
    (stored,) = _responsen(store, ronde)
    assert stored.antwoorden["soort_activiteit"] == ["feest", "groen"]
    assert stored.scores == scores_json("buurtmeter", stored.antwoorden)
    assert stored.scores["djg6"]["scorable"] is True
    uit = exporteer(store, ronde.enquete_ronde_id, tmp_path / "uit.xlsx")
    sheet = load_workbook(uit.pad).worksheets[0]
    header_out, values = [list(r) for r in sheet.iter_rows(values_only=True)]
    cells = dict(zip(header_out, values, strict=True))
    assert cells["score_djg6_total"] == stored.scores["djg6"]["total"]
    assert cells["soort_activiteit_feest"] == 1 and cells["soort_activiteit_sport_spel"] == 0
    assert cells["opmerking"] == "'@SUM(A1)"
    assert "collect:xyz" not in repr(values) and "ontvangen_op" not in header_out


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_makelaars_own_export_reads_back(
    store: Store, settings: Settings, tmp_path: Path, formaat: str
) -> None:
    ronde = _partners(store)
    rows = [_kobo(U1), _kobo(U2, signalen="", cijfer="6,5", respondent="Wijkteam")]
    assert (
        importeer(
            store, settings, ronde.enquete_ronde_id, _schrijf(tmp_path / "k.csv", KOBO_KOP, rows)
        ).nieuw
        == 2
    )
    uit = Path(exporteer(store, ronde.enquete_ronde_id, tmp_path / f"uit.{formaat}").pad)
    again = importeer(store, settings, ronde.enquete_ronde_id, uit)
    assert (again.status, again.nieuw, again.al_aanwezig) == (Status.INGELEZEN, 0, 2), _fouten(
        again
    )
    elders = _partners(store)
    copied = importeer(store, settings, elders.enquete_ronde_id, uit)
    assert copied.nieuw == 2, _fouten(copied)
    assert [(r.antwoorden, r.respondent, r.ontvangen_op) for r in _responsen(store, elders)] == [
        (r.antwoorden, r.respondent, r.ontvangen_op) for r in _responsen(store, ronde)
    ]


def test_a_label_that_is_also_a_metadata_name_is_not_dropped_silently() -> None:
    form = maak_formulier(toelichting="Status")
    with pytest.raises(ImportFileError, match="ook het label van de vraag 'toelichting'"):
        deel_in(form, ["Wat is uw rol?", "Status", "_uuid"], file="labels.csv")
    # with names in the header, 'Status' is ODK Central's metadata column
    indeling = deel_in(form, ["rol", "toelichting", "Status", "KEY"], file="central.csv")
    assert "Status" in indeling.weggelaten
