"""Evaluating a checked expression tree: Decimal arithmetic, comparisons and the few functions."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from decimal import (
    Decimal,
    InvalidOperation,
)
from typing import Any, cast

from reportgen.expressions.grammar import (
    _ARITHMETIC,
    _EQUALITY,
    _ORDERING,
    _REFUSED,
    _SYMBOLS,
    FUNCTION_NAMES,
    MAX_ROUND_PLACES,
    _dotted,
    _Refused,
    _unsupported,
)
from reportgen.numbers import round_half_up, to_decimal


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
assert tuple(sorted(_FUNCTIONS)) == FUNCTION_NAMES  # the grammar admits exactly these


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
