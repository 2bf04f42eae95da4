"""Where each value of a scenario workbook was read: the cell a problem is placed at.

`WorkbookSource` stands where a parsed scenario.yaml would (a YamlSource): the
loader validates and scores its data as usual, and a problem at a path is
placed at the cell the value came from, `评价.xlsx!评分!E7 数值`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import Problem
from reportgen.scenario.yaml_source import PathKey, YamlSource, format_path
from reportgen.workbook.paths import place


class WorkbookSource(YamlSource):
    """A workbook's scenario data; problems are placed at the cell a value was read from."""

    def __init__(self, file: Path, data: Any, cells: dict[PathKey, tuple[str, str]]):
        super().__init__(file, data, {})
        self.cells = cells

    def cell_of(self, path: PathKey) -> tuple[str, str] | None:
        for end in range(len(path), -1, -1):
            found = self.cells.get(tuple(path[:end])) or self.cells.get(_as_text(path[:end]))
            if found is not None:
                return found
        return None

    def line_of(self, path: PathKey) -> int | None:
        return None

    def with_data(self, data: Any) -> YamlSource:
        return WorkbookSource(self.file, data, self.cells)

    def problem(self, path: PathKey, message: str) -> Problem:
        found = self.cell_of(path)
        if found is None:
            return Problem(message, self.name, None, format_path(path) or None)
        address, header = found
        return Problem(message, address, None, header)


def _as_text(path: PathKey) -> PathKey:
    """The path with its numbers as text: a mapping key the data validated into a number
    (项次 37) was read as "37"."""
    return tuple(str(part) if isinstance(part, int) else part for part in path)


@dataclass
class Sheet:
    """A sheet's rows by header, with the address of each cell."""

    where: str  # 评价.xlsx!评分
    columns: dict[str, str]  # header → column letter
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def cell(self, row: int, header: str) -> tuple[str, str]:
        return f"{self.where}!{self.columns.get(header, 'A')}{row}", header


@dataclass
class Reading:
    path: Path
    data: dict[str, Any] = field(default_factory=dict)
    cells: dict[PathKey, tuple[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def put(self, path: PathKey, value: Any, where: tuple[str, str]) -> None:
        why = place(self.data, path, value)
        if why is not None:
            self.problems.append(Problem(why, where[0], None, where[1]))
        else:
            self.cells[path] = where

    def problem(self, where: tuple[str, str], message: str) -> None:
        self.problems.append(Problem(message, where[0], None, where[1]))
