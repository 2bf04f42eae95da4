"""Which expressions are allowed: parsed with ast and checked node by node, never run.

The limits (length, depth, exponent) keep a hostile scenario from exhausting
memory; anything outside `ALLOWED` is refused with the construct named.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import (
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from functools import lru_cache
from typing import Any

MAX_LENGTH = 500
MAX_DEPTH = 50
MAX_EXPONENT = 10
MAX_ROUND_PLACES = 10
MAX_LISTED_NAMES = 20
FUNCTION_NAMES = ("abs", "len", "max", "min", "round", "sum")

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
    if func.id not in FUNCTION_NAMES:
        raise _Refused(
            f"unsupported function {func.id}()", f"allowed functions: {', '.join(FUNCTION_NAMES)}"
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
