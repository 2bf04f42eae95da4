"""One institution's 考核评分表 as data: every item with its 考核依据, score and why points were lost.

The rows follow the standard: a category (一级指标, merged down its rows and
its 小计), the item (二级, merged over its scoring points), the points, the
item's text and 评分细则, the 考核依据, the score and the 扣分原因. After the
categories come the 评分项合计, the bonus and deduction items with their caps,
and the 考核总分 with its arithmetic, the total cap applied where it bites.
The template (assessment_form.docx) lays them out.
"""

from __future__ import annotations

from typing import Any

from reportgen.formatting import cn_date_full
from reportgen.schemes.assessment_form.institutions import InstitutionScore
from reportgen.schemes.assessment_form.params import AssessmentParams
from reportgen.schemes.assessment_form.reading import AssessmentScenario
from reportgen.schemes.assessment_form.wording import adjustment_score, notes, total_arithmetic
from reportgen.scoring.tree import ScoredNode


def form_title(params: AssessmentParams, standard: str) -> str:
    """The title given, else the standard's name with 考核评分表 for 考核标准."""
    if params.title:
        return params.title
    stem = standard.removesuffix("考核标准")
    return f"{stem}考核评分表"


def form_context(
    result: InstitutionScore, params: AssessmentParams, read: AssessmentScenario
) -> dict[str, Any]:
    """Everything the 考核评分表 shows, as plain fields."""
    report = result.report
    institution = result.institution
    signed = f"考核单位：{params.assessor}"
    if read.date is not None:
        signed += f"；考核日期：{cn_date_full(read.date)}"
    return {
        "subtitle": institution.name,
        "institution": {
            "name": institution.name,
            "short_name": institution.label,
            "type": institution.type,
            "region": institution.region,
        },
        "year": read.year,
        "assessor": params.assessor,
        "date": cn_date_full(read.date) if read.date is not None else "",
        "columns": {
            "category": params.columns.category,
            "item": params.columns.item,
            "content": params.columns.content,
        },
        "categories": [_category(top) for top in report.indicators if top.kind == "scored"],
        "scored_total": {
            "weight": report.scale,
            "score": report.subtotal,
            "lost": report.scale - report.subtotal,
        },
        "adjustments": [
            _adjustment(leaf)
            for top in report.indicators
            if top.kind != "scored"
            for leaf in top.leaves()
        ],
        "total": {
            "weight": report.scale,
            "score": report.total,
            "rate": result.rate,
            "capped": report.capped,
            "cap": result.cap,
            "arithmetic": total_arithmetic(result),
        },
        "notes": notes(result, signed + "。"),
    }


def _category(top: ScoredNode) -> dict[str, Any]:
    """A category with a row per scoring point, its item and category beside it for merging."""
    rows = []
    for item in top.children or [top]:
        for leaf in item.leaves():
            rows.append(
                {
                    "category": top.name,
                    "category_weight": top.weight,
                    "item": item.name,
                    "item_weight": item.weight,
                    "item_is_point": leaf is item,
                    "name": leaf.name,
                    "weight": leaf.weight,
                    "content": _content(leaf),
                    "basis": _basis(leaf, item),
                    "score": leaf.score,
                    "reason": "\n".join(leaf.reasons),
                }
            )
    return {
        "name": top.name,
        "weight": top.weight,
        "score": top.score,
        "lost": top.weight - top.score,
        "rows": rows,
    }


def _content(leaf: ScoredNode) -> str:
    """The item's text as the standard words it, then its 评分标准 or 评分细则."""
    indicator = leaf.indicator
    if indicator is None:
        return ""
    return "\n".join(text for text in (indicator.explanation, indicator.standard) if text)


def _basis(leaf: ScoredNode, item: ScoredNode) -> str:
    """考核依据 of the scoring point, else of the item it belongs to."""
    for node in (leaf, item):
        if node.indicator is not None and node.indicator.basis:
            return node.indicator.basis
    return ""


def _adjustment(leaf: ScoredNode) -> dict[str, Any]:
    """A bonus or deduction item: its cap in place of 分值, its score signed."""
    indicator = leaf.indicator
    return {
        "name": leaf.name,
        "weight": leaf.weight,
        "content": _content(leaf),
        "basis": indicator.basis if indicator is not None else "",
        "score": leaf.score,
        "score_text": adjustment_score(leaf),
        "reason": "\n".join(leaf.reasons),
    }
