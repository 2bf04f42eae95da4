"""Every registered rule type is documented, declares its reasons, and refuses unknown keys."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from reportgen.rules import REGISTRY, get_rule, known_rules
from reportgen.rules.base import Rule, RuleContext, RuleResult, Strict, register

RULES = known_rules()


@pytest.mark.parametrize("name", RULES)
def test_documented_with_a_seed_example(name: str) -> None:
    rule = get_rule(name)
    assert rule.summary().strip(), f"{name}: no summary line"
    documentation = rule.documentation()
    assert "Seed" in documentation or "seed" in documentation, f"{name}: no seed example"
    assert '"' in documentation or "“" in documentation, f"{name}: no quoted rule text"


@pytest.mark.parametrize("name", RULES)
def test_declares_reasons(name: str) -> None:
    rule = get_rule(name)
    assert isinstance(rule.reasons, dict)
    assert rule.reasons, f"{name}: no reason templates"


@pytest.mark.parametrize("name", RULES)
@pytest.mark.parametrize("model", ["Params", "Findings"])
def test_models_refuse_unknown_keys(name: str, model: str) -> None:
    schema: type[Strict] = getattr(get_rule(name), model)
    with pytest.raises(ValidationError, match="bogus"):
        schema.model_validate({"bogus": 1})


@pytest.mark.parametrize("name", RULES)
def test_every_field_is_described(name: str) -> None:
    rule = get_rule(name)
    for schema in (rule.Params, rule.Findings):
        for field_name, field in schema.model_fields.items():
            assert field.description, f"{name}: {schema.__name__}.{field_name} has no description"


def test_kinds_are_known() -> None:
    assert {get_rule(name).kind for name in RULES} <= {"scored", "bonus", "penalty"}


def test_registering_a_name_twice_is_refused() -> None:
    existing = RULES[0]

    class Duplicate(Rule):
        """A second rule under a name already taken."""

        name = existing
        Params = Strict

        def score(self, params: Strict, findings: Strict, context: RuleContext) -> RuleResult:
            return RuleResult(context.weight)

    before = dict(REGISTRY)
    with pytest.raises(ValueError, match="registered twice"):
        register(Duplicate)
    assert before == REGISTRY
