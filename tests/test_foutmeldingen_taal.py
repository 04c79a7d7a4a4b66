"""Every error makelaar raises for the user carries its English: none is added Dutch-only again.

An error is said in the user's language (models/taal.py): where the language is at hand its
message is made with `in_taal(taal, nl, en)` or a catalogue (`vertaal`, `say`, ...); where it is
not, the error carries its English beside the Dutch (`RoundError(nl, en=...)`,
`ImportFileError(nl, en, file=...)`) and the CLI picks one with `error.tekst(taal)`.

The check walks the source of every package with `ast` and fails, naming file and line, on a
`MakelaarError` (any subclass, found by importing every module) made with a Dutch text written
out in the call itself (a string or f-string with words in it, alone or joined with `+`) and no
English beside it (no `en=`, no second language in the class's English position), or with its
English explicitly None. A message made by a call (`in_taal`, `vertaal`, a module's `_tekst`) or
passed in a variable is taken as said in the user's language where it is made.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from makelaar.models.errors import MakelaarError
from tests.broncode import import_every_module, python_files


@dataclass(frozen=True)
class Plaats:
    """Where a class takes its Dutch message and its English, by position (and `en=`)."""

    nl: int
    en: int | None


#: classes whose message is not their first argument, or whose English is positional
PLAATSEN: dict[str, Plaats] = {
    "ImportFileError": Plaats(nl=0, en=1),  # ImportFileError(nl, en, file=..., ...)
    "Registratiefout": Plaats(nl=3, en=4),  # Registratiefout(inschrijving, veld, waarde, nl, en)
    "CycleLoadError": Plaats(nl=2, en=3),  # CycleLoadError(name, entry_point, problem, en)
    "CellValueError": Plaats(nl=0, en=1),  # intake.logboek.waarden: CellValueError(nl, en)
}

#: errors outside the MakelaarError tree that reach the user and carry their English too
OOK: frozenset[str] = frozenset({"CellValueError", "NoPersonError"})

#: (file, enclosing function) -> why its error cannot carry English. Keep this short: an entry is
#: a message that truly cannot be translated, never one whose English is just not written yet.
ALLOWLIST: dict[tuple[str, str], str] = {}


def error_classes() -> frozenset[str]:
    """The names of MakelaarError and every subclass makelaar defines, and those in OOK."""
    import_every_module()
    found: set[str] = set()
    todo: list[type] = [MakelaarError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return frozenset(found | OOK)


def _has_words(text: str) -> bool:
    return any(character.isalpha() for character in text)


def _written_out(node: ast.expr) -> bool:
    """Whether `node` spells out a text with words in it itself (not made by a call)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.Constant) and _has_words(str(part.value)) for part in node.values
        )
    if isinstance(node, ast.BinOp):  # "..." + (f"..." if x else "") + "..."
        return _written_out(node.left) or _written_out(node.right)
    if isinstance(node, ast.IfExp):
        return _written_out(node.body) or _written_out(node.orelse)
    return False  # a call (in_taal, vertaal, say, _tekst), a name, an attribute


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_none(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _problem(call: ast.Call, name: str) -> str | None:
    """Why this construction of error `name` is Dutch-only, or None when it is not."""
    plaats = PLAATSEN.get(name, Plaats(nl=0, en=None))
    en: ast.expr | None = next((k.value for k in call.keywords if k.arg == "en"), None)
    if en is None and plaats.en is not None and len(call.args) > plaats.en:
        en = call.args[plaats.en]
    if en is not None:
        return f"{name}: its English is None" if _is_none(en) else None
    nl = call.args[plaats.nl] if len(call.args) > plaats.nl else None
    if nl is not None and _written_out(nl):
        return f"{name} with a Dutch text and no English (en=...)"
    return None


def _functions(tree: ast.AST) -> dict[ast.AST, str]:
    """Each node -> the qualified name of the function (or class) it is in."""
    where: dict[ast.AST, str] = {}

    def walk(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = f"{scope}.{child.name}" if scope else child.name
            where[child] = inner
            walk(child, inner)

    walk(tree, "")
    return where


def _super_init_problems(
    tree: ast.AST, names: frozenset[str]
) -> Iterator[tuple[ast.Call, str, str]]:
    """`super().__init__(...)` in a subclass's own __init__: its message, as a call of the class."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef) or node.name not in names:
            continue
        for call in ast.walk(node):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "__init__"
                and isinstance(call.func.value, ast.Call)
                and _name(call.func.value) == "super"
            ):
                problem = _problem(call, "MakelaarError")
                if problem:
                    yield call, node.name, f"{node.name}.__init__: {problem}"


def dutch_only(source: str, names: frozenset[str]) -> list[tuple[int, str, str]]:
    """(line, enclosing function, problem) of every error in `source` made without its English."""
    tree = ast.parse(source)
    scope = _functions(tree)
    found: list[tuple[int, str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (name := _name(node)) in names:
            problem = _problem(node, name)
            if problem:
                found.append((node.lineno, scope.get(node, ""), problem))
    for call, _, problem in _super_init_problems(tree, names):
        found.append((call.lineno, scope.get(call, ""), problem))
    return sorted(found)


def test_every_error_for_the_user_carries_its_english() -> None:
    names = error_classes()
    assert {"RoundError", "ConfigurationError", "RenderError", "AndereInhoudError"} <= names
    problems: list[str] = []
    used: set[tuple[str, str]] = set()
    for relative, path in python_files():
        for line, function, problem in dutch_only(path.read_text(encoding="utf-8"), names):
            if (relative, function) in ALLOWLIST:
                used.add((relative, function))
                continue
            problems.append(f"{relative}:{line} ({function or 'module'}): {problem}")
    assert not problems, (
        "Errors said in Dutch only; give each its English (en=..., or in_taal(taal, nl, en) "
        "where the user's language is at hand):\n" + "\n".join(problems)
    )
    assert used == set(ALLOWLIST), f"allowlist entries no longer needed: {set(ALLOWLIST) - used}"


def test_the_check_finds_a_dutch_only_error_and_passes_one_with_its_english() -> None:
    names = frozenset({"RoundError", "ImportFileError", "CycleLoadError", "MakelaarError", "Eigen"})
    source = """
def f(x, taal, pad):
    raise RoundError(f"Ronde {x} bestaat niet.")
def g(x):
    raise RoundError(f"Ronde {x} bestaat niet.", en=f"There is no round {x}.")
def h(x, taal):
    raise RoundError(in_taal(taal, "Ronde {x}", "Round {x}"))
def i(pad):
    raise ImportFileError("kapot", None, file=pad)
def j(pad):
    raise ImportFileError("kapot", "broken", file=pad)
def k(x):
    raise RoundError("Er is nog niets" + (f" in {x}" if x else "") + ".")
def l(pad, exc):
    raise RoundError(f"{pad}: {exc}")
def m(name):
    raise CycleLoadError(name, "ep", "methode ontbreekt")
class Eigen(MakelaarError):
    def __init__(self, x):
        super().__init__(f"Ronde {x} is bezig.")
"""
    found = dutch_only(source, names)
    assert [(line, function) for line, function, _ in found] == [
        (3, "f"),
        (9, "i"),
        (13, "k"),
        (17, "m"),
        (20, "Eigen.__init__"),
    ], found
    assert found[1][2] == "ImportFileError: its English is None"
    assert found[4][2].startswith("Eigen.__init__: MakelaarError with a Dutch text")
