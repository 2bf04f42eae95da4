"""Line breaks, tabs, new paragraphs and page breaks written inside a value, as docxtpl has them.

A value holding "\\n" gives a line break, "\\t" a tab, "\\a" a new paragraph
(with the paragraph's and the run's properties) and "\\f" a page break. The
characters are turned into private-use marks when the value is written (\\a
and \\f could not stand in XML), and the marks into WordprocessingML after
rendering, only in a part that received one.
"""

from __future__ import annotations

import re

from reportgen.render.xml import paragraph_end, paragraph_start, positions

# Noncharacters, dropped from all text before these are written (see `render.xml.clean`).
BREAK, TAB, PARAGRAPH, PAGE = "\ufdd3", "\ufdd4", "\ufdd5", "\ufdd6"
_MARKS = {"\n": BREAK, "\t": TAB, "\a": PARAGRAPH, "\f": PAGE}
CONTROLS = re.compile("[\n\t\a\f]")
_ANY_MARK = re.compile(f"[{BREAK}{TAB}{PARAGRAPH}{PAGE}]")
_RUN = re.compile(r"<w:r[ >].*?</w:r>", re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*</w:t>")
_PPR = re.compile(r"<w:pPr>.*?</w:pPr>", re.S)
_RPR = re.compile(r"<w:rPr>.*?</w:rPr>", re.S)
TEXT_OPEN = '<w:t xml:space="preserve">'


def marked(value: str) -> str:
    """`value` with its listing characters as marks (they survive XML cleaning)."""
    return CONTROLS.sub(lambda m: _MARKS[m.group()], value)


def resolve(xml: str) -> str:
    """The marks of a rendered part as breaks, tabs, paragraphs and pages; stray ones dropped.

    Only the paragraphs that hold a mark are rewritten, found from the marks.
    """
    out, position, stray = [], 0, False
    for at in positions(xml, BREAK + TAB + PARAGRAPH + PAGE):
        if at < position:
            continue
        start, end = paragraph_start(xml, at), paragraph_end(xml, at)
        if start < position or end < 0:
            stray = True  # not inside a paragraph (in an attribute, say): dropped below
            continue
        out += [xml[position:start], _ANY_MARK.sub("", _paragraph(xml[start:end]))]
        position = end
    out.append(xml[position:])
    joined = "".join(out)
    return _ANY_MARK.sub("", joined) if stray else joined


def _paragraph(xml: str) -> str:
    found = _PPR.search(xml)
    ppr = found.group() if found else ""
    return _RUN.sub(lambda run: _run(run.group(), ppr), xml)


def _run(xml: str, ppr: str) -> str:
    if not _ANY_MARK.search(xml):
        return xml
    found = _RPR.search(xml)
    rpr = found.group() if found else ""
    replacements = {
        TAB: f"</w:t></w:r><w:r>{rpr}<w:tab/></w:r><w:r>{rpr}{TEXT_OPEN}",
        BREAK: f"</w:t><w:br/>{TEXT_OPEN}",
        PARAGRAPH: f"</w:t></w:r></w:p><w:p>{ppr}<w:r>{rpr}{TEXT_OPEN}",
        PAGE: f'</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p>{ppr}<w:r>{rpr}{TEXT_OPEN}',
    }
    return _TEXT.sub(
        lambda text: _ANY_MARK.sub(lambda m: replacements[m.group()], text.group()), xml
    )
