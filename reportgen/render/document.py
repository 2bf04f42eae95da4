"""One document as a scheme describes it, and its rendering: template kind + context → .docx.

Every scheme returns its documents as `Document`s: the kind names the
template (templates/docx/<kind>.docx, or the house one), the context is plain
data (text, Decimals, booleans, lists and mappings; the consultant's Markdown
as `Prose`, which the engine writes as paragraphs). Rendering is the same for
all of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reportgen import shipped
from reportgen.render.engine import CompiledTemplate


@dataclass(frozen=True)
class Document:
    kind: str
    context: dict[str, Any]
    title: str  # the document's title property (File › Properties); its line breaks go
    moment: dt.datetime  # its created/modified time, fixed so rebuilds give the same bytes


def render(document: Document) -> bytes:
    template = CompiledTemplate.load(shipped.template(document.kind))
    title = document.title.replace("\n", "")  # a title broken over lines is one property
    return template.render(document.context, title=title, moment=document.moment)
