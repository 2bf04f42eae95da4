"""scenario.yaml of a Hubei 评定 read and checked as a whole before any unit is scored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportgen.errors import Problem, ReportgenError
from reportgen.scenario.model import Scenario
from reportgen.scenario.yaml_source import PathKey, YamlSource
from reportgen.schemes.hubei_rating.params import CitySpec, HubeiParams, UnitSpec
from reportgen.schemes.reading import read_parts, unused_keys


@dataclass(frozen=True)
class HubeiScenario:
    """A checked scenario: the year and date its documents carry are known to be there."""

    scenario: Scenario
    params: HubeiParams
    year: int
    date: dt.date


def read_scenario(source: YamlSource) -> HubeiScenario:
    """The scenario and its `scheme:` block, or one ReportgenError with every problem."""
    scenario, params, problems = read_parts(source, HubeiParams, "评定 parameters")
    problems = _scenario_problems(source.data, source) + problems
    if params is not None:
        problems += _scheme_problems(params, source)
    if problems or scenario is None or params is None:
        raise ReportgenError(problems)
    year, date = scenario.project.year, scenario.project.report_date
    assert year is not None and isinstance(date, dt.date)  # checked by _scenario_problems
    return HubeiScenario(scenario, params, year, date)


def _scenario_problems(data: dict[str, object], source: YamlSource) -> list[Problem]:
    """What a 评定 needs from the rest of scenario.yaml, and what it does not use."""
    problems = unused_keys(data, source, "hubei_rating", "unit's findings under scheme.cities")
    project = data.get("project")
    project = project if isinstance(project, dict) else {}
    for key, why in (("year", "the 评定年度"), ("report_date", "the notice's date")):
        if project.get(key) is None:
            problems.append(source.problem(("project", key), f"required for {why}"))
    if "scheme" not in data:
        problems.append(source.problem(("scheme",), "required: the cities and their units"))
    return problems


def _scheme_problems(params: HubeiParams, source: YamlSource) -> list[Problem]:
    """Names unique where documents and files tell units apart; previous places possible."""
    problems = []
    cities = [c.name for c in params.cities]
    for index, city in enumerate(params.cities):
        at: PathKey = ("scheme", "cities", index)
        if cities.index(city.name) != index:
            problems.append(source.problem((*at, "name"), f"city {city.name!r} is given twice"))
        problems += _city_problems(city, at, len(cities), source)
    return problems


def _city_problems(city: CitySpec, at: PathKey, count: int, source: YamlSource) -> list[Problem]:
    problems = []
    names = [city.level.name] + [c.name for c in city.counties]
    for position, county in enumerate(city.counties):
        if names.index(county.name) != position + 1:
            problems.append(
                source.problem(
                    (*at, "counties", position, "name"),
                    f"{county.name!r} is given twice in {city.name}",
                )
            )
    units: list[tuple[PathKey, UnitSpec]] = [((*at, "level"), city.level)]
    units += [((*at, "counties", j), county) for j, county in enumerate(city.counties)]
    problems += [_both_sources(unit, where, source) for where, unit in units if _twice(unit)]
    if city.previous_rank is not None and city.previous_rank > count:
        problems.append(
            source.problem(
                (*at, "previous_rank"),
                f"last year's place {city.previous_rank} is beyond the {count} cities rated",
            )
        )
    return problems


def _twice(unit: UnitSpec) -> bool:
    """A unit scored from a workbook has its findings there, not in scenario.yaml too."""
    written = (unit.self_assessment, unit.provincial, unit.special, unit.claimed)
    return unit.workbook is not None and any(written)


def _both_sources(unit: UnitSpec, at: PathKey, source: YamlSource) -> Problem:
    return source.problem(
        (*at, "workbook"),
        f"{unit.name}: give the scores either in the workbook or as findings here, not both",
    )
