"""Person names in free text (models.namen): titles, particles, initials, given names, the stop
list, streets and organisations, and the shipped list of given names."""

from __future__ import annotations

import importlib.util

import pytest

from makelaar.models.data import voornamen_maken
from makelaar.models.namen import (
    GIVEN_NAMES_FILE,
    NameFinder,
    find_names,
    given_names,
    read_given_names,
)
from makelaar.models.privacy import Pseudonymiser, Screened, Screener
from tests.conftest import skip_or_fail


def names(text: str) -> list[str]:
    return [text[start:end] for start, end in find_names(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mevr. Jansen belde", ["Jansen"]),
        ("Mevr Jansen belde", ["Jansen"]),
        ("mevrouw Yilmaz kwam", ["Yilmaz"]),
        ("mw. Kuipers wil", ["Kuipers"]),
        ("Dhr. Visser heeft", ["Visser"]),
        ("Met de heer El Amrani gesproken", ["El Amrani"]),
        ("meneer Pinas en mijnheer Brouwer", ["Pinas", "Brouwer"]),
        ("fam. Öztürk en de familie Boukhari", ["Öztürk", "Boukhari"]),
        ("juf Anja en meester Hamid", ["Anja", "Hamid"]),
        ("dr. Smit, ir. Bakker en mr. Van Dam", ["Smit", "Bakker", "Van Dam"]),
        ("Wijkagent Van Leeuwen en buurvrouw Ans", ["Van Leeuwen", "Ans"]),
        ("De heer Tjon A Fong bleek mantelzorger", ["Tjon A Fong"]),
    ],
)
def test_a_name_after_a_title_or_form_of_address(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mevrouw belde terug: ze wil een maatje.",
        "Meneer gaf aan dat hij geen hulp wil.",
        "De heer en mevrouw kwamen samen naar het spreekuur.",
        "dhr. en mevr. kwamen.",
        "Familie en vrienden helpen mee.",
    ],
)
def test_a_title_without_a_name_after_it_masks_nothing(text: str) -> None:
    assert names(text) == []


def test_a_name_in_lower_case_after_an_abbreviated_title_only() -> None:
    assert names("mevr. jansen belde") == ["jansen"]
    assert names("dhr. de groot komt") == ["de groot"]
    assert names("mevrouw vertelde over haar buren") == []  # spelled out: a capital is needed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mevr. de Vries", ["de Vries"]),
        ("Dhr. Van den Berg wil", ["Van den Berg"]),
        ("mevrouw van der Meer belde", ["van der Meer"]),
        ("fam. van 't Hof gaat verhuizen", ["van 't Hof"]),
        ("Mevr. in 't Veld wil helpen", ["in 't Veld"]),
        ("Dhr. ter Horst en mevr. ten Brink", ["ter Horst", "ten Brink"]),
        ("De heer Ben Ali biedt les aan", ["Ben Ali"]),
        ("mevr. Bakker-de Vries", ["Bakker-de Vries"]),
    ],
)
def test_surname_particles_belong_to_the_name(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mevr. A. de Vries heeft gebeld", ["A. de Vries"]),
        ("Dhr. J.P. van den Berg wil", ["J.P. van den Berg"]),
        ("Mevr. Y. Demir vraagt", ["Y. Demir"]),
        ("Volgens A. Bakker is het druk", ["A. Bakker"]),
        ("De groep uit bijlage A. daarna verder", []),
    ],
)
def test_initials_with_a_surname(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pieter de Boer komt", ["Pieter de Boer"]),
        ("Gesprek met Mehmet Kaya over de iftar", ["Mehmet Kaya"]),
        ("Agnieszka Nowak en Ramesh Ramdin", ["Agnieszka Nowak", "Ramesh Ramdin"]),
        ("Fatima belde, Youssef niet", ["Fatima", "Youssef"]),
        ("Met Khadija de inloop voorbereid", ["Khadija"]),
        ("Kees van de fietsenwerkplaats", ["Kees"]),
        ("Jan-Willem en Anne-Marie de Graaf", ["Jan-Willem", "Anne-Marie de Graaf"]),
        ("Karin's idee en Fatimas fiets", ["Karin", "Fatimas"]),
        ("gesproken met fatima over taalles", ["fatima"]),
        ("pieter de boer komt", ["pieter de boer"]),
        ("Gesproken met Fatma Yıldız", ["Fatma Yıldız"]),
    ],
)
def test_given_names_alone_and_with_a_surname(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Roos en lavendel geplant", []),
        ("Wil je de lijst sturen?", []),
        ("Ik hoop dat het lukt", []),
        ("Mark de datum in de agenda", []),
        ("Ben donderdag niet bereikbaar", []),
        ("De bas van de installatie is kapot, ze wil meer", []),
        ("Elke week, in het kader van het project, nader bekeken", []),
        ("Hij spreekt Engels en Frans", []),
        ("Vroeger kostte het een gulden", []),
        ("Kim de Wit stopt", ["Kim de Wit"]),
        ("Mark Rutte kwam langs", ["Mark Rutte"]),
        ("Oma Riet wil voorlezen", ["Riet"]),
        ("Overleg met Fleur van Dock", ["Fleur van Dock"]),
    ],
)
def test_stop_words_are_names_only_with_a_surname_or_a_title(
    text: str, expected: list[str]
) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vergadering op 14 jan. om 19.30 uur", []),
        ("Activiteiten jan.–mrt. rondgestuurd", []),
        ("Nieuwjaarsborrel jan 2025", []),
        ("Op 2 jan. 2025 belde Jan", ["Jan"]),
        ("Jan belde over de container", ["Jan"]),
    ],
)
def test_jan_the_month_is_no_name(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Buurtbarbecue in de Jan van Galenstraat, 40 bewoners.",
        "Overleg over de flats aan de Pieter Nieuwlandstraat.",
        "In de Jan Pieterszoon Coenstraat ligt zwerfafval.",
        "Spreekuur in de Marco Pololaan en de Vincent van Goghlaan.",
        "Bewonersavond over de Laan van Nieuw-Guinea.",
        "Picknick in het Wilhelminapark met de Vrouwen van Nu.",
        "Schoonmaak bij de Johannes Vermeerflat.",
        "Stichting Jan de Wit financiert de kerstlunch.",
        "Overleg met Stichting Al Amal en het Rode Kruis.",
        "Koffie in Buurthuis De Boog.",
        "De kinderen van basisschool Anne Frank tekenden.",
        "Voorlichting in het Albert Schweitzer ziekenhuis.",
        "Albert Heijn sponsort de fruitmand.",
        "Aanvraag bij het Oranje Fonds ingediend.",
        "Rozen van de soort Queen Elisabeth geschonken.",
        "Bijeenkomst in de Sint Jansbrug-zaal.",
        "Viering in de St. Jozef met de mantelzorgers.",
    ],
)
def test_streets_and_organisations_named_after_people_are_no_names(text: str) -> None:
    assert names(text) == []


