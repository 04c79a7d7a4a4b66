"""Importing the brokers' logbook as a new user would (RELIABILITY §4): the template filled in and
saved as xlsx or as a Dutch CSV, every encoding, ten mistakes at once, atomic by default, rejects
with --sla-ongeldig-over, idempotent re-imports, the life cycle of initiatives, and the file-level
refusals."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from makelaar.intake.cbs import display_name
from makelaar.intake.logboek import (
    Bestandsrapport,
    Fout,
    Importrapport,
    Status,
    als_tekst,
    importeer,
)
from makelaar.intake.logboek.kolommen import ACTIES
from makelaar.intake.logboek.sjabloon import lijsten_uit_store, schrijf_sjabloon
from makelaar.models.errors import MakelaarError
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.tables import (
    BekendeNaam,
    Bewonersinitiatief,
    Casus,
    Gemeente,
    InitiatiefStatusWijziging,
    LogboekImport,
    Makelaar,
    MakelaarWijk,
    Signaal,
    SocialeActie,
)
from tests.factories import make_makelaar, write_xlsx
from tests.intake.logboek.conftest import (
    BUURTEN,
    GEMEENTE,
    MAKELAAR,
    VANDAAG,
    WIJKEN,
    WIJKNAMEN,
    Omgeving,
    csv_tekst,
    instellingen,
    schrijf_csv,
)

# --- rows as brokers type them -------------------------------------------------------------------

ACTIE: dict[str, object] = {
    "Datum": "02-02-2026",
    "Makelaar": MAKELAAR,
    "Wijk": WIJKNAMEN[0],
    "Buurt": "",
    "Soort actie": "Huisbezoek",
    "Aantal bereikt": "3",
    "Resultaat": "Informatie gedeeld",
    "Uren": "1,5",
    "Notitie": "",
}
SIGNAAL: dict[str, object] = {
    "Datum": "02-02-2026",
    "Makelaar": MAKELAAR,
    "Wijk": WIJKNAMEN[0],
    "Probleem of kracht": "Probleem",
    "Categorie": "Eenzaamheid",
    "Omschrijving": "Ouderen in de flat komen weinig buiten.",
    "Status": "Nieuw",
}
INITIATIEF: dict[str, object] = {
    "Initiatief": "Moestuin",
    "Datum": "05-01-2026",
    "Wijk": WIJKNAMEN[0],
    "Makelaar": MAKELAAR,
    "Status": "Idee",
    "Reden": "",
}
CASUS: dict[str, object] = {
    "Huishouden": "Dossier 2026-001",
    "Makelaar": MAKELAAR,
    "Wijk": WIJKNAMEN[0],
    "Datum aanmelding": "10-01-2026",
    "Datum afsluiting": "",
    "Afsluiting": "",
}


def tabel(basis: Mapping[str, object], *rijen: Mapping[str, object]) -> list[list[object]]:
    """A header (the keys of `basis` and of any row) and one line per row, `basis` filled in."""
    kop = list(dict.fromkeys([*basis, *(k for rij in rijen for k in rij)]))
    return [[*kop], *([{**basis, **rij}.get(k, "") for k in kop] for rij in rijen)]


def een(rapport: Importrapport) -> Bestandsrapport:
    assert len(rapport.bestanden) == 1
    return rapport.bestanden[0]


def fout_op(bestand: Bestandsrapport, rij: int, kolom: str, blad: str | None = None) -> Fout:
    """The one error of `bestand` about row `rij`, column `kolom`."""
    found = [f for f in bestand.fouten if f.rij == rij and f.kolom == kolom and f.blad == blad]
    assert len(found) == 1, (rij, kolom, [f.tekst() for f in bestand.fouten])
    return found[0]


def niets_opgeslagen(omgeving: Omgeving) -> None:
    """No logbook table holds a row, and no broker was registered."""
    assert omgeving.tel() == {
        "sociale_actie": 0,
        "signaal": 0,
        "bewonersinitiatief": 0,
        "initiatief_status": 0,
        "casus": 0,
        "bekende_naam": 0,
        "logboek_import": 0,
        "makelaar": 1,
        "makelaar_wijk": 1,
    }


def telling(bestand: Bestandsrapport) -> tuple[int, int, int, int, int]:
    return (
        bestand.gelezen,
        bestand.nieuw,
        bestand.bijgewerkt,
        bestand.ongewijzigd,
        bestand.geweigerd,
    )


# --- the happy path, each encoding -----------------------------------------------------------

DUTCH_ROWS = tabel(
    ACTIE,
    {"Notitie": "Zoë vertelde over de buurtpot van € 250", "Uren": "1,5", "Aantal bereikt": "12"},
    {
        "Datum": "3-2-2026",
        "Soort actie": "Evenement",
        "Wijk": WIJKEN[1],
        "Buurt": "Buurt 2.1",
        "Aantal bereikt": "1.250",
        "Uren": "3,25",
        "Resultaat": "Verbinding gelegd",
        "Notitie": "Buurtfeest, één groot succes",
    },
    {"Datum": "31-01-2026", "Uren": "0,5", "Notitie": "Café-overleg"},
)


def test_a_dutch_semicolon_csv_stores_the_right_values(sqlite_omgeving: Omgeving) -> None:
    pad = schrijf_csv(sqlite_omgeving.map / "logboek.csv", DUTCH_ROWS, encoding="cp1252")
    bestand = een(sqlite_omgeving.importeer(pad))
    assert bestand.status is Status.INGELEZEN, bestand.fouten
    assert (bestand.encoding, bestand.scheidingsteken) == ("cp1252", ";")
    assert telling(bestand) == (3, 3, 0, 0, 0)
    velden = ("datum", "uren", "bereikt", "notitie", "buurt_code", "wijk_code")
    rijen = {tuple(r[v] for v in velden) for r in sqlite_omgeving.rijen(SocialeActie)}
    assert rijen == {
        # a given name in a note is masked (models.namen); the accents elsewhere stay
        (
            dt.date(2026, 2, 2),
            1.5,
            12,
            "[naam] vertelde over de buurtpot van € 250",
            None,
            WIJKEN[0],
        ),
        (dt.date(2026, 2, 3), 3.25, 1250, "Buurtfeest, één groot succes", BUURTEN[2], WIJKEN[1]),
        (dt.date(2026, 1, 31), 0.5, 3, "Café-overleg", None, WIJKEN[0]),
    }


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_every_encoding_stores_the_same_rows_as_utf8(
    sqlite_omgeving: Omgeving, encoding: str
) -> None:
    utf8 = schrijf_csv(sqlite_omgeving.map / "utf8.csv", DUTCH_ROWS, encoding="utf-8")
    assert een(sqlite_omgeving.importeer(utf8)).nieuw == 3
    voor = sqlite_omgeving.rijen(SocialeActie, zonder=("id",))
    ander = schrijf_csv(sqlite_omgeving.map / "ander.csv", DUTCH_ROWS, encoding=encoding)
    bestand = een(sqlite_omgeving.importeer(ander))
    assert bestand.status is Status.INGELEZEN, bestand.fouten
    assert bestand.encoding == encoding
    # the same values: nothing new, nothing changed, and the stored rows are exactly as before
    assert telling(bestand) == (3, 0, 0, 3, 0)
    assert sqlite_omgeving.rijen(SocialeActie, zonder=("id",)) == voor


def test_a_csv_with_the_templates_headers_and_decimal_hours_is_read_with_semicolons(
    sqlite_omgeving: Omgeving,
) -> None:
    """The template's header 'Anders, namelijk' holds a comma; a row whose only comma is the
    decimal comma of 'Uren' splits in two with ',' as well. That is no reason to refuse the
    file: ';' splits the header into the template's columns, ',' into two halves of nonsense."""
    kop = [k.kop for k in ACTIES.kolommen]
    rows: list[list[object]] = [[*kop]]
    for dag in ("02-02-2026", "03-02-2026"):
        rij = {**ACTIE, "Datum": dag, "Uren": "1,5"}
        rows.append([rij.get(k, "") for k in kop])
    pad = schrijf_csv(sqlite_omgeving.map / "Sociale acties.csv", rows, encoding="cp1252")
    bestand = een(sqlite_omgeving.importeer(pad))
    assert bestand.status is Status.INGELEZEN, [f.tekst() for f in bestand.fouten]
    assert bestand.scheidingsteken == ";"
    assert [a["uren"] for a in sqlite_omgeving.rijen(SocialeActie)] == [1.5, 1.5]


