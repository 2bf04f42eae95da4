"""conditions: a fixed deduction for each condition that holds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from pydantic import Field, field_validator

from reportgen.fields import Number
from reportgen.rules.base import (
    Evaluator,
    FindingsError,
    Refusal,
    Rule,
    RuleContext,
    RuleResult,
    Strict,
    expression_refusal,
    lead_in,
    register,
    subset_sums,
    unique,
    unknown_names,
)


def holds(expression: str, evaluate: Evaluator) -> bool:
    """Whether an expression over the scenario data is true; a non-boolean is refused."""
    result = evaluate(expression)
    if not isinstance(result, bool):
        raise FindingsError(f"{expression!r} gives {result!r}, not true or false")
    return result


class StatedCondition(Strict):
    """A condition decided by its `when` expression, or else by the findings."""

    id: str = Field(
        description="Short name of the condition, used in findings (e.g. 居民亏损, 资质)."
    )
    text: str = Field(description="The condition as the scoring standard or the rules state it.")
    when: str | None = Field(
        None,
        description="An expression over the scenario data that tells whether the condition "
        "holds (e.g. 居民大病.盈亏 < 0); without it, the findings tell.",
    )

    def is_held(self, evaluate: Evaluator, stated: bool) -> bool:
        """Whether the condition holds: by its expression, else as the findings state."""
        if self.when is not None:
            return holds(self.when, evaluate)
        return stated


def unique_ids(conditions: Sequence[StatedCondition]) -> None:
    """Refuse conditions that share an id."""
    unique([c.id for c in conditions], "condition ids")


def check_conditions(
    conditions: Sequence[StatedCondition],
    named: Iterable[tuple[tuple[str | int, ...], str]],
    stated: Iterable[tuple[tuple[str | int, ...], str]],
    by: str,
    evaluate: Evaluator,
) -> list[Refusal]:
    """Findings about unknown conditions, or stating what an expression decides; and every
    `when` expression that fails over the data or is not true or false."""
    refusals = unknown_names("condition", named, (c.id for c in conditions))
    when = {c.id: c.when for c in conditions}
    refusals += [
        Refusal(f"condition {i} is decided by its `when` expression, not by {by}", path)
        for path, i in stated
        if when.get(i) is not None
    ]
    for index, condition in enumerate(conditions):
        if condition.when is not None:
            at = ("conditions", index, "when")
            refusals += expression_refusal(condition.when, at, evaluate, bool)
    return refusals


class Condition(StatedCondition):
    deduct: Number = Field(gt=0, description="Points deducted when the condition holds.")


class ConditionsParams(Strict):
    conditions: list[Condition] = Field(min_length=1, description="The conditions in order.")

    @field_validator("conditions")
    @classmethod
    def _unique_ids(cls, conditions: list[Condition]) -> list[Condition]:
        unique_ids(conditions)
        return conditions


class ConditionsFindings(Strict):
    facts: dict[str, bool] = Field(
        default_factory=dict,
        description="Whether each condition without `when` holds, by id; one not listed "
        "does not hold.",
    )
    notes: dict[str, str] = Field(
        default_factory=dict,
        description="What was found, in the consultant's words, by condition id.",
    )


@register
class Conditions(Rule):
    """Full marks less a fixed deduction for each condition that holds.

    Seed 004 成本控制: "居民大病保险年度结算出现亏损的，扣3分；职工大额补助年度结算
    出现亏损的，扣3分；未进行成本监控的扣1分。"

    Params: `conditions` — a list of {id, text, deduct, when}, where `when` is
    an optional expression over the scenario data (e.g. 居民大病.盈亏 < 0).
    Findings: `facts` — whether each condition without `when` holds, by id
    (one not listed does not hold) — and `notes`, by id.
    """

    name = "conditions"
    Params = ConditionsParams
    Findings = ConditionsFindings
    reasons = {
        "holds": "{note}{text}，扣{deduct}分",
    }

    def achievable(self, params: ConditionsParams, weight: Decimal) -> frozenset[Decimal]:
        return subset_sums(weight, [c.deduct for c in params.conditions], earned=False)

    def check(
        self, params: ConditionsParams, findings: ConditionsFindings, context: RuleContext
    ) -> list[Refusal]:
        facts = [(("facts", i), i) for i in findings.facts]
        named = [*facts, *((("notes", i), i) for i in findings.notes)]
        by = "a fact in the findings"
        return check_conditions(params.conditions, named, facts, by, context.evaluate)

    def score(
        self, params: ConditionsParams, findings: ConditionsFindings, context: RuleContext
    ) -> RuleResult:
        facts, notes = findings.facts, findings.notes
        held = [c for c in params.conditions if c.is_held(context.evaluate, facts.get(c.id, False))]
        deduction = sum((c.deduct for c in held), Decimal(0))
        reasons = tuple(
            self.reason("holds", note=lead_in(notes.get(c.id, "")), text=c.text, deduct=c.deduct)
            for c in held
        )
        return RuleResult(context.weight - deduction, reasons)
