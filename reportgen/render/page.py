"""The page a part of a document is laid on, as its section properties give it."""

from __future__ import annotations

import re

SECTION_WIDTH = re.compile(rb'<w:pgSz\b[^>]*\bw:w="(\d+)"')
MARGINS = re.compile(rb"<w:pgMar\b[^>]*>")
SIDES = tuple(re.compile(rb'\bw:%s="(-?\d+)"' % side) for side in (b"left", b"right", b"gutter"))
A4_TEXT_WIDTH = 8845  # twips: A4 less GB/T 9704's margins, should a section not say


def text_width(xml: bytes, after: int) -> int:
    """The width between the margins (twips) of the section holding the position `after`
    of document.xml: the first section properties that follow it."""
    end = xml.find(b"</w:sectPr>", after)
    start = xml.rfind(b"<w:sectPr", 0, end) if end >= 0 else -1
    section = xml[start:end] if start >= 0 else b""
    size, margins = SECTION_WIDTH.search(section), MARGINS.search(section)
    if size is None or margins is None:
        return A4_TEXT_WIDTH
    sides = [side.search(margins.group(0)) for side in SIDES]
    return int(size.group(1)) - sum(int(found.group(1)) for found in sides if found)
