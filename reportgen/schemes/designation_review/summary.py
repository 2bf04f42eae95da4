"""The summary of all applications: one row per applicant with its outcome and cited reasons."""

from __future__ import annotations

from reportgen.render import styles, xml
from reportgen.render.package_parts import LANDSCAPE_TEXT_WIDTH
from reportgen.render.tables import Cell, table
from reportgen.schemes.designation_review.decide import (
    ACCEPTED,
    INCOMPLETE,
    NOT_HANDED_IN,
    REFUSED,
    Decision,
)
from reportgen.schemes.designation_review.framework import DesignationFramework
from reportgen.schemes.designation_review.wording import period, ymd

NUMBER, NAME, DATE, OUTCOME, FOLLOW_UP = 620, 2600, 1500, 1300, 2200
LEFT = styles.TABLE_TEXT_LEFT


def summary_title(region: str) -> str:
    return f"{region}长期护理保险定点评估机构申请受理审核结果汇总表"


def summary_body(decisions: list[Decision], framework: DesignationFramework) -> str:
    counts = {o: sum(d.outcome == o for d in decisions) for o in (ACCEPTED, REFUSED, INCOMPLETE)}
    lead = (
        f"共审核定点申请{len(decisions)}件：受理{counts[ACCEPTED]}件，不予受理{counts[REFUSED]}件，"
        f"一次性告知补齐材料{counts[INCOMPLETE]}件。"
    )
    header = ["序号", "申请机构", "申请日期", "审核结果", "理由及依据", "后续事项"]
    reasons = LANDSCAPE_TEXT_WIDTH - NUMBER - NAME - DATE - OUTCOME - FOLLOW_UP
    widths = [NUMBER, NAME, DATE, OUTCOME, reasons, FOLLOW_UP]
    rows: list[list[Cell | str]] = [
        [
            str(number),
            Cell(d.applicant.name, LEFT),
            ymd(d.applicant.applied),
            Cell(d.outcome, bold=True),
            Cell("\n".join(grounds(d, framework)), LEFT),
            Cell(follow_up(d), LEFT),
        ]
        for number, d in enumerate(decisions, start=1)
    ]
    return xml.paragraph(xml.run(lead), styles.BODY_NO_INDENT) + table([header], rows, widths)


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
