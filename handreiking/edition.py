"""Edition N of the guide's text: edition N−1 plus the changes the leerbijeenkomst adopted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from makelaar.models.errors import RenderError
from makelaar.models.markdown import markdown_literal
from makelaar.models.schemas import Change


def change_block(change: Change) -> str:
    """The Markdown a change adds to its section: its title as a heading, then its text."""
    # The title is plain text (it is also the heading in the list of changes): literal here.
    # The text is the proposal's Markdown, authored on purpose (by the cycle's own sentences
    # or a researcher); a cycle makes the data it quotes in it literal (markdown_literal).
    return f"## {markdown_literal(change.titel)}\n\n{change.tekst.strip()}\n"


def _replace_block(section: str, old: str, new: str) -> str | None:
    """`section` with its last `old` block (starting on a line of its own) replaced by `new`;
    None when it holds no such block."""
    end = len(section)
    while (start := section.rfind(old, 0, end)) >= 0:
        if start == 0 or section[start - 1] == "\n":
            return section[:start] + new + section[start + len(old) :]
        end = start + len(old) - 1
    return None


def apply_changes(
    base: Mapping[str, str],
    changes: Sequence[Change],
    earlier: Mapping[str, Change] | None = None,
) -> dict[str, str]:
    """The sections after the changes: each change's text is appended under its own heading, in
    every section the change names (`Change.alle_secties`: a proposal may change several).

    `earlier` holds the changes earlier editions of the chain adopted, by proposal code (the
    latest of each). A change whose proposal an earlier edition already adopted is the same
    recommendation taken again (with this round's wording and figures): in each section the
    earlier one went into too, it replaces the earlier text where that stands in `base`, found
    verbatim, instead of adding the same heading twice; where that text is no longer there, it
    is appended like any change.

    Raises RenderError for a change that names an unknown section or repeats a change code.
    """
    seen: set[str] = set()
    for change in changes:
        for sectie_id in change.alle_secties:
            if sectie_id not in base:
                raise RenderError(
                    f"Wijziging {change.code} hoort bij sectie {sectie_id!r}, maar die sectie "
                    f"bestaat niet in de vorige editie; bekende secties: {', '.join(sorted(base))}.",
                    en=f"Change {change.code} belongs to section {sectie_id!r}, but that section "
                    "does not exist in the previous edition; known sections: "
                    f"{', '.join(sorted(base))}.",
                )
        if change.code in seen:
            raise RenderError(
                f"Wijziging {change.code} staat twee keer in de lijst; elke wijziging wordt "
                "één keer toegepast.",
                en=f"Change {change.code} is in the list twice; each change is applied once.",
            )
        seen.add(change.code)
    result = dict(base)
    for change in changes:
        block = change_block(change)
        previous = (earlier or {}).get(change.code)
        for sectie_id in change.alle_secties:
            section = result[sectie_id]
            if previous is not None and sectie_id in previous.alle_secties:
                replaced = _replace_block(section, change_block(previous), block)
                if replaced is not None:
                    result[sectie_id] = replaced
                    continue
            result[sectie_id] = f"{section.rstrip()}\n\n{block}"
    return result
