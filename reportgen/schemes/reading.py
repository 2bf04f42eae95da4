"""What every scheme's reading of scenario.yaml shares: the scenario fields and its `scheme:` block.

Each scheme adds its own checks (what it requires of `project`, names used
twice …) to the problems found here, and raises them all at once.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from pydantic import BaseModel

from reportgen.errors import Problem, ReportgenError
from reportgen.scenario.model import Scenario
from reportgen.scenario.validation import validate, validate_partly
from reportgen.scenario.yaml_source import YamlSource

SCHEME: tuple[str] = ("scheme",)
UNUSED_TOP_LEVEL = ("assessors", "findings", "narrative", "problems", "recommendations")
P = TypeVar("P", bound=BaseModel)


def read_parts(
    source: YamlSource, params_model: type[P], what: str
) -> tuple[Scenario | None, P | None, list[Problem]]:
    """scenario.yaml as a Scenario and its `scheme:` block as `params_model`, with every
    problem found (none raised unless the file is not a mapping at all)."""
    data = source.data
    if not isinstance(data, dict):
        raise ReportgenError([source.problem((), "expected a mapping of scenario fields")])
    scenario, problems = validate_partly(Scenario, data, source)
    params = None
    if isinstance(data.get("scheme"), dict):
        params, found = validate(params_model, data["scheme"], source, SCHEME)
        problems += found
    elif "scheme" in data:
        problems.append(source.problem(SCHEME, f"expected a mapping of {what}"))
    if scenario is not None:
        problems += _date_problems(scenario, source)
    return scenario, params, problems


def _date_problems(scenario: Scenario, source: YamlSource) -> list[Problem]:
    date = scenario.project.report_date
    if date is None or isinstance(date, dt.date):
        return []
    return [
        source.problem(
            ("project", "report_date"), f'expected a date written as YYYY-MM-DD, got "{date}"'
        )
    ]


def unused_keys(
    data: dict[str, object], source: YamlSource, kind: str, where: str
) -> list[Problem]:
    """Top-level keys of a performance report that a scheme takes per unit instead."""
    return [
        source.problem((key,), f"not used by kind {kind}: give each {where}")
        for key in UNUSED_TOP_LEVEL
        if key in data
    ]