def test_excel_sep_line_is_honoured_and_row_numbers_count_it(sqlite_omgeving: Omgeving) -> None:
    rows = tabel(ACTIE, {}, {"Datum": "31-02-2026"})
    pad = schrijf_csv(sqlite_omgeving.map / "sep.csv", rows, encoding="cp1252", sep_regel=True)
    bestand = een(sqlite_omgeving.importeer(pad))
    assert bestand.scheidingsteken == ";"
    # sep=; is line 1, the header line 2, the data lines 3 and 4
    fout = fout_op(bestand, 4, "Datum")
    assert fout.waarde == "31-02-2026"
    assert bestand.status is Status.GEWEIGERD
    ok = schrijf_csv(sqlite_omgeving.map / "sep-ok.csv", tabel(ACTIE, {}), sep_regel=True)
    assert een(sqlite_omgeving.importeer(ok)).nieuw == 1


# --- the template, filled in by hand, saved as xlsx and as Dutch CSV ------------------------------

SJABLOON_RIJEN: dict[str, list[dict[str, object]]] = {
    "Sociale acties": [
        {
            "Datum": dt.datetime(2026, 2, 2),
            "Makelaar": MAKELAAR,
            "Wijk": WIJKNAMEN[0],
            "Buurt": "Buurt 1.2",
            "Soort actie": "Bemiddeling bewoner–instelling",
            "Partners": "Mitros (Woningcorporatie); GGD",
            "Aantal bereikt": 12,
            "Bewoners als organisator": 2,
            "Bewoners als deelnemer": 8,
            "Doelgroepen": "Ouderen; Mensen met een beperking",
            "Resultaat": "Verbinding gelegd",
            "Uren": 2.5,
            "Notitie": "Overleg over schimmel; € 50 bijdrage, één keer",
        },
        {
            "Datum": dt.datetime(2026, 2, 3),
            "Makelaar": MAKELAAR,
            "Wijk": WIJKNAMEN[1],
            "Soort actie": "Anders",
            "Anders, namelijk": "Repair café",
            "Aantal bereikt": 40,
            "Resultaat": "(Nog) geen resultaat",
            "Uren": 0.75,
        },
    ],
    "Signalen": [
        {
            "Datum": dt.datetime(2026, 1, 20),
            "Makelaar": MAKELAAR,
            "Wijk": WIJKNAMEN[2],
            "Buurt": "Buurt 3.1",
            "Probleem of kracht": "Probleem",
            "Categorie": "Eenzaamheid",
            "Omschrijving": "Ouderen in de flat komen weinig buiten.",
            "Gemeld door": "Partnerorganisatie",
            "Opvolging": "Doorgezet naar het buurtteam",
            "Status": "Doorgezet",
        }
    ],
    "Bewonersinitiatieven": [
        {
            "Initiatief": "Moestuin achter de flat",
            "Datum": dt.datetime(2026, 1, 5),
            "Wijk": WIJKNAMEN[0],
            "Makelaar": MAKELAAR,
            "Status": "Idee",
            "Bewoners betrokken": 3,
            "Contactpersoon": "Wilhelmina Hoogendoorn",
            "Gestart op": dt.datetime(2025, 12, 1),
        },
        {
            "Initiatief": "Moestuin achter de flat",
            "Datum": dt.datetime(2026, 1, 20),
            "Wijk": WIJKNAMEN[0],
            "Status": "Ondersteund",
            "Ondersteuning": "€ 250 uit het buurtbudget",
            "Bewoners betrokken": 6,
        },
    ],
    "Casussen": [
        {
            "Huishouden": "Fam. Öztürk",
            "Makelaar": MAKELAAR,
            "Wijk": WIJKNAMEN[0],
            "Datum aanmelding": dt.datetime(2026, 1, 10),
            "Datum eerste contact": dt.datetime(2026, 1, 12),
            "Aanbieders bij start": 3,
            "Aanbieders bij afsluiting": 1,
            "Ondersteuning door": "Eigen netwerk; Vrijwilligers",
            "Datum afsluiting": dt.datetime(2026, 2, 20),
            "Afsluiting": "Afgesloten met resultaat",
            "Tevredenheid (1-10)": 8,
            "Notitie": "Schuldhulp via het buurtteam",
        }
    ],
}


def _vul_sjabloon(pad: Path) -> None:
    werkmap = load_workbook(pad)
    for blad, rijen in SJABLOON_RIJEN.items():
        ws = werkmap[blad]
        kolom = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
        for r, rij in enumerate(rijen, start=2):
            for kop, waarde in rij.items():
                ws.cell(r, kolom[kop], waarde)
    werkmap.save(pad)


