"""Checking answers: a posted page, the whole form, the canonical stored answers, navigation."""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from threading import Lock
from typing import TypeVar

from makelaar.forms.definitie import Formulier, Teksten, Vraag, VraagType
from makelaar.forms.engine.staat import Pagina, Toestand, _plan, formuliersleutel, toestand
from makelaar.forms.engine.waarden import (
    Antwoorden,
    AntwoordError,
    Waarde,
    als_tekst,
    is_leeg,
    lees_waarde,
)
from makelaar.models.taal import Catalogus, catalogus, vertaal

_NIET_GEVRAAGD = (VraagType.NOTE, VraagType.CALCULATE)
STANDAARDMELDINGEN: Catalogus = catalogus(
    "standaardmeldingen",
    {
        "verplicht": {"nl": "Deze vraag is verplicht.", "en": "This question is required."},
        "ongeldig": {"nl": "Dit antwoord is niet geldig.", "en": "This answer is not valid."},
    },
)
"""What a question says when its form gives no required or constraint message of its own."""
#: how many whole-form results (checks and cleaned answers) are remembered: two per respondent
#: between the review page and the submit, about 1.5 kB each
ONTHOUDEN = 10_000
#: answers longer than this (as JSON) are not remembered, so the memory stays under ~0.5 GB
#: even when every entry is that long (a form's answers are a few kB; a page may post 1 MB)
ONTHOUDEN_TOT_TEKENS = 20_000
_UITSLAGEN: OrderedDict[tuple[object, ...], object] = OrderedDict()
_LOCK = Lock()
R = TypeVar("R")


@dataclass(frozen=True)
class PaginaUitslag:
    """The outcome of posting one page."""

    antwoorden: Antwoorden
    #: message per question name, in the language asked for
    fouten: dict[str, str]
    #: True when the answers made questions on this page appear or disappear
    gewijzigd: bool
    toestand: Toestand


def _bericht(form: Formulier, teksten: Teksten, standaard: str, taal: str) -> str:
    if teksten:
        return form.tekst(teksten, taal)
    return vertaal(STANDAARDMELDINGEN, standaard, taal)


def _controleer(
    form: Formulier, vraag: Vraag, waarde: Waarde | None, staat: Toestand, taal: str
) -> str | None:
    """The message for a relevant question's answer, or None when it is fine."""
    if is_leeg(waarde):
        if vraag.name in staat.verplicht:
            return _bericht(form, vraag.required_message, "verplicht", taal)
        return None
    if vraag.name in staat.keuzes:
        allowed = {keuze.name for keuze in staat.keuzes[vraag.name]}
        chosen = waarde if isinstance(waarde, list) else [str(waarde)]
        wrong = [name for name in chosen if name not in allowed]
        if wrong:
            listed = ", ".join(keuze.name for keuze in staat.keuzes[vraag.name])
            return AntwoordError(
                vraag.name,
                wrong[0],
                f"{wrong[0]!r} kan hier niet gekozen worden; geldig zijn nu: {listed}.",
                f"{wrong[0]!r} cannot be chosen here; valid now are: {listed}.",
            ).bericht(taal)
    if vraag.constraint and not staat.instantie.waar(vraag.constraint, vraag.path):
        return _bericht(form, vraag.constraint_message, "ongeldig", taal)
    return None


def _gevraagd(vraag: Vraag) -> bool:
    return vraag.type not in _NIET_GEVRAAGD and not vraag.readonly and not vraag.calculation


