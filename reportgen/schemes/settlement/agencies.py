"""Each agency scored with the shared machinery: its three assessors become a scenario's `assessors`.

An agency's block is seen as a scenario of its own (the project and framework
of scenario.yaml, the assessors of the scheme with this agency's findings), so
the loader validates every finding against its rule and the scorer weights the
assessors leaf by leaf (第十四条). Errors still point into scenario.yaml: the
view maps its paths back to where the agency's findings are written.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError
from reportgen.expressions import DataEvaluator, ExpressionError
from reportgen.numbers import round_half_up
from reportgen.rules.base import FindingsError
from reportgen.scenario.indicators import LeafInput
from reportgen.scenario.loader import LoadedScenario, load_scenario
from reportgen.scenario.model import Indicator
from reportgen.scenario.yaml_source import PathKey, YamlSource, format_path
from reportgen.schemes.settlement.params import Agency, SettlementParams
from reportgen.scoring.leaf import score_leaf
from reportgen.scoring.tree import ScoredNode, ScoredReport, score_scenario

SHARED_KEYS = (
    "id",
    "sample_data",
    "project",
    "framework",
    "indicators",
    "scale",
    "total_cap",
    "grades",
    "data",
)


@dataclass(frozen=True)
class AgencyScore:
    """One agency's scored tree and what the documents show of it."""

    agency: Agency
    report: ScoredReport
    by_assessor: dict[str, Decimal]  # assessor name → its score of the scored items
    framework: str  # the indicator system's name, which groups units in batch rankings

    @property
    def weighted(self) -> Decimal:
        """Σ weight × assessor's score (第十四条), before bonus and penalty items."""
        return self.report.subtotal

    @property
    def adjustment(self) -> Decimal:
        return self.report.adjustment

    @property
    def total(self) -> Decimal:
        """考核得分 as published: two decimals, half-up; bands and measures use this figure."""
        return round_half_up(self.report.total, 2)


class AgencySource(YamlSource):
    """scenario.yaml as one agency's scenario; lines and fields are those of the real file."""

    def __init__(self, real: YamlSource, data: dict[str, Any], index: int, ids: list[str]):
        super().__init__(real.file, data, real.lines)
        self.real, self.index, self.ids = real, index, ids

    def real_path(self, path: PathKey) -> PathKey:
        agency: PathKey = ("scheme", "agencies", self.index)
        if path[:1] == ("findings",):
            return (*agency, "adjustments", *path[1:])
        if path[:1] == ("assessors",) and len(path) > 1 and isinstance(path[1], int):
            if path[2:3] == ("findings",):
                return (*agency, "assessments", self.ids[path[1]], *path[3:])
            return ("scheme", "assessors", *path[1:])
        return path

    def line_of(self, path: PathKey) -> int | None:
        return self.real.line_of(self.real_path(path))

    def problem(self, path: PathKey, message: str) -> Problem:
        return self.real.problem(self.real_path(path), message)

    def relocated(self, problem: Problem) -> Problem:
        """A problem whose field the loader spelled out itself, moved to the real path."""
        field = problem.field or ""
        if problem.file != self.name:
            return problem
        for head in [("findings",), *[("assessors", j, "findings") for j in range(len(self.ids))]]:
            written = format_path(head)
            if field == written or field.startswith((written + ".", written + "[")):
                real = format_path(self.real_path(head))
                return dataclasses.replace(problem, field=real + field[len(written) :])
        return problem


def score_agencies(
    directory: Path, source: YamlSource, params: SettlementParams
) -> list[AgencyScore]:
    """Every agency loaded and scored; one ReportgenError with the problems of all of them."""
    problems: list[Problem] = []
    scores = []
    for index in range(len(params.agencies)):
        try:
            scores.append(_score_agency(directory, source, params, index))
        except ReportgenError as error:
            problems += [p for p in error.problems if p not in problems]
    if problems:
        raise ReportgenError(problems)
    return scores


def _score_agency(
    directory: Path, source: YamlSource, params: SettlementParams, index: int
) -> AgencyScore:
    agency = params.agencies[index]
    view = AgencySource(source, _view_data(source.data, params, index), index, _ids(params))
    try:
        loaded = load_scenario(directory, view)
    except ReportgenError as error:
        raise ReportgenError([view.relocated(p) for p in error.problems]) from None
    problems = _rule_problems(loaded, source, index, _ids(params))
    problems += _misplaced_adjustments(agency, loaded, source, index)
    if problems:
        raise ReportgenError(problems)
    report = score_scenario(loaded)
    by_assessor = {
        a.name: sum((leaf.by_assessor[a.name] for leaf in _scored(report)), Decimal(0))
        for a in params.assessors
    }
    return AgencyScore(agency, report, by_assessor, loaded.framework_name)


def _ids(params: SettlementParams) -> list[str]:
    return [a.id for a in params.assessors]


def _view_data(data: dict[str, Any], params: SettlementParams, index: int) -> dict[str, Any]:
    """The agency's scenario: the shared facts, the scheme's assessors with its findings."""
    raw = data["scheme"]["agencies"][index]
    view = {key: value for key, value in data.items() if key in SHARED_KEYS}
    view["assessors"] = [
        {"name": a.name, "weight": a.weight, "findings": raw["assessments"][a.id]}
        for a in params.assessors
    ]
    view["findings"] = raw.get("adjustments", {})
    return view


def _rule_problems(
    loaded: LoadedScenario, source: YamlSource, index: int, ids: list[str]
) -> list[Problem]:
    """Findings a rule cannot apply, located at the assessor and item that wrote them.

    The scorer would report these at the framework's indicator; an office fixing
    its data needs the agency and the assessor instead.
    """
    agency: PathKey = ("scheme", "agencies", index)
    weights = {ind.key: ind.weight for ind in _leaves(loaded.indicators)}
    evaluate = DataEvaluator(loaded.data)
    inputs: list[tuple[PathKey, dict[str, LeafInput]]] = [
        ((*agency, "assessments", ids[j]), assessor.leaves)
        for j, assessor in enumerate(loaded.assessors)
    ]
    inputs.append(((*agency, "adjustments"), loaded.adjustments))
    problems = []
    for at, leaves in inputs:
        for key, leaf in leaves.items():
            try:
                score_leaf(
                    leaf.rule_type,
                    weights[key],
                    leaf.params,
                    leaf.findings,
                    evidence=leaf.common.evidence,
                    reason=leaf.common.reason,
                    evaluate=evaluate,
                    recorded=leaf.common.score,
                )
            except (FindingsError, ExpressionError, LookupError) as error:
                problems.append(source.problem((*at, key), str(error)))
    return problems


def _misplaced_adjustments(
    agency: Agency, loaded: LoadedScenario, source: YamlSource, index: int
) -> list[Problem]:
    """`adjustments` hold bonus and penalty items only; scored items belong to the assessors."""
    known = set(loaded.places)
    return [
        source.problem(
            ("scheme", "agencies", index, "adjustments", key),
            f"{key!r} is scored by the assessors: write its findings under `assessments`",
        )
        for key in agency.adjustments
        if key in known and key not in loaded.adjustments
    ]


def _leaves(indicators: list[Indicator]) -> list[Indicator]:
    return [
        leaf
        for indicator in indicators
        for leaf in (_leaves(indicator.children) if indicator.children else [indicator])
    ]


def _scored(report: ScoredReport) -> list[ScoredNode]:
    return [leaf for leaf in report.leaves() if leaf.kind == "scored"]