def _excel_csv_puntkomma(xlsx: Path, map_: Path) -> list[Path]:
    """Each record sheet as Dutch Excel's 'CSV (puntkomma)': cp1252, ';', decimal commas and
    dates as they are shown (dd-mm-yyyy)."""
    werkmap = load_workbook(xlsx, data_only=True)
    paden = []
    for blad in SJABLOON_RIJEN:
        ws = werkmap[blad]
        rows: list[list[object]] = []
        for row in ws.iter_rows(values_only=True):
            if all(v is None for v in row):
                continue
            cells: list[object] = []
            for value in row:
                if isinstance(value, dt.datetime | dt.date):
                    cells.append(f"{value:%d-%m-%Y}")
                elif isinstance(value, float):
                    cells.append(f"{value:g}".replace(".", ","))
                else:
                    cells.append(value)
            rows.append(cells)
        paden.append(schrijf_csv(map_ / f"{blad}.csv", rows, encoding="cp1252"))
    return paden


def _alles(omgeving: Omgeving) -> dict[str, list[dict[str, Any]]]:
    """Every stored record of the logbook, without ids, sources and import dates."""
    return {
        "acties": omgeving.rijen(SocialeActie),
        "signalen": omgeving.rijen(Signaal),
        "initiatieven": omgeving.rijen(Bewonersinitiatief),
        "historie": omgeving.rijen(InitiatiefStatusWijziging, zonder=("id", "bron")),
        "casussen": omgeving.rijen(Casus),
        "namen": omgeving.rijen(BekendeNaam, zonder=()),
        "makelaars": omgeving.rijen(Makelaar),
        "koppelingen": omgeving.rijen(MakelaarWijk, zonder=()),
    }


def test_the_template_filled_by_hand_imports_as_xlsx_and_as_excel_csv(
    verse_omgeving: Callable[[str], Omgeving],
) -> None:
    eerste = verse_omgeving("xlsx")
    with eerste.store.session() as session:
        lijsten = lijsten_uit_store(session)
    pad = schrijf_sjabloon(eerste.map / "logboek.xlsx", lijsten)
    _vul_sjabloon(pad)

    bestand = een(eerste.importeer(pad))
    assert bestand.status is Status.INGELEZEN, [f.tekst() for f in bestand.fouten]
    assert bestand.waarschuwingen == []
    assert bestand.bladen == {
        "Sociale acties": "acties",
        "Signalen": "signalen",
        "Bewonersinitiatieven": "initiatieven",
        "Casussen": "casussen",
    }
    assert bestand.gelezen == 6

    stored = _alles(eerste)
    actie = next(a for a in stored["acties"] if a["actietype"] == "bemiddeling_bewoner_instelling")
    assert actie["datum"] == dt.date(2026, 2, 2)
    assert actie["buurt_code"] == BUURTEN[1]
    assert actie["partners"] == ["ggd", "woningcorporatie"]
    assert actie["partner_organisaties"] == ["Mitros"]
    assert actie["doelgroepen"] == ["ouderen", "beperking"]
    assert (actie["bereikt"], actie["bewoners_organisator"], actie["bewoners_deelnemer"]) == (
        12,
        2,
        8,
    )
    assert actie["uren"] == 2.5
    assert actie["notitie"] == "Overleg over schimmel; € 50 bijdrage, één keer"
    anders = next(a for a in stored["acties"] if a["actietype"] == "anders")
    assert (anders["actietype_anders"], anders["resultaat"], anders["uren"]) == (
        "Repair café",
        "geen",
        0.75,
    )
    assert anders["partners"] == [] and anders["bereikt"] == 40
    [signaal] = stored["signalen"]
    assert (signaal["melder"], signaal["status"], signaal["buurt_code"]) == (
        "partner",
        "doorgezet",
        BUURTEN[4],
    )
    [initiatief] = stored["initiatieven"]
    assert initiatief["status"] == "ondersteund"
    assert initiatief["gestart_op"] == dt.date(2025, 12, 1)
    assert initiatief["bijgewerkt_op"] == dt.date(2026, 1, 20)
    assert initiatief["bewoners_betrokken"] == 6
    assert initiatief["ondersteuning"] == "€ 250 uit het buurtbudget"
    assert len(str(initiatief["contactpersoon"])) == 64
    assert sorted(h["status"] for h in stored["historie"]) == ["idee", "ondersteund"]
    [casus] = stored["casussen"]
    assert casus["treden"] == ["eigen_netwerk", "vrijwilligers"]
    assert (casus["afsluiting"], casus["tevredenheid"], casus["aanbieders_start"]) == (
        "met_resultaat",
        8,
        3,
    )
    assert casus["afgesloten_op"] == dt.date(2026, 2, 20)

    # the same workbook saved by Dutch Excel as 'CSV (puntkomma)', one file per sheet
    tweede = verse_omgeving("csv")
    paden = _excel_csv_puntkomma(pad, tweede.map)
    assert "€ 50".encode("cp1252") in paden[0].read_bytes()
    rapport = tweede.importeer(*paden)
    for b in rapport.bestanden:
        assert b.status is Status.INGELEZEN, [f.tekst() for f in b.fouten]
    # a sheet with only ASCII in it is valid UTF-8 too; the others are read as cp1252
    assert [b.encoding for b in rapport.bestanden] == ["cp1252", "utf-8", "cp1252", "cp1252"]
    assert _alles(tweede) == stored


# --- ten mistakes in one file ------------------------------------------------------------------

TIEN_FOUTEN: list[tuple[str, int, str, str | None, str]] = [
    # sheet, row, column, the value as typed, a word the message must hold
    ("Sociale acties", 3, "Datum", "31-02-2024", "29 dagen"),
    ("Sociale acties", 4, "Datum", "01-22-2000", "maand 22"),
    ("Sociale acties", 5, "Wijk", "Atlantis", "onbekend"),
    ("Sociale acties", 6, "Makelaar", "UT-MK-99", "UT-MK-01"),
    ("Sociale acties", 7, "Soort actie", "Koffie drinken", "Huisbezoek"),
    ("Sociale acties", 8, "Aantal bereikt", "-3", "0 of meer"),
    ("Sociale acties", 9, "Anders, namelijk", None, "verplicht"),
    ("Sociale acties", 10, "Buurt", BUURTEN[2], display_name(WIJKNAMEN[1])),
    ("Bewonersinitiatieven", 3, "Reden", None, "reden"),
    ("Casussen", 2, "Datum afsluiting", "01-01-2026", "aanmelding"),
    ("Casussen", 3, "Huishouden", "x" * 201, "200"),
]


