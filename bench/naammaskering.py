"""Benchmark: how well the free-text screener masks person names, on a labelled set of notes.

The set (tests/models/data/naamnotities.jsonl) holds realistic logbook notes and reflection answers,
each with the person names in it. The screener runs as on an import with no names from person
columns yet (so only titles, initials and the shipped given names can find a name), and

- recall: the share of names of which every word is masked (particles such as 'de' and 'van'
  need not be);
- precision: the share of masked names ('[naam]') that overlap a real name.

    .venv/bin/python bench/naammaskering.py [--set PATH] [--herhalingen 50]

It prints both figures, every name missed and every false mask, and the speed of `screen` over
the set; the exit code is 1 when recall < 0.95 or precision < 0.9.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from makelaar.models.namen import fold
from makelaar.models.privacy import Pseudonymiser, Screener
from makelaar.models.woordenlijsten import PARTICLES

SET = Path(__file__).resolve().parents[1] / "tests" / "models" / "data" / "naamnotities.jsonl"
RECALL_TARGET = 0.95
PRECISION_TARGET = 0.9
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Note:
    """A labelled note: its text and the (start, end) of each person name in it."""

    text: str
    names: tuple[tuple[int, int], ...]


@dataclass
class Outcome:
    """Recall and precision over a set, with the misses and the false masks behind them."""

    names: int = 0
    found: int = 0
    masked: int = 0
    right: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)  # (note, name)
    wrong: list[tuple[str, str]] = field(default_factory=list)  # (note, masked text)

    @property
    def recall(self) -> float:
        return self.found / self.names if self.names else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.masked if self.masked else 1.0

    def report(self) -> str:
        """The figures, then every miss and every false mask, one a line."""
        lines = [
            f"recall:    {self.recall:.3f} ({self.found} of {self.names} names masked whole; "
            f"target >= {RECALL_TARGET})",
            f"precision: {self.precision:.3f} ({self.right} of {self.masked} masks on a name; "
            f"target >= {PRECISION_TARGET})",
        ]
        lines += [f"  missed {name!r} in: {note}" for note, name in self.missed]
        lines += [f"  masked {text!r}, no name, in: {note}" for note, text in self.wrong]
        return "\n".join(lines)


def load_notes(path: Path = SET) -> list[Note]:
    """The labelled notes in a JSONL file: {"tekst": ..., "namen": [names in order of appearance]}."""
    notes = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            text: str = record["tekst"]
            spans = []
            cursor = 0
            for name in record["namen"]:
                start = text.find(name, cursor)
                if start < 0:
                    raise ValueError(
                        f"{path}, regel {number}: naam {name!r} staat niet in {text!r}"
                    )
                spans.append((start, start + len(name)))
                cursor = start + len(name)
            notes.append(Note(text, tuple(spans)))
    return notes


def _words(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """The letter runs in text[start:end] that are not particles."""
    for match in _LETTERS.finditer(text, start, end):
        if fold(match.group()) not in PARTICLES:
            yield match.span()


def evaluate(notes: Sequence[Note], screener: Screener) -> Outcome:
    """Recall and precision of `screener` on `notes`."""
    outcome = Outcome()
    for note in notes:
        spans = screener.spans(note.text)
        for start, end in note.names:
            outcome.names += 1
            if all(
                any(s <= word_start and word_end <= e for s, e, _ in spans)
                for word_start, word_end in _words(note.text, start, end)
            ):
                outcome.found += 1
            else:
                outcome.missed.append((note.text, note.text[start:end]))
        for start, end, kind in spans:
            if kind != "naam":
                continue
            outcome.masked += 1
            if any(start < name_end and name_start < end for name_start, name_end in note.names):
                outcome.right += 1
            else:
                outcome.wrong.append((note.text, note.text[start:end]))
    return outcome


def new_screener() -> Screener:
    """A screener as on a first import: a key, no names from person columns."""
    return Screener(Pseudonymiser(bytes(range(32))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=SET)
    parser.add_argument("--herhalingen", type=int, default=50)
    args = parser.parse_args()
    notes = load_notes(args.set)
    outcome = evaluate(notes, new_screener())
    sys.stdout.write(f"{len(notes)} notes, {outcome.names} names\n{outcome.report()}\n")
    screener = new_screener()
    texts = [note.text for note in notes] * args.herhalingen
    started = time.perf_counter()
    for text in texts:
        screener.screen(text)
    seconds = time.perf_counter() - started
    sys.stdout.write(
        f"screen: {len(texts) / seconds:,.0f} notes/s ({len(texts):,} notes in {seconds:.2f} s)\n"
    )
    ok = outcome.recall >= RECALL_TARGET and outcome.precision >= PRECISION_TARGET
    sys.stdout.write("within targets\n" if ok else "OUTSIDE TARGETS\n")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
