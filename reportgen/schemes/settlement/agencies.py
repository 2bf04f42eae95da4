"""Each agency scored with the shared machinery: its three assessors become a scenario's `assessors`.

An agency's block is seen as a scenario of its own (the project and framework
of scenario.yaml, the assessors of the scheme with this agency's findings), so
the loader validates every finding against its rule and the scorer weights the
assessors leaf by leaf (第十四条). Errors still point into scenario.yaml: the
view maps its paths back to where the agency's findings are written.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError
from reportgen.numbers import round_half_up
from reportgen.scenario.loader import LoadedScenario
from reportgen.scenario.yaml_source import PathKey, YamlSource
from reportgen.schemes.settlement.params import Agency, SettlementParams
from reportgen.schemes.units_view import UnitView, load_unit, shared_data
from reportgen.scoring.tree import ScoredNode, ScoredReport, score_scenario


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
    view = UnitView(source, _view_data(source.data, params, index), _moves(params, index))
    loaded = load_unit(directory, view)
    problems = _misplaced_adjustments(agency, loaded, source, index)
    if problems:
        raise ReportgenError(problems)
    report = score_scenario(loaded)
    by_assessor = {
        a.name: sum((leaf.by_assessor[a.name] for leaf in _scored(report)), Decimal(0))
        for a in params.assessors
    }
    return AgencyScore(agency, report, by_assessor, loaded.framework_name)


def _moves(params: SettlementParams, index: int) -> dict[PathKey, PathKey]:
    """Where the view's findings are written: each assessor's under the agency's `assessments`."""
    agency: PathKey = ("scheme", "agencies", index)
    moves: dict[PathKey, PathKey] = {
        ("findings",): (*agency, "adjustments"),
        ("assessors",): ("scheme", "assessors"),
    }
    for j, assessor in enumerate(params.assessors):
        moves[("assessors", j, "findings")] = (*agency, "assessments", assessor.id)
    return moves


def _view_data(data: dict[str, Any], params: SettlementParams, index: int) -> dict[str, Any]:
    """The agency's scenario: the shared facts, the scheme's assessors with its findings."""
    raw = data["scheme"]["agencies"][index]
    view = shared_data(data)
    view["assessors"] = [
        {"name": a.name, "weight": a.weight, "findings": raw["assessments"][a.id]}
        for a in params.assessors
    ]
    view["findings"] = raw.get("adjustments", {})
    return view


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


def _scored(report: ScoredReport) -> list[ScoredNode]:
    return [leaf for leaf in report.leaves() if leaf.kind == "scored"]
