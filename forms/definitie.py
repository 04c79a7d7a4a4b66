"""A parsed XLSForm as makelaar uses it: questions, groups, choices and their texts per language.

`forms.xlsform` builds these from an XLSForm file (through pyxform); the answering pages, the
engine that evaluates skip logic and validation, the importers and the scoring all read them.
The model is stored as JSON with each imported form (table `enquete`).
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

#: texts per language code ("nl", "en", or the form's own name for a language it does not code)
Teksten = dict[str, str]


class VraagType(StrEnum):
    """The XLSForm question types makelaar supports (anything else is refused at import)."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    DATE = "date"
    NOTE = "note"
    CALCULATE = "calculate"  # computed, not asked (e.g. a score), kept with the answers
    PHONE = "phone_number"  # text that must look like a phone number (pyxform's "phone number")


class Keuze(BaseModel):
    """One choice of a choice list; `extra` holds its other columns (for choice_filter)."""

    model_config = ConfigDict(frozen=True)

    name: str
    label: Teksten = Field(default_factory=dict)
    extra: dict[str, str] = Field(default_factory=dict)


class Vraag(BaseModel):
    """One row of the survey sheet that holds a value (or shows a note)."""

    model_config = ConfigDict(frozen=True)

    soort: Literal["vraag"] = "vraag"
    name: str
    #: absolute instance path, e.g. /data/welzijn/eenzaam_1 (the path XPath expressions use)
    path: str
    type: VraagType
    label: Teksten = Field(default_factory=dict)
    hint: Teksten = Field(default_factory=dict)
    #: a `required` cell: "yes" becomes "true()"; any other XPath is kept as written (resolved)
    required: str | None = None
    required_message: Teksten = Field(default_factory=dict)
    #: XPath expressions with ${name} already resolved to absolute paths
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: Teksten = Field(default_factory=dict)
    calculation: str | None = None
    default: str | None = None
    readonly: bool = False
    appearance: str | None = None
    #: the choice list's name for select_one / select_multiple
    list_name: str | None = None
    choice_filter: str | None = None
    #: the row in the survey sheet (1 is the header), for messages that point at the source
    rij: int | None = None


class Groep(BaseModel):
    """A begin group … end group block; on the answering pages each top-level group is a page."""

    model_config = ConfigDict(frozen=True)

    soort: Literal["groep"] = "groep"
    name: str
    path: str
    label: Teksten = Field(default_factory=dict)
    relevant: str | None = None
    appearance: str | None = None
    children: list[Onderdeel] = Field(default_factory=list)
    rij: int | None = None


Onderdeel = Annotated[Vraag | Groep, Field(discriminator="soort")]


class Formulier(BaseModel):
    """A whole form: settings, the tree of groups and questions, and the choice lists."""

    model_config = ConfigDict(frozen=True)

    form_id: str
    versie: str
    titel: Teksten
    #: language codes in the order the form declares them; the first that is "nl" is the default
    talen: list[str]
    standaardtaal: str
    #: name of the instance's root element (pyxform: "data"), the first step of every path
    root: str = "data"
    children: list[Onderdeel]
    keuzelijsten: dict[str, list[Keuze]] = Field(default_factory=dict)
    #: the file it was read from, for messages
    bron: str = ""

    def vragen(self) -> Iterator[Vraag]:
        """Every question in form order, depth first (notes and calculations included)."""
        yield from _walk(self.children)

    def vraag(self, name: str) -> Vraag:
        """The question called `name`; KeyError when the form has none."""
        for item in self.vragen():
            if item.name == name:
                return item
        raise KeyError(name)

    def keuzes(self, vraag: Vraag) -> list[Keuze]:
        """The choices of a select question (empty for other types)."""
        return self.keuzelijsten.get(vraag.list_name or "", [])

    def tekst(self, teksten: Teksten, taal: str) -> str:
        """The text in `taal`, else in the default language, else any, else ''."""
        for code in (taal, self.standaardtaal, *self.talen):
            if teksten.get(code):
                return teksten[code]
        return next(iter(teksten.values()), "")


def _walk(items: list[Vraag | Groep]) -> Iterator[Vraag]:
    for item in items:
        if isinstance(item, Groep):
            yield from _walk(item.children)
        else:
            yield item


Groep.model_rebuild()
Formulier.model_rebuild()