def _tien_fouten(pad: Path) -> Path:
    return write_xlsx(
        pad,
        {
            "Sociale acties": tabel(
                {**ACTIE, "Anders, namelijk": ""},
                {},
                {"Datum": "31-02-2024"},
                {"Datum": "01-22-2000"},
                {"Wijk": "Atlantis"},
                {"Makelaar": "UT-MK-99"},
                {"Soort actie": "Koffie drinken"},
                {"Aantal bereikt": "-3"},
                {"Soort actie": "Anders"},
                {"Buurt": BUURTEN[2]},
                {"Notitie": "een goede rij"},
            ),
            "Bewonersinitiatieven": tabel(
                INITIATIEF,
                {"Initiatief": "Speeltuin"},
                {"Initiatief": "Buurtkast", "Status": "Gestrand"},
            ),
            "Casussen": tabel(
                CASUS,
                {
                    "Datum afsluiting": "01-01-2026",
                    "Afsluiting": "Afgesloten zonder resultaat",
                },
                {"Huishouden": "x" * 201, "Datum aanmelding": "12-01-2026"},
            ),
        },
    )


def test_ten_mistakes_give_ten_precise_messages_and_store_nothing(omgeving: Omgeving) -> None:
    pad = _tien_fouten(omgeving.map / "tien fouten.xlsx")
    bestand = een(omgeving.importeer(pad))
    assert bestand.status is Status.GEWEIGERD
    assert bestand.aantal_fouten == len(TIEN_FOUTEN) == len(bestand.fouten)
    tekst = als_tekst(omgeving.importeer(pad))
    for blad, rij, kolom, waarde, woord in TIEN_FOUTEN:
        fout = fout_op(bestand, rij, kolom, blad)
        assert fout.bestand == "tien fouten.xlsx"
        assert fout.waarde == waarde
        assert woord in fout.melding, fout.melding
        if waarde is not None and len(waarde) < 50:
            assert waarde in fout.melding, fout.melding
        assert f"blad '{blad}', rij {rij}, kolom '{kolom}': {fout.melding}" in tekst
    # atomic: the good rows of the file are not stored either, and no import is recorded
    niets_opgeslagen(omgeving)
    assert bestand.nieuw == 0 and bestand.geweigerd == bestand.gelezen == 14


def test_the_errors_are_in_english_with_locale_en(omgeving: Omgeving) -> None:
    pad = _tien_fouten(omgeving.map / "ten.xlsx")
    engels = instellingen(omgeving.map, "en", locale="en")
    rapport = omgeving.importeer(pad, settings=engels)
    bestand = een(rapport)
    assert fout_op(bestand, 3, "Datum", "Sociale acties").melding == (
        "'31-02-2024' does not exist: month 2 of 2024 has 29 days."
    )
    assert "month 22 does not exist" in fout_op(bestand, 4, "Datum", "Sociale acties").melding
    assert "district 'Atlantis' is unknown" in fout_op(bestand, 5, "Wijk", "Sociale acties").melding
    assert "broker code 'UT-MK-99'" in fout_op(bestand, 6, "Makelaar", "Sociale acties").melding
    keuze = fout_op(bestand, 7, "Soort actie", "Sociale acties").melding
    assert "'Koffie drinken' is not in the list" in keuze and "Home visit" in keuze
    assert "too small" in fout_op(bestand, 8, "Aantal bereikt", "Sociale acties").melding
    assert "Other, namely" in fout_op(bestand, 9, "Anders, namelijk", "Sociale acties").melding
    assert "does not lie in" in fout_op(bestand, 10, "Buurt", "Sociale acties").melding
    assert "needs a reason" in fout_op(bestand, 3, "Reden", "Bewonersinitiatieven").melding
    assert "before the request" in fout_op(bestand, 2, "Datum afsluiting", "Casussen").melding
    tekst = als_tekst(rapport, "en")
    assert "ten.xlsx: refused — 14 rows read" in tekst
    assert "file ten.xlsx, sheet 'Sociale acties', row 3, column 'Datum':" in tekst
    for fout in bestand.fouten:  # no Dutch sentence left in any message
        for woord in (" is onbekend", " bestaat niet", "verplicht", " ligt ", "kies uit"):
            assert woord not in fout.melding, fout.melding
    niets_opgeslagen(omgeving)


def test_mixed_decimal_separators_refuse_the_file(omgeving: Omgeving) -> None:
    rows = tabel(ACTIE, {"Uren": "1,5"}, {"Uren": "2.5", "Datum": "03-02-2026"})
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "gemengd.csv", rows)))
    assert bestand.status is Status.GEWEIGERD
    [fout] = bestand.fouten
    assert "'1,5' (rij 2)" in fout.melding and "'2.5' (rij 3)" in fout.melding
    niets_opgeslagen(omgeving)


def test_an_ambiguous_number_in_a_file_without_decimals_is_refused(omgeving: Omgeving) -> None:
    rows = tabel(ACTIE, {"Uren": "2", "Aantal bereikt": "1.500"})
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "vaag.csv", rows)))
    fout = fout_op(bestand, 2, "Aantal bereikt")
    assert fout.waarde == "1.500" and "dubbelzinnig" in fout.melding
    niets_opgeslagen(omgeving)
    # the same number in a file that shows its decimal comma elsewhere is a thousand
    rows = tabel(ACTIE, {"Uren": "2,5", "Aantal bereikt": "1.500"})
    assert een(omgeving.importeer(schrijf_csv(omgeving.map / "nl.csv", rows))).nieuw == 1
    assert [a["bereikt"] for a in omgeving.rijen(SocialeActie)] == [1500]


# --- atomic, or the valid rows and a rejects file ---------------------------------------------

GROOT = 10_000
SOORTEN = ("Huisbezoek", "Evenement", "Nieuwsbrief", "Doorverwijzing", "Buurtonderzoek")


