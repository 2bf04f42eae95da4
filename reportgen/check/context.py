"""What the checks look at: the scenario as written, its indicator system, its scores.

The loader refuses an indicator system whose weights do not add up, but `check`
must report exactly that as findings. So the checks read the scenario and its
framework themselves (validated by the same models), and score a view of it
in which each group's weight is its children's sum; the prose checks compare
against the weights as written and the scores as computed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportgen.check.findings import Code, Finding
from reportgen.narrative.section_notes import Sections
from reportgen.scenario.indicators import Located, rule_kind, walk
from reportgen.scenario.loader import LoadedScenario
from reportgen.scenario.model import Framework, Indicator, Scenario
from reportgen.scenario.yaml_source import PathKey, YamlSource, format_path
from reportgen.scoring.tree import ScoredNode, ScoredReport

FULL_KIND = "performance_report"
FRAMEWORK_KIND = "framework"  # a frameworks/ file checked on its own


@dataclass
class Tree:
    """An indicator system as written, with the file it was written in."""

    framework: Framework
    source: YamlSource
    scale: Decimal
    at: PathKey = ("indicators",)
    _by_key: dict[str, Located] | None = field(default=None, init=False, repr=False, compare=False)

    def nodes(self) -> Iterator[Located]:
        return walk(self.framework.indicators, self.source, self.at)

    def leaves(self) -> list[Located]:
        return [loc for loc in self.nodes() if loc.indicator.is_leaf]

    def scored_leaves(self) -> list[Located]:
        return [loc for loc in self.leaves() if rule_kind(loc.indicator) == "scored"]

    def by_key(self) -> dict[str, Located]:
        """Every node by its key (worked out once: the prose checks ask for it per number)."""
        if self._by_key is None:
            found: dict[str, Located] = {}
            for loc in self.nodes():
                found.setdefault(loc.indicator.key, loc)
            self._by_key = found
        return self._by_key

    def sums_hold(self) -> bool:
        """Whether every group's children, and the 一级指标, add up as written."""
        if scored_sum(self.framework.indicators) != self.scale:
            return False
        return all(
            scored_sum(loc.indicator.children) == loc.indicator.weight
            for loc in self.nodes()
            if loc.indicator.children
        )


def scored_sum(indicators: list[Indicator]) -> Decimal:
    """The weights of the scored items (bonus and penalty items stay outside)."""
    return sum((i.weight for i in indicators if rule_kind(i) == "scored"), Decimal(0))


@dataclass
class CheckInput:
    """One scenario folder read for checking."""

    directory: Path
    kind: str
    source: YamlSource
    scenario: Scenario | None = None
    tree: Tree | None = None
    loaded: LoadedScenario | None = None
    report: ScoredReport | None = None
    # Whether `loaded` is the scenario as its build loads it: not when the check scored a
    # view of it whose groups are worth their children's sum, because its own are not.
    loaded_as_built: bool = False
    scored: dict[str, ScoredNode] = field(default_factory=dict)
    # The narrative sections of the template the build would use (None: not known here).
    sections: Sections | None = None
    units: int | None = None  # how many units a scheme evaluated (institutions, cities …)

    @property
    def full(self) -> bool:
        """Whether every family of checks applies (a 绩效评价报告), not only the framework's."""
        return self.kind == FULL_KIND and self.report is not None


def at(
    code: Code,
    source: YamlSource,
    path: PathKey,
    message: str,
    hint: str = "",
    line: int | None = None,
) -> Finding:
    """A finding placed at `path` of `source` (or at `line` when it is known better): a line
    of a YAML file, or the cell of a workbook."""
    place = source.problem(path, message)
    return Finding(
        code.code,
        code.severity,
        place.file or source.name,
        line if line is not None else place.line,
        place.field or format_path(path),
        message,
        hint,
    )


def text_line(source: YamlSource, path: PathKey, text: str, offset: int) -> int | None:
    """The file line of character `offset` of the text value at `path`.

    A block scalar (`key: |-`) starts on the line after its key and keeps its
    lines; any other scalar is reported at its key's line.
    """
    line = source.line_of(path)
    if line is None:
        return None
    lines = _file_lines(source.file)
    written = lines[line - 1] if 0 < line <= len(lines) else ""
    if written.rstrip().endswith(("|", "|-", "|+", ">", ">-", ">+")):
        return line + 1 + text[:offset].count("\n")
    return line


def _file_lines(file: Path) -> tuple[str, ...]:
    stat = file.stat()
    return _read_lines(file, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _read_lines(file: Path, mtime_ns: int, size: int) -> tuple[str, ...]:
    return tuple(file.read_text(encoding="utf-8").splitlines())
