"""deduct_per_item: a fixed deduction for every violation found."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, field_validator

from reportgen.fields import Number
from reportgen.rules.base import Rule, RuleContext, RuleResult, Strict, clause, register


class DeductPerItemParams(Strict):
    per_item: Number = Field(gt=0, description="Points deducted for each violation found.")
    max_deduction: Number | None = Field(
        None,
        gt=0,
        description="Most points the violations may cost together; none means the weight.",
    )


class DeductPerItemFindings(Strict):
    items: list[str] = Field(
        default_factory=list,
        description="Each violation found, in the consultant's words; none means full marks.",
    )

    @field_validator("items")
    @classmethod
    def _not_blank(cls, items: list[str]) -> list[str]:
        cleaned = [clause(item) for item in items]
        if not all(cleaned):
            raise ValueError("a violation must be described, not left blank")
        return cleaned


def limited(
    rule: type[Rule], total: Decimal, cap: Decimal | None, weight: Decimal
) -> tuple[Decimal, list[str]]:
    """The deduction after `cap`, with the reasons saying when the cap or the weight stopped it.

    `rule` must declare the reason templates "capped" and "exhausted".
    """
    deduction = total
    reasons = []
    if cap is not None and total > cap:
        deduction = cap
        reasons.append(rule.reason("capped", total=total, cap=cap))
    if deduction > weight:
        reasons.append(rule.reason("exhausted", total=deduction))
    return deduction, reasons


@register
class DeductPerItem(Rule):
    """Full marks less a fixed deduction for every violation found, until nothing is left.

    Seed 004 立项依据充分性: "符合得满分，每有1点不符合，扣2分，扣完为止。"
    Seed 004 资料审核准确性: "报销资料无差错，得满分；每发现一处错误扣1分，扣完为止。"
    Seed 001 基金财务管理: "基金实行“收支两条线”管理……无挤占、挪用情况。每发现一项
    问题扣0.2分。"

    Params: `per_item`, the deduction for one violation, and optionally
    `max_deduction`, the most all of them may cost. Findings: `items` — each
    violation found. The score is the weight less `per_item` for each item,
    never below 0.
    """

    name = "deduct_per_item"
    Params = DeductPerItemParams
    Findings = DeductPerItemFindings
    reasons = {
        "items": "存在{count}处不符合：{items}，扣{points}分",
        "capped": "累计扣分{total}分，按上限扣{cap}分",
        "exhausted": "累计扣分{total}分，扣完为止",
    }

    def achievable(self, params: DeductPerItemParams, weight: Decimal) -> frozenset[Decimal]:
        most = min(weight, params.max_deduction) if params.max_deduction is not None else weight
        steps = int(most / params.per_item) + 1
        return frozenset(
            {max(weight - most, weight - params.per_item * k) for k in range(steps + 1)}
        )

    def score(
        self, params: DeductPerItemParams, findings: DeductPerItemFindings, context: RuleContext
    ) -> RuleResult:
        if not findings.items:
            return RuleResult(context.weight)
        total = params.per_item * len(findings.items)
        reasons = [
            self.reason(
                "items", count=len(findings.items), items="；".join(findings.items), points=total
            )
        ]
        deduction, limits = limited(type(self), total, params.max_deduction, context.weight)
        reasons.extend(limits)
        return RuleResult(context.weight - deduction, tuple(reasons))
