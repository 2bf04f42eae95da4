"""A scenario written as the documented workbook, ready for a consultant to edit in Excel.

Each sheet's header cells carry a comment saying what the column holds; the
rule, 项目 and 是/否 columns offer their values as drop-down lists, and so do
the checkpoint ids and tier labels on the rows that name them. Every text is a
string cell, never a formula (`formula_text`). The workbook is built in memory
and returned as bytes; the caller writes it atomically.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.errors import ReportgenError
from reportgen.formula_text import reads_as_formula
from reportgen.rules import known_rules
from reportgen.workbook import layout
from reportgen.workbook.findings import finding_rows
from reportgen.workbook.layout import NO, YES, Column
from reportgen.workbook.paths import flatten, path_text
from reportgen.yaml_writing import flow

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LIST_LIMIT = 255  # Excel's limit on a drop-down list written in the validation itself


def workbook_bytes(data: dict[str, Any]) -> bytes:
    """The workbook of a scenario given as its YAML data with the indicator tree inline."""
    data = copy.deepcopy(data)
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    _readme(book)
    _info(book, data)
    if data.get("grades"):
        rows = [[g.get("name"), g.get("min")] for g in data["grades"]]
        _sheet(book, "等级", rows)
    _tables(book, data.get("data") or {})
    leaves = _indicators(book, data.get("indicators") or [], data)
    if data.get("assessors"):
        _sheet(book, "评价方", [[a.get("name"), a.get("weight")] for a in data["assessors"]])
    _findings(book, data, leaves)
    narrative = data.get("narrative") or {}
    _sheet(book, "正文", [[key, text] for key, text in narrative.items()])
    _sheet(book, "问题", _titled(data.get("problems"), "indicators"))
    _sheet(book, "建议", _titled(data.get("recommendations"), "problems"))
    if data.get("experiences"):
        _sheet(book, "经验", _titled(data.get("experiences"), "indicators"))
    rest = [
        *[(("project", k), v) for k, v in _extra_project(data).items()],
        *[((k,), v) for k, v in data.items() if k not in layout.COVERED],
    ]  # what no sheet of its own holds (a scheme's parameters), value by value
    rows = [
        [path_text(path), '""' if value == "" else _cell(value)]
        for at, item in rest
        for path, value in flatten(item, at)
    ]
    if rows:
        _sheet(book, "方案参数", rows)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _readme(book: Workbook) -> None:
    sheet = book.create_sheet("说明")
    sheet.append(["工作表", "内容"])
    sheet.append(
        ["（本工作簿）", "reportgen 的评价数据：reportgen build 此工作簿所在文件夹即生成文书"]
    )
    for name, (what, _) in layout.SHEETS.items():
        sheet.append([name, what])
    sheet.append([])
    sheet.append(["评分 · 项目", "记录的内容"])
    for word, meaning in layout.ENTRIES.items():
        sheet.append([word, meaning])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _info(book: Workbook, data: dict[str, Any]) -> None:
    rows = []
    for field in layout.PROJECT_FIELDS:
        value: Any = data
        for part in field.path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, bool):
            value = YES if value else NO
        rows.append([field.label, value])
    sheet = _sheet(book, "项目信息", rows)
    for index, field in enumerate(layout.PROJECT_FIELDS, start=2):
        if field.help:
            sheet.cell(index, 1).comment = Comment(field.help, "reportgen")
    _choices(sheet, [YES, NO], [f"B{2 + _index_of('示例数据')}"])


def _index_of(label: str) -> int:
    return [f.label for f in layout.PROJECT_FIELDS].index(label)


def _extra_project(data: dict[str, Any]) -> dict[str, Any]:
    known = {f.path[1] for f in layout.PROJECT_FIELDS if f.path[0] == "project"}
    project = data.get("project") or {}
    return {k: v for k, v in project.items() if k not in known} if isinstance(project, dict) else {}


def _tables(book: Workbook, tables: dict[str, Any]) -> None:
    table_rows, item_rows = [], []
    for name, table in tables.items():
        shown = table.get("show_in_report", True)
        table_rows.append(
            [
                name,
                table.get("title"),
                table.get("unit"),
                table.get("source"),
                table.get("file"),
                table.get("sheet"),
                YES if shown is True else NO if shown is False else shown,
            ]
        )
        for item in table.get("items") or []:
            item_rows.append(
                [
                    name,
                    item.get("key"),
                    item.get("label"),
                    item.get("value"),
                    item.get("expr"),
                    item.get("unit"),
                ]
            )
    sheet = _sheet(book, "数据表", table_rows)
    _choices(sheet, [YES, NO], [f"G2:G{max(2, len(table_rows) + 50)}"])
    _sheet(book, "数据", item_rows)


def _indicators(
    book: Workbook, indicators: list[dict[str, Any]], data: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """The 指标体系 rows; returns the leaves by key, for the 评分 sheet's drop-downs."""
    depth = max(3, _depth(indicators))
    if depth > layout.MAX_LEVELS:
        raise ReportgenError(f"the indicator tree is {depth} levels deep; a workbook holds 5")
    levels = list(layout.LEVELS[:depth])
    columns = [
        *layout.INDICATOR_HEAD,
        *[Column(n, "指标名称，写在其级次的列中", 18, True) for n in levels],
    ]
    columns += list(layout.INDICATOR_TAIL)
    rows: list[list[Any]] = []
    leaves: dict[str, dict[str, Any]] = {}
    inline: dict[str, Any] = {}

    def visit(nodes: list[dict[str, Any]], level: int) -> None:
        for node in nodes:
            rule = dict(node.get("rule") or {})
            kind = rule.pop("type", None)
            names: list[Any] = [None] * depth
            names[level] = node.get("name")
            rows.append(
                [
                    node.get("id"),
                    *names,
                    node.get("weight"),
                    node.get("explanation"),
                    node.get("standard"),
                    node.get("basis"),
                    kind,
                    flow(rule) if rule else None,
                ]
            )
            if node.get("children"):
                visit(node["children"], level + 1)
            else:
                key = str(node.get("id") or node.get("name"))
                leaves[key] = node
                if node.get("findings") is not None:
                    inline[key] = node["findings"]

    visit(indicators, 0)
    sheet = _sheet(book, "指标体系", rows, columns)
    rule_column = get_column_letter(len(columns) - 1)
    _choices(sheet, known_rules(), [f"{rule_column}2:{rule_column}{len(rows) + 200}"])
    findings = data.setdefault("findings", {})
    for key, found in inline.items():  # written in the tree: the scenario's findings in a workbook
        findings.setdefault(key, found)
    return leaves


