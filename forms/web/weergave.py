"""What a page shows: the engine's pages and state turned into plain values for the templates."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from makelaar.forms import engine
from makelaar.forms.definitie import Formulier, Keuze, Vraag, VraagType
from makelaar.forms.engine.waarden import MAX_TEKST, getal
from makelaar.forms.web.teksten import chrome
from makelaar.models.taal import in_taal

_INPUT: dict[VraagType, tuple[str, str, str]] = {
    # type, inputmode, autocomplete
    VraagType.TEXT: ("text", "", "off"),
    VraagType.INTEGER: ("text", "numeric", "off"),
    VraagType.DECIMAL: ("text", "decimal", "off"),
    VraagType.DATE: ("date", "", "off"),
    VraagType.PHONE: ("tel", "tel", "tel"),
}


@dataclass(frozen=True)
class Geladen:
    """A parsed form with its pages, made once per form and shared by all requests."""

    formulier: Formulier
    paginas: list[engine.Pagina]
    #: per page: its questions and notes in order
    vragen_per_pagina: list[tuple[Vraag, ...]]


@dataclass(frozen=True)
class Keuzeveld:
    name: str
    id: str
    label: str
    gekozen: bool
    #: False for a choice its choice_filter leaves out now (rendered hidden and disabled)
    toegestaan: bool = True


@dataclass(frozen=True)
class Veld:
    """One question as the template renders it."""

    name: str
    soort: str  # invoer, tekstvak, radio, vinkjes, notitie, kop (a nested group's heading)
    label: str
    hint: str
    verplicht: bool
    relevant: bool
    waarde: str = ""
    input_type: str = "text"
    inputmode: str = ""
    autocomplete: str = ""
    fout: str = ""
    keuzes: list[Keuzeveld] = field(default_factory=list)
    #: a text field's most characters (0: none shown), and the sentence that states it
    maxlength: int = 0
    grens: str = ""

    @property
    def doel(self) -> str:
        """The id the error summary links to: the input, or a choice group's first choice."""
        getoond = [k for k in self.keuzes if k.toegestaan]
        return getoond[0].id if getoond else f"veld-{self.name}"


@dataclass(frozen=True)
class Foutlink:
    doel: str
    label: str
    tekst: str


@dataclass(frozen=True)
class Scherm:
    index: int
    titel: str
    vragen: list[Veld]
    fouten: list[Foutlink]


def laad(formulier: Formulier) -> Geladen:
    """The form's pages, computed once."""
    paginas = engine.paginas(formulier)
    return Geladen(formulier, paginas, [p.vragen for p in paginas])


def ingevuld_uit(geladen: Geladen, index: int, form: FormData) -> dict[str, list[str]]:
    """The raw posted values of the page's questions that were on the screen.

    Inputs of questions that are not shown are disabled, so browsers leave them out: a name
    that is present was shown to the person (the engine checks those, and the ones shown before).
    A question the page's script showed and the person left empty (no choice, no check box)
    posts nothing but a hidden `_getoond` field with its name: it counts as posted empty.
    """
    getoond = {v for v in form.getlist("_getoond") if isinstance(v, str)}
    result: dict[str, list[str]] = {}
    for vraag in geladen.vragen_per_pagina[index]:
        if vraag.type == VraagType.NOTE:
            continue
        if vraag.name in form:
            # kept whole: an answer longer than the engine's limit is an error naming it
            result[vraag.name] = [v for v in form.getlist(vraag.name) if isinstance(v, str)]
        elif vraag.name in getoond:
            result[vraag.name] = []
    return result


def zoals_getypt(
    geladen: Geladen,
    index: int,
    ingevuld: Mapping[str, list[str]],
    uitslag: engine.PaginaUitslag,
) -> dict[str, Any]:
    """The answers with page `index` as typed, unchecked (the draft a language switch keeps).

    The engine's reading of the page, and where it could not read a relevant answer (a word
    for a number, a text over the limit) the text as typed, so the page shows it again; the
    checks of the next post, and of the review page, give their messages then.
    """
    antwoorden: dict[str, Any] = dict(uitslag.antwoorden)
    for vraag in geladen.vragen_per_pagina[index]:
        name = vraag.name
        if name in antwoorden or name not in uitslag.fouten:
            continue
        getypt = [waarde for waarde in ingevuld.get(name, []) if waarde.strip()]
        if getypt:
            antwoorden[name] = getypt if vraag.type == VraagType.SELECT_MULTIPLE else getypt[0]
    return antwoorden


