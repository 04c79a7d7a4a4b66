"""Edition N of the guide's text: edition N−1 plus the changes the leerbijeenkomst adopted."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from models.errors import RenderError
from models.schemas import Change

_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally: every ASCII punctuation mark backslash-escaped."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


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
        heading = f"## {escape_markdown(change.titel)}"
        result[change.sectie_id] = (
            f"{result[change.sectie_id].rstrip()}\n\n{heading}\n\n{change.tekst.strip()}\n"
        )
    return result
