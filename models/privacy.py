"""Privacy at the door: keyed pseudonyms for persons and households, and a free-text screener.

Names, addresses, phone numbers and e-mail addresses never enter the store in clear
(RELIABILITY.md §7):

- persons, households and brokers known only by name become keyed pseudonyms: HMAC-SHA256 over
  a domain ("persoon", "huishouden", "makelaar") and the normalised value, with a key that lives
  outside the database (MAKELAAR_PSEUDONYM_KEY or the key file, see `load_key`, which lives in
  models.pseudonym_key and is named here for callers); a value that names nobody ('-',
  'n.v.t.', 'onbekend', invisible characters, see `means_nobody`) is no person and gets no
  pseudonym (`NoPersonError`): callers read it as an empty cell;
- free-text notes pass through `Screener.screen`, which masks postcodes, phone numbers, e-mail
  addresses, IBANs, street addresses, known names, and the names models.namen finds in free text
  (after a title, with initials, from the shipped list of given names), and counts what it
  masked. Names from earlier imports are known only as HMAC hashes of their name parts
  (`name_token_hashes`), so the store never needs them in clear.

Nothing in this module logs; clear names appear nowhere in what it returns, except where a caller
passed a text that `screen` left unmasked.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from makelaar.models.namen import NameFinder
from makelaar.models.pseudonym_key import KEY_BYTES
from makelaar.models.pseudonym_key import load_key as load_key  # callers find the key here too
from makelaar.models.taal import in_taal

LABEL_PREFIXES: Mapping[str, str] = {"persoon": "P", "huishouden": "HH", "makelaar": "MK"}
"""Pseudonym kinds that have a short label, and the label's prefix."""

NAME_TOKEN_KIND = "naamdeel"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TUSSENVOEGSELS = _words(
    "van de der den het ter ten te in 't t op von el al la le du dos da di bin ben d l"
)
TITLES = _words("dhr mevr mw mr dr ir drs fam familie")

# Name parts that are also everyday Dutch words ("meer", "jong", "wit", "post", ...). A known name
# part from this list is masked only when written with a capital or when it stands next to another
# name part ("Jan van der Meer", "mevrouw De Jong"), so "ze wil meer contact" stays readable.
COMMON_WORDS = _words(
    """
    meer jong wit groot klein berg dijk bakker visser smit smid mol kok vos haan hart brink veen
    beek bosch bos brug roos koning bruin koster kramer graaf prins post kuiper zwart lange lang
    jonge leeuw hoek beer kort oud blom bloem stam riet wolf dam kamp poel ven heuvel akker veld
    water zee goud zon ster ruiter keizer boom hout wal baas winter zomer vrij blij goed mulder
    schilder timmerman koopman slager hoop wil els mark lot fleur mei hans rob bas kees dag sterk
    """
)

MASKS: Mapping[str, str] = {
    "postcode": "[postcode]",
    "telefoon": "[telefoonnummer]",
    "email": "[e-mailadres]",
    "naam": "[naam]",
    "adres": "[adres]",
    "iban": "[rekeningnummer]",
}

# --------------------------------------------------------------------------------------------
# Pseudonyms
# --------------------------------------------------------------------------------------------

_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "‐": "-", "‑": "-"})
_NOT_NAME_CHARACTER = re.compile(r"[^\w\s'-]|_")
_LETTERS = re.compile(r"[^\W\d_]+")


#: words a person cell uses for "nobody" (compared case-folded, without spaces and final dots)
NOBODY_WORDS = _words("n.v.t nvt n/a onbekend geen niemand none unknown nobody")
#: characters that take no space: zero-width (non-)joiners and space, word joiner, BOM, soft hyphen
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


class NoPersonError(ValueError):
    """A pseudonym was asked for a value that names nobody (see `means_nobody`).

    Callers read such a value as an empty cell; where one does tell the user, `tekst(taal)` says
    it in their language (str(error) is the Dutch).
    """

    def __init__(self, nl: str, *, en: str | None = None) -> None:
        super().__init__(nl)
        self.en = en

    def tekst(self, taal: str | None) -> str:
        """The message in `taal`: its English where it carries one, else the Dutch."""
        return in_taal(taal, str(self), str(self) if self.en is None else self.en)


