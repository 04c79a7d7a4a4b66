"""The CBS Kerncijfers import: the shipped Utrecht file, re-imports, and every refused file."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from makelaar.intake import cbs
from makelaar.intake.cbs import (
    CbsImportReport,
    cbs_file,
    display_name,
    import_kerncijfers,
    year_from_file_name,
)
from makelaar.models.domain import Niveau
from makelaar.models.errors import ImportFileError
from makelaar.models.store import Store
from makelaar.models.tables import Buurt, Gemeente, Kerncijfers, Wijk
from tests.factories import read_xlsx, write_xlsx
from tests.flows.cli_testing import one_line_error, run_makelaar

Rows = list[list[Any]]


@pytest.fixture(scope="module")
def kwb_rows() -> Rows:
    """The shipped file's rows: header first, then 122 regions."""
    return read_xlsx(cbs_file())


def copy_with(
    tmp_path: Path,
    rows: Rows,
    change: Callable[[Rows], None] | None = None,
    *,
    name: str = "kwb-2024-utrecht.xlsx",
) -> Path:
    """A copy of the Kerncijfers rows, changed by `change`, written as `name` under tmp_path."""
    copy = [list(row) for row in rows]
    if change is not None:
        change(copy)
    folder = tmp_path / f"kopie-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    return write_xlsx(folder / name, {"Gemeente-Utrecht": copy})


def set_cell(code: str, column: str, value: Any) -> Callable[[Rows], None]:
    def change(rows: Rows) -> None:
        row = next(r for r in rows if r[0] == code)
        row[rows[0].index(column)] = value

    return change


def counts(store: Store) -> dict[str, int]:
    with store.session() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (Gemeente, Wijk, Buurt, Kerncijfers)
        }


def figures(store: Store, code: str, jaar: int = 2024) -> Kerncijfers:
    with store.session() as session:
        row = session.scalars(
            select(Kerncijfers).where(Kerncijfers.regiocode == code, Kerncijfers.jaar == jaar)
        ).one()
        session.expunge(row)
        return row


SHIPPED = {"gemeente": 1, "wijk": 10, "buurt": 111, "kerncijfers": 122}


def test_shipped_file_imports_every_region(store: Store, kwb_rows: Rows) -> None:
    report = import_kerncijfers(store, cbs_file())

    assert (report.gemeenten.nieuw, report.wijken.nieuw, report.buurten.nieuw) == (1, 10, 111)
    assert report.kerncijfers.nieuw == 122
    assert (report.rijen_gelezen, report.overgeslagen, report.jaar) == (122, 0, 2024)
    assert report.blad == "Gemeente-Utrecht"
    assert counts(store) == SHIPPED

    utrecht = figures(store, "GM0344")
    assert (utrecht.inwoners, utrecht.niveau, utrecht.bron) == (
        374238,
        Niveau.GEMEENTE,
        "kwb-2024-utrecht.xlsx",
    )
    west = figures(store, "WK034401")
    assert (west.inwoners, west.leeftijd_65_plus, west.huishoudens) == (29710, 2855, 16165)
    assert (west.herkomst_buiten_europa, west.geboren_buiten_europa) == (7245, 3020)
    overvecht = figures(store, "WK034403")
    assert (overvecht.herkomst_buiten_europa, overvecht.geboren_buiten_europa) == (19030, 8760)
    assert (utrecht.herkomst_buiten_europa, utrecht.geboren_buiten_europa) == (110277, 50794)
    with store.session() as session:
        wijk = session.get(Wijk, "WK034401")
        buurt = session.get(Buurt, "BU03440111")
        gemeente = session.get(Gemeente, "GM0344")
        assert wijk is not None and buurt is not None and gemeente is not None
        assert (wijk.naam, wijk.gemeente_code, display_name(wijk.naam)) == (
            "Wijk 01 West",
            "GM0344",
            "West",
        )
        assert (buurt.naam, buurt.wijk_code) == ("Welgelegen, Den Hommel", "WK034401")
        assert gemeente.naam == "Utrecht"


def test_suppressed_cells_are_none_and_real_zeros_stay_zero(store: Store, kwb_rows: Rows) -> None:
    header = kwb_rows[0]
    utrecht = next(r for r in kwb_rows if r[0] == "GM0344")
    assert utrecht[header.index("p_hh_li")] == "."  # CBS suppressed it in the file
    assert utrecht[header.index("a_wmo_t")] == "."
    empty_area = next(r for r in kwb_rows if r[0] == "BU03440911")
    assert empty_area[header.index("a_inw")] == 0  # a business park: nobody lives there

    import_kerncijfers(store, cbs_file())

    row = figures(store, "GM0344")
    assert row.pct_huishoudens_laag_inkomen is None
    assert row.wmo_clienten is None
    assert figures(store, "BU03440911").inwoners == 0


