"""XForm XPath: expressions parsed and evaluated by elementpath, plus the XForm functions forms use.

`XFormParser` is elementpath's XPath 1.0 parser with the ODK/XForms functions added as tokens
(selected, count-selected, selected-at, if, coalesce, boolean-from-string, int, round with
digits, regex, today, now, date, format-date(-time), abs, pow, min, max, ends-with, substr,
join; XPath's own concat, contains, substring, string-length, sum, count, … stay) and with comparison and
arithmetic following XPath 1.0 §3.4 as ODK does: values are strings, converted to numbers for
`<`/`>`/arithmetic (`number('')` is NaN, so an empty answer compares false) and ISO dates
become days since 1970-01-01 (how JavaRosa compares date answers). elementpath's own XPath 1.0
operators apply XPath 2.0 casting rules and raise on `'' > 5`; that is why those are replaced.

Over 500 lines because the functions and operators register themselves on `XFormParser` when this
module is imported: kept with the parser, the compiled expressions can never meet a parser that
lacks them, where a separate function module would have to be imported for its side effects.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from copy import copy
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar
from xml.etree import ElementTree

from elementpath import XPath1Parser, XPathContext, get_node_tree
from elementpath.exceptions import ElementPathError
from elementpath.xpath_nodes import EtreeElementNode, XPathNode
from elementpath.xpath_tokens import XPathFunction, XPathToken

__all__ = ["Expressie", "Instantie", "XFormParser", "XPathError", "compileer", "getal", "tekst"]

_DATE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?.*)?\s*$"
)
_EPOCH = date(1970, 1, 1)
_F = TypeVar("_F", bound=Callable[..., Any])
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


class XPathError(ValueError):
    """An expression that does not parse, or fails while it is evaluated."""

    def __init__(self, expressie: str, reden: str) -> None:
        super().__init__(f"XPath-expressie {expressie!r}: {reden}")
        self.expressie = expressie
        self.reden = reden


class XFormParser(XPath1Parser):
    """XPath 1.0 with the XForms/ODK function library (see the module docstring)."""

    DEFAULT_NAMESPACES = {  # noqa: RUF012  (the base class declares it as a ClassVar dict)
        **XPath1Parser.DEFAULT_NAMESPACES,
        "jr": "http://openrosa.org/javarosa",
    }


def _items(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, Iterator):
        return list(value)
    return [value]


def tekst(value: Any) -> str:
    """XPath string(): the first node's text, 'true'/'false', numbers without a trailing .0."""
    if isinstance(value, list | Iterator):
        items = _items(value)
        if not items:
            return ""
        value = items[0]
    if isinstance(value, XPathNode):
        return str(value.compat_string_value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if value is None:
        return ""
    return str(value)


def getal(value: Any) -> float:
    """XPath number(), with ISO dates as days since 1970-01-01 (fractional for date-times)."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list | Iterator | XPathNode):
        value = tekst(value)
    text = str(value).strip()
    if not text:
        return math.nan
    return float(text) if _NUMBER.fullmatch(text) else math.nan


def _getal(value: Any) -> float:
    number = getal(value)
    if math.isnan(number):
        match = _DATE.match(tekst(value) if not isinstance(value, str) else value)
        if match:
            year, month, day, hour, minute, second = match.groups()
            try:
                days = (date(int(year), int(month), int(day)) - _EPOCH).days
            except ValueError:
                return math.nan
            seconds = int(hour or 0) * 3600 + int(minute or 0) * 60 + int(second or 0)
            return days + seconds / 86400
    return number


def _waar(value: Any) -> bool:
    """XPath boolean()."""
    if isinstance(value, list | Iterator):
        return bool(_items(value))
    if isinstance(value, XPathNode):
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return not (value == 0 or math.isnan(value))
    return bool(value)


def _operand(token: XPathToken, context: Any) -> Any:
    value = token.evaluate(context)
    if isinstance(value, Iterator):
        value = list(value)
    if isinstance(value, list) and len(value) == 1 and not isinstance(value[0], XPathNode):
        value = value[0]
    if isinstance(value, Decimal):  # XPath 1.0 has one number type: a decimal literal is a double
        value = float(value)
    return value


_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}


def _compare(symbol: str, left: Any, right: Any) -> bool:
    """XPath 1.0 §3.4 comparison of two evaluated operands."""
    op = _COMPARE[symbol]
    left_nodes = isinstance(left, list)
    right_nodes = isinstance(right, list)
    if left_nodes or right_nodes:
        if left_nodes and right_nodes:
            return any(_compare(symbol, tekst(a), tekst(b)) for a in left for b in right)
        nodes, other = (left, right) if left_nodes else (right, left)
        if isinstance(other, bool):
            return _compare(symbol, bool(nodes), other) if left_nodes else op(other, bool(nodes))
        for node in nodes:
            value = tekst(node)
            a, b = (value, other) if left_nodes else (other, value)
            if _compare(symbol, a, b):
                return True
        return False
    if symbol in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            return bool(op(_waar(left), _waar(right)))
        if isinstance(left, int | float) or isinstance(right, int | float):
            return bool(op(_getal(left), _getal(right)))
        return bool(op(tekst(left), tekst(right)))
    return bool(op(_getal(left), _getal(right)))


def _replace(symbol: str, **methods: Any) -> None:
    """Give our parser its own token class for `symbol` (the base parser's stays untouched)."""
    base = XFormParser.symbol_table[symbol]
    XFormParser.symbol_table[symbol] = type(base.__name__, (base,), methods)


def _comparison(self: XPathToken, context: Any = None) -> bool:
    return _compare(self.symbol, _operand(self[0], context), _operand(self[1], context))


for _symbol in _COMPARE:
    _replace(_symbol, evaluate=_comparison)


def _div(a: float, b: float) -> float:
    if b:
        return a / b
    if a == 0 or math.isnan(a):
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1, b)


def _mod(a: float, b: float) -> float:
    return math.fmod(a, b) if b else math.nan


_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "div": _div,
    "mod": _mod,
}


