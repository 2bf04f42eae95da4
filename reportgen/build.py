"""produce(): one scenario folder in, its documents out, replacing the previous set at once.

The scenario's `kind` names the scheme that scores and renders it; the
default is the 绩效评价报告. Every file is produced in memory before any is
written, and then the whole set replaces the previous one (`output.replace_set`).
"""

from __future__ import annotations

import dataclasses
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen import shipped
from reportgen.collector import collector_paused
from reportgen.errors import ReportgenError
from reportgen.formatting import own_display, score
from reportgen.narrative.section_notes import Sections
from reportgen.output import replace_set
from reportgen.safe_names import name_problem
from reportgen.scenario.paths import resolve_folder, resolve_reference, scenarios_root
from reportgen.scenario.yaml_source import YamlSource, load_yaml
from reportgen.schemes import UnitSummary
from reportgen.schemes.base import SCORES_FILE, Evaluation
from reportgen.schemes.catalogue import scheme_for, unknown_kind
from reportgen.schemes.performance_report import REPORT_FILE, WORKBOOK_FILE
from reportgen.text_files import read_text
from reportgen.workbook import read_scenario_file, scenario_file

if TYPE_CHECKING:
    from reportgen.pdf import PdfConverter
    from reportgen.review.against import PreviousDrafts
    from reportgen.schemes.base import Scored

DEFAULT_KIND = "performance_report"
TEMPLATES_KEY = re.compile(r"^templates\s*:", re.M)

__all__ = ["REPORT_FILE", "SCORES_FILE", "WORKBOOK_FILE", "BuildResult", "produce"]


@dataclass
class BuildResult:
    scenario_id: str
    directory: Path
    files: list[Path]
    units: list[UnitSummary]
    warnings: list[str] = field(default_factory=list)
    redlines: list[Path] = field(default_factory=list)


def scenario_source(scenario_dir: Path | str) -> tuple[Path, YamlSource]:
    """The scenario folder and its parsed scenario.yaml, or its scenario workbook."""
    file = scenario_file(Path(scenario_dir))
    return file.parent, read_scenario_file(file)


def scenario_kind(source: YamlSource) -> str:
    kind = source.data.get("kind", DEFAULT_KIND) if isinstance(source.data, dict) else DEFAULT_KIND
    why = unknown_kind(kind)
    if why is not None:
        raise ReportgenError([source.problem(("kind",), why)])
    return str(kind)


@own_display
def evaluate(scenario_dir: Path | str, scored: Scored | None = None) -> Evaluation:
    """A scenario scored, its documents as data (kinds and contexts), nothing rendered;
    `scored`: the scenario as `check` just loaded and scored it."""
    directory, source = scenario_source(scenario_dir)
    return scheme_for(scenario_kind(source)).evaluated(directory, source, scored)


@own_display
def produce(
    scenario_dir: Path | str,
    output_dir: Path | str = "output",
    template: Path | None = None,
    previous: PreviousDrafts | None = None,
    *,
    durable: bool = True,
    pdf: PdfConverter | None = None,
    scored: Scored | None = None,
) -> BuildResult:
    """Build one scenario into `output_dir/<id>/`; with `previous`, a redline per changed
    document; with `pdf`, a PDF beside each .docx. `durable`: the set is on disk when this
    returns (see `output.replace_set`). `scored`: the scenario as `check` just loaded and
    scored it, so that the build does not again."""
    with collector_paused():
        directory, source = scenario_source(scenario_dir)
        scheme = scheme_for(scenario_kind(source))
        # The command line's --templates wins over the folder a scenario or framework names.
        house = None if shipped.house_folder() is not None else house_folder_of(directory, source)
        with shipped.house_templates(house) if house is not None else nullcontext():
            output = scheme.produce(directory, source, template, scored)
    why = name_problem(output.scenario_id)
    if why:
        raise ReportgenError([source.problem(("id",), _bad_id(output.scenario_id, why, source))])
    files = dict(output.files)
    if pdf is not None:
        from reportgen.pdf import with_pdfs

        files = with_pdfs(files, pdf, Path(output_dir) / output.scenario_id)
    redlines: dict[str, bytes] = {}
    if previous is not None:
        from reportgen.review.against import redlines_for

        redlines = redlines_for(previous, output.scenario_id, files)
    target = replace_set(Path(output_dir), output.scenario_id, files | redlines, durable=durable)
    return BuildResult(
        output.scenario_id,
        target,
        [target / name for name in files],
        [_with_shown_total(unit) for unit in output.units],
        output.warnings,
        [target / name for name in redlines],
    )


def _with_shown_total(unit: UnitSummary) -> UnitSummary:
    """The unit with its total as its documents show it (within the scenario's display)."""
    if unit.total is None:
        return unit
    return dataclasses.replace(unit, shown_total=score(unit.total))


def template_sections(directory: Path, source: YamlSource) -> Sections:
    """The narrative sections of the report template a build of this scenario would use."""
    from reportgen.render.engine import CompiledTemplate

    # As in `produce`: the command line's --templates wins over the scenario's folder.
    house = None if shipped.house_folder() is not None else house_folder_of(directory, source)
    with shipped.house_templates(house) if house is not None else nullcontext():
        return CompiledTemplate.load(shipped.template(DEFAULT_KIND)).sections


def house_folder_of(directory: Path, source: YamlSource) -> Path | None:
    """The house templates the scenario names (`templates:`), else those of its framework."""
    data = source.data if isinstance(source.data, dict) else {}
    root = scenarios_root(directory)
    if "templates" in data:
        return _folder(source, data["templates"], directory, root)
    reference = data.get("framework")
    path = resolve_reference(reference, directory, root)[0] if isinstance(reference, str) else None
    # Most frameworks name no folder: only those whose text has the key are parsed here.
    if path is None or not TEMPLATES_KEY.search(read_text(path)):
        return None
    framework = load_yaml(path)
    if not isinstance(framework.data, dict) or "templates" not in framework.data:
        return None
    return _folder(framework, framework.data["templates"], path.parent, root)


def _folder(source: YamlSource, reference: object, base: Path, root: Path) -> Path:
    if not isinstance(reference, str):
        raise ReportgenError([source.problem(("templates",), "expected the path of a folder")])
    folder, why = resolve_folder(reference, base, root)
    if folder is None:
        raise ReportgenError([source.problem(("templates",), why)])
    return folder


def _bad_id(scenario_id: str, why: str, source: YamlSource) -> str:
    given = isinstance(source.data, dict) and "id" in source.data
    origin = "" if given else "the folder's name, "
    return f"the output folder {scenario_id!r} ({origin}as the scenario's id) {why}; give an `id`"
