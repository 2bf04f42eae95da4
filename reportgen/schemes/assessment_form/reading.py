"""scenario.yaml of a 考核评分表 read and checked as a whole before any institution is scored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportgen.errors import Problem, ReportgenError
from reportgen.scenario.model import Scenario
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes.assessment_form.params import AssessmentParams
from reportgen.schemes.reading import read_parts, unused_keys

AT = ("scheme",)


@dataclass(frozen=True)
class AssessmentScenario:
    """A checked 考核评分表 scenario: the year its forms carry is known to be there."""

    scenario: Scenario
    params: AssessmentParams
    year: int
    date: dt.date | None


def read_scenario(source: YamlSource) -> AssessmentScenario:
    """The scenario and its `scheme:` block, or one ReportgenError with every problem."""
    scenario, params, problems = read_parts(source, AssessmentParams, "考核评分表 parameters")
    problems = _scenario_problems(source.data, source) + problems
    if params is not None:
        problems += _institution_problems(params, source)
    if problems or scenario is None or params is None:
        raise ReportgenError(problems)
    year, date = scenario.project.year, scenario.project.report_date
    assert year is not None and (date is None or isinstance(date, dt.date))
    return AssessmentScenario(scenario, params, year, date)


def _scenario_problems(data: dict[str, object], source: YamlSource) -> list[Problem]:
    """What a 考核评分表 needs from the rest of scenario.yaml, and what it does not use."""
    problems = unused_keys(
        data, source, "assessment_form", "institution's findings under scheme.institutions"
    )
    project = data.get("project")
    if not isinstance(project, dict) or project.get("year") is None:
        problems.append(source.problem(("project", "year"), "required for the 考核年度"))
    if "scheme" not in data:
        problems.append(source.problem(AT, "required: the 考核评分表 parameters"))
    return problems


def _institution_problems(params: AssessmentParams, source: YamlSource) -> list[Problem]:
    """Names and short names are unique: they head the forms and name their files."""
    at = (*AT, "institutions")
    problems = []
    for key, values in (
        ("name", [i.name for i in params.institutions]),
        ("short_name", [i.label for i in params.institutions]),
    ):
        for index, value in enumerate(values):
            if value in values[:index]:
                problems.append(
                    source.problem((*at, index, key), f"institution {key} {value!r} is used twice")
                )
    return problems
