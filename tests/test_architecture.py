"""The layer contracts in pyproject.toml hold, and an upward import breaks them (lint-imports); no
import circle between modules; the CLI's command modules import only its app module."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "intake", "forms", "cycles", "handreiking", "flows")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_layer_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_build(tmp_path: Path) -> None:
    (tmp_path / "makelaar").mkdir()
    shutil.copy(ROOT / "makelaar" / "__init__.py", tmp_path / "makelaar" / "__init__.py")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("data"))
        (tmp_path / "makelaar" / package).symlink_to(Path("..") / package)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    domain = tmp_path / "models" / "domain.py"
    domain.write_text(domain.read_text() + "\nimport makelaar.flows.cli  # noqa: E402,F401\n")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the layers: flows > cycles > forms > handreiking > intake > models BROKEN" in (
        result.stdout
    )
    assert "makelaar.models is not allowed to import makelaar.flows" in result.stdout
    assert "makelaar.models.domain -> makelaar.flows.cli" in result.stdout


def _import_graph() -> dict[str, set[str]]:
    """Every module of the packages and the modules of the packages it imports (at any depth in
    the module: top level, inside functions, under TYPE_CHECKING)."""
    graph = grimp.build_graph("makelaar")
    return {
        module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules
    }


def import_circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (or a module importing
    itself): Tarjan's algorithm, iterative so a deep chain of imports cannot overflow the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(edges.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(edges.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    circles.append(sorted(component))
    return sorted(circles)


def test_import_circles_are_found() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}, "f": {"d"}}
    assert import_circles(edges) == [["a", "b", "c"], ["e"]]
    assert import_circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_between_modules() -> None:
    circles = import_circles(_import_graph())
    assert not circles, "import circles:\n" + "\n".join(" <-> ".join(c) for c in circles)


def test_cli_command_modules_import_only_the_app_module() -> None:
    """flows/cli_app.py holds the app and the helpers; a command module imports it and the layers
    below, never another command module or flows.cli (which imports them all to register them)."""
    import makelaar.flows.cli

    commands = {module.__name__ for module in makelaar.flows.cli.COMMAND_MODULES}
    registering = {
        f"makelaar.flows.{path.stem}"
        for path in (ROOT / "flows").glob("cli_*.py")
        if re.search(r"^@\w+\.command\(", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert registering == commands, "a module registers commands but flows.cli does not import it"
    edges = _import_graph()
    for module in sorted(commands):
        wrong = sorted(edges[module] & (commands | {"makelaar.flows.cli"}))
        assert not wrong, f"{module} imports {', '.join(wrong)}; import from flows.cli_app instead"
