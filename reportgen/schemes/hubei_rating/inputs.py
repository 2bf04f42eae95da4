"""One unit's per-item inputs, wherever they were written: scenario.yaml or an office's workbook.

Every finding keeps the place it came from (a YAML path, or a workbook cell
such as 武汉市本级.xlsx!评定表!F7), so a problem found while scoring points
at the line or cell an office has to correct.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from reportgen.errors import Problem
from reportgen.scenario.yaml_source import PathKey, YamlSource, format_path
from reportgen.schemes.hubei_rating.params import UnitSpec

SELF, PROVINCIAL, SPECIAL = "自评", "省级评定", "特殊因素"
SELF_DEDUCTED = "self_deducted"


@dataclass(frozen=True)
class Place:
    """Where a value was written: a path of scenario.yaml, or a workbook cell."""

    path: PathKey = ()
    cell: str = ""

    def problem(self, source: YamlSource, message: str, rest: PathKey = ()) -> Problem:
        if self.cell:
            return Problem(message, self.cell)
        return source.problem((*self.path, *rest), message)

    def describe(self, source: YamlSource, rest: PathKey = ()) -> str:
        return self.cell or format_path((*self.path, *rest))


@dataclass
class UnitInputs:
    """Findings per assessor and 项次 (as strings, the framework's ids), with their places."""

    self_assessment: dict[str, dict[str, Any]] = field(default_factory=dict)
    provincial: dict[str, dict[str, Any]] = field(default_factory=dict)
    special: dict[str, dict[str, Any]] = field(default_factory=dict)
    claimed: dict[str, Decimal] = field(default_factory=dict)
    not_again: dict[str, list[str]] = field(default_factory=dict)
    places: dict[tuple[str, str], Place] = field(default_factory=dict)
    blocks: dict[str, Place] = field(default_factory=dict)
    not_again_places: dict[str, Place] = field(default_factory=dict)

    def findings(self, assessor: str) -> dict[str, dict[str, Any]]:
        by_assessor = {SELF: self.self_assessment, PROVINCIAL: self.provincial}
        return by_assessor.get(assessor, self.special)

    def place(self, assessor: str, key: str) -> Place:
        return self.places.get((assessor, key)) or self.blocks[assessor]


def yaml_inputs(unit: UnitSpec, at: PathKey) -> UnitInputs:
    """A unit written in scenario.yaml; `self_deducted` is taken out of the provincial findings."""
    inputs = UnitInputs()
    blocks = {SELF: "self_assessment", PROVINCIAL: "provincial", SPECIAL: "special"}
    for assessor, name in blocks.items():
        inputs.blocks[assessor] = Place((*at, name))
        target = inputs.findings(assessor)
        for number, findings in getattr(unit, name).items():
            key = str(number)
            inputs.places[(assessor, key)] = Place((*at, name, number))
            kept = dict(findings)
            if assessor == PROVINCIAL and SELF_DEDUCTED in kept:
                inputs.not_again[key] = _situations(kept.pop(SELF_DEDUCTED))
                inputs.not_again_places[key] = Place((*at, name, number, SELF_DEDUCTED))
            target[key] = kept
    inputs.claimed = {str(number): points for number, points in unit.claimed.items()}
    return inputs


def _situations(value: Any) -> list[str]:
    """`self_deducted` as a list of situations (a single one may be written as a string)."""
    values = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in values]