def _depth(nodes: list[dict[str, Any]]) -> int:
    if not nodes:
        return 0
    return 1 + max(_depth(n.get("children") or []) for n in nodes)


def _findings(book: Workbook, data: dict[str, Any], leaves: dict[str, dict[str, Any]]) -> None:
    sets = [("", data.get("findings") or {})]
    sets += [(a.get("name", ""), a.get("findings") or {}) for a in data.get("assessors") or []]
    rows = []
    for assessor, findings in sets:
        for key, found in findings.items():
            for what, name, value, text in finding_rows(found if isinstance(found, dict) else {}):
                rows.append([assessor or None, key, what, name or None, value, text or None])
    sheet = _sheet(book, "评分", rows)
    last = len(rows) + 200
    _choices(sheet, list(layout.ENTRIES), [f"C2:C{last}"])
    for index, row in enumerate(rows, start=2):
        leaf = leaves.get(str(row[1])) or {}
        rule = leaf.get("rule") or {}
        if row[2] == "失分要点":
            _choices(sheet, [p.get("id") for p in rule.get("points") or []], [f"D{index}"])
        elif row[2] == "档次":
            _choices(sheet, [t.get("label") for t in rule.get("tiers") or []], [f"F{index}"])
        elif row[2] in ("事实", "佐证资料"):
            _choices(sheet, [YES, NO], [f"E{index}"])


def _titled(entries: Any, links: str) -> list[list[Any]]:
    return [
        [e.get("title"), "\n".join(str(k) for k in e.get(links) or []) or None, e.get("text")]
        for e in entries or []
        if isinstance(e, dict)
    ]


def _sheet(
    book: Workbook, name: str, rows: Sequence[Sequence[Any]], columns: Sequence[Column] = ()
) -> Worksheet:
    columns = columns or layout.SHEETS[name][1]
    sheet = book.create_sheet(name)
    sheet.append([c.header for c in columns])
    for column_index, column in enumerate(columns, start=1):
        cell = sheet.cell(1, column_index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        if column.help:
            cell.comment = Comment(column.help, "reportgen")
        sheet.column_dimensions[get_column_letter(column_index)].width = column.width
    for row in rows:
        sheet.append([_cell(v) for v in row])
    wrapped = {index for index, column in enumerate(columns, start=1) if column.wrap}
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:  # every cell at the top of its row, long text wrapped
            cell.alignment = Alignment(wrap_text=cell.column in wrapped, vertical="top")
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                _as_text(cell)
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"  # printed, a sheet is one page wide
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def _as_text(cell: Cell) -> None:
    """A text cell stored as a string, never a formula: openpyxl takes any text beginning
    with = for one. Text Excel would read as a formula when the cell is edited carries the
    quotePrefix of a cell typed with a leading apostrophe."""
    cell.data_type = "s"
    if reads_as_formula(cell.value):
        cell.quotePrefix = True


def _cell(value: Any) -> Any:
    """A value as a cell holds it: text, a number, a date, 是/否 for yes and no."""
    if value is None or isinstance(value, str | int | float | dt.date):
        return value
    if type(value).__name__ == "Decimal":
        return value
    return flow(value)


def _choices(sheet: Worksheet, values: Sequence[Any], ranges: Sequence[str]) -> None:
    """A drop-down list on `ranges`, when the values can be written in the validation itself."""
    texts = [str(v) for v in values if v is not None and str(v)]
    listed = ",".join(texts)
    if not texts or len(listed) > LIST_LIMIT or any("," in t or '"' in t for t in texts):
        return
    validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    validation.showErrorMessage = False  # a suggestion: the reader says what is wrong, and where
    sheet.add_data_validation(validation)
    for cells in ranges:
        validation.add(cells)
