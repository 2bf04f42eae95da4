"""The three outcome notices: 受理通知书, 不予受理决定书, 一次性告知书, every reason cited.

Each quotes the article its step rests on: 第十条 for receiving and for the
one-time request for materials, 第八条 and 第十一条 for every reason of a
refusal, 第九条 for each missing material, 第十二条 and 第十三条 for what follows
an acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportgen.formatting import cn_num
from reportgen.schemes.designation_review.decide import (
    ACCEPTED,
    INCOMPLETE,
    NOT_HANDED_IN,
    Decision,
)
from reportgen.schemes.designation_review.framework import DesignationFramework
from reportgen.schemes.designation_review.params import DesignationParams
from reportgen.schemes.designation_review.wording import articles, period, ymd

TITLES = {
    ACCEPTED: "长期护理保险定点评估机构申请\n受理通知书",
    INCOMPLETE: "长期护理保险定点评估机构申请\n材料补正一次性告知书",
}
REFUSAL_TITLE = "长期护理保险定点评估机构申请\n不予受理决定书"
FILE_PREFIXES = {ACCEPTED: "受理通知书", INCOMPLETE: "一次性告知书"}
REFUSAL_PREFIX = "不予受理决定书"
KINDS = {ACCEPTED: "designation_acceptance", INCOMPLETE: "designation_notification"}
REFUSAL_KIND = "designation_refusal"


@dataclass(frozen=True)
class NoticeContext:
    framework: DesignationFramework
    params: DesignationParams


def notice_title(decision: Decision) -> str:
    return TITLES.get(decision.outcome, REFUSAL_TITLE)


def notice_file(decision: Decision) -> str:
    prefix = FILE_PREFIXES.get(decision.outcome, REFUSAL_PREFIX)
    return f"{prefix}-{decision.applicant.short_name}.docx"


def notice_kind(decision: Decision) -> str:
    """The document kind (and so the template) of the decision's notice."""
    return KINDS.get(decision.outcome, REFUSAL_KIND)


def notice_context(decision: Decision, context: NoticeContext) -> dict[str, Any]:
    """The notice between 主送 and 落款, as plain fields."""
    if decision.outcome == ACCEPTED:
        body = _accepted(decision, context)
    elif decision.outcome == INCOMPLETE:
        body = _incomplete(decision, context)
    else:
        body = _refused(decision, context)
    return {**body, "contact": context.params.contact}


def _received(decision: Decision, what: str = "及相关材料") -> str:
    return f"你单位于{ymd(decision.applicant.applied)}提交的长期护理保险失能等级评估机构定点申请{what}收悉。"


def _accepted(decision: Decision, context: NoticeContext) -> dict[str, Any]:
    framework = context.framework
    short = framework.short
    opening = (
        _received(decision)
        + f"经初步审核，申请材料齐全，符合{short}{framework.conditions.article}规定的基本条件，"
        f"不存在{framework.refusals.article}规定的不予受理情形。根据{short}第十条规定，决定予以受理。"
    )
    conditions = [
        {
            "index": n,
            "article": c.article,
            "text": c.text,
            "evidence": c.evidence,
            "verdict": "符合",
        }
        for n, c in enumerate(framework.conditions.rule.conditions, start=1)
    ]
    return {
        "opening": opening,
        "conditions": conditions,
        "next_steps": _next_steps(decision, framework),
    }


def _next_steps(decision: Decision, framework: DesignationFramework) -> str:
    short = framework.short
    text = (
        f"下一步，我中心将依据{short}第十二条规定，采取书面查验、现场核查、集体评议等形式组织综合审核。"
        "综合审核结果经备案通过的，将你单位纳入拟签订评估服务协议评估机构名单并向社会公示"
    )
    if decision.publicity is not None and framework.publicity is not None:
        days = framework.publicity.working_days
        text += f"，公示期为{period(*decision.publicity)}（{days}个工作日）"
    text += "。"
    if decision.signing_by is not None and framework.signing is not None:
        signing = framework.signing
        text += (
            f"公示期满后，请于{ymd(decision.signing_by)}前（公示期满{signing.months}个月内）"
            f"与我中心协商签订评估服务协议，逾期未签订的视作放弃定点申请（{short}{signing.article}）。"
        )
    return text


def _refused(decision: Decision, context: NoticeContext) -> dict[str, Any]:
    short = context.framework.short
    reasons = [
        f"（{cn_num(number)}）{reason.found.rstrip('。')}。属于{short}{reason.article}规定的"
        f"“{reason.text}”情形。"
        for number, reason in enumerate(decision.refusals, start=1)
    ]
    offset = len(decision.refusals)
    reasons += [
        f"（{cn_num(number)}）{reason.found.rstrip('。')}。不符合{short}{reason.article}规定的"
        f"“{reason.text}”条件。"
        for number, reason in enumerate(decision.unmet, start=offset + 1)
    ]
    grounds = [] if decision.refusals else ["第十条"]
    cited = articles([*grounds, *[r.article for r in decision.reasons]])
    return {
        "opening": _received(decision) + "经审核，你单位存在以下情形：",
        "reasons": reasons,
        "decision": (
            f"根据{short}{cited}规定，决定对你单位的定点申请不予受理。"
            f"相关情形消除、符合{short}{context.framework.conditions.article}规定的条件后，"
            f"你单位可依据{short}{context.framework.materials.article}规定重新提出定点申请。"
        ),
    }


def _incomplete(decision: Decision, context: NoticeContext) -> dict[str, Any]:
    framework, params = context.framework, context.params
    short = framework.short
    opening = (
        _received(decision, "材料")
        + f"经初步审核，申请材料内容不全。根据{short}第十条“对申请材料内容不全的，应当一次性告知"
        f"需补齐的材料”的规定，现将需补齐的材料一次性告知如下（共{len(decision.shortfalls)}项）："
    )
    assert decision.deadline is not None
    stamp = framework.materials.stamp
    deadline = (
        f"请于{ymd(decision.deadline)}前（{params.supplement_days}个工作日内）将上述材料补齐后一并提交"
        f"{'，' + stamp.rstrip('。') if stamp else ''}。材料补齐后，我中心将依据{short}"
        f"{framework.conditions.article}、{framework.refusals.article}规定继续审核。"
    )
    shortfalls = [
        {
            "index": number,
            "article": shortfall.material.article,
            "material": shortfall.material.text,
            "reason": "未提交该项材料" if shortfall.problem == NOT_HANDED_IN else shortfall.problem,
        }
        for number, shortfall in enumerate(decision.shortfalls, start=1)
    ]
    return {"opening": opening, "shortfalls": shortfalls, "deadline": deadline}
