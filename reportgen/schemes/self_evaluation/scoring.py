"""Each project's 自评表 scored by the national rules, every problem placed at its line.

预算执行率 is a row of its own (budget_execution); an indicator whose 年度指标值 is a
quantity (≥95%, 8755人) is scored by completion, any other (达成预期指标) by
qualitative. The 三级指标 of each 一级指标 add up to its weight, the weights to 100,
and an indicator below its 分值 needs its 偏差原因分析及改进措施.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportgen.errors import Problem, ReportgenError
from reportgen.numbers import percent, plain
from reportgen.rules.indicator_values import read_quantity
from reportgen.safe_names import name_problem
from reportgen.scenario.yaml_source import PathKey, YamlSource
from reportgen.schemes.self_evaluation.params import (
    BUDGET,
    FormIndicator,
    FundRow,
    Project,
    SelfEvaluationParams,
)
from reportgen.scoring.grades import grade_for
from reportgen.scoring.leaf import check_leaf, score_leaf, validate_rule_input

PROJECTS: PathKey = ("scheme", "projects")


@dataclass(frozen=True)
class ScoredIndicator:
    spec: FormIndicator
    rule: str
    score: Decimal
    reasons: tuple[str, ...]
    path: PathKey


@dataclass(frozen=True)
class Filed:
    """A project with where it is written: in scenario.yaml, or a file of its own."""

    project: Project
    index: int  # its place among the department's projects
    source: YamlSource
    at: PathKey  # its path in `source`


def inline(params: SelfEvaluationParams, source: YamlSource) -> list[Filed]:
    return [Filed(p, i, source, (*PROJECTS, i)) for i, p in enumerate(params.projects)]


@dataclass(frozen=True)
class ScoredProject:
    project: Project
    index: int
    source: YamlSource
    path: PathKey
    budget_weight: Decimal
    budget_score: Decimal
    budget_reasons: tuple[str, ...]
    indicators: list[ScoredIndicator]
    total: Decimal
    grade: str

    @property
    def budget_rate(self) -> Decimal:
        return execution_rate(self.project.funds.total)


def execution_rate(row: FundRow) -> Decimal:
    """执行率 in percent: 全年执行数 ÷ 全年预算数."""
    return percent(row.executed, row.full_year)


def score_projects(filed: list[Filed], weights: dict[str, Decimal]) -> list[ScoredProject]:
    """Every project scored, or one ReportgenError with every problem in every project."""
    problems = _project_names(filed)
    scored = []
    for entry in filed:
        result, found = _score_project(entry, weights)
        problems += found
        if result is not None:
            scored.append(result)
    if problems:
        raise ReportgenError(problems)
    return scored


def _project_names(filed: list[Filed]) -> list[Problem]:
    """Each project's short name (or name) names its form's file: safe, and used once."""
    problems = []
    labels = [entry.project.label for entry in filed]
    for entry, label in zip(filed, labels, strict=True):
        field = "short_name" if entry.project.short_name else "name"
        why = name_problem(label)
        if why is not None:
            problems.append(entry.source.problem((*entry.at, field), f"names a file, and {why}"))
        elif label in labels[: entry.index]:
            problems.append(entry.source.problem((*entry.at, field), f"{label!r} is used twice"))
    return problems


def _score_project(
    entry: Filed, weights: dict[str, Decimal]
) -> tuple[ScoredProject | None, list[Problem]]:
    project, source, at = entry.project, entry.source, entry.at
    problems = _weight_problems(project, at, weights, source)
    budget = project.funds.total
    if budget.full_year <= 0:
        problems.append(
            source.problem((*at, "funds", "total", "full_year"), "全年预算数 must be more than 0")
        )
        return None, problems
    budget_result = _leaf(
        "budget_execution",
        weights[BUDGET],
        {},
        {"budget": budget.full_year, "executed": budget.executed},
    )
    indicators = []
    names = [i.name for i in project.indicators]
    for position, spec in enumerate(project.indicators):
        path = (*at, "indicators", position)
        if spec.name in names[:position]:
            problems.append(source.problem((*path, "name"), f"{spec.name!r} is used twice"))
        scored, found = _indicator(spec, path, source)
        problems += found
        if scored is not None:
            indicators.append(scored)
    if problems:
        return None, problems
    total = budget_result.score + sum((i.score for i in indicators), Decimal(0))
    result = ScoredProject(
        project,
        entry.index,
        source,
        at,
        weights[BUDGET],
        budget_result.score,
        budget_result.reasons,
        indicators,
        total,
        grade_for(total),
    )
    return result, []


def _weight_problems(
    project: Project, at: PathKey, weights: dict[str, Decimal], source: YamlSource
) -> list[Problem]:
    """Each 一级指标 is one the weights know, and its 三级指标 add up to its weight."""
    problems = []
    sums: dict[str, Decimal] = defaultdict(Decimal)
    first: dict[str, int] = {}
    known = [name for name in weights if name != BUDGET]
    for position, spec in enumerate(project.indicators):
        if spec.level1 not in known:
            problems.append(
                source.problem(
                    (*at, "indicators", position, "level1"),
                    f"no 一级指标 {spec.level1!r}; the weights give {'、'.join(known)}",
                )
            )
            continue
        sums[spec.level1] += spec.weight
        first.setdefault(spec.level1, position)
    for name in known:
        if name in sums and sums[name] != weights[name]:
            problems.append(
                source.problem(
                    (*at, "indicators", first[name], "weight"),
                    f"{project.label}: the 三级指标 of {name} add up to {plain(sums[name])}, "
                    f"not its 分值 {plain(weights[name])}",
                )
            )
        elif name not in sums:
            problems.append(
                source.problem((*at, "indicators"), f"{project.label}: no 三级指标 under {name}")
            )
    return problems


def _indicator(
    spec: FormIndicator, path: PathKey, source: YamlSource
) -> tuple[ScoredIndicator | None, list[Problem]]:
    quantitative = read_quantity(spec.target) is not None
    rule = "completion" if quantitative else "qualitative"
    params = {"target": spec.target}
    findings: dict[str, Any]
    if quantitative:
        findings = {"actual": spec.actual}
        if spec.score is not None:
            message = "a quantitative indicator is scored from its values, not given a score"
            return None, [source.problem((*path, "score"), message)]
    else:
        findings = {"achievement": str(spec.actual), "score": spec.score, "reason": spec.reason}
    validated_params, validated = validate_rule_input(rule, params, findings)
    refusals = check_leaf(rule, spec.weight, validated_params, validated)
    if refusals:
        return None, [
            source.problem((*path, _field(r.path)), f"{spec.name}: {r.message}") for r in refusals
        ]
    result = score_leaf(rule, spec.weight, validated_params, validated)
    if result.score < spec.weight and not spec.reason.strip():
        message = f"{spec.name}: 得分低于分值，须填写偏差原因分析及改进措施"
        return None, [source.problem((*path, "reason"), message)]
    return ScoredIndicator(spec, rule, result.score, result.reasons, path), []


def _field(path: tuple[str | int, ...]) -> str:
    """The indicator's field a rule's refusal is about (its achievement is the 实际完成值)."""
    key = str(path[0]) if path else "actual"
    return "actual" if key == "achievement" else key


def _leaf(rule: str, weight: Decimal, params: dict[str, Any], findings: dict[str, Any]) -> Any:
    validated_params, validated = validate_rule_input(rule, params, findings)
    return score_leaf(rule, weight, validated_params, validated)
