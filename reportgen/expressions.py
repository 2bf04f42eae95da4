"""Safe expressions over scenario data: derived values and conditions.

Scenario files are written by consultants, passed around by e-mail and copied
between projects, so an expression in one must never be able to run code, read
files or exhaust memory. Nothing here calls eval, exec or compile: the text is
parsed with `ast.parse(mode="eval")` and the tree is walked by hand, accepting
only the constructs listed in `ALLOWED`. Anything else is refused with an
`ExpressionError` whose message names the expression and the problem.

    居民大病.协议约定利润 = 保费收入 * 0.03
    居民大病.盈亏 = 保费收入 - 赔款支出 - 实际列支成本 - 协议约定利润
    condition: 居民大病.盈亏 < 0 and not 未进行成本监控

Numbers are Decimal throughout: literals are built from their source text (0.03
is exactly three hundredths), data floats go through repr, and arithmetic uses
28 significant digits. round(x, n) rounds half-up (四舍五入) as Chinese reports
do. Power (**) is allowed only with a literal whole-number exponent from 0 to
10, so `(1 + 增长率) ** 2` works and `9 ** 9 ** 9` cannot run away.

A name is looked up in the scope table first (the formula's own table), then
among the top-level names; `table.key` reads a key of any table. In
`resolve_derived` a formula replaces a given value of the same key.
"""

from __future__ import annotations

