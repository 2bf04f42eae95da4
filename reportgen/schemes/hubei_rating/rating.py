"""One unit's 评定表 scored: 自评 and 省级评定 per item, weighted 40/60, then the 特殊因素.

The unit's view is loaded and scored by the shared machinery (see `view`).
Findings a rule cannot apply are reported at the assessor and item that wrote
them, and every situation the province marked as already deducted in the
self-assessment must really have cost the unit points there: "同一情况按标准
扣分后，省级评定不再扣减" only spares a deduction that was taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportgen.errors import Problem, ReportgenError
from reportgen.rules.base import clause
from reportgen.rules.checkpoints import CheckpointsFindings
from reportgen.rules.deduct_per_item import DeductPerItemFindings
from reportgen.scenario.indicators import LeafInput
from reportgen.scenario.loader import LoadedScenario, load_scenario
from reportgen.scenario.paths import resolve_reference, scenarios_root
from reportgen.scenario.yaml_source import PathKey, YamlSource
from reportgen.schemes.hubei_rating.inputs import (
    SELF,
    SPECIAL,
    UnitInputs,
    yaml_inputs,
)
from reportgen.schemes.hubei_rating.params import HubeiParams, UnitSpec
from reportgen.schemes.hubei_rating.view import ASSESSORS, UnitSource, view_data
from reportgen.schemes.hubei_rating.workbook import read_workbook
from reportgen.scoring.tree import ScoredNode, ScoredReport, score_scenario


@dataclass(frozen=True)
class UnitScore:
    """A rated unit: its scored tree and the figures of its 评定表."""

    city: str
    spec: UnitSpec
    is_level: bool  # the city's own level (市州本级) rather than a county
    report: ScoredReport
    framework: str
    claimed: dict[str, Decimal] = field(default_factory=dict)
    not_again: dict[str, list[str]] = field(default_factory=dict)

    def by(self, assessor: str) -> Decimal:
        """An assessor's total of the 43 scored items."""
        return sum((leaf.by_assessor[assessor] for leaf in scored(self.report)), Decimal(0))

    @property
    def weighted(self) -> Decimal:
        """40 % × 自评 + 60 % × 省级评定, before the 特殊因素."""
        return self.report.subtotal

    @property
    def special(self) -> Decimal:
        return self.report.adjustment

    @property
    def total(self) -> Decimal:
        """评定得分: the weighted score plus the verified 特殊因素 (exact to two decimals)."""
        return self.report.total


def scored(report: ScoredReport) -> list[ScoredNode]:
    return [leaf for leaf in report.leaves() if leaf.kind == "scored"]


def unit_inputs(directory: Path, source: YamlSource, unit: UnitSpec, at: PathKey) -> UnitInputs:
    """The unit's findings from scenario.yaml or from its workbook."""
    if unit.workbook is None:
        return yaml_inputs(unit, at)
    path, why = resolve_reference(unit.workbook.file, source.file.parent, scenarios_root(directory))
    if path is None:
        raise ReportgenError([source.problem((*at, "workbook", "file"), why)])
    inputs, problems = read_workbook(path, unit.workbook.sheet)
    if problems:
        raise ReportgenError(problems)
    return inputs


def score_unit(
    directory: Path, source: YamlSource, params: HubeiParams, where: tuple[str, UnitSpec, PathKey]
) -> UnitScore:
    """One unit loaded, checked and scored; one ReportgenError with all its problems."""
    city, unit, at = where
    inputs = unit_inputs(directory, source, unit, at)
    view = UnitSource(source, view_data(source.data, params, inputs), inputs)
    try:
        loaded = load_scenario(directory, view)
    except ReportgenError as error:
        raise ReportgenError([view.relocated(p) for p in error.problems]) from None
    problems = _misplaced(loaded, inputs, source)
    if problems:
        raise ReportgenError(problems)
    report = score_scenario(loaded)
    problems = _not_again_problems(report, loaded, inputs, source)
    if problems:
        raise ReportgenError(problems)
    is_level = at[-1] == "level"
    return UnitScore(
        city, unit, is_level, report, loaded.framework_name, inputs.claimed, inputs.not_again
    )


def _misplaced(loaded: LoadedScenario, inputs: UnitInputs, source: YamlSource) -> list[Problem]:
    """特殊因素 belong under `special`, the 43 items under the two assessors."""
    adjusting = set(loaded.adjustments)
    problems = []
    for assessor in ASSESSORS:
        for key in inputs.findings(assessor):
            if key in adjusting:
                message = (
                    f"项次 {key} is a 特殊因素, verified by the province: write it under `special`"
                )
                problems.append(inputs.place(assessor, key).problem(source, message))
    known = {leaf for a in loaded.assessors for leaf in a.leaves}
    for key in inputs.special:
        if key in known:
            message = f"项次 {key} is scored by 自评 and 省级评定, not a 特殊因素"
            problems.append(inputs.place(SPECIAL, key).problem(source, message))
    return problems


def _not_again_problems(
    report: ScoredReport, loaded: LoadedScenario, inputs: UnitInputs, source: YamlSource
) -> list[Problem]:
    """A situation spared in the provincial assessment must have cost points in the self-assessment."""
    problems = []
    for key, situations in inputs.not_again.items():
        place = inputs.not_again_places[key]
        leaf = next((leaf for leaf in scored(report) if leaf.key == key), None)
        if leaf is None:
            problems.append(place.problem(source, f"项次 {key} is not one of the 43 scored items"))
            continue
        if leaf.by_assessor[SELF] >= leaf.weight:
            problems.append(
                place.problem(
                    source,
                    f"项次 {key}: the self-assessment took no points off, so nothing was "
                    "already deducted",
                )
            )
            continue
        listed = _self_situations(loaded.assessors[0].leaves[key])
        if listed is None:
            continue
        for situation in situations:
            if clause(situation) not in listed:
                problems.append(
                    place.problem(
                        source,
                        f"项次 {key}: {situation!r} is not among the self-assessment's "
                        f"deductions ({'；'.join(sorted(listed))})",
                    )
                )
    return problems


def _self_situations(leaf: LeafInput) -> set[str] | None:
    """The situations the self-assessment deducted for, when its findings name them.

    deduct_per_item names each violation, checkpoints each point missed; a
    recorded score (a workbook row) or another rule names none to compare with.
    """
    if leaf.common.score is not None:
        return None
    findings = leaf.findings
    if isinstance(findings, DeductPerItemFindings):
        return set(findings.items)
    if isinstance(findings, CheckpointsFindings):
        return {failed.point for failed in findings.failed}
    return None
