"""The form logic behind the answering pages and the importers: pages, relevance, calculations,
parsing what people typed, and checking required answers and constraints (ODK semantics).

Answers are kept per question name: text, phone and dates as strings ('YYYY-MM-DD'), integers
as int, decimals as float, select_one as the choice name, select_multiple as a list of names.
Calculated values are strings, as an XForm instance holds them. Values of questions that are
not relevant are not kept.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree import ElementTree

from elementpath import get_node_tree
from elementpath.xpath_nodes import EtreeElementNode, XPathNode

from forms.definitie import Formulier, Groep, Keuze, Teksten, Vraag, VraagType
from forms.xpath import Instantie, compileer

__all__ = [
    "Antwoorden",
    "Kop",
    "Pagina",
    "PaginaUitslag",
    "Toestand",
    "Waarde",
    "WaardeFout",
    "controleer_alles",
    "controleer_pagina",
    "lees_waarde",
    "paginas",
    "schoon",
    "toestand",
    "volgende_pagina",
    "vorige_pagina",
]

Waarde = str | int | float | list[str]
Antwoorden = dict[str, Waarde]

_NIET_GEVRAAGD = (VraagType.NOTE, VraagType.CALCULATE)
_VERPLICHT = {"nl": "Deze vraag is verplicht.", "en": "This question is required."}
_ONGELDIG = {"nl": "Dit antwoord is niet geldig.", "en": "This answer is not valid."}


class WaardeFout(ValueError):
    """A typed or imported value that does not fit its question (message in Dutch and English)."""

    def __init__(self, vraag: str, waarde: object, nl: str, en: str) -> None:
        super().__init__(nl)
        self.vraag = vraag
        self.waarde = waarde
        self.nl = nl
        self.en = en

    def bericht(self, taal: str) -> str:
        """The message in `taal` ('en' gives English, anything else Dutch)."""
        return self.en if taal == "en" else self.nl


@dataclass(frozen=True)
class Kop:
    """A nested group's label, shown as a sub-heading before its questions."""

    groep: Groep
    diepte: int


@dataclass(frozen=True)
class Pagina:
    """One answering page: a top-level group, or a run of top-level questions outside groups."""

    index: int
    groep: Groep | None
    titel: Teksten
    #: what to show in order: questions (notes included, calculations left out) and sub-headings
    items: tuple[Vraag | Kop, ...]

    @property
    def vragen(self) -> tuple[Vraag, ...]:
        """The page's questions and notes in order."""
        return tuple(item for item in self.items if isinstance(item, Vraag))


@dataclass(frozen=True)
class Toestand:
    """The state of a form for given answers."""

    #: names of the questions and groups that are relevant now (a group's relevance included)
    relevant: frozenset[str]
    #: calculated values (calculate rows and questions with a calculation) that are relevant
    berekend: dict[str, str]
    #: names of relevant questions whose `required` holds now
    verplicht: frozenset[str]
    #: the choices each relevant select question offers now (after its choice_filter)
    keuzes: dict[str, list[Keuze]]
    instantie: Instantie = field(repr=False)


@dataclass(frozen=True)
class PaginaUitslag:
    """The outcome of posting one page."""

    antwoorden: Antwoorden
    #: message per question name, in the language asked for
    fouten: dict[str, str]
    #: True when the answers made questions on this page appear or disappear
    gewijzigd: bool
    toestand: Toestand


@dataclass
class _Plan:
    """What is computed once per form: order, pages, paths and the choice instances."""

    order: list[tuple[Vraag | Groep, str | None]]
    paths: list[str]
    pages: list[Pagina]
    #: True when an expression refers to a question later in the form (needs a second pass)
    vooruit: bool
    keuze_nodes: dict[str, list[tuple[XPathNode, Keuze]]]
    vragen: dict[str, Vraag]


_PLANS: OrderedDict[int, tuple[Formulier, _Plan]] = OrderedDict()


def _plan(form: Formulier) -> _Plan:
    key = id(form)
    cached = _PLANS.get(key)
    if cached is not None and cached[0] is form:
        _PLANS.move_to_end(key)
        return cached[1]
    plan = _maak_plan(form)
    _PLANS[key] = (form, plan)
    while len(_PLANS) > 64:
        _PLANS.popitem(last=False)
    return plan


