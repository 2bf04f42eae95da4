"""bonus: points added for each award, up to the leaf's cap."""

from __future__ import annotations

from pydantic import Field

from reportgen.fields import Number
from reportgen.rules.base import Rule, RuleContext, RuleResult, Strict, itemised, register


class Award(Strict):
    text: str = Field(description="What earned the points (e.g. 承担本市长护险试点工作).")
    points: Number = Field(gt=0, description="Points added for it.")


class BonusParams(Strict):
    """Nothing to set: the leaf's weight is the cap on the points added."""


class BonusFindings(Strict):
    awards: list[Award] = Field(
        default_factory=list, description="Each award earned; none means nothing is added."
    )


@register
class Bonus(Rule):
    """Points added for each award, never more than the leaf's weight, which is the cap.

    Seed 003 街镇加分项目: "承担本市或区的试点工作，承办本市或区举办的活动，有特色亮点
    做法在市、区层面推行的，给予一定加分，加分分值不超过5分，总分不突破100分。"
    Seed 001 特殊因素 试点工作 (+5): "完成试点任务得3分……每增加1个试点且完成试点任务
    加1分。"

    Params: none; the weight is the cap. Findings: `awards` — a list of
    {text, points}. The score is the sum of the points, at most the cap.
    """

    name = "bonus"
    kind = "bonus"
    Params = BonusParams
    Findings = BonusFindings
    reasons = {
        "award": "{text}，加{points}分",
        "capped": "加分合计{total}分，按上限计{cap}分",
    }

    def score(
        self, params: BonusParams, findings: BonusFindings, context: RuleContext
    ) -> RuleResult:
        total, reasons = itemised(type(self), "award", findings.awards, context.weight)
        return RuleResult(total, tuple(reasons))
