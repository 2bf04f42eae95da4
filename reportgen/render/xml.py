"""Safe WordprocessingML text: escaping, and dropping what XML cannot carry.

Every piece of scenario text reaches a document through `text()`: `<`, `&`
and `{{ }}` appear literally, and control characters that XML 1.0 forbids are
dropped instead of corrupting the file.
"""

from __future__ import annotations

import re

from markupsafe import Markup

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 on,
# less the surrogates and U+FFFE/U+FFFF. reportgen marks its own values with some of
# the control characters it forbids (U+0011–U+001A: table numbers, line breaks in
# values, merged cells, headings), which every render replaces or drops.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ILLEGAL_UNMARKED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x10\x1b-\x1f\ud800-\udfff\ufffe\uffff]")


# &, <, > and the double quote as entities: text and attribute values alike. A table of
# our own: xml.sax.saxutils, which has one, imports urllib, http and email with it.
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text: str) -> str:
    """Text as XML character data or an attribute value."""
    return text.translate(_ENTITIES)


def clean(value: object) -> str:
    """Text with the characters XML 1.0 forbids, and reportgen's marks, removed."""
    return _ILLEGAL.sub("", str(value))


_MARKS = re.compile("[\x11-\x1a]")
# The characters text may hold that need work before it is written: control characters
# (\n \t \a \f and reportgen's marks among them), surrogates and the two XML refuses.
NEEDS_WORK = "\x00-\x1f\ud800-\udfff\ufffe\uffff"


def without_marks(value: str) -> str:
    """Text with any of the characters reportgen marks its own values with removed."""
    return _MARKS.sub("", value) if _MARKS.search(value) else value


def clean_own(value: str) -> str:
    """reportgen's own marked text with only what XML forbids removed (its marks stay)."""
    return _ILLEGAL_UNMARKED.sub("", value)


def text(value: object) -> str:
    """Text escaped for element content (and for attribute values in double quotes)."""
    return escape(clean(value))


def run(value: object, style: str | None = None, bold: bool = False, italic: bool = False) -> str:
    """A <w:r> with preserved spaces; run properties in schema order (rStyle, b, i)."""
    props = ""
    if style:
        props += f'<w:rStyle w:val="{style}"/>'
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text(value)}</w:t></w:r>'


def paragraph(runs: str, style: str, keep_next: bool = False) -> str:
    """A <w:p> of the given style holding already-built runs."""
    keep = "<w:keepNext/>" if keep_next else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{runs}</w:p>'


def markup(xml: str) -> Markup:
    """Mark generated WordprocessingML as safe for the (autoescaping) template."""
    return Markup(xml)


def positions(xml: bytes, marks: tuple[bytes, ...]) -> list[int]:
    """Where any of `marks` (encoded characters) stand in the encoded part `xml`, in order.

    A plain search per mark, which is far faster than an alternation.
    """
    found = []
    for mark in marks:
        at = xml.find(mark)
        while at >= 0:
            found.append(at)
            at = xml.find(mark, at + 1)
    return sorted(found)


def paragraph_start(xml: bytes, position: int) -> int:
    """Where the <w:p> holding `position` opens (not <w:pPr>, <w:pStyle> …), -1 if none."""
    while True:
        found = xml.rfind(b"<w:p", 0, position)
        if found < 0 or xml[found + 4 : found + 5] in (b">", b" "):
            return found
        position = found


def paragraph_end(xml: bytes, position: int) -> int:
    """Where the <w:p> holding `position` ends (just after its </w:p>), -1 if it does not."""
    end = xml.find(b"</w:p>", position)
    return end + len(b"</w:p>") if end >= 0 else -1


def outer_tables(xml: bytes) -> list[tuple[int, int]]:
    """(start, end) of each table of a part not inside another, in order."""
    spans, depth, start = [], 0, 0
    for found in re.finditer(rb"<w:tbl>|</w:tbl>", xml):
        if found.group(0) == b"<w:tbl>":
            if depth == 0:
                start = found.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, found.end()))
    return spans
