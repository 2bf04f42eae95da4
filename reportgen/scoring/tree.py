"""Score a loaded scenario: every leaf by its rule, sums up the tree, total and grade.

With several assessors each scores the scored items and a leaf's score is the
weighted sum of theirs; bonus and penalty items are scored once and added after
that split (Hubei: 特殊因素加减分 are outside the 40/60 split). The total never
exceeds the scenario's cap (Minhang: 总分不突破100分).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.expressions import DataEvaluator
from reportgen.numbers import percent
from reportgen.scenario.indicators import LeafInput, rule_kind
from reportgen.scenario.loader import LoadedScenario
from reportgen.scenario.model import Indicator
from reportgen.scoring.grades import grade_for
from reportgen.scoring.leaf import LeafScore, score_leaf


@dataclass
class ScoredNode:
    """An indicator with its score; a group's score is the sum of its children's."""

    key: str
    name: str
    weight: Decimal
    score: Decimal
    kind: str = "scored"
    reasons: list[str] = field(default_factory=list)
    children: list[ScoredNode] = field(default_factory=list)
    indicator: Indicator | None = None
    by_assessor: dict[str, Decimal] = field(default_factory=dict)
    remark: str = ""
    grade: str = ""  # a 一级指标's: the grade its 得分率 earns on the scenario's bands

    @property
    def rate(self) -> Decimal:
        """得分率 in percent, two decimals, half-up."""
        return percent(self.score, self.weight)

    @property
    def lost(self) -> Decimal:
        return self.weight - self.score if self.kind == "scored" else Decimal(0)

    def leaves(self) -> list[ScoredNode]:
        return [self] if not self.children else [leaf for c in self.children for leaf in c.leaves()]


@dataclass
class ScoredReport:
    """A whole scored scenario."""

    id: str
    name: str
    scale: Decimal
    indicators: list[ScoredNode]
    subtotal: Decimal
    adjustment: Decimal
    total: Decimal
    capped: bool
    grade: str

    @property
    def rate(self) -> Decimal:
        return percent(self.total, self.scale)

    def leaves(self) -> list[ScoredNode]:
        return [leaf for node in self.indicators for leaf in node.leaves()]

    def find(self, key: str) -> ScoredNode:
        for node in self.walk():
            if node.key == key:
                return node
        raise KeyError(key)

    def walk(self) -> list[ScoredNode]:
        found: list[ScoredNode] = []
        stack = list(reversed(self.indicators))
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.children))
        return found


def score_scenario(loaded: LoadedScenario) -> ScoredReport:
    """Score every leaf of a scenario the loader checked: nothing here is the user's error."""
    scorer = _TreeScorer(loaded)
    nodes = [scorer.node(indicator) for indicator in loaded.indicators]
    for node in nodes:
        if node.kind == "scored":
            node.grade = grade_for(node.rate, loaded.grades)
    subtotal = sum((n.score for n in nodes if n.kind == "scored"), Decimal(0))
    adjustment = sum((n.score for n in nodes if n.kind != "scored"), Decimal(0))
    total = subtotal + adjustment
    capped = loaded.total_cap is not None and total > loaded.total_cap
    if capped and loaded.total_cap is not None:
        total = loaded.total_cap
    grade = grade_for(percent(total, loaded.scale), loaded.grades)
    name = loaded.scenario.project.name
    return ScoredReport(
        loaded.id, name, loaded.scale, nodes, subtotal, adjustment, total, capped, grade
    )


class _TreeScorer:
    def __init__(self, loaded: LoadedScenario):
        self.loaded = loaded
        self.evaluate = DataEvaluator(loaded.data)

    def node(self, indicator: Indicator) -> ScoredNode:
        kind = rule_kind(indicator)
        if indicator.children:
            children = [self.node(child) for child in indicator.children]
            score = sum((c.score for c in children), Decimal(0))
            return ScoredNode(
                indicator.key,
                indicator.name,
                indicator.weight,
                score,
                kind,
                children=children,
                indicator=indicator,
            )
        return self.leaf(indicator, kind)

    def leaf(self, indicator: Indicator, kind: str) -> ScoredNode:
        key = indicator.key
        if kind != "scored":
            inputs = [("", Decimal(1), self.loaded.adjustments[key])]
        else:
            inputs = [(a.name, a.weight, a.leaves[key]) for a in self.loaded.assessors]
        results = [(name, weight, self._score(indicator, leaf)) for name, weight, leaf in inputs]
        score = sum((weight * result.score for _, weight, result in results), Decimal(0))
        several = len(results) > 1
        reasons = [
            f"{name}：{r}" if several else r for name, _, result in results for r in result.reasons
        ]
        remark = "\n\n".join(leaf.common.remark for _, _, leaf in inputs if leaf.common.remark)
        by_assessor = {name: result.score for name, _, result in results if name}
        return ScoredNode(
            key,
            indicator.name,
            indicator.weight,
            score,
            kind,
            reasons,
            indicator=indicator,
            by_assessor=by_assessor,
            remark=remark,
        )

    def _score(self, indicator: Indicator, leaf: LeafInput) -> LeafScore:
        # The loader ran every rule's check: an exception here is a bug, not the user's.
        return score_leaf(
            leaf.rule_type,
            indicator.weight,
            leaf.params,
            leaf.findings,
            evidence=leaf.common.evidence,
            reason=leaf.common.reason,
            evaluate=self.evaluate,
            recorded=leaf.common.score,
        )
