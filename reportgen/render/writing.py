"""Each value a template writes, finalized and escaped in one step.

Jinja writes `escape(finalize(value))` for every `{{ }}`: two calls and a
Markup object, for text that mostly needs neither. The compiled templates
call one function instead, which returns plain text as it is when it holds
nothing to escape, drop or mark, and does both steps otherwise. Outside
autoescaping (an `{% autoescape false %}` block) Jinja's own code is kept.

A tag that stands in the text of a `<w:t>` (the template's data on either side
opens and closes it) calls the environment's text writer instead, which can
write a value's line breaks and tabs where they are, with nothing left to fix
after rendering.

Tables are where the time of a render goes: a row writes a field per cell. So
plain text is told apart where it is written, without a call, and `row.field`
on a plain mapping is looked up where it stands; anything else takes the
environment's (the sandbox's) way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup, escape

from reportgen.render.xml import NEEDS_WORK

# Characters that need escaping, or work in the finalizer.
NOT_PLAIN = re.compile(f"[&<>\"'{NEEDS_WORK}]")
WRITE = "reportgen_write"
WRITE_TEXT = "reportgen_write_text"
PLAIN = "reportgen_plain"  # the search for what is not plain text
_VALUE = "_reportgen_value"  # the value being written, named once in the generated code
# Template data that leaves a tag inside a w:t's text, and data that then closes it.
TEXT_OPENED = re.compile(r"<w:t(?: [^>]*)?>[^<]*\Z")
TEXT_CLOSES = re.compile(r"[^<]*</w:t>")


def writer(finalize: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """What the compiled templates call for a value that is not plain text."""

    def write(value: Any) -> Any:
        if type(value) is int:  # row numbers: nothing to escape or mark
            return str(value)
        written = finalize(value)
        # reportgen's own XML goes in as it is (escaping Markup would copy it).
        return written if type(written) is Markup else escape(written)

    return write


class WritingCodeGenerator(CodeGenerator):
    """Jinja's code generator, writing outputs through the environment's one-step writers."""

    _in_text: frozenset[int] = frozenset()

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        outer, self._in_text = self._in_text, in_text(node.nodes)
        try:
            super().visit_Output(node, frame)
        finally:
            self._in_text = outer

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write(f"({_VALUE} if type({_VALUE} := ")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            writer = WRITE_TEXT if id(node) in self._in_text else WRITE
            self.write(
                f") is str and environment.{PLAIN}({_VALUE}) is None"
                f" else environment.{writer}({_VALUE}))"
            )
        else:
            super()._output_child_post(node, frame, finalize)

    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
        if not isinstance(node.node, nodes.Name) or self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        # A name costs nothing to read again; a plain mapping's key is taken at once.
        attribute = repr(node.attr)
        self.write("(")
        self.visit(node.node, frame)
        self.write(f"[{attribute}] if type(")
        self.visit(node.node, frame)
        self.write(f") is dict and {attribute} in ")
        self.visit(node.node, frame)
        self.write(" else environment.getattr(")
        self.visit(node.node, frame)
        self.write(f", {attribute}))")


def in_text(children: Sequence[nodes.Node]) -> frozenset[int]:
    """The ids of the expressions among an output's children that stand in a w:t's text:
    the nearest template data before them opens one, the nearest after closes it."""
    found = set()
    for index, child in enumerate(children):
        if isinstance(child, nodes.TemplateData):
            continue
        before = next((c for c in reversed(children[:index]) if _is_data(c)), None)
        after = next((c for c in children[index + 1 :] if _is_data(c)), None)
        if (
            isinstance(before, nodes.TemplateData)
            and isinstance(after, nodes.TemplateData)
            and TEXT_OPENED.search(before.data)
            and TEXT_CLOSES.match(after.data)
        ):
            found.add(id(child))
    return frozenset(found)


def _is_data(node: nodes.Node) -> bool:
    return isinstance(node, nodes.TemplateData)


def available() -> bool:
    """Whether this Jinja writes outputs the way the generator expects (else it is not used)."""
    return all(hasattr(CodeGenerator, name) for name in ("_output_child_pre", "_output_child_post"))
