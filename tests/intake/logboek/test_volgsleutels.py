"""Keys for logbook rows without an ID: the same keys as the lowest-free-ordinal rule, in linear work.

Identical rows (a broker pasting the same line many times) used to cost a digest per earlier copy;
speed itself is measured in bench/logbook_import.py, here the work is counted.
"""

from __future__ import annotations

import hashlib
import random

from makelaar.intake.logboek.bouwers import Volgsleutels


def _reference(bases: list[str]) -> list[str]:
    """The rule spelled out: each row gets the lowest ordinal whose fingerprint is still free."""
    seen: set[int] = set()
    keys = []
    for base in bases:
        ordinal = 1
        while True:
            digest = hashlib.blake2b(f"{base}\x1f{ordinal}".encode(), digest_size=16).digest()
            fingerprint = int.from_bytes(digest[:8], "big")
            if fingerprint not in seen:
                seen.add(fingerprint)
                keys.append(digest.hex())
                break
            ordinal += 1
    return keys


def _digests(rows: int) -> int:
    volg = Volgsleutels(set())
    for _ in range(rows):
        volg.sleutel("acties\x1fUT-MK-01\x1fWK999901\x1f2026-02-02\x1fhuisbezoek")
    return volg.digests


def test_identical_rows_cost_at_most_two_digests_each() -> None:
    # the first copy one digest (ordinal 1), every later copy two (ordinal 1 taken, then the next)
    assert _digests(1000) == 1999
    assert _digests(2000) == 3999


def test_keys_follow_the_lowest_free_ordinal_rule() -> None:
    rng = random.Random(7)
    bases = [rng.choice(["a", "b", "c", "d"]) for _ in range(500)]
    volg = Volgsleutels(set())
    keys = [volg.sleutel(base) for base in bases]
    assert keys == _reference(bases)
    assert len(set(keys)) == len(keys)
    assert volg.digests < 2 * len(bases)


def test_a_taken_fingerprint_is_skipped_as_before() -> None:
    # another row's key (an ID row, say) already holds ordinal 2 of this base
    digest = hashlib.blake2b(b"x\x1f2", digest_size=16).digest()
    seen = {int.from_bytes(digest[:8], "big")}
    volg = Volgsleutels(seen)
    keys = [volg.sleutel("x") for _ in range(3)]
    expected = [
        hashlib.blake2b(f"x\x1f{n}".encode(), digest_size=16).hexdigest() for n in (1, 3, 4)
    ]
    assert keys == expected