import ast
import difflib
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import (
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import lru_cache
from typing import Any, TypeVar, cast

from reportgen.numbers import round_half_up, to_decimal

MAX_LENGTH = 500
MAX_DEPTH = 50
MAX_EXPONENT = 10
MAX_ROUND_PLACES = 10
MAX_LISTED_NAMES = 20

ALLOWED = (
    "numbers, text in quotes, True/False, names and table.key, [lists], "
    f"+ - * / and ** (whole-number exponent 0-{MAX_EXPONENT}), < <= == != > >=, "
    "and/or/not, x if condition else y, and the functions abs len max min round sum"
)

_CONTEXT = Context(prec=28, traps=[InvalidOperation, DivisionByZero, Overflow])

_ARITHMETIC: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_ORDERING: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_EQUALITY: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_SYMBOLS: dict[type[ast.AST], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
    ast.USub: "-",
    ast.UAdd: "+",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
_ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Constant,
    ast.Name,
    ast.Attribute,
    ast.List,
    ast.Call,
    ast.Load,
    ast.USub,
    ast.UAdd,
    ast.Not,
    ast.And,
    ast.Or,
    *_ARITHMETIC,
    *_ORDERING,
    *_EQUALITY,
)
_REFUSED: dict[type[ast.AST], str] = {
    ast.Subscript: "indexing or slicing (a[0])",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.DictComp: "comprehension",
    ast.GeneratorExp: "comprehension",
    ast.Dict: "dict {…}",
    ast.Set: "set {…}",
    ast.Tuple: "tuple (a, b)",
    ast.NamedExpr: "assignment :=",
    ast.JoinedStr: "f-string",
    ast.Starred: "unpacking *",
    ast.keyword: "keyword argument",
    ast.Await: "await",
    ast.FloorDiv: "operator //",
    ast.Mod: "operator %",
    ast.MatMult: "operator @",
    ast.LShift: "operator <<",
    ast.RShift: "operator >>",
    ast.BitOr: "operator |",
    ast.BitXor: "operator ^",
    ast.BitAnd: "operator &",
    ast.Invert: "operator ~",
    ast.In: "operator in",
    ast.NotIn: "operator not in",
    ast.Is: "operator is",
    ast.IsNot: "operator is not",
}


class ExpressionError(ValueError):
    """An expression that cannot be parsed or evaluated; the message is for the user."""


class _Refused(Exception):
    """A problem found inside an expression, before the expression's text is attached."""

    def __init__(self, problem: str, hint: str = ""):
        super().__init__(problem)
        self.problem = problem
        self.hint = hint

    def error(self, text: str) -> ExpressionError:
        shown = text if len(text) <= 100 else text[:100] + "…"
        hint = f"; {self.hint}" if self.hint else ""
        return ExpressionError(f'{self.problem} in "{shown}"{hint}')


def _unsupported(what: str) -> _Refused:
    return _Refused(f"unsupported {what}", f"allowed: {ALLOWED}")


# Parsing and the whitelist


@dataclass(frozen=True)
class _Parsed:
    source: str
    tree: ast.Expression


def parse_expression(text: str) -> ast.Expression:
    """The checked syntax tree of `text`; ExpressionError if it is invalid or not allowed."""
    return _parse(text).tree


def _parse(text: str) -> _Parsed:
    if not isinstance(text, str):
        raise ExpressionError(f"an expression must be text, not {text!r}")
    return _parse_text(text.strip())


@lru_cache(maxsize=2048)
def _parse_text(source: str) -> _Parsed:
    try:
        if len(source) > MAX_LENGTH:
            raise _Refused(f"expression too long ({len(source)} characters, at most {MAX_LENGTH})")
        tree = _syntax(source)
        _check(tree, 0)
    except _Refused as refused:
        raise refused.error(source) from None
    return _Parsed(source, tree)


def _syntax(source: str) -> ast.Expression:
    try:
        return ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise _Refused(f"syntax error ({exc.msg})") from None
    except (ValueError, RecursionError, MemoryError):
        raise _Refused("unreadable expression") from None


def _check(node: ast.AST, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise _Refused(f"expression nested more than {MAX_DEPTH} levels deep")
    if not isinstance(node, _ALLOWED_NODES):
        raise _unsupported(_REFUSED.get(type(node), type(node).__name__))
    if isinstance(node, ast.Name | ast.Attribute):
        _dotted(node)
    elif isinstance(node, ast.Call):
        _check_call(node)
    elif isinstance(node, ast.Constant):
        _check_constant(node)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        _check_exponent(node.right)
    for child in ast.iter_child_nodes(node):
        _check(child, depth + 1)


def _dotted(node: ast.Name | ast.Attribute) -> str:
    """`table.key` as text; only names, joined by dots, none starting with an underscore."""
    parts: list[str] = []
    current: ast.AST = node
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if isinstance(current, ast.Name):
        parts.append(current.id)
    for part in parts:
        if part.startswith("_"):
            raise _unsupported(f'name "{part}" (names may not start with _)')
    if not isinstance(current, ast.Name):
        raise _unsupported(f".{parts[-1]} on something that is not a table name")
    return ".".join(reversed(parts))


def _check_call(node: ast.Call) -> None:
    func = node.func
    if not isinstance(func, ast.Name):
        raise _unsupported("call of anything but a plain function name")
    if func.id not in _FUNCTIONS:
        raise _Refused(
            f"unsupported function {func.id}()", f"allowed functions: {', '.join(_FUNCTIONS)}"
        )


def _check_constant(node: ast.Constant) -> None:
    if not isinstance(node.value, int | float | str):
        raise _unsupported(f"constant {node.value!r}")


def _check_exponent(node: ast.expr) -> None:
    value = node.value if isinstance(node, ast.Constant) else None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_EXPONENT:
        raise _unsupported(f"** exponent (only a whole number from 0 to {MAX_EXPONENT})")


def names_in(text: str) -> set[str]:
    """The dotted names `text` reads: "保费收入 * 0.03 + 职工.服务费" -> {"保费收入", "职工.服务费"}."""
    return set(_names(text))


def _names(text: str) -> list[str]:
    return list(dict.fromkeys(_reads(_parse(text).tree.body)))


def _reads(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Name | ast.Attribute):
        yield _dotted(node)
        return
    children = node.args if isinstance(node, ast.Call) else ast.iter_child_nodes(node)
    for child in children:
        yield from _reads(child)


# Values


def _from_data(value: Any, name: str) -> Any:
    """A data value as expressions see it: Decimal, bool, str or a list of those."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float | Decimal):
        number = to_decimal(value)
        if not number.is_finite():
            raise _Refused(f"{name} is not a finite number ({value})")
        return number
    if isinstance(value, list | tuple):
        return [_from_data(item, name) for item in value]
    if isinstance(value, Mapping):
        raise _Refused(f"{name} is a table, not a value (use {name}.<key>)")
    if value is None:
        raise _Refused(f"{name} has no value")
    raise _Refused(f"{name} is a {type(value).__name__}, which expressions cannot use")


def _literal(source: str, node: ast.Constant) -> Decimal | bool | str:
    value = node.value
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return Decimal(value)
    segment = ast.get_source_segment(source, node)
    try:
        return Decimal(segment.replace("_", "")) if segment else Decimal(repr(value))
    except InvalidOperation:
        return Decimal(repr(value))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "True/False"
    if isinstance(value, Decimal):
        return "number"
    if isinstance(value, str):
        return "text"
    return "list"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'text "{value}"'
    if isinstance(value, list):
        return "a list"
    return str(value)


# Functions


def _numbers(args: list[Any], name: str, allow_empty: bool = False) -> list[Decimal]:
    values = args[0] if len(args) == 1 and isinstance(args[0], list) else args
    if not values and not allow_empty:
        raise _Refused(f"{name}() needs at least one number")
    for value in values:
        if not isinstance(value, Decimal):
            raise _Refused(f"{name}() needs numbers, not {_show(value)}")
    return cast(list[Decimal], values)


def _one(args: list[Any], name: str) -> Any:
    if len(args) != 1:
        raise _Refused(f"{name}() takes one argument, not {len(args)}")
    return args[0]


def _abs(args: list[Any]) -> Decimal:
    return abs(_numbers([_one(args, "abs")], "abs")[0])


def _len(args: list[Any]) -> Decimal:
    value = _one(args, "len")
    if not isinstance(value, list | str):
        raise _Refused(f"len() needs a list or text, not {_show(value)}")
    return Decimal(len(value))


def _round(args: list[Any]) -> Decimal:
    if len(args) not in (1, 2):
        raise _Refused(f"round() takes one or two arguments, not {len(args)}")
    number, places = _numbers(args[:1], "round")[0], (args[1] if len(args) == 2 else Decimal(0))
    whole = isinstance(places, Decimal) and places == places.to_integral_value()
    if not whole or not 0 <= places <= MAX_ROUND_PLACES:
        raise _Refused(f"round() places must be a whole number from 0 to {MAX_ROUND_PLACES}")
    return round_half_up(number, int(places))


_FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    "abs": _abs,
    "len": _len,
    "max": lambda args: max(_numbers(args, "max")),
    "min": lambda args: min(_numbers(args, "min")),
    "round": _round,
    "sum": lambda args: sum(_numbers(args, "sum", allow_empty=True), Decimal(0)),
}


# Evaluation


class _Run:
    """One evaluation of one checked tree; `read` turns a dotted name into its value."""

    def __init__(self, source: str, read: Callable[[str], Any]):
        self.source = source
        self.read = read

    def value(self, node: ast.AST) -> Any:
        match node:
            case ast.Constant():
                return _literal(self.source, node)
            case ast.Name() | ast.Attribute():
                return self.read(_dotted(node))
            case ast.List():
                return [self.value(item) for item in node.elts]
            case ast.UnaryOp():
                return self.unary(node)
            case ast.BinOp():
                return self.binary(node)
            case ast.BoolOp():
                return self.boolean(node)
            case ast.Compare():
                return self.compare(node)
            case ast.IfExp():
                return self.value(node.body if self.value(node.test) else node.orelse)
            case ast.Call() if isinstance(node.func, ast.Name):
                return _FUNCTIONS[node.func.id]([self.value(arg) for arg in node.args])
        raise _unsupported(_REFUSED.get(type(node), type(node).__name__))

    def unary(self, node: ast.UnaryOp) -> Decimal | bool:
        operand = self.value(node.operand)
        if isinstance(node.op, ast.Not):
            return not operand
        if not isinstance(operand, Decimal):
            raise _Refused(f"{_SYMBOLS[type(node.op)]} needs a number, not {_show(operand)}")
        return -operand if isinstance(node.op, ast.USub) else +operand

    def binary(self, node: ast.BinOp) -> Decimal:
        left, right = self.value(node.left), self.value(node.right)
        symbol = _SYMBOLS[type(node.op)]
        if not (isinstance(left, Decimal) and isinstance(right, Decimal)):
            raise _Refused(f"{symbol} needs two numbers, not {_show(left)} and {_show(right)}")
        if isinstance(node.op, ast.Div) and right == 0:
            divisor = ast.get_source_segment(self.source, node.right)
            named = divisor and not isinstance(node.right, ast.Constant)
            raise _Refused(f"division by zero ({divisor} is 0)" if named else "division by zero")
        if isinstance(node.op, ast.Pow) and right == 0:
            return Decimal(1)
        return _ARITHMETIC[type(node.op)](left, right)

    def boolean(self, node: ast.BoolOp) -> bool:
        wanted = isinstance(node.op, ast.Or)
        for operand in node.values:
            if bool(self.value(operand)) is wanted:
                return wanted
        return not wanted

    def compare(self, node: ast.Compare) -> bool:
        left = self.value(node.left)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.value(comparator)
            if not _compare(op, left, right):
                return False
            left = right
        return True


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    symbol = _SYMBOLS[type(op)]
    if _kind(left) != _kind(right):
        raise _Refused(f"{symbol} cannot compare {_show(left)} with {_show(right)}")
    if type(op) in _ORDERING:
        if _kind(left) not in ("number", "text"):
            raise _Refused(f"{symbol} cannot order {_kind(left)} values")
        return _ORDERING[type(op)](left, right)
    return _EQUALITY[type(op)](left, right)


def _locate(data: Mapping[str, Any], scope: str | None, dotted: str) -> tuple[tuple[str, ...], Any]:
    """Where `dotted` is in `data` (the path of keys) and what is there."""
    parts = dotted.split(".")
    table = data.get(scope) if scope is not None else None
    path: tuple[str, ...]
    if isinstance(table, Mapping) and parts[0] in table:
        path, node = (cast(str, scope), parts[0]), table[parts[0]]
    elif parts[0] in data:
        path, node = (parts[0],), data[parts[0]]
    else:
        raise _unknown(dotted, _visible(data, scope), _listing(data, scope))
    for index, part in enumerate(parts[1:], start=1):
        written = ".".join(parts[:index])
        if not isinstance(node, Mapping):
            raise _Refused(f'"{written}" is not a table, so "{dotted}" cannot be read')
        if part not in node:
            known = [f"{written}.{key}" for key in node]
            raise _unknown(dotted, [known], known)
        path, node = (*path, part), node[part]
    return path, node


def _visible(data: Mapping[str, Any], scope: str | None) -> list[list[str]]:
    """The names readable with `scope`: unqualified ones first, then every table.key."""
    near = list(dict.fromkeys([*_listing(data, scope), *data]))
    far = [
        f"{name}.{key}"
        for name, table in data.items()
        if isinstance(table, Mapping)
        for key in table
    ]
    return [near, far]


def _listing(data: Mapping[str, Any], scope: str | None) -> list[str]:
    table = data.get(scope) if scope is not None else None
    return list(table) if isinstance(table, Mapping) else list(data)


def _unknown(name: str, candidates: list[list[str]], listing: list[str]) -> _Refused:
    """Suggest close matches from the first group of candidates that has any, else list names."""
    found = (difflib.get_close_matches(name, group, n=3) for group in candidates)
    matches = next((group for group in found if group), [])
    if matches:
        hint = f"did you mean {' or '.join(matches)}?"
    elif listing:
        shown = ", ".join(listing[:MAX_LISTED_NAMES])
        hint = f"known names: {shown}{', …' if len(listing) > MAX_LISTED_NAMES else ''}"
    else:
        hint = "there is no data to read"
    return _Refused(f'unknown name "{name}"', hint)


class DataEvaluator:
    """Evaluates expressions over nested scenario data.

    `data` maps a table name to a mapping of key -> value, or to a plain value;
    with a `scope`, that table's keys may also be used unqualified.
    """

    def __init__(self, data: Mapping[str, Any], scope: str | None = None):
        if scope is not None and not isinstance(data.get(scope), Mapping):
            tables = [name for name, value in data.items() if isinstance(value, Mapping)]
            hint = _unknown(scope, [tables], tables).hint
            raise ExpressionError(f'unknown table "{scope}" for the scope; {hint}')
        self._data = data
        self._scope = scope

    @property
    def scope(self) -> str | None:
        return self._scope

    def __call__(self, text: str) -> Any:
        """The value of `text`: a Decimal, bool, str or list."""
        parsed = _parse(text)
        try:
            with localcontext(_CONTEXT):
                return _Run(parsed.source, self._read).value(parsed.tree.body)
        except _Refused as refused:
            raise refused.error(parsed.source) from None
        except DecimalException as exc:
            raise _Refused(f"number out of range ({type(exc).__name__})").error(
                parsed.source
            ) from None

    def with_scope(self, scope: str | None) -> DataEvaluator:
        """The same data, with `scope`'s keys usable unqualified."""
        return DataEvaluator(self._data, scope)

    def _read(self, dotted: str) -> Any:
        return _from_data(_locate(self._data, self._scope, dotted)[1], dotted)


# Derived values


_PENDING = object()
_T = TypeVar("_T")


def resolve_derived(
    values: Mapping[str, Mapping[str, Any]], formulas: Mapping[str, Mapping[str, str]]
) -> dict[str, dict[str, Any]]:
    """Every table's given values plus its formulas computed, each after those it reads.

    Unqualified names resolve in the formula's own table first, then at the top
    level; `table.key` reads any table. The first bad formula (in the order given,
    or the first one reached while computing what it reads) raises ExpressionError
    prefixed with its "table.key"; a cycle raises one that names the whole cycle.
    """
    derivation = _Derivation(_merge(values, formulas), formulas)
    for table, items in formulas.items():
        for key in items:
            derivation.resolve((table, key), [])
    return cast(dict[str, dict[str, Any]], derivation.data)


def _merge(
    values: Mapping[str, Mapping[str, Any]], formulas: Mapping[str, Mapping[str, str]]
) -> dict[str, Any]:
    merged: dict[str, Any] = {
        name: dict(table) if isinstance(table, Mapping) else table for name, table in values.items()
    }
    for table, items in formulas.items():
        target = merged.setdefault(table, {})
        if not isinstance(target, dict):
            raise ExpressionError(f"{table} has formulas but is a single value, not a table")
        target.update(dict.fromkeys(items, _PENDING))
    return merged


class _Derivation:
    """Computes formulas on demand, depth first, recording which are done."""

    def __init__(self, data: dict[str, Any], formulas: Mapping[str, Mapping[str, str]]):
        self.data = data
        self.formulas = formulas
        self.done: set[tuple[str, str]] = set()

    def resolve(self, node: tuple[str, str], chain: list[tuple[str, str]]) -> None:
        if node in self.done:
            return
        if node in chain:
            cycle = [*chain[chain.index(node) :], node]
            raise ExpressionError(f"cycle in derived values: {' -> '.join(map(_label, cycle))}")
        table, key = node
        text = self.formulas[table][key]
        for dependency in _located(node, lambda: self.dependencies(table, text)):
            self.resolve(dependency, [*chain, node])
        self.data[table][key] = _located(node, lambda: DataEvaluator(self.data, table)(text))
        self.done.add(node)

    def dependencies(self, table: str, text: str) -> list[tuple[str, str]]:
        found = []
        for name in _names(text):
            try:
                path, _ = _locate(self.data, table, name)
            except _Refused as refused:
                raise refused.error(_parse(text).source) from None
            if len(path) >= 2 and path[1] in self.formulas.get(path[0], {}):
                found.append((path[0], path[1]))
        return found


def _label(node: tuple[str, str]) -> str:
    return f"{node[0]}.{node[1]}"


def _located(node: tuple[str, str], step: Callable[[], _T]) -> _T:
    """`step()`, with any ExpressionError prefixed by the formula it belongs to."""
    try:
        return step()
    except ExpressionError as error:
        raise ExpressionError(f"{_label(node)}: {error}") from None