def _arithmetic(self: XPathToken, context: Any = None) -> float:
    if len(self) == 1:
        value = _getal(_operand(self[0], context))
        return -value if self.symbol == "-" else value
    left = _getal(_operand(self[0], context))
    right = _getal(_operand(self[1], context))
    return float(_ARITHMETIC[self.symbol](left, right))


for _symbol in _ARITHMETIC:
    _replace(_symbol, evaluate=_arithmetic)


def _argument(self: XPathToken, context: Any, index: int) -> Any:
    return _operand(self[index], context)


def _function(name: str, nargs: int | tuple[int, int | None]) -> Callable[[_F], _F]:
    """Register an XForms function token; the decorated function becomes its evaluate()."""
    if name in XFormParser.symbol_table:
        del XFormParser.symbol_table[name]
    token_class = XFormParser.function(name, nargs=nargs)

    def bind(evaluate: _F) -> _F:
        setattr(token_class, "evaluate", evaluate)  # noqa: B010  (the token's method, set as elementpath's method() does)
        return evaluate

    return bind


def _keuzes(value: Any) -> list[str]:
    return tekst(value).split()


@_function("selected", 2)
def evaluate__selected(self: XPathFunction, context: Any = None) -> bool:
    return tekst(_argument(self, context, 1)).strip() in _keuzes(_argument(self, context, 0))


@_function("count-selected", 1)
def evaluate__count_selected(self: XPathFunction, context: Any = None) -> int:
    return len(_keuzes(_argument(self, context, 0)))


@_function("selected-at", 2)
def evaluate__selected_at(self: XPathFunction, context: Any = None) -> str:
    chosen = _keuzes(_argument(self, context, 0))
    index = _getal(_argument(self, context, 1))
    if math.isnan(index) or not 0 <= int(index) < len(chosen):
        return ""
    return chosen[int(index)]


@_function("if", 3)
def evaluate__if(self: XPathFunction, context: Any = None) -> Any:
    branch = self[1] if _waar(_argument(self, context, 0)) else self[2]
    return _operand(branch, context)


@_function("coalesce", 2)
def evaluate__coalesce(self: XPathFunction, context: Any = None) -> str:
    first = tekst(_argument(self, context, 0))
    return first if first else tekst(_argument(self, context, 1))


@_function("boolean-from-string", 1)
def evaluate__boolean_from_string(self: XPathFunction, context: Any = None) -> bool:
    return tekst(_argument(self, context, 0)).strip().lower() in ("true", "1")


@_function("int", 1)
def evaluate__int(self: XPathFunction, context: Any = None) -> float:
    number = _getal(_argument(self, context, 0))
    return number if math.isnan(number) or math.isinf(number) else float(math.trunc(number))


