"""Scoring of the shipped instruments: the De Jong Gierveld 6-item scale by its manual, and the means."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from makelaar.forms.scoring import (
    RULES_DIR,
    ScaleScore,
    Waarde,
    rules_for,
    score_rules,
    score_scale,
    scores,
    scores_json,
)
from makelaar.forms.scoringsregels import Schaal, load_rules
from makelaar.models.errors import ImportFileError

# The six items in the Manual's order (its 11-item numbering: 3, 4, 7, 9, 8, 10).
DJG = [
    "djg_leegte",
    "djg_narigheid",
    "djg_vertrouwen",
    "djg_mis_mensen",
    "djg_verbonden",
    "djg_in_de_steek",
]
EMOTIONEEL = ["djg_leegte", "djg_mis_mensen", "djg_in_de_steek"]  # lone3, lone9, lone10
SOCIAAL = ["djg_narigheid", "djg_vertrouwen", "djg_verbonden"]  # lone4, lone7, lone8
JA, MMM, NEE = "ja", "min_of_meer", "nee"


def djg(*answers: str | None) -> ScaleScore:
    """The djg6 score of the buurtmeter for the six answers in the Manual's order (None: missing)."""
    assert len(answers) == 6
    given = {name: answer for name, answer in zip(DJG, answers, strict=True) if answer is not None}
    return scores("buurtmeter", given)["djg6"]


# Hand-worked cases. The Manual gives no worked examples for the 6-item scale, so these are worked
# by hand from its rules (section 8, 'A short scale', SPSS syntax): emotional items (negatively
# worded) score 1 on 'ja' and 'min of meer'; social items (positively worded) score 1 on 'nee' and
# 'min of meer'; the total is the count; categories 0-1 / 2-4 / 5-6.
# (answers in the Manual's order, total, emotional, social, category)
HAND_WORKED = [
    pytest.param((NEE, JA, JA, NEE, JA, NEE), 0, 0, 0, "niet_eenzaam", id="not lonely at all"),
    pytest.param((MMM,) * 6, 6, 3, 3, "sterk_eenzaam", id="every answer neutral counts lonely"),
    pytest.param((JA,) * 6, 3, 3, 0, "matig_eenzaam", id="yes to all: only the emotional items"),
    pytest.param((NEE,) * 6, 3, 0, 3, "matig_eenzaam", id="no to all: only the social items"),
    pytest.param((JA, JA, JA, NEE, JA, NEE), 1, 1, 0, "niet_eenzaam", id="one emotional: 1"),
    pytest.param((NEE, MMM, JA, NEE, NEE, NEE), 2, 0, 2, "matig_eenzaam", id="two social: 2"),
    pytest.param((JA, NEE, NEE, JA, JA, MMM), 5, 3, 2, "sterk_eenzaam", id="boundary 5"),
    pytest.param((MMM, JA, MMM, JA, MMM, NEE), 4, 2, 2, "matig_eenzaam", id="boundary 4"),
]


@pytest.mark.parametrize(("answers", "total", "emotional", "social", "category"), HAND_WORKED)
def test_djg6_hand_worked_cases(
    answers: tuple[str, ...], total: int, emotional: int, social: int, category: str
) -> None:
    score = djg(*answers)
    assert score.scorable
    assert (score.total, score.category, score.missing) == (total, category, 0)
    assert score.items_used == DJG
    assert score.subscales["emotioneel"].total == emotional
    assert score.subscales["sociaal"].total == social
    assert score.subscales["emotioneel"].category == (
        "niet_eenzaam" if emotional == 0 else "eenzaam"
    )
    assert score.subscales["sociaal"].category == ("niet_eenzaam" if social == 0 else "eenzaam")


def test_djg6_one_missing_item_counts_the_other_five() -> None:
    """Manual of the Loneliness Scale, section 8, SPSS syntax for the 6-item scale:

    count mlones= lone3 lone9 lone10 lone4 lone7 lone8 (sys,lo thru -1).
    if (mlones>1)lones=-1.
    ... count mlones= lone4 lone7 lone8 (sys,lo thru -1). if (mlones>0)lonesocs=-1.

    So with one item missing the total is the count over the five answered items (not scaled up),
    and the subscale of the missing item has no score. Worked by hand: djg_verbonden (lone8,
    social) missing, the rest all lonely answers -> total 5, 'sterk_eenzaam'; emotional 3; social
    not scorable.
    """
    score = djg(JA, NEE, NEE, JA, None, JA)
    assert score.scorable
    assert (score.total, score.category, score.missing) == (5, "sterk_eenzaam", 1)
    assert "djg_verbonden" not in score.items_used
    assert score.subscales["emotioneel"].total == 3
    sociaal = score.subscales["sociaal"]
    assert not sociaal.scorable
    assert sociaal.total is None
    assert sociaal.missing == 1
    assert sociaal.reason is not None
    assert "hoogstens 0" in sociaal.reason["nl"]


