"""What is computed once per form (pages, paths, choice instances) and the state for given
answers: relevance (a group's applies to its children), calculations, required-ness, choices."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock
from types import MappingProxyType
from xml.etree import ElementTree

from elementpath import get_node_tree
from elementpath.xpath_nodes import EtreeElementNode, XPathNode

from makelaar.forms.definitie import Formulier, Groep, Keuze, Teksten, Vraag, VraagType
from makelaar.forms.engine.waarden import Waarde, als_tekst
from makelaar.forms.xpath import Instantie, compileer


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
    """The state of a form for given answers (shared between callers: read it, never change it)."""

    #: names of the questions and groups that are relevant now (a group's relevance included)
    relevant: frozenset[str]
    #: calculated values (calculate rows and questions with a calculation) that are relevant
    berekend: Mapping[str, str]
    #: names of relevant questions whose `required` holds now
    verplicht: frozenset[str]
    #: the choices each relevant select question offers now (after its choice_filter)
    keuzes: Mapping[str, list[Keuze]]
    instantie: Instantie = field(repr=False)


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
    #: "minutes" when an expression uses now(), "hours" for today(), else None
    klok: str | None


_PLANS: OrderedDict[int, tuple[Formulier, _Plan]] = OrderedDict()
_TOESTANDEN: OrderedDict[tuple[object, ...], Toestand] = OrderedDict()
_LOCK = Lock()


def _plan(form: Formulier) -> _Plan:
    key = id(form)
    with _LOCK:
        cached = _PLANS.get(key)
        if cached is not None and cached[0] is form:
            _PLANS.move_to_end(key)
            return cached[1]
    plan = _maak_plan(form)
    with _LOCK:
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
    sources = " ".join(e for item, _ in order for e in _expressies(item)).replace(" (", "(")
    klok = "minutes" if "now(" in sources else "hours" if "today(" in sources else None
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
        klok=klok,
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


def toestand(
    form: Formulier, antwoorden: Mapping[str, Waarde], *, nu: datetime | None = None
) -> Toestand:
    """Relevance, calculations, required-ness and allowed choices for these answers.

    The last few hundred results are kept (a page post, the next-page lookup and the final
    check usually ask for the same answers); a Toestand is never changed after it is made.
    """
    plan = _plan(form)
    given = {name: als_tekst(value) for name, value in antwoorden.items()}
    key = (*_sleutel(form, plan, nu), tuple(sorted(given.items())))
    with _LOCK:
        cached = _TOESTANDEN.get(key)
        if cached is not None:
            _TOESTANDEN.move_to_end(key)
            return cached
    staat = _bereken(form, plan, given, nu)
    with _LOCK:
        _TOESTANDEN[key] = staat
        while len(_TOESTANDEN) > 512:
            _TOESTANDEN.popitem(last=False)
    return staat


def _klok(plan: _Plan, nu: datetime | None) -> object:
    """What a cached result for this form depends on of the clock: `nu` when given; else for a
    form whose expressions read it (today(), now()) the current hour or minute; else nothing."""
    if nu is None and plan.klok:
        return datetime.now().astimezone().isoformat(timespec=plan.klok)
    return nu


def formuliersleutel(form: Formulier, nu: datetime | None) -> tuple[object, ...]:
    """The part of a cache key that says which form, at what time: see toestand."""
    return _sleutel(form, _plan(form), nu)


def _sleutel(form: Formulier, plan: _Plan, nu: datetime | None) -> tuple[object, ...]:
    return (id(plan), form.form_id, form.versie, _klok(plan, nu))


def _bereken(form: Formulier, plan: _Plan, given: dict[str, str], nu: datetime | None) -> Toestand:
    instantie = Instantie(form.root, plan.paths, nu=nu)
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
    return Toestand(
        names, MappingProxyType(berekend), verplicht, MappingProxyType(keuzes), instantie
    )
