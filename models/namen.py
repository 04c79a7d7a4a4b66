"""Person names in free text: a form of address with the name after it ("mevr. A. de Vries"),
initials with a surname, given names from the shipped list (models/data/voornamen.txt) alone or
with a surname ("Pieter de Boer"), and surnames known by their form ("Dijkstra", "Jansen").

Given names that are also Dutch words (STOP_WORDS: "Roos", "Wil") are names only with a surname
after them or a title before them. Streets and organisations named after a person ("Jan van
Galenstraat", "Stichting Jan de Wit", "Albert Heijn") are not names of people here.
`find_names(text)` gives the spans; models.privacy's Screener masks them as "[naam]", together
with the names it knows from person columns. The word lists the finder flags words by (titles,
particles, stop words, street and organisation words) are in models.woordenlijsten.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import cast

from makelaar.models.woordenlijsten import (
    ABBREVIATED_TITLES,
    ACADEMIC_TITLES,
    FRISIAN_ENDINGS,
    FUNCTION_WORDS,
    MONTHS,
    NOT_FRISIAN,
    ORGANISATION_ENDINGS,
    ORGANISATION_WORDS,
    ORGANISATIONS,
    PARTICLES,
    PATRONYMIC_ENDINGS,
    ROLES,
    ROYALS,
    STOP_WORDS,
    STREET_ENDINGS,
    TITLES,
)

GIVEN_NAMES_FILE = Path(__file__).with_name("data") / "voornamen.txt"

_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "đ": "d", "ø": "o", "Ø": "O", "ß": "ss"})

# Initials ("J.P.", "A."), words (with hyphens inside: "Jan-Willem", "Bakker-de Vries"), "'t",
# and numbers; split() gives the gaps between them too, all in one C call.
_TOKENS = re.compile(
    r"((?:[A-Z]\.[ ]?){0,3}[A-Z]\.(?![^\W\d_])"
    r"|[^\W\d_]+(?:-[^\W\d_]+)*"
    r"|['’]t(?![^\W\d_])"
    r"|\d+)"
)
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_INITIAL = re.compile(r"(?<![^\W\d_])[A-Z]\.")

# Word flags, computed once per distinct word (see _flags)
(
    _GIVEN,
    _STOP,
    _PARTICLE,
    _TITLE,
    _ROLE,
    _ROYAL,
    _STREET,
    _ORGANISATION,
    _FUNCTION,
    _MONTH,
    _SURNAME,
    _CAPITAL,
    _INITIALS,  # the kind of token, when it is no word
    _T,
    _NUMBER,
    _ABBREVIATED,  # an abbreviated title: mevr, dhr, dr, ...
    _ADDRESS,  # a form of address (TITLES): a lower-case name may follow its abbreviation
    _STREET_WORD,  # a street or building word itself: laan, ziekenhuis, ...
) = (1 << bit for bit in range(18))
_NO_WORD = _INITIALS | _T | _NUMBER
_WORD = 0  # for _Scan._is: a word, none of the kinds above
_NOT_A_SURNAME = _TITLE | _ROLE | _ROYAL | _STREET | _ORGANISATION | _FUNCTION | _MONTH
_START = _GIVEN | _TITLE | _ROLE | _SURNAME  # a name can start at (or right after) such a word
# what a capitalised word right after a title, a given name or a particle cannot be
_NOT_A_CAPITALISED_SURNAME = _TITLE | _ROLE | _ROYAL | _ORGANISATION
_MAX_NAME_WORDS = 4
_TEXT_CACHE_LIMIT = 20_000  # short notes remembered, at most this many ...
_CACHED_TEXT_LENGTH = 300  # ... of at most this length (the ones a logbook repeats)


def fold(word: str) -> str:
    """A word as compared: lower case, accents dropped ('Özdemir' and 'ozdemir' are one)."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def read_given_names(lines: Iterable[str]) -> frozenset[str]:
    """The folded names in a voornamen.txt: one a line, '#' starts a comment line."""
    return frozenset(fold(line.strip()) for line in lines if line.strip() and line[0] != "#")


@cache
def given_names() -> frozenset[str]:
    """The shipped list of common given names in the Netherlands, folded."""
    with GIVEN_NAMES_FILE.open(encoding="utf-8") as handle:
        return read_given_names(handle)


