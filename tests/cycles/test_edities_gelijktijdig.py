"""Rounds of one gemeente at once, on SQLite and PostgreSQL: one edition per adopted set of
changes, numbered in order, each file with its recorded sha256; a round killed while it renders
leaves its number claimed (another round is told to finish it first) and no temporary file
after the next render."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from makelaar.cycles.editieketen import EditieNietAf
from makelaar.cycles.rounds import stored_result
from makelaar.models.domain import Fase
from makelaar.models.schemas import ApplyResult
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.cycles.edities_testing import (
    SECTIE,
    context,
    editions,
    run,
    sha256,
    temporaries,
    wijziging,
)

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 90.0


def _changes(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Afspraak uit de leerbij")]


def test_four_rounds_of_one_gemeente_at_once_make_one_edition_each_in_order(
    store: Store, settings: Settings, gemeente: str
) -> None:
    periods = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    rounds = [context(store, settings, gemeente, periode) for periode in periods]
    start = threading.Barrier(len(rounds))
    errors: list[BaseException] = []

    def go(index: int) -> None:
        try:
            start.wait(WAIT_S)
            run(rounds[index])
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(rounds))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(4 * WAIT_S)
    assert not [t for t in threads if t.is_alive()]
    assert errors == []

    rows = editions(store, gemeente)
    assert [row.nummer for row in rows] == [1, 2, 3, 4]
    assert sorted(row.ronde_id for row in rows) == sorted(ctx.ronde.id for ctx in rounds)
    period_of = {ctx.ronde.id: ctx.ronde.periode for ctx in rounds}
    order = [period_of[row.ronde_id] for row in rows]  # the order the rounds took the gemeente
    for count, row in enumerate(rows, start=1):
        # edition N: edition N−1's changes plus the one this round adopted, none lost or doubled
        assert _changes(row.secties[SECTIE]) == [wijziging(p) for p in order[:count]]
        pdf = Path(row.pdf_pad)
        assert pdf.name == f"handreiking-editie-{count}.pdf"
        assert sha256(pdf) == row.pdf_sha256
        applied = stored_result(store, row.ronde_id, Fase.APPLY)
        assert isinstance(applied, ApplyResult)
        assert (applied.editie, applied.pdf_sha256) == (count, row.pdf_sha256)
        assert applied.voortgebouwd_op == (count - 1 or None)
        # every round began before any edition was made: each later one says what it built on
        melding = applied.melding
        if count == 1:
            assert melding is None
        else:
            assert melding is not None
            assert melding.startswith(f"Editie {count} bouwt voort op editie {count - 1}, ")
            assert f"plus die van ronde {row.ronde_id} ({order[count - 1]})." in melding
        html = Path(row.html_pad).read_text(encoding="utf-8")
        assert [p for p in periods if wijziging(p) in html] == sorted(order[:count])
    assert temporaries(Path(rows[0].pdf_pad).parent) == []


#: a round run in a process of its own, whose PDF renderer writes a little and then hangs
KILLED_ROUND = """
import os, sys, time
from pathlib import Path
import makelaar.handreiking.render as render_module
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from tests.cycles.edities_testing import context, run

def hanging(html, target):
    with target.open("wb") as stream:
        stream.write(f"%PDF-1.7\\n% renderer {os.getpid()}\\n".encode())
        stream.flush()
        time.sleep(600)

render_module.write_pdf = hanging
url, data_dir, out_dir, gemeente = sys.argv[1:]
store = Store(url)
run(context(store, Settings(data_dir=Path(data_dir), output_dir=Path(out_dir)), gemeente, "2026-H1"))
"""


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended


def _wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"waited {WAIT_S:g} s for {what}"
        time.sleep(0.05)


def test_a_round_killed_while_it_renders_keeps_its_number_and_leaves_no_temporary_file(
    store: Store, settings: Settings, gemeente: str
) -> None:
    out_dir = settings.output_dir / "proefdorp"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLED_ROUND,
            store.url,
            str(settings.data_dir),
            str(settings.output_dir),
            gemeente,
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def rendering() -> bool:
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            return any(
                (out_dir / name).read_bytes().startswith(b"%PDF")
                for name in temporaries(out_dir)
                if name.startswith(".handreiking-editie-1.pdf.")
            )

        _wait_for(rendering, "the killed round's renderer to start writing")
        [pdf_tmp] = [n for n in temporaries(out_dir) if n.startswith(".handreiking-editie-1.pdf")]
        renderer = int((out_dir / pdf_tmp).read_bytes().split(b"renderer ")[1].split()[0])
        os.kill(child.pid, signal.SIGKILL)
        child.wait(WAIT_S)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stderr:
            child.stderr.close()
    _wait_for(lambda: not _alive(renderer), "the renderer to die with its parent")
    left = temporaries(out_dir)
    assert pdf_tmp in left  # what a killed writer leaves: removed by the next render
    [claimed] = editions(store, gemeente)
    assert (claimed.nummer, claimed.pdf_sha256) == (1, "")  # recorded, not made

    killed = context(store, settings, gemeente, "2026-H1")
    later = context(store, settings, gemeente, "2026-H2")
    with pytest.raises(EditieNietAf) as refused:
        run(later)
    assert str(refused.value) == (
        f"Ronde {later.ronde.id} (tekstcyclus, 2026-H2) kan haar editie van de handreiking voor "
        f"Proefdorp nog niet maken: editie 1 is vastgelegd voor ronde {killed.ronde.id} "
        "(tekstcyclus, 2026-H1), maar niet af (die run is afgebroken), en elke nieuwe editie "
        "bouwt voort op de vorige. Maak eerst editie 1 af: 'makelaar round run --cycle "
        f"tekstcyclus --period 2026-H1 --gemeente {gemeente}' (of 'makelaar handreiking render "
        f"{killed.ronde.id}'), en voer daarna ronde {later.ronde.id} opnieuw uit."
    )
    assert temporaries(out_dir) == left  # the refusal wrote nothing

    run(killed)  # resumes at apply: the same number, rendered, the stale files removed
    assert temporaries(out_dir) == []
    run(later)
    rows = editions(store, gemeente)
    assert [(r.nummer, r.ronde_id) for r in rows] == [(1, killed.ronde.id), (2, later.ronde.id)]
    assert _changes(rows[1].secties[SECTIE]) == [wijziging("2026-H1"), wijziging("2026-H2")]
    assert all(sha256(Path(r.pdf_pad)) == r.pdf_sha256 for r in rows)
    assert temporaries(out_dir) == []
