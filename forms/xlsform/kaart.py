"""Mapping pyxform's normalised survey JSON, and the binds of the XForm it renders (where the
${name} references are resolved to instance paths), onto `forms.definitie`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree

from makelaar.forms import xpath
from makelaar.forms.definitie import Formulier, Groep, Keuze, Onderdeel, Teksten, Vraag, VraagType
from makelaar.forms.engine.waarden import AntwoordError, lees_waarde
from makelaar.forms.xlsform.controle import Controle
from makelaar.forms.xlsform.regels import (
    OTHER_LABEL,
    SURVEY_COLUMNS,
    TRANSLATED,
    TYPES,
    kolom,
    taalcode,
)

_XF = "{http://www.w3.org/2002/xforms}"


class Lezer(Controle):
    """Checks the raw sheets (see Controle) and maps pyxform's result onto a Formulier."""

    def formulier(self, survey_json: dict[str, Any], xml: str, versie: str) -> Formulier:
        binds, filters = _binds(xml)
        root = str(survey_json.get("name") or "data")
        children = [
            item
            for item in (
                self._onderdeel(child, f"/{root}", binds, filters)
                for child in survey_json.get("children", [])
                if not _is_meta(child)
            )
            if item is not None
        ]
        keuzelijsten = {
            str(name): [self._keuze(choice) for choice in choices]
            for name, choices in (survey_json.get("choices") or {}).items()
        }
        talen = self._talen()
        titel = self.setting("form_title") or self.setting("set_form_title")
        form_id = str(survey_json.get("id_string") or "")
        formulier = Formulier(
            form_id=form_id,
            versie=versie,
            titel={self.standaardtaal: titel or form_id},
            talen=talen,
            standaardtaal=self._standaardtaal(talen),
            root=root,
            children=children,
            keuzelijsten=keuzelijsten,
            bron=self.bron,
        )
        self._controleer_expressies(formulier)
        return formulier

    def _talen(self) -> list[str]:
        found: list[str] = []
        for header in (self.raw.survey_header or [{}])[0]:
            base, language = kolom(str(header))
            if SURVEY_COLUMNS.get(base) in TRANSLATED:
                code = taalcode(language) if language else self.standaardtaal
                if code not in found:
                    found.append(code)
        return found or [self.standaardtaal]

    def _standaardtaal(self, talen: list[str]) -> str:
        if self.setting("default_language"):
            return self.standaardtaal
        return "nl" if "nl" in talen else talen[0]

    def _teksten(self, value: object) -> Teksten:
        if value is None or value == "":
            return {}
        if isinstance(value, Mapping):
            return {
                self.standaardtaal if lang == "default" else taalcode(str(lang)): str(text)
                for lang, text in value.items()
                if text not in (None, "")
            }
        return {self.standaardtaal: str(value)}

    def _keuze(self, choice: Mapping[str, Any]) -> Keuze:
        extra = {str(k): str(v) for k, v in choice.items() if k not in ("name", "label")}
        label = self._teksten(choice.get("label"))
        if choice["name"] == "other" and set(label.values()) == {"Other"}:
            label = {**label, "nl": "Anders", "en": "Other"}  # added by "or specify other"
        return Keuze(name=str(choice["name"]), label=label, extra=extra)

    def _onderdeel(
        self,
        item: Mapping[str, Any],
        parent: str,
        binds: dict[str, dict[str, str]],
        filters: dict[str, str],
    ) -> Onderdeel | None:
        name = str(item["name"])
        path = f"{parent}/{name}"
        bind = binds.get(path, {})
        item_bind = item.get("bind") or {}
        rij = self.rijen.get(name)
        if rij is None and name.endswith("_other"):
            rij = self.rijen.get(name.removesuffix("_other"))
        kind = str(item.get("type", ""))
        control = item.get("control") or {}
        if kind == "group":
            return Groep(
                name=name,
                path=path,
                label=self._teksten(item.get("label")),
                relevant=bind.get("relevant"),
                appearance=control.get("appearance"),
                children=[
                    child
                    for child in (
                        self._onderdeel(sub, path, binds, filters)
                        for sub in item.get("children", [])
                    )
                    if child is not None
                ],
                rij=rij,
            )
        vraag_type = TYPES.get(kind)
        if kind == "select one":
            vraag_type = VraagType.SELECT_ONE
        elif kind == "select all that apply":
            vraag_type = VraagType.SELECT_MULTIPLE
        if vraag_type is None:
            raise self.fout(
                f"het vraagtype {kind!r} wordt niet ondersteund.",
                f"the question type {kind!r} is not supported.",
                row=rij,
                column="type",
                value=kind,
            )
        required = bind.get("required")
        label = self._teksten(item.get("label"))
        if name not in self.rijen and name.endswith("_other"):
            label = dict(OTHER_LABEL)  # pyxform's "or specify other" question
        return Vraag(
            name=name,
            path=path,
            type=vraag_type,
            label=label,
            hint=self._teksten(item.get("hint")),
            required=None if required in (None, "false()") else required,
            required_message=self._teksten(item_bind.get("jr:requiredMsg")),
            relevant=bind.get("relevant"),
            constraint=bind.get("constraint"),
            constraint_message=self._teksten(item_bind.get("jr:constraintMsg")),
            calculation=bind.get("calculate"),
            default=None if item.get("default") in (None, "") else str(item["default"]),
            readonly=bind.get("readonly") == "true()",
            appearance=control.get("appearance"),
            list_name=item.get("list_name") or item.get("itemset"),
            choice_filter=filters.get(path),
            rij=rij,
        )

    def _controleer_expressies(self, formulier: Formulier) -> None:
        """Compile every expression once now, so a bad one is refused at import."""
        columns = {
            "relevant": "relevant",
            "constraint": "constraint",
            "calculation": "calculation",
            "required": "required",
            "choice_filter": "choice_filter",
        }
        items: list[Vraag | Groep] = []

        def collect(children: list[Vraag | Groep]) -> None:
            for child in children:
                items.append(child)
                if isinstance(child, Groep):
                    collect(child.children)

        collect(formulier.children)
        for item in items:
            for attribute, column in columns.items():
                expression = getattr(item, attribute, None)
                if not expression:
                    continue
                try:
                    xpath.compileer(expression)
                except xpath.XPathError as err:
                    raise self.fout(
                        f"de expressie {expression!r} is geen geldige XPath: {err.reden}",
                        f"the expression {expression!r} is not valid XPath: {err.reden}",
                        row=item.rij,
                        column=column,
                        value=expression,
                    ) from err
        for vraag in formulier.vragen():
            if vraag.default is None:
                continue
            try:
                lees_waarde(vraag, vraag.default, formulier)
            except AntwoordError as err:
                raise self.fout(
                    f"de standaardwaarde past niet bij de vraag: {err.nl}",
                    f"the default value does not fit the question: {err.en}",
                    row=vraag.rij,
                    column="default",
                    value=vraag.default,
                ) from err


def _is_meta(item: Mapping[str, Any]) -> bool:
    """pyxform's own meta group (instanceID), which is not part of what is asked."""
    return item.get("name") == "meta" and bool((item.get("control") or {}).get("bodyless"))


def _binds(xml: str) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """From pyxform's XForm: bind attributes per path, and choice filters per select's path."""
    document = ElementTree.fromstring(xml)
    binds: dict[str, dict[str, str]] = {}
    for bind in document.iter(f"{_XF}bind"):
        binds[bind.attrib["nodeset"]] = {
            key.rpartition("}")[2]: value for key, value in bind.attrib.items()
        }
    filters: dict[str, str] = {}
    for tag in ("select1", "select"):
        for control in document.iter(f"{_XF}{tag}"):
            itemset = control.find(f"{_XF}itemset")
            if itemset is None:
                continue
            nodeset = itemset.attrib.get("nodeset", "")
            match = re.fullmatch(r"instance\('[^']*'\)/root/item\[(.*)\]", nodeset, re.DOTALL)
            if match:
                filters[control.attrib["ref"]] = match.group(1).strip()
    return binds, filters
