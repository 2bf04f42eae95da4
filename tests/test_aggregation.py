"""Scales, caps, grade bands, weighted assessors, roll-ups and rankings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.api import score
from reportgen.scoring.units import bottom, rank, rollup, weighted

FRAMEWORK = """
name: 测试评定表
scale: {scale}
{extra}
indicators:
  - name: 经办能力建设
    weight: {first}
    children:
      - name: 经办体系建设
        weight: {first}
        rule:
          type: tiers
          tiers:
            - {{label: 覆盖到村, points: full}}
            - {{label: 覆盖到乡镇, points: 3}}
            - {{label: 未覆盖, points: 0}}
  - name: 制度机制建设
    weight: 6
    children:
      - name: 内控管理
        weight: 6
        rule: {{type: deduct_per_item, per_item: 1}}
  - name: 试点工作
    weight: 5
    rule: {{type: bonus}}
  - name: 被约谈情况
    weight: 5
    rule: {{type: penalty}}
"""


def make(write_scenario, scenario: str, scale: int = 10, first: int = 4, extra: str = ""):
    folder = write_scenario({"scenario.yaml": scenario})
    framework = FRAMEWORK.format(scale=scale, first=first, extra=extra)
    (folder.parent / "frameworks").mkdir(exist_ok=True)
    (folder.parent / "frameworks" / "t.yaml").write_text(framework, encoding="utf-8")
    return folder


HEAD = "project: {name: 测试县}\nframework: ../frameworks/t.yaml\n"


def test_assessors_are_weighted_and_adjustments_added_after(write_scenario) -> None:
    scenario = (
        HEAD
        + """
assessors:
  - name: 自评
    weight: 0.4
    findings:
      经办体系建设: {tier: 覆盖到村}
      内控管理: {items: [未设内控岗位]}
  - name: 省级评定
    weight: 0.6
    findings:
      经办体系建设: {tier: 覆盖到乡镇}
      内控管理: {items: [未设内控岗位, 未定期轮岗]}
findings:
  试点工作:
    awards: [{text: 承担国家医保支付方式改革试点, points: 5}]
  被约谈情况:
    items: [{text: 被约谈1次, points: 2}]
"""
    )
    report = score(make(write_scenario, scenario))
    assert report.find("经办体系建设").score == Decimal("3.4")  # 0.4×4 + 0.6×3
    assert report.find("经办体系建设").by_assessor == {"自评": 4, "省级评定": 3}
    assert report.find("内控管理").score == Decimal("4.4")  # 0.4×5 + 0.6×4
    assert report.subtotal == Decimal("7.8")
    assert report.adjustment == 3
    assert report.total == Decimal("10.8")
    reasons = report.find("内控管理").reasons
    assert reasons[0].startswith("自评：") and reasons[1].startswith("省级评定：")


def test_assessor_weights_must_add_up_to_one(write_scenario) -> None:
    from reportgen.errors import ReportgenError

    scenario = (
        HEAD + "assessors:\n  - {name: 自评, weight: 0.4}\n  - {name: 省级评定, weight: 0.5}\n"
    )
    with pytest.raises(ReportgenError, match=r"assessor weights add up to 0\.9, not 1"):
        score(make(write_scenario, scenario))


def test_total_cap_and_other_scales(write_scenario) -> None:
    findings = (
        "findings:\n  经办体系建设: {tier: 覆盖到村}\n"
        "  试点工作:\n    awards: [{text: 市级试点, points: 4}]\n"
    )
    report = score(
        make(write_scenario, HEAD + findings, scale=110, first=104, extra="total_cap: 110")
    )
    assert report.subtotal == 110
    assert report.total == 110 and report.capped
    uncapped = score(make(write_scenario, HEAD + findings, scale=120, first=114))
    assert uncapped.total == 124 and not uncapped.capped
    assert uncapped.grade == "优"


def test_grade_bands_per_scenario(write_scenario) -> None:
    grades = "grades:\n  - {name: 合格, min: 60}\n  - {name: 不合格, min: 0}\n"
    findings = "findings:\n  经办体系建设: {tier: 未覆盖}\n"
    report = score(make(write_scenario, HEAD + grades + findings))
    assert report.total == 6 and report.grade == "合格"


def test_grade_on_a_120_point_scale_uses_the_rate(write_scenario) -> None:
    findings = "findings:\n  经办体系建设: {tier: 未覆盖}\n"
    report = score(make(write_scenario, HEAD + findings, scale=120, first=114))
    assert report.total == 6 and report.rate == Decimal("5.00") and report.grade == "差"


def test_weighted_and_rollup() -> None:
    assert weighted([(Decimal("0.4"), Decimal(90)), (Decimal("0.6"), Decimal(80))]) == 84
    with pytest.raises(ValueError, match="not 1"):
        weighted([(Decimal("0.4"), Decimal(90))])
    counties = [Decimal(80), Decimal(90), Decimal(85)]
    assert rollup(counties, own=Decimal(70), children_share=Decimal("0.6")) == Decimal("79.0")


def test_ranking_shares_places_on_ties() -> None:
    scores = {
        "武汉": Decimal("95.5"),
        "黄石": Decimal(90),
        "十堰": Decimal(90),
        "宜昌": Decimal(80),
    }
    ranked = rank(list(scores), scores.__getitem__)
    assert [(r.item, r.rank, r.tied) for r in ranked] == [
        ("武汉", 1, False),
        ("黄石", 2, True),
        ("十堰", 2, True),
        ("宜昌", 4, False),
    ]


def test_bottom_places_include_ties_at_the_border() -> None:
    scores = {"a": Decimal(9), "b": Decimal(8), "c": Decimal(7), "d": Decimal(7), "e": Decimal(5)}
    ranked = rank(list(scores), scores.__getitem__)
    assert [r.item for r in bottom(ranked, 2)] == ["c", "d", "e"]
    assert [r.item for r in bottom(ranked, 1)] == ["e"]
