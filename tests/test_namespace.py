"""makelaar installs one top-level name, `makelaar`, and a plugin imports from it alone.

The public names in `makelaar/__init__.py` are listed twice (for type checkers and for the lazy
loader): the two lists agree and every name loads. Then the real thing: the wheel is built and
installed into a fresh virtualenv next to a researcher's own packages called `models` and `forms`;
both keep working, and makelaar's commands run from that install (not from this checkout).
"""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import makelaar
from tests.installatie import build_wheel, fresh_venv

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("flows", "cycles", "forms", "handreiking", "intake", "models")


def _type_checking_names() -> dict[str, str]:
    tree = ast.parse((ROOT / "makelaar" / "__init__.py").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom) and statement.module
                for alias in statement.names:
                    assert alias.asname == alias.name, f"{alias.name}: re-export it as itself"
                    names[alias.name] = statement.module
    return names


def test_the_public_names_agree_and_load() -> None:
    assert _type_checking_names() == makelaar.PUBLIC
    for name, module in makelaar.PUBLIC.items():
        assert getattr(makelaar, name) is getattr(importlib.import_module(module), name)
    assert sorted(makelaar.__all__) == sorted(makelaar.PUBLIC)
    with pytest.raises(AttributeError, match="has no attribute 'Cyclus'"):
        _ = makelaar.Cyclus


def test_importing_a_subpackage_does_not_load_the_public_names() -> None:
    """`import makelaar.models.settings` stays light: the renderer loads only when a plugin asks."""
    code = (
        "import sys, makelaar.models.settings; "
        "print(sorted(m for m in ('weasyprint', 'makelaar.cycles.edities', 'prefect') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


def test_the_checkout_links_each_package_into_the_namespace() -> None:
    for package in PACKAGES:
        link = ROOT / "makelaar" / package
        assert link.is_symlink() and link.resolve() == ROOT / package, link


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_holds_one_top_level_name_and_the_package_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"makelaar"}
    for needed in (
        "makelaar/__init__.py",
        "makelaar/models/migrations/env.py",
        "makelaar/models/migrations/script.py.mako",
        "makelaar/intake/data/kwb-2024-utrecht.xlsx",
        "makelaar/forms/instrumenten/buurtmeter.md",
    ):
        assert needed in names, needed
    assert any(n.startswith("makelaar/handreiking/") and n.endswith(".j2") for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "makelaar = makelaar.flows.cli:main" in text
    assert "buurtmeter = makelaar.cycles.buurtmeter:BuurtmeterCycle" in text


RESEARCHER_MODELS = '''"""A researcher's own models package (a statistical model, say)."""
EIGEN = "models van de onderzoeker"
'''
RESEARCHER_FORMS = '''"""A researcher's own forms package."""
EIGEN = "forms van de onderzoeker"
'''
CHECK = """
import importlib, pkgutil, sys
import models, forms
import makelaar
from makelaar import Indicator, write_edition
for info in pkgutil.walk_packages(makelaar.__path__, prefix="makelaar."):
    if ".migrations" not in info.name:
        importlib.import_module(info.name)
import makelaar.models.store, makelaar.forms.engine
assert models.EIGEN == "models van de onderzoeker", models.__file__
assert forms.EIGEN == "forms van de onderzoeker", forms.__file__
assert "/site-packages/makelaar/" in makelaar.models.store.__file__, makelaar.models.store.__file__
print(sys.prefix, len(sys.modules))
"""


def test_installed_next_to_packages_called_models_and_forms(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    site = fresh_venv(venv, wheel)
    python = venv / "bin" / "python"
    for name, text in (("models", RESEARCHER_MODELS), ("forms", RESEARCHER_FORMS)):
        (site / name).mkdir()
        (site / name / "__init__.py").write_text(text)

    work = tmp_path / "werk"  # not this checkout: nothing may come from it
    work.mkdir()
    env = {
        key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "VIRTUAL_ENV"}
    }
    env.update(MAKELAAR_DATA_DIR=str(work / "data"), PREFECT_SERVER_ANALYTICS_ENABLED="false")

    def run(*command: str) -> str:
        result = subprocess.run(
            command, cwd=work, env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    assert run(str(python), "-c", CHECK).startswith(str(venv))
    makelaar_command = str(venv / "bin" / "makelaar")
    run(makelaar_command, "db", "upgrade")
    assert "buurtmeter" in run(makelaar_command, "cycles", "list")
    cbs = site / "makelaar" / "intake" / "data" / "kwb-2024-utrecht.xlsx"
    assert "1 gemeente(n), 10 wijken, 111 buurten" in run(
        makelaar_command, "wijken", "import", str(cbs)
    )
