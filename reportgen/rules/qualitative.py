"""qualitative: a 定性 绩效指标, scored inside the band of how far it was achieved."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from reportgen.fields import Number
from reportgen.numbers import plain
from reportgen.rules.base import Refusal, Rule, RuleContext, RuleResult, Strict, lead_in, register

# Each degree of achievement with the share of the 分值 it scores within (low, high), in %.
BANDS = {
    "达成年度指标": (Decimal(80), Decimal(100)),
    "部分达成年度指标并具有一定效果": (Decimal(60), Decimal(80)),
    "未达成年度指标且效果较差": (Decimal(0), Decimal(60)),
}
SHORT = {
    "达成": "达成年度指标",
    "部分达成": "部分达成年度指标并具有一定效果",
    "未达成": "未达成年度指标且效果较差",
}


class QualitativeParams(Strict):
    target: str = Field("达成年度指标", description="年度指标值 as the form states it.")


class QualitativeFindings(Strict):
    achievement: str = Field(
        description="实际完成值: 达成年度指标, 部分达成年度指标并具有一定效果 or "
        "未达成年度指标且效果较差 (达成, 部分达成, 未达成 for short)."
    )
    score: Number | None = Field(
        None, description="The score inside the band; 达成年度指标 without one scores full."
    )
    reason: str = Field("", description="偏差原因分析及改进措施, required below full marks.")


@register
class Qualitative(Rule):
    """A qualitative indicator, scored by the assessor inside the band of its achievement.

    The 项目支出绩效自评表 of 财预〔2020〕10号 (附件2) grades a qualitative indicator in
    three degrees, each a band of its 分值: "达成年度指标" 100–80 %, "部分达成年度指标并具有
    一定效果" 80–60 %, "未达成年度指标且效果较差" 60–0 %. As in seed 004's 酌情评分
    ("否则酌情评分"), the score is the assessor's, and a score below full needs its reason
    (偏差原因分析及改进措施).

    Params: `target`, the 年度指标值 as written. Findings: `achievement`, `score` inside
    its band (达成 without a score is full marks) and `reason`. A score outside the
    band of its achievement is refused.
    """

    name = "qualitative"
    Params = QualitativeParams
    Findings = QualitativeFindings
    reasons = {"judged": "{reason}{achievement}，得{score}分"}

    def check(
        self, params: QualitativeParams, findings: QualitativeFindings, context: RuleContext
    ) -> list[Refusal]:
        achievement = SHORT.get(findings.achievement.strip(), findings.achievement.strip())
        if achievement not in BANDS:
            known = "、".join(BANDS)
            return [
                Refusal(
                    f"{findings.achievement!r} is no degree of achievement; known: {known}",
                    ("achievement",),
                )
            ]
        score = _score(findings, context.weight)
        if score is None:
            return [Refusal(f"{achievement}: give its score within its band", ("score",))]
        low, high = (context.weight * share / 100 for share in BANDS[achievement])
        if not low <= score <= high:
            return [
                Refusal(
                    f"{achievement} scores {plain(low)}–{plain(high)} of {plain(context.weight)}, "
                    f"not {plain(score)}",
                    ("score",),
                )
            ]
        if score < context.weight and not findings.reason.strip():
            return [Refusal("得分低于分值时须填写偏差原因分析及改进措施", ("reason",))]
        return []

    def score(
        self, params: QualitativeParams, findings: QualitativeFindings, context: RuleContext
    ) -> RuleResult:
        score = _score(findings, context.weight)
        assert score is not None  # check() refused a missing one
        if score == context.weight:
            return RuleResult(score)
        achievement = SHORT.get(findings.achievement.strip(), findings.achievement.strip())
        reason = self.reason(
            "judged", reason=lead_in(findings.reason), achievement=achievement, score=score
        )
        return RuleResult(score, (reason,))


def _score(findings: QualitativeFindings, weight: Decimal) -> Decimal | None:
    if findings.score is not None:
        return findings.score
    achievement = SHORT.get(findings.achievement.strip(), findings.achievement.strip())
    return weight if achievement == "达成年度指标" else None
