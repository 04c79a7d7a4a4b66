"""Loading guide sections (and their errors) and turning their Markdown into HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from makelaar.handreiking.content import LEVELS, base_sections, load_sections, render_markdown
from makelaar.models.errors import RenderError


def _write(folder: Path, name: str, front: str, body: str = "## Kop\n\nTekst.\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    return path


def _section(folder: Path, key: str, level: str = "gemeente", order: int = 1) -> Path:
    return _write(
        folder, f"{key}.md", f"id: {key}\nlevel: {level}\ntitle: Titel {key}\norder: {order}"
    )


def test_the_base_edition_loads_in_reading_order() -> None:
    sections = load_sections("nl")
    assert len(sections) >= 10
    levels = [LEVELS.index(section.level) for section in sections]
    assert levels == sorted(levels)
    assert {section.level for section in sections} == set(LEVELS)
    ids = [section.id for section in sections]
    assert len(ids) == len(set(ids))
    assert "methoden" in ids
    assert all(section.title and section.body.strip() for section in sections)


def test_base_sections_maps_id_to_body() -> None:
    bodies = base_sections("nl")
    assert set(bodies) == {section.id for section in load_sections("nl")}
    assert bodies["wijk-sociale-acties"].lstrip().startswith("## ")


def test_a_language_without_files_falls_back_to_dutch(tmp_path: Path) -> None:
    _section(tmp_path / "nl", "een")
    assert base_sections("en", tmp_path) == base_sections("nl", tmp_path)
    assert {section.taal for section in load_sections("en", tmp_path)} == {"nl"}


def test_a_translation_replaces_only_its_own_section(tmp_path: Path) -> None:
    _section(tmp_path / "nl", "een", order=1)
    _section(tmp_path / "nl", "twee", order=2)
    _write(
        tmp_path / "en", "een.md", "id: een\nlevel: gemeente\ntitle: One\norder: 1", "English.\n"
    )
    sections = {section.id: section for section in load_sections("en", tmp_path)}
    assert sections["een"].title == "One"
    assert sections["een"].body == "English."
    assert sections["een"].taal == "en"
    assert sections["twee"].title == "Titel twee"
    assert sections["twee"].taal == "nl"


def test_a_translation_of_an_unknown_section_is_refused(tmp_path: Path) -> None:
    _section(tmp_path / "nl", "een")
    path = _section(tmp_path / "en", "drie")
    with pytest.raises(RenderError, match="bestaat niet in de basistekst") as error:
        load_sections("en", tmp_path)
    assert str(path) in str(error.value)


def test_a_missing_field_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = _write(tmp_path / "nl", "zonder-titel.md", "id: zonder-titel\nlevel: wijk\norder: 1")
    with pytest.raises(RenderError) as error:
        load_sections("nl", tmp_path)
    assert str(path) in str(error.value)
    assert "title" in str(error.value)


def test_an_unknown_level_names_the_file_and_the_choices(tmp_path: Path) -> None:
    path = _section(tmp_path / "nl", "buurt", level="buurt")
    with pytest.raises(RenderError, match="level 'buurt' bestaat niet") as error:
        load_sections("nl", tmp_path)
    assert str(path) in str(error.value)
    assert "algemeen, gemeente, organisatie, wijk, bijlage" in str(error.value)


def test_a_duplicate_id_names_both_files(tmp_path: Path) -> None:
    first = _section(tmp_path / "nl", "dubbel")
    second = _write(
        tmp_path / "nl", "ook-dubbel.md", "id: dubbel\nlevel: wijk\ntitle: Nog een\norder: 2"
    )
    with pytest.raises(RenderError, match="'dubbel'") as error:
        load_sections("nl", tmp_path)
    assert str(first) in str(error.value)
    assert str(second) in str(error.value)


def test_an_unknown_field_and_a_wrong_type_are_refused(tmp_path: Path) -> None:
    _write(tmp_path / "a" / "nl", "x.md", "id: x\nlevel: wijk\ntitle: X\norder: 1\nauteur: Piet")
    with pytest.raises(RenderError, match=r"onbekend.*auteur"):
        load_sections("nl", tmp_path / "a")
    _write(tmp_path / "b" / "nl", "y.md", "id: y\nlevel: wijk\ntitle: Y\norder: eerste")
    with pytest.raises(RenderError, match="order"):
        load_sections("nl", tmp_path / "b")


def test_unreadable_front_matter_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "nl", "kapot.md", "id: [niet gesloten\nlevel: wijk")
    with pytest.raises(RenderError, match="niet te lezen") as error:
        load_sections("nl", tmp_path)
    assert str(path) in str(error.value)


def test_an_empty_content_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "nl").mkdir()
    with pytest.raises(RenderError, match="bevat geen secties"):
        load_sections("nl", tmp_path)


def test_raw_html_and_template_syntax_stay_text() -> None:
    html = render_markdown('<b>x</b> <img src="file:///etc/passwd"> {{7*7}} {% if 1 %}')
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<img" not in html
    assert "{{7*7}}" in html
    assert "{% if 1 %}" in html


def test_images_are_not_loaded_and_file_links_are_not_linked() -> None:
    html = render_markdown("![foto](https://example.org/a.png) [pw](file:///etc/passwd)")
    assert "<img" not in html
    assert '!<a href="https://example.org/a.png">foto</a>' in html  # a link is never fetched
    assert "[pw](file:///etc/passwd)" in html
    assert 'href="file:' not in html


def test_headings_shift_under_the_section_title_and_tasks_get_a_class() -> None:
    html = render_markdown("# Een\n\n## Twee\n\n### Drie\n\n- [ ] doen\n- [x] gedaan\n- gewoon\n")
    assert "<h3>Een</h3>" in html
    assert "<h3>Twee</h3>" in html
    assert "<h4>Drie</h4>" in html
    assert '<li class="taak">doen</li>' in html
    assert '<li class="taak taak-klaar">gedaan</li>' in html
    assert "<li>gewoon</li>" in html
    assert "<h4>Twee</h4>" in render_markdown("## Twee", heading_offset=2)


def test_tables_render() -> None:
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<table>" in html
    assert "<td>2</td>" in html
