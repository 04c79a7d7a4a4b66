"""Guide sections: Markdown files with YAML front matter under handreiking/content/<taal>/.

Loading validates every file (fields, level, unique id) and names the file at fault.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import frontmatter
import yaml  # PyYAML ships no type hints (mypy override in pyproject); only YAMLError is used
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from makelaar.models.errors import RenderError

Level = Literal["algemeen", "gemeente", "organisatie", "wijk", "bijlage"]
LEVELS: tuple[Level, ...] = get_args(Level)
CONTENT_DIR = Path(__file__).resolve().parent / "content"
BASE_LANGUAGE = "nl"

_FIELDS = ("id", "level", "title", "order")
_TASK_MARKER = re.compile(r"^\[([ xX])\]\s+")
#: every ASCII punctuation mark: CommonMark lets a backslash make each of them literal


class Section(BaseModel):
    """One section of the guide: its place (level, order), its title and its Markdown body."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    level: Level
    title: str = Field(min_length=1)
    order: int
    body: str
    taal: str = BASE_LANGUAGE  # the language the body is written in (nl when not translated)


def _read(path: Path, taal: str) -> Section:
    try:
        post = frontmatter.load(str(path))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RenderError(
            f"Sectiebestand {path}: de kop (front matter) is niet te lezen: {exc}",
            en=f"Section file {path}: the header (front matter) cannot be read: {exc}",
        ) from None
    metadata: dict[str, Any] = dict(post.metadata)
    missing = [name for name in _FIELDS if name not in metadata]
    if missing:
        raise RenderError(
            f"Sectiebestand {path}: veld(en) {', '.join(missing)} ontbreken in de kop; "
            f"elke sectie heeft {', '.join(_FIELDS)}.",
            en=f"Section file {path}: field(s) {', '.join(missing)} missing in the header; "
            f"every section has {', '.join(_FIELDS)}.",
        )
    unknown = sorted(set(metadata) - set(_FIELDS))  # "taal" too: the folder says the language
    if unknown:
        raise RenderError(
            f"Sectiebestand {path}: onbekend(e) veld(en) {', '.join(unknown)} in de kop; "
            f"toegestaan zijn {', '.join(_FIELDS)}.",
            en=f"Section file {path}: unknown field(s) {', '.join(unknown)} in the header; "
            f"allowed are {', '.join(_FIELDS)}.",
        )
    if metadata["level"] not in LEVELS:
        raise RenderError(
            f"Sectiebestand {path}: level {metadata['level']!r} bestaat niet; "
            f"kies uit {', '.join(LEVELS)}.",
            en=f"Section file {path}: level {metadata['level']!r} does not exist; "
            f"choose from {', '.join(LEVELS)}.",
        )
    try:
        return Section(**metadata, body=post.content, taal=taal)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        )
        raise RenderError(
            f"Sectiebestand {path}: {problems}", en=f"Section file {path}: {problems}"
        ) from None


def _read_folder(folder: Path) -> dict[str, tuple[Section, Path]]:
    found: dict[str, tuple[Section, Path]] = {}
    for path in sorted(folder.glob("*.md")):
        section = _read(path, folder.name)
        if section.id in found:
            raise RenderError(
                f"Sectiebestand {path}: id {section.id!r} komt ook voor in "
                f"{found[section.id][1]}; elke sectie heeft een eigen id.",
                en=f"Section file {path}: id {section.id!r} also occurs in "
                f"{found[section.id][1]}; every section has an id of its own.",
            )
        found[section.id] = (section, path)
    return found