def means_nobody(value: str) -> bool:
    """True when a person cell names nobody: only whitespace or invisible characters (zero-width,
    BOM, no-break space), no letter or digit at all ('-', '?'), or a word for nobody ('n.v.t.',
    'nvt', 'onbekend', 'geen', ...). Such a cell is empty, never a person."""
    text = value.translate(_INVISIBLE).casefold()
    if not any(c.isalnum() for c in text):
        return True
    return "".join(text.split()).rstrip(".") in NOBODY_WORDS


def normalise_name(value: str) -> str:
    """A name as compared: accents dropped, case folded, punctuation except - and ' made a space,
    whitespace collapsed. 'Jan  de Vriës' and 'jan de vries' are the same name."""
    decomposed = unicodedata.normalize("NFKD", value)
    if not decomposed.isascii():
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = decomposed.casefold().translate(_TYPOGRAPHIC)
    return " ".join(_NOT_NAME_CHARACTER.sub(" ", folded).split())


def _normalise_word(word: str) -> str:
    """normalise_name for one run of letters, with a fast path for plain ASCII."""
    if word.isascii():
        return word.lower()
    return normalise_name(word)


def _name_tokens(name: str) -> set[str]:
    """The distinctive parts of a name: letter runs of 3 or more, no tussenvoegsels or titles."""
    return {
        token
        for token in _LETTERS.findall(normalise_name(name))
        if len(token) >= 3 and token not in TUSSENVOEGSELS and token not in TITLES
    }


class Pseudonymiser:
    """Keyed pseudonyms (HMAC-SHA256) for persons, households and brokers."""

    def __init__(self, key: bytes) -> None:
        if len(key) < KEY_BYTES:
            raise ValueError(f"De sleutel voor pseudoniemen is te kort ({len(key)} bytes).")
        self._mac = hmac.new(key, digestmod=hashlib.sha256)

    def __repr__(self) -> str:
        return "Pseudonymiser(<sleutel verborgen>)"

    def _digest(self, kind: str, normalised: str) -> str:
        mac = self._mac.copy()
        mac.update(f"{kind}\0{normalised}".encode())
        return mac.hexdigest()

    def pseudonym(self, kind: str, value: str) -> str:
        """64 hex characters: HMAC-SHA256 of `kind` + NUL + normalise_name(value).

        The same kind and value give the same pseudonym in every run with the same key; another
        kind gives another pseudonym (domain separation: 'persoon', 'huishouden', 'makelaar').
        NoPersonError for a value that names nobody (in a person kind) or normalises to nothing.
        """
        if not kind or "\0" in kind:
            raise ValueError(f"Ongeldige soort pseudoniem: {kind!r}.")
        if kind in LABEL_PREFIXES and means_nobody(value):
            raise NoPersonError(
                f"{value!r} noemt niemand en krijgt geen pseudoniem (soort {kind!r}); lees zo'n "
                "cel als leeg.",
                en=f"{value!r} names nobody and gets no pseudonym (kind {kind!r}); read such a "
                "cell as empty.",
            )
        normalised = normalise_name(value)
        if not normalised:
            raise NoPersonError(
                f"Een lege waarde krijgt geen pseudoniem (soort {kind!r}).",
                en=f"An empty value gets no pseudonym (kind {kind!r}).",
            )
        return self._digest(kind, normalised)

    def label(self, kind: str, value: str) -> str:
        """A short label for reports and the guide: 'HH-3fa2c1d0', 'P-…', 'MK-…'.

        Eight hex characters: readable, but not unique enough to use as a key.
        """
        prefix = LABEL_PREFIXES.get(kind)
        if prefix is None:
            raise ValueError(
                f"Soort {kind!r} heeft geen label; kies uit {', '.join(sorted(LABEL_PREFIXES))}."
            )
        return f"{prefix}-{self.pseudonym(kind, value)[:8]}"

    def name_token_hashes(self, name: str) -> set[str]:
        """HMAC hashes (kind 'naamdeel') of the distinctive parts of a person's name.

        Stored instead of the name, they let a later `Screener` recognise the name in free text.
        """
        return {self._digest(NAME_TOKEN_KIND, token) for token in _name_tokens(name)}


