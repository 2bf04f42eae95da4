"""Jinja's own filters, each measured against the render's budget.

A filter with a width or a count (`center(10**9)`, `indent`, `wordwrap`,
`format`, `replace`, `batch`, `slice`, `join`, `sum`, `tojson`, `int` of a
huge Decimal) has the size of what it would make estimated before it runs;
every filter's result is measured after. Each is called with the template's
context, so that Jinja does not run it on constant arguments while it compiles
the template, outside any budget. (reportgen's own number filters make short
text from a number: they are left as they are, on the rows of the tables
where render time goes.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jinja2 import pass_context
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import Context

from reportgen.render.budget import RenderLimits, current
from reportgen.render.value_sizes import (
    BITS_PER_DIGIT,
    argument,
    joined_size,
    measured,
    printf_size,
    refuse_bits,
    refuse_size,
    replaced_size,
    size_of,
)

# What a filter is passed before its value, by the name Jinja gives it (`pass_context` …).
PASSED: dict[str, Callable[[Context], Any]] = {
    "context": lambda context: context,
    "eval_context": lambda context: context.eval_ctx,
    "environment": lambda context: context.environment,
}


@dataclass
class FilterUse:
    """A filter's value and arguments; an estimate may read the value into a list."""

    value: Any
    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def arg(self, index: int, name: str, default: Any) -> Any:
        return argument(self.args, self.kwargs, index, name, default)

    def number(self, index: int, name: str, default: int) -> int:
        """An argument that is a width or a count, or 0 when it is none."""
        given = self.arg(index, name, default)
        return given if isinstance(given, int) else 0

    def text(self) -> str:
        return self.value if isinstance(self.value, str) else str(self.value)

    def items(self) -> list[Any] | tuple[Any, ...]:
        if not isinstance(self.value, list | tuple):
            self.value = list(self.value)
        return self.value  # type: ignore[no-any-return]


def _center(use: FilterUse, limits: RenderLimits) -> None:
    refuse_size(use.number(0, "width", 80), limits)


def _indent(use: FilterUse, limits: RenderLimits) -> None:
    text, width = use.text(), use.arg(0, "width", 4)
    pad = width if isinstance(width, int) else len(str(width))
    refuse_size(len(text) + (text.count("\n") + 1) * max(pad, 0), limits)


def _wordwrap(use: FilterUse, limits: RenderLimits) -> None:
    wrap = use.arg(2, "wrapstring", None)
    refuse_size(len(use.text()) * (1 + (len(str(wrap)) if wrap is not None else 1)), limits)


def _format(use: FilterUse, limits: RenderLimits) -> None:
    refuse_size(printf_size(use.text(), use.kwargs or use.args, limits), limits)


def _replace(use: FilterUse, limits: RenderLimits) -> None:
    old, new, count = use.arg(0, "old", ""), use.arg(1, "new", ""), use.arg(2, "count", None)
    refuse_size(replaced_size(use.text(), old, new, -1 if count is None else count), limits)


def _batch(use: FilterUse, limits: RenderLimits) -> None:
    if use.arg(1, "fill_with", None) is not None:  # the last batch is filled up to the count
        refuse_size(use.number(0, "linecount", 0), limits)


def _slice(use: FilterUse, limits: RenderLimits) -> None:
    refuse_size(use.number(0, "slices", 0), limits)  # a list each, however few the items


def _join(use: FilterUse, limits: RenderLimits) -> None:
    if use.arg(1, "attribute", None) is None:
        refuse_size(joined_size(str(use.arg(0, "d", "")), use.items()), limits)


def _sum(use: FilterUse, limits: RenderLimits) -> None:
    start = use.arg(1, "start", 0)
    if isinstance(start, list | tuple | str):  # a sum of lists is their concatenation
        refuse_size(size_of(start) + sum(map(size_of, use.items())), limits)


def _tojson(use: FilterUse, limits: RenderLimits) -> None:
    refuse_size(use.number(0, "indent", 0), limits)


def _int(use: FilterUse, limits: RenderLimits) -> None:
    if isinstance(use.value, Decimal) and use.value.is_finite():
        refuse_bits(max(use.value.adjusted(), 0) * BITS_PER_DIGIT, limits)


Estimate = Callable[[FilterUse, RenderLimits], None]
ESTIMATES: dict[str, Estimate] = {
    "center": _center,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "format": _format,
    "replace": _replace,
    "batch": _batch,
    "slice": _slice,
    "join": _join,
    "sum": _sum,
    "tojson": _tojson,
    "int": _int,
}


def measured_filter(function: Callable[..., Any], estimate: Estimate | None) -> Callable[..., Any]:
    passes = getattr(function, "jinja_pass_arg", None)
    passed = PASSED[passes.name] if passes is not None else None

    @pass_context
    def filtered(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        budget = current()
        budget.tick()
        if estimate is not None:
            use = FilterUse(value, args, kwargs)
            estimate(use, budget.limits)
            value = use.value
        if passed is None:
            result = function(value, *args, **kwargs)
        else:
            result = function(passed(context), value, *args, **kwargs)
        return measured(result, budget.limits)

    return filtered


def measured_filters(names: Iterable[str] = JINJA_FILTERS) -> dict[str, Callable[..., Any]]:
    """Jinja's filters of these names, measured."""
    return {name: measured_filter(JINJA_FILTERS[name], ESTIMATES.get(name)) for name in names}