@lru_cache(maxsize=8)
def load_sections(taal: str = BASE_LANGUAGE, root: Path = CONTENT_DIR) -> tuple[Section, ...]:
    """All sections in reading order (level, then order, then id), in `taal` where translated.

    The guide's own folders translate every section (content/en/ beside content/nl/); a cycle's
    folder may translate only some, and the others come from its nl folder (their `taal` says
    so, and the document marks them with their language). A translation keeps its section's id,
    level and order.
    """
    base_folder = root / BASE_LANGUAGE
    if not base_folder.is_dir():
        raise RenderError(
            f"De map met de basistekst {base_folder} bestaat niet.",
            en=f"The folder with the base text {base_folder} does not exist.",
        )
    sections = {key: section for key, (section, _) in _read_folder(base_folder).items()}
    if not sections:
        raise RenderError(
            f"De map met de basistekst {base_folder} bevat geen secties (*.md).",
            en=f"The folder with the base text {base_folder} holds no sections (*.md).",
        )
    translated_folder = root / taal
    if taal != BASE_LANGUAGE and translated_folder.is_dir():
        for key, (section, path) in _read_folder(translated_folder).items():
            if key not in sections:
                raise RenderError(
                    f"Sectiebestand {path}: id {key!r} bestaat niet in de basistekst "
                    f"({base_folder}); een vertaling hoort bij een bestaande sectie.",
                    en=f"Section file {path}: id {key!r} does not exist in the base text "
                    f"({base_folder}); a translation belongs to an existing section.",
                )
            if section.level != sections[key].level:
                raise RenderError(
                    f"Sectiebestand {path}: level {section.level!r} wijkt af van de basistekst "
                    f"({sections[key].level!r}).",
                    en=f"Section file {path}: level {section.level!r} differs from the base text "
                    f"({sections[key].level!r}).",
                )
            if section.order != sections[key].order:
                raise RenderError(
                    f"Sectiebestand {path}: order {section.order} wijkt af van de basistekst "
                    f"({sections[key].order}); een vertaling staat op dezelfde plek.",
                    en=f"Section file {path}: order {section.order} differs from the base text "
                    f"({sections[key].order}); a translation stands in the same place.",
                )
            sections[key] = section
    return tuple(sorted(sections.values(), key=lambda s: (LEVELS.index(s.level), s.order, s.id)))


def edition_sections(taal: str = BASE_LANGUAGE, inhoud: Sequence[Path] = ()) -> tuple[Section, ...]:
    """The guide's sections plus those of the folders a cycle adds (`inhoud`), in reading order.

    A cycle's section may not reuse an id of the guide or of another folder.
    """
    sections = {section.id: section for section in load_sections(taal)}
    for root in inhoud:
        for section in load_sections(taal, Path(root)):
            if section.id in sections:
                raise RenderError(
                    f"Sectie {section.id!r} in {root} bestaat al in de handreiking; geef de "
                    "sectie van de cyclus een eigen id.",
                    en=f"Section {section.id!r} in {root} already exists in the handreiking; give "
                    "the cycle's section an id of its own.",
                )
            sections[section.id] = section
    return tuple(sorted(sections.values(), key=lambda s: (LEVELS.index(s.level), s.order, s.id)))


def base_sections(taal: str = BASE_LANGUAGE, root: Path = CONTENT_DIR) -> dict[str, str]:
    """The base edition's text: section id → Markdown body."""
    return {section.id: section.body for section in load_sections(taal, root)}


def _shift_headings(offset: int) -> Callable[[StateCore], None]:
    def rule(state: StateCore) -> None:
        for token in state.tokens:
            if token.type in ("heading_open", "heading_close"):
                level = min(max(int(token.tag[1]) + offset, offset + 2), 6)
                token.tag = f"h{level}"

    return rule


def _task_lists(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or index < 2 or tokens[index - 2].type != "list_item_open":
            continue
        match = _TASK_MARKER.match(token.content)
        first = token.children[0] if token.children else None
        if match is None or first is None or first.type != "text":
            continue
        first.content = _TASK_MARKER.sub("", first.content, count=1)
        token.content = token.content[match.end() :]
        done = match.group(1) != " "
        tokens[index - 2].attrSet("class", "taak taak-klaar" if done else "taak")


@lru_cache(maxsize=4)
def _parser(heading_offset: int) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    parser.disable("image")
    parser.core.ruler.push("shift_headings", _shift_headings(heading_offset))
    parser.core.ruler.push("task_lists", _task_lists)
    return parser


def render_markdown(text: str, *, heading_offset: int = 1) -> str:
    """HTML for guide Markdown: raw HTML stays text, images are not loaded, headings shift down.

    With the default offset a body's `##` becomes `<h3>`, under the section's own `<h2>`.
    """
    return str(_parser(heading_offset).render(text))
