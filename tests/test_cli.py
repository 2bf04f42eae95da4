"""The command line through click's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.rules import REGISTRY


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_rules_lists_every_rule_type_with_its_documentation() -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    for name, rule in REGISTRY.items():
        assert name in result.output
        assert rule.summary() in result.output
    assert "每有1点不符合，扣2分，扣完为止" in result.output


def test_rules_for_one_type_and_an_unknown_one() -> None:
    assert "threshold" in invoke("rules", "threshold").output
    result = invoke("rules", "nonsense")
    assert result.exit_code == 2
    assert "unknown rule nonsense" in result.output


def test_schema_describes_scenarios_and_rules() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False
    assert "project" in schema["required"]
    rule_types = {
        alt["properties"]["type"]["const"]
        for alt in schema["$defs"]["Indicator"]["properties"]["rule"]["oneOf"]
    }
    assert rule_types == set(REGISTRY)


def test_framework_schema() -> None:
    schema = json.loads(invoke("schema", "--framework").output)
    assert "indicators" in schema["required"]


def test_schema_accepts_the_benxi_files() -> None:
    import jsonschema
    import yaml

    from tests.conftest import BENXI, SCENARIOS

    scenario = yaml.safe_load((BENXI / "scenario.yaml").read_text(encoding="utf-8"))
    framework = yaml.safe_load(
        (SCENARIOS / "frameworks" / "benxi-insurance-contract.yaml").read_text(encoding="utf-8")
    )
    scenario["project"]["report_date"] = str(scenario["project"]["report_date"])
    jsonschema.validate(scenario, json.loads(invoke("schema").output))
    jsonschema.validate(framework, json.loads(invoke("schema", "--framework").output))


def test_version() -> None:
    assert invoke("--version").exit_code == 0


def test_build_dot_takes_the_folders_own_name_for_every_scheme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`reportgen build .` inside a scenario folder writes output/<that folder's name>/."""
    scenarios = Path(__file__).resolve().parent.parent / "scenarios"
    shutil.copytree(scenarios / "frameworks", tmp_path / "frameworks")
    for name in ("benxi-2022", "tianjin-2024"):
        shutil.copytree(scenarios / name, tmp_path / name)
        monkeypatch.chdir(tmp_path / name)
        result = CliRunner().invoke(main, ["build", ".", "-o", str(tmp_path / "out")])
        assert result.exit_code == 0, result.output
        assert f"{name} → {tmp_path / 'out' / name}" in result.output
        assert (tmp_path / "out" / name / "scores.json").is_file()


SHIPPED = sorted(
    p.name
    for p in (Path(__file__).resolve().parent.parent / "scenarios").iterdir()
    if (p / "scenario.yaml").is_file()
)


@pytest.mark.parametrize("name", SHIPPED)
def test_score_prints_what_every_shipped_scenario_scores(name: str, tmp_path: Path) -> None:
    """Real output for every scheme; `--json` is the scores.json that `build` writes."""
    directory = Path(__file__).resolve().parent.parent / "scenarios" / name
    shown = CliRunner().invoke(main, ["score", str(directory)])
    assert shown.exit_code == 0, shown.output
    as_json = CliRunner().invoke(main, ["score", str(directory), "--json"])
    assert as_json.exit_code == 0, as_json.output
    built = CliRunner().invoke(main, ["build", str(directory), "-o", str(tmp_path)])
    assert built.exit_code == 0, built.output
    written = (tmp_path / name / "scores.json").read_text(encoding="utf-8")
    assert json.loads(as_json.output) == json.loads(written)
    if name == "benxi-2022":
        assert "综合得分 95.00 / 100" in shown.output
    else:  # a line per unit under the header, and how many there are
        lines = shown.output.splitlines()
        assert lines[0].startswith("单位") and lines[-1].endswith("个单位")
        assert int(lines[-1].split("：")[1].split(" ")[0]) == len(lines) - 4
