"""Values of a document model that the renderer turns into Word: prose and table numbers.

A document model is plain data. Two things in it are not plain text: the
consultant's Markdown, which becomes paragraphs in the template's styles
(`Prose`, `FramedProse`), and table numbers, which are known only once the
document is rendered and its tables have landed (markers, see
`render.numbering`).
"""

from __future__ import annotations

from dataclasses import dataclass

# Control characters XML cannot carry, which text from templates and scenarios never
# keeps (`render.xml.clean` drops them), so only reportgen's own values carry them; one
# byte each, which the renderer finds in the encoded part with the fastest search there is.
CAPTION, MENTION, END = "\x11", "\x12", "\x13"


class Prose(str):
    """Markdown, rendered as paragraphs: use it alone in a paragraph as `{{p … }}`.

    Blank prose is empty, so `{%p if md.goals %}` leaves out a section with nothing in it.
    """

    __slots__ = ()

    def __new__(cls, source: str = "") -> Prose:
        return super().__new__(cls, source if source.strip() else "")


@dataclass(frozen=True)
class FramedProse:
    """Markdown whose first paragraph opens with `lead` in bold and whose last ends with `tail`."""

    lead: str
    source: str
    tail: str


class Marked(str):
    """Text of reportgen's own that carries table-number markers (kept when text is cleaned)."""

    __slots__ = ()


def table_numbers(key: str) -> dict[str, str]:
    """`number` for the table's caption, `ref` for sentences that mention it."""
    return {"number": Marked(f"{CAPTION}{key}{END}"), "ref": Marked(mention(key))}


def mention(key: str) -> str:
    """A mention of the table `key`, replaced by its number once the document is rendered.

    A sentence holding one is given to the template as `Marked`."""
    return f"{MENTION}{key}{END}"
