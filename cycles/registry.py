"""Loads cycles from the entry-point group `makelaar.cycles`; a broken one is reported, not fatal."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from makelaar.cycles.enquetes import plan_problem
from makelaar.cycles.spec import (
    MIGRATIES_ATTRIBUTE,
    PHASE_METHODS,
    SURVEY_PLAN_ATTRIBUTE,
    Cycle,
    Indicator,
)
from makelaar.models.errors import CycleLoadError, RoundError

GROUP = "makelaar.cycles"

#: phase method -> the parameter names it takes after `self`
_EXPECTED_PARAMETERS = {
    "observe": 1,
    "reflect": 2,
    "improve": 2,
    "apply": 2,
}


def verify_cycle(name: str, entry_point: str, candidate: object) -> Cycle:
    """Check a loaded object against the Cycle contract; raise CycleLoadError naming what is wrong."""
    instance = candidate() if inspect.isclass(candidate) else candidate
    for attribute in ("name", "title"):
        value = getattr(instance, attribute, None)
        if not isinstance(value, str) or not value:
            raise CycleLoadError(
                name,
                entry_point,
                f"attribuut {attribute!r} ontbreekt of is geen tekst ({value!r})",
                en=f"attribute {attribute!r} is missing or not a text ({value!r})",
            )
    if instance.name != name:  # type: ignore[attr-defined]  # checked to be a str just above
        raise CycleLoadError(
            name,
            entry_point,
            f"heet {instance.name!r} maar is geregistreerd als {name!r}",  # type: ignore[attr-defined]
            en=f"is called {instance.name!r} but is registered as {name!r}",  # type: ignore[attr-defined]
        )
    for method in PHASE_METHODS:
        function = getattr(instance, method, None)
        if not callable(function):
            raise CycleLoadError(
                name,
                entry_point,
                f"methode {method}() ontbreekt",
                en=f"method {method}() is missing",
            )
        parameters = [
            p
            for p in inspect.signature(function).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        expected = _EXPECTED_PARAMETERS[method]
        if len(parameters) != expected:
            raise CycleLoadError(
                name,
                entry_point,
                f"methode {method}() neemt {len(parameters)} argumenten, verwacht {expected} "
                f"({'ctx' if expected == 1 else 'ctx en het resultaat van de vorige fase'})",
                en=f"method {method}() takes {len(parameters)} arguments, expected {expected} "
                f"({'ctx' if expected == 1 else 'ctx and the result of the previous phase'})",
            )
    indicatoren = getattr(instance, "indicatoren", None)
    if not isinstance(indicatoren, tuple) or not all(
        isinstance(indicator, Indicator) for indicator in indicatoren
    ):
        raise CycleLoadError(
            name,
            entry_point,
            "attribuut 'indicatoren' ontbreekt of is geen tuple van cycles.spec.Indicator "
            f"({indicatoren!r:.80})",
            en="attribute 'indicatoren' is missing or not a tuple of cycles.spec.Indicator "
            f"({indicatoren!r:.80})",
        )
    ids = [indicator.id for indicator in indicatoren]
    if len(set(ids)) != len(ids):
        dubbel = sorted({i for i in ids if ids.count(i) > 1})
        raise CycleLoadError(
            name,
            entry_point,
            f"indicator(en) {', '.join(dubbel)} twee keer gedeclareerd",
            en=f"indicator(s) {', '.join(dubbel)} declared twice",
        )
    if hasattr(instance, SURVEY_PLAN_ATTRIBUTE):  # optional: cycles without it stay valid
        problem = plan_problem(getattr(instance, SURVEY_PLAN_ATTRIBUTE))
        if problem:
            raise CycleLoadError(
                name,
                entry_point,
                problem,
                en=plan_problem(getattr(instance, SURVEY_PLAN_ATTRIBUTE), "en"),
            )
    if not isinstance(instance, Cycle):
        raise CycleLoadError(
            name,
            entry_point,
            "voldoet niet aan het Cycle-protocol",
            en="does not satisfy the Cycle protocol",
        )
    return instance


@dataclass
class Registry:
    """The cycles that loaded, and the errors of those that did not."""

    cycles: dict[str, Cycle] = field(default_factory=dict)
    errors: list[CycleLoadError] = field(default_factory=list)

    def get(self, name: str) -> Cycle:
        """The cycle registered as `name`; RoundError naming the alternatives if there is none."""
        if name in self.cycles:
            return self.cycles[name]
        for error in self.errors:
            if error.name == name:
                raise error
        known = ", ".join(sorted(self.cycles))
        raise RoundError(
            f"Onbekende cyclus {name!r}. Beschikbaar: {known or '(geen)'}.",
            en=f"Unknown cycle {name!r}. Available: {known or '(none)'}.",
        )


def load_entry_point(entry_point: EntryPoint) -> Cycle:
    try:
        candidate = entry_point.load()
    except Exception as exc:  # any import error of a plugin is reported, not raised
        raise CycleLoadError(
            entry_point.name, entry_point.value, f"{type(exc).__name__}: {exc}"
        ) from exc
    try:
        return verify_cycle(entry_point.name, entry_point.value, candidate)
    except CycleLoadError:
        raise
    except Exception as exc:  # a constructor that raises is the plugin's fault
        raise CycleLoadError(
            entry_point.name, entry_point.value, f"{type(exc).__name__}: {exc}"
        ) from exc


def load_cycles(eps: list[EntryPoint] | None = None) -> Registry:
    """Load every registered cycle; collect failures in `errors` so one bad plugin harms no other."""
    registry = Registry()
    for entry_point in eps if eps is not None else list(entry_points(group=GROUP)):
        try:
            cycle = load_entry_point(entry_point)
        except CycleLoadError as error:
            registry.errors.append(error)
            continue
        registry.cycles[entry_point.name] = cycle
    return registry


def migration_folders(registry: Registry | None = None) -> list[Path]:
    """The revision folders of the loaded cycles that keep tables of their own (`migraties`)."""
    loaded = registry if registry is not None else load_cycles()
    folders = [getattr(cycle, MIGRATIES_ATTRIBUTE, None) for cycle in loaded.cycles.values()]
    return [Path(folder) for folder in folders if folder is not None]