def test_djg6_two_missing_items_give_no_score() -> None:
    """Manual, section 8: 'if (mlones>1)lones=-1' -- two missing items, no 6-item score."""
    score = djg(None, JA, JA, NEE, NEE, None)
    assert not score.scorable
    assert (score.total, score.category, score.missing) == (None, None, 2)
    assert score.reason is not None
    assert score.reason["nl"] == (
        "2 van de 6 items zonder bruikbaar antwoord; de regel staat er hoogstens 1 toe."
    )
    assert score.reason["en"].startswith("2 of the 6 items")
    assert not score.subscales["emotioneel"].scorable  # lone3 and lone10 missing
    assert score.subscales["sociaal"].total == 1  # all three social items answered


def test_djg6_no_answers_at_all() -> None:
    score = scores("buurtmeter", {})["djg6"]
    assert not score.scorable
    assert score.missing == 6
    assert score.items_used == []


def _spss_manual(codes: dict[str, int | None]) -> tuple[int, int, int, int]:
    """The Manual's SPSS syntax for the 6-item scale, line by line (section 8); -1 is missing.

    Codes as the syntax implies them: 1 = no, 2 = more or less, 3 = yes (the emotional items
    count codes 2 and 3, the social items codes 1 and 2). None is SPSS's system-missing.
    """

    def count(names: list[str], values: tuple[int, ...]) -> int:
        return sum(1 for name in names if codes[name] in values)

    def count_missing(names: list[str]) -> int:
        return sum(1 for name in names if codes[name] is None)

    lone3, lone9, lone10 = EMOTIONEEL
    lone4, lone7, lone8 = SOCIAAL
    # count lones= lone3 lone9 lone10 (2,3) lone4 lone7 lone8 (1,2).
    lones = count([lone3, lone9, lone10], (2, 3)) + count([lone4, lone7, lone8], (1, 2))
    # count mlones= lone3 lone9 lone10 lone4 lone7 lone8 (sys,lo thru -1). if (mlones>1)lones=-1.
    if count_missing([lone3, lone9, lone10, lone4, lone7, lone8]) > 1:
        lones = -1
    # count lonesocs= lone4 lone7 lone8 (1,2). ... if (mlones>0)lonesocs=-1.
    lonesocs = count([lone4, lone7, lone8], (1, 2))
    if count_missing([lone4, lone7, lone8]) > 0:
        lonesocs = -1
    # count loneemos= lone3 lone9 lone10 (2,3). ... if (mlones>0)loneemos=-1.
    loneemos = count([lone3, lone9, lone10], (2, 3))
    if count_missing([lone3, lone9, lone10]) > 0:
        loneemos = -1
    # recode lones (0 thru 1=0)(2 thru 4=1)(5,6=2) into lonescat.
    lonescat = -1 if lones == -1 else (0 if lones <= 1 else 1 if lones <= 4 else 2)
    return lones, lonesocs, loneemos, lonescat


CODE = {NEE: 1, MMM: 2, JA: 3, None: None}
CATEGORIE = {0: "niet_eenzaam", 1: "matig_eenzaam", 2: "sterk_eenzaam"}


def test_djg6_every_combination_matches_the_manuals_syntax() -> None:
    """All 4^6 combinations of ja / min of meer / nee / missing against the Manual's SPSS syntax.

    Also the properties: with every item answered, total = emotional + social; the category always
    follows from the total (0-1 niet, 2-4 matig, 5-6 sterk eenzaam).
    """
    for answers in itertools.product([JA, MMM, NEE, None], repeat=6):
        score = djg(*answers)
        codes = {name: CODE[a] for name, a in zip(DJG, answers, strict=True)}
        lones, lonesocs, loneemos, lonescat = _spss_manual(codes)
        emotional, social = score.subscales["emotioneel"], score.subscales["sociaal"]
        assert (score.total if score.scorable else -1) == lones, answers
        assert (social.total if social.scorable else -1) == lonesocs, answers
        assert (emotional.total if emotional.scorable else -1) == loneemos, answers
        assert score.category == (CATEGORIE[lonescat] if lonescat >= 0 else None), answers
        assert score.missing == answers.count(None)
        if None not in answers:
            assert emotional.total is not None and social.total is not None
            assert score.total == emotional.total + social.total
        if score.scorable:
            assert isinstance(score.total, int)
            assert 0 <= score.total <= 6 - score.missing


