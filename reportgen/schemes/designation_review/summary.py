"""The summary of all applications as data: a row per applicant with its outcome and cited reasons."""

from __future__ import annotations

from typing import Any

from reportgen.schemes.designation_review.decide import (
    ACCEPTED,
    INCOMPLETE,
    NOT_HANDED_IN,
    REFUSED,
    Decision,
)
from reportgen.schemes.designation_review.framework import DesignationFramework
from reportgen.schemes.designation_review.wording import period, ymd


def summary_title(region: str) -> str:
    return f"{region}长期护理保险定点评估机构申请受理审核结果汇总表"


def summary_context(decisions: list[Decision], framework: DesignationFramework) -> dict[str, Any]:
    """The counts by outcome and a row per application, as plain fields."""
    counts = {o: sum(d.outcome == o for d in decisions) for o in (ACCEPTED, REFUSED, INCOMPLETE)}
    return {
        "count": len(decisions),
        "accepted": counts[ACCEPTED],
        "refused": counts[REFUSED],
        "incomplete": counts[INCOMPLETE],
        "rows": [
            {
                "index": number,
                "name": d.applicant.name,
                "applied": ymd(d.applicant.applied),
                "outcome": d.outcome,
                "grounds": "\n".join(grounds(d, framework)),
                "follow_up": follow_up(d),
            }
            for number, d in enumerate(decisions, start=1)
        ],
    }


def grounds(decision: Decision, framework: DesignationFramework) -> list[str]:
    """One line per reason or missing material, each with its article."""
    if decision.outcome == ACCEPTED:
        return [
            f"申请材料齐全，符合{framework.conditions.article}规定的基本条件，"
            f"不存在{framework.refusals.article}规定的不予受理情形"
        ]
    if decision.outcome == INCOMPLETE:
        return [
            f"{s.material.article}：{s.material.text}（{'未提交' if s.problem == NOT_HANDED_IN else s.problem}）"
            for s in decision.shortfalls
        ]
    return [f"{r.article}：{r.found}" for r in decision.reasons]


def follow_up(decision: Decision) -> str:
    if decision.outcome == INCOMPLETE and decision.deadline is not None:
        return f"{ymd(decision.deadline)}前补齐材料"
    if decision.outcome == ACCEPTED:
        text = "组织综合审核"
        if decision.publicity is not None:
            text += f"；公示期{period(*decision.publicity)}"
        if decision.signing_by is not None:
            text += f"；{ymd(decision.signing_by)}前签订评估服务协议"
        return text
    return "—"
