"""One agency's 考核评分表 as data: every item with each assessor's score, the weighted score and why.

Scored items come first, grouped under their 一级指标, then the 评分项合计
with each assessor's total, then the bonus and penalty items (scored once,
outside the weights), then the 考核得分 with its arithmetic. The notes under
the table give the weighting (第十四条) and the agency's fee settlement. The
template (settlement_form.docx) repeats a column per assessor.
"""

from __future__ import annotations

from typing import Any

from reportgen.formatting import score2
from reportgen.numbers import plain
from reportgen.schemes.settlement.params import AssessorSpec
from reportgen.schemes.settlement.settle import AgencyResult
from reportgen.schemes.settlement.wording import SHORT, arithmetic, formula, measure_reason, share
from reportgen.scoring.tree import ScoredNode

DASH = "—"


def form_title(year: int) -> str:
    return f"{year}年度长期护理保险委托经办机构考核评分表"


def assessor_fields(assessors: list[AssessorSpec]) -> list[dict[str, Any]]:
    return [
        {"name": a.name, "heading": a.heading, "weight": a.weight, "share": share(a.weight)}
        for a in assessors
    ]


def form_context(result: AgencyResult, assessors: list[AssessorSpec], year: int) -> dict[str, Any]:
    """Everything the 考核评分表 shows, as plain fields."""
    score = result.score
    report = score.report
    agency = result.agency
    by = score.by_assessor
    return {
        "subtitle": agency.name,
        "agency": {"name": agency.name, "short_name": agency.label, "region": agency.region},
        "year": year,
        "assessors": assessor_fields(assessors),
        "scored": [row for top in report.indicators for row in _rows(top, assessors, True)],
        "subtotal": {
            "weight": report.scale,
            "by": [score2(by[a.name]) for a in assessors],
            "weighted": score.weighted,
            "arithmetic": _weighting(result, assessors),
        },
        "adjusting": [row for top in report.indicators for row in _rows(top, assessors, False)],
        "total": {
            "weight": report.scale,
            "score": score.total,
            "rank": result.rank,
            "tied": result.tied,
            "arithmetic": _total_arithmetic(result),
        },
        "notes": _notes(result, assessors),
    }


def _rows(top: ScoredNode, assessors: list[AssessorSpec], scored: bool) -> list[dict[str, Any]]:
    """A row per leaf of `top` that is scored, or per bonus/penalty item."""
    leaves = [leaf for leaf in top.leaves() if (leaf.kind == "scored") == scored]
    return [
        {
            "group": top.name,
            "group_weight": top.weight,
            "name": leaf.name,
            "standard": leaf.indicator.standard if leaf.indicator else "",
            "weight": leaf.weight,
            "by": [_by(leaf, a) for a in assessors],
            "score": leaf.score,
            "reason": "\n".join(leaf.reasons),
        }
        for leaf in leaves
    ]


def _by(leaf: ScoredNode, assessor: AssessorSpec) -> str:
    """An assessor's score of the item; bonus and penalty items are not theirs to score."""
    value = leaf.by_assessor.get(assessor.name)
    return score2(value) if value is not None else DASH


def _weighting(result: AgencyResult, assessors: list[AssessorSpec]) -> str:
    """85.50×20%＋83.00×30%＋80.00×50%＝82.0: the weighted score as a sum, its result exact
    (the total says how it is rounded)."""
    by = result.score.by_assessor
    parts = "＋".join(f"{score2(by[a.name])}×{share(a.weight)}" for a in assessors)
    return f"{parts}＝{plain(result.score.weighted)}"


def _total_arithmetic(result: AgencyResult) -> str:
    score = result.score
    how = f"加权得分{plain(score.weighted)}"
    if score.adjustment > 0:
        how += f"＋加分{score2(score.adjustment)}"
    elif score.adjustment < 0:
        how += f"－扣分{score2(-score.adjustment)}"
    if score.report.capped:
        how += "，超过总分上限，按上限计"
    tie = "（并列）" if result.tied else ""
    return how + f"，四舍五入为{score2(score.total)}分；排名第{result.rank}{tie}"


def _notes(result: AgencyResult, assessors: list[AssessorSpec]) -> list[str]:
    notes = [
        f"注：1.考核得分＝{formula(assessors)}（{SHORT}第十四条），加减分项在加权后计入；"
        "各考核主体的扣分原因以其名称标明。",
        f"2.服务费清算（{SHORT}第十八条、第十九条）：{arithmetic(result.settlement)}",
    ]
    if result.measure:
        spec = result.measure.spec
        notes.append(
            f"3.处理措施（{SHORT}{spec.article}）：{measure_reason(result, result.measure)}，"
            f"{spec.name}。"
        )
    return notes
