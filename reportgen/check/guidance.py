"""The national guidance on the weights of a 绩效评价 indicator system.

- RG701 (warning): 产出 and 效益 together carry less than 60 % of the scale
  (财政部《项目支出绩效评价管理办法》: 产出、效益指标权重一般不低于60%).
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.check.context import CheckInput, at
from reportgen.check.findings import Finding, define
from reportgen.numbers import percent, plain

OUTCOME_SHARE = define(
    "RG701", "warning", "产出 + 效益 carry less than 60 % of the scale", __name__
)

OUTCOME_WORDS = ("产出", "效益")
MINIMUM = Decimal(60)


def check(target: CheckInput) -> list[Finding]:
    tree = target.tree
    if tree is None or tree.scale == 0:
        return []
    chosen = [i for i in tree.framework.indicators if any(w in i.name for w in OUTCOME_WORDS)]
    if not chosen:
        return []
    weight = sum((i.weight for i in chosen), Decimal(0))
    share = percent(weight, tree.scale)
    if share >= MINIMUM:
        return []
    names = "+".join(f"{i.name}{plain(i.weight)}" for i in chosen)
    return [
        at(
            OUTCOME_SHARE,
            tree.source,
            tree.at,
            f"{names} = {plain(weight)} of {plain(tree.scale)} ({plain(share)}%), below 60%",
            "the guidance gives 产出 and 效益 at least 60% of the weights",
        )
    ]
