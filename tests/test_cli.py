"""The command line through click's CliRunner."""

from __future__ import annotations

import json

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
