"""Checks across the fields of the `scheme:` block, each problem at the place to fix.

Pydantic checks each value; these check how values fit together: weights that
add up to 1 (第十四条), ratio bands that cover every score exactly once
(第十八条), measures that grow stricter as the score falls (第二十条), and
agencies whose findings name the assessors the scheme declares.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportgen.errors import Problem
from reportgen.numbers import plain
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes.settlement.params import Band, SettlementParams

AT = ("scheme",)
UNUSED_TOP_LEVEL = ("assessors", "findings", "narrative", "problems", "recommendations")


def scheme_problems(params: SettlementParams, source: YamlSource) -> list[Problem]:
    """Every inconsistency of the scheme block, collected before stopping."""
    return [
        *_assessor_problems(params, source),
        *_band_problems(params.bands, source),
        *_measure_problems(params, source),
        *_agency_problems(params, source),
    ]


def scenario_problems(data: dict[str, object], source: YamlSource) -> list[Problem]:
    """What a 考核清算 needs from the rest of scenario.yaml, and what it does not use."""
    problems = [
        source.problem(
            (key,),
            f"not used by kind settlement: give each agency's `{key}` under scheme.agencies",
        )
        for key in UNUSED_TOP_LEVEL
        if key in data
    ]
    project = data.get("project")
    project = project if isinstance(project, dict) else {}
    for key, why in (("year", "the 考核年度"), ("report_date", "the notice's date")):
        if project.get(key) is None:
            problems.append(source.problem(("project", key), f"required for {why}"))
    if "scheme" not in data:
        problems.append(source.problem(("scheme",), "required: the 考核清算 parameters"))
    return problems


def _assessor_problems(params: SettlementParams, source: YamlSource) -> list[Problem]:
    at = (*AT, "assessors")
    problems = _repeats([a.id for a in params.assessors], "assessor id", source, at, "id")
    problems += _repeats([a.name for a in params.assessors], "assessor name", source, at, "name")
    total = sum((a.weight for a in params.assessors), Decimal(0))
    if total != 1:
        shares = " + ".join(plain(a.weight) for a in params.assessors)
        problems.append(
            source.problem(at, f"assessor weights add up to {plain(total)} ({shares}), not 1")
        )
    return problems


def _band_problems(bands: Sequence[Band], source: YamlSource) -> list[Problem]:
    """Bands cover [0, ∞) once: each starts where the one below ends; only the top is open."""
    order = sorted(range(len(bands)), key=lambda i: bands[i].min)
    at = (*AT, "bands")
    problems = []
    if bands[order[0]].min != 0:
        lowest = plain(bands[order[0]].min)
        problems.append(
            source.problem((*at, order[0], "min"), f"no band covers scores below {lowest}")
        )
    for position, index in enumerate(order):
        band = bands[index]
        if band.max is None and position != len(order) - 1:
            problems.append(
                source.problem(
                    (*at, index), f"only the top band may leave out `max`; {_shown(band)} does"
                )
            )
        if band.max is not None and band.max <= band.min:
            problems.append(source.problem((*at, index, "max"), "max must be above min"))
        if position > 0:
            problems += _joint(bands[order[position - 1]], band, source, (*at, index))
    top_max = bands[order[-1]].max
    if top_max is not None:
        top = plain(top_max)
        problems.append(
            source.problem((*at, order[-1], "max"), f"no band covers scores of {top} and above")
        )
    return problems


def _joint(
    lower: Band, upper: Band, source: YamlSource, at: tuple[str | int, ...]
) -> list[Problem]:
    """The border between two neighbouring bands: no gap, no overlap, no falling ratio."""
    problems = []
    end = lower.max
    if end is not None and upper.min > end:
        problems.append(
            source.problem(
                (*at, "min"),
                f"gap: no band covers scores from {plain(end)} to {plain(upper.min)}",
            )
        )
    if end is None or upper.min < end:
        problems.append(
            source.problem((*at, "min"), f"band {_shown(upper)} overlaps band {_shown(lower)}")
        )
    if upper.ratio < lower.ratio:
        problems.append(
            source.problem(
                (*at, "ratio"),
                f"band {_shown(upper)} pays {plain(upper.ratio)}, less than the lower band "
                f"{_shown(lower)} ({plain(lower.ratio)})",
            )
        )
    return problems


def _shown(band: Band) -> str:
    return f"{plain(band.min)}–{plain(band.max)}" if band.max is not None else f"≥{plain(band.min)}"


def _measure_problems(params: SettlementParams, source: YamlSource) -> list[Problem]:
    at = (*AT, "measures")
    measures = params.measures
    problems = _repeats([m.name for m in measures], "measure name", source, at, "name")
    for index, measure in enumerate(measures):
        if index > 0 and measure.below >= measures[index - 1].below:
            problems.append(
                source.problem(
                    (*at, index, "below"),
                    f"measures go from the mildest to the strictest, so `below` must fall: "
                    f"{plain(measure.below)} is not below {plain(measures[index - 1].below)}",
                )
            )
        if measure.repeat_below is not None and measure.repeat_below < measure.below:
            problems.append(
                source.problem(
                    (*at, index, "repeat_below"),
                    f"repeat_below {plain(measure.repeat_below)} is below `below` "
                    f"{plain(measure.below)}, so it would never add a case",
                )
            )
    return problems


def _agency_problems(params: SettlementParams, source: YamlSource) -> list[Problem]:
    at = (*AT, "agencies")
    problems = _repeats([a.name for a in params.agencies], "agency name", source, at, "name")
    problems += _repeats(
        [a.label for a in params.agencies], "agency short name", source, at, "short_name"
    )
    ids = [a.id for a in params.assessors]
    for index, agency in enumerate(params.agencies):
        place = (*at, index, "assessments")
        for key in agency.assessments:
            if key not in ids:
                problems.append(
                    source.problem(
                        (*place, key), f"no assessor {key!r}; the scheme's are {', '.join(ids)}"
                    )
                )
        missing = [i for i in ids if i not in agency.assessments]
        if missing:
            problems.append(
                source.problem(
                    place,
                    f"{agency.name}: no findings from {', '.join(missing)}; every assessor "
                    "scores every agency (write {} when nothing was found)",
                )
            )
    return problems


def _repeats(
    values: list[str], what: str, source: YamlSource, at: tuple[str | int, ...], key: str
) -> list[Problem]:
    """One problem at each later occurrence of a value already used."""
    problems = []
    for index, value in enumerate(values):
        if value in values[:index]:
            problems.append(source.problem((*at, index, key), f"{what} {value!r} is used twice"))
    return problems
