"""A form filled by hand, checked against the computation: its stated scores and 总分
(RG011–RG013, declared with the scheme checks in `check.schemes`)."""

from __future__ import annotations

from decimal import Decimal

from reportgen.check.context import at
from reportgen.check.findings import Finding
from reportgen.check.schemes import CLAIMED_ITEM as ITEM
from reportgen.check.schemes import CLAIMED_TOTAL as TOTAL
from reportgen.check.schemes import IMPOSSIBLE_CLAIM as IMPOSSIBLE
from reportgen.numbers import plain
from reportgen.rules.qualitative import BANDS, SHORT
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes.self_evaluation.params import BUDGET
from reportgen.schemes.self_evaluation.scoring import ScoredProject


def claimed_findings(result: ScoredProject) -> list[Finding]:
    source = result.source
    claimed = result.project.claimed
    if claimed is None:
        return []
    where = (*result.path, "claimed")
    label = result.project.label
    findings = []
    computed = {i.spec.name: i for i in result.indicators}
    for name, stated in claimed.scores.items():
        path = (*where, "scores", name)
        if name == BUDGET:
            if stated != result.budget_score:
                findings.append(
                    at(
                        ITEM,
                        source,
                        path,
                        f"{label} 预算执行率: the form states "
                        f"{plain(stated)}, its 执行率 gives {plain(result.budget_score)}",
                    )
                )
            continue
        if name not in computed:
            known = "、".join([BUDGET, *computed])
            findings.append(
                at(ITEM, source, path, f"{label}: no indicator {name!r}; known: {known}")
            )
            continue
        item = computed[name]
        impossible = _impossible(item.spec.weight, item.rule, str(item.spec.actual), stated)
        if impossible:
            findings.append(at(IMPOSSIBLE, source, path, f"{label} {name}: {impossible}"))
        elif stated != item.score:
            findings.append(
                at(
                    ITEM,
                    source,
                    path,
                    f"{label} {name}: the form states {plain(stated)}, "
                    f"its values give {plain(item.score)}",
                )
            )
    if claimed.total is not None:
        findings += _totals(result, claimed.scores, claimed.total, source, (*where, "total"))
    return findings


def _impossible(weight: Decimal, rule: str, actual: str, stated: Decimal) -> str:
    if not Decimal(0) <= stated <= weight:
        return f"the form states {plain(stated)}, outside 0–{plain(weight)}"
    if rule == "qualitative":
        achievement = SHORT.get(actual.strip(), actual.strip())
        if achievement in BANDS:
            low, high = (weight * share / 100 for share in BANDS[achievement])
            if not low <= stated <= high:
                return (
                    f"the form states {plain(stated)}, but {achievement} scores "
                    f"{plain(low)}–{plain(high)}"
                )
    return ""


def _totals(
    result: ScoredProject,
    scores: dict[str, Decimal],
    total: Decimal,
    source: YamlSource,
    path: tuple[str | int, ...],
) -> list[Finding]:
    label = result.project.label
    found = []
    if len(scores) == len(result.indicators) + 1:  # every item stated: their sum is checkable
        listed = sum(scores.values(), Decimal(0))
        if listed != total:
            message = (
                f"{label}: the form states 总分 {plain(total)}, but its items add up to "
                f"{plain(listed)}"
            )
            found.append(at(TOTAL, source, path, message))
    if total != result.total:
        message = (
            f"{label}: the form states 总分 {plain(total)}, the computation gives "
            f"{plain(result.total)}"
        )
        found.append(at(TOTAL, source, path, message))
    return found
