"""Rules read from the 评分标准: every seed criterion, the common variants, the refusals."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import SCENARIOS

from reportgen.api import score
from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.rules import REGISTRY
from reportgen.rules.inference import Inferred, Unreadable, infer_rule
from reportgen.scenario.loader import load_scenario

CASES = yaml.safe_load(
    (SCENARIOS.parent / "tests/fixtures/standards/seed_criteria.yaml").read_text("utf-8")
)
SEEDS = {
    "benxi-insurance-contract": "004",
    "hubei-rating": "001",
    "minhang-streets": "003",
    "minhang-medical": "003",
    "minhang-ltc-homecare": "003",
}


def leaves(framework: str) -> list[dict[str, Any]]:
    tree = yaml.safe_load((SCENARIOS / "frameworks" / f"{framework}.yaml").read_text("utf-8"))

    def walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        found = []
        for node in nodes:
            found += walk(node["children"]) if node.get("children") else [node]
        return found

    return walk(tree["indicators"])


def reading(leaf: dict[str, Any]) -> Inferred | Unreadable:
    kind = REGISTRY[leaf["rule"]["type"]].kind
    return infer_rule(
        leaf.get("standard", ""),
        Decimal(str(leaf["weight"])),
        leaf.get("explanation", ""),
        None if kind == "scored" else kind,  # the seed's +5 / −5
    )


def normal(value: Any) -> Any:
    """Numbers as Decimals, however they were written, so 2 and 2.0 compare equal."""
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normal(v) for v in value]
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    return value


def points_of(rule: dict[str, Any], weight: Decimal) -> tuple[Any, ...]:
    """A rule's type and points, which the shipped frameworks and a reading must share."""
    kind = rule["type"]
    entries = {
        "checkpoints": ("points", "points"),
        "conditions": ("conditions", "deduct"),
        "tiers": ("tiers", "points"),
    }
    if kind in entries:
        field, number = entries[kind]
        numbers = [weight if e[number] == "full" else e[number] for e in rule[field]]
        return kind, *normal(numbers)
    if kind == "occurrences":
        cap = rule.get("max_deduction")
        firsts = [(c["first"], c.get("then")) for c in rule["classes"]]
        return kind, normal(firsts), None if cap is None or cap == weight else normal(cap)
    if kind == "deduct_per_item":
        return kind, normal(rule["per_item"]), normal(rule.get("max_deduction"))
    if kind == "threshold":
        return kind, normal(rule["target"]), rule.get("unit", ""), rule.get("direction")
    if kind in ("all_of", "any_of"):
        return kind, len(rule["conditions"])
    return (kind,)


CRITERIA = [(framework, leaf) for framework in SEEDS for leaf in leaves(framework)]


@pytest.mark.parametrize(
    ("framework", "leaf"),
    CRITERIA,
    ids=[f"{f}-{leaf.get('id', leaf['name'])}" for f, leaf in CRITERIA],
)
def test_each_seed_criterion_reads_as_listed_and_as_shipped(
    framework: str, leaf: dict[str, Any]
) -> None:
    key = str(leaf.get("id") or leaf["name"])
    expected = CASES[framework][key]
    result = reading(leaf)
    if "unreadable" in expected:
        assert isinstance(result, Unreadable)
        assert result.why == expected["unreadable"]
        return
    assert isinstance(result, Inferred), result
    assert normal(result.rule) == normal(expected)
    weight = Decimal(str(leaf["weight"]))
    assert points_of(result.rule, weight) == points_of(leaf["rule"], weight)


def test_the_seed_counts() -> None:
    counts: dict[str, list[int]] = {}
    for framework, leaf in CRITERIA:
        tally = counts.setdefault(SEEDS[framework], [0, 0])
        tally[0 if isinstance(reading(leaf), Inferred) else 1] += 1
    # 001: 43 条实施细则 and 4 特殊因素; 003: the 街镇, 定点医疗机构 and 居家护理 standards.
    assert counts == {"004": [18, 0], "001": [46, 1], "003": [36, 1]}


@pytest.mark.parametrize(
    ("standard", "weight", "expected"),
    [
        ("每有1点不符合，扣2分，扣完为止", 5, {"type": "deduct_per_item", "per_item": 2}),
        ("每发现一项问题扣0.2分", 2, {"type": "deduct_per_item", "per_item": 0.2}),
        (
            "每处扣两分，最多扣4分",
            6,
            {"type": "deduct_per_item", "per_item": 2, "max_deduction": 4},
        ),
        ("有1项未实现的扣0.5分。", 3, {"type": "deduct_per_item", "per_item": 0.5}),
        (
            "被约谈一次扣2分，每增加1次扣1分",
            5,
            {
                "type": "occurrences",
                "classes": [{"id": "①", "text": "被约谈", "first": 2, "then": 1}],
            },
        ),
        (
            "覆盖到乡镇（街道）得4分，覆盖到乡镇得3分，未覆盖不得分",
            4,
            {
                "type": "tiers",
                "tiers": [
                    {"label": "覆盖到乡镇（街道）", "points": "full"},
                    {"label": "覆盖到乡镇", "points": 3},
                    {"label": "未覆盖", "points": 0},
                ],
            },
        ),
        (
            "资金拨付及时率为100%，得满分；年度内拨付完成，得3分；否则不得分",
            7,
            {
                "type": "tiers",
                "tiers": [
                    {"label": "资金拨付及时率为100%", "points": "full"},
                    {"label": "年度内拨付完成", "points": 3},
                    {"label": "其他情况", "points": 0},
                ],
            },
        ),
        (
            "预算执行率≥95%得满分，否则按比例计算得分",
            10,
            {
                "type": "threshold",
                "target": 95,
                "measures": [{"label": "预算执行率"}],
                "unit": "%",
            },
        ),
        (
            "投诉率不超过1%得满分，否则按比例计算得分",
            5,
            {
                "type": "threshold",
                "target": 1,
                "measures": [{"label": "投诉率"}],
                "direction": "at_most",
                "unit": "%",
            },
        ),
        ("加分分值不超过5分", 5, {"type": "bonus"}),
        (
            "立项程序规范得5分；否则不得分",
            5,
            {"type": "all_of", "conditions": [{"id": "①", "text": "立项程序规范"}]},
        ),
        ("得满分；否则酌情评分", 6, {"type": "judgement"}),
        ("1、履行主体职责，共8分", 8, {"type": "judgement"}),
        (
            "制度健全得满分，否则不得分",
            3,
            {"type": "all_of", "conditions": [{"id": "①", "text": "制度健全"}]},
        ),
        (
            "发现线索未及时报告的扣2分；未配合专项行动的扣3分。",
            5,
            {
                "type": "conditions",
                "conditions": [
                    {"id": "①", "text": "发现线索未及时报告", "deduct": 2},
                    {"id": "②", "text": "未配合专项行动", "deduct": 3},
                ],
            },
        ),
    ],
)
def test_the_phrasings_and_their_variants(
    standard: str, weight: int, expected: dict[str, Any]
) -> None:
    result = infer_rule(standard, Decimal(weight))
    assert isinstance(result, Inferred), result
    assert normal(result.rule) == normal(expected)