def _groot(pad: Path, slechte_rij: int) -> Path:
    """10,000 actions; file row `slechte_rij` (the header is row 1) has an impossible date."""
    rows: list[list[object]] = [list(ACTIE)]
    start = dt.date(2025, 6, 1)
    for i in range(GROOT):
        dag = start + dt.timedelta(days=i % 240)
        rows.append(
            [
                f"{dag:%d-%m-%Y}",
                MAKELAAR,
                WIJKNAMEN[i % 3],
                "",
                SOORTEN[(i // 3) % 5],
                str(i % 50),
                "Informatie gedeeld",
                f"{i % 7},5",
                f"actie {i}",
            ]
        )
    rows[slechte_rij - 1][0] = "31-02-2026"
    return schrijf_csv(pad, rows, encoding="cp1252")


def test_one_bad_row_at_5000_of_10000_stores_nothing(sqlite_omgeving: Omgeving) -> None:
    pad = _groot(sqlite_omgeving.map / "groot.csv", 5000)
    bestand = een(sqlite_omgeving.importeer(pad))
    assert bestand.status is Status.GEWEIGERD
    assert bestand.gelezen == GROOT
    [fout] = bestand.fouten
    assert (fout.rij, fout.kolom, fout.waarde) == (5000, "Datum", "31-02-2026")
    assert bestand.weigeringen is None
    assert not list(sqlite_omgeving.map.glob("*geweigerd*"))
    niets_opgeslagen(sqlite_omgeving)


def test_sla_ongeldig_over_stores_the_rest_and_writes_the_rejects(
    sqlite_omgeving: Omgeving, tmp_path: Path
) -> None:
    pad = _groot(sqlite_omgeving.map / "groot.csv", 5000)
    weigeringen = tmp_path / "weigeringen"
    rapport = sqlite_omgeving.importeer(pad, sla_ongeldig_over=True, weigeringen_map=weigeringen)
    bestand = een(rapport)
    assert bestand.status is Status.DEELS
    assert rapport.modus == "sla_ongeldig_over"
    assert telling(bestand) == (GROOT, GROOT - 1, 0, 0, 1)
    assert sqlite_omgeving.tel()["sociale_actie"] == GROOT - 1
    assert "actie 4998" not in {a["notitie"] for a in sqlite_omgeving.rijen(SocialeActie)}
    assert bestand.weigeringen == str(weigeringen / "groot.geweigerd.csv")
    with Path(bestand.weigeringen).open(encoding="utf-8-sig", newline="") as handle:
        [kop, rij] = list(csv.reader(handle, delimiter=";"))
    assert kop == ["Blad", "Rij", "Kolom", "Waarde", "Reden"]
    assert rij[1:4] == ["5000", "Datum", "31-02-2026"]
    assert "februari 2026 heeft 28 dagen" in rij[4]
    assert "Notitie=actie 4998" in rij[5:]
    [import_] = sqlite_omgeving.rijen(LogboekImport)
    assert (import_["modus"], import_["nieuw"], import_["geweigerd"]) == (
        "sla_ongeldig_over",
        GROOT - 1,
        1,
    )
    assert "rijen gelezen" in als_tekst(rapport) and str(weigeringen) in als_tekst(rapport)


def test_sla_ongeldig_over_with_only_bad_rows_stores_nothing(omgeving: Omgeving) -> None:
    rows = tabel(ACTIE, {"Datum": "31-02-2026"}, {"Wijk": "Atlantis"})
    pad = schrijf_csv(omgeving.map / "slecht.csv", rows)
    bestand = een(omgeving.importeer(pad, sla_ongeldig_over=True))
    assert bestand.status is Status.GEWEIGERD
    assert bestand.geweigerd == 2 and bestand.weigeringen is None
    assert not list(omgeving.map.glob("*geweigerd*"))
    niets_opgeslagen(omgeving)


# --- idempotency -------------------------------------------------------------------------------

IDEM = tabel(
    ACTIE,
    {"Notitie": "eerste"},
    {"Soort actie": "Evenement", "Aantal bereikt": "30", "Uren": "2,5", "Notitie": "feest"},
    {"Datum": "03-02-2026", "Wijk": WIJKEN[1], "Notitie": "derde"},
)


def test_the_same_file_twice_adds_nothing(omgeving: Omgeving) -> None:
    pad = schrijf_csv(omgeving.map / "a.csv", IDEM)
    assert telling(een(omgeving.importeer(pad))) == (3, 3, 0, 0, 0)
    voor = omgeving.rijen(SocialeActie, zonder=("id",))
    assert telling(een(omgeving.importeer(pad))) == (3, 0, 0, 3, 0)
    assert omgeving.rijen(SocialeActie, zonder=("id",)) == voor
    assert omgeving.tel()["logboek_import"] == 2


def test_the_same_rows_in_another_file_add_nothing(omgeving: Omgeving) -> None:
    omgeving.importeer(schrijf_csv(omgeving.map / "januari.csv", IDEM))
    voor = omgeving.rijen(SocialeActie)
    # another name, another order, another encoding, codes instead of names
    rows = [IDEM[0], IDEM[3], IDEM[2], IDEM[1]]
    rows = [[WIJKEN[0] if c == WIJKNAMEN[0] else c for c in row] for row in rows]
    pad = schrijf_csv(omgeving.map / "kopie van januari.csv", rows, encoding="utf-16")
    assert telling(een(omgeving.importeer(pad))) == (3, 0, 0, 3, 0)
    assert omgeving.rijen(SocialeActie) == voor


def test_a_corrected_row_updates_its_record(omgeving: Omgeving) -> None:
    omgeving.importeer(schrijf_csv(omgeving.map / "a.csv", IDEM))
    rows = [list(r) for r in IDEM]
    rows[2][IDEM[0].index("Aantal bereikt")] = "35"
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "a-verbeterd.csv", rows)))
    assert telling(bestand) == (3, 0, 1, 2, 0)
    feest = [a for a in omgeving.rijen(SocialeActie) if a["notitie"] == "feest"]
    assert [a["bereikt"] for a in feest] == [35]
    assert omgeving.tel()["sociale_actie"] == 3


def test_blank_cells_in_a_reimport_keep_the_stored_values(omgeving: Omgeving) -> None:
    omgeving.importeer(schrijf_csv(omgeving.map / "a.csv", IDEM))
    rows = [list(r) for r in IDEM]
    for row in rows[1:]:
        row[IDEM[0].index("Uren")] = ""
        row[IDEM[0].index("Notitie")] = ""
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "leeg.csv", rows)))
    assert telling(bestand) == (3, 0, 0, 3, 0)
    assert sorted((a["uren"], a["notitie"]) for a in omgeving.rijen(SocialeActie)) == [
        (1.5, "derde"),
        (1.5, "eerste"),
        (2.5, "feest"),
    ]
    # without the columns at all, too
    zonder = [
        [c for i, c in enumerate(row) if IDEM[0][i] not in ("Uren", "Notitie")] for row in IDEM
    ]
    assert telling(een(omgeving.importeer(schrijf_csv(omgeving.map / "z.csv", zonder)))) == (
        3,
        0,
        0,
        3,
        0,
    )
    assert {a["notitie"] for a in omgeving.rijen(SocialeActie)} == {"eerste", "feest", "derde"}


