"""Lost points are explained, and followed from problem to recommendation.

- RG301 (error): an indicator lost points without a reason — neither the rule
  nor the consultant says why (only the generic 未达到评分标准 is left).
- RG302 (warning): an indicator lost points, but no problem lists it under
  `indicators`, so 存在的问题 does not account for them.
- RG303 (warning): a problem that no recommendation answers (`problems` of a
  recommendation names its title).
- RG304 (warning): a problem lists an indicator that lost no points.
"""

from __future__ import annotations

from reportgen.check.context import CheckInput, at
from reportgen.check.findings import Finding, define
from reportgen.formatting import score
from reportgen.scoring.tree import ScoredNode

NO_REASON = define("RG301", "error", "lost points without a reason", __name__)
UNCOVERED = define("RG302", "warning", "lost points not covered by any problem", __name__)
UNANSWERED = define("RG303", "warning", "a problem without a recommendation", __name__)
NOTHING_LOST = define(
    "RG304", "warning", "a problem about an indicator that lost nothing", __name__
)

GENERIC_REASON = "未达到评分标准"


def check(target: CheckInput) -> list[Finding]:
    return _reasons(target) + _coverage(target) + _answers(target)


def _lost(target: CheckInput) -> list[ScoredNode]:
    return [
        node
        for node in target.scored.values()
        if not node.children and node.kind == "scored" and node.score < node.weight
    ]


def _place(target: CheckInput, key: str) -> tuple[str | int, ...]:
    scenario = target.scenario
    return ("findings", key) if scenario and key in scenario.findings else ()


def _reasons(target: CheckInput) -> list[Finding]:
    findings = []
    tree = target.tree.by_key() if target.tree else {}
    for node in _lost(target):
        if any(not r.startswith(GENERIC_REASON) for r in node.reasons):
            continue
        message = f"{node.name} lost {score(node.weight - node.score)} points without a reason"
        hint = "give the findings that cost the points, or a `reason` (扣分原因)"
        if key_path := _place(target, node.key):
            findings.append(at(NO_REASON, target.source, key_path, message, hint))
        elif node.key in tree:
            loc = tree[node.key]
            findings.append(at(NO_REASON, loc.source, loc.path, message, hint))
    return findings


def _coverage(target: CheckInput) -> list[Finding]:
    scenario = target.scenario
    if scenario is None:
        return []
    covered = {key for problem in scenario.problems for key in problem.indicators}
    findings = [
        at(
            UNCOVERED,
            target.source,
            _place(target, node.key) or ("problems",),
            f"{node.name} lost {score(node.weight - node.score)} points, but no problem lists it",
            "add it to the `indicators` of the problem that explains it",
        )
        for node in _lost(target)
        if node.key not in covered
    ]
    lost = {node.key for node in _lost(target)}
    for index, problem in enumerate(scenario.problems):
        for position, key in enumerate(problem.indicators):
            if key not in lost and key in target.scored:
                findings.append(
                    at(
                        NOTHING_LOST,
                        target.source,
                        ("problems", index, "indicators", position),
                        f"problem “{problem.title}” lists {key}, which kept full marks",
                    )
                )
    return findings


def _answers(target: CheckInput) -> list[Finding]:
    scenario = target.scenario
    if scenario is None:
        return []
    answered = {title for r in scenario.recommendations for title in r.problems}
    return [
        at(
            UNANSWERED,
            target.source,
            ("problems", index),
            f"problem “{problem.title}” has no recommendation",
            "name it in the `problems` of the recommendation that answers it",
        )
        for index, problem in enumerate(scenario.problems)
        if problem.title not in answered
    ]
