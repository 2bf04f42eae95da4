"""The 指标得分表 (or any report table) as an Excel workbook a consultant can send on."""

from __future__ import annotations

import datetime as dt

from reportgen.narrative.model import Cell, Table
from reportgen.render.xlsx import (
    BODY,
    BODY_BOLD,
    BODY_LEFT,
    HEADER,
    TITLE,
    CellValue,
    Sheet,
    column_total,
    workbook_bytes,
)


def table_workbook(
    title: str, table: Table, moment: dt.datetime, sheet: str = "指标得分表"
) -> bytes:
    """One sheet: the title, the header, the rows with their merged groups, bordered; a
    total is a formula over the rows above it."""
    return workbook_bytes(table_sheet(title, table, sheet), title, moment)


def table_sheet(title: str, table: Table, sheet: str = "指标得分表") -> Sheet:
    """The table as a sheet (see `table_workbook`)."""
    columns = len(table.widths)
    out = Sheet(sheet, [max(6.0, w * 1.6) for w in table.widths], frozen_rows=1 + len(table.header))
    out.rows.append([(title, TITLE)] + [("", TITLE)] * (columns - 1))
    out.merges.append((1, 1, 1, columns))
    open_merges: dict[int, int] = {}
    for offset, (row, header) in enumerate(
        [(r, True) for r in table.header] + [(r, False) for r in table.rows]
    ):
        number = offset + 2
        cells = _cells(row, header, columns)
        out.rows.append(cells)
        column = 1
        for cell in row:
            if cell.total and not header:
                body = range(2 + len(table.header), number)
                cells[column - 1] = (
                    column_total(out, column, body, cell.text),
                    cells[column - 1][1],
                )
            if cell.merge_up:
                open_merges.setdefault(column, number - 1)
            else:
                _close(out, open_merges, column, cell.span, number - 1)
            if cell.span > 1:
                out.merges.append((number, number, column, column + cell.span - 1))
            column += cell.span
    last = len(out.rows)
    for column in sorted(open_merges):
        _close(out, open_merges, column, 1, last)
    return out


def _cells(row: list[Cell], header: bool, columns: int) -> list[tuple[CellValue, int]]:
    cells: list[tuple[CellValue, int]] = []
    for cell in row:
        style = HEADER if header else BODY_BOLD if cell.bold else BODY_LEFT if cell.left else BODY
        value = "" if cell.merge_up else cell.text
        cells += [(value, style)] + [("", style)] * (cell.span - 1)
    return cells + [("", BODY)] * (columns - len(cells))


def _close(sheet: Sheet, open_merges: dict[int, int], column: int, span: int, end_row: int) -> None:
    """End the vertical merges that began in the columns this cell covers."""
    for covered in range(column, column + span):
        start = open_merges.pop(covered, None)
        if start is not None and end_row > start:
            sheet.merges.append((start, end_row, covered, covered))
