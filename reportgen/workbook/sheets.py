"""A scenario workbook opened: each sheet the layout names, its rows by header.

Values are read as Excel shows them; a formula Excel never calculated (a
workbook a program wrote) is an error at its cell rather than an empty value.
A formula is a cell of formula type: a text beginning with = is text.
Headers are matched by name, in any order; a header the sheet does not have
is an error at its cell, and so is a value in a column without a header. Sizes
are bounded as for any data workbook.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.scenario.sheets import (
    HEADLESS,
    MAX_COLUMNS,
    MAX_ROWS,
    headless_columns,
    read_workbook,
)
from reportgen.workbook import layout
from reportgen.workbook.source import Sheet

MAX_CELL_TEXT = 32_767  # what Excel itself lets a cell hold


def is_scenario_workbook(path: Path) -> bool:
    """Whether the workbook at `path` has the layout's 项目信息 sheet."""
    return bool(read_workbook(path, lambda book: layout.MARK_SHEET in book.sheetnames))


def read_sheets(path: Path) -> dict[str, Sheet]:
    """The layout's sheets of the workbook at `path`, with the values Excel shows.

    The workbook is read once as written; only when a cell holds a formula is it read
    again for the values Excel cached, and a formula Excel never calculated (a workbook
    a program wrote) is an error at its cell rather than an empty value.
    """
    written = read_workbook(path, lambda book: open_sheets(path, book), formulas=True)
    formulas = [
        (sheet, row, header)
        for sheet in written.values()
        for row, cells in sheet.rows
        for header, value in cells.items()
        if isinstance(value, WrittenFormula)
    ]
    if not formulas:
        return written
    cached = read_workbook(path, lambda book: open_sheets(path, book))
    shown = {
        (sheet.where, row, header): value
        for sheet in cached.values()
        for row, cells in sheet.rows
        for header, value in cells.items()
    }
    uncalculated = [
        sheet.cell(row, header)[0]
        for sheet, row, header in formulas
        if shown.get((sheet.where, row, header)) is None
    ]
    if uncalculated:
        raise ReportgenError(
            [
                Problem(
                    "a formula Excel has not calculated: open and save the workbook in Excel, "
                    "or write the expression in 公式",
                    where,
                )
                for where in uncalculated
            ]
        )
    return cached


def open_sheets(path: Path, book: Any) -> dict[str, Sheet]:
    name = display_path(path)
    found = {}
    problems = []
    for title in book.sheetnames:
        if title not in layout.SHEETS:
            continue
        rows = (
            [_written(cell) for cell in row] for row in book[title].iter_rows(max_col=MAX_COLUMNS)
        )
        header = next(rows, [])
        from openpyxl.utils import get_column_letter

        columns = {}
        known = {c.header for c in layout.SHEETS[title][1]}
        for index, value in enumerate(header, start=1):
            text = str(value).strip() if value is not None else ""
            if not text:
                continue
            where = f"{name}!{title}!{get_column_letter(index)}1"
            if title == "指标体系" and text in layout.LEVELS:
                pass
            elif text not in known:
                problems.append(
                    Problem(
                        f"unknown column {text!r}; the columns: {'、'.join(sorted(known))}", where
                    )
                )
                continue
            if text in columns:
                problems.append(Problem(f"column {text!r} is given twice", where))
            columns[text] = get_column_letter(index)
        sheet = Sheet(f"{name}!{title}", columns)
        letters = {letter: header for header, letter in columns.items()}
        headers = ["" if value is None else str(value).strip() for value in header]
        headless: set[int] = set()  # said once a column, at its first value
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS:
                raise ReportgenError([Problem(f"more than {MAX_ROWS:,} rows", sheet.where)])
            for index in headless_columns(headers, values):
                if index not in headless:
                    headless.add(index)
                    where = f"{sheet.where}!{get_column_letter(index + 1)}{number}"
                    problems.append(Problem(HEADLESS, where))
            cells = {}
            for index, value in enumerate(values, start=1):
                header_text = letters.get(get_column_letter(index))
                if header_text is not None:
                    cells[header_text] = _value(
                        value, f"{sheet.where}!{get_column_letter(index)}{number}", problems
                    )
            if any(v is not None for v in cells.values()):
                sheet.rows.append((number, cells))
        found[title] = sheet
    if problems:
        raise ReportgenError(problems)
    return found


class WrittenFormula(str):
    """A cell's formula as written, `=SUM(B2:B5)`: its value is Excel's to work out."""


def _written(cell: Any) -> Any:
    """What a cell holds: its value, or its formula when it is one. A formula is told by
    the cell's type, never by its text: a text that begins with = (stored as a string, as
    reportgen writes every text) is text."""
    if cell.data_type == "f" and isinstance(cell.value, str):
        return WrittenFormula(cell.value)
    return cell.value


def _value(value: Any, where: str, problems: list[Problem]) -> Any:
    """A cell's value as the scenario holds it: text stripped, numbers exact, dates as dates."""
    if isinstance(value, WrittenFormula):
        return value
    if isinstance(value, str):
        if len(value) > MAX_CELL_TEXT:
            problems.append(Problem(f"more than {MAX_CELL_TEXT:,} characters", where))
        text = value.strip()
        return text or None
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value
