"""A scored report as plain data: the JSON of `score --json` and of scores.json."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.numbers import round_half_up
from reportgen.scoring.tree import ScoredNode, ScoredReport


def number(value: Decimal) -> int | float:
    """A JSON number: whole values as integers, others rounded half-up to 2 places."""
    rounded = round_half_up(value, 2)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def node_data(node: ScoredNode) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": node.name,
        "weight": number(node.weight),
        "score": number(node.score),
        "rate": number(node.rate),
        "reasons": list(node.reasons),
    }
    if node.key != node.name:
        data["id"] = node.key
    if node.kind != "scored":
        data["kind"] = node.kind
    if node.grade:
        data["grade"] = node.grade
    if node.by_assessor:
        data["by_assessor"] = {k: number(v) for k, v in node.by_assessor.items()}
    data["children"] = [node_data(child) for child in node.children]
    return data


def report_data(report: ScoredReport) -> dict[str, Any]:
    return {
        "id": report.id,
        "name": report.name,
        "scale": number(report.scale),
        "total": number(report.total),
        "rate": number(report.rate),
        "grade": report.grade,
        "subtotal": number(report.subtotal),
        "adjustment": number(report.adjustment),
        "capped": report.capped,
        "indicators": [node_data(node) for node in report.indicators],
    }
