"""The product's own source, for the tests that read it whole (tests/models/test_taal.py,
tests/test_foutmeldingen_taal.py): its packages, their Python files, and every module imported."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "intake", "handreiking", "forms", "cycles", "flows")


def import_every_module() -> None:
    """Import every module of the packages (so every catalogue and error class is registered)."""
    for package in PACKAGES:
        module = importlib.import_module(f"makelaar.{package}")
        for info in pkgutil.walk_packages(module.__path__, prefix=f"makelaar.{package}."):
            if ".migrations" in info.name:  # Alembic's env.py runs migrations when imported
                continue
            importlib.import_module(info.name)


def python_files() -> Iterator[tuple[str, Path]]:
    """(path from the root, path) of every Python file of the packages, migrations left out."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative:
                yield relative, path
