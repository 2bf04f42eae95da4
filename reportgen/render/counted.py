"""A template's tree made to count its loops and measure the values it assembles.

Before Jinja generates a template's code, each `{% for %}` (docxtpl's
`{%tr %}`, `{%tc %}` and `{%p %}` loops are `for` loops by then) iterates
through a filter that counts a step of the budget per item, and so does each
`loop(…)` of a recursive loop. What a template assembles without an operator
or a call is measured where it is made: a `~` concatenation, a
`{% set %}…{% endset %}` block, a `{% filter %}` block. These are plain Jinja
filters, so the tree compiles with any code generator, and are called with
the template's context, so Jinja never runs them while it compiles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.environment import Environment
from jinja2.runtime import Context
from jinja2.visitor import NodeTransformer

from reportgen.render.budget import Budget, current
from reportgen.render.value_sizes import measured

COUNTED = "_reportgen_counted"
MEASURED = "_reportgen_measured"


class Counted:
    """Items that count a step each as they are iterated, with the length they have
    (`loop.length` and `loop.last` read it rather than reading the items into a list)."""

    __slots__ = ("budget", "items")

    def __init__(self, items: Iterable[Any], budget: Budget) -> None:
        self.items = items
        self.budget = budget

    def __len__(self) -> int:
        return len(self.items)  # type: ignore[arg-type]  # a TypeError tells Jinja to count

    def __iter__(self) -> Iterator[Any]:
        budget = self.budget
        for item in self.items:
            budget.steps += 1  # `budget.step()`, inlined: this runs for every row of a table
            if budget.steps > budget.next_look:
                budget.look()
            yield item


@pass_context
def counted(context: Context, items: Iterable[Any]) -> Counted:
    return Counted(items, current())


@pass_context
def measured_value(context: Context, value: Any) -> Any:
    return measured(value, current().limits)


FILTERS = {COUNTED: counted, MEASURED: measured_value}


def budgeted(tree: nodes.Template, environment: Environment) -> nodes.Template:
    """The tree, its loops counted and its assembled values measured."""
    _Budgeting(environment).visit(tree)
    return tree


class _Budgeting(NodeTransformer):
    def __init__(self, environment: Environment) -> None:
        self.environment = environment

    def filtered(self, node: nodes.Node | None, name: str, lineno: int) -> nodes.Filter:
        """`node|name`; with no node, the filter of a block's content."""
        wrapped = nodes.Filter(node, name, [], [], None, None, lineno=lineno)
        wrapped.set_environment(self.environment)
        return wrapped

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = self.filtered(node.iter, COUNTED, node.lineno)
        if node.recursive:
            for call in _recursions(node):
                call.args[0] = self.filtered(call.args[0], COUNTED, call.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return self.filtered(node, MEASURED, node.lineno)

    def visit_AssignBlock(self, node: nodes.AssignBlock) -> nodes.Node:
        self.generic_visit(node)
        node.filter = self.filtered(node.filter, MEASURED, node.lineno)
        return node

    def visit_FilterBlock(self, node: nodes.FilterBlock) -> nodes.Node:
        self.generic_visit(node)
        node.filter = self.filtered(node.filter, MEASURED, node.lineno)
        return node


def _recursions(loop: nodes.For) -> Iterator[nodes.Call]:
    """The `loop(items)` calls of a recursive loop's body (a loop inside has its own `loop`)."""
    pending: list[nodes.Node] = list(loop.body)
    while pending:
        node = pending.pop()
        if (
            isinstance(node, nodes.Call)
            and isinstance(node.node, nodes.Name)
            and node.node.name == "loop"
            and node.args
        ):
            yield node
        if not isinstance(node, nodes.For):
            pending.extend(node.iter_child_nodes())
