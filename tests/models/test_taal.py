"""One way to translate: every catalogue complete in Dutch and English, and no inline language test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from makelaar.models.taal import (
    Catalogus,
    catalogi,
    catalogus,
    in_een_taal,
    in_taal,
    plaatshouders,
    taal_van,
    vertaal,
)
from tests.broncode import PACKAGES, ROOT, import_every_module, python_files

#: the catalogues that must be registered once every module is imported (a renamed or dropped
#: catalogue fails here, so the walk below cannot pass by finding nothing)
EXPECTED = {
    "handreiking",
    "cli",
    "antwoordpaginas",
    "typer",
    "cli_help",
    "brieven",
    "uitvoer_soorten",
    "herinnering_redenen",
    "lijst_kolommen",
    "logboek_inbox",
    "herinneringsrapport",
    "importbestand_plaats",
    "logboekrapport",
    "koborapport",
    "cli_enquete",
    "logboeksjabloon",
    "logboeksjabloon_lijsten",
    "cli_antwoorden",
    "cli_forms",
    "standaardmeldingen",
}

#: Comparisons with "nl"/"en" that are allowed, as path -> how many (at most). models/taal.py,
#: the mechanism itself, is not scanned. Nothing outside it compares a language code for a
#: reason other than translation, so every entry below is translation NOT YET CONVERTED to a
#: catalogue (issue 12): the counts may only go down; remove an entry when its file is done.
NOT_YET_CONVERTED: dict[str, int] = {}


def test_every_catalogue_is_complete_in_dutch_and_english() -> None:
    import_every_module()
    registered = catalogi()
    assert set(registered) >= EXPECTED, sorted(EXPECTED - set(registered))
    problems: list[str] = []
    for naam, teksten in registered.items():
        for key, tekst in teksten.items():
            where = f"catalogue {naam!r}, key {key!r}"
            for taal in ("nl", "en"):
                if not isinstance(tekst.get(taal), str) or not tekst[taal].strip():
                    problems.append(f"{where}: no {'Dutch' if taal == 'nl' else 'English'}")
            if set(tekst) - {"nl", "en"}:
                problems.append(f"{where}: unknown languages {sorted(set(tekst) - {'nl', 'en'})}")
            if not problems or not problems[-1].startswith(where):
                nl, en = plaatshouders(tekst["nl"]), plaatshouders(tekst["en"])
                if nl != en:
                    problems.append(
                        f"{where}: placeholders {sorted(nl)} in Dutch, {sorted(en)} in English"
                    )
    assert not problems, "\n".join(problems)


def test_the_check_names_a_missing_language_and_a_placeholder_mismatch() -> None:
    broken = catalogus(
        "test_taal_kapot",
        {
            "zonder_engels": {"nl": "Hallo"},  # no English, on purpose
            "ander_veld": {"nl": "Ronde {ronde}", "en": "Round {round}"},
        },
    )
    try:
        with pytest.raises(AssertionError) as caught:
            test_every_catalogue_is_complete_in_dutch_and_english()
    finally:
        from makelaar.models import taal

        del taal._CATALOGI["test_taal_kapot"]
    message = str(caught.value)
    assert "catalogue 'test_taal_kapot', key 'zonder_engels': no English" in message
    assert (
        "catalogue 'test_taal_kapot', key 'ander_veld': placeholders ['ronde'] in Dutch, "
        "['round'] in English"
    ) in message
    assert broken["ander_veld"]["nl"] == "Ronde {ronde}"


def test_a_catalogue_name_is_registered_once() -> None:
    with pytest.raises(ValueError, match="Catalogue 'cli' is registered twice"):
        catalogus("cli", {"x": {"nl": "x", "en": "x"}})


def test_lookup_is_dutch_by_default_and_fills_in_values() -> None:
    teksten: Catalogus = {"groet": {"nl": "Dag {naam}", "en": "Hello {naam}"}}
    assert vertaal(teksten, "groet", "en", naam="Ada") == "Hello Ada"
    assert vertaal(teksten, "groet", "nl", naam="Ada") == "Dag Ada"
    assert vertaal(teksten, "groet", "fr", naam="Ada") == "Dag Ada"
    assert vertaal(teksten, "groet", None) == "Dag {naam}"  # no values: the text as written
    assert in_een_taal(teksten, "en") == {"groet": "Hello {naam}"}
    assert in_taal("en", "ja", "yes") == "yes" and in_taal(None, "ja", "yes") == "ja"
    assert [taal_van(code) for code in ("en", "nl", "EN", "", None)] == [
        "en",
        "nl",
        "nl",
        "nl",
        "nl",
    ]


def _language_tests(path: Path) -> list[int]:
    """Lines of `path` that compare something with the literal 'nl' or 'en' (== or !=)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare) and any(
            isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops
        ):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Constant) and o.value in ("nl", "en") for o in operands):
                lines.append(node.lineno)
    return lines


def test_no_inline_language_branch_outside_models_taal() -> None:
    found: list[str] = []
    for relative, path in python_files():
        if relative == "models/taal.py":
            continue
        lines = _language_tests(path)
        if len(lines) > NOT_YET_CONVERTED.get(relative, 0):
            found += [f"{relative}:{line}" for line in lines]
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.j2")):
            text = path.read_text(encoding="utf-8")
            for match in re.finditer(r"""(==|!=)\s*["'](nl|en)["']""", text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT).as_posix()}:{line}")
    assert not found, (
        "Choose a language through models.taal (a catalogue key, in_taal, babel_locale), not "
        "inline:\n" + "\n".join(found)
    )


def test_the_scan_sees_an_inline_branch(tmp_path: Path) -> None:
    source = tmp_path / "voorbeeld.py"
    source.write_text(
        'def f(taal):\n    return "Hi" if taal == "en" else "Hoi"\n', encoding="utf-8"
    )
    assert _language_tests(source) == [2]
