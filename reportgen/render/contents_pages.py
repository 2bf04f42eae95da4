"""Page numbers in a rendered document's table of contents, as a layout engine found them.

reportgen writes the contents' entries itself (`numbering`), but only a layout
knows on which page each heading lands. When LibreOffice lays the document out
for its PDF, it gives back the lines of the contents with their page numbers;
each entry of the .docx then gets its number after a right-aligned tab with a
dot leader at the right margin, so the .docx and its PDF show the same numbers
and Word can still refresh the field.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from io import BytesIO

from reportgen.render.archive import with_member
from reportgen.render.numbering import TEXT, contents_field
from reportgen.render.page import Sections

DOCUMENT = "word/document.xml"
PARAGRAPH = re.compile(rb"<w:p(?: [^>]*)?>.*?</w:p>", re.S)
FIELD_END_RUN = re.compile(rb'<w:r(?: [^>]*)?>(?:(?!</w:r>).)*w:fldCharType="end"', re.S)
# pPr children that come after w:tabs in the schema's order.
AFTER_TABS = re.compile(
    rb"<w:(?:suppressAutoHyphens|kinsoku|wordWrap|overflowPunct|topLinePunct|autoSpaceDE|"
    rb"autoSpaceDN|bidi|adjustRightInd|snapToGrid|spacing|ind|contextualSpacing|mirrorIndents|"
    rb"suppressOverlap|jc|textDirection|textAlignment|textboxTightWrap|outlineLvl|divId|"
    rb"cnfStyle|rPr|sectPr|pPrChange)\b"
)


def with_page_numbers(docx: bytes, contents: Sequence[tuple[str, str]]) -> bytes:
    """The document with each contents entry followed by its page number (unchanged when it
    has no contents field, or the lines do not match its entries)."""
    if not contents:
        return docx
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        xml = archive.read(DOCUMENT) if DOCUMENT in archive.namelist() else b""
    numbered = numbered_contents(xml, contents)
    return docx if numbered is None else with_member(docx, DOCUMENT, numbered)


def numbered_contents(xml: bytes, contents: Sequence[tuple[str, str]]) -> bytes | None:
    """document.xml with the page numbers in its contents field, or None."""
    field = contents_field(xml)
    if field is None:
        return None
    width = Sections(xml).width_at(field.end_end)
    lines = [(_plain(text), page) for text, page in contents]
    out, position, matched = [], field.start, 0
    for paragraph in PARAGRAPH.finditer(xml, field.start, field.end_end):
        shown = b"".join(TEXT.findall(paragraph.group(0))).decode("utf-8", "replace")
        if not _plain(shown) or b"<w:tab/>" in paragraph.group(0):
            continue
        page = _page_of(_plain(shown), lines)
        if page is None:
            continue
        out += [xml[position : paragraph.start()], _numbered(paragraph.group(0), page, width)]
        position = paragraph.end()
        matched += 1
    if not matched:
        return None
    return xml[: field.start] + b"".join(out) + xml[position:]


def _page_of(text: str, lines: list[tuple[str, str]]) -> str | None:
    """The page of the first line still unused with this text (used lines are taken out)."""
    for index, (line, page) in enumerate(lines):
        if line == text:
            del lines[: index + 1]
            return page if page.isdigit() or _is_roman(page) else None
    return None


def _numbered(paragraph: bytes, page: str, width: int) -> bytes:
    tab = f'<w:tab w:val="right" w:leader="dot" w:pos="{width}"/>'.encode()
    if b"<w:tabs>" not in paragraph:
        paragraph = _with_tab_stop(paragraph, b"<w:tabs>" + tab + b"</w:tabs>")
    number = b"<w:r><w:tab/></w:r><w:r><w:t>" + page.encode() + b"</w:t></w:r>"
    end_run = FIELD_END_RUN.search(paragraph)
    cut = end_run.start() if end_run else paragraph.rindex(b"</w:p>")
    return paragraph[:cut] + number + paragraph[cut:]


def _with_tab_stop(paragraph: bytes, tabs: bytes) -> bytes:
    start = paragraph.find(b"<w:pPr>")
    if start < 0:
        opening = paragraph.index(b">") + 1
        return paragraph[:opening] + b"<w:pPr>" + tabs + b"</w:pPr>" + paragraph[opening:]
    end = paragraph.index(b"</w:pPr>", start)
    later = AFTER_TABS.search(paragraph, start + len(b"<w:pPr>"), end)
    at = later.start() if later else end
    return paragraph[:at] + tabs + paragraph[at:]


def _plain(text: str) -> str:
    return "".join(text.split())


def _is_roman(page: str) -> bool:
    return bool(page) and all(c in "ivxlcdmIVXLCDM" for c in page)
