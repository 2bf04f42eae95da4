"""`reportgen check`: one test per code, the seed as typed, the shipped scenarios."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from reportgen.build import template_sections
from reportgen.check import CODES, check_scenario, known_codes
from reportgen.check import reasons as reasons_family
from reportgen.check.reading import read_input
from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.narrative.build import PROSE_KEYS
from reportgen.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "benxi-as-typed"
SHIPPED = sorted(p.parent for p in (ROOT / "scenarios").glob("*/scenario.yaml"))

BASE: dict[str, Any] = {
    "project": {"name": "甲市居民医疗救助资金承办项目", "short_name": "居民医疗救助资金"},
    "indicators": [
        {
            "name": "产出",
            "weight": 60,
            "children": [
                {
                    "name": "数量指标",
                    "weight": 60,
                    "children": [
                        {
                            "name": "覆盖率",
                            "weight": 60,
                            "standard": "符合要点①得30分；符合要点②得30分。",
                            "rule": {
                                "type": "checkpoints",
                                "points": [
                                    {"id": "①", "text": "覆盖到乡镇", "points": 30},
                                    {"id": "②", "text": "覆盖到村", "points": 30},
                                ],
                            },
                        }
                    ],
                }
            ],
        },
        {
            "name": "过程",
            "weight": 40,
            "children": [
                {
                    "name": "管理",
                    "weight": 40,
                    "children": [
                        {
                            "name": "制度",
                            "weight": 40,
                            "standard": "每有1处不符合扣10分。",
                            "rule": {"type": "deduct_per_item", "per_item": 10},
                        }
                    ],
                }
            ],
        },
    ],
    "data": {"收支": {"unit": "元", "items": [{"key": "保费收入", "value": 12345678}]}},
    "findings": {},
    # Every section the shipped report template always shows (all but the optional 绩效目标),
    # written: RG902 otherwise.
    "narrative": {key: "无。" for key in PROSE_KEYS if key != "goals"},
}


def leaf(data: dict[str, Any], name: str) -> dict[str, Any]:
    for top in data["indicators"]:
        for second in top["children"]:
            for third in second["children"]:
                if third["name"] == name:
                    return third
    raise KeyError(name)


def write(tmp_path: Path, change: Any = None) -> Path:
    data = copy.deepcopy(BASE)
    if change:
        change(data)
    folder = tmp_path / "case"
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    return folder


def codes(folder: Path) -> set[str]:
    return {finding.code for finding in check_scenario(folder)}


def lose_in_制度(data: dict[str, Any]) -> None:
    data["findings"]["制度"] = {"items": ["未建立台账"]}


def test_the_minimal_scenario_is_clean(tmp_path: Path) -> None:
    assert check_scenario(write(tmp_path), sections_of=template_sections) == []


CASES: dict[str, Any] = {
    "RG101": lambda d: (
        d["indicators"][0].update(weight=60) or d["indicators"][0]["children"][0].update(weight=50)
    ),
    "RG102": lambda d: d.update(scale=120),
    "RG201": lambda d: leaf(d, "覆盖率")["rule"]["points"][1].update(points=20),
    "RG202": lambda d: (
        leaf(d, "覆盖率").update(
            standard="",
            rule={
                "type": "tiers",
                "tiers": [{"label": "高", "points": 70}, {"label": "低", "points": 0}],
            },
        ),
        d["findings"].update({"覆盖率": {"tier": "高"}}),
    ),
    "RG203": lambda d: leaf(d, "制度").update(
        standard="", rule={"type": "deduct_per_item", "per_item": 50}
    ),
    "RG204": lambda d: leaf(d, "制度").update(standard="每有1处不符合扣5分。"),
    "RG205": lambda d: leaf(d, "制度").update(standard="每发现一例扣分。"),
    "RG206": lambda d: leaf(d, "覆盖率").update(
        explanation="①是否覆盖到乡镇；②是否覆盖到村；③是否覆盖到组。"
    ),
    "RG302": lose_in_制度,
    "RG303": lambda d: d.update(problems=[{"title": "制度不全", "indicators": []}]),
    "RG304": lambda d: d.update(
        problems=[{"title": "覆盖不足", "indicators": ["覆盖率"]}],
        recommendations=[{"title": "扩大覆盖", "problems": ["覆盖不足"]}],
    ),
    "RG401": lambda d: d["findings"].update({"覆盖率": {"remark": "该项指标满分50分。"}}),
    "RG402": lambda d: d["findings"].update({"覆盖率": {"remark": "该项指标实际得分50分。"}}),
    "RG403": lambda d: d["narrative"].update(analysis="产出指标得分率为90%。"),
    "RG404": lambda d: d["narrative"].update(analysis="综合得分为100.00分，评价等级为“良”。"),
    "RG405": lambda d: d["narrative"].update(analysis="产出指标下设2个二级指标，1个三级指标。"),
    "RG406": lambda d: d["narrative"].update(funds="保费收入1,234.00万元。"),
    "RG407": lambda d: d["narrative"].update(funds="保费收入12,345,678万元。"),
    "RG501": lambda d: d["narrative"].update(methods="1.评价原则\n3.评价方法"),
    "RG502": lambda d: d["narrative"].update(analysis="（一）项目产出情况\n2.数量指标"),
    "RG601": lambda d: d["findings"].update({"覆盖率": {"remark": "验收尚未结束，暂按满分处理。"}}),
    "RG701": lambda d: (
        d["indicators"][0].update(weight=50)
        or d["indicators"][0]["children"][0].update(weight=50)
        or leaf(d, "覆盖率").update(
            weight=50, standard="", rule={"type": "deduct_per_item", "per_item": 10}
        )
        or d["indicators"][1].update(weight=50)
        or d["indicators"][1]["children"][0].update(weight=50)
        or leaf(d, "制度").update(weight=50, standard="")
    ),
    "RG801": lambda d: d["narrative"].update(background="实行甲市居民医疗救助资金项目。"),
    "RG901": lambda d: d["narrative"].update(backgroud="项目概况。"),
    "RG902": lambda d: d["narrative"].pop("principles"),
    "RG802": lambda d: leaf(d, "制度").update(explanation="评价应急救护培训项目的管理制度。"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_is_reported_for_its_slip(tmp_path: Path, code: str) -> None:
    found = check_scenario(write(tmp_path, CASES[code]), sections_of=template_sections)
    assert code in {f.code for f in found}
    assert all(f.severity == CODES[f.code].severity for f in found)


def test_a_name_spelled_differently_is_drift(tmp_path: Path) -> None:
    folder = write(tmp_path, lambda d: d["narrative"].update(scope="评价居民医疗救济资金的使用。"))
    [finding] = check_scenario(folder)
    assert finding.code == "RG801"
    assert "居民医疗救济资金" in finding.message


def test_lost_points_without_a_reason(tmp_path: Path) -> None:
    """RG301: the scorer always gives a reason, so the family is tested on a stripped node."""
    target = read_input(write(tmp_path, lose_in_制度))
    target.scored["制度"].reasons = ["未达到评分标准，少得10分"]
    assert [f.code for f in reasons_family.check(target)] == ["RG301", "RG302"]
    target.scored["制度"].reasons = []
    assert "RG301" in {f.code for f in reasons_family.check(target)}


def test_every_code_is_tested_and_documented_in_its_module() -> None:
    import importlib

    # RG001: tests/test_check_schemes.py; RG011–RG013: tests/test_self_evaluation.py
    tested = set(CASES) | {"RG301", "RG001", "RG011", "RG012", "RG013"}
    assert tested == set(CODES)
    for code in known_codes():
        doc = importlib.import_module(code.module).__doc__ or ""
        assert f"{code.code} ({code.severity})" in doc, code.code


# Every slip of seed 004 listed at the top of the fixture, with its place.
SEED_SLIPS = {
    ("RG101", "framework.yaml", 200),
    ("RG101", "framework.yaml", 208),
    ("RG201", "framework.yaml", 102),
    ("RG201", "framework.yaml", 116),
    ("RG204", "framework.yaml", 44),
    ("RG205", "framework.yaml", 174),
    ("RG206", "framework.yaml", 87),
    ("RG802", "framework.yaml", 39),
    ("RG701", "framework.yaml", 7),
    ("RG401", "scenario.yaml", 117),
    ("RG402", "scenario.yaml", 117),
    ("RG407", "scenario.yaml", 111),
    ("RG406", "scenario.yaml", 195),
    ("RG501", "scenario.yaml", 149),
    ("RG501", "scenario.yaml", 179),
    ("RG502", "scenario.yaml", 179),
    ("RG502", "scenario.yaml", 182),
    ("RG502", "scenario.yaml", 183),
    ("RG801", "scenario.yaml", 132),
    ("RG601", "scenario.yaml", 102),
    ("RG901", "scenario.yaml", 165),
    ("RG902", "scenario.yaml", 128),
}


def test_the_seed_as_typed_reports_every_listed_slip() -> None:
    found = check_scenario(FIXTURE, sections_of=template_sections)
    assert {(f.code, Path(f.file).name, f.line) for f in found} == SEED_SLIPS
    mismatches = [f for f in found if f.code == "RG406"]
    assert [m.hint for m in mismatches] == [
        "the data gives 居民大病.保费收入 = 3,776.75万元",
        "the data gives 居民大病.盈亏 = 30.24万元",
    ]


def test_the_fixture_lists_each_slip_it_reports() -> None:
    header = FIXTURE.joinpath("scenario.yaml").read_text(encoding="utf-8").split("project:")[0]
    listed = set(re.findall(r"RG\d{3}", header))
    assert listed == {code for code, _, _ in SEED_SLIPS}


def test_the_loader_still_refuses_what_check_reports() -> None:
    with pytest.raises(ReportgenError, match="children's weights add up to 6, not 12"):
        load_scenario(FIXTURE)


# The 自评 sample states a 总分 its own items do not add up to, for `check` to find.
DELIBERATE = {"self-evaluation-2025": {"RG012"}}


@pytest.mark.parametrize("folder", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_scenario_passes(folder: Path) -> None:
    found = check_scenario(folder)
    errors = {f.code for f in found if f.severity == "error"}
    assert errors == DELIBERATE.get(folder.name, set()), [str(f) for f in found]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_exit_codes(tmp_path: Path) -> None:
    assert invoke("check", str(write(tmp_path))).exit_code == 0
    assert invoke("check", str(write(tmp_path / "a", CASES["RG101"]))).exit_code == 1
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "scenario.yaml").write_text("project: [\n", encoding="utf-8")
    result = invoke("check", str(broken))
    assert result.exit_code == 2
    assert "YAML syntax error" in result.output


def test_cli_prints_file_line_code_severity_message_and_hint() -> None:
    result = invoke("check", str(FIXTURE))
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if " RG401 " in x)
    assert re.fullmatch(
        r".*scenario\.yaml:117: RG401 error 资金拨付及时率: .*满分5分.* 7 \(.+\)", line
    )


def test_cli_strict_makes_warnings_errors(tmp_path: Path) -> None:
    folder = write(tmp_path, CASES["RG303"])
    assert invoke("check", str(folder)).exit_code == 0
    result = invoke("check", "--strict", str(folder))
    assert result.exit_code == 1
    assert "RG303 error" in result.output


def test_cli_json(tmp_path: Path) -> None:
    result = invoke("check", "--json", str(write(tmp_path, CASES["RG407"])))
    assert result.exit_code == 1
    [finding] = json.loads(result.output)
    assert finding["code"] == "RG407"
    assert finding["line"] is not None
    assert finding["field"] == "narrative.funds"
    assert finding["hint"] == "the data gives 收支.保费收入 = 12,345,678元"


def test_cli_lists_the_codes() -> None:
    result = invoke("check", "--list-codes")
    assert result.exit_code == 0
    assert all(code in result.output for code in CODES)


def test_cli_checks_the_whole_scenarios_tree() -> None:
    result = invoke("check", str(ROOT / "scenarios"))
    assert result.exit_code == 1, result.output  # the 自评 sample's deliberate slip
    errors = [line for line in result.output.splitlines() if " error " in line]
    assert errors and all("self-evaluation-2025" in e and "RG012" in e for e in errors)


def test_the_check_core_knows_nothing_of_the_command_line() -> None:
    from tests.test_architecture import OUTSIDE, imports_of

    offenders = {
        f"{path.name} imports {name}"
        for path in (ROOT / "reportgen" / "check").glob("*.py")
        for name in imports_of(path)
        if any(name == o or name.startswith(o + ".") for o in OUTSIDE)
    }
    assert not offenders, sorted(offenders)


def test_build_stops_on_a_contradiction_unless_findings_are_allowed(tmp_path: Path) -> None:
    """The prose says 综合得分为89.05分 while the total is 95.00: `build` prints the finding
    with its line, writes nothing and exits 1; with --allow-findings it builds."""
    import shutil

    shutil.copytree(ROOT / "scenarios" / "frameworks", tmp_path / "frameworks")
    scenario = tmp_path / "benxi-2022"
    shutil.copytree(ROOT / "scenarios" / "benxi-2022", scenario)
    path = scenario / "scenario.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    [index] = [i for i, line in enumerate(lines) if line.startswith("  achievements: ")]
    lines[index] = lines[index].replace("achievements: ", "achievements: 综合得分为89.05分。", 1)
    path.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", str(scenario), "-o", str(out))
    assert result.exit_code == 1
    assert (
        f"scenario.yaml:{index + 1}: RG402 error the prose says 综合得分为89.05分" in result.output
    )
    assert "benxi-2022: not built" in result.output and not out.exists()
    allowed = invoke("build", str(scenario), "-o", str(out), "--allow-findings")
    assert allowed.exit_code == 0 and "RG402 error" in allowed.output
    assert (out / "benxi-2022" / "绩效评价报告.docx").is_file()


def test_a_grade_sentence_about_a_dimension_is_compared_with_its_grade(tmp_path: Path) -> None:
    """过程 loses 10 of its 40 points (75 %, 中) while the whole scores 90 (优): each claim is
    compared with the grade of what it names."""

    def claims(data: dict[str, Any]) -> None:
        lose_in_制度(data)
        data["narrative"]["achievements"] = (
            "过程指标得分率为75%，评价等级为“中”。产出指标评价等级为“良”。综合评价等级为“优”。"
        )

    found = [f for f in check_scenario(write(tmp_path, claims)) if f.code == "RG404"]
    assert [f.message for f in found] == [
        "the prose says 评价等级为“良”, but the grade of 产出 is “优”"
    ]


def test_grades_named_by_the_scenario_are_read(tmp_path: Path) -> None:
    def lettered(data: dict[str, Any]) -> None:
        data["grades"] = [{"name": "优(A)", "min": 90}, {"name": "良(B)", "min": 0}]
        data["narrative"]["achievements"] = "综合评价等级为“良(B)”。"

    [found] = [f for f in check_scenario(write(tmp_path, lettered)) if f.code == "RG404"]
    assert found.message == "the prose says 评价等级为“良(B)”, but the grade is “优(A)”"
