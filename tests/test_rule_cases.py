"""Every rule type against its YAML case file in tests/rule_cases/."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from reportgen.expressions import DataEvaluator
from reportgen.rules import known_rules
from reportgen.rules.base import FindingsError
from reportgen.scoring.leaf import check_leaf, score_leaf, validate_rule_input

CASES_DIR = Path(__file__).parent / "rule_cases"


def _load_cases() -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in document["cases"]:
            cases.append((document["rule"], case))
    return cases


CASES = _load_cases()


@pytest.mark.parametrize(("rule_type", "case"), CASES, ids=[f"{r}: {c['name']}" for r, c in CASES])
def test_rule_case(rule_type: str, case: dict) -> None:
    expect = case["expect"]
    evaluate = DataEvaluator(case.get("data", {}))

    def run():
        params, findings = validate_rule_input(rule_type, case["params"], case.get("findings", {}))
        weight = Decimal(str(case["weight"]))
        reason = case.get("reason", "")
        refusals = check_leaf(rule_type, weight, params, findings, reason=reason, evaluate=evaluate)
        if refusals:
            raise FindingsError("; ".join(r.message for r in refusals))
        return score_leaf(
            rule_type,
            weight,
            params,
            findings,
            evidence=case.get("evidence", True),
            reason=reason,
            evaluate=evaluate,
        )

    if "error" in expect:
        with pytest.raises((FindingsError, ValidationError, LookupError)) as caught:
            run()
        assert expect["error"] in str(caught.value)
        return
    result = run()
    assert result.score == Decimal(str(expect["score"]))
    assert list(result.reasons) == expect["reasons"]


def test_every_rule_has_a_case_file() -> None:
    files = {p.stem for p in CASES_DIR.glob("*.yml")}
    assert set(known_rules()) <= files, f"rules without cases: {set(known_rules()) - files}"


def test_every_rule_has_passing_and_failing_cases() -> None:
    for rule_type in known_rules():
        scores = [c["expect"].get("score") for r, c in CASES if r == rule_type]
        assert any(s is not None for s in scores), rule_type
        assert len({s for s in scores if s is not None}) >= 2, f"{rule_type}: one outcome only"