def als_ingevuld(antwoorden: Mapping[str, Any], taal: str) -> dict[str, list[str]]:
    """Stored answers as the raw values an input shows (decimals with a comma in Dutch)."""
    return {name: _als_tekst(value, taal) for name, value in antwoorden.items()}


def _als_tekst(value: Any, taal: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, float) and math.isfinite(value):
        text = str(int(value)) if value.is_integer() else repr(value)
        return [in_taal(taal, text.replace(".", ","), text)]  # Dutch writes a decimal comma
    return [str(value)]


def relevant_op_pagina(geladen: Geladen, index: int, staat: engine.Toestand) -> dict[str, bool]:
    """Per question and sub-heading on the page: is it relevant in this state?"""
    result: dict[str, bool] = {}
    for item in geladen.paginas[index].items:
        name = item.groep.name if isinstance(item, engine.Kop) else item.name
        result[name] = name in staat.relevant
    return result


def opnieuw_tonen(
    geladen: Geladen,
    index: int,
    voor: Mapping[str, Any],
    uitslag: engine.PaginaUitslag,
    ingevuld: Mapping[str, list[str]],
    met_script: bool,
) -> bool:
    """True when the post changed the page in a way the person has not seen yet.

    That is: questions became relevant that were not on the screen (the page's script enables
    the inputs of a question it shows and names it in `_getoond`, so a shown question is in
    `ingevuld` and a hidden one is not),
    or, without the script, the choices a select offers changed (a choice_filter on an answer
    of the same page). Questions that disappeared need no second look at the page.
    """
    eerder = engine.toestand(geladen.formulier, voor)
    nu = uitslag.toestand
    for vraag in geladen.vragen_per_pagina[index]:
        if vraag.type == VraagType.NOTE or vraag.name not in nu.relevant:
            continue
        if vraag.name not in eerder.relevant and vraag.name not in ingevuld:
            return True
        if not met_script and _namen(eerder.keuzes.get(vraag.name)) != _namen(
            nu.keuzes.get(vraag.name)
        ):
            return True
    return False


def _namen(keuzes: list[Keuze] | None) -> list[str]:
    return [keuze.name for keuze in keuzes or []]


def keuzes_op_pagina(geladen: Geladen, index: int, staat: engine.Toestand) -> dict[str, list[str]]:
    """Per relevant select question on the page: the names of the choices it offers now."""
    return {
        v.name: _namen(staat.keuzes.get(v.name))
        for v in geladen.vragen_per_pagina[index]
        if v.name in staat.keuzes
    }


def scherm(
    geladen: Geladen,
    index: int,
    ingevuld: Mapping[str, list[str]],
    antwoorden: Mapping[str, Any],
    fouten: Mapping[str, str],
    taal: str,
) -> Scherm:
    """Everything page `index` shows in `taal`: its questions with values, and the errors."""
    formulier = geladen.formulier
    staat = engine.toestand(formulier, antwoorden)
    velden: list[Veld] = []
    for item in geladen.paginas[index].items:
        if isinstance(item, engine.Kop):
            label = formulier.tekst(item.groep.label, taal)
            relevant = item.groep.name in staat.relevant
            velden.append(Veld(item.groep.name, "kop", label, "", False, relevant))
            continue
        keuzes = set(_namen(staat.keuzes[item.name])) if item.name in staat.keuzes else None
        waarden = ingevuld.get(item.name, [])
        relevant = item.name in staat.relevant
        velden.append(_veld(formulier, item, relevant, waarden, keuzes, fouten, taal))
    links = [Foutlink(v.doel, v.label, v.fout) for v in velden if v.fout and v.relevant]
    return Scherm(index, pagina_titel(geladen, index, taal), velden, links)


def pagina_titel(geladen: Geladen, index: int, taal: str) -> str:
    pagina = geladen.paginas[index]
    titel = geladen.formulier.tekst(pagina.titel, taal)
    return titel or geladen.formulier.tekst(geladen.formulier.titel, taal)