def test_points_by_number_come_from_the_evaluation_points() -> None:
    explanation = "评价要点：\n①是否公开招标信息；\n②是否存在违规操作；\n③信息是否及时。"
    result = infer_rule("每符合一项要点，得1分。", Decimal(3), explanation)
    assert isinstance(result, Inferred)
    assert [(p["id"], p["text"], p["points"]) for p in result.rule["points"]] == [
        ("①", "公开招标信息", Decimal(1)),
        ("②", "不存在违规操作", Decimal(1)),
        ("③", "信息及时", Decimal(1)),
    ]


@pytest.mark.parametrize(
    ("standard", "weight", "explanation", "why"),
    [
        ("落实好常态化疫情防控工作要求。", 4, "", "it states no points"),
        ("每发现一例扣分", 6, "", "without saying how many points"),
        ("符合要求得3分；不符合扣2分", 5, "", "both earns"),
        ("建立制度得2分；公开信息得2分", 5, "", "add up to 4, not the 分值 5"),
        ("符合要点③，得2分", 2, "①甲；②乙", "要点③, which the 评价要点 does not list"),
        ("符合要点①，得2分", 2, "", "the 评价要点 lists none"),
        ("达到要求得满分", 3, "", "nothing said of what happens otherwise"),
        ("", 3, "", "empty"),
    ],
)
def test_what_it_cannot_read_it_says_so(
    standard: str, weight: int, explanation: str, why: str
) -> None:
    result = infer_rule(standard, Decimal(weight), explanation)
    assert isinstance(result, Unreadable)
    assert why in result.why


FRAMEWORK = """\
name: 测试指标体系
scale: 10
indicators:
  - name: 管理
    weight: 10
    children:
      - name: 制度建设
        weight: 4
        standard: 建立业务制度，得2分；建立资金制度，得2分。
      - name: 资料审核
        weight: 6
        standard: 每发现一处错误扣1.5分，扣完为止。
"""


def test_a_framework_without_rules_is_scored_by_its_standards(write_scenario) -> None:
    directory = write_scenario(
        {
            "framework.yaml": FRAMEWORK,
            "scenario.yaml": "project: {name: 测试项目}\nframework: framework.yaml\nfindings:\n"
            "  制度建设: {failed: [{point: ②, note: 未建立资金管理制度}]}\n"
            "  资料审核: {items: [报销资料金额错误, 附件缺失]}\n",
        }
    )
    report = score(directory)
    assert report.total == Decimal(5)
    reasons = [r for leaf in report.leaves() for r in leaf.reasons]
    assert any("建立资金制度" in r for r in reasons)


def test_an_unreadable_standard_names_the_indicator_and_its_line(write_scenario) -> None:
    directory = write_scenario(
        {
            "framework.yaml": FRAMEWORK.replace(
                "每发现一处错误扣1.5分，扣完为止。", "资料审核准确。"
            ),
            "scenario.yaml": "project: {name: 测试项目}\nframework: framework.yaml\n",
        }
    )
    with pytest.raises(ReportgenError) as raised:
        load_scenario(directory)
    text = str(raised.value)
    assert "framework.yaml:12 indicators[0].children[1].standard" in text
    assert "needs a `rule`" not in text
    assert "资料审核: no rule can be read from its 评分标准" in text
    assert "give its `rule`" in text


def test_rules_infer_prints_the_rule_or_refuses() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["rules", "infer", "每发现一项问题扣0.2分", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == {"type": "deduct_per_item", "per_item": 0.2}
    result = runner.invoke(
        main, ["rules", "infer", "覆盖到村得4分，覆盖到乡镇得3分，未覆盖不得分", "--weight", "4"]
    )
    assert result.exit_code == 0
    assert "type: tiers" in result.output and "points: full" in result.output
    result = runner.invoke(main, ["rules", "infer", "落实防控要求"])
    assert result.exit_code == 2
    assert "no rule can be read" in result.output and "Traceback" not in result.output
    result = runner.invoke(main, ["rules", "infer", "每项扣1分", "--weight", "abc"])
    assert result.exit_code == 2 and "--weight" in result.output
