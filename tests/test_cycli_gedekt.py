"""Every registered cycle is tested end to end and described in the README: a cycle added without
either fails here, naming it."""

from __future__ import annotations

import ast
from pathlib import Path

from makelaar.cycles.registry import load_cycles

ROOT = Path(__file__).resolve().parents[1]


def _marked_cycles() -> dict[str, list[str]]:
    """cycle -> the tests marked `@pytest.mark.cyclus("name")`: a round through all four phases."""
    found: dict[str, list[str]] = {}
    for path in (ROOT / "tests").rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef) or not node.name.startswith("test_"):
                continue
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and ast.unparse(decorator.func) == "pytest.mark.cyclus"
                    and decorator.args
                    and isinstance(decorator.args[0], ast.Constant)
                ):
                    naam = str(decorator.args[0].value)
                    found.setdefault(naam, []).append(f"{path.relative_to(ROOT)}::{node.name}")
    return found


def test_every_registered_cycle_has_an_end_to_end_test() -> None:
    registered = sorted(load_cycles().cycles)
    marked = _marked_cycles()
    missing = [name for name in registered if name not in marked]
    assert registered, "no cycle is registered"
    assert not missing, (
        f"registered cycles without a test marked @pytest.mark.cyclus(name) that runs a round "
        f"through all four phases: {missing}"
    )


def test_every_registered_cycle_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in sorted(load_cycles().cycles) if f"\n- `{name}` — " not in readme]
    assert not missing, f"registered cycles without an entry in the README's list: {missing}"


def test_the_check_finds_the_marked_tests() -> None:
    """The scan is not vacuous: the built-in cycles' end-to-end tests are found where they are."""
    marked = _marked_cycles()
    assert any("test_demo_round.py" in test for test in marked.get("buurtmeter", []))
    assert any("test_casusregie.py" in test for test in marked.get("casusregie", []))
    assert any("test_actieonderzoek.py" in test for test in marked.get("actieonderzoek", []))
