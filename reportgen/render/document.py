"""One document as a scheme describes it, and its rendering: template kind + context → .docx.

Every scheme returns its documents as `Document`s: the kind names the
template (templates/docx/<kind>.docx, or the house one), the context is plain
data (text, Decimals, booleans, lists and mappings; Markdown prose as ready
blocks). Rendering is the same for all of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reportgen import shipped
from reportgen.narrative.values import FramedProse, Prose
from reportgen.render.engine import CompiledTemplate
from reportgen.render.markdown import framed_prose, prose


@dataclass(frozen=True)
class Document:
    kind: str
    context: dict[str, Any]
    title: str  # the document's title property (File › Properties)
    moment: dt.datetime  # its created/modified time, fixed so rebuilds give the same bytes


def render(document: Document) -> bytes:
    template = CompiledTemplate.load(shipped.template(document.kind))
    context = _with_blocks(document.context)
    return template.render(context, title=document.title, moment=document.moment)


def _with_blocks(value: Any) -> Any:
    """The context with its Markdown made into paragraphs by the Markdown renderer."""
    if isinstance(value, Prose):
        return prose(value)
    if isinstance(value, FramedProse):
        return framed_prose(value.lead, value.source, value.tail)
    if isinstance(value, dict):
        return {key: _with_blocks(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_with_blocks(inner) for inner in value]
    return value
