"""The brokers' register: imported from CSV and XLSX as Dutch spreadsheets save them, idempotent,
a blank cell keeps the stored value, and every refusal names file, row, column, value and what
would be valid, storing nothing; the logbook template's broker list comes from it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from makelaar.intake.importeur import Fout
from makelaar.intake.logboek.sjabloon import lijsten_uit_store, schrijf_sjabloon
from makelaar.intake.makelaars import (
    Inschrijving,
    Makelaarsimport,
    RegisterRegel,
    Registratiefout,
    importeer_makelaars,
    register,
    registreer,
)
from makelaar.models.errors import MakelaarError
from makelaar.models.store import Store
from makelaar.models.tables import Makelaar, MakelaarWijk
from tests.factories import make_gemeente_with_wijken

GEMEENTE = "GM9998"
ANDERE = "GM9997"
#: wijk codes and names as make_gemeente_with_wijken writes them
W1, W2, W3 = "WK999801", "WK999802", "WK999803"
KOP = ["Code", "Naam", "Wijken", "Startdatum", "Einddatum"]


@pytest.fixture
def regio(store: Store) -> Store:
    """A gemeente of three wijken."""
    with store.session() as session:
        make_gemeente_with_wijken(session, 3, code=GEMEENTE, naam="Registerstad")
    return store


@pytest.fixture
def twee(regio: Store) -> Store:
    """A second gemeente of three wijken, whose wijk names are those of the first."""
    with regio.session() as session:
        make_gemeente_with_wijken(session, 3, code=ANDERE, naam="Buurdorp")
    return regio


def schrijf_csv(pad: Path, *rijen: list[str], kop: list[str] = KOP) -> Path:
    """A register as Excel saves 'CSV (puntkomma)': ';', Windows-1252, CRLF."""
    tekst = io.StringIO()
    csv.writer(tekst, delimiter=";", lineterminator="\r\n").writerows([kop, *rijen])
    pad.write_bytes(tekst.getvalue().encode("cp1252"))
    return pad


def inhoud(store: Store) -> list[RegisterRegel]:
    with store.session() as session:
        return register(session)


def aantal(store: Store) -> tuple[int, int]:
    with store.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Makelaar)) or 0,
            session.scalar(select(func.count()).select_from(MakelaarWijk)) or 0,
        )


def enige_fout(rapport: Makelaarsimport) -> Fout:
    assert rapport.registratie is None
    [fout] = rapport.fouten
    return fout


GOED = (
    ["UT-MK-01", "Anouk Jansen", "Wijk 01 Deel 1", "01-09-2025", ""],
    ["UT-MK-02", "Bram Visser", f"{W2}; Wijk 03 Deel 3", "1-9-2025", "31-12-2026"],
)


def test_a_csv_register_is_imported_with_wijken_by_code_or_name(
    regio: Store, tmp_path: Path
) -> None:
    pad = schrijf_csv(tmp_path / "makelaars.csv", *GOED)
    rapport = importeer_makelaars(regio, pad)
    assert rapport.fouten == []
    assert rapport.gemeente == GEMEENTE
    assert rapport.registratie is not None
    assert (rapport.registratie.nieuw, rapport.registratie.koppelingen_nieuw) == (2, 3)
    assert inhoud(regio) == [
        RegisterRegel("UT-MK-01", "Anouk Jansen", GEMEENTE, ("Deel 1",), dt.date(2025, 9, 1), None),
        RegisterRegel(
            "UT-MK-02",
            "Bram Visser",
            GEMEENTE,
            ("Deel 2", "Deel 3"),
            dt.date(2025, 9, 1),
            dt.date(2026, 12, 31),
        ),
    ]


def test_an_xlsx_register_with_excel_dates_and_english_headers(
    regio: Store, tmp_path: Path
) -> None:
    werkmap = Workbook()
    blad = werkmap.active
    assert blad is not None
    blad.title = "Register"
    blad.append(["broker code", "name", "districts", "start date", "end date"])
    blad.append(["UT-MK-07", "Chris de Wit", f"{W1},{W3}", dt.date(2024, 2, 1), None])
    werkmap.save(pad := tmp_path / "register.xlsx")
    rapport = importeer_makelaars(regio, pad)
    assert rapport.fouten == []
    assert inhoud(regio) == [
        RegisterRegel(
            "UT-MK-07", "Chris de Wit", GEMEENTE, ("Deel 1", "Deel 3"), dt.date(2024, 2, 1), None
        )
    ]


def test_importing_the_same_register_again_changes_nothing(regio: Store, tmp_path: Path) -> None:
    pad = schrijf_csv(tmp_path / "makelaars.csv", *GOED)
    importeer_makelaars(regio, pad)
    voor = inhoud(regio), aantal(regio)
    rapport = importeer_makelaars(regio, pad)
    assert rapport.registratie is not None
    r = rapport.registratie
    assert (r.nieuw, r.bijgewerkt, r.ongewijzigd, r.koppelingen_nieuw, r.koppelingen_weg) == (
        0,
        0,
        2,
        0,
        0,
    )
    assert (inhoud(regio), aantal(regio)) == voor


def test_a_blank_cell_keeps_the_stored_value_and_wijken_replace(
    regio: Store, tmp_path: Path
) -> None:
    importeer_makelaars(regio, schrijf_csv(tmp_path / "eerst.csv", *GOED))
    later = schrijf_csv(
        tmp_path / "later.csv",
        ["ut-mk-01", "", "", "", "30-06-2026"],  # the code in other case is the same broker
        ["UT-MK-02", "Bram Visser-Smit", W1, "", ""],
    )
    rapport = importeer_makelaars(regio, later)
    assert rapport.registratie is not None
    assert (rapport.registratie.bijgewerkt, rapport.registratie.ongewijzigd) == (2, 0)
    assert (rapport.registratie.koppelingen_nieuw, rapport.registratie.koppelingen_weg) == (1, 2)
    assert inhoud(regio) == [
        RegisterRegel(
            "UT-MK-01",
            "Anouk Jansen",
            GEMEENTE,
            ("Deel 1",),
            dt.date(2025, 9, 1),
            dt.date(2026, 6, 30),
        ),
        RegisterRegel(
            "UT-MK-02",
            "Bram Visser-Smit",
            GEMEENTE,
            ("Deel 1",),
            dt.date(2025, 9, 1),
            dt.date(2026, 12, 31),
        ),
    ]


# --- refusals: file, row, column, value, what is valid; nothing stored ------------------------

WEIGERINGEN: list[tuple[str, list[str], int, str, str, str]] = [
    # what, the bad row (after a good one), row, column, value, words the message holds
    (
        "unknown wijk",
        ["UT-MK-03", "Dana Bos", "Atlantis", "01-01-2026", ""],
        3,
        "Wijken",
        "Atlantis",
        "wijk 'Atlantis' is onbekend; gebruik de naam of de CBS-wijkcode van een bekende wijk: "
        "Deel 1, Deel 2, Deel 3",
    ),
    (
        "end before start",
        ["UT-MK-03", "Dana Bos", W1, "01-03-2026", "28-02-2026"],
        3,
        "Einddatum",
        "28-02-2026",
        "de einddatum (28-02-2026) ligt voor de startdatum (01-03-2026)",
    ),
    (
        "code twice in the file",
        ["ut-mk-01", "Dana Bos", W1, "01-03-2026", ""],
        3,
        "Code",
        "ut-mk-01",
        "deze code staat al in rij 2; één rij per makelaar",
    ),
    (
        "a new broker without a name",
        ["UT-MK-03", "", W1, "01-03-2026", ""],
        3,
        "Naam",
        "",
        "makelaar UT-MK-03 is nieuw en heeft een naam nodig",
    ),
    (
        "a name that names nobody",
        ["UT-MK-03", "n.v.t.", W1, "01-03-2026", ""],
        3,
        "Naam",
        "n.v.t.",
        "verwacht de naam van de makelaar",
    ),
    (
        "a new broker without a start date",
        ["UT-MK-03", "Dana Bos", W1, "", ""],
        3,
        "Startdatum",
        "",
        "makelaar UT-MK-03 is nieuw en heeft een startdatum nodig",
    ),
    (
        "a code with spaces",
        ["UT MK 03", "Dana Bos", W1, "01-03-2026", ""],
        3,
        "Code",
        "UT MK 03",
        "een code bestaat uit letters, cijfers, '-', '_' of '.'",
    ),
    (
        "no code",
        ["", "Dana Bos", W1, "01-03-2026", ""],
        3,
        "Code",
        "",
        "de code ontbreekt",
    ),
    (
        "a month-first date",
        ["UT-MK-03", "Dana Bos", W1, "03-13-2026", ""],
        3,
        "Startdatum",
        "03-13-2026",
        "maand 13 bestaat niet",
    ),
]


@pytest.mark.parametrize(
    ("rij", "nummer", "kolom", "waarde", "woorden"),
    [w[1:] for w in WEIGERINGEN],
    ids=[w[0] for w in WEIGERINGEN],
)
def test_a_bad_row_refuses_the_whole_file(
    regio: Store,
    tmp_path: Path,
    rij: list[str],
    nummer: int,
    kolom: str,
    waarde: str,
    woorden: str,
) -> None:
    pad = schrijf_csv(tmp_path / "register.csv", GOED[0], rij)
    fout = enige_fout(importeer_makelaars(regio, pad))
    assert (fout.bestand, fout.rij, fout.kolom, fout.waarde) == (
        "register.csv",
        nummer,
        kolom,
        waarde,
    )
    assert woorden in fout.melding, fout.melding
    assert fout.tekst().startswith(f"bestand register.csv, rij {nummer}, kolom '{kolom}': ")
    assert aantal(regio) == (0, 0)  # the good row was not stored either


def test_every_bad_row_is_named_in_english_with_locale_en(regio: Store, tmp_path: Path) -> None:
    pad = schrijf_csv(
        tmp_path / "register.csv",
        ["UT-MK-03", "Dana Bos", "Atlantis", "01-01-2026", ""],
        ["UT-MK-04", "Eva Mol", W1, "01-03-2026", "28-02-2026"],
    )
    rapport = importeer_makelaars(regio, pad, locale="en")
    assert [(f.rij, f.kolom) for f in rapport.fouten] == [(2, "Wijken"), (3, "Einddatum")]
    assert rapport.fouten[0].melding.startswith("district 'Atlantis' is unknown")
    assert rapport.fouten[1].melding == (
        "the end date (28-02-2026) is before the start date (01-03-2026); expected an end date "
        "on or after the start date."
    )
    assert aantal(regio) == (0, 0)


def test_an_end_date_before_the_stored_start_is_refused(regio: Store, tmp_path: Path) -> None:
    importeer_makelaars(regio, schrijf_csv(tmp_path / "eerst.csv", GOED[0]))
    pad = schrijf_csv(tmp_path / "later.csv", ["UT-MK-01", "", "", "", "31-08-2025"])
    fout = enige_fout(importeer_makelaars(regio, pad))
    assert (fout.rij, fout.kolom, fout.waarde) == (2, "Einddatum", "31-08-2025")
    assert "de einddatum (31-08-2025) ligt voor de startdatum (01-09-2025)" in fout.melding
    assert inhoud(regio)[0].einddatum is None


def test_a_missing_column_is_refused_naming_what_is_expected(regio: Store, tmp_path: Path) -> None:
    pad = schrijf_csv(tmp_path / "r.csv", ["UT-MK-01", "Anouk", W1], kop=["Code", "Naam", "Wijk"])
    fout = enige_fout(importeer_makelaars(regio, pad))
    assert (fout.bestand, fout.rij) == ("r.csv", 1)
    assert "kolom(men) 'startdatum' ontbreken; gevonden kolommen: 'Code', 'Naam', 'Wijk'" in (
        fout.melding
    )
    assert "code, naam, wijken, startdatum en eventueel einddatum" in fout.melding


# --- which gemeente ------------------------------------------------------------------------------


def test_wijken_in_two_gemeenten_are_refused_unless_one_is_chosen(
    twee: Store, tmp_path: Path
) -> None:
    pad = schrijf_csv(
        tmp_path / "twee.csv",
        ["UT-MK-01", "Anouk Jansen", W1, "01-09-2025", ""],
        ["BD-MK-01", "Bram Visser", "WK999701", "01-09-2025", ""],
    )
    fout = enige_fout(importeer_makelaars(twee, pad))
    assert fout.rij is None and fout.bestand == "twee.csv"
    assert fout.melding == (
        f"de wijken en makelaars liggen in meer dan één gemeente: {GEMEENTE} (rij 2), {ANDERE} "
        "(rij 3); een registerbestand is voor één gemeente. Splits het bestand per gemeente, of kies er een "
        "met --gemeente."
    )
    # with --gemeente the other gemeente's wijk is simply unknown there
    fout = enige_fout(importeer_makelaars(twee, pad, gemeente=GEMEENTE))
    assert (fout.rij, fout.kolom, fout.waarde) == (3, "Wijken", "WK999701")
    assert "wijk 'WK999701' is onbekend" in fout.melding
    assert aantal(twee) == (0, 0)


def test_a_wijk_name_in_two_gemeenten_needs_a_code_or_the_gemeente(
    twee: Store, tmp_path: Path
) -> None:
    pad = schrijf_csv(tmp_path / "naam.csv", ["UT-MK-01", "Anouk", "Deel 2", "01-09-2025", ""])
    fout = enige_fout(importeer_makelaars(twee, pad))
    assert (fout.rij, fout.kolom) == (2, "Wijken")
    assert f"bestaat in meer dan één gemeente ({W2}, WK999702)" in fout.melding
    assert "--gemeente" in fout.melding
    rapport = importeer_makelaars(twee, pad, gemeente=GEMEENTE)
    assert rapport.fouten == [] and inhoud(twee)[0].wijken == ("Deel 2",)


def test_without_wijken_the_gemeente_must_be_given(twee: Store, tmp_path: Path) -> None:
    pad = schrijf_csv(tmp_path / "kaal.csv", ["UT-MK-01", "Anouk Jansen", "", "01-09-2025", ""])
    fout = enige_fout(importeer_makelaars(twee, pad))
    assert "de gemeente is niet af te leiden; geef de gemeente met --gemeente" in fout.melding
    rapport = importeer_makelaars(twee, pad, gemeente=ANDERE)
    assert rapport.fouten == [] and inhoud(twee)[0].gemeente_code == ANDERE


def test_the_same_code_in_another_gemeente_is_another_broker(twee: Store, tmp_path: Path) -> None:
    """Each gemeente numbers its own brokers: a code is unique within its gemeente only."""
    eerst = schrijf_csv(tmp_path / "eerst.csv", ["UT-MK-01", "Anouk", W1, "01-09-2025", ""])
    assert importeer_makelaars(twee, eerst).gemeente == GEMEENTE
    ander = schrijf_csv(tmp_path / "ander.csv", ["ut-mk-01", "Joris", "WK999701", "01-10-2025", ""])
    rapport = importeer_makelaars(twee, ander)  # the gemeente comes from the wijk
    assert rapport.fouten == [] and rapport.gemeente == ANDERE
    assert rapport.registratie is not None and rapport.registratie.nieuw == 1
    assert [(r.code, r.naam, r.gemeente_code, r.wijken) for r in inhoud(twee)] == [
        ("ut-mk-01", "Joris", ANDERE, ("Deel 1",)),
        ("UT-MK-01", "Anouk", GEMEENTE, ("Deel 1",)),
    ]
    # importing either file again finds its own gemeente's broker and changes nothing
    for pad in (eerst, ander):
        uitslag = importeer_makelaars(twee, pad).registratie
        assert uitslag is not None and (uitslag.nieuw, uitslag.bijgewerkt) == (0, 0)
    assert aantal(twee) == (2, 2)
    # without wijken a code of two gemeenten tells nothing: the gemeente must be given
    kaal = schrijf_csv(tmp_path / "kaal.csv", ["UT-MK-01", "Anouk B.", "", "", ""])
    fout = enige_fout(importeer_makelaars(twee, kaal))
    assert "de gemeente is niet af te leiden; geef de gemeente met --gemeente" in fout.melding
    assert importeer_makelaars(twee, kaal, gemeente=GEMEENTE).fouten == []
    assert [r.naam for r in inhoud(twee)] == ["Joris", "Anouk B."]


def test_an_unknown_gemeente_is_one_clear_error(twee: Store, tmp_path: Path) -> None:
    pad = schrijf_csv(tmp_path / "r.csv", *GOED)
    with pytest.raises(MakelaarError, match=r"Gemeente 'GM0001' is onbekend; bekend zijn: GM9997"):
        importeer_makelaars(twee, pad, gemeente="GM0001")


# --- the function the demo and the tests register through ---------------------------------------


def test_registreer_refuses_what_the_file_import_refuses(twee: Store) -> None:
    with twee.session() as session:
        with pytest.raises(Registratiefout, match="wijk WK999701 ligt niet in gemeente GM9998"):
            registreer(session, [Inschrijving("X-1", GEMEENTE, "Xander", ("WK999701",))])
        with pytest.raises(Registratiefout, match="deze code staat al in eerder in de lijst"):
            registreer(
                session, [Inschrijving("X-1", GEMEENTE, "A"), Inschrijving("x-1", GEMEENTE, "B")]
            )
        uitslag = registreer(session, [Inschrijving("X-1", GEMEENTE, "Xander", (W1, W2))])
        assert (uitslag.nieuw, uitslag.koppelingen_nieuw) == (1, 2)
        assert set(uitslag.ids) == {"X-1"}


# --- the logbook template's broker list ----------------------------------------------------------


def test_the_template_lists_and_checks_exactly_the_registered_brokers(
    regio: Store, tmp_path: Path
) -> None:
    importeer_makelaars(regio, schrijf_csv(tmp_path / "makelaars.csv", *GOED))
    with regio.session() as session:
        lijsten = lijsten_uit_store(session, GEMEENTE)
    werkmap = load_workbook(schrijf_sjabloon(tmp_path / "logboek.xlsx", lijsten))
    lijstblad = werkmap["Lijsten"]
    koppen = [cel.value for cel in lijstblad[1]]
    codes = koppen.index("Makelaars") + 1
    rijen = list(lijstblad.iter_rows(min_row=2, min_col=codes, max_col=codes + 1, values_only=True))
    assert [r for r in rijen if any(r)] == [
        ("UT-MK-01", "Anouk Jansen"),
        ("UT-MK-02", "Bram Visser"),
    ]
    blad = werkmap["Sociale acties"]
    kolom = [cel.value for cel in blad[1]].index("Makelaar")
    letter = blad.cell(row=1, column=kolom + 1).column_letter
    [controle] = [
        c for c in blad.data_validations.dataValidation if str(c.sqref).startswith(letter)
    ]
    assert controle.type == "list"
    assert controle.formula1 == f"'Lijsten'!${lijstblad.cell(1, codes).column_letter}$2:$" + (
        f"{lijstblad.cell(1, codes).column_letter}$3"
    )
    assert controle.showErrorMessage and controle.errorStyle == "stop"
    assert "makelaarsregister" in controle.error


def test_a_refused_file_is_said_in_english_with_locale_en(regio: Store, tmp_path: Path) -> None:
    pad = schrijf_csv(tmp_path / "r.csv", ["UT-MK-01", "Anouk", W1], kop=["Code", "Naam", "Wijk"])
    fout = enige_fout(importeer_makelaars(regio, pad, locale="en"))
    assert fout.tekst("en") == (
        "file r.csv, row 1: missing column(s): 'startdatum'; columns found: 'Code', 'Naam', "
        "'Wijk'. Expected the columns code, naam, wijken, startdatum and optionally einddatum "
        "(wijken: district codes or names, separated by ',' or ';')."
    )
    assert enige_fout(importeer_makelaars(regio, pad)).tekst() == (
        "bestand r.csv, rij 1: kolom(men) 'startdatum' ontbreken; gevonden kolommen: 'Code', "
        "'Naam', 'Wijk'. Verwacht de kolommen code, naam, wijken, startdatum en eventueel "
        "einddatum (wijken: wijkcodes of -namen gescheiden door ',' of ';')."
    )

    (leeg := tmp_path / "leeg.csv").write_bytes(b"")
    assert enige_fout(importeer_makelaars(regio, leeg, locale="en")).tekst("en") == (
        "file leeg.csv: the file is empty; expected a header row with column names and the rows "
        "below it."
    )
    kop = schrijf_csv(tmp_path / "kop.csv")
    assert enige_fout(importeer_makelaars(regio, kop, locale="en")).tekst("en") == (
        "file kop.csv: the file has a header row but no rows; expected a row per broker."
    )
    assert aantal(regio) == (0, 0)
