"""Rules against their weight: the points can reach exactly the weight, no more, no less.

- RG201 (error): the rule cannot give exactly full marks — checkpoints that add
  up to more or less than the weight (seed 004 合同规范性 3+2+2 for 5 points,
  履约验收合规性 3.5 per point × 2 for 3 points), or no tier worth the weight.
- RG202 (error): a tier is worth more than the weight.
- RG203 (warning): a deduction that can never apply as written — one larger
  than the weight, or a cap on deductions the weight exhausts first.

Bonus and penalty items have a cap, not a weight to reach, and are skipped.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from reportgen.check.context import CheckInput, at
from reportgen.check.findings import Finding, define
from reportgen.numbers import plain
from reportgen.rules import REGISTRY
from reportgen.rules.base import Strict
from reportgen.scenario.indicators import Located

UNREACHABLE = define("RG201", "error", "a rule cannot give exactly the weight", __name__)
TIER_ABOVE = define("RG202", "error", "a tier is worth more than the weight", __name__)
DEAD_DEDUCTION = define("RG203", "warning", "a deduction that can never apply", __name__)


def check(target: CheckInput) -> list[Finding]:
    if target.tree is None:
        return []
    findings = []
    for loc in target.tree.scored_leaves():
        params = _params(loc)
        if params is not None:
            findings += _check_leaf(loc, params)
    return findings


def _params(loc: Located) -> Strict | None:
    """The leaf's validated rule parameters, or None (the loader reports bad ones)."""
    rule = loc.indicator.rule or {}
    rule_class = REGISTRY.get(str(rule.get("type")))
    if rule_class is None:
        return None
    try:
        return rule_class.Params.model_validate({k: v for k, v in rule.items() if k != "type"})
    except ValidationError:
        return None


def _check_leaf(loc: Located, params: Any) -> list[Finding]:
    node = loc.indicator
    weight = node.weight
    rule_type = (node.rule or {})["type"]
    messages: list[tuple[Any, str, str]] = []
    if rule_type == "checkpoints":
        messages += _checkpoints(node.name, weight, params)
    elif rule_type == "tiers":
        messages += _tiers(node.name, weight, params)
    else:
        possible = REGISTRY[rule_type]().achievable(params, weight)
        if possible is not None and weight not in possible:
            messages.append((UNREACHABLE, f"{node.name}: the rule never gives {plain(weight)}", ""))
    messages += _deductions(node.name, weight, params)
    return [
        at(code, loc.source, (*loc.path, "rule"), message, hint) for code, message, hint in messages
    ]


def _checkpoints(name: str, weight: Decimal, params: Any) -> list[tuple[Any, str, str]]:
    points = [p.points for p in params.points]
    total = sum(points, Decimal(0))
    if total == weight:
        return []
    parts = "+".join(plain(p) for p in points)
    side = "more" if total > weight else "less"
    return [
        (
            UNREACHABLE,
            f"{name}: checkpoints give {parts} = {plain(total)}, {side} than the weight "
            f"{plain(weight)}",
            "the checkpoints' points must add up to the weight",
        )
    ]


def _tiers(name: str, weight: Decimal, params: Any) -> list[tuple[Any, str, str]]:
    worth = [(t.label, weight if t.points == "full" else t.points) for t in params.tiers]
    found: list[tuple[Any, str, str]] = [
        (TIER_ABOVE, f"{name}: tier “{label}” gives {plain(points)} of {plain(weight)}", "")
        for label, points in worth
        if points > weight
    ]
    if max(points for _, points in worth) < weight:
        found.append((UNREACHABLE, f"{name}: no tier gives the weight {plain(weight)}", ""))
    return found


def _deductions(name: str, weight: Decimal, params: Any) -> list[tuple[Any, str, str]]:
    found: list[tuple[Any, str, str]] = []
    single = [
        *[(c.text, c.deduct) for c in getattr(params, "conditions", []) if hasattr(c, "deduct")],
        *[(c.text, c.first) for c in getattr(params, "classes", [])],
    ]
    per_item = getattr(params, "per_item", None)
    if isinstance(per_item, Decimal):
        single.append(("每一处", per_item))
    for text, points in single:
        if isinstance(points, Decimal) and points > weight:
            found.append(
                (
                    DEAD_DEDUCTION,
                    f"{name}: “{text}” deducts {plain(points)} from {plain(weight)}",
                    f"at most {plain(weight)} can be deducted",
                )
            )
    cap = getattr(params, "max_deduction", None)
    if isinstance(cap, Decimal) and cap > weight:
        found.append(
            (
                DEAD_DEDUCTION,
                f"{name}: the cap of {plain(cap)} on deductions never applies to a "
                f"{plain(weight)}-point indicator",
                "set max_deduction at most the weight, or drop it",
            )
        )
    return found
