"""Line breaks, tabs, new paragraphs and page breaks written inside a value, as docxtpl has them.

A value holding "\\n" gives a line break, "\\t" a tab, "\\a" a new paragraph
(with the paragraph's and the run's properties) and "\\f" a page break. A value
written in a w:t's text with only breaks and tabs has them written at once
(`in_run`). Otherwise the characters are turned into marks when the value is
written (\\a and \\f could not stand in XML), and the marks into
WordprocessingML after rendering, only in a part that received one.
"""

from __future__ import annotations

import re

from reportgen.render.xml import paragraph_end, paragraph_start, positions

# Control characters, dropped from all text before these are written (`render.xml.clean`).
BREAK, TAB, PARAGRAPH, PAGE = "\x14", "\x15", "\x16", "\x17"
_MARKS = {"\n": BREAK, "\t": TAB, "\a": PARAGRAPH, "\f": PAGE}
CONTROLS = re.compile("[\n\t\a\f]")
NEW_PARAGRAPH = re.compile("[\a\f]")
# The rendered part is worked on encoded: slicing and joining bytes copies them as they
# are, where text of mixed scripts is converted at every slice and join.
_ENCODED = tuple(mark.encode("utf-8") for mark in (BREAK, TAB, PARAGRAPH, PAGE))
_ANY_MARK = re.compile(b"[" + b"".join(map(re.escape, _ENCODED)) + b"]")
_RUN = re.compile(rb"<w:r[ >].*?</w:r>", re.S)
_TEXT = re.compile(rb"<w:t(?: [^>]*)?>[^<]*</w:t>")
_PPR = re.compile(rb"<w:pPr>.*?</w:pPr>", re.S)
_RPR = re.compile(rb"<w:rPr>.*?</w:rPr>", re.S)
TEXT_OPEN = b'<w:t xml:space="preserve">'
_IN_RUN = {
    "\n": '</w:t><w:br/><w:t xml:space="preserve">',
    "\t": '</w:t><w:tab/><w:t xml:space="preserve">',
}
_BREAK_OR_TAB = re.compile("[\n\t]")


def in_run(escaped: str) -> str:
    """Text already escaped for a w:t, its line breaks and tabs written as the run's own
    breaks and tabs (the w:t closed before each and opened again after it)."""
    return _BREAK_OR_TAB.sub(lambda m: _IN_RUN[m.group()], escaped)


def marked(value: str) -> str:
    """`value` with its listing characters as marks (they survive XML cleaning)."""
    return CONTROLS.sub(lambda m: _MARKS[m.group()], value)


def resolve(xml: bytes) -> bytes:
    """The marks of a rendered part (UTF-8) as breaks, tabs, paragraphs and pages; stray ones
    dropped.

    Only the paragraphs that hold a mark are rewritten, found from the marks.
    """
    out, position, stray = [], 0, False
    for at in positions(xml, _ENCODED):
        if at < position:
            continue
        start, end = paragraph_start(xml, at), paragraph_end(xml, at)
        if start < position or end < 0:
            stray = True  # not inside a paragraph (in an attribute, say): dropped below
            continue
        out += [xml[position:start], _ANY_MARK.sub(b"", _paragraph(xml[start:end]))]
        position = end
    out.append(xml[position:])
    joined = b"".join(out)
    return _ANY_MARK.sub(b"", joined) if stray else joined


def _paragraph(xml: bytes) -> bytes:
    found = _PPR.search(xml)
    ppr = found.group() if found else b""
    return _RUN.sub(lambda run: _run(run.group(), ppr), xml)


def _run(xml: bytes, ppr: bytes) -> bytes:
    if not _ANY_MARK.search(xml):
        return xml
    found = _RPR.search(xml)
    rpr = found.group() if found else b""
    brk, tab, paragraph, page = _ENCODED
    replacements = {
        tab: b"</w:t><w:tab/>" + TEXT_OPEN,
        brk: b"</w:t><w:br/>" + TEXT_OPEN,
        paragraph: b"</w:t></w:r></w:p><w:p>" + ppr + b"<w:r>" + rpr + TEXT_OPEN,
        page: b'</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p>'
        + ppr
        + b"<w:r>"
        + rpr
        + TEXT_OPEN,
    }
    return _TEXT.sub(
        lambda text: _ANY_MARK.sub(lambda m: replacements[m.group()], text.group()), xml
    )