@_function("round", (1, 2))
def evaluate__round(self: XPathFunction, context: Any = None) -> float:
    number = _getal(_argument(self, context, 0))
    digits = int(_getal(_argument(self, context, 1))) if len(self) > 1 else 0
    if math.isnan(number) or math.isinf(number):
        return number
    factor = 10.0**digits
    return math.floor(number * factor + 0.5) / factor


@_function("regex", 2)
def evaluate__regex(self: XPathFunction, context: Any = None) -> bool:
    pattern = tekst(_argument(self, context, 1))
    try:
        return re.search(pattern, tekst(_argument(self, context, 0))) is not None
    except re.error as err:
        raise XPathError(pattern, f"geen geldige reguliere expressie ({err})") from err


def _nu(context: Any) -> datetime:
    current = getattr(context, "current_dt", None)
    if not isinstance(current, datetime):
        return datetime.now().astimezone()
    return current if current.tzinfo is not None else current.astimezone()


@_function("today", 0)
def evaluate__today(self: XPathFunction, context: Any = None) -> str:
    return _nu(context).date().isoformat()


@_function("now", 0)
def evaluate__now(self: XPathFunction, context: Any = None) -> str:
    return _nu(context).isoformat(timespec="milliseconds")


@_function("date", 1)
def evaluate__date(self: XPathFunction, context: Any = None) -> str:
    value = _argument(self, context, 0)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (_EPOCH + timedelta(days=math.floor(value))).isoformat()
    match = _DATE.match(tekst(value))
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else ""


#: format-date's month and day names: Dutch, the language of the stored answers
_MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
_DAGEN = ["ma", "di", "wo", "do", "vr", "za", "zo"]
_FORMAT: dict[str, Callable[[datetime], str]] = {
    "%Y": lambda d: f"{d.year:04d}",
    "%y": lambda d: f"{d.year % 100:02d}",
    "%m": lambda d: f"{d.month:02d}",
    "%n": lambda d: str(d.month),
    "%b": lambda d: _MAANDEN[d.month - 1],
    "%d": lambda d: f"{d.day:02d}",
    "%e": lambda d: str(d.day),
    "%a": lambda d: _DAGEN[d.weekday()],
    "%H": lambda d: f"{d.hour:02d}",
    "%h": lambda d: str(d.hour),
    "%M": lambda d: f"{d.minute:02d}",
    "%S": lambda d: f"{d.second:02d}",
    "%%": lambda d: "%",
}


def _format_date(value: Any, pattern: str) -> str:
    match = _DATE.match(tekst(value))
    if not match:
        return ""
    year, month, day, hour, minute, second = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return ""
    return re.sub(r"%[YymnbdeaHhMS%]", lambda m: _FORMAT[m.group(0)](moment), pattern)


@_function("format-date", 2)
def evaluate__format_date(self: XPathFunction, context: Any = None) -> str:
    return _format_date(_argument(self, context, 0), tekst(_argument(self, context, 1)))


@_function("format-date-time", 2)
def evaluate__format_date_time(self: XPathFunction, context: Any = None) -> str:
    return _format_date(_argument(self, context, 0), tekst(_argument(self, context, 1)))


@_function("abs", 1)
def evaluate__abs(self: XPathFunction, context: Any = None) -> float:
    return abs(_getal(_argument(self, context, 0)))


@_function("pow", 2)
def evaluate__pow(self: XPathFunction, context: Any = None) -> float:
    try:
        return float(_getal(_argument(self, context, 0)) ** _getal(_argument(self, context, 1)))
    except (OverflowError, ZeroDivisionError):
        return math.nan


def _numbers(self: XPathFunction, context: Any) -> list[float]:
    values: list[float] = []
    for index in range(len(self)):
        value = _argument(self, context, index)
        for item in value if isinstance(value, list) else [value]:
            values.append(_getal(item))
    return values


@_function("min", (1, None))
def evaluate__min(self: XPathFunction, context: Any = None) -> float:
    values = _numbers(self, context)
    return math.nan if not values or any(math.isnan(v) for v in values) else min(values)


@_function("max", (1, None))
def evaluate__max(self: XPathFunction, context: Any = None) -> float:
    values = _numbers(self, context)
    return math.nan if not values or any(math.isnan(v) for v in values) else max(values)


@_function("ends-with", 2)
def evaluate__ends_with(self: XPathFunction, context: Any = None) -> bool:
    return tekst(_argument(self, context, 0)).endswith(tekst(_argument(self, context, 1)))


