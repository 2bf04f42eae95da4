"""The scenario as an Excel workbook: every shipped scenario there and back, edits as a
consultant makes them, and every mistake placed at its cell."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SCENARIOS
from docx_reading import full_text, open_document
from openpyxl import Workbook, load_workbook

from reportgen.api import score
from reportgen.build import produce
from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.schemes.performance_report import REPORT_FILE
from reportgen.workbook.convert import folder_to_workbook, workbook_to_folder

SHIPPED = sorted(p.name for p in SCENARIOS.iterdir() if (p / "scenario.yaml").is_file())


def built(source: Path, out: Path) -> dict[str, str | bytes]:
    """What a build writes, as a reviewer compares it: scores.json as bytes, documents as text."""
    result = produce(source, out, durable=False)
    found: dict[str, str | bytes] = {}
    for path in result.files:
        if path.suffix == ".docx":
            found[path.name] = full_text(open_document(path))
        elif path.suffix == ".json":
            found[path.name] = path.read_bytes()
    return found


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_goes_to_a_workbook_and_back_unchanged(
    name: str, tmp_path: Path
) -> None:
    original = built(SCENARIOS / name, tmp_path / "out-yaml")
    workbook = folder_to_workbook(SCENARIOS / name, tmp_path / "wb" / name)
    assert workbook.name == "scenario.xlsx"
    from_workbook = built(workbook.parent, tmp_path / "out-xlsx")
    assert from_workbook.keys() == original.keys()
    for file, content in original.items():
        assert from_workbook[file] == content, file
    folder = workbook_to_folder(workbook, tmp_path / "back" / name).parent
    assert (folder / "scenario.yaml").is_file()
    assert built(folder, tmp_path / "out-back") == original


def benxi_workbook(tmp_path: Path) -> Path:
    return folder_to_workbook(SCENARIOS / "benxi-2022", tmp_path / "benxi-2022")


def test_the_workbook_explains_itself_and_offers_its_choices(tmp_path: Path) -> None:
    book = load_workbook(benxi_workbook(tmp_path))
    assert book.sheetnames[:5] == ["说明", "项目信息", "数据表", "数据", "指标体系"]
    for name in ("评分", "正文", "问题", "建议"):
        assert name in book.sheetnames
    tree = book["指标体系"]
    headers = [c.value for c in tree[1]]
    assert headers[:4] == ["序号", "一级指标", "二级指标", "三级指标"]
    assert all(cell.comment is not None for cell in tree[1])
    assert "评分标准" in tree["H1"].comment.text or "评分标准" in headers
    rows = list(tree.iter_rows(min_row=2, values_only=True))
    assert rows[0][1:5] == ("决策", None, None, 25)
    assert rows[2][3] == "立项依据充分性" and rows[2][8] == "deduct_per_item"
    lists = {str(v.sqref): v.formula1 for v in tree.data_validations.dataValidation}
    assert any("deduct_per_item" in f and "checkpoints" in f for f in lists.values())
    found = book["评分"]
    validations = {str(v.sqref): v.formula1 for v in found.data_validations.dataValidation}
    assert any("失分要点" in f and "档次" in f for f in validations.values())
    failed = next(
        r
        for r in found.iter_rows(min_row=2)
        if r[1].value == "管理制度健全性" and r[2].value == "失分要点"
    )
    point_lists = [f for cells, f in validations.items() if cells == failed[3].coordinate]
    assert point_lists == ['"业务管理制度,资金管理制度,考核管理制度"']


def edit(workbook: Path, sheet: str, cell: str, value: object) -> None:
    book = load_workbook(workbook)
    book[sheet][cell] = value
    book.save(workbook)


def row_of(workbook: Path, sheet: str, column: int, value: str, what: str | None = None) -> int:
    """The first row whose `column` holds `value` (and, on 评分, whose 项目 is `what`)."""
    book = load_workbook(workbook)
    for row in book[sheet].iter_rows(min_row=2):
        if row[column].value == value and (what is None or row[2].value == what):
            return row[0].row
    raise AssertionError(f"no {value} in {sheet}")


def test_a_consultants_edit_changes_the_score(tmp_path: Path) -> None:
    workbook = benxi_workbook(tmp_path)
    row = row_of(workbook, "评分", 1, "项目实施是否产生直接或间接经济效益", "评分")
    edit(workbook, "评分", f"E{row}", 5)
    edit(
        workbook, "评分", f"F{row}", "赔付减轻负担的效果未作测算"
    )  # a lower 酌情评分 needs its reason
    assert score(workbook.parent).total == Decimal("94")
    assert score(workbook).total == Decimal("94")  # the workbook itself names the scenario


@pytest.mark.parametrize(
    ("sheet", "find", "column", "value", "expected"),
    [
        ("指标体系", (3, "参保人数"), "E", "六分", "!指标体系!E{row} 分值: expected a number"),
        (
            "评分",
            (1, "成本控制"),
            "B",
            "成本空制",
            "!评分!B{row} 指标: no leaf indicator '成本空制'; did you mean 成本控制?",
        ),
        ("数据", (1, "赔付人次"), "D", "许多", "!数据!D{row} 值: expected a number"),
        (
            "评分",
            (1, "成本控制"),
            "K",
            "待核实",
            "!评分!K{row}: a value in a column without a header",
        ),
        (
            "指标体系",
            (3, "资料审核准确性"),
            "I",
            "deduct_each",
            "!指标体系!I{row} 规则: unknown rule 'deduct_each'",
        ),
    ],
)
def test_a_mistake_is_placed_at_its_cell(
    tmp_path: Path,
    sheet: str,
    find: tuple[int, str],
    column: str,
    value: object,
    expected: str,
) -> None:
    workbook = benxi_workbook(tmp_path)
    row = row_of(workbook, sheet, *find)
    edit(workbook, sheet, f"{column}{row}", value)
    result = CliRunner().invoke(main, ["build", str(workbook.parent), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "scenario.xlsx" + expected.format(row=row) in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "benxi-2022").exists()


def test_an_unknown_column_and_a_count_that_is_no_number(tmp_path: Path) -> None:
    workbook = benxi_workbook(tmp_path)
    edit(workbook, "评分", "G1", "备注栏")
    with pytest.raises(ReportgenError) as raised:
        score(workbook.parent)
    assert "scenario.xlsx!评分!G1: unknown column '备注栏'" in str(raised.value)


HAND_MADE = [
    ["一级指标", "二级指标", "三级指标", "分值", "评分标准"],
    ["决策", "项目立项", "立项依据充分性", 5, "符合得满分，每有1点不符合，扣2分，扣完为止。"],
    ["决策", "项目立项", "立项程序规范性", 5, "立项程序规范得5分；否则不得分"],
    ["决策", "资金管理", "资金使用合规性", 10, "建立资金管理制度，得4分；资金拨付有审批，得6分。"],
    ["效益", None, "满意度", 80, "满意度≥90%得满分，否则按比例计算得分"],
]


def test_a_hand_made_workbook_with_repeated_groups_and_rules_from_the_standards(
    tmp_path: Path,
) -> None:
    """The layout a consultant types: 一级/二级 repeated on every row, no 序号, no 规则, no
    分值 for the groups, findings by indicator name."""
    folder = tmp_path / "县大病2024"
    folder.mkdir()
    book = Workbook()
    info = book.active
    info.title = "项目信息"
    info.append(["字段", "值"])
    info.append(["项目名称", "某县大病保险项目"])
    info.append(["评价年度", 2024])
    tree = book.create_sheet("指标体系")
    for row in HAND_MADE:
        tree.append(row)
    found = book.create_sheet("评分")
    found.append(["指标", "项目", "名称", "数值", "内容"])
    found.append(["立项依据充分性", "问题", None, None, "未附可行性研究报告"])
    found.append(["资金使用合规性", "失分要点", "②", None, "3笔资金拨付无审批记录"])
    found.append(["满意度", "实测值", "满意度", 81, None])
    book.save(folder / "评价.xlsx")
    report = score(folder)
    by_name = {node.name: node for node in report.walk()}
    assert by_name["决策"].weight == Decimal(20) and by_name["效益"].weight == Decimal(80)
    assert by_name["立项依据充分性"].score == Decimal(3)
    assert by_name["资金使用合规性"].score == Decimal(4)
    assert by_name["满意度"].score == Decimal("72")
    assert report.total == Decimal(84)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--allow-findings"])
    assert result.exit_code == 0, result.output
    assert (out / "县大病2024" / REPORT_FILE).is_file()


def test_a_standard_no_rule_can_be_read_from_asks_for_the_rule_at_its_cell(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    book = Workbook()
    book.active.title = "项目信息"
    book.active.append(["字段", "值"])
    book.active.append(["项目名称", "某项目"])
    tree = book.create_sheet("指标体系")
    tree.append(["一级指标", "三级指标", "分值", "评分标准"])
    tree.append(["决策", None, 100, None])
    tree.append([None, "制度建设", 100, "落实好各项工作要求"])
    book.save(folder / "scenario.xlsx")
    with pytest.raises(ReportgenError) as raised:
        score(folder)
    assert "scenario.xlsx!指标体系!D3 评分标准: 制度建设: no rule can be read" in str(raised.value)


def test_convert_never_overwrites_without_force(tmp_path: Path) -> None:
    destination = tmp_path / "wb"
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(SCENARIOS / "benxi-2022"), "-o", str(destination)])
    assert result.exit_code == 0, result.output
    edit(destination / "scenario.xlsx", "项目信息", "B3", "本溪项目")
    result = runner.invoke(main, ["convert", str(SCENARIOS / "benxi-2022"), "-o", str(destination)])
    assert result.exit_code == 2 and "already exists; give --force" in result.output
    assert load_workbook(destination / "scenario.xlsx")["项目信息"]["B3"].value == "本溪项目"
    result = runner.invoke(
        main, ["convert", str(SCENARIOS / "benxi-2022"), "-o", str(destination), "--force"]
    )
    assert result.exit_code == 0


def test_a_workbook_that_does_not_load_is_not_converted(tmp_path: Path) -> None:
    workbook = benxi_workbook(tmp_path)
    edit(workbook, "指标体系", "E2", "二十五")
    result = CliRunner().invoke(main, ["convert", str(workbook), "-o", str(tmp_path / "back")])
    assert result.exit_code == 2
    assert "!指标体系!E2 分值" in result.output
    assert not (tmp_path / "back").exists()


def test_batch_and_check_find_workbook_scenarios(tmp_path: Path) -> None:
    tree = tmp_path / "scenarios"
    tree.mkdir()
    folder_to_workbook(SCENARIOS / "benxi-2022", tree / "benxi-2022")
    shutil.copytree(SCENARIOS / "minhang-streets-2024", tree / "minhang-streets-2024")
    shutil.copytree(SCENARIOS / "frameworks", tree / "frameworks")
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(tree)])
    assert "checked" in result.output and "benxi-2022/scenario.xlsx" in result.output
    result = runner.invoke(main, ["batch", str(tree), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "benxi-2022" / REPORT_FILE).is_file()


def test_a_formula_excel_never_calculated_is_named_at_its_cell(tmp_path: Path) -> None:
    workbook = benxi_workbook(tmp_path)
    row = row_of(workbook, "数据", 1, "赔付人次")
    edit(workbook, "数据", f"D{row}", "=30000+3993")  # written by a program: no value cached
    with pytest.raises(ReportgenError) as raised:
        score(workbook.parent)
    assert f"scenario.xlsx!数据!D{row}: a formula Excel has not calculated" in str(raised.value)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("scheme.units[5].name", "x", "[5] comes before [0]"),
        ("scheme..name", "x", "is not a path"),
        ("findings.成本控制", "x", "belongs on its own sheet"),
    ],
)
def test_a_bad_parameter_row_is_placed_at_its_cell(
    tmp_path: Path, path: str, value: str, expected: str
) -> None:
    workbook = benxi_workbook(tmp_path)
    book = load_workbook(workbook)
    sheet = book.create_sheet("方案参数")
    sheet.append(["路径", "值"])
    sheet.append([path, value])
    book.save(workbook)
    with pytest.raises(ReportgenError) as raised:
        score(workbook.parent)
    assert "scenario.xlsx!方案参数!" in str(raised.value) and expected in str(raised.value)


def test_rule_parameters_that_are_no_yaml_and_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    workbook = benxi_workbook(tmp_path)
    row = row_of(workbook, "指标体系", 3, "资料审核准确性")
    edit(workbook, "指标体系", f"J{row}", "{per_item: [1,")
    result = CliRunner().invoke(main, ["score", str(workbook.parent)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        f"scenario.xlsx!指标体系!J{row}" in result.output and "YAML syntax error" in result.output
    )
    (workbook.parent / "scenario.xlsx").write_bytes(b"not a workbook at all")
    result = CliRunner().invoke(main, ["score", str(workbook.parent)])
    assert result.exit_code == 2 and "is not an .xlsx workbook" in result.output
