"""Inner Mongolia 定点评估机构 designation review (seed 002): accept, refuse, ask once for materials.

The expectations are worked out by hand from scenarios/neimenggu-designation-2025:
康宁评估 meets all seven conditions of 第八条 with complete materials; 安泰健康's
legal representative is a 失信被执行人 (第十一条第（五）项) and 3 of its 12 assessors
failed training, 1 has a record (第八条第（六）项); 仁和评估 operated 4 months
(2024-12-20 to 2025-05-19, 第八条第（一）项) and lacks three 制度 (第八条第（五）项);
民康评估 lacks two materials, its certificate copy is unstamped and its lease runs
22 months from the application (第九条第（五）项 asks for 3 years).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.build import BuildResult, produce
from reportgen.cli import main
from reportgen.schemes.designation_review.calendar import WorkingCalendar, add_months, full_months
from tests.conftest import SCENARIOS
from tests.docx_reading import full_text, open_document, rows, tables_by_caption
from tests.external_tools import describe_errors, require, validate_ooxml, validator_available

NEIMENGGU = SCENARIOS / "neimenggu-designation-2025"
DUANWU = [dt.date(2025, 5, 31), dt.date(2025, 6, 1), dt.date(2025, 6, 2)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return produce(NEIMENGGU, tmp_path_factory.mktemp("neimenggu"))


@pytest.fixture(scope="module")
def applicants(built: BuildResult) -> dict[str, dict]:
    data = json.loads((built.directory / "scores.json").read_text(encoding="utf-8"))
    return {a["short_name"]: a for a in data["applicants"]}


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS / "frameworks", tree / "frameworks")
    shutil.copytree(NEIMENGGU, tree / NEIMENGGU.name)
    return tree / NEIMENGGU.name


def _build_edited(tmp_path: Path, old: str, new: str) -> tuple[int, str]:
    scenario = _copy(tmp_path)
    path = scenario / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(scenario), "-o", str(tmp_path / "out")])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


# The decisions


def test_each_applicant_gets_its_outcome(built: BuildResult) -> None:
    outcomes = {u.unit: u.outcome for u in built.units}
    assert outcomes == {
        "呼和浩特市康宁失能评估服务中心": "受理",
        "内蒙古安泰健康管理有限公司": "不予受理",
        "呼和浩特市仁和评估咨询有限公司": "不予受理",
        "内蒙古民康医学评估中心": "一次性告知",
    }
    assert all(u.total is None and u.grade == "" for u in built.units)
    assert {u.scheme for u in built.units} == {"designation_review"}


def test_refusal_situation_and_failed_condition_are_both_cited(applicants: dict) -> None:
    reasons = applicants["安泰健康"]["reasons"]
    assert [r["article"] for r in reasons] == ["第十一条第（五）项", "第八条第（六）项"]
    assert reasons[0]["text"] == "法定代表人、主要负责人或实际控制人被相关部门列入失信人名单"
    assert "失信被执行人名单" in reasons[0]["found"]
    assert reasons[1]["found"] == "评估人员12人，经培训考核合格9人，有违法违规等不良记录1人"


def test_conditions_decided_by_data_and_by_findings(applicants: dict) -> None:
    reasons = applicants["仁和评估"]["reasons"]
    assert [r["article"] for r in reasons] == ["第八条第（一）项", "第八条第（五）项"]
    assert reasons[0]["found"] == "自正式运营之日起至申请之日运营4个月"
    assert reasons[1]["found"].startswith("所附制度汇编仅有人员管理、档案管理制度")
    assert applicants["仁和评估"]["missing_materials"] == []


def test_incomplete_application_lists_exactly_the_missing_materials(applicants: dict) -> None:
    minkang = applicants["民康评估"]
    missing = [(m["article"], m["problem"]) for m in minkang["missing_materials"]]
    assert missing == [
        ("第九条第（二）项", "民办非企业单位登记证书复印件未加盖本机构公章，且未提供原件核验"),
        ("第九条第（三）项", "未提交"),
        ("第九条第（四）项", "未提交"),
        ("第九条第（五）项", "所附租赁合同自申请之日起尚可使用22个月，不足3年"),
    ]
    # 评估案例 (第九条第（六）项) is not asked for: no evaluations last year.
    assert minkang["reasons"] == []
    # 10 working days after 2025-05-26, skipping the weekend and 端午 (6月2日).
    assert minkang["supplement_deadline"] == "2025-06-10"


def test_accepted_applicant_gets_publicity_and_signing_dates(applicants: dict) -> None:
    kangning = applicants["康宁评估"]
    assert kangning["reasons"] == [] and kangning["missing_materials"] == []
    # 5/28 Wed, 5/29, 5/30, (weekend, 6/2 端午), 6/3, 6/4: five working days.
    assert kangning["publicity"] == ["2025-05-28", "2025-06-04"]
    assert kangning["signing_by"] == "2025-07-04"
    assert applicants["安泰健康"]["publicity"] is None


def test_working_calendar_skips_weekends_and_holidays_and_counts_makeup_days() -> None:
    plain = WorkingCalendar()
    assert plain.period(dt.date(2025, 5, 28), 5) == (dt.date(2025, 5, 28), dt.date(2025, 6, 3))
    holidays = WorkingCalendar(frozenset(DUANWU))
    assert holidays.period(dt.date(2025, 5, 28), 5)[1] == dt.date(2025, 6, 4)
    # Starting on a Saturday: the period starts on Monday.
    assert plain.period(dt.date(2025, 5, 24), 1) == (dt.date(2025, 5, 26), dt.date(2025, 5, 26))
    # A Sunday worked in lieu (调休) counts.
    makeup = WorkingCalendar(frozenset(), frozenset({dt.date(2025, 9, 28)}))
    assert makeup.period(dt.date(2025, 9, 26), 2)[1] == dt.date(2025, 9, 28)
    assert holidays.after(dt.date(2025, 5, 26), 10) == dt.date(2025, 6, 10)


def test_full_months_count_only_completed_months() -> None:
    assert full_months(dt.date(2024, 12, 20), dt.date(2025, 5, 19)) == 4
    assert full_months(dt.date(2024, 12, 20), dt.date(2025, 6, 20)) == 6
    assert full_months(dt.date(2025, 1, 31), dt.date(2025, 2, 28)) == 1
    assert full_months(dt.date(2025, 5, 1), dt.date(2025, 4, 1)) == 0
    assert add_months(dt.date(2025, 6, 4), 1) == dt.date(2025, 7, 4)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)


# The documents


def test_documents_per_applicant(built: BuildResult) -> None:
    names = sorted(f.name for f in built.files)
    assert names == sorted(
        [
            "scores.json",
            "受理审核结果汇总.docx",
            "申请表-康宁评估.docx",
            "申请表-安泰健康.docx",
            "申请表-仁和评估.docx",
            "申请表-民康评估.docx",
            "受理通知书-康宁评估.docx",
            "不予受理决定书-安泰健康.docx",
            "不予受理决定书-仁和评估.docx",
            "一次性告知书-民康评估.docx",
        ]
    )


def test_application_form_cells_are_filled(built: BuildResult) -> None:
    document = open_document(built.directory / "申请表-康宁评估.docx")
    [form] = document.tables
    cells = rows(form)
    assert cells[0][0] == "机构名称" and cells[0][-1] == "呼和浩特市康宁失能评估服务中心"
    assert "52150105MJY2836415" in cells[2]
    assert "民办非企业单位" in cells[3]
    assert "420㎡" in cells[6]
    staff = [c for i, c in enumerate(cells[9]) if i == 0 or c != cells[9][i - 1]]
    # 总人数 26 = 4 + 9 + 7 + 6, computed from the other columns.
    assert staff == ["机构人员情况", "26", "18", "4", "9", "7", "6"]
    assert cells[10][-1] == "2024年度　1260人次"
    certificates = [row for row in cells if row[0] in {"1", "2", "3", "4"}]
    assert len(certificates) == 4
    assert certificates[2][-1] == "是" and certificates[3][-1] == "否"
    assert "申请机构（印章）　　2025年5月12日" in cells[-1][0]
    assert "示例数据" in full_text(document)


def test_refusal_decision_cites_every_reason(built: BuildResult) -> None:
    text = full_text(open_document(built.directory / "不予受理决定书-安泰健康.docx"))
    assert "内蒙古安泰健康管理有限公司：" in text
    assert "属于《实施办法》第十一条第（五）项规定的“法定代表人、主要负责人或实际控制人" in text
    assert "不符合《实施办法》第八条第（六）项规定的“评估人员没有相关违法违规等不良记录" in text
    assert (
        "根据《实施办法》第十一条第（五）项、第八条第（六）项规定，决定对你单位的定点申请不予受理"
        in text
    )
    assert "二〇二五年五月二十六日" in text
    renhe = full_text(open_document(built.directory / "不予受理决定书-仁和评估.docx"))
    assert "根据《实施办法》第十条、第八条第（一）项、第八条第（五）项规定" in renhe


def test_one_time_notice_lists_the_materials_and_deadline(built: BuildResult) -> None:
    document = open_document(built.directory / "一次性告知书-民康评估.docx")
    table = tables_by_caption(document)["表1　需补齐的申请材料"]
    listed = [(row[1], row[3]) for row in rows(table)[1:]]
    assert listed == [
        ("第九条第（二）项", "民办非企业单位登记证书复印件未加盖本机构公章，且未提供原件核验"),
        ("第九条第（三）项", "未提交该项材料"),
        ("第九条第（四）项", "未提交该项材料"),
        ("第九条第（五）项", "所附租赁合同自申请之日起尚可使用22个月，不足3年"),
    ]
    text = full_text(document)
    assert "请于2025年6月10日前（10个工作日内）将上述材料补齐后一并提交" in text
    assert "共4项" in text


def test_acceptance_notice_states_publicity_period(built: BuildResult) -> None:
    document = open_document(built.directory / "受理通知书-康宁评估.docx")
    text = full_text(document)
    assert "公示期为2025年5月28日至2025年6月4日（5个工作日）" in text
    assert "请于2025年7月4日前（公示期满1个月内）" in text
    conditions = tables_by_caption(document)["表1　基本条件审核情况"]
    assert [row[1] for row in rows(conditions)[1:]] == [
        f"第八条第（{n}）项" for n in "一二三四五六七"
    ]


def test_summary_has_a_row_per_applicant(built: BuildResult) -> None:
    document = open_document(built.directory / "受理审核结果汇总.docx")
    [summary] = document.tables
    body = rows(summary)[1:]
    assert [row[3] for row in body] == ["受理", "不予受理", "不予受理", "一次性告知"]
    assert "共审核定点申请4件：受理1件，不予受理2件，一次性告知补齐材料1件。" in full_text(document)


def test_same_input_gives_same_bytes(built: BuildResult, tmp_path: Path) -> None:
    again = produce(NEIMENGGU, tmp_path)
    for path in built.files:
        assert (again.directory / path.name).read_bytes() == path.read_bytes(), path.name


def test_every_document_passes_the_open_xml_validator(built: BuildResult) -> None:
    require(validator_available(), "the Open XML SDK validator (run `npm ci`)")
    for path in built.files:
        if path.suffix == ".docx":
            errors = validate_ooxml(path)
            assert errors == [], f"{path.name}:\n" + describe_errors(errors)


# Bad input


def test_unknown_condition_id_is_located(tmp_path: Path) -> None:
    code, output = _build_edited(tmp_path, "- condition: 管理制度", "- condition: 制度建设")
    assert code == 2
    assert (
        "scenario.yaml:103 scheme.applicants[2].unmet[0].condition: unknown condition '制度建设'"
        in output
    )
    assert "known: 设立运营, 评估队伍, 场所设备" in output
    assert not (tmp_path / "out").exists()


def test_finding_may_not_decide_a_computed_condition(tmp_path: Path) -> None:
    code, output = _build_edited(tmp_path, "- condition: 管理制度", "- condition: 设立运营")
    assert code == 2
    assert (
        "scheme.applicants[2].unmet[0].condition: condition '设立运营' is decided by its `when`"
        in output
    )


def test_missing_applicant_field_is_located(tmp_path: Path) -> None:
    code, output = _build_edited(tmp_path, "      trained: 18\n", "")
    assert code == 2
    assert "scenario.yaml:25 scheme.applicants[0].trained: required, but missing" in output


def test_unknown_material_and_misplaced_defect(tmp_path: Path) -> None:
    code, output = _build_edited(
        tmp_path, "materials: [申请表, 证照, 场所证明]", "materials: [申请表, 营业执照, 场所证明]"
    )
    assert code == 2
    assert "scheme.applicants[3].materials[1]: unknown material '营业执照'" in output
    assert (
        "scheme.applicants[3].defects.证照: material '证照' is not listed under `materials`"
        in output
    )


def test_bad_expression_in_rules_file_is_located(tmp_path: Path) -> None:
    scenario = _copy(tmp_path)
    rules = scenario.parent / "frameworks" / "inner-mongolia-designation.yaml"
    text = rules.read_text(encoding="utf-8").replace("when: 运营月数 >= 6", "when: 经营月数 >= 6")
    rules.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(scenario), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "inner-mongolia-designation.yaml:" in result.output
    assert "conditions.rule.conditions[0].when: unknown fact 经营月数" in result.output
    assert "Traceback" not in result.output
