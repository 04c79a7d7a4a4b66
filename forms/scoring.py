"""Scale scores of a response, by the scoring rules shipped next to each instrument.

The rules are declarative (forms/instrumenten/<form_id>.scoring.yaml, read by forms.scoringsregels):
items, which answers score, how neutral and missing answers count, categories, and their source.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from makelaar.forms.definitie import Formulier, Teksten, VraagType
from makelaar.forms.scoringsregels import (
    RULES_SUFFIX,
    Categorie,
    Schaal,
    Scoringsregels,
    load_rules,
)
from makelaar.models.errors import ImportFileError

#: where the shipped instruments and their rules live
RULES_DIR = Path(__file__).parent / "instrumenten"

#: one answer as the forms store it: a choice name (select_one), text, a number, or the chosen
#: names of a select_multiple; None or absent when the question was not answered
Waarde = str | int | float | list[str] | None

_FORM_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


class ScaleScore(BaseModel):
    """A scale's (or subscale's) score for one response, or why it has none."""

    model_config = ConfigDict(frozen=True)

    scale: str
    scorable: bool
    #: a count (int) or a mean (float); None when not scorable
    total: int | float | None = None
    category: str | None = None
    #: the items whose answers went into the total, in the scale's order
    items_used: list[str] = Field(default_factory=list)
    #: items without a usable answer (not answered, or an answer that counts as missing)
    missing: int = 0
    #: why there is no score (Dutch and English), None when scorable
    reason: Teksten | None = None
    subscales: dict[str, ScaleScore] = Field(default_factory=dict)


@functools.cache
def rules_for(form_id: str) -> Scoringsregels | None:
    """The shipped rules of `form_id`, or None when the form has no scored scales."""
    if not _FORM_ID.match(form_id):
        return None
    path = RULES_DIR / f"{form_id}{RULES_SUFFIX}"
    return load_rules(path) if path.is_file() else None


def scores(form_id: str, antwoorden: Mapping[str, Waarde]) -> dict[str, ScaleScore]:
    """Every scale of `form_id` scored on one response's answers (empty for unscored forms)."""
    rules = rules_for(form_id)
    return score_rules(rules, antwoorden) if rules is not None else {}


def scores_json(form_id: str, antwoorden: Mapping[str, Any]) -> dict[str, Any]:
    """`scores` as plain JSON values, as the responses table stores them (respons.scores)."""
    return {
        scale: score.model_dump(mode="json") for scale, score in scores(form_id, antwoorden).items()
    }


def score_rules(rules: Scoringsregels, antwoorden: Mapping[str, Waarde]) -> dict[str, ScaleScore]:
    """Every scale of `rules` scored on one response's answers."""
    return {schaal.id: score_scale(schaal, antwoorden) for schaal in rules.schalen}


def score_scale(schaal: Schaal, antwoorden: Mapping[str, Waarde]) -> ScaleScore:
    """One scale and its subscales scored on one response's answers."""
    geldig = schaal.geldig()
    punten: dict[str, float] = {}
    ongeldig: dict[str, object] = {}
    for item in schaal.items:
        raw = antwoorden.get(item.name)
        antwoord = _keuze(raw)
        if isinstance(antwoord, _Ongeldig) or (antwoord is not None and antwoord not in geldig):
            ongeldig[item.name] = raw
        elif antwoord is not None and antwoord not in schaal.ontbrekend_als:
            punten[item.name] = schaal.item_score(item, antwoord)
    reason = _reden_ongeldig(ongeldig, geldig) if ongeldig else None
    subscales = {
        sub.id: _aggregate(
            schaal,
            sub.id,
            [item.name for item in schaal.items if item.subschaal == sub.id],
            punten,
            sub.max_ontbrekend,
            sub.categorieen,
            reason,
        )
        for sub in schaal.subschalen
    }
    total = _aggregate(
        schaal,
        schaal.id,
        [item.name for item in schaal.items],
        punten,
        schaal.max_ontbrekend,
        schaal.categorieen,
        reason,
    )
    return total.model_copy(update={"subscales": subscales})


def _reden_ongeldig(ongeldig: Mapping[str, object], geldig: list[str]) -> Teksten:
    which = "; ".join(f"{name} = {raw!r}" for name, raw in ongeldig.items())
    return {
        "nl": f"antwoorden die niet bij deze schaal horen: {which} (geldig: {', '.join(geldig)}).",
        "en": f"answers that are not this scale's: {which} (valid: {', '.join(geldig)}).",
    }


