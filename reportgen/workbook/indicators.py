"""The 指标体系 sheet read into an indicator tree, each node's cells kept.

A row is one indicator; the level column its name stands in is its level, and
its parent is the row above it one level up. A sheet where the 一级 and 二级
names are repeated (filled down, or merged) on every 三级 row reads the same:
a name equal to the open group's stays in it, a new one opens a group. A
group's 分值 may be left empty: it is the sum of its children's. A 分值 of −5
or +5 marks an item outside the scale, a 扣分 or 加分 item.
"""

from __future__ import annotations

from contextlib import suppress
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from reportgen.scenario.yaml_source import PathKey, parse_yaml
from reportgen.workbook import layout

if TYPE_CHECKING:
    from reportgen.workbook.reading import Reading, Sheet

FIELDS = {
    "序号": "id",
    "指标解释及评价要点": "explanation",
    "评分标准": "standard",
    "考核依据": "basis",
}


def indicator_tree(reading: Reading, sheet: Sheet | None) -> dict[str, str]:
    """Put the tree into the reading; returns each way a leaf may be named (id, name) → its key."""
    if sheet is None or not sheet.rows:
        return {}
    levels = [header for header in layout.LEVELS if header in sheet.columns]
    if not levels:
        reading.problem(
            (f"{sheet.where}!A1", "一级指标"), "指标体系 needs the columns 一级指标, 二级指标 …"
        )
        return {}
    roots: list[dict[str, Any]] = []
    open_nodes: list[dict[str, Any]] = []
    for row, cells in sheet.rows:
        names = [_name(cells.get(header)) for header in levels]
        given = [i for i, name in enumerate(names) if name]
        if not given:
            reading.problem(
                sheet.cell(row, levels[0]), "a row of 指标体系 without an indicator name"
            )
            continue
        deepest = given[-1]
        for level in given[:-1]:  # the groups repeated on the row
            if level < len(open_nodes) and open_nodes[level]["name"] == names[level]:
                continue
            if level > len(open_nodes):
                break
            group = {"name": names[level], "_row": row, "_level": levels[level]}
            _attach(roots, open_nodes, group, level)
        header = levels[deepest]
        if deepest > len(open_nodes):  # a level left out (三级 straight under 一级)
            if not open_nodes:
                reading.problem(
                    sheet.cell(row, header), f"no {levels[0]} above this row to hold it"
                )
                continue
            deepest = len(open_nodes)
        node = _node(reading, sheet, row, cells, names[given[-1]] or "")
        node["_level"] = header
        _attach(roots, open_nodes, node, deepest)
    for node in roots:
        _fill_weights(node)
    keys: dict[str, str] = {}
    names_seen: dict[str, int] = {}
    tree = [
        _clean(node, sheet, reading, ("indicators", i), keys, names_seen)
        for i, node in enumerate(roots)
    ]
    reading.put(("indicators",), tree, (f"{sheet.where}!A1", "指标体系"))
    for name, count in names_seen.items():
        if count > 1:
            keys.pop(name, None)  # a name used twice names no leaf; its 序号 does
    return keys


def _name(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _attach(
    roots: list[dict[str, Any]], open_nodes: list[dict[str, Any]], node: dict[str, Any], level: int
) -> None:
    if level == 0:
        roots.append(node)
    else:
        open_nodes[level - 1].setdefault("children", []).append(node)
    del open_nodes[level:]
    open_nodes.append(node)


def _node(
    reading: Reading, sheet: Sheet, row: int, cells: dict[str, Any], name: str
) -> dict[str, Any]:
    node: dict[str, Any] = {"name": name, "_row": row}
    for header, key in FIELDS.items():
        if cells.get(header) is not None:
            node[key] = str(cells[header]) if key == "id" else cells[header]
    adjustment = None
    weight = cells.get("分值")
    if isinstance(weight, str):
        text = weight.strip()
        adjustment = (
            "bonus" if text.startswith("+") else "penalty" if text.startswith(("-", "−")) else None
        )
        with suppress(InvalidOperation):  # else left as written, for validation to place
            weight = Decimal(text.lstrip("+-−"))
    elif isinstance(weight, int | Decimal) and not isinstance(weight, bool) and weight < 0:
        weight, adjustment = -weight, "penalty"
    if weight is not None:
        node["weight"] = weight
    rule_type = cells.get("规则")
    params = cells.get("参数")
    if rule_type is not None or params is not None:
        rule: dict[str, Any] = {}
        if rule_type is not None:
            rule["type"] = str(rule_type).strip()
        if params is not None:
            address, _ = sheet.cell(row, "参数")
            parsed = parse_yaml(str(params), reading.path, address).data
            if isinstance(parsed, dict):
                rule.update({k: v for k, v in parsed.items() if k != "type"})
            elif parsed is not None:
                reading.problem(
                    sheet.cell(row, "参数"), "参数 must be a mapping, e.g. {per_item: 2}"
                )
        node["rule"] = rule
    elif adjustment is not None:
        node["rule"] = {"type": adjustment}
    return node


def _fill_weights(node: dict[str, Any]) -> Any:
    """A group without a 分值 weighs what its children do."""
    children = node.get("children") or []
    for child in children:
        _fill_weights(child)
    if "weight" not in node and children:
        weights = [c.get("weight") for c in children]
        if all(isinstance(w, int | Decimal) and not isinstance(w, bool) for w in weights):
            scored = [
                w
                for c, w in zip(children, weights, strict=True)
                if (c.get("rule") or {}).get("type") not in ("bonus", "penalty")
            ]
            node["weight"] = sum(scored, Decimal(0))
    return node.get("weight")


def _clean(
    node: dict[str, Any],
    sheet: Sheet,
    reading: Reading,
    path: PathKey,
    keys: dict[str, str],
    names_seen: dict[str, int],
) -> dict[str, Any]:
    """The node as scenario data, its cells recorded at their paths."""
    row, level_header = node.pop("_row"), node.pop("_level")
    cells = reading.cells
    cells[path] = sheet.cell(row, level_header)
    cells[(*path, "name")] = sheet.cell(row, level_header)
    cells[(*path, "weight")] = sheet.cell(row, "分值")
    for header, key in FIELDS.items():
        cells[(*path, key)] = sheet.cell(row, header)
    cells[(*path, "rule")] = sheet.cell(row, "参数" if "参数" in sheet.columns else "规则")
    cells[(*path, "rule", "type")] = sheet.cell(row, "规则")
    children = node.get("children")
    if children:
        node["children"] = [
            _clean(child, sheet, reading, (*path, "children", i), keys, names_seen)
            for i, child in enumerate(children)
        ]
    else:
        key = str(node.get("id") or node["name"])
        keys[key] = key
        keys[node["name"]] = key
        names_seen[node["name"]] = names_seen.get(node["name"], 0) + 1
    return node
