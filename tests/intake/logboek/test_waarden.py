"""Reading one cell as Dutch spreadsheets write it (RELIABILITY §4): numbers per decimal style,
day-first dates, choices by code, label, synonym, any case or accent, and lists."""

from __future__ import annotations

import datetime as dt

import pytest

from makelaar.intake.logboek.waarden import (
    CellValueError,
    Getalstijl,
    Keuzelezer,
    Partnerlezer,
    datum,
    decimaal,
    geheel,
    korte_tekst,
    splits,
    stijl_bewijs,
)
from makelaar.models.domain import (
    ActieType,
    Doelgroep,
    InitiatiefStatus,
    PartnerSoort,
    Resultaat,
    SignaalCategorie,
    Trede,
)

VANDAAG = dt.date(2026, 3, 1)
KOMMA, PUNT, ONBEKEND = Getalstijl.KOMMA, Getalstijl.PUNT, Getalstijl.ONBEKEND


def fout(call: object, *args: object) -> CellValueError:
    assert callable(call)
    with pytest.raises(CellValueError) as caught:
        call(*args)
    return caught.value


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stijl", "expected"),
    [
        ("3,5", KOMMA, 3.5),
        ("3,5", ONBEKEND, 3.5),
        ("1.234,5", KOMMA, 1234.5),
        ("1.234,5", ONBEKEND, 1234.5),
        ("1,234.5", PUNT, 1234.5),
        ("1,234.5", ONBEKEND, 1234.5),
        ("2.5", PUNT, 2.5),
        ("1.500", KOMMA, 1500.0),  # Dutch thousands
        ("1,500", KOMMA, 1.5),  # Dutch decimals
        ("1.500", PUNT, 1.5),
        ("1,500", PUNT, 1500.0),
        ("12", ONBEKEND, 12.0),
        (" 3,5 ", KOMMA, 3.5),
        ("1 234,5", KOMMA, 1234.5),  # a space between thousands
        ("1\u00a0234,5", KOMMA, 1234.5),  # a non-breaking space, as Excel writes it
        ("0,25", KOMMA, 0.25),
    ],
)
def test_decimaal_reads_the_files_convention(text: str, stijl: Getalstijl, expected: float) -> None:
    assert decimaal(text, stijl) == expected


def test_decimaal_takes_excel_numbers_as_they_are() -> None:
    assert decimaal(1.5, KOMMA) == 1.5
    assert decimaal(2, PUNT) == 2.0


@pytest.mark.parametrize("text", ["1.500", "1,500", "1.234.567", "12.000"])
def test_a_number_that_could_be_thousands_or_decimals_is_refused_when_the_file_shows_neither(
    text: str,
) -> None:
    error = fout(decimaal, text, ONBEKEND)
    assert f"'{text}'" in error.nl and "dubbelzinnig" in error.nl
    assert f"'{text}'" in error.en and "ambiguous" in error.en


def test_a_decimal_point_in_a_decimal_comma_file_is_refused() -> None:
    error = fout(decimaal, "2.5", KOMMA)
    assert "'2.5'" in error.nl and "komma" in error.nl
    assert "'2.5'" in error.en and "decimal commas" in error.en
    assert "'3,5'" in fout(decimaal, "3,5", PUNT).nl


@pytest.mark.parametrize("text", ["abc", "3,", ",5", "1.5e3", "3,5 uur", "€ 3", "--3"])
def test_not_a_number_names_the_value(text: str) -> None:
    error = fout(decimaal, text, KOMMA)
    assert f"'{text.strip()}'" in error.nl
    assert "getal" in error.nl


@pytest.mark.parametrize(
    ("text", "stijl", "expected"),
    [
        ("1.250", KOMMA, 1250),
        ("12.345.678", KOMMA, 12_345_678),
        ("1,250", PUNT, 1250),
        ("12", ONBEKEND, 12),
        ("3,0", KOMMA, 3),
        ("-3", KOMMA, -3),  # the bound (0 or more) is checked by the row, with the column
    ],
)
def test_geheel_with_thousands_separators_in_the_files_style(
    text: str, stijl: Getalstijl, expected: int
) -> None:
    assert geheel(text, stijl) == expected


