"""Load a scenario folder: read, validate everything, then stop once with every problem.

`load_scenario(dir)` reads `scenario.yaml`, the framework it references and
the data files, checks the indicator tree and every leaf's findings, computes
the derived data values, and returns a `LoadedScenario` ready to score — or
raises one ReportgenError listing every problem with its file and line.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.expressions import DataEvaluator
from reportgen.formatting import DEFAULT_SCORE_DECIMALS, SCORE_DECIMALS
from reportgen.scenario.indicators import (
    LeafInput,
    Located,
    check_tree,
    leaf_input,
    raw_rule_problems,
    rule_kind,
    walk,
)
from reportgen.scenario.inferred_rules import with_inferred_rules
from reportgen.scenario.model import NATIONAL_GRADES, Framework, GradeBand, Indicator, Scenario
from reportgen.scenario.paths import resolve_reference, scenarios_root
from reportgen.scenario.tables import ResolvedTable, resolve_tables
from reportgen.scenario.validation import validate, validate_partly
from reportgen.scenario.yaml_source import PathKey, YamlSource, format_path, load_yaml

SCENARIO_FILE = "scenario.yaml"


@dataclass
class AssessorInputs:
    """One assessor's validated inputs per leaf key."""

    name: str
    weight: Decimal
    leaves: dict[str, LeafInput] = field(default_factory=dict)


@dataclass
class LoadedScenario:
    """A scenario with everything validated and resolved, ready to score."""

    id: str
    directory: Path
    scenario: Scenario
    indicators: list[Indicator]
    scale: Decimal
    total_cap: Decimal | None
    grades: tuple[GradeBand, ...]
    tables: dict[str, ResolvedTable]
    assessors: list[AssessorInputs]
    adjustments: dict[str, LeafInput]
    framework_name: str = ""
    score_decimals: int = DEFAULT_SCORE_DECIMALS
    sources: dict[str, YamlSource] = field(default_factory=dict)
    places: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, dict[str, Decimal]]:
        return {name: table.values for name, table in self.tables.items()}


def load_scenario(directory: Path | str, source: YamlSource | None = None) -> LoadedScenario:
    """Load and validate a scenario folder (`source`: its scenario.yaml, when already parsed)."""
    directory = Path(directory)
    file = directory / SCENARIO_FILE if directory.is_dir() else directory
    if source is None:
        if not file.is_file():
            raise ReportgenError([Problem(f"no {SCENARIO_FILE} here", display_path(file))])
        source = load_yaml(file)
    if not isinstance(source.data, dict):
        raise ReportgenError([source.problem((), "expected a mapping of scenario fields")])
    scenario, problems = validate_partly(Scenario, source.data, source)
    if scenario is None:
        raise ReportgenError(
            problems + raw_rule_problems(source.data.get("indicators"), source, ("indicators",))
        )
    return _Assembler(scenario, source, file.parent, problems).assemble()