def test_djg6_rules_state_polarity_neutral_answer_and_source() -> None:
    rules = rules_for("buurtmeter")
    assert rules is not None
    (schaal,) = rules.schalen
    assert schaal.neutraal is not None
    assert (schaal.neutraal.antwoord, schaal.neutraal.telt_als) == (MMM, 1)
    polarity = {item.name: (item.polariteit, sorted(item.scoort_1)) for item in schaal.items}
    for name in EMOTIONEEL:
        assert polarity[name] == ("negatief", [JA, MMM])
    for name in SOCIAAL:
        assert polarity[name] == ("positief", [MMM, NEE])
    assert [item.handleiding_item for item in schaal.items] == [3, 4, 7, 9, 8, 10]
    assert [(c.code, c.van, c.tot) for c in schaal.categorieen] == [
        ("niet_eenzaam", 0, 1),
        ("matig_eenzaam", 2, 4),
        ("sterk_eenzaam", 5, 6),
    ]
    assert schaal.bron.soort == "gepubliceerd"
    refs = {(ref.jaar, ref.titel.split(".")[0]) for ref in schaal.bron.verwijzingen}
    assert (2006, "A 6-item scale for overall, emotional, and social loneliness") in refs
    assert (1999, "Manual of the Loneliness Scale") in refs
    assert "if (mlones>1)lones=-1" in schaal.ontbrekend_regel


@pytest.mark.parametrize(
    ("value", "expected"),
    [(" ja ", 3), ("", 2), ("   ", 2)],
    ids=["surrounding spaces are ignored", "empty text is missing", "blank text is missing"],
)
def test_djg6_answer_normalisation(value: str, expected: int) -> None:
    answers = {"djg_leegte": value, "djg_narigheid": NEE, "djg_vertrouwen": NEE}
    answers |= {"djg_mis_mensen": NEE, "djg_verbonden": JA, "djg_in_de_steek": NEE}
    score = scores("buurtmeter", answers)["djg6"]
    assert score.total == expected


@pytest.mark.parametrize(
    "bad", ["yes", ["ja"], True, 2.5], ids=["english", "list", "bool", "fraction"]
)
def test_an_answer_outside_the_scale_makes_it_not_scorable_and_says_which(bad: Waarde) -> None:
    answers: dict[str, Waarde] = {name: NEE for name in DJG}
    answers["djg_mis_mensen"] = bad
    score = scores("buurtmeter", answers)["djg6"]
    assert not score.scorable
    assert score.reason is not None
    assert f"djg_mis_mensen = {bad!r}" in score.reason["nl"]
    assert "geldig: ja, min_of_meer, nee" in score.reason["nl"]
    assert not score.subscales["emotioneel"].scorable
    assert not score.subscales["sociaal"].scorable
    assert score.subscales["sociaal"].reason == score.reason


def test_mean_scale_with_dont_know_as_missing() -> None:
    answers: dict[str, Waarde] = {
        "vertrouwen_afspraken": "4",
        "vertrouwen_informatie": 5,  # an integer from an import counts as the choice name "5"
        "vertrouwen_belang": "nvt",
        "vertrouwen_open": "3",
    }
    result = scores("partnerenquete", answers)
    vertrouwen = result["vertrouwen"]
    assert vertrouwen.scorable
    assert vertrouwen.total == pytest.approx(4.0)
    assert vertrouwen.missing == 1
    assert vertrouwen.items_used == [
        "vertrouwen_afspraken",
        "vertrouwen_informatie",
        "vertrouwen_open",
    ]
    assert vertrouwen.category is None  # no bands for makelaar's own means
    assert not result["waarde"].scorable  # page not answered
    assert result["waarde"].missing == 4


def test_mean_scale_two_missing_is_not_scorable() -> None:
    answers = {"steun_leidinggevende": "2", "steun_collegas": "nvt", "steun_gemeente": "5"}
    score = scores("reflectieformulier", answers)["ervaren_steun"]
    assert not score.scorable
    assert score.missing == 2
    answers["steun_tijd"] = "4"
    assert scores("reflectieformulier", answers)["ervaren_steun"].total == pytest.approx(11 / 3)


def test_mean_scale_reverses_negative_items() -> None:
    schaal = Schaal.model_validate(
        {
            "id": "proef",
            "titel": {"nl": "Proef", "en": "Trial"},
            "methode": "gemiddelde",
            "waarden": {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5},
            "items": [
                {"name": "a", "polariteit": "positief"},
                {"name": "b", "polariteit": "negatief"},
            ],
            "max_ontbrekend": 0,
            "ontbrekend_regel": "both items",
            "categorieen": [
                {"code": "laag", "van": 1, "tot": 2.5, "label": {"nl": "laag", "en": "low"}},
                {"code": "hoog", "van": 2.6, "tot": 5, "label": {"nl": "hoog", "en": "high"}},
            ],
            "bron": {"soort": "eigen", "waar": "this test"},
        }
    )
    score = score_scale(schaal, {"a": "5", "b": "2"})
    assert score.total == pytest.approx(4.5)  # (5 + (6 - 2)) / 2
    assert score.category == "hoog"