def _maak_plan(form: Formulier) -> _Plan:
    order: list[tuple[Vraag | Groep, str | None]] = []

    def walk(items: list[Vraag | Groep], parent: str | None) -> None:
        for item in items:
            order.append((item, parent))
            if isinstance(item, Groep):
                walk(item.children, item.path)

    walk(form.children, None)
    position = {item.name: index for index, (item, _) in enumerate(order)}
    vooruit = False
    for index, (item, _) in enumerate(order):
        for expression in _expressies(item):
            for name in compileer(expression).namen:
                if position.get(name, -1) >= index:
                    vooruit = True
    keuze_nodes: dict[str, list[tuple[XPathNode, Keuze]]] = {}
    for list_name, keuzes in form.keuzelijsten.items():
        root = ElementTree.Element("root")
        elements = []
        for keuze in keuzes:
            element = ElementTree.SubElement(root, "item")
            ElementTree.SubElement(element, "name").text = keuze.name
            for column, value in keuze.extra.items():
                if re.fullmatch(r"[A-Za-z_][\w.-]*", column):
                    ElementTree.SubElement(element, column).text = value
            elements.append(element)
        tree = get_node_tree(root)
        nodes = {
            id(node.elem): node
            for node in tree.iter_descendants()
            if isinstance(node, EtreeElementNode)
        }
        keuze_nodes[list_name] = [
            (nodes[id(element)], keuze) for element, keuze in zip(elements, keuzes, strict=True)
        ]
    return _Plan(
        order=order,
        paths=[item.path for item, _ in order],
        pages=_paginas(form),
        vooruit=vooruit,
        keuze_nodes=keuze_nodes,
        vragen={item.name: item for item, _ in order if isinstance(item, Vraag)},
    )


def _expressies(item: Vraag | Groep) -> list[str]:
    if isinstance(item, Groep):
        return [item.relevant] if item.relevant else []
    return [
        e
        for e in (
            item.relevant,
            item.constraint,
            item.calculation,
            item.required,
            item.choice_filter,
        )
        if e
    ]


def _zichtbaar(item: Vraag) -> bool:
    return item.type != VraagType.CALCULATE


def _paginas(form: Formulier) -> list[Pagina]:
    pages: list[Pagina] = []
    run: list[Vraag] = []

    def add(groep: Groep | None, titel: Teksten, items: list[Vraag | Kop]) -> None:
        if any(isinstance(item, Vraag) for item in items):
            pages.append(Pagina(len(pages), groep, titel, tuple(items)))

    def flatten(groep: Groep, diepte: int) -> list[Vraag | Kop]:
        items: list[Vraag | Kop] = []
        for child in groep.children:
            if isinstance(child, Groep):
                inner = flatten(child, diepte + 1)
                if any(isinstance(item, Vraag) for item in inner):
                    items.append(Kop(child, diepte + 1))
                    items.extend(inner)
            elif _zichtbaar(child):
                items.append(child)
        return items

    for item in form.children:
        if isinstance(item, Groep):
            add(None, form.titel, list(run))
            run.clear()
            add(item, item.label, flatten(item, 0))
        elif _zichtbaar(item):
            run.append(item)
    add(None, form.titel, list(run))
    return pages


def paginas(form: Formulier) -> list[Pagina]:
    """The form's pages in order (pages with nothing to show are left out)."""
    return list(_plan(form).pages)


def als_tekst(waarde: Waarde | None) -> str:
    """A value as the XForm instance holds it ('' for none, names space-separated)."""
    if waarde is None:
        return ""
    if isinstance(waarde, list):
        return " ".join(waarde)
    if isinstance(waarde, float):
        return repr(int(waarde)) if waarde.is_integer() else repr(waarde)
    return str(waarde)


def toestand(
    form: Formulier, antwoorden: Mapping[str, Waarde], *, nu: datetime | None = None
) -> Toestand:
    """Relevance, calculations, required-ness and allowed choices for these answers."""
    plan = _plan(form)
    instantie = Instantie(form.root, plan.paths, nu=nu)
    given = {name: als_tekst(value) for name, value in antwoorden.items()}
    relevant: dict[str, bool] = {}
    berekend: dict[str, str] = {}
    previous: tuple[dict[str, bool], dict[str, str]] | None = None
    for _ in range(len(plan.order) + 1 if plan.vooruit else 1):
        relevant = {}
        berekend = {}
        for item, parent in plan.order:
            ok = relevant.get(parent, True) if parent is not None else True
            if ok and item.relevant:
                ok = instantie.waar(item.relevant, item.path)
            relevant[item.path] = ok
            if isinstance(item, Groep):
                continue
            if not ok:
                instantie.zet(item.path, "")
            elif item.calculation:
                value = instantie.tekst(item.calculation, item.path)
                value = "" if value in ("NaN", "Infinity", "-Infinity") else value
                instantie.zet(item.path, value)
                berekend[item.name] = value
            else:
                instantie.zet(item.path, given.get(item.name, ""))
        if previous == (relevant, berekend):
            break
        previous = (relevant, berekend)
    names = frozenset(item.name for item, _ in plan.order if relevant[item.path])
    verplicht = frozenset(
        item.name
        for item, _ in plan.order
        if isinstance(item, Vraag)
        and item.name in names
        and item.required
        and instantie.waar(item.required, item.path)
    )
    keuzes: dict[str, list[Keuze]] = {}
    for item, _ in plan.order:
        if not isinstance(item, Vraag) or item.name not in names or not item.list_name:
            continue
        options = plan.keuze_nodes.get(item.list_name, [])
        if item.choice_filter:
            keuzes[item.name] = [
                keuze
                for node, keuze in options
                if instantie.waar(item.choice_filter, item.path, item=node)
            ]
        else:
            keuzes[item.name] = [keuze for _, keuze in options]
    return Toestand(names, berekend, verplicht, keuzes, instantie)