def test_geheel_refuses_a_fraction_and_an_ambiguous_grouping() -> None:
    assert "'3,5'" in fout(geheel, "3,5", KOMMA).nl
    assert "heel getal" in fout(geheel, "3,5", KOMMA).nl
    assert "dubbelzinnig" in fout(geheel, "1.250", ONBEKEND).nl
    assert geheel(7.0, KOMMA) == 7
    assert "'7.5'" in fout(geheel, 7.5, KOMMA).nl.replace(",", ".")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3,5", KOMMA), ("1.234,5", KOMMA), ("1,234.5", PUNT), ("2.5", PUNT), ("1.500", None)],
)
def test_stijl_bewijs(text: str, expected: Getalstijl | None) -> None:
    assert stijl_bewijs(text) is expected


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("31-01-2026", dt.date(2026, 1, 31)),
        ("1-2-2026", dt.date(2026, 2, 1)),
        ("31/01/2026", dt.date(2026, 1, 31)),
        ("31.01.2026", dt.date(2026, 1, 31)),
        ("2026-01-31", dt.date(2026, 1, 31)),
        ("3 februari 2026", dt.date(2026, 2, 3)),
        ("3 Februari 2026", dt.date(2026, 2, 3)),
        ("3 feb 2026", dt.date(2026, 2, 3)),
        ("28 februari 2026", dt.date(2026, 2, 28)),
        ("29-02-2024", dt.date(2024, 2, 29)),
        ("01-03-2026", VANDAAG),
        (dt.datetime(2026, 1, 31, 0, 0), dt.date(2026, 1, 31)),  # what calamine gives for a date
        (dt.date(2026, 1, 31), dt.date(2026, 1, 31)),
        ("12-01-2026", dt.date(2026, 1, 12)),  # day first, never January the 12th read as 1 Dec
    ],
)
def test_dates_are_read_day_first(cell: str | dt.date, expected: dt.date) -> None:
    assert datum(cell, VANDAAG) == expected


def test_an_impossible_day_is_an_error_naming_the_value() -> None:
    error = fout(datum, "31-02-2024", VANDAAG)
    assert "'31-02-2024'" in error.nl and "29 dagen" in error.nl
    assert "'31-02-2024'" in error.en


def test_a_month_first_date_is_an_error_not_a_swap() -> None:
    error = fout(datum, "01-22-2000", VANDAAG)
    assert "'01-22-2000'" in error.nl and "maand 22" in error.nl
    assert "dag-maand-jaar" in error.nl
    assert "'01-22-2000'" in error.en and "month 22" in error.en


@pytest.mark.parametrize("text", ["31-01-26", "1-2-26", "31/01/26"])
def test_two_digit_years_are_refused(text: str) -> None:
    error = fout(datum, text, VANDAAG)
    assert f"'{text}'" in error.nl and "2 cijfers" in error.nl


def test_future_dates_are_refused() -> None:
    error = fout(datum, "15-03-2026", VANDAAG)
    assert "'15-03-2026'" in error.nl and "toekomst" in error.nl
    assert "future" in error.en
    assert "toekomst" in fout(datum, dt.datetime(2027, 1, 1), VANDAAG).nl


@pytest.mark.parametrize("cell", ["31-12-1999", "01-01-1900", dt.date(1999, 6, 1)])
def test_dates_before_2000_are_refused(cell: str | dt.date) -> None:
    error = fout(datum, cell, VANDAAG)
    assert "2000" in error.nl and "jaartal" in error.nl


@pytest.mark.parametrize("cell", ["gisteren", "3 febuari 2026", "2026/13/01", "46053", 46053.0])
def test_not_a_date_names_the_value_and_the_format(cell: str | float) -> None:
    error = fout(datum, cell, VANDAAG)
    assert "'" + str(cell).removesuffix(".0") + "'" in error.nl
    assert "31-01-2026" in error.nl


