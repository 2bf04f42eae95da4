"""JSON Schema of scenario and framework files, for editors that check YAML as it is typed.

Rule parameters depend on the rule type, so the schema lists each registered
rule's own parameters under `rule` (one alternative per type), and the
findings as the common keys plus any rule's findings.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from reportgen.rules import REGISTRY, known_rules
from reportgen.scenario.indicators import CommonFindings
from reportgen.scenario.model import Framework, Scenario

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _hoist(schema: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """Move a sub-schema's $defs to the top level, where its $refs point."""
    definitions.update(schema.pop("$defs", {}))
    return schema


def _rule_schema(definitions: dict[str, Any]) -> dict[str, Any]:
    alternatives = []
    for name in known_rules():
        rule = REGISTRY[name]
        params = _hoist(rule.Params.model_json_schema(), definitions)
        params.setdefault("properties", {})["type"] = {"const": name, "description": rule.summary()}
        params["required"] = ["type", *params.get("required", [])]
        alternatives.append(params)
    return {"oneOf": alternatives, "description": "The scoring rule: `type` and its parameters."}


def _findings_schema(definitions: dict[str, Any]) -> dict[str, Any]:
    common = CommonFindings.model_json_schema()
    properties: dict[str, Any] = dict(common.get("properties", {}))
    for name in known_rules():
        own = _hoist(REGISTRY[name].Findings.model_json_schema(), definitions)
        for key, value in own.get("properties", {}).items():
            if key in properties and properties[key] != value:
                known = properties[key].get("anyOf", [properties[key]])
                properties[key] = {"anyOf": [*known, value]}
            else:
                properties[key] = value
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _with_rules(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    definitions = schema.setdefault("$defs", {})
    indicator = definitions["Indicator"]
    indicator["properties"]["rule"] = _rule_schema(definitions)
    definitions["Findings"] = _findings_schema(definitions)
    indicator["properties"]["findings"] = {"$ref": "#/$defs/Findings"}
    if "findings" in schema["properties"]:
        schema["properties"]["findings"]["additionalProperties"] = {"$ref": "#/$defs/Findings"}
    schema["$schema"] = DIALECT
    return schema


def scenario_schema() -> dict[str, Any]:
    return _with_rules(Scenario)


def framework_schema() -> dict[str, Any]:
    return _with_rules(Framework)