def test_reimport_adds_nothing(store: Store) -> None:
    import_kerncijfers(store, cbs_file())
    before = figures(store, "WK034401")

    again = import_kerncijfers(store, cbs_file())

    assert counts(store) == SHIPPED
    for telling in (again.gemeenten, again.wijken, again.buurten, again.kerncijfers):
        assert (telling.nieuw, telling.bijgewerkt) == (0, 0)
    assert again.kerncijfers.ongewijzigd == 122
    assert figures(store, "WK034401").bijgewerkt_op == before.bijgewerkt_op


def test_changed_values_update_in_place(store: Store, kwb_rows: Rows, tmp_path: Path) -> None:
    import_kerncijfers(store, cbs_file())

    def change(rows: Rows) -> None:
        set_cell("WK034401", "a_inw", 29715)(rows)
        set_cell("WK034401", "p_hh_li", 11.4)(rows)
        set_cell("WK034402", "regio", "Wijk 02 Noordwest (nieuw)")(rows)

    report = import_kerncijfers(store, copy_with(tmp_path, kwb_rows, change))

    assert (report.kerncijfers.nieuw, report.kerncijfers.bijgewerkt) == (0, 1)
    assert (report.wijken.nieuw, report.wijken.bijgewerkt) == (0, 1)
    assert counts(store) == SHIPPED
    west = figures(store, "WK034401")
    assert (west.inwoners, west.pct_huishoudens_laag_inkomen) == (29715, 11.4)
    with store.session() as session:
        wijk = session.get(Wijk, "WK034402")
        assert wijk is not None and wijk.naam == "Wijk 02 Noordwest (nieuw)"


def test_dot_clears_a_value_but_an_empty_cell_keeps_it(
    store: Store, kwb_rows: Rows, tmp_path: Path
) -> None:
    import_kerncijfers(store, cbs_file())

    def change(rows: Rows) -> None:
        set_cell("WK034401", "a_hh", ".")(rows)
        set_cell("WK034401", "a_neu_al", ".")(rows)
        set_cell("WK034401", "a_65_oo", None)(rows)
        set_cell("WK034401", "a_geb_ne", None)(rows)
        set_cell("WK034402", "a_65_oo", "")(rows)

    report = import_kerncijfers(store, copy_with(tmp_path, kwb_rows, change))

    assert report.kerncijfers.bijgewerkt == 1
    west = figures(store, "WK034401")
    assert (west.huishoudens, west.herkomst_buiten_europa) == (None, None)
    assert (west.leeftijd_65_plus, west.geboren_buiten_europa) == (2855, 3020)
    assert figures(store, "WK034402").leeftijd_65_plus == 4540


def test_empty_cells_are_none_on_first_import(
    sqlite_store: Store, kwb_rows: Rows, tmp_path: Path
) -> None:
    path = copy_with(tmp_path, kwb_rows, set_cell("WK034401", "a_65_oo", None))

    import_kerncijfers(sqlite_store, path)

    assert figures(sqlite_store, "WK034401").leeftijd_65_plus is None


def test_rows_may_come_in_any_order_and_land_is_skipped(
    store: Store, kwb_rows: Rows, tmp_path: Path
) -> None:
    def change(rows: Rows) -> None:
        header, *data = rows
        national = ["NL00", "00", "Nederland", "Nederland", "Land"] + [0] * (len(header) - 5)
        rows[:] = [header, national, *reversed(data)]  # buurten before their wijk and gemeente

    report = import_kerncijfers(store, copy_with(tmp_path, kwb_rows, change))

    assert (report.rijen_gelezen, report.overgeslagen) == (123, 1)
    assert counts(store) == SHIPPED


def test_buurten_of_a_stored_wijk_import_without_their_wijk(
    store: Store, kwb_rows: Rows, tmp_path: Path
) -> None:
    import_kerncijfers(store, cbs_file())
    only_buurten = [kwb_rows[0], *(r for r in kwb_rows[1:] if r[4] == "Buurt")]

    report = import_kerncijfers(store, copy_with(tmp_path, only_buurten))

    assert (report.buurten.ongewijzigd, report.wijken.ongewijzigd) == (111, 0)


