"""completion: a quantitative 绩效指标, scored by how far its 实际完成值 reaches its 年度指标值."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from reportgen.numbers import round_half_up
from reportgen.rules.base import Refusal, Rule, RuleContext, RuleResult, Strict, register
from reportgen.rules.indicator_values import AT_LEAST, AT_MOST, Quantity, read_quantity


class CompletionParams(Strict):
    target: str = Field(
        description="年度指标值 with its comparison and unit: ≥95%, ≤90万元, 8755人 (exactly)."
    )


class CompletionFindings(Strict):
    actual: str | Decimal = Field(
        description="实际完成值, in the target's unit (a bare number is taken in it)."
    )


@register
class Completion(Rule):
    """A quantitative indicator: the share of its 年度指标值 its 实际完成值 reaches, times 分值.

    The 项目支出绩效自评表 of 财预〔2020〕10号 (附件2) scores a quantitative indicator by
    its completion: for a ≥ target, 实际完成值 ÷ 年度指标值 × 分值; for a ≤ target,
    年度指标值 ÷ 实际完成值 × 分值; never more than 分值. An exact target (=, or a bare
    value) scores full when met and nothing otherwise. Seed 004 参保人数 reads a ≥
    target the same way: "参保人数≥500000人得满分，否则按比例计算得分。"

    Params: `target`, the 年度指标值 as written. Findings: `actual`, the 实际完成值.
    Mismatched units (万元 against 元) are refused, never converted.
    """

    name = "completion"
    Params = CompletionParams
    Findings = CompletionFindings
    reasons = {
        "short": "实际完成值{actual}，未达到年度指标值{target}，按比例得{score}分",
        "missed": "实际完成值{actual}，未达到年度指标值{target}，不得分",
    }

    def check(
        self, params: CompletionParams, findings: CompletionFindings, context: RuleContext
    ) -> list[Refusal]:
        target = read_quantity(params.target)
        if target is None:
            return [
                Refusal(
                    f"年度指标值 {params.target!r} is no value like ≥95% or 8755人",
                    ("target",),
                    in_params=True,
                )
            ]
        actual = read_quantity(findings.actual)
        if actual is None or actual.comparison != "=":
            return [
                Refusal(
                    f"实际完成值 {findings.actual!r} is no value like 96% or 8800人", ("actual",)
                )
            ]
        if actual.unit and actual.unit != target.unit:
            return [
                Refusal(
                    f"实际完成值 is in {actual.unit}, 年度指标值 {params.target} in "
                    f"{target.unit or 'no unit'}: write both in one unit",
                    ("actual",),
                )
            ]
        if target.number < 0 or actual.number < 0:
            return [Refusal("年度指标值 and 实际完成值 cannot be negative", ("actual",))]
        return []

    def score(
        self, params: CompletionParams, findings: CompletionFindings, context: RuleContext
    ) -> RuleResult:
        target = read_quantity(params.target)
        actual = read_quantity(findings.actual)
        assert target is not None and actual is not None  # check() refused anything else
        shown = Quantity("=", actual.number, target.unit).shown()
        share = _share(target, actual.number)
        if share >= 1:
            return RuleResult(context.weight)
        points = round_half_up(context.weight * share)
        key = "short" if share > 0 else "missed"
        return RuleResult(
            points, (self.reason(key, actual=shown, target=target.shown(), score=points),)
        )


def _share(target: Quantity, actual: Decimal) -> Decimal:
    """How much of the target is reached, between 0 and 1."""
    if target.comparison == AT_LEAST:
        if target.number == 0:
            return Decimal(1)
        return min(Decimal(1), actual / target.number)
    if target.comparison == AT_MOST:
        if actual <= target.number:
            return Decimal(1)
        return target.number / actual if actual else Decimal(1)
    return Decimal(1) if actual == target.number else Decimal(0)
