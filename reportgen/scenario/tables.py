"""Data tables: inline items or rows of an .xlsx/.csv file, and their derived values."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, display_path
from reportgen.expressions import ExpressionError, resolve_derived
from reportgen.scenario.model import DataItem, DataTable
from reportgen.scenario.paths import resolve_reference
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
    for name, table in tables.items():
        items = list(table.items)
        if table.file:
            file_items, file_problems = _read_file_items(name, table, source, root)
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
        return resolved, [_locate_expression_error(error, resolved, source)]
    for name, resolved_table in resolved.items():
        resolved_table.values = {k: v for k, v in computed[name].items() if v is not None}
    return resolved, []


def _duplicate_keys(name: str, items: list[DataItem], source: YamlSource) -> list[Problem]:
    keys = [i.key for i in items]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    return [source.problem(("data", name), f"item {k!r} is given twice") for k in repeated]


def _locate_expression_error(
    error: ExpressionError, tables: dict[str, ResolvedTable], source: YamlSource
) -> Problem:
    """Point at the item whose formula failed (its table.key is in the message)."""
    for name, table in tables.items():
        for index, item in enumerate(table.table.items):
            if item.expr and f"{name}.{item.key}" in str(error):
                return source.problem(("data", name, "items", index, "expr"), str(error))
    return source.problem(("data",), str(error))


def _read_file_items(
    name: str, table: DataTable, source: YamlSource, root: Path
) -> tuple[list[DataItem], list[Problem]]:
    assert table.file is not None
    path, why = resolve_reference(table.file, source.file.parent, root)
    if path is None:
        return [], [source.problem(("data", name, "file"), why)]
    try:
        frame = _read_frame(path, table.sheet)
    except (ValueError, OSError, KeyError) as error:
        return [], [source.problem(("data", name, "file"), f"cannot read {path.name}: {error}")]
    return _items_from_frame(frame, path, table.sheet)


def _read_frame(path: Path, sheet: str | None) -> Any:
    import pandas as pd  # imported here: most scenarios have no file-backed tables

    if path.suffix.lower() == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return pd.read_excel(path, sheet_name=sheet or 0, dtype=str, keep_default_na=False)
    raise ValueError("expected a .csv or .xlsx file")


def _items_from_frame(
    frame: Any, path: Path, sheet: str | None
) -> tuple[list[DataItem], list[Problem]]:
    columns = [str(c).strip() for c in frame.columns]
    where = f"{display_path(path)}!{sheet}" if sheet else display_path(path)
    missing = [c for c in ("key",) if c not in columns]
    if missing or not ({"value", "expr"} & set(columns)):
        expected = ", ".join(FILE_COLUMNS)
        return [], [Problem(f"expected columns {expected}; found {', '.join(columns)}", where)]
    items, problems = [], []
    for row_number, row in enumerate(frame.itertuples(index=False), start=2):
        record = dict(zip(columns, (str(v).strip() for v in row), strict=True))
        item, problem = _item_from_record(record, f"{where}!{_cell(columns, row_number)}")
        if problem:
            problems.append(problem)
        elif item:
            items.append(item)
    return items, problems


def _item_from_record(record: dict[str, str], cell: str) -> tuple[DataItem | None, Problem | None]:
    if not record.get("key"):
        return None, None
    value: Decimal | None = None
    if record.get("value"):
        try:
            value = Decimal(record["value"].replace(",", ""))
        except InvalidOperation:
            return None, Problem(f"not a number: {record['value']!r}", cell)
    fields = {k: record[k] for k in ("label", "unit") if record.get(k)}
    return DataItem(key=record["key"], value=value, expr=record.get("expr") or None, **fields), None


def _cell(columns: list[str], row: int) -> str:
    """The spreadsheet address of the value cell of a row (C7)."""
    column = columns.index("value") if "value" in columns else 0
    return f"{chr(ord('A') + column)}{row}"
