"""produce(): one scenario folder in, its documents out, written atomically.

The scenario's `kind` names the scheme that scores and renders it; the
default is the 绩效评价报告. Every file is produced before any is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.output import write_atomically
from reportgen.scenario.loader import SCENARIO_FILE
from reportgen.scenario.yaml_source import YamlSource, load_yaml
from reportgen.schemes import UnitSummary
from reportgen.schemes.base import SCORES_FILE
from reportgen.schemes.catalogue import known_kinds, scheme_for
from reportgen.schemes.performance_report import REPORT_FILE, WORKBOOK_FILE

DEFAULT_KIND = "performance_report"

__all__ = ["REPORT_FILE", "SCORES_FILE", "WORKBOOK_FILE", "BuildResult", "produce"]


@dataclass
class BuildResult:
    scenario_id: str
    directory: Path
    files: list[Path]
    units: list[UnitSummary]
    warnings: list[str] = field(default_factory=list)


def scenario_source(scenario_dir: Path | str) -> tuple[Path, YamlSource]:
    """The scenario folder and its parsed scenario.yaml."""
    path = Path(scenario_dir)
    file = path / SCENARIO_FILE if path.is_dir() else path
    if not file.is_file():
        raise ReportgenError([Problem(f"no {SCENARIO_FILE} here", display_path(file))])
    return file.parent, load_yaml(file)


def scenario_kind(source: YamlSource) -> str:
    kind = source.data.get("kind", DEFAULT_KIND) if isinstance(source.data, dict) else DEFAULT_KIND
    if kind not in known_kinds():
        known = ", ".join(known_kinds())
        raise ReportgenError(
            [source.problem(("kind",), f"unknown kind {kind!r}; known kinds: {known}")]
        )
    return str(kind)


def produce(
    scenario_dir: Path | str, output_dir: Path | str = "output", template: Path | None = None
) -> BuildResult:
    directory, source = scenario_source(scenario_dir)
    output = scheme_for(scenario_kind(source)).produce(directory, source, template)
    target = Path(output_dir) / output.scenario_id
    files = {target / name: data for name, data in output.files.items()}
    write_atomically(files)
    return BuildResult(output.scenario_id, target, list(files), output.units, output.warnings)
