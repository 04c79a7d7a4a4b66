"""Reader text only: the demo round's edition, as PDF text (pdftotext) and as HTML text, holds no
internal id where a reader looks: no indicator id or other snake_case name, no CBS code of a wijk,
buurt or gemeente where its name should be (a wijk page names its CBS code once, as 'Wijkcode'),
no proposal, finding or section code, no file name or reference to an internal document."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest

from makelaar.cycles.indicators import INDICATORS
from makelaar.handreiking.content import edition_sections
from tests.handreiking.demo_editie import demo_ronde
from tests.handreiking.helpers import page_texts

#: snake_case names (indicator ids, CBS columns, settings, phase results), lower or upper case
SNAKE = re.compile(r"\b[A-Za-z]+(?:_[A-Za-z0-9]+)+\b")
#: a CBS region code; a wijk page names its own once, after 'Wijkcode', and the methods explain
#: the codes with an example ('zoals GM0344 voor de gemeente Utrecht')
CBS_CODE = re.compile(r"(?<!Wijkcode )(?<!zoals )\b(?:WK|BU|GM)\d{4,8}\b")
#: a file name or a reference to one of the project's documents
FILE = re.compile(
    r"\b[\w.-]+\.(?:py|md|csv|xlsx|json|ya?ml|j2|db|sav|toml|txt)\b"
    r"|\b(?:RELIABILITY|DESIGN|STYLE|README)\b|§\s?\d"
)
#: how a mapping was printed instead of a figure ("Periode → 2026")
ARROW = re.compile(r"→")


@dataclass(frozen=True)
class Editie:
    pdf_text: str
    html_text: str
    codes: frozenset[str]  # the round's proposal, finding and section codes


class _Text(HTMLParser):
    """The text a reader sees in the HTML edition: no markup, no style, no script."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:  # what assistive technology reads out
            if name in ("alt", "aria-label", "title") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


@pytest.fixture(scope="module")
def demo_editie(tmp_path_factory: pytest.TempPathFactory) -> Editie:
    ronde = demo_ronde(tmp_path_factory.mktemp("demo-editie"))
    parser = _Text()
    parser.feed(ronde.html.read_text(encoding="utf-8"))
    codes = {p.code for p in ronde.improved.voorstellen} | {
        f.code for f in ronde.reflected.bevindingen
    }
    codes |= {section.id for section in edition_sections("nl", ())} | set(INDICATORS)
    # a code that is one Dutch word ('signalen', 'methoden') is also what the text says
    codes = {code for code in codes if "_" in code or "-" in code}
    return Editie(
        pdf_text="\n".join(page_texts(ronde.pdf)),
        html_text=" ".join(parser.parts),
        codes=frozenset(codes),
    )


def _context(text: str, match: re.Match[str]) -> str:
    return " ".join(text[max(0, match.start() - 60) : match.end() + 40].split())


@pytest.mark.parametrize("bron", ["pdf_text", "html_text"])
@pytest.mark.parametrize(
    ("soort", "patroon"),
    [("snake_case-naam", SNAKE), ("CBS-code", CBS_CODE), ("bestandsnaam", FILE), ("pijl", ARROW)],
)
def test_no_internal_names_where_a_reader_looks(
    demo_editie: Editie, bron: str, soort: str, patroon: re.Pattern[str]
) -> None:
    text = getattr(demo_editie, bron)
    found = [_context(text, m) for m in patroon.finditer(text)]
    assert not found, f"{soort} in {bron}:\n" + "\n".join(found[:15])


@pytest.mark.parametrize("bron", ["pdf_text", "html_text"])
def test_no_indicator_proposal_finding_or_section_code(demo_editie: Editie, bron: str) -> None:
    assert "pct_signalen_opgepakt" in demo_editie.codes and len(demo_editie.codes) > 50
    text = getattr(demo_editie, bron)
    words = set(re.findall(r"[\w-]+", text))
    leaked = sorted(demo_editie.codes & words)
    assert not leaked, leaked


#: a number of four or more digits without a thousands separator (not a year), or a decimal point
#: where Dutch writes a comma ('12.5%'; '4.246' is four thousand two hundred and forty-six)
UNFORMATTED = re.compile(
    r"(?<![\w.,])(?!(?:19|20)\d\d\b)\d{4,}(?!\d)"  # 4026, not 2026 nor WK034401
    r"|(?<!CC BY )\b\d+\.\d{1,2}(?!\d)"  # 12.5, not the licence CC BY 4.0
)


@pytest.mark.parametrize("bron", ["pdf_text", "html_text"])
def test_numbers_are_written_the_dutch_way(demo_editie: Editie, bron: str) -> None:
    text = getattr(demo_editie, bron)
    found = [_context(text, m) for m in UNFORMATTED.finditer(text)]
    assert not found, "\n".join(found[:15])


def test_the_scan_sees_what_it_scans_for() -> None:
    """The patterns catch what the demo's first edition showed before they were fixed."""
    shown = (
        "Rust op: pct_bewoners_eenzaam/wijk/WK034401, RELIABILITY §7, Periode → 2026, "
        "zie handreiking-editie-1.csv"
    )
    assert SNAKE.search(shown) and CBS_CODE.search(shown) and FILE.search(shown)
    assert ARROW.search(shown)
    assert not CBS_CODE.search("Wijkcode WK034401")
    assert [
        m.group()
        for m in UNFORMATTED.finditer("4026 acties, 4.246 uur, 12.5%, 2026, WK034401, CC BY 4.0")
    ] == [
        "4026",
        "12.5",
    ]
