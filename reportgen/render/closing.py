"""The 落款 kept on the page of the text it closes.

A notice ends with its last paragraph, perhaps a 联系方式 line, then the 落款
(署名 and date, where the seal goes); a report's body ends with its 附件说明
(附件：…). GB/T 9704 does not let either stand on a page of its own: after
rendering, the 落款 paragraphs (those in a style named 落款 or Signature), a
附件说明, and the paragraphs before them, back to and including the last
paragraph of the body, are kept with the next, so a page break falls before the
body's last lines instead. The template's styles cannot say this themselves: the
body's last paragraph is the consultant's text, written in the body style.
"""

from __future__ import annotations

import re

from reportgen.render.numbering import STYLE, TEXT
from reportgen.render.xml import paragraph_end, paragraph_start, positions

# Lines between the body and the 落款 that are not the body: they go along with it.
LABELS = tuple(label.encode() for label in ("联系", "电话", "地址", "邮编", "附件", "抄送"))
ATTACHMENT_NOTE = ("附件：".encode(), "附件:".encode())
MAX_KEPT = 6  # paragraphs walked back from the 落款
# pPr children that come after keepNext (and widowControl) in the schema's order.
AFTER_KEEP = re.compile(
    rb"<w:(?:keepLines|pageBreakBefore|framePr|widowControl|numPr|"
    rb"suppressLineNumbers|pBdr|shd|tabs|suppressAutoHyphens|kinsoku|wordWrap|"
    rb"overflowPunct|topLinePunct|autoSpaceDE|autoSpaceDN|bidi|adjustRightInd|"
    rb"snapToGrid|spacing|ind|contextualSpacing|mirrorIndents|suppressOverlap|jc|"
    rb"textDirection|textAlignment|textboxTightWrap|outlineLvl|divId|cnfStyle|rPr|"
    rb"sectPr|pPrChange)\b"
)
AFTER_WIDOW = re.compile(
    AFTER_KEEP.pattern.replace(rb"keepLines|pageBreakBefore|framePr|widowControl|", b"")
)


def keep_with_text(xml: bytes, closing_styles: frozenset[str]) -> bytes:
    """document.xml with each 落款 kept with the body text above it.

    Only the paragraphs around a 落款 or 附件说明 are read: they are found by searching
    for their style and their words, not by reading every paragraph."""
    closings = _closing_paragraphs(xml, closing_styles)
    if not closings:
        return xml
    kept: set[tuple[int, int]] = set()
    widows: set[tuple[int, int]] = set()
    for run in _runs(xml, closings):
        kept.update(run[:-1])  # 署名 with its date
        body = _body_before(xml, run[0][0])
        kept.update(body)
        if body:
            widows.add(body[0])
    if not kept:
        return xml
    out, position = [], 0
    for start, end in sorted(kept):
        out += [xml[position:start], _kept(xml[start:end], (start, end) in widows)]
        position = end
    out.append(xml[position:])
    return b"".join(out)


def _closing_paragraphs(xml: bytes, styles: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a 落款 or a 附件说明, in order."""
    marks = [f'<w:pStyle w:val="{s}"/>'.encode() for s in styles]
    found = set()
    for at in positions(xml, (*marks, *ATTACHMENT_NOTE)):
        start, end = paragraph_start(xml, at), paragraph_end(xml, at)
        if start >= 0 and end > at and _closing(xml[start:end], styles):
            found.add((start, end))
    return sorted(found)


def _runs(xml: bytes, paragraphs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The paragraphs in runs of those that follow each other with nothing between."""
    runs: list[list[tuple[int, int]]] = []
    for paragraph in paragraphs:
        if runs and not xml[runs[-1][-1][1] : paragraph[0]].strip():
            runs[-1].append(paragraph)
        else:
            runs.append([paragraph])
    return runs


def _closing(paragraph: bytes, styles: frozenset[str]) -> bool:
    """A paragraph of the 落款, or a 附件说明."""
    found = STYLE.search(paragraph, 0, max(0, paragraph.find(b"</w:pPr>")))
    if found is not None and found.group(1).decode("utf-8", "replace") in styles:
        return True
    return b"".join(TEXT.findall(paragraph)).lstrip().startswith(ATTACHMENT_NOTE)


def _body_before(xml: bytes, position: int) -> list[tuple[int, int]]:
    """The paragraphs from the body's last one to the 落款 opening at `position` (none when a
    table or nothing comes first: a table row cannot be kept with a paragraph in both
    suites)."""
    walked: list[tuple[int, int]] = []
    for _ in range(MAX_KEPT):
        close = xml.rfind(b"</w:p>", 0, position)
        if close < 0:
            return []
        end = close + len(b"</w:p>")
        between = xml[end:position]
        if b"</w:tbl>" in between or b"</w:tc>" in between or b"<w:tbl>" in between:
            return []
        start = paragraph_start(xml, close)
        if start < 0:
            return []
        walked.insert(0, (start, end))
        text = b"".join(TEXT.findall(xml, start, end)).strip()
        if text and not text.startswith(LABELS):
            return walked
        position = start
    return []


def _kept(paragraph: bytes, widow_control: bool) -> bytes:
    """The paragraph kept with the next (and, for the body's, two of its lines at least)."""
    additions = [(b"<w:keepNext/>", AFTER_KEEP, b"<w:keepNext")]
    if widow_control:
        additions.append((b"<w:widowControl/>", AFTER_WIDOW, b"<w:widowControl"))
    for element, after, present in additions:
        paragraph = _with_property(paragraph, element, after, present)
    return paragraph


def _with_property(
    paragraph: bytes, element: bytes, after: re.Pattern[bytes], present: bytes
) -> bytes:
    start = paragraph.find(b"<w:pPr>")
    if start < 0:
        opening = paragraph.index(b">") + 1
        if paragraph.endswith(b"/>") and opening == len(paragraph):
            return paragraph  # an empty paragraph holds nothing to keep
        return paragraph[:opening] + b"<w:pPr>" + element + b"</w:pPr>" + paragraph[opening:]
    end = paragraph.index(b"</w:pPr>", start)
    properties = paragraph[start:end]
    if present + b"/>" in properties or present + b" " in properties:
        properties = re.sub(present + rb'(?: w:val="[^"]*")?/>', element, properties)
        return paragraph[:start] + properties + paragraph[end:]
    skip = start + len(b"<w:pPr>")
    style = STYLE.match(paragraph, skip)
    skip = style.end() if style else skip
    later = after.search(paragraph, skip, end)
    at = later.start() if later else end
    return paragraph[:at] + element + paragraph[at:]
