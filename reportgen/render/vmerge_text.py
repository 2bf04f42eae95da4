"""`{% vmerge %}` runs applied on the rendered text, without parsing the whole part.

A report's document part is large and its tables are a fraction of it;
parsing and writing back the whole part would cost more than rendering it.
A table without a table inside it is a flat sequence of rows and cells, so
its rows and cells are found by their tags and only the marked cells are
rewritten. Parts with nested tables or text boxes (where paragraphs nest) go
through the parsed path of `vmerge` instead.
"""

from __future__ import annotations

import re

TABLE_TAG = re.compile(r"<w:tbl>|<w:tbl |</w:tbl>")
SPAN = re.compile(r'<w:gridSpan w:val="(\d+)"/>')
CELL_PROPS = re.compile(r"<w:tcPr>(.*?)</w:tcPr>|<w:tcPr/>", re.S)
OLD_MERGE = re.compile(r"<w:vMerge(?: [^>]*)?/>")
# What may come before w:vMerge in w:tcPr (ECMA-376 §17.4.70).
BEFORE = re.compile(
    r"^(?:<w:cnfStyle[^>]*/>)?(?:<w:tcW[^>]*/>)?(?:<w:gridSpan[^>]*/>)?(?:<w:hMerge[^>]*/>)?"
)
FIRST_PARAGRAPH_PROPS = re.compile(r"<w:p[ >](?:(?!</w:p>).)*?(<w:pPr>.*?</w:pPr>|<w:pPr/>)", re.S)


def usable(xml: str) -> bool:
    """Whether the part's structure is flat enough to be merged on its text."""
    return "<w:txbxContent" not in xml and not _nested(xml)


def _nested(xml: str) -> bool:
    depth = 0
    for tag in TABLE_TAG.finditer(xml):
        depth += -1 if tag.group(0) == "</w:tbl>" else 1
        if depth > 1:
            return True
    return False


def apply(xml: str, marker: re.Pattern[str], opening: str) -> str:
    """Every table holding a marker merged by grid column; the markers removed everywhere."""
    out, position = [], 0
    for start, end in _tables(xml):
        table = xml[start:end]
        if opening in table:
            out += [xml[position:start], _merge(table, marker, opening)]
            position = end
    out.append(xml[position:])
    return marker.sub("", "".join(out))


def _tables(xml: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for tag in TABLE_TAG.finditer(xml):
        if tag.group(0) == "</w:tbl>":
            spans.append((start, tag.end()))
        else:
            start = tag.start()
    return spans


def _elements(text: str, name: str, start: int, end: int) -> list[list[int]]:
    """[start, end] of each <w:NAME> … </w:NAME> between `start` and `end` (they do not nest)."""
    found, opening, closing = [], f"<w:{name}", f"</w:{name}>"
    position = text.find(opening, start, end)
    while position >= 0:
        if text[position + len(opening)] in "> ":
            finish = text.index(closing, position) + len(closing)
            found.append([position, finish])
            position = text.find(opening, finish, end)
        else:
            position = text.find(opening, position + 1, end)
    return found


def _merge(table: str, marker: re.Pattern[str], opening: str) -> str:
    rows = _elements(table, "tr", 0, len(table))
    cells = [_elements(table, "tc", s, e) for s, e in rows]
    states: dict[tuple[int, int], str] = {}  # (row, cell) → restart / continue
    above: dict[int, str] = {}  # grid column → key of the marked cell above
    for r, row in enumerate(cells):
        column, current = 0, {}
        for c, (start, end) in enumerate(row):
            text = table[start:end]
            found = marker.search(text) if opening in text else None
            if found:
                key = found.group(1)
                states[(r, c)] = "continue" if above.get(column) == key else "restart"
                current[column] = key
            span = SPAN.search(text) if "<w:gridSpan" in text else None
            column += int(span.group(1)) if span else 1
        above = current
    return _rewritten(table, cells, states)


def _rewritten(table: str, cells: list[list[list[int]]], states: dict[tuple[int, int], str]) -> str:
    out, position = [], 0
    for (r, c), state in sorted(states.items()):
        start, end = cells[r][c]
        out += [table[position:start], _with_merge(table[start:end], state)]
        position = end
    out.append(table[position:])
    return "".join(out)


def _with_merge(cell: str, state: str) -> str:
    merge = '<w:vMerge w:val="restart"/>' if state == "restart" else "<w:vMerge/>"
    props = CELL_PROPS.search(cell)
    if props is None:
        opening = cell.index(">") + 1
        cell = f"{cell[:opening]}<w:tcPr>{merge}</w:tcPr>{cell[opening:]}"
    else:
        inner = OLD_MERGE.sub("", props.group(1) or "")
        head = BEFORE.match(inner)
        cut = head.end() if head else 0
        cell = (
            cell[: props.start()]
            + f"<w:tcPr>{inner[:cut]}{merge}{inner[cut:]}</w:tcPr>"
            + cell[props.end() :]
        )
    return _emptied(cell) if state == "continue" else cell


def _emptied(cell: str) -> str:
    """A continuation cell keeps one paragraph (Word needs it), with no text."""
    props = CELL_PROPS.search(cell)
    head_end = props.end() if props else cell.index(">") + 1
    paragraph = FIRST_PARAGRAPH_PROPS.search(cell, head_end)
    kept = paragraph.group(1) if paragraph else ""
    return f"{cell[:head_end]}<w:p>{kept}</w:p></w:tc>"
