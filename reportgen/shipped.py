"""Files reportgen ships and reads at run time, found where the installation put them.

The templates are package data of `reportgen.templates` (the top-level
templates/docx/ of the project), so an installed wheel finds them as surely
as a checkout does.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path


@functools.cache
def templates_folder() -> Path:
    """The folder of the shipped .docx templates (installed as files, never zipped)."""
    return Path(str(resources.files("reportgen.templates") / "docx"))


def template(name: str) -> Path:
    """A shipped template by file name, e.g. performance_report.docx."""
    return templates_folder() / name
