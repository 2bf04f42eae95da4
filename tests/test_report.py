"""The Benxi 绩效评价报告 built as Word, read back and checked as a reviewer would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.build import REPORT_FILE, SCORES_FILE, WORKBOOK_FILE, produce
from reportgen.scoring.export import report_data
from tests.conftest import BENXI
from tests.docx_reading import (
    full_text,
    open_document,
    rows,
    tables_by_caption,
    texts_with_style,
    vmerge,
)

CHAPTERS = [
    "一、基本情况",
    "二、绩效评价工作开展情况",
    "三、综合评价情况及评价结论",
    "四、绩效评价指标分析",
    "五、存在的问题",
    "六、有关建议",
    "七、其他需要说明的问题",
    "附件",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return produce(BENXI, tmp_path_factory.mktemp("out")).directory


@pytest.fixture(scope="module")
def document(built: Path):
    return open_document(built / REPORT_FILE)


@pytest.fixture(scope="module")
def tables(document):
    return tables_by_caption(document)


def table_named(tables: dict, number: str):
    return next(t for caption, t in tables.items() if caption.startswith(number + " "))


def test_build_writes_the_three_files(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(
        [REPORT_FILE, WORKBOOK_FILE, SCORES_FILE]
    )
    scores = json.loads((built / SCORES_FILE).read_text(encoding="utf-8"))
    assert (scores["total"], scores["grade"]) == (95, "优")


def test_seven_chapters_and_the_appendix_in_order(document) -> None:
    assert texts_with_style(document, "Heading1") == CHAPTERS


def test_cover_and_conclusion(document) -> None:
    assert texts_with_style(document, "Title") == [
        "本溪市城乡居民大病保险及职工\n大额医疗费用补助保险承办权项目"  # broken between words
    ]
    assert "综合分析，本次绩效评价的综合得分为95.00分，评价等级为“优”。" in full_text(document)


def test_dimension_headings_and_summaries(document) -> None:
    assert texts_with_style(document, "Heading2")[5:9] == [
        "（一）项目决策情况",
        "（二）项目过程情况",
        "（三）项目产出情况",
        "（四）项目效益情况",
    ]
    text = full_text(document)
    assert (
        "过程指标分值为24分，得分22.00分，指标得分率为91.67%。下设2个二级指标，5个三级指标。"
        in text
    )
    assert (
        "产出指标分值为32分，得分29.00分，指标得分率为90.63%。下设4个二级指标，5个三级指标。"
        in text
    )


def test_summary_table_rates(tables) -> None:
    table = table_named(tables, "表3-1")
    assert [row[3] for row in rows(table)[1:]] == [
        "100.00%",
        "91.67%",
        "90.63%",
        "100.00%",
        "95.00%",
    ]
    assert rows(table)[-1][:3] == ["总计", "100", "95.00"]


def test_fund_tables_are_computed(tables) -> None:
    residents = rows(table_named(tables, "表1-1"))
    assert ["4", "", "", "协议约定利润率3%（元）", "1,133,025.60"] in residents
    assert ["5", "", "", "盈/亏（元）", "-302,356.60"] in residents
    assert residents[1][1:3] == ["参保人数（人）", "539,536"]
    staff = rows(table_named(tables, "表1-2"))
    assert staff[-1][-2:] == ["盈/亏（元）", "0.00"]


def test_timely_payment_is_seven_points_everywhere(document, tables) -> None:
    system = [r for r in rows(table_named(tables, "表2-1")) if r[5] == "资金拨付及时率"]
    assert system[0][6] == "7" and system[0][3:5] == ["时效指标", "7"]
    output = [r for r in rows(table_named(tables, "表4-3")) if r[2] == "资金拨付及时率"]
    assert output[0][3:] == ["7", "7.00"]
    appendix = [
        r for t in document.tables for r in rows(t) if len(r) == 9 and r[3] == "资金拨付及时率"
    ]
    assert appendix[0][4] == "7" and appendix[0][7] == "7.00"
    assert "资金拨付及时率。" in full_text(document)
    assert "满分5分，实际得分5.00分。医保中心" not in full_text(document)


def test_indicator_system_table_is_merged_per_group(tables) -> None:
    table = table_named(tables, "表2-1")
    first = vmerge(table, 1)[1:-1]
    assert [i for i, mark in enumerate(first) if mark == "restart"] == [0, 5, 10, 15]
    assert first.count("continue") == 18 - 4
    second = vmerge(table, 3)[1:-1]
    runs = [
        i for i, mark in enumerate(second[:-1]) if mark == "restart" and second[i + 1] == "continue"
    ]
    assert runs == [0, 2, 5, 12]
    assert second[9] != "continue" and second[10] != "continue"  # one-row groups stand alone
    body = rows(table)[1:-1]
    assert [r[1] for r in body[:5]] == ["决策"] * 5
    assert rows(table)[-1][:2] == ["合计", "合计"]


def test_dimension_table_groups(tables) -> None:
    table = table_named(tables, "表4-2")
    assert rows(table)[1][:3] == ["过程\n（24）", "组织实施", "管理制度健全性"]
    assert vmerge(table, 0)[1:-1] == ["restart", "continue", "continue", "continue", "continue"]
    assert rows(table)[-1][-2:] == ["24", "22.00"]


def test_indicator_paragraphs_carry_the_computed_scores(document) -> None:
    text = full_text(document)
    assert "管理制度健全性。医保局具有相应的财务和业务管理制度" in text
    assert "该项指标满分6分，实际得分4.00分。扣分原因：医保局未制定对保险公司的考核制度" in text
    assert (
        "该项指标满分7分，实际得分4.00分。扣分原因：居民大病保险年度结算出现亏损，扣3分。" in text
    )


def test_appendix_has_every_indicator_and_reason(document) -> None:
    appendix = next(t for t in document.tables if len(t.columns) == 9)
    body = rows(appendix)[1:]
    assert len(body) == 19  # 18 indicators and the 综合得分 row
    assert [r[0] for r in body[:18]] == [str(i) for i in range(1, 19)]
    reasons = {r[3]: r[8] for r in body[:18]}
    assert reasons["管理制度健全性"].startswith("医保局未制定对保险公司的考核制度")
    assert reasons["成本控制"] == "居民大病保险年度结算出现亏损，扣3分"
    assert all(v == "-" for k, v in reasons.items() if k not in {"管理制度健全性", "成本控制"})
    assert body[-1][0] == "综合得分" and body[-1][7] == "95.00"


def test_problems_and_recommendations_are_numbered(document) -> None:
    headings = texts_with_style(document, "Heading2")
    assert "（一）管理制度有待进一步完善" in headings
    assert "（二）加强成本控制监控" in headings


def test_only_template_styles_are_used(built: Path) -> None:
    import zipfile

    with zipfile.ZipFile(built / REPORT_FILE) as archive:
        body = archive.read("word/document.xml").decode()
        styles = archive.read("word/styles.xml").decode()
    import re

    used = set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', body))
    defined = set(re.findall(r'w:styleId="([^"]+)"', styles))
    assert used <= defined, used - defined
    assert "w:rFonts" not in body and "<w:sz " not in body


def test_scores_json_matches_score_command(built: Path) -> None:
    from reportgen.api import score

    assert json.loads((built / SCORES_FILE).read_text(encoding="utf-8")) == report_data(
        score(BENXI)
    )


def test_score_workbook_reads_back(built: Path) -> None:
    import openpyxl

    sheet = openpyxl.load_workbook(built / WORKBOOK_FILE).active
    assert sheet.title == "指标得分表"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0].endswith("绩效评价指标得分表")
    assert values[1] == (
        "序号",
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "指标解释及评价要点",
        "评分标准",
        "得分",
        "扣分原因",
    )
    assert len(values) == 2 + 18 + 1
    managed = next(v for v in values if v[3] == "管理制度健全性")
    assert (managed[4], managed[7]) == (6, 4) and managed[8].startswith("医保局未制定")
    assert values[-1][0] == "综合得分" and values[-1][7] == "=SUM(H3:H20)"  # 95, cached
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:I1", "B3:B7", "B8:B12", "B13:B17", "B18:B20", "A21:G21"} <= merged


def test_every_part_is_well_formed_xml(built: Path) -> None:
    import zipfile

    from lxml import etree

    for name in (REPORT_FILE, WORKBOOK_FILE):
        with zipfile.ZipFile(built / name) as archive:
            for member in archive.namelist():
                if member.endswith((".xml", ".rels")):
                    etree.fromstring(archive.read(member))


def test_fund_tables_format_each_value_as_its_unit_asks(tree: Path, tmp_path: Path) -> None:
    """A rate keeps its decimals (76.25, not 76) and a table counted in 人 is not money."""
    path = tree / "benxi-2022" / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    rate = "      - {key: 赔付率, label: 赔付率, value: 76.25, unit: '%'}\n"
    people = (
        "  服务人员:\n    title: 服务人员情况表\n    unit: 人\n    show_in_report: true\n"
        "    items:\n      - {key: 客服人员, label: 客服人员, value: 35612}\n"
    )
    anchor = "      - {key: 赔付人次, label: 赔付人次, value: 33993, unit: 次}\n"
    assert anchor in text and "\ndata:\n" in text
    text = text.replace(anchor, anchor + rate, 1).replace("\ndata:\n", "\ndata:\n" + people, 1)
    path.write_text(text, encoding="utf-8")
    report = produce(tree / "benxi-2022", tmp_path).directory / REPORT_FILE
    found = [rows(t) for t in open_document(report).tables]
    residents = next(r for r in found if any("赔付率（%）" in cell for row in r for cell in row))
    assert ["赔付率（%）", "76.25"] in [row[1:3] for row in residents]
    staff = next(r for r in found if any("客服人员（人）" in cell for row in r for cell in row))
    assert ["客服人员（人）", "35,612"] in [row[-2:] for row in staff]
