"""What a settings file's key accepts, said in both languages when pydantic refuses a value.

A model's field declares what it accepts with `geldig(nl, en)`: the English becomes the field's
description (what developers and the JSON schema read), the Dutch rides along in the schema's
extra. A validator that refuses a value raises `Ongeldig(nl, en)`; pydantic keeps that exception
in the error's context, so its two texts survive validation. `toelichting(model, error)` gives
both for one of pydantic's errors: the validator's own words, else the field's description,
else a Dutch reading of pydantic's common error types beside pydantic's own English message.
Written here because pydantic's messages come in English only and its i18n package
(pydantic-i18n) translates whole messages by regular expression, not the per-field "what is
valid" a user needs to mend a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from makelaar.models.taal import Tekst

__all__ = ["Ongeldig", "beschrijving", "geldig", "toelichting"]

#: the schema extra's key that holds the Dutch of a field's description
_NL = "geldig_nl"

#: pydantic's error types a settings file meets most, in Dutch ({...}: the error's context)
_PYDANTIC_NL: Mapping[str, str] = {
    "missing": "een waarde",
    "int_parsing": "een heel getal",
    "int_from_float": "een heel getal",
    "float_parsing": "een getal",
    "date_parsing": "een datum (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "een datum (JJJJ-MM-DD)",
    "string_type": "tekst",
    "list_type": "een lijst, bijv. [a, b]",
    "dict_type": "sleutels met waarden",
    "model_type": "sleutels met waarden",
    "greater_than_equal": "{ge} of meer",
    "greater_than": "meer dan {gt}",
    "less_than_equal": "{le} of minder",
    "less_than": "minder dan {lt}",
    "too_short": "minstens {min_length}",
    "too_long": "hoogstens {max_length}",
}


class Ongeldig(ValueError):
    """A validator's refusal in both languages: what is wrong and what would be valid."""

    def __init__(self, nl: str, en: str) -> None:
        super().__init__(en)
        self.nl, self.en = nl, en


def geldig(nl: str, en: str) -> dict[str, Any]:
    """Keyword arguments for pydantic's Field: what the field accepts, in both languages."""
    return {"description": en, "json_schema_extra": {_NL: nl}}


def beschrijving(model: type[BaseModel], loc: tuple[int | str, ...]) -> Tekst | None:
    """The description (both languages) of the field at `loc`, walking nested models."""
    huidig: Any = model
    gevonden: Tekst | None = None
    for part in loc:
        if isinstance(part, int) or huidig is None:
            continue
        fields = getattr(huidig, "model_fields", {})
        if part not in fields:
            return gevonden
        info = fields[part]
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        nl = extra.get(_NL)
        gevonden = (
            {"nl": str(nl), "en": info.description or str(nl)} if isinstance(nl, str) else None
        )
        annotation = info.annotation
        args = getattr(annotation, "__args__", ())
        huidig = next((a for a in (annotation, *args) if hasattr(a, "model_fields")), None)
    return gevonden


def toelichting(model: type[BaseModel], error: Mapping[str, Any]) -> Tekst:
    """Why pydantic refused a value and what would be valid, in both languages."""
    context = error.get("ctx") or {}
    eigen = context.get("error")
    if isinstance(eigen, Ongeldig):
        return {"nl": eigen.nl, "en": eigen.en}
    bericht = str(error.get("msg", "")).removeprefix("Value error, ")
    veld = beschrijving(model, tuple(error.get("loc", ())))
    if veld is not None:
        return {"nl": f"geldig: {veld['nl']}", "en": f"{bericht}; valid: {veld['en']}"}
    soort = _PYDANTIC_NL.get(str(error.get("type")))
    nl = f"geldig: {soort.format(**context)}" if soort else bericht
    return {"nl": nl, "en": bericht}
