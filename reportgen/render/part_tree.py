"""A rendered part parsed for the fixes that need its structure (merges, table grids).

The part is reportgen's own render of a checked template (UTF-8), parsed
without entities or network all the same, and written back with the
declaration Word writes.
"""

from __future__ import annotations

from lxml import etree

from reportgen.render.xml import W_NS

W = f"{{{W_NS}}}"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, _PARSER)


def serialize(root: etree._Element) -> bytes:
    return DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False)


def cell_span(cell: etree._Element) -> int:
    """How many grid columns a w:tc covers (its gridSpan, 1 without one)."""
    span = cell.find(f"{W}tcPr/{W}gridSpan")
    value = span.get(f"{W}val") if span is not None else None
    return int(value) if value and value.isdigit() else 1
