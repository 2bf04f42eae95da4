"""The 指标得分表 as cells for the Excel workbook: which rows, which cells merge, the total."""

from __future__ import annotations

from collections.abc import Callable

from reportgen.formatting import points, score
from reportgen.narrative.model import Cell, Row, Table
from reportgen.narrative.rows import triples
from reportgen.scoring.tree import ScoredNode, ScoredReport

DASH = "-"


def _cells(*texts: str) -> Row:
    return [Cell(t) for t in texts]


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


def appendix_table(report: ScoredReport) -> Table:
    """附件: every indicator with its 评价要点, 评分标准, score and 扣分原因."""

    def build(
        first: ScoredNode, second: ScoredNode, third: ScoredNode, same1: bool, same2: bool
    ) -> Row:
        indicator = third.indicator
        reasons = "；".join(third.reasons) if third.score < third.weight else DASH
        return [
            Cell(""),
            Cell(f"{first.name}\n（{points(first.weight)}）", merge_up=same1),
            Cell(second.name, merge_up=same2),
            Cell(third.name),
            Cell(points(third.weight)),
            Cell(indicator.explanation if indicator else "", left=True),
            Cell(indicator.standard if indicator else "", left=True),
            Cell(score(third.score)),
            Cell(reasons or DASH, left=bool(reasons) and reasons != DASH),
        ]

    rows = _group_cells(triples(report.indicators), build)
    rows = [[Cell(str(i + 1)), *row[1:]] for i, row in enumerate(rows)]
    rows.append(
        [
            Cell("综合得分", span=7, bold=True),
            Cell(score(report.total), bold=True, total=True),
            Cell(""),
        ]
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
