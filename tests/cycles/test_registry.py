"""The cycle registry: built-ins load through the entry-point group; broken plugins are named."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from makelaar.cycles.registry import GROUP, load_cycles
from makelaar.cycles.spec import PHASE_METHODS, Cycle
from makelaar.models.errors import CycleLoadError, RoundError

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def plugin_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A third-party module with one good and several broken cycles."""
    source = textwrap.dedent(
        """
        from makelaar.models.schemas import ApplyResult, ImproveResult, ObserveResult, ReflectResult

        class Good:
            name = "goed"
            title = "Een cyclus van derden"
            indicatoren = ()
            def observe(self, ctx): return ObserveResult(bronnen=[])
            def reflect(self, ctx, observed): return ReflectResult(indicatoren=[], bevindingen=[])
            def improve(self, ctx, reflected): return ImproveResult(voorstellen=[])
            def apply(self, ctx, improved): raise RuntimeError("not needed here")

        class MissingApply(Good):
            name = "zonder_apply"
            apply = None

        class WrongArity(Good):
            name = "verkeerde_arity"
            def reflect(self, ctx): return None

        class NoTitle(Good):
            name = "zonder_titel"
            title = ""

        class Misnamed(Good):
            name = "andere_naam"

        class Exploding(Good):
            name = "ontploft"
            def __init__(self): raise ValueError("config ontbreekt")
        """
    )
    (tmp_path / "derde_cyclus.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "derde_cyclus"
    sys.modules.pop("derde_cyclus", None)


def _ep(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=GROUP)


def test_builtin_buurtmeter_is_registered_through_our_own_entry_point_group() -> None:
    registry = load_cycles()
    assert registry.errors == []
    cycle = registry.get("buurtmeter")
    assert isinstance(cycle, Cycle)
    assert cycle.name == "buurtmeter"


def test_every_registered_cycle_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    for name in load_cycles().cycles:
        assert f"`{name}`" in readme, f"cycle {name!r} has no entry in README.md"


def test_every_phase_method_of_the_contract_has_a_docstring() -> None:
    for method in PHASE_METHODS:
        assert getattr(Cycle, method).__doc__, f"Cycle.{method} lacks its docstring"


@pytest.mark.parametrize(
    ("name", "attribute", "expected"),
    [
        ("zonder_apply", "MissingApply", "methode apply() ontbreekt"),
        ("verkeerde_arity", "WrongArity", "methode reflect() neemt 1 argumenten, verwacht 2"),
        ("zonder_titel", "NoTitle", "attribuut 'title' ontbreekt of is geen tekst ('')"),
        ("misnamed", "Misnamed", "heet 'andere_naam' maar is geregistreerd als 'misnamed'"),
        ("ontploft", "Exploding", "ValueError: config ontbreekt"),
        ("kapot", "DoesNotExist", "AttributeError"),
    ],
)
def test_a_broken_plugin_is_named_with_what_is_wrong_and_harms_no_other(
    plugin_module: str, name: str, attribute: str, expected: str
) -> None:
    value = f"{plugin_module}:{attribute}"
    registry = load_cycles([_ep("goed", f"{plugin_module}:Good"), _ep(name, value)])
    assert list(registry.cycles) == ["goed"]
    [error] = registry.errors
    assert error.name == name
    assert error.entry_point == value
    assert expected in str(error)
    assert str(error).startswith(f"Cyclus {name!r} ({value}) kan niet geladen worden")
    with pytest.raises(CycleLoadError, match=expected.split("(")[0].strip()):
        registry.get(name)


def test_a_missing_module_is_reported_not_raised() -> None:
    registry = load_cycles([_ep("weg", "bestaat_niet_module:Cycle")])
    assert registry.cycles == {}
    assert "ModuleNotFoundError" in str(registry.errors[0])


def test_an_unknown_cycle_name_lists_the_available_ones(plugin_module: str) -> None:
    registry = load_cycles([_ep("goed", f"{plugin_module}:Good")])
    with pytest.raises(RoundError, match=r"Onbekende cyclus 'casus'\. Beschikbaar: goed\."):
        registry.get("casus")
