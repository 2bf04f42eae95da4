"""scenario.yaml of a 考核清算 read and checked as a whole before any agency is scored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportgen.errors import ReportgenError
from reportgen.scenario.model import Scenario
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes.reading import read_parts
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
    scenario, params, problems = read_parts(source, SettlementParams, "考核清算 parameters")
    problems = scenario_problems(source.data, source) + problems
    if params is not None:
        problems += scheme_problems(params, source)
    if problems or scenario is None or params is None:
        raise ReportgenError(problems)
    year, date = scenario.project.year, scenario.project.report_date
    assert year is not None and isinstance(date, dt.date)  # checked by scenario_problems
    return SettlementScenario(scenario, params, year, date)
