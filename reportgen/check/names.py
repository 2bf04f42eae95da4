"""The project's name as written in the prose and the indicator system.

- RG801 (warning): a name that drifts from the canonical project name: the
  place and short name made into another project (本溪市…保险项目 for
  本溪市…保险承办权项目), or the short name spelled with a change inside.
- RG802 (warning): another project's name pasted in — seed 004 explains
  采购执行规范性 with “评价应急救护培训项目在政府采购过程中是否符合规范”.

Titles of documents (《…》) are cited as they are and are not read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from reportgen.check.context import CheckInput, Tree, at, text_line
from reportgen.check.findings import Code, Finding, define
from reportgen.check.prose import texts
from reportgen.scenario.model import Project
from reportgen.scenario.yaml_source import PathKey, YamlSource

DRIFT = define("RG801", "warning", "a project name that drifts from the canonical one", __name__)
FOREIGN = define("RG802", "warning", "another project's name pasted in", __name__)

CITED = re.compile(r"《[^》]*》")
PROJECT_RUN = re.compile(r"([\u4e00-\u9fff]{1,24})项目")
BOUNDARY = re.compile(r".*(评价|是否|关于|开展|实施|对|为|该|本|此|的|在)")
PROJECT_NOUNS = (
    "培训",
    "工程",
    "建设",
    "改造",
    "采购",
    "保险",
    "补助",
    "补贴",
    "服务",
    "救助",
    "专项",
)
GENERIC = ("购买服务", "承办服务", "绩效评价")
SIMILAR = 0.85


def check(target: CheckInput) -> list[Finding]:
    scenario = target.scenario
    if scenario is None:
        return []
    project = scenario.project
    findings = []
    for source, path, text in _all_text(target):
        masked = CITED.sub(lambda m: "　" * len(m.group(0)), text)
        for offset, message, code in [*_drifts(masked, project), *_foreign(masked, project)]:
            line = text_line(source, path, text, offset)
            findings.append(at(code, source, path, message, _hint(project), line=line))
    return findings


def _hint(project: Project) -> str:
    return f"the project is {project.name}" + (
        f" ({project.short_name})" if project.short_name else ""
    )


def _all_text(target: CheckInput) -> Iterator[tuple[YamlSource, PathKey, str]]:
    for text in texts(target):
        yield target.source, text.path, text.text
    if target.tree is not None:
        yield from _framework_text(target.tree)


def _framework_text(tree: Tree) -> Iterator[tuple[YamlSource, PathKey, str]]:
    for loc in tree.nodes():
        for field in ("explanation", "standard"):
            value = getattr(loc.indicator, field)
            if value:
                yield loc.source, (*loc.path, field), value


def _drifts(text: str, project: Project) -> Iterator[tuple[int, str, Code]]:
    short, name = project.short_name, project.name
    if short and short in name:
        before, after = name.split(short, 1)
        if before and after != "项目":
            variant = before + short + "项目"
            for match in re.finditer(re.escape(variant), text):
                yield match.start(), f"“{variant}” is not the project's name", DRIFT
    core = short or name
    masked = text.replace(name, "　" * len(name))
    if short:
        masked = masked.replace(short, "　" * len(short))
    yield from (
        (start, f"“{found}” looks like “{core}” written differently", DRIFT)
        for start, found in _near_misses(masked, core)
    )


def _near_misses(text: str, core: str) -> Iterator[tuple[int, str]]:
    """Spans that start and end like `core` and resemble it closely, but are not it."""
    if len(core) < 6:
        return
    head, tail = core[:2], core[-2:]
    for start in (m.start() for m in re.finditer(re.escape(head), text)):
        best: tuple[float, str] | None = None
        for length in range(len(core) - 3, len(core) + 4):
            span = text[start : start + length]
            if len(span) != length or not span.endswith(tail) or span == core:
                continue
            ratio = difflib.SequenceMatcher(None, span, core).ratio()
            if ratio >= SIMILAR and (best is None or ratio > best[0]):
                best = (ratio, span)
        if best is not None:
            yield start, best[1]


def _foreign(text: str, project: Project) -> Iterator[tuple[int, str, Code]]:
    known = set(project.name + project.short_name)
    for match in PROJECT_RUN.finditer(text):
        run = match.group(1)
        boundary = BOUNDARY.match(run)
        candidate = run[boundary.end() :] if boundary else run
        if len(candidate) < 4 or not candidate.endswith(PROJECT_NOUNS):
            continue
        if candidate.endswith(GENERIC) or candidate in project.name:
            continue
        shared = sum(1 for char in candidate if char in known) / len(candidate)
        if shared < 0.5:
            offset = match.start() + (boundary.end() if boundary else 0)
            yield offset, f"“{candidate}项目” is not this project", FOREIGN
