"""A scenario folder as a workbook, and a workbook as a scenario folder, without loss.

Folder → workbook: scenario.yaml and the framework it names become one
workbook (the indicator system inline, its name, scale, cap and grades kept);
the folder's other files (data workbooks, an office's returns) are copied
beside it, so the references still hold. Workbook → folder: scenario.yaml and
framework.yaml, and the same copies. Either way the input is validated first
(a scenario that does not load is not converted) and the outputs are written
atomically; existing files are replaced only with `force`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.output import write_atomically
from reportgen.scenario.loader import SCENARIO_FILE
from reportgen.scenario.paths import resolve_reference, scenarios_root
from reportgen.scenario.yaml_source import load_yaml
from reportgen.workbook.layout import WORKBOOK_NAMES
from reportgen.yaml_writing import dump_yaml

FRAMEWORK_FILE = "framework.yaml"
FRAMEWORK_KEYS = ("scale", "total_cap", "grades", "score_decimals")
MAX_COPIED_FILES = 200
MAX_COPIED_BYTES = 256 * 1024 * 1024


def scenario_data(directory: Path) -> dict[str, Any]:
    """scenario.yaml's data with the framework it names written inline, as a workbook holds it."""
    source = load_yaml(directory / SCENARIO_FILE)
    if not isinstance(source.data, dict):
        raise ReportgenError([source.problem((), "expected a mapping of scenario fields")])
    data = dict(source.data)
    reference = data.pop("framework", None)
    if reference is None:
        return data
    path, why = resolve_reference(str(reference), directory, scenarios_root(directory))
    if path is None:
        raise ReportgenError([source.problem(("framework",), why)])
    framework = load_yaml(path).data
    if not isinstance(framework, dict):
        raise ReportgenError(
            [Problem("expected a mapping of framework fields", display_path(path))]
        )
    if "indicators" not in framework:  # a rules file of its own shape: copied beside the workbook
        data["framework"] = path.name
        return data
    inline: dict[str, Any] = {"framework_name": framework.get("name")}
    for key in FRAMEWORK_KEYS:
        if data.get(key) is None and framework.get(key) is not None:
            inline[key] = framework[key]
    if data.get("templates") is None and framework.get("templates"):
        folder = path.parent / str(framework["templates"])
        inline["templates"] = os.path.relpath(folder, directory)
    inline = {k: v for k, v in inline.items() if v is not None}
    result = {}
    for key, value in data.items():  # the framework's fields follow the project's
        result[key] = value
        if key == "project":
            result.update(inline)
    result.update({k: v for k, v in inline.items() if k not in result})
    result["indicators"] = framework.get("indicators")
    return result


def folder_to_workbook(directory: Path, destination: Path, *, force: bool = False) -> Path:
    """Write `destination`/scenario.xlsx from the scenario folder `directory`."""
    from reportgen.build import evaluate
    from reportgen.workbook.writing import workbook_bytes

    evaluate(directory)  # refuses a scenario that does not load, with its problems
    workbook = destination / WORKBOOK_NAMES[0]
    data = scenario_data(directory)
    files = {workbook: workbook_bytes(data)}
    files.update(_copies(directory, destination, skip={SCENARIO_FILE}))
    if "framework" in data:
        rules, _ = resolve_reference(
            str(_source_framework(directory)), directory, scenarios_root(directory)
        )
        if rules is not None:
            files[destination / rules.name] = rules.read_bytes()
    _write(files, force)
    return workbook


def workbook_to_folder(workbook: Path, destination: Path, *, force: bool = False) -> Path:
    """Write `destination`/scenario.yaml and framework.yaml from a scenario workbook."""
    from reportgen.build import evaluate
    from reportgen.workbook.reading import read_scenario_workbook

    evaluate(workbook)
    data = dict(read_scenario_workbook(workbook).data)
    if "indicators" not in data:  # a rules file, already beside the workbook
        files = {destination / SCENARIO_FILE: dump_yaml(data).encode("utf-8")}
        files.update(_copies(workbook.parent, destination, skip={workbook.name}))
        _write(files, force)
        return destination / SCENARIO_FILE
    framework: dict[str, Any] = {"name": data.pop("framework_name", None) or _project_name(data)}
    for key in FRAMEWORK_KEYS:
        if key in data:
            framework[key] = data.pop(key)
    framework["indicators"] = data.pop("indicators", [])
    scenario: dict[str, Any] = {}
    for key, value in data.items():
        scenario[key] = value
        if key == "project":
            scenario["framework"] = FRAMEWORK_FILE
    scenario.setdefault("framework", FRAMEWORK_FILE)
    files = {
        destination / SCENARIO_FILE: dump_yaml(scenario).encode("utf-8"),
        destination / FRAMEWORK_FILE: dump_yaml(framework).encode("utf-8"),
    }
    files.update(_copies(workbook.parent, destination, skip={workbook.name}))
    _write(files, force)
    return destination / SCENARIO_FILE


def _source_framework(directory: Path) -> Any:
    data = load_yaml(directory / SCENARIO_FILE).data
    return data.get("framework") if isinstance(data, dict) else None


def _project_name(data: dict[str, Any]) -> Any:
    project = data.get("project")
    return project.get("name") if isinstance(project, dict) else None


def _copies(source: Path, destination: Path, skip: set[str]) -> dict[Path, bytes]:
    """The folder's other files (data workbooks, returns), to be written beside the result."""
    if source.resolve() == destination.resolve():
        return {}
    files: dict[Path, bytes] = {}
    total = 0
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_symlink() or not path.is_file() or relative.as_posix() in skip:
            continue
        if any(part.startswith(".") or part == "output" for part in relative.parts):
            continue
        if len(files) >= MAX_COPIED_FILES:
            raise ReportgenError(
                f"{display_path(source)}: more than {MAX_COPIED_FILES} files to copy"
            )
        total += path.stat().st_size
        if total > MAX_COPIED_BYTES:
            raise ReportgenError(f"{display_path(source)}: more than 256 MiB of files to copy")
        files[destination / relative] = path.read_bytes()
    return files


def _write(files: dict[Path, bytes], force: bool) -> None:
    existing = [path for path in files if path.exists()]
    if existing and not force:
        raise ReportgenError(
            [
                Problem("already exists; give --force to replace it", display_path(p))
                for p in existing
            ]
        )
    write_atomically(files)
