"""Text from data inside Markdown: shown as exactly that text, never as markup.

One function for every place that writes Markdown with values from data in it (the guide, the
Prefect artifacts of imports, surveys and rounds). It lives in `models`, the layer every package
may import, so the import reports in `intake` use the same escaping as the guide.
"""

from __future__ import annotations

import re

#: every ASCII punctuation character, each of which CommonMark lets a backslash escape
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_literal(text: str) -> str:
    """`text` as Markdown that renders as exactly this text, on one line: for data in Markdown.

    Every ASCII punctuation mark is backslash-escaped, so no emphasis, link, code span, HTML
    (`<`), entity (`&`) or table cell (`|`) can start, and no leading `#`, `>`, `-`, `+` or `1.`
    can open a block; whitespace runs (line breaks, indentation) become one space, so the text
    cannot start a block of its own either. Template-like text (`{{7*7}}`) stays as written.
    """
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))
