"""The 指标得分表 of a 绩效评价报告 from any firm, read into indicators with last year's scores.

The table is found by its headers (一级/二级/三级指标 or 指标名称, 分值, 评分标准,
得分, 扣分原因 and their usual variants), in any column order. A cell left empty
below a group's name (a vertical merge, or a name written once) is that group
again; a group's 分值 is read from its name (决策（25）) or summed from its
children; the 合计 row is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.review.outline import Table, read_outline

MAX_INDICATORS = 2_000
LEVEL_HEADERS = ("一级指标", "二级指标", "三级指标", "四级指标")
ROLES = {
    "number": ("序号", "项次", "编号"),
    "weight": ("分值", "指标分值", "标准分值", "标准分", "权重", "满分", "指标权重"),
    "explanation": (
        "指标解释及评价要点",
        "指标解释",
        "评价要点",
        "指标说明",
        "考核内容",
        "指标内涵",
    ),
    "standard": ("评分标准", "评分细则", "评分方法", "评分规则", "考核标准", "计分方法"),
    "score": ("得分", "实际得分", "评价得分", "指标得分", "最终得分", "考核得分"),
    "reason": ("扣分原因", "扣分说明", "得分说明", "评分说明", "扣分理由", "备注"),
    "leaf": ("指标名称", "具体指标", "末级指标", "指标"),
}
TOTALS = re.compile(r"^(合计|总计|总分|小计|综合得分)")
GROUP_WEIGHT = re.compile(
    r"^(?P<name>.+?)\s*[（(]\s*(?P<weight>\d+(?:\.\d+)?)\s*分?\s*[）)]\s*$", re.S
)
NUMBER = re.compile(r"^[+\-−]?\d+(?:\.\d+)?")
EMPTY_REASONS = {"", "-", "—", "--", "/", "无", "——"}


@dataclass
class Row:
    """One leaf of the table: its groups, what it says, and last year's result."""

    groups: list[tuple[str, Decimal | None]]
    name: str
    number: str = ""
    weight: Decimal | None = None
    adjustment: str | None = None  # bonus or penalty: a 分值 written +5 or −5
    explanation: str = ""
    standard: str = ""
    score: Decimal | None = None
    reason: str = ""


@dataclass
class ScoreTable:
    title: str
    rows: list[Row] = field(default_factory=list)


def read_score_table(path: Path) -> ScoreTable:
    """The 指标得分表 of the report at `path`, or a problem saying what was looked for."""
    outline = read_outline(path)
    tables = [b.table for b in outline.blocks if b.table is not None]
    found = [(t, columns) for t in tables for columns in [_columns(t)] if columns is not None]
    if not found:
        raise ReportgenError(
            [
                Problem(
                    "no 指标得分表 found: a table whose header names the indicators (三级指标 or "
                    "指标名称), 分值 and 评分标准 or 得分",
                    display_path(path),
                )
            ]
        )
    table, (header_row, columns) = max(found, key=lambda item: (len(item[1][1]), len(item[0].rows)))
    first = next((b.text for b in outline.blocks if b.text.strip()), "")
    title = "".join(line.strip() for line in first.splitlines())  # a title broken in lines
    result = ScoreTable(title)
    _read_rows(table, header_row, columns, result, display_path(path))
    return result


def _columns(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row (of the first two) and the column of each role, or None."""
    for index, header in enumerate(table.rows[:2]):
        columns: dict[str, int] = {}
        for position, text in enumerate(header):
            label = re.sub(r"\s+", "", text)
            for level, name in enumerate(LEVEL_HEADERS):
                if label == name:
                    columns.setdefault(f"level{level}", position)
            for role, names in ROLES.items():
                if label in names:
                    columns.setdefault(role, position)
        levels = [k for k in columns if k.startswith("level")]
        named = levels or ["leaf"] if "leaf" in columns else levels
        if named and "weight" in columns and ({"standard", "score"} & set(columns)):
            return index, columns
    return None


def _read_rows(
    table: Table, header_row: int, columns: dict[str, int], result: ScoreTable, where: str
) -> None:
    levels = sorted(k for k in columns if k.startswith("level"))
    if "leaf" in columns and not levels:
        levels = ["leaf"]
    elif "leaf" in columns:
        levels.append("leaf")
    open_groups: list[tuple[str, Decimal | None]] = []
    for cells in table.rows[header_row + 1 :]:

        def cell(role: str, cells: tuple[str, ...] = cells) -> str:
            position = columns.get(role)
            return cells[position].strip() if position is not None and position < len(cells) else ""

        names = [cell(level) for level in levels]
        if not any(names) or any(TOTALS.match(n) for n in names if n) or cell("weight") == "":
            if any(names[:-1]) and not names[-1]:  # a group's own row, its 分值 beside it
                _open(open_groups, names[:-1], cell("weight"))
            continue
        if not names[-1]:
            continue
        groups = _open(open_groups, names[:-1], "")
        if len(result.rows) >= MAX_INDICATORS:
            raise ReportgenError([Problem(f"more than {MAX_INDICATORS} indicators", where)])
        weight_text = cell("weight")
        row = Row(list(groups), names[-1], cell("number"))
        row.weight = _number(weight_text)
        if weight_text.startswith("+"):
            row.adjustment = "bonus"
        elif weight_text.startswith(("-", "−")):
            row.adjustment = "penalty"
        row.explanation = cell("explanation")
        row.standard = cell("standard")
        row.score = _number(cell("score"))
        reason = cell("reason")
        row.reason = "" if reason in EMPTY_REASONS else reason
        result.rows.append(row)


def _open(
    open_groups: list[tuple[str, Decimal | None]], names: list[str], weight: str
) -> list[tuple[str, Decimal | None]]:
    """The groups a row sits in: a name given opens it (or keeps it open), an empty one is the
    group above."""
    for level, text in enumerate(names):
        if not text:
            continue
        match = GROUP_WEIGHT.match(text.replace("\n", ""))
        name, given = (match["name"].strip(), _number(match["weight"])) if match else (text, None)
        if level == len(names) - 1 and weight:
            given = _number(weight) if given is None else given
        if level < len(open_groups) and open_groups[level][0] == name:
            if given is not None:
                open_groups[level] = (name, given)
            del open_groups[level + 1 :]
            continue
        del open_groups[level:]
        while len(open_groups) < level:
            open_groups.append(("", None))  # a level this table leaves out
        open_groups.append((name, given))
    return [g for g in open_groups[: len(names)] if g[0]]


def _number(text: str) -> Decimal | None:
    match = NUMBER.match(text.replace("−", "-").strip())
    if match is None:
        return None
    try:
        return abs(Decimal(match.group(0)))
    except InvalidOperation:
        return None
