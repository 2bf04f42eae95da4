"""`reportgen import`: last year's 指标得分表 as this year's framework and findings skeleton."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from conftest import SCENARIOS

from reportgen.api import score
from reportgen.build import produce
from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.schemes.performance_report import REPORT_FILE


@pytest.fixture(scope="module")
def benxi_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    produce(SCENARIOS / "benxi-2022", out, durable=False)
    return out / "benxi-2022" / REPORT_FILE


def test_the_report_reportgen_builds_imports_and_scores_the_same(
    benxi_report: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main, ["import", str(benxi_report), "-o", str(tmp_path / "本溪2023")]
    )
    assert result.exit_code == 0, result.output
    assert "18 indicators, 18 rules read from their 评分标准; last year's total 95" in result.output
    framework = yaml.safe_load((tmp_path / "本溪2023" / "framework.yaml").read_text("utf-8"))
    assert [(n["name"], n["weight"]) for n in framework["indicators"]] == [
        ("决策", 25),
        ("过程", 24),
        ("产出", 32),
        ("效益", 19),
    ]
    leaves = {
        leaf["name"]: leaf["rule"]["type"]
        for top in framework["indicators"]
        for middle in top["children"]
        for leaf in middle["children"]
    }
    assert leaves["管理制度健全性"] == "checkpoints" and leaves["成本控制"] == "conditions"
    assert leaves["资金拨付及时率"] == "tiers" and leaves["参保人数"] == "threshold"
    report = score(tmp_path / "本溪2023")
    assert report.total == Decimal(95)
    by_name = {node.name: node for node in report.walk()}
    assert by_name["成本控制"].score == Decimal(4)
    text = (tmp_path / "本溪2023" / "scenario.yaml").read_text("utf-8")
    assert "# 上年得分 4（分值 7）；扣分原因：居民大病保险年度结算出现亏损，扣3分" in text


def hand_made(path: Path, rows: list[list[str]]) -> Path:
    """A firm's own table: another column order, 一级 and 二级 merged down their rows."""
    document = docx.Document()
    document.add_paragraph("某县2024年度医疗救助项目绩效评价报告")
    document.add_paragraph("附件：指标得分表")
    header = ["三级指标", "分值", "得分", "一级指标", "二级指标", "评分标准", "扣分说明"]
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    for column, text in enumerate(header):
        table.cell(0, column).text = text
    for index, row in enumerate(rows, start=1):
        for column, text in enumerate(row):
            if text != "^":
                table.cell(index, column).text = text
    for column in (3, 4):  # "^": merged with the cell above, as Word writes it
        for index, row in enumerate(rows, start=1):
            if row[column] == "^":
                top = index - 1
                while rows[top - 1][column] == "^":
                    top -= 1
                table.cell(top, column).merge(table.cell(index, column))
    document.save(path)
    return path


ROWS = [
    [
        "立项依据充分性",
        "5",
        "3",
        "决策（20）",
        "项目立项",
        "每有1点不符合，扣2分，扣完为止。",
        "1点不符合",
    ],
    ["立项程序规范性", "5", "5", "^", "^", "程序规范得满分，否则不得分。", "-"],
    [
        "资金到位率",
        "10",
        "8",
        "^",
        "资金管理",
        "资金到位率≥100%得满分，否则按比例计算得分。",
        "到位率80%",
    ],
    [
        "群众满意度",
        "80",
        "70",
        "效益（80）",
        "满意度",
        "满意度高得满分，否则酌情评分。",
        "满意度偏低",
    ],
    ["合计", "100", "86", "", "", "", ""],
]


def test_a_hand_made_table_in_another_order_with_merges(tmp_path: Path) -> None:
    report = hand_made(tmp_path / "上年报告.docx", ROWS)
    result = CliRunner().invoke(main, ["import", str(report), "-o", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    assert "4 indicators, 4 rules read" in result.output
    framework = yaml.safe_load((tmp_path / "new" / "framework.yaml").read_text("utf-8"))
    decision, benefit = framework["indicators"]
    assert (decision["name"], decision["weight"], benefit["name"], benefit["weight"]) == (
        "决策",
        20,
        "效益",
        80,
    )
    assert [c["name"] for c in decision["children"]] == ["项目立项", "资金管理"]
    assert decision["children"][0]["weight"] == 10
    rules = [leaf["rule"]["type"] for group in decision["children"] for leaf in group["children"]]
    assert rules == ["deduct_per_item", "all_of", "threshold"]
    assert score(tmp_path / "new").total == Decimal(86)


def test_a_criterion_without_a_rule_is_named_and_asked_for(tmp_path: Path) -> None:
    rows = [*ROWS[:3], ["群众满意度", "80", "70", "效益（80）", "满意度", "开展满意度调查。", ""]]
    report = hand_made(tmp_path / "上年报告.docx", rows)
    result = CliRunner().invoke(main, ["import", str(report), "-o", str(tmp_path / "new")])
    assert result.exit_code == 0
    assert "warning: no rule read for 群众满意度: it states no points" in result.output
    with pytest.raises(ReportgenError) as raised:
        score(tmp_path / "new")
    assert "群众满意度: no rule can be read from its 评分标准" in str(raised.value)
    assert "framework.yaml:" in str(raised.value)


def test_a_document_without_a_score_table_and_a_folder_in_use(tmp_path: Path) -> None:
    plain_document = docx.Document()
    plain_document.add_paragraph("没有表格的文件")
    plain_document.save(tmp_path / "note.docx")
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(tmp_path / "note.docx"), "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "no 指标得分表 found" in result.output
    assert not (tmp_path / "x").exists()
    report = hand_made(tmp_path / "上年报告.docx", ROWS)
    assert runner.invoke(main, ["import", str(report), "-o", str(tmp_path / "y")]).exit_code == 0
    again = runner.invoke(main, ["import", str(report), "-o", str(tmp_path / "y")])
    assert again.exit_code == 2 and "already exists; give --force" in again.output