def controleer_pagina(
    form: Formulier,
    index: int,
    ingevuld: Mapping[str, list[str]],
    antwoorden: Mapping[str, Waarde],
    taal: str,
    *,
    nu: datetime | None = None,
) -> PaginaUitslag:
    """Merge a posted page into the answers, drop non-relevant ones and check the page.

    A question of the page is read when it was shown (relevant before the post) or posted
    anyway (the page's script showed it at once); a shown select_multiple that is missing from
    the post is empty. Required and constraint are checked for those questions only, so a
    question that just appeared gets no message before the person has seen it.
    """
    page = _plan(form).pages[index]
    voor = toestand(form, antwoorden, nu=nu)
    nieuw: Antwoorden = dict(antwoorden)
    fouten: dict[str, AntwoordError] = {}
    gelezen: set[str] = set()
    for vraag in page.vragen:
        if not _gevraagd(vraag) or (vraag.name not in voor.relevant and vraag.name not in ingevuld):
            continue
        gelezen.add(vraag.name)
        posted = [value for value in ingevuld.get(vraag.name, []) if value.strip()]
        try:
            if vraag.type == VraagType.SELECT_MULTIPLE:
                waarde = lees_waarde(vraag, posted, form)
            else:
                waarde = lees_waarde(vraag, posted[0] if posted else "", form)
        except AntwoordError as fout:
            fouten[vraag.name] = fout
            nieuw.pop(vraag.name, None)
            continue
        if waarde is None:
            nieuw.pop(vraag.name, None)
        else:
            nieuw[vraag.name] = waarde
    na = toestand(form, nieuw, nu=nu)
    nieuw = {name: value for name, value in nieuw.items() if name in na.relevant}
    berichten: dict[str, str] = {}
    for vraag in page.vragen:
        if not _gevraagd(vraag) or vraag.name not in na.relevant:
            continue
        if vraag.name in fouten:
            berichten[vraag.name] = fouten[vraag.name].bericht(taal)
        elif vraag.name in gelezen:
            message = _controleer(form, vraag, nieuw.get(vraag.name), na, taal)
            if message:
                berichten[vraag.name] = message
    shown_before = [v.name for v in page.vragen if v.name in voor.relevant]
    shown_after = [v.name for v in page.vragen if v.name in na.relevant]
    return PaginaUitslag(nieuw, berichten, shown_before != shown_after, na)


def _pagina_relevant(page: Pagina, staat: Toestand) -> bool:
    if page.groep is not None and page.groep.name not in staat.relevant:
        return False
    return any(vraag.name in staat.relevant for vraag in page.vragen)


def volgende_pagina(
    form: Formulier, index: int, antwoorden: Mapping[str, Waarde], *, nu: datetime | None = None
) -> int | None:
    """The next page with something relevant to show, or None after the last."""
    pages = _plan(form).pages
    staat = toestand(form, antwoorden, nu=nu)
    return next(
        (i for i in range(index + 1, len(pages)) if _pagina_relevant(pages[i], staat)), None
    )


def vorige_pagina(
    form: Formulier, index: int, antwoorden: Mapping[str, Waarde], *, nu: datetime | None = None
) -> int | None:
    """The previous page with something relevant to show, or None before the first."""
    pages = _plan(form).pages
    staat = toestand(form, antwoorden, nu=nu)
    return next((i for i in range(index - 1, -1, -1) if _pagina_relevant(pages[i], staat)), None)