def lees_waarde(vraag: Vraag, raw: str | Sequence[str], form: Formulier) -> Waarde | None:
    """Parse what a person typed or an export cell holds; None when empty; WaardeFout if wrong."""
    if not isinstance(raw, str):
        names = [part for value in raw for part in str(value).split()]
        return _keuzes(vraag, names, form) if names else None
    text = raw.strip()
    if not text or vraag.type == VraagType.NOTE:
        return None
    match vraag.type:
        case VraagType.INTEGER:
            return _integer(vraag, text)
        case VraagType.DECIMAL:
            return _decimal(vraag, text)
        case VraagType.DATE:
            return _datum(vraag, text)
        case VraagType.SELECT_ONE:
            known = [keuze.name for keuze in form.keuzes(vraag)]
            if text not in known:
                raise _onbekende_keuze(vraag, text, known)
            return text
        case VraagType.SELECT_MULTIPLE:
            return _keuzes(vraag, text.split(), form)
        case VraagType.PHONE:
            return _telefoon(vraag, text)
        case _:
            return text


def _integer(vraag: Vraag, text: str) -> int:
    compact = text.replace(" ", "")
    if re.fullmatch(r"[+-]?\d+", compact):
        return int(compact)
    if re.fullmatch(r"[+-]?\d+[.,]0*", compact):  # "12.0" from a spreadsheet export
        return int(re.split(r"[.,]", compact)[0])
    raise WaardeFout(
        vraag.name,
        text,
        f"{text!r} is geen geheel getal; vul een getal in zonder komma, bijvoorbeeld 12.",
        f"{text!r} is not a whole number; enter a number without decimals, for example 12.",
    )


def _decimal(vraag: Vraag, text: str) -> float:
    compact = text.replace(" ", "")
    if compact.count(",") == 1 and "." not in compact:
        compact = compact.replace(",", ".")
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", compact):
        return float(compact)
    raise WaardeFout(
        vraag.name,
        text,
        f"{text!r} is geen getal; vul een getal in, bijvoorbeeld 3,5 of 3.5.",
        f"{text!r} is not a number; enter a number, for example 3.5 or 3,5.",
    )


def _datum(vraag: Vraag, text: str) -> str:
    iso = re.fullmatch(
        r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", text
    )
    day_first = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        if day_first:
            return date(int(day_first[3]), int(day_first[2]), int(day_first[1])).isoformat()
    except ValueError:
        pass
    raise WaardeFout(
        vraag.name,
        text,
        f"{text!r} is geen geldige datum; schrijf de datum als dd-mm-jjjj (bijvoorbeeld "
        "31-12-2026) of jjjj-mm-dd.",
        f"{text!r} is not a valid date; write the date as dd-mm-yyyy (for example 31-12-2026) "
        "or yyyy-mm-dd.",
    )


