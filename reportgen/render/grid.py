"""A table's grid made to fit its rows after a `{%tc for %}` column loop.

A column loop gives rows more (or fewer) cells than the template's table had,
while `w:tblGrid` still lists the template's columns. The grid is fitted to
the widest row, counting spans. The columns are rescaled so the table keeps
its width, as docxtpl does; but in a table of fixed layout, where Word draws
each column as wide as the grid says, a row of that many single cells that
all state their width gives the grid those widths, so a repeated column
keeps its own and the table grows or shrinks by it. Only parts that hold a column loop are re-parsed.
"""

from __future__ import annotations

import re

from lxml import etree

from reportgen.render.part_tree import W, cell_span, parse, serialize

COLUMN_LOOP = re.compile(r"\{%-?\s*tc\s")


def fit(xml: bytes) -> bytes:
    """The rendered part (UTF-8) with every table's grid as wide as its widest row."""
    root = parse(xml)
    changed = [table for table in root.iter(f"{W}tbl") if _fit_table(table)]
    if not changed:
        return xml
    return serialize(root)


def _fit_table(table: etree._Element) -> bool:
    grid = table.find(f"{W}tblGrid")
    if grid is None:
        return False
    columns = grid.findall(f"{W}gridCol")
    wanted = max((_width_in_columns(row) for row in table.findall(f"{W}tr")), default=0)
    if wanted == 0 or wanted == len(columns):
        return False
    fixed = table.find(f"{W}tblPr/{W}tblLayout")
    own = (
        _cell_widths(table, wanted)
        if fixed is not None and fixed.get(f"{W}type") == "fixed"
        else None
    )
    widths = own or _refitted([_twips(c) for c in columns], wanted)
    for column in columns:
        grid.remove(column)
    for width in widths:
        etree.SubElement(grid, f"{W}gridCol", {f"{W}w": str(width)})
    table_width = table.find(f"{W}tblPr/{W}tblW")
    if own and table_width is not None and table_width.get(f"{W}type") == "dxa":
        table_width.set(f"{W}w", str(sum(widths)))
    return True


def _cell_widths(table: etree._Element, wanted: int) -> list[int] | None:
    """The widths of the first row of `wanted` single cells that all state one in twips."""
    for row in table.findall(f"{W}tr"):
        cells = row.findall(f"{W}tc")
        if len(cells) != wanted or any(cell_span(c) != 1 for c in cells):
            continue
        widths = [_cell_twips(c) for c in cells]
        if all(widths):
            return [w for w in widths if w]
    return None


def _cell_twips(cell: etree._Element) -> int | None:
    width = cell.find(f"{W}tcPr/{W}tcW")
    if width is None or width.get(f"{W}type") not in ("dxa", None):
        return None
    value = width.get(f"{W}w") or ""
    return int(value) if value.isdigit() and int(value) > 0 else None


def _refitted(widths: list[int], wanted: int) -> list[int]:
    """`wanted` column widths with the table's total width kept: more columns shrink the old
    ones in proportion and share the total equally; fewer give the dropped width to the rest."""
    total = sum(widths)
    if total <= 0:
        return [0] * wanted  # a grid without widths: Word sizes its columns to their cells
    if wanted > len(widths):
        old_average, new_average = total / len(widths), total / wanted
        grown = [int(w * new_average / old_average) for w in widths]
        return grown + [int(new_average)] * (wanted - len(widths))
    extra = int(sum(widths[wanted:]) / wanted)
    return [w + extra for w in widths[:wanted]]


def _width_in_columns(row: etree._Element) -> int:
    return sum(cell_span(cell) for cell in row.findall(f"{W}tc"))


def _twips(column: etree._Element) -> int:
    """A grid column's width; 0 for one that is no number (Word writes whole twips, and
    some programs a decimal point)."""
    value = (column.get(f"{W}w") or "").partition(".")[0]
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0
