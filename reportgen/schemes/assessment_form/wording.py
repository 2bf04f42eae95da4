"""The sentences of a 考核评分表 that carry arithmetic: the total, the caps, the scale.

Every figure is taken from the scored tree, so a reader can redo the sums:
评分项合计 + 加分 − 扣分 = 考核总分, and where the total cap bites, by how much.
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.formatting import score
from reportgen.numbers import plain
from reportgen.scenario.model import Indicator
from reportgen.schemes.assessment_form.institutions import InstitutionScore
from reportgen.scoring.tree import ScoredNode

SIGNS = {"bonus": ("＋", "加分"), "penalty": ("－", "扣分")}


def adjustment_score(leaf: ScoredNode) -> str:
    """A bonus or deduction as it changes the total: ＋5, －3, or 0."""
    if leaf.score == 0:
        return "0"
    sign = "＋" if leaf.score > 0 else "－"
    return f"{sign}{score(abs(leaf.score))}"


def _adjustments(result: InstitutionScore, kind: str) -> Decimal:
    nodes = [node for node in result.report.indicators if node.kind == kind]
    return sum((node.score for node in nodes), Decimal(0))


def total_arithmetic(result: InstitutionScore) -> str:
    """评分项合计97.5分＋加分5分＝102.5分，超过总分上限100分，按100分计."""
    report = result.report
    text = f"评分项合计{score(report.subtotal)}分"
    adjusted = False
    for kind, (sign, name) in SIGNS.items():
        amount = abs(_adjustments(result, kind))
        if amount:
            text += f"{sign}{name}{score(amount)}分"
            adjusted = True
    uncapped = report.subtotal + report.adjustment
    if adjusted:
        text += f"＝{score(uncapped)}分"
    if report.capped and result.cap is not None:
        text += f"，超过总分上限{plain(result.cap)}分，按{plain(result.cap)}分计"
    return text


def notes(result: InstitutionScore, signed: str) -> str:
    """Under the table: the form's scale, the standard's caps and who assessed it when.

    One paragraph, so that a form filling its last page is not pushed onto another.
    """
    lines = [_scale_note(result)]
    caps = _cap_note(result)
    if caps:
        lines.append(caps)
    lines.append(signed)
    return "注：" + "".join(f"{index}.{line}" for index, line in enumerate(lines, 1))


def _names(indicators: tuple[Indicator, ...]) -> tuple[str, str]:
    names = "、".join(f"“{i.name}”" for i in indicators)
    weight = sum((i.weight for i in indicators), Decimal(0))
    return names, plain(weight)


def _scale_note(result: InstitutionScore) -> str:
    """满分 of this form, and which type-specific items made it so."""
    kind = result.institution.type or "本单位"
    text = f"本表满分{plain(result.report.scale)}分"
    if result.included:
        names, weight = _names(result.included)
        text += f"，含{kind}考核项{names}{weight}分"
    if result.excluded:
        names, weight = _names(result.excluded)
        text += f"，{kind}不考核{names}（{weight}分）"
    return text + "；各项扣分扣完为止，不出现负分。"


def _cap_note(result: InstitutionScore) -> str:
    """加分不超过5分，扣分不超过20分，总分不突破100分: the standard's caps."""
    parts = []
    for node in result.report.indicators:
        if node.kind in SIGNS:
            parts.append(f"{node.name}{SIGNS[node.kind][1]}不超过{plain(node.weight)}分")
    if result.cap is not None:
        parts.append(f"总分不突破{plain(result.cap)}分")
    return "，".join(parts) + "。" if parts else ""
