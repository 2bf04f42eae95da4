"""The scenario as an Excel workbook: its layout, reading, writing and conversion."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.scenario.loader import SCENARIO_FILE
from reportgen.scenario.yaml_source import YamlSource, load_yaml
from reportgen.workbook.layout import WORKBOOK_NAMES

MAX_CANDIDATES = 20


def holds_scenario(folder: Path) -> bool:
    """Whether `folder` is a scenario's: a scenario.yaml, or a workbook named as one."""
    return any((folder / name).is_file() for name in (SCENARIO_FILE, *WORKBOOK_NAMES))


def scenario_file(path: Path) -> Path:
    """The file a scenario argument names: a folder's scenario.yaml, else its scenario
    workbook, else the path itself (a scenario.yaml, a workbook, a framework file)."""
    file = path / SCENARIO_FILE if path.is_dir() else path
    if path.is_dir() and not file.is_file():
        file = scenario_workbook_in(path) or file
    if not file.is_file():
        raise ReportgenError([Problem(f"no {SCENARIO_FILE} here", display_path(file))])
    return file


def read_scenario_file(file: Path) -> YamlSource:
    """A scenario file parsed: a workbook as its cells, anything else as YAML."""
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        from reportgen.workbook.reading import read_scenario_workbook

        return read_scenario_workbook(file)
    return load_yaml(file)


def scenario_workbook_in(folder: Path) -> Path | None:
    """The scenario workbook of a folder without scenario.yaml: scenario.xlsx or 评价.xlsx, or
    the one workbook there with a 项目信息 sheet."""
    for name in WORKBOOK_NAMES:
        if (folder / name).is_file():
            return folder / name
    candidates = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$"))
    if not candidates or len(candidates) > MAX_CANDIDATES:
        return None
    from reportgen.workbook.reading import is_scenario_workbook

    marked = [p for p in candidates if is_scenario_workbook(p)]
    if len(marked) > 1:
        names = ", ".join(p.name for p in marked)
        raise ReportgenError(
            f"{display_path(folder)}: several scenario workbooks ({names}); name one"
        )
    return marked[0] if marked else None
