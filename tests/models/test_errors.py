"""An ImportFileError carries its message in Dutch and English; whoever tells the user picks one."""

from __future__ import annotations

from makelaar.models.errors import ImportFileError, MakelaarError, RoundError


def test_an_import_error_names_its_place_in_either_language() -> None:
    error = ImportFileError(
        "waarde 'abc' is geen getal; verwacht een aantal.",
        "value 'abc' is not a number; expected a count.",
        file="kwb.xlsx",
        sheet="KWB2024",
        row=5,
        column="a_inw",
        value="abc",
    )
    assert str(error) == error.tekst("nl")
    assert error.tekst("nl") == (
        "bestand kwb.xlsx, blad 'KWB2024', rij 5, kolom 'a_inw': waarde 'abc' is geen getal; "
        "verwacht een aantal."
    )
    assert error.tekst("en") == (
        "file kwb.xlsx, sheet 'KWB2024', row 5, column 'a_inw': value 'abc' is not a number; "
        "expected a count."
    )
    assert error.melding("en") == "value 'abc' is not a number; expected a count."
    assert error.plaats("nl") == "bestand kwb.xlsx, blad 'KWB2024', rij 5, kolom 'a_inw'"
    assert (error.file, error.sheet, error.row, error.column, error.value) == (
        "kwb.xlsx",
        "KWB2024",
        5,
        "a_inw",
        "abc",
    )


def test_only_the_places_known_are_named() -> None:
    error = ImportFileError("het bestand is leeg.", "the file is empty.", file="leeg.csv")
    assert (error.tekst("nl"), error.tekst("en")) == (
        "bestand leeg.csv: het bestand is leeg.",
        "file leeg.csv: the file is empty.",
    )


def test_a_message_not_yet_in_english_keeps_its_dutch_with_the_place_in_english() -> None:
    error = ImportFileError("het blad 'osm' wordt niet ondersteund.", None, file="f.xlsx")
    assert error.tekst("en") == "file f.xlsx: het blad 'osm' wordt niet ondersteund."


def test_other_errors_are_said_where_they_are_raised() -> None:
    error: MakelaarError = RoundError("Round 3 does not exist.")
    assert error.tekst("en") == error.tekst("nl") == "Round 3 does not exist."
