"""The report's tables as rows of plain fields, for the template's `{%tr for %}` loops.

Every indicator appears as one row with its 一级 and 二级 names beside it, so
a template merges the group cells with `{% vmerge (r.dimension, r.group) %}`
and shows whichever fields its columns want. Numbers stay Decimals; the
template formats them with `score`, `pct`, `money`, `count`.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from reportgen.formatting import count, money
from reportgen.rules import REGISTRY
from reportgen.scenario.model import GradeBand
from reportgen.scenario.tables import ResolvedTable
from reportgen.scoring.tree import ScoredNode, ScoredReport

Row = dict[str, Any]


def triples(nodes: list[ScoredNode]) -> list[tuple[ScoredNode, ScoredNode, ScoredNode]]:
    """Every third-level indicator with its first- and second-level parents."""
    found = []
    for first in nodes:
        for second in first.children or [first]:
            for third in second.children or [second]:
                found.append((first, second, third))
    return found


def indicator_row(first: ScoredNode, second: ScoredNode, third: ScoredNode) -> Row:
    """One indicator with everything a column may show about it."""
    indicator = third.indicator
    rule = indicator.rule if indicator is not None else None
    rule_type = str(rule.get("type", "")) if isinstance(rule, dict) else ""
    lost = third.weight - third.score if third.kind == "scored" else Decimal(0)
    return {
        "key": third.key,
        "dimension": first.name,
        "dimension_weight": first.weight,
        "group": second.name,
        "group_weight": second.weight,
        "name": third.name,
        "weight": third.weight,
        "score": third.score,
        "lost": lost,
        "rate": third.rate,
        "kind": third.kind,
        "reasons": list(third.reasons),
        "reason": "；".join(third.reasons) if third.score < third.weight else "",
        "explanation": indicator.explanation if indicator else "",
        "standard": indicator.standard if indicator else "",
        "basis": indicator.basis if indicator else "",
        "rule": rule_type,
        "rule_description": _rule_summary(rule_type),
        "remark": third.remark,
    }


@functools.lru_cache(maxsize=256)
def _rule_summary(rule_type: str) -> str:
    """A rule type's one-line summary (read from its docstring: once per type)."""
    rule = REGISTRY.get(rule_type)
    return rule.summary() if rule is not None else ""


def indicator_rows(nodes: list[ScoredNode]) -> list[Row]:
    rows = [indicator_row(*triple) for triple in triples(nodes)]
    for index, row in enumerate(rows, start=1):
        row["index"] = index
    return rows


def dimension_row(node: ScoredNode, bands: list[GradeBand]) -> Row:
    """A 一级指标 with its 分值, 得分, 得分率 and 等级 (the grade its rate would earn)."""
    return {
        "key": node.key,
        "name": node.name,
        "weight": node.weight,
        "score": node.score,
        "lost": node.lost,
        "rate": node.rate if node.kind == "scored" else None,
        "grade": node.grade if bands else "",
        "kind": node.kind,
        "group_count": len(node.children),
        "indicator_count": len(node.leaves()),
    }


def report_total(report: ScoredReport) -> Row:
    return {
        "weight": report.scale,
        "score": report.total,
        "subtotal": report.subtotal,
        "adjustment": report.adjustment,
        "rate": report.rate,
        "grade": report.grade,
        "capped": report.capped,
    }


def funds_rows(table: ResolvedTable) -> list[Row]:
    """表1-n as the seed lays out fund usage: people and counts beside money, row by row."""
    unit = table.table.unit
    counts = [i for i in table.items if i.unit and i.unit != unit]
    amounts = [i for i in table.items if i not in counts]
    rows = []
    for index in range(max(len(counts), len(amounts))):
        left = counts[index] if index < len(counts) else None
        right = amounts[index] if index < len(amounts) else None
        rows.append(
            {
                "index": index + 1,
                "count_label": f"{left.label or left.key}（{left.unit}）" if left else "",
                "count": table.values[left.key] if left else None,
                "count_unit": (left.unit or "") if left else "",
                "amount_label": (right.label or right.key) + (f"（{unit}）" if unit else "")
                if right
                else "",
                "amount": table.values[right.key] if right else None,
                "amount_unit": (right.unit or unit or "") if right else "",
            }
        )
    return rows


def funds_items(table: ResolvedTable) -> list[Row]:
    """Every item of a fund table: label, value, unit, formatted value, computed or typed."""
    unit = table.table.unit
    items = []
    for item in table.items:
        value = table.values[item.key]
        item_unit = item.unit or unit
        is_count = bool(item.unit) and item.unit != unit
        items.append(
            {
                "key": item.key,
                "label": item.label or item.key,
                "value": value,
                "unit": item_unit,
                "formatted": count(value) if is_count else money(value),
                "computed": item.expr is not None,
            }
        )
    return items
