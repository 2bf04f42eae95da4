"""tiers: the points of the one tier that applies."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Literal

from pydantic import Field, field_validator, model_validator

from reportgen.fields import Number
from reportgen.rules.base import (
    Refusal,
    Rule,
    RuleContext,
    RuleResult,
    Strict,
    lead_in,
    register,
    unique,
    unknown_names,
)


class Tier(Strict):
    label: str = Field(description="The tier as the scoring standard states it (e.g. 覆盖到乡镇).")
    points: Number | Literal["full"] = Field(
        description='Points of the tier, or "full" for the leaf\'s weight.'
    )
    min: Number | None = Field(
        None,
        description="Lowest value that reaches the tier, for findings that give a value; "
        "tiers with a min are listed from the highest min down.",
    )

    @field_validator("points")
    @classmethod
    def _not_negative(cls, points: Decimal | str) -> Decimal | str:
        if isinstance(points, Decimal) and points < 0:
            raise ValueError("tier points cannot be negative")
        return points


class TiersParams(Strict):
    tiers: list[Tier] = Field(min_length=1, description="The tiers, best first.")

    @field_validator("tiers")
    @classmethod
    def _well_ordered(cls, tiers: list[Tier]) -> list[Tier]:
        unique([t.label for t in tiers], "tier labels")
        mins = [t.min for t in tiers if t.min is not None]
        if any(higher <= lower for higher, lower in pairwise(mins)):
            raise ValueError("tiers with a min must be listed in descending order of min")
        return tiers


class TiersFindings(Strict):
    tier: str | None = Field(None, description="The label of the tier reached.")
    value: Number | None = Field(
        None, description="The measured value; the first tier whose min it reaches applies."
    )
    note: str = Field("", description="What was found, in the consultant's words.")

    @model_validator(mode="after")
    def _one_of(self) -> TiersFindings:
        if (self.tier is None) == (self.value is None):
            raise ValueError("give exactly one of `tier` (the label reached) and `value`")
        return self


def reached(params: TiersParams, findings: TiersFindings) -> Tier | None:
    """The tier the findings name, or the first whose min the value reaches; None if none."""
    if findings.tier is not None:
        return next((t for t in params.tiers if t.label == findings.tier), None)
    value = findings.value
    for tier in params.tiers:
        if tier.min is not None and value is not None and value >= tier.min:
            return tier
    return None


@register
class Tiers(Rule):
    """The points of the one tier reached, from full marks down to nothing.

    Seed 001 经办体系建设: "医保经办服务网点覆盖到乡镇（街道）、村（社区）得4分，
    覆盖到乡镇（街道）得3分，未覆盖到乡镇（街道）不得分。"
    Seed 004 资金拨付及时率: "资金拨付及时率为100%，得满分；资金拨付及时率未达到100%，
    但在年度内发放完成，得3分；资金未在本年内拨付，不得分。"

    Params: `tiers` — a list of {label, points, min}, where points is a number
    or "full" (the weight) and min, when given, is the lowest value reaching
    the tier. Findings: either `tier`, the label reached, or `value`, and then
    the first tier, in order, whose min the value reaches; optionally a `note`.
    """

    name = "tiers"
    Params = TiersParams
    Findings = TiersFindings
    reasons = {
        "tier": "{note}{label}，得{points}分",
    }

    def achievable(self, params: TiersParams, weight: Decimal) -> frozenset[Decimal]:
        return frozenset(
            min(weight, weight if t.points == "full" else t.points) for t in params.tiers
        )

    def check(
        self, params: TiersParams, findings: TiersFindings, context: RuleContext
    ) -> list[Refusal]:
        if reached(params, findings) is not None:
            return []
        if findings.tier is not None:
            return unknown_names(
                "tier", [(("tier",), findings.tier)], (t.label for t in params.tiers)
            )
        message = f"no tier has a min reached by {findings.value}; give the tier instead"
        return [Refusal(message, ("value",))]

    def score(
        self, params: TiersParams, findings: TiersFindings, context: RuleContext
    ) -> RuleResult:
        tier = reached(params, findings)
        assert tier is not None, "check() refuses findings that reach no tier"
        points = tier.points if isinstance(tier.points, Decimal) else context.weight
        if points >= context.weight:
            return RuleResult(points)
        reason = self.reason("tier", note=lead_in(findings.note), label=tier.label, points=points)
        return RuleResult(points, (reason,))