def test_year_comes_from_the_name_or_the_argument(
    sqlite_store: Store, kwb_rows: Rows, tmp_path: Path
) -> None:
    assert year_from_file_name(Path("kwb-2024-utrecht.xlsx")) == 2024
    assert year_from_file_name(Path("KWB_2023.xlsx")) == 2023
    nameless = copy_with(tmp_path, kwb_rows, name="kerncijfers-utrecht.xlsx")

    with pytest.raises(ImportFileError, match=r"jaar=2024"):
        import_kerncijfers(sqlite_store, nameless)
    with pytest.raises(ImportFileError, match="noemt jaar 2024, maar jaar 2023"):
        import_kerncijfers(sqlite_store, cbs_file(), jaar=2023)
    assert counts(sqlite_store)["kerncijfers"] == 0

    report = import_kerncijfers(sqlite_store, nameless, jaar=2023)

    assert report.jaar == 2023
    assert figures(sqlite_store, "GM0344", jaar=2023).inwoners == 374238


def _drop_columns(*names: str) -> Callable[[Rows], None]:
    def change(rows: Rows) -> None:
        keep = [i for i, column in enumerate(rows[0]) if column not in names]
        rows[:] = [[row[i] for i in keep] for row in rows]

    return change


def _duplicate_buurt(rows: Rows) -> None:
    rows.append(list(rows[5]))


def _orphan_buurt(rows: Rows) -> None:
    rows.append(["BU03449901", "03449901", "Nergens", "Utrecht", "Buurt", *rows[5][5:]])


