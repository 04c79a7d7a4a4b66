"""The form engine: pages, relevance, calculations, parsing answers and checking them (ODK rules)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from makelaar.forms import engine
from makelaar.forms.definitie import Formulier
from makelaar.forms.engine import AntwoordError, Kop, lees_waarde
from makelaar.forms.xlsform import lees_formulier, lees_formulier_tekst

HERE = Path(__file__).resolve().parent
XLSFORM = HERE / "data/xlsform"
NU = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def proef() -> Formulier:
    return lees_formulier(HERE / "data/proef.md")


KETEN = """
| survey |
| | type | name | label | relevant | calculation | constraint | required |
| | begin group | een | Een | | | | |
| | select_one jn | werk | Werkt u? | | | | yes |
| | end group | | | | | | |
| | begin group | twee | Twee | ${werk} = 'ja' | | | |
| | integer | uren | Uren? | | | . > 0 and . <= 80 | yes |
| | end group | | | | | | |
| | begin group | drie | Drie | | | | |
| | text | taak | Taak? | ${uren} > 20 | | | |
| | note | info | Let op | ${uren} > 60 | | | |
| | end group | | | | | | |
| | calculate | voltijd | | | if(${uren} >= 36, 'ja', 'nee') | | |
| | text | toelichting | Waarom? | ${voltijd} = 'ja' | | | |
| choices |
| | list_name | name | label |
| | jn | ja | Ja |
| | jn | nee | Nee |
"""


@pytest.fixture(scope="module")
def keten() -> Formulier:
    return lees_formulier_tekst(KETEN, "keten.md")


def test_pages_of_groups_and_runs(proef: Formulier) -> None:
    pages = engine.paginas(proef)
    assert [page.index for page in pages] == [0, 1]
    first, second = pages
    assert first.groep is not None and first.groep.name == "persoon"
    assert first.titel == {"nl": "Over u", "en": "About you"}
    kop = first.items[2]
    assert isinstance(kop, Kop) and kop.groep.name == "kind" and kop.diepte == 1
    assert [v.name for v in first.vragen] == ["leeftijd", "kinderen", "aantal"]
    assert second.groep is None
    assert second.titel == {"nl": "Proef"}
    # the calculation is not shown; the note is
    assert [v.name for v in second.vragen] == [
        "hobbys",
        "favoriet",
        "lengte",
        "datum",
        "telefoon",
        "naam",
        "uitleg",
    ]


def test_runs_between_groups_become_pages() -> None:
    text = (
        "| survey |\n| | type | name | label | calculation |\n| | text | a | A | |\n| | text | b | B | |\n"
        "| | begin group | g | G |\n| | text | c | C |\n| | end group | | |\n"
        "| | text | d | D |\n"
    )
    form = lees_formulier_tekst(text, "f.md")
    shape = [
        ([v.name for v in p.vragen], p.groep.name if p.groep else None)
        for p in engine.paginas(form)
    ]
    assert shape == [(["a", "b"], None), (["c"], "g"), (["d"], None)]


@pytest.mark.parametrize(
    ("name", "raw", "waarde"),
    [
        ("leeftijd", "42", 42),
        ("leeftijd", " -3 ", -3),
        ("leeftijd", "12.0", 12),
        ("lengte", "1,75", 1.75),
        ("lengte", "1.75", 1.75),
        ("lengte", "2", 2.0),
        ("datum", "2026-03-01", "2026-03-01"),
        ("datum", "1-3-2026", "2026-03-01"),
        ("datum", "01/03/2026", "2026-03-01"),
        ("datum", "2026-03-01T00:00:00", "2026-03-01"),
        ("kinderen", "ja", "ja"),
        ("hobbys", "sport lezen sport", ["sport", "lezen"]),
        ("telefoon", "06-12345678", "06-12345678"),
        ("telefoon", "+31 6 1234 5678", "+31 6 1234 5678"),
        ("naam", "  Ada ", "Ada"),
        ("naam", "", None),
        ("uitleg", "iets", None),
        ("dubbel", "84", "84"),
    ],
)
def test_lees_waarde(proef: Formulier, name: str, raw: str, waarde: object) -> None:
    assert lees_waarde(proef.vraag(name), raw, proef) == waarde


def test_lees_waarde_select_multiple_from_a_list(proef: Formulier) -> None:
    vraag = proef.vraag("hobbys")
    assert lees_waarde(vraag, ["lezen", "muziek"], proef) == ["lezen", "muziek"]
    assert lees_waarde(vraag, [], proef) is None


@pytest.mark.parametrize(
    ("name", "raw", "nl", "en"),
    [
        ("leeftijd", "12,5", "'12,5' is geen geheel getal", "'12,5' is not a whole number"),
        ("leeftijd", "twaalf", "'twaalf' is geen geheel getal", "not a whole number"),
        ("lengte", "1,7,5", "'1,7,5' is geen getal", "'1,7,5' is not a number"),
        ("datum", "31-02-2026", "'31-02-2026' is geen geldige datum", "dd-mm-yyyy"),
        ("datum", "maart", "dd-mm-jjjj", "'maart' is not a valid date"),
        ("kinderen", "misschien", "geldig zijn: ja, nee", "valid are: ja, nee"),
        ("hobbys", "lezen dansen", "'dansen' is geen keuze", "'dansen' is not a choice"),
        ("telefoon", "123", "'123' is geen telefoonnummer", "8 to 15 digits"),
        ("telefoon", "06-abcdefgh", "geen telefoonnummer", "not a phone number"),
    ],
)
def test_lees_waarde_refuses_with_dutch_and_english(
    proef: Formulier, name: str, raw: str, nl: str, en: str
) -> None:
    with pytest.raises(AntwoordError) as caught:
        lees_waarde(proef.vraag(name), raw, proef)
    fout = caught.value
    assert isinstance(fout, ValueError)
    assert (fout.vraag, fout.waarde) == (name, raw.split()[-1] if name == "hobbys" else raw)
    assert nl in fout.bericht("nl") and nl in str(fout)
    assert en in fout.bericht("en")


def test_toestand_relevance_calculation_required_and_choices(proef: Formulier) -> None:
    leeg = engine.toestand(proef, {}, nu=NU)
    assert "kinderen" not in leeg.relevant  # ${leeftijd} >= 18 is false for an empty answer
    assert "kind" not in leeg.relevant and "aantal" not in leeg.relevant
    assert leeg.verplicht == {"leeftijd"}
    assert leeg.berekend == {"dubbel": ""}
    assert [k.name for k in leeg.keuzes["favoriet"]] == []
    staat = engine.toestand(
        proef, {"leeftijd": 40, "kinderen": "ja", "hobbys": ["sport", "muziek"]}, nu=NU
    )
    assert {"kinderen", "kind", "aantal"} <= staat.relevant
    assert staat.berekend == {"dubbel": "80"}
    assert [k.name for k in staat.keuzes["favoriet"]] == ["sport", "muziek"]
    assert [k.name for k in staat.keuzes["hobbys"]] == ["lezen", "sport", "muziek"]


def test_group_relevance_applies_to_its_children(keten: Formulier) -> None:
    staat = engine.toestand(keten, {"werk": "nee", "uren": 40})
    assert "twee" not in staat.relevant and "uren" not in staat.relevant
    # uren is not relevant, so its value is not seen further on: the chain stops
    assert "taak" not in staat.relevant
    assert staat.berekend == {"voltijd": "nee"}
    assert "toelichting" not in staat.relevant


def test_relevance_chain_across_pages_clears_answers(keten: Formulier) -> None:
    answers: engine.Antwoorden = {}
    uitslag = engine.controleer_pagina(keten, 0, {"werk": ["ja"]}, answers, "nl")
    assert uitslag.fouten == {} and uitslag.antwoorden == {"werk": "ja"}
    assert engine.volgende_pagina(keten, 0, uitslag.antwoorden) == 1
    uitslag = engine.controleer_pagina(keten, 1, {"uren": ["40"]}, uitslag.antwoorden, "nl")
    assert uitslag.antwoorden == {"werk": "ja", "uren": 40}
    uitslag = engine.controleer_pagina(keten, 2, {"taak": ["plannen"]}, uitslag.antwoorden, "nl")
    answers = {**uitslag.antwoorden, "toelichting": "omdat"}
    assert engine.schoon(keten, answers) == {
        "werk": "ja",
        "uren": 40,
        "taak": "plannen",
        "voltijd": "ja",
        "toelichting": "omdat",
    }
    # back on page 0: "nee" makes page 1 irrelevant, and everything that hung on it goes
    uitslag = engine.controleer_pagina(keten, 0, {"werk": ["nee"]}, answers, "nl")
    assert uitslag.antwoorden == {"werk": "nee"}
    assert engine.volgende_pagina(keten, 0, uitslag.antwoorden) is None
    assert engine.vorige_pagina(keten, 3, uitslag.antwoorden) == 0
    assert engine.vorige_pagina(keten, 0, uitslag.antwoorden) is None
    ja: engine.Antwoorden = {"werk": "ja", "uren": 40}
    assert [engine.volgende_pagina(keten, i, ja) for i in range(4)] == [1, 2, 3, None]


def test_page_skipping_needs_a_relevant_question(keten: Formulier) -> None:
    # page 2 (group drie) has only conditional items, page 3 one that needs voltijd
    answers: engine.Antwoorden = {"werk": "ja", "uren": 10}
    assert engine.volgende_pagina(keten, 1, answers) is None
    assert engine.volgende_pagina(keten, 1, {"werk": "ja", "uren": 25}) == 2
    assert engine.volgende_pagina(keten, 2, {"werk": "ja", "uren": 25}) is None


def test_required_messages_default_in_both_languages(keten: Formulier) -> None:
    nl = engine.controleer_pagina(keten, 0, {}, {}, "nl")
    assert nl.fouten == {"werk": "Deze vraag is verplicht."}
    en = engine.controleer_pagina(keten, 0, {"werk": [""]}, {}, "en")
    assert en.fouten == {"werk": "This question is required."}


def test_constraint_default_message_and_type_error(keten: Formulier) -> None:
    answers: engine.Antwoorden = {"werk": "ja"}
    uitslag = engine.controleer_pagina(keten, 1, {"uren": ["90"]}, answers, "nl")
    assert uitslag.fouten == {"uren": "Dit antwoord is niet geldig."}
    assert uitslag.antwoorden == {"werk": "ja", "uren": 90}
    uitslag = engine.controleer_pagina(keten, 1, {"uren": ["veel"]}, answers, "en")
    assert uitslag.fouten["uren"].startswith("'veel' is not a whole number")
    assert "uren" not in uitslag.antwoorden


def test_form_messages_in_both_languages(proef: Formulier) -> None:
    nl = engine.controleer_pagina(proef, 0, {"leeftijd": [""]}, {}, "nl")
    assert nl.fouten == {"leeftijd": "Vul uw leeftijd in."}
    en = engine.controleer_pagina(proef, 0, {"leeftijd": ["200"]}, {}, "en")
    assert en.fouten == {"leeftijd": "Between 0 and 130."}
    nl = engine.controleer_pagina(proef, 0, {"leeftijd": ["200"]}, {}, "nl")
    assert nl.fouten == {"leeftijd": "Tussen 0 en 130."}


def test_changed_flag_when_questions_appear_on_the_page(proef: Formulier) -> None:
    uitslag = engine.controleer_pagina(proef, 0, {"leeftijd": ["40"]}, {}, "nl")
    assert uitslag.gewijzigd  # kinderen appeared
    assert uitslag.fouten == {}
    # kinderen = ja makes the nested group appear; its question was not shown, so no error yet
    uitslag = engine.controleer_pagina(
        proef, 0, {"leeftijd": ["40"], "kinderen": ["ja"]}, uitslag.antwoorden, "nl"
    )
    assert uitslag.gewijzigd
    assert "aantal" in uitslag.toestand.relevant
    uitslag = engine.controleer_pagina(
        proef,
        0,
        {"leeftijd": ["40"], "kinderen": ["ja"], "aantal": ["2"]},
        uitslag.antwoorden,
        "nl",
    )
    assert not uitslag.gewijzigd
    assert uitslag.antwoorden == {"leeftijd": 40, "kinderen": "ja", "aantal": 2}


def test_select_multiple_missing_means_empty_and_constraint(proef: Formulier) -> None:
    answers: engine.Antwoorden = {"hobbys": ["lezen"], "favoriet": "lezen"}
    uitslag = engine.controleer_pagina(proef, 1, {}, answers, "nl", nu=NU)
    assert "hobbys" not in uitslag.antwoorden
    assert "favoriet" not in uitslag.antwoorden  # not posted: emptied
    uitslag = engine.controleer_pagina(
        proef, 1, {"hobbys": ["lezen", "sport", "muziek"]}, {}, "nl", nu=NU
    )
    assert uitslag.fouten == {"hobbys": "Dit antwoord is niet geldig."}  # count-selected(.) <= 2


def test_choice_filter_refuses_a_choice_not_offered(proef: Formulier) -> None:
    uitslag = engine.controleer_pagina(
        proef, 1, {"hobbys": ["lezen"], "favoriet": ["sport"]}, {}, "en", nu=NU
    )
    assert uitslag.fouten == {"favoriet": "'sport' cannot be chosen here; valid now are: lezen."}


def test_date_constraint_uses_injected_today(proef: Formulier) -> None:
    future = engine.controleer_pagina(proef, 1, {"datum": ["15-03-2026"]}, {}, "nl", nu=NU)
    assert future.fouten == {"datum": "Dit antwoord is niet geldig."}
    today = engine.controleer_pagina(proef, 1, {"datum": ["14-03-2026"]}, {}, "nl", nu=NU)
    assert today.fouten == {} and today.antwoorden == {"datum": "2026-03-14"}


def test_choice_filter_cascade() -> None:
    form = lees_formulier(XLSFORM / "keuzefilter.xlsx")
    staat = engine.toestand(form, {"provincie": "limburg"})
    assert [k.name for k in staat.keuzes["gemeente"]] == ["bergen", "venlo"]
    assert staat.keuzes["wijk"] == []
    staat = engine.toestand(form, {"provincie": "noord_holland", "gemeente": "bergen"})
    assert [k.name for k in staat.keuzes["gemeente"]] == ["bergen", "alkmaar"]
    assert [k.name for k in staat.keuzes["wijk"]] == ["schoorl", "egmond", "well", "afferden"]
    fouten = engine.controleer_alles(form, {"provincie": "limburg", "gemeente": "alkmaar"}, "nl")
    assert fouten == {
        "gemeente": "'alkmaar' kan hier niet gekozen worden; geldig zijn nu: bergen, venlo."
    }


def test_or_other() -> None:
    form = lees_formulier(XLSFORM / "anders.xlsx")
    staat = engine.toestand(form, {"vervoer": "fiets"})
    assert "vervoer_other" not in staat.relevant
    staat = engine.toestand(form, {"vervoer": "other"})
    assert "vervoer_other" in staat.relevant
    assert engine.schoon(form, {"vervoer": "fiets", "vervoer_other": "x"}) == {"vervoer": "fiets"}
    assert engine.schoon(form, {"vervoer": "other", "vervoer_other": "x"}) == {
        "vervoer": "other",
        "vervoer_other": "x",
    }


def test_group_form_pages() -> None:
    form = lees_formulier(XLSFORM / "groepen.md")
    pages = engine.paginas(form)
    assert [[v.name for v in p.vragen] for p in pages] == [
        ["initiatief"],
        ["telefoon", "leeftijd"],
        ["actief", "rol"],
    ]
    assert [type(item).__name__ for item in pages[2].items] == ["Vraag", "Kop", "Vraag"]
    uitslag = engine.controleer_pagina(form, 1, {"telefoon": ["nee"], "leeftijd": ["50"]}, {}, "en")
    assert uitslag.fouten["telefoon"].startswith("'nee' is not a phone number")


@pytest.mark.parametrize(
    ("taal", "verwacht"),
    [
        (
            "nl",
            {
                "activiteit": "Hooguit 40 tekens.",
                "deelnemers": "Tussen 1 en 500.",
                "vrijwilligers": "Niet meer dan het aantal deelnemers.",
            },
        ),
        (
            "en",
            {
                "activiteit": "At most 40 characters.",
                "deelnemers": "Between 1 and 500.",
                "vrijwilligers": "No more than the number of participants.",
            },
        ),
    ],
)
def test_constraint_messages_from_the_form(taal: str, verwacht: dict[str, str]) -> None:
    form = lees_formulier(XLSFORM / "tekst_en_getal.xls")
    fout: dict[str, str | int] = {"activiteit": "x" * 41, "deelnemers": 0, "vrijwilligers": 3}
    assert engine.controleer_alles(form, fout, taal) == verwacht
    goed: dict[str, str | int] = {"activiteit": "x" * 40, "deelnemers": 12, "vrijwilligers": 12}
    assert engine.controleer_alles(form, goed, taal) == {}


def test_controleer_alles_for_imports(keten: Formulier) -> None:
    assert engine.controleer_alles(keten, {}, "nl") == {"werk": "Deze vraag is verplicht."}
    fouten = engine.controleer_alles(keten, {"werk": "ja", "uren": "veel"}, "en")
    assert fouten == {
        "uren": "'veel' is not a whole number; enter a number without decimals, for example 12."
    }
    assert engine.controleer_alles(keten, {"werk": "ja"}, "nl") == {
        "uren": "Deze vraag is verplicht."
    }
    assert engine.controleer_alles(keten, {"werk": "ja", "uren": 100}, "nl") == {
        "uren": "Dit antwoord is niet geldig."
    }
    assert engine.controleer_alles(keten, {"werk": ["nee"]}, "nl") == {"werk": "kies één antwoord."}
    assert engine.controleer_alles(keten, {"werk": "nee", "uren": "veel"}, "nl") == {}


def test_controleer_alles_types(proef: Formulier) -> None:
    good: engine.Antwoorden = {
        "leeftijd": 40,
        "lengte": 2,
        "datum": "2026-01-01",
        "telefoon": "0612345678",
        "hobbys": ["lezen"],
    }
    assert engine.controleer_alles(proef, good, "nl", nu=NU) == {}
    bad: engine.Antwoorden = {"leeftijd": 40, "datum": "1-1-2026", "hobbys": ["dansen"]}
    fouten = engine.controleer_alles(proef, bad, "nl", nu=NU)
    assert set(fouten) == {"datum", "hobbys"}
    assert "verwacht '2026-01-01'" in fouten["datum"]
    fouten = engine.controleer_alles(proef, {"leeftijd": "40", "lengte": 2.5}, "en", nu=NU)
    assert fouten == {"leeftijd": "'40' is not stored as it should be (expected 40)."}


def test_schoon_drops_notes_and_irrelevant_and_fills_calculations(proef: Formulier) -> None:
    answers: engine.Antwoorden = {
        "leeftijd": 12,
        "kinderen": "ja",
        "aantal": 3,
        "uitleg": "x",
        "naam": "",
        "hobbys": [],
    }
    assert engine.schoon(proef, answers) == {"leeftijd": 12, "dubbel": "24"}


def test_forward_references_are_resolved() -> None:
    text = (
        "| survey |\n| | type | name | label | relevant | calculation |\n"
        "| | text | vooraf | V | ${som} > 3 | |\n"
        "| | integer | a | A | | |\n"
        "| | calculate | som | | | ${a} + 1 |\n"
    )
    form = lees_formulier_tekst(text, "f.md")
    assert "vooraf" in engine.toestand(form, {"a": 5}).relevant
    assert "vooraf" not in engine.toestand(form, {"a": 1}).relevant


def test_random_answers_never_keep_irrelevant_values(keten: Formulier) -> None:
    rng = random.Random(4)
    for _ in range(200):
        answers: engine.Antwoorden = {}
        if rng.random() < 0.8:
            answers["werk"] = rng.choice(["ja", "nee"])
        if rng.random() < 0.8:
            answers["uren"] = rng.randint(-5, 100)
        if rng.random() < 0.5:
            answers["taak"] = "t"
        if rng.random() < 0.5:
            answers["toelichting"] = "w"
        stored = engine.schoon(keten, answers)
        staat = engine.toestand(keten, stored)
        assert set(stored) <= staat.relevant
        assert engine.schoon(keten, stored) == stored
        if answers.get("werk") != "ja":
            assert "uren" not in stored and "taak" not in stored


def test_beginwaarden_are_the_parsed_defaults(proef: Formulier) -> None:
    assert engine.beginwaarden(proef) == {"kinderen": "nee"}
    text = (
        "| survey |\n| | type | name | label | default | readonly |\n"
        "| | integer | a | A | 5 | |\n| | decimal | b | B | 2,5 | |\n"
        "| | date | c | C | 2026-01-31 | |\n| | text | d | D | vast | yes |\n"
    )
    form = lees_formulier_tekst(text, "f.md")
    start = engine.beginwaarden(form)
    assert start == {"a": 5, "b": 2.5, "c": "2026-01-31", "d": "vast"}
    # a read-only question is not posted, so its start value stays
    uitslag = engine.controleer_pagina(form, 0, {"a": ["6"], "b": [""], "c": [""]}, start, "nl")
    assert uitslag.antwoorden == {"a": 6, "d": "vast"}
    assert engine.schoon(form, uitslag.antwoorden) == {"a": 6, "d": "vast"}


def test_state_is_computed_per_moment() -> None:
    text = "| survey |\n| | type | name | label | relevant |\n| | date | d | D | |\n"
    text += "| | text | t | T | ${d} = today() |\n"
    form = lees_formulier_tekst(text, "f.md")
    answers: engine.Antwoorden = {"d": "2026-03-14"}
    assert "t" in engine.toestand(form, answers, nu=NU).relevant
    assert "t" not in engine.toestand(form, answers, nu=datetime(2026, 3, 15, tzinfo=UTC)).relevant
    assert "t" in engine.toestand(form, answers, nu=NU).relevant


def test_or_other_syntax() -> None:
    text = (
        "| survey |\n| | type | name | label |\n| | select_one x or_other | a | A |\n"
        "| choices |\n| | list_name | name | label |\n| | x | p | P |\n"
    )
    form = lees_formulier_tekst(text, "f.md")
    assert [k.name for k in form.keuzes(form.vraag("a"))] == ["p", "other"]
    uitslag = engine.controleer_pagina(form, 0, {"a": ["other"]}, {}, "nl")
    assert uitslag.gewijzigd and "a_other" in uitslag.toestand.relevant


def test_a_question_shown_by_the_script_and_posted_is_kept(proef: Formulier) -> None:
    posted = {"leeftijd": ["40"], "kinderen": ["ja"], "aantal": ["2"]}
    uitslag = engine.controleer_pagina(proef, 0, posted, {}, "nl")
    assert uitslag.antwoorden == {"leeftijd": 40, "kinderen": "ja", "aantal": 2}
    assert uitslag.fouten == {}
    # posted but not relevant after all: dropped, no message
    uitslag = engine.controleer_pagina(proef, 0, {"leeftijd": ["12"], "kinderen": ["ja"]}, {}, "nl")
    assert uitslag.antwoorden == {"leeftijd": 12}
    assert uitslag.fouten == {}
    # posted with an error while it appeared: the message is given
    posted = {"leeftijd": ["40"], "kinderen": ["ja"], "aantal": ["twee"]}
    uitslag = engine.controleer_pagina(proef, 0, posted, {}, "en")
    assert uitslag.fouten == {
        "aantal": "'twee' is not a whole number; enter a number without decimals, for example 12."
    }


def test_remembered_checks_tell_stored_types_apart(keten: Formulier) -> None:
    # the whole-form check is remembered per canonical JSON: 36 and "36" are different answers
    assert engine.controleer_alles(keten, {"werk": "ja", "uren": 36}, "nl") == {}
    fouten = engine.controleer_alles(keten, {"werk": "ja", "uren": "36"}, "en")
    assert fouten == {"uren": "'36' is not stored as it should be (expected 36)."}
    assert engine.controleer_alles(keten, {"werk": "ja", "uren": 36.0}, "nl") != {}
    # and per language: the same answers asked again in Dutch give the Dutch message
    fouten = engine.controleer_alles(keten, {"werk": "ja", "uren": "36"}, "nl")
    assert fouten == {"uren": "'36' is niet opgeslagen zoals het hoort (verwacht 36)."}


def test_remembered_results_are_not_shared_with_callers(proef: Formulier) -> None:
    answers: engine.Antwoorden = {"leeftijd": 40, "hobbys": ["lezen"]}
    eerste = engine.schoon(proef, answers)
    eerste_lijst = eerste["hobbys"]
    assert isinstance(eerste_lijst, list)
    eerste_lijst.append("sport")  # a caller changing what it got ...
    eerste["leeftijd"] = 41
    hobbys = answers["hobbys"]
    assert isinstance(hobbys, list)
    hobbys.append("koken")  # ... or the answers it passed in
    # ... changes nothing for the next caller with the answers as they were
    assert engine.schoon(proef, {"leeftijd": 40, "hobbys": ["lezen"]}) == {
        "leeftijd": 40,
        "hobbys": ["lezen"],
        "dubbel": "80",
    }
    fouten = engine.controleer_alles(proef, {"leeftijd": "x"}, "nl", nu=NU)
    fouten.clear()
    assert engine.controleer_alles(proef, {"leeftijd": "x"}, "nl", nu=NU) != {}


def test_remembered_checks_follow_the_clock() -> None:
    text = "| survey |\n| | type | name | label | constraint | required |\n"
    text += "| | date | d | D | . <= today() | yes |\n"
    form = lees_formulier_tekst(text, "klok.md")
    answers: engine.Antwoorden = {"d": "2026-03-14"}
    assert engine.controleer_alles(form, answers, "nl", nu=NU) == {}
    earlier = datetime(2026, 3, 13, 12, 0, tzinfo=UTC)
    assert set(engine.controleer_alles(form, answers, "nl", nu=earlier)) == {"d"}
    assert engine.controleer_alles(form, answers, "nl", nu=NU) == {}


def test_answers_json_cannot_hold_are_checked_without_remembering(keten: Formulier) -> None:
    odd = {"werk": "ja", "uren": object()}
    assert set(engine.controleer_alles(keten, odd, "nl")) == {"uren"}  # type: ignore[arg-type]


def test_long_answers_are_checked_but_not_remembered(proef: Formulier) -> None:
    from makelaar.forms.engine import controle

    kort = {"naam": "Fatima"}
    lang = {"naam": "x" * (controle.ONTHOUDEN_TOT_TEKENS + 1)}
    engine.controleer_alles(proef, kort, "nl")
    voor = len(controle._UITSLAGEN)
    assert engine.controleer_alles(proef, kort, "nl") == engine.controleer_alles(proef, kort, "nl")
    fouten = engine.controleer_alles(proef, lang, "nl")
    assert engine.controleer_alles(proef, lang, "nl") == fouten
    assert len(controle._UITSLAGEN) == voor  # the long answers took no place
