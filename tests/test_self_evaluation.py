"""项目支出绩效自评表: the sample department's three forms, their summary, and the checks.

Every expected score is worked out by hand from the sample scenario:
医疗救助 9.5 (760 ÷ 800 × 10) + 19 (11400 ÷ 12000 × 20) + 10 + 10 + 9.09 (20 ÷ 22 × 10)
+ 20 + 9 + 10 = 96.59; 参保补助 9.44 + 20 + 10 + 10 + 10 + 20 + 7 + 10 = 96.44;
信息化建设 7.5 + 19.17 (1150 ÷ 1200 × 20) + 10 + 10 + 10 + 12 + 10 + 10 = 88.67.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.build import BuildResult, produce
from reportgen.cli import main
from reportgen.errors import ReportgenError
from tests.conftest import SCENARIOS
from tests.docx_reading import open_document, rows, vmerge
from tests.external_tools import describe_errors, require, validate_many, validator_available

SAMPLE = SCENARIOS / "self-evaluation-2025"
INDICATOR_HEADER = [
    "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
    "偏差原因分析及改进措施",
]  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return produce(SAMPLE, tmp_path_factory.mktemp("out"), durable=False)


def form(built: BuildResult, label: str) -> list:
    return open_document(built.directory / f"自评表-{label}.docx").tables


def test_one_form_per_project_a_summary_and_the_workbook(built: BuildResult) -> None:
    names = sorted(p.name for p in built.files)
    assert names == sorted(
        [
            "scores.json",
            "自评表-参保补助.docx",
            "自评表-医疗救助.docx",
            "自评表-信息化建设.docx",
            "部门项目支出绩效自评汇总表.docx",
            "自评表.xlsx",
        ]
    )
    data = json.loads((built.directory / "scores.json").read_text("utf-8"))
    assert [(p["name"], p["total"]) for p in data["projects"]] == [
        ("医疗救助资金项目", 96.59),
        ("城乡居民基本医疗保险参保补助项目", 96.44),
        ("医保信息化建设项目", 88.67),
    ]


def test_the_form_has_the_national_columns_and_merges(built: BuildResult) -> None:
    tables = form(built, "医疗救助")
    header_block = rows(tables[0])
    assert header_block[0][:2] == ["项目名称", "医疗救助资金项目"]
    assert header_block[1][0] == "主管部门" and "实施单位" in header_block[1]
    assert header_block[2] == [
        "项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"
    ]  # fmt: skip
    # 预算执行率 is its own row: 年度资金总额 with its 分值, 执行率 and 得分.
    assert header_block[3][1:] == [
        "年度资金总额",
        "800.00",
        "800.00",
        "760.00",
        "10",
        "95.00%",
        "9.50",
    ]
    assert header_block[4][1] == "其中：当年财政拨款" and header_block[4][5:] == ["", "96.67%", ""]
    assert header_block[5][1] == "上年结转资金"
    goals = rows(tables[1])
    assert goals[0][0] == "年度总体目标" and "预期目标" in goals[0] and "实际完成情况" in goals[0]
    table = tables[2]
    body = rows(table)
    assert body[0] == INDICATOR_HEADER
    assert body[1][1:8] == [
        "产出指标",
        "数量指标",
        "医疗救助人次",
        "≥12000人次",
        "11400人次",
        "20",
        "19.00",
    ]
    assert body[1][8].startswith("部分困难群众住院费用")
    assert body[-1][0] == "总分" and body[-1][6:8] == ["100", "96.59"]
    assert vmerge(table, 1)[1:8] == [
        "restart",
        "continue",
        "continue",
        "continue",
        "restart",
        "continue",
        "restart",
    ]
    assert vmerge(table, 2)[1:4] == ["restart", "continue", "restart"]


def test_the_summary_ranks_the_projects(built: BuildResult) -> None:
    [table] = open_document(built.directory / "部门项目支出绩效自评汇总表.docx").tables
    body = rows(table)
    assert body[0] == [
        "序号",
        "项目名称",
        "实施单位",
        "全年预算数",
        "全年执行数",
        "执行率",
        "总分",
        "等级",
    ]
    assert [r[1] for r in body[1:4]] == [
        "医疗救助资金项目",
        "城乡居民基本医疗保险参保补助项目",
        "医保信息化建设项目",
    ]
    assert body[3][5:] == ["75.00%", "88.67", "良"]
    assert body[4][3:7] == ["2,410.00", "2,210.00", "91.70%", "93.90"]


def test_every_document_passes_the_validator(built: BuildResult) -> None:
    require(validator_available(), "the Open XML SDK validator (run `npm ci`)")
    documents = [p for p in built.files if p.suffix == ".docx"]
    failing = {p.name: describe_errors(e) for p, e in validate_many(documents).items() if e}
    assert failing == {}


def test_check_reports_the_slip_in_the_claimed_total_at_its_line() -> None:
    result = CliRunner().invoke(main, ["check", str(SAMPLE)])
    assert result.exit_code == 1
    line = (
        SAMPLE.joinpath("scenario.yaml")
        .read_text("utf-8")
        .splitlines()
        .index("        total: 89.67")
        + 1
    )
    assert (
        f"scenario.yaml:{line}: RG012 error 信息化建设: the form states 总分 89.67, but its items add up to 88.67"
        in result.output
    )
    assert "RG011" not in result.output and "RG013" not in result.output


def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "dept"
    shutil.copytree(SAMPLE, folder)
    return folder


def edited(tmp_path: Path, old: str, new: str) -> Path:
    folder = copy(tmp_path)
    path = folder / "scenario.yaml"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "医疗救助人次: 19,",
            "医疗救助人次: 20,",
            "RG011 error 医疗救助 医疗救助人次: the form states 20, its values give 19",
        ),
        (
            "一站式结算覆盖: 9,",
            "一站式结算覆盖: 7,",
            "RG013 error 医疗救助 一站式结算覆盖: the form states 7, but 达成年度指标 scores 8–10",
        ),
        (
            "预算执行率: 9.5,",
            "预算执行率: 10,",
            "RG011 error 医疗救助 预算执行率: the form states 10, its 执行率 gives 9.5",
        ),
    ],
)
def test_stated_scores_that_disagree(tmp_path: Path, old: str, new: str, expected: str) -> None:
    folder = edited(tmp_path, old, new)
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 1
    assert expected in result.output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "actual: 11400人次",
            "actual: 1.14万人次",
            "实际完成值 is in 万人次, 年度指标值 ≥12000人次 in 人次",
        ),
        (
            "weight: 20\n          reason: 部分困难群众",
            "weight: 25\n          reason: 部分困难群众",
            "the 三级指标 of 产出指标 add up to 55, not its 分值 50",
        ),
        ("          score: 9\n", "          score: 7\n", "达成年度指标 scores 8–10 of 10, not 7"),
        (
            "          reason: 第四季度部分县区结算材料报送滞后；下一年度推行“一站式”即时结算。\n",
            "",
            "救助资金结算时限: 得分低于分值，须填写偏差原因分析及改进措施",
        ),
        (
            "level1: 满意度指标, level2: 服务对象满意度指标, name: 救助对象满意度",
            "level1: 满意指标, level2: 服务对象满意度指标, name: 救助对象满意度",
            "no 一级指标 '满意指标'",
        ),
    ],
)
def test_a_form_that_cannot_be_scored_is_refused_at_its_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    folder = edited(tmp_path, old, new)
    with pytest.raises(ReportgenError) as raised:
        produce(folder, tmp_path / "out", durable=False)
    assert expected in str(raised.value)
    assert "scenario.yaml:" in str(raised.value)
    assert not (tmp_path / "out" / "dept").exists()


def test_a_province_sets_its_own_weights(tmp_path: Path) -> None:
    folder = edited(
        tmp_path,
        "  department: 某市医疗保障局\n",
        "  department: 某市医疗保障局\n  weights: {产出指标: 40, 效益指标: 30, 满意度指标: 10, 预算执行率: 20}\n",
    )
    with pytest.raises(ReportgenError) as raised:
        produce(folder, tmp_path / "out", durable=False)
    assert "the 三级指标 of 产出指标 add up to 50, not its 分值 40" in str(raised.value)


def test_a_folder_of_project_files_as_an_office_collects_them(tmp_path: Path) -> None:
    import yaml

    from reportgen.yaml_writing import dump_yaml

    data = yaml.safe_load(SAMPLE.joinpath("scenario.yaml").read_text("utf-8"))
    folder = tmp_path / "dept"
    (folder / "项目").mkdir(parents=True)
    projects = data["scheme"].pop("projects")
    data["scheme"]["projects"] = projects[:1]
    data["scheme"]["project_folder"] = "项目"
    for number, project in enumerate(projects[1:], start=2):
        (folder / "项目" / f"{number:02d}.yaml").write_text(dump_yaml(project), encoding="utf-8")
    (folder / "scenario.yaml").write_text(dump_yaml(data), encoding="utf-8")
    result = produce(folder, tmp_path / "out", durable=False)
    assert [u.total for u in result.units] == [
        Decimal("96.59"),
        Decimal("96.44"),
        Decimal("88.67"),
    ]
    checked = CliRunner().invoke(main, ["check", str(folder)])
    assert checked.exit_code == 1
    text = (folder / "项目" / "03.yaml").read_text("utf-8").splitlines()
    line = next(i for i, t in enumerate(text, start=1) if t.strip() == "total: 89.67")
    assert f"项目/03.yaml:{line}: RG012 error 信息化建设" in checked.output
    broken = folder / "项目" / "02.yaml"
    broken.write_text(broken.read_text("utf-8").replace("weight: 20", "weight: 二十", 1), "utf-8")
    with pytest.raises(ReportgenError) as raised:
        produce(folder, tmp_path / "out", durable=False)
    assert "项目/02.yaml:" in str(raised.value) and "weight" in str(raised.value)


def test_a_provinces_weights_file_is_the_framework(tmp_path: Path) -> None:
    folder = edited(
        tmp_path, "kind: self_evaluation\n", "kind: self_evaluation\nframework: 权重.yaml\n"
    )
    (folder / "权重.yaml").write_text(
        "name: 某省项目支出绩效自评指标权重\n"
        "weights: {产出指标: 40, 效益指标: 30, 满意度指标: 10, 预算执行率: 20}\n",
        encoding="utf-8",
    )
    with pytest.raises(ReportgenError) as raised:
        produce(folder, tmp_path / "out", durable=False)
    assert "the 三级指标 of 产出指标 add up to 50, not its 分值 40" in str(raised.value)
    (folder / "权重.yaml").write_text(
        "name: x\nweights: {产出指标: 50, 效益指标: 30, 满意度指标: 10}\n", encoding="utf-8"
    )
    with pytest.raises(ReportgenError) as raised:
        produce(folder, tmp_path / "out", durable=False)
    assert "权重.yaml:2" in str(raised.value) and "give 预算执行率 too" in str(raised.value)