def _veld(
    formulier: Formulier,
    vraag: Vraag,
    relevant: bool,
    waarden: list[str],
    toegestaan: set[str] | None,
    fouten: Mapping[str, str],
    taal: str,
) -> Veld:
    label = formulier.tekst(vraag.label, taal) or vraag.name
    hint = formulier.tekst(vraag.hint, taal)
    verplicht = vraag.required not in (None, "", "false()")
    fout = fouten.get(vraag.name, "")
    if vraag.type == VraagType.NOTE:
        return Veld(vraag.name, "notitie", label, hint, False, relevant)
    if vraag.type in (VraagType.SELECT_ONE, VraagType.SELECT_MULTIPLE):
        velden = [
            Keuzeveld(
                k.name,
                f"veld-{vraag.name}-{k.name}",
                formulier.tekst(k.label, taal) or k.name,
                k.name in waarden,
                toegestaan is None or k.name in toegestaan,
            )
            for k in formulier.keuzes(vraag)
        ]
        soort = "radio" if vraag.type == VraagType.SELECT_ONE else "vinkjes"
        return Veld(vraag.name, soort, label, hint, verplicht, relevant, fout=fout, keuzes=velden)
    waarde = waarden[0] if waarden else ""
    if vraag.type == VraagType.TEXT:  # answers to open questions run to several lines
        grens = chrome(taal)["tekens_grens"].format(grens=getal(MAX_TEKST, taal))
        return Veld(
            vraag.name,
            "tekstvak",
            label,
            hint,
            verplicht,
            relevant,
            waarde,
            fout=fout,
            maxlength=MAX_TEKST,
            grens=grens,
        )
    input_type, inputmode, autocomplete = _INPUT.get(vraag.type, ("text", "", "off"))
    return Veld(
        vraag.name,
        "invoer",
        label,
        hint,
        verplicht,
        relevant,
        waarde,
        input_type,
        inputmode,
        autocomplete,
        fout,
    )


@dataclass(frozen=True)
class Regel:
    name: str
    label: str
    waarden: list[str]


@dataclass(frozen=True)
class Samenvatting:
    index: int
    titel: str
    regels: list[Regel]


def samenvatting(geladen: Geladen, antwoorden: Mapping[str, Any], taal: str) -> list[Samenvatting]:
    """The answers per relevant page, as the review page lists them (choice labels, not names)."""
    formulier = geladen.formulier
    relevant = engine.toestand(formulier, antwoorden).relevant
    result = []
    for index, vragen in enumerate(geladen.vragen_per_pagina):
        regels = [
            Regel(
                v.name,
                formulier.tekst(v.label, taal) or v.name,
                _getoond(formulier, v, antwoorden.get(v.name), taal),
            )
            for v in vragen
            if v.type != VraagType.NOTE and v.name in relevant
        ]
        if regels:
            result.append(Samenvatting(index, pagina_titel(geladen, index, taal), regels))
    return result


def _getoond(formulier: Formulier, vraag: Vraag, value: Any, taal: str) -> list[str]:
    waarden = _als_tekst(value, taal)
    if vraag.type in (VraagType.SELECT_ONE, VraagType.SELECT_MULTIPLE):
        labels = {k.name: formulier.tekst(k.label, taal) or k.name for k in formulier.keuzes(vraag)}
        return [labels.get(w, w) for w in waarden]
    return [w for w in waarden if w != ""]


def fouten_per_pagina(
    geladen: Geladen, antwoorden: Mapping[str, Any], fouten: Mapping[str, str], taal: str
) -> list[Foutlink]:
    """Errors of the whole form, each linking to its question on its page."""
    formulier = geladen.formulier
    links = []
    for index, vragen in enumerate(geladen.vragen_per_pagina):
        for vraag in vragen:
            if vraag.name in fouten:
                doel = f"/formulier?pagina={index}#{_doel(formulier, vraag)}"
                label = formulier.tekst(vraag.label, taal) or vraag.name
                links.append(Foutlink(doel, label, fouten[vraag.name]))
    return links


def _doel(formulier: Formulier, vraag: Vraag) -> str:
    keuzes = formulier.keuzes(vraag)
    if vraag.type in (VraagType.SELECT_ONE, VraagType.SELECT_MULTIPLE) and keuzes:
        return f"veld-{vraag.name}-{keuzes[0].name}"
    return f"veld-{vraag.name}"
