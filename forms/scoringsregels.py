"""The scoring rules of an instrument as data: scales, items, answers, missing rule, bands, source.

Read from forms/instrumenten/<form_id>.scoring.yaml and checked for consistency at load time, so a
rule that cannot be applied is refused with the file and field named. forms/scoring.py applies them.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Literal

import yaml  # PyYAML ships no type hints (mypy override in pyproject)
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from makelaar.forms.definitie import Teksten
from makelaar.models.errors import ImportFileError

RULES_SUFFIX = ".scoring.yaml"


class _Regel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Verwijzing(_Regel):
    """A publication a rule comes from."""

    auteurs: list[str] = Field(min_length=1)
    jaar: int
    titel: str
    publicatie: str


class Bron(_Regel):
    """Where a scale and its scoring come from: published (with references) or makelaar's own."""

    soort: Literal["gepubliceerd", "eigen"]
    verwijzingen: list[Verwijzing] = Field(default_factory=list)
    #: where the rule is stated (section, passage)
    waar: str
    opmerking: str | None = None

    @model_validator(mode="after")
    def _published_has_references(self) -> Bron:
        if self.soort == "gepubliceerd" and not self.verwijzingen:
            raise ValueError("een gepubliceerde bron heeft minstens één verwijzing nodig")
        return self


class Neutraal(_Regel):
    """How the neutral answer counts on every item of a counted scale."""

    antwoord: str
    telt_als: Literal[0, 1]
    toelichting: str


class Item(_Regel):
    """One item of a scale: the question's name, its polarity and (counted scales) what scores 1."""

    name: str
    #: the item's number in the source's own numbering, where it has one
    handleiding_item: int | None = None
    subschaal: str | None = None
    #: negatief: worded so that agreeing means more of what the scale measures (counted scales),
    #: or reverse-scored (mean scales)
    polariteit: Literal["positief", "negatief"]
    #: counted scales: the answers that score 1 (all other valid answers score 0)
    scoort_1: list[str] = Field(default_factory=list)


class Categorie(_Regel):
    """A score band: van <= score <= tot."""

    code: str
    van: float
    tot: float
    label: Teksten


class Subschaal(_Regel):
    id: str
    titel: Teksten
    max_ontbrekend: int = Field(default=0, ge=0)
    categorieen: list[Categorie] = Field(default_factory=list)


class Schaal(_Regel):
    """A scale: its items, how they score, the missing-item rule, its categories and source."""

    id: str
    titel: Teksten
    #: telling: the number of items that score 1; gemiddelde: the mean of the items' values
    methode: Literal["telling", "gemiddelde"]
    #: counted scales: every valid answer of an item
    antwoorden: list[str] = Field(default_factory=list)
    #: mean scales: each valid answer's value
    waarden: dict[str, float] = Field(default_factory=dict)
    #: valid answers that count as missing (e.g. "don't know")
    ontbrekend_als: list[str] = Field(default_factory=list)
    neutraal: Neutraal | None = None
    items: list[Item] = Field(min_length=1)
    max_ontbrekend: int = Field(ge=0)
    #: the missing-item rule in words, with where it is stated
    ontbrekend_regel: str
    categorieen: list[Categorie] = Field(default_factory=list)
    subschalen: list[Subschaal] = Field(default_factory=list)
    bron: Bron

    def geldig(self) -> list[str]:
        """Every answer an item may have (scored ones first, then those counted as missing)."""
        scored = self.antwoorden if self.methode == "telling" else list(self.waarden)
        return [*scored, *self.ontbrekend_als]

    def item_score(self, item: Item, antwoord: str) -> float:
        """The score of a valid, non-missing answer on `item`."""
        if self.methode == "telling":
            return 1 if antwoord in item.scoort_1 else 0
        waarde = self.waarden[antwoord]
        if item.polariteit == "negatief":
            return min(self.waarden.values()) + max(self.waarden.values()) - waarde
        return waarde

    def bereik(self, n_items: int) -> tuple[float, float]:
        """The lowest and highest possible score over `n_items` answered items."""
        if self.methode == "telling":
            return 0, n_items
        return min(self.waarden.values()), max(self.waarden.values())

    @model_validator(mode="after")
    def _consistent(self) -> Schaal:
        _check_items(self)
        _check_answers(self)
        _check_subscales(self)
        _check_categories(self, self.categorieen, len(self.items), self.id)
        for sub in self.subschalen:
            n = sum(1 for item in self.items if item.subschaal == sub.id)
            _check_categories(self, sub.categorieen, n, f"{self.id}.{sub.id}")
        return self


def _check_items(schaal: Schaal) -> None:
    names = [item.name for item in schaal.items]
    doubles = sorted({name for name in names if names.count(name) > 1})
    if doubles:
        raise ValueError(f"schaal {schaal.id}: items komen dubbel voor: {', '.join(doubles)}")
    if schaal.max_ontbrekend >= len(schaal.items):
        raise ValueError(
            f"schaal {schaal.id}: max_ontbrekend {schaal.max_ontbrekend} moet kleiner zijn dan "
            f"het aantal items ({len(schaal.items)})"
        )


