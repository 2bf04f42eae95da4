"""Scores an assessor recorded directly (an office's workbook) are checked against the rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.api import score
from reportgen.errors import ReportgenError

FRAMEWORK = """
name: 测试
scale: 9
indicators:
  - name: 队伍建设
    weight: 3
    rule:
      type: checkpoints
      points:
        - {id: 培训, text: 制定培训工作计划, points: 2}
        - {id: 廉政, text: 定期开展廉政警示教育, points: 1}
  - name: 经办体系建设
    weight: 4
    rule:
      type: tiers
      tiers:
        - {label: 覆盖到村, points: full}
        - {label: 覆盖到乡镇, points: 3}
        - {label: 未覆盖, points: 0}
  - name: 政策宣传
    weight: 2
    rule: {type: deduct_per_item, per_item: 0.5}
"""


def build(write_scenario, findings: str):
    if "经办体系建设" not in findings:
        findings += "  经办体系建设: {tier: 覆盖到村}\n"
    folder = write_scenario(
        {
            "scenario.yaml": f"project: {{name: 测试县}}\nframework: ../frameworks/t.yaml\nfindings:\n{findings}"
        }
    )
    (folder.parent / "frameworks").mkdir(exist_ok=True)
    (folder.parent / "frameworks" / "t.yaml").write_text(FRAMEWORK, encoding="utf-8")
    return folder


def test_recorded_scores_replace_findings(write_scenario) -> None:
    findings = (
        "  队伍建设: {score: 2, reason: 未开展廉政警示教育}\n"
        "  经办体系建设: {score: 3, reason: 仅覆盖到乡镇}\n"
        "  政策宣传: {score: 1.5, reason: 宣传材料未更新}\n"
    )
    report = score(build(write_scenario, findings))
    assert [(n.score, n.reasons) for n in report.indicators] == [
        (Decimal(2), ["未开展廉政警示教育"]),
        (Decimal(3), ["仅覆盖到乡镇"]),
        (Decimal("1.5"), ["宣传材料未更新"]),
    ]


@pytest.mark.parametrize(
    ("finding", "message"),
    [
        (
            "  经办体系建设: {score: 2, reason: x}\n",
            "recorded score 2 cannot result from this rule; it gives 0、3、4",
        ),
        ("  队伍建设: {score: 4, reason: x}\n", "recorded score 4 is outside 0 to 3"),
        (
            "  政策宣传: {score: 1.2, reason: x}\n",
            "recorded score 1.2 cannot result from this rule",
        ),
        ("  队伍建设: {score: 1}\n", "needs a `reason`"),
        ("  队伍建设: {score: 1, reason: x, failed: [{point: 培训}]}\n", "not both"),
    ],
)
def test_impossible_or_unexplained_scores_are_refused(
    write_scenario, finding: str, message: str
) -> None:
    with pytest.raises(ReportgenError, match=message.replace("(", r"\(")) as caught:
        score(build(write_scenario, finding))
    assert "scenario.yaml" in str(caught.value) or "t.yaml" in str(caught.value)
