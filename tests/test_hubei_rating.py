"""Hubei 评定表 (seed 001): 40 % 自评 + 60 % 省级评定, 特殊因素 after, cities ranked, 约谈.

The figures are worked out by hand from scenarios/hubei-2025. 黄石市本级: 自评
100 − 0.2 (项次11) − 1 (项次28) = 98.8; 省级评定 100 − 0.2 (项次12) − 0.2 (项次42)
= 99.6, the province sparing 项次11 and 28, which the self-assessment had
already deducted; 98.8 × 40 % + 99.6 × 60 % = 99.28.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from reportgen.build import BuildResult, produce
from reportgen.cli import main
from tests.conftest import SCENARIOS
from tests.docx_reading import full_text, open_document, rows, tables_by_caption, vmerge
from tests.external_tools import describe_errors, require, validate_many, validator_available

HUBEI = SCENARIOS / "hubei-2025"
NOTICE = "全省评定排名通报.docx"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return produce(HUBEI, tmp_path_factory.mktemp("hubei"))


@pytest.fixture(scope="module")
def cities(built: BuildResult) -> dict[str, dict]:
    data = json.loads((built.directory / "scores.json").read_text(encoding="utf-8"))
    return {c["name"]: c for c in data["cities"]}


def _unit(cities: dict[str, dict], city: str, name: str = "本级") -> dict:
    entry = cities[city]
    return (
        entry["level"]
        if name == "本级"
        else next(c for c in entry["counties"] if c["name"] == name)
    )


def _item(unit: dict, number: int) -> dict:
    return next(i for i in unit["items"] if i["item"] == str(number))


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS / "frameworks", tree / "frameworks")
    shutil.copytree(HUBEI, tree / "hubei-2025")
    return tree / "hubei-2025"


def _edit(scenario: Path, old: str, new: str) -> None:
    file = scenario / "scenario.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def _build_error(scenario: Path, tmp_path: Path) -> str:
    result = CliRunner().invoke(main, ["build", str(scenario), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def test_unit_total_is_40_percent_self_plus_60_percent_provincial(cities: dict) -> None:
    huangshi = _unit(cities, "黄石市")
    assert (huangshi["self_assessment"], huangshi["provincial"]) == (98.8, 99.6)
    assert (huangshi["weighted"], huangshi["special"], huangshi["total"]) == (99.28, 0, 99.28)
    # 大冶市: 100 × 0.4 + (100 − 0.1 − 0.5) × 0.6 = 99.64
    assert _unit(cities, "黄石市", "大冶市")["total"] == 99.64


def test_special_factors_are_added_after_the_split(cities: dict) -> None:
    # 阳新县: 98 × 0.4 + 97 × 0.6 = 97.4, then −2 for one 约谈 (项次47), not weighted
    yangxin = _unit(cities, "黄石市", "阳新县")
    assert (yangxin["weighted"], yangxin["special"], yangxin["total"]) == (97.4, -2, 95.4)
    # 宜昌市本级: 100 × 0.4 + 99.5 × 0.6 = 99.7, then +3 +1 (试点) +2 (创先争优)
    yichang = _unit(cities, "宜昌市")
    assert (yichang["weighted"], yichang["special"], yichang["total"]) == (99.7, 6, 105.7)
    assert _item(yichang, 45)["claimed"] == 3 and _item(yichang, 45)["score"] == 2


def test_a_situation_deducted_in_the_self_assessment_is_not_deducted_again(cities: dict) -> None:
    item = _item(_unit(cities, "黄石市"), 11)
    # 1.8 × 0.4 + 2 × 0.6: the province found the same situation but kept full marks
    assert (item["self_assessment"], item["provincial"], item["score"]) == (1.8, 2, 1.92)
    assert item["not_deducted_again"] == ["城乡居民医保基金与职工医保基金共用一个支出户核算"]
    checkpoint = _item(_unit(cities, "黄石市"), 28)
    assert (checkpoint["self_assessment"], checkpoint["provincial"]) == (2, 3)


def test_city_score_is_60_percent_counties_and_40_percent_city_level(cities: dict) -> None:
    # (99.64 + 95.4) / 2 = 97.52; 97.52 × 0.6 + 99.28 × 0.4 = 98.224 → 98.22
    huangshi = cities["黄石市"]
    assert (huangshi["counties_mean"], huangshi["score"]) == (97.52, 98.22)
    # 宜昌市: (102 + 99.4 + 99.88) / 3 = 100.4266…; × 0.6 + 105.7 × 0.4 = 102.536 → 102.54
    assert cities["宜昌市"]["score"] == 102.54
    # 仙桃市 has no counties: its own level is its score
    assert cities["仙桃市"]["counties_mean"] is None and cities["仙桃市"]["score"] == 98.8


def test_equal_scores_share_a_place(cities: dict) -> None:
    # 黄冈市: (99.2 + 98.4) / 2 × 0.6 + 98.8 × 0.4 = 98.8, as 仙桃市
    places = {name: (c["rank"], c["tied"]) for name, c in cities.items()}
    assert places["黄冈市"] == places["仙桃市"] == (5, True)
    assert places["荆州市"] == (7, False)


def test_bottom_five_two_years_running_are_summoned(cities: dict, built: BuildResult) -> None:
    assert {n for n, c in cities.items() if c["summoned"]} == {"黄石市", "十堰市"}
    # 荆州市 is in the last five only this year, 孝感市 only last year
    assert (cities["荆州市"]["bottom_this_year"], cities["荆州市"]["bottom_last_year"]) == (
        True,
        False,
    )
    assert (cities["孝感市"]["bottom_this_year"], cities["孝感市"]["bottom_last_year"]) == (
        False,
        True,
    )
    summaries = {u.unit: u for u in built.units if u.group == "市（州）综合得分"}
    assert summaries["十堰市"].outcome == "约谈" and summaries["荆州市"].outcome == ""


def test_unit_summaries_keep_cities_city_levels_and_counties_apart(built: BuildResult) -> None:
    groups = {u.group for u in built.units}
    assert groups == {"市（州）综合得分", "市（州）本级经办机构", "县（市、区）经办机构"}
    counties = [u for u in built.units if u.group == "县（市、区）经办机构"]
    assert len(counties) == 17
    assert max(counties, key=lambda u: u.total or Decimal(0)).unit == "宜昌市宜都市"
    assert [u.rank for u in counties if u.unit == "宜昌市宜都市"] == [1]


def test_workbook_scores_are_read_row_by_row(cities: dict) -> None:
    # 武汉市本级.xlsx: 自评 100 − 0.2 − 0.2, 省级 100 − 1 − 0.4; 99.6 × 0.4 + 98.6 × 0.6 = 99
    wuhan = _unit(cities, "武汉市")
    assert (wuhan["self_assessment"], wuhan["provincial"], wuhan["weighted"]) == (99.6, 98.6, 99)
    assert (wuhan["special"], wuhan["total"]) == (6, 105)
    assert _item(wuhan, 11)["not_deducted_again"] == ["大病保险资金未单独建账核算"]
    # 洪山区.xlsx (its first sheet): a claimed 创先争优 the province did not verify
    hongshan = _unit(cities, "武汉市", "洪山区")
    assert (_item(hongshan, 45)["claimed"], _item(hongshan, 45)["score"]) == (2, 0)
    assert hongshan["total"] == 99.36


def test_notice_ranks_the_cities_with_ties_and_the_summons(built: BuildResult) -> None:
    document = open_document(built.directory / NOTICE)
    tables = tables_by_caption(document)
    ranking = rows(tables["表1　2025年度全省市（州）医疗保障经办机构评定排名"])
    assert ranking[0] == [
        "排名",
        "市（州）",
        "县（市、区）\n平均得分",
        "市州本级\n得分",
        "综合得分",
        "上年排名",
        "备注",
    ]
    assert ranking[1] == ["1", "宜昌市", "100.43", "105.70", "102.54", "5", "—"]
    assert [r[0] for r in ranking[5:7]] == ["5（并列）", "5（并列）"]
    assert ranking[6][2] == "—"  # 仙桃市 has no counties
    assert ranking[-1] == ["9", "十堰市", "95.62", "98.34", "96.71", "9", "约谈"]
    units = tables["表2　2025年度各医疗保障经办机构评定得分"]
    assert vmerge(units, 0)[1:5] == ["restart", "continue", "continue", "continue"]
    text = full_text(document)
    assert "黄石市本年度综合得分98.22分，排名第8位，上年度排名第7位，连续两年排名后5位" in text
    assert "荆州市本年度" not in text


def test_form_has_the_seed_columns_merges_and_reasons(built: BuildResult) -> None:
    document = open_document(built.directory / "评定表-黄石市-本级.docx")
    [form] = document.tables
    table = rows(form)
    assert table[0][:5] == ["建设规范事项", "项次", "建设规范项目", "评定内容", "项目\n分值"]
    assert table[0][5:] == ["自评得分\n(40%)", "省级\n评定得分\n(60%)", "加权得分", "扣分原因"]
    row = next(r for r in table if r[1] == "11")
    assert row[4:8] == ["2", "1.80", "2.00", "1.92"]
    assert "同一情况自评已按标准扣分，省级评定不再扣减" in row[8]
    assert "自评：存在1处不符合" in row[8]
    # 内控管理 spans 项次 5–9 within 制度机制建设, which spans 项次 5–23
    numbers = [r[1] for r in table]
    five = numbers.index("5")
    assert vmerge(form, 2)[five : five + 6] == ["restart", *["continue"] * 4, "restart"]
    assert vmerge(form, 0)[five : five + 19].count("continue") == 18
    subtotal = next(r for r in table if r[0] == "评分项合计")
    assert subtotal[4:] == ["100", "98.80", "99.60", "99.28", "98.80×40%＋99.60×60%＝99.28"]
    assert table[-1][4:8] == ["100", "—", "—", "99.28"]
    assert "县（市、区）平均得分97.52×60%＋本级99.28×40%＝98.22分，全省排名第8" in full_text(
        document
    )


def test_special_factor_rows_show_the_claim_and_the_verified_score(built: BuildResult) -> None:
    document = open_document(built.directory / "评定表-宜昌市-本级.docx")
    table = rows(document.tables[0])
    row = next(r for r in table if r[1] == "45")
    assert row[0] == "特殊因素加减分"
    assert row[4:8] == ["+5", "+3", "+2", "+2"]
    assert row[8].startswith("自评申报+3分，省级核验认定+2分")
    assert table[-1][7:] == ["105.70", "加权得分99.70＋特殊因素6.00＝105.70"]


def test_every_document_passes_the_validator(built: BuildResult) -> None:
    require(validator_available(), "the Open XML SDK validator (run `npm ci`)")
    documents = [f for f in built.files if f.suffix == ".docx"]
    assert len(documents) == 27
    found = validate_many(documents)
    bad = {path.name: describe_errors(errors) for path, errors in found.items() if errors}
    assert bad == {}


def test_same_input_gives_the_same_bytes(built: BuildResult, tmp_path: Path) -> None:
    again = produce(HUBEI, tmp_path)
    for name in (NOTICE, "评定表-武汉市-本级.docx", "scores.json"):
        assert (again.directory / name).read_bytes() == (built.directory / name).read_bytes()


def test_a_spared_situation_must_have_been_deducted_in_the_self_assessment(tmp_path: Path) -> None:
    scenario = _copy(tmp_path)
    _edit(
        scenario,
        "            19: {items: [1家定点医院10月份费用超过30个工作日拨付]}",
        "            19: {self_deducted: [1家定点医院10月份费用超过30个工作日拨付]}",
    )
    _edit(
        scenario,
        "            self_deducted: [城乡居民医保基金与职工医保基金共用一个支出户核算]",
        "            self_deducted: [基金未纳入财政专户]",
    )
    output = _build_error(scenario, tmp_path)
    assert "scheme.cities[1].counties[0].provincial[19].self_deducted" in output
    assert "项次 19: the self-assessment took no points off" in output
    assert "项次 11: '基金未纳入财政专户' is not among the self-assessment's deductions" in output


def test_missing_findings_point_at_the_unit(tmp_path: Path) -> None:
    scenario = _copy(tmp_path)
    _edit(
        scenario,
        "            1: {tier: 覆盖到乡镇（街道）}\n            37: {score: 4}\n            33:",
        "            37: {score: 4}\n            33:",
    )
    output = _build_error(scenario, tmp_path)
    assert "scheme.cities[1].counties[1].self_assessment[1]: no findings for '1'" in output


def test_findings_a_rule_cannot_apply_point_at_the_assessor(tmp_path: Path) -> None:
    scenario = _copy(tmp_path)
    _edit(
        scenario,
        "1: {tier: 覆盖到乡镇（街道）, note: 12个村（社区）尚未设立医保服务点}",
        "1: {tier: 村村覆盖}",
    )
    output = _build_error(scenario, tmp_path)
    assert (
        "scheme.cities[1].counties[1].provincial[1].tier: 项次 1（省级评定）: unknown tier"
        in output
    )
    assert "村村覆盖" in output


def test_special_factors_under_an_assessor_are_refused(tmp_path: Path) -> None:
    scenario = _copy(tmp_path)
    _edit(
        scenario,
        "          12: {items: [第三季度医保、财政、银行三方对账未按时完成]}",
        "          44: {awards: [{text: 试点, points: 3}]}",
    )
    output = _build_error(scenario, tmp_path)
    assert "scheme.cities[1].level.provincial[44]" in output
    assert "write it under `special`" in output


def _workbook_cell(scenario: Path, name: str, cell: str, value: object) -> None:
    path = scenario / name
    book = openpyxl.load_workbook(path)
    book.worksheets[0][cell] = value
    book.save(path)


def test_bad_workbook_cells_are_named(tmp_path: Path) -> None:
    scenario = _copy(tmp_path)
    _workbook_cell(scenario, "洪山区.xlsx", "F20", "一点八")  # 项次19, 省级评定得分
    _workbook_cell(scenario, "洪山区.xlsx", "A10", 99)  # 项次9 becomes 99
    output = _build_error(scenario, tmp_path)
    assert "hubei-2025/洪山区.xlsx!Sheet1!F20 省级评定得分: not a number: '一点八'" in output
    assert (
        "hubei-2025/洪山区.xlsx!Sheet1!A10 项次: expected a 项次 from 1 to 47, got '99'" in output
    )
    assert "no row for 项次 9" in output


def test_a_workbook_score_the_rule_cannot_give_is_refused_at_its_cell(tmp_path: Path) -> None:
    scenario = _copy(tmp_path)
    _workbook_cell(scenario, "武汉市本级.xlsx", "F13", 1.85)  # 项次12 deducts 0.2 at a time
    _workbook_cell(scenario, "武汉市本级.xlsx", "D6", 0.5)  # 项次5 below full, no reason
    output = _build_error(scenario, tmp_path)
    assert (
        "武汉市本级.xlsx!评定表!F13: 项次 12（省级评定）: recorded score 1.85 cannot result"
        in output
    )
    assert "武汉市本级.xlsx!评定表!D6: 项次 5（自评）: recorded score 0.5 cannot result" in output


def test_a_bad_scheme_block_is_reported_with_its_line(tmp_path: Path) -> None:
    scenario = _copy(tmp_path)
    _edit(scenario, "      previous_rank: 9\n", "      previous_rank: 12\n      rank: 3\n")
    _edit(
        scenario,
        "          workbook: {file: 洪山区.xlsx}",
        "          workbook: {file: 洪山区.xlsx}\n          claimed: {44: 3}",
    )
    output = _build_error(scenario, tmp_path)
    assert "scenario.yaml:" in output
    assert "scheme.cities[2].rank: unknown key 'rank'" in output
    _edit(scenario, "      rank: 3\n", "")
    output = _build_error(scenario, tmp_path)
    assert "scheme.cities[2].previous_rank: last year's place 12 is beyond the 9 cities" in output
    assert "scheme.cities[0].counties[1].workbook: 洪山区: give the scores either" in output
