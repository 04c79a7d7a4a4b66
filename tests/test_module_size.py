"""No module over 500 lines without a reason written at its top.

Every Python module of the six packages (models, intake, handreiking, forms, cycles, flows; not
the Alembic revisions under migrations/versions, not tests) counts its physical lines, as
`wc -l` does. A module over 500 lines must say why in its module docstring, in a sentence that
starts with the marker "Over 500 lines because" followed by the reason, for example:

    Over 500 lines because the tables are declarative column definitions that read best together.

The marker may wrap across docstring lines. The test fails listing each oversized module without
it, with its line count, so a module grows past the limit only by a decision someone wrote down.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "intake", "handreiking", "forms", "cycles", "flows")
LIMIT = 500
MARKER = "Over 500 lines because"
#: the marker at the start of the docstring or of a sentence, followed by a reason
_REDEN = re.compile(rf"(?:^|[.!?:]\s){re.escape(MARKER)}\s+\S")


def _modules() -> list[Path]:
    modules: list[Path] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or ("migrations" in parts and "versions" in parts):
                continue
            modules.append(path)
    return modules


def _line_count(path: Path) -> int:
    return len(path.read_bytes().splitlines())


def _has_reason(path: Path) -> bool:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    if not docstring:
        return False
    return _REDEN.search(" ".join(docstring.split())) is not None


def test_the_scan_sees_every_package() -> None:
    seen = {path.relative_to(ROOT).parts[0] for path in _modules()}
    assert seen == set(PACKAGES)


def test_the_marker_is_recognised_only_with_a_reason(tmp_path: Path) -> None:
    cases = {
        '"""Tables.\n\nOver 500 lines because the tables\nread best together."""\n': True,
        '"""Over 500 lines because one table needs every column."""\n': True,
        '"""Tables. Over 500 lines because."""\n': False,
        '"""Tables, not over 500 lines because of anything."""\n': False,
        '"""Tables."""\n# Over 500 lines because of a comment, not the docstring.\n': False,
        "x = 1\n": False,
    }
    for source, expected in cases.items():
        module = tmp_path / "module.py"
        module.write_text(source, encoding="utf-8")
        assert _has_reason(module) is expected, source


def test_no_module_over_500_lines_without_a_reason() -> None:
    without_reason = [
        f"{path.relative_to(ROOT).as_posix()}: {count} lines"
        for path in _modules()
        if (count := _line_count(path)) > LIMIT and not _has_reason(path)
    ]
    assert not without_reason, (
        f"modules over {LIMIT} lines without '{MARKER} ...' in their docstring "
        "(split them, or write the reason):\n" + "\n".join(without_reason)
    )
