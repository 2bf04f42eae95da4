"""The 评分标准 as written against the rule that encodes it.

- RG204 (warning): the standard names points (得N分, 扣N分) that the rule
  never gives or takes — seed 004 采购执行规范性 says 符合要点③得1分 and then
  不符合要点③，扣4分.
- RG205 (warning): the standard deducts without saying how much (seed 004
  支付比例: 每发现一例扣分).
- RG206 (warning): the explanation lists an evaluation point (①②…) that the
  standard never scores, while it scores others by number — seed 004
  制度执行有效性 lists ① and ② but scores only ①.

Only rules whose parameters carry the points (checkpoints, conditions,
deduct_per_item, occurrences, tiers) are compared with the standard's numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from reportgen.check.context import CheckInput, at
from reportgen.check.findings import Finding, define
from reportgen.numbers import plain
from reportgen.scenario.indicators import Located

STRAY_POINTS = define(
    "RG204", "warning", "the standard names points the rule does not use", __name__
)
UNSTATED = define("RG205", "warning", "the standard deducts without saying how much", __name__)
UNSCORED_POINT = define(
    "RG206", "warning", "an evaluation point the standard never scores", __name__
)

POINTS = re.compile(r"[得扣](\d+(?:\.\d+)?)分")
NO_AMOUNT = re.compile(r"每(?:发现|有)?[^，。；,;]{0,4}[例次处项点]扣分")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
PARAMETER_FIELDS = ("points", "deduct", "per_item", "first", "then", "max_deduction")
COMPARED_RULES = ("checkpoints", "conditions", "deduct_per_item", "occurrences", "tiers")


def check(target: CheckInput) -> list[Finding]:
    if target.tree is None:
        return []
    findings = []
    for loc in target.tree.scored_leaves():
        findings += _stray_points(loc) + _unstated(loc) + _unscored(loc)
    return findings


def _stray_points(loc: Located) -> list[Finding]:
    node = loc.indicator
    rule = node.rule or {}
    if rule.get("type") not in COMPARED_RULES:
        return []
    used = {node.weight, *_numbers(rule)}
    stray = [m.group(0) for m in POINTS.finditer(node.standard) if Decimal(m.group(1)) not in used]
    if not stray:
        return []
    given = "、".join(plain(n) for n in sorted(used))
    return [
        at(
            STRAY_POINTS,
            loc.source,
            (*loc.path, "standard"),
            f"{node.name}: the standard says {'、'.join(stray)}, but the rule only uses {given}",
            "make the standard and the rule say the same",
        )
    ]


def _numbers(value: Any) -> list[Decimal]:
    """Every points parameter in a rule, however deep."""
    if isinstance(value, dict):
        return [
            number
            for key, item in value.items()
            for number in (
                [Decimal(item)]
                if key in PARAMETER_FIELDS
                and isinstance(item, int | Decimal)
                and not isinstance(item, bool)
                else []
            )
            + _numbers(item)
        ]
    if isinstance(value, list):
        return [number for item in value for number in _numbers(item)]
    return []


def _unstated(loc: Located) -> list[Finding]:
    match = NO_AMOUNT.search(loc.indicator.standard)
    if match is None:
        return []
    return [
        at(
            UNSTATED,
            loc.source,
            (*loc.path, "standard"),
            f"{loc.indicator.name}: the standard says “{match.group(0)}” without the points",
            "say how many points each one costs",
        )
    ]


def _unscored(loc: Located) -> list[Finding]:
    node = loc.indicator
    listed = [c for c in CIRCLED if c in node.explanation]
    scored = [c for c in CIRCLED if c in node.standard]
    missing = [c for c in listed if c not in scored]
    if not scored or not missing:
        return []
    return [
        at(
            UNSCORED_POINT,
            loc.source,
            (*loc.path, "standard"),
            f"{node.name}: the explanation lists {''.join(listed)}, "
            f"but the standard scores only {''.join(scored)}",
            "give every evaluation point its points, or drop it from the explanation",
        )
    ]
