"""`{% vmerge KEY %}`: a table cell merged with the one above while KEY's value is unchanged.

In a cell of a `{%tr for %}` row, `{% vmerge r.dimension %}{{ r.dimension }}`
merges the 一级指标 cells of consecutive rows of one dimension; a tuple nests
groups, so `{% vmerge (r.dimension, r.group) %}` restarts the 二级 cell
whenever the 一级 changes, even when the 二级 name repeats. (docxtpl's own
`{% vm %}` merges a whole loop; it keeps working.)

The first cell of a run gets `w:vMerge w:val="restart"`, the others
`w:vMerge` and lose their text (Word shows the first cell's), written in
schema order inside `w:tcPr`. In a plain table the cell is compiled to decide
that while it renders (`vmerge_compiled`); elsewhere (a table in a cell, a
column loop in the row) the tag leaves an invisible marker with a digest of
KEY, and after rendering the part is parsed and each table walked by grid column.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from markupsafe import Markup

from reportgen.render import vmerge_compiled
from reportgen.render.part_tree import W, cell_span, parse, serialize

TAG = re.compile(r"\{%-?\s*vmerge\s+(.+?)\s*-?%\}", re.S)
FUNCTION = "_reportgen_vmerge"
# Control characters, which no text keeps (see `render.xml.clean`). XML cannot carry
# them, so while the part is parsed they stand as two noncharacters (any already in
# the text are dropped first: there they meant nothing).
OPEN, CLOSE = "\x18", "\x19"
PARSED_OPEN, PARSED_CLOSE = "\ufdd7", "\ufdd8"
MARKER = re.compile(f"{PARSED_OPEN}([0-9a-f]+){PARSED_CLOSE}")
# What may come before w:vMerge in w:tcPr (ECMA-376 §17.4.70): it goes after these.
BEFORE_VMERGE = {f"{W}{name}" for name in ("cnfStyle", "tcW", "gridSpan", "hMerge")}


def rewrite(source: str) -> tuple[str, bool]:
    """The template source with every `{% vmerge KEY %}` compiled into its cell where the
    cell's column is known (`vmerge_compiled`), the others made marker calls; whether any
    marker call is left for `apply` after rendering."""
    source = vmerge_compiled.rewrite(source, TAG)
    rewritten, count = TAG.subn(lambda m: f"{{{{ {FUNCTION}(({m.group(1)})) }}}}", source)
    return rewritten, count > 0


def marker(key: Any) -> Markup:
    """The marker a vmerge cell carries: a digest of its key and its type (tuples of keys
    included), so that keys merge as in compiled cells: equal, and of the same type.

    Markers live only until the part is rendered, so the process's own hash serves.
    """
    try:
        digest = hash((type(key), key))
    except TypeError:  # a key that cannot be hashed (a list) goes by how it prints
        digest = hash((type(key), repr(key)))
    return Markup(f"{OPEN}{digest & 0xFFFFFFFFFFFFFFFF:x}{CLOSE}")


def apply(xml: bytes) -> bytes:
    """The rendered part (UTF-8) with its marked cells merged and every marker removed."""
    if OPEN.encode() not in xml:
        return xml
    for mark, parsed in ((OPEN, PARSED_OPEN), (CLOSE, PARSED_CLOSE)):
        xml = xml.replace(parsed.encode(), b"").replace(mark.encode(), parsed.encode())
    root = parse(xml)
    for table in root.iter(f"{W}tbl"):
        _merge_table(table)
    for text in root.iter(f"{W}t"):  # markers outside any table cell are dropped
        if text.text and PARSED_OPEN in text.text:
            text.text = MARKER.sub("", text.text)
    return serialize(root)


def _merge_table(table: etree._Element) -> None:
    above: dict[int, str] = {}  # grid column → key of the marked cell above
    for row in table.findall(f"{W}tr"):
        column, current = 0, {}
        for cell in row.findall(f"{W}tc"):
            key = _take_marker(cell)
            if key is not None:
                _set_merge(cell, "continue" if above.get(column) == key else "restart")
                current[column] = key
            column += cell_span(cell)
        above = current


def _take_marker(cell: etree._Element) -> str | None:
    """The key of the cell's own marker (none of a nested table's), removed from its text."""
    found = None
    for text in cell.iter(f"{W}t"):
        if not text.text or PARSED_OPEN not in text.text or _in_nested_table(text, cell):
            continue
        match = MARKER.search(text.text)
        if match and found is None:
            found = match.group(1)
        text.text = MARKER.sub("", text.text)
    return found


def _in_nested_table(element: etree._Element, cell: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not cell:
        if parent.tag == f"{W}tc":
            return True
        parent = parent.getparent()
    return False


def _set_merge(cell: etree._Element, state: str) -> None:
    properties = cell.find(f"{W}tcPr")
    if properties is None:
        properties = etree.Element(f"{W}tcPr")
        cell.insert(0, properties)
    for old in properties.findall(f"{W}vMerge"):
        properties.remove(old)
    merge = etree.Element(f"{W}vMerge")
    if state == "restart":
        merge.set(f"{W}val", "restart")
    position = sum(1 for child in properties if child.tag in BEFORE_VMERGE)
    properties.insert(position, merge)
    if state == "continue":
        _empty(cell)


def _empty(cell: etree._Element) -> None:
    """A continuation cell keeps one paragraph (Word needs it), with no text."""
    paragraphs = cell.findall(f"{W}p")
    for extra in paragraphs[1:]:
        cell.remove(extra)
    if paragraphs:
        for child in list(paragraphs[0]):
            if child.tag != f"{W}pPr":
                paragraphs[0].remove(child)
