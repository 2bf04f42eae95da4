"""Each kind of bad input ends with a located message and exit code 2, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.scenario.loader import load_scenario

MINIMAL_FRAMEWORK = """
name: 测试指标体系
scale: 10
indicators:
  - name: 决策
    weight: 10
    children:
      - name: 立项依据充分性
        weight: 6
        rule: {type: deduct_per_item, per_item: 2}
      - name: 服务费用规范性
        weight: 4
        rule:
          type: checkpoints
          points:
            - {id: ①, text: 计价依据充分, points: 2}
            - {id: ②, text: 费用测算规范, points: 2}
"""

MINIMAL_SCENARIO = """
project:
  name: 测试项目
framework: ../frameworks/test.yaml
"""


def run_score(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["score", str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(ReportgenError) as caught:
        load_scenario(folder)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def scenario(write_scenario):
    def make(
        scenario_text: str = MINIMAL_SCENARIO, framework_text: str = MINIMAL_FRAMEWORK
    ) -> Path:
        folder = write_scenario({"scenario.yaml": scenario_text})
        (folder.parent / "frameworks").mkdir(exist_ok=True)
        (folder.parent / "frameworks" / "test.yaml").write_text(framework_text, encoding="utf-8")
        return folder

    return make


def test_minimal_scenario_scores(scenario) -> None:
    code, output = run_score(scenario())
    assert code == 0, output
    assert "综合得分 10.00 / 10" in output


def test_yaml_syntax_error_names_file_and_line(scenario) -> None:
    folder = scenario("project:\n  name: [测试项目\nframework: x\n")
    code, output = run_score(folder)
    assert code == 2
    assert re.search(r"scenario\.yaml:3: YAML syntax error", output), output
    assert "Traceback" not in output


def test_weight_written_as_text(scenario) -> None:
    folder = scenario(framework_text=MINIMAL_FRAMEWORK.replace("weight: 6", 'weight: "6"'))
    code, output = run_score(folder)
    assert code == 2
    assert re.search(
        r'test\.yaml:9 indicators\[0\]\.children\[0\]\.weight: expected a number, got text "6"',
        output,
    ), output


def test_unknown_rule_lists_the_known_ones(scenario) -> None:
    folder = scenario(framework_text=MINIMAL_FRAMEWORK.replace("deduct_per_item", "deduct_each"))
    code, output = run_score(folder)
    assert code == 2
    assert re.search(
        r"test\.yaml:10 indicators\[0\]\.children\[0\]\.rule\.type: unknown rule 'deduct_each'",
        output,
    ), output
    assert "checkpoints" in output and "deduct_per_item" in output


def test_missing_framework_file(scenario) -> None:
    folder = scenario(MINIMAL_SCENARIO.replace("test.yaml", "absent.yaml"))
    code, output = run_score(folder)
    assert code == 2
    assert re.search(
        r"scenario\.yaml:3 framework: referenced file not found: .*absent\.yaml", output
    ), output


def test_path_leaving_the_scenarios_tree_is_refused(scenario) -> None:
    folder = scenario(MINIMAL_SCENARIO.replace("../frameworks/test.yaml", "../../../../etc/passwd"))
    assert any("leaves the scenarios tree" in e for e in errors_of(folder))


def test_missing_data_file(scenario) -> None:
    folder = scenario(MINIMAL_SCENARIO + "data:\n  资金:\n    file: data/funds.xlsx\n")
    messages = errors_of(folder)
    assert any(
        re.search(r"scenario\.yaml:6 data\.资金\.file: referenced file not found", m)
        for m in messages
    ), messages


def test_weights_that_do_not_add_up(scenario) -> None:
    folder = scenario(framework_text=MINIMAL_FRAMEWORK.replace("weight: 4", "weight: 5"))
    messages = errors_of(folder)
    assert any("决策: children's weights add up to 11, not 10" in m for m in messages), messages
    assert any("一级指标 weights add up to 10" not in m for m in messages)


def test_scale_mismatch(scenario) -> None:
    folder = scenario(framework_text=MINIMAL_FRAMEWORK.replace("scale: 10", "scale: 100"))
    assert any(
        "一级指标 weights add up to 10, but the scale is 100" in m for m in errors_of(folder)
    )


def test_unknown_key_lists_the_known_ones(scenario) -> None:
    folder = scenario(MINIMAL_SCENARIO.replace("  name: 测试项目", "  name: 测试项目\n  nmae: x"))
    messages = errors_of(folder)
    assert any(
        re.search(r"scenario\.yaml:3 project\.nmae: unknown key 'nmae'; expected one of: name, ", m)
        for m in messages
    ), messages


def test_all_errors_are_reported_at_once(scenario) -> None:
    framework = MINIMAL_FRAMEWORK.replace("weight: 6", 'weight: "6"').replace(
        "checkpoints", "checkpoint"
    )
    messages = errors_of(scenario(framework_text=framework))
    assert len(messages) >= 2
    assert any("expected a number" in m for m in messages)
    assert any("unknown rule 'checkpoint'" in m for m in messages)


def test_unknown_parameter_of_a_rule(scenario) -> None:
    folder = scenario(
        framework_text=MINIMAL_FRAMEWORK.replace("per_item: 2", "per_item: 2, cap: 3")
    )
    messages = errors_of(folder)
    assert any(
        re.search(r"test\.yaml:\d+ indicators\[0\]\.children\[0\]\.rule\.cap: unknown key 'cap'", m)
        for m in messages
    ), messages


def test_findings_for_an_unknown_indicator(scenario) -> None:
    folder = scenario(MINIMAL_SCENARIO + "findings:\n  立项依据充分:\n    items: [未论证]\n")
    messages = errors_of(folder)
    assert any(
        re.search(
            r"scenario\.yaml:5 findings\.立项依据充分: no leaf indicator '立项依据充分'; did you mean 立项依据充分性",
            m,
        )
        for m in messages
    ), messages


def test_findings_of_the_wrong_type(scenario) -> None:
    folder = scenario(MINIMAL_SCENARIO + "findings:\n  立项依据充分性:\n    items: 未论证\n")
    messages = errors_of(folder)
    assert any(
        re.search(r"scenario\.yaml:6 findings\.立项依据充分性\.items: ", m) for m in messages
    ), messages


def test_derived_value_with_an_unknown_name(scenario) -> None:
    data = "data:\n  资金:\n    items:\n      - {key: 收入, value: 100}\n      - {key: 利润, expr: 收人 * 0.03}\n"
    messages = errors_of(scenario(MINIMAL_SCENARIO + data))
    assert any(
        re.search(r"scenario\.yaml:8 data\.资金\.items\[1\]\.expr: .*收人", m) for m in messages
    ), messages


def test_data_item_needs_exactly_one_of_value_and_expr(scenario) -> None:
    data = "data:\n  资金:\n    items:\n      - {key: 收入, value: 100, expr: 1 + 1}\n"
    messages = errors_of(scenario(MINIMAL_SCENARIO + data))
    assert any("give either `value` or `expr`" in m for m in messages), messages


def test_duplicate_key_in_yaml(scenario) -> None:
    folder = scenario("project:\n  name: a\n  name: b\nframework: ../frameworks/test.yaml\n")
    assert any(
        re.search(r"scenario\.yaml:3 project\.name: key 'name' is written twice", m)
        for m in errors_of(folder)
    )


def test_no_scenario_file(tmp_path: Path) -> None:
    code, output = run_score(tmp_path)
    assert code == 2
    assert "no scenario.yaml here" in output


def test_findings_a_rule_needs_are_missing(scenario) -> None:
    framework = MINIMAL_FRAMEWORK.replace(
        "rule: {type: deduct_per_item, per_item: 2}", "rule: {type: judgement}"
    )
    messages = errors_of(scenario(framework_text=framework))
    assert any(
        re.search(
            r"scenario\.yaml:\d+ findings\.立项依据充分性: no findings for '立项依据充分性'", m
        )
        for m in messages
    ), messages


def test_rule_parameter_written_as_text(scenario) -> None:
    folder = scenario(framework_text=MINIMAL_FRAMEWORK.replace("per_item: 2", 'per_item: "2"'))
    messages = errors_of(folder)
    assert any(
        re.search(r'rule\.per_item: expected a number, got text "2"', m) for m in messages
    ), messages
