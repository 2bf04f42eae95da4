"""The indicator tree checked as a whole, and each leaf's rule inputs validated.

Weights must add up (children to their parent, 一级 to the scale), leaf keys
must be unique so findings can name them, and every leaf's rule parameters and
findings must fit its rule type.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import Field, ValidationError

from reportgen.errors import Problem
from reportgen.fields import Number
from reportgen.numbers import plain
from reportgen.rules import REGISTRY, get_rule, known_rules
from reportgen.rules.base import Evaluator, Strict
from reportgen.scenario.model import Indicator, Model
from reportgen.scenario.validation import problems_from, validate
from reportgen.scenario.yaml_source import PathKey, YamlSource
from reportgen.scoring.leaf import check_leaf


class CommonFindings(Model):
    """Findings every leaf may carry, whatever its rule."""

    evidence: bool = Field(True, description="False when no 佐证资料 was provided: scores 0.")
    remark: str = Field("", description="The consultant's paragraph on this indicator (Markdown).")
    reason: str = Field(
        "", description="扣分原因 in the consultant's words, replacing the generated one."
    )
    score: Number | None = Field(
        None,
        description="A score an assessor recorded instead of findings (an office's workbook); "
        "it must be one the rule can give.",
    )


COMMON_KEYS = frozenset(CommonFindings.model_fields)


@dataclass(frozen=True)
class Located:
    """An indicator with where it was written."""

    indicator: Indicator
    source: YamlSource
    path: PathKey

    @property
    def line(self) -> int | None:
        return self.source.line_of(self.path)


@dataclass(frozen=True)
class LeafInput:
    """A leaf's validated rule inputs for one assessor."""

    rule_type: str
    params: Strict
    findings: Strict
    common: CommonFindings


def walk(indicators: list[Indicator], source: YamlSource, at: PathKey) -> Iterator[Located]:
    for index, indicator in enumerate(indicators):
        path = (*at, index)
        yield Located(indicator, source, path)
        yield from walk(indicator.children, source, (*path, "children"))


def check_tree(
    indicators: list[Indicator], scale: Decimal, source: YamlSource, at: PathKey
) -> list[Problem]:
    """Weights add up, leaves have rules, groups have none, keys are unique."""
    problems = []
    scored_top = sum((i.weight for i in indicators if rule_kind(i) == "scored"), Decimal(0))
    if scored_top != scale:
        problems.append(
            source.problem(
                at,
                f"一级指标 weights add up to {plain(scored_top)}, but the scale is {plain(scale)}",
            )
        )
    seen: dict[str, Located] = {}
    for located in walk(indicators, source, at):
        problems += _check_node(located)
        key = located.indicator.key
        if located.indicator.is_leaf and key in seen:
            problems.append(
                source.problem(
                    located.path,
                    f"indicator key {key!r} is used twice (also line {seen[key].line}); give one an `id`",
                )
            )
        seen.setdefault(key, located)
    return problems


def _check_node(located: Located) -> list[Problem]:
    node, source, path = located.indicator, located.source, located.path
    if node.children:
        total = sum((c.weight for c in node.children if rule_kind(c) == "scored"), Decimal(0))
        problems = []
        if node.rule is not None:
            problems.append(
                source.problem((*path, "rule"), "a group with children has no rule of its own")
            )
        if total != node.weight:
            problems.append(
                source.problem(
                    (*path, "weight"),
                    f"{node.name}: children's weights add up to {plain(total)}, not {plain(node.weight)}",
                )
            )
        return problems
    if node.rule is None:
        if node.standard.strip():
            return []  # its standard could not give one, and that is reported (inferred_rules)
        return [source.problem(path, f"{node.name}: a leaf indicator needs a `rule` or a 评分标准")]
    return _check_rule(node.rule, source, (*path, "rule"))


