"""A scenario workbook read into the data scenario.yaml would hold, every value's cell kept.

The result is a `WorkbookSource`: the loader validates and scores it as it
does a YAML file, and every problem it finds names the cell it came from —
`评价.xlsx!评分!E7 数值: …`. Columns are found by their headers, in any order;
a header the sheet does not have is an error at its cell. Sheets the layout
does not name (a consultant's own workings) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.scenario.yaml_source import PathKey, parse_yaml
from reportgen.workbook import layout
from reportgen.workbook.findings import findings_from_rows
from reportgen.workbook.indicators import indicator_tree
from reportgen.workbook.paths import parse_path
from reportgen.workbook.sheets import is_scenario_workbook, read_sheets
from reportgen.workbook.source import Reading, Sheet, WorkbookSource


def read_scenario_workbook(path: Path) -> WorkbookSource:
    """The scenario in the workbook at `path`; every problem in it raised together."""
    sheets = read_sheets(path)
    reading = Reading(path)
    if layout.MARK_SHEET not in sheets:
        raise ReportgenError(
            [
                Problem(
                    f"has no {layout.MARK_SHEET} sheet; is it a scenario workbook?",
                    display_path(path),
                )
            ]
        )
    _info(reading, sheets[layout.MARK_SHEET])
    if "等级" in sheets:
        _grades(reading, sheets["等级"])
    _tables(reading, sheets.get("数据表"), sheets.get("数据"))
    keys = indicator_tree(reading, sheets.get("指标体系"))
    assessors = _assessors(reading, sheets.get("评价方"))
    if "评分" in sheets:
        _findings(reading, sheets["评分"], keys, assessors)
    for row, cells in _rows(sheets.get("正文")):
        if cells.get("章节"):
            sheet = sheets["正文"]
            reading.put(
                ("narrative", str(cells["章节"])), _text(cells.get("内容")), sheet.cell(row, "内容")
            )
    _titled(reading, sheets.get("问题"), "problems", "相关指标", "indicators", set(keys))
    titles = {p.get("title") for p in reading.data.get("problems", [])}
    _titled(reading, sheets.get("建议"), "recommendations", "针对问题", "problems", titles)
    _titled(reading, sheets.get("经验"), "experiences", "相关指标", "indicators", set(keys))
    _other(reading, sheets.get("方案参数"))
    if reading.problems:
        raise ReportgenError(reading.problems)
    return WorkbookSource(path, reading.data, reading.cells)


def _rows(sheet: Sheet | None) -> Iterator[tuple[int, dict[str, Any]]]:
    return iter(sheet.rows if sheet is not None else [])


def _plain(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _text(value: Any) -> Any:
    return "" if value is None else value


def _info(reading: Reading, sheet: Sheet) -> None:
    fields = {f.label: f for f in layout.PROJECT_FIELDS}
    for row, cells in sheet.rows:
        label = _plain(cells.get("字段"))
        if label is None:
            continue
        if label not in fields:
            close = "、".join(fields)
            reading.problem(
                sheet.cell(row, "字段"), f"unknown field {label!r}; the fields: {close}"
            )
            continue
        value = cells.get("值")
        if value is None:
            continue
        if fields[label].path == ("sample_data",):
            value = _yes_no(value)
        reading.put(fields[label].path, value, sheet.cell(row, "值"))


def _yes_no(value: Any) -> Any:
    if value in (layout.YES, True, "true", "TRUE"):
        return True
    if value in (layout.NO, False, "false", "FALSE"):
        return False
    return value


def _grades(reading: Reading, sheet: Sheet) -> None:
    for index, (row, cells) in enumerate(sheet.rows):
        reading.put(("grades", index, "name"), cells.get("等级"), sheet.cell(row, "等级"))
        reading.put(
            ("grades", index, "min"), cells.get("最低得分率"), sheet.cell(row, "最低得分率")
        )


def _tables(reading: Reading, tables: Sheet | None, items: Sheet | None) -> None:
    fields = {"标题": "title", "单位": "unit", "来源": "source", "文件": "file", "工作表": "sheet"}
    for row, cells in _rows(tables):
        assert tables is not None
        name = _plain(cells.get("表"))
        if name is None:
            reading.problem(tables.cell(row, "表"), "a table needs a name")
            continue
        if name in reading.data.get("data", {}):
            reading.problem(tables.cell(row, "表"), f"table {name!r} is listed twice")
            continue
        reading.put(("data", name), {}, tables.cell(row, "表"))
        for header, key in fields.items():
            if cells.get(header) is not None:
                reading.put(("data", name, key), cells[header], tables.cell(row, header))
        if cells.get("在报告中显示") is not None:
            shown = _yes_no(cells["在报告中显示"])
            reading.put(("data", name, "show_in_report"), shown, tables.cell(row, "在报告中显示"))
    counts: dict[str, int] = {}
    columns = {"键": "key", "名称": "label", "值": "value", "公式": "expr", "单位": "unit"}
    for row, cells in _rows(items):
        assert items is not None
        name = _plain(cells.get("表"))
        if name is None or name not in reading.data.get("data", {}):
            known = "、".join(reading.data.get("data", {})) or "none yet"
            reading.problem(
                items.cell(row, "表"), f"no table {name!r} in 数据表; the tables: {known}"
            )
            continue
        index = counts[name] = counts.get(name, -1) + 1
        reading.put(("data", name, "items", index), {}, items.cell(row, "键"))
        for header, key in columns.items():
            if cells.get(header) is not None:
                value = cells[header] if key in ("value",) else str(cells[header])
                reading.put(("data", name, "items", index, key), value, items.cell(row, header))


def _assessors(reading: Reading, sheet: Sheet | None) -> list[str]:
    names = []
    for index, (row, cells) in enumerate(_rows(sheet)):
        assert sheet is not None
        name = _plain(cells.get("评价方")) or ""
        reading.put(("assessors", index, "name"), name, sheet.cell(row, "评价方"))
        reading.put(("assessors", index, "weight"), cells.get("权重"), sheet.cell(row, "权重"))
        reading.put(("assessors", index, "findings"), {}, sheet.cell(row, "评价方"))
        names.append(name)
    return names


def _findings(reading: Reading, sheet: Sheet, keys: dict[str, str], assessors: list[str]) -> None:
    groups: dict[tuple[str, str], list[tuple[int, Any]]] = {}
    for row, cells in sheet.rows:
        assessor = _plain(cells.get("评价方")) or ""
        if assessor and assessor not in assessors:
            known = "、".join(assessors) or "none"
            reading.problem(
                sheet.cell(row, "评价方"), f"no assessor {assessor!r} in 评价方; known: {known}"
            )
            continue
        written = _plain(cells.get("指标"))
        what = _plain(cells.get("项目"))
        if written is None or what is None:
            missing = "指标" if written is None else "项目"
            reading.problem(sheet.cell(row, missing), f"a 评分 row needs its {missing}")
            continue
        key = keys.get(written, written)
        entry = (what, _plain(cells.get("名称")) or "", cells.get("数值"), _text(cells.get("内容")))
        groups.setdefault((assessor, key), []).append((row, entry))
    for (assessor, key), rows in groups.items():
        at: PathKey = (
            ("assessors", assessors.index(assessor), "findings", key)
            if assessor
            else ("findings", key)
        )

        def parse(text: str, row: int) -> Any:
            address = sheet.cell(row, "内容")[0]
            return parse_yaml(text or "null", reading.path, address).data

        try:
            built = findings_from_rows(rows, parse)
        except ReportgenError as error:
            reading.problems += error.problems
            continue
        reading.put(at, built.findings, sheet.cell(rows[0][0], "指标"))
        for path, (row, header) in built.places.items():
            reading.cells[(*at, *path)] = sheet.cell(row, header)


def _titled(
    reading: Reading, sheet: Sheet | None, key: str, header: str, links: str, known: set[Any]
) -> None:
    for index, (row, cells) in enumerate(_rows(sheet)):
        assert sheet is not None
        reading.put((key, index, "title"), _plain(cells.get("标题")), sheet.cell(row, "标题"))
        if cells.get("内容") is not None:
            reading.put((key, index, "text"), cells["内容"], sheet.cell(row, "内容"))
        written = cells.get(header)
        if written is not None:
            parts = _links(str(written), known)
            reading.put((key, index, links), parts, sheet.cell(row, header))


def _links(text: str, known: set[Any]) -> list[str]:
    """One per line; a line that is no known name is split at 、，; as well."""
    parts: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line in known:
            parts.append(line)
        else:
            parts += [p.strip() for p in re.split(r"[、,，;；]", line) if p.strip()]
    return parts


def _other(reading: Reading, sheet: Sheet | None) -> None:
    for row, cells in _rows(sheet):
        assert sheet is not None
        written = _plain(cells.get("路径"))
        path = parse_path(written) if written else None
        if path is None:
            reading.problem(
                sheet.cell(row, "路径"), f"{written!r} is not a path like scheme.units[0].name"
            )
            continue
        value = cells.get("值")
        if (path[0] == "project" and len(path) == 2) or path[0] not in layout.COVERED:
            reading.put(path, "" if value == '""' else value, sheet.cell(row, "值"))
        else:
            reading.problem(
                sheet.cell(row, "路径"), f"{written} belongs on its own sheet, not here"
            )


__all__ = ["WorkbookSource", "is_scenario_workbook", "read_scenario_workbook"]
