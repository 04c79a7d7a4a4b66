"""The English edition's text: handreiking/content/en/ translates every section of content/nl/
(same file, id, level and order), an English edition is built from it, and a broken translation is
refused naming its file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import frontmatter
import pytest

from makelaar.handreiking.content import CONTENT_DIR, edition_sections, load_sections
from makelaar.models.errors import RenderError

NL, EN = CONTENT_DIR / "nl", CONTENT_DIR / "en"
#: the domain words the English edition keeps (the glossary: the users speak them)
KEPT = ("sociaal makelaar", "wijk", "handreiking")


def headings(text: str) -> list[str]:
    return [line.split(" ", 1)[0] for line in text.splitlines() if line.startswith("#")]


def test_every_dutch_file_has_an_english_counterpart_with_the_same_section() -> None:
    nl_files = sorted(path.name for path in NL.glob("*.md"))
    assert nl_files == sorted(path.name for path in EN.glob("*.md"))
    for name in nl_files:
        dutch, english = frontmatter.load(str(NL / name)), frontmatter.load(str(EN / name))
        assert set(english.metadata) == set(dutch.metadata), name
        for field in ("id", "level", "order"):
            assert english.metadata[field] == dutch.metadata[field], (name, field)
        assert english.metadata["title"] != dutch.metadata["title"], name
        # the same structure: the same headings at the same levels, the same checklist items
        assert headings(english.content) == headings(dutch.content), name
        tasks = [len(re.findall(r"^- \[ \]", p.content, re.M)) for p in (dutch, english)]
        assert tasks[0] == tasks[1], name


def test_the_english_sections_are_english_and_keep_the_domain_words() -> None:
    english = load_sections("en")
    assert [s.id for s in english] == [s.id for s in load_sections("nl")]
    assert {s.taal for s in english} == {"en"}
    text = " ".join(s.body for s in english)
    for word in KEPT:
        assert word in text
    dutch_words = {" de ", " het ", " een ", " niet ", " wordt ", " zijn ", " naar "}
    for section in english:
        body = f" {section.body.lower()} "
        left = {w for w in dutch_words if body.count(w) > 1}
        assert not left, (section.id, left)


def test_an_english_edition_takes_the_english_text_and_a_cycles_dutch_sections(
    tmp_path: Path,
) -> None:
    cycle = tmp_path / "cyclus"
    (cycle / "nl").mkdir(parents=True)
    (cycle / "nl" / "eigen.md").write_text(
        "---\nid: cyclus-eigen\nlevel: wijk\ntitle: Eigen sectie\norder: 9\n---\n## Kop\n\nTekst.\n",
        encoding="utf-8",
    )
    sections = {s.id: s for s in edition_sections("en", [cycle])}
    assert sections["wijk-sociale-acties"].title == "The ten kinds of social action"
    assert sections["wijk-sociale-acties"].taal == "en"
    assert sections["cyclus-eigen"].taal == "nl"  # not translated: the document marks it Dutch


def copy_of_the_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    return root


def test_a_broken_front_matter_in_a_translation_names_the_file(tmp_path: Path) -> None:
    root = copy_of_the_content(tmp_path)
    broken = root / "en" / "wijk-sociale-acties.md"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("title: The ten", "title: [The ten", 1), encoding="utf-8")
    with pytest.raises(RenderError, match="niet te lezen") as error:
        load_sections("en", root)
    assert str(broken) in str(error.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("level: wijk", "level: gemeente", "level 'gemeente' wijkt af van de basistekst"),
        ("order: 1", "order: 7", "order 7 wijkt af van de basistekst"),
        ("id: wijk-sociale-acties", "id: wijk-sociale-actie", "bestaat niet in de basistekst"),
    ],
)
def test_a_translation_that_moves_its_section_names_the_file(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    root = copy_of_the_content(tmp_path)
    moved = root / "en" / "wijk-sociale-acties.md"
    moved.write_text(moved.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RenderError, match=message) as error:
        load_sections("en", root)
    assert str(moved) in str(error.value)
