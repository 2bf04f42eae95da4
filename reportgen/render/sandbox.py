"""The sandboxed Jinja environment templates run in: what they may reach, and spend.

Jinja's sandbox keeps a template from reaching outside its data (no
attributes that start with an underscore, no unsafe callables, `range`
capped). On top of it, every call counts against the render's budget, and
what the operators that can make a lot (`*`, `**`, `+`, `%`), calls and
`str.format` make is measured (`value_sizes`); the template's loops are
counted by its tree (`counted`), its filters measured (`measured_filters`).
"""

from __future__ import annotations

from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from reportgen.render import budget, counted, value_sizes, writing


class Sandbox(SandboxedEnvironment):
    """The sandbox, with a direct way to the fields of plain mappings, on a budget.

    `row.name` on a mapping first looks for an attribute, which costs an
    exception per cell of every table row; a key of a plain dict is found
    first instead (a row may then have a field called `items`).
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        limits = budget.current().limits
        value_sizes.before_operator(operator, left, right, limits)
        return value_sizes.measured(self.binop_table[operator](left, right), limits)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        spent = budget.current()
        spent.call()
        args = value_sizes.before_call(obj, args, kwargs, spent.limits)
        result = super().call(context, obj, *args, **kwargs)
        return value_sizes.after_call(obj, result, spent.limits)

    def wrap_str_format(self, value: Any) -> Any:
        return value_sizes.measured_format(value, self)

    def _generate(self, source: Any, name: Any, filename: Any, defer_init: bool = False) -> str:
        """The code of the template's tree, its loops counted (`counted`)."""
        return super()._generate(counted.budgeted(source, self), name, filename, defer_init)


if writing.available():
    Sandbox.code_generator_class = writing.WritingCodeGenerator
