"""Report tables as WordprocessingML: grid, repeated header rows and vertical merges.

Indicator tables group rows under 一级/二级 indicators by merging cells
vertically; Word expresses that with `vMerge` on every cell of the run, the
first one marked `restart`. Property children are written in the order the
OOXML schema fixes, so the document passes the Open XML SDK validator.
Styling comes only from the template's styles (see `styles`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.render import styles, xml

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTINUATION = f'<w:p><w:pPr><w:pStyle w:val="{styles.TABLE_TEXT}"/></w:pPr></w:p>'


@dataclass
class Cell:
    """One table cell; `merge_up` makes it the continuation of the cell above."""

    text: str = ""
    style: str = styles.TABLE_TEXT
    bold: bool = False
    span: int = 1
    merge_up: bool = False
    paragraphs: list[str] | None = None

    def __post_init__(self) -> None:
        if self.span < 1:
            raise ValueError(f"a cell spans at least one grid column, got {self.span}")
        if self.style not in styles.PARAGRAPH_STYLES:
            raise ValueError(f"unknown table paragraph style {self.style!r}")

    def lines(self) -> list[str]:
        """The cell's paragraphs; a trailing line break (as YAML `|` leaves) adds none."""
        parts = self.paragraphs if self.paragraphs is not None else [self.text]
        lines: list[str] = []
        for part in parts:
            lines.extend(_LINE_BREAK.split(part.rstrip("\r\n")))
        return lines or [""]


def _as_cell(value: Cell | str, header: bool) -> Cell:
    """Strings become cells; header cells left at the body style take the header style."""
    style = styles.TABLE_HEADER if header else styles.TABLE_TEXT
    if isinstance(value, str):
        return Cell(value, style=style)
    if header and value.style == styles.TABLE_TEXT:
        return dataclasses.replace(value, style=style)
    return value


def _starts(row: Sequence[Cell]) -> dict[int, Cell]:
    """Cells by the grid column they start at, which is how vertical merges line up."""
    starts: dict[int, Cell] = {}
    column = 0
    for cell in row:
        starts[column] = cell
        column += cell.span
    return starts


def _cell_xml(cell: Cell, width: int, merge: str | None) -> str:
    """A <w:tc>; built once per distinct cell, since a batch repeats most of them."""
    if cell.paragraphs is not None:
        return _build_cell(cell, width, merge)
    return _cached_cell(cell.text, cell.style, cell.bold, cell.span, width, merge)


@functools.lru_cache(maxsize=8192)
def _cached_cell(
    text: str, style: str, bold: bool, span: int, width: int, merge: str | None
) -> str:
    return _build_cell(Cell(text, style, bold, span), width, merge)


def _build_cell(cell: Cell, width: int, merge: str | None) -> str:
    """A <w:tc>; tcPr children in schema order: tcW, gridSpan, vMerge, vAlign."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if cell.span > 1:
        props += f'<w:gridSpan w:val="{cell.span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    props += '<w:vAlign w:val="center"/>'
    if merge == "continue":
        body = _CONTINUATION
    else:
        body = "".join(
            xml.paragraph(xml.run(line, bold=cell.bold) if line else "", cell.style)
            for line in cell.lines()
        )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def _merge_state(
    cell: Cell, column: int, above: dict[int, Cell], below: dict[int, Cell]
) -> str | None:
    """restart, continue or None; a continuation needs a cell of the same span above it."""
    if cell.merge_up:
        over = above.get(column)
        if over is None or over.span != cell.span:
            raise ValueError(f"cell {cell.text!r} merges up but no cell of its width is above it")
        return "continue"
    under = below.get(column)
    if under is not None and under.merge_up:
        return "restart"
    return None


def _row_xml(
    row: Sequence[Cell],
    widths: Sequence[int],
    neighbours: tuple[dict[int, Cell], dict[int, Cell]],
    header: bool,
) -> str:
    """A <w:tr> that never splits across pages and, in the header, repeats on each page."""
    if sum(cell.span for cell in row) != len(widths):
        texts = [cell.text for cell in row]
        raise ValueError(
            f"row {texts} spans {sum(c.span for c in row)} of {len(widths)} grid columns"
        )
    above, below = neighbours
    cells = []
    column = 0
    for cell in row:
        width = sum(widths[column : column + cell.span])
        cells.append(_cell_xml(cell, width, _merge_state(cell, column, above, below)))
        column += cell.span
    flags = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    return f"<w:tr><w:trPr>{flags}</w:trPr>{''.join(cells)}</w:tr>"


def _rows_xml(rows: list[list[Cell]], widths: Sequence[int], header: bool) -> str:
    """Rows of one group; merges never reach across the header/body boundary."""
    starts = [_starts(row) for row in rows]
    out = []
    for index, row in enumerate(rows):
        above = starts[index - 1] if index > 0 else {}
        below = starts[index + 1] if index + 1 < len(rows) else {}
        out.append(_row_xml(row, widths, (above, below), header))
    return "".join(out)


def table(
    header: Sequence[Sequence[Cell | str]],
    rows: Sequence[Sequence[Cell | str]],
    widths: Sequence[int],
    *,
    repeat_header: bool = True,
) -> str:
    """A <w:tbl> of fixed layout, centred, in the report table style."""
    if not widths or any(width <= 0 for width in widths):
        raise ValueError(f"a table needs positive column widths, got {list(widths)}")
    head = [[_as_cell(value, header=True) for value in row] for row in header]
    body = [[_as_cell(value, header=False) for value in row] for row in rows]
    if not head and not body:
        raise ValueError("a table needs at least one row")
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    props = (
        f'<w:tblStyle w:val="{styles.TABLE}"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        '<w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/>'
    )
    return (
        f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        f"{_rows_xml(head, widths, repeat_header)}{_rows_xml(body, widths, False)}</w:tbl>"
    )


def merge_runs(rows: Sequence[Sequence[Cell]], column: int, within: int | None = None) -> None:
    """Merge equal neighbours in a grid column, so an indicator name shows once per group.

    With `within`, a cell merges only where the cell of that earlier column merged
    too: a 二级 name repeated under two 一级 indicators stays two groups.
    """
    previous: Cell | None = None
    for row in rows:
        starts = _starts(row)
        cell = starts.get(column)
        if cell is not None and previous is not None and _continues(previous, cell):
            outer = starts.get(within) if within is not None else None
            if within is None or (outer is not None and outer.merge_up):
                cell.merge_up = True
        previous = cell


def _continues(above: Cell, cell: Cell) -> bool:
    """Same non-empty text over the same width."""
    return above.span == cell.span and above.lines() == cell.lines() and any(cell.lines())


def _note(text: str, prefix: str) -> str:
    """The prefix once, whether or not the scenario text already starts with it."""
    return text if text.startswith(prefix) else prefix + text


def caption(text: str) -> str:
    """The table's title above it, kept on the page of the table."""
    return xml.paragraph(xml.run(text), styles.TABLE_CAPTION, keep_next=True)


def unit_line(unit: str) -> str:
    """单位：元 above a money table, kept on the page of the table."""
    return xml.paragraph(xml.run(_note(unit, "单位：")), styles.TABLE_UNIT, keep_next=True)


def source_line(text: str) -> str:
    """数据来源：… below the table."""
    return xml.paragraph(xml.run(_note(text, "数据来源：")), styles.TABLE_SOURCE)
