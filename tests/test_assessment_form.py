"""The Minhang 考核评分表 (seed 003): three standards, their scales and caps, the filled forms.

Every expected score below is worked out by hand from the sample scenario and
the standard, not read from reportgen's output.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from docx.table import Table

from reportgen.build import BuildResult, produce
from reportgen.errors import ReportgenError
from tests.conftest import SCENARIOS
from tests.docx_reading import full_text, open_document, rows, vmerge
from tests.external_tools import describe_errors, require, validate_many, validator_available

STREETS, MEDICAL, LTC = "minhang-streets-2024", "minhang-medical-2024", "minhang-ltc-2024"
HEADER = ["考核项目", "考核内容", "分值", "评分标准", "考核依据", "得分", "扣分原因"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    out = tmp_path_factory.mktemp("minhang")
    return {name: produce(SCENARIOS / name, out) for name in (STREETS, MEDICAL, LTC)}


def _scores(result: BuildResult) -> dict[str, dict]:
    data = json.loads((result.directory / "scores.json").read_text(encoding="utf-8"))
    return {i["short_name"]: i for i in data["institutions"]}


def _table(result: BuildResult, short: str) -> Table:
    [table] = open_document(result.directory / f"考核评分表-{short}.docx").tables
    return table


def _row(table: Table, first: str, second: str | None = None) -> list[str]:
    """The one row whose first cell (and second, if given) hold these texts."""
    found = [r for r in rows(table) if r[0] == first and (second is None or r[1] == second)]
    assert len(found) == 1, (first, second, found)
    return found[0]


# 街镇: 80 + 20, bonus at most 5, total never above 100.
# 莘庄镇: 运行质量控制 −0.5, 经办规范化建设 −1, 矛盾化解 1 有责投诉 −1 → 97.5;
#   bonus 3 + 2.5 = 5.5 → 5; 97.5 + 5 = 102.5 → 100.
# 江川路街道: −2 −1 −1 −2 −1.5, 矛盾化解 2×1 + 1×2 = −4 → 88.5; bonus 2 → 90.5.
# 莘庄工业区: −1 −1.5 −1 −0.5 −1, 矛盾化解 1 处置不当 −2 → 93; no bonus.
STREET_TOTALS = {
    "莘庄镇": ("97.5", "5", "100", True),
    "江川路街道": ("88.5", "2", "90.5", False),
    "莘庄工业区": ("93", "0", "93", False),
}


@pytest.mark.parametrize("short", STREET_TOTALS)
def test_street_scores_by_hand(built: dict[str, BuildResult], short: str) -> None:
    subtotal, bonus, total, capped = STREET_TOTALS[short]
    data = _scores(built[STREETS])[short]
    assert (data["scale"], data["total_cap"]) == (100, 100)
    assert Decimal(str(data["subtotal"])) == Decimal(subtotal)
    assert Decimal(str(data["adjustment"])) == Decimal(bonus)
    assert Decimal(str(data["total"])) == Decimal(total)
    assert data["capped"] is capped


def test_bonus_cap_and_total_cap_are_shown(built: dict[str, BuildResult]) -> None:
    table = _table(built[STREETS], "莘庄镇")
    bonus = _row(table, "加分项目")
    assert bonus[2] == "上限5分"
    assert bonus[5] == "＋5.00"
    assert "加分合计5.5分，按上限计5分" in bonus[6]
    total = _row(table, "考核总分")
    assert total[5] == "100.00"
    assert total[6] == "评分项合计97.50分＋加分5.00分＝102.50分，超过总分上限100分，按100分计"


def test_street_form_columns_and_merges(built: dict[str, BuildResult]) -> None:
    table = _table(built[STREETS], "江川路街道")
    cells = rows(table)
    assert cells[0] == HEADER
    first = cells[1]
    assert first[:4] == ["重点工作（80分）", "长护险试点工作（30分）", "8", first[3]]
    assert first[3].startswith("1、履行主体职责")
    assert first[4] == "文件资料 平台系统"
    # 重点工作 merges over its 9 scoring points and its 小计; 长护险试点工作 over 3 points.
    assert vmerge(table, 0)[1:11] == ["restart"] + ["continue"] * 9
    assert vmerge(table, 1)[1:4] == ["restart", "continue", "continue"]
    assert vmerge(table, 4)[1:4] == ["restart", "continue", "continue"]
    subtotal = _row(table, "重点工作（80分）", "小计")
    assert (subtotal[2], subtotal[5]) == ("80", "74.00")
    conflict = _row(table, "基础保障（20分）", "矛盾化解")
    assert conflict[5] == "6.00"
    assert "发生并查实医疗保障工作有责举报和投诉2次，扣2分" in conflict[6]
    assert "处置不当激化矛盾1次，扣2分" in conflict[6]
    assert _row(table, "评分项合计")[5] == "88.50"
    assert _row(table, "考核总分")[6] == "评分项合计88.50分＋加分2.00分＝90.50分"


def test_every_lost_point_has_a_reason(built: dict[str, BuildResult]) -> None:
    for result in built.values():
        for path in result.files:
            if path.suffix != ".docx":
                continue
            [table] = open_document(path).tables
            for cells in rows(table)[1:]:
                if cells[1] in ("小计",) or cells[0] in ("评分项合计", "考核总分"):
                    continue
                if cells[2].isdigit() and Decimal(cells[5]) != Decimal(cells[2]):
                    assert cells[6], (path.name, cells)


# 定点医疗机构: 100 points, 社区卫生服务中心 120 with the two extra items.
# 莘东社区: 五合理 2×2, 扫码 2×1, 阳光平台 6×1 → floored at 0 (−5), 申报 −1, DIP −2,
#   长护险评估 −2, 代配药 2×1 → 120 − 19 = 101.
# 梅东社区: 宣传培训 −2, 五合理 −2, 总控 6 (−4), 接口 −2, 代配药 −1 → 109.
# 闵康医院 (100): 政策 −2, 五合理 3×2, 防范欺诈 −2, 阳光 −1, 申报 −2, DIP 2×2,
#   应用培训 −2 → 81.
@pytest.mark.parametrize(
    ("short", "scale", "total", "rate"),
    [("莘东社区", 120, 101, 84.17), ("梅东社区", 120, 109, 90.83), ("闵康医院", 100, 81, 81)],
)
def test_medical_scales_and_scores(
    built: dict[str, BuildResult], short: str, scale: int, total: int, rate: float
) -> None:
    data = _scores(built[MEDICAL])[short]
    assert (data["scale"], data["total"], data["rate"]) == (scale, total, rate)
    names = [node["name"] for node in data["indicators"]]
    assert ("长护险评估和慢病用药管理" in names) is (scale == 120)
    assert data["not_assessed"] == ([] if scale == 120 else ["长护险评估和慢病用药管理"])


def test_medical_forms_show_the_scale_and_the_floor(built: dict[str, BuildResult]) -> None:
    centre = _table(built[MEDICAL], "莘东社区")
    assert rows(centre)[0][:4] == ["考核类别", "考核项目", "分值", "考核内容"]
    assert _row(centre, "评分项合计")[2] == "120"
    sunshine = [r for r in rows(centre) if r[3].startswith("落实药品阳光平台采购")]
    assert sunshine[0][5] == "0.00"
    assert "累计扣分6分，扣完为止" in sunshine[0][6]
    hospital = built[MEDICAL].directory / "考核评分表-闵康医院.docx"
    text = full_text(open_document(hospital))
    assert "长护险评估" not in rows(_table(built[MEDICAL], "闵康医院"))[-3][0]
    assert "本表满分100分，医院不考核“长护险评估和慢病用药管理”（20分）" in text
    centre_text = full_text(open_document(built[MEDICAL].directory / "考核评分表-莘东社区.docx"))
    assert "本表满分120分，含社区卫生服务中心考核项“长护险评估和慢病用药管理”20分" in centre_text


def test_units_are_grouped_by_standard_and_scale(built: dict[str, BuildResult]) -> None:
    groups = {u.unit: u.group for u in built[MEDICAL].units}
    assert groups["闵行区莘东社区卫生服务中心"] == groups["闵行区梅东社区卫生服务中心"]
    assert groups["闵行区莘东社区卫生服务中心"].endswith("（120分制）")
    assert groups["上海闵康医院"].endswith("（100分制）")
    streets = {u.group for u in built[STREETS].units}
    assert streets == {"2024年闵行区医疗保障局对街镇（莘庄工业区）考核标准"}
    assert {u.scale for u in built[MEDICAL].units} == {Decimal(100), Decimal(120)}


# 长护险居家护理机构: 15 + 45 + 10 + 30, deductions (cap 20) and bonus (cap 5), total ≤ 100.
# 申康护理: 有责投诉 −1, 街镇 29 → 98; bonus 3 + 3 = 6 → 5; 103 → 100.
# 闵福护理: 人员制度 −2, 服务质量 −2, 结算 6 items → floored −5, 区域 −1,
#   监管 1+1+2+5 = −9, 培训 −2, 自律 −6, 信息化 −2, 街镇 24 (−6) → 65; 扣分 5 + 3 → 57.
def test_ltc_scores_by_hand(built: dict[str, BuildResult]) -> None:
    scores = _scores(built[LTC])
    shen = scores["申康护理"]
    assert (shen["subtotal"], shen["adjustment"], shen["total"], shen["capped"]) == (
        98,
        5,
        100,
        True,
    )
    min_fu = scores["闵福护理"]
    assert (min_fu["subtotal"], min_fu["adjustment"], min_fu["total"]) == (65, -8, 57)
    table = _table(built[LTC], "闵福护理")
    assert _row(table, "扣分项目")[5] == "－8.00"
    assert _row(table, "考核总分")[6] == "评分项合计65.00分－扣分8.00分＝57.00分"
    settling = _row(table, "协议履行（15分）", "结算费用合规")
    assert settling[5] == "0.00" and "扣完为止" in settling[6]
    assert _row(_table(built[LTC], "申康护理"), "加分项目")[6].endswith("加分合计6分，按上限计5分")


def test_forms_are_marked_as_sample_data(built: dict[str, BuildResult]) -> None:
    for result in built.values():
        for path in result.files:
            if path.suffix == ".docx":
                assert "示例数据" in full_text(open_document(path))


def test_same_input_same_bytes(built: dict[str, BuildResult], tmp_path: Path) -> None:
    again = produce(SCENARIOS / LTC, tmp_path)
    for path in built[LTC].files:
        assert (again.directory / path.name).read_bytes() == path.read_bytes()


def test_forms_pass_the_open_xml_validator(built: dict[str, BuildResult]) -> None:
    require(validator_available(), "the Open XML SDK validator (run `npm ci`)")
    documents = [p for r in built.values() for p in r.files if p.suffix == ".docx"]
    assert len(documents) == 8
    found = validate_many(documents)
    failing = {p.name: describe_errors(e) for p, e in found.items() if e}
    assert failing == {}


def _copy(tmp_path: Path, name: str) -> Path:
    tree = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS / "frameworks", tree / "frameworks")
    shutil.copytree(SCENARIOS / name, tree / name)
    return tree / name


def _errors(folder: Path) -> list[str]:
    with pytest.raises(ReportgenError) as caught:
        produce(folder, folder.parent / "out")
    return [str(p) for p in caught.value.problems]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_bad_finding_is_located_in_scenario_yaml(tmp_path: Path) -> None:
    folder = _copy(tmp_path, STREETS)
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("履行主体职责: {score: 7,", "履行主体职责: {score: 9,"), "utf-8")
    [error] = _errors(folder)
    line = _line_of(path, "履行主体职责: {score: 9,")
    assert error.startswith(f"{path}:{line} ") or f"scenario.yaml:{line} " in error
    assert "scheme.institutions[2].findings.履行主体职责" in error
    assert "超出0至8分的范围" in error


def test_findings_for_an_item_the_type_is_not_assessed_on(tmp_path: Path) -> None:
    folder = _copy(tmp_path, MEDICAL)
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "        防范医保欺诈:\n"
    path.write_text(
        text.replace(marker, "        长护险评估: {items: [评估不规范]}\n" + marker), "utf-8"
    )
    [error] = _errors(folder)
    assert f":{_line_of(path, '长护险评估: {items')} " in error
    assert "scheme.institutions[2].findings.长护险评估" in error
    assert "医院 is not assessed on" in error


def test_scheme_block_is_validated(tmp_path: Path) -> None:
    folder = _copy(tmp_path, LTC)
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    extra = "  assessor: 闵行区医疗保障局\n  colour: red\n"
    path.write_text(text.replace("  assessor: 闵行区医疗保障局\n", extra), "utf-8")
    [error] = _errors(folder)
    assert f":{_line_of(path, 'colour: red')} scheme.colour: unknown key" in error


def test_short_names_name_one_file_each(tmp_path: Path) -> None:
    folder = _copy(tmp_path, LTC)
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("short_name: 闵福护理", "short_name: 申康护理"), "utf-8")
    [error] = _errors(folder)
    line = _line_of(path, "short_name: 申康护理")  # the first; the repeat is the error
    assert "scheme.institutions[1].short_name: institution short_name '申康护理' is used twice" in (
        error
    )
    assert f":{line} " not in error