def test_two_identical_rows_are_two_records_also_after_a_reimport(omgeving: Omgeving) -> None:
    rows = tabel(ACTIE, {}, {}, {"Datum": "03-02-2026"})
    pad = schrijf_csv(omgeving.map / "dubbel.csv", rows)
    assert telling(een(omgeving.importeer(pad))) == (3, 3, 0, 0, 0)
    assert telling(een(omgeving.importeer(pad))) == (3, 0, 0, 3, 0)
    acties = omgeving.rijen(SocialeActie)
    assert [a["datum"] for a in acties].count(dt.date(2026, 2, 2)) == 2
    assert len({a["sleutel"] for a in acties}) == 3


def test_rows_with_an_id_update_by_id_and_a_doubled_id_is_refused(omgeving: Omgeving) -> None:
    rows = tabel({"ID": "A-1", **ACTIE}, {}, {"ID": "A-2", "Soort actie": "Evenement"})
    omgeving.importeer(schrijf_csv(omgeving.map / "met-id.csv", rows))
    # the date and the count of A-1 corrected: with an ID that is the same record
    verbeterd = tabel(
        {"ID": "A-1", **ACTIE}, {"Datum": "01-02-2026", "Aantal bereikt": "4"}, {"ID": "A-2"}
    )
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "met-id-2.csv", verbeterd)))
    assert telling(bestand) == (2, 0, 2, 0, 0)
    acties = {(a["datum"], a["actietype"], a["bereikt"]) for a in omgeving.rijen(SocialeActie)}
    assert acties == {
        (dt.date(2026, 2, 1), "huisbezoek", 4),
        (dt.date(2026, 2, 2), "huisbezoek", 3),
    }
    dubbel = tabel({"ID": "A-7", **ACTIE}, {}, {"Datum": "03-02-2026"})
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "dubbel-id.csv", dubbel)))
    assert bestand.status is Status.GEWEIGERD
    fout = fout_op(bestand, 3, "ID")
    assert fout.waarde == "A-7" and "A-7" in fout.melding and "al eerder" in fout.melding
    assert omgeving.tel()["sociale_actie"] == 2


def test_the_same_household_twice_in_one_file_is_refused(omgeving: Omgeving) -> None:
    rows = tabel(CASUS, {}, {"Huishouden": "dossier 2026-001"})
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "casus.csv", rows)))
    assert bestand.status is Status.GEWEIGERD
    assert "al eerder" in fout_op(bestand, 3, "Huishouden").melding
    niets_opgeslagen(omgeving)


# --- the life cycle of an initiative -----------------------------------------------------------


def _historie(omgeving: Omgeving) -> list[tuple[str, dt.date]]:
    return sorted(
        (h["status"], h["datum"])
        for h in omgeving.rijen(InitiatiefStatusWijziging, zonder=("id", "bron", "initiatief_id"))
    )


def test_an_initiative_moves_on_across_rows_and_files(omgeving: Omgeving) -> None:
    een_bestand = tabel(
        INITIATIEF,
        {"Bewoners betrokken": "3"},
        {"Datum": "20-01-2026", "Status": "Ondersteund", "Bewoners betrokken": ""},
    )
    pad_1 = schrijf_csv(omgeving.map / "januari.csv", een_bestand)
    bestand = een(omgeving.importeer(pad_1))
    assert bestand.status is Status.INGELEZEN and bestand.nieuw == 1
    pad_2 = schrijf_csv(
        omgeving.map / "februari.csv",
        tabel(INITIATIEF, {"Datum": "15-02-2026", "Status": "Gerealiseerd", "Makelaar": ""}),
    )
    bestand = een(omgeving.importeer(pad_2))
    assert (bestand.status, bestand.bijgewerkt) == (Status.INGELEZEN, 1)
    [initiatief] = omgeving.rijen(Bewonersinitiatief)
    assert initiatief["status"] == "gerealiseerd"
    assert (initiatief["gestart_op"], initiatief["bijgewerkt_op"]) == (
        dt.date(2026, 1, 5),
        dt.date(2026, 2, 15),
    )
    assert initiatief["bewoners_betrokken"] == 3 and initiatief["makelaar"] == MAKELAAR
    verwacht = [
        ("gerealiseerd", dt.date(2026, 2, 15)),
        ("idee", dt.date(2026, 1, 5)),
        ("ondersteund", dt.date(2026, 1, 20)),
    ]
    assert _historie(omgeving) == verwacht
    # both files again: every step is recorded once, the initiative is unchanged
    for pad in (pad_1, pad_2):
        bestand = een(omgeving.importeer(pad))
        assert (bestand.status, bestand.nieuw, bestand.bijgewerkt) == (Status.INGELEZEN, 0, 0)
    assert _historie(omgeving) == verwacht
    assert omgeving.rijen(Bewonersinitiatief) == [initiatief]


def test_an_initiative_cannot_go_back(omgeving: Omgeving) -> None:
    omgeving.importeer(
        schrijf_csv(
            omgeving.map / "klaar.csv",
            tabel(INITIATIEF, {"Status": "Gerealiseerd", "Datum": "01-02-2026"}),
        )
    )
    terug = tabel(
        INITIATIEF,
        {"Initiatief": "Speeltuin"},
        {"Status": "Idee", "Datum": "15-02-2026"},
    )
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "terug.csv", terug)))
    assert bestand.status is Status.GEWEIGERD
    fout = fout_op(bestand, 3, "Status")
    assert "01-02-2026" in fout.melding
    assert "gerealiseerd" in fout.melding.lower() and "idee" in fout.melding.lower()
    # within one file, too
    binnen = tabel(
        {**INITIATIEF, "Initiatief": "Bankje"},
        {"Status": "Gerealiseerd", "Datum": "01-02-2026"},
        {"Status": "Ondersteund", "Datum": "10-02-2026"},
    )
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "binnen.csv", binnen)))
    assert bestand.status is Status.GEWEIGERD
    assert "ondersteund" in fout_op(bestand, 3, "Status").melding.lower()
    [initiatief] = omgeving.rijen(Bewonersinitiatief)
    assert (initiatief["titel"], initiatief["status"]) == ("Moestuin", "gerealiseerd")
    assert _historie(omgeving) == [("gerealiseerd", dt.date(2026, 2, 1))]


def test_not_supported_needs_a_reason(omgeving: Omgeving) -> None:
    zonder = tabel(INITIATIEF, {"Status": "Niet ondersteund"})
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "zonder.csv", zonder)))
    assert bestand.status is Status.GEWEIGERD
    assert "reden" in fout_op(bestand, 2, "Reden").melding
    niets_opgeslagen(omgeving)
    met = tabel(INITIATIEF, {"Status": "niet ondersteund", "Reden": "Geen ruimte beschikbaar"})
    assert een(omgeving.importeer(schrijf_csv(omgeving.map / "met.csv", met))).nieuw == 1
    [initiatief] = omgeving.rijen(Bewonersinitiatief)
    assert (initiatief["status"], initiatief["reden"]) == (
        "niet_ondersteund",
        "Geen ruimte beschikbaar",
    )


