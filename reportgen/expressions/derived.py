"""Derived values: formulas resolved in dependency order, cycles and unknown names reported."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from reportgen.expressions.evaluator import DataEvaluator, _locate
from reportgen.expressions.grammar import ExpressionError, _names, _parse, _Refused

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
