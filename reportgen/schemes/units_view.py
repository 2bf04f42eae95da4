"""A unit listed under `scheme:` seen as a scenario of its own, its errors still in scenario.yaml.

Schemes that assess several units in one scenario (institutions, agencies)
score each with the shared loader and scorer: the unit's view holds the shared
facts of scenario.yaml (project, framework, caps) and the unit's own findings.
The view maps every path the loader reports (`findings.<key>…`) back to where
the unit's findings are really written, so a problem names the real line.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError
from reportgen.expressions import DataEvaluator, ExpressionError
from reportgen.rules.base import FindingsError
from reportgen.scenario.indicators import LeafInput
from reportgen.scenario.loader import LoadedScenario, load_scenario
from reportgen.scenario.model import Indicator
from reportgen.scenario.yaml_source import PathKey, YamlSource, format_path
from reportgen.scoring.leaf import score_leaf

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


def shared_data(data: dict[str, Any]) -> dict[str, Any]:
    """What every unit's view takes from scenario.yaml unchanged."""
    return {key: value for key, value in data.items() if key in SHARED_KEYS}


class UnitView(YamlSource):
    """scenario.yaml as one unit's scenario; `moves` maps view paths to real ones by prefix."""

    def __init__(self, real: YamlSource, data: dict[str, Any], moves: dict[PathKey, PathKey]):
        super().__init__(real.file, data, real.lines)
        self.real = real
        self.moves = sorted(moves.items(), key=lambda move: len(move[0]), reverse=True)

    def real_path(self, path: PathKey) -> PathKey:
        for prefix, target in self.moves:
            if path[: len(prefix)] == prefix:
                return (*target, *path[len(prefix) :])
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
        for prefix, target in self.moves:
            written = format_path(prefix)
            if field == written or field.startswith((written + ".", written + "[")):
                return dataclasses.replace(
                    problem, field=format_path(target) + field[len(written) :]
                )
        return problem


def load_unit(directory: Path, view: UnitView) -> LoadedScenario:
    """The unit's scenario loaded; every problem of the rules' inputs located in the real file."""
    try:
        loaded = load_scenario(directory, view)
    except ReportgenError as error:
        raise ReportgenError([view.relocated(p) for p in error.problems]) from None
    problems = rule_problems(loaded, view)
    if problems:
        raise ReportgenError(problems)
    return loaded


def rule_problems(loaded: LoadedScenario, view: UnitView) -> list[Problem]:
    """Findings a rule cannot apply, located at the unit's findings rather than the framework.

    The scorer would report these at the framework's indicator; an office fixing
    its data needs the unit and the item instead.
    """
    several = bool(loaded.scenario.assessors)
    problems = []
    for assessor, key, message in rule_errors(loaded):
        if assessor is None:
            at: PathKey = ("findings", key)
        else:
            at = ("assessors", assessor, "findings", key) if several else ("findings", key)
        problems.append(view.problem(at, message))
    return problems


def rule_errors(loaded: LoadedScenario) -> list[tuple[int | None, str, str]]:
    """(assessor index, or None for the bonus and penalty items; indicator key; message)
    for every finding its rule refuses, found by scoring each leaf input once."""
    weights = {ind.key: ind.weight for ind in leaves(loaded.indicators)}
    evaluate = DataEvaluator(loaded.data)
    inputs: list[tuple[int | None, dict[str, LeafInput]]] = [
        (j, assessor.leaves) for j, assessor in enumerate(loaded.assessors)
    ]
    inputs.append((None, loaded.adjustments))
    errors = []
    for assessor, inputs_by_key in inputs:
        for key, leaf in inputs_by_key.items():
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
                errors.append((assessor, key, str(error)))
    return errors


def leaves(indicators: list[Indicator]) -> list[Indicator]:
    """The leaf indicators of a tree, in order."""
    return [
        leaf
        for indicator in indicators
        for leaf in (leaves(indicator.children) if indicator.children else [indicator])
    ]
