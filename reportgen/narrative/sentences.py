"""The generated sentences, each written once from computed values."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportgen.formatting import cn_num, pct, points, score
from reportgen.scenario.model import GradeBand
from reportgen.scoring.tree import ScoredNode, ScoredReport

ORDINALS = "一二三四五六七八九十"


def indicator_score(node: ScoredNode) -> str:
    return f"该项指标满分{points(node.weight)}分，实际得分{score(node.score)}分。"


def indicator_reason(node: ScoredNode) -> str:
    if node.score >= node.weight or not node.reasons:
        return ""
    return f"扣分原因：{'；'.join(r.rstrip('。；') for r in node.reasons)}。"


def dimension_summary(node: ScoredNode) -> str:
    groups = len(node.children)
    leaves = len(node.leaves())
    return (
        f"{node.name}指标分值为{points(node.weight)}分，得分{score(node.score)}分，"
        f"指标得分率为{pct(node.rate)}。下设{groups}个二级指标，{leaves}个三级指标。"
        "各级指标设定及评分详见下表："
    )


def system_overview(report: ScoredReport, table_number: str) -> str:
    dimensions = report.indicators
    seconds = sum(len(d.children) for d in dimensions)
    thirds = len(report.leaves())
    names = "、".join(d.name for d in dimensions)
    parts = [
        f"{_ordinal(i)}是{d.name}（{points(d.weight)}分），主要评价{'、'.join(c.name for c in d.children)}情况"
        for i, d in enumerate(dimensions)
    ]
    return (
        f"本次设计的绩效评价指标体系包括{len(dimensions)}项一级指标、{seconds}项二级指标、"
        f"{thirds}项三级指标，指标分值满分为{points(report.scale)}分。一级指标框架分为{names}"
        f"{cn_num(len(dimensions))}个维度。{'；'.join(parts)}。见{table_number}（详见附件）。"
    )


def _ordinal(index: int) -> str:
    return ORDINALS[index] if index < len(ORDINALS) else str(index + 1)


def grading(bands: Sequence[GradeBand], scale: Decimal) -> list[str]:
    """The grade bands as the report states them, highest first."""
    ordered = sorted(bands, key=lambda b: b.min, reverse=True)
    on_rate = scale != 100
    unit = "%" if on_rate else "分"
    subject = "综合得分率" if on_rate else "综合得分"
    lines = [f"本次绩效评价综合绩效级别分为{cn_num(len(ordered))}个等级："]
    upper = Decimal(100)
    for position, band in enumerate(ordered):
        last = position == len(ordered) - 1
        if last:
            lines.append(
                f"{subject}在{points(ordered[position - 1].min) if position else '100'}{unit}以下为{band.name}。"
            )
        else:
            ending = "；"
            lines.append(
                f"{subject}在{points(band.min)}-{points(upper)}{unit}（含{points(band.min)}{unit}）为{band.name}{ending}"
            )
        upper = band.min
    lines.append("若项目缺乏能够证明现有指标的佐证资料，则相应的指标项不得分。")
    return lines


def conclusion(report: ScoredReport) -> str:
    return (
        f"综合分析，本次绩效评价的综合得分为{score(report.total)}分，评价等级为“{report.grade}”。"
    )


def shortcomings(titles: Sequence[str]) -> str:
    if not titles:
        return ""
    return f"但评价过程中也发现，{'，'.join(titles)}等问题。"


def dimension_heading(index: int, name: str) -> str:
    return f"（{cn_num(index)}）项目{name}情况"
