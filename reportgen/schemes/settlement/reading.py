"""scenario.yaml of a 考核清算 read and checked as a whole before any agency is scored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportgen.errors import Problem, ReportgenError
from reportgen.scenario.model import Scenario
from reportgen.scenario.validation import validate
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes.settlement.checks import scenario_problems, scheme_problems
from reportgen.schemes.settlement.params import SettlementParams


@dataclass(frozen=True)
class SettlementScenario:
    """A checked 考核清算 scenario: the year and date its documents carry are known to be there."""

    scenario: Scenario
    params: SettlementParams
    year: int
    date: dt.date


def read_scenario(source: YamlSource) -> SettlementScenario:
    """The scenario and its `scheme:` block, or one ReportgenError with every problem."""
    data = source.data
    if not isinstance(data, dict):
        raise ReportgenError([source.problem((), "expected a mapping of scenario fields")])
    problems = scenario_problems(data, source)
    scenario, found = validate(Scenario, data, source)
    problems += found
    params = None
    if isinstance(data.get("scheme"), dict):
        params, found = validate(SettlementParams, data["scheme"], source, ("scheme",))
        problems += found
    elif "scheme" in data:
        problems.append(source.problem(("scheme",), "expected a mapping of 考核清算 parameters"))
    if params is not None:
        problems += scheme_problems(params, source)
    if scenario is not None:
        problems += _date_problems(scenario, source)
    if problems or scenario is None or params is None:
        raise ReportgenError(problems)
    year, date = scenario.project.year, scenario.project.report_date
    assert year is not None and isinstance(date, dt.date)  # checked by scenario_problems
    return SettlementScenario(scenario, params, year, date)


def _date_problems(scenario: Scenario, source: YamlSource) -> list[Problem]:
    date = scenario.project.report_date
    if date is None or isinstance(date, dt.date):
        return []
    return [
        source.problem(
            ("project", "report_date"), f'expected a date written as YYYY-MM-DD, got "{date}"'
        )
    ]
