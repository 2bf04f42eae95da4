"""Each institution scored with the shared loader and scorer, on the items its type is assessed on.

An institution's block is seen as a scenario of its own (see `units_view`).
Items named in `type_items` count only for the institution types listed there:
for any other institution they are loaded at full marks, so that rules which
need findings do not ask for them, and then left out before scoring, which
takes their weight off the scale (a 社区卫生服务中心 is scored out of 120, any
other medical institution out of 100).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError
from reportgen.numbers import percent
from reportgen.scenario.indicators import rule_kind
from reportgen.scenario.loader import LoadedScenario
from reportgen.scenario.model import Framework, Indicator
from reportgen.scenario.paths import resolve_reference, scenarios_root
from reportgen.scenario.validation import validate
from reportgen.scenario.yaml_source import YamlSource, load_yaml
from reportgen.schemes.assessment_form.params import AssessmentParams, Institution
from reportgen.schemes.units_view import UnitView, leaves, load_unit, shared_data
from reportgen.scoring.tree import ScoredReport, score_scenario

TYPE_ITEMS = ("scheme", "type_items")


@dataclass(frozen=True)
class InstitutionScore:
    """One institution's scored tree, and the items its type is not assessed on."""

    institution: Institution
    report: ScoredReport
    framework: str  # the standard's name
    cap: Decimal | None  # the total never exceeds this (总分不突破100分)
    excluded: tuple[Indicator, ...] = ()
    included: tuple[Indicator, ...] = ()  # type items this institution is assessed on

    @property
    def total(self) -> Decimal:
        return self.report.total

    @property
    def rate(self) -> Decimal:
        """得分率: how institutions on different scales (100, 120) compare."""
        return percent(self.report.total, self.report.scale)


def score_institutions(
    directory: Path, source: YamlSource, params: AssessmentParams
) -> list[InstitutionScore]:
    """Every institution loaded and scored; one ReportgenError with the problems of all."""
    tree = _indicator_tree(directory, source)
    problems = _type_item_problems(params, tree, source) if tree is not None else []
    if problems:
        raise ReportgenError(problems)
    scores = []
    for index in range(len(params.institutions)):
        try:
            scores.append(_score(directory, source, params, tree or [], index))
        except ReportgenError as error:
            problems += [p for p in error.problems if p not in problems]
    if problems:
        raise ReportgenError(problems)
    return scores


def _score(
    directory: Path,
    source: YamlSource,
    params: AssessmentParams,
    tree: list[Indicator],
    index: int,
) -> InstitutionScore:
    institution = params.institutions[index]
    at = ("scheme", "institutions", index, "findings")
    typed = [i for i in tree if i.key in params.type_items]
    excluded = [i for i in typed if institution.type not in params.type_items[i.key]]
    placeholders, problems = _placeholders(institution, excluded, source, at)
    if problems:
        raise ReportgenError(problems)
    data = shared_data(source.data)
    data["findings"] = {**institution.findings, **placeholders}
    loaded = load_unit(directory, UnitView(source, data, {("findings",): at}))
    report = score_scenario(_without(loaded, {i.key for i in excluded}))
    included = tuple(i for i in typed if i not in excluded)
    return InstitutionScore(
        institution, report, loaded.framework_name, loaded.total_cap, tuple(excluded), included
    )


def _placeholders(
    institution: Institution, excluded: list[Indicator], source: YamlSource, at: tuple[Any, ...]
) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Full-marks findings for the items left out; findings written for them are a mistake."""
    placeholders: dict[str, dict[str, Any]] = {}
    problems = []
    for group in excluded:
        for leaf in leaves([group]):
            if leaf.key in institution.findings:
                kind = institution.type or "an institution without a `type`"
                problems.append(
                    source.problem(
                        (*at, leaf.key),
                        f"{leaf.key!r} belongs to {group.key!r}, which {kind} is not assessed "
                        "on (scheme.type_items)",
                    )
                )
            elif rule_kind(leaf) == "scored":
                placeholders[leaf.key] = {"score": leaf.weight}
    return placeholders, problems


def _without(loaded: LoadedScenario, keys: set[str]) -> LoadedScenario:
    """The scenario without the 一级指标 `keys`, its scale reduced by their weight."""
    kept = [i for i in loaded.indicators if i.key not in keys]
    dropped = sum((i.weight for i in loaded.indicators if i.key in keys), Decimal(0))
    return dataclasses.replace(loaded, indicators=kept, scale=loaded.scale - dropped)


def _type_item_problems(
    params: AssessmentParams, tree: list[Indicator], source: YamlSource
) -> list[Problem]:
    """`type_items` name scored 一级指标 of the standard: their weight leaves the scale whole."""
    tops = {i.key: i for i in tree if rule_kind(i) == "scored" and i.children}
    problems = [
        source.problem(
            (*TYPE_ITEMS, key),
            f"no scored 一级指标 {key!r} with sub-items; the standard's are {', '.join(tops)}",
        )
        for key in params.type_items
        if key not in tops
    ]
    return problems


def _indicator_tree(directory: Path, source: YamlSource) -> list[Indicator] | None:
    """The standard's 一级指标, read ahead to know the items `type_items` leaves out.

    None when it cannot be read; loading the first institution then says why.
    """
    data = source.data
    if isinstance(data.get("indicators"), list):
        framework, _ = validate(Framework, {"name": "-", "indicators": data["indicators"]}, source)
        return framework.indicators if framework is not None else None
    reference = data.get("framework")
    if not isinstance(reference, str):
        return None
    path, _ = resolve_reference(reference, directory, scenarios_root(directory))
    if path is None:
        return None
    try:
        framework_source = load_yaml(path)
    except ReportgenError:
        return None
    framework, _ = validate(Framework, framework_source.data, framework_source)
    return framework.indicators if framework is not None else None
