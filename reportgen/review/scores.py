"""Two scores.json files compared value by value, each value named by its place in the tree.

Every scheme writes its own scores.json, so the walk is generic: an object
with a `name` is named by it (`indicators` and `children` add nothing to the
name), other objects by their key, and list items without a name are numbered. A
value is a number, a text or a list of texts (the reasons), compared whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.text_files import read_json

NAME_KEYS = ("name", "unit", "id")
PATH_JOIN = " › "


@dataclass(frozen=True)
class ScoreChange:
    path: str  # 过程 › 组织实施 › 管理制度健全性
    field: str  # score, rate, reasons …
    old: Any
    new: Any


def read_scores(path: Path) -> Any:
    return read_json(path, decimals=False)  # compared, then printed as JSON again


def flatten(data: Any) -> dict[tuple[str, str], Any]:
    """(path, field) → value for every scalar or list of scalars in the tree."""
    found: dict[tuple[str, str], Any] = {}
    _walk(data, [], "", found)
    return found


def _name(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    return next((str(data[k]) for k in NAME_KEYS if isinstance(data.get(k), str)), None)


def _walk(data: Any, path: list[str], key: str, found: dict[tuple[str, str], Any]) -> None:
    if isinstance(data, dict):
        name = _name(data)
        # The top object is the scenario itself: its own name is no place in the tree.
        if key:
            path = [*path, name or key]
        for child_key, value in data.items():
            if child_key not in NAME_KEYS or not isinstance(value, str):
                _walk(value, path, child_key, found)
    elif isinstance(data, list) and any(isinstance(item, dict) for item in data):
        for index, item in enumerate(data):
            _walk(item, path, key if _name(item) else f"{key}[{index + 1}]", found)
    else:
        found[(PATH_JOIN.join(path), key)] = data


def compare_scores(old: Any, new: Any) -> list[ScoreChange]:
    before, after = flatten(old), flatten(new)
    changes = []
    for place in [*before, *(p for p in after if p not in before)]:
        if before.get(place) != after.get(place):
            changes.append(ScoreChange(place[0], place[1], before.get(place), after.get(place)))
    return changes
