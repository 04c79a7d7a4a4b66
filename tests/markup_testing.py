"""Test data for "text from people stays text": strings markup or a template engine would act on,
and an HTML parser that tells the elements of a page from its text."""

from __future__ import annotations

from html.parser import HTMLParser

#: what people type that Markdown, HTML or a template engine would act on
POISON = (
    "{{7*7}}",
    "${7*7}",
    "{% if 1 %}x{% endif %}",
    "*x*",
    "[x](https://example.org)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<div>x</div>",
)


def poisoned(label: str) -> str:
    """`label` followed by every poisoned string, on one line."""
    return f"{label} " + " ".join(POISON)


def flat(text: str) -> str:
    """`text` with every run of whitespace one space."""
    return " ".join(text.split())


class ParsedHtml(HTMLParser):
    """The elements of an HTML document, and its text as a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.inside: list[str] = []
        #: (element, its text) for each piece of text, with the element directly holding it
        self.holding: list[tuple[str, str]] = []

    @classmethod
    def of(cls, html: str) -> ParsedHtml:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "br", "hr", "img", "input"):  # void elements never close
            self.inside.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.inside:  # close it and whatever was left open inside it
            del self.inside[len(self.inside) - 1 - self.inside[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self.inside and self.inside[-1] in ("style", "title"):
            return
        self.texts.append(data)
        if self.inside:
            self.holding.append((self.inside[-1], data.strip()))

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    def markup_from_data(self) -> list[str]:
        """Elements data could have made, had it become markup: links to example.org, scripts, images,
        event handlers, and `<em>x</em>` or `<div>x</div>`; empty when there is none."""
        found = [
            f"<a href={a.get('href')}>"
            for tag, a in self.tags
            if tag == "a" and "example.org" in (a.get("href") or "")
        ]
        found += [
            f"<{tag}>" for tag, _ in self.tags if tag in ("script", "img", "iframe", "object")
        ]
        found += [f"<{tag} {name}>" for tag, a in self.tags for name in a if name.startswith("on")]
        found += [f"<{tag}>x" for tag, text in self.holding if tag in ("em", "div") and text == "x"]
        return found
