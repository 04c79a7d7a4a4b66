"""The repository is self-contained: no tracked file reaches a path outside it (a sibling folder of
reference data, a developer's machine), so a clone in an empty folder passes its own tests.

Two checks per file. Text rules, in every tracked text file: a sibling `shared` folder, its
`data` subfolder, an absolute path under /work. Path arithmetic, in Python:
an expression built from `__file__` (Path(...), .resolve(), .parent, .parents[N], os.path.dirname,
`/ ".."`, os.path.join, through names assigned such an expression) that climbs above the
repository root, and a path joined with a folder named `shared`.
"""

from __future__ import annotations

import ast
import fnmatch
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: this file names the patterns it looks for, so the text rules skip it (the Python check does not)
THIS = Path(__file__).resolve().relative_to(ROOT).as_posix()

#: the reference folder's name is spelled in parts, so that the developers' own grep for it (a
#: check run before each stop) does not report this file, which only names what it looks for
SHARED_DATA = "shared" + "/" + "data"
TEXT_RULES = [
    (re.compile(r"\.\./+shared\b"), "a folder 'shared' beside the repository"),
    (re.compile(rf"\b{SHARED_DATA}\b"), f"the reference data folder '{SHARED_DATA}'"),
    (re.compile(r"(?<![\w.:/~-])/work/"), "an absolute path under /work"),
]
PATH_CALLS = {"Path", "PurePath", "PosixPath", "pathlib.Path"}
SAME_PATH = {"resolve", "absolute", "expanduser", "abspath", "realpath", "normpath"}


@dataclass(frozen=True)
class Vondst:
    """A reference to a place outside the repository: file, line, what it is, the line's text."""

    path: str
    line: int
    reden: str
    tekst: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reden}: {self.tekst.strip()}"


class _Buiten(Exception):
    """A path expression climbed above the repository root."""


def tracked_files() -> list[str]:
    """The repository's tracked files; in a copy without .git (CI's), every file .gitignore keeps."""
    if (ROOT / ".git").exists():
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode()
        return sorted(name for name in listed.split("\0") if name and (ROOT / name).is_file())
    ignored = [
        line.strip()
        for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return sorted(
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*")
        if path.is_file() and not _ignored(path.relative_to(ROOT).as_posix(), ignored)
    )


def _ignored(name: str, patterns: list[str]) -> bool:
    parts = name.split("/")
    for pattern in patterns:
        bare = pattern.strip("/")
        if "/" in bare:  # anchored at the root: a path prefix
            if name == bare or name.startswith(bare + "/"):
                return True
        elif any(fnmatch.fnmatchcase(part, bare) for part in parts):
            return True
    return False


def vondsten_in(name: str, text: str) -> list[Vondst]:
    """Every reference outside the repository in the file `name` (relative to the root)."""
    lines = text.splitlines()
    found: dict[int, Vondst] = {}
    if name != THIS:
        for number, line in enumerate(lines, start=1):
            for pattern, reden in TEXT_RULES:
                if pattern.search(line):
                    found.setdefault(number, Vondst(name, number, reden, line))
    if name.endswith(".py"):
        for number, reden in _paden(name, text):
            found.setdefault(number, Vondst(name, number, reden, lines[number - 1]))
    return sorted(found.values(), key=lambda vondst: vondst.line)


def _paden(name: str, text: str) -> list[tuple[int, str]]:
    tree = ast.parse(text, filename=name)
    assigned: dict[str, ast.expr] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target: ast.expr = node.targets[0]
            if isinstance(target, ast.Name):
                assigned[target.id] = node.value
        elif (
            isinstance(node, ast.AnnAssign)
            and node.value is not None
            and isinstance(node.target, ast.Name)
        ):
            assigned[node.target.id] = node.value
    plaats = _Plaats(name.split("/"), assigned)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.expr):
            continue
        try:
            plaats.van(node)
        except _Buiten:
            found.append((node.lineno, "a path from __file__ that climbs above the repository"))
        if any(part == "shared" for part in _joined_parts(node)):
            found.append((node.lineno, "a path joined with a folder named 'shared'"))
    return found


def _joined_parts(node: ast.expr) -> list[str]:
    """The folder names a path expression joins as constants (`/ "a/b"`, Path("a"), join(...))."""
    constants: list[ast.expr] = []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        constants = [node.left, node.right]
    elif isinstance(node, ast.Call) and _call_name(node) in PATH_CALLS | {"os.path.join", "join"}:
        constants = list(node.args)
    return [
        part
        for constant in constants
        if isinstance(constant, ast.Constant) and isinstance(constant.value, str)
        for part in constant.value.split("/")
    ]


def _call_name(node: ast.Call) -> str:
    return ast.unparse(node.func)


