"""The suite's longest files run first (tests/conftest.py, LONGEST_FIRST): each one listed is a
test file of this repository, listed once, and `make test` keeps the order under xdist."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import LONGEST_FIRST

ROOT = Path(__file__).resolve().parents[1]


def test_every_file_listed_as_longest_exists_once() -> None:
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)
    for path in LONGEST_FIRST:
        assert (ROOT / path).is_file(), f"{path}: gone or moved; update LONGEST_FIRST"
        assert Path(path).name.startswith("test_"), path


def test_make_test_keeps_the_order_under_xdist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--dist loadfile --no-loadscope-reorder" in makefile
