"""The time estimate of letters and mails: computed from the form's questions, per type."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from makelaar.forms.definitie import Formulier, Vraag, VraagType
from makelaar.forms.invulduur import (
    LANGE_TEKST_SECONDEN,
    MINIMUM_MINUTEN,
    SECONDEN,
    invulduur_minuten,
    vraag_seconden,
)
from makelaar.forms.xlsform import lees_formulier

INSTRUMENTEN = Path(__file__).resolve().parents[2] / "forms/instrumenten"


def _formulier(*vragen: tuple[VraagType, str | None]) -> Formulier:
    children = [
        Vraag(name=f"v{i}", path=f"/data/v{i}", type=soort, appearance=appearance)
        for i, (soort, appearance) in enumerate(vragen)
    ]
    return Formulier(
        form_id="f", versie="1", titel={"nl": "F"}, talen=["nl"], standaardtaal="nl",
        children=children,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("form_id", "minuten"), [("buurtmeter", 5), ("partnerenquete", 4), ("reflectieformulier", 12)]
)
def test_the_shipped_instruments(form_id: str, minuten: int) -> None:
    formulier = lees_formulier(INSTRUMENTEN / f"{form_id}.md")
    seconden = sum(vraag_seconden(v) for v in formulier.vragen())
    assert (seconden - 1) // 60 + 1 == minuten  # whole minutes, rounded up
    assert invulduur_minuten(formulier) == minuten


def test_the_buurtmeter_counted_by_hand() -> None:
    formulier = lees_formulier(INSTRUMENTEN / "buurtmeter.md")
    soorten = Counter(
        "lang" if vraag_seconden(v) == LANGE_TEKST_SECONDEN else v.type.value
        for v in formulier.vragen()
    )
    assert soorten == {
        "select_one": 23, "note": 4, "select_multiple": 1, "integer": 1, "lang": 1
    }  # fmt: skip
    assert 23 * 8 + 4 * 5 + 12 + 8 + 60 == 284  # 4 min 44 s: "ongeveer 5 minuten"


def test_each_type_counts_and_a_multiline_text_is_long() -> None:
    assert vraag_seconden(Vraag(name="a", path="/data/a", type=VraagType.TEXT)) == 20
    lang = Vraag(name="a", path="/data/a", type=VraagType.TEXT, appearance="multiline")
    assert vraag_seconden(lang) == 60
    assert set(SECONDEN) == set(VraagType)  # every type the reader accepts has a time
    thirty_texts = _formulier(*[(VraagType.TEXT, None)] * 30)
    assert invulduur_minuten(thirty_texts) == 10
    assert invulduur_minuten(_formulier((VraagType.TEXT, None), (VraagType.TEXT, None))) == 2
    assert invulduur_minuten(_formulier(*[(VraagType.SELECT_ONE, None)] * 16)) == 3  # 128 s


def test_a_tiny_form_still_says_two_minutes() -> None:
    assert invulduur_minuten(_formulier((VraagType.NOTE, None))) == MINIMUM_MINUTEN == 2
    assert invulduur_minuten(_formulier()) == 2