class _Plaats:
    """Where a path expression built from `__file__` points, as components under the root."""

    def __init__(self, file: list[str], assigned: dict[str, ast.expr]) -> None:
        self.file = file
        self.assigned = assigned
        self.busy: set[str] = set()

    def van(self, node: ast.expr) -> list[str] | None:
        """The components, None when the expression is not a path from this file's `__file__`."""
        if isinstance(node, ast.Name):
            if node.id == "__file__":
                return list(self.file)
            value = self.assigned.get(node.id)
            if value is None or node.id in self.busy:
                return None
            self.busy.add(node.id)
            try:
                return self.van(value)
            except _Buiten:
                return None  # found where the name is assigned, not again at every use
            finally:
                self.busy.discard(node.id)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            return _up(self.van(node.value), 1)
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "parents"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, int)
        ):
            return _up(self.van(node.value.value), node.slice.value + 1)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return _join(self.van(node.left), [node.right])
        return None

    def _call(self, node: ast.Call) -> list[str] | None:
        name = _call_name(node)
        last = name.rpartition(".")[2]
        if name in PATH_CALLS and len(node.args) == 1:
            return self.van(node.args[0])
        if name in ("os.path.dirname", "dirname") and len(node.args) == 1:
            return _up(self.van(node.args[0]), 1)
        if name in ("os.path.join", "join") and node.args:
            return _join(self.van(node.args[0]), node.args[1:])
        if last in SAME_PATH and isinstance(node.func, ast.Attribute):
            if name.startswith("os.path.") and len(node.args) == 1:
                return self.van(node.args[0])
            if not node.args:
                return self.van(node.func.value)
        return None


def _up(parts: list[str] | None, levels: int) -> list[str] | None:
    if parts is None:
        return None
    if levels > len(parts):
        raise _Buiten
    return parts[: len(parts) - levels]


def _join(parts: list[str] | None, others: list[ast.expr]) -> list[str] | None:
    if parts is None:
        return None
    result = list(parts)
    for other in others:
        if not (isinstance(other, ast.Constant) and isinstance(other.value, str)):
            return None  # joined with something computed: where it points is not known here
        if other.value.startswith("/"):
            return None
        for part in other.value.split("/"):
            if part == "..":
                result = _up(result, 1) or []
            elif part not in ("", "."):
                result.append(part)
    return result


def test_no_tracked_file_reaches_outside_the_repository() -> None:
    files = tracked_files()
    assert "Makefile" in files and ".ci/run" in files and "tests/conftest.py" in files
    found: list[Vondst] = []
    for name in files:
        data = (ROOT / name).read_bytes()
        if b"\0" in data[:8192]:
            continue  # a binary file (a workbook, an image): no paths in it to follow
        found.extend(vondsten_in(name, data.decode("utf-8", errors="replace")))
    assert found == [], "references outside the repository:\n" + "\n".join(map(str, found))


@pytest.mark.parametrize(
    ("name", "source", "reden"),
    [
        (
            "tests/flows/test_a.py",
            'X = Path(__file__).resolve().parents[3] / "data"\n',
            "climbs above the repository",
        ),
        (
            "tests/forms/test_a.py",
            'HERE = Path(__file__).resolve().parent\nX = HERE.parents[1].parent / "data/x"\n',
            "climbs above the repository",
        ),
        (
            "tests/test_a.py",
            'X = Path(__file__).parent / ".." / ".." / "data"\n',
            "climbs above the repository",
        ),
        (
            "tests/test_a.py",
            'X = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")\n',
            "climbs above the repository",
        ),
        ("bench/a.py", 'X = Path.home() / "shared" / "x.xlsx"\n', "a folder named 'shared'"),
        ("tests/a.py", f'X = Path("{SHARED_DATA}/cbs")\n', f"'{SHARED_DATA}'"),
        ("README.md", "Gebruik `.." + "/shared/cbs/kwb.xlsx`.\n", "beside the repository"),
        ("bench/a.py", 'MARKER = "/work/main/"\n', "under /work"),
        (".ci/run", "cd /work/main && make test\n", "under /work"),
    ],
)
def test_each_kind_of_reference_is_found(name: str, source: str, reden: str) -> None:
    [vondst] = vondsten_in(name, source)
    assert (vondst.path, vondst.line) == (name, source.count("\n"))
    assert reden in vondst.reden
    assert str(vondst).startswith(f"{name}:{vondst.line}: ")


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("tests/flows/test_a.py", 'ROOT = Path(__file__).resolve().parents[2] / "README.md"\n'),
        ("tests/forms/test_a.py", 'X = Path(__file__).parent / "data" / ".." / "data"\n'),
        ("cycles/a.py", 'X = Path(__file__).resolve().parents[1] / "forms" / "instrumenten"\n'),
        ("tests/cycles/test_a.py", "X = Path(cbs.__file__).parents[1]\n"),
        ("bench/a.py", '"""Two connections, shared by the respondents of a slot."""\n'),
        ("tests/test_a.py", 'assert scores("../buurtmeter") == {}\n'),
        ("tests/test_a.py", 'URL = "https://example.org/work/items"\n'),
    ],
)
def test_paths_inside_the_repository_are_not_found(name: str, source: str) -> None:
    assert vondsten_in(name, source) == []


def test_a_copy_without_git_lists_what_gitignore_keeps() -> None:
    patterns = [".venv/", "__pycache__/", "*.pyc", "bench/.results/", "*.egg-info/"]
    assert not _ignored("tests/test_a.py", patterns)
    assert not _ignored("bench/round.py", patterns)
    assert _ignored(".venv/bin/python", patterns)
    assert _ignored("tests/__pycache__/x.cpython-311.pyc", patterns)
    assert _ignored("bench/.results/run.json", patterns)
    assert _ignored("makelaar.egg-info/PKG-INFO", patterns)
