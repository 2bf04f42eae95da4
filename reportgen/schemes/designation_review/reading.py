"""scenario.yaml of a designation review and its rules file, read and checked before any decision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Problem, ReportgenError
from reportgen.scenario.model import Scenario
from reportgen.scenario.paths import resolve_reference, scenarios_root
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes.designation_review.checks import applicant_problems, scenario_problems
from reportgen.schemes.designation_review.framework import DesignationFramework, load_framework
from reportgen.schemes.designation_review.params import DesignationParams
from reportgen.schemes.reading import read_parts


@dataclass(frozen=True)
class DesignationScenario:
    """A checked designation review: the rules, the applicants and the notices' date."""

    scenario: Scenario
    params: DesignationParams
    framework: DesignationFramework
    date: dt.date


def read_scenario(directory: Path, source: YamlSource) -> DesignationScenario:
    """The scenario, its `scheme:` block and rules file, or one ReportgenError with every problem."""
    scenario, params, problems = read_parts(source, DesignationParams, "the review's parameters")
    problems = scenario_problems(source.data, source) + problems
    framework = _framework(directory, scenario, source, problems)
    if framework is not None and params is not None:
        problems += applicant_problems(framework, params, source)
    if problems or scenario is None or params is None or framework is None:
        raise ReportgenError(problems)
    date = scenario.project.report_date
    assert isinstance(date, dt.date)  # checked by scenario_problems
    return DesignationScenario(scenario, params, framework, date)


def _framework(
    directory: Path, scenario: Scenario | None, source: YamlSource, problems: list[Problem]
) -> DesignationFramework | None:
    """The rules file the scenario names; its own problems join the scenario's."""
    if scenario is None or scenario.framework is None:
        return None
    path, why = resolve_reference(scenario.framework, directory, scenarios_root(directory))
    if path is None:
        problems.append(source.problem(("framework",), why))
        return None
    try:
        return load_framework(path)[0]
    except ReportgenError as error:
        problems += error.problems
        return None