def test_forms_without_rules_and_odd_form_ids_score_nothing() -> None:
    assert scores("formulier_zonder_scoring", {"x": "1"}) == {}
    assert scores("../buurtmeter", {name: JA for name in DJG}) == {}
    assert rules_for("../../etc/passwd") is None


def test_scores_json_is_plain_json_for_the_responses_table() -> None:
    answers = {name: MMM for name in DJG}
    stored = scores_json("buurtmeter", answers)
    assert json.loads(json.dumps(stored)) == stored
    assert stored["djg6"]["total"] == 6
    assert stored["djg6"]["subscales"]["sociaal"]["category"] == "eenzaam"
    assert ScaleScore.model_validate(stored["djg6"]) == scores("buurtmeter", answers)["djg6"]


def test_every_shipped_rules_file_loads_and_names_its_source() -> None:
    files = sorted(RULES_DIR.glob("*.scoring.yaml"))
    assert [f.name for f in files] == [
        "buurtmeter.scoring.yaml",
        "partnerenquete.scoring.yaml",
        "reflectieformulier.scoring.yaml",
    ]
    for path in files:
        rules = load_rules(path)
        for schaal in rules.schalen:
            assert schaal.bron.waar.strip()
            assert schaal.ontbrekend_regel.strip()
            if schaal.bron.soort == "eigen":
                assert "makelaar's own" in schaal.bron.waar
        assert score_rules(rules, {}).keys() == {s.id for s in rules.schalen}


# --- bad rules files: the error names the file, the field and the bad value -------------------

GOOD = (RULES_DIR / "reflectieformulier.scoring.yaml").read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "reflectieformulier.scoring.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "form_id: x\nschalen: [\n  - {id: a\n")
    with pytest.raises(ImportFileError) as err:
        load_rules(path)
    assert err.value.file == str(path)
    assert err.value.row is not None
    assert "geen geldige YAML" in str(err.value)


def test_rules_that_are_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="een mapping zijn met form_id en schalen"):
        load_rules(_write(tmp_path, "- just\n- a list\n"))


def test_unknown_field_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("max_ontbrekend: 1", "max_ontbrekend: 1\n    maximum: 3"))
    with pytest.raises(ImportFileError) as err:
        load_rules(path)
    assert err.value.column == "schalen.0.maximum"
    assert err.value.value == 3


def test_form_id_must_match_the_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD, name="partnerenquete.scoring.yaml")
    with pytest.raises(ImportFileError) as err:
        load_rules(path)
    assert err.value.column == "form_id"
    assert "'reflectieformulier' hoort bij een ander bestand" in str(err.value)


def test_missing_rule_must_leave_an_item(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("max_ontbrekend: 1", "max_ontbrekend: 4"))
    with pytest.raises(ImportFileError, match="max_ontbrekend 4 moet kleiner zijn dan het aantal"):
        load_rules(path)


DJG_YAML = (RULES_DIR / "buurtmeter.scoring.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "scoort_1: [nee, min_of_meer]",
            "scoort_1: [nee, misschien]",
            "scoort_1 ['nee', 'misschien']",
        ),
        ("scoort_1: [ja, min_of_meer]", "scoort_1: [ja]", "het neutrale antwoord telt als 1"),
        ("van: 5\n", "van: 6\n", "zonder gaten dekken"),
        ("subschaal: sociaal\n", "subschaal: socaal\n", "subschaal 'socaal' bestaat niet"),
        ("antwoord: min_of_meer", "antwoord: neutraal", "neutraal antwoord 'neutraal'"),
        (
            "- name: djg_vertrouwen",
            "- name: djg_narigheid",
            "items komen dubbel voor: djg_narigheid",
        ),
    ],
    ids=[
        "unknown answer",
        "neutral inconsistent",
        "category gap",
        "unknown subscale",
        "unknown neutral answer",
        "duplicate item",
    ],
)
def test_inconsistent_djg_rules_are_refused(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in DJG_YAML
    path = _write(tmp_path, DJG_YAML.replace(old, new, 1), name="buurtmeter.scoring.yaml")
    with pytest.raises(ImportFileError) as err:
        load_rules(path)
    assert message in str(err.value)
    assert err.value.file == str(path)
