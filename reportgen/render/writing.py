"""Each value a template writes, finalized and escaped in one step.

Jinja writes `escape(finalize(value))` for every `{{ }}`: two calls and a
Markup object, for text that mostly needs neither. The compiled templates
call one function instead, which returns plain text as it is when it holds
nothing to escape, drop or mark, and does both steps otherwise. Outside
autoescaping (an `{% autoescape false %}` block) Jinja's own code is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import escape

from reportgen.render.xml import NEEDS_WORK

# Characters that need escaping, or work in the finalizer.
NOT_PLAIN = re.compile(f"[&<>\"'{NEEDS_WORK}]")
WRITE = "reportgen_write"


def writer(finalize: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def write(value: Any) -> Any:
        if type(value) is str and NOT_PLAIN.search(value) is None:
            return value
        return escape(finalize(value))

    return write


class WritingCodeGenerator(CodeGenerator):
    """Jinja's code generator, writing outputs through the environment's one-step writer."""

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write(f"environment.{WRITE}(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


def available() -> bool:
    """Whether this Jinja writes outputs the way the generator expects (else it is not used)."""
    return all(hasattr(CodeGenerator, name) for name in ("_output_child_pre", "_output_child_post"))
