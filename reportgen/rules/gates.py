"""all_of and any_of: eligibility gates, full marks or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from reportgen.rules.base import (
    Evaluator,
    Refusal,
    Rule,
    RuleContext,
    RuleResult,
    Strict,
    clause,
    no_data,
    register,
    repeated,
)
from reportgen.rules.conditions import StatedCondition, check_conditions, unique_ids


class GateCondition(StatedCondition):
    article: str = Field("", description="Where the rules state it (e.g. 第八条第（一）项).")


class GateParams(Strict):
    conditions: list[GateCondition] = Field(min_length=1, description="The conditions in order.")

    @field_validator("conditions")
    @classmethod
    def _unique_ids(cls, conditions: list[GateCondition]) -> list[GateCondition]:
        unique_ids(conditions)
        return conditions


class Unmet(Strict):
    condition: str = Field(description="The id of the condition that does not hold.")
    note: str = Field("", description="What was found, in the consultant's words.")


class GateFindings(Strict):
    failed: list[Unmet] = Field(
        default_factory=list,
        description="Conditions without `when` that do not hold; all others hold.",
    )

    @model_validator(mode="after")
    def _once_each(self) -> GateFindings:
        if repeated(f.condition for f in self.failed):
            raise ValueError("a condition is listed as failed more than once")
        return self


@dataclass(frozen=True)
class GateOutcome:
    """Whether a gate is passed, and each condition that failed with the note on it."""

    passed: bool
    failed: list[tuple[GateCondition, str]]


def evaluate_gate(
    params: GateParams,
    findings: GateFindings,
    *,
    require: Literal["all", "any"] = "all",
    evaluate: Evaluator = no_data,
) -> GateOutcome:
    """Check the conditions: passed when all hold (require="all") or at least one does.

    The findings must have passed `check_gate`.
    """
    notes = {f.condition: f.note for f in findings.failed}
    failed = [
        (c, notes.get(c.id, ""))
        for c in params.conditions
        if not c.is_held(evaluate, c.id not in notes)
    ]
    passed = not failed if require == "all" else len(failed) < len(params.conditions)
    return GateOutcome(passed, failed)


def check_gate(params: GateParams, findings: GateFindings, evaluate: Evaluator) -> list[Refusal]:
    """Failed conditions that are unknown or decided by an expression; failing expressions."""
    named = [(("failed", i, "condition"), f.condition) for i, f in enumerate(findings.failed)]
    return check_conditions(params.conditions, named, named, "the findings", evaluate)


def gate_result(rule: type[Rule], outcome: GateOutcome, weight: Decimal) -> RuleResult:
    """Full marks for a passed gate; otherwise 0, with one reason per failed condition."""
    if outcome.passed:
        return RuleResult(weight)
    reasons = tuple(
        rule.reason(
            "failed_note" if clause(note) else "failed",
            article=condition.article,
            text=condition.text,
            note=clause(note),
        )
        for condition, note in outcome.failed
    )
    return RuleResult(Decimal(0), reasons)


class Gate(Rule):
    """Full marks when the conditions `require` asks for hold, nothing otherwise."""

    require: ClassVar[Literal["all", "any"]]
    Params = GateParams
    Findings = GateFindings
    reasons = {
        "failed": "不符合{article}“{text}”",
        "failed_note": "不符合{article}“{text}”：{note}",
    }

    def achievable(self, params: GateParams, weight: Decimal) -> frozenset[Decimal]:
        return frozenset({Decimal(0), weight})

    def check(
        self, params: GateParams, findings: GateFindings, context: RuleContext
    ) -> list[Refusal]:
        return check_gate(params, findings, context.evaluate)

    def score(self, params: GateParams, findings: GateFindings, context: RuleContext) -> RuleResult:
        outcome = evaluate_gate(params, findings, require=self.require, evaluate=context.evaluate)
        return gate_result(type(self), outcome, context.weight)


@register
class AllOf(Gate):
    """Full marks when every condition holds, nothing when any fails.

    Seed 002 第八条: "申请成为定点评估机构，应当同时具备以下基本条件：（一）依法批准
    设立……正式运营满6个月；……（七）符合法律法规和自治区及以上医疗保障行政部门规定的
    其他条件。"
    Seed 004 促进社会稳定和谐: "全年没有因居民大病保险和职工大额补助发生信访事件得满分，
    否则不得分。"

    Params: `conditions` — a list of {id, text, article, when}, where `when` is
    an optional expression over the scenario data. Findings: `failed` — the
    conditions without `when` that do not hold, each {condition, note}.
    """

    name = "all_of"
    require = "all"


@register
class AnyOf(Gate):
    """Full marks when at least one condition holds, nothing when all fail.

    Seed 003 街镇加分项目 (who qualifies): "承担本市或区的试点工作，承办本市或区举办的
    活动，有特色亮点做法在市、区层面推行的，给予一定加分。"
    Seed 001 创先争优: "工作中作出突出贡献并得到省级以上表彰，或相关工作做法受到省级以上
    正式推广。"

    Params: `conditions` — a list of {id, text, article, when}. Findings:
    `failed` — the conditions without `when` that do not hold, each
    {condition, note}. Reasons list every condition when none holds.
    """

    name = "any_of"
    require = "any"
