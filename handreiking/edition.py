"""Edition N of the guide's text: edition N−1 plus the changes the leerbijeenkomst adopted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from makelaar.models.errors import RenderError
from makelaar.models.markdown import markdown_literal
from makelaar.models.schemas import Change


def apply_changes(base: Mapping[str, str], changes: Sequence[Change]) -> dict[str, str]:
    """The sections after the changes: each change's text is appended under its own heading.

    Raises RenderError for a change that names an unknown section or repeats a change code.
    """
    seen: set[str] = set()
    for change in changes:
        if change.sectie_id not in base:
            raise RenderError(
                f"Wijziging {change.code} hoort bij sectie {change.sectie_id!r}, maar die sectie "
                f"bestaat niet in de vorige editie; bekende secties: {', '.join(sorted(base))}."
            )
        if change.code in seen:
            raise RenderError(
                f"Wijziging {change.code} staat twee keer in de lijst; elke wijziging wordt "
                "één keer toegepast."
            )
        seen.add(change.code)
    result = dict(base)
    for change in changes:
        # The title is plain text (it is also the heading in the list of changes): literal here.
        # The text is the proposal's Markdown, authored on purpose (by the cycle's own sentences
        # or a researcher); a cycle makes the data it quotes in it literal (markdown_literal).
        heading = f"## {markdown_literal(change.titel)}"
        result[change.sectie_id] = (
            f"{result[change.sectie_id].rstrip()}\n\n{heading}\n\n{change.tekst.strip()}\n"
        )
    return result