# --- choices -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "huisbezoek",  # the stored code
        "Huisbezoek",  # the Dutch label
        "HUISBEZOEK",
        "  huisBEZOEK ",
        "Home visit",  # the English label
        "home VISIT",
    ],
)
def test_choice_by_code_label_english_label_and_any_case(text: str) -> None:
    assert Keuzelezer(ActieType).een(text) is ActieType.HUISBEZOEK


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bemiddeling bewoner–instelling", ActieType.BEMIDDELING_BEWONER_INSTELLING),  # en dash
        ("Bemiddeling bewoner-instelling", ActieType.BEMIDDELING_BEWONER_INSTELLING),  # hyphen
        ("bemiddeling_bewoner_instelling", ActieType.BEMIDDELING_BEWONER_INSTELLING),
        ("burenbemiddeling", ActieType.BEMIDDELING_BEWONERS),  # a synonym
        ("Enquête", ActieType.BUURTONDERZOEK),  # a synonym with an accent
        ("enquete", ActieType.BUURTONDERZOEK),
        ("Overig", ActieType.ANDERS),
        ("(Nog) geen resultaat", Resultaat.GEEN),
        ("nog geen resultaat", Resultaat.GEEN),
        ("Niet ondersteund", InitiatiefStatus.NIET_ONDERSTEUND),
        ("niet_ondersteund", InitiatiefStatus.NIET_ONDERSTEUND),
        ("Financiën", SignaalCategorie.SCHULDEN),
        ("Eigen netwerk", Trede.EIGEN_NETWERK),
    ],
)
def test_choice_by_synonym_and_without_accents(text: str, expected: object) -> None:
    assert Keuzelezer(type(expected)).een(text) is expected  # type: ignore[arg-type]


def test_an_unknown_choice_names_the_value_and_the_valid_labels() -> None:
    error = fout(Keuzelezer(ActieType).een, "Koffie drinken")
    assert "'Koffie drinken'" in error.nl
    assert "Huisbezoek" in error.nl and "Bemiddeling bewoner–instelling" in error.nl
    assert "'Koffie drinken'" in error.en and "Home visit" in error.en


@pytest.mark.parametrize(
    "text",
    [
        "Ouderen; Jongeren",
        "Jongeren;Ouderen",
        "ouderen, jongeren",
        "Jongeren,Ouderen",
        "Ouderen\nJongeren",
        "Ouderen;;Jongeren;",
        "senioren; jeugd",
        "Older people; Young people",
        "Ouderen; ouderen; Jongeren",
    ],
)
def test_lists_with_semicolons_or_commas_are_stored_as_codes_in_list_order(text: str) -> None:
    assert Keuzelezer(Doelgroep).meer(text) == ["ouderen", "jongeren"]


def test_a_list_with_semicolons_keeps_commas_inside_a_label() -> None:
    assert splits("Ouderen; Mensen met een beperking") == ["Ouderen", "Mensen met een beperking"]
    assert splits("a, b ; c") == ["a, b", "c"]


def test_a_list_with_one_unknown_value_names_that_value() -> None:
    error = fout(Keuzelezer(Doelgroep).meer, "Ouderen; Katten")
    assert "'Katten'" in error.nl


def test_partners_by_kind_or_name_with_kind() -> None:
    lezer = Partnerlezer(Keuzelezer(PartnerSoort))
    kinds, names = lezer.lees("Mitros (woningcorporatie); GGD; Buurtteam Oost (sociaal team)")
    assert kinds == ["ggd", "woningcorporatie", "buurtteam"]
    assert names == ["Mitros", "Buurtteam Oost"]
    error = fout(lezer.lees, "Mitros")
    assert "'Mitros'" in error.nl and "woningcorporatie" in error.nl


def test_korte_tekst_counts_characters() -> None:
    assert korte_tekst("  abc ", 3) == "abc"
    error = fout(korte_tekst, "x" * 201, 200)
    assert "201" in error.nl and "200" in error.nl