# --------------------------------------------------------------------------------------------
# The screener
# --------------------------------------------------------------------------------------------

_SPACE = r"[ \u00a0]"
_SEP = rf"(?:{_SPACE}?-{_SPACE}?|{_SPACE})"  # between digit groups: '-', ' ', ' - '


def _digits(count: int) -> str:
    """`count` digits, a separator allowed between any two."""
    return rf"\d(?:{_SEP}?\d){{{count - 1}}}"


_AREA_3 = r"0[1-57-9]\d"  # 010, 020, 030, 085, ...; not 06 (mobile) or 0800/0900
_AREA_4 = r"0[1-57-9]\d\d"  # 0111, 0341, ...
_TELEFOON = (
    r"(?=[0+(])(?<!\+)"
    # not a date: "06-03-2024 10" and "06-03-24" are dd-mm-yyyy / dd-mm-yy, not 06 + 8 digits
    rf"(?!\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:\d{{4}}|\d{{2}}(?!{_SEP}?\d)))"
    r"(?:"
    # +31 6 12345678, +31(0)6-12345678, 0031612345678, +31 30 123 45 67
    rf"(?:\+|00){_SPACE}?31{_SPACE}?(?:\(0\){_SPACE}?)?-?{_SPACE}?[1-9](?:{_SEP}?\d){{8}}"
    # other countries: + and 8 to 15 digits
    rf"|\+(?!31)[1-9](?:{_SEP}?\d){{7,14}}"
    # 0800-1234, 0900-1234567
    rf"|0[89]0\d{_SEP}?(?:{_digits(7)}|{_digits(4)})"
    # 0612345678, 06-1234 5678, (06) 12345678
    rf"|(?:06|\(06\)){_SEP}?{_digits(8)}"
    # 030-1234567, 030 123 45 67, (030) 1234567
    rf"|(?:{_AREA_3}|\({_AREA_3}\)){_SEP}?{_digits(7)}"
    # 0341-123456, (0341) 12 34 56
    rf"|(?:{_AREA_4}|\({_AREA_4}\)){_SEP}?{_digits(6)}"
    r")(?!\d|[.,]\d)"
)

# 1234 AB, 1234AB; lower case only written together (3521ab), so "2024 en" is no postcode.
_POSTCODE = (
    r"[1-9]\d{3}"
    rf"(?:{_SPACE}?[A-Z]{{2}}|(?!km|kg|mg|ml|cm|mm|dm|kw|mb|gb|kb|pk)[a-z]{{2}})(?!\w)"
)

_EMAIL = r"(?<![.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])"

_IBAN = r"[Nn][Ll]\d{2}" + _SPACE + r"?[A-Za-z]{4}(?:" + _SPACE + r"?\d){10}(?!\d)"

STREET_SUFFIXES = sorted(
    _words(
        "straat laan weg plein gracht kade singel dijk dreef steeg plantsoen pad hof markt baan "
        "allee boulevard wal park haven veld poort kwartier"
    )
)
# A word ending in a street suffix ("Kanaalstraat", "Amsterdamsestraatweg", "Oude Gracht"), a house
# number that is not a year, and an optional addition (12a, 301bis, 12-2, 12 A, 12 hs).
_HOUSE_NUMBER_AHEAD = rf"(?={_SPACE}+(?:nr\.?{_SPACE}?)?[1-9])"
_STREET_WORD = (
    # a whole word (possessive: no backtracking into it), then cheap checks before the suffixes
    rf"[^\W\d_]++{_HOUSE_NUMBER_AHEAD}(?:(?i:"
    + "|".join(rf"(?<=[^\W\d_]{suffix})" for suffix in STREET_SUFFIXES)
    + r")|"
    + "|".join(rf"(?<=\b{suffix.capitalize()})" for suffix in STREET_SUFFIXES)
    + r")"
)
_ADRES = (
    _STREET_WORD
    + rf"{_SPACE}+(?:nr\.?{_SPACE}?)?"
    + r"(?!(?:19|20)\d\d(?![\da-zA-Z]))[1-9]\d{0,3}(?!\d)"
    + rf"(?:{_SPACE}?-?{_SPACE}?(?:bis|hs|bs|[a-zA-Z])(?!\w)|-\d{{1,3}}(?!\d))?"
)

