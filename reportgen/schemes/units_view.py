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
from reportgen.scenario.loader import LoadedScenario, load_scenario
from reportgen.scenario.model import Indicator
from reportgen.scenario.yaml_source import PathKey, YamlSource, format_path

SHARED_KEYS = (
    "id",
    "sample_data",
    "project",
    "framework",
    "indicators",
    "framework_name",
    "score_decimals",
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
    """The unit's scenario loaded; every problem, the rules' checks included, in the real file."""
    try:
        return load_scenario(directory, view)
    except ReportgenError as error:
        raise ReportgenError([view.relocated(p) for p in error.problems]) from None


def leaves(indicators: list[Indicator]) -> list[Indicator]:
    """The leaf indicators of a tree, in order."""
    return [
        leaf
        for indicator in indicators
        for leaf in (leaves(indicator.children) if indicator.children else [indicator])
    ]