def test_the_street_after_a_titled_name_is_no_part_of_it() -> None:
    assert names("Huisbezoek bij mevr. Jansen Kanaalstraat") == ["Jansen"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gesprek met Dijkstra over de boom", ["Dijkstra"]),
        ("Hoekstra meldde een lekkage", ["Hoekstra"]),
        ("Jansen van nummer 4 repareerde het hek", ["Jansen"]),
        ("Pietersen en Gerritse kwamen", ["Pietersen", "Gerritse"]),
        ("Het orchestra speelde; bloedplasma gedoneerd", []),
    ],
)
def test_frisian_and_patronymic_surnames_are_names_by_their_form(
    text: str, expected: list[str]
) -> None:
    assert names(text) == expected


def test_a_long_reflection_answer_is_screened_like_a_short_note() -> None:
    filler = "We hebben veel geleerd over de buurt en de samenwerking met de partners. " * 5
    text = filler + "Mevrouw Yilmaz en Pieter de Boer waren erbij."
    assert len(text) > 300  # longer than the notes the finder remembers
    assert names(text) == ["Yilmaz", "Pieter de Boer"]
    assert names(text) == ["Yilmaz", "Pieter de Boer"]


def test_a_finder_with_its_own_names() -> None:
    finder = NameFinder(frozenset({"zwaantje"}))
    text = "Zwaantje en Fatima kwamen"
    assert [text[a:b] for a, b in finder.find(text)] == ["Zwaantje"]


def test_the_screener_masks_names_in_free_text_as_naam() -> None:
    screener = Screener(Pseudonymiser(bytes(range(32))))
    screened = screener.screen("mevr. Jansen belde; Pieter de Boer komt, 06-12345678.")
    assert screened == Screened(
        "mevr. [naam] belde; [naam] komt, [telefoonnummer].", {"naam": 2, "telefoon": 1}
    )
    assert screener.screen("Buurtbarbecue in de Jan van Galenstraat") == Screened(
        "Buurtbarbecue in de Jan van Galenstraat", {}
    )


def test_a_name_found_twice_is_masked_once() -> None:
    screener = Screener(Pseudonymiser(bytes(range(32))), known_names=["Fatma Yilmaz"])
    assert screener.screen("mevrouw Fatma Yilmaz belde") == Screened(
        "mevrouw [naam] belde", {"naam": 1}
    )


def test_patterns_win_over_names() -> None:
    screener = Screener(Pseudonymiser(bytes(range(32))))
    assert screener.screen("mail naar pieter.deboer@example.nl") == Screened(
        "mail naar [e-mailadres]", {"email": 1}
    )


def test_the_shipped_list_holds_dutch_and_migrant_given_names() -> None:
    shipped = given_names()
    assert len(shipped) > 2500
    for name in ("pieter", "henk", "truus", "sem", "mehmet", "ayse", "fatima", "agnieszka"):
        assert name in shipped, name
    assert read_given_names(["# a comment", "", "Zoë", "Ayşe"]) == {"zoe", "ayse"}
    first = GIVEN_NAMES_FILE.read_text(encoding="utf-8").splitlines()[:8]
    assert any("GNU Free Documentation License" in line for line in first)
    assert any("MIT" in line for line in first)


def test_the_shipped_list_is_what_its_sources_give() -> None:
    if (
        importlib.util.find_spec("gender_guesser") is None
        or importlib.util.find_spec("faker") is None
    ):
        skip_or_fail("gender-guesser and faker (dev dependencies) are needed to regenerate")
    shipped = GIVEN_NAMES_FILE.read_text(encoding="utf-8")
    assert voornamen_maken.build(voornamen_maken.default_source()) == shipped