# Every kind starts a word: one look-behind up front lets the engine skip the rest of a word at
# once. The e-mail alternative is left out of the pattern used for texts without an @.
_KINDS = (
    rf"(?P<iban>{_IBAN})|(?P<telefoon>{_TELEFOON})|(?P<postcode>{_POSTCODE})|(?P<adres>{_ADRES})"
)
_PATTERNS = re.compile(rf"(?<!\w)(?:{_KINDS})")
_PATTERNS_WITH_EMAIL = re.compile(rf"(?<!\w)(?:(?P<email>{_EMAIL})|{_KINDS})")
_TRIGGER = re.compile(r"[\d@]")  # every pattern kind needs a digit or an @
_WORD = re.compile(r"[^\W\d_]{3,}")
_NAME_GAP = re.compile(
    r"[\s'-]*(?:(?:"
    + "|".join(
        sorted(
            (re.escape(word) for word in TUSSENVOEGSELS if "'" not in word), key=len, reverse=True
        )
    )
    + r"|v\.\s?d\.?|v/d)(?![^\W\d_])[\s'-]*)*",
    re.IGNORECASE,
)

_NO_NAME, _NAME, _COMMON_NAME = 0, 1, 2
_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class Screened:
    """A screened text: `text` with every hit masked, and counts per kind of what was masked.

    Kinds: 'postcode', 'telefoon', 'email', 'naam', 'adres', 'iban'; only kinds with hits appear,
    so a clean text has empty `hits`.
    """

    text: str
    hits: Mapping[str, int] = field(default_factory=dict)