def _onthouden(
    soort: str,
    form: Formulier,
    antwoorden: Mapping[str, Waarde],
    nu: datetime | None,
    bereken: Callable[[], R],
) -> R:
    """`bereken()`, remembered for the same form, time, answers and `soort` (the review page and
    the submit that follows check the same stored draft: the second time is a lookup).

    The answers are keyed by their canonical JSON, which tells 3 from "3" and 3.0 (the checks
    look at the stored types); answers JSON cannot hold are not remembered. The caller gets the
    remembered object itself: it must not change it.
    """
    try:
        canonical = json.dumps(antwoorden, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return bereken()
    if len(canonical) > ONTHOUDEN_TOT_TEKENS:
        # long answers are checked anew: kept, ten thousand of them could fill gigabytes
        return bereken()
    key = (soort, *formuliersleutel(form, nu), canonical)
    with _LOCK:
        if key in _UITSLAGEN:
            _UITSLAGEN.move_to_end(key)
            return _UITSLAGEN[key]  # type: ignore[return-value]
    uitslag = bereken()
    with _LOCK:
        _UITSLAGEN[key] = uitslag
        while len(_UITSLAGEN) > ONTHOUDEN:
            _UITSLAGEN.popitem(last=False)
    return uitslag


def controleer_alles(
    form: Formulier, antwoorden: Mapping[str, Waarde], taal: str, *, nu: datetime | None = None
) -> dict[str, str]:
    """Messages per question across the whole form (for the final submit and for imports)."""
    uitslag = _onthouden(
        f"controle:{taal}",
        form,
        antwoorden,
        nu,
        lambda: _controleer_alles(form, antwoorden, taal, nu),
    )
    return dict(uitslag)


def _controleer_alles(
    form: Formulier, antwoorden: Mapping[str, Waarde], taal: str, nu: datetime | None
) -> dict[str, str]:
    staat = toestand(form, antwoorden, nu=nu)
    berichten: dict[str, str] = {}
    for vraag in _plan(form).vragen.values():
        if not _gevraagd(vraag) or vraag.name not in staat.relevant:
            continue
        waarde = antwoorden.get(vraag.name)
        try:
            _past(vraag, waarde, form)
        except AntwoordError as fout:
            berichten[vraag.name] = fout.bericht(taal)
            continue
        message = _controleer(form, vraag, waarde, staat, taal)
        if message:
            berichten[vraag.name] = message
    return berichten


def _past(vraag: Vraag, waarde: Waarde | None, form: Formulier) -> None:
    """AntwoordError unless a stored value has the type its question needs."""
    if is_leeg(waarde):
        return
    if isinstance(waarde, list):
        if vraag.type != VraagType.SELECT_MULTIPLE:
            raise AntwoordError(vraag.name, waarde, "kies één antwoord.", "choose one answer.")
        lees_waarde(vraag, waarde, form)
        return
    if isinstance(waarde, bool) or (isinstance(waarde, float) and not math.isfinite(waarde)):
        raise AntwoordError(
            vraag.name,
            waarde,
            f"{waarde!r} is geen geldig antwoord.",
            f"{waarde!r} is not a valid answer.",
        )
    if vraag.type == VraagType.INTEGER and isinstance(waarde, int):
        return
    if vraag.type == VraagType.DECIMAL and isinstance(waarde, int | float):
        return
    parsed = lees_waarde(vraag, als_tekst(waarde), form)
    if vraag.type != VraagType.TEXT and (parsed != waarde or type(parsed) is not type(waarde)):
        raise AntwoordError(
            vraag.name,
            waarde,
            f"{waarde!r} is niet opgeslagen zoals het hoort (verwacht {parsed!r}).",
            f"{waarde!r} is not stored as it should be (expected {parsed!r}).",
        )


def schoon(
    form: Formulier, antwoorden: Mapping[str, Waarde], *, nu: datetime | None = None
) -> Antwoorden:
    """The canonical stored answers: relevant questions only, calculations filled in, no notes."""
    bewaard = _onthouden("schoon", form, antwoorden, nu, lambda: _schoon(form, antwoorden, nu))
    return {name: list(w) if isinstance(w, list) else w for name, w in bewaard.items()}


def _schoon(form: Formulier, antwoorden: Mapping[str, Waarde], nu: datetime | None) -> Antwoorden:
    staat = toestand(form, antwoorden, nu=nu)
    result: Antwoorden = {}
    for vraag in _plan(form).vragen.values():
        if vraag.name not in staat.relevant or vraag.type == VraagType.NOTE:
            continue
        if vraag.name in staat.berekend:
            if staat.berekend[vraag.name] != "":
                result[vraag.name] = staat.berekend[vraag.name]
            continue
        waarde = antwoorden.get(vraag.name)
        if not is_leeg(waarde) and waarde is not None:
            result[vraag.name] = list(waarde) if isinstance(waarde, list) else waarde
    return result
