"""XForm XPath on elementpath: XPath 1.0 comparisons as ODK does them, and the XForm functions."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import pytest
from elementpath import XPath1Parser
from elementpath.exceptions import ElementPathError

from makelaar.forms.xpath import Instantie, XPathError, compileer, getal, tekst

NU = datetime(2026, 3, 14, 9, 26, 53, tzinfo=UTC)
PATHS = ["/data/g", "/data/g/q", "/data/g/leeg", "/data/g/keuzes", "/data/datum", "/data/tekst"]


@pytest.fixture
def inst() -> Instantie:
    instantie = Instantie("data", PATHS, nu=NU)
    instantie.zet("/data/g/q", "7")
    instantie.zet("/data/g/keuzes", "a b c")
    instantie.zet("/data/datum", "2026-03-10")
    instantie.zet("/data/tekst", "Hallo wereld")
    return instantie


@pytest.mark.parametrize(
    ("expressie", "verwacht"),
    [
        (". > 5", True),
        (". < 5", False),
        (". = 7", True),
        (". = '7'", True),
        (". != 7", False),
        (". >= 7 and . <= 7", True),
        ("../leeg > 5", False),
        ("../leeg < 5", False),
        ("../leeg = ''", True),
        ("../leeg != ''", False),
        ("../leeg = 0", False),
        ("/data/datum < today()", True),
        ("/data/datum > '2026-03-11'", False),
        ("/data/datum = '2026-03-10'", True),
        ("true() = 'x'", True),
        ("/data/g/q = /data/g/q", True),
        ("/data/nope = ''", False),
        (". = 7.0", True),
        ("2.5 = 2.50", True),
        (". > 6.5", True),
        ("not(0.0)", True),
    ],
)
def test_comparisons_follow_xpath_1(inst: Instantie, expressie: str, verwacht: bool) -> None:
    assert inst.waar(expressie, "/data/g/q") is verwacht


@pytest.mark.parametrize(
    ("expressie", "verwacht"),
    [
        ("selected(/data/g/keuzes, 'b')", True),
        ("selected(/data/g/keuzes, ' c ')", True),
        ("selected(/data/g/keuzes, 'd')", False),
        ("selected(../leeg, 'a')", False),
        ("count-selected(/data/g/keuzes)", 3.0),
        ("count-selected(../leeg)", 0.0),
        ("selected-at(/data/g/keuzes, 0)", "a"),
        ("selected-at(/data/g/keuzes, 2)", "c"),
        ("selected-at(/data/g/keuzes, 3)", ""),
        ("if(. > 5, 'groot', 'klein')", "groot"),
        ("if(../leeg = '', 1, 2)", 1.0),
        ("coalesce(../leeg, 'x')", "x"),
        ("coalesce(., 'x')", "7"),
        ("string-length(/data/tekst)", 12.0),
        ("string-length(.)", 1.0),
        ("concat('a', ., 'b', 1)", "a7b1"),
        ("not(. > 5)", False),
        ("boolean-from-string('true')", True),
        ("boolean-from-string('1')", True),
        ("boolean-from-string('yes')", False),
        ("number('3.5')", 3.5),
        ("int(-3.7)", -3.0),
        ("int(3.7)", 3.0),
        ("round(2.5)", 3.0),
        ("round(2.345, 2)", 2.35),
        ("round(-2.5)", -2.0),
        ("sum(/data/g/q)", 7.0),
        ("count(/data/g/*)", 3.0),
        ("regex(/data/tekst, '^Hallo')", True),
        ("regex(., '^[0-9]{2}$')", False),
        ("today()", "2026-03-14"),
        ("now()", "2026-03-14T09:26:53.000+00:00"),
        ("today() - /data/datum", 4.0),
        ("date('2026-01-02')", "2026-01-02"),
        ("date(1)", "1970-01-02"),
        ("contains(/data/tekst, 'lo w')", True),
        ("starts-with(/data/tekst, 'Hal')", True),
        ("ends-with(/data/tekst, 'eld')", True),
        ("substring(/data/tekst, 1, 5)", "Hallo"),
        ("substr(/data/tekst, 6)", "wereld"),
        ("substring-before(/data/tekst, ' ')", "Hallo"),
        ("translate('abc', 'abc', 'ABC')", "ABC"),
        ("normalize-space('  a  b ')", "a b"),
        ("abs(-2)", 2.0),
        ("pow(2, 10)", 1024.0),
        ("min(3, 1, 2)", 1.0),
        ("max(3, 1, 2)", 3.0),
        ("join('-', 'a', 'b')", "a-b"),
        ("10 div 4", 2.5),
        ("7 mod 3", 1.0),
        (". * 2 + 1", 15.0),
        ("-.", -7.0),
        ("string(. * 2)", "14"),
        ("if(true(), 2.5, 1)", 2.5),
        ("format-date(/data/datum, '%e-%n-%Y %a %b')", "10-3-2026 di mrt"),
        ("format-date(/data/datum, '%d/%m/%y')", "10/03/26"),
        ("format-date-time(now(), '%H:%M:%S')", "09:26:53"),
        ("format-date(../leeg, '%Y')", ""),
        ("0.0", "0"),
    ],
)
def test_functions(inst: Instantie, expressie: str, verwacht: Any) -> None:
    value = inst.evalueer(expressie, "/data/g/q")
    if isinstance(verwacht, bool):
        assert value is verwacht
    else:
        assert tekst(value) == tekst(verwacht)


def test_empty_answers_are_nan_in_arithmetic(inst: Instantie) -> None:
    assert math.isnan(inst.evalueer("number(../leeg)", "/data/g/q"))
    assert math.isnan(inst.evalueer("../leeg + 1", "/data/g/q"))
    assert inst.tekst("../leeg + 1", "/data/g/q") == "NaN"
    assert math.isnan(inst.evalueer("1 div 0 - 1 div 0"))


def test_today_and_now_without_injection_use_the_clock() -> None:
    instantie = Instantie("data", ["/data/a"])
    assert instantie.tekst("today()") == datetime.now().astimezone().date().isoformat()


def test_changing_a_value_is_seen_by_the_next_evaluation(inst: Instantie) -> None:
    assert inst.waar(". > 5", "/data/g/q")
    inst.zet("/data/g/q", "3")
    assert not inst.waar(". > 5", "/data/g/q")
    assert inst.lees("/data/g/q") == "3"
    inst.zet("/data/g/q", "")
    assert inst.lees("/data/g/q") == ""


def test_expressions_are_compiled_once() -> None:
    assert compileer(". > 5") is compileer(". > 5")
    assert compileer("/data/a + ../b").namen >= {"data", "a", "b"}


@pytest.mark.parametrize(
    ("expressie", "reden"),
    [
        (". >", "unexpected end"),
        ("pulldata('a', 'b')", "onbekende functie pulldata()"),
        ("foo(1)", "onbekende functie foo()"),
        ("selected(.)", "argument"),
        ("'open", ""),
    ],
)
def test_bad_expressions_raise_xpathfout(expressie: str, reden: str) -> None:
    with pytest.raises(XPathError) as caught:
        compileer(expressie)
    assert caught.value.expressie == expressie
    assert reden in caught.value.reden
    assert str(caught.value).startswith(f"XPath-expressie {expressie!r}")


def test_bad_regex_raises_xpathfout(inst: Instantie) -> None:
    with pytest.raises(XPathError):
        inst.evalueer("regex(., '(')", "/data/g/q")


def test_elementpath_base_parser_is_left_alone() -> None:
    with pytest.raises(ElementPathError):
        XPath1Parser().parse("'' > 5").evaluate()
    with pytest.raises(ElementPathError):
        XPath1Parser().parse("selected('a b', 'a')")


@pytest.mark.parametrize(
    ("value", "number"),
    [("3", 3.0), (" 2.5 ", 2.5), ("", math.nan), ("abc", math.nan), (True, 1.0), (4, 4.0)],
)
def test_getal(value: object, number: float) -> None:
    result = getal(value)
    assert (math.isnan(result) and math.isnan(number)) or result == number


@pytest.mark.parametrize(
    ("value", "text"),
    [(2.0, "2"), (2.5, "2.5"), (math.nan, "NaN"), (True, "true"), (None, ""), ([], "")],
)
def test_tekst(value: object, text: str) -> None:
    assert tekst(value) == text
