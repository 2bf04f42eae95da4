"""judgement: the expert's own score, with a reason whenever points are lost."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from reportgen.fields import Number
from reportgen.numbers import plain
from reportgen.rules.base import (
    Refusal,
    Rule,
    RuleContext,
    RuleResult,
    Strict,
    lead_in,
    register,
)


class JudgementParams(Strict):
    """Nothing to set: the expert scores between 0 and the leaf's weight."""


class JudgementFindings(Strict):
    score: Number = Field(description="The expert's score, between 0 and the leaf's weight.")
    reason: str = Field(
        "", description="Why points were lost; required whenever the score is below the weight."
    )


@register
class Judgement(Rule):
    """The expert's discretionary score (酌情评分), explained whenever it is below full marks.

    Seed 004 政策延续性: "项目具有延续性，得满分；否则酌情评分。"

    Params: none. Findings: `score`, between 0 and the weight, and `reason`,
    required when the score is below the weight.
    """

    name = "judgement"
    Params = JudgementParams
    Findings = JudgementFindings
    reasons = {
        "judged": "{reason}酌情得{score}分",
    }

    def check(
        self, params: JudgementParams, findings: JudgementFindings, context: RuleContext
    ) -> list[Refusal]:
        if not Decimal(0) <= findings.score <= context.weight:
            shown, weight = plain(findings.score), plain(context.weight)
            return [Refusal(f"酌情评分{shown}分超出0至{weight}分的范围", ("score",))]
        if findings.score < context.weight and not findings.reason.strip():
            return [Refusal("酌情评分低于满分时必须说明理由", ("reason",))]
        return []

    def score(
        self, params: JudgementParams, findings: JudgementFindings, context: RuleContext
    ) -> RuleResult:
        if findings.score == context.weight:
            return RuleResult(findings.score)
        reason = self.reason("judged", reason=lead_in(findings.reason), score=findings.score)
        return RuleResult(findings.score, (reason,))
