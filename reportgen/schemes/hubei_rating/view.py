"""A unit seen as a scenario of its own, so the shared loader and scorer do the work.

The view holds the project and framework of scenario.yaml, two assessors
(自评 40 %, 省级评定 60 %) with the unit's findings, and the 特殊因素 as the
scenario's own findings — scored once, after the split. Problems the loader
finds in the view are moved back to where the office wrote the value: a line
of scenario.yaml or a workbook cell.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from reportgen.errors import Problem
from reportgen.scenario.yaml_source import PathKey, YamlSource, format_path
from reportgen.schemes.hubei_rating.inputs import PROVINCIAL, SELF, SPECIAL, Place, UnitInputs
from reportgen.schemes.hubei_rating.params import HubeiParams
from reportgen.schemes.units_view import SHARED_KEYS as UNIT_SHARED_KEYS

# What every unit's view shares, but the total cap: a unit's 特殊因素 may take it past 100.
SHARED_KEYS = tuple(key for key in UNIT_SHARED_KEYS if key != "total_cap")
ASSESSORS = (SELF, PROVINCIAL)


def view_data(data: dict[str, Any], params: HubeiParams, inputs: UnitInputs) -> dict[str, Any]:
    """The unit's scenario: shared facts, the two assessors, the verified 特殊因素."""
    view = {key: value for key, value in data.items() if key in SHARED_KEYS}
    weights = (params.self_weight, params.provincial_weight)
    view["assessors"] = [
        {"name": name, "weight": weight, "findings": inputs.findings(name)}
        for name, weight in zip(ASSESSORS, weights, strict=True)
    ]
    view["findings"] = inputs.special
    return view


class UnitSource(YamlSource):
    """scenario.yaml as one unit's scenario; problems land where the unit's values were written."""

    def __init__(self, real: YamlSource, data: dict[str, Any], inputs: UnitInputs):
        super().__init__(real.file, data, real.lines)
        self.real, self.inputs = real, inputs

    def locate(self, path: PathKey) -> tuple[Place, PathKey] | None:
        """The place of a view path and what follows the item's key, or None if not the unit's."""
        if path[:1] == ("findings",):
            assessor, rest = SPECIAL, path[1:]
        elif path[:1] == ("assessors",) and len(path) > 2 and path[2] == "findings":
            index = path[1]
            if not isinstance(index, int) or index >= len(ASSESSORS):
                return None
            assessor, rest = ASSESSORS[index], path[3:]
        else:
            return None
        if not rest:
            return self.inputs.blocks[assessor], ()
        key = str(rest[0])
        if (assessor, key) in self.inputs.places:
            return self.inputs.places[(assessor, key)], rest[1:]
        block = self.inputs.blocks[assessor]
        return (block, ()) if block.cell else (Place((*block.path, _number(key))), rest[1:])

    def line_of(self, path: PathKey) -> int | None:
        found = self.locate(path)
        if found is None:
            return self.real.line_of(path)
        place, rest = found
        return None if place.cell else self.real.line_of((*place.path, *rest))

    def problem(self, path: PathKey, message: str) -> Problem:
        found = self.locate(path)
        if found is None:
            return self.real.problem(path, message)
        place, rest = found
        item = _item(path)
        return place.problem(self.real, f"{item}: {message}" if item else message, rest)

    def relocated(self, problem: Problem) -> Problem:
        """A problem whose field the loader spelled out as a view path, moved to the real place."""
        field = problem.field or ""
        for head in (("findings",), *[("assessors", j, "findings") for j in range(2)]):
            written = format_path(head)
            if not field.startswith(written + "."):
                continue
            key = field[len(written) + 1 :].split(".")[0].split("[")[0]
            found = self.locate((*head, key))
            if found is None:
                return problem
            place, _ = found
            if place.cell:
                return dataclasses.replace(problem, file=place.cell, line=None, field=None)
            return dataclasses.replace(problem, field=format_path(place.path))
        return problem


def _item(path: PathKey) -> str:
    """项次 12（省级评定） for a path into one assessor's findings of one item, else ""."""
    if path[:1] == ("findings",) and len(path) > 1:
        return f"项次 {path[1]}（{SPECIAL}）"
    if path[:1] == ("assessors",) and len(path) > 3 and isinstance(path[1], int):
        return f"项次 {path[3]}（{ASSESSORS[path[1]]}）" if path[1] < len(ASSESSORS) else ""
    return ""


def _number(key: str) -> int | str:
    """项次 keys are written as YAML numbers; the view uses the framework's string ids."""
    return int(key) if key.isdigit() else key
