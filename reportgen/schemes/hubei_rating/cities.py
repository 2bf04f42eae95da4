"""Every unit of every city scored, the problems of all of them reported together."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import Problem, ReportgenError
from reportgen.scenario.yaml_source import PathKey, YamlSource
from reportgen.schemes.hubei_rating.params import HubeiParams, UnitSpec
from reportgen.schemes.hubei_rating.ranking import CityScore, city_score
from reportgen.schemes.hubei_rating.rating import UnitScore, score_unit


def score_cities(directory: Path, source: YamlSource, params: HubeiParams) -> list[CityScore]:
    """Each city's level and counties scored and rolled up; one ReportgenError for all problems."""
    problems: list[Problem] = []
    cities = []
    for index, city in enumerate(params.cities):
        at: PathKey = ("scheme", "cities", index)
        places: list[tuple[UnitSpec, PathKey]] = [(city.level, (*at, "level"))]
        places += [(c, (*at, "counties", j)) for j, c in enumerate(city.counties)]
        scores: list[UnitScore] = []
        for unit, where in places:
            try:
                scores.append(score_unit(directory, source, params, (city.name, unit, where)))
            except ReportgenError as error:
                problems += [p for p in error.problems if p not in problems]
        if len(scores) == len(places):
            cities.append(city_score(city, scores[0], scores[1:], params.counties_share))
    if problems:
        raise ReportgenError(problems)
    return cities
