"""threshold: full marks at a target, a proportional share below it."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from reportgen.fields import Number
from reportgen.numbers import round_half_up, to_decimal
from reportgen.rules.base import (
    FindingsError,
    Refusal,
    Rule,
    RuleContext,
    RuleResult,
    Strict,
    expression_refusal,
    register,
    unique,
    unknown_names,
)


class Measure(Strict):
    label: str = Field(
        description="What is measured, as the report names it (e.g. 职工大额补助参保人数)."
    )
    value: Decimal | str | None = Field(
        None,
        description="The measured number, or an expression over the scenario data giving it "
        "(e.g. 居民大病.参保人数); none when the findings give it under `values`.",
    )


class ThresholdParams(Strict):
    target: Number = Field(gt=0, description="The value that earns full marks.")
    measures: list[Measure] = Field(
        min_length=1,
        description="The measures scored separately against the target; the score is the "
        "weight times the mean of their ratios.",
    )
    direction: Literal["at_least", "at_most"] = Field(
        "at_least",
        description="at_least: full marks at or above the target; at_most: at or below it.",
    )
    unit: str = Field(
        "",
        max_length=8,
        description="The unit of the target and the measures (人, %, 万元), written after "
        "each number the reason quotes: 预算执行率76.25%，未达到100%.",
    )

    @field_validator("measures")
    @classmethod
    def _unique_labels(cls, measures: list[Measure]) -> list[Measure]:
        unique([m.label for m in measures], "measure labels")
        return measures


class ThresholdFindings(Strict):
    values: dict[str, Number] = Field(
        default_factory=dict,
        description="Measured values by label, replacing the value or expression in the params.",
    )


def measured(measure: Measure, findings: ThresholdFindings, context: RuleContext) -> Decimal:
    """The measure's value: the findings' override, the number given, or the expression's result."""
    if measure.label in findings.values:
        return findings.values[measure.label]
    if isinstance(measure.value, Decimal):
        return measure.value
    if measure.value is None:  # check() refused this before scoring
        raise FindingsError(f"no value measured for {measure.label}")
    return to_decimal(context.evaluate(measure.value))


def ratio(value: Decimal, target: Decimal, direction: str) -> Decimal:
    """How much of the target is reached, between 0 and 1."""
    if direction == "at_most":
        return Decimal(1) if value <= target else target / value
    return min(Decimal(1), max(Decimal(0), value) / target)


@register
class Threshold(Rule):
    """Full marks when a measure reaches its target, otherwise the proportional share.

    Seed 004 参保人数: "参保人数≥500000人得满分，否则按比例计算得分。" with the
    explanation "城乡居民及职工参保总数分别计算" — two measures, each against the
    target, their ratios averaged.

    Params: `target`, `measures` — a list of {label, value}, where value is a
    number, an expression over the scenario data, or left to the findings — `direction`
    (at_least by default, or at_most) and `unit`, written after the numbers
    the reason quotes. Findings: `values` — measured numbers by
    label, replacing those in the params. Each measure's ratio is
    min(1, value/target) (at_most: min(1, target/value)); the score is the
    weight times the mean ratio, rounded half-up to 2 places.
    """

    name = "threshold"
    Params = ThresholdParams
    Findings = ThresholdFindings
    reasons = {
        "below": "{label}{value}{unit}，未达到{target}{unit}，按比例得{score}分{share}",
        "above": "{label}{value}{unit}，超过{target}{unit}，按比例得{score}分{share}",
        "share": "（该项满分{share}分）",
    }

    def check(
        self, params: ThresholdParams, findings: ThresholdFindings, context: RuleContext
    ) -> list[Refusal]:
        given = [(("values", label), label) for label in findings.values]
        refusals = unknown_names("measure", given, (m.label for m in params.measures))
        for index, measure in enumerate(params.measures):
            if measure.value is None and measure.label not in findings.values:
                refusals.append(
                    Refusal(
                        f"no value measured for {measure.label}; give it under `values`",
                        ("values",),
                    )
                )
            if isinstance(measure.value, str) and measure.label not in findings.values:
                at = ("measures", index, "value")
                refusals += expression_refusal(measure.value, at, context.evaluate, Decimal)
        return refusals

    def score(
        self, params: ThresholdParams, findings: ThresholdFindings, context: RuleContext
    ) -> RuleResult:
        share = context.weight / len(params.measures)
        ratios = []
        reasons = []
        for measure in params.measures:
            value = measured(measure, findings, context)
            reached = ratio(value, params.target, params.direction)
            ratios.append(reached)
            if reached < 1:
                reasons.append(
                    self._shortfall(measure.label, value, params, share * reached, share)
                )
        mean = sum(ratios, Decimal(0)) / len(ratios)
        return RuleResult(round_half_up(context.weight * mean), tuple(reasons))

    def _shortfall(
        self, label: str, value: Decimal, params: ThresholdParams, points: Decimal, share: Decimal
    ) -> str:
        """The reason for one measure short of its target."""
        whole = len(params.measures) == 1
        return self.reason(
            "above" if params.direction == "at_most" else "below",
            label=label,
            value=value,
            target=params.target,
            unit=params.unit,
            score=round_half_up(points),
            share="" if whole else self.reason("share", share=round_half_up(share)),
        )