class NameFinder:
    """Finds person names in free text; one instance serves any number of texts."""

    def __init__(self, names: frozenset[str] | None = None) -> None:
        """`names`: folded given names (default: the shipped list)."""
        self._given = given_names() if names is None else names
        self._cache: dict[str, int] = {}
        self._starts: set[str] = set()  # cached words a name can start at
        self._texts: dict[str, list[tuple[int, int]]] = {}  # notes repeat: "Koffieochtend", ...

    def _flags(self, word: str) -> int:
        flags = self._cache.get(word)
        if flags is not None:
            return flags
        if word[0].isdigit():  # numbers, 't and initials are no words and never cached
            return _NUMBER
        if word[0] in "'’":
            return _T | _PARTICLE
        if word[-1] == ".":
            return _INITIALS
        token = fold(word)
        flags = _CAPITAL if word[0].isupper() else 0
        if (
            token in self._given
            or (  # a genitive: "Fatimas fiets"
                len(token) > 3
                and token[-1] == "s"
                and word[0].isupper()
                and token[:-1] in self._given
            )
            or ("-" in token and all(part in self._given for part in token.split("-")))
        ):  # "Jan-Willem"
            flags |= _GIVEN
        if token in STOP_WORDS:
            flags |= _STOP
        if word[0].isupper() and self._surname_by_form(token):
            flags |= _SURNAME
        if token in PARTICLES:
            flags |= _PARTICLE
        if token in TITLES:
            flags |= _TITLE | _ADDRESS
        if token in ACADEMIC_TITLES:
            flags |= _TITLE
        if token in ABBREVIATED_TITLES:
            flags |= _ABBREVIATED
        if token in STREET_ENDINGS:
            flags |= _STREET_WORD
        if token in ROLES:
            flags |= _ROLE
        if token in ROYALS:
            flags |= _ROYAL
        if token in FUNCTION_WORDS:
            flags |= _FUNCTION | _STOP  # "Onder de tien" (Önder)
        if token in MONTHS:
            flags |= _MONTH
        if token in ORGANISATION_WORDS or token.endswith(ORGANISATION_ENDINGS):
            flags |= _ORGANISATION
        if token.endswith(STREET_ENDINGS) and token not in STREET_ENDINGS:
            flags |= _STREET
        if len(self._cache) > 100_000:
            self._cache.clear()
            self._starts.clear()
        self._cache[word] = flags
        if flags & _START and (flags & (_CAPITAL | _TITLE | _ROLE) or not flags & _STOP):
            self._starts.add(word)  # not "wil", "elke", "roos": never a name in lower case
        return flags

    def _surname_by_form(self, token: str) -> bool:
        """Whether a (folded) word is a surname by its form: Frisian or patronymic."""
        if len(token) >= 6 and token.endswith(FRISIAN_ENDINGS) and token not in NOT_FRISIAN:
            return True
        for ending in PATRONYMIC_ENDINGS:
            if token.endswith(ending):
                stem = token[: -len(ending)]
                if len(stem) >= 3 and stem in self._given and stem not in STOP_WORDS:
                    return True
        return False

    def find(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) spans of person names in `text`, in order, not overlapping (a list
        the caller must not change: the same text gets the same list)."""
        if len(text) > _CACHED_TEXT_LENGTH:
            return self._find(text)
        found = self._texts.get(text)
        if found is None:
            found = self._find(text)
            if len(self._texts) >= _TEXT_CACHE_LIMIT:
                self._texts.clear()
            self._texts[text] = found
        return found

    def _find(self, text: str) -> list[tuple[int, int]]:
        # Most notes name nobody: find that out with set operations before any token is made.
        words = _PLAIN_WORD.findall(text)
        for word in set(words).difference(self._cache):
            self._flags(word)
        if self._starts.isdisjoint(words) and not _INITIAL.search(text):
            return []
        parts = _TOKENS.split(text)  # gap, token, gap, token, ..., gap
        tokens = parts[1::2]
        cached = list(map(self._cache.get, tokens))
        if None in cached:  # initials, 't and numbers (and words, if the cache was just cleared)
            flags = [
                self._flags(token) if flag is None else flag
                for token, flag in zip(tokens, cached, strict=True)
            ]
        else:
            flags = cast(list[int], cached)
        return _Scan(parts, tokens, flags).spans()


class _Scan:
    """One text's tokens, walked once from left to right."""

    def __init__(self, parts: list[str], tokens: list[str], flags: list[int]) -> None:
        self.parts = parts  # gap, token, gap, ...: token i is parts[2i + 1], the gap before it 2i
        self.tokens = tokens
        self.flags = flags
        self.found: list[tuple[int, int]] = []

    def spans(self) -> list[tuple[int, int]]:
        after = 0  # the first token not inside a name found already
        for index, flag in enumerate(self.flags):
            if index >= after and flag & (_START | _INITIALS):
                after = self._at(index)
        if not self.found:
            return []
        ends = list(accumulate(map(len, self.parts)))  # where each part ends
        return [(ends[2 * first], ends[2 * last + 1]) for first, last in self.found]

    # --- tokens --------------------------------------------------------------------------------

    def _word(self, index: int) -> str:
        return self.tokens[index]

    def _is(self, index: int, kind: int) -> bool:
        """Whether token `index` exists and is of `kind` (_WORD: a word, else a kind flag)."""
        if not 0 <= index < len(self.tokens):
            return False
        if kind == _WORD:
            return not self.flags[index] & _NO_WORD
        return bool(self.flags[index] & kind)

    def _capital(self, index: int) -> bool:
        return bool(self.flags[index] & _CAPITAL)

    def _joined(self, left: int, right: int) -> bool:
        """Whether token `right` follows token `left` (the one before it) with only spaces between."""
        gap = self.parts[2 * right]
        return gap == " " or (gap != "" and gap.isspace() and "\n" not in gap)

    def _after_title(self, left: int, right: int, abbreviated: bool) -> bool:
        """Whether `right` follows the title at `left` ('mevr. ', 'mevr ', 'Mevrouw ')."""
        gap = self.parts[2 * right]
        if abbreviated and gap.startswith("."):
            gap = gap[1:]
        return gap == " " or (gap != "" and gap.isspace() and "\n" not in gap)

    # --- the walk ------------------------------------------------------------------------------

    def _at(self, index: int) -> int:
        """Record a name that starts at or right after token `index`; the next index to look at."""
        if self.flags[index] & _INITIALS:
            end = self._surname(index + 1, lower_case=False, after=index)
            if end is not None and not self._street_or_organisation(index, end):
                self._record(index, end)
                return end + 1
            return index + 1
        flag = self.flags[index]
        if flag & (_TITLE | _ROLE):
            found = self._after_form_of_address(index)
            if found is not None:
                return found
        if flag & _GIVEN:
            return self._given_name(index)
        if flag & _SURNAME and not self._street_or_organisation(index, index):
            self._record(index, index)  # "Dijkstra belde", "Jansen van nummer 4"
        return index + 1

    def _after_form_of_address(self, index: int) -> int | None:
        """A name after 'mevr.', 'de heer', 'meneer', 'dr.', 'buurvrouw', ...: the next index."""
        flag = self.flags[index]
        abbreviated = bool(flag & _ABBREVIATED)
        start = index + 1
        if start >= len(self.tokens) or not self._after_title(index, start, abbreviated):
            return None
        first = start
        after: int | None = None
        if self._is(start, _INITIALS):
            after = start
            start += 1
        lower_case = abbreviated and bool(flag & _ADDRESS) and first == start
        end = self._surname(start, lower_case=lower_case, after=after)
        if end is None:
            return None
        if self.flags[end] & _STREET:
            while end >= start and self.flags[end] & _STREET:
                end -= 1  # 'mevr. Jansen Kanaalstraat 12': the street is no part of the name
            if end < start:
                return None
        elif self._street_or_organisation(first, end, before=False):
            return None
        self._record(first, end)
        return end + 1

    def _given_name(self, index: int) -> int:
        """A given name at `index`, with the given names and the surname after it."""
        capital = self._capital(index)
        if not capital and self.flags[index] & (_STOP | _FUNCTION):
            return index + 1  # "ze wil meer", "elke week": words, written as words
        last = index
        # more given names: "Anna Maria", "Jan Willem"
        while (
            self._is(last + 1, _WORD)
            and self.flags[last + 1] & _GIVEN
            and self._capital(last + 1) == capital
            and self._joined(last, last + 1)
        ):
            last += 1
        end = self._surname(last + 1, lower_case=not capital, after=last)
        if end is not None:
            if not self._street_or_organisation(index, end) and not self._brand(index, end):
                self._record(index, end)
            return end + 1
        if self._street_or_organisation(index, last):
            return last + 1
        if any(
            not self.flags[position] & _STOP and not self._month(position)
            for position in range(index, last + 1)
        ):
            self._record(index, last)
        return last + 1

    def _particles(self, position: int, previous: int | None) -> tuple[int, int | None]:
        """Skip the particles at `position` joined on from token `previous` (None: the caller
        checked the gap before `position`): (next position, last token before it)."""
        while (
            self._is(position, _T)
            or (self._is(position, _WORD) and self.flags[position] & _PARTICLE)
        ) and (previous is None or self._joined(previous, position)):
            previous = position
            position += 1
        return position, previous

    def _surname(self, index: int, *, lower_case: bool, after: int | None) -> int | None:
        """The last token of a surname that starts at `index` right after token `after` (None:
        the caller checked the gap):
        particles, then a word (capitalised unless `lower_case`), then more capitalised words,
        particles between them allowed ("Tjon A Fong", "van der Meer-de Groot"). None when there
        is no surname there. A street word counts here; the callers refuse or trim it."""
        position, previous = self._particles(index, after)
        if not self._is(position, _WORD) or (
            previous is not None and not self._joined(previous, position)
        ):
            return None
        flag = self.flags[position]
        if self._capital(position):
            if flag & _NOT_A_CAPITALISED_SURNAME and not flag & _GIVEN:
                return None
        elif not lower_case or flag & (_NOT_A_SURNAME | _PARTICLE):
            return None
        last = position
        for _ in range(_MAX_NAME_WORDS - 1):
            step, joined = self._particles(last + 1, last)
            if (
                self._is(step, _WORD)
                and (joined is None or self._joined(joined, step))
                and self._capital(step)
                and not self.flags[step] & _NOT_A_CAPITALISED_SURNAME
            ):
                last = step
                continue
            break
        return last

    # --- context -------------------------------------------------------------------------------

    def _street_or_organisation(self, first: int, last: int, *, before: bool = True) -> bool:
        """Whether tokens first..last name a street, a building or an organisation, not a person:
        a street ending on the last word, an organisation word or a royal's title before them
        (unless `before` is false), or an organisation or street word right after them."""
        if self.flags[last] & _STREET:
            return True
        if before and self._organisation_before(first):
            return True
        after = last + 1
        return (
            self._is(after, _WORD)
            and self._joined(last, after)
            and (
                bool(self.flags[after] & (_ORGANISATION | _STREET))
                or bool(self.flags[after] & _STREET_WORD)
            )
        )

    def _organisation_before(self, first: int) -> bool:
        """Whether an organisation word or a royal's title stands before token `first`, with only
        particles between ('Stichting Jan de Wit', 'Stichting Al Amal', 'Queen Elisabeth')."""
        before = first - 1
        while before >= 0 and (
            self._is(before, _T) or (self._is(before, _WORD) and self.flags[before] & _PARTICLE)
        ):
            before -= 1
        return (
            before >= 0
            and self._is(before, _WORD)
            and bool(self.flags[before] & (_ORGANISATION | _ROYAL))
            and self._after_title(before, before + 1, abbreviated=True)  # "St. Antonius"
        )

    def _brand(self, first: int, last: int) -> bool:
        name = fold(" ".join(self.tokens[first : last + 1]))
        return name in ORGANISATIONS

    def _month(self, index: int) -> bool:
        """Whether the word at `index` is a month here: '12 jan.', 'jan 2025', 'jan.–mrt.'."""
        if not self.flags[index] & _MONTH:
            return False
        if (
            self._is(index - 1, _NUMBER)
            and self._joined(index - 1, index)
            and len(self._word(index - 1)) <= 2
        ):
            return True  # "12 jan", not "2025 Jan"
        after = self.parts[2 * index + 2]
        if self._is(index + 1, _NUMBER) and after.strip(" .") == "":
            return True
        return not self._capital(index) and after.startswith(".")

    def _record(self, first: int, last: int) -> None:
        self.found.append((first, last))


@cache
def default_finder() -> NameFinder:
    """A NameFinder over the shipped given names, shared by every Screener."""
    return NameFinder()


def find_names(text: str) -> list[tuple[int, int]]:
    """The spans of person names in `text` (see NameFinder)."""
    return default_finder().find(text)
