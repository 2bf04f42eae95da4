"""Plain-text tables for the terminal, aligned for Chinese (full-width) characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportgen.formatting import points, score
from reportgen.scoring.tree import ScoredNode, ScoredReport

if TYPE_CHECKING:
    from reportgen.schemes.base import UnitSummary


def width(text: str) -> int:
    """Columns `text` takes in a terminal: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    widths = [max(width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(pad(cell, widths[i], i in right) for i, cell in enumerate(row)).rstrip()

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def _rows(node: ScoredNode, depth: int) -> list[list[str]]:
    reasons = "；".join(node.reasons) if node.reasons else ("-" if not node.children else "")
    rows = [
        ["  " * depth + node.name, points(node.weight), score(node.score), f"{node.rate}%", reasons]
    ]
    for child in node.children:
        rows += _rows(child, depth + 1)
    return rows


def scored_table(report: ScoredReport) -> str:
    """The scored tree as a terminal table, then the total and the grade."""
    rows = [row for node in report.indicators for row in _rows(node, 0)]
    body = table(["指标", "分值", "得分", "得分率", "扣分原因"], rows, right=(1, 2, 3))
    summary = (
        f"{report.name}\n综合得分 {score(report.total)} / {points(report.scale)}"
        f"（得分率 {report.rate}%），评价等级：{report.grade}"
    )
    if report.capped:
        summary += "（总分按上限计）"
    return f"{body}\n\n{summary}"


def units_table(title: str, units: Sequence[UnitSummary]) -> str:
    """The units a scheme scored (institutions, counties, applicants): total, grade, rank,
    outcome, as far as the scheme gives them, then how many there are."""
    columns = [
        ("单位", lambda u: u.unit),
        ("得分", lambda u: score(u.total) if u.total is not None else ""),
        ("满分", lambda u: points(u.scale) if u.scale is not None else ""),
        ("等级", lambda u: u.grade),
        ("排名", lambda u: str(u.rank) if u.rank is not None else ""),
        ("结果", lambda u: u.outcome),
        ("分组", lambda u: u.group),
    ]
    shown = [(name, cell) for name, cell in columns if any(cell(u) for u in units)]
    header = [name for name, _ in shown]
    rows = [[cell(u) for _, cell in shown] for u in units]
    right = [i for i, name in enumerate(header) if name in ("得分", "满分", "排名")]
    return f"{table(header, rows, right=right)}\n\n{title}：{len(units)} 个单位"