# --- refusals of a whole file or sheet -------------------------------------------------------


def test_a_sheet_with_unknown_headers_refuses_the_file(omgeving: Omgeving) -> None:
    pad = write_xlsx(
        omgeving.map / "extra blad.xlsx",
        {"Sociale acties": tabel(ACTIE, {}), "Blad2": [["Boodschappen", "Prijs"], ["Melk", 1]]},
    )
    bestand = een(omgeving.importeer(pad))
    assert bestand.status is Status.GEWEIGERD
    [fout] = bestand.fouten
    assert fout.blad == "Blad2"
    assert "'Boodschappen'" in fout.melding and "'Prijs'" in fout.melding
    niets_opgeslagen(omgeving)


@pytest.mark.parametrize("vorm", ["csv", "xlsx"])
def test_a_missing_required_column_is_named(omgeving: Omgeving, vorm: str) -> None:
    zonder = {k: v for k, v in ACTIE.items() if k != "Resultaat"}
    rows = tabel(zonder, {})
    if vorm == "csv":
        pad = schrijf_csv(omgeving.map / "zonder resultaat.csv", rows)
    else:
        pad = write_xlsx(omgeving.map / "zonder resultaat.xlsx", {"Sociale acties": rows})
    bestand = een(omgeving.importeer(pad))
    assert bestand.status is Status.GEWEIGERD
    [fout] = bestand.fouten
    assert "'Resultaat'" in fout.melding and "ontbreken" in fout.melding
    niets_opgeslagen(omgeving)


def test_a_near_miss_column_is_a_warning_with_a_suggestion(omgeving: Omgeving) -> None:
    rows = tabel({**ACTIE, "Aantal berijkt": "4"}, {})
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "extra.csv", rows)))
    assert bestand.status is Status.INGELEZEN and bestand.nieuw == 1
    assert bestand.fouten == []
    [berijkt] = bestand.waarschuwingen
    assert "'Aantal berijkt'" in berijkt and "niet ingelezen" in berijkt
    assert "bedoelt u" in berijkt and "aantal bereikt" in berijkt.lower()
    assert "! " + berijkt in als_tekst(omgeving.importeer(omgeving.map / "extra.csv"))


def test_an_unrelated_extra_column_is_a_warning_without_a_suggestion(omgeving: Omgeving) -> None:
    rows = tabel({**ACTIE, "Lievelingskleur": "blauw"}, {})
    bestand = een(omgeving.importeer(schrijf_csv(omgeving.map / "kleur.csv", rows)))
    assert bestand.status is Status.INGELEZEN and bestand.nieuw == 1
    [kleur] = bestand.waarschuwingen
    assert "'Lievelingskleur'" in kleur and "bedoelt u" not in kleur


def test_the_english_template_filled_in_imports(sqlite_omgeving: Omgeving) -> None:
    with sqlite_omgeving.store.session() as session:
        lijsten = lijsten_uit_store(session)
    pad = schrijf_sjabloon(sqlite_omgeving.map / "logbook.xlsx", lijsten, locale="en")
    werkmap = load_workbook(pad)
    ws = werkmap["Social actions"]
    kolom = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
    rij = {
        "Date": dt.datetime(2026, 2, 2),
        "Broker": MAKELAAR,
        "District": WIJKNAMEN[0],
        "Type of action": "Mediation between resident and organisation",
        "Target groups": "Older people; Young people",
        "Outcome": "Information shared",
        "Hours": 1.5,
    }
    for kop, waarde in rij.items():
        ws.cell(2, kolom[kop], waarde)
    werkmap.save(pad)
    engels = instellingen(sqlite_omgeving.map, "en", locale="en")
    bestand = een(sqlite_omgeving.importeer(pad, settings=engels))
    assert bestand.status is Status.INGELEZEN, [f.tekst("en") for f in bestand.fouten]
    assert bestand.bladen["Social actions"] == "acties"
    [actie] = sqlite_omgeving.rijen(SocialeActie)
    assert (actie["actietype"], actie["resultaat"], actie["doelgroepen"], actie["uren"]) == (
        "bemiddeling_bewoner_instelling",
        "informatie",
        ["ouderen", "jongeren"],
        1.5,
    )


def test_a_gemeente_without_wijken_raises(omgeving: Omgeving) -> None:
    with omgeving.store.session() as session:
        session.add(Gemeente(code="GM0001", naam="Leegstad"))
    pad = schrijf_csv(omgeving.map / "a.csv", tabel(ACTIE, {}))
    with pytest.raises(MakelaarError, match="geen wijken"):
        importeer(omgeving.store, omgeving.settings, [pad], gemeente="GM0001", vandaag=VANDAAG)
    with pytest.raises(MakelaarError, match="GM0002"):
        importeer(omgeving.store, omgeving.settings, [pad], gemeente="GM0002", vandaag=VANDAAG)
    niets_opgeslagen(omgeving)


def test_a_store_without_wijken_raises(
    sqlite_store: Store, settings: Settings, tmp_path: Path
) -> None:
    pad = tmp_path / "a.csv"
    pad.write_text(csv_tekst(tabel(ACTIE, {})), encoding="utf-8")
    with pytest.raises(MakelaarError, match="wijken"):
        importeer(sqlite_store, settings, [pad], vandaag=VANDAAG)


def test_a_path_that_does_not_exist_is_refused_in_the_report(omgeving: Omgeving) -> None:
    rapport = omgeving.importeer(omgeving.map / "bestaat-niet.xlsx")
    bestand = een(rapport)
    assert bestand.status is Status.GEWEIGERD
    assert not rapport.geslaagd
    [fout] = bestand.fouten
    assert "bestaat niet" in fout.melding and "bestaat-niet.xlsx" in fout.melding
    niets_opgeslagen(omgeving)


def test_a_folder_imports_its_files_in_order_and_skips_temp_files(omgeving: Omgeving) -> None:
    map_ = omgeving.map / "logboeken"
    map_.mkdir()
    schrijf_csv(map_ / "b-februari.csv", tabel(ACTIE, {"Datum": "03-02-2026"}))
    schrijf_csv(map_ / "a-januari.csv", tabel(ACTIE, {"Datum": "31-01-2026"}))
    write_xlsx(map_ / "c-maart.xlsx", {"Signalen": tabel(SIGNAAL, {})})
    (map_ / "~$c-maart.xlsx").write_bytes(b"\x00lock")  # Excel's lock file while it is open
    (map_ / ".~lock.a-januari.csv#").write_text("lock")  # LibreOffice's
    (map_ / "leesmij.txt.bak").write_text("niet importeren")
    rapport = omgeving.importeer(map_)
    assert [b.bestand for b in rapport.bestanden] == [
        "a-januari.csv",
        "b-februari.csv",
        "c-maart.xlsx",
    ]
    assert all(b.status is Status.INGELEZEN for b in rapport.bestanden)
    assert omgeving.tel()["sociale_actie"] == 2 and omgeving.tel()["signaal"] == 1


