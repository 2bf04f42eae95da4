"""Leaves that give a 评分标准 and no `rule` get the rule the standard states.

The tree is rebuilt with each such leaf's rule filled in, so everything after
the loader sees an explicit rule. A standard no rule can be read from is a
problem at its line, asking for the rule: a leaf is never scored by a guess.
"""

from __future__ import annotations

from reportgen.errors import Problem
from reportgen.rules.inference import Unreadable, infer_rule
from reportgen.scenario.model import Indicator
from reportgen.scenario.yaml_source import PathKey, YamlSource


def with_inferred_rules(
    indicators: list[Indicator], source: YamlSource, at: PathKey
) -> tuple[list[Indicator], list[Problem]]:
    """The tree with every rule-less leaf's rule read from its standard, and what could not be."""
    problems: list[Problem] = []
    result = []
    for index, node in enumerate(indicators):
        path = (*at, index)
        if node.children:
            children, found = with_inferred_rules(node.children, source, (*path, "children"))
            problems += found
            if children != node.children:
                node = node.model_copy(update={"children": children})
        elif node.rule is None and node.standard.strip():
            reading = infer_rule(node.standard, node.weight, node.explanation)
            if isinstance(reading, Unreadable):
                problems.append(
                    source.problem(
                        (*path, "standard"),
                        f"{node.name}: no rule can be read from its 评分标准 ({reading.why}); "
                        "give its `rule` (see `reportgen rules`)",
                    )
                )
            else:
                node = node.model_copy(update={"rule": reading.rule})
        result.append(node)
    return result, problems