def _check_answers(schaal: Schaal) -> None:
    if schaal.methode == "telling":
        if not schaal.antwoorden or schaal.waarden:
            raise ValueError(f"schaal {schaal.id}: een telling heeft antwoorden en geen waarden")
        for item in schaal.items:
            unknown = [a for a in item.scoort_1 if a not in schaal.antwoorden]
            if not item.scoort_1 or unknown or len(item.scoort_1) == len(schaal.antwoorden):
                raise ValueError(
                    f"schaal {schaal.id}, item {item.name}: scoort_1 {item.scoort_1} moet een "
                    f"deel zijn van de antwoorden {schaal.antwoorden} (niet leeg, niet alle)"
                )
    else:
        if not schaal.waarden or schaal.antwoorden:
            raise ValueError(f"schaal {schaal.id}: een gemiddelde heeft waarden en geen antwoorden")
        scored = [item.name for item in schaal.items if item.scoort_1]
        if scored:
            raise ValueError(
                f"schaal {schaal.id}: scoort_1 hoort niet bij een gemiddelde (items {scored})"
            )
    scored = schaal.antwoorden if schaal.methode == "telling" else list(schaal.waarden)
    overlap = set(schaal.ontbrekend_als) & set(scored)
    if overlap:
        raise ValueError(
            f"schaal {schaal.id}: {sorted(overlap)} staat zowel bij de scores als bij ontbrekend_als"
        )
    if schaal.neutraal is not None:
        neutral = schaal.neutraal
        if neutral.antwoord not in schaal.geldig():
            raise ValueError(
                f"schaal {schaal.id}: neutraal antwoord {neutral.antwoord!r} is geen antwoord "
                f"van de schaal ({', '.join(schaal.geldig())})"
            )
        if schaal.methode == "telling":
            for item in schaal.items:
                if (neutral.antwoord in item.scoort_1) != (neutral.telt_als == 1):
                    raise ValueError(
                        f"schaal {schaal.id}, item {item.name}: het neutrale antwoord telt als "
                        f"{neutral.telt_als}, maar scoort_1 is {item.scoort_1}"
                    )


def _check_subscales(schaal: Schaal) -> None:
    ids = [sub.id for sub in schaal.subschalen]
    if len(set(ids)) != len(ids):
        raise ValueError(f"schaal {schaal.id}: subschalen komen dubbel voor: {ids}")
    for item in schaal.items:
        if item.subschaal is not None and item.subschaal not in ids:
            raise ValueError(
                f"schaal {schaal.id}, item {item.name}: subschaal {item.subschaal!r} bestaat "
                f"niet (subschalen: {', '.join(ids) or 'geen'})"
            )
    for sub in schaal.subschalen:
        n = sum(1 for item in schaal.items if item.subschaal == sub.id)
        if n == 0 or sub.max_ontbrekend >= n:
            raise ValueError(
                f"schaal {schaal.id}, subschaal {sub.id}: {n} items, max_ontbrekend "
                f"{sub.max_ontbrekend}; een subschaal heeft items nodig en max_ontbrekend moet "
                "kleiner zijn dan hun aantal"
            )


def _check_categories(schaal: Schaal, categorieen: list[Categorie], n: int, waar: str) -> None:
    """Bands in order without overlap; for a count, whole numbers covering 0..n exactly."""
    if not categorieen:
        return
    codes = [c.code for c in categorieen]
    if len(set(codes)) != len(codes):
        raise ValueError(f"{waar}: categoriecodes komen dubbel voor: {codes}")
    for prev, cat in itertools.pairwise(categorieen):
        if cat.van <= prev.tot:
            raise ValueError(f"{waar}: categorie {cat.code} overlapt met {prev.code}")
    for cat in categorieen:
        if cat.van > cat.tot:
            raise ValueError(
                f"{waar}: categorie {cat.code}: van {cat.van} ligt boven tot {cat.tot}"
            )
    if schaal.methode == "telling":
        bounds = [b for c in categorieen for b in (c.van, c.tot)]
        gaps = [
            (prev.tot, cat.van)
            for prev, cat in itertools.pairwise(categorieen)
            if cat.van != prev.tot + 1
        ]
        if any(b != int(b) for b in bounds) or bounds[0] != 0 or bounds[-1] != n or gaps:
            raise ValueError(
                f"{waar}: de categorieën van een telling moeten de hele getallen 0 tot en met "
                f"{n} zonder gaten dekken"
            )


class Scoringsregels(_Regel):
    """The scoring rules of one form."""

    form_id: str
    schalen: list[Schaal] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_scales(self) -> Scoringsregels:
        ids = [s.id for s in self.schalen]
        if len(set(ids)) != len(ids):
            raise ValueError(f"schalen komen dubbel voor: {ids}")
        return self


def load_rules(path: Path) -> Scoringsregels:
    """The rules in a scoring YAML file; ImportFileError naming the file and the field if bad."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ImportFileError(
            f"geen geldige YAML ({getattr(exc, 'problem', None) or exc}); verbeter het bestand",
            f"not valid YAML ({getattr(exc, 'problem', None) or exc}); correct the file",
            file=str(path),
            row=mark.line + 1 if mark is not None else None,
        ) from exc
    if not isinstance(data, dict):
        raise ImportFileError(
            "scoringsregels moeten een mapping zijn met form_id en schalen",
            "scoring rules must be a mapping with form_id and schalen",
            file=str(path),
            value=type(data).__name__,
        )
    try:
        rules = Scoringsregels.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        raise ImportFileError(
            f"de scoringsregels kloppen niet: {first['msg']} ({exc.error_count()} fout(en))",
            f"the scoring rules are not right: {first['msg']} ({exc.error_count()} error(s))",
            file=str(path),
            column=field,
            value=first.get("input") if field else None,
        ) from exc
    expected = path.name.removesuffix(RULES_SUFFIX)
    if path.name.endswith(RULES_SUFFIX) and rules.form_id != expected:
        raise ImportFileError(
            f"form_id {rules.form_id!r} hoort bij een ander bestand; dit bestand is voor "
            f"{expected!r}",
            f"form_id {rules.form_id!r} belongs to another file; this file is for {expected!r}",
            file=str(path),
            column="form_id",
            value=rules.form_id,
        )
    return rules
