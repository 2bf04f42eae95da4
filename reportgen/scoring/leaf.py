"""One leaf indicator scored: the rule, plus what holds for every rule.

- no evidence → 0 with the reason 缺乏佐证资料;
- a scored rule stays within [0, weight]; a bonus within [0, cap]; a penalty
  within [-cap, 0];
- a score below the weight always has a reason (a consultant's `reason`
  replaces the generated ones when given);
- a score recorded by an assessor (an office's workbook) instead of findings
  must be one the rule can give, and needs a reason when below full marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportgen.numbers import clamp, plain
from reportgen.rules import get_rule
from reportgen.rules.base import Evaluator, Refusal, Rule, RuleContext, Strict

NO_EVIDENCE = "缺乏佐证资料"


@dataclass(frozen=True)
class LeafScore:
    score: Decimal
    reasons: tuple[str, ...]


def bounds(kind: str, weight: Decimal) -> tuple[Decimal, Decimal]:
    if kind == "penalty":
        return -weight, Decimal(0)
    return Decimal(0), weight


def check_leaf(
    rule_type: str,
    weight: Decimal,
    params: Strict,
    findings: Strict,
    *,
    reason: str = "",
    evaluate: Evaluator | None = None,
    recorded: Decimal | None = None,
) -> list[Refusal]:
    """What the rule cannot apply in these findings (or this recorded score), before scoring.

    Only user errors are found here: an exception from a rule's own code is a bug
    and passes up as one.
    """
    rule_class = get_rule(rule_type)
    rule = rule_class()
    if recorded is not None and "score" not in rule_class.Findings.model_fields:
        if findings.model_fields_set:
            return [Refusal("give either the rule's findings or a recorded `score`, not both")]
        return _check_recorded(rule, params, weight, recorded, reason.strip())
    return rule.check(params, findings, _context(weight, evaluate))


def score_leaf(
    rule_type: str,
    weight: Decimal,
    params: Strict,
    findings: Strict,
    *,
    evidence: bool = True,
    reason: str = "",
    evaluate: Evaluator | None = None,
    recorded: Decimal | None = None,
) -> LeafScore:
    """Score one leaf from parameters and findings (or a recorded score) `check_leaf` accepted."""
    rule_class = get_rule(rule_type)
    if not evidence:
        return LeafScore(Decimal(0), (NO_EVIDENCE,))
    if recorded is not None and "score" not in rule_class.Findings.model_fields:
        return _recorded(rule_class(), weight, recorded, reason.strip())
    result = rule_class().score(params, findings, _context(weight, evaluate))
    low, high = bounds(rule_class.kind, weight)
    score = clamp(result.score, low, high)
    reasons = result.reasons
    if reason.strip() and "reason" not in rule_class.Findings.model_fields:
        reasons = (reason.strip(),)
    if rule_class.kind == "scored" and score < weight and not reasons:
        reasons = (f"未达到评分标准，少得{plain(weight - score)}分",)
    if rule_class.kind == "scored" and score == weight and not reason.strip():
        reasons = ()
    return LeafScore(score, tuple(reasons))


def _context(weight: Decimal, evaluate: Evaluator | None) -> RuleContext:
    return RuleContext(weight=weight, evaluate=evaluate) if evaluate else RuleContext(weight)


def _check_recorded(
    rule: Rule, params: Strict, weight: Decimal, score: Decimal, reason: str
) -> list[Refusal]:
    """An assessor's recorded score must be one the rule can give, explained when below full."""
    low, high = bounds(rule.kind, weight)
    at = ("score",)
    if not low <= score <= high:
        return [
            Refusal(f"recorded score {plain(score)} is outside {plain(low)} to {plain(high)}", at)
        ]
    possible = rule.achievable(params, weight)
    if possible is not None and score not in possible:
        shown = "、".join(plain(p) for p in sorted(possible))
        return [
            Refusal(
                f"recorded score {plain(score)} cannot result from this rule; it gives {shown}", at
            )
        ]
    if rule.kind == "scored" and score < weight and not reason:
        message = (
            f"recorded score {plain(score)} is below full marks and needs a `reason` (扣分原因)"
        )
        return [Refusal(message, at)]
    return []


def _recorded(rule: Rule, weight: Decimal, score: Decimal, reason: str) -> LeafScore:
    """An assessor's recorded score, as `_check_recorded` accepted it."""
    keep = reason and (score < weight or rule.kind != "scored")
    return LeafScore(score, (reason,) if keep else ())


def validate_rule_input(
    rule_type: str, params: dict[str, Any], findings: dict[str, Any]
) -> tuple[Strict, Strict]:
    """Validate raw parameters and findings against the rule's models (pydantic errors pass up)."""
    rule_class = get_rule(rule_type)
    return rule_class.Params.model_validate(params), rule_class.Findings.model_validate(findings)
