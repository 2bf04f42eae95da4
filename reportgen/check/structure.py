"""Weights: children add up to their parent, the 一级指标 to the scale.

- RG101 (error): a group's children's weights do not add up to its own weight.
- RG102 (error): the 一级指标's weights do not add up to the scale (满分).

Bonus and penalty items stay outside both sums, as they do when scoring.
"""

from __future__ import annotations

from reportgen.check.context import CheckInput, at, scored_sum
from reportgen.check.findings import Finding, define
from reportgen.numbers import plain
from reportgen.scenario.indicators import rule_kind

CHILDREN_SUM = define(
    "RG101", "error", "children's weights do not add up to their parent", __name__
)
SCALE_SUM = define("RG102", "error", "the 一级指标's weights do not add up to the scale", __name__)


def check(target: CheckInput) -> list[Finding]:
    tree = target.tree
    if tree is None:
        return []
    findings = []
    top = scored_sum(tree.framework.indicators)
    if top != tree.scale:
        findings.append(
            at(
                SCALE_SUM,
                tree.source,
                tree.at,
                f"一级指标 add up to {plain(top)}, but the scale is {plain(tree.scale)}",
                "make the weights or `scale` agree",
            )
        )
    for loc in tree.nodes():
        node = loc.indicator
        if not node.children:
            continue
        total = scored_sum(node.children)
        if total != node.weight:
            weights = [plain(c.weight) for c in node.children if rule_kind(c) == "scored"]
            parts = f"{'+'.join(weights)} = {plain(total)}" if len(weights) > 1 else plain(total)
            findings.append(
                at(
                    CHILDREN_SUM,
                    tree.source,
                    (*loc.path, "weight"),
                    f"{node.name} is worth {plain(node.weight)}, "
                    f"but its children add up to {parts}",
                    "a group's weight is the sum of its children's",
                )
            )
    return findings
