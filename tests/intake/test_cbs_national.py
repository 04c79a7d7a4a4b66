"""The national CBS Kerncijfers file: its layout, its year, a choice of gemeenten, re-imports.

On a generated file in the real national layout (tests/intake/cbs_national.py): one sheet KWB2024,
header on row 1, Nederland on row 2, a dozen gemeenten with their wijken and buurten, '.' where
CBS suppressed a value. The full 340 gemeenten are timed by bench/cbs_national.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from makelaar.intake.cbs import import_kerncijfers
from makelaar.models.domain import Niveau
from makelaar.models.errors import ImportFileError
from makelaar.models.store import Store
from makelaar.models.tables import Buurt, Gemeente, Kerncijfers, Wijk
from tests.factories import read_xlsx, write_xlsx
from tests.flows.cli_testing import one_line_error, run_makelaar
from tests.intake.cbs_national import COLUMNS, NationalFile, write_national

GEMEENTEN = 12
#: CBS column -> Kerncijfers field, for the figures compared here
FIELDS = {"a_inw": "inwoners", "a_65_oo": "leeftijd_65_plus", "a_hh": "huishoudens"}
FIELDS |= {"a_wmo_t": "wmo_clienten", "p_hh_li": "pct_huishoudens_laag_inkomen"}


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> NationalFile:
    return write_national(tmp_path_factory.mktemp("kwb") / "kwb-2024.xlsx", gemeenten=GEMEENTEN)


def copy_as(national: NationalFile, folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    return Path(shutil.copyfile(national.path, folder / name))


def stored(store: Store) -> dict[str, set[str]]:
    with store.session() as session:
        return {
            "gemeente": set(session.scalars(select(Gemeente.code))),
            "wijk": set(session.scalars(select(Wijk.code))),
            "buurt": set(session.scalars(select(Buurt.code))),
            "kerncijfers": set(session.scalars(select(Kerncijfers.regiocode))),
        }


def figures(store: Store, jaar: int = 2024) -> dict[str, Kerncijfers]:
    with store.session() as session:
        rows = session.scalars(select(Kerncijfers).where(Kerncijfers.jaar == jaar)).all()
        session.expunge_all()
        return {row.regiocode: row for row in rows}


def expected(national: NationalFile, gemeenten: list[str]) -> dict[str, set[str]]:
    wijken = {w for g in gemeenten for w in national.wijken[g]}
    buurten = {b for w in wijken for b in national.buurten[w]}
    return {
        "gemeente": set(gemeenten),
        "wijk": wijken,
        "buurt": buurten,
        "kerncijfers": set(gemeenten) | wijken | buurten,
    }


def as_stored(cell: Any) -> Any:
    return None if cell == "." else cell


def test_the_national_file_imports_every_gemeente(store: Store, national: NationalFile) -> None:
    report = import_kerncijfers(store, national.path)

    assert (report.blad, report.jaar, report.rijen_gelezen) == ("KWB2024", 2024, national.rows)
    assert (report.overgeslagen, report.niet_gekozen) == (1, 0)  # Nederland
    assert (report.gemeenten.nieuw, report.wijken.nieuw, report.buurten.nieuw) == (
        GEMEENTEN,
        national.wijk_count,
        national.buurt_count,
    )
    assert report.kerncijfers.nieuw == national.rows - 1
    assert stored(store) == expected(national, national.gemeenten)
    assert national.buurt_count > 4 * GEMEENTEN  # a national file's shape, not a single wijk
    cijfers = figures(store)
    assert "NL00" not in cijfers
    suppressed = 0
    for code, cells in national.figures.items():
        row = cijfers[code]
        for column, name in FIELDS.items():
            assert getattr(row, name) == as_stored(cells[column]), (code, column)
        suppressed += sum(cells[column] == "." for column in FIELDS)
        niveau = {"GM": Niveau.GEMEENTE, "WK": Niveau.WIJK, "BU": Niveau.BUURT}[code[:2]]
        assert (row.niveau, row.bron) == (niveau, "kwb-2024.xlsx")
    assert suppressed > 20  # the file has '.' cells, each stored as None
    first = national.gemeenten[0]
    wijk = national.wijken[first][0]
    buurt = national.buurten[wijk][-1]
    with store.session() as session:
        gemeente_row, wijk_row = session.get(Gemeente, first), session.get(Wijk, wijk)
        buurt_row = session.get(Buurt, buurt)
        assert gemeente_row is not None and wijk_row is not None and buurt_row is not None
        assert gemeente_row.naam == national.names[first]
        assert (wijk_row.naam, wijk_row.gemeente_code) == (national.names[wijk], first)
        assert (buurt_row.naam, buurt_row.wijk_code) == (national.names[buurt], wijk)


def test_a_reimport_changes_nothing(store: Store, national: NationalFile) -> None:
    import_kerncijfers(store, national.path)
    before = figures(store)

    again = import_kerncijfers(store, national.path)

    for telling in (again.gemeenten, again.wijken, again.buurten, again.kerncijfers):
        assert (telling.nieuw, telling.bijgewerkt) == (0, 0)
    assert again.kerncijfers.ongewijzigd == national.rows - 1
    after = figures(store)
    assert {code: row.bijgewerkt_op for code, row in after.items()} == {
        code: row.bijgewerkt_op for code, row in before.items()
    }
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Kerncijfers)) == national.rows - 1


def test_only_the_chosen_gemeenten_are_imported(store: Store, national: NationalFile) -> None:
    chosen = [national.gemeenten[3], national.gemeenten[7]]
    rows = sum(national.regions_of(code) for code in chosen)

    report = import_kerncijfers(store, national.path, gemeenten=[chosen[1].lower(), chosen[0]])

    assert stored(store) == expected(national, chosen)
    assert (report.gemeenten.nieuw, report.kerncijfers.nieuw) == (2, rows)
    assert (report.rijen_gelezen, report.overgeslagen) == (national.rows, 1)
    assert report.niet_gekozen == national.rows - 1 - rows

    everything = import_kerncijfers(store, national.path)  # later the whole country

    assert stored(store) == expected(national, national.gemeenten)
    assert (everything.kerncijfers.ongewijzigd, everything.kerncijfers.nieuw) == (
        rows,
        national.rows - 1 - rows,
    )


def test_a_bad_cell_counts_only_in_a_chosen_gemeente(
    store: Store, national: NationalFile, tmp_path: Path
) -> None:
    rows = read_xlsx(national.path)
    bad_gemeente = national.gemeenten[5]
    buurt = national.buurten[national.wijken[bad_gemeente][0]][0]
    index = next(i for i, row in enumerate(rows) if row[0] == buurt)
    rows[index][COLUMNS.index("a_65_oo")] = "ca. 40"
    path = write_xlsx(tmp_path / "kwb-2024.xlsx", {"KWB2024": rows})

    with pytest.raises(ImportFileError) as caught:
        import_kerncijfers(store, path)
    report = import_kerncijfers(store, path, gemeenten=[national.gemeenten[0]])

    assert str(caught.value).startswith(
        f"bestand kwb-2024.xlsx, blad 'KWB2024', rij {index + 1}, kolom 'a_65_oo': "
        "waarde 'ca. 40' is geen getal; verwacht een aantal"
    )
    assert stored(store) == expected(national, [national.gemeenten[0]])
    assert report.kerncijfers.nieuw == national.regions_of(national.gemeenten[0])


def test_a_gemeente_the_file_does_not_have_is_refused(store: Store, national: NationalFile) -> None:
    present = national.gemeenten[0]

    with pytest.raises(ImportFileError) as caught:
        import_kerncijfers(store, national.path, gemeenten=[present, "GM9999"])

    message = str(caught.value)
    assert message.startswith(
        "bestand kwb-2024.xlsx, blad 'KWB2024': gekozen gemeente GM9999 staat niet in het bestand; "
        f"het bestand heeft {GEMEENTEN} gemeenten, zoals {present} ({national.names[present]}), "
    )
    assert (caught.value.value, caught.value.row) == ("GM9999", None)
    assert stored(store)["kerncijfers"] == set()  # the chosen one that exists is not written either


@pytest.mark.parametrize("given", ["Utrecht", "0344", "GM344", "WK034401"])
def test_a_chosen_gemeente_must_be_a_gemeente_code(
    sqlite_store: Store, national: NationalFile, given: str
) -> None:
    with pytest.raises(
        ImportFileError, match=rf"gekozen gemeente '{given}' is geen CBS-gemeentecode; "
    ):
        import_kerncijfers(sqlite_store, national.path, gemeenten=[given])


def test_the_year_comes_from_the_sheet_when_the_name_lacks_it(
    sqlite_store: Store, national: NationalFile, tmp_path: Path
) -> None:
    path = copy_as(national, tmp_path / "a", "kerncijfers.xlsx")

    report = import_kerncijfers(sqlite_store, path)

    assert (report.jaar, report.blad, report.kerncijfers.nieuw) == (
        2024,
        "KWB2024",
        national.rows - 1,
    )
    assert len(figures(sqlite_store, 2024)) == national.rows - 1
    with pytest.raises(ImportFileError) as caught:
        import_kerncijfers(sqlite_store, path, jaar=2023)
    assert str(caught.value) == (
        "bestand kerncijfers.xlsx, blad 'KWB2024': de bladnaam 'KWB2024' noemt jaar 2024, maar "
        "jaar 2023 is opgegeven; laat het jaar (--jaar) weg of hernoem het bestand zodat ze "
        "overeenkomen."
    )


def test_name_and_sheet_must_agree(sqlite_store: Store, tmp_path: Path) -> None:
    path = write_national(tmp_path / "kwb-2024.xlsx", gemeenten=1, sheet="KWB2023")

    with pytest.raises(ImportFileError) as caught:
        import_kerncijfers(sqlite_store, path.path)

    assert str(caught.value).startswith(
        "bestand kwb-2024.xlsx, blad 'KWB2023': de bestandsnaam noemt jaar 2024, maar de "
        "bladnaam 'KWB2023' noemt jaar 2023; geef het juiste jaar op met --jaar"
    )
    assert caught.value.value == 2023
    assert stored(sqlite_store)["kerncijfers"] == set()


def test_without_a_year_anywhere_jaar_is_asked(sqlite_store: Store, tmp_path: Path) -> None:
    written = write_national(tmp_path / "kerncijfers.xlsx", gemeenten=1, sheet="Blad1")

    with pytest.raises(ImportFileError) as caught:
        import_kerncijfers(sqlite_store, written.path)
    report = import_kerncijfers(sqlite_store, written.path, jaar=2022)

    assert str(caught.value) == (
        "bestand kerncijfers.xlsx, blad 'Blad1': het jaar van de kerncijfers staat niet in de "
        "bestandsnaam (zoals kwb-2024.xlsx), niet in de bladnaam (zoals KWB2024) en niet in een "
        "titel boven de kopregel (rij 1); geef het jaar op met --jaar 2024 (in Python: "
        "jaar=2024) of hernoem het bestand naar kwb-2024.xlsx."
    )
    assert (report.jaar, len(figures(sqlite_store, 2022))) == (2022, written.rows - 1)


def test_the_year_from_a_title_above_the_header(sqlite_store: Store, tmp_path: Path) -> None:
    written = write_national(tmp_path / "bron.xlsx", gemeenten=1)
    rows = read_xlsx(written.path)
    titled = [["Kerncijfers wijken en buurten 2021"], ["Bron: CBS"], *rows]
    path = write_xlsx(tmp_path / "kerncijfers.xlsx", {"Gegevens": titled})

    report = import_kerncijfers(sqlite_store, path)

    assert (report.jaar, report.rijen_gelezen) == (2021, written.rows)
    with pytest.raises(ImportFileError, match="de titel in rij 1 noemt jaar 2021, maar jaar 2024"):
        import_kerncijfers(sqlite_store, path, jaar=2024)


def test_the_command_imports_chosen_gemeenten(national: NationalFile, tmp_path: Path) -> None:
    chosen = national.gemeenten[:2]
    path = copy_as(national, tmp_path / "bestanden", "kerncijfers.xlsx")
    assert run_makelaar(tmp_path, "db", "upgrade").returncode == 0

    imported = run_makelaar(
        tmp_path, "wijken", "import", str(path), "--gemeente", chosen[0], "--gemeente", chosen[1]
    )
    refused = run_makelaar(tmp_path, "wijken", "import", str(path), "--gemeente", "GM9999")

    assert imported.returncode == 0, imported.stderr
    wijken = sum(len(national.wijken[g]) for g in chosen)
    buurten = sum(len(national.buurten[w]) for g in chosen for w in national.wijken[g])
    assert f"2 gemeente(n), {wijken} wijken, {buurten} buurten" in imported.stdout
    assert "gekozen gemeente GM9999 staat niet in het bestand" in one_line_error(refused)
