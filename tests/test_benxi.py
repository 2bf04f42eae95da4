"""The Benxi 2022 evaluation (seed 004) scored from its scenario, against a golden file."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from reportgen.api import load_scenario, score, score_data
from reportgen.cli import main
from tests.conftest import BENXI

GOLDEN = Path(__file__).parent / "golden" / "benxi-2022.scores.json"


def test_scores_match_the_golden_file() -> None:
    assert score_data(BENXI) == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_dimension_scores_total_and_grade() -> None:
    report = score(BENXI)
    dimensions = {n.name: (n.weight, n.score, n.rate) for n in report.indicators}
    assert dimensions == {
        "决策": (25, 25, Decimal("100.00")),
        "过程": (24, 22, Decimal("91.67")),
        "产出": (32, 29, Decimal("90.63")),
        "效益": (19, 19, Decimal("100.00")),
    }
    assert report.total == 95
    assert report.rate == Decimal("95.00")
    assert report.grade == "优"


def test_indicator_counts_are_4_11_18() -> None:
    report = score(BENXI)
    second = [c for n in report.indicators for c in n.children]
    assert (len(report.indicators), len(second), len(report.leaves())) == (4, 11, 18)


def test_derived_values_are_computed() -> None:
    data = load_scenario(BENXI).data
    assert data["居民大病"]["协议约定利润"] == Decimal("1133025.60")
    assert data["居民大病"]["盈亏"] == Decimal("-302356.60")
    assert data["职工大额"]["盈亏"] == 0


def test_every_lost_point_has_its_reason() -> None:
    report = score(BENXI)
    lost = {leaf.name: leaf.reasons for leaf in report.leaves() if leaf.score < leaf.weight}
    assert set(lost) == {"管理制度健全性", "成本控制"}
    assert lost["管理制度健全性"] == [
        "医保局未制定对保险公司的考核制度，同时未开展考核，保险公司仅按月度对医保局上报总结或运行情况分析，"
        "未达到“部门已制定或具有相应的考核管理制度”，少得2分"
    ]
    assert lost["成本控制"] == ["居民大病保险年度结算出现亏损，扣3分"]
    assert all(not leaf.reasons for leaf in report.leaves() if leaf.score == leaf.weight)


def test_the_cost_deduction_follows_from_the_data(benxi_copy: Path) -> None:
    scenario = benxi_copy / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8").replace("value: 1734713.68", "value: 1000000")
    scenario.write_text(text, encoding="utf-8")
    assert score(benxi_copy).find("成本控制").score == 7


def test_timely_payment_is_a_seven_point_indicator() -> None:
    assert score(BENXI).find("资金拨付及时率").weight == 7


def test_cli_json() -> None:
    result = CliRunner().invoke(main, ["score", str(BENXI), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["total"], data["grade"]) == (95, "优")
    assert [(d["name"], d["weight"], d["score"]) for d in data["indicators"]] == [
        ("决策", 25, 25),
        ("过程", 24, 22),
        ("产出", 32, 29),
        ("效益", 19, 19),
    ]
    leaf = data["indicators"][1]["children"][0]["children"][0]
    assert set(leaf) >= {"name", "weight", "score", "reasons", "children"}


def test_cli_table() -> None:
    result = CliRunner().invoke(main, ["score", str(BENXI)])
    assert result.exit_code == 0, result.output
    assert "综合得分 95.00 / 100（得分率 95.00%），评价等级：优" in result.output
    assert "居民大病保险年度结算出现亏损，扣3分" in result.output
    row = next(line for line in result.output.splitlines() if "管理制度健全性" in line)
    assert row.split()[1:4] == ["6", "4.00", "66.67%"]