def _telefoon(vraag: Vraag, text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if re.fullmatch(r"\+?[\d\s().-]+", text) and 8 <= len(digits) <= 15:
        return text
    raise WaardeFout(
        vraag.name,
        text,
        f"{text!r} is geen telefoonnummer; gebruik 8 tot 15 cijfers, eventueel met +, spaties of "
        "streepjes, bijvoorbeeld 06-12345678.",
        f"{text!r} is not a phone number; use 8 to 15 digits, optionally with +, spaces or "
        "dashes, for example +31 6 12345678.",
    )


def _onbekende_keuze(vraag: Vraag, text: str, known: Sequence[str]) -> WaardeFout:
    listed = ", ".join(known)
    return WaardeFout(
        vraag.name,
        text,
        f"{text!r} is geen keuze bij deze vraag; geldig zijn: {listed}.",
        f"{text!r} is not a choice of this question; valid are: {listed}.",
    )


def _keuzes(vraag: Vraag, names: list[str], form: Formulier) -> list[str]:
    known = [keuze.name for keuze in form.keuzes(vraag)]
    if vraag.type == VraagType.SELECT_ONE:
        if len(names) != 1:
            raise WaardeFout(
                vraag.name,
                " ".join(names),
                "kies één antwoord.",
                "choose one answer.",
            )
        if names[0] not in known:
            raise _onbekende_keuze(vraag, names[0], known)
        return names
    chosen: list[str] = []
    for name in names:
        if name not in known:
            raise _onbekende_keuze(vraag, name, known)
        if name not in chosen:
            chosen.append(name)
    return chosen


def _leeg(waarde: Waarde | None) -> bool:
    return waarde is None or waarde == "" or waarde == []


def _bericht(form: Formulier, teksten: Teksten, standaard: Teksten, taal: str) -> str:
    if teksten:
        return form.tekst(teksten, taal)
    return standaard["en"] if taal == "en" else standaard["nl"]


def _controleer(
    form: Formulier, vraag: Vraag, waarde: Waarde | None, staat: Toestand, taal: str
) -> str | None:
    """The message for a relevant question's answer, or None when it is fine."""
    if _leeg(waarde):
        if vraag.name in staat.verplicht:
            return _bericht(form, vraag.required_message, _VERPLICHT, taal)
        return None
    if vraag.name in staat.keuzes:
        allowed = {keuze.name for keuze in staat.keuzes[vraag.name]}
        chosen = waarde if isinstance(waarde, list) else [str(waarde)]
        wrong = [name for name in chosen if name not in allowed]
        if wrong:
            listed = ", ".join(keuze.name for keuze in staat.keuzes[vraag.name])
            return WaardeFout(
                vraag.name,
                wrong[0],
                f"{wrong[0]!r} kan hier niet gekozen worden; geldig zijn nu: {listed}.",
                f"{wrong[0]!r} cannot be chosen here; valid now are: {listed}.",
            ).bericht(taal)
    if vraag.constraint and not staat.instantie.waar(vraag.constraint, vraag.path):
        return _bericht(form, vraag.constraint_message, _ONGELDIG, taal)
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
    """Merge a posted page into the answers, drop non-relevant ones and check the page."""
    page = _plan(form).pages[index]
    voor = toestand(form, antwoorden, nu=nu)
    nieuw: Antwoorden = dict(antwoorden)
    fouten: dict[str, WaardeFout] = {}
    for vraag in page.vragen:
        if not _gevraagd(vraag) or vraag.name not in voor.relevant:
            continue
        posted = [value for value in ingevuld.get(vraag.name, []) if value.strip()]
        try:
            if vraag.type == VraagType.SELECT_MULTIPLE:
                waarde = lees_waarde(vraag, posted, form)
            else:
                waarde = lees_waarde(vraag, posted[0] if posted else "", form)
        except WaardeFout as fout:
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
        elif vraag.name in voor.relevant:
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


def controleer_alles(
    form: Formulier, antwoorden: Mapping[str, Waarde], taal: str, *, nu: datetime | None = None
) -> dict[str, str]:
    """Messages per question across the whole form (for the final submit and for imports)."""
    staat = toestand(form, antwoorden, nu=nu)
    berichten: dict[str, str] = {}
    for vraag in _plan(form).vragen.values():
        if not _gevraagd(vraag) or vraag.name not in staat.relevant:
            continue
        waarde = antwoorden.get(vraag.name)
        try:
            _past(vraag, waarde, form)
        except WaardeFout as fout:
            berichten[vraag.name] = fout.bericht(taal)
            continue
        message = _controleer(form, vraag, waarde, staat, taal)
        if message:
            berichten[vraag.name] = message
    return berichten


def _past(vraag: Vraag, waarde: Waarde | None, form: Formulier) -> None:
    """WaardeFout unless a stored value has the type its question needs."""
    if _leeg(waarde):
        return
    if isinstance(waarde, list):
        if vraag.type != VraagType.SELECT_MULTIPLE:
            raise WaardeFout(vraag.name, waarde, "kies één antwoord.", "choose one answer.")
        lees_waarde(vraag, waarde, form)
        return
    if isinstance(waarde, bool) or (isinstance(waarde, float) and not math.isfinite(waarde)):
        raise WaardeFout(
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
    if vraag.type in (VraagType.DATE, VraagType.PHONE) and parsed != waarde:
        raise WaardeFout(
            vraag.name,
            waarde,
            f"{waarde!r} is niet opgeslagen zoals het hoort (verwacht {parsed!r}).",
            f"{waarde!r} is not stored as it should be (expected {parsed!r}).",
        )


def schoon(
    form: Formulier, antwoorden: Mapping[str, Waarde], *, nu: datetime | None = None
) -> Antwoorden:
    """The canonical stored answers: relevant questions only, calculations filled in, no notes."""
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
        if not _leeg(waarde) and waarde is not None:
            result[vraag.name] = waarde
    return result
