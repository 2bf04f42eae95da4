"""Plain-text tables for the terminal, aligned for Chinese (full-width) characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from reportgen.numbers import plain
from reportgen.scoring.tree import ScoredNode, ScoredReport


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
        ["  " * depth + node.name, plain(node.weight), plain(node.score), f"{node.rate}%", reasons]
    ]
    for child in node.children:
        rows += _rows(child, depth + 1)
    return rows


def scored_table(report: ScoredReport) -> str:
    """The scored tree as a terminal table, then the total and the grade."""
    rows = [row for node in report.indicators for row in _rows(node, 0)]
    body = table(["指标", "分值", "得分", "得分率", "扣分原因"], rows, right=(1, 2, 3))
    summary = f"{report.name}\n综合得分 {report.total:.2f} / {plain(report.scale)}（得分率 {report.rate}%），评价等级：{report.grade}"
    if report.capped:
        summary += "（总分按上限计）"
    return f"{body}\n\n{summary}"