# (change to the shipped rows, Excel row, column, fragments the message must contain)
BAD_ROWS: dict[str, tuple[Callable[[Rows], None], int | None, str | None, tuple[str, ...]]] = {
    "text in a count": (
        set_cell("BU03440112", "a_inw", "abc"), 5, "a_inw",
        ("rij 5", "kolom 'a_inw'", "'abc'", "geen getal", "verwacht een aantal"),
    ),
    "negative count": (
        set_cell("WK034402", "a_65_oo", -5), 15, "a_65_oo", ("negatieve waarde -5;", "0 of meer"),
    ),
    "fractional count": (
        set_cell("WK034402", "a_hh", 12.5), 15, "a_hh", ("geen geheel aantal", "12.5"),
    ),
    "text in herkomst": (
        set_cell("WK034403", "a_neu_al", "ca. 19000"), 29, "a_neu_al",
        ("kolom 'a_neu_al'", "'ca. 19000'", "geen getal"),
    ),
    "negative born outside Europe": (
        set_cell("WK034403", "a_geb_ne", -1), 29, "a_geb_ne", ("negatieve waarde -1;",),
    ),
    "percentage over 100": (
        set_cell("WK034402", "p_hh_li", 130), 15, "p_hh_li", ("groter dan 100",),
    ),
    "unknown level": (
        set_cell("WK034401", "recs", "Stadsdeel"), 3, "recs",
        ("onbekend niveau 'Stadsdeel'", "Gemeente, Wijk of Buurt"),
    ),
    "code not matching its level": (
        set_cell("WK034401", "gwb_code_10", "WK34401"), 3, "gwb_code_10",
        ("'WK34401'", "WK met 6 cijfers"),
    ),
    "buurt code on a wijk row": (
        set_cell("WK034401", "recs", "Buurt"), 3, "gwb_code_10", ("BU met 8 cijfers",),
    ),
    "empty name": (set_cell("BU03440112", "regio", None), 5, "regio", ("lege cel", "naam")),
    "code twice": (_duplicate_buurt, 124, "gwb_code_10", ("twee keer", "rij 6")),
    "buurt without wijk": (
        _orphan_buurt, 124, "gwb_code_10", ("WK034499", "niet in het bestand", "database"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_is_refused_and_nothing_is_written(
    store: Store, kwb_rows: Rows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    import_kerncijfers(store, cbs_file())
    change, row, column, fragments = BAD_ROWS[case]

    def bad(rows: Rows) -> None:
        set_cell("GM0344", "a_inw", 1)(rows)  # an earlier change that must be rolled back
        change(rows)

    monkeypatch.setattr(cbs, "BATCH_SIZE", 4)  # so earlier rows are written before the error
    with pytest.raises(ImportFileError) as caught:
        import_kerncijfers(store, copy_with(tmp_path, kwb_rows, bad))

    message = str(caught.value)
    assert message.startswith("bestand kwb-2024-utrecht.xlsx, blad 'Gemeente-Utrecht'")
    assert (caught.value.row, caught.value.column) == (row, column)
    for fragment in fragments:
        assert fragment in message
    assert counts(store) == SHIPPED
    assert figures(store, "GM0344").inwoners == 374238


def test_error_carries_file_sheet_and_value(
    sqlite_store: Store, kwb_rows: Rows, tmp_path: Path
) -> None:
    path = copy_with(tmp_path, kwb_rows, set_cell("BU03440112", "a_inw", "abc"))

    with pytest.raises(ImportFileError) as caught:
        import_kerncijfers(sqlite_store, path)

    assert (caught.value.file, caught.value.sheet, caught.value.value) == (
        "kwb-2024-utrecht.xlsx",
        "Gemeente-Utrecht",
        "abc",
    )


def test_row_numbers_count_leading_empty_rows(
    sqlite_store: Store, kwb_rows: Rows, tmp_path: Path
) -> None:
    def change(rows: Rows) -> None:
        set_cell("BU03440112", "a_inw", "abc")(rows)
        rows[:0] = [[None], ["Kerncijfers wijken en buurten 2024"], [None]]

    with pytest.raises(ImportFileError, match="rij 8, kolom 'a_inw'"):
        import_kerncijfers(sqlite_store, copy_with(tmp_path, kwb_rows, change))


def test_missing_columns_are_named(sqlite_store: Store, kwb_rows: Rows, tmp_path: Path) -> None:
    path = copy_with(tmp_path, kwb_rows, _drop_columns("a_inw", "a_wmo_t", "a_neu_al", "a_geb_ne"))

    with pytest.raises(ImportFileError) as caught:
        import_kerncijfers(sqlite_store, path)

    message = str(caught.value)
    assert "ontbrekende kolommen: a_inw, a_neu_al, a_geb_ne, a_wmo_t." in message
    assert "CBS Kerncijfers wijken en buurten" in message
    assert "blad 'Gemeente-Utrecht'" in message
    assert counts(sqlite_store)["kerncijfers"] == 0


def test_the_sheet_with_the_columns_is_found(
    sqlite_store: Store, kwb_rows: Rows, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "kwb-2024-twee-bladen.xlsx",
        {"Toelichting": [["Bron: CBS"]], "Data": kwb_rows},
    )

    report = import_kerncijfers(sqlite_store, path)

    assert (report.blad, report.kerncijfers.nieuw) == ("Data", 122)


def test_duplicate_header_is_refused(sqlite_store: Store, kwb_rows: Rows, tmp_path: Path) -> None:
    def change(rows: Rows) -> None:
        for row in rows:
            row.append(row[rows[0].index("a_inw")])

    with pytest.raises(ImportFileError, match="kolom a_inw komt meer dan eens voor"):
        import_kerncijfers(sqlite_store, copy_with(tmp_path, kwb_rows, change))


def test_other_file_types_are_refused(sqlite_store: Store, tmp_path: Path) -> None:
    csv = tmp_path / "kwb-2024-utrecht.xlsx"
    csv.write_text("gwb_code_10;regio\nGM0344;Utrecht\n", encoding="utf-8")
    pdf = tmp_path / "kwb-2024.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    plain_zip = tmp_path / "kwb-2024-archief.xlsx"
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("kwb.csv", "gwb_code_10\n")

    for path in (csv, pdf):
        with pytest.raises(ImportFileError, match="geen xlsx-bestand") as caught:
            import_kerncijfers(sqlite_store, path)
        assert f"bestand {path.name}:" in str(caught.value)
    with pytest.raises(ImportFileError, match=r"geen Excel-werkmap \(xl/workbook.xml ontbreekt\)"):
        import_kerncijfers(sqlite_store, plain_zip)
    with pytest.raises(ImportFileError, match="bestaat niet"):
        import_kerncijfers(sqlite_store, tmp_path / "kwb-2024-weg.xlsx")
    assert counts(sqlite_store)["kerncijfers"] == 0


def test_corrupt_workbook_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kwb-2024-kapot.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")

    with pytest.raises(ImportFileError, match="kan niet gelezen worden als Excel-werkmap"):
        import_kerncijfers(sqlite_store, path)


def test_external_links_and_zip_bombs_are_refused(
    sqlite_store: Store, kwb_rows: Rows, tmp_path: Path
) -> None:
    linked = tmp_path / "kwb-2024-gekoppeld.xlsx"
    write_xlsx(linked, {"Blad1": kwb_rows})
    with zipfile.ZipFile(linked, "a") as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    bomb = tmp_path / "kwb-2024-bom.xlsx"
    write_xlsx(bomb, {"Blad1": kwb_rows})
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/leeg.bin", b"\0" * (20 * 1024**2))

    with pytest.raises(ImportFileError, match="koppelingen naar andere bestanden"):
        import_kerncijfers(sqlite_store, linked)
    with pytest.raises(ImportFileError, match="zip-bom"):
        import_kerncijfers(sqlite_store, bomb)


def test_display_name() -> None:
    assert display_name("Wijk 01 West") == "West"
    assert display_name("Wijk 10 Vleuten-De Meern") == "Vleuten-De Meern"
    assert display_name("Wijk C") == "Wijk C"  # a buurt in the Binnenstad, not a numbered wijk
    assert display_name("Wijk 01") == "Wijk 01"


def test_report_as_source_report(sqlite_store: Store) -> None:
    report = import_kerncijfers(sqlite_store, cbs_file())

    line = report.as_source_report()

    assert (line.gelezen, line.nieuw, line.bijgewerkt) == (122, 122, 0)
    assert line.opmerking == "Kerncijfers 2024: 10 wijken, 111 buurten"
    assert CbsImportReport.model_validate(report.model_dump()) == report


def test_shipped_file_lives_in_the_intake_package() -> None:
    path = cbs_file()

    assert path.is_file()
    assert path.relative_to(Path(cbs.__file__).resolve().parent) == Path(
        "data/kwb-2024-utrecht.xlsx"
    )


def test_public_names_are_the_intended_ones() -> None:
    assert sorted(cbs.__all__) == [
        "CbsImportReport",
        "Telling",
        "cbs_file",
        "display_name",
        "import_kerncijfers",
        "year_from_file_name",
    ]
    assert all(hasattr(cbs, name) for name in cbs.__all__)


# --- in English ----------------------------------------------------------------------------------


def _double_a_inw(rows: Rows) -> None:
    index = rows[0].index("a_inw")
    for row in rows:
        row.append(row[index])


#: (change to the shipped rows or None, import arguments, the Dutch text, the English text)
IN_BOTH_LANGUAGES: dict[str, tuple[Callable[[Rows], None] | None, dict[str, Any], str, str]] = {
    "missing columns": (
        _drop_columns("a_inw", "a_wmo_t"),
        {},
        "bestand kwb-2024-utrecht.xlsx, blad 'Gemeente-Utrecht': ontbrekende kolommen: a_inw, "
        "a_wmo_t. Verwacht de indeling van CBS Kerncijfers wijken en buurten, met een kopregel "
        "met de kolommen gwb_code_10, regio, gm_naam, recs, a_inw, a_00_14, a_15_24, a_25_44, "
        "a_45_64, a_65_oo, a_neu_al, a_geb_ne, a_hh, a_1p_hh, a_wmo_t, p_hh_li.",
        "file kwb-2024-utrecht.xlsx, sheet 'Gemeente-Utrecht': missing columns: a_inw, a_wmo_t. "
        "Expected the layout of CBS Kerncijfers wijken en buurten (key figures of districts and "
        "neighbourhoods), with a header row holding the columns gwb_code_10, regio, gm_naam, "
        "recs, a_inw, a_00_14, a_15_24, a_25_44, a_45_64, a_65_oo, a_neu_al, a_geb_ne, a_hh, "
        "a_1p_hh, a_wmo_t, p_hh_li.",
    ),
    "a doubled column": (
        _double_a_inw,
        {},
        "bestand kwb-2024-utrecht.xlsx, blad 'Gemeente-Utrecht', rij 1, kolom 'a_inw': kolom "
        "a_inw komt meer dan eens voor in de kopregel; verwacht elke kolom één keer.",
        "file kwb-2024-utrecht.xlsx, sheet 'Gemeente-Utrecht', row 1, column 'a_inw': column "
        "a_inw appears more than once in the header row; expected each column once.",
    ),
    "a year the file name contradicts": (
        None,
        {"jaar": 2023},
        "bestand kwb-2024-utrecht.xlsx, blad 'Gemeente-Utrecht': de bestandsnaam noemt jaar 2024, "
        "maar jaar 2023 is opgegeven; laat het jaar (--jaar) weg of hernoem het bestand zodat ze "
        "overeenkomen.",
        "file kwb-2024-utrecht.xlsx, sheet 'Gemeente-Utrecht': the file name says the year is "
        "2024, but 2023 was given; leave out the year (--jaar) or rename the file so that they "
        "agree.",
    ),
    "a gemeente code that is none": (
        None,
        {"gemeenten": ["GM12"]},
        "bestand kwb-2024-utrecht.xlsx: gekozen gemeente 'GM12' is geen CBS-gemeentecode; "
        "verwacht GM met 4 cijfers, zoals GM0344 (--gemeente GM0344, herhaal de optie voor meer "
        "gemeenten).",
        "file kwb-2024-utrecht.xlsx: the chosen municipality 'GM12' is not a CBS municipality "
        "code; expected GM and 4 digits, such as GM0344 (--gemeente GM0344; repeat the option "
        "for more municipalities).",
    ),
    "a gemeente the file does not have": (
        None,
        {"gemeenten": ["GM9999"]},
        "bestand kwb-2024-utrecht.xlsx, blad 'Gemeente-Utrecht': gekozen gemeente GM9999 staat "
        "niet in het bestand; het bestand heeft 1 gemeente: GM0344 (Utrecht). Kies gemeenten uit "
        "het bestand, of importeer het landelijke bestand (kwb-2024.xlsx) voor elke gemeente.",
        "file kwb-2024-utrecht.xlsx, sheet 'Gemeente-Utrecht': the chosen municipality GM9999 is "
        "not in the file; the file has 1 municipality: GM0344 (Utrecht). Choose municipalities "
        "from the file, or import the national file (kwb-2024.xlsx) for every municipality.",
    ),
    "text in a count": (
        set_cell("BU03440112", "a_inw", "abc"),
        {},
        "bestand kwb-2024-utrecht.xlsx, blad 'Gemeente-Utrecht', rij 5, kolom 'a_inw': waarde "
        "'abc' is geen getal; verwacht een aantal (geheel getal, 0 of meer) of '.' voor een "
        "onderdrukte waarde.",
        "file kwb-2024-utrecht.xlsx, sheet 'Gemeente-Utrecht', row 5, column 'a_inw': value 'abc' "
        "is not a number; expected a count (a whole number, 0 or more) or '.' for a suppressed "
        "value.",
    ),
    "a buurt without its wijk": (
        _orphan_buurt,
        {},
        "bestand kwb-2024-utrecht.xlsx, blad 'Gemeente-Utrecht', rij 124, kolom 'gwb_code_10': "
        "buurt BU03449901 hoort bij WK034499, maar die staat niet in het bestand en ook niet in "
        "de database; verwacht een rij voor WK034499 in het bestand.",
        "file kwb-2024-utrecht.xlsx, sheet 'Gemeente-Utrecht', row 124, column 'gwb_code_10': "
        "neighbourhood BU03449901 belongs to WK034499, but that is neither in the file nor in "
        "the database; expected a row for WK034499 in the file.",
    ),
}


@pytest.mark.parametrize("case", list(IN_BOTH_LANGUAGES))
def test_a_refused_file_is_said_in_dutch_and_in_english(
    sqlite_store: Store, kwb_rows: Rows, tmp_path: Path, case: str
) -> None:
    change, arguments, dutch, english = IN_BOTH_LANGUAGES[case]
    path = cbs_file() if change is None else copy_with(tmp_path, kwb_rows, change)

    with pytest.raises(ImportFileError) as caught:
        import_kerncijfers(sqlite_store, path, **arguments)

    assert str(caught.value) == caught.value.tekst("nl") == dutch
    assert caught.value.tekst("en") == english
    assert caught.value.melding("en") == english.split(": ", 1)[1]
    assert counts(sqlite_store)["kerncijfers"] == 0


def test_the_command_says_a_refused_file_in_the_users_language(
    kwb_rows: Rows, tmp_path: Path
) -> None:
    path = copy_with(tmp_path, kwb_rows, _drop_columns("a_inw"))
    assert run_makelaar(tmp_path, "db", "upgrade").returncode == 0

    english = one_line_error(run_makelaar(tmp_path, "wijken", "import", str(path), locale="en"))
    dutch = one_line_error(run_makelaar(tmp_path, "wijken", "import", str(path)))

    assert english.startswith(
        "Error: file kwb-2024-utrecht.xlsx, sheet 'Gemeente-Utrecht': missing columns: a_inw. "
        "Expected the layout of CBS Kerncijfers wijken en buurten"
    )
    assert dutch.startswith(
        "Fout: bestand kwb-2024-utrecht.xlsx, blad 'Gemeente-Utrecht': ontbrekende kolommen: "
        "a_inw. Verwacht de indeling van CBS Kerncijfers wijken en buurten"
    )
