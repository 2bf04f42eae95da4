"""The page a part of a document is laid on, as its section properties give it."""

from __future__ import annotations

import bisect
import re

from reportgen.render.xml import positions

SECTION_WIDTH = re.compile(rb'<w:pgSz\b[^>]*\bw:w="(\d+)"')
MARGINS = re.compile(rb"<w:pgMar\b[^>]*>")
SIDES = tuple(re.compile(rb'\bw:%s="(-?\d+)"' % side) for side in (b"left", b"right", b"gutter"))
A4_TEXT_WIDTH = 8845  # twips: A4 less GB/T 9704's margins, should a section not say


class Sections:
    """The width between the margins (twips) of the section holding a position of
    document.xml (the first section properties after it), each section read once."""

    def __init__(self, xml: bytes):
        self.xml = xml
        self.ends = positions(xml, (b"</w:sectPr>",))
        self.widths: dict[int, int] = {}

    def width_at(self, position: int) -> int:
        index = bisect.bisect_left(self.ends, position)
        if index not in self.widths:
            end = self.ends[index] if index < len(self.ends) else -1
            self.widths[index] = _width(self.xml, end)
        return self.widths[index]


def _width(xml: bytes, end: int) -> int:
    """The text width of the section whose properties close at `end` (-1: none)."""
    start = xml.rfind(b"<w:sectPr", 0, end) if end >= 0 else -1
    section = xml[start:end] if start >= 0 else b""
    size, margins = SECTION_WIDTH.search(section), MARGINS.search(section)
    if size is None or margins is None:
        return A4_TEXT_WIDTH
    sides = [side.search(margins.group(0)) for side in SIDES]
    return int(size.group(1)) - sum(int(found.group(1)) for found in sides if found)
