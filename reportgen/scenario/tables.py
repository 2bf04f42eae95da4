"""Data tables: inline items or rows of an .xlsx/.csv file, and their derived values."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from reportgen.errors import Problem, ReportgenError
from reportgen.expressions import ExpressionError, resolve_derived
from reportgen.numbers import number_problem
from reportgen.scenario.model import DataItem, DataTable
from reportgen.scenario.paths import resolve_reference
from reportgen.scenario.sheets import Sheet, read_sheet
from reportgen.scenario.yaml_source import YamlSource

FILE_COLUMNS = ("key", "label", "value", "expr", "unit")


@dataclass
class ResolvedTable:
    """A table with every value known: given ones and computed ones."""

    name: str
    table: DataTable
    items: list[DataItem]
    values: dict[str, Decimal] = field(default_factory=dict)

    def is_derived(self, key: str) -> bool:
        return any(item.key == key and item.expr for item in self.items)


def resolve_tables(
    tables: dict[str, DataTable], source: YamlSource, root: Path
) -> tuple[dict[str, ResolvedTable], list[Problem]]:
    """Read file-backed tables, then compute every derived value."""
    problems: list[Problem] = []
    resolved: dict[str, ResolvedTable] = {}
    cells: dict[str, Problem] = {}  # table.key → where a file's item was written
    for name, table in tables.items():
        items = list(table.items)
        if table.file:
            file_items, file_problems = _read_file_items(name, table, source, root, cells)
            items += file_items
            problems += file_problems
        problems += _duplicate_keys(name, items, source)
        resolved[name] = ResolvedTable(name, table, items)
    if problems:
        return resolved, problems
    values = {n: {i.key: i.value for i in t.items if i.expr is None} for n, t in resolved.items()}
    formulas = {n: {i.key: i.expr for i in t.items if i.expr} for n, t in resolved.items()}
    try:
        computed = resolve_derived(values, formulas)
    except ExpressionError as error:
        return resolved, [_locate_expression_error(error, resolved, source, cells)]
    for name, resolved_table in resolved.items():
        resolved_table.values = {k: v for k, v in computed[name].items() if v is not None}
    return resolved, []


def _duplicate_keys(name: str, items: list[DataItem], source: YamlSource) -> list[Problem]:
    keys = [i.key for i in items]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    return [source.problem(("data", name), f"item {k!r} is given twice") for k in repeated]


def _locate_expression_error(
    error: ExpressionError,
    tables: dict[str, ResolvedTable],
    source: YamlSource,
    cells: dict[str, Problem],
) -> Problem:
    """Point at the item whose formula failed (its table.key is in the message)."""
    for name, table in tables.items():
        for index, item in enumerate(table.table.items):
            if item.expr and f"{name}.{item.key}" in str(error):
                return source.problem(("data", name, "items", index, "expr"), str(error))
    for dotted, cell in cells.items():
        if dotted in str(error):
            return dataclasses.replace(cell, message=str(error))
    return source.problem(("data",), str(error))


def _read_file_items(
    name: str, table: DataTable, source: YamlSource, root: Path, cells: dict[str, Problem]
) -> tuple[list[DataItem], list[Problem]]:
    assert table.file is not None
    path, why = resolve_reference(table.file, source.file.parent, root)
    if path is None:
        return [], [source.problem(("data", name, "file"), why)]
    try:
        sheet = read_sheet(path, table.sheet)
    except ReportgenError as error:
        return [], error.problems
    columns = sheet.columns
    if "key" not in columns or not ({"value", "expr"} & set(columns)):
        expected = ", ".join(FILE_COLUMNS)
        found = ", ".join(c for c in columns if c) or "none"
        return [], [Problem(f"expected columns {expected}; found {found}", sheet.where)]
    items, problems = [], []
    for row, record in sheet.rows:
        item, problem = _item_from_record(record, row, sheet)
        if problem:
            problems.append(problem)
        elif item:
            items.append(item)
            cells[f"{name}.{item.key}"] = sheet.problem(row, "expr" if item.expr else "value", "")
    return items, problems


def _item_from_record(
    record: dict[str, str], row: int, sheet: Sheet
) -> tuple[DataItem | None, Problem | None]:
    value_text, expr = record.get("value", ""), record.get("expr", "")
    if not record.get("key"):
        if value_text or expr:
            return None, sheet.problem(row, "key", "a value without a `key`")
        return None, None
    if value_text and expr:
        return None, sheet.problem(row, "value", "give either `value` or `expr`, not both")
    if not value_text and not expr:
        column = "value" if "value" in record else "expr"
        return None, sheet.problem(row, column, "blank: give a `value` or an `expr`")
    value: Decimal | None = None
    if value_text:
        try:
            value = Decimal(value_text.replace(",", ""))
        except InvalidOperation:
            return None, sheet.problem(row, "value", f"not a number: {value_text!r}")
        why = number_problem(value)
        if why:
            return None, sheet.problem(row, "value", f"{value_text!r} {why}")
    fields = {k: record[k] for k in ("label", "unit") if record.get(k)}
    return DataItem(key=record["key"], value=value, expr=expr or None, **fields), None
