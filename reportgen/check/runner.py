"""check_scenario(): every family of checks over one scenario folder.

The families, each in its module with its codes in the docstring:
structure (RG1xx weights), reach and standard (RG2xx rules against their weight and
wording), reasons
(RG3xx lost points, problems, recommendations), prose_numbers and prose_data
(RG4xx numbers in the prose against the computed ones), numbering (RG5xx
headings), evidence (RG6xx), guidance (RG7xx), names (RG8xx), sections (RG9xx
narrative against the template). The framework families run on every kind;
the others need a scored 绩效评价报告. Every other kind is evaluated by its
scheme (`schemes`: its weights, bands, columns, arithmetic and dates), whose
problems stop the check like unreadable input and whose notes are findings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.check import (
    evidence,
    guidance,
    names,
    numbering,
    prose_data,
    prose_numbers,
    reach,
    reasons,
    schemes,
    sections,
    standard,
    structure,
)
from reportgen.check.context import FRAMEWORK_KIND, FULL_KIND, CheckInput
from reportgen.check.findings import CODES, Code, Finding, sort_key
from reportgen.check.reading import is_framework, read_input
from reportgen.collector import collector_paused
from reportgen.errors import Problem, ReportgenError
from reportgen.formatting import own_display
from reportgen.narrative.section_notes import Sections
from reportgen.scenario.yaml_source import YamlSource, load_yaml
from reportgen.workbook import holds_scenario

if TYPE_CHECKING:
    from reportgen.scenario.loader import LoadedScenario
    from reportgen.scoring.tree import ScoredReport

Family = Callable[[CheckInput], list[Finding]]

FRAMEWORK_FAMILIES: tuple[Family, ...] = (structure.check, reach.check, standard.check)
REPORT_FAMILIES: tuple[Family, ...] = (
    reasons.check,
    prose_numbers.check,
    prose_data.check,
    numbering.check,
    evidence.check,
    guidance.check,
    names.check,
    sections.check,
)


SectionsOf = Callable[[Path, YamlSource], Sections]


def check_scenario(
    directory: Path | str,
    *,
    strict: bool = False,
    sections_of: SectionsOf | None = None,
    by_scheme: bool = True,
) -> list[Finding]:
    """Every finding for the scenario in `directory`, sorted by file and line.

    `strict` makes warnings errors. `sections_of` reads the narrative sections of the
    template a report's build would use (without it, the narrative is not compared with
    a template). `by_scheme`: evaluate the other schemes' scenarios with their scheme (a build
    does that anyway, and need not twice). Raises ReportgenError when the input cannot be
    read, validated or scored.
    """
    return _checked(directory, strict, sections_of, by_scheme)[0]


@own_display
def _checked(
    directory: Path | str, strict: bool, sections_of: SectionsOf | None, by_scheme: bool = True
) -> tuple[list[Finding], str, CheckInput]:
    """The findings, a line saying what was checked, and the input as it was read."""
    with collector_paused():
        return _findings(directory, strict, sections_of, by_scheme)


def _findings(
    directory: Path | str, strict: bool, sections_of: SectionsOf | None, by_scheme: bool
) -> tuple[list[Finding], str, CheckInput]:
    from reportgen.schemes.catalogue import unknown_kind

    target = read_input(directory)
    why = unknown_kind(target.kind) if target.kind != FRAMEWORK_KIND else None
    if why is not None:
        raise ReportgenError([target.source.problem(("kind",), why)])
    if sections_of is not None and target.full:
        target.sections = sections_of(target.directory, target.source)
    families = FRAMEWORK_FAMILIES + (REPORT_FAMILIES if target.full else ())
    if by_scheme and target.kind not in (FULL_KIND, FRAMEWORK_KIND):
        families += (schemes.check,)
    findings = [finding for family in families for finding in family(target)]
    if strict:
        findings = [f.promoted() for f in findings]
    found = sorted(dict.fromkeys(findings), key=sort_key)
    return found, _summary(target, found), target


def _summary(target: CheckInput, findings: list[Finding]) -> str:
    """`scenarios/tianjin-2024/scenario.yaml: 考核清算结果通知, 5 units: no finding`."""
    from reportgen.schemes.catalogue import scheme_for

    framework = target.kind == FRAMEWORK_KIND
    what = "indicator system" if framework else scheme_for(target.kind).title
    if target.units is not None:
        what += f", {target.units} unit{'s' if target.units != 1 else ''}"
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    counted = [
        f"{n} {word}{'s' if n != 1 else ''}"
        for n, word in ((errors, "error"), (warnings, "warning"))
        if n
    ]
    return f"{target.source.name}: {what}: {', '.join(counted) if counted else 'no finding'}"


@dataclass
class CheckRun:
    """The findings over several scenarios, and the problems of those that could not be read."""

    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # a line per input checked
    read: list[CheckInput] = field(default_factory=list)  # each input read, when kept

    @property
    def exit_code(self) -> int:
        """2 when some input was unusable, 1 when there are errors, 0 otherwise."""
        if self.problems:
            return 2
        return 1 if has_errors(self.findings) else 0

    def scored_as_built(self) -> tuple[LoadedScenario, ScoredReport] | None:
        """The one scenario read (kept with `keep_read`), loaded and scored, when its build
        would load it the same way: for a build or evaluation that follows the check."""
        if len(self.read) != 1:
            return None
        read = self.read[0]
        if not read.loaded_as_built or read.loaded is None or read.report is None:
            return None
        return read.loaded, read.report


def check_scenarios(
    directories: list[Path | str],
    *,
    strict: bool = False,
    sections_of: SectionsOf | None = None,
    by_scheme: bool = True,
    keep_read: bool = False,
) -> CheckRun:
    """Check each scenario folder in turn; an unusable one does not stop the others.

    `keep_read`: keep each input as it was read, loaded and scored (`CheckRun.read`), for a
    build that follows (a tree of scenarios checked without it holds one at a time)."""
    run = CheckRun()
    for directory in directories:
        for target in targets(Path(directory)):
            try:
                found, summary, read = _checked(target, strict, sections_of, by_scheme)
            except ReportgenError as error:
                run.problems += error.problems
                continue
            run.findings += found
            run.checked.append(summary)
            if keep_read:
                run.read.append(read)
    run.findings = list(dict.fromkeys(run.findings))
    return run


def targets(path: Path) -> list[Path]:
    """What to check for a path: a scenario folder or file, or a tree of them.

    A folder without a scenario.yaml stands for the scenarios in its
    subfolders and the framework files in it (scenarios/, scenarios/frameworks/).
    """
    if not path.is_dir() or holds_scenario(path):
        return [path]
    found = [sub for sub in sorted(path.iterdir()) if sub.is_dir() and holds_scenario(sub)]
    found += [file for file in sorted(path.glob("*.yaml")) if _framework_file(file)]
    return found or [path]


def _framework_file(file: Path) -> bool:
    try:
        return is_framework(file, load_yaml(file).data)
    except ReportgenError:
        return True  # checked, so that its problem is reported


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def known_codes() -> list[Code]:
    """Every code, in order."""
    return [CODES[code] for code in sorted(CODES)]
