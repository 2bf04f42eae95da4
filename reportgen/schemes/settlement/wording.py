"""Phrases the notice and the forms share, built once from the scenario's parameters.

Both documents state the same weights, bands and arithmetic, so they are
worded here and nowhere else; a figure is formatted from the computed value.
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.formatting import money, score2
from reportgen.numbers import HUNDRED, plain
from reportgen.schemes.settlement.params import AssessorSpec, Band
from reportgen.schemes.settlement.settle import AgencyResult, Settlement, Triggered

SHORT = "《办法》"


def share(value: Decimal) -> str:
    """A weight or ratio as a percentage: 0.5 → 50%, 0.955 → 95.5%."""
    return f"{plain(value * HUNDRED)}%"


def weights_clause(assessors: list[AssessorSpec]) -> str:
    """委托经办机构自评得分（占20%）、辖区分中心得分（占30%）…"""
    return "、".join(f"{a.name}得分（占{share(a.weight)}）" for a in assessors)


def formula(assessors: list[AssessorSpec]) -> str:
    """The weighting as a formula: 委托经办机构自评×20%＋辖区分中心×30%＋…"""
    return "＋".join(f"{a.name}×{share(a.weight)}" for a in assessors)


def band_range(band: Band) -> str:
    """90分（含）以上 / 80分（含）至90分 / 60分以下."""
    if band.max is None:
        return f"{plain(band.min)}分（含）以上"
    if band.min == 0:
        return f"{plain(band.max)}分以下"
    return f"{plain(band.min)}分（含）至{plain(band.max)}分"


def bands_sentence(bands: list[Band]) -> str:
    """考核得分90分（含）以上的，按应付服务费的100%核定；80分（含）至90分的，按95%核定；…"""
    ordered = sorted(bands, key=lambda b: b.min, reverse=True)
    parts = [
        f"{band_range(b)}的，按{'应付服务费的' if i == 0 else ''}{share(b.ratio)}核定"
        for i, b in enumerate(ordered)
    ]
    return "考核得分" + "；".join(parts)


def arithmetic(settlement: Settlement) -> str:
    """One agency's settlement as a sum a reader can redo."""
    s = settlement
    text = (
        f"应付服务费{money(s.fee)}元×结算比例{share(s.ratio)}＝核定服务费{money(s.due)}元"
        f"（考核得分{score2(s.score)}分，属{band_range(s.band)}档）"
    )
    if s.loss:
        text += f"，核减基金损失{money(s.deducted)}元"
    text += f"，实际清算金额{money(s.paid)}元"
    if s.uncovered:
        text += f"；基金损失超出核定服务费的{money(s.uncovered)}元由该机构另行退回基金"
    return text + "。"


def measure_reason(result: AgencyResult, triggered: Triggered) -> str:
    """Why the measure applies: this year's score, or two weak years running."""
    spec, total = triggered.spec, score2(result.score.total)
    if triggered.repeated and spec.repeat_below is not None:
        previous = result.agency.previous_total
        shown = score2(previous) if previous is not None else ""
        return (
            f"本年度考核得分{total}分、上一年度考核得分{shown}分，"
            f"连续两个年度低于{plain(spec.repeat_below)}分"
        )
    return f"考核得分{total}分，低于{plain(spec.below)}分"