def test_json_with_a_list_per_kind(omgeving: Omgeving) -> None:
    pad = omgeving.map / "export.json"
    pad.write_text(
        json.dumps(
            {
                "acties": [
                    {
                        "Datum": "2026-02-03",
                        "Makelaar": MAKELAAR,
                        "Wijk": WIJKEN[1],
                        "Soort actie": "huisbezoek",
                        "Aantal bereikt": 2,
                        "Resultaat": "informatie",
                        "Uren": 1.5,
                        "Doelgroepen": ["Ouderen", "Jongeren"],
                        "Partners": ["GGD", "Mitros (woningcorporatie)"],
                    }
                ],
                "signalen": [
                    {
                        "Datum": "03-02-2026",
                        "Makelaar": MAKELAAR,
                        "Wijk": WIJKNAMEN[1],
                        "Probleem of kracht": "Kracht",
                        "Categorie": "Idee",
                        "Omschrijving": "Veel vrijwilligers voor de buurtkast",
                        "Status": "Nieuw",
                    },
                    {
                        "Datum": "31-02-2026",
                        "Makelaar": MAKELAAR,
                        "Wijk": WIJKNAMEN[1],
                        "Probleem of kracht": "Kracht",
                        "Categorie": "Idee",
                        "Omschrijving": "x",
                        "Status": "Nieuw",
                    },
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    bestand = een(omgeving.importeer(pad))
    fout = fout_op(bestand, 2, "Datum", "signalen")
    assert fout.waarde == "31-02-2026"
    niets_opgeslagen(omgeving)
    bestand = een(omgeving.importeer(pad, sla_ongeldig_over=True))
    assert bestand.status is Status.DEELS
    assert bestand.bladen == {"acties": "acties", "signalen": "signalen"}
    [actie] = omgeving.rijen(SocialeActie)
    assert (actie["datum"], actie["wijk_code"], actie["uren"], actie["bereikt"]) == (
        dt.date(2026, 2, 3),
        WIJKEN[1],
        1.5,
        2,
    )
    assert actie["doelgroepen"] == ["ouderen", "jongeren"]
    assert actie["partners"] == ["ggd", "woningcorporatie"]
    [signaal] = omgeving.rijen(Signaal)
    assert (signaal["soort"], signaal["categorie"]) == ("kracht", "idee")


def test_the_import_is_recorded_with_its_counts(omgeving: Omgeving) -> None:
    pad = schrijf_csv(omgeving.map / "a.csv", IDEM)
    omgeving.importeer(pad)
    [import_] = omgeving.rijen(LogboekImport)
    assert (import_["bestand"], import_["modus"], import_["gelezen"], import_["nieuw"]) == (
        "a.csv",
        "atomair",
        3,
        3,
    )
    assert len(import_["sha256"]) == 64
    assert import_["rapport"]["status"] == "ingelezen"


# --- found while testing: gaps the owner is asked to close ------------------------------------


def test_a_folder_without_importable_files_is_not_a_silent_success(omgeving: Omgeving) -> None:
    """A folder of old .xls files imports nothing; given directly, an .xls file is refused with
    the hint to save it as .xlsx. From a folder the user hears nothing, and the CLI exits 0."""
    map_ = omgeving.map / "oud"
    map_.mkdir()
    (map_ / "logboek.xls").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60))
    rapport = omgeving.importeer(map_)
    assert not rapport.geslaagd
    assert als_tekst(rapport) != ""


def test_with_locale_en_unknown_headers_are_named_as_in_dutch(omgeving: Omgeving) -> None:
    pad = write_xlsx(omgeving.map / "blad2.xlsx", {"Blad2": [["Boodschappen", "Prijs"], ["x", 1]]})
    engels = instellingen(omgeving.map, "en", locale="en")
    [fout] = een(omgeving.importeer(pad, settings=engels)).fouten
    assert "none of the column headers is known" in fout.melding
    assert "'Boodschappen'" in fout.melding and "'Prijs'" in fout.melding


def test_a_refused_row_links_no_broker(omgeving: Omgeving) -> None:
    """With --sla-ongeldig-over, a row refused for its buurt must not leave its broker behind:
    no broker-wijk link, no report line for a broker with no records, nothing registered."""
    with omgeving.store.session() as session:
        make_makelaar(session, GEMEENTE, [WIJKEN[1]], code="UT-MK-02", naam="Karin Smitsma")
    rows = tabel(
        ACTIE,
        {},
        {"Makelaar": "Karin Smitsma", "Buurt": BUURTEN[2]},  # Buurt 2.1 is not in wijk 1
    )
    bestand = een(
        omgeving.importeer(schrijf_csv(omgeving.map / "deels.csv", rows), sla_ongeldig_over=True)
    )
    assert bestand.status is Status.DEELS
    assert fout_op(bestand, 3, "Buurt").waarde == BUURTEN[2]
    assert [a.makelaar for a in bestand.aanvoer] == [MAKELAAR]
    assert [m["code"] for m in omgeving.rijen(Makelaar)] == [MAKELAAR, "UT-MK-02"]
    assert omgeving.tel()["makelaar_wijk"] == 2


def test_a_file_refused_halfway_reports_nothing_stored(omgeving: Omgeving) -> None:
    """A JSON value that is no cell (an object) is found while the second list is read, after
    the first was written; the transaction is rolled back, and the report must say so."""
    pad = omgeving.map / "half.json"
    signaal = {**SIGNAAL, "Omschrijving": {"tekst": "genest"}}
    pad.write_text(json.dumps({"acties": [ACTIE], "signalen": [signaal]}), encoding="utf-8")
    bestand = een(omgeving.importeer(pad))
    assert bestand.status is Status.GEWEIGERD
    fout = fout_op(bestand, 1, "Omschrijving", "signalen")
    assert "object" in fout.melding
    niets_opgeslagen(omgeving)
    assert (bestand.nieuw, bestand.bijgewerkt, bestand.ongewijzigd) == (0, 0, 0)
    assert bestand.geweigerd == bestand.gelezen
    assert "0 nieuw" in als_tekst(omgeving.importeer(pad))
