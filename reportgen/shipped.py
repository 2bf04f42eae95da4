"""Templates reportgen ships, and an office's own folder of them that overrides each by name.

The templates are package data of `reportgen.templates` (the top-level
templates/docx/ of the project), so an installed wheel finds them as surely
as a checkout does. `--templates DIR` names a folder of files called like the
shipped ones (performance_report.docx, form.docx, notice.docx); each file
there replaces its kind for the builds run inside `house_templates(DIR)`.
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


@functools.cache
def templates_folder() -> Path:
    """The folder of the shipped .docx templates (installed as files, never zipped)."""
    return Path(str(resources.files("reportgen.templates") / "docx"))


def kinds() -> dict[str, Path]:
    """Every shipped template by kind (its file name without .docx)."""
    return {path.stem: path for path in sorted(templates_folder().glob("*.docx"))}


def house_folder() -> Path | None:
    """The house templates folder builds take their templates from now, if any."""
    return _HOUSE.get()


def template(name: str) -> Path:
    """The template `name` (e.g. performance_report.docx): the house one when given, else shipped."""
    house = _HOUSE.get()
    if house is not None and (house / name).is_file():
        return house / name
    return templates_folder() / name


def house_files(folder: Path) -> list[Path]:
    """The templates of a house folder, each named like a shipped kind (checked)."""
    if not folder.is_dir():
        raise ReportgenError([Problem("no such folder of templates", display_path(folder))])
    known = kinds()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".docx")
    problems = [
        Problem(
            f"not a template kind; known kinds: {', '.join(f'{k}.docx' for k in known)}",
            display_path(path),
        )
        for path in files
        if path.stem not in known and not path.name.startswith("~$")
    ]
    if problems:
        raise ReportgenError(problems)
    return [p for p in files if p.stem in known]


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
