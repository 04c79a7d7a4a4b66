"""Edition N = edition N−1 plus the adopted changes."""

from __future__ import annotations

import pytest

from makelaar.handreiking.content import render_markdown
from makelaar.handreiking.edition import apply_changes
from makelaar.models.errors import RenderError
from makelaar.models.schemas import Change


def _change(
    code: str, sectie: str, titel: str = "Nieuwe afspraak", tekst: str = "Doe X."
) -> Change:
    return Change(
        code=code,
        sectie_id=sectie,
        sectie_titel="Sectie",
        titel=titel,
        tekst=tekst,
        onderbouwing="Bevinding F-1",
        besluit_reden="Aangenomen",
    )


BASE = {"a": "## Begin\n\nTekst A.\n", "b": "Tekst B."}


def test_a_change_is_appended_under_its_own_heading() -> None:
    result = apply_changes(BASE, [_change("W-1", "a", tekst="- eerste\n- tweede")])
    assert result["a"] == "## Begin\n\nTekst A.\n\n## Nieuwe afspraak\n\n- eerste\n- tweede\n"
    assert result["b"] == BASE["b"]


def test_changes_apply_in_order_and_the_input_is_left_alone() -> None:
    before = dict(BASE)
    result = apply_changes(BASE, [_change("W-1", "b", "Eerst"), _change("W-2", "b", "Dan")])
    assert before == BASE
    assert result["b"].index("## Eerst") < result["b"].index("## Dan")


def test_no_changes_gives_the_same_text() -> None:
    assert apply_changes(BASE, []) == BASE


def test_a_change_for_an_unknown_section_names_it() -> None:
    with pytest.raises(RenderError, match=r"W-9.*'bestaat-niet'") as error:
        apply_changes(BASE, [_change("W-9", "bestaat-niet")])
    assert "a, b" in str(error.value)


def test_the_same_change_twice_is_refused() -> None:
    with pytest.raises(RenderError, match="W-1 staat twee keer"):
        apply_changes(BASE, [_change("W-1", "a"), _change("W-1", "b")])


def test_markdown_in_a_change_title_stays_literal() -> None:
    titel = "*Let op* [link](http://x) <b>x</b> # {{7*7}}"
    result = apply_changes(BASE, [_change("W-1", "a", titel=titel)])
    html = render_markdown(result["a"])
    assert "<h3>*Let op* [link](http://x) &lt;b&gt;x&lt;/b&gt; # {{7*7}}</h3>" in html