def raw_rule_problems(indicators: Any, source: YamlSource, at: PathKey) -> list[Problem]:
    """Rule problems in a tree that failed validation, so they are reported in the same go."""
    problems: list[Problem] = []
    for index, node in enumerate(indicators if isinstance(indicators, list) else []):
        if not isinstance(node, dict):
            continue
        path = (*at, index)
        if isinstance(node.get("rule"), dict):
            problems += _check_rule(node["rule"], source, (*path, "rule"))
        problems += raw_rule_problems(node.get("children"), source, (*path, "children"))
    return problems


def _check_rule(rule: dict[str, Any], source: YamlSource, path: PathKey) -> list[Problem]:
    rule_type = rule.get("type")
    if not isinstance(rule_type, str):
        return [
            source.problem(path, f"`type` is required; known rules: {', '.join(known_rules())}")
        ]
    if rule_type not in REGISTRY:
        return [
            source.problem(
                (*path, "type"),
                f"unknown rule {rule_type!r}; known rules: {', '.join(known_rules())}",
            )
        ]
    params = {k: v for k, v in rule.items() if k != "type"}
    _, problems = validate(get_rule(rule_type).Params, params, source, path)
    return problems


def rule_kind(indicator: Indicator) -> str:
    """scored, bonus or penalty: bonus and penalty items stay outside the scale."""
    if indicator.rule and isinstance(indicator.rule.get("type"), str):
        rule = REGISTRY.get(indicator.rule["type"])
        if rule is not None:
            return rule.kind
    return "scored"


def leaf_input(
    located: Located,
    findings: dict[str, Any],
    source: YamlSource,
    at: PathKey,
    evaluate: Evaluator | None = None,
) -> tuple[LeafInput | None, list[Problem]]:
    """Validate one leaf's findings (written at `at` in `source`) against its rule, and run
    the rule's check over them and the data, so nothing a rule refuses is left for scoring."""
    result, problems = _validated_input(located, findings, source, at)
    if result is None:
        return result, problems
    refusals = check_leaf(
        result.rule_type,
        located.indicator.weight,
        result.params,
        result.findings,
        reason=result.common.reason,
        evaluate=evaluate,
        recorded=result.common.score,
    )
    for refusal in refusals:
        if refusal.in_params:
            place = located.source.problem((*located.path, "rule", *refusal.path), refusal.message)
        else:
            place = source.problem((*at, *refusal.path), refusal.message)
        problems.append(place)
    return (None if refusals else result), problems


def _validated_input(
    located: Located, findings: dict[str, Any], source: YamlSource, at: PathKey
) -> tuple[LeafInput | None, list[Problem]]:
    rule = located.indicator.rule or {}
    rule_class = REGISTRY.get(rule.get("type"))  # type: ignore[arg-type]
    if rule_class is None:
        return None, []  # check_tree reports the rule
    try:
        params = rule_class.Params.model_validate({k: v for k, v in rule.items() if k != "type"})
    except ValidationError:
        return None, []  # likewise
    if not isinstance(findings, dict):
        return None, [source.problem(at, "findings must be a mapping")]
    common, problems = validate(
        CommonFindings, {k: v for k, v in findings.items() if k in COMMON_KEYS}, source, at
    )
    # A rule may read a common key itself (judgement's reason), so it gets it too.
    own = {
        k: v
        for k, v in findings.items()
        if k not in COMMON_KEYS or k in rule_class.Findings.model_fields
    }
    if common is None:
        return None, problems
    if common.score is not None and "score" not in rule_class.Findings.model_fields:
        if own:
            return None, [
                *problems,
                source.problem(
                    at, "give either the rule's findings or a recorded `score`, not both"
                ),
            ]
        return LeafInput(
            rule["type"], params, rule_class.Findings.model_construct(), common
        ), problems
    try:
        rule_findings = rule_class.Findings.model_validate(own)
    except ValidationError as error:
        return None, problems + problems_from(error, source, at, rule_class.Findings)
    return LeafInput(rule["type"], params, rule_findings, common), problems
