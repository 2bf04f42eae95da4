"""Read a scenario folder for checking: the scenario, its indicator system, its scores.

Input the checks cannot work with (bad YAML, a field of the wrong type, a
framework file that is missing, findings a rule refuses) raises ReportgenError,
which `reportgen check` reports with exit code 2. Kinds other than the 绩效评价
报告 are only read as far as their indicator system; anything else about them
is their scheme's to validate.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.check.context import FRAMEWORK_KIND, FULL_KIND, CheckInput, Tree, scored_sum
from reportgen.errors import Problem, ReportgenError
from reportgen.scenario.indicators import rule_kind
from reportgen.scenario.inferred_rules import with_inferred_rules
from reportgen.scenario.loader import SCENARIO_FILE, LoadedScenario, framework_file, load_scenario
from reportgen.scenario.model import Framework, Indicator, Scenario
from reportgen.scenario.paths import resolve_reference, scenarios_root
from reportgen.scenario.validation import validate
from reportgen.scenario.yaml_source import YamlSource
from reportgen.scoring.tree import ScoredReport, score_scenario
from reportgen.workbook import read_scenario_file, scenario_file


def read_input(directory: Path | str) -> CheckInput:
    """The scenario in `directory` (or a scenario.yaml) read, validated and scored."""
    file = scenario_file(Path(directory))
    source = read_scenario_file(file)
    if not isinstance(source.data, dict):
        raise ReportgenError([source.problem((), "expected a mapping of scenario fields")])
    if is_framework(file, source.data):
        return _framework_only(file, source)
    kind = source.data.get("kind", FULL_KIND)
    full = kind == FULL_KIND
    scenario, problems = validate(Scenario, source.data, source)
    if scenario is None and full:
        raise ReportgenError(problems)
    target = CheckInput(file.parent, str(kind), source, scenario)
    target.tree = _indicator_system(source.data, source, file.parent, required=full)
    if full and target.tree is not None:
        target.loaded_as_built = target.tree.sums_hold()
        target.loaded, target.report = _scores(target, target.tree, target.loaded_as_built)
        target.scored = {node.key: node for node in target.report.walk()}
    return target


def is_framework(file: Path, data: Any) -> bool:
    """Whether a YAML file is an indicator system on its own (a frameworks/ file)."""
    return (
        file.name != SCENARIO_FILE
        and isinstance(data, dict)
        and "indicators" in data
        and "project" not in data
    )


def _framework_only(file: Path, source: YamlSource) -> CheckInput:
    """A framework file checked on its own: weights, rules and standards."""
    framework, problems = validate(Framework, source.data, source)
    if framework is None:
        raise ReportgenError(problems)
    framework = _with_rules(framework, source)
    target = CheckInput(file.parent, FRAMEWORK_KIND, source)
    target.tree = Tree(framework, source, framework.scale)
    return target


def _indicator_system(
    data: dict[str, Any], source: YamlSource, directory: Path, *, required: bool
) -> Tree | None:
    """The framework file or inline `indicators`, validated; None when a kind has none."""
    reference, inline = data.get("framework"), data.get("indicators")
    problems: list[Problem] = []
    framework: Framework | None = None
    tree_source = source
    if isinstance(reference, str):
        found, why = resolve_reference(reference, directory, scenarios_root(directory))
        if found is None:
            problems.append(source.problem(("framework",), why))
        else:
            framework, tree_source, problems = framework_file(found)
            if framework is not None:
                return _tree(framework, tree_source, data.get("scale"))
    elif isinstance(inline, list):
        framework, problems = validate(Framework, {"name": "", "indicators": inline}, source, ())
    elif required:
        problems.append(source.problem((), "give either `framework` (a file) or `indicators`"))
    if framework is None:
        if required and problems:
            raise ReportgenError(problems)
        return None
    return _tree(_with_rules(framework, tree_source), tree_source, data.get("scale"))


def _tree(framework: Framework, source: YamlSource, scale: Any) -> Tree:
    """The indicator system on the scenario's scale, when it gives one."""
    if isinstance(scale, Decimal | int) and not isinstance(scale, bool):
        return Tree(framework, source, Decimal(scale))
    return Tree(framework, source, framework.scale)


def _with_rules(framework: Framework, source: YamlSource) -> Framework:
    """The framework with the rules its standards state (what cannot be read, the loader says)."""
    indicators, _ = with_inferred_rules(framework.indicators, source, ("indicators",))
    return framework.model_copy(update={"indicators": indicators})


def _scores(target: CheckInput, tree: Tree, sums_hold: bool) -> tuple[LoadedScenario, ScoredReport]:
    """Load and score; when the sums do not hold, score a view whose sums do."""
    source = target.source if sums_hold else _summed_view(target.source, tree)
    loaded = load_scenario(target.directory, source)
    return loaded, score_scenario(loaded)


def _summed_view(source: YamlSource, tree: Tree) -> YamlSource:
    """The scenario with its indicator system inline, each group worth its children's sum."""
    data = {k: v for k, v in source.data.items() if k != "framework"}
    indicators = [_summed(i) for i in tree.framework.indicators]
    data["indicators"] = [i.model_dump() for i in indicators]
    data["scale"] = scored_sum(indicators)
    for key in ("total_cap", "grades"):
        value = getattr(tree.framework, key)
        if key not in data and value is not None:
            data[key] = [g.model_dump() for g in value] if key == "grades" else value
    return source.with_data(data)


def _summed(indicator: Indicator) -> Indicator:
    if not indicator.children:
        return indicator
    children = [_summed(c) for c in indicator.children]
    weight = sum((c.weight for c in children if rule_kind(c) == "scored"), Decimal(0))
    return indicator.model_copy(update={"children": children, "weight": weight})
