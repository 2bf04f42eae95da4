"""Checks across the scenario and the rules file, each problem at the place to fix.

Pydantic checks each value; these check that an applicant's findings name the
conditions, situations and materials the rules file declares, that findings do
not state what an expression decides, and that the form's figures fit together.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.errors import Problem
from reportgen.rules.conditions import StatedCondition
from reportgen.scenario.yaml_source import PathKey, YamlSource
from reportgen.schemes.designation_review.framework import DesignationFramework
from reportgen.schemes.designation_review.params import Applicant, DesignationParams

UNUSED_TOP_LEVEL = (
    "assessors",
    "findings",
    "indicators",
    "narrative",
    "problems",
    "recommendations",
    "experiences",
)


def scenario_problems(data: dict[str, object], source: YamlSource) -> list[Problem]:
    """What a designation review needs from the rest of scenario.yaml, and what it does not use."""
    problems = [
        source.problem(
            (key,),
            "not used by kind designation_review: give findings per applicant under scheme.applicants",
        )
        for key in UNUSED_TOP_LEVEL
        if key in data
    ]
    project = data.get("project")
    if not isinstance(project, dict) or project.get("report_date") is None:
        problems.append(
            source.problem(("project", "report_date"), "required for the notices' date")
        )
    for key, what in (
        ("framework", "the rules file (第八条, 第九条, 第十一条)"),
        ("scheme", "the applicants"),
    ):
        if key not in data:
            problems.append(source.problem((key,), f"required: {what}"))
    return problems


def applicant_problems(
    framework: DesignationFramework, params: DesignationParams, source: YamlSource
) -> list[Problem]:
    """Every inconsistency of the applicants, collected before stopping."""
    at: PathKey = ("scheme", "applicants")
    problems = _repeats([a.name for a in params.applicants], "applicant name", source, at, "name")
    problems += _repeats(
        [a.short_name for a in params.applicants], "short name", source, at, "short_name"
    )
    for index, applicant in enumerate(params.applicants):
        place = (*at, index)
        problems += _finding_problems(framework, applicant, source, place)
        problems += _material_problems(framework, applicant, source, place)
        problems += _figure_problems(applicant, source, place)
    return problems


def _finding_problems(
    framework: DesignationFramework, applicant: Applicant, source: YamlSource, at: PathKey
) -> list[Problem]:
    conditions = framework.conditions.rule.conditions
    situations = framework.refusals.situations
    problems = []
    for index, unmet in enumerate(applicant.unmet):
        problems += _named(
            conditions, unmet.condition, "condition", source, (*at, "unmet", index, "condition")
        )
    for index, refusal in enumerate(applicant.refusals):
        problems += _named(
            situations,
            refusal.situation,
            "refusal situation",
            source,
            (*at, "refusals", index, "situation"),
        )
    problems += _repeats(
        [u.condition for u in applicant.unmet], "condition", source, (*at, "unmet"), "condition"
    )
    problems += _repeats(
        [r.situation for r in applicant.refusals],
        "situation",
        source,
        (*at, "refusals"),
        "situation",
    )
    return problems


def _named(
    items: Sequence[StatedCondition], name: str, what: str, source: YamlSource, at: PathKey
) -> list[Problem]:
    """A finding names a known item, and one its `when` expression does not decide."""
    known = {item.id: item for item in items}
    if name not in known:
        return [source.problem(at, f"unknown {what} {name!r}; known: {', '.join(known)}")]
    if known[name].when is not None:
        return [
            source.problem(
                at,
                f"{what} {name!r} is decided by its `when` expression ({known[name].when}), not by findings",
            )
        ]
    return []


def _material_problems(
    framework: DesignationFramework, applicant: Applicant, source: YamlSource, at: PathKey
) -> list[Problem]:
    known = [m.id for m in framework.materials.items]
    problems = []
    for index, name in enumerate(applicant.materials):
        if name not in known:
            problems.append(
                source.problem(
                    (*at, "materials", index),
                    f"unknown material {name!r}; known: {', '.join(known)}",
                )
            )
    problems += _repeats(applicant.materials, "material", source, (*at, "materials"), None)
    for name in applicant.defects:
        if name not in known:
            problems.append(
                source.problem(
                    (*at, "defects", name), f"unknown material {name!r}; known: {', '.join(known)}"
                )
            )
        elif name not in applicant.materials:
            problems.append(
                source.problem(
                    (*at, "defects", name),
                    f"material {name!r} is not listed under `materials` as handed in",
                )
            )
    return problems


def _figure_problems(applicant: Applicant, source: YamlSource, at: PathKey) -> list[Problem]:
    """Counts that cannot exceed the assessors, dates in their order, a lease with its end."""
    problems = []
    assessors = applicant.staff.assessors
    for key, value in (("trained", applicant.trained), ("with_records", applicant.with_records)):
        if value > assessors:
            problems.append(
                source.problem(
                    (*at, key), f"{value} is more than the {assessors} assessors (staff.assessors)"
                )
            )
    if assessors > applicant.staff.total:
        problems.append(
            source.problem(
                (*at, "staff", "assessors"),
                f"{assessors} assessors, but the staff add up to {applicant.staff.total}",
            )
        )
    office = applicant.office
    if office.tenure == "租赁" and office.lease_end is None:
        problems.append(
            source.problem(
                (*at, "office", "lease_end"), "required for a leased office (第九条第（五）项)"
            )
        )
    start = applicant.operating_since
    if start is not None and start < applicant.form.founded:
        problems.append(
            source.problem((*at, "operating_since"), "before the founding date (form.founded)")
        )
    if applicant.decided is not None and applicant.decided < applicant.applied:
        problems.append(source.problem((*at, "decided"), "before the application date (applied)"))
    return problems


def _repeats(
    values: Sequence[str], what: str, source: YamlSource, at: PathKey, key: str | None
) -> list[Problem]:
    """One problem at each later occurrence of a value already used."""
    problems = []
    for index, value in enumerate(values):
        if value in values[:index]:
            place = (*at, index, key) if key else (*at, index)
            problems.append(source.problem(place, f"{what} {value!r} is used twice"))
    return problems
