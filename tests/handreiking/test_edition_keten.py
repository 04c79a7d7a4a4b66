"""A proposal adopted again in a later edition replaces its earlier text instead of adding the
same heading twice; where that text is gone, it is appended like any change."""

from __future__ import annotations

from makelaar.handreiking.edition import apply_changes, change_block
from makelaar.models.schemas import Change


def _change(
    code: str, tekst: str, sectie: str = "a", titel: str = "Elk signaal een vervolg"
) -> Change:
    return Change(
        code=code,
        sectie_id=sectie,
        sectie_titel="Sectie",
        titel=titel,
        tekst=tekst,
        onderbouwing="Signalen blijven liggen.",
        besluit_reden="Aangenomen",
    )


BASE = {"a": "## Begin\n\nTekst A.\n", "b": "Tekst B.\n"}


def test_a_proposal_adopted_again_replaces_its_earlier_text_where_it_stands() -> None:
    first = _change("signalen", "Binnen zes weken.")
    other = _change("ander", "Iets anders.", titel="Iets anders")
    edition_1 = apply_changes(BASE, [first, other])
    again = _change("signalen", "Binnen vier weken.")
    edition_2 = apply_changes(edition_1, [again], {"signalen": first, "ander": other})
    assert edition_2["a"] == (
        "## Begin\n\nTekst A.\n\n## Elk signaal een vervolg\n\nBinnen vier weken.\n\n"
        "## Iets anders\n\nIets anders.\n"
    )
    assert edition_2["b"] == BASE["b"]
    # the same words again: the section stays as it was
    assert apply_changes(edition_2, [again], {"signalen": again}) == edition_2


def test_an_earlier_text_that_is_gone_or_elsewhere_is_not_replaced() -> None:
    first = _change("signalen", "Binnen zes weken.")
    again = _change("signalen", "Binnen vier weken.")
    # the earlier text is not in the section (edited since): appended
    edited = {"a": "## Begin\n\nTekst A, herschreven.\n", "b": BASE["b"]}
    assert apply_changes(edited, [again], {"signalen": first})["a"].endswith(change_block(again))
    # only a block that starts on a line of its own is the earlier change
    quoted = {"a": "Citaat: " + change_block(first), "b": BASE["b"]}
    result = apply_changes(quoted, [again], {"signalen": first})["a"]
    assert result.startswith("Citaat: " + change_block(first).rstrip())
    assert result.endswith(change_block(again))
    # an earlier change in another section: this one is appended where it now belongs
    moved = apply_changes(
        apply_changes(BASE, [first]), [_change("signalen", "Nu hier.", "b")], {"signalen": first}
    )
    assert change_block(first) in moved["a"]
    assert moved["b"].endswith("Nu hier.\n")
