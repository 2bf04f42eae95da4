"""One display setting: a scenario's score decimals hold in every table, sentence, workbook
and message it produces, and end with it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import BENXI
from docx_reading import full_text, open_document
from openpyxl import load_workbook

from reportgen.build import produce
from reportgen.check.runner import check_scenarios
from reportgen.cli import main
from reportgen.schemes.performance_report import REPORT_FILE, WORKBOOK_FILE


def with_decimals(folder: Path, decimals: int, where: str = "scenario.yaml") -> None:
    path = folder / where if where == "scenario.yaml" else folder.parent / "frameworks" / where
    path.write_text(f"score_decimals: {decimals}\n" + path.read_text("utf-8"), encoding="utf-8")


def test_one_decimal_everywhere_a_score_is_written(benxi_copy: Path, tmp_path: Path) -> None:
    with_decimals(benxi_copy, 1)
    result = produce(benxi_copy, tmp_path / "out", durable=False)
    text = full_text(open_document(result.directory / REPORT_FILE))
    assert "综合得分为95.0分" in text
    assert "该项指标满分6分，实际得分4.0分。" in text  # the weight as the standard states it
    assert "决策指标分值为25分，得分25.0分" in text
    sheet = load_workbook(result.directory / WORKBOOK_FILE).active
    values = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "4.0" in values and "4.00" not in values
    output = CliRunner().invoke(main, ["score", str(benxi_copy)]).output
    assert "综合得分 95.0 / 100" in output


def test_the_next_scenario_starts_from_the_default(benxi_copy: Path, tmp_path: Path) -> None:
    with_decimals(benxi_copy, 0)
    produce(benxi_copy, tmp_path / "zero", durable=False)
    result = produce(BENXI, tmp_path / "default", durable=False)
    assert "综合得分为95.00分" in full_text(open_document(result.directory / REPORT_FILE))


def test_a_framework_sets_it_for_its_scenarios_and_a_check_message_follows(
    benxi_copy: Path,
) -> None:
    with_decimals(benxi_copy, 1, "benxi-insurance-contract.yaml")
    scenario = benxi_copy / "scenario.yaml"
    text = scenario.read_text("utf-8")
    scenario.write_text(
        text.replace(
            "    remark: 本溪市城乡居民大病保险及职工大额医疗费用补助保险实施后",
            "    remark: 该项指标实际得分5分。本溪市城乡居民大病保险及职工大额医疗费用补助保险实施后",
            1,
        ),
        encoding="utf-8",
    )
    run = check_scenarios([benxi_copy])
    messages = [f.message for f in run.findings if f.code == "RG402"]
    assert any("its score is 6.0" in m for m in messages), messages


def test_the_command_line_builds_from_what_its_check_loaded_with_its_decimals(
    benxi_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    from reportgen.schemes import performance_report

    with_decimals(benxi_copy, 1)
    reference = produce(benxi_copy, tmp_path / "reference").directory

    def loaded_again(*args: object) -> None:
        raise AssertionError("the build loaded the scenario the check had loaded")

    monkeypatch.setattr(performance_report, "load_scenario", loaded_again)
    result = CliRunner().invoke(main, ["build", str(benxi_copy), "-o", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    built = tmp_path / "cli" / benxi_copy.name
    for name in (REPORT_FILE, WORKBOOK_FILE, "scores.json"):
        assert (built / name).read_bytes() == (reference / name).read_bytes(), name


def test_a_scenario_whose_sums_do_not_hold_is_refused_by_the_build_as_ever(
    benxi_copy: Path, tmp_path: Path
) -> None:
    """The check scores a view whose sums hold, to say what else it finds; the build must not
    take that view for the scenario, whose loading refuses the sums."""
    framework = benxi_copy.parent / "frameworks" / "benxi-insurance-contract.yaml"
    text = framework.read_text("utf-8")
    framework.write_text(text.replace("        weight: 10\n", "        weight: 11\n", 1), "utf-8")
    arguments = ["build", str(benxi_copy), "-o", str(tmp_path / "cli"), "--allow-findings"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2, result.output
    assert "项目立项: children's weights add up to 10, not 11" in result.output
    assert not (tmp_path / "cli" / benxi_copy.name).exists()
