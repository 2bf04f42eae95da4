"""penalty: points taken off the total for each item, down to the leaf's cap."""

from __future__ import annotations

from pydantic import Field

from reportgen.fields import Number
from reportgen.rules.base import Rule, RuleContext, RuleResult, Strict, itemised, register


class Deduction(Strict):
    text: str = Field(description="What cost the points (e.g. 被省级部门通报批评).")
    points: Number = Field(gt=0, description="Points taken off for it.")


class PenaltyParams(Strict):
    """Nothing to set: the leaf's weight is the cap on the points taken off."""


class PenaltyFindings(Strict):
    items: list[Deduction] = Field(
        default_factory=list, description="Each item found; none means nothing is taken off."
    )


@register
class Penalty(Rule):
    """Points taken off the total for each item found, never more than the leaf's cap.

    Seed 001 特殊因素 负面因素 (−5): "发生严重负面舆情或因廉政建设、行风建设等相关问题
    被省级以上部门通报批评。"
    Seed 001 特殊因素 被约谈 (−5): "被省级以上部门约谈一次扣2分，每增加1次扣1分。"
    Seed 003 长护险居家护理机构 扣分项目: "医保部门在专项监督检查中查实违规问题的，按
    情节轻重酌情扣分。"

    Params: none; the weight is the cap. Findings: `items` — a list of
    {text, points}. The score is minus the sum of the points, at least minus
    the cap.
    """

    name = "penalty"
    kind = "penalty"
    Params = PenaltyParams
    Findings = PenaltyFindings
    reasons = {
        "item": "{text}，扣{points}分",
        "capped": "累计扣分{total}分，按上限扣{cap}分",
    }

    def score(
        self, params: PenaltyParams, findings: PenaltyFindings, context: RuleContext
    ) -> RuleResult:
        total, reasons = itemised(type(self), "item", findings.items, context.weight)
        return RuleResult(-total, tuple(reasons))