@_function("substr", (2, 3))
def evaluate__substr(self: XPathFunction, context: Any = None) -> str:
    value = tekst(_argument(self, context, 0))
    start = int(_getal(_argument(self, context, 1)))
    if len(self) > 2:
        return value[start : int(_getal(_argument(self, context, 2)))]
    return value[start:]


@_function("join", (2, None))
def evaluate__join(self: XPathFunction, context: Any = None) -> str:
    separator = tekst(_argument(self, context, 0))
    parts: list[str] = []
    for index in range(1, len(self)):
        value = _argument(self, context, index)
        parts.extend(tekst(item) for item in (value if isinstance(value, list) else [value]))
    return separator.join(parts)


_PARSER = XFormParser()


class Expressie:
    """A compiled expression: parse once, evaluate many times."""

    __slots__ = ("bron", "namen", "token")

    def __init__(self, bron: str, token: XPathToken) -> None:
        self.bron = bron
        self.token = token
        #: element names the expression mentions (to find forward references)
        self.namen = frozenset(_names(token))

    def waarde(self, context: XPathContext) -> Any:
        """The raw result: a node list, str, float or bool."""
        try:
            return _operand(self.token, context)
        except ElementPathError as err:
            raise XPathError(self.bron, str(err)) from err
        except (TypeError, ValueError, ArithmeticError) as err:
            if isinstance(err, XPathError):
                raise
            raise XPathError(self.bron, str(err)) from err


def _names(token: XPathToken) -> Iterable[str]:
    for sub in token.iter():
        if sub.symbol == "(name)":
            yield str(sub.value)


@lru_cache(maxsize=8192)
def compileer(bron: str) -> Expressie:
    """The compiled expression for `bron` (cached); XPathError when it does not parse."""
    try:
        token = _PARSER.parse(bron)
    except ElementPathError as err:
        raise XPathError(bron, _reden(err)) from err
    except (TypeError, ValueError, SyntaxError) as err:
        raise XPathError(bron, str(err)) from err
    return Expressie(bron, token)


def _reden(err: ElementPathError) -> str:
    message = str(err)
    unknown = re.search(r"unknown function ['\"]?([\w:-]+)", message, re.IGNORECASE)
    if unknown or "XPST0017" in message:
        name = unknown.group(1) if unknown else ""
        return f"onbekende functie {name}() ({message})".replace(" ()", "")
    return message


class Instantie:
    """The XForm instance (<data><group><q>value</q></group></data>) expressions run against."""

    def __init__(self, root: str, paths: Iterable[str], nu: datetime | None = None) -> None:
        element = ElementTree.Element(root)
        self._elements: dict[str, ElementTree.Element] = {f"/{root}": element}
        for path in paths:
            parent_path, _, name = path.rpartition("/")
            parent = self._element(parent_path)
            child = ElementTree.SubElement(parent, name)
            self._elements[path] = child
        self.root = get_node_tree(element)
        by_element = {
            id(node.elem): node
            for node in self.root.iter_descendants()
            if isinstance(node, EtreeElementNode)
        }
        self._nodes: dict[str, XPathNode] = {
            path: by_element[id(element)] for path, element in self._elements.items()
        }
        self.nu = nu
        self._basis = XPathContext(self.root, current_dt=nu)

    def _element(self, path: str) -> ElementTree.Element:
        if path not in self._elements:
            parent_path, _, name = path.rpartition("/")
            self._elements[path] = ElementTree.SubElement(self._element(parent_path), name)
        return self._elements[path]

    def zet(self, path: str, value: str) -> None:
        """Set the text of the node at `path` ('' empties it)."""
        self._elements[path].text = value or None

    def lees(self, path: str) -> str:
        """The text of the node at `path`."""
        return self._elements[path].text or ""

    def evalueer(self, expressie: str, path: str | None = None, item: Any = None) -> Any:
        """Evaluate with the context item the node at `path` (or `item`, or the root)."""
        context = copy(self._basis)
        context.item = item if item is not None else self._nodes.get(path or "", self.root)
        return compileer(expressie).waarde(context)

    def waar(self, expressie: str, path: str | None = None, item: Any = None) -> bool:
        """The expression's effective boolean value."""
        return _waar(self.evalueer(expressie, path, item))

    def tekst(self, expressie: str, path: str | None = None) -> str:
        """The expression's string value (what a calculate row stores)."""
        return tekst(self.evalueer(expressie, path))
