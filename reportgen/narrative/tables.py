"""The report's tables as content: which rows, which cells merge, which totals."""

from __future__ import annotations

from collections.abc import Callable

from reportgen.formatting import count, money, pct, score
from reportgen.narrative.model import Cell, Row, Table
from reportgen.scenario.tables import ResolvedTable
from reportgen.scoring.tree import ScoredNode, ScoredReport

DASH = "-"


def _cells(*texts: str) -> Row:
    return [Cell(t) for t in texts]


def funds_table(number: str, table: ResolvedTable) -> Table:
    """表1-1: people and counts beside money, as the seed lays out fund usage."""
    unit = table.table.unit
    counts = [i for i in table.items if i.unit and i.unit != unit]
    amounts = [i for i in table.items if i not in counts]
    rows: list[Row] = []
    for index in range(max(len(counts), len(amounts))):
        left = counts[index] if index < len(counts) else None
        right = amounts[index] if index < len(amounts) else None
        row = [Cell(str(index + 1))]
        row += (
            _cells(f"{left.label or left.key}（{left.unit}）", count(table.values[left.key]))
            if left
            else _cells("", "")
        )
        suffix = f"（{unit}）" if unit else ""
        row += (
            _cells(f"{right.label or right.key}{suffix}", money(table.values[right.key]))
            if right
            else _cells("", "")
        )
        rows.append(row)
    header = [_cells("序号", "类别", "人数/次", "类别", "金额")]
    return Table(
        number,
        table.table.title or table.name,
        header,
        rows,
        [8, 26, 18, 30, 22],
        unit=unit,
        source=table.table.source,
    )


def _group_cells(
    rows: list[tuple[ScoredNode, ScoredNode, ScoredNode]],
    build: Callable[[ScoredNode, ScoredNode, ScoredNode, bool, bool], Row],
) -> list[Row]:
    """Rows for (一级, 二级, 三级) triples, telling each builder which cells continue a group."""
    built = []
    previous: tuple[ScoredNode, ScoredNode, ScoredNode] | None = None
    for triple in rows:
        same_first = previous is not None and previous[0] is triple[0]
        same_second = same_first and previous is not None and previous[1] is triple[1]
        built.append(build(*triple, same_first, same_second))
        previous = triple
    return built


def triples(nodes: list[ScoredNode]) -> list[tuple[ScoredNode, ScoredNode, ScoredNode]]:
    """Every third-level indicator with its first- and second-level parents."""
    found = []
    for first in nodes:
        for second in first.children or [first]:
            for third in second.children or [second]:
                found.append((first, second, third))
    return found


def system_table(number: str, report: ScoredReport, title: str) -> Table:
    """表2-1: the indicator system, 一级 and 二级 merged per group."""

    def build(
        first: ScoredNode, second: ScoredNode, third: ScoredNode, same1: bool, same2: bool
    ) -> Row:
        return [
            Cell(""),
            Cell(first.name, merge_up=same1),
            Cell(score(first.weight), merge_up=same1),
            Cell(second.name, merge_up=same2),
            Cell(score(second.weight), merge_up=same2),
            Cell(third.name),
            Cell(score(third.weight)),
        ]

    rows = _group_cells(triples([n for n in report.indicators if n.kind == "scored"]), build)
    rows = [[Cell(str(i + 1)), *row[1:]] for i, row in enumerate(rows)]
    full = score(report.scale)
    rows.append([Cell("合计", span=2), Cell(full), Cell(""), Cell(full), Cell(""), Cell(full)])
    header = [_cells("序号", "一级指标", "分值", "二级指标", "分值", "三级指标", "分值")]
    return Table(number, title, header, rows, [7, 13, 8, 18, 8, 38, 8])


def summary_table(number: str, report: ScoredReport, title: str) -> Table:
    """表3-1: score and 得分率 per first-level indicator, then the total."""
    rows = [
        _cells(n.name, score(n.weight), score(n.score), pct(n.rate))
        for n in report.indicators
        if n.kind == "scored"
    ]
    adjustments = [n for n in report.indicators if n.kind != "scored"]
    rows += [_cells(n.name, f"±{score(n.weight)}", score(n.score), DASH) for n in adjustments]
    rows.append(
        [
            Cell("总计", bold=True),
            Cell(score(report.scale), bold=True),
            Cell(score(report.total), bold=True),
            Cell(pct(report.rate), bold=True),
        ]
    )
    header = [_cells("一级指标", "指标分值", "最终得分", "得分率")]
    return Table(number, title, header, rows, [30, 22, 22, 26])


def dimension_table(number: str, dimension: ScoredNode) -> Table:
    """表4-n: one first-level indicator with its second- and third-level scores."""
    label = f"{dimension.name}\n（{score(dimension.weight)}）"

    def build(
        first: ScoredNode, second: ScoredNode, third: ScoredNode, same1: bool, same2: bool
    ) -> Row:
        return [
            Cell(label, merge_up=same1),
            Cell(second.name, merge_up=same2),
            Cell(third.name),
            Cell(score(third.weight)),
            Cell(score(third.score)),
        ]

    rows = _group_cells(triples([dimension]), build)
    rows.append([Cell("合计", span=3), Cell(score(dimension.weight)), Cell(score(dimension.score))])
    header = [_cells("一级指标", "二级指标", "三级指标", "指标分值", "指标得分")]
    return Table(number, f"{dimension.name}指标得分情况表", header, rows, [14, 20, 38, 14, 14])


def appendix_table(report: ScoredReport) -> Table:
    """附件: every indicator with its 评价要点, 评分标准, score and 扣分原因."""

    def build(
        first: ScoredNode, second: ScoredNode, third: ScoredNode, same1: bool, same2: bool
    ) -> Row:
        indicator = third.indicator
        reasons = "；".join(third.reasons) if third.score < third.weight else DASH
        return [
            Cell(""),
            Cell(f"{first.name}\n（{score(first.weight)}）", merge_up=same1),
            Cell(second.name, merge_up=same2),
            Cell(third.name),
            Cell(score(third.weight)),
            Cell(indicator.explanation if indicator else "", left=True),
            Cell(indicator.standard if indicator else "", left=True),
            Cell(score(third.score)),
            Cell(reasons or DASH, left=bool(reasons) and reasons != DASH),
        ]

    rows = _group_cells(triples(report.indicators), build)
    rows = [[Cell(str(i + 1)), *row[1:]] for i, row in enumerate(rows)]
    rows.append(
        [Cell("综合得分", span=7, bold=True), Cell(score(report.total), bold=True), Cell("")]
    )
    header = [
        _cells(
            "序号",
            "一级指标",
            "二级指标",
            "三级指标",
            "分值",
            "指标解释及评价要点",
            "评分标准",
            "得分",
            "扣分原因",
        )
    ]
    return Table("", "", header, rows, [4, 7, 8, 10, 5, 24, 22, 5, 15])
