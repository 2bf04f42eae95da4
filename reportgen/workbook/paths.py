"""A nested value as rows of (path, scalar), and back: the 方案参数 sheet.

`scheme.institutions[0].findings.运行质量控制.score` names one value; lists
are `[i]`, mapping keys follow a dot, and a key holding a dot or a bracket is
written `["a.b"]`. An empty list or mapping is written `[]` or `{}`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from reportgen.scenario.yaml_source import PathKey

MAX_PATH_DEPTH = 32
_TOKEN = re.compile(r'\.([^.\[\]"]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]')
_PLAIN_KEY = re.compile(r'^[^.\[\]"]+$')


def flatten(value: Any, path: PathKey) -> list[tuple[PathKey, Any]]:
    """Every scalar under `value` with its path; empty containers as [] and {}."""
    if isinstance(value, dict):
        if not value:
            return [(path, "{}")]
        return [row for key, item in value.items() for row in flatten(item, (*path, str(key)))]
    if isinstance(value, list):
        if not value:
            return [(path, "[]")]
        return [row for index, item in enumerate(value) for row in flatten(item, (*path, index))]
    return [(path, value)]


def path_text(path: PathKey) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


def parse_path(text: str) -> PathKey | None:
    """The path written as `text`, or None when it is not one."""
    text = text.strip()
    head = re.match(r'^([^.\[\]"]+)', text)
    if head is None:
        return None
    parts: list[str | int] = [head.group(1)]
    position = head.end()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            return None
        key, index, quoted = match.groups()
        if index is not None:
            parts.append(int(index))
        elif quoted is not None:
            parts.append(json.loads(f'"{quoted}"'))
        else:
            parts.append(key)
        position = match.end()
    return tuple(parts) if len(parts) <= MAX_PATH_DEPTH else None


def place(root: dict[str, Any], path: PathKey, value: Any) -> str | None:
    """Put `value` at `path` under `root`; why it cannot go there, or None."""
    node: Any = root
    slot: Any
    holder: Any
    for depth, (part, after) in enumerate(zip(path, (*path[1:], None), strict=True)):
        last = after is None
        if isinstance(part, int):
            if not isinstance(node, list):
                return f"{path_text(path[:depth]) or 'the top'} is not a list"
            if part > len(node):
                return f"[{part}] comes before [{len(node)}]; number list entries from 0 in order"
            if part == len(node):
                node.append(None)
            slot, holder = part, node
        else:
            if not isinstance(node, dict):
                return f"{path_text(path[:depth])} is not a mapping"
            slot, holder = part, node
        if last:
            if holder[slot] is not None if isinstance(holder, list) else slot in holder:
                return f"{path_text(path)} is given twice"
            holder[slot] = _container(value)
            return None
        current = holder[slot] if isinstance(holder, list) else holder.get(slot)
        if current is None:
            current = [] if isinstance(after, int) else {}
            holder[slot] = current
        node = current
    return None


def _container(value: Any) -> Any:
    if value == "[]":
        return []
    if value == "{}":
        return {}
    return value
