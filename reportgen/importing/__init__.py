"""Last year's report as the start of this year's scenario (`reportgen import`).

The report's 指标得分表 becomes framework.yaml: the tree, each 分值, 评价要点 and
评分标准, and the rule read from each standard (`rules.inference`); a standard
no rule can be read from is left without one, so loading the scenario asks
for it by name. scenario.yaml records last year's score of every indicator
as its `score`, with its 扣分原因, under a comment saying what it was: the
scenario builds at once and reproduces last year's result, and the consultant
replaces each score with this year's findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.errors import ReportgenError, display_path
from reportgen.importing.score_table import Row, read_score_table
from reportgen.numbers import plain
from reportgen.output import write_atomically
from reportgen.rules.inference import Unreadable, infer_rule
from reportgen.yaml_writing import dump_yaml, flow

SCENARIO_FILE = "scenario.yaml"
FRAMEWORK_FILE = "framework.yaml"


@dataclass
class Imported:
    scenario: Path
    indicators: int
    read: int
    unreadable: list[str] = field(default_factory=list)
    total: Decimal | None = None


def import_report(report: Path, destination: Path, *, force: bool = False) -> Imported:
    """Write `destination`/framework.yaml and scenario.yaml from the report's 指标得分表."""
    table = read_score_table(report)
    if not table.rows:
        raise ReportgenError(f"{display_path(report)}: its 指标得分表 has no indicator rows")
    keys = _keys(table.rows)
    tree, unreadable = _tree(table.rows, keys)
    name = table.title or report.stem
    framework: dict[str, Any] = {"name": name if name.endswith("指标体系") else f"{name}指标体系"}
    framework["scale"] = sum(
        (
            n["weight"]
            for n in tree
            if (n.get("rule") or {}).get("type") not in ("bonus", "penalty")
        ),
        Decimal(0),
    )
    framework["indicators"] = tree
    files = {
        destination / FRAMEWORK_FILE: _framework_text(report, framework).encode("utf-8"),
        destination / SCENARIO_FILE: _scenario_text(report, name, table.rows, keys).encode("utf-8"),
    }
    existing = [p for p in files if p.exists()]
    if existing and not force:
        names = ", ".join(display_path(p) for p in existing)
        raise ReportgenError(f"{names}: already exists; give --force to replace it")
    write_atomically(files)
    scores = [_recorded(row) for row in table.rows]
    total = None if None in scores else sum((s for s in scores if s is not None), Decimal(0))
    return Imported(
        destination / SCENARIO_FILE,
        len(table.rows),
        len(table.rows) - len(unreadable),
        unreadable,
        total,
    )


def _recorded(row: Row) -> Decimal | None:
    """Last year's score as the rule gives it: a 扣分 item's is negative."""
    if row.score is None:
        return None
    return -row.score if row.adjustment == "penalty" else row.score


def _keys(rows: list[Row]) -> list[str]:
    """Each leaf's key: its name, or its 序号 where names repeat (湖北 内控管理 ×5)."""
    names = [row.name for row in rows]
    numbers = [row.number for row in rows]
    if len(set(names)) == len(names):
        return names
    if all(numbers) and len(set(numbers)) == len(numbers):
        return numbers
    return [
        f"{row.name}{index}" if names.count(row.name) > 1 else row.name
        for index, row in enumerate(rows, start=1)
    ]


def _tree(rows: list[Row], keys: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    roots: list[dict[str, Any]] = []
    unreadable = []
    for row, key in zip(rows, keys, strict=True):
        siblings = roots
        for name, weight in row.groups:
            group = next((g for g in siblings if g["name"] == name and "children" in g), None)
            if group is None:
                group = {"name": name, "weight": weight, "children": []}
                siblings.append(group)
            elif group["weight"] is None:
                group["weight"] = weight
            siblings = group["children"]
        leaf: dict[str, Any] = {"name": row.name}
        if key != row.name:
            leaf["id"] = key
        leaf["weight"] = row.weight
        if row.explanation:
            leaf["explanation"] = row.explanation
        if row.standard:
            leaf["standard"] = row.standard
        reading = infer_rule(row.standard, row.weight, row.explanation, row.adjustment)  # type: ignore[arg-type]
        if isinstance(reading, Unreadable):
            unreadable.append(f"{row.name}: {reading.why}")
        else:
            leaf["rule"] = reading.rule
        siblings.append(leaf)
    for node in roots:
        _sum_weights(node)
    return roots, unreadable


def _sum_weights(node: dict[str, Any]) -> Decimal:
    children = node.get("children")
    if children:
        total = sum(
            (
                _sum_weights(c)
                for c in children
                if (c.get("rule") or {}).get("type") not in ("bonus", "penalty")
            ),
            Decimal(0),
        )
        if node.get("weight") is None:
            node["weight"] = total
    return node.get("weight") or Decimal(0)


def _framework_text(report: Path, framework: dict[str, Any]) -> str:
    head = (
        f"# 由 {report.name} 的指标得分表导入。没有 rule 的指标，其评分标准读不出规则：\n"
        "# 请按 `reportgen rules` 写明它的 rule。\n"
    )
    return head + dump_yaml(framework)


def _scenario_text(report: Path, name: str, rows: list[Row], keys: list[str]) -> str:
    lines = [
        f"# 由 {report.name} 导入：每项指标的 score 是上年得分，须按本年的评价情况改写",
        "# （改为 failed、items、tier 等本年发现，见 `reportgen rules`）。",
        "project:",
        f"  name: {flow(name)}",
        f"framework: {FRAMEWORK_FILE}",
        "findings:",
    ]
    for row, key in zip(rows, keys, strict=True):
        said = f"上年得分 {plain(row.score)}" if row.score is not None else "上年未记得分"
        if row.weight is not None:
            said += f"（分值 {plain(row.weight)}）"
        if row.reason:
            said += f"；扣分原因：{' '.join(row.reason.split())}"
        lines.append(f"  # {said}")
        lines.append(f"  {flow(key)}:")
        if row.score is None:
            lines.append("    remark: ''")
            continue
        lines.append(f"    score: {plain(_recorded(row) or Decimal(0))}")
        if row.reason:
            lines.append(f"    reason: {flow(row.reason)}")
    return "\n".join(lines) + "\n"
