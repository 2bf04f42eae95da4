"""budget_execution: 预算执行率, 全年执行数 ÷ 全年预算数, times its 分值."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from reportgen.fields import Number
from reportgen.numbers import percent, round_half_up
from reportgen.rules.base import Refusal, Rule, RuleContext, RuleResult, Strict, register


class BudgetExecutionParams(Strict):
    """Nothing to set: the 分值 is the leaf's weight."""


class BudgetExecutionFindings(Strict):
    budget: Number = Field(description="全年预算数 (万元).")
    executed: Number = Field(description="全年执行数 (万元).")


@register
class BudgetExecution(Rule):
    """预算执行率 × 分值: the share of the year's budget spent, never more than the 分值.

    The 项目支出绩效自评表 of 财预〔2020〕10号 (附件2) gives 预算执行率 its own row:
    执行率 = 全年执行数 ÷ 全年预算数, 得分 = 执行率 × 分值 (at most 分值). Seed 004 scores
    its 参保人数 the same proportional way: "否则按比例计算得分".

    Params: none. Findings: `budget` (全年预算数) and `executed` (全年执行数).
    """

    name = "budget_execution"
    Params = BudgetExecutionParams
    Findings = BudgetExecutionFindings
    reasons = {
        "short": "预算执行率{rate}%（全年执行数{executed}万元÷全年预算数{budget}万元），得{score}分"
    }

    def check(
        self, params: BudgetExecutionParams, findings: BudgetExecutionFindings, context: RuleContext
    ) -> list[Refusal]:
        if findings.budget <= 0:
            return [Refusal("全年预算数 must be more than 0", ("budget",))]
        if findings.executed < 0:
            return [Refusal("全年执行数 cannot be negative", ("executed",))]
        return []

    def score(
        self, params: BudgetExecutionParams, findings: BudgetExecutionFindings, context: RuleContext
    ) -> RuleResult:
        share = min(Decimal(1), findings.executed / findings.budget)
        if share >= 1:
            return RuleResult(context.weight)
        points = round_half_up(context.weight * share)
        rate = f"{percent(findings.executed, findings.budget):f}"  # a rate keeps its decimals
        reason = self.reason(
            "short", rate=rate, executed=findings.executed, budget=findings.budget, score=points
        )
        return RuleResult(points, (reason,))
