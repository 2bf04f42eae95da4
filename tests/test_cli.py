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
