"""Templates reportgen ships, and an office's own folder of them that overrides each by name.

The templates are package data of `reportgen.templates` (the top-level
templates/docx/ of the project), so an installed wheel finds them as surely
as a checkout does. There is one file per document kind (`KINDS`), named
after the kind. `--templates DIR` names a folder of files called like the
shipped ones; each file there replaces its kind for the builds run inside
`house_templates(DIR)`, and `--template FILE` replaces a scheme's main kind.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from reportgen.errors import Problem, ReportgenError, display_path

_HOUSE: contextvars.ContextVar[Path | None] = contextvars.ContextVar("house", default=None)
_OVERRIDES: contextvars.ContextVar[dict[str, Path]] = contextvars.ContextVar("overrides")

# Every document kind reportgen writes, with what it is.
KINDS: dict[str, str] = {
    "performance_report": "绩效评价报告",
    "hubei_rating_form": "建设规范评定表（湖北）",
    "hubei_rating_notice": "全省评定排名通报（湖北）",
    "assessment_form": "考核评分表（闵行）",
    "settlement_form": "考核评分表，三个考核主体（天津）",
    "settlement_notice": "考核清算结果通知（天津）",
    "designation_application": "定点评估机构申请表（内蒙古）",
    "designation_acceptance": "受理通知书（内蒙古）",
    "designation_refusal": "不予受理决定书（内蒙古）",
    "designation_notification": "材料补正一次性告知书（内蒙古）",
    "designation_summary": "受理审核结果汇总表（内蒙古）",
    "self_evaluation_form": "项目支出绩效自评表（财预〔2020〕10号 附件2）",
    "self_evaluation_summary": "部门项目支出绩效自评汇总表",
}


@functools.cache
def templates_folder() -> Path:
    """The folder of the shipped .docx templates (installed as files, never zipped)."""
    return Path(str(resources.files("reportgen.templates") / "docx"))


def kinds() -> dict[str, Path]:
    """Every shipped template by kind (its file name without .docx)."""
    return {kind: templates_folder() / f"{kind}.docx" for kind in KINDS}


def house_folder() -> Path | None:
    """The house templates folder builds take their templates from now, if any."""
    return _HOUSE.get()


def template(kind: str) -> Path:
    """The template of `kind`: the one given for it, else the house one, else the shipped one."""
    if kind not in KINDS:
        raise KeyError(f"unknown document kind {kind!r}")
    given = _OVERRIDES.get({}).get(kind)
    if given is not None:
        return given
    house = _HOUSE.get()
    if house is not None and (house / f"{kind}.docx").is_file():
        return house / f"{kind}.docx"
    return _shipped(kind)


@functools.cache
def _shipped(kind: str) -> Path:
    return templates_folder() / f"{kind}.docx"


@contextmanager
def template_for(kind: str, path: Path | None) -> Iterator[None]:
    """Inside the block, documents of `kind` use the template at `path` (None: no change)."""
    if path is None:
        yield
        return
    token = _OVERRIDES.set({**_OVERRIDES.get({}), kind: path})
    try:
        yield
    finally:
        _OVERRIDES.reset(token)


def house_files(folder: Path) -> list[Path]:
    """The templates of a house folder, each named like a shipped kind (checked)."""
    if not folder.is_dir():
        raise ReportgenError([Problem("no such folder of templates", display_path(folder))])
    known = kinds()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".docx")
    problems = [
        Problem(f"not a template kind; {_nearest(path.stem, known)}", display_path(path))
        for path in files
        if path.stem not in known and not path.name.startswith("~$")
    ]
    if problems:
        raise ReportgenError(problems)
    return [p for p in files if p.stem in known]


def _nearest(stem: str, known: dict[str, Path]) -> str:
    """ "did you mean performance_report.docx?", else the known names."""
    import difflib

    close = difflib.get_close_matches(stem, list(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}.docx?"
    return f"known kinds: {', '.join(f'{k}.docx' for k in known)}"


@contextmanager
def house_templates(folder: Path | None) -> Iterator[None]:
    """Builds inside the block take their templates from `folder` first (None: shipped only)."""
    if folder is not None:
        house_files(folder)
    token = _HOUSE.set(folder)
    try:
        yield
    finally:
        _HOUSE.reset(token)