def _aggregate(
    schaal: Schaal,
    scale_id: str,
    names: list[str],
    punten: Mapping[str, float],
    max_ontbrekend: int,
    categorieen: list[Categorie],
    ongeldig: Teksten | None,
) -> ScaleScore:
    """The (sub)scale over `names`; not scorable when an answer was invalid or too many miss."""
    used = [name for name in names if name in punten]
    missing = len(names) - len(used)
    if ongeldig is not None:
        return ScaleScore(
            scale=scale_id, scorable=False, items_used=used, missing=missing, reason=ongeldig
        )
    if missing > max_ontbrekend:
        return ScaleScore(
            scale=scale_id,
            scorable=False,
            items_used=used,
            missing=missing,
            reason={
                "nl": f"{missing} van de {len(names)} items zonder bruikbaar antwoord; de regel "
                f"staat er hoogstens {max_ontbrekend} toe.",
                "en": f"{missing} of the {len(names)} items have no usable answer; the rule "
                f"allows at most {max_ontbrekend}.",
            },
        )
    values = [punten[name] for name in used]
    total: int | float
    total = int(sum(values)) if schaal.methode == "telling" else sum(values) / len(values)
    category = next((c.code for c in categorieen if c.van <= total <= c.tot), None)
    return ScaleScore(
        scale=scale_id,
        scorable=True,
        total=total,
        category=category,
        items_used=used,
        missing=missing,
    )


class _Ongeldig:
    """Marks an answer that cannot be a choice name (a list, a fraction, a boolean)."""


_ONGELDIG = _Ongeldig()


def _keuze(raw: object) -> str | _Ongeldig | None:
    """A select_one answer as its choice name: None when unanswered, _ONGELDIG when impossible."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return _ONGELDIG
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else _ONGELDIG
    if isinstance(raw, str):
        return raw.strip() or None
    return _ONGELDIG


def check_form(formulier: Formulier) -> None:
    """Refuse a form whose shipped scoring rules (same form_id) do not fit its questions.

    An adapted form that keeps a scored form's id must keep the scored items as select_one
    questions with exactly the scale's answers; otherwise every response would be silently
    unscorable. Raises ImportFileError naming the item, sheet and row.
    """
    rules = rules_for(formulier.form_id)
    if rules is None:
        return
    for schaal in rules.schalen:
        for item in schaal.items:
            waar = f"de scoringsregels van {formulier.form_id!r} (schaal {schaal.id})"
            advies = "houd de vraag zoals ze was, of geef het formulier een eigen form_id"
            waar_en = f"the scoring rules of {formulier.form_id!r} (scale {schaal.id})"
            advies_en = "keep the question as it was, or give the form a form_id of its own"
            try:
                vraag = formulier.vraag(item.name)
            except KeyError:
                raise ImportFileError(
                    f"{waar} verwachten een vraag {item.name!r}, die het formulier niet heeft; "
                    f"{advies}",
                    f"{waar_en} expect a question {item.name!r}, which the form does not have; "
                    f"{advies_en}",
                    file=formulier.bron,
                    sheet="survey",
                    column="name",
                    value=item.name,
                ) from None
            if vraag.type != VraagType.SELECT_ONE:
                raise ImportFileError(
                    f"{waar}: vraag {item.name!r} moet select_one zijn, niet {vraag.type}; {advies}",
                    f"{waar_en}: question {item.name!r} must be select_one, not {vraag.type}; "
                    f"{advies_en}",
                    file=formulier.bron,
                    sheet="survey",
                    row=vraag.rij,
                    column="type",
                    value=vraag.type.value,
                )
            keuzes = [keuze.name for keuze in formulier.keuzes(vraag)]
            if sorted(keuzes) != sorted(schaal.geldig()):
                raise ImportFileError(
                    f"{waar}: vraag {item.name!r} heeft de keuzes {', '.join(keuzes)}, de schaal "
                    f"verwacht {', '.join(schaal.geldig())}; {advies}",
                    f"{waar_en}: question {item.name!r} has the choices {', '.join(keuzes)}, the "
                    f"scale expects {', '.join(schaal.geldig())}; {advies_en}",
                    file=formulier.bron,
                    sheet="choices",
                    column="list_name",
                    value=vraag.list_name,
                )
