"""The next render removes the temporary files a dead writer left, and only those: a living
writer's (another process, or a thread of this one) stay, and so does every other file."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from makelaar.handreiking.render import _Temporary, edition_paths, remove_stale_temporaries
from tests.conftest import process_holding

#: a writer in another process: it creates and locks a temporary file as the renderer does
HOLDING_WRITER = """
import fcntl, os, sys
descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
print("held", flush=True)
sys.stdin.read()
"""


def test_only_the_temporary_files_of_dead_writers_are_removed(tmp_path: Path) -> None:
    pdf, html = edition_paths(tmp_path, 2)
    pdf.write_bytes(b"%PDF-1.7\n editie 2\n")
    html.write_text("<!DOCTYPE html><title>editie 2</title>", encoding="utf-8")
    other = tmp_path / ".iets-anders.tmp"
    other.write_text("niet van de handreiking")
    left_by_old_run = tmp_path / ".handreiking-editie-1.pdf.k2j3h4.tmp"  # no lock: its writer died
    left_by_old_run.write_bytes(b"")
    living = tmp_path / ".handreiking-editie-3.pdf.living.tmp"
    own = _Temporary(tmp_path, pdf)  # a render of this process, in another thread say
    try:
        with process_holding(HOLDING_WRITER, str(living)) as writer:
            assert remove_stale_temporaries(tmp_path) == [left_by_old_run.resolve()]
            assert living.exists() and own.path.exists()
            os.kill(writer.pid, signal.SIGKILL)
            writer.wait()
            assert remove_stale_temporaries(tmp_path) == [living.resolve()]
        assert own.path.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [pdf.name, html.name, other.name, own.path.name]
        )
    finally:
        own.close()
    assert not own.path.exists()
    assert remove_stale_temporaries(tmp_path / "bestaat-niet") == []


def test_a_render_of_this_process_is_known_as_its_own_by_any_path_to_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "uit").mkdir()
    (tmp_path / "via").symlink_to(tmp_path / "uit")
    monkeypatch.chdir(tmp_path)
    pdf, _ = edition_paths(Path("via"), 1)
    own = _Temporary(Path("via"), pdf)
    try:
        assert remove_stale_temporaries(Path("uit")) == []
        assert remove_stale_temporaries(tmp_path / "via") == []
        assert own.path.exists()
    finally:
        own.close()