class _Assembler:
    """Collects every problem while putting a LoadedScenario together."""

    def __init__(
        self, scenario: Scenario, source: YamlSource, directory: Path, problems: list[Problem]
    ):
        self.scenario, self.source, self.directory = scenario, source, directory
        self.root = scenarios_root(directory)
        self.problems = list(problems)  # of the scenario's fields, found while validating it

    def assemble(self) -> LoadedScenario:
        """Everything checked that can be: the tree, the data, then every leaf's findings
        (unless the data could not be read), all problems raised together."""
        framework, tree_source, tree_path = self._indicator_system()
        scale = self.scenario.scale or framework.scale
        self.problems += check_tree(framework.indicators, scale, tree_source, tree_path)
        tables, table_problems = resolve_tables(self.scenario.data, self.source, self.root)
        if table_problems:
            raise ReportgenError(self._unique(self.problems + table_problems))
        located = [
            loc
            for loc in walk(framework.indicators, tree_source, tree_path)
            if loc.indicator.is_leaf
        ]
        self.evaluate = DataEvaluator({name: table.values for name, table in tables.items()})
        assessors, adjustments = self._leaf_inputs(located)
        self._check_links(located)
        if self.problems:
            raise ReportgenError(self._unique(self.problems))
        decimals = next(
            (d for d in (self.scenario.score_decimals, framework.score_decimals) if d is not None),
            DEFAULT_SCORE_DECIMALS,
        )
        SCORE_DECIMALS.set(decimals)  # in force for what this context writes from now on
        return LoadedScenario(
            id=self.scenario.output_id(self.directory),
            directory=self.directory,
            scenario=self.scenario,
            indicators=framework.indicators,
            scale=scale,
            total_cap=self.scenario.total_cap
            if self.scenario.total_cap is not None
            else framework.total_cap,
            grades=tuple(self.scenario.grades or framework.grades or NATIONAL_GRADES),
            tables=tables,
            assessors=assessors,
            adjustments=adjustments,
            framework_name=framework.name,
            score_decimals=decimals,
            sources={"scenario": self.source, "framework": tree_source},
            places={loc.indicator.key: (tree_source.name, loc.line) for loc in located},
        )

    @staticmethod
    def _unique(problems: list[Problem]) -> list[Problem]:
        """Each problem once: a framework's fault is met again for every assessor and unit."""
        return list(dict.fromkeys(problems))

    def _indicator_system(self) -> tuple[Framework, YamlSource, PathKey]:
        scenario = self.scenario
        if (scenario.framework is None) == (scenario.indicators is None):
            raise ReportgenError(
                [
                    *self.problems,
                    self.source.problem(
                        (), "give either `framework` (a file) or `indicators`, exactly one"
                    ),
                ]
            )
        if scenario.indicators is not None:
            indicators, problems = with_inferred_rules(
                scenario.indicators, self.source, ("indicators",)
            )
            self.problems += problems
            name = scenario.framework_name or scenario.project.name
            inline = Framework(name=name, indicators=indicators)
            return inline, self.source, ("indicators",)
        path, why = resolve_reference(scenario.framework or "", self.directory, self.root)
        if path is None:
            raise ReportgenError([*self.problems, self.source.problem(("framework",), why)])
        framework, framework_source, problems = framework_file(path)
        if framework is None:
            raw = (
                framework_source.data.get("indicators")
                if isinstance(framework_source.data, dict)
                else None
            )
            raise ReportgenError(
                self.problems + problems + raw_rule_problems(raw, framework_source, ("indicators",))
            )
        self.problems += problems  # rules its standards could not give
        return framework, framework_source, ("indicators",)

    def _leaf_inputs(
        self, leaves: list[Located]
    ) -> tuple[list[AssessorInputs], dict[str, LeafInput]]:
        scenario = self.scenario
        sets: list[tuple[str, Decimal, dict[str, Any], PathKey]] = [
            (a.name, a.weight, a.findings, ("assessors", i, "findings"))
            for i, a in enumerate(scenario.assessors)
        ] or [("", Decimal(1), scenario.findings, ("findings",))]
        total_weight = sum((weight for _, weight, _, _ in sets), Decimal(0))
        if total_weight != 1:
            self.problems.append(
                self.source.problem(
                    ("assessors",), f"assessor weights add up to {total_weight}, not 1"
                )
            )
        scored = [loc for loc in leaves if rule_kind(loc.indicator) == "scored"]
        adjusting = [loc for loc in leaves if rule_kind(loc.indicator) != "scored"]
        assessors = [
            AssessorInputs(name, weight, self._inputs_for(scored, findings, at))
            for name, weight, findings, at in sets
        ]
        adjustments = self._inputs_for(adjusting, scenario.findings, ("findings",))
        known = {loc.indicator.key for loc in leaves}
        for _, _, findings, at in [*sets, ("", Decimal(0), scenario.findings, ("findings",))]:
            for key in findings:
                if key not in known:
                    self.problems.append(
                        self.source.problem(
                            (*at, key), f"no leaf indicator {key!r}; {_close(key, known)}"
                        )
                    )
        return assessors, adjustments

    def _inputs_for(
        self, leaves: list[Located], findings: dict[str, Any], at: PathKey
    ) -> dict[str, LeafInput]:
        inputs = {}
        for loc in leaves:
            key = loc.indicator.key
            if key in findings:
                result, problems = leaf_input(
                    loc, findings[key], self.source, (*at, key), self.evaluate
                )
            elif loc.indicator.findings is not None:
                result, problems = leaf_input(
                    loc, loc.indicator.findings, loc.source, (*loc.path, "findings"), self.evaluate
                )
            else:
                result, problems = leaf_input(loc, {}, self.source, at, self.evaluate)
                missing = f"no findings for {key!r}, and its rule needs them"
                problems = [
                    replace(p, field=format_path((*at, key)), message=f"{missing}: {p.message}")
                    for p in problems
                ]
            self.problems += problems
            if result is not None:
                inputs[key] = result
        return inputs

    def _check_links(self, leaves: list[Located]) -> None:
        known = {loc.indicator.key for loc in leaves}
        for index, problem in enumerate(self.scenario.problems):
            for position, key in enumerate(problem.indicators):
                if key not in known:
                    self.problems.append(
                        self.source.problem(
                            ("problems", index, "indicators", position),
                            f"no leaf indicator {key!r}; {_close(key, known)}",
                        )
                    )
        titles = {p.title for p in self.scenario.problems}
        for index, recommendation in enumerate(self.scenario.recommendations):
            for position, title in enumerate(recommendation.problems):
                if title not in titles:
                    self.problems.append(
                        self.source.problem(
                            ("recommendations", index, "problems", position),
                            f"no problem titled {title!r}; {_close(title, titles)}",
                        )
                    )


def framework_file(path: Path) -> tuple[Framework | None, YamlSource, list[Problem]]:
    """A framework file parsed and validated, with the rules its standards state, once per
    process while it is unchanged (`check` and the build that follows read it once).

    None when it is not valid, with the problems why; else the problems are the rules its
    standards could not give."""
    stat = path.stat()
    return _framework_cached(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _framework_cached(
    path: Path, mtime_ns: int, size: int
) -> tuple[Framework | None, YamlSource, list[Problem]]:
    source = load_yaml(path)
    framework, problems = validate(Framework, source.data, source)
    if framework is None:
        return framework, source, problems
    indicators, unread = with_inferred_rules(framework.indicators, source, ("indicators",))
    return framework.model_copy(update={"indicators": indicators}), source, problems + unread


def _close(name: str, known: set[str]) -> str:
    import difflib

    matches = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.4)
    return (
        f"did you mean {', '.join(matches)}?" if matches else f"known: {', '.join(sorted(known))}"
    )
