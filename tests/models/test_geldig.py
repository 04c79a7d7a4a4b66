"""What a settings key accepts, in both languages, from pydantic's refusals (models.geldig)."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from makelaar.models.geldig import Ongeldig, beschrijving, geldig, toelichting


class Binnen(BaseModel):
    aantal: int = Field(ge=1, **geldig("een heel getal van 1 of meer", "a whole number, 1 or more"))
    kaal: int = Field(0, ge=0)


class Buiten(BaseModel):
    binnen: list[Binnen]
    code: str = "A"

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not value.isupper():
            raise Ongeldig(
                f"{value!r} is geen code; geldig: hoofdletters",
                f"{value!r} is no code; valid: capitals",
            )
        return value


def errors(data: object) -> dict[tuple[object, ...], dict[str, object]]:
    with pytest.raises(ValidationError) as info:
        Buiten.model_validate(data)
    return {tuple(e["loc"]): dict(e) for e in info.value.errors()}


def test_a_fields_description_is_english_with_its_dutch_beside_it() -> None:
    info = Binnen.model_fields["aantal"]
    assert info.description == "a whole number, 1 or more"
    assert beschrijving(Buiten, ("binnen", 0, "aantal")) == {
        "nl": "een heel getal van 1 of meer",
        "en": "a whole number, 1 or more",
    }
    assert beschrijving(Buiten, ("binnen", 0, "kaal")) is None
    assert beschrijving(Buiten, ("onbekend",)) is None


def test_a_refusal_says_what_is_valid_in_both_languages() -> None:
    found = errors({"binnen": [{"aantal": 0, "kaal": -2}], "code": "ab"})
    described = toelichting(Buiten, found[("binnen", 0, "aantal")])
    assert described == {
        "nl": "geldig: een heel getal van 1 of meer",
        "en": "Input should be greater than or equal to 1; valid: a whole number, 1 or more",
    }
    # no description: pydantic's common error types in Dutch, with their bounds
    assert toelichting(Buiten, found[("binnen", 0, "kaal")]) == {
        "nl": "geldig: 0 of meer",
        "en": "Input should be greater than or equal to 0",
    }
    # a validator's own words, both languages kept through pydantic
    assert toelichting(Buiten, found[("code",)]) == {
        "nl": "'ab' is geen code; geldig: hoofdletters",
        "en": "'ab' is no code; valid: capitals",
    }


def test_an_error_type_without_a_dutch_reading_keeps_pydantics_message() -> None:
    found = errors({"binnen": "x"})
    said = toelichting(Buiten, found[("binnen",)])
    assert said["nl"] == "geldig: een lijst, bijv. [a, b]"
    assert said["en"].startswith("Input should be a valid list")
    error = {"type": "url_parsing", "loc": ("code",), "msg": "Input should be a valid URL"}
    assert toelichting(Binnen, error) == {"nl": error["msg"], "en": error["msg"]}
