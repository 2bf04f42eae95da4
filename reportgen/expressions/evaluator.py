"""Names looked up in scenario data (the formula's own table first), and the evaluator the rules use."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from decimal import (
    DecimalException,
    localcontext,
)
from typing import Any, cast

from reportgen.expressions.grammar import (
    _CONTEXT,
    MAX_LISTED_NAMES,
    ExpressionError,
    _parse,
    _Refused,
)
from reportgen.expressions.run import _from_data, _Run


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
