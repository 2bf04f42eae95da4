"""A department's projects as an office collects them: a folder with a .yaml file each.

Each file holds one project as `scheme.projects` would (name, funds, goals,
indicators, claimed); its problems name the file and the line. The files are
read by name, after the projects written in scenario.yaml.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.scenario.paths import resolve_folder, scenarios_root
from reportgen.scenario.validation import validate
from reportgen.scenario.yaml_source import YamlSource, load_yaml
from reportgen.schemes.self_evaluation.params import MAX_PROJECTS, Project
from reportgen.schemes.self_evaluation.scoring import Filed

FOLDER = ("scheme", "project_folder")


def folder_projects(
    reference: str, directory: Path, source: YamlSource, first: int
) -> tuple[list[Filed], list[Problem]]:
    """The projects of the folder `reference` names, numbered on from `first`."""
    folder, why = resolve_folder(reference, directory, scenarios_root(directory))
    if folder is None:
        return [], [source.problem(FOLDER, why)]
    files = sorted(p for p in folder.glob("*.yaml") if p.is_file() and not p.name.startswith("."))
    if not files:
        return [], [source.problem(FOLDER, f"{display_path(folder)} holds no .yaml project file")]
    if first + len(files) > MAX_PROJECTS:
        return [], [source.problem(FOLDER, f"more than {MAX_PROJECTS} projects")]
    filed, problems = [], []
    for offset, file in enumerate(files):
        try:
            project_source = load_yaml(file)
        except ReportgenError as error:
            problems += error.problems
            continue
        project, found = validate(Project, project_source.data, project_source)
        problems += found
        if project is not None:
            filed.append(Filed(project, first + offset, project_source, ()))
    return filed, problems