class Screener:
    """Masks postcodes, phone numbers, e-mail addresses, IBANs, addresses and known names."""

    def __init__(
        self,
        pseudonymiser: Pseudonymiser,
        known_name_hashes: Iterable[str] = (),
        known_names: Iterable[str] = (),
    ) -> None:
        """`known_name_hashes`: token hashes from the store (`name_token_hashes` of earlier
        imports); `known_names`: clear names seen in the current file, kept in memory for this run
        only and never stored."""
        self._pseudonymiser = pseudonymiser
        self._hashes = frozenset(known_name_hashes)
        self._tokens: set[str] = set()
        self._words: dict[str, int] = {}  # word as written -> _NO_NAME / _NAME / _COMMON_NAME
        # names in free text (titles, initials, given names); its caches of words and notes live
        # as long as this screener, one import or one round's quotes, never longer
        self._finder = NameFinder()
        self.add_names(known_names)

    def __repr__(self) -> str:
        return (
            f"Screener({len(self._hashes)} naamdeel-hashes, {len(self._tokens)} namen in geheugen)"
        )

    def add_names(self, names: Iterable[str]) -> None:
        """Also mask these names (in clear, for this run only)."""
        for name in names:
            self._tokens |= _name_tokens(name)
        self._words.clear()

    def screen(self, text: str | None) -> Screened:
        """`text` with every hit masked, and the number of hits per kind.

        Non-ASCII text comes back in Unicode NFC. Patterns win over names where they overlap.
        """
        if not text:
            return Screened("", {})
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
        spans = self._spans(text)
        if not spans:
            return Screened(text, {})
        parts: list[str] = []
        hits: dict[str, int] = {}
        position = 0
        for start, end, kind in spans:
            parts.append(text[position:start])
            parts.append(MASKS[kind])
            hits[kind] = hits.get(kind, 0) + 1
            position = end
        parts.append(text[position:])
        return Screened("".join(parts), hits)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every hit in the NFC form of `text`, in order, not overlapping:
        what `screen` masks."""
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
        return self._spans(text)

    def _spans(self, text: str) -> list[tuple[int, int, str]]:
        patterns: list[tuple[int, int, str]] = []
        if _TRIGGER.search(text):
            kinds = _PATTERNS_WITH_EMAIL if "@" in text else _PATTERNS
            patterns = [(m.start(), m.end(), m.lastgroup or "") for m in kinds.finditer(text)]
        known = self._name_spans(text, patterns) if self._hashes or self._tokens else []
        free = self._finder.find(text)
        if free:
            known = _union(known, _outside(free, patterns))
        if not known:
            return patterns
        return sorted(patterns + known) if patterns else known

    def _classify(self, word: str) -> int:
        token = _normalise_word(word)
        if token in TUSSENVOEGSELS or token in TITLES:
            return _NO_NAME
        known = token in self._tokens or (
            bool(self._hashes)
            and self._pseudonymiser._digest(NAME_TOKEN_KIND, token) in self._hashes
        )
        if not known and len(token) >= 4 and token.endswith("s"):  # genitive: "Jans fiets"
            stem = token[:-1]
            known = stem in self._tokens or (
                bool(self._hashes)
                and self._pseudonymiser._digest(NAME_TOKEN_KIND, stem) in self._hashes
            )
            token = stem
        if not known:
            return _NO_NAME
        return _COMMON_NAME if token in COMMON_WORDS else _NAME

    def _name_spans(
        self, text: str, patterns: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str]]:
        """Spans of known names outside `patterns`; "Jan van der Vries" is one span."""
        words = self._words
        verdicts = list(map(words.get, _WORD.findall(text)))  # the common case stays in C
        if None in verdicts:
            for word in _WORD.findall(text):
                if word not in words:
                    if len(words) >= _CACHE_LIMIT:
                        words.clear()
                    words[word] = self._classify(word)
        elif not any(verdicts):
            return []
        found: list[tuple[int, int, bool]] = []  # start, end, certain
        index = 0
        for match in _WORD.finditer(text):
            start, end = match.span()
            while index < len(patterns) and patterns[index][1] <= start:
                index += 1
            if index < len(patterns) and patterns[index][0] < end:
                continue  # inside a masked pattern
            word = match.group()
            verdict = words.get(word)
            if verdict is None:  # only when the cache was cleared just now
                verdict = words[word] = self._classify(word)
            if verdict == _NAME:
                found.append((start, end, True))
            elif verdict == _COMMON_NAME:
                found.append((start, end, word[0].isupper()))
        if not found:
            return []
        spans: list[tuple[int, int, str]] = []
        group_start, group_end, group_certain = found[0]
        for start, end, certain in found[1:]:
            if _NAME_GAP.fullmatch(text, group_end, start):
                group_end = end
                group_certain = group_certain or certain
                continue
            if group_certain:
                spans.append((group_start, group_end, "naam"))
            group_start, group_end, group_certain = start, end, certain
        if group_certain:
            spans.append((group_start, group_end, "naam"))
        return spans


def _outside(
    spans: list[tuple[int, int]], patterns: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """The name `spans` that overlap none of the `patterns` (both in order), as 'naam' hits."""
    kept: list[tuple[int, int, str]] = []
    index = 0
    for start, end in spans:
        while index < len(patterns) and patterns[index][1] <= start:
            index += 1
        if index < len(patterns) and patterns[index][0] < end:
            continue
        kept.append((start, end, "naam"))
    return kept


def _union(
    first: list[tuple[int, int, str]], second: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Name hits from two finders as one ordered list; overlapping hits become one."""
    if not first or not second:
        return first or second
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(first + second):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), kind)
        else:
            merged.append((start, end, kind))
    return merged
